/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responders: build an echo reply or an LBR for a MIP or the sink MEP the
 * demultiplexer (demux.c) chose, and queue it on the return path
 * (docs/OAM-RULES.md §4).  They decide nothing: who answers, with which
 * return code and which DDMAPs, is in the decision they are given.
 */
#include <errno.h>
#include <string.h>

#include "oam_priv.h"

/* A transit node reports one DDMAP per out leg: the codec must keep them all. */
static_assert(OAM_ECHO_MAX_DDMAP >= LSR_MAX_BRANCHES, "one DDMAP per P2MP leg");

/*
 * docs/OAM-RULES.md §4: on the reverse direction's first leg, TTL 255, the
 * request's TC, and in the request's form (GAL + ACH, or the PW's ACH alone).
 */
static int
send_reply(const struct oam_msg *m, struct lsr_lcore *lc, const uint8_t *buf, ssize_t len)
{
	const struct lsr_lfib_entry *e = m->p->entry;

	if (len < 0)
		return -EMSGSIZE;
	if (oam_send_gach(m->fib, lc, e->ret_slot, e->ret_label, 255, m->p->tc, m->p->gal,
			  m->channel, buf, (size_t)len) < 0)
		return -ENOMEM;
	return 0;
}

/* DDMAP of one out leg as a transit node reports it [RFC 8029 §3.4, RFC 6426 §2.1.1]. */
static void
leg_ddmap(const struct oam_msg *m, const struct lsr_out *o, struct oam_ddmap *d)
{
	memset(d, 0, sizeof(*d));
	d->addr_type = OAM_DDMAP_ADDR_NON_IP;
	d->flags = OAM_DDMAP_FLAG_N;
	d->ingress = m->p->in_slot == LSR_SLOT_NONE ? 0 : m->cfg->interfaces[m->p->in_slot].if_num;
	d->egress = m->cfg->interfaces[o->slot].if_num;
	d->rc = OAM_RC_LABEL_SWITCHED;
	d->rsc = 1;
	d->has_label = true;
	d->label = o->label;
}

int
oam_reply_echo(const struct oam_msg *m, const struct oam_decision *d,
	       const struct oam_target *t, struct lsr_lcore *lc, uint64_t now_ns)
{
	const struct lsr_lfib_entry *e = m->p->entry;
	const struct lsr_out *outs = lsr_lfib_outs(m->lfib, e);
	struct oam_echo_reply_params rp = {
		.req = &m->echo,
		.req_msg = m->body,
		.req_len = m->body_len,
		.rc = d->rc,
		.rsc = d->rsc,
		.src_id = m->cfg->node,		/* RFC 6426 §2.2: Source Identifier */
	};
	uint8_t buf[OAM_MSG_MAX];
	int ret;

	switch (d->ddmap) {
	case OAM_REPLY_DDMAP_OWN_LEG:
		for (unsigned int i = 0; i < e->n_out; i++)
			if (outs[i].slot == t->slot)
				leg_ddmap(m, &outs[i], &rp.ddmap[0]);
		rp.n_ddmap = 1;
		break;
	case OAM_REPLY_DDMAP_ALL_LEGS:
		for (unsigned int i = 0; i < e->n_out && i < OAM_ECHO_MAX_DDMAP; i++)
			leg_ddmap(m, &outs[i], &rp.ddmap[rp.n_ddmap++]);
		break;
	case OAM_REPLY_DDMAP_NONE:
		break;
	}
	/* RFC 8029 §3: timestamp received = the request's arrival time. */
	oam_ntp_from_ns(now_ns, &rp.rcvd_sec, &rp.rcvd_frac);
	ret = send_reply(m, lc, buf, oam_echo_build_reply(buf, sizeof(buf), &rp));
	if (ret == 0)
		lc->c.oam[OAM_CNT_ECHO_REPLY_TX]++;
	return ret;
}

int
oam_reply_lbr(const struct oam_msg *m, const struct oam_target *t, struct lsr_lcore *lc)
{
	const struct lsr_config *cfg = m->cfg;
	struct oam_lbr_params lp = { .req = &m->lb, .req_msg = m->body, .req_len = m->body_len };
	uint8_t buf[OAM_MSG_MAX];
	int ret;

	/* docs/OAM-RULES.md §4: Replying MEP/MIP ID, subtype 3: ICC, Node_ID, IF_Num, CC. */
	lp.replying.subtype = OAM_G8113_SUB_MIP_ID;
	if (cfg->has_icc) {
		memcpy(lp.replying.icc, cfg->icc, sizeof(lp.replying.icc));
		memcpy(lp.replying.cc, cfg->cc, sizeof(lp.replying.cc));
	}
	lp.replying.node_id = cfg->node.node_id;
	lp.replying.if_num = oam_target_if_num(cfg, t);
	ret = send_reply(m, lc, buf, oam_lbr_build(buf, sizeof(buf), &lp));
	if (ret == 0)
		lc->c.oam[OAM_CNT_LBR_TX]++;
	return ret;
}
