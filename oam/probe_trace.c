/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Traceroute sessions (oam_mep_trace(), include/oam_mep.h) on the session core
 * (oam/probe.c): route-tracing requests with TTL 1, 2, ... (RFC 6426 §4.2.1,
 * RFC 8029 §4.3) until the egress answers, our own node answers (the LSP is
 * looped back, RFC 6435) or max_ttl.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probe_priv.h"

static void
trace_event(const struct oam_mep_session *s, struct oam_mep_event *ev)
{
	ev->reached = s->u.trace.reached;
}

static void
trace_step(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_probe_trace *k = &s->u.trace;
	struct oam_probe_result *r = &s->reply;
	struct oam_mep_event ev = { .type = OAM_EV_PROBE, .result = r };
	uint8_t end;

	r->seq = s->req.ttl;
	r->success = oam_probe_good_reply(r);
	oam_probe_count(s, r);
	oam_probe_emit(s, &ev);
	end = oam_probe_trace_end(s, r);
	if (end == OAM_TRACE_LOOP) {
		snprintf(s->why, sizeof(s->why), "our own node answered at TTL %u: the LSP is "
			 "looped back (loopback set at a MIP before this hop?)", s->req.ttl);
		oam_probe_finish(s, -ELOOP, s->why);
	} else if (end == OAM_TRACE_EGRESS) {
		k->reached = true;
		oam_probe_finish(s, 0, NULL);
	} else if (s->req.ttl >= k->p.max_ttl) {
		oam_probe_finish(s, 0, NULL);
	} else {
		s->req.ttl++;
		s->next_send_ns = now_ns;
	}
}

static const struct oam_probe_ops trace_ops = {
	.step = trace_step,
	.event = trace_event,
};

int
oam_mep_trace(struct oam_mep *m, const struct oam_trace_params *p, uint64_t now_ns,
	      oam_mep_event_fn fn, void *arg, struct oam_mep_session **out)
{
	struct oam_mep_session *s;
	int ret;

	if (m == NULL || p == NULL || fn == NULL || p->max_ttl == 0 || p->timeout_ms == 0 ||
	    oam_probe_check_encap(p->encap, false) < 0)
		return -EINVAL;
	ret = oam_probe_open(m, &trace_ops, p->lsp, p->timeout_ms, fn, arg, now_ns, &s);
	if (ret < 0)
		return ret;
	s->encap = p->encap;
	s->u.trace.p = *p;
	s->req.trace = true;
	s->req.counted = true;
	s->req.ttl = 1;
	return oam_probe_add(m, s, out);
}
