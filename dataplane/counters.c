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
#include <string.h>

#include <rte_cycles.h>
#include <rte_pause.h>

#include "dataplane_priv.h"

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

/* One try: @return true when out holds a copy made between two sections. */
static bool
read_once(const struct lsr_counters *c, struct lsr_counters *out)
{
	const uint64_t *src = (const uint64_t *)c;
	uint64_t *dst = (uint64_t *)out;
	uint64_t s1, s2;

	s1 = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
	if (s1 & 1)
		return false;
	/* Word by word: an aligned 64-bit load is never torn. */
	for (size_t i = CNT_FIRST; i < CNT_WORDS; i++)
		dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
	/* The copy's loads complete before seq is read again. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	s2 = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);
	return s1 == s2;
}

int
lsr_counters_read(const struct lsr_counters *c, struct lsr_counters *out)
{
	unsigned int i;

	for (i = 0; i < READ_SPINS + READ_SLEEPS; i++) {
		if (read_once(c, out)) {
			out->seq = 0;
			return 0;
		}
		if (i < READ_SPINS)
			rte_pause();
		else
			rte_delay_us_sleep(READ_SLEEP_US);
	}
	return -EBUSY;
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
