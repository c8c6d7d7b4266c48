/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OAM's counters (docs/CONTRACT.md §3.3): the list, its enum and its names
 * (oam/oam_counters.c).  They count events, not fates.  The counts live in
 * the fixed slots of the lcore's counters (struct lsr_counters, oam[]), which
 * the data plane sums and snapshots without knowing their names; whoever
 * writes the stats object hands it these names (lsr_stats_write_json()).
 * Self-contained: including this header is all a user needs.
 */
#ifndef TPLSR_OAM_COUNTERS_H
#define TPLSR_OAM_COUNTERS_H

#include <assert.h>

#include "lsr_fwd.h"

/* The order is the stats object's (docs/CONTRACT.md §3.1); the names are stable. */
#define foreach_oam_counter(_)                          \
	_(ECHO_REQUEST_RX, "echo-request-rx")           \
	_(ECHO_REPLY_TX, "echo-reply-tx")               \
	_(ECHO_REPLY_RX, "echo-reply-rx")               \
	_(ECHO_REQUEST_TX, "echo-request-tx")           \
	_(LBM_RX, "lbm-rx")                             \
	_(LBR_TX, "lbr-tx")                             \
	_(LBM_TX, "lbm-tx")                             \
	_(LBR_RX, "lbr-rx")                             \
	_(IN_MIP, "in-mip")                             \
	_(OUT_MIP, "out-mip")                           \
	_(NODE_MIP, "node-mip")                         \
	_(MEP, "mep")                                   \
	_(NO_REPLY_T_FLAG, "no-reply-t-flag")           \
	_(LOOPBACK, "loopback")                         \
	_(NO_REPLY_MODE, "no-reply-mode")

enum oam_counter {
#define _(sym, str) OAM_CNT_##sym,
	foreach_oam_counter(_)
#undef _
	OAM_CNT_MAX
};

static_assert(OAM_CNT_MAX <= LSR_OAM_SLOTS, "OAM's counters fit the data plane's slots");
/* The fast path counts RFC 6435 loopback in a slot of its own (dataplane/fwd.c). */
static_assert(OAM_CNT_LOOPBACK == LSR_OAM_SLOT_LOOPBACK, "loopback is the fast path's slot");

/** The names of the stats object's "oam" member, in enum order. */
extern const char *const oam_counter_names[OAM_CNT_MAX];

/*
 * Per-MIP counters (docs/CLI.md "show oam mips"): what each in-MIP, out-MIP
 * and the node MIP was asked and did.  A request counts once per MIP it
 * addressed (a P2MP subtype 1 LBM at each out-MIP of the entry); each such
 * request then ends in exactly one of replies, mip-disabled, no-return-path
 * or not-answered (the T flag, reply mode 1 or an unsupported one, an
 * out-MIP beyond a loop, a reply that could not be built or sent).
 * misdirected counts the requests that named this MIP of ours while it is
 * not on the LSP's path here (they are not among its requests).
 */
#define foreach_oam_mip_counter(_)                      \
	_(REQUESTS, "requests")                         \
	_(REPLIES, "replies")                           \
	_(MISDIRECTED, "misdirected")                   \
	_(MIP_DISABLED, "mip-disabled")                 \
	_(NO_RETURN_PATH, "no-return-path")             \
	_(NOT_ANSWERED, "not-answered")

enum oam_mip_counter {
#define _(sym, str) OAM_MIP_CNT_##sym,
	foreach_oam_mip_counter(_)
#undef _
	OAM_MIP_CNT_MAX
};

/** The names of the per-MIP counters, in enum order. */
extern const char *const oam_mip_counter_names[OAM_MIP_CNT_MAX];

/** The two per-interface MIPs of an interface slot (RFC 6371 §3.4). */
enum oam_mip_row {
	OAM_MIP_ROW_IN = 0,
	OAM_MIP_ROW_OUT,
	OAM_MIP_ROWS
};

/**
 * The per-MIP counts of one OAM node, indexed by interface slot.  Written by
 * the lcore that runs oam_input() and read on that same lcore (the main lcore
 * in live mode, whatever the forwarding lcores; the replay loop): no write
 * section is needed (docs/CLI.md "show oam mips").
 */
struct oam_mip_counters {
	uint64_t mip[LSR_MAX_INTERFACES][OAM_MIP_ROWS][OAM_MIP_CNT_MAX];
	uint64_t node[OAM_MIP_CNT_MAX];		/* the node MIP (per-node mode) */
};

/** Subtract the counts of base from c (a snapshot minus a baseline). */
void oam_mip_counters_sub(struct oam_mip_counters *c, const struct oam_mip_counters *base);

#endif /* TPLSR_OAM_COUNTERS_H */
