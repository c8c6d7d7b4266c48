/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OAM node on real mbufs: every rule of the demultiplexer
 * (docs/OAM-RULES.md §2-§5, oam/demux.c) driven through oam_input() with
 * hand-built frames.  A frame is run through lsr_fwd_burst() first, so the
 * punt (kind, entry, TTL, ACH offset) is the one the fast path makes; each test
 * then asserts the verdict (the rule that decided, fate, at, mip_if, reason),
 * the counters and, when a reply is sent, its labels, TTL, TC, form and
 * return code.  Every rule of docs/OAM-RULES.md §2.5 decides at least once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "check_eal.h"
#include "fixture.h"
#include "lsr_config.h"
#include "lsr_fwd.h"
#include "oam.h"
#include "oam_lspping_ip.h"

#define NOW	1000000000ull
#define US	0xc0000202u	/* 192.0.2.2, this node's Node_ID */
#define OTHER	0xc0000203u	/* 192.0.2.3 */
#define TC	5
#define SPORT	49999	/* the requester's UDP source port in the IP form */

static struct rte_mempool *pool;
static struct lsr_lcore *lc;
static struct oam_node *node;
static struct lsr_config *cfg_if, *cfg_node;
static struct lsr_fib *fib_if, *fib_node;

/* Slots 0-3 are IF_Nums 10, 20, 30, 40; the MIPs of 40 are off. */
static const char conf_if[] =
	FIXTURE_NODE
	"icc ABCDEF cc JP\n"
	"oam-policer rate 0 burst 0\n"
	FIXTURE_IF_10_20 FIXTURE_IF_30
	"interface 40 port 3 mac 02:00:00:00:02:04 peer 02:00:00:00:05:01 mip off\n"
	FIXTURE_LSP_A
	FIXTURE_LSP_TREE
	"  reverse in 20 label 211 out 10 label 111\n"
	FIXTURE_LSP_TO_US("sink", 3)
	"  forward in 20 label 220\n"
	"  reverse out 20 label 221\n"
	FIXTURE_LSP_TO_US("sinknr", 4)
	"  forward in 20 label 230\n"
	FIXTURE_LSP_TRANSIT("off", 5)
	"  forward in 40 label 400 out 20 label 401\n"
	"  reverse in 20 label 402 out 40 label 403\n"
	FIXTURE_LSP_TRANSIT("oneway", 6)
	"  forward in 10 label 500 out 20 label 501\n"
	FIXTURE_LSP_TRANSIT("looped", 7)
	"  forward in 10 label 600 out 30 label 601\n"
	"  reverse in 30 label 602 out 10 label 603\n"
	"  loopback interface 10\n"
	FIXTURE_LSP_TRANSIT("offout", 8)
	"  forward in 10 label 700 out 40 label 701\n"
	"  reverse in 40 label 702 out 10 label 703\n";

/* The same node in per-node mode (RFC 6370 §7.3): one MIP, IF_Num 0. */
static const char conf_node[] =
	FIXTURE_NODE
	"mip-mode per-node\n"
	"oam-policer rate 0 burst 0\n"
	FIXTURE_IF_10_20 FIXTURE_IF_30 FIXTURE_LSP_A FIXTURE_LSP_TREE
	"  reverse in 20 label 211 out 10 label 111\n";

/* ---------------------------------------------------------------- frames */

/* Ethernet | label (TC 5) | [GAL] | ACH (first byte, channel) | msg */
static struct rte_mbuf *
frame(uint32_t label, uint8_t ttl, bool gal, uint8_t ach0, uint16_t channel,
      const uint8_t *msg, size_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	size_t hdr = 14 + 4 + (gal ? 4 : 0) + 4;
	uint8_t *p;
	rte_be32_t w;

	ck_assert_ptr_nonnull(m);
	p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(hdr + len));
	ck_assert_ptr_nonnull(p);
	memset(p, 0, 12);
	p[12] = 0x88;
	p[13] = 0x47;
	w = mpls_lse_encode(label, TC, !gal, ttl);
	memcpy(p + 14, &w, 4);
	if (gal) {
		w = mpls_lse_encode(MPLS_LABEL_GAL, 0, true, 1);
		memcpy(p + 18, &w, 4);
	}
	p += hdr - 4;
	p[0] = ach0;
	p[1] = 0;
	p[2] = channel >> 8;
	p[3] = channel & 0xff;
	if (len)
		memcpy(p + 4, msg, len);
	return m;
}

/* Run one frame received on slot through the fast path, then its punt through oam_input(). */
static struct oam_verdict
input_ach(const struct lsr_fib *fib, uint16_t slot, struct rte_mbuf *m)
{
	struct oam_verdict v;

	/* Addressed to the interface it arrives on (else foreign-mac, docs/CONTRACT.md §3.2). */
	memcpy(rte_pktmbuf_mtod(m, uint8_t *), fib->cfg->interfaces[slot].mac, 6);
	lsr_fwd_burst(lc, fib, slot, &m, 1, NOW);
	ck_assert_uint_eq(lc->n_punt, 1);
	oam_input(node, fib, lc, &lc->punt[0], NOW, &v);
	lc->n_punt = 0;
	/* Exactly one fate for every frame (docs/OAM-RULES.md §6). */
	ck_assert_uint_eq(lc->c.rx, lc->c.forwarded + lc->c.consumed + lc->c.dropped);
	return v;
}

static struct oam_verdict
input(const struct lsr_fib *fib, uint16_t slot, uint32_t label, uint8_t ttl, uint16_t channel,
      const uint8_t *msg, size_t len)
{
	return input_ach(fib, slot, frame(label, ttl, true, GACH_FIRST_BYTE, channel, msg, len));
}

struct echo_opts {
	uint16_t flags;
	const struct lsr_node_ident *dst;
	bool ddmap;
	uint32_t ingress, egress;
	uint8_t reply_mode;	/* 0: mode 4 (the builder's) */
	uint8_t ip_dst;		/* IP form: first byte of the destination; 0: 127 */
};

static size_t
echo_req(uint8_t *buf, size_t cap, const struct echo_opts *o)
{
	struct oam_echo_request_params rp = {
		.handle = 0x1234,
		.seq = 7,
		.sent_sec = 3,
		.flags = o->flags,
		.src_id = { 65000, 0xc0000201u },
	};
	ssize_t len;

	if (o->dst != NULL) {
		rp.has_dst_id = true;
		rp.dst_id = *o->dst;
	}
	rp.has_ddmap = o->ddmap;
	rp.ddmap_ingress = o->ingress;
	rp.ddmap_egress = o->egress;
	len = oam_echo_build_request(buf, cap, &rp);
	ck_assert_int_gt(len, 0);
	if (o->reply_mode != 0)
		buf[5] = o->reply_mode;
	return (size_t)len;
}

/* An IPv4 address a.b.c.d, or its IPv4-mapped IPv6 form ::ffff:a.b.c.d. */
static void
ip_addr(uint8_t version, uint8_t a, uint8_t d, uint8_t out[16])
{
	const uint8_t v4[4] = { a, 0, a == 127 ? 0 : 2, d };

	memset(out, 0, 16);
	if (version == 4) {
		memcpy(out, v4, 4);
		return;
	}
	out[10] = out[11] = 0xff;
	memcpy(out + 12, v4, 4);
}

/* An IP-form request (RFC 8029 §4.3) from 192.0.2.1 port SPORT to 127.0.0.1 port 3503, with RA. */
static size_t
ip_echo_req(uint8_t *buf, size_t cap, const struct echo_opts *o, uint8_t version)
{
	struct oam_ip_hdr_params ip = { .version = version, .ttl = 1, .router_alert = true,
					.sport = SPORT, .dport = OAM_LSPPING_PORT };
	uint8_t msg[256];
	size_t n = echo_req(msg, sizeof(msg), o);
	ssize_t len;

	ip_addr(version, 192, 1, ip.src);
	ip_addr(version, o->ip_dst ? o->ip_dst : 127, 1, ip.dst);
	len = oam_lspping_ip_build(buf, cap, &ip, msg, n);
	ck_assert_int_gt(len, 0);
	return (size_t)len;
}

static uint16_t
ip_channel(uint8_t version)
{
	return version == 4 ? GACH_CH_IPV4 : GACH_CH_IPV6;
}

static struct oam_verdict
echo(const struct lsr_fib *fib, uint16_t slot, uint32_t label, uint8_t ttl,
     const struct echo_opts *o)
{
	uint8_t buf[256];
	size_t len = echo_req(buf, sizeof(buf), o);

	return input(fib, slot, label, ttl, GACH_CH_LSP_PING, buf, len);
}

static size_t
lbm(uint8_t *buf, size_t cap, const struct oam_g8113_id *target)
{
	struct oam_lbm_params lp = { .mel = 7, .transaction_id = 0xabcd, .target = *target };
	ssize_t len = oam_lbm_build(buf, cap, &lp);

	ck_assert_int_gt(len, 0);
	return (size_t)len;
}

static struct oam_verdict
lb(const struct lsr_fib *fib, uint16_t slot, uint32_t label, uint8_t ttl,
   const struct oam_g8113_id *target)
{
	uint8_t buf[256];
	size_t len = lbm(buf, sizeof(buf), target);

	return input(fib, slot, label, ttl, GACH_CH_G8113, buf, len);
}

static struct oam_g8113_id
mip_id(uint32_t node_id, uint32_t if_num, const char *icc, const char *cc)
{
	struct oam_g8113_id id = { .subtype = OAM_G8113_SUB_MIP_ID, .node_id = node_id,
				   .if_num = if_num };

	strcpy(id.icc, icc);
	strcpy(id.cc, cc);
	return id;
}

/* A reply queued on a slot, read back. */
struct reply {
	struct mpls_lse top;
	bool gal;
	uint16_t channel;
	bool ip_form;
	struct oam_ip_info ip;
	struct oam_echo echo;
	struct oam_lb lb;
};

static struct reply
take_reply(const struct lsr_config *cfg, uint16_t slot, unsigned int i)
{
	struct rte_mbuf *m;
	const uint8_t *p;
	struct reply r;
	size_t len, off = 18;

	memset(&r, 0, sizeof(r));
	ck_assert_uint_gt(lc->tx[slot].n, i);
	m = lc->tx[slot].pkts[i];
	p = rte_pktmbuf_mtod(m, const uint8_t *);
	len = rte_pktmbuf_data_len(m);
	ck_assert_int_eq(memcmp(p, cfg->interfaces[slot].peer, 6), 0);
	ck_assert_int_eq(memcmp(p + 6, cfg->interfaces[slot].mac, 6), 0);
	ck_assert_int_eq(p[12] << 8 | p[13], MPLS_ETHERTYPE_UNICAST);
	r.top = mpls_lse_load(p + 14);
	if (!r.top.s) {
		struct mpls_lse gal = mpls_lse_load(p + 18);

		ck_assert_uint_eq(gal.label, MPLS_LABEL_GAL);
		ck_assert_uint_eq(gal.s, 1);
		ck_assert_uint_eq(gal.ttl, 1);
		r.gal = true;
		off = 22;
	}
	ck_assert_uint_eq(p[off], GACH_FIRST_BYTE);
	r.channel = (uint16_t)(p[off + 2] << 8 | p[off + 3]);
	if (r.channel == GACH_CH_IPV4 || r.channel == GACH_CH_IPV6) {
		ck_assert_int_eq(oam_lspping_ip_decode(p + off + 4, len - off - 4, r.channel, &r.ip),
				 OAM_IP_OK);
		r.ip_form = true;
		off += r.ip.msg_off;
		len = off + 4 + r.ip.msg_len;
		ck_assert_int_eq(oam_echo_decode(p + off + 4, len - off - 4, &r.echo), 0);
	} else if (r.channel == GACH_CH_LSP_PING)
		ck_assert_int_eq(oam_echo_decode(p + off + 4, len - off - 4, &r.echo), 0);
	else
		ck_assert_int_eq(oam_lb_decode(p + off + 4, len - off - 4, &r.lb), 0);
	return r;
}

/* Reply on the return leg: that leg's label, TTL 255, the request's TC, GAL + ACH. */
static struct reply
return_reply(const struct lsr_config *cfg, uint16_t slot, uint32_t label, uint16_t channel)
{
	struct reply r = take_reply(cfg, slot, 0);

	ck_assert_uint_eq(lc->tx[slot].n, 1);
	ck_assert_uint_eq(r.top.label, label);
	ck_assert_uint_eq(r.top.ttl, 255);
	ck_assert_uint_eq(r.top.tc, TC);
	ck_assert(r.gal);
	ck_assert_uint_eq(r.channel, channel);
	if (channel != GACH_CH_G8113) {
		ck_assert_uint_eq(r.echo.msg_type, OAM_ECHO_REPLY);
		ck_assert_uint_eq(r.echo.handle, 0x1234);
		ck_assert_uint_eq(r.echo.seq, 7);
		ck_assert(r.echo.has_src_id);
		ck_assert_uint_eq(r.echo.src_id.node_id, US);
	} else {
		ck_assert_uint_eq(r.lb.opcode, OAM_G8113_OP_LBR);
		ck_assert_uint_eq(r.lb.transaction_id, 0xabcd);
		ck_assert(r.lb.has_replying);
		ck_assert_uint_eq(r.lb.replying.node_id, US);
	}
	return r;
}

static unsigned int
queued(void)
{
	unsigned int n = 0;

	for (unsigned int s = 0; s < LSR_MAX_INTERFACES; s++)
		n += lc->tx[s].n;
	return n;
}

static void
assert_answered(const struct oam_verdict *v, enum oam_at at, uint32_t mip_if, uint8_t n)
{
	ck_assert_uint_eq(v->fate, OAM_FATE_CONSUMED);
	ck_assert_uint_eq(v->at, at);
	ck_assert_uint_eq(v->mip_if, mip_if);
	ck_assert_uint_eq(v->n_replies, n);
	ck_assert_uint_eq(queued(), n);
}

/* One reply, from at (IF_Num mip_if), queued on the return leg (slot, label): read it back. */
static struct reply
answered(const struct oam_verdict *v, enum oam_at at, uint32_t mip_if,
	 const struct lsr_config *cfg, uint16_t slot, uint32_t label)
{
	assert_answered(v, at, mip_if, 1);
	return return_reply(cfg, slot, label, v->channel);
}

static void
assert_dropped(const struct oam_verdict *v, enum lsr_drop reason, enum oam_at at,
	       uint32_t mip_if)
{
	ck_assert_uint_eq(v->fate, OAM_FATE_DROPPED);
	ck_assert_uint_eq(v->reason, reason);
	ck_assert_uint_eq(v->at, at);
	ck_assert_uint_eq(v->mip_if, mip_if);
	ck_assert_uint_eq(v->n_replies, 0);
	ck_assert_uint_eq(lc->c.drops[reason], 1);
	ck_assert_uint_eq(lc->c.dropped, 1);
	ck_assert_uint_eq(queued(), 0);
}

static struct oam_verdict
ip_echo(const struct lsr_fib *fib, uint16_t slot, uint32_t label, uint8_t ttl,
	const struct echo_opts *o, uint8_t version)
{
	uint8_t buf[512];
	size_t len = ip_echo_req(buf, sizeof(buf), o, version);

	return input(fib, slot, label, ttl, ip_channel(version), buf, len);
}

/* RFC 8029 §4.5: from our address and port 3503 to the request's source and port, TTL 255. */
static void
assert_ip_reply(const struct reply *r, uint8_t version)
{
	uint8_t us[16], them[16];

	ip_addr(version, 192, 2, us);
	ip_addr(version, 192, 1, them);
	ck_assert(r->ip_form);
	ck_assert_uint_eq(r->channel, ip_channel(version));
	ck_assert_uint_eq(r->ip.version, version);
	ck_assert_int_eq(memcmp(r->ip.src, us, 16), 0);
	ck_assert_int_eq(memcmp(r->ip.dst, them, 16), 0);
	ck_assert_uint_eq(r->ip.sport, OAM_LSPPING_PORT);
	ck_assert_uint_eq(r->ip.dport, SPORT);
	ck_assert_uint_eq(r->ip.ttl, 255);
	ck_assert(!r->ip.router_alert);
	ck_assert_uint_eq(r->echo.reply_mode, OAM_REPLY_MODE_ACH);
}

/* ---------------------------------------------------------------- fixture */

static unsigned int handed;
static struct oam_rx_reply last_handed;
static uint32_t handed_handle, handed_tid;

static void
on_reply(void *arg, const struct oam_rx_reply *r)
{
	ck_assert_ptr_eq(arg, &handed);
	handed++;
	last_handed = *r;
	if (r->echo)
		handed_handle = r->echo->handle;
	if (r->lb)
		handed_tid = r->lb->transaction_id;
}

static void
setup(void)
{
	memset(lc, 0, sizeof(*lc));
	lc->pool = pool;
	handed = 0;
}

/* Nothing leaks: every request and reply mbuf is back in the pool. */
static void
teardown(void)
{
	for (unsigned int s = 0; s < LSR_MAX_INTERFACES; s++) {
		for (unsigned int i = 0; i < lc->tx[s].n; i++)
			rte_pktmbuf_free(lc->tx[s].pkts[i]);
		lc->tx[s].n = 0;
	}
	ck_assert_uint_eq(rte_mempool_in_use_count(pool), 0);
}

/* Between two cases of one test: free the replies and start the counters again. */
static void
reset(void)
{
	teardown();
	setup();
}

/* ---------------------------------------------------------------- LSP Ping at a MIP */

/* echo-in-side: no DDMAP: the in-MIP of the arrival interface answers RC 8/1. */
START_TEST(test_echo_in_mip)
{
	struct oam_verdict v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ 0 });
	struct reply r;

	ck_assert_str_eq(v.rule, "echo-in-side");
	assert_answered(&v, OAM_AT_IN_MIP, 10, 1);
	ck_assert_uint_eq(v.channel, GACH_CH_LSP_PING);
	ck_assert_uint_eq(v.lsp, 0);
	r = return_reply(cfg_if, 0, 101, GACH_CH_LSP_PING);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
	ck_assert_uint_eq(r.echo.rsc, 1);
	ck_assert_uint_eq(r.echo.n_ddmap, 0);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REPLY_TX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_IN_MIP], 1);
	ck_assert_uint_eq(lc->c.consumed, 1);
}
END_TEST

/* ddmap-ingress: ingress = the arrival IF_Num: the in-MIP, with the DDMAP of its out leg. */
START_TEST(test_echo_ddmap_ingress)
{
	struct oam_verdict v = echo(fib_if, 0, 100, 1,
				    &(struct echo_opts){ .ddmap = true, .ingress = 10 });
	struct reply r;

	ck_assert_str_eq(v.rule, "ddmap-ingress");
	r = answered(&v, OAM_AT_IN_MIP, 10, cfg_if, 0, 101);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
	ck_assert_uint_eq(r.echo.n_ddmap, 1);
	ck_assert_uint_eq(r.echo.ddmap[0].ingress, 10);
	ck_assert_uint_eq(r.echo.ddmap[0].egress, 20);
	ck_assert_uint_eq(r.echo.ddmap[0].label, 200);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_IN_MIP], 1);
}
END_TEST

/* ddmap-ingress: another IF_Num as ingress: misdirected, before any MIP was chosen. */
START_TEST(test_echo_ddmap_ingress_other)
{
	struct oam_verdict v = echo(fib_if, 0, 100, 1,
				    &(struct echo_opts){ .ddmap = true, .ingress = 30 });

	ck_assert_str_eq(v.rule, "ddmap-ingress");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_NONE, 0);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REPLY_TX], 0);
}
END_TEST

/* ddmap-egress: an out interface of this entry: its out-MIP, reporting its own leg. */
START_TEST(test_echo_out_mip)
{
	struct oam_verdict v = echo(fib_if, 0, 100, 1,
				    &(struct echo_opts){ .ddmap = true, .egress = 20 });
	struct reply r;

	ck_assert_str_eq(v.rule, "ddmap-egress");
	r = answered(&v, OAM_AT_OUT_MIP, 20, cfg_if, 0, 101);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
	ck_assert_uint_eq(r.echo.rsc, 1);
	ck_assert_uint_eq(r.echo.n_ddmap, 1);
	ck_assert_uint_eq(r.echo.ddmap[0].egress, 20);
	ck_assert_uint_eq(r.echo.ddmap[0].label, 200);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_OUT_MIP], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_IN_MIP], 0);
}
END_TEST

/* ddmap-egress: an IF_Num the entry does not send to (RFC 7054 §4), or no such IF_Num. */
START_TEST(test_echo_out_mip_not_on_path)
{
	struct oam_verdict v = echo(fib_if, 0, 100, 1,
				    &(struct echo_opts){ .ddmap = true, .egress = 30 });

	ck_assert_str_eq(v.rule, "ddmap-egress");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_NONE, 0);
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .egress = 99 });
	ck_assert_str_eq(v.rule, "ddmap-egress");
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_MISDIRECTED], 2);
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

/* ddmap-both: the in-MIP checks them: RC 8 when on the path, else RC 5 (RFC 6426 §2.1.1). */
START_TEST(test_echo_ddmap_both)
{
	struct oam_verdict v = echo(fib_if, 0, 100, 1,
				    &(struct echo_opts){ .ddmap = true, .ingress = 10,
							 .egress = 20 });
	struct reply r;

	ck_assert_str_eq(v.rule, "ddmap-both");
	r = answered(&v, OAM_AT_IN_MIP, 10, cfg_if, 0, 101);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
	teardown();
	v = echo(fib_if, 0, 100, 1,
		 &(struct echo_opts){ .ddmap = true, .ingress = 10, .egress = 30 });
	ck_assert_str_eq(v.rule, "ddmap-both");
	r = answered(&v, OAM_AT_IN_MIP, 10, cfg_if, 0, 101);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_DS_MISMATCH);
	ck_assert_uint_eq(r.echo.rsc, 0);
	teardown();
	v = echo(fib_if, 0, 100, 1,
		 &(struct echo_opts){ .ddmap = true, .ingress = 20, .egress = 20 });
	ck_assert_str_eq(v.rule, "ddmap-both");
	r = return_reply(cfg_if, 0, 101, GACH_CH_LSP_PING);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_DS_MISMATCH);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_IN_MIP], 3);
}
END_TEST

/* At a P2MP branch: RC 14 with one DDMAP per leg; a named out-MIP reports its leg only. */
START_TEST(test_echo_p2mp)
{
	struct oam_verdict v = echo(fib_if, 0, 110, 1, &(struct echo_opts){ .ddmap = true });
	struct reply r;

	ck_assert_str_eq(v.rule, "echo-in-side");
	r = answered(&v, OAM_AT_IN_MIP, 10, cfg_if, 0, 111);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_SEE_DDMAP);
	ck_assert_uint_eq(r.echo.rsc, 0);
	ck_assert_uint_eq(r.echo.n_ddmap, 2);
	ck_assert_uint_eq(r.echo.ddmap[0].label, 210);
	ck_assert_uint_eq(r.echo.ddmap[1].egress, 30);
	ck_assert_uint_eq(r.echo.ddmap[1].label, 310);
	teardown();
	v = echo(fib_if, 0, 110, 1, &(struct echo_opts){ .ddmap = true, .egress = 30 });
	ck_assert_str_eq(v.rule, "ddmap-egress");
	r = answered(&v, OAM_AT_OUT_MIP, 30, cfg_if, 0, 111);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
	ck_assert_uint_eq(r.echo.n_ddmap, 1);
	ck_assert_uint_eq(r.echo.ddmap[0].label, 310);
}
END_TEST

/* destination-id: another node's Node_ID (or Global_ID) is misdirected; ours is answered. */
START_TEST(test_echo_destination_id)
{
	struct lsr_node_ident other = { 65000, OTHER }, other_global = { 1, US };
	struct lsr_node_ident us = { 65000, US };
	struct oam_verdict v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .dst = &other });

	ck_assert_str_eq(v.rule, "destination-id");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_NONE, 0);
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .dst = &other_global });
	ck_assert_str_eq(v.rule, "destination-id");
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	ck_assert_uint_eq(queued(), 0);
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .dst = &us });
	ck_assert_str_eq(v.rule, "echo-in-side");
	ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
	ck_assert_uint_eq(v.at, OAM_AT_IN_MIP);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 3);
}
END_TEST

/* tlv-errors: RC 2 for an unknown mandatory TLV, RC 1 for a broken one, before identifiers. */
START_TEST(test_echo_tlv_errors)
{
	static const uint8_t unknown[] = { 0x00, 0x63, 0x00, 0x04, 1, 2, 3, 4 };
	static const uint8_t broken[] = { 0x00, 0x01, 0x00, 0x64, 0, 0, 0, 0 };
	struct lsr_node_ident other = { 65000, OTHER };
	uint8_t buf[256];
	size_t len = echo_req(buf, sizeof(buf), &(struct echo_opts){ .dst = &other, .ddmap = true,
								      .egress = 30 });
	struct oam_verdict v;
	struct reply r;

	memcpy(buf + len, unknown, sizeof(unknown));
	v = input(fib_if, 0, 100, 1, GACH_CH_LSP_PING, buf, len + sizeof(unknown));
	ck_assert_str_eq(v.rule, "tlv-errors");
	r = answered(&v, OAM_AT_IN_MIP, 10, cfg_if, 0, 101);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_TLV_UNKNOWN);
	ck_assert_uint_eq(r.echo.n_ddmap, 0);
	teardown();
	memcpy(buf + len, broken, sizeof(broken));
	v = input(fib_if, 0, 100, 1, GACH_CH_LSP_PING, buf, len + sizeof(broken));
	ck_assert_str_eq(v.rule, "tlv-errors");
	r = answered(&v, OAM_AT_IN_MIP, 10, cfg_if, 0, 101);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_MALFORMED);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REPLY_TX], 2);
}
END_TEST

/* echo-not-request-at-mip: an echo reply expiring at a MIP is answered by nobody. */
START_TEST(test_echo_reply_at_mip)
{
	uint8_t buf[256];
	size_t len = echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 });
	struct oam_verdict v;

	buf[4] = OAM_ECHO_REPLY;
	v = input(fib_if, 0, 100, 1, GACH_CH_LSP_PING, buf, len);
	ck_assert_str_eq(v.rule, "echo-not-request-at-mip");
	assert_dropped(&v, LSR_DROP_UNSUPPORTED_CHANNEL, OAM_AT_NONE, 0);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 0);
	ck_assert_uint_eq(handed, 0);
}
END_TEST

/* ach and echo-undecodable: a bad ACH first byte, a header under 32 bytes, version 2. */
START_TEST(test_malformed)
{
	uint8_t buf[256];
	size_t len = echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 });
	struct oam_verdict v;

	v = input_ach(fib_if, 0, frame(100, 1, true, 0x11, GACH_CH_LSP_PING, buf, len));
	ck_assert_str_eq(v.rule, "ach");
	assert_dropped(&v, LSR_DROP_MALFORMED, OAM_AT_NONE, 0);
	ck_assert_uint_eq(v.channel, 0);	/* the ACH was not read */
	v = input(fib_if, 0, 100, 1, GACH_CH_LSP_PING, buf, 31);
	ck_assert_str_eq(v.rule, "echo-undecodable");
	ck_assert_uint_eq(v.reason, LSR_DROP_MALFORMED);
	ck_assert_uint_eq(v.channel, GACH_CH_LSP_PING);
	buf[1] = 2;
	v = input(fib_if, 0, 100, 1, GACH_CH_LSP_PING, buf, len);
	ck_assert_str_eq(v.rule, "echo-undecodable");
	ck_assert_uint_eq(v.reason, LSR_DROP_MALFORMED);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_MALFORMED], 3);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 0);
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

/* A reply that would exceed 1500 bytes is not sent: malformed, at the MIP that would answer. */
START_TEST(test_reply_too_big)
{
	uint8_t buf[1700];
	size_t len = echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 });
	struct oam_verdict v;

	/* An unknown mandatory TLV of 1480 bytes, echoed back in an Errored TLVs TLV. */
	buf[len] = 0x00;
	buf[len + 1] = 0x63;
	buf[len + 2] = 1480 >> 8;
	buf[len + 3] = 1480 & 0xff;
	memset(buf + len + 4, 0xaa, 1480);
	v = input(fib_if, 0, 100, 1, GACH_CH_LSP_PING, buf, len + 1484);
	ck_assert_str_eq(v.rule, "tlv-errors");
	assert_dropped(&v, LSR_DROP_MALFORMED, OAM_AT_IN_MIP, 10);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_IN_MIP], 0);
}
END_TEST

/* No buffer for the reply: no-mbuf, at the MIP that would answer. */
START_TEST(test_no_mbuf)
{
	struct rte_mempool *empty = rte_pktmbuf_pool_create("empty", 1, 0, 0,
							    RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	struct rte_mbuf *hold;
	struct oam_verdict v;

	ck_assert_ptr_nonnull(empty);
	hold = rte_pktmbuf_alloc(empty);
	ck_assert_ptr_nonnull(hold);
	lc->pool = empty;
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ 0 });
	ck_assert_str_eq(v.rule, "echo-in-side");
	assert_dropped(&v, LSR_DROP_NO_MBUF, OAM_AT_IN_MIP, 10);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REPLY_TX], 0);
	rte_pktmbuf_free(hold);
	rte_mempool_free(empty);
	lc->pool = pool;
}
END_TEST

/* ---------------------------------------------------------------- the chosen MIP's checks */

/* mip off: our disabled in-MIP or out-MIP discards; another node's request stays misdirected. */
START_TEST(test_mip_disabled)
{
	struct lsr_node_ident other = { 65000, OTHER };
	struct oam_verdict v = echo(fib_if, 3, 400, 1, &(struct echo_opts){ 0 });

	ck_assert_str_eq(v.rule, "echo-in-side");
	assert_dropped(&v, LSR_DROP_MIP_DISABLED, OAM_AT_IN_MIP, 40);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 1);
	v = echo(fib_if, 3, 400, 1, &(struct echo_opts){ .dst = &other });
	ck_assert_str_eq(v.rule, "destination-id");
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	v = echo(fib_if, 0, 700, 1, &(struct echo_opts){ .ddmap = true, .egress = 40 });
	ck_assert_str_eq(v.rule, "ddmap-egress");
	ck_assert_uint_eq(v.fate, OAM_FATE_DROPPED);
	ck_assert_uint_eq(v.reason, LSR_DROP_MIP_DISABLED);
	ck_assert_uint_eq(v.at, OAM_AT_OUT_MIP);
	ck_assert_uint_eq(v.mip_if, 40);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_MIP_DISABLED], 2);
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

/* No reverse direction leaving this node: no-return-path at the MIP that would answer. */
START_TEST(test_no_return_path_mip)
{
	struct oam_verdict v = echo(fib_if, 0, 500, 1, &(struct echo_opts){ 0 });

	ck_assert_str_eq(v.rule, "echo-in-side");
	assert_dropped(&v, LSR_DROP_NO_RETURN_PATH, OAM_AT_IN_MIP, 10);
	v = lb(fib_if, 0, 500, 1, &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_INGRESS });
	ck_assert_str_eq(v.rule, "lbm-ingress");
	ck_assert_uint_eq(v.reason, LSR_DROP_NO_RETURN_PATH);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBM_RX], 1);
}
END_TEST

/* RFC 6435 loop at the in-MIP: the in-MIP answers, the out-MIP beyond it is ttl-expired. */
START_TEST(test_loopback)
{
	struct oam_verdict v = echo(fib_if, 0, 600, 1, &(struct echo_opts){ 0 });
	struct reply r;

	ck_assert_str_eq(v.rule, "echo-in-side");
	r = answered(&v, OAM_AT_IN_MIP, 10, cfg_if, 0, 603);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
	teardown();
	v = echo(fib_if, 0, 600, 1, &(struct echo_opts){ .ddmap = true, .egress = 30 });
	ck_assert_str_eq(v.rule, "ddmap-egress");
	assert_dropped(&v, LSR_DROP_TTL_EXPIRED, OAM_AT_OUT_MIP, 30);
}
END_TEST

/* ---------------------------------------------------------------- channels and forms */

/* other-channel: BFD at a MIP (nobody) and at the sink MEP (the MEP decided). */
START_TEST(test_unsupported_channel)
{
	static const uint8_t bfd[24] = { 0x20 };
	struct oam_verdict v = input(fib_if, 0, 100, 1, 0x0022, bfd, sizeof(bfd));

	ck_assert_str_eq(v.rule, "other-channel");
	assert_dropped(&v, LSR_DROP_UNSUPPORTED_CHANNEL, OAM_AT_NONE, 0);
	ck_assert_uint_eq(v.channel, 0x0022);
	v = input(fib_if, 1, 220, 64, 0x0022, bfd, sizeof(bfd));
	ck_assert_str_eq(v.rule, "other-channel");
	ck_assert_uint_eq(v.reason, LSR_DROP_UNSUPPORTED_CHANNEL);
	ck_assert_uint_eq(v.at, OAM_AT_MEP);
	ck_assert_uint_eq(v.mip_if, 20);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_UNSUPPORTED_CHANNEL], 2);
}
END_TEST

/* PW ACH (no GAL, RFC 6423 §3): answered in the same form, label with S = 1 then the ACH;
 * the IP form under a PW label (PW ACH 0x0021) likewise. */
START_TEST(test_pw_ach)
{
	for (uint8_t ver = 0; ver <= 4; ver += 4) {
		uint8_t buf[512];
		uint16_t ch = ver ? GACH_CH_IPV4 : GACH_CH_LSP_PING;
		size_t len = ver ? ip_echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 }, ver) :
				   echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 });
		struct oam_verdict v = input_ach(fib_if, 0, frame(100, 1, false, GACH_FIRST_BYTE,
								  ch, buf, len));
		struct reply r;

		ck_assert_str_eq(v.rule, "echo-in-side");
		assert_answered(&v, OAM_AT_IN_MIP, 10, 1);
		r = take_reply(cfg_if, 0, 0);
		ck_assert(!r.gal);
		ck_assert_uint_eq(r.top.label, 101);
		ck_assert_uint_eq(r.top.s, 1);
		ck_assert_uint_eq(r.top.ttl, 255);
		ck_assert_uint_eq(r.channel, ch);
		ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
		if (ver)
			assert_ip_reply(&r, ver);
		reset();
	}
}
END_TEST

/* ---------------------------------------------------------------- the sink MEP */

/* egress: RC 3/1 from the sink MEP, with no DDMAP even when asked (RFC 8029 §3.4). */
START_TEST(test_sink_echo)
{
	struct oam_verdict v = echo(fib_if, 1, 220, 64,
				    &(struct echo_opts){ .ddmap = true, .egress = 20 });
	struct reply r;

	ck_assert_str_eq(v.rule, "egress");
	assert_answered(&v, OAM_AT_MEP, 20, 1);
	ck_assert_uint_eq(v.lsp, 2);
	r = return_reply(cfg_if, 1, 221, GACH_CH_LSP_PING);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_EGRESS);
	ck_assert_uint_eq(r.echo.rsc, 1);
	ck_assert_uint_eq(r.echo.n_ddmap, 0);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_MEP], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 1);
}
END_TEST

/* t-flag: T set and the TTL did not expire: consumed without a reply; expired: answered. */
START_TEST(test_sink_t_flag)
{
	struct oam_verdict v = echo(fib_if, 1, 220, 64,
				    &(struct echo_opts){ .flags = OAM_ECHO_FLAG_T });

	ck_assert_str_eq(v.rule, "t-flag");
	ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
	ck_assert_uint_eq(v.at, OAM_AT_MEP);
	ck_assert_uint_eq(v.n_replies, 0);
	ck_assert_uint_eq(queued(), 0);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_NO_REPLY_T_FLAG], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_MEP], 0);
	v = echo(fib_if, 1, 220, 1, &(struct echo_opts){ .flags = OAM_ECHO_FLAG_T });
	ck_assert_str_eq(v.rule, "egress");
	assert_answered(&v, OAM_AT_MEP, 20, 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_NO_REPLY_T_FLAG], 1);
}
END_TEST

/* The sink MEP's shared checks: TLV errors, Destination Identifier, return path. */
START_TEST(test_sink_checks)
{
	static const uint8_t unknown[] = { 0x00, 0x63, 0x00, 0x04, 1, 2, 3, 4 };
	struct lsr_node_ident other = { 65000, OTHER };
	uint8_t buf[256];
	size_t len = echo_req(buf, sizeof(buf), &(struct echo_opts){ .dst = &other });
	struct oam_verdict v = input(fib_if, 1, 220, 64, GACH_CH_LSP_PING, buf, len);
	struct reply r;

	ck_assert_str_eq(v.rule, "destination-id");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_MEP, 20);
	memcpy(buf + len, unknown, sizeof(unknown));
	v = input(fib_if, 1, 220, 64, GACH_CH_LSP_PING, buf, len + sizeof(unknown));
	ck_assert_str_eq(v.rule, "tlv-errors");
	ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
	r = return_reply(cfg_if, 1, 221, GACH_CH_LSP_PING);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_TLV_UNKNOWN);
	teardown();
	v = echo(fib_if, 1, 230, 64, &(struct echo_opts){ 0 });
	ck_assert_str_eq(v.rule, "egress");
	ck_assert_uint_eq(v.fate, OAM_FATE_DROPPED);
	ck_assert_uint_eq(v.reason, LSR_DROP_NO_RETURN_PATH);
	ck_assert_uint_eq(v.at, OAM_AT_MEP);
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

/* echo-reply-to-prober, lbr-to-prober, echo-bad-type at the sink MEP. */
START_TEST(test_sink_to_prober)
{
	uint8_t buf[256];
	size_t len = echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 });
	struct oam_verdict v;

	buf[4] = OAM_ECHO_REPLY;
	v = input(fib_if, 1, 220, 64, GACH_CH_LSP_PING, buf, len);
	ck_assert_str_eq(v.rule, "echo-reply-to-prober");
	ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
	ck_assert_uint_eq(v.at, OAM_AT_MEP);
	ck_assert_uint_eq(handed, 1);
	ck_assert_uint_eq(last_handed.lsp, 2);
	ck_assert_uint_eq(last_handed.in_slot, 1);
	ck_assert_uint_eq(last_handed.channel, GACH_CH_LSP_PING);
	ck_assert_uint_eq(last_handed.now_ns, NOW);
	ck_assert_uint_eq(handed_handle, 0x1234);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REPLY_RX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 0);
	buf[4] = 3;
	v = input(fib_if, 1, 220, 64, GACH_CH_LSP_PING, buf, len);
	ck_assert_str_eq(v.rule, "echo-bad-type");
	ck_assert_uint_eq(v.reason, LSR_DROP_MALFORMED);
	ck_assert_uint_eq(v.at, OAM_AT_MEP);
	len = lbm(buf, sizeof(buf), &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_INGRESS });
	buf[1] = OAM_G8113_OP_LBR;
	v = input(fib_if, 1, 220, 64, GACH_CH_G8113, buf, len);
	ck_assert_str_eq(v.rule, "lbr-to-prober");
	ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
	ck_assert_uint_eq(handed, 2);
	ck_assert_uint_eq(handed_tid, 0xabcd);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBR_RX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBM_RX], 0);
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

/* lbm-at-mep (a MEP ID is accepted) and lbm-mip-id-not-ours at the sink MEP. */
START_TEST(test_sink_lbm)
{
	struct oam_g8113_id other = mip_id(OTHER, 20, "ABCDEF", "JP");
	struct oam_verdict v = lb(fib_if, 1, 220, 64,
				  &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_MEP_ID,
							  .mep_id = 9 });
	struct reply r;

	ck_assert_str_eq(v.rule, "lbm-at-mep");
	r = answered(&v, OAM_AT_MEP, 20, cfg_if, 1, 221);
	ck_assert_uint_eq(r.lb.replying.if_num, 20);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBR_TX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_MEP], 1);
	teardown();
	v = lb(fib_if, 1, 220, 64, &other);
	ck_assert_str_eq(v.rule, "lbm-mip-id-not-ours");
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	ck_assert_uint_eq(v.at, OAM_AT_MEP);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBM_RX], 2);
}
END_TEST

/* ---------------------------------------------------------------- G.8113.1 at a MIP */

/* lbm-ingress: subtype 0: the in-MIP answers with its MIP ID (ICC, Node_ID, IF_Num, CC). */
START_TEST(test_lbm_ingress)
{
	struct oam_verdict v = lb(fib_if, 0, 100, 1,
				  &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_INGRESS });
	struct reply r;

	ck_assert_str_eq(v.rule, "lbm-ingress");
	assert_answered(&v, OAM_AT_IN_MIP, 10, 1);
	ck_assert_uint_eq(v.channel, GACH_CH_G8113);
	r = return_reply(cfg_if, 0, 101, GACH_CH_G8113);
	ck_assert_uint_eq(r.lb.replying.subtype, OAM_G8113_SUB_MIP_ID);
	ck_assert_uint_eq(r.lb.replying.if_num, 10);
	ck_assert_str_eq(r.lb.replying.icc, "ABCDEF");
	ck_assert_str_eq(r.lb.replying.cc, "JP");
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBM_RX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBR_TX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_IN_MIP], 1);
}
END_TEST

/* lbm-egress: subtype 1: every out-MIP of the entry answers, one LBR each. */
START_TEST(test_lbm_egress)
{
	struct oam_verdict v = lb(fib_if, 0, 110, 1,
				  &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_EGRESS });
	struct reply r0, r1;

	ck_assert_str_eq(v.rule, "lbm-egress");
	ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
	ck_assert_uint_eq(v.at, OAM_AT_OUT_MIP);
	ck_assert_uint_eq(v.mip_if, 20);
	ck_assert_uint_eq(v.n_replies, 2);
	ck_assert_uint_eq(lc->tx[0].n, 2);
	r0 = take_reply(cfg_if, 0, 0);
	r1 = take_reply(cfg_if, 0, 1);
	ck_assert_uint_eq(r0.top.label, 111);
	ck_assert_uint_eq(r0.lb.replying.if_num, 20);
	ck_assert_uint_eq(r1.lb.replying.if_num, 30);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBR_TX], 2);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_OUT_MIP], 2);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBM_RX], 1);
	ck_assert_uint_eq(lc->c.consumed, 1);
	teardown();
	/* The only out-MIP is off: the frame is dropped for its reason. */
	v = lb(fib_if, 0, 700, 1, &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_EGRESS });
	ck_assert_str_eq(v.rule, "lbm-egress");
	ck_assert_uint_eq(v.reason, LSR_DROP_MIP_DISABLED);
	ck_assert_uint_eq(v.at, OAM_AT_OUT_MIP);
	ck_assert_uint_eq(v.mip_if, 40);
}
END_TEST

/* lbm-mip-id-in / -out / -not-ours / not-for-mip: subtype 3 by IF_Num, ICC, CC, Node_ID. */
START_TEST(test_lbm_mip_id)
{
	struct oam_g8113_id in = mip_id(US, 10, "ABCDEF", "JP");
	struct oam_g8113_id out = mip_id(US, 20, "ABCDEF", "");
	struct oam_verdict v = lb(fib_if, 0, 100, 1, &in);
	struct reply r;

	ck_assert_str_eq(v.rule, "lbm-mip-id-in");
	assert_answered(&v, OAM_AT_IN_MIP, 10, 1);
	teardown();
	v = lb(fib_if, 0, 100, 1, &out);	/* an empty CC is not compared */
	r = answered(&v, OAM_AT_OUT_MIP, 20, cfg_if, 0, 101);
	ck_assert_str_eq(v.rule, "lbm-mip-id-out");
	ck_assert_uint_eq(r.lb.replying.if_num, 20);
	reset();
	v = lb(fib_if, 0, 100, 1, &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_MEP_ID });
	ck_assert_str_eq(v.rule, "lbm-not-for-mip");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_NONE, 0);
	in = mip_id(US, 30, "ABCDEF", "JP");		/* not on this LSP's path */
	v = lb(fib_if, 0, 100, 1, &in);
	ck_assert_str_eq(v.rule, "lbm-not-for-mip");
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	in = mip_id(US, 10, "XYZ", "JP");		/* another ICC */
	v = lb(fib_if, 0, 100, 1, &in);
	ck_assert_str_eq(v.rule, "lbm-mip-id-not-ours");
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	in = mip_id(US, 10, "ABCDEF", "FR");		/* another CC */
	v = lb(fib_if, 0, 100, 1, &in);
	ck_assert_str_eq(v.rule, "lbm-mip-id-not-ours");
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	in = mip_id(OTHER, 10, "ABCDEF", "JP");		/* another node */
	v = lb(fib_if, 0, 100, 1, &in);
	ck_assert_str_eq(v.rule, "lbm-mip-id-not-ours");
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_MISDIRECTED], 5);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBM_RX], 5);
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

/* lb-other-opcode, lbr-at-mip, lb-undecodable, lbm-no-target. */
START_TEST(test_lb_malformed)
{
	/* MEL 7, opcode, flags, first TLV offset 4; transaction ID; End TLV */
	uint8_t no_target[] = { 0xe0, OAM_G8113_OP_LBM, 0, 4, 0, 0, 0xab, 0xcd, 0 };
	static const uint8_t ccm[] = { 0xe0, 1, 0, 4, 0, 0, 0, 1, 0 };
	static const uint8_t broken[] = { 0xe0, OAM_G8113_OP_LBM, 0, 4, 0, 0, 0xab, 0xcd,
					  OAM_G8113_TLV_TARGET, 0x00, 0xff, 0 };
	struct oam_verdict v = input(fib_if, 0, 100, 1, GACH_CH_G8113, no_target,
				     sizeof(no_target));

	ck_assert_str_eq(v.rule, "lbm-no-target");
	assert_dropped(&v, LSR_DROP_MALFORMED, OAM_AT_NONE, 0);
	v = input(fib_if, 0, 100, 1, GACH_CH_G8113, broken, sizeof(broken));
	ck_assert_str_eq(v.rule, "lb-undecodable");
	ck_assert_uint_eq(v.reason, LSR_DROP_MALFORMED);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_MALFORMED], 2);
	v = input(fib_if, 0, 100, 1, GACH_CH_G8113, ccm, sizeof(ccm));
	ck_assert_str_eq(v.rule, "lb-other-opcode");
	ck_assert_uint_eq(v.reason, LSR_DROP_UNSUPPORTED_CHANNEL);
	no_target[1] = OAM_G8113_OP_LBR;
	v = input(fib_if, 0, 100, 1, GACH_CH_G8113, no_target, sizeof(no_target));
	ck_assert_str_eq(v.rule, "lbr-at-mip");
	ck_assert_uint_eq(v.reason, LSR_DROP_UNSUPPORTED_CHANNEL);
	ck_assert_uint_eq(v.at, OAM_AT_NONE);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_UNSUPPORTED_CHANNEL], 2);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_LBM_RX], 0);
	ck_assert_uint_eq(handed, 0);
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

/* ---------------------------------------------------------------- the IP form (0x0021, 0x0057) */

/* echo-in-side, IPv4 form: the in-MIP answers in the IPv4 form, same rules and codes. */
START_TEST(test_ip_in_mip)
{
	struct oam_verdict v = ip_echo(fib_if, 0, 100, 1, &(struct echo_opts){ 0 }, 4);
	struct reply r;

	ck_assert_str_eq(v.rule, "echo-in-side");
	ck_assert_uint_eq(v.channel, GACH_CH_IPV4);
	r = answered(&v, OAM_AT_IN_MIP, 10, cfg_if, 0, 101);
	assert_ip_reply(&r, 4);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
	ck_assert_uint_eq(r.echo.rsc, 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REPLY_TX], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_IN_MIP], 1);
}
END_TEST

/* ddmap-egress, IPv4 and IPv6 forms: the out-MIP with its own leg. */
START_TEST(test_ip_out_mip)
{
	for (uint8_t ver = 4; ver <= 6; ver += 2) {
		struct oam_verdict v = ip_echo(fib_if, 0, 100, 1,
					       &(struct echo_opts){ .ddmap = true, .egress = 20 },
					       ver);
		struct reply r;

		ck_assert_str_eq(v.rule, "ddmap-egress");
		r = answered(&v, OAM_AT_OUT_MIP, 20, cfg_if, 0, 101);
		assert_ip_reply(&r, ver);
		ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
		ck_assert_uint_eq(r.echo.n_ddmap, 1);
		ck_assert_uint_eq(r.echo.ddmap[0].label, 200);
		reset();
	}
}
END_TEST

/* destination-id, ddmap-ingress, ddmap-egress: misdirected in the IP form as in the other. */
START_TEST(test_ip_misdirected)
{
	struct lsr_node_ident other = { 65000, OTHER };
	struct oam_verdict v = ip_echo(fib_if, 0, 100, 1, &(struct echo_opts){ .dst = &other }, 4);

	ck_assert_str_eq(v.rule, "destination-id");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_NONE, 0);
	reset();
	v = ip_echo(fib_if, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .ingress = 30 }, 6);
	ck_assert_str_eq(v.rule, "ddmap-ingress");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_NONE, 0);
	reset();
	v = ip_echo(fib_if, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .egress = 30 }, 4);
	ck_assert_str_eq(v.rule, "ddmap-egress");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_NONE, 0);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 1);
}
END_TEST

/* P2MP branch in the IPv6 form: RC 14 with one DDMAP per leg. */
START_TEST(test_ip_p2mp)
{
	struct oam_verdict v = ip_echo(fib_if, 0, 110, 1, &(struct echo_opts){ .ddmap = true }, 6);
	struct reply r;

	ck_assert_str_eq(v.rule, "echo-in-side");
	r = answered(&v, OAM_AT_IN_MIP, 10, cfg_if, 0, 111);
	assert_ip_reply(&r, 6);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_SEE_DDMAP);
	ck_assert_uint_eq(r.echo.n_ddmap, 2);
	ck_assert_uint_eq(r.echo.ddmap[1].label, 310);
}
END_TEST

/* Per-node mode: the node MIP answers in the IP form. */
START_TEST(test_ip_node_mip)
{
	struct oam_verdict v = ip_echo(fib_node, 0, 100, 1,
				       &(struct echo_opts){ .ddmap = true, .egress = 20 }, 4);
	struct reply r;

	ck_assert_str_eq(v.rule, "ddmap-egress");
	r = answered(&v, OAM_AT_NODE_MIP, 0, cfg_node, 0, 101);
	assert_ip_reply(&r, 4);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_NODE_MIP], 1);
}
END_TEST

/* mip off: the disabled MIP discards the IP form too. */
START_TEST(test_ip_mip_disabled)
{
	struct oam_verdict v = ip_echo(fib_if, 3, 400, 1, &(struct echo_opts){ 0 }, 4);

	ck_assert_str_eq(v.rule, "echo-in-side");
	assert_dropped(&v, LSR_DROP_MIP_DISABLED, OAM_AT_IN_MIP, 40);
}
END_TEST

/* egress at the sink MEP, both forms; an IP-form reply goes to the prober. */
START_TEST(test_ip_sink)
{
	uint8_t buf[512];
	struct oam_ip_hdr_params ip = { .version = 4, .ttl = 255, .sport = OAM_LSPPING_PORT,
					.dport = SPORT };
	uint8_t msg[256];
	size_t n;
	ssize_t len;
	struct reply r;
	struct oam_verdict v;

	for (uint8_t ver = 4; ver <= 6; ver += 2) {
		v = ip_echo(fib_if, 1, 220, 64, &(struct echo_opts){ 0 }, ver);
		ck_assert_str_eq(v.rule, "egress");
		r = answered(&v, OAM_AT_MEP, 20, cfg_if, 1, 221);
		assert_ip_reply(&r, ver);
		ck_assert_uint_eq(r.echo.rc, OAM_RC_EGRESS);
		reset();
	}
	n = echo_req(msg, sizeof(msg), &(struct echo_opts){ 0 });
	msg[4] = OAM_ECHO_REPLY;
	ip_addr(4, 192, 3, ip.src);
	ip_addr(4, 192, 2, ip.dst);
	len = oam_lspping_ip_build(buf, sizeof(buf), &ip, msg, n);
	ck_assert_int_gt(len, 0);
	v = input(fib_if, 1, 220, 64, GACH_CH_IPV4, buf, (size_t)len);
	ck_assert_str_eq(v.rule, "echo-reply-to-prober");
	ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
	ck_assert_uint_eq(handed, 1);
	ck_assert_uint_eq(last_handed.channel, GACH_CH_LSP_PING);
	ck_assert_uint_eq(handed_handle, 0x1234);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REPLY_RX], 1);
}
END_TEST

/* ip-udp-undecodable: bad UDP checksum, wrong length, a destination outside 127/8. */
START_TEST(test_ip_malformed)
{
	uint8_t buf[512];
	size_t len = ip_echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 }, 4);
	struct oam_verdict v;

	buf[len - 1] ^= 0x01;
	v = input(fib_if, 0, 100, 1, GACH_CH_IPV4, buf, len);
	ck_assert_str_eq(v.rule, "ip-udp-undecodable");
	assert_dropped(&v, LSR_DROP_MALFORMED, OAM_AT_NONE, 0);
	ck_assert_uint_eq(v.channel, GACH_CH_IPV4);
	len = ip_echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 }, 6);
	v = input(fib_if, 0, 100, 1, GACH_CH_IPV6, buf, len - 1);	/* payload length past the end */
	ck_assert_str_eq(v.rule, "ip-udp-undecodable");
	ck_assert_uint_eq(v.reason, LSR_DROP_MALFORMED);
	v = input(fib_if, 0, 100, 1, GACH_CH_IPV4, buf, len);		/* IPv6 on the IPv4 channel */
	ck_assert_str_eq(v.rule, "ip-udp-undecodable");
	len = ip_echo_req(buf, sizeof(buf), &(struct echo_opts){ .ip_dst = 10 }, 4);
	v = input(fib_if, 0, 100, 1, GACH_CH_IPV4, buf, len);
	ck_assert_str_eq(v.rule, "ip-udp-undecodable");
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_MALFORMED], 4);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 0);
	ck_assert_uint_eq(queued(), 0);
}
END_TEST

/* reply-mode-none, reply-mode-unsupported (RFC 8029 §3), both forms; checks come first. */
START_TEST(test_reply_modes)
{
	struct lsr_node_ident other = { 65000, OTHER };
	struct oam_verdict v;

	for (uint8_t ver = 0; ver <= 6; ver += 2) {
		if (ver == 2)
			continue;
		v = ver ? ip_echo(fib_if, 0, 100, 1, &(struct echo_opts){ .reply_mode = 1 }, ver) :
			  echo(fib_if, 0, 100, 1, &(struct echo_opts){ .reply_mode = 1 });
		ck_assert_str_eq(v.rule, "reply-mode-none");
		ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
		ck_assert_uint_eq(v.at, OAM_AT_IN_MIP);
		ck_assert_uint_eq(v.n_replies, 0);
		ck_assert_uint_eq(queued(), 0);
		ck_assert_uint_eq(lc->c.oam[OAM_CNT_NO_REPLY_MODE], 1);
		ck_assert_uint_eq(lc->c.oam[OAM_CNT_ECHO_REQUEST_RX], 1);
		ck_assert_uint_eq(lc->c.oam[OAM_CNT_IN_MIP], 0);
		reset();
		for (uint8_t mode = 2; mode <= 5; mode += 1) {
			if (mode == OAM_REPLY_MODE_ACH)
				continue;
			v = ver ? ip_echo(fib_if, 1, 220, 64,
					  &(struct echo_opts){ .reply_mode = mode }, ver) :
				  echo(fib_if, 1, 220, 64, &(struct echo_opts){ .reply_mode = mode });
			ck_assert_str_eq(v.rule, "reply-mode-unsupported");
			assert_dropped(&v, LSR_DROP_UNSUPPORTED_REPLY_MODE, OAM_AT_MEP, 20);
			reset();
		}
	}
	/* The identifiers and the MIP's own checks come before the reply mode. */
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .reply_mode = 1, .dst = &other });
	ck_assert_str_eq(v.rule, "destination-id");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_NONE, 0);
	reset();
	v = ip_echo(fib_if, 3, 400, 1, &(struct echo_opts){ .reply_mode = 2 }, 4);
	assert_dropped(&v, LSR_DROP_MIP_DISABLED, OAM_AT_IN_MIP, 40);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_NO_REPLY_MODE], 0);
}
END_TEST

/* ---------------------------------------------------------------- link punts (RA, section GAL) */

/*
 * Ethernet | [label 1 (S=0, TTL 1)] | GAL (S=1, TTL 1) | ACH | msg, handed to
 * oam_input() as the fast path punts it (include/lsr_fwd.h: entry NULL); with
 * ra and !gal: label 1 then a PW label and no G-ACh (ach_off 0).
 */
static struct oam_verdict
input_link(enum lsr_punt_kind kind, bool gal, uint8_t ach0, uint16_t channel,
	   const uint8_t *msg, size_t len)
{
	struct rte_mbuf *m = frame(kind == LSR_PUNT_ROUTER_ALERT ? MPLS_LABEL_ROUTER_ALERT :
				   MPLS_LABEL_GAL, 1, gal && kind == LSR_PUNT_ROUTER_ALERT,
				   ach0, channel, msg, len);
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct lsr_punt punt = { .m = m, .in_slot = 0, .kind = (uint8_t)kind, .ttl = 1, .tc = TC,
				 .gal = 1 };
	uint64_t before = lc->c.consumed + lc->c.dropped;
	struct oam_verdict v;

	memcpy(p, cfg_if->interfaces[0].mac, 6);
	if (kind == LSR_PUNT_SECTION) {
		struct mpls_lse top = mpls_lse_load(p + 14);

		top.tc = TC;
		mpls_lse_store(p + 14, top);
		punt.ach_off = 18;
	} else if (gal) {
		punt.ach_off = 22;
	}
	oam_input(node, fib_if, lc, &punt, NOW, &v);
	/* Exactly one fate (docs/OAM-RULES.md §6). */
	ck_assert_uint_eq(lc->c.consumed + lc->c.dropped, before + 1);
	ck_assert_uint_eq(v.lsp, UINT32_MAX);
	return v;
}

/* The reply to a link punt: out of the arrival interface, in the punt's form, TTL 1. */
static struct reply
link_reply(enum lsr_punt_kind kind, uint16_t channel)
{
	struct reply r = take_reply(cfg_if, 0, 0);

	ck_assert_uint_eq(lc->tx[0].n, 1);
	ck_assert_uint_eq(r.top.ttl, 1);
	ck_assert_uint_eq(r.top.tc, TC);
	ck_assert_uint_eq(r.channel, channel);
	if (kind == LSR_PUNT_SECTION) {
		ck_assert_uint_eq(r.top.label, MPLS_LABEL_GAL);
		ck_assert_uint_eq(r.top.s, 1);
	} else {
		ck_assert_uint_eq(r.top.label, MPLS_LABEL_ROUTER_ALERT);
		ck_assert(r.gal);
	}
	return r;
}

/* egress (section and router alert, both LSP Ping forms): the link's end answers RC 3. */
START_TEST(test_link_echo)
{
	static const enum lsr_punt_kind kinds[] = { LSR_PUNT_SECTION, LSR_PUNT_ROUTER_ALERT };

	for (unsigned int k = 0; k < RTE_DIM(kinds); k++) {
		for (uint8_t ver = 0; ver <= 6; ver += 2) {
			uint8_t buf[512];
			uint16_t ch = ver ? ip_channel(ver) : GACH_CH_LSP_PING;
			size_t len;
			struct oam_verdict v;
			struct reply r;

			if (ver == 2)
				continue;
			len = ver ? ip_echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 }, ver) :
				    echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 });
			v = input_link(kinds[k], true, GACH_FIRST_BYTE, ch, buf, len);
			ck_assert_str_eq(v.rule, "egress");
			assert_answered(&v, OAM_AT_MEP, 10, 1);
			r = link_reply(kinds[k], ch);
			ck_assert_uint_eq(r.echo.rc, OAM_RC_EGRESS);
			ck_assert_uint_eq(r.echo.handle, 0x1234);
			ck_assert_uint_eq(r.echo.src_id.node_id, US);
			if (ver)
				assert_ip_reply(&r, ver);
			ck_assert_uint_eq(lc->c.oam[OAM_CNT_MEP], 1);
			reset();
		}
	}
}
END_TEST

/* lbm-at-mep on a section: the LBR names the arrival interface; lbm-mip-id-not-ours. */
START_TEST(test_link_lbm)
{
	uint8_t buf[256];
	struct oam_g8113_id other = mip_id(OTHER, 10, "", "");
	size_t len = lbm(buf, sizeof(buf), &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_INGRESS });
	struct oam_verdict v = input_link(LSR_PUNT_SECTION, true, GACH_FIRST_BYTE, GACH_CH_G8113,
					  buf, len);
	struct reply r;

	ck_assert_str_eq(v.rule, "lbm-at-mep");
	assert_answered(&v, OAM_AT_MEP, 10, 1);
	r = link_reply(LSR_PUNT_SECTION, GACH_CH_G8113);
	ck_assert_uint_eq(r.lb.opcode, OAM_G8113_OP_LBR);
	ck_assert_uint_eq(r.lb.replying.if_num, 10);
	reset();
	len = lbm(buf, sizeof(buf), &other);
	v = input_link(LSR_PUNT_ROUTER_ALERT, true, GACH_FIRST_BYTE, GACH_CH_G8113, buf, len);
	ck_assert_str_eq(v.rule, "lbm-mip-id-not-ours");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_MEP, 10);
}
END_TEST

/* What a link punt does not answer: no G-ACh under RA, replies, other channels, bad ACH,
 * another node's Destination Identifier, reply mode 1. */
START_TEST(test_link_drops)
{
	static const uint8_t bfd[24] = { 0x20 };
	struct lsr_node_ident other = { 65000, OTHER };
	uint8_t buf[256];
	size_t len = echo_req(buf, sizeof(buf), &(struct echo_opts){ 0 });
	struct oam_verdict v = input_link(LSR_PUNT_ROUTER_ALERT, false, GACH_FIRST_BYTE,
					  GACH_CH_LSP_PING, buf, len);

	ck_assert_str_eq(v.rule, "router-alert-no-gach");
	assert_dropped(&v, LSR_DROP_ROUTER_ALERT, OAM_AT_NONE, 0);
	reset();
	v = input_link(LSR_PUNT_SECTION, true, 0x11, GACH_CH_LSP_PING, buf, len);
	ck_assert_str_eq(v.rule, "ach");
	assert_dropped(&v, LSR_DROP_MALFORMED, OAM_AT_NONE, 0);
	reset();
	v = input_link(LSR_PUNT_SECTION, true, GACH_FIRST_BYTE, 0x0022, bfd, sizeof(bfd));
	ck_assert_str_eq(v.rule, "other-channel");
	assert_dropped(&v, LSR_DROP_UNSUPPORTED_CHANNEL, OAM_AT_MEP, 10);
	reset();
	buf[4] = OAM_ECHO_REPLY;	/* no prober runs on a link */
	v = input_link(LSR_PUNT_SECTION, true, GACH_FIRST_BYTE, GACH_CH_LSP_PING, buf, len);
	ck_assert_str_eq(v.rule, "echo-not-request-at-mip");
	assert_dropped(&v, LSR_DROP_UNSUPPORTED_CHANNEL, OAM_AT_MEP, 10);
	ck_assert_uint_eq(handed, 0);
	reset();
	len = lbm(buf, sizeof(buf), &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_INGRESS });
	buf[1] = OAM_G8113_OP_LBR;
	v = input_link(LSR_PUNT_ROUTER_ALERT, true, GACH_FIRST_BYTE, GACH_CH_G8113, buf, len);
	ck_assert_str_eq(v.rule, "lbr-at-mip");
	assert_dropped(&v, LSR_DROP_UNSUPPORTED_CHANNEL, OAM_AT_MEP, 10);
	ck_assert_uint_eq(handed, 0);
	reset();
	len = echo_req(buf, sizeof(buf), &(struct echo_opts){ .dst = &other });
	v = input_link(LSR_PUNT_SECTION, true, GACH_FIRST_BYTE, GACH_CH_LSP_PING, buf, len);
	ck_assert_str_eq(v.rule, "destination-id");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_MEP, 10);
	reset();
	len = echo_req(buf, sizeof(buf), &(struct echo_opts){ .reply_mode = 1 });
	v = input_link(LSR_PUNT_SECTION, true, GACH_FIRST_BYTE, GACH_CH_LSP_PING, buf, len);
	ck_assert_str_eq(v.rule, "reply-mode-none");
	ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
	ck_assert_uint_eq(queued(), 0);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_NO_REPLY_MODE], 1);
}
END_TEST

/* ---------------------------------------------------------------- per-node mode */

/* The node MIP (IF_Num 0) answers every "handled by" row; DDMAP IF_Nums must be on the path. */
START_TEST(test_node_mip_echo)
{
	struct oam_verdict v = echo(fib_node, 0, 100, 1,
				    &(struct echo_opts){ .ddmap = true, .egress = 20 });
	struct reply r;

	ck_assert_str_eq(v.rule, "ddmap-egress");
	r = answered(&v, OAM_AT_NODE_MIP, 0, cfg_node, 0, 101);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_LABEL_SWITCHED);
	ck_assert_uint_eq(r.echo.n_ddmap, 1);
	ck_assert_uint_eq(r.echo.ddmap[0].ingress, 10);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_NODE_MIP], 1);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_OUT_MIP], 0);
	teardown();
	v = echo(fib_node, 0, 110, 1, &(struct echo_opts){ .ddmap = true, .egress = 30 });
	ck_assert_str_eq(v.rule, "ddmap-egress");
	r = answered(&v, OAM_AT_NODE_MIP, 0, cfg_node, 0, 111);
	ck_assert_uint_eq(r.echo.rc, OAM_RC_SEE_DDMAP);	/* the node MIP reports every leg */
	ck_assert_uint_eq(r.echo.n_ddmap, 2);
	teardown();
	v = echo(fib_node, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .egress = 30 });
	ck_assert_str_eq(v.rule, "ddmap-egress");
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
}
END_TEST

/* lbm-mip-id-node, lbm-egress-node: only IF_Num 0 names the node MIP. */
START_TEST(test_node_mip_lbm)
{
	struct oam_g8113_id node0 = mip_id(US, 0, "", "");
	struct oam_g8113_id if10 = mip_id(US, 10, "", "");
	struct oam_verdict v = lb(fib_node, 0, 100, 1, &node0);
	struct reply r;

	ck_assert_str_eq(v.rule, "lbm-mip-id-node");
	r = answered(&v, OAM_AT_NODE_MIP, 0, cfg_node, 0, 101);
	ck_assert_uint_eq(r.lb.replying.if_num, 0);
	ck_assert_str_eq(r.lb.replying.icc, "");
	teardown();
	v = lb(fib_node, 0, 110, 1, &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_EGRESS });
	ck_assert_str_eq(v.rule, "lbm-egress-node");
	assert_answered(&v, OAM_AT_NODE_MIP, 0, 1);	/* one LBR, even at a P2MP branch */
	reset();
	v = lb(fib_node, 0, 100, 1, &if10);
	ck_assert_str_eq(v.rule, "lbm-mip-id-node");
	assert_dropped(&v, LSR_DROP_MISDIRECTED, OAM_AT_NONE, 0);
}
END_TEST

/* The node keeps no configuration: one node judges each punt by its own fib's. */
START_TEST(test_node_reads_fib_cfg)
{
	struct oam_node *fresh = oam_node_create();
	struct rte_mbuf *m = frame(100, 1, true, GACH_FIRST_BYTE, 0x0022, NULL, 0);
	struct oam_verdict v;

	ck_assert_ptr_nonnull(fresh);
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ 0 });
	ck_assert_str_eq(v.rule, "echo-in-side");
	ck_assert_uint_eq(v.at, OAM_AT_IN_MIP);
	v = echo(fib_node, 0, 100, 1, &(struct echo_opts){ 0 });
	ck_assert_str_eq(v.rule, "echo-in-side");
	ck_assert_uint_eq(v.at, OAM_AT_NODE_MIP);
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ 0 });
	ck_assert_str_eq(v.rule, "echo-in-side");
	ck_assert_uint_eq(v.at, OAM_AT_IN_MIP);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_IN_MIP], 2);
	ck_assert_uint_eq(lc->c.oam[OAM_CNT_NODE_MIP], 1);
	/* A node made without a configuration works on any fib. */
	memcpy(rte_pktmbuf_mtod(m, uint8_t *), fib_node->cfg->interfaces[0].mac, 6);
	lsr_fwd_burst(lc, fib_node, 0, &m, 1, NOW);
	ck_assert_uint_eq(lc->n_punt, 1);
	oam_input(fresh, fib_node, lc, &lc->punt[0], NOW, &v);
	ck_assert_str_eq(v.rule, "other-channel");
	lc->n_punt = 0;
	ck_assert_uint_eq(v.reason, LSR_DROP_UNSUPPORTED_CHANNEL);
	oam_node_free(fresh);
}
END_TEST

/* ---------------------------------------------------------------- per-MIP counters */

/* The counts of one MIP: slot's in- or out-MIP, or the node MIP (row NULL). */
static void
assert_mip(const struct oam_mip_counters *mc, int slot, enum oam_mip_row row,
	   const uint64_t want[OAM_MIP_CNT_MAX])
{
	const uint64_t *got = slot < 0 ? mc->node : mc->mip[slot][row];

	for (unsigned int i = 0; i < OAM_MIP_CNT_MAX; i++)
		ck_assert_msg(got[i] == want[i], "slot %d row %d %s: %" PRIu64 " != %" PRIu64,
			      slot, row, oam_mip_counter_names[i], got[i], want[i]);
}

/* The sum of every count of every MIP: what the named rows account for, nothing more. */
static uint64_t
mip_total(const struct oam_mip_counters *mc)
{
	const uint64_t *w = (const uint64_t *)mc;
	uint64_t sum = 0;

	for (size_t i = 0; i < sizeof(*mc) / sizeof(uint64_t); i++)
		sum += w[i];
	return sum;
}

/*
 * Known numbers of requests to each kind of MIP: every per-MIP count is what
 * was sent, at the MIP it was sent to, and nowhere else.
 */
START_TEST(test_mip_counters)
{
	struct oam_node *shared = node;
	const struct oam_mip_counters *mc;
	struct lsr_node_ident other = { 65000, OTHER };
	struct oam_g8113_id off_path = mip_id(US, 30, "ABCDEF", "JP");
	struct oam_g8113_id if10 = mip_id(US, 10, "", "");
	struct oam_verdict v;
	unsigned int i;

	node = oam_node_create();
	ck_assert_ptr_nonnull(node);
	mc = oam_node_mip_counters(node);
	for (i = 0; i < 3; i++)		/* in-MIP of 10 */
		echo(fib_if, 0, 100, 1, &(struct echo_opts){ 0 });
	teardown();
	for (i = 0; i < 2; i++)		/* out-MIP of 20 */
		echo(fib_if, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .egress = 20 });
	teardown();
	/* Misdirected: an out-MIP (30) and an in-MIP (30) of ours off the path, an
	 * LBM naming 30's MIP; an IF_Num and a node that are not ours count nowhere. */
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .egress = 30 });
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .ingress = 30 });
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	v = lb(fib_if, 0, 100, 1, &off_path);
	ck_assert_str_eq(v.rule, "lbm-not-for-mip");
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .egress = 99 });
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .dst = &other });
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	/* mip-disabled, twice, at the in-MIP of 40. */
	for (i = 0; i < 2; i++) {
		v = echo(fib_if, 3, 400, 1, &(struct echo_opts){ 0 });
		ck_assert_uint_eq(v.reason, LSR_DROP_MIP_DISABLED);
	}
	/* no-return-path at the in-MIP of 10. */
	v = echo(fib_if, 0, 500, 1, &(struct echo_opts){ 0 });
	ck_assert_uint_eq(v.reason, LSR_DROP_NO_RETURN_PATH);
	/* P2MP subtype 1: one LBM, one request and one reply at each out-MIP (20, 30). */
	v = lb(fib_if, 0, 110, 1, &(struct oam_g8113_id){ .subtype = OAM_G8113_SUB_EGRESS });
	ck_assert_uint_eq(v.n_replies, 2);
	teardown();
	/* Reply mode 1: a request to the in-MIP of 10, consumed without a reply. */
	v = echo(fib_if, 0, 100, 1, &(struct echo_opts){ .reply_mode = OAM_REPLY_MODE_NONE });
	ck_assert_uint_eq(v.fate, OAM_FATE_CONSUMED);
	ck_assert_uint_eq(v.n_replies, 0);

	assert_mip(mc, 0, OAM_MIP_ROW_IN, (uint64_t[OAM_MIP_CNT_MAX]){ [OAM_MIP_CNT_REQUESTS] = 5,
		   [OAM_MIP_CNT_REPLIES] = 3, [OAM_MIP_CNT_NO_RETURN_PATH] = 1,
		   [OAM_MIP_CNT_NOT_ANSWERED] = 1 });
	assert_mip(mc, 1, OAM_MIP_ROW_OUT, (uint64_t[OAM_MIP_CNT_MAX]){ [OAM_MIP_CNT_REQUESTS] = 3,
		   [OAM_MIP_CNT_REPLIES] = 3 });
	assert_mip(mc, 2, OAM_MIP_ROW_OUT, (uint64_t[OAM_MIP_CNT_MAX]){ [OAM_MIP_CNT_REQUESTS] = 1,
		   [OAM_MIP_CNT_REPLIES] = 1, [OAM_MIP_CNT_MISDIRECTED] = 2 });
	assert_mip(mc, 2, OAM_MIP_ROW_IN, (uint64_t[OAM_MIP_CNT_MAX]){ [OAM_MIP_CNT_MISDIRECTED] = 1 });
	assert_mip(mc, 3, OAM_MIP_ROW_IN, (uint64_t[OAM_MIP_CNT_MAX]){ [OAM_MIP_CNT_REQUESTS] = 2,
		   [OAM_MIP_CNT_MIP_DISABLED] = 2 });
	ck_assert_uint_eq(mip_total(mc), 5 + 3 + 1 + 1 + 3 + 3 + 1 + 1 + 2 + 1 + 2 + 2);

	/* Per-node mode: one MIP for every interface. */
	oam_node_free(node);
	node = oam_node_create();
	ck_assert_ptr_nonnull(node);
	mc = oam_node_mip_counters(node);
	for (i = 0; i < 2; i++)
		echo(fib_node, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .egress = 20 });
	teardown();
	v = echo(fib_node, 0, 100, 1, &(struct echo_opts){ .ddmap = true, .egress = 30 });
	ck_assert_uint_eq(v.reason, LSR_DROP_MISDIRECTED);
	v = lb(fib_node, 0, 100, 1, &if10);	/* per-node, IF_Num 10 names no MIP of ours */
	ck_assert_str_eq(v.rule, "lbm-mip-id-node");
	assert_mip(mc, -1, 0, (uint64_t[OAM_MIP_CNT_MAX]){ [OAM_MIP_CNT_REQUESTS] = 2,
		   [OAM_MIP_CNT_REPLIES] = 2, [OAM_MIP_CNT_MISDIRECTED] = 1 });
	ck_assert_uint_eq(mip_total(mc), 5);
	oam_node_free(node);
	node = shared;
}
END_TEST

static Suite *
oam_suite(void)
{
	Suite *s = suite_create("oam");

	CHECK_TCASE_FIXTURE(s, "mip", setup, teardown, test_echo_in_mip, test_echo_ddmap_ingress,
			    test_echo_ddmap_ingress_other, test_echo_out_mip,
			    test_echo_out_mip_not_on_path, test_echo_ddmap_both, test_echo_p2mp,
			    test_echo_destination_id, test_echo_tlv_errors, test_echo_reply_at_mip,
			    test_malformed, test_reply_too_big, test_no_mbuf, test_mip_disabled,
			    test_no_return_path_mip, test_loopback, test_unsupported_channel,
			    test_pw_ach);
	CHECK_TCASE_FIXTURE(s, "mep", setup, teardown, test_sink_echo, test_sink_t_flag,
			    test_sink_checks, test_sink_to_prober, test_sink_lbm);
	CHECK_TCASE_FIXTURE(s, "g8113", setup, teardown, test_lbm_ingress, test_lbm_egress,
			    test_lbm_mip_id, test_lb_malformed);
	CHECK_TCASE_FIXTURE(s, "ip-form", setup, teardown, test_ip_in_mip, test_ip_out_mip,
			    test_ip_misdirected, test_ip_p2mp, test_ip_node_mip,
			    test_ip_mip_disabled, test_ip_sink, test_ip_malformed,
			    test_reply_modes);
	CHECK_TCASE_FIXTURE(s, "link", setup, teardown, test_link_echo, test_link_lbm,
			    test_link_drops);
	CHECK_TCASE_FIXTURE(s, "per-node", setup, teardown, test_node_mip_echo,
			    test_node_mip_lbm, test_node_reads_fib_cfg);
	CHECK_TCASE_FIXTURE(s, "mip-counters", setup, teardown, test_mip_counters);
	return s;
}

int
main(int argc, char **argv)
{
	char err[256];
	char prog[] = "check_oam";
	int ret;

	(void)argc;
	(void)argv;
	if (lsr_config_parse_buffer(conf_if, strlen(conf_if), "if.conf", &cfg_if, err,
				    sizeof(err)) < 0 ||
	    lsr_config_parse_buffer(conf_node, strlen(conf_node), "node.conf", &cfg_node, err,
				    sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 99;
	}
	fib_if = lsr_fib_create(cfg_if);
	fib_node = lsr_fib_create(cfg_node);
	node = oam_node_create();
	lc = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*lc));
	if (fib_if == NULL || fib_node == NULL || node == NULL || lc == NULL)
		return 99;
	memset(lc, 0, sizeof(*lc));
	oam_node_set_reply_handler(node, on_reply, &handed);
	ret = check_eal_main(prog, "check_oam", &pool, oam_suite);
	free(lc);
	oam_node_free(node);
	lsr_fib_free(fib_node);
	lsr_fib_free(fib_if);
	lsr_config_free(cfg_node);
	lsr_config_free(cfg_if);
	return ret;
}
