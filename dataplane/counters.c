/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The counters (docs/CONTRACT.md §3): the drop names, arithmetic on struct
 * lsr_counters, and consistent snapshots of live mode's per-lcore counters.
 *
 * Each lcore writes its own counters inside a write section per burst (a
 * sequence count, include/lsr_fwd.h); a reader on any thread copies each
 * lcore's counters between two sections, so each copy balances, and sums the
 * copies.  `clear counters` is a baseline that snapshots subtract: nobody but
 * an lcore ever writes its counters.  Readers never lock and never make a
 * worker wait.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_pause.h>

#include "dataplane_priv.h"
#include "lsr_lsp_counters.h"
#include "lsr_util.h"

const char *const lsr_drop_names[LSR_DROP_MAX] = {
#define _(sym, str) [LSR_DROP_##sym] = str,
	foreach_lsr_drop(_)
#undef _
};

/* The counts are the words after seq. */
#define CNT_FIRST	(offsetof(struct lsr_counters, rx) / sizeof(uint64_t))
#define CNT_WORDS	(sizeof(struct lsr_counters) / sizeof(uint64_t))
static_assert(sizeof(struct lsr_counters) % sizeof(uint64_t) == 0, "counters are u64 only");
static_assert(offsetof(struct lsr_counters, seq) == 0 && CNT_FIRST == 1, "seq first, then counts");

/*
 * A reader's tries: spins first (a burst's section lasts microseconds), then
 * sleeps, which lets an owner preempted inside its section run on a busy machine.
 */
#define READ_SPINS	1024
#define READ_SLEEPS	10000
#define READ_SLEEP_US	10

void
lsr_counters_add(struct lsr_counters *sum, const struct lsr_counters *c)
{
	const uint64_t *src = (const uint64_t *)c;
	uint64_t *dst = (uint64_t *)sum;

	for (size_t i = CNT_FIRST; i < CNT_WORDS; i++)
		dst[i] += src[i];
}

void
lsr_counters_sub(struct lsr_counters *c, const struct lsr_counters *base)
{
	const uint64_t *src = (const uint64_t *)base;
	uint64_t *dst = (uint64_t *)c;

	for (size_t i = CNT_FIRST; i < CNT_WORDS; i++)
		dst[i] -= src[i];
}

/*
 * One try at copying the n words at src, written inside the sections of seq:
 * @return true when dst holds a copy made between two sections.
 */
static bool
read_once(const uint64_t *seq, const uint64_t *src, uint64_t *dst, size_t n)
{
	uint64_t s1, s2;

	s1 = __atomic_load_n(seq, __ATOMIC_ACQUIRE);
	if (s1 & 1)
		return false;
	/* Word by word: an aligned 64-bit load is never torn. */
	for (size_t i = 0; i < n; i++)
		dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
	/* The copy's loads complete before seq is read again. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	s2 = __atomic_load_n(seq, __ATOMIC_RELAXED);
	return s1 == s2;
}

/* Copy n words written inside the sections of seq, whole. @return 0; -EBUSY. */
static int
read_whole(const uint64_t *seq, const uint64_t *src, uint64_t *dst, size_t n)
{
	for (unsigned int i = 0; i < READ_SPINS + READ_SLEEPS; i++) {
		if (read_once(seq, src, dst, n))
			return 0;
		if (i < READ_SPINS)
			rte_pause();
		else
			rte_delay_us_sleep(READ_SLEEP_US);
	}
	return -EBUSY;
}

int
lsr_counters_read(const struct lsr_counters *c, struct lsr_counters *out)
{
	int ret = read_whole(&c->seq, (const uint64_t *)c + CNT_FIRST,
			     (uint64_t *)out + CNT_FIRST, CNT_WORDS - CNT_FIRST);

	out->seq = 0;
	return ret;
}

int
lsr_counters_snapshot(const struct lsr_dataplane *dp, const struct lsr_counters *baseline,
		      struct lsr_counters *out)
{
	struct lsr_counters base, one;
	unsigned int i;
	int ret;

	if (dp == NULL || out == NULL)
		return -EINVAL;
	/*
	 * The baseline first: it was taken from counts that every lcore has
	 * reached by now (counts only grow), so no difference goes below zero.
	 */
	if (baseline != NULL) {
		ret = lsr_counters_read(baseline, &base);
		if (ret < 0)
			return ret;
	}
	memset(out, 0, sizeof(*out));
	for (i = 0; i < dp->n_lcores; i++) {
		if (dp->lcores[i] == NULL)
			continue;
		ret = lsr_counters_read(&dp->lcores[i]->c, &one);
		if (ret < 0)
			return ret;
		lsr_counters_add(out, &one);
	}
	if (baseline != NULL)
		lsr_counters_sub(out, &base);
	return 0;
}

int
lsr_counters_set_baseline(const struct lsr_dataplane *dp, struct lsr_counters *baseline)
{
	struct lsr_counters now;
	int ret;

	if (dp == NULL || baseline == NULL)
		return -EINVAL;
	ret = lsr_counters_snapshot(dp, NULL, &now);
	if (ret < 0)
		return ret;
	/* A section of the baseline's own: snapshots on other threads read it whole. */
	lsr_counters_write_begin(baseline);
	for (size_t i = CNT_FIRST; i < CNT_WORDS; i++)
		__atomic_store_n(&((uint64_t *)baseline)[i], ((const uint64_t *)&now)[i],
				 __ATOMIC_RELAXED);
	lsr_counters_write_end(baseline);
	return 0;
}

/* ---- per-LSP counts (include/lsr_lsp_counters.h) ---- */

#define EC_WORDS	(sizeof(struct lsr_entry_counts) / sizeof(uint64_t))
#define ET_WORDS	(sizeof(struct lsr_entry_tally) / sizeof(uint64_t))
static_assert(sizeof(struct lsr_entry_counts) % sizeof(uint64_t) == 0, "counts are u64 only");
static_assert(sizeof(struct lsr_entry_tally) % sizeof(uint64_t) == 0, "counts are u64 only");

struct lsr_lsp_counters {
	unsigned int n;			/* lcores with an array */
	const struct lsr_lcore **lcores;	/* their seq counts */
	struct lsr_entry_tally **counts;	/* their arrays (owned here) */
	struct lsr_entry_counts *base;	/* by entry index; the main lcore writes it */
	uint32_t cap;			/* entries covered: the table's capacity */
};

void
lsr_lsp_counters_detach(struct lsr_fib *fib)
{
	struct lsr_lsp_counters *lc = fib->lsp_counters;

	if (lc == NULL)
		return;
	for (unsigned int i = 0; i < lc->n; i++)
		lsr_table_free(lc->counts[i], (size_t)lc->cap * sizeof(struct lsr_entry_tally));
	free(lc->counts);
	free(lc->lcores);
	free(lc->base);
	free(lc);
	fib->lsp_counters = NULL;
}

int
lsr_lsp_counters_attach(struct lsr_fib *fib, struct lsr_lcore *const *lcores, unsigned int n)
{
	struct lsr_lsp_counters *lc;
	uint32_t cap = fib->lfib->cap_entries;

	if (fib->lsp_counters != NULL)
		return -EINVAL;
	lc = calloc(1, sizeof(*lc));
	if (lc == NULL)
		return -ENOMEM;
	fib->lsp_counters = lc;
	lc->cap = cap;
	/* calloc() of this size maps zero pages: untouched entries cost nothing. */
	lc->base = calloc(cap, sizeof(*lc->base));
	lc->lcores = calloc(n, sizeof(*lc->lcores));
	lc->counts = calloc(n, sizeof(*lc->counts));
	if (lc->base == NULL || lc->lcores == NULL || lc->counts == NULL)
		goto nomem;
	for (unsigned int i = 0; i < n; i++) {
		if (lcores[i] == NULL || lcores[i]->entry_tally != NULL)
			continue;	/* none, or listed twice */
		/* Read at random per frame like the entries: on huge pages when they are. */
		lc->counts[lc->n] = lsr_table_alloc((size_t)cap * sizeof(struct lsr_entry_tally),
						    fib->lfib->large);
		if (lc->counts[lc->n] == NULL)
			goto nomem;
		lc->lcores[lc->n] = lcores[i];
		lcores[i]->entry_tally = lc->counts[lc->n++];
	}
	return 0;
nomem:
	for (unsigned int i = 0; i < lc->n; i++)
		((struct lsr_lcore *)lc->lcores[i])->entry_tally = NULL;
	lsr_lsp_counters_detach(fib);
	return -ENOMEM;
}

/* The counts of entry idx summed over lcores, without the baseline. */
static int
entry_sum(const struct lsr_lsp_counters *lc, uint32_t idx, struct lsr_entry_counts *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < lc->n; i++) {
		struct lsr_entry_tally one;
		int ret = read_whole(&lc->lcores[i]->c.seq, (const uint64_t *)&lc->counts[i][idx],
				     (uint64_t *)&one, ET_WORDS);

		if (ret < 0)
			return ret;
		out->frames += one.frames;
		out->bytes += one.bytes;
		out->forwarded += one.frames - one.kept - one.dropped;
		out->dropped += one.dropped;
	}
	return 0;
}

int
lsr_lsp_counters_rebase(struct lsr_fib *fib, uint32_t idx)
{
	struct lsr_lsp_counters *lc = fib->lsp_counters;
	struct lsr_entry_counts now;
	int ret;

	if (lc == NULL || idx >= lc->cap)
		return -ENODATA;
	ret = entry_sum(lc, idx, &now);
	if (ret < 0)
		return ret;
	/* Word by word: a reader on another thread never sees a torn word. */
	for (size_t w = 0; w < EC_WORDS; w++)
		__atomic_store_n(&((uint64_t *)&lc->base[idx])[w], ((const uint64_t *)&now)[w],
				 __ATOMIC_RELAXED);
	return 0;
}

int
lsr_lsp_counters_read(const struct lsr_fib *fib, uint32_t lsp, enum lsr_dir dir,
		      struct lsr_entry_counts *out)
{
	const struct lsr_lsp_counters *lc = fib->lsp_counters;
	const struct lsr_lfib_entry *e = lsr_lfib_entry_of(fib->lfib, lsp, dir);
	struct lsr_entry_counts base;
	uint32_t idx;
	int ret;

	if (lc == NULL)
		return -ENODATA;
	if (e == NULL)
		return -ENOENT;
	idx = (uint32_t)(e - fib->lfib->entries);
	/* The baseline first: the counts have reached it by now (they only grow). */
	for (size_t w = 0; w < EC_WORDS; w++)
		((uint64_t *)&base)[w] = __atomic_load_n(&((const uint64_t *)&lc->base[idx])[w],
							 __ATOMIC_RELAXED);
	ret = entry_sum(lc, idx, out);
	if (ret < 0)
		return ret;
	out->frames -= base.frames;
	out->bytes -= base.bytes;
	out->forwarded -= base.forwarded;
	out->dropped -= base.dropped;
	return 0;
}

int
lsr_lsp_counters_clear(struct lsr_fib *fib, uint32_t lsp)
{
	if (fib->lsp_counters == NULL)
		return -ENODATA;
	for (int dir = 0; dir < LSR_DIR_MAX; dir++) {
		const struct lsr_lfib_entry *e = lsr_lfib_entry_of(fib->lfib, lsp, (enum lsr_dir)dir);
		int ret;

		if (e == NULL)
			continue;
		ret = lsr_lsp_counters_rebase(fib, (uint32_t)(e - fib->lfib->entries));
		if (ret < 0)
			return ret;
	}
	return 0;
}

int
lsr_lsp_counters_clear_all(struct lsr_fib *fib)
{
	if (fib->lsp_counters == NULL)
		return -ENODATA;
	/* Entries above the high-water mark were never used: their counts are 0. */
	for (uint32_t idx = 0; idx < fib->lfib->n_entries; idx++) {
		int ret = lsr_lsp_counters_rebase(fib, idx);

		if (ret < 0)
			return ret;
	}
	return 0;
}
