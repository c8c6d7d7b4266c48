/* SPDX-License-Identifier: BSD-3-Clause */
/* Small helpers shared by the daemon, replay mode and the data plane. */
#ifndef TPLSR_LSR_UTIL_H
#define TPLSR_LSR_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Create a directory and its missing parents (mode 0755), like `mkdir -p`.
 * @return 0 (also when it exists); -ENAMETOOLONG; -errno of mkdir(2).
 */
int lsr_mkdir_p(const char *dir);

/**
 * Zeroed memory for a table the fast path reads at random (label index,
 * entries, per-LSP counts), aligned to 2 MiB; with huge, asked to be
 * transparent huge pages (MADV_HUGEPAGE, honoured where THP is `madvise` or
 * `always`), so that a lookup in a large table costs a cache miss but no TLB
 * miss (docs/BENCH.md "The fast path").  Pages never written cost nothing; a
 * written huge page costs 2 MiB, which is why small tables do without.
 * @return the memory, or NULL (errno ENOMEM).  Free with lsr_table_free().
 */
void *lsr_table_alloc(size_t bytes, bool huge);

/** Free what lsr_table_alloc(bytes) returned (NULL: nothing). */
void lsr_table_free(void *p, size_t bytes);

#endif /* TPLSR_LSR_UTIL_H */
