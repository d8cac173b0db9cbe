#ifndef SHOWCASE_CSYSTEM_H
#define SHOWCASE_CSYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 where the system cannot (errno tells why).
int showcase_exchange_paths(const char *a, const char *b);

#endif
