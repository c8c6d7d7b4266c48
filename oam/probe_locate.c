/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Locate sessions (fault localisation, oam_mep_locate(), include/oam_mep.h) on
 * the session core (oam/probe.c).  A route trace first (the requests of a
 * traceroute, RFC 6426 §4.2.1), which gives the points of the path; then each
 * point (in-MIP, out-MIP, ..., the MEP) gets `count` CV probes built and matched
 * exactly as a ping's, with the side and TTL the trace found; at the end
 * oam_locate_analyse() (oam/locate.c) names the first segment that fails.
 */
#include <errno.h>
#include <string.h>

#include "probe_priv.h"

_Static_assert(OAM_LOCATE_MAX_HOPS == OAM_MEP_DISCOVERY_MAX_TTL,
	       "locate traces as far as a ping's path discovery");

/*
 * The points, in path order, from what route tracing found: the source, then
 * per hop its in-MIP and out-MIP (a silent hop: one unknown point), up to the
 * last hop that answered (beyond it the path is unknown), then the MEP.
 */
static void
locate_build_points(struct oam_mep_session *s)
{
	const struct oam_probe_lsp *b = &s->lsp;
	struct oam_locate *l = &s->u.loc.l;
	struct oam_locate_point *pt;
	unsigned int h, known = 0;
	uint8_t mep_ttl = 255;

	pt = oam_locate_add_point(l, OAM_PT_SOURCE, 0, &b->node, b->out_if_num);
	pt->status = OAM_PT_OK;
	pt->label = b->out_label;
	if (l->has_intended) {
		/* The provisioned points, found or not, leg after leg (docs/LOCATE.md). */
		for (h = 0; h < l->n_legs; h++) {
			if (oam_locate_points_from_leg(l, &l->legs[h], (uint8_t)h) < 0)
				break;
			l->legs_probed = (uint8_t)(h + 1);
		}
		return;
	}
	for (h = 0; h < l->n_hops; h++)
		if (l->hops[h].status == OAM_PROBE_REPLY)
			known = h + 1;
	for (h = 0; h < known; h++) {
		const struct oam_probe_result *r = &l->hops[h];
		uint8_t ttl = (uint8_t)(h + 1);

		if (r->status != OAM_PROBE_REPLY || !r->has_src) {
			/* Nothing to address a probe to: an unknown hop. */
			pt = oam_locate_add_point(l, OAM_PT_HOP, ttl, NULL, 0);
			if (pt != NULL)
				pt->status = r->status == OAM_PROBE_REPLY ? OAM_PT_WRONG :
					     OAM_PT_NO_ANSWER;
			continue;
		}
		if (h + 1 == known && l->trace_end == OAM_TRACE_EGRESS) {
			mep_ttl = ttl;
			break;
		}
		if (h + 1 == known && l->trace_end == OAM_TRACE_LOOP)
			break;
		oam_locate_add_point(l, OAM_PT_IN_MIP, ttl, &r->src, r->has_ddmap ? r->ingress : 0);
		if (r->has_ddmap && r->egress != 0) {
			pt = oam_locate_add_point(l, OAM_PT_OUT_MIP, ttl, &r->src, r->egress);
			if (pt != NULL && r->has_label)
				pt->label = r->label;
		}
	}
	oam_locate_add_point(l, OAM_PT_MEP, mep_ttl, &b->far, 0);
	if (l->n_points < OAM_LOCATE_MAX_POINTS)
		return;
	/* Cannot happen (16 hops, 2 points each, + 2); keep the MEP last anyway. */
	pt = &l->pt[OAM_LOCATE_MAX_POINTS - 1];
	if (pt->kind != OAM_PT_MEP) {
		memset(pt, 0, sizeof(*pt));
		pt->kind = OAM_PT_MEP;
		pt->ttl = mep_ttl;
		pt->has_node = true;
		pt->node = b->far;
	}
}

/* A probe's answer is good when the expected node says the expected thing. */
static bool
locate_good(const struct oam_locate_point *pt, const struct oam_probe_result *r)
{
	if (r->status != OAM_PROBE_REPLY || r->lbr)
		return false;
	if (r->has_src && pt->has_node && !oam_probe_ident_eq(&r->src, &pt->node))
		return false;
	if (pt->kind == OAM_PT_MEP)
		return r->rc == OAM_RC_EGRESS;
	if (r->rc != OAM_RC_LABEL_SWITCHED && r->rc != OAM_RC_SEE_DDMAP)
		return false;
	/* The MIP that answers must be the one we named. */
	if (r->has_ddmap && pt->if_num != 0) {
		if (pt->kind == OAM_PT_IN_MIP && r->ingress != 0 && r->ingress != pt->if_num)
			return false;
		if (pt->kind == OAM_PT_OUT_MIP && r->egress != 0 && r->egress != pt->if_num)
			return false;
	}
	return true;
}

/*
 * save-path: one G.8113.1 LBM to the MEP that answered CV, as far away as it
 * is; its LBR's Replying MEP ID TLV carries the IF_Num the LSP arrives on at
 * the sink (docs/OAM-RULES.md §4), which no echo reply names.
 */
static void
locate_ask_sink_if(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_locate *l = &s->u.loc.l;

	l->asking_sink_if = true;
	memset(&s->req, 0, sizeof(s->req));
	s->req.ttl = l->pt[l->n_points - 1].ttl;
	s->req.lbm = true;
	s->req.target = OAM_TARGET_MEP;
	s->req.side = OAM_SIDE_AUTO;
	s->next_send_ns = now_ns;
}

/* Probe the next point that can be probed, or judge the whole. */
static void
locate_next_point(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_probe_locate *k = &s->u.loc;
	struct oam_locate *l = &k->l;
	struct oam_locate_point *pt;
	struct oam_mep_event ev = { .type = OAM_EV_POINT_BEGIN };
	int i;

	for (i = k->cur_point + 1; i < l->n_points; i++) {
		uint8_t kind = l->pt[i].kind;

		if (kind == OAM_PT_IN_MIP || kind == OAM_PT_OUT_MIP || kind == OAM_PT_MEP)
			break;
	}
	if (i >= l->n_points && l->want_sink_if && !l->asking_sink_if &&
	    l->pt[l->n_points - 1].status == OAM_PT_OK) {
		locate_ask_sink_if(s, now_ns);
		return;
	}
	if (i >= l->n_points) {
		oam_locate_analyse(l, NULL, &l->a);
		l->done = true;
		oam_probe_finish(s, 0, NULL);
		return;
	}
	pt = &l->pt[i];
	k->cur_point = i;
	k->seq = 0;
	/* Addressed as a ping to that MIP or the MEP, with the TTL route tracing found. */
	memset(&s->req, 0, sizeof(s->req));
	s->req.ttl = pt->ttl;
	s->req.counted = true;
	s->req.target = pt->kind == OAM_PT_MEP ? OAM_TARGET_MEP : OAM_TARGET_MIP;
	if (pt->kind == OAM_PT_MEP && !oam_probe_ident_eq(&pt->node, &s->lsp.far)) {
		/* Another leaf of a P2MP tree: named by its Destination Identifier
		 * without a DDMAP, which its sink MEP answers (docs/OAM-RULES.md §2.1). */
		s->req.target = OAM_TARGET_MIP;
		s->req.side = OAM_SIDE_NODE;
		s->req.mip_node = pt->node;
		s->req.mip_if = 0;
		s->next_send_ns = now_ns;
		oam_probe_emit(s, &ev);
		return;
	}
	s->req.mip_node = pt->node;
	s->req.mip_if = pt->if_num;
	s->req.side = pt->kind == OAM_PT_OUT_MIP ? OAM_SIDE_OUT :
		      pt->kind == OAM_PT_MEP ? OAM_SIDE_AUTO :
		      pt->if_num != 0 ? OAM_SIDE_IN : OAM_SIDE_NODE;
	s->next_send_ns = now_ns;
	oam_probe_emit(s, &ev);
}

/* A route-tracing probe ended (reply in s->reply, or timeout/unsent). */
static void
locate_trace_step(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_probe_locate *k = &s->u.loc;
	struct oam_locate *l = &k->l;
	struct oam_probe_result *r = &l->hops[l->n_hops++];
	struct oam_mep_event ev = { .type = OAM_EV_HOP, .result = r };
	uint8_t end;

	*r = s->reply;
	r->seq = s->req.ttl;
	r->success = oam_probe_good_reply(r);
	end = oam_probe_trace_end(s, r);
	k->silent = r->status == OAM_PROBE_REPLY ? 0 : k->silent + 1;
	if (end == 0 && k->silent >= OAM_LOCATE_SILENT_HOPS)
		end = OAM_TRACE_SILENT;
	if (end == 0 && (s->req.ttl >= k->p.max_ttl || l->n_hops >= OAM_LOCATE_MAX_HOPS))
		end = OAM_TRACE_MAX_TTL;
	l->trace_end = end;
	oam_probe_emit(s, &ev);
	if (end == 0) {
		s->req.ttl++;
		s->next_send_ns = now_ns;
		return;
	}
	k->tracing = false;
	locate_build_points(s);
	locate_next_point(s, now_ns);
}

/* A probe to the current point ended. */
static void
locate_probe_step(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_probe_locate *k = &s->u.loc;
	struct oam_locate_point *pt = &k->l.pt[k->cur_point];
	struct oam_probe_result *r = &s->reply;
	struct oam_mep_event ev = { .type = OAM_EV_PROBE, .result = r };

	r->seq = k->seq + 1;
	r->success = locate_good(pt, r);
	if (r->status != OAM_PROBE_UNSENT)
		pt->sent++;
	if (r->status == OAM_PROBE_REPLY) {
		pt->received++;
		/* Keep the first wrong answer: it says what is wrong. */
		if (!pt->has_reply || pt->reply.success)
			pt->reply = *r;
		pt->has_reply = true;
	}
	if (r->success) {
		if (pt->success == 0 || r->rtt_ns < pt->rtt_min_ns)
			pt->rtt_min_ns = r->rtt_ns;
		if (r->rtt_ns > pt->rtt_max_ns)
			pt->rtt_max_ns = r->rtt_ns;
		pt->rtt_sum_ns += r->rtt_ns;
		pt->success++;
	}
	oam_probe_count(s, r);
	oam_probe_emit(s, &ev);
	if (++k->seq < k->p.count) {
		s->next_send_ns = now_ns;
		return;
	}
	pt->status = pt->success > 0 ? OAM_PT_OK : pt->received > 0 ? OAM_PT_WRONG :
		     pt->sent > 0 ? OAM_PT_NO_ANSWER : OAM_PT_UNSENT;
	ev.type = OAM_EV_POINT_END;
	ev.result = NULL;
	oam_probe_emit(s, &ev);
	locate_next_point(s, now_ns);
}

/* The LBM of locate_ask_sink_if() ended: the sink's IF_Num, if it answered; then judge. */
static void
locate_sink_if_step(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_probe_locate *k = &s->u.loc;
	const struct oam_probe_result *r = &s->reply;

	if (r->status == OAM_PROBE_REPLY && r->lbr && r->has_replying && r->replying.if_num != 0 &&
	    r->replying.node_id == s->lsp.far.node_id) {
		k->l.has_sink_if = true;
		k->l.sink_if = r->replying.if_num;
	}
	locate_next_point(s, now_ns);
}

static void
locate_step(struct oam_mep_session *s, uint64_t now_ns)
{
	if (s->u.loc.tracing)
		locate_trace_step(s, now_ns);
	else if (s->u.loc.l.asking_sink_if)
		locate_sink_if_step(s, now_ns);
	else
		locate_probe_step(s, now_ns);
}

/* Every event carries the findings so far; those about a point say which. */
static void
locate_event(const struct oam_mep_session *s, struct oam_mep_event *ev)
{
	const struct oam_probe_locate *k = &s->u.loc;

	ev->locate = &k->l;
	if (k->cur_point >= 0) {
		ev->ttl = s->req.ttl;
		ev->side = s->req.side;
	}
	if (ev->type == OAM_EV_PROBE || ev->type == OAM_EV_POINT_BEGIN ||
	    ev->type == OAM_EV_POINT_END)
		ev->point = k->cur_point;
	if (ev->type == OAM_EV_DONE)
		ev->reached = k->l.trace_end == OAM_TRACE_EGRESS;
}

static const struct oam_probe_ops locate_ops = {
	.step = locate_step,
	.event = locate_event,
};

int
oam_mep_locate(struct oam_mep *m, const struct oam_locate_params *p, uint64_t now_ns,
	       oam_mep_event_fn fn, void *arg, struct oam_mep_session **out)
{
	struct oam_mep_session *s;
	struct oam_probe_locate *k;
	int ret;

	if (m == NULL || p == NULL || fn == NULL || p->count == 0 ||
	    p->count > OAM_MEP_MAX_COUNT || p->timeout_ms == 0 || p->max_ttl > OAM_LOCATE_MAX_HOPS ||
	    oam_probe_check_encap(p->encap, false) < 0)
		return -EINVAL;
	ret = oam_probe_open(m, &locate_ops, p->lsp, p->timeout_ms, fn, arg, now_ns, &s);
	if (ret < 0)
		return ret;
	s->encap = p->encap;	/* the trace and every CV probe (docs/OAM-NOTES.md "The IP form") */
	k = &s->u.loc;
	k->p = *p;
	if (k->p.max_ttl == 0)
		k->p.max_ttl = OAM_LOCATE_MAX_HOPS;
	k->tracing = true;
	k->cur_point = -1;
	s->req.trace = true;
	s->req.ttl = 1;
	return oam_probe_add(m, s, out);
}

int
oam_mep_locate_options(struct oam_mep_session *s, const struct lsr_path *path,
		       bool want_sink_if)
{
	struct oam_locate *l;
	unsigned int j;

	if (s == NULL || s->ops != &locate_ops || s->started ||
	    (path != NULL && (path->n_legs == 0 || path->n_legs > LSR_PATH_MAX_LEGS)))
		return -EINVAL;
	for (j = 0; path != NULL && j < path->n_legs; j++)
		if (path->leg[j].n_hops == 0 || path->leg[j].n_hops > LSR_PATH_MAX_HOPS)
			return -EINVAL;
	l = &s->u.loc.l;
	l->has_intended = path != NULL;
	l->n_legs = path != NULL ? path->n_legs : 0;
	for (j = 0; j < l->n_legs; j++)
		l->legs[j] = path->leg[j];
	l->want_sink_if = want_sink_if;
	return 0;
}
