/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-LSP counters (docs/CLI.md "show lsp", docs/CONTRACT.md §3.4): per
 * label-table entry, i.e. per LSP direction entering this node.
 *
 * Each forwarding lcore owns an array of struct lsr_entry_tally (include/
 * lsr_fwd.h) indexed by entry number, allocated once at the table's full
 * capacity: like the entries it never moves, and pages of entries never used
 * are never touched (32 bytes per entry and lcore: 64 MiB of address space
 * per lcore for the 2M entries of 1M bidirectional LSPs, resident as the
 * entries are used; in a large table, transparent huge pages where the
 * kernel gives them, so resident by 2 MiB: lsr_table_alloc()).  The lcore adds to
 * it per frame (frames and bytes; the rare outcomes apart) inside its
 * per-burst write section, so a reader copies an entry's counts whole with
 * the lcore's sequence count (in a large table, in a pass after the burst's
 * forwarding: docs/DESIGN.md "The label table").  Per frame rather than per
 * run of one entry:
 * with a different label on every frame, the bookkeeping of runs cost more
 * than the two adds it saves, and a run's adds hit L1 either way.
 *
 * Nobody but an lcore writes its counts.  Readers subtract a per-entry
 * baseline, which the control side sets to the sum over lcores when
 * `clear counters [lsp NAME]` runs, and when an entry's slot is reclaimed for
 * reuse after its grace period (no worker touches it then, so the sum is
 * stable): a reused slot starts at zero.
 */
#ifndef TPLSR_LSR_LSP_COUNTERS_H
#define TPLSR_LSR_LSP_COUNTERS_H

#include <stdint.h>

#include "lsr_fwd.h"

/**
 * Give each of the n lcores an array of per-entry counts covering fib's
 * label table, and fib the baselines (control side, before forwarding).
 * An lcore listed twice gets one array.  lsr_fib_free() frees them.
 * @return 0; -EINVAL (counts already attached); -ENOMEM (nothing attached).
 */
int lsr_lsp_counters_attach(struct lsr_fib *fib, struct lsr_lcore *const *lcores, unsigned int n);

/** Free what lsr_lsp_counters_attach() allocated (lsr_fib_free() calls it). */
void lsr_lsp_counters_detach(struct lsr_fib *fib);

/**
 * The counts of LSP lsp's direction dir here since the last clear (or since
 * its entry's slot was last reused): summed over lcores, each lcore's copied
 * between two of its write sections.  Any thread.
 * @return 0; -ENOENT (no entry for that direction here); -ENODATA (no counts
 *   attached); -EBUSY (an lcore stayed inside one write section).
 */
int lsr_lsp_counters_read(const struct lsr_fib *fib, uint32_t lsp, enum lsr_dir dir,
			  struct lsr_entry_counts *out);

/**
 * `clear counters lsp NAME`: the zero point of both directions' entries of
 * lsp is now.  Control side (main lcore).
 * @return 0 (also when lsp has no entry here); -ENODATA; -EBUSY.
 */
int lsr_lsp_counters_clear(struct lsr_fib *fib, uint32_t lsp);

/** `clear counters`: every entry ever used.  Control side.  @return as lsr_lsp_counters_clear(). */
int lsr_lsp_counters_clear_all(struct lsr_fib *fib);

/**
 * The zero point of entry index idx is now (control side): for a slot about
 * to be reused, after its grace period (lsr_fib_reclaim()).
 * @return 0; -ENODATA; -EBUSY.
 */
int lsr_lsp_counters_rebase(struct lsr_fib *fib, uint32_t idx);

#endif /* TPLSR_LSR_LSP_COUNTERS_H */
