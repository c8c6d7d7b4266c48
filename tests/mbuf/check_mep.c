/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The source MEP prober (oam/probe*.c) with a fake clock, and the stats object
 * writer (dataplane/stats_json.c).  Tier (b): EAL with --no-huge for the
 * mbufs the probes are built in; CK_NOFORK (EAL initialises once per process).
 * Requests are read back from the lcore's transmit list; replies are handed
 * to oam_mep_reply() as oam_input() would.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "check_eal.h"
#include "prober_harness.h"
#include "lsr_config.h"
#include "lsr_fwd.h"
#include "lsr_stats.h"
#include "oam.h"
#include "oam_mep.h"

#define MS 1000000ull
#define T0 (1700000000ull * 1000000000ull)

/* The pieces of PE1's configurations (the embedded default's PE1 and its changes). */
#define CONF_NODE \
	"node 65000:192.0.2.1\n" \
	"icc ABCDEF cc JP\n" \
	"interface 1 port 0 mac 02:00:00:00:01:01 peer 02:00:00:00:02:01\n"
/* pe1-pe2 starts here; its replies come in with label `back`. */
#define CONF_PE1_PE2(back) \
	"lsp pe1-pe2\n" \
	"  source 65000:192.0.2.1 tunnel 1\n" \
	"  destination 65000:192.0.2.3 tunnel 7\n" \
	"  lsp-num 1\n" \
	"  forward out 1 label 100\n" \
	"  reverse in 1 label " back "\n"
#define CONF_TRANSIT(in, out) \
	"lsp transit\n" \
	"  source 65000:192.0.2.9 tunnel 1\n" \
	"  destination 65000:192.0.2.8 tunnel 1\n" \
	"  lsp-num 1\n" \
	"  forward in 1 label " in " out 1 label " out "\n"

/* PE1 of the embedded default: the forward direction starts here. */
static const char pe1_conf[] = CONF_NODE CONF_PE1_PE2("101") CONF_TRANSIT("300", "301");

static struct rte_mempool *pool;
static struct prober_fixture fx;

#define MAX_EV 64
static struct oam_mep_event evs[MAX_EV];
static struct oam_probe_result results[MAX_EV];
static char whys[MAX_EV][160];
static unsigned int n_ev;

static void
on_event(void *arg, const struct oam_mep_event *ev)
{
	(void)arg;
	ck_assert_uint_lt(n_ev, MAX_EV);
	evs[n_ev] = *ev;
	if (ev->result != NULL) {
		results[n_ev] = *ev->result;
		evs[n_ev].result = &results[n_ev];
	}
	if (ev->why != NULL) {
		/* The session's text goes with it after the callback. */
		snprintf(whys[n_ev], sizeof(whys[n_ev]), "%s", ev->why);
		evs[n_ev].why = whys[n_ev];
	}
	n_ev++;
}

/* Event i ended its session: OAM_EV_DONE with this error and reason (NULL: none). */
static void
assert_done(unsigned int i, int error, const char *why)
{
	ck_assert_uint_lt(i, n_ev);
	ck_assert_uint_eq(evs[i].type, OAM_EV_DONE);
	ck_assert_int_eq(evs[i].error, error);
	if (why == NULL)
		ck_assert_ptr_null(evs[i].why);
	else
		ck_assert_str_eq(evs[i].why, why);
}

static void
setup(void)
{
	prober_fixture_open(&fx, pe1_conf, pool, 42);
	n_ev = 0;
}

static void
teardown(void)
{
	prober_fixture_close(&fx);
}


#define NODE_P   0xc0000202u
#define NODE_PE2 0xc0000203u

START_TEST(test_bad_args)
{
	struct oam_ping_params p = { .lsp = 0, .count = 1, .timeout_ms = 100 };
	struct oam_trace_params t = { .lsp = 0, .max_ttl = 0, .timeout_ms = 100 };

	ck_assert_ptr_null(oam_mep_create(NULL, 1));
	p.count = 0;
	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), -EINVAL);
	p.count = 1;
	p.timeout_ms = 0;
	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), -EINVAL);
	p.timeout_ms = 100;
	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, NULL, NULL, NULL), -EINVAL);
	p.lsp = 7;
	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), -ENOENT);
	p.lsp = 1;	/* transit here: no source MEP */
	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), -ENOTSUP);
	ck_assert_int_eq(oam_mep_trace(fx.mep, &t, T0, on_event, NULL, NULL), -EINVAL);
	ck_assert_uint_eq(oam_mep_n_sessions(fx.mep), 0);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, T0), UINT64_MAX);
}
END_TEST

/* Ping the far MEP: TTL 255, Destination ID = PE2, no DDMAP; a reply, then a timeout. */
START_TEST(test_ping_mep)
{
	struct oam_ping_params p = {
		.lsp = 0, .target = OAM_TARGET_MEP, .count = 2, .timeout_ms = 1000,
	};
	struct sent s;
	uint64_t wake;

	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), 0);
	wake = oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	ck_assert_uint_eq(wake, T0 + 1000 * MS);
	ck_assert_uint_eq(n_ev, 1);
	ck_assert_uint_eq(evs[0].type, OAM_EV_RESOLVED);
	ck_assert_uint_eq(evs[0].ttl, 255);
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(s.label, 100);
	ck_assert_uint_eq(s.ttl, 255);
	ck_assert_uint_eq(s.channel, GACH_CH_LSP_PING);
	ck_assert_uint_eq(s.echo.msg_type, OAM_ECHO_REQUEST);
	ck_assert(s.echo.has_dst_id);
	ck_assert_uint_eq(s.echo.dst_id.node_id, NODE_PE2);
	ck_assert(s.echo.has_src_id);
	ck_assert_uint_eq(s.echo.src_id.node_id, fx.cfg->node.node_id);
	ck_assert_uint_eq(s.echo.n_ddmap, 0);
	ck_assert(s.echo.has_fec);
	ck_assert_uint_eq(s.echo.fec.dst_tunnel, 7);
	ck_assert_uint_eq(fx.lc->c.oam[OAM_CNT_ECHO_REQUEST_TX], 1);

	/* A reply with another handle is not ours; the right one is. */
	s.echo.handle ^= 1;
	reply_echo(fx.mep, &s, T0 + 1 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	s.echo.handle ^= 1;
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0 + 1 * MS);
	ck_assert_uint_eq(n_ev, 1);
	answer_and_run(&fx, &s, T0 + 3 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert_uint_eq(n_ev, 2);
	ck_assert_uint_eq(evs[1].type, OAM_EV_PROBE);
	ck_assert_uint_eq(evs[1].result->status, OAM_PROBE_REPLY);
	ck_assert(evs[1].result->success);
	ck_assert_uint_eq(evs[1].result->rtt_ns, 3 * MS);
	ck_assert_uint_eq(evs[1].result->seq, 1);

	/* The second probe left at once (interval 0); it times out. */
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(s.echo.seq, 2);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, T0 + 500 * MS), T0 + 1003 * MS);
	ck_assert_uint_eq(n_ev, 2);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, T0 + 1003 * MS), UINT64_MAX);
	ck_assert_uint_eq(n_ev, 4);
	ck_assert_uint_eq(evs[2].result->status, OAM_PROBE_TIMEOUT);
	ck_assert_uint_eq(evs[3].type, OAM_EV_DONE);
	ck_assert_int_eq(evs[3].error, 0);
	ck_assert_uint_eq(evs[3].sent, 2);
	ck_assert_uint_eq(evs[3].received, 1);
	ck_assert_uint_eq(evs[3].success, 1);
	ck_assert_uint_eq(oam_mep_n_sessions(fx.mep), 0);
	/* A late reply is ignored. */
	answer_and_run(&fx, &s, T0 + 1100 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert_uint_eq(n_ev, 4);
}
END_TEST

/* mip G:N:IF without ttl: discovery at TTL 1 finds P, IF 2 is its out interface. */
START_TEST(test_ping_mip_discovery)
{
	struct oam_ping_params p = {
		.lsp = 0, .target = OAM_TARGET_MIP, .mip_node = { 65000, NODE_P }, .mip_if = 2,
		.count = 1, .interval_ms = 0, .timeout_ms = 1000,
	};
	struct sent s;

	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	ck_assert_uint_eq(n_ev, 0);
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(s.ttl, 1);
	ck_assert(!s.echo.has_dst_id);
	ck_assert_uint_eq(s.echo.n_ddmap, 1);
	ck_assert_uint_eq(s.echo.ddmap[0].ingress, 0);
	ck_assert_uint_eq(s.echo.ddmap[0].egress, 0);
	answer_and_run(&fx, &s, T0 + MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);
	ck_assert_uint_eq(n_ev, 1);
	ck_assert_uint_eq(evs[0].type, OAM_EV_RESOLVED);
	ck_assert(evs[0].discovered);
	ck_assert_uint_eq(evs[0].side, OAM_SIDE_OUT);
	ck_assert_uint_eq(evs[0].ttl, 1);
	s = take_request(fx.lc, fx.cfg);
	assert_mip_request(&s, 1, NODE_P, 0, 2);
	answer_and_run(&fx, &s, T0 + 2 * MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);
	ck_assert_uint_eq(n_ev, 3);
	ck_assert(evs[1].result->success);
	ck_assert_uint_eq(evs[2].type, OAM_EV_DONE);
	ck_assert_uint_eq(evs[2].sent, 1);
	ck_assert_uint_eq(evs[2].success, 1);
}
END_TEST

/* An IF_Num that is neither the in nor the out interface of P: the ping fails unsent. */
START_TEST(test_ping_mip_wrong_if)
{
	struct oam_ping_params p = {
		.lsp = 0, .target = OAM_TARGET_MIP, .mip_node = { 65000, NODE_P }, .mip_if = 9,
		.count = 3, .timeout_ms = 1000,
	};
	struct sent s;

	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	s = take_request(fx.lc, fx.cfg);
	answer_and_run(&fx, &s, T0 + MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);
	ck_assert_uint_eq(n_ev, 1);
	ck_assert_uint_eq(evs[0].type, OAM_EV_DONE);
	ck_assert_int_eq(evs[0].error, -ENOENT);
	ck_assert_ptr_nonnull(evs[0].why);
	ck_assert_uint_eq(evs[0].sent, 0);
	ck_assert_uint_eq(fx.lc->tx[0].n, 0);
}
END_TEST

/* mip ... out ttl 1 g8113: no discovery; LBM with Target MIP ID subtype 3, matched by ID. */
START_TEST(test_ping_lbm)
{
	struct oam_ping_params p = {
		.lsp = 0, .target = OAM_TARGET_MIP, .side = OAM_SIDE_OUT,
		.mip_node = { 65000, NODE_P }, .mip_if = 2, .ttl = 1, .g8113 = true,
		.count = 1, .timeout_ms = 1000,
	};
	struct oam_rx_reply r = { .lsp = 0, .channel = GACH_CH_G8113 };
	struct oam_lb lbr;
	struct sent s;

	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	ck_assert_uint_eq(evs[0].type, OAM_EV_RESOLVED);
	ck_assert(!evs[0].discovered);
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(s.channel, GACH_CH_G8113);
	ck_assert_uint_eq(s.ttl, 1);
	ck_assert_uint_eq(s.lb.opcode, OAM_G8113_OP_LBM);
	ck_assert(s.lb.has_target);
	ck_assert_uint_eq(s.lb.target.subtype, OAM_G8113_SUB_MIP_ID);
	ck_assert_str_eq(s.lb.target.icc, "ABCDEF");
	ck_assert_uint_eq(s.lb.target.node_id, NODE_P);
	ck_assert_uint_eq(s.lb.target.if_num, 2);
	ck_assert(s.lb.has_requesting);
	ck_assert_uint_eq(fx.lc->c.oam[OAM_CNT_LBM_TX], 1);

	memset(&lbr, 0, sizeof(lbr));
	lbr.opcode = OAM_G8113_OP_LBR;
	lbr.transaction_id = s.lb.transaction_id;
	lbr.has_replying = true;
	lbr.replying.subtype = OAM_G8113_SUB_MIP_ID;
	lbr.replying.node_id = NODE_P;
	lbr.replying.if_num = 2;
	r.lb = &lbr;
	r.now_ns = T0 + 2 * MS;
	oam_mep_reply(fx.mep, &r);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0 + 2 * MS);
	ck_assert_uint_eq(n_ev, 3);
	ck_assert(evs[1].result->lbr);
	ck_assert(evs[1].result->success);
	ck_assert_uint_eq(evs[1].result->replying.if_num, 2);
	ck_assert_uint_eq(evs[2].success, 1);
}
END_TEST

/* Traceroute: TTL 1 answered by P (RC 8), TTL 2 by PE2 (RC 3): reached. */
START_TEST(test_trace)
{
	struct oam_trace_params t = { .lsp = 0, .max_ttl = 30, .timeout_ms = 500 };
	struct oam_mep_session *sess = NULL;
	struct sent s;

	ck_assert_int_eq(oam_mep_trace(fx.mep, &t, T0, on_event, NULL, &sess), 0);
	ck_assert_ptr_nonnull(sess);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(s.ttl, 1);
	ck_assert_uint_eq(s.echo.n_ddmap, 1);
	answer_and_run(&fx, &s, T0 + MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(s.ttl, 2);
	answer_and_run(&fx, &s, T0 + 2 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert_uint_eq(n_ev, 3);
	ck_assert_uint_eq(evs[0].result->ttl, 1);
	ck_assert_uint_eq(evs[0].result->label, 200);
	ck_assert_uint_eq(evs[1].result->ttl, 2);
	ck_assert_uint_eq(evs[1].result->rc, OAM_RC_EGRESS);
	ck_assert_uint_eq(evs[2].type, OAM_EV_DONE);
	ck_assert(evs[2].reached);
	ck_assert_uint_eq(fx.lc->tx[0].n, 0);
}
END_TEST

/* encap ip (RFC 8029 §4.3): the same request in IPv4/UDP on ACH 0x0021, to 127.0.0.1:3503,
 * IP TTL 1, Router Alert, from the Node_ID; the reply is matched by handle and sequence. */
START_TEST(test_ping_mep_ip)
{
	struct oam_ping_params p = {
		.lsp = 0, .target = OAM_TARGET_MEP, .count = 1, .timeout_ms = 1000,
		.encap = OAM_ENCAP_IP,
	};
	const uint8_t node[4] = { 192, 0, 2, 1 };
	struct sent s;

	ck_assert_uint_eq(fx.cfg->node.node_id, 0xc0000201u);
	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(s.channel, GACH_CH_IPV4);
	ck_assert_uint_eq(s.ttl, 255);
	ck_assert_uint_eq(s.ip.version, 4);
	ck_assert_uint_eq(s.ip.ttl, 1);
	ck_assert(s.ip.router_alert);
	ck_assert_uint_eq(s.ip.dst[0], 127);
	ck_assert_int_eq(memcmp(s.ip.src, node, 4), 0);
	ck_assert_uint_eq(s.ip.dport, 3503);
	ck_assert_uint_ge(s.ip.sport, 49152);
	ck_assert_uint_eq(s.echo.msg_type, OAM_ECHO_REQUEST);
	ck_assert_uint_eq(s.echo.reply_mode, OAM_REPLY_MODE_ACH);
	ck_assert_uint_eq(s.echo.dst_id.node_id, NODE_PE2);
	ck_assert_uint_eq(fx.lc->c.oam[OAM_CNT_ECHO_REQUEST_TX], 1);
	answer_and_run(&fx, &s, T0 + 2 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert_uint_eq(n_ev, 3);
	ck_assert_uint_eq(evs[1].result->status, OAM_PROBE_REPLY);
	ck_assert(evs[1].result->success);
	ck_assert_uint_eq(evs[2].received, 1);
	/* G.8113.1 has no IP form; an unknown encapsulation is refused. */
	p.g8113 = true;
	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), -EINVAL);
	p.g8113 = false;
	p.encap = 9;
	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), -EINVAL);
	ck_assert_uint_eq(oam_mep_n_sessions(fx.mep), 0);
}
END_TEST

/* Traceroute in the IP form: each hop's request is IPv4/UDP with its DDMAP. */
START_TEST(test_trace_ip)
{
	struct oam_trace_params t = { .lsp = 0, .max_ttl = 30, .timeout_ms = 500,
				      .encap = OAM_ENCAP_IP };
	struct sent s;

	ck_assert_int_eq(oam_mep_trace(fx.mep, &t, T0, on_event, NULL, NULL), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(s.channel, GACH_CH_IPV4);
	ck_assert_uint_eq(s.ttl, 1);
	ck_assert_uint_eq(s.echo.n_ddmap, 1);
	answer_and_run(&fx, &s, T0 + MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(s.channel, GACH_CH_IPV4);
	ck_assert_uint_eq(s.ttl, 2);
	answer_and_run(&fx, &s, T0 + 2 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert_uint_eq(n_ev, 3);
	ck_assert(evs[2].reached);
	t.encap = 2;
	ck_assert_int_eq(oam_mep_trace(fx.mep, &t, T0, on_event, NULL, NULL), -EINVAL);
	ck_assert_str_eq(oam_encap_name(OAM_ENCAP_IP), "ip");
	ck_assert_str_eq(oam_encap_name(OAM_ENCAP_NON_IP), "non-ip");
}
END_TEST

/* A cancelled session sends nothing more and reports nothing. */
START_TEST(test_cancel)
{
	struct oam_ping_params p = { .lsp = 0, .count = 5, .timeout_ms = 100 };
	struct oam_mep_session *sess = NULL;

	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, &sess), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	take_request(fx.lc, fx.cfg);
	oam_mep_cancel(fx.mep, sess);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, T0 + 200 * MS), UINT64_MAX);
	ck_assert_uint_eq(n_ev, 1);	/* RESOLVED only */
	ck_assert_uint_eq(fx.lc->tx[0].n, 0);
	ck_assert_uint_eq(oam_mep_n_sessions(fx.mep), 0);
}
END_TEST

/* ---- a new configuration under running sessions (oam_mep_set_config()) ---- */

/* pe1_conf with an LSP added before pe1-pe2 (it moves to index 1) and the
 * transit LSP relabelled: nothing pe1-pe2's sessions use. */
static const char pe1_conf_unrelated[] =
	CONF_NODE
	"lsp added\n"
	"  source 65000:192.0.2.1 tunnel 5\n"
	"  destination 65000:192.0.2.5 tunnel 5\n"
	"  lsp-num 1\n"
	"  forward out 1 label 500\n"
	"  reverse in 1 label 501\n"
	CONF_PE1_PE2("101") CONF_TRANSIT("310", "311");

/* pe1-pe2 deleted. */
static const char pe1_conf_deleted[] = CONF_NODE CONF_TRANSIT("300", "301");

/* pe1-pe2 replaced: its replies now come in on label 102. */
static const char pe1_conf_changed[] = CONF_NODE CONF_PE1_PE2("102");

static struct lsr_config *
parse(const char *text)
{
	struct lsr_config *cfg = NULL;
	char err[256];

	ck_assert_int_eq(lsr_config_parse_buffer(text, strlen(text), "new.conf", &cfg, err,
						 sizeof(err)), 0);
	return cfg;
}

/* The config tests' ping: three requests to the MEP of LSP 0. */
static const struct oam_ping_params ping_mep3 = {
	.lsp = 0, .target = OAM_TARGET_MEP, .count = 3, .timeout_ms = 1000,
};

/* Give the prober its own configuration back and free the one a test gave it. */
static void
config_back(struct lsr_config *cfg, uint64_t now)
{
	oam_mep_set_config(fx.mep, fx.cfg);
	lsr_config_free(cfg);
}

/*
 * A ping runs on across a change that leaves its LSP alone, even moved in the
 * table.  It starts on a copy of the configuration that is freed once the new
 * one is in: a session keeps no pointer into it (the ASan build would see one).
 */
START_TEST(test_config_unrelated)
{
	struct oam_ping_params p = {
		.lsp = 0, .target = OAM_TARGET_MEP, .count = 2, .timeout_ms = 1000,
	};
	struct lsr_config *old = parse(pe1_conf);
	struct lsr_config *cfg = parse(pe1_conf_unrelated);
	struct sent s;

	oam_mep_set_config(fx.mep, old);
	ck_assert_int_eq(oam_mep_ping(fx.mep, &p, T0, on_event, NULL, NULL), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	s = take_request(fx.lc, fx.cfg);
	answer_and_run(&fx, &s, T0 + 1 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert_uint_eq(n_ev, 2);	/* RESOLVED, PROBE */

	oam_mep_set_config(fx.mep, cfg);
	lsr_config_free(old);
	ck_assert_uint_eq(oam_mep_n_sessions(fx.mep), 1);
	s = take_request(fx.lc, fx.cfg);	/* the second probe, as before */
	ck_assert_uint_eq(s.label, 100);
	ck_assert_uint_eq(s.echo.seq, 2);
	/* A reply on the old index is not the LSP's any more; on the new one it is. */
	reply_echo_lsp(fx.mep, 0, &s, T0 + 3 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0 + 3 * MS);
	ck_assert_uint_eq(n_ev, 2);
	reply_echo_lsp(fx.mep, 1, &s, T0 + 4 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, T0 + 4 * MS), UINT64_MAX);
	ck_assert_uint_eq(n_ev, 4);
	ck_assert_uint_eq(evs[2].type, OAM_EV_PROBE);
	ck_assert(evs[2].result->success);
	assert_done(3, 0, NULL);
	ck_assert_uint_eq(evs[3].sent, 2);
	ck_assert_uint_eq(evs[3].success, 2);
	config_back(cfg, T0 + 5 * MS);
}
END_TEST

/* A session on a deleted LSP ends with the error; nothing more is sent. */
START_TEST(test_config_deleted)
{
	struct oam_trace_params t = { .lsp = 0, .max_ttl = 5, .timeout_ms = 1000 };
	struct lsr_config *cfg = parse(pe1_conf_deleted);
	struct sent s;

	ck_assert_int_eq(oam_mep_ping(fx.mep, &ping_mep3, T0, on_event, NULL, NULL), 0);
	ck_assert_int_eq(oam_mep_trace(fx.mep, &t, T0, on_event, NULL, NULL), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	ck_assert_uint_eq(fx.lc->tx[0].n, 2);
	rte_pktmbuf_free(fx.lc->tx[0].pkts[1]);
	fx.lc->tx[0].n = 1;
	s = take_request(fx.lc, fx.cfg);
	ck_assert_uint_eq(n_ev, 1);	/* the ping's RESOLVED */

	oam_mep_set_config(fx.mep, cfg);
	/* Reported from oam_mep_run(), not from oam_mep_set_config(). */
	ck_assert_uint_eq(n_ev, 1);
	/* The old probe's reply is no longer matched. */
	reply_echo(fx.mep, &s, T0 + 1 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, T0 + 2 * MS), UINT64_MAX);
	ck_assert_uint_eq(n_ev, 3);
	assert_done(1, -ENOENT, "LSP pe1-pe2 deleted");
	ck_assert_uint_eq(evs[1].success, 0);
	assert_done(2, -ENOENT, "LSP pe1-pe2 deleted");
	ck_assert_uint_eq(oam_mep_n_sessions(fx.mep), 0);
	ck_assert_uint_eq(fx.lc->tx[0].n, 0);
	/* New sessions see the new configuration: pe1-pe2 is gone, index 0 is transit. */
	ck_assert_int_eq(oam_mep_ping(fx.mep, &ping_mep3, T0, on_event, NULL, NULL), -ENOTSUP);
	config_back(cfg, T0 + 3 * MS);
}
END_TEST

/* A session whose LSP changed its labels ends with "changed" at the next run. */
START_TEST(test_config_changed)
{
	struct lsr_config *cfg = parse(pe1_conf_changed);

	ck_assert_int_eq(oam_mep_ping(fx.mep, &ping_mep3, T0, on_event, NULL, NULL), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	take_request(fx.lc, fx.cfg);
	oam_mep_set_config(fx.mep, cfg);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, T0 + 2 * MS), UINT64_MAX);
	ck_assert_uint_eq(n_ev, 2);
	assert_done(1, -ESTALE, "LSP pe1-pe2 changed");
	ck_assert_uint_eq(evs[1].sent, 1);
	ck_assert_uint_eq(fx.lc->tx[0].n, 0);
	/* Bad arguments change nothing. */
	oam_mep_set_config(NULL, cfg);
	oam_mep_set_config(fx.mep, NULL);
	config_back(cfg, T0 + 3 * MS);
}
END_TEST

/* The stats object: every reason and counter, interfaces by IF_Num. */
START_TEST(test_stats_json)
{
	struct lsr_counters c;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	memset(&c, 0, sizeof(c));
	c.rx = 5;
	c.forwarded = 3;
	c.dropped = 2;
	c.drops[LSR_DROP_NO_LABEL] = 2;
	c.oam[OAM_CNT_IN_MIP] = 1;
	c.if_rx[0] = 5;
	c.if_tx[0] = 3;
	ck_assert_int_eq(lsr_stats_write_json(NULL, &c, fx.cfg, oam_counter_names, OAM_CNT_MAX),
			 -EINVAL);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(lsr_stats_write_json(f, &c, fx.cfg, oam_counter_names, OAM_CNT_MAX), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "{\"rx\": 5, \"forwarded\": 3, \"consumed\": 0, "
					  "\"dropped\": 2, \"tx\": 0, \"drops\": {\"not-mpls\": 0, "
					  "\"no-label\": 2, "));
	ck_assert_ptr_nonnull(strstr(buf, "\"explicit-null-ip\": 0}, \"oam\": {"));
	ck_assert_ptr_nonnull(strstr(buf, "\"in-mip\": 1"));
	ck_assert_ptr_nonnull(strstr(buf, "\"interfaces\": {\"1\": {\"rx\": 5, \"tx\": 3}}}\n"));
	free(buf);
}
END_TEST

CHECK_EAL_MAIN("mep", "prober", test_bad_args, test_ping_mep, test_ping_mip_discovery,
	       test_ping_mip_wrong_if, test_ping_lbm, test_trace, test_ping_mep_ip, test_trace_ip,
	       test_cancel, test_config_unrelated, test_config_deleted, test_config_changed, test_stats_json)
