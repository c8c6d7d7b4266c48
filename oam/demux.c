/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OAM demultiplexer: which MIP or MEP of this node a punted G-ACh message
 * is for, or why nobody answers it (docs/OAM-RULES.md §2-§5).
 *
 * It is written as ordered rule tables, first match wins, each rule keyed on
 * the punt kind and the channel and citing the RFC section and the
 * docs/OAM-RULES.md section it implements:
 *
 *   1. the ACH (RFC 5586 §5);
 *   2. oam_msg_rules: what the message is; requests go on, everything else is
 *      decided here (replies for the prober, unsupported, malformed);
 *   3. oam_target_rules: who answers a request, or a named drop;
 *   4. the chosen MIPs' (or the sink MEP's) own checks: enabled, not beyond
 *      an RFC 6435 loop, a return path;
 *   5. what an echo reply says: DDMAPs and the P2MP return code.
 *
 * docs/OAM-RULES.md §2.5 lists these rules, in this order, with their outcomes.
 *
 * Out-MIP decisions go through the forwarding entry of the punt (RFC 7054 §4,
 * docs/OAM-RULES.md §3): the out-MIP of an interface answers only if that
 * entry sends a copy out of that interface.  The decision is taken from the
 * very entry the fast path looked up (p->entry), which is what the forward
 * step would use; so a mis-programmed entry (LSP sent out of another
 * interface) leaves the out-MIP silent, exactly as if the copy had been
 * carried across the node and not found at the named interface.
 *
 * The demultiplexer is pure: it counts nothing and touches no mbuf; the node
 * (node.c) carries its decision out with the responders (reply.c).
 */
#include <errno.h>
#include <string.h>

#include "oam_priv.h"

/* A rule: for some punt kinds (0: all) and a channel (0: any), decide or pass. */
struct oam_rule {
	const char *name;
	uint8_t punts;		/* PUNT() of the enum lsr_punt_kind it applies to; 0 for all */
	uint16_t channel;	/* GACH_CH_* of the message (m->proto); 0 for any */
	bool (*decide)(const struct oam_msg *m, struct oam_decision *d);
};

#define PUNT(kind)	(1u << (kind))
#define AT_MIP		PUNT(LSR_PUNT_MIP)
#define AT_MEP		PUNT(LSR_PUNT_MEP)
/* docs/OAM-RULES.md §2.7: a reserved label on top (router alert, section GAL): no LSP. */
#define ON_LINK		(PUNT(LSR_PUNT_ROUTER_ALERT) | PUNT(LSR_PUNT_SECTION))
/* Where the message ends at this node: a sink MEP, or the link's end. */
#define AT_END		(AT_MEP | ON_LINK)

/* ---------------------------------------------------------------- helpers */

static uint32_t
if_num_of(const struct lsr_config *cfg, uint16_t slot)
{
	return slot == LSR_SLOT_NONE ? 0 : cfg->interfaces[slot].if_num;
}

uint32_t
oam_target_if_num(const struct lsr_config *cfg, const struct oam_target *t)
{
	return t->at == OAM_AT_NODE_MIP ? 0 : if_num_of(cfg, t->slot);
}

/* The MIP of slot on the in or the out side; per-node mode has one MIP (RFC 6370 §7.3). */
static struct oam_target
mip_of(const struct oam_msg *m, bool out, uint16_t slot)
{
	struct oam_target t = { .at = OAM_AT_IN_MIP, .slot = slot, .ok = true };

	if (m->cfg->mip_mode == LSR_MIP_PER_NODE)
		t.at = OAM_AT_NODE_MIP;
	else if (out)
		t.at = OAM_AT_OUT_MIP;
	return t;
}

/*
 * Who answers on the arrival side: the in-side MIP of the arrival interface;
 * the sink MEP; for a link punt (docs/OAM-RULES.md §2.7) the arrival
 * interface's end of the section, reported as a MEP.
 */
static struct oam_target
in_side(const struct oam_msg *m)
{
	struct oam_target t = { .at = OAM_AT_MEP, .slot = m->p->in_slot, .ok = true };

	return m->p->kind != LSR_PUNT_MIP ? t : mip_of(m, false, m->p->in_slot);
}

/* Whether the forwarding entry of this punt sends a copy out of the interface if_num. */
static bool
entry_leaves_by(const struct oam_msg *m, uint32_t if_num, uint16_t *slot)
{
	int s = lsr_config_slot_of(m->cfg, if_num);

	if (s < 0 || !lsr_lfib_has_out(m->lfib, m->p->entry, (uint16_t)s))
		return false;
	*slot = (uint16_t)s;
	return true;
}

static bool
drop(struct oam_decision *d, enum lsr_drop reason)
{
	d->what = OAM_DO_DROP;
	d->reason = reason;
	return true;
}

static bool
answer(struct oam_decision *d, struct oam_target t, uint8_t rc, uint8_t rsc)
{
	d->what = OAM_DO_ANSWER;
	d->n_targets = 1;
	d->t[0] = t;
	d->rc = rc;
	d->rsc = rsc;
	return true;
}

static bool
ident_is_ours(const struct lsr_config *cfg, const struct lsr_node_ident *id)
{
	return id->global_id == cfg->node.global_id && id->node_id == cfg->node.node_id;
}

/* A G.8113.1 MIP ID names this node if the Node_ID, and ICC and CC where configured, match. */
static bool
mip_id_names_us(const struct lsr_config *cfg, const struct oam_g8113_id *id)
{
	if (id->node_id != cfg->node.node_id)
		return false;
	if (cfg->has_icc && (strcmp(id->icc, cfg->icc) != 0 ||
			     (id->cc[0] != '\0' && strcmp(id->cc, cfg->cc) != 0)))
		return false;
	return true;
}

static bool
lbm_target_is(const struct oam_msg *m, uint8_t subtype)
{
	return m->lb.has_target && m->lb.target.subtype == subtype;
}

/* ---------------------------------------------------------------- 2. the message */

/* RFC 8029 §4.3, docs/OAM-RULES.md §2.6: IP form: IP/UDP headers not to be trusted. */
static bool
ip_udp_undecodable(const struct oam_msg *m, struct oam_decision *d)
{
	return m->ip_form && m->ip_err != OAM_IP_OK ? drop(d, LSR_DROP_MALFORMED) : false;
}

/* RFC 8029 §3, docs/OAM-RULES.md §2.1: a header shorter than 32 bytes or not of version 1. */
static bool
echo_undecodable(const struct oam_msg *m, struct oam_decision *d)
{
	return m->dec_rc < 0 ? drop(d, LSR_DROP_MALFORMED) : false;
}

/* docs/OAM-RULES.md §2.4: an echo reply at our sink MEP is the prober's. */
static bool
echo_reply_to_prober(const struct oam_msg *m, struct oam_decision *d)
{
	if (m->echo.msg_type != OAM_ECHO_REPLY)
		return false;
	d->what = OAM_DO_TO_PROBER;
	return true;
}

/* docs/OAM-RULES.md §2.1 (tplsr): a MIP answers requests only. */
static bool
echo_not_request_at_mip(const struct oam_msg *m, struct oam_decision *d)
{
	return m->echo.msg_type != OAM_ECHO_REQUEST ? drop(d, LSR_DROP_UNSUPPORTED_CHANNEL) : false;
}

/* docs/OAM-RULES.md §2.4: a message type other than request or reply. */
static bool
echo_bad_type(const struct oam_msg *m, struct oam_decision *d)
{
	return m->echo.msg_type != OAM_ECHO_REQUEST ? drop(d, LSR_DROP_MALFORMED) : false;
}

/* G.8113.1, docs/OAM-RULES.md §2.2 and §2.4: LTM, CCM, ...: no session of that kind here. */
static bool
lb_other_opcode(const struct oam_msg *m, struct oam_decision *d)
{
	return m->dec_rc == -ENOTSUP ? drop(d, LSR_DROP_UNSUPPORTED_CHANNEL) : false;
}

/* docs/OAM-RULES.md §2.2: only an LBM is answered at a MIP. */
static bool
lbr_at_mip(const struct oam_msg *m, struct oam_decision *d)
{
	return m->dec_rc == 0 && m->lb.opcode != OAM_G8113_OP_LBM ?
		drop(d, LSR_DROP_UNSUPPORTED_CHANNEL) : false;
}

/* G.8113.1 (RFC 6671 carries it on 0x8902): TLVs that cannot be walked. */
static bool
lb_undecodable(const struct oam_msg *m, struct oam_decision *d)
{
	return m->dec_rc < 0 ? drop(d, LSR_DROP_MALFORMED) : false;
}

/* docs/OAM-RULES.md §2.2 (tplsr): the Target MEP/MIP ID is how a MIP knows it is meant. */
static bool
lbm_no_target(const struct oam_msg *m, struct oam_decision *d)
{
	return !m->lb.has_target ? drop(d, LSR_DROP_MALFORMED) : false;
}

/* docs/OAM-RULES.md §2.4: an LBR at our sink MEP is the prober's. */
static bool
lbr_to_prober(const struct oam_msg *m, struct oam_decision *d)
{
	if (m->lb.opcode != OAM_G8113_OP_LBR)
		return false;
	d->what = OAM_DO_TO_PROBER;
	return true;
}

/* RFC 5586 §5, RFC 6371 §3.4, docs/OAM-RULES.md §2.3-§2.4: BFD, LI, PSC, LM/DM, FM, ... */
static bool
other_channel(const struct oam_msg *m, struct oam_decision *d)
{
	return m->proto != GACH_CH_LSP_PING && m->proto != GACH_CH_G8113 ?
		drop(d, LSR_DROP_UNSUPPORTED_CHANNEL) : false;
}

/* What the message is; a message no rule decides is a request (echo request or LBM). */
static const struct oam_rule oam_msg_rules[] = {
	{ "ip-udp-undecodable", 0, GACH_CH_LSP_PING, ip_udp_undecodable },
	{ "echo-undecodable", 0, GACH_CH_LSP_PING, echo_undecodable },
	{ "echo-reply-to-prober", AT_MEP, GACH_CH_LSP_PING, echo_reply_to_prober },
	{ "echo-not-request-at-mip", AT_MIP | ON_LINK, GACH_CH_LSP_PING, echo_not_request_at_mip },
	{ "echo-bad-type", AT_MEP, GACH_CH_LSP_PING, echo_bad_type },
	{ "lb-other-opcode", 0, GACH_CH_G8113, lb_other_opcode },
	{ "lbr-at-mip", AT_MIP | ON_LINK, GACH_CH_G8113, lbr_at_mip },
	{ "lb-undecodable", 0, GACH_CH_G8113, lb_undecodable },
	{ "lbm-no-target", AT_MIP, GACH_CH_G8113, lbm_no_target },
	{ "lbr-to-prober", AT_MEP, GACH_CH_G8113, lbr_to_prober },
	{ "other-channel", 0, 0, other_channel },
};

/* ---------------------------------------------------------------- 3. who answers */

/* RFC 8029 §3 (T flag, RFC 6424): answer only if the TTL expired. */
static bool
t_flag(const struct oam_msg *m, struct oam_decision *d)
{
	if (!(m->echo.flags & OAM_ECHO_FLAG_T) || m->p->ttl <= 1)
		return false;
	d->what = OAM_DO_NO_REPLY;
	d->no_reply_cnt = OAM_CNT_NO_REPLY_T_FLAG;
	return true;
}

/*
 * RFC 8029 §4.4 step 1, docs/OAM-RULES.md §2.1 and §2.4: TLV syntax comes
 * before the identifiers; the arrival side (in-side MIP or sink MEP) answers
 * return code 1 (malformed) or 2 (unknown mandatory TLV).
 */
static bool
tlv_errors(const struct oam_msg *m, struct oam_decision *d)
{
	if (m->echo.tlv_status == OAM_TLVS_OK)
		return false;
	return answer(d, in_side(m), m->echo.tlv_status == OAM_TLVS_MALFORMED ?
				     OAM_RC_MALFORMED : OAM_RC_TLV_UNKNOWN, 0);
}

/* RFC 6426 §2.2, RFC 7054 §4: a Destination Identifier naming another node is not ours. */
static bool
destination_id(const struct oam_msg *m, struct oam_decision *d)
{
	return m->echo.has_dst_id && !ident_is_ours(m->cfg, &m->echo.dst_id) ?
		drop(d, LSR_DROP_MISDIRECTED) : false;
}

/* RFC 8029 §4.4 step 4, docs/OAM-RULES.md §2.4: egress for the FEC at stack depth 1. */
static bool
egress(const struct oam_msg *m, struct oam_decision *d)
{
	return answer(d, in_side(m), OAM_RC_EGRESS, 1);
}

/*
 * RFC 6426 §2.1.1, docs/OAM-RULES.md §2.1: a DDMAP naming both interfaces is
 * checked by the in-side MIP: return code 8 when the ingress is the arrival
 * interface and the egress an out interface of this entry, else 5.
 */
static bool
ddmap_both(const struct oam_msg *m, struct oam_decision *d)
{
	const struct oam_ddmap *dd = oam_echo_non_ip_ddmap(&m->echo);
	uint16_t slot;

	if (dd == NULL || dd->ingress == 0 || dd->egress == 0)
		return false;
	if (dd->ingress != if_num_of(m->cfg, m->p->in_slot) ||
	    !entry_leaves_by(m, dd->egress, &slot))
		return answer(d, in_side(m), OAM_RC_DS_MISMATCH, 0);
	return answer(d, in_side(m), OAM_RC_LABEL_SWITCHED, 1);
}

/* RFC 6426 §2.1.1, RFC 7054 §4, docs/OAM-RULES.md §2.1: ingress only: the arrival's in-MIP. */
static bool
ddmap_ingress(const struct oam_msg *m, struct oam_decision *d)
{
	const struct oam_ddmap *dd = oam_echo_non_ip_ddmap(&m->echo);

	if (dd == NULL || dd->ingress == 0)
		return false;
	if (dd->ingress != if_num_of(m->cfg, m->p->in_slot))
		return drop(d, LSR_DROP_MISDIRECTED);
	return answer(d, in_side(m), OAM_RC_LABEL_SWITCHED, 1);
}

/*
 * RFC 7054 §4, docs/OAM-RULES.md §2.1 and §3: egress only: the out-MIP of
 * that interface, if the forwarding entry sends a copy there; otherwise
 * nothing would reach it.
 */
static bool
ddmap_egress(const struct oam_msg *m, struct oam_decision *d)
{
	const struct oam_ddmap *dd = oam_echo_non_ip_ddmap(&m->echo);
	uint16_t slot;

	if (dd == NULL || dd->egress == 0)
		return false;
	if (!entry_leaves_by(m, dd->egress, &slot))
		return drop(d, LSR_DROP_MISDIRECTED);
	return answer(d, mip_of(m, true, slot), OAM_RC_LABEL_SWITCHED, 1);
}

/*
 * RFC 6426 §4.2.1, RFC 6371 §3.4, docs/OAM-RULES.md §2.1: no DDMAP, or one
 * naming no interface: the in-side MIP answers (route tracing relies on it).
 */
static bool
echo_in_side(const struct oam_msg *m, struct oam_decision *d)
{
	return answer(d, in_side(m), OAM_RC_LABEL_SWITCHED, 1);
}

/* G.8113.1, docs/OAM-RULES.md §2.2: subtype 0, ingress/node discovery: the in-side MIP. */
static bool
lbm_ingress(const struct oam_msg *m, struct oam_decision *d)
{
	return lbm_target_is(m, OAM_G8113_SUB_INGRESS) ? answer(d, in_side(m), 0, 0) : false;
}

/* G.8113.1, docs/OAM-RULES.md §2.2: subtype 1 in per-node mode: the node MIP (RFC 6370 §7.3). */
static bool
lbm_egress_node(const struct oam_msg *m, struct oam_decision *d)
{
	if (!lbm_target_is(m, OAM_G8113_SUB_EGRESS) || m->cfg->mip_mode != LSR_MIP_PER_NODE)
		return false;
	if (m->p->entry->n_out == 0)
		return drop(d, LSR_DROP_MISDIRECTED);
	return answer(d, mip_of(m, true, m->p->entry->out_slot), 0, 0);
}

/*
 * RFC 7054 §4, docs/OAM-RULES.md §2.2 and §3: subtype 1, egress discovery:
 * every out-MIP of this entry answers, one LBR each (all out-MIPs of a P2MP
 * branch can be addressed).
 */
static bool
lbm_egress(const struct oam_msg *m, struct oam_decision *d)
{
	const struct lsr_lfib_entry *e = m->p->entry;
	const struct lsr_out *outs = lsr_lfib_outs(m->lfib, e);

	if (!lbm_target_is(m, OAM_G8113_SUB_EGRESS))
		return false;
	if (e->n_out == 0)
		return drop(d, LSR_DROP_MISDIRECTED);
	d->what = OAM_DO_ANSWER;
	d->n_targets = (uint8_t)RTE_MIN(e->n_out, (uint8_t)LSR_MAX_BRANCHES);
	for (unsigned int i = 0; i < d->n_targets; i++)
		d->t[i] = mip_of(m, true, outs[i].slot);
	return true;
}

/*
 * G.8113.1, docs/OAM-RULES.md §2.2 and §2.4: a MIP ID (subtype 3) is ours
 * only if the Node_ID, and where configured the ICC and CC, are ours; the
 * same check at a MIP and at the sink MEP.
 */
static bool
lbm_mip_id_not_ours(const struct oam_msg *m, struct oam_decision *d)
{
	return lbm_target_is(m, OAM_G8113_SUB_MIP_ID) && !mip_id_names_us(m->cfg, &m->lb.target) ?
		drop(d, LSR_DROP_MISDIRECTED) : false;
}

/* RFC 6370 §7.3, RFC 7054 §5, docs/OAM-RULES.md §2.2: per-node, only IF_Num 0 names the MIP. */
static bool
lbm_mip_id_node(const struct oam_msg *m, struct oam_decision *d)
{
	if (!lbm_target_is(m, OAM_G8113_SUB_MIP_ID) || m->cfg->mip_mode != LSR_MIP_PER_NODE)
		return false;
	return m->lb.target.if_num == 0 ? answer(d, in_side(m), 0, 0) :
					  drop(d, LSR_DROP_MISDIRECTED);
}

/* RFC 7054 §4, docs/OAM-RULES.md §2.2: the MIP ID names the arrival interface: its in-MIP. */
static bool
lbm_mip_id_in(const struct oam_msg *m, struct oam_decision *d)
{
	int slot = lsr_config_slot_of(m->cfg, m->lb.target.if_num);

	if (!lbm_target_is(m, OAM_G8113_SUB_MIP_ID) || slot < 0 || slot != m->p->in_slot)
		return false;
	return answer(d, in_side(m), 0, 0);
}

/* RFC 7054 §4, docs/OAM-RULES.md §2.2 and §3: the MIP ID names an out interface of this entry. */
static bool
lbm_mip_id_out(const struct oam_msg *m, struct oam_decision *d)
{
	uint16_t slot;

	if (!lbm_target_is(m, OAM_G8113_SUB_MIP_ID) ||
	    !entry_leaves_by(m, m->lb.target.if_num, &slot))
		return false;
	return answer(d, mip_of(m, true, slot), 0, 0);
}

/*
 * docs/OAM-RULES.md §2.4 (tplsr): the sink MEP answers an LBM; a MEP ID
 * target is accepted, as no MEP ID is configured to compare it with.
 * XXX: compare MEP IDs once they can be configured.
 */
static bool
lbm_at_mep(const struct oam_msg *m, struct oam_decision *d)
{
	return answer(d, in_side(m), 0, 0);
}

/* docs/OAM-RULES.md §2.2: a MIP ID off this path, a MEP ID at a transit node, another subtype. */
static bool
lbm_not_for_mip(const struct oam_msg *m, struct oam_decision *d)
{
	(void)m;
	return drop(d, LSR_DROP_MISDIRECTED);
}

/* Who answers a request; the last rule of each (punt kind, channel) always decides. */
static const struct oam_rule oam_target_rules[] = {
	{ "t-flag", AT_END, GACH_CH_LSP_PING, t_flag },
	{ "tlv-errors", 0, GACH_CH_LSP_PING, tlv_errors },
	{ "destination-id", 0, GACH_CH_LSP_PING, destination_id },
	{ "egress", AT_END, GACH_CH_LSP_PING, egress },
	{ "ddmap-both", AT_MIP, GACH_CH_LSP_PING, ddmap_both },
	{ "ddmap-ingress", AT_MIP, GACH_CH_LSP_PING, ddmap_ingress },
	{ "ddmap-egress", AT_MIP, GACH_CH_LSP_PING, ddmap_egress },
	{ "echo-in-side", AT_MIP, GACH_CH_LSP_PING, echo_in_side },
	{ "lbm-ingress", AT_MIP, GACH_CH_G8113, lbm_ingress },
	{ "lbm-egress-node", AT_MIP, GACH_CH_G8113, lbm_egress_node },
	{ "lbm-egress", AT_MIP, GACH_CH_G8113, lbm_egress },
	{ "lbm-mip-id-not-ours", 0, GACH_CH_G8113, lbm_mip_id_not_ours },
	{ "lbm-mip-id-node", AT_MIP, GACH_CH_G8113, lbm_mip_id_node },
	{ "lbm-mip-id-in", AT_MIP, GACH_CH_G8113, lbm_mip_id_in },
	{ "lbm-mip-id-out", AT_MIP, GACH_CH_G8113, lbm_mip_id_out },
	{ "lbm-at-mep", AT_END, GACH_CH_G8113, lbm_at_mep },
	{ "lbm-not-for-mip", AT_MIP, GACH_CH_G8113, lbm_not_for_mip },
};

/* ---------------------------------------------------------------- 4b. the reply mode */

/* RFC 8029 §3, docs/OAM-RULES.md §2.6: mode 1, "do not reply": consumed, counted. */
static bool
reply_mode_none(const struct oam_msg *m, struct oam_decision *d)
{
	if (m->echo.reply_mode != OAM_REPLY_MODE_NONE)
		return false;
	d->what = OAM_DO_NO_REPLY;
	d->no_reply_cnt = OAM_CNT_NO_REPLY_MODE;
	return true;
}

/*
 * RFC 6426 §3, docs/OAM-RULES.md §2.6: replies go in the G-ACh (mode 4); the
 * IP/UDP modes 2 and 3 need an IP route to the requester, which the node does
 * not have, and mode 5 (RFC 7110) a path it does not keep: no reply, a drop.
 */
static bool
reply_mode_unsupported(const struct oam_msg *m, struct oam_decision *d)
{
	return m->echo.reply_mode != OAM_REPLY_MODE_ACH ?
		drop(d, LSR_DROP_UNSUPPORTED_REPLY_MODE) : false;
}

/* How a request the target rules and checks would answer is answered (LSP Ping only). */
static const struct oam_rule oam_reply_rules[] = {
	{ "reply-mode-none", 0, GACH_CH_LSP_PING, reply_mode_none },
	{ "reply-mode-unsupported", 0, GACH_CH_LSP_PING, reply_mode_unsupported },
};

/* ---------------------------------------------------------------- 4. the chosen MIP's checks */

/*
 * Checks of the MIP (or sink MEP) that would answer, in order; the same for
 * every target of every channel.
 */
static void
check_target(const struct oam_msg *m, struct oam_target *t)
{
	/* RFC 6371 §3.4: a disabled MIP discards what it receives. */
	if (t->at != OAM_AT_MEP && !m->cfg->interfaces[t->slot].mip_enabled) {
		t->ok = false;
		t->reason = LSR_DROP_MIP_DISABLED;
	/* docs/OAM-RULES.md §2.7: a link punt has no LSP: it is answered on the
	 * arrival interface, which is always there. */
	} else if (oam_punt_on_link(m->p)) {
		return;
	/* docs/OAM-RULES.md §5, RFC 6435 §4: with the loop at the in-MIP, the
	 * out-MIP is beyond the loop point and receives nothing; an expiring
	 * frame looped like data would leave with TTL 0, so it ends here. */
	} else if (t->at == OAM_AT_OUT_MIP &&
		   lsr_lfib_get_loop(m->p->entry) == LSR_LOOP_IN_MIP) {
		t->ok = false;
		t->reason = LSR_DROP_TTL_EXPIRED;
	/* RFC 6426 §3, docs/OAM-RULES.md §4: no return path, no reply. */
	} else if (m->p->entry->ret_slot == LSR_SLOT_NONE) {
		t->ok = false;
		t->reason = LSR_DROP_NO_RETURN_PATH;
	}
}

/* ---------------------------------------------------------------- 5. what an echo reply says */

/*
 * RFC 8029 §3.4 and §4.5, docs/OAM-RULES.md §4: a transit replier returns one
 * DDMAP per downstream when asked with one (an out-MIP its own leg only), and
 * at a P2MP branch the header says "see DDMAP" (return code 14).  The sink
 * MEP, egress for the FEC, sends none.
 */
static void
echo_contents(const struct oam_msg *m, struct oam_decision *d)
{
	if (m->echo.n_ddmap == 0 || d->rc == OAM_RC_MALFORMED || d->rc == OAM_RC_TLV_UNKNOWN ||
	    d->t[0].at == OAM_AT_MEP)
		return;
	if (d->t[0].at == OAM_AT_OUT_MIP) {
		d->ddmap = OAM_REPLY_DDMAP_OWN_LEG;
		return;
	}
	d->ddmap = OAM_REPLY_DDMAP_ALL_LEGS;
	if (m->p->entry->n_out > 1 && d->rc == OAM_RC_LABEL_SWITCHED) {
		d->rc = OAM_RC_SEE_DDMAP;
		d->rsc = 0;
	}
}

/* ---------------------------------------------------------------- the demultiplexer */

static bool
run_rules(const struct oam_rule *rules, size_t n, const struct oam_msg *m, struct oam_decision *d)
{
	for (size_t i = 0; i < n; i++) {
		const struct oam_rule *r = &rules[i];

		if ((r->punts != 0 && !(r->punts & PUNT(m->p->kind))) ||
		    (r->channel != 0 && r->channel != m->proto))
			continue;
		if (r->decide(m, d)) {
			d->rule = r->name;
			return true;
		}
	}
	return false;
}

void
oam_demux(struct oam_msg *m, struct oam_decision *d)
{
	const struct lsr_punt *p = m->p;
	bool any_ok = false;

	memset(d, 0, sizeof(*d));
	/* 0. RFC 3032 §2.1, docs/OAM-RULES.md §2.7: a router alert label with no
	 * G-ACh under it carries nothing OAM answers. */
	if (p->kind == LSR_PUNT_ROUTER_ALERT && p->ach_off == 0) {
		d->rule = "router-alert-no-gach";
		drop(d, LSR_DROP_ROUTER_ALERT);
		return;
	}
	/* 1. RFC 5586 §5: discard unless first nibble 0001 and version 0. */
	if (p->ach_off == 0 || (size_t)p->ach_off + GACH_LEN > m->len ||
	    m->frame[p->ach_off] != GACH_FIRST_BYTE) {
		d->rule = "ach";
		drop(d, LSR_DROP_MALFORMED);
		return;
	}
	m->channel = (uint16_t)(m->frame[p->ach_off + 2] << 8 | m->frame[p->ach_off + 3]);
	m->proto = m->channel;
	m->body = m->frame + p->ach_off + GACH_LEN;
	m->body_len = m->len - p->ach_off - GACH_LEN;
	/* docs/OAM-RULES.md §2.6: the IP form is the same LSP Ping message under
	 * IP/UDP; once its headers are checked, the same rules judge it. */
	if (m->channel == GACH_CH_IPV4 || m->channel == GACH_CH_IPV6) {
		m->ip_form = true;
		m->proto = GACH_CH_LSP_PING;
		m->ip_err = oam_lspping_ip_decode(m->body, m->body_len, m->channel, &m->ip);
		if (m->ip_err == OAM_IP_OK) {
			m->body += m->ip.msg_off;
			m->body_len = m->ip.msg_len;
		}
	}
	if (m->proto == GACH_CH_LSP_PING && m->ip_err == OAM_IP_OK)
		m->dec_rc = oam_echo_decode(m->body, m->body_len, &m->echo);
	else if (m->proto == GACH_CH_G8113)
		m->dec_rc = oam_lb_decode(m->body, m->body_len, &m->lb);
	/* docs/OAM-RULES.md §2.4, §2.7: whatever happens to a sink or link punt
	 * happens at the MEP (the link's end). */
	if (p->kind != LSR_PUNT_MIP) {
		d->n_targets = 1;
		d->t[0] = in_side(m);
	}

	/* 2. */
	if (run_rules(oam_msg_rules, RTE_DIM(oam_msg_rules), m, d))
		return;
	d->request = true;
	/* 3. */
	if (!run_rules(oam_target_rules, RTE_DIM(oam_target_rules), m, d)) {
		/* Unreachable: every (punt kind, channel) ends with a rule that decides. */
		d->rule = "none";
		drop(d, LSR_DROP_UNSUPPORTED_CHANNEL);
		return;
	}
	if (d->what != OAM_DO_ANSWER)
		return;
	/* 4. */
	for (unsigned int i = 0; i < d->n_targets; i++) {
		check_target(m, &d->t[i]);
		any_ok |= d->t[i].ok;
	}
	/* 4b. Only a request that would be answered is judged by its reply mode:
	 * a disabled MIP's own reason comes first. */
	if (any_ok && run_rules(oam_reply_rules, RTE_DIM(oam_reply_rules), m, d))
		return;
	/* 5. */
	if (m->proto == GACH_CH_LSP_PING)
		echo_contents(m, d);
}
