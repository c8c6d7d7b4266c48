/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test harness for the source MEP prober (oam/probe*.c), shared by check_mep and
 * check_locate: read back the request the prober queued, and hand it a reply
 * as oam_input() would.  The configuration's LSP 0 starts here on slot 0.
 */
#ifndef TPLSR_TESTS_PROBER_HARNESS_H
#define TPLSR_TESTS_PROBER_HARNESS_H

#include <string.h>

#include <check.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "lsr_config.h"
#include "lsr_fwd.h"
#include "oam.h"
#include "oam_lspping_ip.h"
#include "oam_mep.h"

/* What a prober test runs against: a node's configuration, fib, lcore and prober. */
struct prober_fixture {
	struct lsr_config *cfg;
	struct lsr_fib *fib;
	struct lsr_lcore *lc;
	struct oam_mep *mep;
};

static inline void
prober_fixture_open(struct prober_fixture *fx, const char *conf, struct rte_mempool *pool,
		    uint32_t seed)
{
	char err[256];

	ck_assert_int_eq(lsr_config_parse_buffer(conf, strlen(conf), "pe1.conf", &fx->cfg,
						 err, sizeof(err)), 0);
	fx->fib = lsr_fib_create(fx->cfg);
	ck_assert_ptr_nonnull(fx->fib);
	fx->lc = rte_zmalloc("lc", sizeof(*fx->lc), RTE_CACHE_LINE_SIZE);
	ck_assert_ptr_nonnull(fx->lc);
	fx->lc->pool = pool;
	fx->mep = oam_mep_create(fx->cfg, seed);
	ck_assert_ptr_nonnull(fx->mep);
}

/* Frees what the test left queued too. */
static inline void
prober_fixture_close(struct prober_fixture *fx)
{
	for (unsigned int s = 0; s < LSR_MAX_INTERFACES; s++)
		for (unsigned int i = 0; i < fx->lc->tx[s].n; i++)
			rte_pktmbuf_free(fx->lc->tx[s].pkts[i]);
	oam_mep_free(fx->mep);
	rte_free(fx->lc);
	lsr_fib_free(fx->fib);
	lsr_config_free(fx->cfg);
}

/* A request the prober queued on interface slot 0, decoded. */
struct sent {
	uint32_t label;
	uint8_t ttl;
	uint16_t channel;
	struct oam_ip_info ip;		/* the IP form (channel 0x0021/0x0057) */
	struct oam_echo echo;
	struct oam_lb lb;
};

/* A request addressed to a MIP found on the path (docs/OAM-RULES.md §2.1): its
 * TTL, the Destination Identifier of the node and the one DDMAP naming the MIP's IF_Nums. */
static inline void
assert_mip_request(const struct sent *s, uint8_t ttl, uint32_t node, uint32_t ingress,
		   uint32_t egress)
{
	ck_assert_uint_eq(s->ttl, ttl);
	ck_assert(s->echo.has_dst_id);
	ck_assert_uint_eq(s->echo.dst_id.node_id, node);
	ck_assert_uint_eq(s->echo.n_ddmap, 1);
	ck_assert_uint_eq(s->echo.ddmap[0].ingress, ingress);
	ck_assert_uint_eq(s->echo.ddmap[0].egress, egress);
}

/* The one request on slot 0: Ethernet to the peer, LSP 0's out label, GAL, ACH, message. */
static inline struct sent
take_request(struct lsr_lcore *lc, const struct lsr_config *cfg)
{
	struct sent s;
	struct rte_mbuf *m;
	const uint8_t *p;
	struct mpls_lse top, gal;
	size_t len;

	memset(&s, 0, sizeof(s));
	ck_assert_uint_eq(lc->tx[0].n, 1);
	m = lc->tx[0].pkts[0];
	lc->tx[0].n = 0;
	p = rte_pktmbuf_mtod(m, const uint8_t *);
	len = rte_pktmbuf_data_len(m);
	ck_assert_uint_gt(len, 26);
	ck_assert_int_eq(p[12] << 8 | p[13], MPLS_ETHERTYPE_UNICAST);
	ck_assert_int_eq(memcmp(p, cfg->interfaces[0].peer, 6), 0);
	top = mpls_lse_load(p + 14);
	gal = mpls_lse_load(p + 18);
	ck_assert_uint_eq(top.label, cfg->lsps[0].dir[LSR_DIR_FORWARD].out[0].label);
	ck_assert_uint_eq(top.s, 0);
	ck_assert_uint_eq(gal.label, MPLS_LABEL_GAL);
	ck_assert_uint_eq(gal.s, 1);
	ck_assert_uint_eq(p[22], GACH_FIRST_BYTE);
	s.label = top.label;
	s.ttl = top.ttl;
	s.channel = (uint16_t)(p[24] << 8 | p[25]);
	if (s.channel == GACH_CH_IPV4 || s.channel == GACH_CH_IPV6) {
		ck_assert_int_eq(oam_lspping_ip_decode(p + 26, len - 26, s.channel, &s.ip),
				 OAM_IP_OK);
		ck_assert_int_eq(oam_echo_decode(p + 26 + s.ip.msg_off, s.ip.msg_len, &s.echo), 0);
	} else if (s.channel == GACH_CH_LSP_PING)
		ck_assert_int_eq(oam_echo_decode(p + 26, len - 26, &s.echo), 0);
	else
		ck_assert_int_eq(oam_lb_decode(p + 26, len - 26, &s.lb), 0);
	rte_pktmbuf_free(m);
	return s;
}

/* Hand the prober an echo reply to request s from Node_ID node, as oam_input() does
 * for a reply that came in on LSP lsp (its index in the running configuration). */
static inline void
reply_echo_lsp(struct oam_mep *mep, uint32_t lsp, const struct sent *s, uint64_t now, uint8_t rc,
	       uint32_t node, bool ddmap, uint32_t in, uint32_t out, uint32_t label)
{
	struct oam_echo e;
	struct oam_rx_reply r = {
		.lsp = lsp, .in_slot = 0, .channel = GACH_CH_LSP_PING, .now_ns = now, .echo = &e,
	};

	memset(&e, 0, sizeof(e));
	e.version = 1;
	e.msg_type = OAM_ECHO_REPLY;
	e.handle = s->echo.handle;
	e.seq = s->echo.seq;
	e.rc = rc;
	e.rsc = 1;
	e.has_src_id = true;
	e.src_id.global_id = 65000;
	e.src_id.node_id = node;
	if (ddmap) {
		e.n_ddmap = 1;
		e.ddmap[0].addr_type = OAM_DDMAP_ADDR_NON_IP;
		e.ddmap[0].ingress = in;
		e.ddmap[0].egress = out;
		e.ddmap[0].has_label = label != 0;
		e.ddmap[0].label = label;
	}
	oam_mep_reply(mep, &r);
}

/* The same on LSP 0. */
static inline void
reply_echo(struct oam_mep *mep, const struct sent *s, uint64_t now, uint8_t rc, uint32_t node,
	   bool ddmap, uint32_t in, uint32_t out, uint32_t label)
{
	reply_echo_lsp(mep, 0, s, now, rc, node, ddmap, in, out, label);
}

/* One exchange: answer s at now (reply_echo()), then run the fixture's prober at now. */
static inline void
answer_and_run(struct prober_fixture *fx, const struct sent *s, uint64_t now, uint8_t rc,
	       uint32_t node, bool ddmap, uint32_t in, uint32_t out, uint32_t label)
{
	reply_echo(fx->mep, s, now, rc, node, ddmap, in, out, label);
	oam_mep_run(fx->mep, fx->fib, fx->lc, now);
}

#endif /* TPLSR_TESTS_PROBER_HARNESS_H */
