/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The source MEP prober (include/oam_mep.h): ping and traceroute sessions.
 *
 * A session sends one probe at a time.  A probe ends by a matching reply
 * (recorded by oam_mep_reply(), acted on in oam_mep_run()), by its timeout, or
 * at once when no mbuf was available.  A ping to a MIP whose side or hop count
 * is unknown starts with a path discovery: route-tracing requests (DDMAP
 * ingress 0 egress 0, RFC 6426 §4.2.1 / OAM.md §2) until the target node
 * answers with its DDMAP, which says whether the IF_Num is its in or out
 * interface on this LSP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oam_mep.h"

#define NS_PER_MS 1000000ull
#define MEP_MSG_MAX 512
#define LBM_MEL 7

enum sess_kind { SESS_PING = 1, SESS_TRACE };
enum sess_phase { PH_DISCOVER = 1, PH_PROBE, PH_DONE };

struct oam_mep_session {
	struct oam_mep *mep;
	enum sess_kind kind;
	enum sess_phase phase;
	struct oam_ping_params ping;
	struct oam_trace_params trace;
	oam_mep_event_fn fn;
	void *arg;
	bool cancelled;
	bool need_resolved;		/* OAM_EV_RESOLVED still to be reported */

	/* The direction that starts here and the node at its far end. */
	uint32_t lsp;
	const struct lsr_lsp_cfg *lcfg;
	uint16_t out_slot;
	uint32_t out_label;
	struct lsr_node_ident far;
	uint16_t our_tunnel, far_tunnel;

	uint32_t handle;
	uint32_t wire_seq;		/* LSP Ping sequence number of the last request */
	uint32_t tid;			/* transaction ID of the last LBM */
	bool cur_lbm;

	/* The current probe. */
	bool outstanding;
	uint8_t cur_ttl;
	uint64_t sent_ns, deadline_ns;
	bool got_reply;
	struct oam_probe_result reply;
	uint8_t n_egress;		/* egress IF_Nums of every DDMAP in the reply */
	uint32_t egress[OAM_ECHO_MAX_DDMAP];

	uint32_t seq;			/* probes finished (ping) */
	uint64_t next_send_ns;

	/* Resolution (ping). */
	uint8_t ttl;
	uint8_t side;
	bool discovered;
	uint32_t hops;

	/* Summary. */
	uint32_t sent, received, success;
	uint64_t rtt_min, rtt_max, rtt_sum;
	bool reached;
	int error;
	char why[160];
};

struct oam_mep {
	const struct lsr_config *cfg;
	uint32_t next_handle;
	uint32_t next_tid;
	struct oam_mep_session *s[OAM_MEP_MAX_SESSIONS];
};

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

struct oam_mep *
oam_mep_create(const struct lsr_config *cfg, uint32_t seed)
{
	struct oam_mep *m;

	if (cfg == NULL) {
		errno = EINVAL;
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (m == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	m->cfg = cfg;
	/* Handles and transaction IDs: distinct per run, never 0. */
	m->next_handle = (seed * 2654435761u) | 1;
	m->next_tid = (seed ^ 0x5bd1e995u) | 1;
	return m;
}

void
oam_mep_free(struct oam_mep *m)
{
	unsigned int i;

	if (m == NULL)
		return;
	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++)
		free(m->s[i]);
	free(m);
}

unsigned int
oam_mep_n_sessions(const struct oam_mep *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++)
		n += m->s[i] != NULL;
	return n;
}

static bool
ident_eq(const struct lsr_node_ident *a, const struct lsr_node_ident *b)
{
	return a->global_id == b->global_id && a->node_id == b->node_id;
}

/*
 * The probes leave on the direction of the LSP that starts here (no `in`), and
 * the replies come back on the other one, which must end here (OAM.md §4).
 */
static int
session_bind(struct oam_mep *m, struct oam_mep_session *s, uint32_t lsp)
{
	const struct lsr_lsp_cfg *l;
	int d;

	if (lsp >= m->cfg->n_lsps)
		return -ENOENT;
	l = &m->cfg->lsps[lsp];
	for (d = LSR_DIR_FORWARD; d < LSR_DIR_MAX; d++) {
		const struct lsr_direction_cfg *dc = &l->dir[d];
		const struct lsr_direction_cfg *rc = &l->dir[d ^ 1];

		if (!dc->present || dc->has_in || dc->n_out == 0)
			continue;
		if (!rc->present || rc->n_out != 0)
			continue;
		s->lsp = lsp;
		s->lcfg = l;
		/* XXX: a P2MP source probes its first leg only. */
		s->out_slot = dc->out[0].slot;
		s->out_label = dc->out[0].label;
		s->far = d == LSR_DIR_FORWARD ? l->dst : l->src;
		s->our_tunnel = d == LSR_DIR_FORWARD ? l->src_tunnel : l->dst_tunnel;
		s->far_tunnel = d == LSR_DIR_FORWARD ? l->dst_tunnel : l->src_tunnel;
		return 0;
	}
	return -ENOTSUP;
}

static int
session_add(struct oam_mep *m, struct oam_mep_session *s)
{
	unsigned int i;

	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++) {
		if (m->s[i] == NULL) {
			m->s[i] = s;
			return 0;
		}
	}
	return -EBUSY;
}

static struct oam_mep_session *
session_new(struct oam_mep *m, oam_mep_event_fn fn, void *arg, uint64_t now_ns)
{
	struct oam_mep_session *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->mep = m;
	s->fn = fn;
	s->arg = arg;
	s->handle = m->next_handle;
	m->next_handle += 0x9e3779b9u;
	if (m->next_handle == 0)
		m->next_handle = 1;
	s->next_send_ns = now_ns;
	s->rtt_min = UINT64_MAX;
	return s;
}

int
oam_mep_ping(struct oam_mep *m, const struct oam_ping_params *p, uint64_t now_ns,
	     oam_mep_event_fn fn, void *arg, struct oam_mep_session **out)
{
	struct oam_mep_session *s;
	int ret;

	if (m == NULL || p == NULL || fn == NULL || p->count == 0 ||
	    p->count > OAM_MEP_MAX_COUNT || p->timeout_ms == 0 ||
	    p->target > OAM_TARGET_MIP || p->side > OAM_SIDE_NODE)
		return -EINVAL;
	s = session_new(m, fn, arg, now_ns);
	if (s == NULL)
		return -ENOMEM;
	ret = session_bind(m, s, p->lsp);
	if (ret < 0)
		goto fail;
	s->kind = SESS_PING;
	s->ping = *p;
	if (p->target == OAM_TARGET_MEP) {
		s->ttl = p->ttl ? p->ttl : 255;
		s->phase = PH_PROBE;
		s->need_resolved = true;
	} else {
		s->side = p->side;
		if (p->mip_if == 0)
			s->side = OAM_SIDE_NODE;
		/* G.8113.1 names the MIP by IF_Num: the side does not matter. */
		if (p->ttl != 0 && (s->side != OAM_SIDE_AUTO || p->g8113)) {
			s->ttl = p->ttl;
			s->phase = PH_PROBE;
			s->need_resolved = true;
		} else {
			s->phase = PH_DISCOVER;
			s->discovered = true;
			s->cur_ttl = p->ttl ? p->ttl : 1;
		}
	}
	ret = session_add(m, s);
	if (ret < 0)
		goto fail;
	if (out != NULL)
		*out = s;
	return 0;
fail:
	free(s);
	return ret;
}

int
oam_mep_trace(struct oam_mep *m, const struct oam_trace_params *p, uint64_t now_ns,
	      oam_mep_event_fn fn, void *arg, struct oam_mep_session **out)
{
	struct oam_mep_session *s;
	int ret;

	if (m == NULL || p == NULL || fn == NULL || p->max_ttl == 0 || p->timeout_ms == 0)
		return -EINVAL;
	s = session_new(m, fn, arg, now_ns);
	if (s == NULL)
		return -ENOMEM;
	ret = session_bind(m, s, p->lsp);
	if (ret < 0)
		goto fail;
	s->kind = SESS_TRACE;
	s->trace = *p;
	s->phase = PH_PROBE;
	s->cur_ttl = 1;
	ret = session_add(m, s);
	if (ret < 0)
		goto fail;
	if (out != NULL)
		*out = s;
	return 0;
fail:
	free(s);
	return ret;
}

/*
 * Safe from inside the session's own callback: the session is only marked and
 * is freed by the next oam_mep_run().
 */
void
oam_mep_cancel(struct oam_mep *m, struct oam_mep_session *s)
{
	if (m == NULL || s == NULL)
		return;
	s->cancelled = true;
	s->outstanding = false;
}

static void
record_echo(struct oam_mep_session *s, const struct oam_rx_reply *r)
{
	const struct oam_echo *e = r->echo;
	struct oam_probe_result *res = &s->reply;
	unsigned int i;

	res->rc = e->rc;
	res->rsc = e->rsc;
	res->has_src = e->has_src_id;
	res->src = e->src_id;
	res->has_ddmap = e->n_ddmap > 0;
	if (e->n_ddmap > 0) {
		res->ingress = e->ddmap[0].ingress;
		res->egress = e->ddmap[0].egress;
		res->has_label = e->ddmap[0].has_label;
		res->label = e->ddmap[0].label;
	}
	s->n_egress = 0;
	for (i = 0; i < e->n_ddmap && i < OAM_ECHO_MAX_DDMAP; i++)
		s->egress[s->n_egress++] = e->ddmap[i].egress;
}

void
oam_mep_reply(void *arg, const struct oam_rx_reply *r)
{
	struct oam_mep *m = arg;
	unsigned int i;

	if (m == NULL || r == NULL)
		return;
	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++) {
		struct oam_mep_session *s = m->s[i];

		if (s == NULL || s->cancelled || !s->outstanding || s->got_reply ||
		    s->lsp != r->lsp)
			continue;
		if (r->channel == GACH_CH_LSP_PING && r->echo != NULL && !s->cur_lbm) {
			if (r->echo->msg_type != OAM_ECHO_REPLY || r->echo->handle != s->handle ||
			    r->echo->seq != s->wire_seq)
				continue;
			record_echo(s, r);
		} else if (r->channel == GACH_CH_G8113 && r->lb != NULL && s->cur_lbm) {
			if (r->lb->opcode != OAM_G8113_OP_LBR || r->lb->transaction_id != s->tid)
				continue;
			s->reply.lbr = true;
			s->reply.has_replying = r->lb->has_replying;
			s->reply.replying = r->lb->replying;
		} else {
			continue;
		}
		s->got_reply = true;
		s->reply.status = OAM_PROBE_REPLY;
		s->reply.rtt_ns = r->now_ns > s->sent_ns ? r->now_ns - s->sent_ns : 0;
		return;
	}
}

/* ---- sending ---------------------------------------------------------- */

static void
fill_fec(const struct oam_mep_session *s, struct oam_fec_static_lsp *fec)
{
	/* RFC 6426 §2.3: the LSP as configured, whichever end probes. */
	fec->src = s->lcfg->src;
	fec->dst = s->lcfg->dst;
	fec->src_tunnel = s->lcfg->src_tunnel;
	fec->dst_tunnel = s->lcfg->dst_tunnel;
	fec->lsp_num = s->lcfg->lsp_num;
}

/* An ICC-based MEG ID (Y.1731 Annex A format 32): ICC then UMC, 13 characters. */
static void
fill_meg_id(const struct oam_mep_session *s, uint8_t meg[OAM_G8113_MEG_ID_LEN])
{
	const struct lsr_config *cfg = s->mep->cfg;
	size_t n = 0, i;

	memset(meg, 0, OAM_G8113_MEG_ID_LEN);
	meg[0] = 1;
	meg[1] = 32;
	meg[2] = 13;
	if (cfg->has_icc)
		for (i = 0; cfg->icc[i] != '\0' && n < 6; i++)
			meg[3 + n++] = (uint8_t)cfg->icc[i];
	for (i = 0; s->lcfg->name[i] != '\0' && n < 13; i++)
		meg[3 + n++] = (uint8_t)s->lcfg->name[i];
}

static int
send_probe(struct oam_mep_session *s, const struct lsr_fib *fib, struct lsr_lcore *lc,
	   uint64_t now_ns, uint8_t ttl, bool trace)
{
	const struct lsr_config *cfg = s->mep->cfg;
	uint8_t msg[MEP_MSG_MAX];
	ssize_t len;
	uint16_t channel;
	int ret;

	if (!trace && s->ping.g8113) {
		struct oam_lbm_params lp;

		memset(&lp, 0, sizeof(lp));
		lp.mel = LBM_MEL;
		lp.transaction_id = s->mep->next_tid++;
		if (s->ping.target == OAM_TARGET_MIP) {
			lp.target.subtype = OAM_G8113_SUB_MIP_ID;
			if (cfg->has_icc) {
				memcpy(lp.target.icc, cfg->icc, sizeof(lp.target.icc));
				memcpy(lp.target.cc, cfg->cc, sizeof(lp.target.cc));
			}
			lp.target.node_id = s->ping.mip_node.node_id;
			lp.target.if_num = s->ping.mip_if;
		} else {
			lp.target.subtype = OAM_G8113_SUB_MEP_ID;
			lp.target.mep_id = s->far_tunnel;
		}
		lp.has_requesting = true;
		lp.mep_id = s->our_tunnel;
		fill_meg_id(s, lp.meg_id);
		len = oam_lbm_build(msg, sizeof(msg), &lp);
		channel = GACH_CH_G8113;
		s->tid = lp.transaction_id;
		s->cur_lbm = true;
	} else {
		struct oam_echo_request_params rp;

		memset(&rp, 0, sizeof(rp));
		rp.handle = s->handle;
		rp.seq = ++s->wire_seq;
		oam_ntp_from_ns(now_ns, &rp.sent_sec, &rp.sent_frac);
		fill_fec(s, &rp.fec);
		rp.src_id = cfg->node;
		if (trace) {
			/* Route tracing: ask whoever the TTL expires at (OAM.md §2, both 0). */
			rp.has_ddmap = true;
		} else if (s->ping.target == OAM_TARGET_MEP) {
			rp.has_dst_id = true;
			rp.dst_id = s->far;
		} else {
			rp.has_dst_id = true;
			rp.dst_id = s->ping.mip_node;
			if (s->side == OAM_SIDE_IN) {
				rp.has_ddmap = true;
				rp.ddmap_ingress = s->ping.mip_if;
			} else if (s->side == OAM_SIDE_OUT) {
				rp.has_ddmap = true;
				rp.ddmap_egress = s->ping.mip_if;
			}
		}
		len = oam_echo_build_request(msg, sizeof(msg), &rp);
		channel = GACH_CH_LSP_PING;
		s->cur_lbm = false;
	}
	if (len < 0)
		return (int)len;
	ret = oam_send_gach(fib, lc, s->out_slot, s->out_label, ttl, 0, true, channel,
			    msg, (size_t)len);
	if (ret < 0)
		return ret;
	lc->c.oam[channel == GACH_CH_G8113 ? OAM_CNT_LBM_TX : OAM_CNT_ECHO_REQUEST_TX]++;
	return 0;
}

/* ---- the state machine -------------------------------------------------- */

static void
emit(struct oam_mep_session *s, struct oam_mep_event *ev)
{
	ev->ttl = s->ttl;
	ev->side = s->side;
	ev->discovered = s->discovered;
	ev->discovery_hops = s->hops;
	if (!s->cancelled)
		s->fn(s->arg, ev);
}

static void
finish(struct oam_mep_session *s, int error, const char *why)
{
	struct oam_mep_event ev;

	memset(&ev, 0, sizeof(ev));
	s->phase = PH_DONE;
	s->error = error;
	if (why != NULL && why != s->why)
		snprintf(s->why, sizeof(s->why), "%s", why);
	ev.type = OAM_EV_DONE;
	ev.error = error;
	ev.why = error ? s->why : NULL;
	ev.sent = s->sent;
	ev.received = s->received;
	ev.success = s->success;
	ev.rtt_min_ns = s->success ? s->rtt_min : 0;
	ev.rtt_max_ns = s->rtt_max;
	ev.rtt_sum_ns = s->rtt_sum;
	ev.reached = s->reached;
	emit(s, &ev);
}

static bool
good_reply(const struct oam_probe_result *r)
{
	if (r->status != OAM_PROBE_REPLY)
		return false;
	if (r->lbr)
		return true;
	return r->rc == OAM_RC_EGRESS || r->rc == OAM_RC_LABEL_SWITCHED ||
	       r->rc == OAM_RC_SEE_DDMAP;
}

static void
fmt_ident(char *buf, size_t len, const struct lsr_node_ident *id)
{
	uint32_t n = id->node_id;

	snprintf(buf, len, "%u:%u.%u.%u.%u", id->global_id, n >> 24, (n >> 16) & 0xff,
		 (n >> 8) & 0xff, n & 0xff);
}

/* A discovery probe ended (reply in s->reply, or timeout/unsent). */
static void
discovery_step(struct oam_mep_session *s, uint64_t now_ns)
{
	const struct oam_probe_result *r = &s->reply;
	char node[48];
	unsigned int i;

	fmt_ident(node, sizeof(node), &s->ping.mip_node);
	if (r->status == OAM_PROBE_REPLY && r->has_src && ident_eq(&r->src, &s->ping.mip_node)) {
		s->hops = s->cur_ttl;
		if (s->side == OAM_SIDE_AUTO && !s->ping.g8113) {
			if (!r->has_ddmap) {
				snprintf(s->why, sizeof(s->why),
					 "node %s answered without a DDMAP: give `in` or `out`", node);
				finish(s, -EPROTO, s->why);
				return;
			}
			if (r->ingress == s->ping.mip_if) {
				s->side = OAM_SIDE_IN;
			} else {
				for (i = 0; i < s->n_egress; i++)
					if (s->egress[i] == s->ping.mip_if)
						s->side = OAM_SIDE_OUT;
			}
			if (s->side == OAM_SIDE_AUTO) {
				snprintf(s->why, sizeof(s->why),
					 "IF_Num %u is not on LSP %s at node %s (in %u, out %u)",
					 s->ping.mip_if, s->lcfg->name, node, r->ingress, r->egress);
				finish(s, -ENOENT, s->why);
				return;
			}
		}
		s->ttl = s->ping.ttl ? s->ping.ttl : (uint8_t)s->hops;
		s->phase = PH_PROBE;
		s->next_send_ns = now_ns;
		{
			struct oam_mep_event ev = { .type = OAM_EV_RESOLVED };

			emit(s, &ev);
		}
		return;
	}
	if (r->status == OAM_PROBE_REPLY &&
	    (r->rc == OAM_RC_EGRESS || (r->has_src && ident_eq(&r->src, &s->far)))) {
		snprintf(s->why, sizeof(s->why), "node %s is not on LSP %s (egress reached at TTL %u)",
			 node, s->lcfg->name, s->cur_ttl);
		finish(s, -ENOENT, s->why);
		return;
	}
	if (s->ping.ttl != 0) {
		snprintf(s->why, sizeof(s->why), "node %s did not answer at TTL %u%s", node,
			 s->cur_ttl, r->status == OAM_PROBE_REPLY ? " (another node did)" : "");
		finish(s, -EHOSTUNREACH, s->why);
		return;
	}
	if (s->cur_ttl >= OAM_MEP_DISCOVERY_MAX_TTL) {
		snprintf(s->why, sizeof(s->why), "node %s not found on LSP %s within %u hops",
			 node, s->lcfg->name, OAM_MEP_DISCOVERY_MAX_TTL);
		finish(s, -EHOSTUNREACH, s->why);
		return;
	}
	s->cur_ttl++;
	s->next_send_ns = now_ns;
}

/* A ping or traceroute probe ended. */
static void
probe_step(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_probe_result *r = &s->reply;
	struct oam_mep_event ev = { .type = OAM_EV_PROBE, .result = r };

	r->seq = s->kind == SESS_TRACE ? s->cur_ttl : s->seq + 1;
	r->ttl = s->cur_ttl;
	r->success = good_reply(r);
	if (r->status == OAM_PROBE_REPLY)
		s->received++;
	if (r->success) {
		s->success++;
		s->rtt_sum += r->rtt_ns;
		if (r->rtt_ns < s->rtt_min)
			s->rtt_min = r->rtt_ns;
		if (r->rtt_ns > s->rtt_max)
			s->rtt_max = r->rtt_ns;
	}
	emit(s, &ev);
	if (s->kind == SESS_TRACE) {
		if (r->status == OAM_PROBE_REPLY && r->has_src &&
		    ident_eq(&r->src, &s->mep->cfg->node)) {
			/* Our own sink MEP answered: the LSP is looped back toward us (RFC 6435). */
			snprintf(s->why, sizeof(s->why), "our own node answered at TTL %u: the LSP is "
				 "looped back (loopback set at a MIP before this hop?)", s->cur_ttl);
			finish(s, -ELOOP, s->why);
		} else if (r->status == OAM_PROBE_REPLY &&
		    (r->rc == OAM_RC_EGRESS || (!r->has_ddmap && r->has_src &&
						 ident_eq(&r->src, &s->far)))) {
			s->reached = true;
			finish(s, 0, NULL);
		} else if (s->cur_ttl >= s->trace.max_ttl) {
			finish(s, 0, NULL);
		} else {
			s->cur_ttl++;
			s->next_send_ns = now_ns;
		}
		return;
	}
	s->seq++;
	if (s->seq >= s->ping.count) {
		finish(s, 0, NULL);
		return;
	}
	s->next_send_ns = s->sent_ns + (uint64_t)s->ping.interval_ms * NS_PER_MS;
	if (s->next_send_ns < now_ns)
		s->next_send_ns = now_ns;
}

static void
probe_ended(struct oam_mep_session *s, uint64_t now_ns)
{
	s->outstanding = false;
	s->got_reply = false;
	if (s->phase == PH_DISCOVER)
		discovery_step(s, now_ns);
	else
		probe_step(s, now_ns);
}

static uint64_t
session_run(struct oam_mep_session *s, const struct lsr_fib *fib, struct lsr_lcore *lc,
	    uint64_t now_ns)
{
	uint32_t timeout_ms = s->kind == SESS_TRACE ? s->trace.timeout_ms : s->ping.timeout_ms;

	if (s->need_resolved) {
		struct oam_mep_event ev = { .type = OAM_EV_RESOLVED };

		s->need_resolved = false;
		emit(s, &ev);
	}
	while (s->phase != PH_DONE && !s->cancelled) {
		if (s->outstanding) {
			if (s->got_reply) {
				probe_ended(s, now_ns);
				continue;
			}
			if (now_ns >= s->deadline_ns) {
				memset(&s->reply, 0, sizeof(s->reply));
				s->reply.status = OAM_PROBE_TIMEOUT;
				probe_ended(s, now_ns);
				continue;
			}
			return s->deadline_ns;
		}
		if (now_ns < s->next_send_ns)
			return s->next_send_ns;
		/* Send the next probe. */
		{
			bool trace = s->kind == SESS_TRACE || s->phase == PH_DISCOVER;
			uint8_t ttl = trace ? s->cur_ttl : s->ttl;

			if (!trace)
				s->cur_ttl = s->ttl;
			memset(&s->reply, 0, sizeof(s->reply));
			s->got_reply = false;
			s->sent_ns = now_ns;
			s->deadline_ns = now_ns + (uint64_t)timeout_ms * NS_PER_MS;
			if (send_probe(s, fib, lc, now_ns, ttl, trace) < 0) {
				s->reply.status = OAM_PROBE_UNSENT;
				probe_ended(s, now_ns);
				continue;
			}
			if (s->phase != PH_DISCOVER)
				s->sent++;
			s->outstanding = true;
		}
	}
	return UINT64_MAX;
}

uint64_t
oam_mep_run(struct oam_mep *m, const struct lsr_fib *fib, struct lsr_lcore *lc, uint64_t now_ns)
{
	uint64_t wake = UINT64_MAX, w;
	unsigned int i;

	if (m == NULL)
		return UINT64_MAX;
	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++) {
		struct oam_mep_session *s = m->s[i];

		if (s == NULL)
			continue;
		w = session_run(s, fib, lc, now_ns);
		if (s->phase == PH_DONE || s->cancelled) {
			m->s[i] = NULL;
			free(s);
			continue;
		}
		if (w < wake)
			wake = w;
	}
	return wake;
}
