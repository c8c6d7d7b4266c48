/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The forwarding step on real rte_mbufs (tier b: EAL with --no-huge, CK_NOFORK
 * because rte_eal_init() works once per process).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <rte_eal.h>
#include <rte_mbuf.h>
#include <rte_malloc.h>

#include "check_eal.h"
#include "check_lcore.h"
#include "fixture.h"
#include "lsr_config.h"
#include "lsr_fwd.h"

static struct rte_mempool *pool;
static struct lsr_config *cfg;
static struct lsr_fib *fib;
static struct lsr_lcore *lc;

static const char config[] =
	FIXTURE_NODE FIXTURE_IF_10_20 FIXTURE_IF_30 FIXTURE_LSP_A FIXTURE_LSP_TREE
	FIXTURE_LSP_TO_US("sink", 3)
	"  forward in 20 label 220\n"
	FIXTURE_LSP_TRANSIT("c", 4)
	"  forward in 10 label 120 out 30 label 320\n";

/* Our MAC on slots 0, 1, 2 (interfaces 10, 20, 30 above). */
static const uint8_t ours[3][6] = {
	{ 2, 0, 0, 0, 2, 1 }, { 2, 0, 0, 0, 2, 2 }, { 2, 0, 0, 0, 2, 3 },
};

/* Ethernet (to our MAC on slot 0, from its peer) + labels (label, ttl; S on the last) + payload. */
static struct rte_mbuf *
frame(uint16_t etype, const uint32_t *labels, const uint8_t *ttls, int n, bool bos,
      const uint8_t *payload, size_t plen)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(14 + 4 * n + plen));
	static const uint8_t peer[6] = { 2, 0, 0, 0, 1, 2 };

	memcpy(p, ours[0], 6);
	memcpy(p + 6, peer, 6);
	p[12] = etype >> 8;
	p[13] = etype & 0xff;
	for (int i = 0; i < n; i++) {
		struct mpls_lse l = { .label = labels[i], .tc = 5, .s = bos && i == n - 1,
				      .ttl = ttls[i] };

		mpls_lse_store(p + 14 + 4 * i, l);
	}
	if (plen)
		memcpy(p + 14 + 4 * n, payload, plen);
	return m;
}

/* Readdress a frame built by frame(). */
static struct rte_mbuf *
to(struct rte_mbuf *m, const uint8_t *dst)
{
	memcpy(rte_pktmbuf_mtod(m, uint8_t *), dst, 6);
	return m;
}

static struct mpls_lse
top_of(struct rte_mbuf *m)
{
	return mpls_lse_load(rte_pktmbuf_mtod_offset(m, uint8_t *, 14));
}

static void
setup(void)
{
	memset(lc, 0, sizeof(*lc));
	lc->pool = pool;
}

/*
 * The same tests through the prefetch passes the burst path takes for a large
 * table (lsr_lfib_create() sets the flag from 131,072 entries; the arrays
 * are the same either way).
 */
static void
setup_large(void)
{
	setup();
	fib->lfib->large = true;
}

static void
teardown_large(void)
{
	fib->lfib->large = false;
}

static void
flush(void)
{
	check_lcore_flush(lc, pool);
}


START_TEST(test_swap)
{
	static const uint8_t payload[] = { 0x45, 0, 0, 20, 1, 2, 3, 4 };
	uint32_t labels[] = { 100, 555 };
	uint8_t ttls[] = { 64, 9 };
	struct rte_mbuf *m = frame(0x8847, labels, ttls, 2, true, payload, sizeof(payload));
	const uint8_t *p;
	struct mpls_lse l;

	lsr_fwd_burst(lc, fib, 0, &m, 1, 1);
	ck_assert_uint_eq(lc->tx[1].n, 1);
	m = lc->tx[1].pkts[0];
	p = rte_pktmbuf_mtod(m, const uint8_t *);
	l = top_of(m);
	ck_assert_uint_eq(l.label, 200);
	ck_assert_uint_eq(l.ttl, 63);
	ck_assert_uint_eq(l.tc, 5);
	ck_assert_uint_eq(l.s, 0);
	/* dst = peer, src = ours on the out interface */
	static const uint8_t peer[6] = { 2, 0, 0, 0, 3, 1 }, ours[6] = { 2, 0, 0, 0, 2, 2 };

	ck_assert_mem_eq(p, peer, 6);
	ck_assert_mem_eq(p + 6, ours, 6);
	ck_assert_mem_eq(p + 22, payload, sizeof(payload));
	ck_assert_uint_eq(lc->c.forwarded, 1);
	ck_assert_uint_eq(lc->c.if_tx[1], 1);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/*
 * The common case with its transmit list full: the frame's fate is decided
 * (forwarded), then it is lost and counted tx_full, like every other frame
 * meeting a full list; the frame before it, in the last place, goes out.
 */
START_TEST(test_tx_list_full)
{
	uint32_t labels[] = { 100 };
	uint8_t ttls[] = { 64 };
	struct rte_mbuf *m[2], *filler = rte_pktmbuf_alloc(pool);

	m[0] = frame(0x8847, labels, ttls, 1, true, (uint8_t[]){ 0x45 }, 1);
	m[1] = frame(0x8847, labels, ttls, 1, true, (uint8_t[]){ 0x45 }, 1);
	for (unsigned i = 0; i < LSR_TXQ_SIZE - 1; i++)
		lc->tx[1].pkts[i] = filler;
	lc->tx[1].n = LSR_TXQ_SIZE - 1;
	lsr_fwd_burst(lc, fib, 0, m, 2, 1);
	ck_assert_uint_eq(lc->tx[1].n, LSR_TXQ_SIZE);
	ck_assert_ptr_eq(lc->tx[1].pkts[LSR_TXQ_SIZE - 1], m[0]);
	ck_assert_uint_eq(top_of(m[0]).label, 200);
	ck_assert_uint_eq(lc->c.forwarded, 2);
	ck_assert_uint_eq(lc->c.tx_full, 1);
	ck_assert_uint_eq(lc->c.tx, 1);
	ck_assert_uint_eq(lc->c.if_tx[1], 1);
	check_lcore_fates_add_up(lc);
	rte_pktmbuf_free(m[0]);
	rte_pktmbuf_free(filler);
	lc->tx[1].n = 0;
}
END_TEST

/*
 * One burst whose common-case frames alternate between two out interfaces,
 * with frames the full decision takes (an expired TTL, a P2MP frame queued on
 * both lists) in between: each list keeps the arrival order, every frame is
 * rewritten for its own leg, and the counters add up per interface.
 */
START_TEST(test_runs_interleaved)
{
	static const struct { uint32_t label; uint8_t ttl; } in[] = {
		{ 100, 64 }, { 100, 64 }, { 120, 64 }, { 100, 1 }, { 100, 64 }, { 110, 64 },
		{ 120, 64 },
	};
	struct rte_mbuf *m[RTE_DIM(in)];

	for (unsigned i = 0; i < RTE_DIM(in); i++)
		m[i] = frame(0x8847, &in[i].label, &in[i].ttl, 1, true, (uint8_t[]){ 0x45 }, 1);
	lsr_fwd_burst(lc, fib, 0, m, RTE_DIM(m), 1);

	/* Slot 1 (interface 20): frames 0, 1, 4, then the P2MP original on its leg 0. */
	ck_assert_uint_eq(lc->tx[1].n, 4);
	ck_assert_ptr_eq(lc->tx[1].pkts[0], m[0]);
	ck_assert_ptr_eq(lc->tx[1].pkts[1], m[1]);
	ck_assert_ptr_eq(lc->tx[1].pkts[2], m[4]);
	ck_assert_ptr_eq(lc->tx[1].pkts[3], m[5]);
	ck_assert_uint_eq(top_of(m[0]).label, 200);
	ck_assert_uint_eq(top_of(m[4]).label, 200);
	ck_assert_uint_eq(top_of(m[4]).ttl, 63);
	ck_assert_uint_eq(top_of(m[5]).label, 210);
	/* Slot 2 (interface 30): frame 2, the P2MP copy, frame 6. */
	ck_assert_uint_eq(lc->tx[2].n, 3);
	ck_assert_ptr_eq(lc->tx[2].pkts[0], m[2]);
	ck_assert_ptr_eq(lc->tx[2].pkts[2], m[6]);
	ck_assert_uint_eq(top_of(m[2]).label, 320);
	ck_assert_uint_eq(top_of(lc->tx[2].pkts[1]).label, 310);
	ck_assert_uint_eq(top_of(m[6]).label, 320);
	ck_assert_mem_eq(rte_pktmbuf_mtod(m[6], uint8_t *) + 6, ours[2], 6);

	ck_assert_uint_eq(lc->c.forwarded, 6);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_TTL_EXPIRED], 1);
	ck_assert_uint_eq(lc->c.tx, 7);
	ck_assert_uint_eq(lc->c.if_tx[1], 4);
	ck_assert_uint_eq(lc->c.if_tx[2], 3);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

START_TEST(test_ttl)
{
	uint32_t labels[] = { 100 };
	uint8_t ttls[] = { 2 };
	struct rte_mbuf *m[3];

	m[0] = frame(0x8847, labels, ttls, 1, true, (uint8_t[]){ 0x45 }, 1);
	ttls[0] = 1;
	m[1] = frame(0x8847, labels, ttls, 1, true, (uint8_t[]){ 0x45 }, 1);
	ttls[0] = 0;
	m[2] = frame(0x8848, labels, ttls, 1, true, (uint8_t[]){ 0x45 }, 1);
	lsr_fwd_burst(lc, fib, 0, m, 3, 1);
	ck_assert_uint_eq(lc->tx[1].n, 1);
	/* The common case's one-word swap (mpls_lse_swap()): label, TTL - 1, TC and S kept. */
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).label, 200);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).ttl, 1);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).tc, 5);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).s, 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_TTL_EXPIRED], 2);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

START_TEST(test_p2mp)
{
	uint32_t labels[] = { 110 };
	uint8_t ttls[] = { 10 };
	struct rte_mbuf *m = frame(0x8847, labels, ttls, 1, true, (uint8_t[]){ 0x45, 7 }, 2);

	lsr_fwd_burst(lc, fib, 0, &m, 1, 1);
	ck_assert_uint_eq(lc->tx[1].n, 1);
	ck_assert_uint_eq(lc->tx[2].n, 1);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).label, 210);
	ck_assert_uint_eq(top_of(lc->tx[2].pkts[0]).label, 310);
	ck_assert_uint_eq(top_of(lc->tx[2].pkts[0]).ttl, 9);
	ck_assert_ptr_ne(lc->tx[1].pkts[0], lc->tx[2].pkts[0]);
	ck_assert_uint_eq(lc->c.forwarded, 1);
	ck_assert_uint_eq(lc->c.tx, 2);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

START_TEST(test_drops)
{
	uint32_t labels[17];
	uint8_t ttls[17];
	struct rte_mbuf *m[8];

	for (int i = 0; i < 17; i++) {
		labels[i] = 100 + i;
		ttls[i] = 64;
	}
	m[0] = frame(0x0800, labels, ttls, 1, true, NULL, 0);	/* IPv4 */
	m[1] = frame(0x8847, labels, ttls, 3, false, NULL, 0);	/* no S bit */
	m[2] = frame(0x8847, labels, ttls, 17, true, NULL, 0);	/* too deep */
	labels[0] = 999;
	m[3] = frame(0x8847, labels, ttls, 1, true, NULL, 0);	/* unknown label */
	labels[0] = 100;
	labels[1] = MPLS_LABEL_GAL;
	m[4] = frame(0x8847, labels, ttls, 3, true, NULL, 0);	/* GAL not at the bottom */
	m[5] = rte_pktmbuf_alloc(pool);				/* 0 bytes */
	m[6] = frame(0x8847, labels, ttls, 0, true, NULL, 0);	/* Ethernet only */
	m[7] = frame(0x8847, labels, ttls, 1, true, NULL, 0);
	rte_pktmbuf_trim(m[7], 2);				/* LSE cut by the frame end */
	lsr_fwd_burst(lc, fib, 0, m, 8, 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_NOT_MPLS], 2);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_BAD_STACK], 5);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_NO_LABEL], 1);
	ck_assert_uint_eq(lc->c.dropped, 8);
	ck_assert_uint_eq(lc->c.tx, 0);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

START_TEST(test_punt_and_sink)
{
	uint32_t labels[] = { 100, MPLS_LABEL_GAL };
	uint8_t ttls[] = { 1, 1 };
	static const uint8_t ach[] = { 0x10, 0, 0x00, 0x25, 0, 1 };
	struct rte_mbuf *m[4];

	m[0] = frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach));	/* OAM for a MIP */
	m[1] = frame(0x8847, labels, ttls, 1, true, ach, sizeof(ach));	/* PW ACH, TTL 1 */
	labels[0] = 220;
	ttls[0] = 64;
	m[2] = to(frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach)), ours[1]); /* for the MEP */
	m[3] = to(frame(0x8847, labels, ttls, 1, true, (uint8_t[]){ 0x45 }, 1), ours[1]); /* data */
	lsr_fwd_burst(lc, fib, 1, &m[2], 2, 1);
	lsr_fwd_burst(lc, fib, 0, m, 2, 1);
	ck_assert_uint_eq(lc->n_punt, 3);
	ck_assert_uint_eq(lc->punt[0].kind, LSR_PUNT_MEP);
	ck_assert_uint_eq(lc->punt[0].gal, 1);
	ck_assert_uint_eq(lc->punt[0].ach_off, 22);
	ck_assert_uint_eq(lc->punt[1].kind, LSR_PUNT_MIP);
	ck_assert_uint_eq(lc->punt[1].in_slot, 0);
	ck_assert_uint_eq(lc->punt[1].ttl, 1);
	ck_assert_uint_eq(lc->punt[2].kind, LSR_PUNT_MIP);
	ck_assert_uint_eq(lc->punt[2].gal, 0);
	ck_assert_uint_eq(lc->punt[2].ach_off, 18);
	ck_assert_uint_eq(lc->c.consumed, 1);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/* One OAM frame (label | GAL | ACH, TTL 1) for label on slot, to our MAC there. */
static struct rte_mbuf *
oam_frame(uint16_t slot, uint32_t label)
{
	static const uint8_t ach[] = { 0x10, 0, 0x00, 0x25 };
	uint32_t labels[] = { label, MPLS_LABEL_GAL };
	uint8_t ttls[] = { 1, 1 };

	return to(frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach)), ours[slot]);
}

/*
 * Run n OAM frames for label on slot at time now; @return how many were punted.
 * The punts are handed over (freed, counted consumed) as the OAM side would.
 */
static unsigned
oam_burst(uint16_t slot, uint32_t label, unsigned n, uint64_t now)
{
	struct rte_mbuf *m[LSR_BURST];
	unsigned punted = 0;

	while (n > 0) {
		uint16_t k = (uint16_t)RTE_MIN(n, (unsigned)LSR_BURST);

		for (uint16_t i = 0; i < k; i++)
			m[i] = oam_frame(slot, label);
		lsr_fwd_burst(lc, fib, slot, m, k, now);
		for (int i = 0; i < lc->n_punt; i++) {
			ck_assert_uint_eq(lc->punt[i].entry->in_slot, slot);
			rte_pktmbuf_free(lc->punt[i].m);
		}
		punted += lc->n_punt;
		lc->c.consumed += lc->n_punt;
		lc->n_punt = 0;
		n -= k;
	}
	return punted;
}

#define MS 1000000ull

START_TEST(test_policer)
{
	/*
	 * rate 1000 burst 100 (the defaults; a share: 125/s, burst 12).  An LSP
	 * alone gets the whole burst at once: 100 of 128.
	 */
	ck_assert_uint_eq(oam_burst(0, 100, 4 * LSR_BURST, 1000), 100);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_POLICED], 4 * LSR_BURST - 100);
	/*
	 * 5 ms later the bucket holds 5 tokens, less than a share's burst: they
	 * are kept for the other LSPs, and LSP a's own share has 0.625 tokens.
	 */
	ck_assert_uint_eq(oam_burst(0, 100, 10, 1000 + 5 * MS), 0);
	/* 20 ms after the start: 20 tokens, 8 above the reserve of 12, and 2 of the share. */
	ck_assert_uint_eq(oam_burst(0, 100, 30, 1000 + 20 * MS), 10);
	/* LSP tree (label 110, another share) takes the 10 left: the ceiling. */
	ck_assert_uint_eq(oam_burst(0, 110, 12, 1000 + 20 * MS), 10);
	/* Interface 20 has its own buckets. */
	ck_assert_uint_eq(oam_burst(1, 220, 4 * LSR_BURST, 1000 + 20 * MS), 100);
	/*
	 * Over time a lone LSP gets the configured rate: 1 s of one frame every
	 * 100 us (10 x the rate), from full buckets: the burst of 100, then 1000/s
	 * for 0.9999 s, less the 12 tokens kept back for the other LSPs.
	 */
	unsigned lone = 0;

	for (unsigned i = 0; i < 10000; i++)
		lone += oam_burst(0, 100, 1, 10000 * MS + i * 100000ull);
	ck_assert_uint_eq(lone, 100 + 999 - 12);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_POLICED],
			  4 * LSR_BURST - 100 + 10 + 20 + 2 + 4 * LSR_BURST - 100 + 10000 - lone);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/*
 * docs/OAM-NOTES.md "The OAM policer": a flood of TTL-1 OAM on LSP a at 100 x
 * the rate (100,000 frames in 1 s) does not starve LSP tree on the same
 * interface: its 20 requests, one every 50 ms, are all punted.  With the
 * single per-interface bucket of before, a request found the bucket empty
 * unless it came within 10 us of a refill: 0 of 20.
 */
START_TEST(test_policer_shares)
{
	const uint64_t t0 = 1000 * MS, flood_gap = 10000, legit_gap = 50 * MS;
	unsigned flood_punted = 0, legit_punted = 0, legit = 0;

	for (unsigned i = 0; i < 100000; i++) {
		uint64_t t = t0 + i * flood_gap;
		/* The legitimate requests fall between two flood frames, 25 ms into each 50 ms. */
		uint64_t t_legit = t0 + legit_gap / 2 + flood_gap / 2 + legit * legit_gap;

		if (legit < 20 && t_legit <= t) {
			legit_punted += oam_burst(0, 110, 1, t_legit);
			legit++;
		}
		flood_punted += oam_burst(0, 100, 1, t);
	}
	ck_assert_uint_eq(legit, 20);
	printf("policer: legitimate requests punted under a 100,000-frame flood: %u/20; "
	       "flood punted %u, policed %" PRIu64 "\n", legit_punted, flood_punted,
	       lc->c.drops[LSR_DROP_POLICED]);
	ck_assert_uint_eq(legit_punted, 20);
	/* The interface bucket stays the ceiling: at most the burst plus 1 s at the rate. */
	ck_assert_uint_le(flood_punted + legit_punted, 100 + 1000);
	/* The flood itself still gets the rate, less what the other LSP took and the reserve. */
	ck_assert_uint_ge(flood_punted, 100 + 999 - 20 - 12);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_POLICED], 100000 - flood_punted);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

START_TEST(test_foreign_mac)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t ipv4_mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const uint8_t ipv4_mc_top[6] = { 0x01, 0x00, 0x5e, 0x7f, 0xff, 0xff };
	static const uint8_t mpls_mc_lo[6] = { 0x01, 0x00, 0x5e, 0x80, 0x00, 0x00 };
	static const uint8_t mpls_mc_hi[6] = { 0x01, 0x00, 0x5e, 0x8f, 0xff, 0xff };
	static const uint8_t past_mpls_mc[6] = { 0x01, 0x00, 0x5e, 0x90, 0x00, 0x00 };
	static const uint8_t other[6] = { 0x02, 0x00, 0x00, 0x00, 0x09, 0x09 };
	static const uint8_t ach[] = { 0x10, 0, 0x00, 0x25 };
	uint32_t labels[] = { 100, MPLS_LABEL_GAL };
	uint8_t ttls[] = { 64, 1 };
	struct rte_mbuf *bad[10], *good[4], *m;

	bad[0] = to(frame(0x8847, labels, ttls, 1, true, NULL, 0), bcast);
	bad[1] = to(frame(0x8847, labels, ttls, 1, true, NULL, 0), ipv4_mc);
	bad[2] = to(frame(0x8848, labels, ttls, 1, true, NULL, 0), ipv4_mc_top);
	bad[3] = to(frame(0x8847, labels, ttls, 1, true, NULL, 0), other);
	bad[4] = to(frame(0x8847, labels, ttls, 1, true, NULL, 0), ours[1]);	/* another IF's */
	bad[5] = to(frame(0x8847, labels, ttls, 1, true, NULL, 0), mpls_mc_lo);	/* unicast type */
	bad[6] = to(frame(0x8848, labels, ttls, 1, true, NULL, 0), past_mpls_mc);
	bad[7] = to(frame(0x8847, labels, ttls, 0, true, NULL, 0), bcast);	/* no LSE */
	ttls[0] = 1;
	bad[8] = to(frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach)), bcast);	/* OAM */
	bad[9] = to(frame(0x0806, labels, ttls, 1, true, NULL, 0), bcast);	/* ARP-like */
	ttls[0] = 64;
	good[0] = frame(0x8847, labels, ttls, 1, true, NULL, 0);
	good[1] = frame(0x8848, labels, ttls, 1, true, NULL, 0);
	good[2] = to(frame(0x8848, labels, ttls, 1, true, NULL, 0), mpls_mc_lo);
	good[3] = to(frame(0x8848, labels, ttls, 1, true, NULL, 0), mpls_mc_hi);
	lsr_fwd_burst(lc, fib, 0, bad, 10, 1);
	lsr_fwd_burst(lc, fib, 0, good, 4, 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_FOREIGN_MAC], 9);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_NOT_MPLS], 1);	/* the type is looked at first */
	ck_assert_uint_eq(lc->c.dropped, 10);
	ck_assert_uint_eq(lc->n_punt, 0);			/* before the policer, too */
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_POLICED], 0);
	ck_assert_uint_eq(lc->c.forwarded, 4);
	ck_assert_uint_eq(lc->tx[1].n, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(top_of(lc->tx[1].pkts[i]).label, 200);

	/* The check is per interface: slot 1 accepts its own MAC, not slot 0's. */
	labels[0] = 201;
	m = to(frame(0x8847, labels, ttls, 1, true, NULL, 0), ours[1]);
	lsr_fwd_burst(lc, fib, 1, &m, 1, 1);
	m = frame(0x8847, labels, ttls, 1, true, NULL, 0);
	lsr_fwd_burst(lc, fib, 1, &m, 1, 1);
	ck_assert_uint_eq(lc->tx[0].n, 1);
	ck_assert_uint_eq(top_of(lc->tx[0].pkts[0]).label, 101);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_FOREIGN_MAC], 10);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/* include/mpls_wire.h: the 4 wire bytes of RFC 3032 §2.1, at any alignment. */
START_TEST(test_lse_load_store)
{
	static const struct {
		struct mpls_lse l;
		uint8_t wire[4];
	} v[] = {
		{ { 0xabcde, 5, 1, 0x7f }, { 0xab, 0xcd, 0xeb, 0x7f } },
		{ { MPLS_LABEL_MAX, 7, 1, 255 }, { 0xff, 0xff, 0xff, 0xff } },
		{ { 0, 0, 0, 0 }, { 0, 0, 0, 0 } },
		{ { MPLS_LABEL_MAX, 0, 0, 0 }, { 0xff, 0xff, 0xf0, 0x00 } },
		{ { 0, 7, 0, 0 }, { 0x00, 0x00, 0x0e, 0x00 } },
		{ { 0, 0, 1, 0 }, { 0x00, 0x00, 0x01, 0x00 } },
		{ { 0, 0, 0, 255 }, { 0x00, 0x00, 0x00, 0xff } },
		{ { MPLS_LABEL_GAL, 3, 1, 1 }, { 0x00, 0x00, 0xd7, 0x01 } },
	};
	uint8_t buf[7];

	for (unsigned i = 0; i < RTE_DIM(v); i++) {
		struct mpls_lse r;
		rte_be32_t be;

		memset(buf, 0xa5, sizeof(buf));
		mpls_lse_store(buf + 1, v[i].l);		/* odd address */
		ck_assert_mem_eq(buf + 1, v[i].wire, 4);
		ck_assert_uint_eq(buf[0], 0xa5);		/* nothing written around it */
		ck_assert_uint_eq(buf[5], 0xa5);
		r = mpls_lse_load(buf + 1);
		ck_assert_uint_eq(r.label, v[i].l.label);
		ck_assert_uint_eq(r.tc, v[i].l.tc);
		ck_assert_uint_eq(r.s, v[i].l.s);
		ck_assert_uint_eq(r.ttl, v[i].l.ttl);
		memcpy(&be, v[i].wire, 4);
		ck_assert_uint_eq(mpls_lse_decode(be).label, v[i].l.label);
	}
	/* Out-of-range fields are masked: they never spill into their neighbours. */
	mpls_lse_store(buf, (struct mpls_lse){ .label = 0x1fffff, .tc = 0xf, .s = 2, .ttl = 0 });
	ck_assert_mem_eq(buf, ((const uint8_t[]){ 0xff, 0xff, 0xff, 0x00 }), 4);
}
END_TEST

START_TEST(test_loopback)
{
	uint32_t labels[] = { 100 };
	uint8_t ttls[] = { 30 };
	struct rte_mbuf *m = frame(0x8847, labels, ttls, 1, true, (uint8_t[]){ 0x45 }, 1);

	ck_assert_int_eq(lsr_fib_set_loopback(fib, 0, 2, true), -EINVAL);	/* not on path */
	ck_assert_int_eq(lsr_fib_set_loopback(fib, 1, 1, true), -EINVAL);	/* P2MP */
	ck_assert_int_eq(lsr_fib_set_loopback(fib, 2, 1, true), -EINVAL);	/* sink: no return */
	ck_assert_int_eq(lsr_fib_set_loopback(fib, 9, 1, true), -ENOENT);
	ck_assert_int_eq(lsr_fib_set_loopback(fib, 0, 1, true), 0);
	lsr_fwd_burst(lc, fib, 0, &m, 1, 1);
	ck_assert_uint_eq(lc->tx[0].n, 1);	/* back where it came from */
	ck_assert_uint_eq(top_of(lc->tx[0].pkts[0]).label, 101);
	ck_assert_uint_eq(top_of(lc->tx[0].pkts[0]).ttl, 29);
	ck_assert_uint_eq(lc->c.oam[LSR_OAM_SLOT_LOOPBACK], 1);
	ck_assert_uint_eq(lc->c.forwarded, 1);
	ck_assert_int_eq(lsr_fib_set_loopback(fib, 0, 1, false), 0);
	flush();
	/* Cleared: swapped on again, by the common case (the index word says so again). */
	m = frame(0x8847, labels, ttls, 1, true, (uint8_t[]){ 0x45 }, 1);
	lsr_fwd_burst(lc, fib, 0, &m, 1, 1);
	ck_assert_uint_eq(lc->tx[0].n, 0);
	ck_assert_uint_eq(lc->tx[1].n, 1);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).label, 200);
	ck_assert_uint_eq(lc->c.oam[LSR_OAM_SLOT_LOOPBACK], 1);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST


/* ---- reserved labels on top (docs/RESERVED-LABELS.md) ---------------------------- */

/* Explicit null (0, 2) over a label: popped, the next entry switched, TTL the smaller. */
START_TEST(test_explicit_null_popped)
{
	static const uint8_t payload[] = { 0x45, 0, 0, 20, 1, 2, 3, 4 };
	uint32_t labels[] = { MPLS_LABEL_IPV4_NULL, 100, 555 };
	uint8_t ttls[] = { 10, 64, 9 };
	struct rte_mbuf *m[3];
	const uint8_t *p;

	m[0] = frame(0x8847, labels, ttls, 3, true, payload, sizeof(payload));
	labels[0] = MPLS_LABEL_IPV6_NULL;
	ttls[0] = 64;
	ttls[1] = 5;
	m[1] = frame(0x8847, labels, ttls, 3, true, payload, sizeof(payload));
	/* Several in a row: each popped. */
	labels[0] = MPLS_LABEL_IPV4_NULL;
	labels[1] = MPLS_LABEL_IPV6_NULL;
	labels[2] = 100;
	ttls[0] = 30;
	ttls[1] = 40;
	ttls[2] = 50;
	m[2] = frame(0x8847, labels, ttls, 3, true, payload, sizeof(payload));
	lsr_fwd_burst(lc, fib, 0, m, 3, 1);
	ck_assert_uint_eq(lc->c.forwarded, 3);
	ck_assert_uint_eq(lc->tx[1].n, 3);
	/* Frame 0: null TTL 10 under nothing, inner 64: 10 governs, then decremented. */
	p = rte_pktmbuf_mtod(lc->tx[1].pkts[0], const uint8_t *);
	ck_assert_uint_eq(rte_pktmbuf_pkt_len(lc->tx[1].pkts[0]), 14 + 8 + sizeof(payload));
	ck_assert_uint_eq(p[12], 0x88);
	ck_assert_uint_eq(p[13], 0x47);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).label, 200);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).ttl, 9);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).s, 0);
	ck_assert_uint_eq(mpls_lse_load(p + 18).label, 555);
	ck_assert_uint_eq(mpls_lse_load(p + 18).ttl, 9);	/* untouched below */
	ck_assert_mem_eq(p + 22, payload, sizeof(payload));
	/* Frame 1: the inner TTL 5 is the smaller. */
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[1]).label, 200);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[1]).ttl, 4);
	/* Frame 2: two nulls popped, min(30, 40, 50) - 1; bottom of stack kept. */
	ck_assert_uint_eq(rte_pktmbuf_pkt_len(lc->tx[1].pkts[2]), 14 + 4 + sizeof(payload));
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[2]).label, 200);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[2]).ttl, 29);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[2]).s, 1);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[2]).tc, 5);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/* What is under a popped explicit null decides: OAM, expiry, drops. */
START_TEST(test_explicit_null_under)
{
	static const uint8_t ach[] = { 0x10, 0, 0x00, 0x25, 0, 1 };
	uint32_t labels[LSR_BURST];
	uint8_t ttls[LSR_BURST];
	struct rte_mbuf *m[7];

	for (int i = 0; i < LSR_BURST; i++) {
		labels[i] = MPLS_LABEL_IPV4_NULL;
		ttls[i] = 64;
	}
	m[0] = frame(0x8847, labels, ttls, 1, true, (uint8_t[]){ 0x45 }, 1);	/* IP under it */
	labels[1] = MPLS_LABEL_GAL;
	m[1] = frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach));		/* section */
	labels[1] = 100;
	labels[2] = MPLS_LABEL_GAL;
	ttls[0] = 1;
	m[2] = frame(0x8847, labels, ttls, 3, true, ach, sizeof(ach));		/* our MIP: TTL 1 */
	m[3] = frame(0x8847, labels, ttls, 2, true, (uint8_t[]){ 0x45 }, 1);	/* data, TTL 1 */
	ttls[0] = 64;
	/* 16 entries (the most walked): 15 nulls popped, then label 100. */
	labels[1] = labels[2] = MPLS_LABEL_IPV4_NULL;
	labels[15] = 100;
	m[4] = frame(0x8847, labels, ttls, 16, true, (uint8_t[]){ 0x45 }, 1);
	/* 17: too deep, whatever the labels. */
	labels[15] = MPLS_LABEL_IPV4_NULL;
	labels[16] = 100;
	m[5] = frame(0x8847, labels, ttls, 17, true, (uint8_t[]){ 0x45 }, 1);
	labels[1] = 999;					/* no entry under it */
	m[6] = frame(0x8847, labels, ttls, 2, true, (uint8_t[]){ 0x45 }, 1);
	lsr_fwd_burst(lc, fib, 0, m, 7, 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_EXPLICIT_NULL_IP], 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_TTL_EXPIRED], 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_BAD_STACK], 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_NO_LABEL], 1);
	ck_assert_uint_eq(lc->c.forwarded, 1);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).label, 200);
	ck_assert_uint_eq(top_of(lc->tx[1].pkts[0]).ttl, 63);
	ck_assert_uint_eq(rte_pktmbuf_pkt_len(lc->tx[1].pkts[0]), 14 + 4 + 1);
	ck_assert_uint_eq(lc->n_punt, 2);
	/* Explicit null, GAL, ACH: section-level, after the pop (GAL at 14, ACH at 18). */
	ck_assert_uint_eq(lc->punt[0].kind, LSR_PUNT_SECTION);
	ck_assert_ptr_null(lc->punt[0].entry);
	ck_assert_uint_eq(lc->punt[0].ach_off, 18);
	ck_assert_uint_eq(lc->punt[0].in_slot, 0);
	ck_assert_uint_eq(top_of(lc->punt[0].m).label, MPLS_LABEL_GAL);
	/* Explicit null (TTL 1), label 100 (TTL 64), GAL: the MIP of LSP a, TTL 1. */
	ck_assert_uint_eq(lc->punt[1].kind, LSR_PUNT_MIP);
	ck_assert_ptr_nonnull(lc->punt[1].entry);
	ck_assert_uint_eq(lc->punt[1].entry->lsp, 0);
	ck_assert_uint_eq(lc->punt[1].ttl, 1);
	ck_assert_uint_eq(lc->punt[1].ach_off, 22);
	ck_assert_uint_eq(lc->punt[1].gal, 1);
	ck_assert_uint_eq(top_of(lc->punt[1].m).label, 100);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/* Router alert (1) on top: punted whatever is under it; the ACH named only under a GAL. */
START_TEST(test_router_alert)
{
	static const uint8_t ach[] = { 0x10, 0, 0x00, 0x25, 0, 1 };
	static const uint8_t cw[] = { 0x00, 0, 0x00, 0x25, 0, 1 };
	uint32_t labels[] = { MPLS_LABEL_ROUTER_ALERT, MPLS_LABEL_GAL };
	uint8_t ttls[] = { 7, 1 };
	struct rte_mbuf *m[5];

	m[0] = frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach));	/* RA | GAL | ACH */
	m[1] = frame(0x8847, labels, ttls, 2, true, cw, sizeof(cw));	/* not an ACH */
	m[2] = frame(0x8847, labels, ttls, 1, true, ach, sizeof(ach));	/* RA at the bottom */
	labels[1] = 100;
	m[3] = frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach));	/* RA | label | ACH */
	labels[1] = MPLS_LABEL_GAL;
	m[4] = frame(0x8847, labels, ttls, 2, true, NULL, 0);		/* ends after the GAL */
	for (int i = 0; i < 5; i++)
		to(m[i], ours[1]);
	lsr_fwd_burst(lc, fib, 1, m, 5, 1);
	ck_assert_uint_eq(lc->n_punt, 5);
	for (int i = 0; i < 5; i++) {
		ck_assert_uint_eq(lc->punt[i].kind, LSR_PUNT_ROUTER_ALERT);
		ck_assert_ptr_null(lc->punt[i].entry);
		ck_assert_uint_eq(lc->punt[i].in_slot, 1);
		ck_assert_uint_eq(lc->punt[i].ttl, 7);
		ck_assert_uint_eq(lc->punt[i].tc, 5);
		ck_assert_uint_eq(lc->punt[i].ach_off, i == 0 ? 22 : 0);
	}
	ck_assert_uint_eq(lc->c.if_rx[1], 5);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/* GAL (13) on top: section-level with S=1, bad-stack without; other reserved: no-label. */
START_TEST(test_gal_and_others_on_top)
{
	static const uint8_t ach[] = { 0x10, 0, 0x00, 0x25, 0, 1 };
	static const uint32_t others[] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15 };
	uint32_t labels[] = { MPLS_LABEL_GAL, 100 };
	uint8_t ttls[] = { 1, 64 };
	struct rte_mbuf *m[2 + RTE_DIM(others)];

	m[0] = frame(0x8847, labels, ttls, 1, true, ach, sizeof(ach));
	m[1] = frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach));	/* GAL not at the bottom */
	for (unsigned i = 0; i < RTE_DIM(others); i++) {
		labels[0] = others[i];
		m[2 + i] = frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach));
	}
	lsr_fwd_burst(lc, fib, 0, m, RTE_DIM(m), 1);
	ck_assert_uint_eq(lc->n_punt, 1);
	ck_assert_uint_eq(lc->punt[0].kind, LSR_PUNT_SECTION);
	ck_assert_ptr_null(lc->punt[0].entry);
	ck_assert_uint_eq(lc->punt[0].ach_off, 18);
	ck_assert_uint_eq(lc->punt[0].ttl, 1);
	ck_assert_uint_eq(lc->punt[0].gal, 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_BAD_STACK], 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_NO_LABEL], RTE_DIM(others));
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/* Link punts go through the OAM policer like every punt (docs/OAM-RULES.md §1 step 4). */
START_TEST(test_reserved_policed)
{
	static const uint8_t ach[] = { 0x10, 0, 0x00, 0x25 };
	uint32_t labels[] = { MPLS_LABEL_ROUTER_ALERT, MPLS_LABEL_GAL };
	uint8_t ttls[] = { 1, 1 };
	struct rte_mbuf *m[LSR_BURST];
	unsigned punted = 0;

	for (int b = 0; b < 4; b++) {
		for (int i = 0; i < LSR_BURST; i++)
			m[i] = frame(0x8847, labels, ttls, 2, true, ach, sizeof(ach));
		lsr_fwd_burst(lc, fib, 0, m, LSR_BURST, 1000);
		punted += lc->n_punt;
		for (int i = 0; i < lc->n_punt; i++)
			rte_pktmbuf_free(lc->punt[i].m);
		lc->c.consumed += lc->n_punt;
		lc->n_punt = 0;
	}
	/* The defaults (rate 1000 burst 100): the burst, at one instant. */
	ck_assert_uint_eq(punted, 100);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_POLICED], 4 * LSR_BURST - 100);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

static Suite *
fwd_suite(void)
{
	Suite *s = suite_create("fwd");

#define BURST_TESTS test_swap, test_tx_list_full, test_runs_interleaved, test_ttl, test_p2mp, test_drops, \
	test_punt_and_sink, test_policer, test_policer_shares, test_foreign_mac, \
	test_lse_load_store, test_loopback
#define RESERVED_TESTS test_explicit_null_popped, test_explicit_null_under, \
	test_router_alert, test_gal_and_others_on_top, test_reserved_policed
	CHECK_TCASE_FIXTURE(s, "burst", setup, NULL, BURST_TESTS);
	CHECK_TCASE_FIXTURE(s, "reserved", setup, NULL, RESERVED_TESTS);
	CHECK_TCASE_FIXTURE(s, "burst, large table", setup_large, teardown_large, BURST_TESTS);
	CHECK_TCASE_FIXTURE(s, "reserved, large table", setup_large, teardown_large,
			    RESERVED_TESTS);
	return s;
}

int
main(int argc, char **argv)
{
	char err[256];
	int ret;

	(void)argc;
	if (lsr_config_parse_buffer(config, strlen(config), "t", &cfg, err, sizeof(err)) < 0 ||
	    (fib = lsr_fib_create(cfg)) == NULL ||
	    (lc = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*lc))) == NULL)
		return 99;
	ret = check_eal_main(argv[0], "check_fwd", &pool, fwd_suite);
	free(lc);
	lsr_fib_free(fib);
	lsr_config_free(cfg);
	return ret;
}
