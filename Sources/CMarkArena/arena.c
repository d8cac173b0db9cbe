#include "cmark_arena.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// A chunk of arena memory; blocks follow the header, each preceded by its size.
typedef struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    size_t pad; /* keeps the data 16-byte aligned after a 32-byte header */
} chunk;

enum { ALIGNMENT = 16, HEADER = 16, CHUNK_SIZE = 256 * 1024 };

static _Thread_local chunk *current = NULL;

/* The chunks a thread still holds are freed when it ends (the key's destructor), so that a
 * thread pool's threads leave nothing behind. */
static pthread_key_t chunks_key;
static pthread_once_t chunks_key_once = PTHREAD_ONCE_INIT;

static void free_chunks(void *head) {
    chunk *c = head;
    while (c != NULL) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
}

static void make_chunks_key(void) { pthread_key_create(&chunks_key, free_chunks); }

static void remember_chunks(void) {
    pthread_once(&chunks_key_once, make_chunks_key);
    pthread_setspecific(chunks_key, current);
}

static size_t rounded(size_t n) { return (n + (ALIGNMENT - 1)) & ~(size_t)(ALIGNMENT - 1); }

static char *data(chunk *c) { return (char *)(c + 1); }

static void *out_of_memory(void) {
    fprintf(stderr, "showcase: out of memory while parsing Markdown\n");
    abort();
}

static void *arena_alloc(size_t n) {
    size_t need = rounded(n) + HEADER;
    if (need < n) return out_of_memory();
    if (current == NULL || current->used + need > current->size) {
        size_t size = need > CHUNK_SIZE ? need : CHUNK_SIZE;
        chunk *c = malloc(sizeof(chunk) + size);
        if (c == NULL) return out_of_memory();
        c->next = current;
        c->size = size;
        c->used = 0;
        current = c;
        remember_chunks();
    }
    char *block = data(current) + current->used;
    *(size_t *)block = n;
    current->used += need;
    return block + HEADER;
}

static void *arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) return out_of_memory();
    void *p = arena_alloc(count * size);
    memset(p, 0, count * size);
    return p;
}

static void *arena_realloc(void *old, size_t n) {
    if (old == NULL) return arena_alloc(n);
    char *block = (char *)old - HEADER;
    size_t old_n = *(size_t *)block;
    if (n <= old_n) return old;
    /* The last block of the current chunk grows in place when there is room. */
    size_t old_need = rounded(old_n) + HEADER, new_need = rounded(n) + HEADER;
    if (current != NULL && block + old_need == data(current) + current->used &&
        current->used - old_need + new_need <= current->size) {
        current->used += new_need - old_need;
        *(size_t *)block = n;
        return old;
    }
    void *p = arena_alloc(n);
    memcpy(p, old, old_n);
    return p;
}

static void arena_free(void *p) { (void)p; }

static cmark_mem arena = {arena_calloc, arena_realloc, arena_free};

cmark_mem *showcase_cmark_arena(void) { return &arena; }

void showcase_cmark_arena_reset(void) {
    if (current == NULL) return;
    /* Keep one ordinary chunk for the next document; free the rest. */
    chunk *keep = NULL;
    chunk *c = current;
    while (c != NULL) {
        chunk *next = c->next;
        if (keep == NULL && c->size == CHUNK_SIZE) {
            keep = c;
        } else {
            free(c);
        }
        c = next;
    }
    if (keep != NULL) {
        keep->next = NULL;
        keep->used = 0;
    }
    current = keep;
    remember_chunks();
}
