/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ping sessions (oam_mep_ping(), include/oam_mep.h) on the session core
 * (oam/probe.c): `count` on-demand CV requests (RFC 6426 §2) or G.8113.1 LBMs
 * to the far MEP or a MIP, one every `interval_ms`.
 *
 * A ping to a MIP whose side or hop count is unknown starts with a path
 * discovery: route-tracing requests (DDMAP ingress 0 egress 0, RFC 6426
 * §4.2.1 / docs/OAM-RULES.md §2) until the target node answers with its DDMAP,
 * which says whether the IF_Num is its in or out interface on this LSP.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probe_priv.h"

const char *
oam_side_name(enum oam_mip_side side)
{
	switch (side) {
	case OAM_SIDE_IN: return "in";
	case OAM_SIDE_OUT: return "out";
	case OAM_SIDE_NODE: return "node";
	default: return NULL;
	}
}

/* The probes proper, once the side and the TTL are known. */
static void
ping_probe_req(struct oam_mep_session *s)
{
	const struct oam_probe_ping *k = &s->u.ping;

	memset(&s->req, 0, sizeof(s->req));
	s->req.ttl = k->ttl;
	s->req.lbm = k->p.g8113;
	s->req.counted = true;
	s->req.target = k->p.target;
	s->req.side = k->side;
	s->req.mip_node = k->p.mip_node;
	s->req.mip_if = k->p.mip_if;
}

static void
ping_start(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_mep_event ev = { .type = OAM_EV_RESOLVED };

	(void)now_ns;
	if (!s->u.ping.need_resolved)
		return;
	s->u.ping.need_resolved = false;
	oam_probe_emit(s, &ev);
}

static void
ping_event(const struct oam_mep_session *s, struct oam_mep_event *ev)
{
	const struct oam_probe_ping *k = &s->u.ping;

	ev->ttl = k->ttl;
	ev->side = k->side;
	ev->discovered = k->discovered;
	ev->discovery_hops = k->hops;
}

/* A discovery probe ended (reply in s->reply, or timeout/unsent). */
static void
discovery_step(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_probe_ping *k = &s->u.ping;
	const struct oam_probe_result *r = &s->reply;
	uint8_t ttl = s->req.ttl;
	char node[48];
	unsigned int i;

	lsr_node_ident_format(node, sizeof(node), &k->p.mip_node);
	if (r->status == OAM_PROBE_REPLY && r->has_src &&
	    oam_probe_ident_eq(&r->src, &k->p.mip_node)) {
		struct oam_mep_event ev = { .type = OAM_EV_RESOLVED };

		k->hops = ttl;
		if (k->side == OAM_SIDE_AUTO && !k->p.g8113) {
			if (!r->has_ddmap) {
				snprintf(s->why, sizeof(s->why),
					 "node %s answered without a DDMAP: give `in` or `out`", node);
				oam_probe_finish(s, -EPROTO, s->why);
				return;
			}
			if (r->ingress == k->p.mip_if) {
				k->side = OAM_SIDE_IN;
			} else {
				for (i = 0; i < s->n_egress; i++)
					if (s->egress[i] == k->p.mip_if)
						k->side = OAM_SIDE_OUT;
			}
			if (k->side == OAM_SIDE_AUTO) {
				snprintf(s->why, sizeof(s->why),
					 "IF_Num %u is not on LSP %s at node %s (in %u, out %u)",
					 k->p.mip_if, s->lsp.name, node, r->ingress, r->egress);
				oam_probe_finish(s, -ENOENT, s->why);
				return;
			}
		}
		k->ttl = k->p.ttl ? k->p.ttl : (uint8_t)k->hops;
		k->discovering = false;
		ping_probe_req(s);
		s->next_send_ns = now_ns;
		oam_probe_emit(s, &ev);
		return;
	}
	if (r->status == OAM_PROBE_REPLY &&
	    (r->rc == OAM_RC_EGRESS || (r->has_src && oam_probe_ident_eq(&r->src, &s->lsp.far)))) {
		snprintf(s->why, sizeof(s->why), "node %s is not on LSP %s (egress reached at TTL %u)",
			 node, s->lsp.name, ttl);
		oam_probe_finish(s, -ENOENT, s->why);
		return;
	}
	if (k->p.ttl != 0) {
		snprintf(s->why, sizeof(s->why), "node %s did not answer at TTL %u%s", node,
			 ttl, r->status == OAM_PROBE_REPLY ? " (another node did)" : "");
		oam_probe_finish(s, -EHOSTUNREACH, s->why);
		return;
	}
	if (ttl >= OAM_MEP_DISCOVERY_MAX_TTL) {
		snprintf(s->why, sizeof(s->why), "node %s not found on LSP %s within %u hops",
			 node, s->lsp.name, OAM_MEP_DISCOVERY_MAX_TTL);
		oam_probe_finish(s, -EHOSTUNREACH, s->why);
		return;
	}
	s->req.ttl++;
	s->next_send_ns = now_ns;
}

static void
ping_step(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_probe_ping *k = &s->u.ping;
	struct oam_probe_result *r = &s->reply;
	struct oam_mep_event ev = { .type = OAM_EV_PROBE, .result = r };

	if (k->discovering) {
		discovery_step(s, now_ns);
		return;
	}
	r->seq = k->seq + 1;
	r->success = oam_probe_good_reply(r);
	oam_probe_count(s, r);
	oam_probe_emit(s, &ev);
	if (++k->seq >= k->p.count) {
		oam_probe_finish(s, 0, NULL);
		return;
	}
	s->next_send_ns = s->sent_ns + (uint64_t)k->p.interval_ms * OAM_PROBE_NS_PER_MS;
	if (s->next_send_ns < now_ns)
		s->next_send_ns = now_ns;
}

static const struct oam_probe_ops ping_ops = {
	.start = ping_start,
	.step = ping_step,
	.event = ping_event,
};

int
oam_mep_ping(struct oam_mep *m, const struct oam_ping_params *p, uint64_t now_ns,
	     oam_mep_event_fn fn, void *arg, struct oam_mep_session **out)
{
	struct oam_mep_session *s;
	struct oam_probe_ping *k;
	int ret;

	if (m == NULL || p == NULL || fn == NULL || p->count == 0 ||
	    p->count > OAM_MEP_MAX_COUNT || p->timeout_ms == 0 ||
	    p->target > OAM_TARGET_MIP || p->side > OAM_SIDE_NODE)
		return -EINVAL;
	if (oam_probe_check_encap(p->encap, p->g8113) < 0)
		return -EINVAL;
	ret = oam_probe_open(m, &ping_ops, p->lsp, p->timeout_ms, fn, arg, now_ns, &s);
	if (ret < 0)
		return ret;
	s->encap = p->encap;
	k = &s->u.ping;
	k->p = *p;
	if (p->target == OAM_TARGET_MEP) {
		k->ttl = p->ttl ? p->ttl : 255;
		k->need_resolved = true;
	} else {
		k->side = p->side;
		if (p->mip_if == 0)
			k->side = OAM_SIDE_NODE;
		/* G.8113.1 names the MIP by IF_Num: the side does not matter. */
		if (p->ttl != 0 && (k->side != OAM_SIDE_AUTO || p->g8113)) {
			k->ttl = p->ttl;
			k->need_resolved = true;
		} else {
			k->discovering = true;
			k->discovered = true;
		}
	}
	if (k->discovering) {
		/* Route tracing toward the MIP's node, from the TTL given or 1. */
		s->req.trace = true;
		s->req.ttl = p->ttl ? p->ttl : 1;
	} else {
		ping_probe_req(s);
	}
	return oam_probe_add(m, s, out);
}
