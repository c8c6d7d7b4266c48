/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VLAN sub-interfaces in the burst path (docs/PORTS.md "VLAN sub-interfaces"):
 * a tagged frame is given to the interface of its VLAN ID on the port, and
 * every frame sent on a tagged interface carries its tag, forwarded or built
 * by OAM (oam_send_gach(), the one sender of replies and probes).
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
#include "lsr_config.h"
#include "lsr_fwd.h"
#include "oam.h"

static struct rte_mempool *pool;
static struct lsr_config *cfg;
static struct lsr_fib *fib;
static struct lsr_lcore *lc;

/*
 * Port 0: interface 10 untagged (slot 0), 11 on VLAN 100 (slot 1), 12 on VLAN
 * 200 (slot 2, the port's MAC again).  Port 1: only 20 on VLAN 300 (slot 3).
 * Port 2: only 30, untagged (slot 4).
 */
static const char config[] =
	"node 65000:192.0.2.2\n"
	"interface 10 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n"
	"interface 11 port 0 vlan 100 mac 02:00:00:00:02:11 peer 02:00:00:00:01:11\n"
	"interface 12 port 0 vlan 200 mac 02:00:00:00:02:01 peer 02:00:00:00:01:12\n"
	"interface 20 port 1 vlan 300 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01\n"
	"interface 30 port 2 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01\n"
	"lsp a\n"
	"  source 65000:192.0.2.1 tunnel 1\n"
	"  destination 65000:192.0.2.3 tunnel 1\n"
	"  lsp-num 1\n"
	"  forward in 11 label 100 out 12 label 200\n"
	"  reverse in 12 label 201 out 11 label 101\n"
	"lsp b\n"
	"  source 65000:192.0.2.1 tunnel 2\n"
	"  destination 65000:192.0.2.3 tunnel 2\n"
	"  lsp-num 1\n"
	"  forward in 11 label 110 out 30 label 310\n"
	"  reverse in 30 label 311 out 11 label 111\n"
	"lsp c\n"
	"  source 65000:192.0.2.1 tunnel 3\n"
	"  destination 65000:192.0.2.3 tunnel 3\n"
	"  lsp-num 1\n"
	"  forward in 10 label 120 out 20 label 220\n"
	"lsp tree\n"
	"  source 65000:192.0.2.1 tunnel 4\n"
	"  destination 65000:192.0.2.3 tunnel 4\n"
	"  lsp-num 1\n"
	"  forward in 10 label 130 out 11 label 131 out 30 label 330\n";

enum { S10, S11, S12, S20, S30 };

static const uint8_t mac_port0[6] = { 2, 0, 0, 0, 2, 1 };
static const uint8_t mac_11[6] = { 2, 0, 0, 0, 2, 0x11 };
static const uint8_t mac_20[6] = { 2, 0, 0, 0, 2, 2 };
static const uint8_t mac_30[6] = { 2, 0, 0, 0, 2, 3 };
static const uint8_t payload[] = { 0x45, 0, 0, 20, 1, 2, 3, 4 };

/*
 * A frame to dst: with vid >= 0 an 802.1Q tag (TPID tpid, PCP 3, that VID),
 * then etype, one LSE (label, ttl, S=1) and the payload.
 */
static struct rte_mbuf *
frame(const uint8_t *dst, uint16_t tpid, int vid, uint16_t etype, uint32_t label, uint8_t ttl)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint32_t hl = vid >= 0 ? 18 : 14;
	uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(hl + 4 + sizeof(payload)));
	static const uint8_t src[6] = { 2, 0, 0, 0, 9, 9 };

	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	if (vid >= 0) {
		wire_put16(p + 12, tpid);
		wire_put16(p + 14, (uint16_t)(3 << 13 | vid));
	}
	wire_put16(p + hl - 2, etype);
	mpls_lse_store(p + hl, (struct mpls_lse){ .label = label, .tc = 5, .s = 1, .ttl = ttl });
	memcpy(p + hl + 4, payload, sizeof(payload));
	return m;
}

static struct rte_mbuf *
tagged(const uint8_t *dst, int vid, uint32_t label, uint8_t ttl)
{
	return frame(dst, LSR_VLAN_TPID, vid, MPLS_ETHERTYPE_UNICAST, label, ttl);
}

static struct rte_mbuf *
untagged(const uint8_t *dst, uint32_t label, uint8_t ttl)
{
	return frame(dst, 0, -1, MPLS_ETHERTYPE_UNICAST, label, ttl);
}

/*
 * The frame sent on slot: its header is the slot's (peer, mac, and the tag of
 * a VLAN sub-interface, PCP 0), then MPLS with label and ttl, then the payload.
 */
static void
assert_sent(struct rte_mbuf *m, uint16_t slot, uint32_t label, uint8_t ttl)
{
	const struct lsr_interface_cfg *ic = &cfg->interfaces[slot];
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t hl = ic->vlan ? 18 : 14;
	struct mpls_lse top;

	ck_assert_uint_eq(rte_pktmbuf_pkt_len(m), hl + 4 + sizeof(payload));
	ck_assert_mem_eq(p, ic->peer, 6);
	ck_assert_mem_eq(p + 6, ic->mac, 6);
	if (ic->vlan) {
		ck_assert_uint_eq(wire_get16(p + 12), 0x8100);
		ck_assert_uint_eq(wire_get16(p + 14), ic->vlan);	/* PCP 0, DEI 0 */
	}
	ck_assert_uint_eq(wire_get16(p + hl - 2), MPLS_ETHERTYPE_UNICAST);
	top = mpls_lse_load(p + hl);
	ck_assert_uint_eq(top.label, label);
	ck_assert_uint_eq(top.ttl, ttl);
	ck_assert_uint_eq(top.tc, 5);
	ck_assert_uint_eq(top.s, 1);
	ck_assert_mem_eq(p + hl + 4, payload, sizeof(payload));
}

static void
setup(void)
{
	memset(lc, 0, sizeof(*lc));
	lc->pool = pool;
}

static void
flush(void)
{
	check_lcore_flush(lc, pool);
}


/* The ports' receive slots and VLAN tables, from the configuration. */
START_TEST(test_grouping)
{
	const struct lsr_lfib_entry *e[3];

	ck_assert_uint_eq(fib->rx_slot[S10], S10);
	ck_assert_uint_eq(fib->rx_slot[S11], S10);
	ck_assert_uint_eq(fib->rx_slot[S12], S10);
	ck_assert_uint_eq(fib->rx_slot[S20], S20);
	ck_assert_uint_eq(fib->rx_slot[S30], S30);
	ck_assert(!fib->rx[S10].no_untagged);
	ck_assert(fib->rx[S20].no_untagged);
	ck_assert(!fib->rx[S30].no_untagged);
	ck_assert_ptr_nonnull(fib->rx[S10].vid_slot);
	ck_assert_uint_eq(fib->rx[S10].vid_slot[100], S11 + 1);
	ck_assert_uint_eq(fib->rx[S10].vid_slot[200], S12 + 1);
	ck_assert_uint_eq(fib->rx[S10].vid_slot[300], 0);
	ck_assert_uint_eq(fib->rx[S20].vid_slot[300], S20 + 1);
	ck_assert_ptr_null(fib->rx[S30].vid_slot);
	ck_assert(lsr_adj_tagged(&fib->adj[S11]));
	ck_assert(!lsr_adj_tagged(&fib->adj[S10]));
	/* The fast path's one test: a single leg on an untagged interface. */
	e[0] = lsr_lfib_lookup(fib->lfib, S11, 100);	/* to 12, tagged */
	e[1] = lsr_lfib_lookup(fib->lfib, S11, 110);	/* to 30, untagged */
	e[2] = lsr_lfib_lookup(fib->lfib, S10, 130);	/* P2MP */
	for (int i = 0; i < 3; i++)
		ck_assert_ptr_nonnull(e[i]);
	ck_assert_uint_eq(e[0]->out_untagged, 0);
	ck_assert_uint_eq(e[1]->out_untagged, 1);
	ck_assert_uint_eq(e[2]->out_untagged, 0);
}
END_TEST

/* Tagged in, tagged out with the other VID; tagged to untagged; untagged to tagged. */
START_TEST(test_tag_rewrite)
{
	struct rte_mbuf *m[3];

	m[0] = tagged(mac_11, 100, 100, 64);		/* 11 -> 12: VLAN 100 -> 200 */
	m[1] = tagged(mac_11, 100, 110, 64);		/* 11 -> 30: the tag popped */
	m[2] = untagged(mac_port0, 120, 64);		/* 10 -> 20: VLAN 300 pushed */
	lsr_fwd_burst(lc, fib, S10, m, 3, 1);
	m[0] = untagged(mac_30, 311, 9);		/* 30 -> 11: VLAN 100 pushed */
	lsr_fwd_burst(lc, fib, S30, m, 1, 1);
	ck_assert_uint_eq(lc->c.forwarded, 4);
	ck_assert_uint_eq(lc->tx[S12].n, 1);
	assert_sent(lc->tx[S12].pkts[0], S12, 200, 63);
	ck_assert_uint_eq(lc->tx[S30].n, 1);
	assert_sent(lc->tx[S30].pkts[0], S30, 310, 63);
	ck_assert_uint_eq(lc->tx[S20].n, 1);
	assert_sent(lc->tx[S20].pkts[0], S20, 220, 63);
	ck_assert_uint_eq(lc->tx[S11].n, 1);
	assert_sent(lc->tx[S11].pkts[0], S11, 111, 8);
	/* Counted on the sub-interfaces. */
	ck_assert_uint_eq(lc->c.if_rx[S11], 2);
	ck_assert_uint_eq(lc->c.if_rx[S10], 1);
	ck_assert_uint_eq(lc->c.if_rx[S30], 1);
	ck_assert_uint_eq(lc->c.if_tx[S12], 1);
	ck_assert_uint_eq(lc->c.if_tx[S11], 1);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/* A P2MP branch with a tagged and an untagged leg: each copy gets its own header. */
START_TEST(test_p2mp_mixed)
{
	struct rte_mbuf *m = untagged(mac_port0, 130, 20);

	lsr_fwd_burst(lc, fib, S10, &m, 1, 1);
	ck_assert_uint_eq(lc->c.forwarded, 1);
	ck_assert_uint_eq(lc->c.tx, 2);
	assert_sent(lc->tx[S11].pkts[0], S11, 131, 19);
	assert_sent(lc->tx[S30].pkts[0], S30, 330, 19);
	m = frame(mac_port0, LSR_VLAN_TPID, 0, MPLS_ETHERTYPE_UNICAST, 130, 20);	/* priority tag */
	lsr_fwd_burst(lc, fib, S10, &m, 1, 1);
	assert_sent(lc->tx[S11].pkts[1], S11, 131, 19);
	assert_sent(lc->tx[S30].pkts[1], S30, 330, 19);
	ck_assert_uint_eq(lc->c.if_rx[S10], 2);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/* What no interface takes, by name; the tag is looked at before the MAC and the labels. */
START_TEST(test_l2_drops)
{
	struct rte_mbuf *m[9];

	m[0] = tagged(mac_11, 999, 100, 64);		/* no VLAN 999 on port 0 */
	m[1] = tagged(mac_11, 300, 100, 64);		/* VLAN 300 is port 1's */
	m[2] = frame(mac_11, 0x88a8, 100, MPLS_ETHERTYPE_UNICAST, 100, 64);	/* QinQ */
	m[3] = frame(mac_11, LSR_VLAN_TPID, 100, 0x0800, 100, 64);	/* IPv4 in VLAN 100 */
	m[4] = tagged(mac_port0, 100, 100, 64);	/* VLAN 100 is 11's: not its MAC */
	m[5] = tagged(mac_11, 100, 999, 64);		/* no label 999 on 11 */
	m[6] = tagged(mac_port0, 200, 100, 64);	/* label 100 is 11's, not 12's */
	m[7] = tagged(mac_11, 100, 100, 64);
	rte_pktmbuf_trim(m[7], rte_pktmbuf_pkt_len(m[7]) - 16);	/* the tag cut short */
	m[8] = tagged(mac_11, 4095, 100, 64);		/* VID 4095: reserved */
	lsr_fwd_burst(lc, fib, S10, m, 9, 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_UNKNOWN_VLAN], 3);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_NOT_MPLS], 3);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_FOREIGN_MAC], 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_NO_LABEL], 2);
	/* The frames an interface took count there; the others on the port's receive slot. */
	ck_assert_uint_eq(lc->c.if_rx[S11], 3);
	ck_assert_uint_eq(lc->c.if_rx[S12], 1);
	ck_assert_uint_eq(lc->c.if_rx[S10], 5);

	/* Port 1 has only VLAN 300: untagged and priority-tagged MPLS are unknown-vlan. */
	m[0] = untagged(mac_20, 220, 64);
	m[1] = frame(mac_20, LSR_VLAN_TPID, 0, MPLS_ETHERTYPE_UNICAST, 220, 64);
	m[2] = frame(mac_20, 0, -1, 0x0806, 220, 64);	/* ARP-like: not-mpls */
	m[3] = rte_pktmbuf_alloc(pool);			/* 0 bytes */
	lsr_fwd_burst(lc, fib, S20, m, 4, 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_UNKNOWN_VLAN], 5);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_NOT_MPLS], 5);
	/* Port 2 has no tagged interface: every tag is unknown-vlan. */
	m[0] = tagged(mac_30, 100, 311, 64);
	lsr_fwd_burst(lc, fib, S30, m, 1, 1);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_UNKNOWN_VLAN], 6);
	ck_assert_uint_eq(lc->c.forwarded, 0);
	ck_assert_uint_eq(lc->c.tx, 0);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/* Reserved labels and OAM on a sub-interface: offsets after the tag, the sub-interface's slot. */
START_TEST(test_tagged_reserved_and_oam)
{
	static const uint8_t ach[] = { 0x10, 0, 0x00, 0x25 };
	struct rte_mbuf *m[3];
	uint8_t *p;

	/* VLAN 100: explicit null (TTL 30) over label 100 (TTL 64): popped, out VLAN 200. */
	m[0] = tagged(mac_11, 100, MPLS_LABEL_IPV4_NULL, 30);
	p = rte_pktmbuf_mtod(m[0], uint8_t *);
	mpls_lse_store(p + 18, (struct mpls_lse){ .label = 0, .tc = 5, .s = 0, .ttl = 30 });
	p = (uint8_t *)rte_pktmbuf_append(m[0], 4);
	memmove(rte_pktmbuf_mtod_offset(m[0], uint8_t *, 26), rte_pktmbuf_mtod_offset(m[0], uint8_t *, 22),
		sizeof(payload));
	mpls_lse_store(rte_pktmbuf_mtod_offset(m[0], uint8_t *, 22),
		       (struct mpls_lse){ .label = 100, .tc = 5, .s = 1, .ttl = 64 });
	/* VLAN 100: label 100 TTL 1 | GAL | ACH: the in-MIP of 11. */
	m[1] = tagged(mac_11, 100, 100, 1);
	p = rte_pktmbuf_mtod(m[1], uint8_t *);
	mpls_lse_store(p + 18, (struct mpls_lse){ .label = 100, .tc = 5, .s = 0, .ttl = 1 });
	mpls_lse_store(p + 22, (struct mpls_lse){ .label = MPLS_LABEL_GAL, .s = 1, .ttl = 1 });
	memcpy(p + 26, ach, sizeof(ach));
	/* VLAN 200: router alert | GAL | ACH. */
	m[2] = tagged(mac_port0, 200, MPLS_LABEL_ROUTER_ALERT, 1);
	p = rte_pktmbuf_mtod(m[2], uint8_t *);
	mpls_lse_store(p + 18, (struct mpls_lse){ .label = 1, .tc = 2, .s = 0, .ttl = 1 });
	mpls_lse_store(p + 22, (struct mpls_lse){ .label = MPLS_LABEL_GAL, .s = 1, .ttl = 1 });
	memcpy(p + 26, ach, sizeof(ach));
	lsr_fwd_burst(lc, fib, S10, m, 3, 1);

	ck_assert_uint_eq(lc->tx[S12].n, 1);
	assert_sent(lc->tx[S12].pkts[0], S12, 200, 29);
	ck_assert_uint_eq(lc->n_punt, 2);
	ck_assert_uint_eq(lc->punt[0].kind, LSR_PUNT_MIP);
	ck_assert_uint_eq(lc->punt[0].in_slot, S11);
	ck_assert_uint_eq(lc->punt[0].entry->in_slot, S11);
	ck_assert_uint_eq(lc->punt[0].ach_off, 26);
	ck_assert_uint_eq(lc->punt[1].kind, LSR_PUNT_ROUTER_ALERT);
	ck_assert_uint_eq(lc->punt[1].in_slot, S12);
	ck_assert_uint_eq(lc->punt[1].ach_off, 26);
	ck_assert_uint_eq(lc->punt[1].tc, 2);
	ck_assert_uint_eq(lc->c.if_rx[S11], 2);
	ck_assert_uint_eq(lc->c.if_rx[S12], 1);
	check_lcore_fates_add_up(lc);
	flush();
}
END_TEST

/*
 * OAM's frames (replies and probes: oam_send_gach(), which lays out an
 * untagged header and calls lsr_fwd_set_eth()) carry the tag of a tagged
 * interface, and none on an untagged one.
 */
START_TEST(test_oam_frames_tagged)
{
	static const uint8_t msg[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	const uint8_t *p;
	struct mpls_lse l;

	ck_assert_int_eq(oam_send_gach(fib, lc, S11, 101, 255, 6, true, GACH_CH_LSP_PING, msg,
				       sizeof(msg)), 0);
	ck_assert_int_eq(oam_send_gach(fib, lc, S10, 101, 255, 6, true, GACH_CH_LSP_PING, msg,
				       sizeof(msg)), 0);
	ck_assert_uint_eq(lc->tx[S11].n, 1);
	p = rte_pktmbuf_mtod(lc->tx[S11].pkts[0], const uint8_t *);
	ck_assert_uint_eq(rte_pktmbuf_pkt_len(lc->tx[S11].pkts[0]), 18 + 8 + 4 + sizeof(msg));
	ck_assert_mem_eq(p, cfg->interfaces[S11].peer, 6);
	ck_assert_mem_eq(p + 6, cfg->interfaces[S11].mac, 6);
	ck_assert_uint_eq(wire_get16(p + 12), 0x8100);
	ck_assert_uint_eq(wire_get16(p + 14), 100);
	ck_assert_uint_eq(wire_get16(p + 16), MPLS_ETHERTYPE_UNICAST);
	l = mpls_lse_load(p + 18);
	ck_assert_uint_eq(l.label, 101);
	ck_assert_uint_eq(l.ttl, 255);
	ck_assert_uint_eq(mpls_lse_load(p + 22).label, MPLS_LABEL_GAL);
	ck_assert_uint_eq(p[26], GACH_FIRST_BYTE);
	ck_assert_uint_eq(wire_get16(p + 28), GACH_CH_LSP_PING);
	ck_assert_mem_eq(p + 30, msg, sizeof(msg));
	p = rte_pktmbuf_mtod(lc->tx[S10].pkts[0], const uint8_t *);
	ck_assert_uint_eq(rte_pktmbuf_pkt_len(lc->tx[S10].pkts[0]), 14 + 8 + 4 + sizeof(msg));
	ck_assert_uint_eq(wire_get16(p + 12), MPLS_ETHERTYPE_UNICAST);
	ck_assert_uint_eq(mpls_lse_load(p + 14).label, 101);
	flush();
}
END_TEST

static Suite *
vlan_suite(void)
{
	Suite *s = suite_create("vlan");

	CHECK_TCASE_FIXTURE(s, "vlan", setup, NULL, test_grouping, test_tag_rewrite,
			    test_p2mp_mixed, test_l2_drops, test_tagged_reserved_and_oam,
			    test_oam_frames_tagged);
	return s;
}

int
main(int argc, char **argv)
{
	char err[256];
	int ret;

	(void)argc;
	if (lsr_config_parse_buffer(config, strlen(config), "t", &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 99;
	}
	if ((fib = lsr_fib_create(cfg)) == NULL ||
	    (lc = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*lc))) == NULL)
		return 99;
	ret = check_eal_main(argv[0], "check_vlan", &pool, vlan_suite);
	free(lc);
	lsr_fib_free(fib);
	lsr_config_free(cfg);
	return ret;
}
