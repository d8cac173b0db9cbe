#include <stddef.h>
#include <stdint.h>
#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>
#include <isa-l/crc64.h>

/// The work buffer ISA-L's deflate needs at `level` (0–3); its sizes are macros Swift cannot read.
static inline size_t showcase_isal_level_buffer_size(int level) {
    switch (level) {
    case 0: return ISAL_DEF_LVL0_DEFAULT;
    case 1: return ISAL_DEF_LVL1_DEFAULT;
    case 2: return ISAL_DEF_LVL2_DEFAULT;
    default: return ISAL_DEF_LVL3_DEFAULT;
    }
}

/// One raw deflate stream of `in` into `out` with `stream` (reset here) and its level buffer:
/// the compressed size, or 0 when it did not fit in `capacity`.
static inline size_t showcase_isal_deflate(struct isal_zstream *stream, int level, uint8_t *level_buffer,
                                           size_t level_buffer_size, const uint8_t *in, size_t count,
                                           uint8_t *out, size_t capacity) {
    isal_deflate_stateless_init(stream);
    stream->level = (uint32_t)level;
    stream->level_buf = level_buffer;
    stream->level_buf_size = (uint32_t)level_buffer_size;
    stream->next_in = (uint8_t *)in;
    stream->avail_in = (uint32_t)count;
    stream->next_out = out;
    stream->avail_out = (uint32_t)capacity;
    stream->end_of_stream = 1;
    stream->flush = NO_FLUSH;
    stream->gzip_flag = IGZIP_DEFLATE;
    return isal_deflate_stateless(stream) == COMP_OK ? stream->total_out : 0;
}
