/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Consistent counter snapshots (include/lsr_dataplane.h, lsr_counters_snapshot):
 * live mode's data plane on two net_ring ports, with one worker lcore that
 * forwards continuously while the main lcore injects frames, handles punts
 * and takes snapshots, clearing (a baseline) between some of them.  Every
 * snapshot must balance (docs/CONTRACT.md §3.1): rx == forwarded + consumed +
 * dropped, dropped == the sum of drops, rx and tx == the sums over interfaces;
 * a snapshot since a clear never goes below zero.
 *
 * A net_ring port without arguments (probed here, rte_dev_probe) sends on TX
 * queue i into the ring its RX queue i reads: a frame the worker forwards
 * comes back to it on the port it left by, addressed to it (each interface's
 * peer is itself, so the frame passes the foreign-mac check, docs/CONTRACT.md
 * §3.2).  The LSP below swaps 100 -> 200 out of interface 2 and 200 -> 100 out
 * of interface 1, so a frame circulates until its TTL expires (dropped
 * `ttl-expired`), or, with a GAL under the label, is punted to the main lcore
 * through the worker's ring.  The main lcore injects on its own TX queue (1)
 * of port 0, whose ring the worker reads as RX queue 1.
 *
 * The EAL runs on every CPU (check_eal.h gives no -l): two lcores are needed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "check_eal.h"
#include "lsr_config.h"
#include "lsr_dataplane.h"
#include "lsr_fwd.h"

/*
 * Iterations: each takes a snapshot since start and one since the last clear.
 * At least SNAPSHOTS, and on until MOVED of them saw the worker's counts move
 * (so that snapshots really raced the worker, however loaded the machine),
 * within MAX_ITER.
 */
#define SNAPSHOTS	10000
#define MOVED		1000
#define MAX_ITER	2000000
#define CLEAR_EVERY	97
#define INJECT		8	/* frames injected per iteration (while the pool has mbufs) */

static struct rte_mempool *pool;

static const char config[] =
	"node 65000:192.0.2.2\n"
	"oam-policer rate 0 burst 0\n"
	"interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:02:01\n"
	"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:02:02\n"
	"lsp ring\n"
	"  source 65000:192.0.2.1 tunnel 1\n"
	"  destination 65000:192.0.2.3 tunnel 1\n"
	"  lsp-num 1\n"
	"  forward in 1 label 100 out 2 label 200\n"
	"  reverse in 2 label 200 out 1 label 100\n"
	"lsp sink\n"
	"  source 65000:192.0.2.3 tunnel 2\n"
	"  destination 65000:192.0.2.2 tunnel 2\n"
	"  lsp-num 2\n"
	"  forward in 1 label 300\n";

/* The punt handler, on the main lcore: a fate for every punt, as OAM gives one. */
static uint64_t punts_handled;

static void
punt_handler(void *arg, const struct lsr_fib *fib, struct lsr_lcore *main_lc,
	     const struct lsr_punt *p, unsigned int n, uint64_t now_ns)
{
	unsigned int i;

	RTE_SET_USED(arg);
	RTE_SET_USED(fib);
	RTE_SET_USED(now_ns);
	for (i = 0; i < n; i++) {
		if (i % 2) {
			lsr_drop(main_lc, p[i].m, LSR_DROP_MALFORMED);
		} else {
			main_lc->c.consumed++;
			rte_pktmbuf_free(p[i].m);
		}
	}
	punts_handled += n;
}

/* Frame kinds, by the injection counter: transit, transit + GAL, sink, no label, not MPLS. */
static struct rte_mbuf *
frame(unsigned int k)
{
	static const uint8_t eth[12] = { 2, 0, 0, 0, 2, 1, 2, 0, 0, 0, 1, 2 };
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p;
	rte_be32_t w;

	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, 64);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memset(p, 0, 64);
	memcpy(p, eth, 12);
	p[12] = 0x88;
	p[13] = 0x47;
	switch (k % 5) {
	case 0:		/* circulates until its TTL (2..17) expires */
		w = mpls_lse_encode(100, 0, true, (uint8_t)(2 + k % 16));
		memcpy(p + 14, &w, 4);
		break;
	case 1:		/* GAL + ACH: punted where its TTL (1..4) expires */
		w = mpls_lse_encode(100, 0, false, (uint8_t)(1 + k % 4));
		memcpy(p + 14, &w, 4);
		w = mpls_lse_encode(MPLS_LABEL_GAL, 0, true, 1);
		memcpy(p + 18, &w, 4);
		p[22] = 0x10;	/* ACH: 0001, version 0 */
		p[25] = 0x25;	/* channel 0x0025 */
		break;
	case 2:		/* sink MEP: data, consumed */
		w = mpls_lse_encode(300, 0, true, 64);
		memcpy(p + 14, &w, 4);
		break;
	case 3:		/* no entry */
		w = mpls_lse_encode(999, 0, true, 64);
		memcpy(p + 14, &w, 4);
		break;
	default:	/* not MPLS */
		p[12] = 0x08;
		p[13] = 0x00;
		break;
	}
	return m;
}

/* @return a description of what does not balance in s, or NULL. */
static const char *
unbalanced(const struct lsr_counters *s, uint16_t n_if)
{
	uint64_t drops = 0, if_rx = 0, if_tx = 0;
	unsigned int i;

	for (i = 0; i < LSR_DROP_MAX; i++)
		drops += s->drops[i];
	for (i = 0; i < n_if; i++) {
		if_rx += s->if_rx[i];
		if_tx += s->if_tx[i];
	}
	if (s->rx != s->forwarded + s->consumed + s->dropped)
		return "rx != forwarded + consumed + dropped";
	if (s->dropped != drops)
		return "dropped != sum of drops";
	if (s->rx != if_rx)
		return "rx != sum of if_rx";
	if (s->tx != if_tx)
		return "tx != sum of if_tx";
	return NULL;
}

START_TEST(test_snapshots_under_load)
{
	struct lsr_counters base, since, now, prev;
	struct lsr_config *cfg = NULL;
	struct lsr_dataplane *dp;
	struct lsr_fib *fib;
	char err[256];
	unsigned int i, j, bad = 0, below = 0, busy = 0, moved = 0, clears = 0;
	const char *why = NULL;
	uint64_t injected = 0;
	uint16_t n_if;

	ck_assert_uint_ge(rte_lcore_count(), 2);
	ck_assert_int_eq(rte_dev_probe("net_ring0"), 0);
	ck_assert_int_eq(rte_dev_probe("net_ring1"), 0);
	ck_assert_int_eq(lsr_config_parse_buffer(config, sizeof(config) - 1, "counters.conf", &cfg,
						 err, sizeof(err)), 0);
	n_if = cfg->n_interfaces;
	ck_assert_int_eq(lsr_ports_probed(), 0);
	ck_assert_int_eq(lsr_ports_resolve(cfg), 0);
	fib = lsr_fib_create(cfg);
	ck_assert_ptr_nonnull(fib);
	dp = lsr_dataplane_create(cfg, fib, punt_handler, NULL, NULL);
	ck_assert_ptr_nonnull(dp);
	ck_assert(lsr_dataplane_has_workers(dp));
	ck_assert_int_eq(lsr_dataplane_start(dp), 0);

	/* Bad arguments first. */
	ck_assert_int_eq(lsr_counters_snapshot(NULL, NULL, &now), -EINVAL);
	ck_assert_int_eq(lsr_counters_snapshot(dp, NULL, NULL), -EINVAL);
	ck_assert_int_eq(lsr_counters_set_baseline(dp, NULL), -EINVAL);

	memset(&base, 0, sizeof(base));
	memset(&prev, 0, sizeof(prev));
	for (i = 0; i < MAX_ITER && (i < SNAPSHOTS || moved < MOVED); i++) {
		struct rte_mbuf *m[INJECT];
		uint16_t n = 0, sent;

		for (j = 0; j < INJECT; j++) {
			m[n] = frame((unsigned int)(injected + j));
			if (m[n] != NULL)
				n++;
		}
		sent = rte_eth_tx_burst(lsr_dataplane_port(dp, 0), 1, m, n);
		rte_pktmbuf_free_bulk(&m[sent], n - sent);
		injected += sent;
		lsr_dataplane_poll_main(dp, 0);
		lsr_dataplane_flush_main(dp);
		/* No ck_assert per iteration: Check writes to a pipe for each one. */
		if (i % CLEAR_EVERY == CLEAR_EVERY / 2) {
			busy += lsr_counters_set_baseline(dp, &base) != 0;
			clears++;
		}
		/* Since the clear first: never above the counts since start read after it. */
		busy += lsr_counters_snapshot(dp, &base, &since) != 0;
		busy += lsr_counters_snapshot(dp, NULL, &now) != 0;
		for (j = 0; j < sizeof(now) / sizeof(uint64_t); j++)
			below += ((uint64_t *)&since)[j] > ((uint64_t *)&now)[j];
		if (unbalanced(&now, n_if) != NULL || unbalanced(&since, n_if) != NULL) {
			why = unbalanced(&now, n_if) ? unbalanced(&now, n_if) : unbalanced(&since, n_if);
			bad++;
		}
		moved += now.rx != prev.rx;
		prev = now;
	}
	/* The worker stops before any assertion: a failed one leaves the test (CK_NOFORK). */
	lsr_dataplane_stop(dp);
	ck_assert_msg(busy == 0, "%u snapshots or clears failed (-EBUSY)", busy);
	ck_assert_msg(bad == 0, "%u of %u iterations read a snapshot that does not balance (%s)",
		      bad, i, why);
	ck_assert_msg(below == 0, "%u counts since a clear above the counts since start", below);
	ck_assert_int_eq(lsr_counters_snapshot(dp, NULL, &now), 0);
	ck_assert_ptr_null(unbalanced(&now, n_if));
	/* The load was real: every kind of fate, punts, and counts that moved between snapshots. */
	ck_assert_uint_gt(now.forwarded, now.rx / 4);
	ck_assert_uint_gt(now.consumed, 0);
	ck_assert_uint_gt(now.drops[LSR_DROP_TTL_EXPIRED], 0);
	ck_assert_uint_gt(now.drops[LSR_DROP_NO_LABEL], 0);
	ck_assert_uint_gt(now.drops[LSR_DROP_NOT_MPLS], 0);
	ck_assert_uint_gt(now.drops[LSR_DROP_MALFORMED], 0);
	ck_assert_uint_gt(punts_handled, 0);
	ck_assert_uint_ge(moved, MOVED);
	ck_assert_uint_gt(clears, 0);
	/* A clear, then nothing moves: zero since the clear, counts since start kept. */
	ck_assert_int_eq(lsr_counters_set_baseline(dp, &base), 0);
	ck_assert_int_eq(lsr_counters_snapshot(dp, &base, &since), 0);
	ck_assert_uint_eq(since.rx, 0);
	ck_assert_uint_eq(since.tx, 0);
	ck_assert_uint_eq(since.drops[LSR_DROP_TTL_EXPIRED], 0);
	ck_assert_int_eq(lsr_counters_snapshot(dp, NULL, &prev), 0);
	ck_assert_uint_eq(prev.rx, now.rx);
	printf("counters: %u iterations, %" PRIu64 " frames injected, rx %" PRIu64 " forwarded %"
	       PRIu64 " consumed %" PRIu64 " dropped %" PRIu64 ", %" PRIu64 " punts, %u clears, "
	       "rx moved between %u snapshots\n", i, injected, now.rx, now.forwarded,
	       now.consumed, now.dropped, punts_handled, clears, moved);
	lsr_dataplane_free(dp);
	lsr_config_free(cfg);
}
END_TEST

static Suite *
counters_suite(void)
{
	Suite *s = suite_create("counters");
	TCase *tc = tcase_create("snapshots");

	tcase_add_test(tc, test_snapshots_under_load);
	suite_add_tcase(s, tc);
	return s;
}

int
main(int argc, char **argv)
{
	RTE_SET_USED(argc);
	return check_eal_main(argv[0], "check_counters", &pool, counters_suite);
}
