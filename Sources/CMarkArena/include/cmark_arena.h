#ifndef SHOWCASE_CMARK_ARENA_H
#define SHOWCASE_CMARK_ARENA_H

#include <cmark.h>

/// A cmark allocator that hands out memory from per-thread chunks and frees nothing until
/// `showcase_cmark_arena_reset`: a document's nodes, buffers and HTML are made and dropped
/// together, so freeing them one by one (and walking the tree to do it) is work for nothing.
/// Every cmark call for one document must run on one thread, between two resets.
cmark_mem *showcase_cmark_arena(void);

/// Drops everything the calling thread's arena handed out; keeps one chunk for the next document.
void showcase_cmark_arena_reset(void);

#endif
