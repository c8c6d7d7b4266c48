/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The burst forwarding path, its per-lcore context and its counters.
 *
 * lsr_fwd_burst() takes received mbufs of one interface and leaves every one
 * of them in exactly one place: a per-interface transmit list (swap, P2MP
 * copies, RFC 6435 loopback), the punt list (OAM for this node, or for the
 * sink MEP), or freed with a named drop counter.  It never locks, allocates
 * (beyond P2MP copies from the lcore's mempool), logs or reads the clock:
 * time is passed in.  Live mode and replay mode call the same function.
 */
#ifndef TPLSR_LSR_FWD_H
#define TPLSR_LSR_FWD_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_common.h>
#include <rte_mbuf.h>

#include "lsr_config.h"
#include "lsr_lfib.h"

/*
 * Every drop reason, once: the enum, the counters and their names (docs/CONTRACT.md §3)
 * are generated from this list.
 */
#define foreach_lsr_drop(_)                                                      \
	_(NOT_MPLS, "not-mpls")                 /* not 0x8847/0x8848 */       \
	_(NO_LABEL, "no-label")                 /* no (in IF, label) entry */ \
	_(TTL_EXPIRED, "ttl-expired")           /* expired and not OAM */     \
	_(MISDIRECTED, "misdirected")           /* OAM for a MIP not on path */\
	_(MIP_DISABLED, "mip-disabled")                                       \
	_(UNSUPPORTED_CHANNEL, "unsupported-channel")                         \
	_(MALFORMED, "malformed")                                             \
	_(POLICED, "policed")                                                 \
	_(NO_RETURN_PATH, "no-return-path")                                   \
	_(BAD_STACK, "bad-stack")                                             \
	_(FOREIGN_MAC, "foreign-mac")           /* not to us (RFC 5332 §4) */ \
	_(NO_MBUF, "no-mbuf")                   /* no buffer for a reply */   \
	_(PUNT_FULL, "punt-full")               /* OAM ring full (live mode) */ \
	_(OVERSIZE, "oversize")                 /* longer than the ports carry */ \
	_(ROUTER_ALERT, "router-alert")         /* label 1 on top, nothing we answer */ \
	_(UNSUPPORTED_REPLY_MODE, "unsupported-reply-mode") /* needs an IP route */ \
	_(UNKNOWN_VLAN, "unknown-vlan")         /* tag of no interface on the port */ \
	_(EXPLICIT_NULL_IP, "explicit-null-ip") /* explicit null at the bottom: IP for us */

enum lsr_drop {
#define _(sym, str) LSR_DROP_##sym,
	foreach_lsr_drop(_)
#undef _
	LSR_DROP_MAX
};

extern const char *const lsr_drop_names[LSR_DROP_MAX];

/*
 * OAM's counters (the list is OAM's: include/oam_counters.h, docs/CONTRACT.md
 * §3.3) live in fixed slots of the lcore's counters, so that one snapshot
 * holds every count.  The fast path counts one of them itself, the frames an
 * RFC 6435 loop returned, in its own slot; oam_counters.h asserts that its
 * list fits and agrees.
 */
#define LSR_OAM_SLOTS		32
#define LSR_OAM_SLOT_LOOPBACK	13

/**
 * Counters owned by one lcore: only that lcore writes them, always inside a
 * write section (lsr_counters_write_begin() / _end(), once per burst), so that
 * a reader on another thread copies them whole (lsr_counters_read()) and every
 * copy balances: rx == forwarded + consumed + dropped, dropped == the sum of
 * drops[], rx and tx == the sums of if_rx[] and if_tx[] (docs/CONTRACT.md §3.1).
 * A punted frame's rx moves with it to the lcore that decides its fate
 * (dataplane/workers.c).  All members are uint64_t.
 */
struct lsr_counters {
	uint64_t seq;		/* odd inside a write section; not a count */
	uint64_t rx, forwarded, consumed, dropped, tx;
	uint64_t drops[LSR_DROP_MAX];
	uint64_t oam[LSR_OAM_SLOTS];	/* named by OAM (include/oam_counters.h) */
	uint64_t if_rx[LSR_MAX_INTERFACES];
	uint64_t if_tx[LSR_MAX_INTERFACES];
	/* Losses after a frame's fate was decided (not fates themselves). */
	uint64_t tx_full;	/* a transmit list or a port's TX queue was full */
	uint64_t copy_failed;	/* a P2MP copy could not be allocated */
};

/** Add the counts of c to sum (seq is not a count: sum's is left alone). */
void lsr_counters_add(struct lsr_counters *sum, const struct lsr_counters *c);

/** Subtract the counts of base from c (a snapshot minus a baseline). */
void lsr_counters_sub(struct lsr_counters *c, const struct lsr_counters *base);

/*
 * The owner's write section, a sequence count: odd while counters change.
 * Two stores and two compiler barriers (x86) per section; the owner opens one
 * per burst, never per frame.  Sections do not nest.  The release orderings
 * pair with the acquire orderings of lsr_counters_read().
 */
static inline void
lsr_counters_write_begin(struct lsr_counters *c)
{
	RTE_ASSERT((c->seq & 1) == 0);
	__atomic_store_n(&c->seq, __atomic_load_n(&c->seq, __ATOMIC_RELAXED) + 1,
			 __ATOMIC_RELAXED);
	/* The odd count is visible before any counter store that follows. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void
lsr_counters_write_end(struct lsr_counters *c)
{
	/* Every counter store of the section is visible before the even count. */
	__atomic_store_n(&c->seq, __atomic_load_n(&c->seq, __ATOMIC_RELAXED) + 1,
			 __ATOMIC_RELEASE);
}

/**
 * Copy counters that another thread may be writing, whole: retry until the
 * owner's sequence count reads the same even value before and after the copy.
 * Never makes the owner wait; spins briefly, then sleeps between tries so that
 * an owner preempted inside its section can finish it.  Any thread.
 * @param c   the counters (an lcore's, or a baseline)
 * @param out the copy; its seq is 0
 * @return 0; -EBUSY (c stayed inside one write section for every try, 0.1 s
 *   or more: out holds nothing usable).
 */
int lsr_counters_read(const struct lsr_counters *c, struct lsr_counters *out);

/**
 * Why a frame was punted: set by the fast path, read by oam_input().
 * The fast path has looked at the label stack and the first ACH nibble only
 * (RFC 7054 §4, feature 4).
 */
enum lsr_punt_kind {
	LSR_PUNT_MIP = 1,	/* top label's TTL expired here with GAL/ACH under it */
	LSR_PUNT_MEP,		/* the direction ends here and a GAL/ACH follows the label */
	/*
	 * Reserved labels on top of the stack (RFC 3032 §2.1, RFC 5586 §4): no
	 * LFIB entry (entry is NULL); in_slot is the arrival interface; ttl/tc
	 * are those of the reserved LSE.  ach_off is the ACH's offset when one
	 * follows as described, else 0 (nothing OAM can answer: a named drop).
	 */
	LSR_PUNT_ROUTER_ALERT,	/* label 1 on top; ach_off set when GAL (S=1) + ACH follow */
	LSR_PUNT_SECTION,	/* GAL (13, S=1) on top: section-level G-ACh for this node */
};

struct lsr_punt {
	struct rte_mbuf *m;
	const struct lsr_lfib_entry *entry;
	uint16_t in_slot;
	uint8_t kind;		/* enum lsr_punt_kind */
	uint8_t gal;		/* 1: LSP label | GAL | ACH;  0: PW label | ACH */
	uint16_t ach_off;	/* offset of the ACH from the start of the frame */
	uint8_t ttl;		/* TTL of the top LSE as received */
	uint8_t tc;		/* its TC */
};

#define LSR_BURST       32
#define LSR_TXQ_SIZE    (LSR_BURST * LSR_MAX_BRANCHES + LSR_BURST)
#define LSR_PUNT_MAX    LSR_BURST

struct lsr_txq {
	uint16_t n;
	struct rte_mbuf *pkts[LSR_TXQ_SIZE];
};

/*
 * The OAM policer (docs/CONTRACT.md §2 oam-policer, docs/OAM-NOTES.md "The OAM
 * policer"), per lcore and interface: one bucket at the configured rate and
 * burst, the ceiling, and LSR_POLICER_SHARES share buckets picked by a hash of
 * the incoming label, each refilled at rate / LSR_POLICER_SHARE_DIV with a
 * burst of max(1, burst / LSR_POLICER_SHARE_DIV).  A punt takes a token of the
 * interface bucket while it holds more than a share's burst; below that, only
 * with a token of its own share too.  So one LSP alone still gets the whole
 * rate, and a flood on one LSP leaves a share's burst in the bucket for the
 * others.
 */
#define LSR_POLICER_SHARES    32	/* share buckets per interface; a power of 2 */
#define LSR_POLICER_SHARE_DIV 8		/* a share's rate and burst: 1/8 of the interface's */

/** A token bucket on the caller's clock (time 0: not used yet, full). */
struct lsr_policer {
	uint64_t last_ns;
	uint64_t tokens_milli;	/* thousandths of a token */
};

/*
 * Destination, source and, on a VLAN sub-interface, its IEEE 802.1Q tag (TPID
 * 0x8100, PCP 0, DEI 0, the VLAN ID; docs/CONTRACT.md §2.1): the first 12
 * bytes of every frame sent on an untagged interface, the first 16 on a tagged
 * one.  tag is all zero on an untagged interface.
 */
struct lsr_adjacency {
	uint8_t peer[6];
	uint8_t mac[6];
	uint8_t tag[4];
};
static_assert(sizeof(struct lsr_adjacency) == 16, "one 12- or 16-byte copy per frame");

#define LSR_VLAN_TPID	0x8100	/* IEEE 802.1Q C-tag */
#define LSR_VLAN_HLEN	4	/* TPID + TCI */
#define LSR_ETH_VLAN_HDR_LEN (ETH_HDR_LEN + LSR_VLAN_HLEN)

/** Whether frames sent on slot carry an 802.1Q tag. */
static inline bool
lsr_adj_tagged(const struct lsr_adjacency *a)
{
	return a->tag[0] != 0;
}

/*
 * What a port's frames are classified with (docs/PORTS.md "VLAN
 * sub-interfaces"), kept at the port's receive slot: bursts of a port are
 * handed to lsr_fwd_burst() with that slot (lsr_fib.rx_slot), which is the
 * port's untagged interface, or its first interface when it has none.  All
 * zero (the default of a fib built by hand) is a port with one untagged
 * interface and no tagged one.
 */
struct lsr_rx_port {
	uint8_t *vid_slot;	/* VLAN ID -> slot + 1 (0: none), 4096 entries; NULL: no tagged IF */
	bool no_untagged;	/* the port has no untagged interface: untagged MPLS is unknown-vlan */
};

/** The read-only state a worker forwards with; published as one pointer. */
struct lsr_fib {
	struct lsr_lfib *lfib;
	const struct lsr_config *cfg;
	struct lsr_adjacency adj[LSR_MAX_INTERFACES];
	uint64_t policer_rate;		/* tokens per second; 0 = policer off */
	uint64_t policer_burst;
	struct lsr_rx_port rx[LSR_MAX_INTERFACES];	/* meaningful at receive slots only */
	uint16_t rx_slot[LSR_MAX_INTERFACES];	/* each interface's port's receive slot */
	struct lsr_lsp_counters *lsp_counters;	/* control side (include/lsr_lsp_counters.h) */
};

/*
 * Per-LSP counts (docs/CLI.md "show lsp"), one per label-table entry, i.e.
 * per LSP direction entering this node: frames and bytes (as received,
 * Ethernet header included) whose lookup found the entry, the frames sent on
 * (copies of P2MP not counted) and those the fast path dropped.
 */
struct lsr_entry_counts {
	uint64_t frames, bytes, forwarded, dropped;
};

/*
 * What an lcore keeps per entry (include/lsr_lsp_counters.h): frames and
 * bytes, and the rare outcomes; forwarded = frames - kept - dropped, worked
 * out by readers, so that a forwarded frame costs two adds.
 */
struct lsr_entry_tally {
	uint64_t frames, bytes;
	uint64_t kept;		/* punted to OAM or delivered to the sink MEP here */
	uint64_t dropped;
};

/** Per-lcore context: a worker owns it; nobody else writes it. */
struct lsr_lcore {
	struct lsr_counters c;
	/* Per-LSP counts by entry index (include/lsr_lsp_counters.h); NULL: not
	 * kept, the fast path then counts into tally_sink, read by nobody. */
	struct lsr_entry_tally *entry_tally;
	struct lsr_entry_tally tally_sink;
	struct rte_mempool *pool;	/* for P2MP copies and OAM replies */
	/* Frames longer (rte_pktmbuf_pkt_len()) than the node carries whole are
	 * dropped `oversize` before anything else (docs/PORTS.md "Frame sizes");
	 * 0: no limit (replay mode, tests). */
	uint32_t max_frame;
	uint16_t n_punt;
	struct lsr_punt punt[LSR_PUNT_MAX];
	struct lsr_policer policer[LSR_MAX_INTERFACES];	/* the ceilings */
	struct lsr_policer policer_share[LSR_MAX_INTERFACES][LSR_POLICER_SHARES];
	struct lsr_txq tx[LSR_MAX_INTERFACES];
} __rte_cache_aligned;

/**
 * Build the fib of a configuration (lfib + adjacencies + policer settings).
 * @return the fib or NULL with errno set.
 */
struct lsr_fib *lsr_fib_create(const struct lsr_config *cfg);
void lsr_fib_free(struct lsr_fib *fib);

/**
 * Set or clear RFC 6435 loopback of LSP lsp at the MIP of interface slot.
 * The slot must be on the forward direction's path here: its in interface
 * (loop at the in-MIP) or its single out interface (loop at the out-MIP), and
 * the LSP needs a reverse direction leaving this node (docs/OAM-RULES.md §5).
 * Safe while workers forward (one relaxed byte store).
 * @return 0; -ENOENT (no such LSP or no forward entry here); -EINVAL (slot not
 *   on the forward path, P2MP, or no reverse direction to loop onto).
 */
int lsr_fib_set_loopback(struct lsr_fib *fib, uint32_t lsp, uint16_t slot, bool on);

/* ---- changes of a running node (dataplane/fib_change.c, docs/PROVISIONING.md) ----
 *
 * Main lcore only, with cfg the configuration fib was built from, made
 * changeable by lsr_config_live_init().  An LSP given to these functions comes
 * from a configuration with the same interfaces in the same order as cfg's
 * (its slots mean the same).  Each checks everything first and changes nothing
 * on an error (err says why, one line); then it applies the change entry by
 * entry while workers forward.  Call lsr_fib_reclaim() after an RCU grace
 * period (lsr_dataplane_reclaimable()) so that the slots it freed are reused.
 */

/** What a reload changed. */
struct lsr_fib_change {
	uint32_t added, removed, changed;
	uint32_t mip_changed;		/* interfaces whose MIPs were turned on or off */
	bool policer_changed;
};

/**
 * Add LSP l (cfg takes its paths, lsr_config_lsp_insert()).
 * @return 0; -EEXIST (the name, or an in label, is taken); -ENOSPC (the label
 *   table is full); -ENOMEM.
 */
int lsr_fib_lsp_add(struct lsr_fib *fib, struct lsr_config *cfg, struct lsr_lsp_cfg *l,
		    char *err, size_t errlen);

/**
 * Replace the LSP called l->name by l: keys both versions use are switched by
 * one store each, so their frames are never without an entry.
 * @return 0; 1 (l is what runs: nothing done); -ENOENT (no such LSP);
 *   -EEXIST (an in label is another LSP's); -ENOSPC; -ENOMEM.
 */
int lsr_fib_lsp_replace(struct lsr_fib *fib, struct lsr_config *cfg,
			struct lsr_lsp_cfg *l, char *err, size_t errlen);

/** Delete the LSP called name. @return 0; -ENOENT. */
int lsr_fib_lsp_delete(struct lsr_fib *fib, struct lsr_config *cfg, const char *name,
		       char *err, size_t errlen);

/** Turn the MIPs of interface slot on or off (read by OAM on the main lcore). */
void lsr_fib_set_mip(struct lsr_config *cfg, uint16_t slot, bool on);

/**
 * Apply what differs between cfg and new (lsr_config_diff()): LSPs removed,
 * changed and added, MIPs, the policer.  Untouched LSPs keep their entries
 * (loopback state included); counters and policer buckets are per lcore and
 * never reset.
 * @return 0 with ch filled; -EPERM (a change that cannot be applied live:
 *   node identity, interfaces' port or MACs...); -ENOSPC; -ENOMEM.
 */
int lsr_fib_reload(struct lsr_fib *fib, struct lsr_config *cfg, const struct lsr_config *new,
		   struct lsr_fib_change *ch, char *err, size_t errlen);

/** After a grace period: the label table's and the configuration's freed slots are reused. */
void lsr_fib_reclaim(struct lsr_fib *fib, struct lsr_config *cfg);

/**
 * Forward a burst received on one port, handed with the port's receive slot
 * (fib->rx_slot[] of any of its interfaces).  Untagged frames belong to the
 * port's untagged interface; an 802.1Q-tagged frame to the interface of its
 * VLAN ID on the port (docs/PORTS.md "VLAN sub-interfaces"), whose rx counter,
 * MAC, label space, MIPs and policer bucket it then uses.  Every mbuf ends on a
 * tx list of lc, on lc->punt (the caller hands those to oam_input()), or freed
 * and counted.
 * @param now_ns time of reception (pcap time in replay, TSC-derived in live mode),
 *   used by the OAM policer only.
 */
void lsr_fwd_burst(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
		   struct rte_mbuf **pkts, uint16_t n, uint64_t now_ns);

/** Queue m for transmission on slot (Ethernet rewritten by the caller); counts tx. */
static inline void
lsr_tx_enqueue(struct lsr_lcore *lc, uint16_t slot, struct rte_mbuf *m)
{
	struct lsr_txq *q = &lc->tx[slot];

	if (unlikely(q->n == LSR_TXQ_SIZE)) {
		lc->c.tx_full++;
		rte_pktmbuf_free(m);
		return;
	}
	q->pkts[q->n++] = m;
	lc->c.tx++;
	lc->c.if_tx[slot]++;
}

/**
 * Write the Ethernet header of a frame built for slot with an untagged
 * 14-byte Ethernet header in front: dst = peer, src = ours.  On a VLAN
 * sub-interface the 4 bytes of its 802.1Q tag are prepended first (the mbuf's
 * data starts 4 bytes earlier), so the bytes the caller laid out from its own
 * byte 12 on keep their place and follow the tag: the ethertype the caller
 * writes at byte 12 of the header it built becomes the one after the tag.
 * The caller writes that ethertype (MPLS) itself.
 * @return 0; -ENOBUFS (a tagged slot and less than 4 bytes of headroom: an mbuf
 *   as allocated always has RTE_PKTMBUF_HEADROOM; the frame is unchanged).
 */
int lsr_fwd_set_eth(const struct lsr_fib *fib, uint16_t slot, struct rte_mbuf *m);

/** Count a frame's fate as dropped for reason and free it. */
static inline void
lsr_drop(struct lsr_lcore *lc, struct rte_mbuf *m, enum lsr_drop reason)
{
	lc->c.dropped++;
	lc->c.drops[reason]++;
	rte_pktmbuf_free(m);
}

#endif /* TPLSR_LSR_FWD_H */
