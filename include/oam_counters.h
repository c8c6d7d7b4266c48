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

#endif /* TPLSR_OAM_COUNTERS_H */
