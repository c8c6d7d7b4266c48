/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault localisation (docs/CLI.md "locate"): the prober's locate session does
 * the probing (oam_mep_locate()) and oam_locate_analyse() the judging, from its
 * findings and the link states of our interfaces, which are gathered here.
 * This file only renders: the trace and the CV checks as they happen, then,
 * from one analysis, the path as one line of segments, the segment table, the
 * verdict and the remarks, as text or as JSON.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ethdev.h>

#include "lsr_config.h"
#include "ctl.h"
#include "ctl_events.h"
#include "lsr_dataplane.h"
#include "lsr_fwd.h"
#include "oam_locate.h"
#include "oam_lspping.h"
#include "oam_mep.h"
#include "ctl_priv.h"

/* A node as the operator reads it: the Node_ID, with the Global_ID if not ours. */
static const char *
fmt_node_short(const struct ctl_conn *c, char *buf, size_t len, const struct lsr_node_ident *id)
{
	if (id->global_id == c->ctl->d->cfg->node.global_id)
		lsr_node_id_format(buf, len, id->node_id);
	else
		lsr_node_ident_format(buf, len, id);
	return buf;
}

/* The direction of an LSP that starts here (no in, an out), or -1. */
static int
source_dir(const struct lsr_lsp_cfg *l)
{
	for (int d = 0; d < LSR_DIR_MAX; d++)
		if (l->dir[d].present && !l->dir[d].has_in && l->dir[d].n_out > 0)
			return d;
	return -1;
}

/* The intended leg locate compares with: the session's copy (what it probed). */
static const struct lsr_path_leg *
intended_leg(const struct oam_locate *l)
{
	return l != NULL && l->has_intended && l->n_legs > 0 ? &l->legs[0] : NULL;
}

/* One leg of an intended path as judged alone (oam_locate_leg_view()); a P2P
 * path is one leg.  Without a path, the findings themselves. */
struct leg_result {
	struct oam_locate view;
	struct oam_locate_analysis ana;
	struct oam_locate_cmp cmp;
};

/* The analysis' other input: the link state of each of our interfaces, from ethdev. */
static void
gather_links(const struct ctl_daemon *d, struct oam_locate_links *links)
{
	unsigned int i;

	memset(links, 0, sizeof(*links));
	for (i = 0; i < d->cfg->n_interfaces && i < LSR_MAX_INTERFACES; i++) {
		struct rte_eth_link link;

		memset(&link, 0, sizeof(link));
		links->link[i].if_num = d->cfg->interfaces[i].if_num;
		if (rte_eth_link_get_nowait(d->cfg->interfaces[i].port, &link) < 0)
			links->link[i].state = OAM_LINK_UNKNOWN;
		else
			links->link[i].state = link.link_status == RTE_ETH_LINK_UP ?
					       OAM_LINK_UP : OAM_LINK_DOWN;
		links->n++;
	}
}

static const char *
point_word(uint8_t kind)
{
	switch (kind) {
	case OAM_PT_SOURCE: return "source";
	case OAM_PT_IN_MIP: return "in-MIP";
	case OAM_PT_OUT_MIP: return "out-MIP";
	case OAM_PT_HOP: return "hop";
	default: return "MEP";
	}
}

/* "65000:192.0.2.2:1" for a MIP, "65000:192.0.2.3" for the MEP, "?" for an unknown hop. */
static const char *
point_id(char *buf, size_t len, const struct oam_locate_point *p)
{
	char id[48];

	if (!p->has_node)
		snprintf(buf, len, "?");
	else if (p->kind == OAM_PT_IN_MIP || p->kind == OAM_PT_OUT_MIP)
		snprintf(buf, len, "%s:%" PRIu32, lsr_node_ident_format(id, sizeof(id), &p->node),
			 p->if_num);
	else
		snprintf(buf, len, "%s", lsr_node_ident_format(id, sizeof(id), &p->node));
	return buf;
}

/* The mark of a point on the path line: distinct for no answer and a wrong answer. */
static const char *
point_mark(char *buf, size_t len, const struct oam_locate_point *p)
{
	switch (p->status) {
	case OAM_PT_OK:
		return "✓";
	case OAM_PT_NO_ANSWER:
		return "✗";
	case OAM_PT_WRONG:
		if (p->has_reply && !p->reply.success && p->reply.rc != OAM_RC_LABEL_SWITCHED &&
		    p->reply.rc != OAM_RC_EGRESS && p->reply.rc != OAM_RC_SEE_DDMAP)
			snprintf(buf, len, "✗RC%u", p->reply.rc);
		else
			snprintf(buf, len, "✗wrong");
		return buf;
	case OAM_PT_UNSENT:
		return "✗unsent";
	default:
		return "?";
	}
}

/* What a point's answer was, in words (the check lines and the verdict). */
static const char *
point_result_text(char *buf, size_t len, const struct oam_locate_point *p)
{
	char rc[96], id[48];

	switch (p->status) {
	case OAM_PT_OK:
		snprintf(buf, len, "answers (%" PRIu32 "/%" PRIu32 ")", p->success, p->sent);
		break;
	case OAM_PT_NO_ANSWER:
		snprintf(buf, len, "no answer (0/%" PRIu32 ")", p->sent);
		break;
	case OAM_PT_WRONG:
		if (p->has_reply && p->reply.has_src && p->has_node &&
		    (p->reply.src.global_id != p->node.global_id ||
		     p->reply.src.node_id != p->node.node_id))
			snprintf(buf, len, "wrong answer: %s replied (RC %u, %s)",
				 lsr_node_ident_format(id, sizeof(id), &p->reply.src), p->reply.rc,
				 ctl_fmt_rc(rc, sizeof(rc), p->reply.rc, p->reply.rsc));
		else if (p->has_reply)
			snprintf(buf, len, "wrong answer: RC %u, %s", p->reply.rc,
				 ctl_fmt_rc(rc, sizeof(rc), p->reply.rc, p->reply.rsc));
		else
			snprintf(buf, len, "wrong answer");
		break;
	case OAM_PT_UNSENT:
		snprintf(buf, len, "not probed (no buffer for the request)");
		break;
	default:
		snprintf(buf, len, "not known");
		break;
	}
	return buf;
}

/* The verdict in one sentence. */
static void
verdict_text(struct ctl_conn *c, struct ctl_buf *b, const struct oam_locate *l,
	     const struct oam_locate_analysis *ana)
{
	const struct oam_locate_verdict *v = &ana->v;
	const struct oam_locate_point *a = &l->pt[v->after];
	const struct oam_locate_point *z = v->at >= 0 ? &l->pt[v->at] : NULL;
	char an[48], zn[48], res[320];

	fmt_node_short(c, an, sizeof(an), &a->node);
	if (z != NULL && z->has_node)
		fmt_node_short(c, zn, sizeof(zn), &z->node);
	else
		snprintf(zn, sizeof(zn), "?");
	switch (v->where) {
	case OAM_LOC_HEALTHY: {
		const struct oam_locate_point *m = &l->pt[l->n_points - 1];
		char ms[32];
		unsigned int n_mip = v->n_mips, n_ok = v->n_mips_ok;

		ctl_fmt_ms(ms, sizeof(ms), oam_locate_point_avg_ns(m));
		if (n_mip == 0)
			ctl_buf_printf(b, "the path is healthy: the MEP answers (round trip %s ms)%s", ms,
				  ana->n_notes ? "; no MIP could be checked (see the notes)" : "");
		else if (n_ok == n_mip && n_mip == 1)
			ctl_buf_printf(b, "the path is healthy: the MIP and the MEP answer; round trip to "
				  "the MEP %s ms", ms);
		else if (n_ok == n_mip)
			ctl_buf_printf(b, "the path is healthy: all %u MIPs and the MEP answer; round trip "
				  "to the MEP %s ms", n_mip, ms);
		else
			ctl_buf_printf(b, "the path is healthy: the MEP answers (round trip %s ms); "
				  "%u of %u MIPs answer (see the notes)", ms, n_ok, n_mip);
		return;
	}
	case OAM_LOC_LINK:
		if (v->beyond_unknown) {
			if (a->kind == OAM_PT_SOURCE) {
				ctl_buf_printf(b, "at or after the link leaving this node (%s) by IF %" PRIu32
					  ": nothing on the path answers, not even the first hop",
					  an, a->if_num);
				if (v->link_down)
					ctl_buf_printf(b, "; our IF %" PRIu32 " is link-down", a->if_num);
				else
					ctl_buf_printf(b, " (the link, the next node, or the return path "
						  "to us is broken; the path beyond is unknown)");
			} else if (a->kind == OAM_PT_OUT_MIP) {
				ctl_buf_printf(b, "at or after the link leaving %s by IF %" PRIu32 ": its "
					  "out-MIP answers, nothing beyond it does (route tracing "
					  "stops there; the path beyond is unknown)", an, a->if_num);
			} else {
				ctl_buf_printf(b, "at or after %s (%s %s answers, nothing beyond it does; "
					  "the path beyond is unknown)", an, a->kind == OAM_PT_HOP ?
					  "hop" : "its", point_word(a->kind));
			}
			return;
		}
		if (a->kind == OAM_PT_SOURCE)
			ctl_buf_printf(b, "the link from this node (%s) IF %" PRIu32, an, a->if_num);
		else if (a->kind == OAM_PT_IN_MIP)	/* a hop whose out IF is unknown */
			ctl_buf_printf(b, "between %s's in-MIP (IF %" PRIu32 ") and", an, a->if_num);
		else
			ctl_buf_printf(b, "the link %s IF %" PRIu32, an, a->if_num);
		ctl_buf_printf(b, " -> %s IF %" PRIu32 ": ", zn, z->if_num);
		if (a->kind == OAM_PT_SOURCE)
			ctl_buf_printf(b, "the first hop's in-MIP gives %s",
				  point_result_text(res, sizeof(res), z));
		else
			ctl_buf_printf(b, "%s's %s answers, %s's in-MIP gives %s", an,
				  point_word(a->kind), zn, point_result_text(res, sizeof(res), z));
		return;
	case OAM_LOC_NODE:
		if (z->kind == OAM_PT_IN_MIP) {
			ctl_buf_printf(b, "%s: its in-MIP (IF %" PRIu32 ") gives a %s — the link to it "
				  "works, the node says something is wrong", zn, z->if_num,
				  point_result_text(res, sizeof(res), z));
			return;
		}
		ctl_buf_printf(b, "inside %s (its forwarding engine or its out-interface): its in-MIP "
			  "(IF %" PRIu32 ") answers, its out-MIP (IF %" PRIu32 ") gives %s", zn,
			  a->if_num, z->if_num, point_result_text(res, sizeof(res), z));
		if (v->out_mips_absent)
			ctl_buf_printf(b, " (out-MIPs are silent elsewhere on this path too: if %s has "
				  "no out-MIP, the fault may be on the link after it)", zn);
		return;
	case OAM_LOC_SINK:
		ctl_buf_printf(b, "the sink node %s: every MIP answers, its MEP gives %s to CV with "
			  "TTL %u", zn, point_result_text(res, sizeof(res), z), z->ttl);
		if (l->trace_end == OAM_TRACE_EGRESS)
			ctl_buf_printf(b, " though it answered route tracing");
		return;
	case OAM_LOC_LOOP:
		ctl_buf_printf(b, "the LSP is looped back toward us after %s's %s (RFC 6435 loopback "
			  "set?): our own node answered route tracing at TTL %u; the MEP is not "
			  "reached", an, point_word(a->kind), l->n_hops);
		return;
	default:
		ctl_buf_printf(b, "undetermined");
	}
}

/* The node before hop h of the leg, and the IF_Num it sends the LSP out of: us at h 0. */
static const char *
leg_prev(struct ctl_conn *c, char *buf, size_t len, const struct oam_locate *l,
	 const struct lsr_path_leg *leg, int h, uint32_t *out_if)
{
	char me[48];

	if (h <= 0) {
		*out_if = l->pt[0].if_num;
		snprintf(buf, len, "this node (%s)", fmt_node_short(c, me, sizeof(me), &l->pt[0].node));
		return buf;
	}
	*out_if = leg->hop[h - 1].out_if;
	return fmt_node_short(c, buf, len, &leg->hop[h - 1].node);
}

/* The verdict against the intended path: the first difference, and what to check. */
static void
cmp_text(struct ctl_conn *c, struct ctl_buf *b, const struct oam_locate *l,
	 const struct lsr_path_leg *leg, const struct oam_locate_cmp *k,
	 const struct oam_locate_analysis *ana)
{
	const struct lsr_path_hop *w = k->hop >= 0 && k->hop < leg->n_hops ? &leg->hop[k->hop] : NULL;
	const struct oam_locate_point *z = k->point >= 0 ? &l->pt[k->point] : NULL;
	char node[48], found[48], prev[64], res[320];
	uint32_t prev_if = 0;

	if (w != NULL)
		fmt_node_short(c, node, sizeof(node), &w->node);
	else
		snprintf(node, sizeof(node), "?");
	if (k->has_found)
		fmt_node_short(c, found, sizeof(found), &k->found);
	else
		snprintf(found, sizeof(found), "?");
	leg_prev(c, prev, sizeof(prev), l, leg, k->hop, &prev_if);
	switch (k->diff) {
	case OAM_DIFF_NONE:
		ctl_buf_printf(b, "as provisioned (%u node%s after this one); ",
			       leg->n_hops, leg->n_hops == 1 ? "" : "s");
		verdict_text(c, b, l, ana);
		return;
	case OAM_DIFF_OUT_IF:
		ctl_buf_printf(b, "inside %s: it forwards the LSP out IF %" PRIu32 ", the LSP is "
			       "provisioned out IF %" PRIu32 " (check %s's forwarding entry for "
			       "this LSP, not the link)", node, k->found_out_if, w->out_if, node);
		return;
	case OAM_DIFF_IN_IF:
		ctl_buf_printf(b, "the link into %s: the LSP arrives on its IF %" PRIu32 ", it is "
			       "provisioned to arrive on IF %" PRIu32 " from %s IF %" PRIu32
			       " (check the cabling of that link)", node, k->found_in_if, w->in_if,
			       prev, prev_if);
		return;
	case OAM_DIFF_NOT_ON_PATH:
		ctl_buf_printf(b, "%s is not on the provisioned path: it answers at hop %d, where "
			       "%s (in IF %" PRIu32 ") is provisioned; %s sends the LSP to the wrong "
			       "node (check its forwarding entry and what its IF %" PRIu32
			       " is cabled to)", found, k->hop + 1, node, w->in_if, prev, prev_if);
		return;
	case OAM_DIFF_EXTRA_HOP:
		if (w == NULL && k->hop == leg->n_hops)
			ctl_buf_printf(b, "extra hop: %s, the provisioned sink, switches the LSP on "
				       "out IF %" PRIu32 " instead of ending it (check its entry for "
				       "this LSP)", found, k->found_out_if);
		else
			ctl_buf_printf(b, "extra hop: %s answers at hop %d, between %s and %s, "
				       "which the LSP is provisioned to link directly (check %s's "
				       "forwarding entry and the cabling of its IF %" PRIu32 ")", found,
				       k->hop + 1, prev, node, prev, prev_if);
		return;
	case OAM_DIFF_MISSING_HOP:
		ctl_buf_printf(b, "%s (hop %d) is missing: %s answers in its place; %s sends the "
			       "LSP past it (check %s's forwarding entry and what its IF %" PRIu32
			       " is cabled to)", node, k->hop + 1, found, prev, prev, prev_if);
		return;
	case OAM_DIFF_LINK:
		if (k->sink_unheard)
			ctl_buf_printf(b, "the link %s IF %" PRIu32 " -> %s IF %" PRIu32 ", or %s "
				       "itself: %s answers, the sink MEP gives %s (a sink has no "
				       "MIP to tell the two apart)", prev, prev_if, node, w->in_if,
				       node, prev, point_result_text(res, sizeof(res), z));
		else
			ctl_buf_printf(b, "the link %s IF %" PRIu32 " -> %s IF %" PRIu32 ": %s "
				       "answers, %s's in-MIP gives %s", prev, prev_if, node, w->in_if,
				       k->hop == 0 ? "this node" : prev, node,
				       point_result_text(res, sizeof(res), z));
		if (ana->v.link_down && k->hop == 0)
			ctl_buf_printf(b, "; our IF %" PRIu32 " is link-down", prev_if);
		return;
	case OAM_DIFF_NODE:
		ctl_buf_printf(b, "inside %s (its forwarding engine or its out-interface): its "
			       "in-MIP (IF %" PRIu32 ") answers, its out-MIP on the provisioned "
			       "IF %" PRIu32 " gives %s", node, w->in_if, w->out_if,
			       point_result_text(res, sizeof(res), z));
		if (ana->v.out_mips_absent)
			ctl_buf_printf(b, " (out-MIPs are silent elsewhere on this path too: if %s "
				       "has no out-MIP, the fault may be on the link after it)", node);
		return;
	case OAM_DIFF_MIP:
		ctl_buf_printf(b, "%s: its %s (IF %" PRIu32 ") gives a %s - the link to it works, "
			       "the node says something is wrong", node, point_word(z->kind),
			       z->if_num, point_result_text(res, sizeof(res), z));
		return;
	case OAM_DIFF_SINK:
		ctl_buf_printf(b, "the sink %s: every MIP answers, its MEP gives %s", node,
			       point_result_text(res, sizeof(res), z));
		return;
	case OAM_DIFF_LOOP:
		ctl_buf_printf(b, "the LSP is looped back after %s: %s answered route tracing at "
			       "TTL %d (RFC 6435 loopback set, or a forwarding loop?)", prev, found,
			       k->hop + 1);
		return;
	default:
		ctl_buf_printf(b, "undetermined");
	}
}

/* One line per hop: provisioned, then what route tracing found there. */
/* The verdict in one sentence: against the intended path when one is written. */
static void
verdict_sentence(struct ctl_conn *c, struct ctl_buf *b, const struct oam_locate *l,
		 const struct lsr_path_leg *leg, const struct oam_locate_cmp *cmp,
		 const struct oam_locate_analysis *ana)
{
	if (leg != NULL)
		cmp_text(c, b, l, leg, cmp, ana);
	else
		verdict_text(c, b, l, ana);
}

static void
cmp_table(struct ctl_conn *c, const struct oam_locate *l, const struct lsr_path_leg *leg,
	  const struct oam_locate_cmp *k)
{
	unsigned int h, n = leg->n_hops;
	char want[96], got[96], id[48];

	if (l->n_hops > n)
		n = l->n_hops;
	ctl_out(c, "\nProvisioned path and route tracing, hop by hop:\n  TTL  %-30s %s\n",
		"Provisioned", "Found");
	for (h = 0; h < n && h < OAM_LOCATE_MAX_HOPS; h++) {
		const struct oam_probe_result *r = h < l->n_hops ? &l->hops[h] : NULL;

		if (h < leg->n_hops && leg->hop[h].out_if)
			snprintf(want, sizeof(want), "%s in %" PRIu32 " out %" PRIu32,
				 fmt_node_short(c, id, sizeof(id), &leg->hop[h].node),
				 leg->hop[h].in_if, leg->hop[h].out_if);
		else if (h < leg->n_hops)
			snprintf(want, sizeof(want), "%s in %" PRIu32 " (sink)",
				 fmt_node_short(c, id, sizeof(id), &leg->hop[h].node),
				 leg->hop[h].in_if);
		else
			snprintf(want, sizeof(want), "-");
		if (r == NULL)
			snprintf(got, sizeof(got), "(not traced)");
		else if (r->status != OAM_PROBE_REPLY || !r->has_src)
			snprintf(got, sizeof(got), "no answer");
		else if (r->has_ddmap)
			snprintf(got, sizeof(got), "%s in %" PRIu32 " out %" PRIu32,
				 fmt_node_short(c, id, sizeof(id), &r->src), r->ingress, r->egress);
		else
			snprintf(got, sizeof(got), "%s (egress)",
				 fmt_node_short(c, id, sizeof(id), &r->src));
		ctl_out(c, "  %3u  %-30s %s%s\n", h + 1, want, got,
			(int)h == k->hop && k->diff != OAM_DIFF_NONE && k->point < 0 ? "   <- differs" :
			"");
	}
}

static void
note_text(struct ctl_conn *c, struct ctl_buf *b, const struct oam_locate *l,
	  const struct oam_locate_note *n)
{
	const struct oam_locate_point *p = &l->pt[n->point];
	char node[48], res[320];

	if (p->has_node)
		fmt_node_short(c, node, sizeof(node), &p->node);
	else
		snprintf(node, sizeof(node), "?");
	switch (n->kind) {
	case OAM_NOTE_NO_OUT_MIP:
		ctl_buf_printf(b, "%s has no out-MIP answering on IF %" PRIu32 " while points beyond it "
			  "answer: an optimised node without out-MIPs (RFC 7054 fig. 4) or MIPs "
			  "off on that interface; its forwarding works", node, p->if_num);
		break;
	case OAM_NOTE_SILENT_IN_MIP:
		ctl_buf_printf(b, "%s: no answer from its in-MIP on IF %" PRIu32 " while points beyond "
			  "it answer (MIPs off on that interface?)", node, p->if_num);
		break;
	case OAM_NOTE_SILENT_HOP:
		ctl_buf_printf(b, "hop %u did not answer route tracing while hops beyond it answer "
			  "(its in-MIP is off or absent): who it is, is unknown", p->ttl);
		break;
	case OAM_NOTE_WRONG_ANSWER:
		ctl_buf_printf(b, "%s %s: %s, though the path beyond it works", node,
			  point_word(p->kind), point_result_text(res, sizeof(res), p));
		break;
	case OAM_NOTE_UNSENT:
		ctl_buf_printf(b, "%s %s could not be probed (no buffer)", node, point_word(p->kind));
		break;
	case OAM_NOTE_LOSS:
		ctl_buf_printf(b, "%s %s answered %" PRIu32 " of %" PRIu32 " probes", node,
			  point_word(p->kind), p->success, p->sent);
		break;
	case OAM_NOTE_TRACE_SHORT:
		ctl_buf_printf(b, "route tracing stopped after TTL %u (%s) but the MEP answers CV: "
			  "the hops beyond do not answer route tracing", l->n_hops,
			  oam_locate_trace_end_name(l->trace_end));
		break;
	default:
		ctl_buf_printf(b, "?");
	}
}

/* A point's "node" (its identifier, null until a reply named it) and "if_num": the same two
 * members in every JSON object that names a point (docs/CLI.md, Fault localisation). */
static void
json_point_node(struct ctl_buf *b, const struct oam_locate_point *p)
{
	char id[48];

	if (p->has_node)
		ctl_buf_printf(b, "\"%s\"", lsr_node_ident_format(id, sizeof(id), &p->node));
	else
		ctl_buf_printf(b, "null");
	ctl_json_u32(b, "if_num", p->if_num != 0, p->if_num);
}

static void
json_point_ref(struct ctl_buf *b, const struct oam_locate *l, int i)
{
	const struct oam_locate_point *p = &l->pt[i];

	ctl_buf_printf(b, "{\"index\": %d, \"point\": \"%s\", \"node\": ", i,
		  oam_point_kind_name(p->kind));
	json_point_node(b, p);
	ctl_buf_printf(b, ", \"ttl\": %u}", p->ttl);
}

/* "intended": the provisioned leg hop by hop, what route tracing found at each beside it. */
static void
json_intended(struct ctl_conn *c, struct ctl_buf *b, const struct oam_locate *l,
	      const struct lsr_path_leg *leg, const struct oam_locate_cmp *k)
{
	char id[48];
	unsigned int h;

	ctl_buf_printf(b, ", \"intended\": [");
	for (h = 0; h < leg->n_hops; h++) {
		const struct lsr_path_hop *w = &leg->hop[h];
		const struct oam_probe_result *r = h < l->n_hops ? &l->hops[h] : NULL;

		ctl_buf_printf(b, "%s{\"hop\": %u, \"node\": \"%s\"", h ? ", " : "", h + 1,
			       lsr_node_ident_format(id, sizeof(id), &w->node));
		ctl_json_u32(b, "in_if", true, w->in_if);
		ctl_json_u32(b, "out_if", w->out_if != 0, w->out_if);
		ctl_buf_printf(b, ", \"found\": ");
		if (r != NULL && r->status == OAM_PROBE_REPLY && r->has_src) {
			ctl_buf_printf(b, "{\"node\": \"%s\"",
				       lsr_node_ident_format(id, sizeof(id), &r->src));
			ctl_json_u32(b, "in_if", r->has_ddmap && r->ingress, r->ingress);
			ctl_json_u32(b, "out_if", r->has_ddmap && r->egress, r->egress);
			ctl_buf_printf(b, "}");
		} else {
			ctl_buf_printf(b, "null");
		}
		ctl_buf_printf(b, "}");
	}
	ctl_buf_printf(b, "], \"comparison\": {\"diff\": \"%s\", \"healthy\": %s",
		       oam_locate_diff_name(k->diff), k->diff == OAM_DIFF_NONE ? "true" : "false");
	if (k->hop >= 0 && k->hop < leg->n_hops) {
		const struct lsr_path_hop *w = &leg->hop[k->hop];

		ctl_buf_printf(b, ", \"hop\": %d, \"node\": \"%s\"", k->hop + 1,
			       lsr_node_ident_format(id, sizeof(id), &w->node));
		ctl_json_u32(b, "in_if", true, w->in_if);
		ctl_json_u32(b, "out_if", w->out_if != 0, w->out_if);
	} else if (k->hop >= 0) {
		ctl_buf_printf(b, ", \"hop\": %d, \"node\": null, \"in_if\": null, "
			       "\"out_if\": null", k->hop + 1);
	} else {
		ctl_buf_printf(b, ", \"hop\": null, \"node\": null, \"in_if\": null, "
			       "\"out_if\": null");
	}
	if (k->has_found)
		ctl_buf_printf(b, ", \"found\": \"%s\"",
			       lsr_node_ident_format(id, sizeof(id), &k->found));
	else
		ctl_buf_printf(b, ", \"found\": null");
	ctl_json_u32(b, "found_in_if", k->has_found && k->found_in_if, k->found_in_if);
	ctl_json_u32(b, "found_out_if", k->has_found && k->found_out_if, k->found_out_if);
	if (k->point >= 0)
		ctl_buf_printf(b, ", \"point\": %d", k->point);
	else
		ctl_buf_printf(b, ", \"point\": null");
	ctl_buf_printf(b, ", \"sink_unheard\": %s, \"matched\": %u}",
		       k->sink_unheard ? "true" : "false", k->n_matched);
	(void)c;
}

static void
locate_json(struct ctl_conn *c, const struct oam_mep_event *ev, const struct leg_result *res,
	    unsigned int n_res, unsigned int shown)
{
	const struct oam_locate *l = n_res ? &res[shown].view : ev->locate;
	const struct oam_locate_analysis *ana = &res[shown].ana;
	const struct oam_locate_cmp *cmp = &res[shown].cmp;
	const struct lsr_path_leg *leg = intended_leg(l);
	const struct lsr_config *cfg = c->ctl->d->cfg;
	struct lsr_node_ident far = ctl_far_end(&cfg->lsps[c->lsp]);
	struct ctl_buf b = { 0 };
	char id[48], rc[128], resp[64], ms[32];
	int i;

	ctl_buf_printf(&b, "{\"lsp\": ");
	ctl_buf_json_str(&b, cfg->lsps[c->lsp].name);
	ctl_buf_printf(&b, ", \"source\": \"%s\"",
		       lsr_node_ident_format(id, sizeof(id), &cfg->node));
	ctl_buf_printf(&b, ", \"destination\": \"%s\", \"count\": %" PRIu32 ", \"timeout_ms\": %" PRIu32,
		  lsr_node_ident_format(id, sizeof(id), &far), c->locate.count,
		  c->locate.timeout_ms);
	ctl_buf_printf(&b, ", \"trace\": {\"end\": ");
	if (l != NULL && l->trace_end)
		ctl_buf_printf(&b, "\"%s\"", oam_locate_trace_end_name(l->trace_end));
	else
		ctl_buf_printf(&b, "null");
	ctl_buf_printf(&b, ", \"reached\": %s, \"hops\": [", ev->reached ? "true" : "false");
	for (i = 0; l != NULL && i < l->n_hops; i++) {
		if (i)
			ctl_buf_printf(&b, ", ");
		ctl_trace_hop(c, &b, &l->hops[i]);
	}
	ctl_buf_printf(&b, "]}, \"points\": [");
	for (i = 0; l != NULL && i < l->n_points; i++) {
		const struct oam_locate_point *p = &l->pt[i];
		bool probed = p->kind == OAM_PT_IN_MIP || p->kind == OAM_PT_OUT_MIP ||
			      p->kind == OAM_PT_MEP;
		bool has_reply = probed && p->has_reply;

		ctl_buf_printf(&b, "%s{\"index\": %d, \"kind\": \"%s\", \"ttl\": %u, \"node\": ",
			  i ? ", " : "", i, oam_point_kind_name(p->kind), p->ttl);
		json_point_node(&b, p);
		if ((p->kind == OAM_PT_IN_MIP || p->kind == OAM_PT_OUT_MIP) && p->has_node)
			ctl_buf_printf(&b, ", \"mip\": \"%s\"", point_id(resp, sizeof(resp), p));
		else
			ctl_buf_printf(&b, ", \"mip\": null");
		ctl_json_u32(&b, "label", p->label != 0, p->label);
		ctl_buf_printf(&b, ", \"status\": \"%s\"", oam_point_status_name(p->status));
		if (p->kind == OAM_PT_SOURCE)
			ctl_buf_printf(&b, ", \"link\": %s",
				       ana->source_link == OAM_LINK_UP ? "\"up\"" :
				       ana->source_link == OAM_LINK_DOWN ? "\"down\"" : "null");
		if (probed)
			ctl_buf_printf(&b, ", \"sent\": %" PRIu32 ", \"received\": %" PRIu32
				  ", \"success\": %" PRIu32, p->sent, p->received, p->success);
		else
			ctl_buf_printf(&b, ", \"sent\": null, \"received\": null, \"success\": null");
		if (p->success) {
			char a[32], m[32], x[32];

			ctl_buf_printf(&b, ", \"rtt_ms\": {\"min\": %s, \"avg\": %s, \"max\": %s}",
				  ctl_fmt_ms(a, sizeof(a), p->rtt_min_ns),
				  ctl_fmt_ms(m, sizeof(m), oam_locate_point_avg_ns(p)),
				  ctl_fmt_ms(x, sizeof(x), p->rtt_max_ns));
		} else {
			ctl_buf_printf(&b, ", \"rtt_ms\": null");
		}
		if (has_reply && !p->reply.lbr) {
			ctl_buf_printf(&b, ", \"rc\": %u, \"rc_name\": ", p->reply.rc);
			ctl_buf_json_str(&b, ctl_fmt_rc(rc, sizeof(rc), p->reply.rc, p->reply.rsc));
		} else {
			ctl_buf_printf(&b, ", \"rc\": null, \"rc_name\": null");
		}
		ctl_responder_text(&p->reply, resp, sizeof(resp));
		if (has_reply && resp[0])
			ctl_buf_printf(&b, ", \"responder\": \"%s\"}", resp);
		else
			ctl_buf_printf(&b, ", \"responder\": null}");
	}
	ctl_buf_printf(&b, "], \"segments\": [");
	for (i = 0; i < ana->n_segments; i++) {
		const struct oam_locate_segment *g = &ana->seg[i];

		ctl_buf_printf(&b, "%s{\"from\": %u, \"to\": %u, \"kind\": \"%s\", \"status\": \"%s\"",
			  i ? ", " : "", g->from, g->to, oam_segment_kind_name(g->kind),
			  oam_segment_status_name(g->status));
		ctl_json_rtt(&b, "rtt_ms", g->has_rtt, g->rtt_ns);
		ctl_json_rtt(&b, "delta_ms", g->has_delta, g->delta_ns);
		ctl_buf_printf(&b, "}");
	}
	ctl_buf_printf(&b, "], \"verdict\": ");
	if (l != NULL && l->done) {
		const struct oam_locate_verdict *v = &ana->v;
		const struct oam_locate_point *z = v->at >= 0 ? &l->pt[v->at] : NULL;
		struct ctl_buf t = { 0 };

		ctl_buf_printf(&b, "{\"healthy\": %s, \"where\": \"%s\", \"node\": ",
			  (leg != NULL ? cmp->diff == OAM_DIFF_NONE : v->where == OAM_LOC_HEALTHY) ?
			  "true" : "false", oam_locate_where_name(v->where));
		if ((v->where == OAM_LOC_NODE || v->where == OAM_LOC_SINK) && z && z->has_node)
			ctl_buf_printf(&b, "\"%s\"",
				       lsr_node_ident_format(id, sizeof(id), &z->node));
		else
			ctl_buf_printf(&b, "null");
		ctl_buf_printf(&b, ", \"from\": ");
		if (v->where == OAM_LOC_HEALTHY)
			ctl_buf_printf(&b, "null");
		else
			json_point_ref(&b, l, v->after);
		ctl_buf_printf(&b, ", \"to\": ");
		if (v->where == OAM_LOC_HEALTHY || v->where == OAM_LOC_LOOP || v->beyond_unknown)
			ctl_buf_printf(&b, "null");
		else
			json_point_ref(&b, l, v->at);
		ctl_buf_printf(&b, ", \"at_or_after\": %s, \"answer\": ",
			  v->beyond_unknown ? "true" : "false");
		if (v->where == OAM_LOC_HEALTHY || z == NULL)
			ctl_buf_printf(&b, "null, \"rc\": null");
		else if (z->status == OAM_PT_WRONG && z->has_reply)
			ctl_buf_printf(&b, "\"wrong-answer\", \"rc\": %u", z->reply.rc);
		else
			ctl_buf_printf(&b, "\"%s\", \"rc\": null", oam_point_status_name(z->status));
		ctl_buf_printf(&b, ", \"out_mips_absent\": %s", v->out_mips_absent ? "true" : "false");
		if (v->where == OAM_LOC_HEALTHY)
			ctl_json_rtt(&b, "rtt_ms", true, oam_locate_point_avg_ns(&l->pt[l->n_points - 1]));
		else
			ctl_buf_printf(&b, ", \"rtt_ms\": null");
		verdict_sentence(c, &t, l, leg, cmp, ana);
		ctl_buf_printf(&b, ", \"text\": ");
		ctl_buf_json_str(&b, t.p ? t.p : "");
		ctl_buf_free(&t);
		ctl_buf_printf(&b, "}, \"notes\": [");
		for (i = 0; i < ana->n_notes; i++) {
			const struct oam_locate_note *n = &ana->notes[i];
			const struct oam_locate_point *p = &l->pt[n->point];

			ctl_buf_printf(&b, "%s{\"type\": \"%s\", \"point\": %u, \"node\": ", i ? ", " : "",
				  oam_locate_note_name(n->kind), n->point);
			json_point_node(&b, p);
			note_text(c, &t, l, n);
			ctl_buf_printf(&b, ", \"text\": ");
			ctl_buf_json_str(&b, t.p ? t.p : "");
			ctl_buf_free(&t);
			ctl_buf_printf(&b, "}");
		}
		ctl_buf_printf(&b, "]");
	} else {
		ctl_buf_printf(&b, "null, \"notes\": []");
	}
	if (leg != NULL && l->done)
		json_intended(c, &b, l, leg, cmp);
	else
		ctl_buf_printf(&b, ", \"intended\": null, \"comparison\": null");
	/* P2MP: every leg, the one above being the first that fails (or the first). */
	ctl_buf_printf(&b, ", \"legs\": ");
	if (leg != NULL && l->done && ev->locate->n_legs > 1) {
		struct ctl_buf t = { 0 };

		for (i = 0; i < (int)n_res; i++) {
			const struct leg_result *r = &res[i];

			ctl_buf_printf(&b, "%s{\"leg\": %d, \"leaf\": \"%s\", \"healthy\": %s", i ? ", " : "[",
				       i + 1, lsr_node_ident_format(id, sizeof(id),
				       &r->view.legs[0].hop[r->view.legs[0].n_hops - 1].node),
				       r->cmp.diff == OAM_DIFF_NONE ? "true" : "false");
			cmp_text(c, &t, &r->view, &r->view.legs[0], &r->cmp, &r->ana);
			ctl_buf_printf(&b, ", \"text\": ");
			ctl_buf_json_str(&b, t.p ? t.p : "");
			ctl_buf_free(&t);
			json_intended(c, &b, &r->view, &r->view.legs[0], &r->cmp);
			ctl_buf_printf(&b, "}");
		}
		ctl_buf_printf(&b, "], \"legs_probed\": %u, \"legs_provisioned\": %u",
			       ev->locate->legs_probed, ev->locate->n_legs);
	} else {
		ctl_buf_printf(&b, "null");
	}
	ctl_buf_printf(&b, ", \"error\": ");
	if (ev->error)
		ctl_buf_json_str(&b, ev->why ? ev->why : "failed");
	else
		ctl_buf_printf(&b, "null");
	ctl_buf_printf(&b, "}\n");
	(void)ms;
	ctl_out(c, "%s", b.p ? b.p : "");
	ctl_buf_free(&b);
}

/* The path as one line: SRC ─(1)→ [in 1 ✓ | NODE | out 2 ✓] ─(2)→ [NODE MEP ✓] */
static void
locate_path_line(struct ctl_conn *c, const struct oam_locate *l)
{
	char node[48], m1[32], m2[32];
	int i;

	ctl_out(c, "  %s", fmt_node_short(c, node, sizeof(node), &l->pt[0].node));
	for (i = 1; i < l->n_points; i++) {
		const struct oam_locate_point *p = &l->pt[i], *q = &l->pt[i - 1];
		uint32_t via = q->kind == OAM_PT_SOURCE || q->kind == OAM_PT_OUT_MIP ? q->if_num : 0;

		if (via)
			ctl_out(c, " ─(%" PRIu32 ")→ ", via);
		else
			ctl_out(c, " ─→ ");
		switch (p->kind) {
		case OAM_PT_IN_MIP:
			fmt_node_short(c, node, sizeof(node), &p->node);
			if (p->if_num)
				ctl_out(c, "[in %" PRIu32 " %s | %s", p->if_num,
				    point_mark(m1, sizeof(m1), p), node);
			else
				ctl_out(c, "[node MIP %s | %s", point_mark(m1, sizeof(m1), p), node);
			if (i + 1 < l->n_points && l->pt[i + 1].kind == OAM_PT_OUT_MIP &&
			    l->pt[i + 1].ttl == p->ttl) {
				i++;
				ctl_out(c, " | out %" PRIu32 " %s]", l->pt[i].if_num,
				    point_mark(m2, sizeof(m2), &l->pt[i]));
			} else {
				ctl_out(c, "]");
			}
			break;
		case OAM_PT_HOP:
			ctl_out(c, "[hop %u ✗ no answer]", p->ttl);
			break;
		case OAM_PT_MEP:
			if (p->ttl == 255 && l->trace_end != OAM_TRACE_EGRESS)
				ctl_out(c, "? ⋯ ");
			ctl_out(c, "[%s MEP %s]", fmt_node_short(c, node, sizeof(node), &p->node),
			    point_mark(m1, sizeof(m1), p));
			break;
		default:
			break;
		}
	}
	ctl_out(c, "\n");
}

static void
locate_text_done(struct ctl_conn *c, const struct oam_locate *l,
		 const struct oam_locate_analysis *ana, const struct oam_locate_cmp *cmp,
		 bool table)
{
	const struct lsr_path_leg *leg = intended_leg(l);

	struct ctl_buf t = { 0 };
	char from[64], to[64], a[48], z[48], seg[160], rtt[32], dl[32];
	int i;

	ctl_out(c, "\nPath (✓ answers, ✗ no answer, ✗RCn wrong answer, ? not known):\n");
	locate_path_line(c, l);
	if (!table)
		goto verdict;
	ctl_out(c, "\n  %-46s %-7s %-10s %9s %9s\n", "Segment", "Kind", "Result", "RTT(ms)", "+ms");
	for (i = 0; i < ana->n_segments; i++) {
		const struct oam_locate_segment *g = &ana->seg[i];
		const struct oam_locate_point *p = &l->pt[g->to], *q = &l->pt[g->from];

		if (q->has_node)
			fmt_node_short(c, a, sizeof(a), &q->node);
		else
			snprintf(a, sizeof(a), "hop %u", q->ttl);
		if (p->has_node)
			fmt_node_short(c, z, sizeof(z), &p->node);
		else
			snprintf(z, sizeof(z), "hop %u", p->ttl);
		if (q->if_num)
			snprintf(from, sizeof(from), "%s %s %" PRIu32, a,
				 q->kind == OAM_PT_IN_MIP ? "in" : "out", q->if_num);
		else
			snprintf(from, sizeof(from), "%s", a);
		if (p->kind == OAM_PT_MEP)
			snprintf(to, sizeof(to), "%s MEP", z);
		else if (p->if_num && p->kind == OAM_PT_OUT_MIP && q->ttl == p->ttl)
			snprintf(to, sizeof(to), "out %" PRIu32, p->if_num);
		else if (p->if_num)
			snprintf(to, sizeof(to), "%s in %" PRIu32, z, p->if_num);
		else
			snprintf(to, sizeof(to), "%s", z);
		snprintf(seg, sizeof(seg), "%s → %s", from, to);
		/* Widths in bytes: "→" and the marks are 3 bytes, 1 column. */
		ctl_out(c, "  %-48s %-7s %-12s %9s %9s\n", seg, oam_segment_kind_name(g->kind),
		    g->status == OAM_SEG_OK ? "✓ ok" : g->status == OAM_SEG_FAULT ? "✗ FAULT" :
		    "– unverified",
		    g->has_rtt ? ctl_fmt_ms(rtt, sizeof(rtt), g->rtt_ns) : "-",
		    g->has_delta ? ctl_fmt_ms(dl, sizeof(dl), g->delta_ns) : "-");
	}
verdict:
	if (leg != NULL && table)
		cmp_table(c, l, leg, cmp);
	verdict_sentence(c, &t, l, leg, cmp, ana);
	ctl_out(c, "\nVerdict: %s.\n", t.p ? t.p : "");
	ctl_buf_free(&t);
	for (i = 0; i < ana->n_notes; i++) {
		note_text(c, &t, l, &ana->notes[i]);
		ctl_out(c, "  Note: %s.\n", t.p ? t.p : "");
		ctl_buf_free(&t);
	}
}

/* A copy of path p (NULL stays NULL); *ok false when out of memory. */
static struct lsr_path *
path_dup(const struct lsr_path *p, bool *ok)
{
	size_t size;
	struct lsr_path *q;

	if (p == NULL)
		return NULL;
	size = sizeof(*p) + (size_t)p->n_legs * sizeof(p->leg[0]);
	q = malloc(size);
	if (q == NULL)
		*ok = false;
	else
		memcpy(q, p, size);
	return q;
}

/*
 * save-path (docs/LOCATE.md): the path this healthy locate found becomes the
 * source direction's `path` in the running configuration, through the route
 * of `lsp replace` (lsr_fib_lsp_replace(): a path change touches no label
 * entry); the `path` lines are printed as show running-config writes them.
 * @return whether it was saved (or already was the LSP's path).
 */
static bool
save_path(struct ctl_conn *c, const struct oam_locate *l, bool healthy)
{
	struct ctl_daemon *d = c->ctl->d;
	struct lsr_config *cfg = d->cfg;
	struct lsr_lsp_cfg *cur = c->lsp < cfg->n_lsps ? &cfg->lsps[c->lsp] : NULL;
	struct { struct lsr_path p; struct lsr_path_leg leg; } found;
	struct lsr_lsp_cfg copy;
	char err[512], *text, *line, *end;
	bool ok = true;
	int dir, rc;

	if (!healthy) {
		ctl_out(c, "%% Path not saved: the LSP is not healthy (see the verdict); "
			"nothing changed\n");
		return false;
	}
	/* A tree first: whatever else is missing, one leg is not its path. */
	rc = oam_locate_leg_from_trace(l, l->has_sink_if ? l->sink_if : 0, &found.leg);
	if (rc == -EMLINK) {
		ctl_out(c, "%% Path not saved: the LSP branches (P2MP, return code 14): write "
			"one path line per leaf; nothing changed\n");
		return false;
	}
	if (!l->has_sink_if) {
		ctl_out(c, "%% Path not saved: the sink did not name the interface the LSP "
			"arrives on (no G.8113.1 loopback reply from its MEP); nothing changed\n");
		return false;
	}
	if (rc < 0) {
		ctl_out(c, "%% Path not saved: route tracing did not find every hop with both "
			"its interfaces (a silent hop, or per-node MIPs); nothing changed\n");
		return false;
	}
	dir = cur != NULL && lsr_lsp_live(cur) ? source_dir(cur) : -1;
	if (dir < 0) {
		ctl_out(c, "%% Path not saved: the LSP changed meanwhile; nothing changed\n");
		return false;
	}
	found.p.n_legs = 1;
	copy = *cur;
	copy.path[dir] = path_dup(&found.p, &ok);
	copy.path[!dir] = path_dup(cur->path[!dir], &ok);
	rc = ok ? lsr_fib_lsp_replace(d->fib, cfg, &copy, err, sizeof(err)) : -ENOMEM;
	lsr_lsp_paths_free(&copy);	/* what the configuration did not take */
	if (rc < 0) {
		ctl_out(c, "%% Path not saved: %s; nothing changed\n",
			rc == -ENOMEM && !ok ? "out of memory" : err);
		return false;
	}
	if (rc == 0) {
		/* As after `lsp replace` (ctl_config.c): the prober and the grace period. */
		oam_mep_set_config(d->mep, cfg);
		lsr_dataplane_retire(d->dp);
	}
	ctl_out(c, "\nPath %s into the running configuration of LSP %s (save it with the "
		"rest of the configuration):\n", rc == 1 ? "already" : "saved", cur->name);
	text = malloc(LSR_CONFIG_TEXT_MAX);
	if (text == NULL)
		return true;
	lsr_config_format_lsp(cfg, cur, text, LSR_CONFIG_TEXT_MAX);
	for (line = text; line != NULL && *line; line = end != NULL ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (strncmp(line, "  path ", 7) == 0)
			ctl_out(c, "%.*s\n", end != NULL ? (int)(end - line) : (int)strlen(line), line);
	}
	free(text);
	return true;
}

/*
 * P2MP (every leg of the provisioned tree): each leg's path with ✓/✗ per MIP,
 * then each leg's verdict; a fault before the branch shows on every leg.
 */
static void
locate_text_tree(struct ctl_conn *c, const struct oam_locate *l, const struct leg_result *res,
		 unsigned int n)
{
	unsigned int j, bad = 0;
	char leaf[48];

	ctl_out(c, "\nTree, leg by leg (✓ answers, ✗ no answer, ✗RCn wrong answer):\n");
	for (j = 0; j < n; j++) {
		const struct lsr_path_leg *leg = &res[j].view.legs[0];

		ctl_out(c, "  leg %u to %s:\n", j + 1,
			fmt_node_short(c, leaf, sizeof(leaf), &leg->hop[leg->n_hops - 1].node));
		ctl_out(c, "  ");
		locate_path_line(c, &res[j].view);
		bad += res[j].cmp.diff != OAM_DIFF_NONE;
	}
	for (j = 0; j < n; j++) {
		struct ctl_buf t = { 0 };

		cmp_text(c, &t, &res[j].view, &res[j].view.legs[0], &res[j].cmp, &res[j].ana);
		ctl_out(c, "\nVerdict, leg %u: %s.\n", j + 1, t.p ? t.p : "");
		ctl_buf_free(&t);
	}
	if (l->legs_probed < l->n_legs)
		ctl_out(c, "\n%% Legs %u to %u not checked: more points than one locate holds (%d)\n",
			l->legs_probed + 1, l->n_legs, OAM_LOCATE_MAX_POINTS);
	ctl_out(c, "\n%u of %u legs as provisioned and healthy.\n", n - bad, l->n_legs);
}

/*
 * The session's outcome as a locate event (docs/MONITORING.md): healthy or
 * fault with the verdict's sentence (the leg shown, for a tree), or why it
 * failed.
 */
static void
locate_verdict_event(struct ctl_conn *c, const struct oam_mep_event *ev, bool done, bool ok,
		     const struct oam_locate *v, const struct leg_result *r)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	struct ctl_buf vt = { 0 };
	struct ctl_event e;

	ctl_event_init(&e, CTL_EV_LOCATE, !done ? "failed" : ok ? "healthy" : "fault");
	if (c->lsp < cfg->n_lsps)
		ctl_event_str(&e, "lsp", cfg->lsps[c->lsp].name);
	ctl_event_u64(&e, "status", done && ok ? LSR_CTL_OK : LSR_CTL_FAIL);
	if (done)
		verdict_sentence(c, &vt, v, intended_leg(v), &r->cmp, &r->ana);
	ctl_event_str(&e, done ? "verdict" : "error",
		      done ? (vt.p != NULL ? vt.p : "") : (ev->why != NULL ? ev->why : "error"));
	ctl_event_emit(c->ctl->d, &e);
	ctl_buf_free(&vt);
}

static void
locate_event(void *arg, const struct oam_mep_event *ev)
{
	struct ctl_conn *c = arg;
	const struct oam_locate *l = ev->locate;
	char id[64], res[320], mn[32], av[32], mx[32];

	switch (ev->type) {
	case OAM_EV_HOP:
		if (!c->json)
			ctl_trace_hop(c, NULL, ev->result);
		break;
	case OAM_EV_POINT_BEGIN:
		if (c->json)
			break;
		if (!c->checks_shown) {
			c->checks_shown = true;
			ctl_out(c, "\nOn-demand CV in path order, %" PRIu32 " probe(s) each "
			    "(codes as for ping: '!' success, '.' timeout, letters: return codes):\n"
			    "  TTL  %-8s %-24s %s\n", c->locate.count, "Point", "MIP ID / MEP",
			    "Probes, result, RTT min/avg/max (ms)");
		}
		ctl_out(c, "  %3u  %-8s %-24s ", l->pt[ev->point].ttl, point_word(l->pt[ev->point].kind),
		    point_id(id, sizeof(id), &l->pt[ev->point]));
		break;
	case OAM_EV_PROBE:
		if (!c->json)
			ctl_out(c, "%c", ctl_probe_code(ev->result));
		break;
	case OAM_EV_POINT_END: {
		const struct oam_locate_point *p = &l->pt[ev->point];

		if (c->json)
			break;
		ctl_out(c, "  %s %s", p->status == OAM_PT_OK ? "✓" : "✗",
		    point_result_text(res, sizeof(res), p));
		if (p->success)
			ctl_out(c, "  %s/%s/%s", ctl_fmt_ms(mn, sizeof(mn), p->rtt_min_ns),
			    ctl_fmt_ms(av, sizeof(av), oam_locate_point_avg_ns(p)),
			    ctl_fmt_ms(mx, sizeof(mx), p->rtt_max_ns));
		ctl_out(c, "\n");
		break;
	}
	case OAM_EV_DONE: {
		struct oam_locate_links links;
		struct leg_result one, *res = &one;
		unsigned int j, n = 0, shown = 0;
		bool ok, legs = l != NULL && l->done && l->has_intended && l->legs_probed > 0;

		c->sess = NULL;
		/* One analysis per leg, with our link states, for every rendering below;
		 * with an intended path, the legs' comparisons decide (docs/LOCATE.md). */
		gather_links(c->ctl->d, &links);
		if (legs && l->legs_probed > 1)
			res = malloc(l->legs_probed * sizeof(*res));
		if (res == NULL) {
			ctl_out(c, "%% Out of memory\n");
			ctl_finish(c, LSR_CTL_FAIL);
			break;
		}
		for (j = 0; legs && j < l->legs_probed; j++)
			if (oam_locate_leg_view(l, j, &res[n].view) == 0)
				n++;
		if (!legs)
			memset(&one, 0, sizeof(one));
		ok = !ev->error && l != NULL && l->done;
		for (j = 0; j < n || (j == 0 && l != NULL); j++) {
			struct leg_result *r = &res[j];
			const struct oam_locate *v = n ? &r->view : l;

			oam_locate_analyse(v, &links, &r->ana);
			oam_locate_compare(intended_leg(v), v, &r->ana, &r->cmp);
			ok = ok && (n ? r->cmp.diff == OAM_DIFF_NONE :
				    r->ana.v.where == OAM_LOC_HEALTHY);
			if (n && r->cmp.diff != OAM_DIFF_NONE && res[shown].cmp.diff == OAM_DIFF_NONE)
				shown = j;
		}
		/* A leg whose points did not fit was not checked: not healthy. */
		ok = ok && (l == NULL || !l->has_intended || l->legs_probed == l->n_legs);
		if (c->json)
			locate_json(c, ev, res, n, shown);
		else if (ev->error || l == NULL || !l->done)
			ctl_out(c, "%% Locate failed: %s\n", ev->why ? ev->why : "error");
		else if (n <= 1)
			locate_text_done(c, n ? &res[0].view : l, &res[0].ana, &res[0].cmp, true);
		else
			locate_text_tree(c, l, res, n);
		locate_verdict_event(c, ev, !ev->error && l != NULL && l->done, ok,
				     n ? &res[shown].view : l, &res[shown]);
		if (l != NULL && l->want_sink_if && !c->json)
			ok = save_path(c, l, ok);
		if (res != &one)
			free(res);
		ctl_finish(c, ok ? LSR_CTL_OK : LSR_CTL_FAIL);
		break;
	}
	default:
		break;
	}
}

int
ctl_cmd_locate(struct ctl_conn *c, int argc, char **argv)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	struct oam_locate_params p = { .count = 3, .timeout_ms = 2000 };
	const struct lsr_path *path;
	struct lsr_node_ident far;
	char src[48], dst[48];
	bool save = false;
	int i, ret, dir;

	if (argc < 1)
		USAGE(c, "%% Missing LSP name\n");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "count") == 0) {
			if (!ctl_kw_u32(c, argc, argv, &i, 1, 100, &p.count))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "timeout") == 0) {
			if (!ctl_kw_u32(c, argc, argv, &i, 1, 60000, &p.timeout_ms))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "json") == 0) {
			c->json = true;
		} else if (strcmp(argv[i], "save-path") == 0) {
			save = true;
		} else if (strcmp(argv[i], "encap") == 0) {
			if (!ctl_arg_encap(c, argc, argv, &i, &p.encap))
				return LSR_CTL_USAGE;
		} else {
			USAGE(c, "%% Unknown keyword '%s'\nUsage: %s %s\n", argv[i],
			      lsr_ctl_cmds[LSR_CTL_CMD_locate].words,
			      lsr_ctl_cmds[LSR_CTL_CMD_locate].args);
		}
	}
	if (save && c->json)
		USAGE(c, "%% save-path prints configuration text: not with json\n");
	if (ctl_find_lsp(c, argv[0], &p.lsp) < 0)
		return LSR_CTL_FAIL;
	/* The intended path of the direction starting here; save-path discovers anew
	 * (it is how a path is captured, or re-captured after a planned change). */
	dir = source_dir(&cfg->lsps[p.lsp]);
	path = dir >= 0 && !save ? cfg->lsps[p.lsp].path[dir] : NULL;
	c->cmd = CONN_LOCATE;
	c->lsp = p.lsp;
	c->locate = p;
	ret = oam_mep_locate(c->ctl->d->mep, &p, c->ctl->now_ns, locate_event, c, &c->sess);
	if (ret < 0) {
		c->sess = NULL;
		ctl_out(c, "%% Cannot locate on LSP %s: %s\n", argv[0], ctl_mep_strerror(ret));
		return LSR_CTL_FAIL;
	}
	/* Set before the session's first run: nothing was sent yet. */
	ret = oam_mep_locate_options(c->sess, path, save);
	if (ret < 0) {
		oam_mep_cancel(c->ctl->d->mep, c->sess);
		c->sess = NULL;
		ctl_out(c, "%% Cannot locate on LSP %s: %s\n", argv[0], ctl_mep_strerror(ret));
		return LSR_CTL_FAIL;
	}
	if (!c->json) {
		far = ctl_far_end(&cfg->lsps[p.lsp]);
		ctl_out(c, "Locating faults on MPLS-TP LSP %s from %s to %s\n"
		    "(route tracing, then %" PRIu32 " on-demand CV probe(s) to every in-MIP, out-MIP "
		    "and the MEP; timeout %" PRIu32 " ms)\n%s\nRoute tracing:\n%s",
		    argv[0], lsr_node_ident_format(src, sizeof(src), &cfg->node),
		    lsr_node_ident_format(dst, sizeof(dst), &far), p.count, p.timeout_ms,
		    path != NULL ? "Against the provisioned path: CV to its every in-MIP and "
		    "out-MIP, route tracing compared hop by hop.\n" : "", ctl_trace_heading);
	}
	return CTL_PENDING;
}
