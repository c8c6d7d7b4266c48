/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Locate sessions (oam/probe_locate.c: oam_mep_locate()).
 * Tier (b): EAL with --no-huge for the mbufs the probes are built in, CK_NOFORK.
 * The tests drive the prober with a fake clock, read the requests back from
 * the lcore's transmit list and hand it replies as oam_input() would.  The
 * verdicts on hand-made findings are unit tests of the analysis
 * (tests/unit/check_locate_analysis.c); here, the sessions' options: the
 * points of an intended path and the sink's IF_Num for save-path.
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
#include "oam.h"
#include "oam_mep.h"

#define MS 1000000ull
#define T0 (1700000000ull * 1000000000ull)

#define NODE_PE1 0xc0000201u
#define NODE_P   0xc0000202u
#define NODE_PE2 0xc0000203u
#define NODE_P2  0xc0000204u

static const char pe1_conf[] =
	"node 65000:192.0.2.1\n"
	"interface 1 port 0 mac 02:00:00:00:01:01 peer 02:00:00:00:02:01\n"
	"lsp pe1-pe2\n"
	"  source 65000:192.0.2.1 tunnel 1\n"
	"  destination 65000:192.0.2.3 tunnel 1\n"
	"  lsp-num 1\n"
	"  forward out 1 label 100\n"
	"  reverse in 1 label 101\n"
	"lsp transit\n"
	"  source 65000:192.0.2.9 tunnel 1\n"
	"  destination 65000:192.0.2.8 tunnel 1\n"
	"  lsp-num 1\n"
	"  forward in 1 label 300 out 1 label 301\n";

static struct rte_mempool *pool;
static struct prober_fixture fx;

#define MAX_EV 128
static struct {
	uint8_t type;
	int point;
	struct oam_probe_result result;
	int error;
} evs[MAX_EV];
static unsigned int n_ev;
static struct oam_locate final;		/* the findings at OAM_EV_DONE */
static bool done;

static void
on_event(void *arg, const struct oam_mep_event *ev)
{
	(void)arg;
	ck_assert_uint_lt(n_ev, MAX_EV);
	evs[n_ev].type = ev->type;
	evs[n_ev].point = ev->point;
	evs[n_ev].error = ev->error;
	if (ev->result != NULL)
		evs[n_ev].result = *ev->result;
	ck_assert_ptr_nonnull(ev->locate);
	if (ev->type == OAM_EV_DONE) {
		final = *ev->locate;
		done = true;
	}
	n_ev++;
}

static void
setup(void)
{
	prober_fixture_open(&fx, pe1_conf, pool, 7);
	n_ev = 0;
	done = false;
	memset(&final, 0, sizeof(final));
}

static void
teardown(void)
{
	prober_fixture_close(&fx);
}


/* locate probes with on-demand CV only. */
static struct sent
take_cv(void)
{
	struct sent s = take_request(fx.lc, fx.cfg);

	ck_assert_uint_eq(s.channel, GACH_CH_LSP_PING);
	return s;
}

/* Start a locate of LSP 0 at T0 and run the prober once; @return its next wake-up. */
static uint64_t
start_session(uint32_t count, uint32_t timeout_ms)
{
	struct oam_locate_params p = { .lsp = 0, .count = count, .timeout_ms = timeout_ms };

	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, on_event, NULL, NULL), 0);
	return oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
}

/*
 * Start a locate (count 1, timeout 100 ms) and let P answer route tracing at
 * TTL 1 at *t + 1 ms; @return the next request (route tracing, TTL 2).
 */
static struct sent
start_past_p(uint64_t *t)
{
	struct sent s;

	start_session(1, 100);
	s = take_cv();
	answer_and_run(&fx, &s, *t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);
	return take_cv();
}

START_TEST(test_bad_args)
{
	struct oam_locate_params p = { .lsp = 0, .count = 1, .timeout_ms = 100 };

	p.count = 0;
	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, on_event, NULL, NULL), -EINVAL);
	p.count = OAM_MEP_MAX_COUNT + 1;
	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, on_event, NULL, NULL), -EINVAL);
	p.count = 1;
	p.timeout_ms = 0;
	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, on_event, NULL, NULL), -EINVAL);
	p.timeout_ms = 100;
	p.max_ttl = OAM_LOCATE_MAX_HOPS + 1;
	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, on_event, NULL, NULL), -EINVAL);
	p.max_ttl = 0;
	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, NULL, NULL, NULL), -EINVAL);
	ck_assert_int_eq(oam_mep_locate(NULL, &p, T0, on_event, NULL, NULL), -EINVAL);
	p.lsp = 9;
	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, on_event, NULL, NULL), -ENOENT);
	p.lsp = 1;	/* transit here */
	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, on_event, NULL, NULL), -ENOTSUP);
	ck_assert_uint_eq(oam_mep_n_sessions(fx.mep), 0);
	ck_assert_str_eq(oam_locate_where_name(OAM_LOC_LINK), "link");
	ck_assert_str_eq(oam_point_status_name(OAM_PT_WRONG), "wrong-answer");
	ck_assert_str_eq(oam_point_kind_name(OAM_PT_OUT_MIP), "out-mip");
}
END_TEST

/*
 * PE1 — P — PE2, healthy: route tracing finds P (in 1, out 2) and the egress at
 * TTL 2; then P's in-MIP (DDMAP ingress 1, TTL 1), P's out-MIP (egress 2, TTL 1)
 * and the MEP (Destination Identifier PE2, no DDMAP, TTL 2), one probe each.
 */
START_TEST(test_session_healthy)
{
	struct sent s;
	uint64_t t = T0;

	start_session(1, 1000);
	s = take_cv();			/* route tracing, TTL 1 */
	ck_assert_uint_eq(s.ttl, 1);
	ck_assert(!s.echo.has_dst_id);
	ck_assert_uint_eq(s.echo.n_ddmap, 1);
	ck_assert_uint_eq(s.echo.ddmap[0].ingress, 0);
	ck_assert_uint_eq(s.echo.ddmap[0].egress, 0);
	answer_and_run(&fx, &s, t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);
	s = take_cv();			/* route tracing, TTL 2 */
	ck_assert_uint_eq(s.ttl, 2);
	answer_and_run(&fx, &s, t += MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);

	s = take_cv();			/* P's in-MIP */
	assert_mip_request(&s, 1, NODE_P, 1, 0);
	answer_and_run(&fx, &s, t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);

	s = take_cv();			/* P's out-MIP */
	ck_assert_uint_eq(s.ttl, 1);
	ck_assert_uint_eq(s.echo.dst_id.node_id, NODE_P);
	ck_assert_uint_eq(s.echo.ddmap[0].ingress, 0);
	ck_assert_uint_eq(s.echo.ddmap[0].egress, 2);
	answer_and_run(&fx, &s, t += 2 * MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 0, 2, 200);

	s = take_cv();			/* the MEP */
	ck_assert_uint_eq(s.ttl, 2);
	ck_assert(s.echo.has_dst_id);
	ck_assert_uint_eq(s.echo.dst_id.node_id, NODE_PE2);
	ck_assert_uint_eq(s.echo.n_ddmap, 0);
	reply_echo(fx.mep, &s, t += 3 * MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, t), UINT64_MAX);

	ck_assert(done);
	ck_assert_uint_eq(oam_mep_n_sessions(fx.mep), 0);
	/* Events: 2 hops, then per point BEGIN, PROBE, END, then DONE. */
	ck_assert_uint_eq(n_ev, 2 + 3 * 3 + 1);
	ck_assert_uint_eq(evs[0].type, OAM_EV_HOP);
	ck_assert_uint_eq(evs[1].type, OAM_EV_HOP);
	ck_assert_uint_eq(evs[2].type, OAM_EV_POINT_BEGIN);
	ck_assert_int_eq(evs[2].point, 1);
	ck_assert_uint_eq(evs[3].type, OAM_EV_PROBE);
	ck_assert(evs[3].result.success);
	ck_assert_uint_eq(evs[4].type, OAM_EV_POINT_END);
	ck_assert_uint_eq(evs[n_ev - 1].type, OAM_EV_DONE);
	ck_assert_int_eq(evs[n_ev - 1].error, 0);

	ck_assert_uint_eq(final.trace_end, OAM_TRACE_EGRESS);
	ck_assert_uint_eq(final.n_points, 4);
	ck_assert_uint_eq(final.pt[0].kind, OAM_PT_SOURCE);
	ck_assert_uint_eq(final.pt[0].if_num, 1);
	ck_assert_uint_eq(final.pt[0].label, 100);
	ck_assert_uint_eq(final.pt[1].kind, OAM_PT_IN_MIP);
	ck_assert_uint_eq(final.pt[2].kind, OAM_PT_OUT_MIP);
	ck_assert_uint_eq(final.pt[2].label, 200);
	ck_assert_uint_eq(final.pt[3].kind, OAM_PT_MEP);
	ck_assert_uint_eq(final.pt[3].rtt_sum_ns, 3 * MS);
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(final.pt[i].status, OAM_PT_OK);
	ck_assert(final.done);
	ck_assert_uint_eq(final.a.v.where, OAM_LOC_HEALTHY);
	ck_assert_int_eq(final.a.v.at, -1);
	ck_assert_uint_eq(final.a.n_notes, 0);
}
END_TEST

/*
 * Nothing answers: route tracing stops after OAM_LOCATE_SILENT_HOPS silent
 * TTLs, only the MEP is probed (TTL 255): at or after the link leaving us.
 */
START_TEST(test_session_silent)
{
	struct sent s;
	uint64_t t = T0;

	ck_assert_uint_eq(start_session(2, 100), t + 100 * MS);
	s = take_cv();
	ck_assert_uint_eq(s.ttl, 1);
	oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS);
	s = take_cv();
	ck_assert_uint_eq(s.ttl, 2);
	oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS);
	s = take_cv();			/* the MEP, first probe */
	ck_assert_uint_eq(s.ttl, 255);
	ck_assert_uint_eq(s.echo.dst_id.node_id, NODE_PE2);
	oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS);
	s = take_cv();			/* second probe */
	ck_assert_uint_eq(s.ttl, 255);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS), UINT64_MAX);
	ck_assert(done);
	ck_assert_uint_eq(final.n_hops, 2);
	ck_assert_uint_eq(final.trace_end, OAM_TRACE_SILENT);
	ck_assert_uint_eq(final.n_points, 2);
	ck_assert_uint_eq(final.pt[1].status, OAM_PT_NO_ANSWER);
	ck_assert_uint_eq(final.pt[1].sent, 2);
	ck_assert_uint_eq(final.a.v.where, OAM_LOC_LINK);
	ck_assert(final.a.v.beyond_unknown);
	ck_assert_int_eq(final.a.v.after, 0);
	ck_assert_int_eq(final.a.v.at, 1);
	ck_assert_uint_eq(final.a.v.answer, OAM_PT_NO_ANSWER);
}
END_TEST

/* P's in-MIP answers its probe with return code 5: a wrong answer, at P. */
START_TEST(test_session_wrong_answer)
{
	struct sent s;
	uint64_t t = T0;

	s = start_past_p(&t);
	oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS);	/* TTL 2 silent */
	s = take_cv();
	oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS);	/* TTL 3 silent */
	s = take_cv();				/* P's in-MIP */
	ck_assert_uint_eq(s.echo.ddmap[0].ingress, 1);
	answer_and_run(&fx, &s, t += MS, OAM_RC_DS_MISMATCH, NODE_P, true, 1, 2, 200);
	s = take_cv();				/* P's out-MIP: silent */
	oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS);
	s = take_cv();				/* the MEP: silent */
	ck_assert_uint_eq(s.ttl, 255);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS), UINT64_MAX);
	ck_assert(done);
	ck_assert_uint_eq(final.pt[1].status, OAM_PT_WRONG);
	ck_assert(final.pt[1].has_reply);
	ck_assert_uint_eq(final.pt[1].reply.rc, OAM_RC_DS_MISMATCH);
	ck_assert_uint_eq(final.a.v.where, OAM_LOC_NODE);
	ck_assert_int_eq(final.a.v.at, 1);
	ck_assert_uint_eq(final.a.v.answer, OAM_PT_WRONG);
	ck_assert(!final.a.v.beyond_unknown);
}
END_TEST

/* A reply from another node than the one named, or from the wrong MIP, is wrong. */
START_TEST(test_session_wrong_responder)
{
	struct sent s;
	uint64_t t = T0;

	s = start_past_p(&t);
	answer_and_run(&fx, &s, t += MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	s = take_cv();				/* P's in-MIP: P2 answers */
	answer_and_run(&fx, &s, t += MS, OAM_RC_LABEL_SWITCHED, NODE_P2, true, 1, 2, 200);
	s = take_cv();				/* P's out-MIP: out IF 3 answers */
	answer_and_run(&fx, &s, t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 0, 3, 200);
	s = take_cv();				/* the MEP */
	answer_and_run(&fx, &s, t += MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert(done);
	ck_assert_uint_eq(final.pt[1].status, OAM_PT_WRONG);
	ck_assert_uint_eq(final.pt[2].status, OAM_PT_WRONG);
	ck_assert_uint_eq(final.pt[3].status, OAM_PT_OK);
	/* The MEP answers: healthy, the two wrong MIPs are remarks. */
	ck_assert_uint_eq(final.a.v.where, OAM_LOC_HEALTHY);
	ck_assert_uint_eq(final.a.n_notes, 2);
	ck_assert_uint_eq(final.a.notes[0].kind, OAM_NOTE_WRONG_ANSWER);
	ck_assert_uint_eq(final.a.notes[1].kind, OAM_NOTE_WRONG_ANSWER);
}
END_TEST


/* The intended leg PE1 -> P (in 1, out 2) -> PE2 (in 1) (docs/LOCATE.md). */
static void
intended_leg(struct lsr_path_leg *leg)
{
	memset(leg, 0, sizeof(*leg));
	leg->n_hops = 2;
	leg->hop[0] = (struct lsr_path_hop){ { 65000, NODE_P }, 1, 2 };
	leg->hop[1] = (struct lsr_path_hop){ { 65000, NODE_PE2 }, 1, 0 };
}

/* An intended path: that leg, and with `leaf2` a second leg PE1 -> P (in 1, out 3) -> P2 (in 1). */
static struct { struct lsr_path p; struct lsr_path_leg leg[2]; } PATH;

static const struct lsr_path *
intended_path(bool leaf2)
{
	memset(&PATH, 0, sizeof(PATH));
	PATH.p.n_legs = leaf2 ? 2 : 1;
	intended_leg(&PATH.leg[0]);
	PATH.leg[1] = PATH.leg[0];
	PATH.leg[1].hop[0].out_if = 3;
	PATH.leg[1].hop[1].node.node_id = NODE_P2;
	return &PATH.p;
}

/* Start a locate (count 1, timeout 100 ms) with options, run it once. */
static void
start_with(const struct lsr_path *leg, bool want_sink_if)
{
	struct oam_locate_params p = { .lsp = 0, .count = 1, .timeout_ms = 100 };
	struct oam_mep_session *sess = NULL;

	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, on_event, NULL, &sess), 0);
	ck_assert_int_eq(oam_mep_locate_options(sess, leg, want_sink_if), 0);
	oam_mep_run(fx.mep, fx.fib, fx.lc, T0);
	/* Too late once it runs. */
	ck_assert_int_eq(oam_mep_locate_options(sess, leg, want_sink_if), -EINVAL);
}

/* A healthy PE1 — P — PE2 traced and P's two MIPs answering: @return the MEP's CV request. */
static struct sent
save_path_to_mep(uint64_t *t)
{
	struct sent s = take_cv();

	answer_and_run(&fx, &s, *t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);
	s = take_cv();
	answer_and_run(&fx, &s, *t += MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	s = take_cv();				/* P's in-MIP, out-MIP */
	answer_and_run(&fx, &s, *t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 2, 200);
	s = take_cv();
	answer_and_run(&fx, &s, *t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 0, 2, 200);
	return take_cv();
}

/* Options only for a locate session, with a sane leg. */
START_TEST(test_options_bad_args)
{
	struct oam_ping_params pp = { .lsp = 0, .count = 1, .timeout_ms = 100 };
	struct oam_locate_params p = { .lsp = 0, .count = 1, .timeout_ms = 100 };
	struct oam_mep_session *sess = NULL;

	ck_assert_int_eq(oam_mep_locate_options(NULL, intended_path(false), false), -EINVAL);
	ck_assert_int_eq(oam_mep_ping(fx.mep, &pp, T0, on_event, NULL, &sess), 0);
	ck_assert_int_eq(oam_mep_locate_options(sess, intended_path(false), false), -EINVAL);
	oam_mep_cancel(fx.mep, sess);
	ck_assert_int_eq(oam_mep_locate(fx.mep, &p, T0, on_event, NULL, &sess), 0);
	intended_path(true);
	PATH.leg[1].n_hops = 0;
	ck_assert_int_eq(oam_mep_locate_options(sess, &PATH.p, false), -EINVAL);
	PATH.leg[1].n_hops = LSR_PATH_MAX_HOPS + 1;
	ck_assert_int_eq(oam_mep_locate_options(sess, &PATH.p, false), -EINVAL);
	PATH.p.n_legs = 0;
	ck_assert_int_eq(oam_mep_locate_options(sess, &PATH.p, false), -EINVAL);
	ck_assert_int_eq(oam_mep_locate_options(sess, NULL, true), 0);
}
END_TEST

/*
 * With an intended path, P misprogrammed: route tracing finds P forwarding
 * out of IF 3; the CV still goes to the intended out-MIP P:2 (silent: not on
 * the LSP's path there) and to the MEP at the intended TTL 2 (not 255, though
 * tracing stopped).  The comparison: inside P, out IF 3 where 2 is provisioned.
 */
START_TEST(test_session_intended_misprogram)
{
	struct oam_locate_cmp cmp;
	struct sent s;
	uint64_t t = T0;

	start_with(intended_path(false), false);
	s = take_cv();				/* route tracing, TTL 1 */
	answer_and_run(&fx, &s, t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 3, 200);
	s = take_cv();				/* TTL 2, 3: silent */
	oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS);
	s = take_cv();
	oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS);
	s = take_cv();				/* P's intended in-MIP */
	assert_mip_request(&s, 1, NODE_P, 1, 0);
	answer_and_run(&fx, &s, t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 1, 3, 200);
	s = take_cv();				/* P's intended out-MIP: IF 2, misdirected there */
	assert_mip_request(&s, 1, NODE_P, 0, 2);
	oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS);
	s = take_cv();				/* the MEP at the intended hop count */
	ck_assert_uint_eq(s.ttl, 2);
	ck_assert_uint_eq(s.echo.dst_id.node_id, NODE_PE2);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS), UINT64_MAX);
	ck_assert(done);
	ck_assert(final.has_intended);
	ck_assert_uint_eq(final.trace_end, OAM_TRACE_SILENT);
	ck_assert_uint_eq(final.n_points, 4);
	ck_assert_uint_eq(final.pt[2].if_num, 2);
	ck_assert_uint_eq(final.pt[1].status, OAM_PT_OK);
	ck_assert_uint_eq(final.pt[2].status, OAM_PT_NO_ANSWER);
	ck_assert_uint_eq(final.legs_probed, 1);
	oam_locate_compare(&final.legs[0], &final, &final.a, &cmp);
	ck_assert_uint_eq(cmp.diff, OAM_DIFF_OUT_IF);
	ck_assert_int_eq(cmp.hop, 0);
	ck_assert_uint_eq(cmp.found_out_if, 3);
}
END_TEST

/*
 * save-path: after a healthy locate, one G.8113.1 LBM to the MEP; its LBR
 * names the sink's arrival IF_Num, and the trace becomes the leg.
 */
START_TEST(test_session_sink_if)
{
	struct oam_rx_reply r = { .lsp = 0, .channel = GACH_CH_G8113 };
	struct lsr_path_leg leg, want;
	struct oam_lb lbr;
	struct sent s;
	uint64_t t = T0;

	start_with(NULL, true);
	s = save_path_to_mep(&t);
	answer_and_run(&fx, &s, t += MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	ck_assert(!done);
	s = take_request(fx.lc, fx.cfg);	/* the LBM to the MEP */
	ck_assert_uint_eq(s.channel, GACH_CH_G8113);
	ck_assert_uint_eq(s.ttl, 2);
	ck_assert_uint_eq(s.lb.opcode, OAM_G8113_OP_LBM);
	ck_assert_uint_eq(s.lb.target.subtype, OAM_G8113_SUB_MEP_ID);
	memset(&lbr, 0, sizeof(lbr));
	lbr.opcode = OAM_G8113_OP_LBR;
	lbr.transaction_id = s.lb.transaction_id;
	lbr.has_replying = true;
	lbr.replying.subtype = OAM_G8113_SUB_MIP_ID;
	lbr.replying.node_id = NODE_PE2;
	lbr.replying.if_num = 1;
	r.lb = &lbr;
	r.now_ns = t += MS;
	oam_mep_reply(fx.mep, &r);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, t), UINT64_MAX);
	ck_assert(done);
	ck_assert(final.has_sink_if);
	ck_assert_uint_eq(final.sink_if, 1);
	ck_assert_uint_eq(final.a.v.where, OAM_LOC_HEALTHY);
	/* Not one of the points: the findings are those of a plain locate. */
	ck_assert_uint_eq(final.n_points, 4);
	intended_leg(&want);
	ck_assert_int_eq(oam_locate_leg_from_trace(&final, final.sink_if, &leg), 0);
	ck_assert_mem_eq(&leg, &want, sizeof(leg));
}
END_TEST

/* save-path on a locate that fails: no LBM, the sink's IF_Num not known. */
START_TEST(test_session_sink_if_unhealthy)
{
	struct sent s;
	uint64_t t = T0;

	start_with(NULL, true);
	s = save_path_to_mep(&t);	/* the MEP does not answer */
	ck_assert_uint_eq(s.ttl, 2);
	ck_assert_uint_eq(oam_mep_run(fx.mep, fx.fib, fx.lc, t += 100 * MS), UINT64_MAX);
	ck_assert_uint_eq(fx.lc->tx[0].n, 0);
	ck_assert(done);
	ck_assert(!final.has_sink_if);
	ck_assert_uint_eq(final.a.v.where, OAM_LOC_SINK);
}
END_TEST

/*
 * P2MP with its two legs provisioned (P branches out 2 to PE2 and out 3 to
 * P2): one trace, then each leg's points; the second leaf's MEP is named by
 * its Destination Identifier without a DDMAP (not the LSP's far end).
 */
START_TEST(test_session_p2mp_legs)
{
	struct oam_locate view;
	struct oam_locate_analysis ana;
	struct oam_locate_cmp cmp;
	struct sent s;
	uint64_t t = T0;
	unsigned int j;

	start_with(intended_path(true), false);
	s = take_cv();
	answer_and_run(&fx, &s, t += MS, OAM_RC_SEE_DDMAP, NODE_P, true, 1, 2, 200);
	s = take_cv();
	answer_and_run(&fx, &s, t += MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	s = take_cv();				/* leg 1: P in, P out 2, PE2 */
	assert_mip_request(&s, 1, NODE_P, 1, 0);
	answer_and_run(&fx, &s, t += MS, OAM_RC_SEE_DDMAP, NODE_P, true, 1, 2, 200);
	s = take_cv();
	assert_mip_request(&s, 1, NODE_P, 0, 2);
	answer_and_run(&fx, &s, t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 0, 2, 200);
	s = take_cv();
	ck_assert_uint_eq(s.echo.dst_id.node_id, NODE_PE2);
	answer_and_run(&fx, &s, t += MS, OAM_RC_EGRESS, NODE_PE2, false, 0, 0, 0);
	s = take_cv();				/* leg 2: P in, P out 3, P2 */
	assert_mip_request(&s, 1, NODE_P, 1, 0);
	answer_and_run(&fx, &s, t += MS, OAM_RC_SEE_DDMAP, NODE_P, true, 1, 2, 200);
	s = take_cv();
	assert_mip_request(&s, 1, NODE_P, 0, 3);
	answer_and_run(&fx, &s, t += MS, OAM_RC_LABEL_SWITCHED, NODE_P, true, 0, 3, 201);
	s = take_cv();
	ck_assert_uint_eq(s.ttl, 2);
	ck_assert(s.echo.has_dst_id);
	ck_assert_uint_eq(s.echo.dst_id.node_id, NODE_P2);
	ck_assert_uint_eq(s.echo.n_ddmap, 0);
	answer_and_run(&fx, &s, t += MS, OAM_RC_EGRESS, NODE_P2, false, 0, 0, 0);
	ck_assert(done);
	ck_assert_uint_eq(final.n_legs, 2);
	ck_assert_uint_eq(final.legs_probed, 2);
	ck_assert_uint_eq(final.n_points, 7);
	for (j = 0; j < 2; j++) {
		ck_assert_int_eq(oam_locate_leg_view(&final, j, &view), 0);
		oam_locate_analyse(&view, NULL, &ana);
		oam_locate_compare(&view.legs[0], &view, &ana, &cmp);
		ck_assert_uint_eq(cmp.diff, OAM_DIFF_NONE);
		ck_assert_uint_eq(ana.v.where, OAM_LOC_HEALTHY);
	}
}
END_TEST

CHECK_EAL_MAIN("locate", "session", test_bad_args, test_session_healthy, test_session_silent,
	       test_session_wrong_answer, test_session_wrong_responder, test_options_bad_args,
	       test_session_intended_misprogram, test_session_sink_if,
	       test_session_sink_if_unhealthy, test_session_p2mp_legs)
