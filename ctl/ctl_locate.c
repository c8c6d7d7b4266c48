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
#include <string.h>

#include <rte_common.h>
#include <rte_ethdev.h>

#include "lsr_config.h"
#include "ctl.h"
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

static void
locate_json(struct ctl_conn *c, const struct oam_mep_event *ev,
	    const struct oam_locate_analysis *ana)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	const struct oam_locate *l = ev->locate;
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
			  v->where == OAM_LOC_HEALTHY ? "true" : "false",
			  oam_locate_where_name(v->where));
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
		verdict_text(c, &t, l, ana);
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
		 const struct oam_locate_analysis *ana)
{
	struct ctl_buf t = { 0 };
	char from[64], to[64], a[48], z[48], seg[160], rtt[32], dl[32];
	int i;

	ctl_out(c, "\nPath (✓ answers, ✗ no answer, ✗RCn wrong answer, ? not known):\n");
	locate_path_line(c, l);
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
	verdict_text(c, &t, l, ana);
	ctl_out(c, "\nVerdict: %s.\n", t.p ? t.p : "");
	ctl_buf_free(&t);
	for (i = 0; i < ana->n_notes; i++) {
		note_text(c, &t, l, &ana->notes[i]);
		ctl_out(c, "  Note: %s.\n", t.p ? t.p : "");
		ctl_buf_free(&t);
	}
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
		struct oam_locate_analysis ana;

		c->sess = NULL;
		/* One analysis, with our link states, for every rendering below. */
		gather_links(c->ctl->d, &links);
		oam_locate_analyse(l, &links, &ana);
		if (c->json)
			locate_json(c, ev, &ana);
		else if (ev->error || l == NULL || !l->done)
			ctl_out(c, "%% Locate failed: %s\n", ev->why ? ev->why : "error");
		else
			locate_text_done(c, l, &ana);
		ctl_finish(c, !ev->error && l != NULL && l->done &&
				       ana.v.where == OAM_LOC_HEALTHY ? LSR_CTL_OK : LSR_CTL_FAIL);
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
	struct lsr_node_ident far;
	char src[48], dst[48];
	int i, ret;

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
		} else {
			USAGE(c, "%% Unknown keyword '%s'\nUsage: %s %s\n", argv[i],
			      lsr_ctl_cmds[LSR_CTL_CMD_locate].words,
			      lsr_ctl_cmds[LSR_CTL_CMD_locate].args);
		}
	}
	if (ctl_find_lsp(c, argv[0], &p.lsp) < 0)
		return LSR_CTL_FAIL;
	c->cmd = CONN_LOCATE;
	c->lsp = p.lsp;
	c->locate = p;
	ret = oam_mep_locate(c->ctl->d->mep, &p, c->ctl->now_ns, locate_event, c, &c->sess);
	if (ret < 0) {
		c->sess = NULL;
		ctl_out(c, "%% Cannot locate on LSP %s: %s\n", argv[0], ctl_mep_strerror(ret));
		return LSR_CTL_FAIL;
	}
	if (!c->json) {
		far = ctl_far_end(&cfg->lsps[p.lsp]);
		ctl_out(c, "Locating faults on MPLS-TP LSP %s from %s to %s\n"
		    "(route tracing, then %" PRIu32 " on-demand CV probe(s) to every in-MIP, out-MIP "
		    "and the MEP; timeout %" PRIu32 " ms)\n\nRoute tracing:\n%s",
		    argv[0], lsr_node_ident_format(src, sizeof(src), &cfg->node),
		    lsr_node_ident_format(dst, sizeof(dst), &far), p.count, p.timeout_ms,
		    ctl_trace_heading);
	}
	return CTL_PENDING;
}
