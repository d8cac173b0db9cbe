#ifndef SHOWCASE_CSYSTEM_H
#define SHOWCASE_CSYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 where the system cannot (errno tells why).
int showcase_exchange_paths(const char *a, const char *b);

/// Deletes a file or a folder tree without following symbolic links (nftw, depth first).
/// Returns 0 on success, -1 on the first failure (errno tells why).
int showcase_remove_tree(const char *path);

#endif
