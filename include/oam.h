/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OAM side of the node: G-ACh demultiplexing to the in-MIP, out-MIP, node
 * MIP or sink MEP (RFC 7054, docs/OAM-RULES.md §2; oam/demux.c), the responders
 * (LSP Ping RFC 6426, G.8113.1 LBM; oam/reply.c) and the hand-off of replies
 * that reach a MEP of ours (oam/node.c).
 *
 * The OAM node is owned by one lcore (the main lcore in live mode, the replay
 * loop in replay mode).  It never reads the clock: time is passed in.  It
 * keeps no configuration: each oam_input() reads the one of its fib.
 */
#ifndef TPLSR_OAM_H
#define TPLSR_OAM_H

#include <stdint.h>

#include "lsr_config.h"
#include "lsr_fwd.h"
#include "oam_counters.h"
#include "oam_g8113.h"
#include "oam_lspping.h"

struct oam_node;

/** Who handled (or would have handled) an OAM message. */
enum oam_at {
	OAM_AT_NONE = 0,
	OAM_AT_IN_MIP,
	OAM_AT_OUT_MIP,
	OAM_AT_NODE_MIP,
	OAM_AT_MEP,
};

/** "in", "out", "node", "mep" (the replay events' "mip" values), or NULL. */
const char *oam_at_name(enum oam_at at);

enum oam_fate {
	OAM_FATE_CONSUMED = 1,
	OAM_FATE_DROPPED,
};

/** The outcome of oam_input() for one frame: what replay mode writes as an event. */
struct oam_verdict {
	uint8_t fate;		/* enum oam_fate */
	uint8_t at;		/* enum oam_at: the MIP/MEP that answered or decided */
	uint8_t n_replies;	/* frames queued for transmission */
	uint8_t reason;		/* enum lsr_drop, when dropped */
	uint32_t mip_if;	/* IF_Num of that MIP (0: node MIP), valid when at != NONE */
	uint32_t lsp;		/* lsp index, UINT32_MAX when not known */
	uint16_t channel;	/* ACH channel type, 0 when not read */
	const char *rule;	/* the demultiplexer rule that decided (docs/OAM-RULES.md §2.5) */
};

/** A reply (echo reply or LBR) that reached a sink MEP of ours: for the prober. */
struct oam_rx_reply {
	uint32_t lsp;		/* lsp index of the direction it arrived on */
	uint16_t in_slot;
	uint16_t channel;	/* GACH_CH_LSP_PING or GACH_CH_G8113 */
	uint64_t now_ns;
	const struct oam_echo *echo;	/* channel 0x0025 */
	const struct oam_lb *lb;	/* channel 0x8902 */
};

typedef void (*oam_reply_fn)(void *arg, const struct oam_rx_reply *r);

/**
 * Create an OAM node.  It holds no configuration: oam_input() reads the
 * identity, the MIP mode and the interfaces from fib->cfg of each call, the
 * configuration the punt's entry belongs to.
 * @return the node, or NULL with errno = ENOMEM.
 */
struct oam_node *oam_node_create(void);
void oam_node_free(struct oam_node *n);

/**
 * The node's per-MIP counters since it was created (include/oam_counters.h).
 * Read them on the lcore that calls oam_input() (the main lcore in live mode).
 */
const struct oam_mip_counters *oam_node_mip_counters(const struct oam_node *n);

/** Replies reaching our sink MEPs go to fn (live mode's prober); none by default. */
void oam_node_set_reply_handler(struct oam_node *n, oam_reply_fn fn, void *arg);

/**
 * Handle one punted frame (lsr_fwd_burst() put it on lc->punt).
 *
 * The frame is consumed: answered (replies queued on lc's transmit lists, with
 * the request's arrival time as the timestamp received), handed to the reply
 * handler, or dropped with a named reason.  Counters are updated in lc->c:
 * exactly one of consumed/dropped for the frame, plus OAM counters.
 *
 * @param now_ns reception time (Unix ns): the timestamp received of replies
 */
void oam_input(struct oam_node *n, const struct lsr_fib *fib, struct lsr_lcore *lc,
	       const struct lsr_punt *p, uint64_t now_ns, struct oam_verdict *v);

/**
 * Build a G-ACh frame on the LSP label: Ethernet | label (TTL ttl, S=0) | GAL
 * (S=1, TTL 1) | ACH(channel) | msg, addressed for slot, and queue it on lc.
 * Used by the responders and the source MEP.
 * @return 0; -ENOMEM when no mbuf could be allocated.
 */
int oam_send_gach(const struct lsr_fib *fib, struct lsr_lcore *lc, uint16_t slot,
		  uint32_t label, uint8_t ttl, uint8_t tc, bool gal, uint16_t channel,
		  const uint8_t *msg, size_t len);

#endif /* TPLSR_OAM_H */
