/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OAM node: which MIP (or MEP) a trapped G-ACh message is for, and the
 * responders.  The rules are docs/OAM-RULES.md §2-§5; the RFC sections are cited where
 * each rule is applied.
 *
 * Out-MIP messages and the forwarding engine (RFC 7054 §4, docs/OAM-RULES.md §3): the
 * out-MIP of an interface answers only if the label-table entry that forwards
 * this packet sends a copy out of that interface.  The decision is taken here
 * from the very entry the fast path looked up (p->entry), which is what the
 * forward step would use; so a mis-programmed entry (LSP sent out of another
 * interface) leaves the out-MIP silent, exactly as if the copy had been
 * carried across the node and not found at the named interface.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "oam.h"

#define OAM_MSG_MAX 1500	/* largest reply we build */

struct oam_node {
	const struct lsr_config *cfg;
	oam_reply_fn reply_fn;
	void *reply_arg;
	uint8_t scratch[UINT16_MAX];	/* a contiguous copy of a segmented frame */
};

/* Who answers, as decided by the demultiplexer. */
struct oam_target {
	enum oam_at at;
	uint16_t slot;		/* interface of the MIP; LSR_SLOT_NONE for none */
};

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
oam_node_create(const struct lsr_config *cfg)
{
	struct oam_node *n = calloc(1, sizeof(*n));

	if (n == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	n->cfg = cfg;
	return n;
}

void
oam_node_free(struct oam_node *n)
{
	free(n);
}

void
oam_node_set_reply_handler(struct oam_node *n, oam_reply_fn fn, void *arg)
{
	n->reply_fn = fn;
	n->reply_arg = arg;
}

int
oam_send_gach(const struct lsr_fib *fib, struct lsr_lcore *lc, uint16_t slot,
	      uint32_t label, uint8_t ttl, uint8_t tc, bool gal, uint16_t channel,
	      const uint8_t *msg, size_t len)
{
	size_t hdr = ETH_HDR_LEN + MPLS_LSE_LEN * (gal ? 2 : 1) + GACH_LEN;
	struct rte_mbuf *m;
	uint8_t *p;
	rte_be32_t w;
	rte_be16_t be16;

	if (hdr + len > UINT16_MAX)
		return -EINVAL;
	m = rte_pktmbuf_alloc(lc->pool);
	if (m == NULL)
		return -ENOMEM;
	p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(hdr + len));
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return -ENOMEM;
	}
	lsr_fwd_set_eth(fib, slot, m);
	be16 = RTE_BE16(MPLS_ETHERTYPE_UNICAST);
	memcpy(p + 12, &be16, 2);
	p += ETH_HDR_LEN;
	w = mpls_lse_encode(label, tc, !gal, ttl);
	memcpy(p, &w, 4);
	p += 4;
	if (gal) {
		/* GAL: bottom of stack, TTL 1 [RFC 5586 §4.2, RFC 6428 §3.5]. */
		w = mpls_lse_encode(MPLS_LABEL_GAL, tc, true, 1);
		memcpy(p, &w, 4);
		p += 4;
	}
	p[0] = GACH_FIRST_BYTE;
	p[1] = 0;
	be16 = rte_cpu_to_be_16(channel);
	memcpy(p + 2, &be16, 2);
	memcpy(p + GACH_LEN, msg, len);
	lsr_tx_enqueue(lc, slot, m);
	return 0;
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

static uint32_t
if_num_of(const struct oam_node *n, uint16_t slot)
{
	return slot == LSR_SLOT_NONE ? 0 : n->cfg->interfaces[slot].if_num;
}

static bool
mip_enabled(const struct oam_node *n, uint16_t slot)
{
	return n->cfg->interfaces[slot].mip_enabled;
}

/* The in-side MIP of the arrival interface: in-MIP, or the node MIP (RFC 6370 §7.3). */
static struct oam_target
in_side(const struct oam_node *n, uint16_t in_slot)
{
	struct oam_target t = {
		.at = n->cfg->mip_mode == LSR_MIP_PER_NODE ? OAM_AT_NODE_MIP : OAM_AT_IN_MIP,
		.slot = in_slot,
	};
	return t;
}

static struct oam_target
out_side(const struct oam_node *n, uint16_t out_slot)
{
	struct oam_target t = {
		.at = n->cfg->mip_mode == LSR_MIP_PER_NODE ? OAM_AT_NODE_MIP : OAM_AT_OUT_MIP,
		.slot = out_slot,
	};
	return t;
}

/* The MIP's IF_Num as it identifies itself: 0 for the node MIP (RFC 6370 §7.3). */
static uint32_t
mip_if_num(const struct oam_node *n, const struct oam_target *t)
{
	return t->at == OAM_AT_NODE_MIP ? 0 : if_num_of(n, t->slot);
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

/*
 * Checks common to every MIP answer: the MIP is enabled (RFC 6371 §3.4: a
 * disabled MIP silently discards), not beyond an RFC 6435 loop, and there is
 * a path back to the source (RFC 6426 §3: no return LSP, no reply).
 */
static int
mip_check(const struct oam_node *n, const struct lsr_punt *p, const struct oam_target *t)
{
	if (!mip_enabled(n, t->slot))
		return LSR_DROP_MIP_DISABLED;
	/* docs/OAM-RULES.md §5: with the loop at the in-MIP, the out-MIP is beyond the loop
	 * point and receives nothing; an expiring frame looped like data would
	 * leave with TTL 0, so it ends here as an expired frame. */
	if (t->at == OAM_AT_OUT_MIP && lsr_lfib_get_loop(p->entry) == LSR_LOOP_IN_MIP)
		return LSR_DROP_TTL_EXPIRED;
	if (p->entry->ret_slot == LSR_SLOT_NONE)
		return LSR_DROP_NO_RETURN_PATH;
	return -1;
}

static void
set_who(const struct oam_node *n, struct oam_verdict *v, const struct oam_target *t)
{
	v->at = (uint8_t)t->at;
	v->mip_if = mip_if_num(n, t);
}

/* ---------------------------------------------------------------- LSP Ping */

/* DDMAP of one out leg as a transit node reports it [RFC 8029 §3.4, RFC 6426 §2.1.1]. */
static void
leg_ddmap(const struct oam_node *n, const struct lsr_punt *p, const struct lsr_out *o,
	  struct oam_ddmap *d)
{
	memset(d, 0, sizeof(*d));
	d->addr_type = OAM_DDMAP_ADDR_NON_IP;
	d->flags = OAM_DDMAP_FLAG_N;
	d->ingress = if_num_of(n, p->in_slot);
	d->egress = if_num_of(n, o->slot);
	d->rc = OAM_RC_LABEL_SWITCHED;
	d->rsc = 1;
	d->has_label = true;
	d->label = o->label;
}

static void
echo_reply(const struct oam_node *n, const struct lsr_fib *fib, struct lsr_lcore *lc,
	   const struct lsr_punt *p, const uint8_t *msg, size_t mlen, const struct oam_echo *req,
	   struct oam_echo_reply_params *rp, uint64_t now_ns, struct oam_verdict *v)
{
	uint8_t buf[OAM_MSG_MAX];
	ssize_t len;

	rp->req = req;
	rp->req_msg = msg;
	rp->req_len = mlen;
	rp->src_id = n->cfg->node;
	oam_ntp_from_ns(now_ns, &rp->rcvd_sec, &rp->rcvd_frac);
	len = oam_echo_build_reply(buf, sizeof(buf), rp);
	if (len < 0) {
		drop(lc, p, v, LSR_DROP_MALFORMED);
		return;
	}
	/* docs/OAM-RULES.md §4: on the reverse direction, TTL 255, in the request's form. */
	if (oam_send_gach(fib, lc, p->entry->ret_slot, p->entry->ret_label, 255, p->tc, p->gal,
			  GACH_CH_LSP_PING, buf, (size_t)len) < 0) {
		drop(lc, p, v, LSR_DROP_NO_MBUF);
		return;
	}
	lc->c.oam[OAM_CNT_ECHO_REPLY_TX]++;
	count_at(lc, (enum oam_at)v->at);
	v->n_replies = 1;
	consume(lc, p, v);
}

/* The first DDMAP of address type 5 names the MIP [RFC 6426 §2.1.1]. */
static const struct oam_ddmap *
non_ip_ddmap(const struct oam_echo *req)
{
	for (unsigned i = 0; i < req->n_ddmap; i++)
		if (req->ddmap[i].addr_type == OAM_DDMAP_ADDR_NON_IP)
			return &req->ddmap[i];
	return NULL;
}

/* docs/OAM-RULES.md §2, channel 0x0025, at a MIP (TTL expired here). */
static void
mip_echo(const struct oam_node *n, const struct lsr_fib *fib, struct lsr_lcore *lc,
	 const struct lsr_punt *p, const uint8_t *msg, size_t mlen, uint64_t now_ns,
	 struct oam_verdict *v)
{
	const struct lsr_lfib_entry *e = p->entry;
	const struct lsr_out *outs = lsr_lfib_outs(fib->lfib, e);
	struct oam_echo_reply_params rp = { 0 };
	const struct oam_ddmap *dd;
	struct oam_target t = in_side(n, p->in_slot);
	struct oam_echo req;
	uint32_t arrival = if_num_of(n, p->in_slot);
	int reason;

	if (oam_echo_decode(msg, mlen, &req) < 0) {
		drop(lc, p, v, LSR_DROP_MALFORMED);	/* truncated header, bad version */
		return;
	}
	if (req.msg_type != OAM_ECHO_REQUEST) {
		/* A reply expiring at a MIP: nobody here answers it. */
		drop(lc, p, v, LSR_DROP_UNSUPPORTED_CHANNEL);
		return;
	}
	lc->c.oam[OAM_CNT_ECHO_REQUEST_RX]++;

	/* docs/OAM-RULES.md §2 order: TLV syntax before identifiers; the in-side MIP answers
	 * RC 1 / RC 2 [RFC 8029 §4.4 step 1]. */
	if (req.tlv_status != OAM_TLVS_OK) {
		rp.rc = req.tlv_status == OAM_TLVS_MALFORMED ? OAM_RC_MALFORMED : OAM_RC_TLV_UNKNOWN;
		goto answer;
	}
	/* RFC 6426 §2.2: the Destination Identifier names the node. */
	if (req.has_dst_id && (req.dst_id.global_id != n->cfg->node.global_id ||
			       req.dst_id.node_id != n->cfg->node.node_id)) {
		drop(lc, p, v, LSR_DROP_MISDIRECTED);
		return;
	}
	dd = non_ip_ddmap(&req);
	rp.rc = OAM_RC_LABEL_SWITCHED;
	rp.rsc = 1;
	if (dd != NULL && dd->ingress != 0 && dd->egress != 0) {
		/* Both named: the in-side MIP validates them, RC 5 on a mismatch
		 * [RFC 6426 §2.1.1]. */
		int slot = lsr_config_slot_of(n->cfg, dd->egress);

		if (dd->ingress != arrival || slot < 0 ||
		    !lsr_lfib_has_out(fib->lfib, e, (uint16_t)slot)) {
			rp.rc = OAM_RC_DS_MISMATCH;
			rp.rsc = 0;
		}
	} else if (dd != NULL && dd->ingress != 0) {
		if (dd->ingress != arrival) {
			drop(lc, p, v, LSR_DROP_MISDIRECTED);
			return;
		}
	} else if (dd != NULL && dd->egress != 0) {
		int slot = lsr_config_slot_of(n->cfg, dd->egress);

		/* RFC 7054 §4: the out-MIP answers only where the forwarding
		 * entry sends a copy; otherwise nothing leaves and it is counted. */
		if (slot < 0 || !lsr_lfib_has_out(fib->lfib, e, (uint16_t)slot)) {
			drop(lc, p, v, LSR_DROP_MISDIRECTED);
			return;
		}
		t = out_side(n, (uint16_t)slot);
	}

answer:
	set_who(n, v, &t);
	reason = mip_check(n, p, &t);
	if (reason >= 0) {
		drop(lc, p, v, (enum lsr_drop)reason);
		return;
	}
	if (req.n_ddmap > 0 && rp.rc != OAM_RC_MALFORMED && rp.rc != OAM_RC_TLV_UNKNOWN) {
		/* RFC 8029 §4.5: a transit replier returns one DDMAP per downstream;
		 * at a P2MP branch the header says "see DDMAP" (RC 14). */
		if (t.at == OAM_AT_OUT_MIP) {
			for (unsigned i = 0; i < e->n_out; i++)
				if (outs[i].slot == t.slot)
					leg_ddmap(n, p, &outs[i], &rp.ddmap[0]);
			rp.n_ddmap = 1;
		} else {
			for (unsigned i = 0; i < e->n_out && i < OAM_ECHO_MAX_DDMAP; i++)
				leg_ddmap(n, p, &outs[i], &rp.ddmap[i]);
			rp.n_ddmap = e->n_out;
			if (e->n_out > 1 && rp.rc == OAM_RC_LABEL_SWITCHED) {
				rp.rc = OAM_RC_SEE_DDMAP;
				rp.rsc = 0;
			}
		}
	}
	echo_reply(n, fib, lc, p, msg, mlen, &req, &rp, now_ns, v);
}

/* ---------------------------------------------------------------- G.8113.1 */

static void
our_mip_id(const struct oam_node *n, uint32_t if_num, struct oam_g8113_id *id)
{
	memset(id, 0, sizeof(*id));
	id->subtype = OAM_G8113_SUB_MIP_ID;
	if (n->cfg->has_icc) {
		memcpy(id->icc, n->cfg->icc, sizeof(id->icc));
		memcpy(id->cc, n->cfg->cc, sizeof(id->cc));
	}
	id->node_id = n->cfg->node.node_id;
	id->if_num = if_num;
}

static int
lbr_send(const struct oam_node *n, const struct lsr_fib *fib, struct lsr_lcore *lc,
	 const struct lsr_punt *p, const uint8_t *msg, size_t mlen, const struct oam_lb *req,
	 uint32_t if_num)
{
	struct oam_lbr_params lp = { .req = req, .req_msg = msg, .req_len = mlen };
	uint8_t buf[OAM_MSG_MAX];
	ssize_t len;

	our_mip_id(n, if_num, &lp.replying);
	len = oam_lbr_build(buf, sizeof(buf), &lp);
	if (len < 0)
		return LSR_DROP_MALFORMED;
	if (oam_send_gach(fib, lc, p->entry->ret_slot, p->entry->ret_label, 255, p->tc, p->gal,
			  GACH_CH_G8113, buf, (size_t)len) < 0)
		return LSR_DROP_NO_MBUF;
	lc->c.oam[OAM_CNT_LBR_TX]++;
	return -1;
}

/* A subtype-3 target is ours if Node_ID, and ICC and CC where configured, match. */
static bool
mip_id_names_us(const struct oam_node *n, const struct oam_g8113_id *id)
{
	if (id->node_id != n->cfg->node.node_id)
		return false;
	if (n->cfg->has_icc && (strcmp(id->icc, n->cfg->icc) != 0 ||
				(id->cc[0] != '\0' && strcmp(id->cc, n->cfg->cc) != 0)))
		return false;
	return true;
}

/* docs/OAM-RULES.md §2, channel 0x8902: LBM by its Target MEP/MIP ID TLV (33). */
static void
mip_lb(const struct oam_node *n, const struct lsr_fib *fib, struct lsr_lcore *lc,
       const struct lsr_punt *p, const uint8_t *msg, size_t mlen, struct oam_verdict *v)
{
	const struct lsr_lfib_entry *e = p->entry;
	const struct lsr_out *outs = lsr_lfib_outs(fib->lfib, e);
	struct oam_target t = in_side(n, p->in_slot);
	struct oam_lb req;
	int rc = oam_lb_decode(msg, mlen, &req);
	int reason;

	if (rc == -ENOTSUP || (rc == 0 && req.opcode != OAM_G8113_OP_LBM)) {
		drop(lc, p, v, LSR_DROP_UNSUPPORTED_CHANNEL);	/* no MIP answers it */
		return;
	}
	if (rc < 0 || !req.has_target) {
		drop(lc, p, v, LSR_DROP_MALFORMED);
		return;
	}
	lc->c.oam[OAM_CNT_LBM_RX]++;

	switch (req.target.subtype) {
	case OAM_G8113_SUB_INGRESS:
		break;
	case OAM_G8113_SUB_EGRESS: {
		/* Every out-MIP of this LSP answers, one LBR each (docs/OAM-RULES.md §3). */
		unsigned answered = 0;
		int first_reason = -1;

		if (n->cfg->mip_mode == LSR_MIP_PER_NODE) {
			t = out_side(n, e->out_slot);
			break;
		}
		for (unsigned i = 0; i < e->n_out; i++) {
			struct oam_target o = out_side(n, outs[i].slot);

			reason = mip_check(n, p, &o);
			if (reason < 0)
				reason = lbr_send(n, fib, lc, p, msg, mlen, &req, mip_if_num(n, &o));
			if (reason >= 0) {
				if (first_reason < 0)
					first_reason = reason;
				continue;
			}
			if (answered++ == 0)
				set_who(n, v, &o);
			count_at(lc, o.at);
		}
		if (answered == 0) {
			if (e->n_out > 0)
				set_who(n, v, &(struct oam_target){ OAM_AT_OUT_MIP, outs[0].slot });
			drop(lc, p, v, first_reason >= 0 ? (enum lsr_drop)first_reason :
						       LSR_DROP_MISDIRECTED);
			return;
		}
		v->n_replies = (uint8_t)answered;
		consume(lc, p, v);
		return;
	}
	case OAM_G8113_SUB_MIP_ID: {
		uint32_t want = req.target.if_num;
		int slot = lsr_config_slot_of(n->cfg, want);

		if (!mip_id_names_us(n, &req.target)) {
			drop(lc, p, v, LSR_DROP_MISDIRECTED);
			return;
		}
		if (n->cfg->mip_mode == LSR_MIP_PER_NODE) {
			/* The node MIP is IF_Num 0 (RFC 6370 §7.3); modes never mix. */
			if (want != 0) {
				drop(lc, p, v, LSR_DROP_MISDIRECTED);
				return;
			}
		} else if (slot >= 0 && slot == p->in_slot) {
			t = in_side(n, p->in_slot);
		} else if (slot >= 0 && lsr_lfib_has_out(fib->lfib, e, (uint16_t)slot)) {
			t = out_side(n, (uint16_t)slot);
		} else {
			drop(lc, p, v, LSR_DROP_MISDIRECTED);
			return;
		}
		break;
	}
	case OAM_G8113_SUB_MEP_ID:	/* a MEP ID at a transit node */
	default:
		drop(lc, p, v, LSR_DROP_MISDIRECTED);
		return;
	}

	set_who(n, v, &t);
	reason = mip_check(n, p, &t);
	if (reason < 0)
		reason = lbr_send(n, fib, lc, p, msg, mlen, &req, mip_if_num(n, &t));
	if (reason >= 0) {
		drop(lc, p, v, (enum lsr_drop)reason);
		return;
	}
	count_at(lc, t.at);
	v->n_replies = 1;
	consume(lc, p, v);
}

/* ---------------------------------------------------------------- sink MEP */

static void
hand_reply(const struct oam_node *n, const struct lsr_punt *p, uint16_t channel,
	   const struct oam_echo *echo, const struct oam_lb *lb, uint64_t now_ns)
{
	struct oam_rx_reply r = {
		.lsp = p->entry->lsp,
		.in_slot = p->in_slot,
		.channel = channel,
		.now_ns = now_ns,
		.echo = echo,
		.lb = lb,
	};

	if (n->reply_fn)
		n->reply_fn(n->reply_arg, &r);
}

/* A G-ACh message on a direction that ends here: for the sink MEP. */
static void
mep_input(const struct oam_node *n, const struct lsr_fib *fib, struct lsr_lcore *lc,
	  const struct lsr_punt *p, uint16_t channel, const uint8_t *msg, size_t mlen,
	  uint64_t now_ns, struct oam_verdict *v)
{
	struct oam_target t = { OAM_AT_MEP, p->in_slot };

	set_who(n, v, &t);
	if (channel == GACH_CH_LSP_PING) {
		struct oam_echo_reply_params rp = { 0 };
		struct oam_echo req;

		if (oam_echo_decode(msg, mlen, &req) < 0) {
			drop(lc, p, v, LSR_DROP_MALFORMED);
			return;
		}
		if (req.msg_type == OAM_ECHO_REPLY) {
			lc->c.oam[OAM_CNT_ECHO_REPLY_RX]++;
			hand_reply(n, p, channel, &req, NULL, now_ns);
			consume(lc, p, v);
			return;
		}
		if (req.msg_type != OAM_ECHO_REQUEST) {
			drop(lc, p, v, LSR_DROP_MALFORMED);
			return;
		}
		lc->c.oam[OAM_CNT_ECHO_REQUEST_RX]++;
		/* RFC 8029 §3: T flag, answer only if the TTL expired. */
		if ((req.flags & OAM_ECHO_FLAG_T) && p->ttl > 1) {
			lc->c.oam[OAM_CNT_NO_REPLY_T_FLAG]++;
			consume(lc, p, v);
			return;
		}
		if (req.tlv_status != OAM_TLVS_OK) {
			rp.rc = req.tlv_status == OAM_TLVS_MALFORMED ? OAM_RC_MALFORMED :
								       OAM_RC_TLV_UNKNOWN;
		} else if (req.has_dst_id && (req.dst_id.global_id != n->cfg->node.global_id ||
					      req.dst_id.node_id != n->cfg->node.node_id)) {
			drop(lc, p, v, LSR_DROP_MISDIRECTED);
			return;
		} else {
			/* RFC 8029 §4.4 step 4: egress for the FEC at depth 1. */
			rp.rc = OAM_RC_EGRESS;
			rp.rsc = 1;
		}
		if (p->entry->ret_slot == LSR_SLOT_NONE) {
			drop(lc, p, v, LSR_DROP_NO_RETURN_PATH);
			return;
		}
		echo_reply(n, fib, lc, p, msg, mlen, &req, &rp, now_ns, v);
		return;
	}
	if (channel == GACH_CH_G8113) {
		struct oam_lb lb;
		int rc = oam_lb_decode(msg, mlen, &lb);
		int reason;

		if (rc == -ENOTSUP) {
			drop(lc, p, v, LSR_DROP_UNSUPPORTED_CHANNEL);
			return;
		}
		if (rc < 0) {
			drop(lc, p, v, LSR_DROP_MALFORMED);
			return;
		}
		if (lb.opcode == OAM_G8113_OP_LBR) {
			lc->c.oam[OAM_CNT_LBR_RX]++;
			hand_reply(n, p, channel, NULL, &lb, now_ns);
			consume(lc, p, v);
			return;
		}
		lc->c.oam[OAM_CNT_LBM_RX]++;
		/* XXX: no MEP ID is configured, so a MEP-ID target (subtype 2) is
		 * accepted as ours at the sink; a MIP ID must name this node. */
		if (lb.has_target && lb.target.subtype == OAM_G8113_SUB_MIP_ID &&
		    !mip_id_names_us(n, &lb.target)) {
			drop(lc, p, v, LSR_DROP_MISDIRECTED);
			return;
		}
		if (p->entry->ret_slot == LSR_SLOT_NONE) {
			drop(lc, p, v, LSR_DROP_NO_RETURN_PATH);
			return;
		}
		reason = lbr_send(n, fib, lc, p, msg, mlen, &lb, if_num_of(n, p->in_slot));
		if (reason >= 0) {
			drop(lc, p, v, (enum lsr_drop)reason);
			return;
		}
		count_at(lc, OAM_AT_MEP);
		v->n_replies = 1;
		consume(lc, p, v);
		return;
	}
	/* BFD, LM/DM, PSC, LI...: no MEP session of that kind here. */
	drop(lc, p, v, LSR_DROP_UNSUPPORTED_CHANNEL);
}

/* ---------------------------------------------------------------- entry point */

void
oam_input(struct oam_node *n, const struct lsr_fib *fib, struct lsr_lcore *lc,
	  const struct lsr_punt *p, uint64_t now_ns, struct oam_verdict *v)
{
	/* The message may span segments (a jumbo frame in live mode): read it
	 * as one buffer; a single-segment frame is read in place. */
	size_t len = RTE_MIN(rte_pktmbuf_pkt_len(p->m), sizeof(n->scratch));
	const uint8_t *data = rte_pktmbuf_read(p->m, 0, (uint32_t)len, n->scratch);
	const uint8_t *msg;
	uint16_t channel;
	size_t mlen;

	memset(v, 0, sizeof(*v));
	v->lsp = p->entry->lsp;
	/* The configuration the entry was looked up with: a running node's changes
	 * follow fib->cfg (docs/PROVISIONING.md). */
	n->cfg = fib->cfg;

	/* RFC 5586 §5: discard unless first nibble 0001 and version 0. */
	if ((size_t)p->ach_off + GACH_LEN > len || data[p->ach_off] != GACH_FIRST_BYTE) {
		drop(lc, p, v, LSR_DROP_MALFORMED);
		return;
	}
	channel = (uint16_t)(data[p->ach_off + 2] << 8 | data[p->ach_off + 3]);
	v->channel = channel;
	msg = data + p->ach_off + GACH_LEN;
	mlen = len - p->ach_off - GACH_LEN;

	if (p->kind == LSR_PUNT_MEP) {
		mep_input(n, fib, lc, p, channel, msg, mlen, now_ns, v);
		return;
	}
	switch (channel) {
	case GACH_CH_LSP_PING:
		mip_echo(n, fib, lc, p, msg, mlen, now_ns, v);
		break;
	case GACH_CH_G8113:
		mip_lb(n, fib, lc, p, msg, mlen, v);
		break;
	default:
		/* BFD CC/CV, LI, FM, LM/DM, PSC: MEP-to-MEP channels (docs/OAM-RULES.md §2). */
		drop(lc, p, v, LSR_DROP_UNSUPPORTED_CHANNEL);
		break;
	}
}
