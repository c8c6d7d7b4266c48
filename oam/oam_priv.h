/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to the OAM node (oam/): what the demultiplexer (demux.c) reads and
 * decides, and the responders (reply.c) that carry its decisions out.  The
 * node (node.c) reads a punted frame, asks the demultiplexer, and then only
 * executes the decision: answer, hand to the prober, consume or drop.
 */
#ifndef TPLSR_OAM_PRIV_H
#define TPLSR_OAM_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "oam.h"
#include "oam_lspping_ip.h"

#define OAM_MSG_MAX 1500	/* largest reply we build (docs/OAM-RULES.md §4) */

/*
 * The node holds no configuration: each oam_input() reads fib->cfg, so that a
 * punt is judged by the configuration of the fib its entry was looked up in.
 */
struct oam_node {
	oam_reply_fn reply_fn;
	void *reply_arg;
	struct oam_mip_counters mips;	/* per-MIP counts (include/oam_counters.h) */
	uint8_t scratch[UINT16_MAX];	/* a contiguous copy of a segmented frame */
};

/** One punted message as the demultiplexer sees it. */
struct oam_msg {
	const struct lsr_fib *fib;	/* the fib of this oam_input() call */
	const struct lsr_config *cfg;	/* fib->cfg: the configuration p->entry belongs to */
	const struct lsr_lfib *lfib;	/* fib->lfib: the table p->entry was looked up in */
	const struct lsr_punt *p;	/* arrival interface, punt kind, entry, TTL, TC */
	const uint8_t *frame;		/* the whole frame, contiguous */
	size_t len;
	/* Filled by the demultiplexer's message rules. */
	uint16_t channel;		/* ACH channel type; 0 until the ACH is read */
	uint16_t proto;			/* whose rules apply: the channel, GACH_CH_LSP_PING for the
					 * IP forms 0x0021/0x0057 (docs/OAM-RULES.md §2.6) */
	bool ip_form;			/* channel 0x0021 or 0x0057: ip says where the message is */
	enum oam_ip_error ip_err;	/* its IP/UDP headers' check */
	struct oam_ip_info ip;
	const uint8_t *body;		/* the LSP Ping / G.8113.1 message (after the ACH, and
					 * after IP/UDP in the IP form) */
	size_t body_len;
	int dec_rc;			/* oam_echo_decode() or oam_lb_decode() */
	struct oam_echo echo;		/* decoded 0x0025 message */
	struct oam_lb lb;		/* decoded 0x8902 message */
};

/** A MIP or MEP of this node, and whether its own checks let it answer. */
struct oam_target {
	enum oam_at at;
	uint16_t slot;		/* the interface whose MIP it is (node MIP: whose settings apply) */
	bool ok;		/* it answers; else reason says why not */
	enum lsr_drop reason;
};

/** What the demultiplexer decided. */
enum oam_do {
	OAM_DO_DROP = 0,	/* drop for d->reason */
	OAM_DO_ANSWER,		/* each target with ok answers: echo reply or LBR */
	OAM_DO_TO_PROBER,	/* a reply reaching our sink MEP: the prober's */
	OAM_DO_NO_REPLY,	/* consumed without a reply: T flag (RFC 8029 §3) or reply mode
				 * 1; no_reply_cnt is the OAM counter to count it in */
};

/** Which DDMAPs an echo reply carries (RFC 8029 §3.4, docs/OAM-RULES.md §4). */
enum oam_reply_ddmap {
	OAM_REPLY_DDMAP_NONE = 0,
	OAM_REPLY_DDMAP_OWN_LEG,	/* an out-MIP reports its own leg */
	OAM_REPLY_DDMAP_ALL_LEGS,	/* one per out leg of the entry */
};

struct oam_decision {
	enum oam_do what;
	enum lsr_drop reason;		/* OAM_DO_DROP */
	const char *rule;		/* the demultiplexer rule that decided */
	bool request;			/* an echo request or an LBM: counted as received */
	uint8_t no_reply_cnt;		/* OAM_DO_NO_REPLY: enum oam_counter */
	uint8_t n_targets;		/* the MIPs or the MEP concerned; 0 before one is chosen */
	struct oam_target t[LSR_MAX_BRANCHES];
	/* Echo replies only. */
	uint8_t rc, rsc;		/* return code and subcode */
	enum oam_reply_ddmap ddmap;
};

/**
 * Decide what to do with m (docs/OAM-RULES.md §2-§5): read the ACH and decode
 * the message into m, then run the rules in order.  Pure: no counter, no mbuf.
 */
void oam_demux(struct oam_msg *m, struct oam_decision *d);

/** The IF_Num a MIP or MEP names itself with: 0 for the node MIP (RFC 6370 §7.3). */
uint32_t oam_target_if_num(const struct lsr_config *cfg, const struct oam_target *t);

/**
 * Build and queue an echo reply from t, on the return path of m's entry
 * (docs/OAM-RULES.md §4), with d's return code and DDMAPs.
 * @return 0; -EMSGSIZE when the reply would not fit OAM_MSG_MAX; -ENOMEM (no mbuf).
 */
int oam_reply_echo(const struct oam_msg *m, const struct oam_decision *d,
		   const struct oam_target *t, struct lsr_lcore *lc, uint64_t now_ns);

/**
 * Build and queue an LBR from t (ITU-T G.8113.1, docs/OAM-RULES.md §4).
 * @return 0; -EMSGSIZE when the reply would not fit OAM_MSG_MAX; -ENOMEM (no mbuf).
 */
int oam_reply_lbr(const struct oam_msg *m, const struct oam_target *t, struct lsr_lcore *lc);

/** The first DDMAP of address type 5, the one that names a MIP (RFC 6426 §2.1.1), or NULL. */
static inline const struct oam_ddmap *
oam_echo_non_ip_ddmap(const struct oam_echo *e)
{
	for (unsigned int i = 0; i < e->n_ddmap; i++)
		if (e->ddmap[i].addr_type == OAM_DDMAP_ADDR_NON_IP)
			return &e->ddmap[i];
	return NULL;
}

/** Whether p is a punt of a reserved label on top (router alert, GAL): no LFIB entry. */
static inline bool
oam_punt_on_link(const struct lsr_punt *p)
{
	return p->kind == LSR_PUNT_ROUTER_ALERT || p->kind == LSR_PUNT_SECTION;
}

#endif /* TPLSR_OAM_PRIV_H */
