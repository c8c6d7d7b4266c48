/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The source prober's session core (include/oam_mep.h, oam/probe_priv.h): the
 * session table, handles, sending a probe, matching replies, timeouts, the
 * summary and the events.  What a session probes next and what its answers
 * mean belongs to its kind: probe_ping.c, probe_trace.c, probe_locate.c.
 *
 * A session sends one probe at a time.  A probe ends by a matching reply
 * (recorded by oam_mep_reply(), acted on in oam_mep_run()), by its timeout, or
 * at once when no mbuf was available; then the kind's step decides what comes
 * next.  Everything is reported from inside oam_mep_run() (docs/CONVENTIONS.md
 * rule 9).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe_priv.h"

#define MEP_MSG_MAX 512
/* The IP form's UDP source port: 49152 + 14 bits of the handle (the dynamic
 * range, RFC 6335 §6). */
#define IP_SPORT_BASE 49152
#define IP_SPORT_MASK 0x3fff
#define LBM_MEL 7

struct oam_mep {
	const struct lsr_config *cfg;
	uint32_t next_handle;
	uint32_t next_tid;
	struct oam_mep_session *s[OAM_MEP_MAX_SESSIONS];
};

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

bool
oam_probe_ident_eq(const struct lsr_node_ident *a, const struct lsr_node_ident *b)
{
	return a->global_id == b->global_id && a->node_id == b->node_id;
}

/* An ICC-based MEG ID (Y.1731 Annex A format 32): ICC then UMC, 13 characters. */
static void
fill_meg_id(struct oam_probe_lsp *b)
{
	size_t n = 0, i;

	memset(b->meg_id, 0, sizeof(b->meg_id));
	b->meg_id[0] = 1;
	b->meg_id[1] = 32;
	b->meg_id[2] = 13;
	if (b->has_icc)
		for (i = 0; b->icc[i] != '\0' && n < 6; i++)
			b->meg_id[3 + n++] = (uint8_t)b->icc[i];
	for (i = 0; b->name[i] != '\0' && n < 13; i++)
		b->meg_id[3 + n++] = (uint8_t)b->name[i];
}

/*
 * The probes leave on the direction of the LSP that starts here (no `in`), and
 * the replies come back on the other one, which must end here (docs/OAM-RULES.md
 * §4).  Everything the session needs is copied: it keeps no pointer into cfg.
 */
static int
lsp_bind(const struct lsr_config *cfg, uint32_t lsp, struct oam_probe_lsp *b)
{
	const struct lsr_lsp_cfg *l;
	int d;

	if (lsp >= cfg->n_lsps)
		return -ENOENT;
	l = &cfg->lsps[lsp];
	for (d = LSR_DIR_FORWARD; d < LSR_DIR_MAX; d++) {
		const struct lsr_direction_cfg *dc = &l->dir[d];
		const struct lsr_direction_cfg *rc = &l->dir[d ^ 1];

		if (!dc->present || dc->has_in || dc->n_out == 0)
			continue;
		if (!rc->present || rc->n_out != 0)
			continue;
		memset(b, 0, sizeof(*b));
		b->idx = lsp;
		snprintf(b->name, sizeof(b->name), "%s", l->name);
		b->src = l->src;
		b->dst = l->dst;
		b->src_tunnel = l->src_tunnel;
		b->dst_tunnel = l->dst_tunnel;
		b->lsp_num = l->lsp_num;
		memcpy(b->dir, l->dir, sizeof(b->dir));
		/* XXX: a P2MP source probes its first leg only. */
		b->out_slot = dc->out[0].slot;
		b->out_label = dc->out[0].label;
		b->out_if_num = b->out_slot < cfg->n_interfaces ?
				cfg->interfaces[b->out_slot].if_num : 0;
		b->far = d == LSR_DIR_FORWARD ? l->dst : l->src;
		b->our_tunnel = d == LSR_DIR_FORWARD ? l->src_tunnel : l->dst_tunnel;
		b->far_tunnel = d == LSR_DIR_FORWARD ? l->dst_tunnel : l->src_tunnel;
		b->node = cfg->node;
		b->has_icc = cfg->has_icc;
		memcpy(b->icc, cfg->icc, sizeof(b->icc));
		memcpy(b->cc, cfg->cc, sizeof(b->cc));
		fill_meg_id(b);
		return 0;
	}
	return -ENOTSUP;
}

int
oam_probe_open(struct oam_mep *m, const struct oam_probe_ops *ops, uint32_t lsp,
	       uint32_t timeout_ms, oam_mep_event_fn fn, void *arg, uint64_t now_ns,
	       struct oam_mep_session **out)
{
	struct oam_mep_session *s = calloc(1, sizeof(*s));
	int ret;

	if (s == NULL)
		return -ENOMEM;
	s->mep = m;
	s->ops = ops;
	s->fn = fn;
	s->arg = arg;
	s->timeout_ms = timeout_ms;
	s->handle = m->next_handle;
	m->next_handle += 0x9e3779b9u;
	if (m->next_handle == 0)
		m->next_handle = 1;
	s->next_send_ns = now_ns;
	s->rtt_min = UINT64_MAX;
	ret = lsp_bind(m->cfg, lsp, &s->lsp);
	if (ret < 0) {
		free(s);
		return ret;
	}
	*out = s;
	return 0;
}

int
oam_probe_add(struct oam_mep *m, struct oam_mep_session *s, struct oam_mep_session **out)
{
	unsigned int i;

	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++) {
		if (m->s[i] == NULL) {
			m->s[i] = s;
			if (out != NULL)
				*out = s;
			return 0;
		}
	}
	free(s);
	return -EBUSY;
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

/* Whether the LSP still has what a session copied from it (docs/CONTRACT.md §7). */
static bool
lsp_same(const struct oam_probe_lsp *a, const struct oam_probe_lsp *b)
{
	int d;

	if (!oam_probe_ident_eq(&a->src, &b->src) || !oam_probe_ident_eq(&a->dst, &b->dst) ||
	    a->src_tunnel != b->src_tunnel || a->dst_tunnel != b->dst_tunnel ||
	    a->lsp_num != b->lsp_num || a->out_if_num != b->out_if_num)
		return false;
	for (d = 0; d < LSR_DIR_MAX; d++) {
		const struct lsr_direction_cfg *x = &a->dir[d], *y = &b->dir[d];
		unsigned int i;

		if (x->present != y->present || x->has_in != y->has_in || x->n_out != y->n_out)
			return false;
		if (x->has_in && (x->in.slot != y->in.slot || x->in.label != y->in.label))
			return false;
		for (i = 0; i < x->n_out && i < LSR_MAX_BRANCHES; i++)
			if (x->out[i].slot != y->out[i].slot || x->out[i].label != y->out[i].label)
				return false;
	}
	return true;
}

void
oam_mep_set_config(struct oam_mep *m, const struct lsr_config *cfg)
{
	unsigned int i;
	uint32_t j;

	if (m == NULL || cfg == NULL)
		return;
	m->cfg = cfg;
	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++) {
		struct oam_mep_session *s = m->s[i];
		const struct lsr_lsp_cfg *l;
		struct oam_probe_lsp now;

		if (s == NULL || s->done || s->cancelled || s->end_error)
			continue;
		/* By name, through the running node's index: O(1) at a million LSPs. */
		l = lsr_config_find_lsp(cfg, s->lsp.name);
		j = l != NULL ? (uint32_t)(l - cfg->lsps) : cfg->n_lsps;
		if (l == NULL) {
			snprintf(s->why, sizeof(s->why), "LSP %s deleted", s->lsp.name);
			s->end_error = -ENOENT;
		} else if (lsp_bind(cfg, j, &now) < 0 || !lsp_same(&s->lsp, &now)) {
			snprintf(s->why, sizeof(s->why), "LSP %s changed", s->lsp.name);
			s->end_error = -ESTALE;
		} else {
			/* Untouched: only its place in the table may have moved. */
			s->lsp.idx = j;
			continue;
		}
		/* A reply to the old LSP's probe is no longer ours to match. */
		s->outstanding = false;
	}
}

/* The current request is a G.8113.1 LBM (route tracing is always LSP Ping). */
static bool
req_is_lbm(const struct oam_mep_session *s)
{
	return s->req.lbm && !s->req.trace;
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
		    s->lsp.idx != r->lsp)
			continue;
		if (r->channel == GACH_CH_LSP_PING && r->echo != NULL && !req_is_lbm(s)) {
			if (r->echo->msg_type != OAM_ECHO_REPLY || r->echo->handle != s->handle ||
			    r->echo->seq != s->wire_seq)
				continue;
			record_echo(s, r);
		} else if (r->channel == GACH_CH_G8113 && r->lb != NULL && req_is_lbm(s)) {
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

static ssize_t
build_lbm(struct oam_mep_session *s, uint8_t *msg, size_t size)
{
	const struct oam_probe_lsp *b = &s->lsp;
	struct oam_lbm_params lp;

	memset(&lp, 0, sizeof(lp));
	lp.mel = LBM_MEL;
	lp.transaction_id = s->mep->next_tid++;
	if (s->req.target == OAM_TARGET_MIP) {
		lp.target.subtype = OAM_G8113_SUB_MIP_ID;
		if (b->has_icc) {
			memcpy(lp.target.icc, b->icc, sizeof(lp.target.icc));
			memcpy(lp.target.cc, b->cc, sizeof(lp.target.cc));
		}
		lp.target.node_id = s->req.mip_node.node_id;
		lp.target.if_num = s->req.mip_if;
	} else {
		lp.target.subtype = OAM_G8113_SUB_MEP_ID;
		lp.target.mep_id = b->far_tunnel;
	}
	lp.has_requesting = true;
	lp.mep_id = b->our_tunnel;
	memcpy(lp.meg_id, b->meg_id, sizeof(lp.meg_id));
	s->tid = lp.transaction_id;
	return oam_lbm_build(msg, size, &lp);
}

static ssize_t
build_echo(struct oam_mep_session *s, uint64_t now_ns, uint8_t *msg, size_t size)
{
	const struct oam_probe_lsp *b = &s->lsp;
	const struct oam_probe_req *q = &s->req;
	struct oam_echo_request_params rp;

	memset(&rp, 0, sizeof(rp));
	rp.handle = s->handle;
	rp.seq = ++s->wire_seq;
	oam_ntp_from_ns(now_ns, &rp.sent_sec, &rp.sent_frac);
	/* RFC 6426 §2.3: the LSP as configured, whichever end probes. */
	rp.fec.src = b->src;
	rp.fec.dst = b->dst;
	rp.fec.src_tunnel = b->src_tunnel;
	rp.fec.dst_tunnel = b->dst_tunnel;
	rp.fec.lsp_num = b->lsp_num;
	rp.src_id = b->node;
	if (q->trace) {
		/* Route tracing: ask whoever the TTL expires at (docs/OAM-RULES.md §2, both 0). */
		rp.has_ddmap = true;
	} else if (q->target == OAM_TARGET_MEP) {
		rp.has_dst_id = true;
		rp.dst_id = b->far;
	} else {
		rp.has_dst_id = true;
		rp.dst_id = q->mip_node;
		if (q->side == OAM_SIDE_IN) {
			rp.has_ddmap = true;
			rp.ddmap_ingress = q->mip_if;
		} else if (q->side == OAM_SIDE_OUT) {
			rp.has_ddmap = true;
			rp.ddmap_egress = q->mip_if;
		}
	}
	return oam_echo_build_request(msg, size, &rp);
}

const char *
oam_encap_name(enum oam_encap encap)
{
	switch (encap) {
	case OAM_ENCAP_NON_IP: return "non-ip";
	case OAM_ENCAP_IP: return "ip";
	default: return NULL;
	}
}

int
oam_probe_check_encap(uint8_t encap, bool lbm)
{
	/* G.8113.1 has no IP form. */
	return oam_encap_name(encap) == NULL || (lbm && encap != OAM_ENCAP_NON_IP) ? -EINVAL : 0;
}

/*
 * RFC 8029 §4.3, docs/OAM-NOTES.md "The IP form": IPv4 from our address
 * (oam_ip_source4()) to 127.0.0.1, IP TTL 1 and the Router Alert option, UDP
 * from a port of the session's own (replies are matched by handle and
 * sequence number all the same) to 3503.
 */
static ssize_t
ip_request(const struct oam_mep_session *s, const struct lsr_fib *fib, uint8_t *out, size_t cap,
	   const uint8_t *msg, size_t len)
{
	struct oam_ip_hdr_params ip = {
		.version = 4,
		.ttl = 1,
		.router_alert = true,
		.dst = { 127, 0, 0, 1 },
		.sport = (uint16_t)(IP_SPORT_BASE + (s->handle & IP_SPORT_MASK)),
		.dport = OAM_LSPPING_PORT,
	};

	oam_ip_source4(fib->cfg, ip.src);
	return oam_lspping_ip_build(out, cap, &ip, msg, len);
}

static int
send_probe(struct oam_mep_session *s, const struct lsr_fib *fib, struct lsr_lcore *lc,
	   uint64_t now_ns)
{
	uint8_t msg[MEP_MSG_MAX], wrapped[MEP_MSG_MAX + OAM_LSPPING_IP_HDR_MAX];
	bool lbm = req_is_lbm(s);
	uint16_t channel = lbm ? GACH_CH_G8113 : GACH_CH_LSP_PING;
	const uint8_t *out = msg;
	ssize_t len;
	int ret;

	len = lbm ? build_lbm(s, msg, sizeof(msg)) : build_echo(s, now_ns, msg, sizeof(msg));
	if (len >= 0 && !lbm && s->encap == OAM_ENCAP_IP) {
		len = ip_request(s, fib, wrapped, sizeof(wrapped), msg, (size_t)len);
		channel = GACH_CH_IPV4;
		out = wrapped;
	}
	if (len < 0)
		return (int)len;
	ret = oam_send_gach(fib, lc, s->lsp.out_slot, s->lsp.out_label, s->req.ttl, 0, true,
			    channel, out, (size_t)len);
	if (ret < 0)
		return ret;
	lc->c.oam[lbm ? OAM_CNT_LBM_TX : OAM_CNT_ECHO_REQUEST_TX]++;
	return 0;
}

/* ---- events and the summary ---------------------------------------------- */

void
oam_probe_emit(struct oam_mep_session *s, struct oam_mep_event *ev)
{
	ev->point = -1;
	if (s->ops->event != NULL)
		s->ops->event(s, ev);
	if (!s->cancelled)
		s->fn(s->arg, ev);
}

void
oam_probe_finish(struct oam_mep_session *s, int error, const char *why)
{
	struct oam_mep_event ev;

	memset(&ev, 0, sizeof(ev));
	s->done = true;
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
	oam_probe_emit(s, &ev);
}

void
oam_probe_count(struct oam_mep_session *s, const struct oam_probe_result *r)
{
	if (r->status == OAM_PROBE_REPLY)
		s->received++;
	if (!r->success)
		return;
	s->success++;
	s->rtt_sum += r->rtt_ns;
	if (r->rtt_ns < s->rtt_min)
		s->rtt_min = r->rtt_ns;
	if (r->rtt_ns > s->rtt_max)
		s->rtt_max = r->rtt_ns;
}

bool
oam_probe_good_reply(const struct oam_probe_result *r)
{
	if (r->status != OAM_PROBE_REPLY)
		return false;
	if (r->lbr)
		return true;
	return r->rc == OAM_RC_EGRESS || r->rc == OAM_RC_LABEL_SWITCHED ||
	       r->rc == OAM_RC_SEE_DDMAP;
}

uint8_t
oam_probe_trace_end(const struct oam_mep_session *s, const struct oam_probe_result *r)
{
	if (r->status != OAM_PROBE_REPLY)
		return 0;
	/* Our own sink MEP answered: the LSP is looped back toward us (RFC 6435). */
	if (r->has_src && oam_probe_ident_eq(&r->src, &s->lsp.node))
		return OAM_TRACE_LOOP;
	/* RFC 8029 §4.4: the egress answers with return code 3; a tplsr sink MEP that
	 * sends no DDMAP is the far end too. */
	if (r->rc == OAM_RC_EGRESS ||
	    (!r->has_ddmap && r->has_src && oam_probe_ident_eq(&r->src, &s->lsp.far)))
		return OAM_TRACE_EGRESS;
	return 0;
}

/* ---- running ------------------------------------------------------------ */

static void
probe_ended(struct oam_mep_session *s, uint64_t now_ns)
{
	s->outstanding = false;
	s->got_reply = false;
	s->reply.ttl = s->req.ttl;
	s->ops->step(s, now_ns);
}

static uint64_t
session_run(struct oam_mep_session *s, const struct lsr_fib *fib, struct lsr_lcore *lc,
	    uint64_t now_ns)
{
	if (s->end_error != 0 && !s->done && !s->cancelled) {
		oam_probe_finish(s, s->end_error, s->why);
		return UINT64_MAX;
	}
	if (!s->started) {
		s->started = true;
		if (s->ops->start != NULL)
			s->ops->start(s, now_ns);
	}
	while (!s->done && !s->cancelled) {
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
		memset(&s->reply, 0, sizeof(s->reply));
		s->got_reply = false;
		s->sent_ns = now_ns;
		s->deadline_ns = now_ns + (uint64_t)s->timeout_ms * OAM_PROBE_NS_PER_MS;
		if (send_probe(s, fib, lc, now_ns) < 0) {
			s->reply.status = OAM_PROBE_UNSENT;
			probe_ended(s, now_ns);
			continue;
		}
		if (s->req.counted)
			s->sent++;
		s->outstanding = true;
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
	lsr_counters_write_begin(&lc->c);	/* probes count on lc (include/lsr_fwd.h) */
	for (i = 0; i < OAM_MEP_MAX_SESSIONS; i++) {
		struct oam_mep_session *s = m->s[i];

		if (s == NULL)
			continue;
		w = session_run(s, fib, lc, now_ns);
		if (s->done || s->cancelled) {
			m->s[i] = NULL;
			free(s);
			continue;
		}
		if (w < wake)
			wake = w;
	}
	lsr_counters_write_end(&lc->c);
	return wake;
}
