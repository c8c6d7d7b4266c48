/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OAM node: oam_input() reads a punted frame, asks the demultiplexer
 * (demux.c) what to do with it, and carries the decision out: replies through
 * the responders (reply.c), replies for our sink MEP to the prober, and
 * exactly one fate per frame, consumed or dropped with its reason, with the
 * OAM counters (docs/OAM-RULES.md §6).
 *
 * The node keeps no configuration: the configuration is the one of the fib
 * each call is given (fib->cfg), the fib the punt's entry was looked up in,
 * so a newly published fib takes effect with its first punt.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_mbuf.h>

#include "oam_priv.h"

const char *
oam_at_name(enum oam_at at)
{
	switch (at) {
	case OAM_AT_IN_MIP: return "in";
	case OAM_AT_OUT_MIP: return "out";
	case OAM_AT_NODE_MIP: return "node";
	case OAM_AT_MEP: return "mep";
	default: return NULL;
	}
}

struct oam_node *
oam_node_create(void)
{
	struct oam_node *n = calloc(1, sizeof(*n));

	if (n == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	return n;
}

void
oam_node_free(struct oam_node *n)
{
	free(n);
}

const struct oam_mip_counters *
oam_node_mip_counters(const struct oam_node *n)
{
	return &n->mips;
}

void
oam_node_set_reply_handler(struct oam_node *n, oam_reply_fn fn, void *arg)
{
	n->reply_fn = fn;
	n->reply_arg = arg;
}

static void
drop(struct lsr_lcore *lc, const struct lsr_punt *p, struct oam_verdict *v, enum lsr_drop reason)
{
	v->fate = OAM_FATE_DROPPED;
	v->reason = (uint8_t)reason;
	lsr_drop(lc, p->m, reason);
}

static void
consume(struct lsr_lcore *lc, const struct lsr_punt *p, struct oam_verdict *v)
{
	v->fate = OAM_FATE_CONSUMED;
	lc->c.consumed++;
	rte_pktmbuf_free(p->m);
}

static void
set_who(const struct oam_msg *m, struct oam_verdict *v, const struct oam_target *t)
{
	v->at = (uint8_t)t->at;
	v->mip_if = oam_target_if_num(m->cfg, t);
}

static void
count_at(struct lsr_lcore *lc, enum oam_at at)
{
	static const uint8_t cnt[] = {
		[OAM_AT_IN_MIP] = OAM_CNT_IN_MIP,
		[OAM_AT_OUT_MIP] = OAM_CNT_OUT_MIP,
		[OAM_AT_NODE_MIP] = OAM_CNT_NODE_MIP,
		[OAM_AT_MEP] = OAM_CNT_MEP,
	};

	if (at != OAM_AT_NONE)
		lc->c.oam[cnt[at]]++;
}

/* docs/OAM-RULES.md §2.4: a reply that reached our sink MEP goes to the prober. */
static void
to_prober(const struct oam_node *n, const struct oam_msg *m, struct lsr_lcore *lc,
	  uint64_t now_ns)
{
	struct oam_rx_reply r = {
		.lsp = m->p->entry->lsp,
		.in_slot = m->p->in_slot,
		.channel = m->proto,	/* the IP form's reply is an echo reply like any */
		.now_ns = now_ns,
	};

	if (m->proto == GACH_CH_LSP_PING) {
		lc->c.oam[OAM_CNT_ECHO_REPLY_RX]++;
		r.echo = &m->echo;
	} else {
		lc->c.oam[OAM_CNT_LBR_RX]++;
		r.lb = &m->lb;
	}
	if (n->reply_fn)
		n->reply_fn(n->reply_arg, &r);
}

/*
 * Each target the demultiplexer let answer sends its reply; the frame is
 * consumed if one did, else dropped for the first reason met in target order
 * (a target's own check, or its reply that could not be built or sent).
 */
static void
answer(const struct oam_msg *m, const struct oam_decision *d, struct lsr_lcore *lc,
       uint64_t now_ns, struct oam_verdict *v, bool replied[LSR_MAX_BRANCHES])
{
	const struct oam_target *who = &d->t[0];
	enum lsr_drop first = LSR_DROP_MISDIRECTED;
	unsigned int answered = 0;
	bool failed = false;

	for (unsigned int i = 0; i < d->n_targets; i++) {
		const struct oam_target *t = &d->t[i];
		enum lsr_drop reason = t->reason;

		if (t->ok) {
			int ret = m->proto == GACH_CH_LSP_PING ?
				oam_reply_echo(m, d, t, lc, now_ns) : oam_reply_lbr(m, t, lc);

			if (ret == 0) {
				replied[i] = true;
				if (answered++ == 0)
					who = t;
				count_at(lc, t->at);
				continue;
			}
			/* docs/OAM-RULES.md §4: too big to send, or no buffer. */
			reason = ret == -ENOMEM ? LSR_DROP_NO_MBUF : LSR_DROP_MALFORMED;
		}
		if (!failed) {
			first = reason;
			failed = true;
		}
	}
	set_who(m, v, who);
	if (answered == 0) {
		drop(lc, m->p, v, first);
		return;
	}
	v->n_replies = (uint8_t)answered;
	consume(lc, m->p, v);
}

/* The per-MIP counters of the MIP at (slot), or NULL for a MEP. */
static uint64_t *
mip_counts(struct oam_node *n, enum oam_at at, uint16_t slot)
{
	switch (at) {
	case OAM_AT_IN_MIP: return n->mips.mip[slot][OAM_MIP_ROW_IN];
	case OAM_AT_OUT_MIP: return n->mips.mip[slot][OAM_MIP_ROW_OUT];
	case OAM_AT_NODE_MIP: return n->mips.node;
	default: return NULL;
	}
}

/*
 * The MIP of ours a misdirected request named, or NULL when it named none
 * (another node, a MEP ID, a subtype that names no MIP): the DDMAP's ingress
 * (in-MIP) or egress (out-MIP) interface (RFC 6426 §2.1.1), an LBM's MIP ID
 * (RFC 7054 §4) naming an interface of ours, that is not the arrival one, by
 * which this entry does not leave (its out-MIP would be the one on the path).
 * Per-node mode has one MIP for every interface (RFC 6370 §7.3).
 */
static uint64_t *
misdirected_mip(struct oam_node *n, const struct oam_msg *m, const struct oam_decision *d)
{
	const struct oam_ddmap *dd = oam_echo_non_ip_ddmap(&m->echo);
	uint32_t if_num = 0;
	bool out = true;
	int slot;

	if (strcmp(d->rule, "ddmap-ingress") == 0 && dd != NULL) {
		if_num = dd->ingress;
		out = false;
	} else if (strcmp(d->rule, "ddmap-egress") == 0 && dd != NULL) {
		if_num = dd->egress;
	} else if (strcmp(d->rule, "lbm-not-for-mip") == 0 && m->lb.has_target &&
		   m->lb.target.subtype == OAM_G8113_SUB_MIP_ID) {
		if_num = m->lb.target.if_num;
	}
	slot = if_num != 0 ? lsr_config_slot_of(m->cfg, if_num) : -1;
	if (slot < 0)
		return NULL;
	if (m->cfg->mip_mode == LSR_MIP_PER_NODE)
		return n->mips.node;
	return mip_counts(n, out ? OAM_AT_OUT_MIP : OAM_AT_IN_MIP, (uint16_t)slot);
}

/*
 * The per-MIP counters, from the decision and what was carried out: every
 * MIP a request addressed counts it, then its one outcome; a misdirected
 * request counts at the MIP of ours it named.
 */
static void
count_mips(struct oam_node *n, const struct oam_msg *m, const struct oam_decision *d,
	   const bool replied[LSR_MAX_BRANCHES])
{
	uint64_t *c;

	if (!d->request || m->p->kind != LSR_PUNT_MIP)
		return;
	if (d->what == OAM_DO_DROP && d->reason == LSR_DROP_MISDIRECTED) {
		c = misdirected_mip(n, m, d);
		if (c != NULL)
			c[OAM_MIP_CNT_MISDIRECTED]++;
		return;
	}
	for (unsigned int i = 0; i < d->n_targets; i++) {
		const struct oam_target *t = &d->t[i];

		c = mip_counts(n, t->at, t->slot);
		if (c == NULL)
			continue;
		c[OAM_MIP_CNT_REQUESTS]++;
		if (replied[i])
			c[OAM_MIP_CNT_REPLIES]++;
		else if (!t->ok && t->reason == LSR_DROP_MIP_DISABLED)
			c[OAM_MIP_CNT_MIP_DISABLED]++;
		else if (!t->ok && t->reason == LSR_DROP_NO_RETURN_PATH)
			c[OAM_MIP_CNT_NO_RETURN_PATH]++;
		else
			c[OAM_MIP_CNT_NOT_ANSWERED]++;
	}
}

void
oam_input(struct oam_node *n, const struct lsr_fib *fib, struct lsr_lcore *lc,
	  const struct lsr_punt *p, uint64_t now_ns, struct oam_verdict *v)
{
	/* The message may span segments (a jumbo frame in live mode): read it
	 * as one buffer; a single-segment frame is read in place. */
	size_t len = RTE_MIN(rte_pktmbuf_pkt_len(p->m), sizeof(n->scratch));
	struct oam_msg m = {
		.fib = fib,
		.cfg = fib->cfg,
		.lfib = fib->lfib,
		.p = p,
		.frame = rte_pktmbuf_read(p->m, 0, (uint32_t)len, n->scratch),
		.len = len,
	};
	struct oam_decision d;
	bool replied[LSR_MAX_BRANCHES] = { false };

	memset(v, 0, sizeof(*v));
	/* docs/OAM-RULES.md §2.7: a link punt belongs to no LSP. */
	v->lsp = p->entry != NULL ? p->entry->lsp : UINT32_MAX;
	oam_demux(&m, &d);
	v->channel = m.channel;
	v->rule = d.rule;
	if (d.request)
		lc->c.oam[m.proto == GACH_CH_LSP_PING ? OAM_CNT_ECHO_REQUEST_RX :
							  OAM_CNT_LBM_RX]++;
	if (d.what == OAM_DO_ANSWER)
		answer(&m, &d, lc, now_ns, v, replied);
	count_mips(n, &m, &d, replied);
	if (d.what == OAM_DO_ANSWER)
		return;
	if (d.n_targets > 0)
		set_who(&m, v, &d.t[0]);
	switch (d.what) {
	case OAM_DO_TO_PROBER:
		to_prober(n, &m, lc, now_ns);
		consume(lc, p, v);
		break;
	case OAM_DO_NO_REPLY:
		lc->c.oam[d.no_reply_cnt]++;
		consume(lc, p, v);
		break;
	case OAM_DO_DROP:
	case OAM_DO_ANSWER:
		drop(lc, p, v, d.reason);
		break;
	}
}
