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

#endif /* TPLSR_TESTS_CHECK_LCORE_H */
