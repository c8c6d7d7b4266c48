/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers of the mbuf tests that forward with a struct lsr_lcore of their own. */
#ifndef TPLSR_TESTS_CHECK_LCORE_H
#define TPLSR_TESTS_CHECK_LCORE_H

#include <check.h>
#include <rte_mbuf.h>

#include "lsr_fwd.h"

/* Free what bursts left on lc's transmit and punt lists; nothing else of pool is in use. */
static inline void
check_lcore_flush(struct lsr_lcore *lc, struct rte_mempool *pool)
{
	for (int s = 0; s < LSR_MAX_INTERFACES; s++) {
		for (int i = 0; i < lc->tx[s].n; i++)
			rte_pktmbuf_free(lc->tx[s].pkts[i]);
		lc->tx[s].n = 0;
	}
	for (int i = 0; i < lc->n_punt; i++)
		rte_pktmbuf_free(lc->punt[i].m);
	lc->n_punt = 0;
	/* Nothing leaks: every mbuf is back in the pool. */
	ck_assert_uint_eq(rte_mempool_in_use_count(pool), 0);
}

/* rx == forwarded + consumed + dropped (+ punts held), and == the sum of if_rx. */
static inline void
check_lcore_fates_add_up(const struct lsr_lcore *lc)
{
	uint64_t sum = 0;

	for (int s = 0; s < LSR_MAX_INTERFACES; s++)
		sum += lc->c.if_rx[s];
	ck_assert_uint_eq(lc->c.rx, lc->c.forwarded + lc->c.consumed + lc->c.dropped + lc->n_punt);
	ck_assert_uint_eq(lc->c.rx, sum);
}

#endif /* TPLSR_TESTS_CHECK_LCORE_H */
