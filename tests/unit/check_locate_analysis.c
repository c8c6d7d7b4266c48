/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of locate's analysis (oam/locate.c, include/oam_locate.h): no EAL,
 * no session; hand-written findings (the points of a path and how each
 * answered, how route tracing ended) and link states in, the segments and the
 * verdict out.  They cover the cases a namespace network of tplsr nodes cannot
 * produce (a node that loses the LSP between its MIPs, a MIP answering with an
 * error code, a silent sink MEP, a link that is down), and the comparison with
 * an intended path (oam_locate_compare(), docs/LOCATE.md): every kind of
 * difference, from route-tracing hops and CV answers written by hand.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "check_unit.h"
#include "oam_locate.h"

#define MS 1000000ull

#define NODE_PE1 0xc0000201u
#define NODE_P   0xc0000202u
#define NODE_PE2 0xc0000203u
#define NODE_P2  0xc0000204u

#define OK OAM_PT_OK
#define NO OAM_PT_NO_ANSWER
#define WR OAM_PT_WRONG
#define US OAM_PT_UNSENT

static struct oam_locate L;
static struct oam_locate_analysis A;

/* A point; one that answers has an average RTT of (its index) ms. */
static void
pt(uint8_t kind, uint8_t ttl, uint32_t node, uint32_t ifn, uint8_t status)
{
	unsigned int i = L.n_points++;
	struct oam_locate_point *p = &L.pt[i];

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->ttl = ttl;
	p->has_node = node != 0;
	p->node.global_id = 65000;
	p->node.node_id = node;
	p->if_num = ifn;
	p->status = status;
	p->sent = kind == OAM_PT_SOURCE || kind == OAM_PT_HOP || status == US ? 0 : 3;
	p->success = status == OK && kind != OAM_PT_SOURCE ? 3 : 0;
	p->received = (status == OK || status == WR) && kind != OAM_PT_SOURCE ? 3 : 0;
	p->rtt_sum_ns = p->success * i * MS;
	p->rtt_min_ns = p->rtt_max_ns = p->success ? i * MS : 0;
}

/* New findings: route tracing ended by `end`, the source (IF 1) first. */
static void
begin(uint8_t end)
{
	memset(&L, 0, sizeof(L));
	L.trace_end = end;
	pt(OAM_PT_SOURCE, 0, NODE_PE1, 1, OK);
}

static void
analyse(const struct oam_locate_links *links)
{
	memset(&A, 0xa5, sizeof(A));	/* the analysis writes all of it */
	oam_locate_analyse(&L, links, &A);
}

/* PE1 — P — P2 — PE2 with each point's status; the MEP at TTL 3 when route
 * tracing reached the egress, else at 255 (not known). */
static void
four(uint8_t end, uint8_t p_in, uint8_t p_out, uint8_t p2_in, uint8_t p2_out, uint8_t m)
{
	begin(end);
	pt(OAM_PT_IN_MIP, 1, NODE_P, 1, p_in);
	pt(OAM_PT_OUT_MIP, 1, NODE_P, 2, p_out);
	pt(OAM_PT_IN_MIP, 2, NODE_P2, 1, p2_in);
	pt(OAM_PT_OUT_MIP, 2, NODE_P2, 2, p2_out);
	pt(OAM_PT_MEP, end == OAM_TRACE_EGRESS ? 3 : 255, NODE_PE2, 0, m);
	analyse(NULL);
}

/* PE1 — P — PE2: P's in-MIP (IF 1) and out-MIP (IF out_if), the MEP at hop mep_ttl. */
static void
three(uint8_t end, uint8_t p_in, uint8_t p_out, uint32_t out_if, uint8_t mep_ttl, uint8_t m)
{
	begin(end);
	pt(OAM_PT_IN_MIP, 1, NODE_P, 1, p_in);
	pt(OAM_PT_OUT_MIP, 1, NODE_P, out_if, p_out);
	pt(OAM_PT_MEP, mep_ttl, NODE_PE2, 0, m);
	analyse(NULL);
}

/* The segments as "kind/status" words, e.g. "link/ok node/fault link/unverified". */
static const char *
segs(void)
{
	static char buf[1024];
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < A.n_segments && n < sizeof(buf); i++) {
		ck_assert_uint_eq(A.seg[i].from, i);
		ck_assert_uint_eq(A.seg[i].to, i + 1);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s/%s", i ? " " : "",
				      oam_segment_kind_name(A.seg[i].kind),
				      oam_segment_status_name(A.seg[i].status));
	}
	return buf;
}

/* The verdict: what failed, between which points. */
static void
expect(uint8_t where, int after, int at)
{
	ck_assert_str_eq(oam_locate_where_name(A.v.where), oam_locate_where_name(where));
	ck_assert_int_eq(A.v.after, after);
	ck_assert_int_eq(A.v.at, at);
}

static void
links_one(struct oam_locate_links *k, uint32_t if_num, uint8_t state)
{
	memset(k, 0, sizeof(*k));
	k->n = 2;
	k->link[0].if_num = 7;			/* another interface, up */
	k->link[0].state = OAM_LINK_UP;
	k->link[1].if_num = if_num;
	k->link[1].state = state;
}

/* Bad input first: nothing to judge gives an empty result, not a crash. */
START_TEST(test_bad_input)
{
	oam_locate_analyse(NULL, NULL, &A);
	ck_assert_uint_eq(A.n_segments, 0);
	ck_assert_uint_eq(A.n_notes, 0);
	ck_assert_int_eq(A.v.at, -1);
	memset(&L, 0, sizeof(L));
	analyse(NULL);
	ck_assert_uint_eq(A.n_segments, 0);
	ck_assert_int_eq(A.v.at, -1);
	L.n_points = OAM_LOCATE_MAX_POINTS + 1;
	analyse(NULL);
	ck_assert_uint_eq(A.n_segments, 0);
	ck_assert_str_eq(oam_segment_kind_name(0), "?");
	ck_assert_str_eq(oam_segment_status_name(99), "?");
	ck_assert_str_eq(oam_locate_where_name(OAM_LOC_LINK), "link");
	ck_assert_str_eq(oam_point_status_name(OAM_PT_WRONG), "wrong-answer");
	ck_assert_str_eq(oam_point_kind_name(OAM_PT_OUT_MIP), "out-mip");
}
END_TEST

/* Everything answers: every segment ok, RTTs per point and per segment. */
START_TEST(test_all_good)
{
	unsigned int i;

	four(OAM_TRACE_EGRESS, OK, OK, OK, OK, OK);
	expect(OAM_LOC_HEALTHY, 5, -1);
	ck_assert_uint_eq(A.v.n_mips, 4);
	ck_assert_uint_eq(A.v.n_mips_ok, 4);
	ck_assert_uint_eq(A.n_notes, 0);
	ck_assert_str_eq(segs(), "link/ok node/ok link/ok node/ok link/ok");
	for (i = 0; i < A.n_segments; i++) {
		ck_assert(A.seg[i].has_rtt);
		ck_assert(A.seg[i].has_delta);
		ck_assert_uint_eq(A.seg[i].rtt_ns, (i + 1) * MS);
		/* The first from the source (0), then 1 ms each. */
		ck_assert_uint_eq(A.seg[i].delta_ns, 1 * MS);
	}
	ck_assert_uint_eq(A.source_link, OAM_LINK_UNKNOWN);
	ck_assert(!A.v.link_down);
	ck_assert_uint_eq(oam_locate_point_avg_ns(&L.pt[5]), 5 * MS);
	ck_assert_uint_eq(oam_locate_point_avg_ns(&L.pt[0]), 0);
}
END_TEST

/* In-MIP answers, its out-MIP does not: inside the node (its forwarding). */
START_TEST(test_inside_node)
{
	four(OAM_TRACE_EGRESS, OK, NO, NO, NO, NO);
	expect(OAM_LOC_NODE, 1, 2);
	ck_assert_uint_eq(A.v.answer, OAM_PT_NO_ANSWER);
	ck_assert(!A.v.out_mips_absent);
	ck_assert(!A.v.beyond_unknown);
	ck_assert_str_eq(segs(), "link/ok node/fault link/unverified node/unverified "
				 "link/unverified");
	ck_assert(A.seg[0].has_rtt);
	ck_assert(!A.seg[1].has_rtt);
	ck_assert(!A.seg[1].has_delta);
	ck_assert_uint_eq(A.v.n_mips_ok, 1);
	/* The out-MIP answers wrongly: still inside P, a wrong answer. */
	four(OAM_TRACE_EGRESS, OK, WR, NO, NO, NO);
	ck_assert_uint_eq(A.v.where, OAM_LOC_NODE);
	ck_assert_uint_eq(A.v.answer, OAM_PT_WRONG);
	ck_assert_str_eq(segs(), "link/ok node/fault link/unverified node/unverified "
				 "link/unverified");
	/* The same at the second node. */
	four(OAM_TRACE_EGRESS, OK, OK, OK, NO, NO);
	ck_assert_uint_eq(A.v.where, OAM_LOC_NODE);
	ck_assert_int_eq(A.v.at, 4);
	ck_assert_str_eq(segs(), "link/ok node/ok link/ok node/fault link/unverified");
}
END_TEST

/* An out-MIP answers, the next in-MIP does not: the link between them. */
START_TEST(test_link)
{
	four(OAM_TRACE_EGRESS, OK, OK, NO, NO, NO);
	expect(OAM_LOC_LINK, 2, 3);
	ck_assert(!A.v.beyond_unknown);
	ck_assert_str_eq(segs(), "link/ok node/ok link/fault node/unverified link/unverified");
	/* The first in-MIP already silent: the link from us. */
	four(OAM_TRACE_EGRESS, NO, NO, NO, NO, NO);
	expect(OAM_LOC_LINK, 0, 1);
	ck_assert_str_eq(segs(), "link/fault node/unverified link/unverified node/unverified "
				 "link/unverified");
	/* P2's in-MIP answers with an error: the link works, P2 is at fault. */
	four(OAM_TRACE_EGRESS, OK, OK, WR, NO, NO);
	ck_assert_uint_eq(A.v.where, OAM_LOC_NODE);
	ck_assert_int_eq(A.v.at, 3);
	ck_assert_uint_eq(A.v.answer, OAM_PT_WRONG);
	ck_assert_str_eq(segs(), "link/ok node/ok link/fault node/unverified link/unverified");
}
END_TEST

/* Every MIP answers, the egress MEP does not (or wrongly): the sink. */
START_TEST(test_sink)
{
	four(OAM_TRACE_EGRESS, OK, OK, OK, OK, NO);
	expect(OAM_LOC_SINK, 4, 5);
	ck_assert_uint_eq(A.v.answer, OAM_PT_NO_ANSWER);
	ck_assert_str_eq(segs(), "link/ok node/ok link/ok node/ok link/fault");
	ck_assert(!A.seg[4].has_rtt);
	four(OAM_TRACE_EGRESS, OK, OK, OK, OK, WR);
	ck_assert_uint_eq(A.v.where, OAM_LOC_SINK);
	ck_assert_uint_eq(A.v.answer, OAM_PT_WRONG);
	/* Route tracing did not reach the egress: not the sink, at or after P2. */
	four(OAM_TRACE_SILENT, OK, OK, OK, OK, NO);
	ck_assert_uint_eq(A.v.where, OAM_LOC_LINK);
	ck_assert(A.v.beyond_unknown);
	ck_assert_int_eq(A.v.after, 4);
	ck_assert_str_eq(segs(), "link/ok node/ok link/ok node/ok unknown/fault");
	/* ... unless the MEP answers wrongly: it was reached. */
	four(OAM_TRACE_SILENT, OK, OK, OK, OK, WR);
	ck_assert_uint_eq(A.v.where, OAM_LOC_SINK);
}
END_TEST

/* Route tracing stopped early: the path beyond is unknown, as is the MEP's hop. */
START_TEST(test_partial_trace)
{
	/* Only P answered route tracing; then two silent TTLs. */
	three(OAM_TRACE_SILENT, OK, OK, 2, 255, NO);
	ck_assert_uint_eq(A.v.where, OAM_LOC_LINK);
	ck_assert(A.v.beyond_unknown);
	ck_assert_int_eq(A.v.after, 2);
	ck_assert_int_eq(A.v.at, 3);
	ck_assert_str_eq(segs(), "link/ok node/ok unknown/fault");
	/* Nothing answered route tracing: source then MEP, at or after our link. */
	begin(OAM_TRACE_SILENT);
	pt(OAM_PT_MEP, 255, NODE_PE2, 0, NO);
	analyse(NULL);
	ck_assert_uint_eq(A.v.where, OAM_LOC_LINK);
	ck_assert(A.v.beyond_unknown);
	ck_assert_int_eq(A.v.after, 0);
	ck_assert_str_eq(segs(), "unknown/fault");
	ck_assert_uint_eq(A.v.n_mips, 0);
	/* The MEP answers though route tracing stopped: healthy, remark trace-short. */
	L.pt[1].status = OK;
	L.pt[1].success = 3;
	analyse(NULL);
	ck_assert_uint_eq(A.v.where, OAM_LOC_HEALTHY);
	ck_assert_uint_eq(A.n_notes, 1);
	ck_assert_uint_eq(A.notes[0].kind, OAM_NOTE_TRACE_SHORT);
	ck_assert_str_eq(segs(), "unknown/ok");
	/* A silent hop in the middle, the MEP answers. */
	begin(OAM_TRACE_EGRESS);
	pt(OAM_PT_HOP, 1, 0, 0, NO);
	pt(OAM_PT_MEP, 2, NODE_PE2, 0, OK);
	analyse(NULL);
	ck_assert_uint_eq(A.v.where, OAM_LOC_HEALTHY);
	ck_assert_uint_eq(A.n_notes, 1);
	ck_assert_uint_eq(A.notes[0].kind, OAM_NOTE_SILENT_HOP);
	ck_assert_str_eq(segs(), "link/ok link/ok");
	/* The MEP's RTT, its part measured from the source (the hop has none). */
	ck_assert(A.seg[1].has_rtt);
	ck_assert(!A.seg[1].has_delta);
	/* ... and the MEP silent: at or after the link to that unknown hop. */
	L.pt[2].status = NO;
	L.pt[2].success = 0;
	analyse(NULL);
	ck_assert_uint_eq(A.v.where, OAM_LOC_LINK);
	ck_assert(A.v.beyond_unknown);
	ck_assert_int_eq(A.v.at, 1);
	ck_assert_str_eq(segs(), "link/fault link/unverified");
}
END_TEST

/*
 * The source's link state is an input: down, it is named when the failing
 * segment is the link leaving this node, and only then — a fault at a node,
 * a later link or the sink does not become "our link is down".
 */
START_TEST(test_link_down)
{
	struct oam_locate_links k;

	links_one(&k, 1, OAM_LINK_DOWN);
	/* The first link: nothing answers route tracing. */
	begin(OAM_TRACE_SILENT);
	pt(OAM_PT_MEP, 255, NODE_PE2, 0, NO);
	analyse(&k);
	ck_assert_uint_eq(A.source_link, OAM_LINK_DOWN);
	ck_assert_uint_eq(A.v.where, OAM_LOC_LINK);
	ck_assert(A.v.link_down);
	/* The same with the link up, or not known. */
	links_one(&k, 1, OAM_LINK_UP);
	analyse(&k);
	ck_assert_uint_eq(A.source_link, OAM_LINK_UP);
	ck_assert(!A.v.link_down);
	analyse(NULL);
	ck_assert_uint_eq(A.source_link, OAM_LINK_UNKNOWN);
	ck_assert(!A.v.link_down);
	/* A down link of another interface says nothing about ours. */
	links_one(&k, 9, OAM_LINK_DOWN);
	analyse(&k);
	ck_assert_uint_eq(A.source_link, OAM_LINK_UNKNOWN);
	ck_assert(!A.v.link_down);

	/* The first link, the path known: the first in-MIP silent. */
	links_one(&k, 1, OAM_LINK_DOWN);
	four(OAM_TRACE_EGRESS, NO, NO, NO, NO, NO);
	analyse(&k);
	ck_assert_uint_eq(A.v.where, OAM_LOC_LINK);
	ck_assert_int_eq(A.v.after, 0);
	ck_assert(A.v.link_down);
	ck_assert_str_eq(segs(), "link/fault node/unverified link/unverified node/unverified "
				 "link/unverified");
	/* A node segment at fault. */
	four(OAM_TRACE_EGRESS, OK, NO, NO, NO, NO);
	analyse(&k);
	ck_assert_uint_eq(A.v.where, OAM_LOC_NODE);
	ck_assert(!A.v.link_down);
	ck_assert_uint_eq(A.source_link, OAM_LINK_DOWN);
	/* A later link at fault. */
	four(OAM_TRACE_EGRESS, OK, OK, NO, NO, NO);
	analyse(&k);
	ck_assert_uint_eq(A.v.where, OAM_LOC_LINK);
	ck_assert(!A.v.link_down);
	/* The sink at fault. */
	four(OAM_TRACE_EGRESS, OK, OK, OK, OK, NO);
	analyse(&k);
	ck_assert_uint_eq(A.v.where, OAM_LOC_SINK);
	ck_assert(!A.v.link_down);
	/* Healthy. */
	four(OAM_TRACE_EGRESS, OK, OK, OK, OK, OK);
	analyse(&k);
	ck_assert_uint_eq(A.v.where, OAM_LOC_HEALTHY);
	ck_assert(!A.v.link_down);
}
END_TEST

/* Out-MIPs that never answer (optimised nodes, RFC 7054 fig. 4). */
START_TEST(test_optimised)
{
	/* Out-MIPs never answer, in-MIPs and the MEP do: healthy, two remarks. */
	four(OAM_TRACE_EGRESS, OK, NO, OK, NO, OK);
	ck_assert_uint_eq(A.v.where, OAM_LOC_HEALTHY);
	ck_assert_uint_eq(A.n_notes, 2);
	ck_assert_uint_eq(A.notes[0].kind, OAM_NOTE_NO_OUT_MIP);
	ck_assert_uint_eq(A.notes[0].point, 2);
	ck_assert_uint_eq(A.notes[1].kind, OAM_NOTE_NO_OUT_MIP);
	ck_assert_uint_eq(A.notes[1].point, 4);
	ck_assert_uint_eq(A.v.n_mips, 4);
	ck_assert_uint_eq(A.v.n_mips_ok, 2);
	ck_assert_str_eq(segs(), "link/ok node/ok link/ok node/ok link/ok");
	/* P2's in-MIP's part is measured from P's in-MIP, the last that answered. */
	ck_assert(!A.seg[2].has_delta);
	ck_assert_uint_eq(A.seg[2].rtt_ns, 3 * MS);
	ck_assert(A.seg[4].has_rtt);
	ck_assert(!A.seg[4].has_delta);
	/* The same network with P2 -> PE2 broken: inside P2 by the rule, but P's
	 * out-MIP is silent while P2 answers, so P2 may lack out-MIPs too. */
	four(OAM_TRACE_EGRESS, OK, NO, OK, NO, NO);
	ck_assert_uint_eq(A.v.where, OAM_LOC_NODE);
	ck_assert_int_eq(A.v.at, 4);
	ck_assert(A.v.out_mips_absent);
	ck_assert_uint_eq(A.n_notes, 1);
	ck_assert_uint_eq(A.notes[0].kind, OAM_NOTE_NO_OUT_MIP);
	ck_assert_str_eq(segs(), "link/ok node/ok link/ok node/fault link/unverified");
	/* P optimised, the link P -> P2 broken: after P's in-MIP, P's out-MIP is
	 * the first silent point: inside P, nothing says otherwise. */
	four(OAM_TRACE_EGRESS, OK, NO, NO, NO, NO);
	ck_assert_uint_eq(A.v.where, OAM_LOC_NODE);
	ck_assert(!A.v.out_mips_absent);
}
END_TEST

/* Remarks on a path that works: loss, wrong or unsent points before the last answer. */
START_TEST(test_remarks)
{
	/* Loss on P's in-MIP, a short trace: healthy with remarks. */
	four(OAM_TRACE_SILENT, OK, OK, OK, OK, OK);
	L.pt[1].success = 2;
	analyse(NULL);
	ck_assert_uint_eq(A.v.where, OAM_LOC_HEALTHY);
	ck_assert_uint_eq(A.n_notes, 2);
	ck_assert_uint_eq(A.notes[0].kind, OAM_NOTE_LOSS);
	ck_assert_uint_eq(A.notes[0].point, 1);
	ck_assert_uint_eq(A.notes[1].kind, OAM_NOTE_TRACE_SHORT);
	/* A wrong answer and an unsent point, the MEP answers. */
	four(OAM_TRACE_EGRESS, WR, US, NO, OK, OK);
	ck_assert_uint_eq(A.v.where, OAM_LOC_HEALTHY);
	ck_assert_uint_eq(A.n_notes, 3);
	ck_assert_uint_eq(A.notes[0].kind, OAM_NOTE_WRONG_ANSWER);
	ck_assert_uint_eq(A.notes[1].kind, OAM_NOTE_UNSENT);
	ck_assert_uint_eq(A.notes[2].kind, OAM_NOTE_SILENT_IN_MIP);
	ck_assert_uint_eq(A.notes[2].point, 3);
	ck_assert_str_eq(segs(), "link/ok node/ok link/ok node/ok link/ok");
}
END_TEST

/* The LSP comes back to us (RFC 6435 loopback set at a MIP): a loop after P. */
START_TEST(test_loop)
{
	three(OAM_TRACE_LOOP, OK, OK, 2, 255, NO);
	expect(OAM_LOC_LOOP, 2, 3);
	ck_assert_str_eq(segs(), "link/ok node/ok unknown/fault");
}
END_TEST

/*
 * P2MP: the source probes its first leg only, so the path is that leg's.  The
 * branch node P answers for that leg's out interface (3); the leaf's MEP does
 * not: the sink, with the branch node's segments ok.
 */
START_TEST(test_p2mp)
{
	three(OAM_TRACE_EGRESS, OK, OK, 3, 2, NO);
	expect(OAM_LOC_SINK, 2, 3);
	ck_assert_uint_eq(L.pt[2].if_num, 3);
	ck_assert_str_eq(segs(), "link/ok node/ok link/fault");
	/* The leg's out-MIP silent at the branch node, the leaf answers: a remark. */
	three(OAM_TRACE_EGRESS, OK, NO, 3, 2, OK);
	ck_assert_uint_eq(A.v.where, OAM_LOC_HEALTHY);
	ck_assert_uint_eq(A.notes[0].kind, OAM_NOTE_NO_OUT_MIP);
	/* ... and the leaf silent too: inside the branch node. */
	three(OAM_TRACE_EGRESS, OK, NO, 3, 2, NO);
	ck_assert_uint_eq(A.v.where, OAM_LOC_NODE);
	ck_assert_int_eq(A.v.at, 2);
	ck_assert_str_eq(segs(), "link/ok node/fault link/unverified");
}
END_TEST

/* Per-node MIPs (IF_Num 0): one in-MIP point per hop, only links between them. */
START_TEST(test_per_node_mips)
{
	begin(OAM_TRACE_EGRESS);
	pt(OAM_PT_IN_MIP, 1, NODE_P, 0, OK);
	pt(OAM_PT_IN_MIP, 2, NODE_P2, 0, NO);
	pt(OAM_PT_MEP, 3, NODE_PE2, 0, NO);
	analyse(NULL);
	expect(OAM_LOC_LINK, 1, 2);
	ck_assert_str_eq(segs(), "link/ok link/fault link/unverified");
}
END_TEST


/* ---- the intended path (oam_locate_compare) -------------------------------- */

#define NODE_X 0xc0000209u	/* a node on no intended path */

static struct lsr_path_leg LEG;
static struct oam_locate_cmp C;

static void
leg_hop(uint32_t node, uint32_t in_if, uint32_t out_if)
{
	struct lsr_path_hop *h = &LEG.hop[LEG.n_hops++];

	h->node.global_id = 65000;
	h->node.node_id = node;
	h->in_if = in_if;
	h->out_if = out_if;
}

/* PE1 -> P (in 1, out 2) [-> P2 (in 1, out 2)] -> PE2 (in 1). */
static void
leg(bool four_nodes)
{
	memset(&LEG, 0, sizeof(LEG));
	leg_hop(NODE_P, 1, 2);
	if (four_nodes)
		leg_hop(NODE_P2, 1, 2);
	leg_hop(NODE_PE2, 1, 0);
}

/* A route-tracing hop answered by node (0: silent) with a DDMAP in/out (out 0: none, the
 * egress's return code 3). */
static void
hop(uint32_t node, uint32_t in_if, uint32_t out_if)
{
	struct oam_probe_result *r = &L.hops[L.n_hops];

	memset(r, 0, sizeof(*r));
	r->seq = r->ttl = (uint8_t)(++L.n_hops);
	if (node == 0) {
		r->status = OAM_PROBE_TIMEOUT;
		return;
	}
	r->status = OAM_PROBE_REPLY;
	r->has_src = true;
	r->src.global_id = 65000;
	r->src.node_id = node;
	r->rc = out_if != 0 || in_if != 0 ? 8 : 3;
	r->has_ddmap = out_if != 0 || in_if != 0;
	r->ingress = in_if;
	r->egress = out_if;
}

/* The trace so far ended by `end`; the points are LEG's, their statuses in order
 * (source excluded), then the analysis and the comparison. */
static void
judge_leg(uint8_t end, const uint8_t *status)
{
	struct oam_probe_result hops[OAM_LOCATE_MAX_HOPS];
	uint8_t n_hops = L.n_hops;
	unsigned int i;

	memcpy(hops, L.hops, sizeof(hops));
	begin(end);
	memcpy(L.hops, hops, sizeof(hops));
	L.n_hops = n_hops;
	ck_assert_int_eq(oam_locate_points_from_leg(&L, &LEG, 0), 0);
	ck_assert_uint_eq(L.n_points, 2u * LEG.n_hops);
	for (i = 1; i < L.n_points; i++) {
		struct oam_locate_point *p = &L.pt[i];

		p->status = status[i - 1];
		p->sent = 3;
		p->success = p->status == OK ? 3 : 0;
		p->received = p->status == OK || p->status == WR ? 3 : 0;
		p->rtt_sum_ns = p->success * i * MS;
	}
	analyse(NULL);
	memset(&C, 0xa5, sizeof(C));
	oam_locate_compare(&LEG, &L, &A, &C);
}

static void
new_trace(void)
{
	memset(&L, 0, sizeof(L));
}

static void
expect_diff(uint8_t diff, int hop_idx)
{
	ck_assert_str_eq(oam_locate_diff_name(C.diff), oam_locate_diff_name(diff));
	ck_assert_int_eq(C.hop, hop_idx);
}

/* The points of a leg: in- and out-MIP per transit node with its TTL, then the MEP. */
START_TEST(test_cmp_points)
{
	leg(true);
	new_trace();
	begin(0);
	ck_assert_int_eq(oam_locate_points_from_leg(&L, &LEG, 0), 0);
	ck_assert_uint_eq(L.n_points, 6);
	ck_assert_uint_eq(L.pt[1].kind, OAM_PT_IN_MIP);
	ck_assert_uint_eq(L.pt[1].if_num, 1);
	ck_assert_uint_eq(L.pt[1].ttl, 1);
	ck_assert_uint_eq(L.pt[2].kind, OAM_PT_OUT_MIP);
	ck_assert_uint_eq(L.pt[2].if_num, 2);
	ck_assert_uint_eq(L.pt[3].node.node_id, NODE_P2);
	ck_assert_uint_eq(L.pt[3].ttl, 2);
	ck_assert_uint_eq(L.pt[5].kind, OAM_PT_MEP);
	ck_assert_uint_eq(L.pt[5].ttl, 3);
	ck_assert_uint_eq(L.pt[5].node.node_id, NODE_PE2);
	/* Nothing to compare with: no verdict, no crash. */
	oam_locate_compare(NULL, &L, &A, &C);
	expect_diff(OAM_DIFF_NONE, -1);
	ck_assert_int_eq(C.point, -1);
	LEG.n_hops = 0;
	oam_locate_compare(&LEG, &L, &A, &C);
	expect_diff(OAM_DIFF_NONE, -1);
	ck_assert_str_eq(oam_locate_diff_name(99), "?");
}
END_TEST

/* Everything as provisioned and answering: healthy, every hop matched. */
START_TEST(test_cmp_healthy)
{
	leg(true);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_P2, 1, 2);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ OK, OK, OK, OK, OK });
	expect_diff(OAM_DIFF_NONE, -1);
	ck_assert_uint_eq(C.n_matched, 3);
	ck_assert_int_eq(C.point, -1);
}
END_TEST

/*
 * The misprogrammed forwarding entry: P's in-MIP reports out IF 3 (and its
 * out-MIP of IF 2, not on the LSP's path there, is misdirected: silent).
 * Inside P, naming both interfaces - not "the link leaving P by IF 3".
 */
START_TEST(test_cmp_out_if)
{
	leg(false);
	new_trace();
	hop(NODE_P, 1, 3);
	hop(0, 0, 0);
	hop(0, 0, 0);
	judge_leg(OAM_TRACE_SILENT, (const uint8_t[]){ OK, NO, NO });
	expect_diff(OAM_DIFF_OUT_IF, 0);
	ck_assert(C.has_found);
	ck_assert_uint_eq(C.found.node_id, NODE_P);
	ck_assert_uint_eq(C.found_out_if, 3);
	ck_assert_uint_eq(LEG.hop[C.hop].out_if, 2);
	ck_assert_uint_eq(C.n_matched, 0);
	/* The same at the second node of four; the first matched. */
	leg(true);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_P2, 1, 5);
	hop(0, 0, 0);
	hop(0, 0, 0);
	judge_leg(OAM_TRACE_SILENT, (const uint8_t[]){ OK, OK, OK, NO, NO });
	expect_diff(OAM_DIFF_OUT_IF, 1);
	ck_assert_uint_eq(C.found_out_if, 5);
	ck_assert_uint_eq(C.n_matched, 1);
}
END_TEST

/* The LSP arrives at P on another interface than provisioned. */
START_TEST(test_cmp_in_if)
{
	leg(false);
	new_trace();
	hop(NODE_P, 4, 2);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ NO, OK, OK });
	expect_diff(OAM_DIFF_IN_IF, 0);
	ck_assert_uint_eq(C.found_in_if, 4);
}
END_TEST

/* Provisioned P then P2; route tracing finds PE2 right after P: P2 is skipped. */
START_TEST(test_cmp_missing_hop)
{
	leg(true);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ OK, OK, NO, NO, NO });
	expect_diff(OAM_DIFF_MISSING_HOP, 1);
	ck_assert_uint_eq(C.found.node_id, NODE_PE2);
	ck_assert_uint_eq(LEG.hop[C.hop].node.node_id, NODE_P2);
	ck_assert_uint_eq(C.n_matched, 1);
}
END_TEST

/* A node between P and PE2 that is not provisioned; and one past the sink. */
START_TEST(test_cmp_extra_hop)
{
	leg(false);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_X, 1, 2);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ OK, OK, NO });
	expect_diff(OAM_DIFF_EXTRA_HOP, 1);
	ck_assert_uint_eq(C.found.node_id, NODE_X);
	/* PE2, the provisioned sink, switches the LSP on to X (its in-MIP answers
	 * the CV meant for its MEP wrongly). */
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_PE2, 1, 4);
	hop(NODE_X, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ OK, OK, WR });
	expect_diff(OAM_DIFF_EXTRA_HOP, 2);
	ck_assert_uint_eq(C.found.node_id, NODE_PE2);
	ck_assert_uint_eq(C.found_out_if, 4);
	ck_assert_uint_eq(C.n_matched, 1);
}
END_TEST

/* P sends the LSP to X, which is on no path, and nothing comes after. */
START_TEST(test_cmp_not_on_path)
{
	leg(false);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_X, 7, 8);
	hop(0, 0, 0);
	hop(0, 0, 0);
	judge_leg(OAM_TRACE_SILENT, (const uint8_t[]){ OK, OK, NO });
	expect_diff(OAM_DIFF_NOT_ON_PATH, 1);
	ck_assert_uint_eq(C.found.node_id, NODE_X);
	ck_assert_uint_eq(C.found_in_if, 7);
}
END_TEST

/* Links down: the path is known, so the link is named (no "at or after"). */
START_TEST(test_cmp_link)
{
	/* P -> PE2: P's MIPs answer, the sink (no MIP) does not: the link or the sink. */
	leg(false);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(0, 0, 0);
	hop(0, 0, 0);
	judge_leg(OAM_TRACE_SILENT, (const uint8_t[]){ OK, OK, NO });
	expect_diff(OAM_DIFF_LINK, 1);
	ck_assert(C.sink_unheard);
	ck_assert_int_eq(C.point, 3);
	ck_assert_uint_eq(C.answer, OAM_PT_NO_ANSWER);
	ck_assert_uint_eq(C.n_matched, 1);
	/* P1 -> P2 of four nodes: P2's in-MIP silent. */
	leg(true);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(0, 0, 0);
	hop(0, 0, 0);
	judge_leg(OAM_TRACE_SILENT, (const uint8_t[]){ OK, OK, NO, NO, NO });
	expect_diff(OAM_DIFF_LINK, 1);
	ck_assert(!C.sink_unheard);
	ck_assert_int_eq(C.point, 3);
	/* Our own link: nothing answers. */
	new_trace();
	hop(0, 0, 0);
	hop(0, 0, 0);
	judge_leg(OAM_TRACE_SILENT, (const uint8_t[]){ NO, NO, NO, NO, NO });
	expect_diff(OAM_DIFF_LINK, 0);
	ck_assert_int_eq(C.point, 1);
}
END_TEST

/* Inside a node: in-MIP answers, the provisioned out-MIP not, tracing says nothing more. */
START_TEST(test_cmp_node)
{
	leg(true);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(0, 0, 0);
	hop(0, 0, 0);
	judge_leg(OAM_TRACE_SILENT, (const uint8_t[]){ OK, NO, NO, NO, NO });
	expect_diff(OAM_DIFF_NODE, 0);
	ck_assert_int_eq(C.point, 2);
	/* A MIP answering wrongly: that node, the link to it works. */
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_P2, 1, 2);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ OK, OK, WR, NO, NO });
	expect_diff(OAM_DIFF_MIP, 1);
	ck_assert_uint_eq(C.answer, OAM_PT_WRONG);
	/* Every MIP answers, the MEP that answered route tracing does not: the sink. */
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_P2, 1, 2);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ OK, OK, OK, OK, NO });
	expect_diff(OAM_DIFF_SINK, 2);
	ck_assert_int_eq(C.point, 5);
}
END_TEST

/* `mip off`: a silent MIP before points that answer is a remark, not a difference. */
START_TEST(test_cmp_mip_off)
{
	leg(false);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ OK, NO, OK });
	expect_diff(OAM_DIFF_NONE, -1);
	ck_assert_uint_eq(A.n_notes, 1);
	ck_assert_uint_eq(A.notes[0].kind, OAM_NOTE_NO_OUT_MIP);
	/* P's in interface: route tracing gets nothing at TTL 1. */
	new_trace();
	hop(0, 0, 0);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ NO, OK, OK });
	expect_diff(OAM_DIFF_NONE, -1);
	ck_assert_uint_eq(C.n_matched, 1);
	ck_assert_uint_eq(A.notes[0].kind, OAM_NOTE_SILENT_IN_MIP);
	/* The sink's trace reply lost, the next TTL answered by the sink: no loop. */
	new_trace();
	hop(NODE_P, 1, 2);
	hop(0, 0, 0);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ OK, OK, OK });
	expect_diff(OAM_DIFF_NONE, -1);
	ck_assert_uint_eq(C.n_matched, 1);
}
END_TEST

/* Per-node MIPs (RFC 6370 §7.3): the DDMAP names no arrival IF_Num; the out IF is still checked. */
START_TEST(test_cmp_per_node)
{
	leg(false);
	new_trace();
	hop(NODE_P, 0, 2);
	hop(NODE_PE2, 0, 0);
	judge_leg(OAM_TRACE_EGRESS, (const uint8_t[]){ OK, OK, OK });
	expect_diff(OAM_DIFF_NONE, -1);
	ck_assert_uint_eq(C.n_matched, 2);
	new_trace();
	hop(NODE_P, 0, 3);
	hop(0, 0, 0);
	hop(0, 0, 0);
	judge_leg(OAM_TRACE_SILENT, (const uint8_t[]){ OK, NO, NO });
	expect_diff(OAM_DIFF_OUT_IF, 0);
	ck_assert_uint_eq(C.found_out_if, 3);
}
END_TEST

/* Looped back to us after P (RFC 6435), or to a node already passed. */
START_TEST(test_cmp_loop)
{
	leg(true);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_PE1, 0, 0);
	judge_leg(OAM_TRACE_LOOP, (const uint8_t[]){ OK, OK, NO, NO, NO });
	expect_diff(OAM_DIFF_LOOP, 1);
	ck_assert_uint_eq(C.found.node_id, NODE_PE1);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_P2, 1, 2);
	hop(NODE_P, 2, 1);
	judge_leg(OAM_TRACE_MAX_TTL, (const uint8_t[]){ OK, OK, OK, OK, NO });
	expect_diff(OAM_DIFF_LOOP, 2);
	ck_assert_uint_eq(C.found.node_id, NODE_P);
}
END_TEST

/* save-path: a complete trace becomes a leg; anything less is refused. */
START_TEST(test_leg_from_trace)
{
	struct lsr_path_leg got;

	leg(true);
	new_trace();
	hop(NODE_P, 1, 2);
	hop(NODE_P2, 1, 2);
	hop(NODE_PE2, 0, 0);
	L.trace_end = OAM_TRACE_EGRESS;
	ck_assert_int_eq(oam_locate_leg_from_trace(&L, 1, &got), 0);
	ck_assert_mem_eq(&got, &LEG, sizeof(got));
	ck_assert_int_eq(oam_locate_leg_from_trace(&L, 0, &got), -EAGAIN);
	L.trace_end = OAM_TRACE_SILENT;
	ck_assert_int_eq(oam_locate_leg_from_trace(&L, 1, &got), -EAGAIN);
	/* A silent hop, a per-node MIP (no IF_Num), a node twice. */
	L.trace_end = OAM_TRACE_EGRESS;
	L.hops[1].status = OAM_PROBE_TIMEOUT;
	ck_assert_int_eq(oam_locate_leg_from_trace(&L, 1, &got), -EAGAIN);
	L.hops[1].status = OAM_PROBE_REPLY;
	L.hops[1].ingress = 0;
	ck_assert_int_eq(oam_locate_leg_from_trace(&L, 1, &got), -EAGAIN);
	L.hops[1].ingress = 1;
	L.hops[1].src.node_id = NODE_P;
	ck_assert_int_eq(oam_locate_leg_from_trace(&L, 1, &got), -EAGAIN);
	ck_assert_uint_eq(got.n_hops, 0);
}
END_TEST

/*
 * P2MP, two legs PE1 -> P -> PE2 (P out 2) and PE1 -> P -> P2 (P out 3), the
 * branch P answering route tracing with return code 14 and its first DDMAP
 * only (out 2), PE2 answering TTL 2 for both legs.  Each leg is judged alone:
 * PE2 is a sibling for the second leg (its answer says nothing there), P's out
 * IF is not compared at a branch.  The second leaf does not answer: that leg only.
 */
START_TEST(test_cmp_p2mp)
{
	struct oam_locate view;
	unsigned int j;

	memset(&L, 0, sizeof(L));
	hop(NODE_P, 1, 2);
	L.hops[0].rc = 14;
	hop(NODE_PE2, 0, 0);
	L.trace_end = OAM_TRACE_EGRESS;
	pt(OAM_PT_SOURCE, 0, NODE_PE1, 1, OK);
	L.has_intended = true;
	L.n_legs = 2;
	leg(false);
	L.legs[0] = LEG;
	LEG.hop[0].out_if = 3;
	LEG.hop[1].node.node_id = NODE_P2;
	L.legs[1] = LEG;
	for (j = 0; j < 2; j++)
		ck_assert_int_eq(oam_locate_points_from_leg(&L, &L.legs[j], (uint8_t)j), 0);
	ck_assert_uint_eq(L.n_points, 7);
	ck_assert_uint_eq(L.pt[4].leg, 1);
	ck_assert_uint_eq(L.pt[5].if_num, 3);
	for (j = 1; j < L.n_points; j++) {
		L.pt[j].status = j == 6 ? NO : OK;
		L.pt[j].sent = 3;
		L.pt[j].success = L.pt[j].received = j == 6 ? 0 : 3;
	}
	ck_assert_int_eq(oam_locate_leg_view(&L, 2, &view), -EINVAL);
	/* The first leg: as provisioned. */
	ck_assert_int_eq(oam_locate_leg_view(&L, 0, &view), 0);
	ck_assert_uint_eq(view.n_points, 4);
	ck_assert_uint_eq(view.pt[3].node.node_id, NODE_PE2);
	oam_locate_analyse(&view, NULL, &A);
	oam_locate_compare(&view.legs[0], &view, &A, &C);
	expect_diff(OAM_DIFF_NONE, -1);
	ck_assert_uint_eq(C.n_matched, 2);
	/* The second: PE2's answer is silence here; the leaf's link (or leaf) at fault. */
	ck_assert_int_eq(oam_locate_leg_view(&L, 1, &view), 0);
	ck_assert_uint_eq(view.n_points, 4);
	ck_assert_uint_eq(view.pt[2].if_num, 3);
	ck_assert_uint_eq(view.pt[3].node.node_id, NODE_P2);
	ck_assert_uint_eq(view.hops[1].status, OAM_PROBE_TIMEOUT);
	ck_assert_uint_eq(view.hops[0].status, OAM_PROBE_REPLY);
	oam_locate_analyse(&view, NULL, &A);
	oam_locate_compare(&view.legs[0], &view, &A, &C);
	expect_diff(OAM_DIFF_LINK, 1);
	ck_assert(C.sink_unheard);
	ck_assert_uint_eq(C.n_matched, 1);
	/* A path of one leg from a branching trace is refused by save-path. */
	{
		struct lsr_path_leg got;

		L.hops[1].status = OAM_PROBE_REPLY;
		ck_assert_int_eq(oam_locate_leg_from_trace(&L, 1, &got), -EMLINK);
		/* ... whatever else is missing (the sink's IF_Num here). */
		ck_assert_int_eq(oam_locate_leg_from_trace(&L, 0, &got), -EMLINK);
	}
	/* A leg whose points do not fit is not added at all. */
	L.n_points = OAM_LOCATE_MAX_POINTS - 2;
	ck_assert_int_eq(oam_locate_points_from_leg(&L, &L.legs[0], 0), -ENOSPC);
	ck_assert_uint_eq(L.n_points, OAM_LOCATE_MAX_POINTS - 2);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("locate-analysis");

	CHECK_TCASE(s, "bad_input", test_bad_input);
	CHECK_TCASE(s, "verdict", test_all_good, test_inside_node, test_link, test_sink,
		    test_partial_trace, test_link_down, test_optimised, test_remarks, test_loop,
		    test_p2mp, test_per_node_mips);
	CHECK_TCASE(s, "intended", test_cmp_points, test_cmp_healthy, test_cmp_out_if,
		    test_cmp_in_if, test_cmp_missing_hop, test_cmp_extra_hop, test_cmp_not_on_path,
		    test_cmp_link, test_cmp_node, test_cmp_mip_off, test_cmp_per_node, test_cmp_loop,
		    test_leg_from_trace, test_cmp_p2mp);
	return check_unit_main(s);
}
