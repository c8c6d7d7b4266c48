/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The source MEP prober (include/oam_mep.h): ping and traceroute sessions.
 *
 * A session sends one probe at a time.  A probe ends by a matching reply
 * (recorded by oam_mep_reply(), acted on in oam_mep_run()), by its timeout, or
 * at once when no mbuf was available.  A ping to a MIP whose side or hop count
 * is unknown starts with a path discovery: route-tracing requests (DDMAP
 * ingress 0 egress 0, RFC 6426 §4.2.1 / docs/OAM-RULES.md §2) until the target node
 * answers with its DDMAP, which says whether the IF_Num is its in or out
 * interface on this LSP.
 *
 * A locate session (fault localisation) is a route trace followed by pings:
 * the trace runs as a discovery phase (same requests as traceroute), then each
 * point of the path (in-MIP, out-MIP, ..., MEP) gets `count` probes built and
 * matched exactly as a ping's, with the side and TTL the trace found; at the
 * end oam_locate_analyse() names the first segment that fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oam_mep.h"

#define NS_PER_MS 1000000ull
#define MEP_MSG_MAX 512
#define LBM_MEL 7

enum sess_kind { SESS_PING = 1, SESS_TRACE, SESS_LOCATE };
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

	/* Locate: the trace is the PH_DISCOVER phase, the points PH_PROBE. */
	struct oam_locate_params loc_p;
	struct oam_locate *loc;
	int cur_point;
	uint8_t silent;			/* unanswered trace TTLs in a row */
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

static void
session_free(struct oam_mep_session *s)
{
	if (s == NULL)
		return;
	free(s->loc);
	free(s);
}

void
oam_mep_free(struct oam_mep *m)
{
	unsigned int i;

	if (m == NULL)
		return;
	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++)
		session_free(m->s[i]);
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
 * the replies come back on the other one, which must end here (docs/OAM-RULES.md §4).
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

/*
 * A new session bound to the LSP's source direction, not yet running.
 * @return 0 and *out; -ENOMEM; the errors of session_bind().
 */
static int
session_open(struct oam_mep *m, uint32_t lsp, oam_mep_event_fn fn, void *arg, uint64_t now_ns,
	     struct oam_mep_session **out)
{
	struct oam_mep_session *s = calloc(1, sizeof(*s));
	int ret;

	if (s == NULL)
		return -ENOMEM;
	s->mep = m;
	s->fn = fn;
	s->arg = arg;
	s->handle = m->next_handle;
	m->next_handle += 0x9e3779b9u;
	if (m->next_handle == 0)
		m->next_handle = 1;
	s->next_send_ns = now_ns;
	s->rtt_min = UINT64_MAX;
	ret = session_bind(m, s, lsp);
	if (ret < 0) {
		session_free(s);
		return ret;
	}
	*out = s;
	return 0;
}

/* Start a session set up by session_open(); on failure it is freed. */
static int
session_start(struct oam_mep *m, struct oam_mep_session *s, struct oam_mep_session **out)
{
	int ret = session_add(m, s);

	if (ret < 0) {
		session_free(s);
		return ret;
	}
	if (out != NULL)
		*out = s;
	return 0;
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
	ret = session_open(m, p->lsp, fn, arg, now_ns, &s);
	if (ret < 0)
		return ret;
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
	return session_start(m, s, out);
}

int
oam_mep_trace(struct oam_mep *m, const struct oam_trace_params *p, uint64_t now_ns,
	      oam_mep_event_fn fn, void *arg, struct oam_mep_session **out)
{
	struct oam_mep_session *s;
	int ret;

	if (m == NULL || p == NULL || fn == NULL || p->max_ttl == 0 || p->timeout_ms == 0)
		return -EINVAL;
	ret = session_open(m, p->lsp, fn, arg, now_ns, &s);
	if (ret < 0)
		return ret;
	s->kind = SESS_TRACE;
	s->trace = *p;
	s->phase = PH_PROBE;
	s->cur_ttl = 1;
	return session_start(m, s, out);
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
			/* Route tracing: ask whoever the TTL expires at (docs/OAM-RULES.md §2, both 0). */
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
	ev->locate = s->loc;
	ev->point = s->loc != NULL && (ev->type == OAM_EV_PROBE || ev->type == OAM_EV_POINT_BEGIN ||
				       ev->type == OAM_EV_POINT_END) ? s->cur_point : -1;
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
	if (s->loc != NULL)
		s->reached = s->loc->trace_end == OAM_TRACE_EGRESS;
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

static void locate_step(struct oam_mep_session *s, uint64_t now_ns);

static void
probe_ended(struct oam_mep_session *s, uint64_t now_ns)
{
	s->outstanding = false;
	s->got_reply = false;
	if (s->kind == SESS_LOCATE)
		locate_step(s, now_ns);
	else if (s->phase == PH_DISCOVER)
		discovery_step(s, now_ns);
	else
		probe_step(s, now_ns);
}

static uint64_t
session_run(struct oam_mep_session *s, const struct lsr_fib *fib, struct lsr_lcore *lc,
	    uint64_t now_ns)
{
	/* A locate keeps its timeout in ping.timeout_ms (its points are pings). */
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
			session_free(s);
			continue;
		}
		if (w < wake)
			wake = w;
	}
	return wake;
}

/* ---- locate: fault localisation ----------------------------------------- */

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

int
oam_mep_locate(struct oam_mep *m, const struct oam_locate_params *p, uint64_t now_ns,
	       oam_mep_event_fn fn, void *arg, struct oam_mep_session **out)
{
	struct oam_mep_session *s;
	int ret;

	if (m == NULL || p == NULL || fn == NULL || p->count == 0 ||
	    p->count > OAM_MEP_MAX_COUNT || p->timeout_ms == 0 || p->max_ttl > OAM_LOCATE_MAX_HOPS)
		return -EINVAL;
	ret = session_open(m, p->lsp, fn, arg, now_ns, &s);
	if (ret < 0)
		return ret;
	s->loc = calloc(1, sizeof(*s->loc));
	if (s->loc == NULL) {
		session_free(s);
		return -ENOMEM;
	}
	s->kind = SESS_LOCATE;
	s->loc_p = *p;
	if (s->loc_p.max_ttl == 0)
		s->loc_p.max_ttl = OAM_LOCATE_MAX_HOPS;
	/* The points are probed as pings are: same parameters, no interval. */
	s->ping.lsp = p->lsp;
	s->ping.count = p->count;
	s->ping.timeout_ms = p->timeout_ms;
	s->phase = PH_DISCOVER;
	s->cur_ttl = 1;
	s->cur_point = -1;
	return session_start(m, s, out);
}

static struct oam_locate_point *
add_point(struct oam_locate *l, uint8_t kind, uint8_t ttl, const struct lsr_node_ident *node,
	  uint32_t if_num)
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

/*
 * The points, in path order, from what route tracing found: the source, then
 * per hop its in-MIP and out-MIP (a silent hop: one unknown point), up to the
 * last hop that answered (beyond it the path is unknown), then the MEP.
 */
static void
locate_build_points(struct oam_mep_session *s)
{
	const struct lsr_config *cfg = s->mep->cfg;
	struct oam_locate *l = s->loc;
	struct oam_locate_point *pt;
	unsigned int h, known = 0;
	uint8_t mep_ttl = 255;

	pt = add_point(l, OAM_PT_SOURCE, 0, &cfg->node,
		       s->out_slot < cfg->n_interfaces ? cfg->interfaces[s->out_slot].if_num : 0);
	pt->status = OAM_PT_OK;
	pt->label = s->out_label;
	for (h = 0; h < l->n_hops; h++)
		if (l->hops[h].status == OAM_PROBE_REPLY)
			known = h + 1;
	for (h = 0; h < known; h++) {
		const struct oam_probe_result *r = &l->hops[h];
		uint8_t ttl = (uint8_t)(h + 1);

		if (r->status != OAM_PROBE_REPLY || !r->has_src) {
			/* Nothing to address a probe to: an unknown hop. */
			pt = add_point(l, OAM_PT_HOP, ttl, NULL, 0);
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
		add_point(l, OAM_PT_IN_MIP, ttl, &r->src, r->has_ddmap ? r->ingress : 0);
		if (r->has_ddmap && r->egress != 0) {
			pt = add_point(l, OAM_PT_OUT_MIP, ttl, &r->src, r->egress);
			if (pt != NULL && r->has_label)
				pt->label = r->label;
		}
	}
	add_point(l, OAM_PT_MEP, mep_ttl, &s->far, 0);
	if (l->n_points < OAM_LOCATE_MAX_POINTS)
		return;
	/* Cannot happen (16 hops, 2 points each, + 2); keep the MEP last anyway. */
	pt = &l->pt[OAM_LOCATE_MAX_POINTS - 1];
	if (pt->kind != OAM_PT_MEP) {
		memset(pt, 0, sizeof(*pt));
		pt->kind = OAM_PT_MEP;
		pt->ttl = mep_ttl;
		pt->has_node = true;
		pt->node = s->far;
	}
}

/* A probe's answer is good when the expected node says the expected thing. */
static bool
locate_good(const struct oam_locate_point *pt, const struct oam_probe_result *r)
{
	if (r->status != OAM_PROBE_REPLY || r->lbr)
		return false;
	if (r->has_src && pt->has_node && !ident_eq(&r->src, &pt->node))
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

/* Probe the next point that can be probed, or judge the whole. */
static void
locate_next_point(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_locate *l = s->loc;
	struct oam_locate_point *pt;
	struct oam_mep_event ev = { .type = OAM_EV_POINT_BEGIN };
	int i;

	for (i = s->cur_point + 1; i < l->n_points; i++) {
		uint8_t k = l->pt[i].kind;

		if (k == OAM_PT_IN_MIP || k == OAM_PT_OUT_MIP || k == OAM_PT_MEP)
			break;
	}
	if (i >= l->n_points) {
		oam_locate_analyse(l);
		finish(s, 0, NULL);
		return;
	}
	pt = &l->pt[i];
	s->cur_point = i;
	s->ping.target = pt->kind == OAM_PT_MEP ? OAM_TARGET_MEP : OAM_TARGET_MIP;
	s->ping.mip_node = pt->node;
	s->ping.mip_if = pt->if_num;
	s->ping.ttl = pt->ttl;
	s->ping.side = pt->kind == OAM_PT_OUT_MIP ? OAM_SIDE_OUT :
		       pt->kind == OAM_PT_MEP ? OAM_SIDE_AUTO :
		       pt->if_num != 0 ? OAM_SIDE_IN : OAM_SIDE_NODE;
	s->side = s->ping.side;
	s->ttl = pt->ttl;
	s->seq = 0;
	s->phase = PH_PROBE;
	s->next_send_ns = now_ns;
	emit(s, &ev);
}

/* A route-tracing probe of a locate ended (reply in s->reply, or timeout/unsent). */
static void
locate_trace_step(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_locate *l = s->loc;
	struct oam_probe_result *r = &l->hops[l->n_hops++];
	struct oam_mep_event ev = { .type = OAM_EV_HOP, .result = r };
	uint8_t end = 0;

	*r = s->reply;
	r->seq = s->cur_ttl;
	r->ttl = s->cur_ttl;
	r->success = good_reply(r);
	if (r->status == OAM_PROBE_REPLY && r->has_src && ident_eq(&r->src, &s->mep->cfg->node))
		end = OAM_TRACE_LOOP;	/* our own sink MEP answered: RFC 6435 loopback */
	else if (r->status == OAM_PROBE_REPLY &&
		 (r->rc == OAM_RC_EGRESS ||
		  (!r->has_ddmap && r->has_src && ident_eq(&r->src, &s->far))))
		end = OAM_TRACE_EGRESS;
	s->silent = r->status == OAM_PROBE_REPLY ? 0 : s->silent + 1;
	if (end == 0 && s->silent >= OAM_LOCATE_SILENT_HOPS)
		end = OAM_TRACE_SILENT;
	if (end == 0 && (s->cur_ttl >= s->loc_p.max_ttl || l->n_hops >= OAM_LOCATE_MAX_HOPS))
		end = OAM_TRACE_MAX_TTL;
	l->trace_end = end;
	emit(s, &ev);
	if (end == 0) {
		s->cur_ttl++;
		s->next_send_ns = now_ns;
		return;
	}
	locate_build_points(s);
	locate_next_point(s, now_ns);
}

/* A probe to the current point ended. */
static void
locate_probe_step(struct oam_mep_session *s, uint64_t now_ns)
{
	struct oam_locate_point *pt = &s->loc->pt[s->cur_point];
	struct oam_probe_result *r = &s->reply;
	struct oam_mep_event ev = { .type = OAM_EV_PROBE, .result = r };

	r->seq = s->seq + 1;
	r->ttl = s->cur_ttl;
	r->success = locate_good(pt, r);
	if (r->status != OAM_PROBE_UNSENT)
		pt->sent++;
	if (r->status == OAM_PROBE_REPLY) {
		pt->received++;
		s->received++;
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
		s->success++;
		s->rtt_sum += r->rtt_ns;
		if (r->rtt_ns < s->rtt_min)
			s->rtt_min = r->rtt_ns;
		if (r->rtt_ns > s->rtt_max)
			s->rtt_max = r->rtt_ns;
	}
	emit(s, &ev);
	if (++s->seq < s->ping.count) {
		s->next_send_ns = now_ns;
		return;
	}
	pt->status = pt->success > 0 ? OAM_PT_OK : pt->received > 0 ? OAM_PT_WRONG :
		     pt->sent > 0 ? OAM_PT_NO_ANSWER : OAM_PT_UNSENT;
	ev.type = OAM_EV_POINT_END;
	ev.result = NULL;
	emit(s, &ev);
	locate_next_point(s, now_ns);
}

static void
locate_step(struct oam_mep_session *s, uint64_t now_ns)
{
	if (s->phase == PH_DISCOVER)
		locate_trace_step(s, now_ns);
	else
		locate_probe_step(s, now_ns);
}

static void
add_note(struct oam_locate *l, uint8_t kind, unsigned int point)
{
	if (l->n_notes < sizeof(l->notes) / sizeof(l->notes[0]))
		l->notes[l->n_notes++] = (struct oam_locate_note){ kind, (uint8_t)point };
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
void
oam_locate_analyse(struct oam_locate *l)
{
	struct oam_locate_verdict *v = &l->v;
	const struct oam_locate_point *b;
	bool silent_out = false;
	int i, last_ok = 0;

	memset(v, 0, sizeof(*v));
	l->n_notes = 0;
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
			add_note(l, OAM_NOTE_WRONG_ANSWER, i);
			break;
		case OAM_PT_UNSENT:
			add_note(l, OAM_NOTE_UNSENT, i);
			break;
		default:
			if (p->kind == OAM_PT_OUT_MIP) {
				add_note(l, OAM_NOTE_NO_OUT_MIP, i);
				silent_out = true;
			} else if (p->kind == OAM_PT_HOP) {
				add_note(l, OAM_NOTE_SILENT_HOP, i);
			} else {
				add_note(l, OAM_NOTE_SILENT_IN_MIP, i);
			}
			break;
		}
	}
	for (i = 1; i <= last_ok; i++)
		if (l->pt[i].status == OAM_PT_OK && l->pt[i].success < l->pt[i].sent)
			add_note(l, OAM_NOTE_LOSS, i);
	v->after = (int8_t)last_ok;
	if (last_ok == l->n_points - 1) {
		v->where = OAM_LOC_HEALTHY;
		if (l->trace_end != OAM_TRACE_EGRESS)
			add_note(l, OAM_NOTE_TRACE_SHORT, last_ok);
		l->done = true;
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
	l->done = true;
}

/* ---- provisional: replaced by the prober split ----------------------------- */

/*
 * After a change of the running configuration (docs/PROVISIONING.md): a
 * session whose LSP was deleted, or whose probing direction changed, ends
 * with an error; the others continue, bound again to the LSP's slot (cfg->lsps
 * may have moved).
 */
void
oam_mep_set_config(struct oam_mep *m, const struct lsr_config *cfg, uint64_t now_ns)
{
	unsigned int i;

	RTE_SET_USED(now_ns);
	m->cfg = cfg;
	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++) {
		struct oam_mep_session *s = m->s[i], t;

		if (s == NULL || s->phase == PH_DONE)
			continue;
		t = *s;
		if (s->lsp >= cfg->n_lsps || !lsr_lsp_live(&cfg->lsps[s->lsp]))
			finish(s, -ENOENT, "the LSP was deleted");
		else if (session_bind(m, &t, s->lsp) < 0 || t.out_slot != s->out_slot ||
			 t.out_label != s->out_label || !ident_eq(&t.far, &s->far) ||
			 t.our_tunnel != s->our_tunnel || t.far_tunnel != s->far_tunnel)
			finish(s, -ESTALE, "the LSP was changed");
		else
			s->lcfg = t.lcfg;
	}
}
