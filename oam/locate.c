/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Locate's analysis (include/oam_locate.h): the findings of a locate session
 * and our link states in, the segments and the verdict out.  Pure: no EAL, no
 * I/O, so ctl/ renders its result and tests/unit/check_locate_analysis.c
 * checks it on hand-written findings.
 */
#include <string.h>

#include "oam_locate.h"

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
