/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Locate's analysis (include/oam_locate.h): the findings of a locate session
 * and our link states in, the segments and the verdict out.  Pure: no EAL, no
 * I/O, so ctl/ renders its result and tests/unit/check_locate_analysis.c
 * checks it on hand-written findings.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "oam_locate.h"
#include "oam_lspping.h"

const char *
oam_point_kind_name(uint8_t kind)
{
	switch (kind) {
	case OAM_PT_SOURCE: return "source";
	case OAM_PT_IN_MIP: return "in-mip";
	case OAM_PT_OUT_MIP: return "out-mip";
	case OAM_PT_HOP: return "hop";
	case OAM_PT_MEP: return "mep";
	default: return "?";
	}
}

const char *
oam_point_status_name(uint8_t status)
{
	switch (status) {
	case OAM_PT_OK: return "ok";
	case OAM_PT_NO_ANSWER: return "no-answer";
	case OAM_PT_WRONG: return "wrong-answer";
	case OAM_PT_UNSENT: return "unsent";
	default: return "pending";
	}
}

const char *
oam_locate_where_name(uint8_t where)
{
	switch (where) {
	case OAM_LOC_HEALTHY: return "none";
	case OAM_LOC_LINK: return "link";
	case OAM_LOC_NODE: return "node";
	case OAM_LOC_SINK: return "sink";
	case OAM_LOC_LOOP: return "loop";
	default: return "?";
	}
}

const char *
oam_locate_trace_end_name(uint8_t end)
{
	switch (end) {
	case OAM_TRACE_EGRESS: return "egress";
	case OAM_TRACE_SILENT: return "silent";
	case OAM_TRACE_MAX_TTL: return "max-ttl";
	case OAM_TRACE_LOOP: return "loop";
	default: return "tracing";
	}
}

const char *
oam_locate_note_name(uint8_t kind)
{
	switch (kind) {
	case OAM_NOTE_NO_OUT_MIP: return "no-out-mip";
	case OAM_NOTE_SILENT_IN_MIP: return "silent-in-mip";
	case OAM_NOTE_SILENT_HOP: return "silent-hop";
	case OAM_NOTE_WRONG_ANSWER: return "wrong-answer";
	case OAM_NOTE_UNSENT: return "unsent";
	case OAM_NOTE_LOSS: return "loss";
	case OAM_NOTE_TRACE_SHORT: return "trace-short";
	default: return "?";
	}
}

const char *
oam_segment_kind_name(uint8_t kind)
{
	switch (kind) {
	case OAM_SEG_LINK: return "link";
	case OAM_SEG_NODE: return "node";
	case OAM_SEG_UNKNOWN: return "unknown";
	default: return "?";
	}
}

const char *
oam_segment_status_name(uint8_t status)
{
	switch (status) {
	case OAM_SEG_OK: return "ok";
	case OAM_SEG_FAULT: return "fault";
	case OAM_SEG_UNVERIFIED: return "unverified";
	default: return "?";
	}
}

static void
add_note(struct oam_locate_analysis *a, uint8_t kind, unsigned int point)
{
	if (a->n_notes < sizeof(a->notes) / sizeof(a->notes[0]))
		a->notes[a->n_notes++] = (struct oam_locate_note){ kind, (uint8_t)point };
}

/*
 * RFC 7054 §4 reading of the answers, walking the path from the source:
 * everything up to the last point that answered carried the probes, so a
 * silent or wrong point before it is a remark, not the fault (an out-MIP
 * that stays silent while later in-MIPs answer belongs to a node without
 * out-MIPs, RFC 7054 fig. 4, or one whose MIPs are off).  The fault lies
 * between that last answer and the next point:
 *   in-MIP of X answers, X's out-MIP does not       -> inside X;
 *   X's out-MIP (or the source) answers, the next in-MIP does not -> the link;
 *   a MIP answers with an error                     -> that node (the link to it works);
 *   every MIP answers, the MEP (found by route tracing) does not -> the sink;
 *   route tracing stopped before the MEP            -> at or after the last answer.
 */
static void
judge(const struct oam_locate *l, struct oam_locate_analysis *a)
{
	struct oam_locate_verdict *v = &a->v;
	const struct oam_locate_point *b;
	bool silent_out = false;
	int i, last_ok = 0;

	v->at = -1;
	for (i = 0; i < l->n_points; i++)
		if (l->pt[i].status == OAM_PT_OK)
			last_ok = i;
	for (i = 1; i < last_ok; i++) {
		const struct oam_locate_point *p = &l->pt[i];

		switch (p->status) {
		case OAM_PT_OK:
			break;
		case OAM_PT_WRONG:
			add_note(a, OAM_NOTE_WRONG_ANSWER, i);
			break;
		case OAM_PT_UNSENT:
			add_note(a, OAM_NOTE_UNSENT, i);
			break;
		default:
			if (p->kind == OAM_PT_OUT_MIP) {
				add_note(a, OAM_NOTE_NO_OUT_MIP, i);
				silent_out = true;
			} else if (p->kind == OAM_PT_HOP) {
				add_note(a, OAM_NOTE_SILENT_HOP, i);
			} else {
				add_note(a, OAM_NOTE_SILENT_IN_MIP, i);
			}
			break;
		}
	}
	for (i = 1; i <= last_ok; i++)
		if (l->pt[i].status == OAM_PT_OK && l->pt[i].success < l->pt[i].sent)
			add_note(a, OAM_NOTE_LOSS, i);
	v->after = (int8_t)last_ok;
	if (last_ok == l->n_points - 1) {
		v->where = OAM_LOC_HEALTHY;
		if (l->trace_end != OAM_TRACE_EGRESS)
			add_note(a, OAM_NOTE_TRACE_SHORT, last_ok);
		return;
	}
	v->at = (int8_t)(last_ok + 1);
	b = &l->pt[v->at];
	v->answer = b->status;
	switch (b->kind) {
	case OAM_PT_OUT_MIP:
		/* Its in-MIP answered (points of a hop are consecutive). */
		v->where = OAM_LOC_NODE;
		v->out_mips_absent = b->status == OAM_PT_NO_ANSWER && silent_out;
		break;
	case OAM_PT_IN_MIP:
		/* A wrong answer came back from it: the link to it carries OAM both ways. */
		v->where = b->status == OAM_PT_WRONG ? OAM_LOC_NODE : OAM_LOC_LINK;
		break;
	case OAM_PT_HOP:
		/* Route tracing got no answer from that hop: who it is, is unknown. */
		v->where = OAM_LOC_LINK;
		v->beyond_unknown = true;
		break;
	default:	/* the MEP */
		if (l->trace_end == OAM_TRACE_LOOP) {
			v->where = OAM_LOC_LOOP;
		} else if (l->trace_end == OAM_TRACE_EGRESS || b->status == OAM_PT_WRONG) {
			/* The sink answered route tracing (or answers, wrongly). */
			v->where = OAM_LOC_SINK;
		} else {
			/* Route tracing stopped: what lies after `a` is unknown. */
			v->where = OAM_LOC_LINK;
			v->beyond_unknown = true;
		}
		break;
	}
}

static uint8_t
link_state(const struct oam_locate_links *links, uint32_t if_num)
{
	unsigned int i;

	if (links == NULL || if_num == 0)
		return OAM_LINK_UNKNOWN;
	for (i = 0; i < links->n && i < LSR_MAX_INTERFACES; i++)
		if (links->link[i].if_num == if_num)
			return links->link[i].state;
	return OAM_LINK_UNKNOWN;
}

uint64_t
oam_locate_point_avg_ns(const struct oam_locate_point *p)
{
	return p->success ? p->rtt_sum_ns / p->success : 0;
}

/* The segment that ends at point j (1 .. n-1): a node's inside is in-MIP to out-MIP. */
static uint8_t
segment_kind(const struct oam_locate *l, int j)
{
	const struct oam_locate_point *a = &l->pt[j - 1], *b = &l->pt[j];

	if (a->kind == OAM_PT_IN_MIP && b->kind == OAM_PT_OUT_MIP && a->ttl == b->ttl)
		return OAM_SEG_NODE;
	if (b->kind == OAM_PT_MEP && b->ttl == 255 && l->trace_end != OAM_TRACE_EGRESS)
		return OAM_SEG_UNKNOWN;
	return OAM_SEG_LINK;
}

/*
 * Each segment's RTT is its end point's; its own part (delta) is measured from
 * the last point before it that answered, the source counting as 0.
 */
static void
segments(const struct oam_locate *l, struct oam_locate_analysis *a)
{
	int j, k = 0;

	for (j = 1; j < l->n_points; j++) {
		const struct oam_locate_point *p = &l->pt[j];
		struct oam_locate_segment *s = &a->seg[a->n_segments++];
		uint64_t base = k ? oam_locate_point_avg_ns(&l->pt[k]) : 0;

		s->from = (uint8_t)(j - 1);
		s->to = (uint8_t)j;
		s->kind = segment_kind(l, j);
		if (j <= a->v.after)
			s->status = OAM_SEG_OK;
		else if (a->v.where != OAM_LOC_HEALTHY && j == a->v.at)
			s->status = OAM_SEG_FAULT;
		else
			s->status = OAM_SEG_UNVERIFIED;
		s->has_rtt = p->status == OAM_PT_OK;
		s->has_delta = s->has_rtt && l->pt[j - 1].status == OAM_PT_OK;
		if (s->has_rtt)
			s->rtt_ns = oam_locate_point_avg_ns(p);
		if (s->has_delta)
			s->delta_ns = s->rtt_ns > base ? s->rtt_ns - base : 0;
		if (p->status == OAM_PT_OK)
			k = j;
	}
}

void
oam_locate_analyse(const struct oam_locate *l, const struct oam_locate_links *links,
		   struct oam_locate_analysis *a)
{
	int j;

	memset(a, 0, sizeof(*a));
	a->v.at = -1;
	if (l == NULL || l->n_points == 0 || l->n_points > OAM_LOCATE_MAX_POINTS)
		return;
	judge(l, a);
	for (j = 1; j < l->n_points - 1; j++) {
		if (l->pt[j].kind != OAM_PT_IN_MIP && l->pt[j].kind != OAM_PT_OUT_MIP)
			continue;
		a->v.n_mips++;
		a->v.n_mips_ok += l->pt[j].status == OAM_PT_OK;
	}
	if (l->pt[0].kind == OAM_PT_SOURCE)
		a->source_link = link_state(links, l->pt[0].if_num);
	/* Our own link is the one fact about the first link we know without a probe. */
	a->v.link_down = a->v.where == OAM_LOC_LINK && l->pt[a->v.after].kind == OAM_PT_SOURCE &&
			 a->source_link == OAM_LINK_DOWN;
	segments(l, a);
}

/* ---- the intended path (docs/LOCATE.md) ------------------------------------ */

const char *
oam_locate_diff_name(uint8_t diff)
{
	switch (diff) {
	case OAM_DIFF_NONE: return "none";
	case OAM_DIFF_OUT_IF: return "out-if";
	case OAM_DIFF_IN_IF: return "in-if";
	case OAM_DIFF_NOT_ON_PATH: return "not-on-path";
	case OAM_DIFF_EXTRA_HOP: return "extra-hop";
	case OAM_DIFF_MISSING_HOP: return "missing-hop";
	case OAM_DIFF_LINK: return "link";
	case OAM_DIFF_NODE: return "node";
	case OAM_DIFF_MIP: return "mip";
	case OAM_DIFF_SINK: return "sink";
	case OAM_DIFF_LOOP: return "loop";
	default: return "?";
	}
}

struct oam_locate_point *
oam_locate_add_point(struct oam_locate *l, uint8_t kind, uint8_t ttl,
		     const struct lsr_node_ident *node, uint32_t if_num)
{
	struct oam_locate_point *pt;

	if (l->n_points >= OAM_LOCATE_MAX_POINTS)
		return NULL;
	pt = &l->pt[l->n_points++];
	memset(pt, 0, sizeof(*pt));
	pt->kind = kind;
	pt->ttl = ttl;
	if (node != NULL) {
		pt->has_node = true;
		pt->node = *node;
	}
	pt->if_num = if_num;
	return pt;
}

int
oam_locate_points_from_leg(struct oam_locate *l, const struct lsr_path_leg *leg, uint8_t idx)
{
	unsigned int h, n = leg->n_hops, first = l->n_points;

	if (n == 0 || n > LSR_PATH_MAX_HOPS)
		return -EINVAL;
	if (first + 2 * n - 1 > OAM_LOCATE_MAX_POINTS)
		return -ENOSPC;
	for (h = 0; h + 1 < n; h++) {
		oam_locate_add_point(l, OAM_PT_IN_MIP, (uint8_t)(h + 1), &leg->hop[h].node,
				     leg->hop[h].in_if);
		oam_locate_add_point(l, OAM_PT_OUT_MIP, (uint8_t)(h + 1), &leg->hop[h].node,
				     leg->hop[h].out_if);
	}
	oam_locate_add_point(l, OAM_PT_MEP, (uint8_t)n, &leg->hop[n - 1].node, 0);
	for (h = first; h < l->n_points; h++)
		l->pt[h].leg = idx;
	return 0;
}

static bool
ident_eq(const struct lsr_node_ident *a, const struct lsr_node_ident *b)
{
	return a->global_id == b->global_id && a->node_id == b->node_id;
}

/* Where a node is in the leg, or -1. */
static int
leg_index(const struct lsr_path_leg *leg, const struct lsr_node_ident *id)
{
	unsigned int h;

	for (h = 0; h < leg->n_hops && h < LSR_PATH_MAX_HOPS; h++)
		if (ident_eq(&leg->hop[h].node, id))
			return (int)h;
	return -1;
}

static void
set_found(struct oam_locate_cmp *c, const struct oam_probe_result *r)
{
	c->has_found = true;
	c->found = r->src;
	c->found_in_if = r->has_ddmap ? r->ingress : 0;
	c->found_out_if = r->has_ddmap ? r->egress : 0;
}

/*
 * Route tracing against the leg, hop by hop: the first hop that answered as
 * another node, or on another interface, than provisioned.  Silent hops say
 * nothing (the CV answers judge them).  @return the difference's position in
 * path order (2 * hop for a node or its in side, + 1 for its out side), or
 * INT_MAX when tracing found none.
 */
static int
compare_trace(const struct lsr_path_leg *leg, const struct oam_locate *l,
	      struct oam_locate_cmp *c)
{
	const struct lsr_node_ident *self = &l->pt[0].node;
	unsigned int h;

	for (h = 0; h < l->n_hops && h < OAM_LOCATE_MAX_HOPS; h++) {
		const struct oam_probe_result *r = &l->hops[h];
		const struct lsr_path_hop *want;
		int k;

		if (r->status != OAM_PROBE_REPLY || !r->has_src)
			continue;
		c->hop = (int8_t)h;
		k = leg_index(leg, &r->src);
		if (k == leg->n_hops - 1 && k < (int)h && r->rc == OAM_RC_EGRESS)
			break;	/* the sink again, at a larger TTL: an earlier reply was lost */
		if (ident_eq(&r->src, self) || (k >= 0 && k < (int)h)) {
			/* Back to us (RFC 6435 loopback) or to a node already passed. */
			c->diff = OAM_DIFF_LOOP;
			set_found(c, r);
			return 2 * (int)h;
		}
		if (h >= leg->n_hops) {
			/* Someone answers past the sink: the sink forwards it on. */
			c->diff = OAM_DIFF_EXTRA_HOP;
			set_found(c, r);
			return 2 * (int)h;
		}
		want = &leg->hop[h];
		if (k != (int)h) {
			const struct oam_probe_result *next = h + 1 < l->n_hops ? &l->hops[h + 1] : NULL;

			set_found(c, r);
			if (k > (int)h)
				c->diff = OAM_DIFF_MISSING_HOP;
			else if (next != NULL && next->status == OAM_PROBE_REPLY && next->has_src &&
				 ident_eq(&next->src, &want->node))
				c->diff = OAM_DIFF_EXTRA_HOP;
			else
				c->diff = OAM_DIFF_NOT_ON_PATH;
			return 2 * (int)h;
		}
		if (want->out_if == 0 && r->rc != OAM_RC_EGRESS && r->has_ddmap && r->egress != 0) {
			/* The provisioned sink switches the LSP on: a hop past the sink. */
			c->diff = OAM_DIFF_EXTRA_HOP;
			c->hop = (int8_t)leg->n_hops;
			set_found(c, r);
			return 2 * (int)h;
		}
		/* The right node: its DDMAP names its interfaces (0 per-node: not known;
		 * at a P2MP branch, return code 14, only the first leg's out IF is kept). */
		if (r->has_ddmap && r->ingress != 0 && r->ingress != want->in_if) {
			c->diff = OAM_DIFF_IN_IF;
			set_found(c, r);
			return 2 * (int)h;
		}
		if (r->has_ddmap && want->out_if != 0 && r->egress != 0 && r->egress != want->out_if &&
		    r->rc != OAM_RC_SEE_DDMAP) {
			c->diff = OAM_DIFF_OUT_IF;
			set_found(c, r);
			return 2 * (int)h + 1;
		}
		c->n_matched++;
	}
	c->hop = -1;
	return INT_MAX;
}

/* A point's position in path order, as compare_trace() counts. */
static int
point_pos(const struct oam_locate_point *p)
{
	if (p->kind == OAM_PT_SOURCE || p->ttl == 0)
		return -1;
	if (p->ttl == 255)
		return INT_MAX - 1;
	/* The MEP after what tracing says of its node (say, that it is no sink). */
	return 2 * (p->ttl - 1) + (p->kind == OAM_PT_OUT_MIP || p->kind == OAM_PT_MEP);
}

/*
 * The first difference in path order: what route tracing found against the
 * leg, or the first CV fault of the analysis (the points are the leg's), the
 * trace winning at the same place - it names the node and both interfaces
 * where the CV only sees an out-MIP that does not answer.
 */
void
oam_locate_compare(const struct lsr_path_leg *leg, const struct oam_locate *l,
		   const struct oam_locate_analysis *a, struct oam_locate_cmp *c)
{
	struct oam_locate_cmp t;
	const struct oam_locate_point *z;
	int tpos, cpos = INT_MAX;

	memset(c, 0, sizeof(*c));
	c->hop = -1;
	c->point = -1;
	if (leg == NULL || l == NULL || a == NULL || leg->n_hops == 0 ||
	    leg->n_hops > LSR_PATH_MAX_HOPS || l->n_points == 0 ||
	    l->n_points > OAM_LOCATE_MAX_POINTS)
		return;
	memset(&t, 0, sizeof(t));
	t.point = -1;
	tpos = compare_trace(leg, l, &t);
	z = a->v.at >= 0 && a->v.at < l->n_points ? &l->pt[a->v.at] : NULL;
	if (a->v.where != OAM_LOC_HEALTHY && z != NULL)
		cpos = point_pos(z);
	if (tpos <= cpos && tpos != INT_MAX) {
		*c = t;
		return;
	}
	c->n_matched = t.n_matched;
	if (cpos == INT_MAX)
		return;		/* healthy, as provisioned */
	c->point = a->v.at;
	c->answer = z->status;
	c->hop = (int8_t)(z->kind == OAM_PT_MEP ? leg->n_hops - 1 : z->ttl - 1);
	if (c->hop < 0 || c->hop >= leg->n_hops)
		c->hop = (int8_t)(leg->n_hops - 1);
	switch (a->v.where) {
	case OAM_LOC_LINK:
		c->diff = OAM_DIFF_LINK;
		/* The sink has no MIP: its MEP silent after the last out-MIP answered. */
		c->sink_unheard = z->kind == OAM_PT_MEP;
		break;
	case OAM_LOC_NODE:
		c->diff = z->kind == OAM_PT_OUT_MIP && z->status != OAM_PT_WRONG ? OAM_DIFF_NODE :
			  OAM_DIFF_MIP;
		break;
	case OAM_LOC_SINK:
		c->diff = OAM_DIFF_SINK;
		break;
	default:
		c->diff = OAM_DIFF_LOOP;
		break;
	}
}

int
oam_locate_leg_from_trace(const struct oam_locate *l, uint32_t sink_if, struct lsr_path_leg *leg)
{
	unsigned int h;

	memset(leg, 0, sizeof(*leg));
	for (h = 0; h < l->n_hops && h < OAM_LOCATE_MAX_HOPS; h++)
		if (l->hops[h].status == OAM_PROBE_REPLY && l->hops[h].rc == OAM_RC_SEE_DDMAP)
			return -EMLINK;
	if (l->trace_end != OAM_TRACE_EGRESS || sink_if == 0 || l->n_hops == 0 ||
	    l->n_hops > LSR_PATH_MAX_HOPS || l->n_hops > OAM_LOCATE_MAX_HOPS)
		return -EAGAIN;
	for (h = 0; h < l->n_hops; h++) {
		const struct oam_probe_result *r = &l->hops[h];
		struct lsr_path_hop *hop = &leg->hop[h];
		bool sink = h + 1 == l->n_hops;

		/* Every hop known by its interfaces; the path never loops
		 * (docs/CONTRACT.md §2.2): a node once. */
		if (r->status != OAM_PROBE_REPLY || !r->has_src ||
		    (!sink && (!r->has_ddmap || r->ingress == 0 || r->egress == 0)) ||
		    leg_index(leg, &r->src) >= 0) {
			memset(leg, 0, sizeof(*leg));
			return -EAGAIN;
		}
		hop->node = r->src;
		hop->in_if = sink ? sink_if : r->ingress;
		hop->out_if = sink ? 0 : r->egress;
		leg->n_hops = (uint8_t)(h + 1);
	}
	return 0;
}

int
oam_locate_leg_view(const struct oam_locate *l, unsigned int j, struct oam_locate *view)
{
	const struct lsr_path_leg *leg;
	unsigned int i, h, k;

	if (l == NULL || view == NULL || !l->has_intended || j >= l->n_legs ||
	    j >= LSR_PATH_MAX_LEGS || l->n_points == 0 || l->n_points > OAM_LOCATE_MAX_POINTS)
		return -EINVAL;
	leg = &l->legs[j];
	memset(view, 0, sizeof(*view));
	view->n_hops = l->n_hops;
	memcpy(view->hops, l->hops, sizeof(view->hops));
	view->trace_end = l->trace_end;
	view->done = l->done;
	view->has_intended = true;
	view->n_legs = view->legs_probed = 1;
	view->legs[0] = *leg;
	view->pt[view->n_points++] = l->pt[0];
	for (i = 1; i < l->n_points; i++)
		if (l->pt[i].leg == j && l->pt[i].kind != OAM_PT_SOURCE)
			view->pt[view->n_points++] = l->pt[i];
	/* A sibling leg's node answering route tracing says nothing about this leg. */
	for (h = 0; h < view->n_hops && h < OAM_LOCATE_MAX_HOPS; h++) {
		struct oam_probe_result *r = &view->hops[h];
		bool sibling = false;

		if (r->status != OAM_PROBE_REPLY || !r->has_src || leg_index(leg, &r->src) >= 0)
			continue;
		for (k = 0; k < l->n_legs && k < LSR_PATH_MAX_LEGS && !sibling; k++)
			sibling = k != j && leg_index(&l->legs[k], &r->src) >= 0;
		if (sibling) {
			memset(r, 0, sizeof(*r));
			r->seq = r->ttl = (uint8_t)(h + 1);
			r->status = OAM_PROBE_TIMEOUT;
		}
	}
	/* Route tracing reached an egress: this leg's only if it is this leg's sink. */
	if (view->trace_end == OAM_TRACE_EGRESS && view->n_hops > 0 &&
	    (view->hops[view->n_hops - 1].status != OAM_PROBE_REPLY ||
	     !ident_eq(&view->hops[view->n_hops - 1].src, &leg->hop[leg->n_hops - 1].node)))
		view->trace_end = OAM_TRACE_SILENT;
	for (i = 0; i < view->n_points; i++)
		view->pt[i].leg = 0;
	return 0;
}
