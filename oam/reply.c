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
 * docs/OAM-RULES.md §2.6: the IP form's reply is the same message under IP and
 * UDP, from our address (oam_ip_source4/6) and port 3503 to the request's
 * source address and port (RFC 8029 §4.5), of the request's IP version.
 */
static ssize_t
ip_wrap(const struct oam_msg *m, uint8_t *out, size_t cap, const uint8_t *msg, size_t len)
{
	struct oam_ip_hdr_params ip = {
		.version = m->ip.version,
		.ttl = 255,
		.sport = OAM_LSPPING_PORT,
		.dport = m->ip.sport,
	};

	if (ip.version == 4)
		oam_ip_source4(m->cfg, ip.src);
	else
		oam_ip_source6(m->cfg, ip.src);
	memcpy(ip.dst, m->ip.src, sizeof(ip.dst));
	return oam_lspping_ip_build(out, cap, &ip, msg, len);
}

/*
 * docs/OAM-RULES.md §4: on the reverse direction's first leg, TTL 255, the
 * request's TC, and in the request's form (GAL + ACH, or the PW's ACH alone;
 * the IP form under the same channel).  docs/OAM-RULES.md §2.7: a link punt
 * is answered out of the arrival interface in its own form: GAL on top, or
 * router alert label then GAL, TTL 1 (for the next hop only).
 */
static int
send_reply(const struct oam_msg *m, struct lsr_lcore *lc, const uint8_t *buf, ssize_t len)
{
	const struct lsr_punt *p = m->p;
	uint8_t wrapped[OAM_MSG_MAX];
	int ret;

	if (len >= 0 && m->ip_form) {
		len = ip_wrap(m, wrapped, sizeof(wrapped), buf, (size_t)len);
		buf = wrapped;
	}
	if (len < 0)
		return -EMSGSIZE;
	if (p->kind == LSR_PUNT_SECTION)
		ret = oam_send_gach(m->fib, lc, p->in_slot, MPLS_LABEL_GAL, 1, p->tc, false,
				    m->channel, buf, (size_t)len);
	else if (p->kind == LSR_PUNT_ROUTER_ALERT)
		ret = oam_send_gach(m->fib, lc, p->in_slot, MPLS_LABEL_ROUTER_ALERT, 1, p->tc, true,
				    m->channel, buf, (size_t)len);
	else
		ret = oam_send_gach(m->fib, lc, p->entry->ret_slot, p->entry->ret_label, 255, p->tc,
				    p->gal, m->channel, buf, (size_t)len);
	return ret < 0 ? -ENOMEM : 0;
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
	/* A link punt has no entry (docs/OAM-RULES.md §2.7), and asks for no DDMAP. */
	const struct lsr_out *outs = d->ddmap != OAM_REPLY_DDMAP_NONE ?
		lsr_lfib_outs(m->lfib, e) : NULL;
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
