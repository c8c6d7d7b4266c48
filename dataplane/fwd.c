/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The burst forwarding path (docs/OAM-RULES.md §1).  Per frame: check the
 * Ethernet type and destination (docs/CONTRACT.md §3.2), walk the label stack
 * (bounded by 16 entries and the frame), look up (in interface, top label),
 * then one of: deliver to the sink MEP, trap TTL-expiring OAM for this node,
 * drop an expired data frame, loop back (RFC 6435), swap, or replicate (P2MP).
 *
 * The common case is decided in one piece (swap_fast(): an untagged 0x8847
 * frame to us, one label with TTL > 1, whose label index word holds its one
 * untagged leg); every other frame goes, untouched, to the full decision
 * (fwd_one()), where the rare cases leave once each: a frame whose ethertype
 * is not MPLS (802.1Q-tagged frames of VLAN sub-interfaces, docs/PORTS.md), a
 * top label without an entry (the reserved labels, docs/RESERVED-LABELS.md).
 * docs/DESIGN.md "The label table", docs/BENCH.md "The fast path".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "lsr_fwd.h"
#include "lsr_lsp_counters.h"

#define LSR_MAX_STACK 16	/* deepest label stack walked (docs/OAM-RULES.md §1 step 1) */

static_assert(LSR_MAX_INTERFACES < UINT8_MAX, "a VLAN table holds slot + 1 in a byte");
static_assert(RTE_PKTMBUF_HEADROOM >= LSR_VLAN_HLEN, "room to push a tag");
static_assert(LSR_POLICER_SHARES > 1 && (LSR_POLICER_SHARES & (LSR_POLICER_SHARES - 1)) == 0,
	      "the share index is the top bits of a 32-bit hash");

/*
 * Group the interfaces by port (docs/PORTS.md "VLAN sub-interfaces"): each
 * port's receive slot is its untagged interface, or its first one when it has
 * none; the receive slot holds the port's VLAN ID -> interface table.
 * @return 0; -ENOMEM.
 */
static int
rx_ports_build(struct lsr_fib *fib, const struct lsr_config *cfg)
{
	for (uint16_t i = 0; i < cfg->n_interfaces; i++) {
		const struct lsr_interface_cfg *ic = &cfg->interfaces[i];
		uint16_t rx = i;

		/* The port's untagged interface, else its first. */
		for (uint16_t j = 0; j < cfg->n_interfaces; j++) {
			if (!lsr_interfaces_share_port(ic, &cfg->interfaces[j]))
				continue;
			if (cfg->interfaces[j].vlan == LSR_VLAN_NONE) {
				rx = j;
				break;
			}
			rx = RTE_MIN(rx, j);
		}
		fib->rx_slot[i] = rx;
	}
	for (uint16_t i = 0; i < cfg->n_interfaces; i++) {
		struct lsr_rx_port *rp = &fib->rx[fib->rx_slot[i]];
		uint16_t vlan = cfg->interfaces[i].vlan;

		if (fib->rx_slot[i] == i)
			rp->no_untagged = vlan != LSR_VLAN_NONE;
		if (vlan == LSR_VLAN_NONE)
			continue;
		if (rp->vid_slot == NULL) {
			rp->vid_slot = calloc(LSR_VLAN_MAX + 2, 1);	/* VIDs 0 .. 4095 */
			if (rp->vid_slot == NULL)
				return -ENOMEM;
		}
		rp->vid_slot[vlan] = (uint8_t)(i + 1);
	}
	return 0;
}

struct lsr_fib *
lsr_fib_create(const struct lsr_config *cfg)
{
	struct lsr_fib *fib = calloc(1, sizeof(*fib));

	if (fib == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	fib->lfib = lsr_lfib_build(cfg);
	if (fib->lfib == NULL) {
		int e = errno;

		free(fib);
		errno = e;
		return NULL;
	}
	fib->cfg = cfg;
	for (unsigned i = 0; i < cfg->n_interfaces; i++) {
		const struct lsr_interface_cfg *ic = &cfg->interfaces[i];

		memcpy(fib->adj[i].mac, ic->mac, 6);
		memcpy(fib->adj[i].peer, ic->peer, 6);
		if (ic->vlan != LSR_VLAN_NONE) {
			/* PCP 0, DEI 0 (docs/CONTRACT.md §2.1). */
			wire_put16(fib->adj[i].tag, LSR_VLAN_TPID);
			wire_put16(fib->adj[i].tag + 2, ic->vlan);
		}
	}
	if (rx_ports_build(fib, cfg) < 0) {
		lsr_fib_free(fib);
		errno = ENOMEM;
		return NULL;
	}
	fib->policer_rate = cfg->policer_rate;
	fib->policer_burst = cfg->policer_burst;
	return fib;
}

void
lsr_fib_free(struct lsr_fib *fib)
{
	if (fib == NULL)
		return;
	for (unsigned i = 0; i < LSR_MAX_INTERFACES; i++)
		free(fib->rx[i].vid_slot);
	lsr_lsp_counters_detach(fib);
	lsr_lfib_free(fib->lfib);
	free(fib);
}

int
lsr_fib_set_loopback(struct lsr_fib *fib, uint32_t lsp, uint16_t slot, bool on)
{
	struct lsr_lfib_entry *e;

	if (lsp >= fib->cfg->n_lsps)
		return -ENOENT;
	e = lsr_lfib_forward_entry(fib->lfib, lsp);
	if (e == NULL)
		return -ENOENT;
	/* RFC 6435 §4: MIP loopback needs a bidirectional co-routed path. */
	if (e->ret_slot == LSR_SLOT_NONE || e->n_out > 1)
		return -EINVAL;
	if (slot != e->in_slot && slot != e->out_slot)
		return -EINVAL;
	if (!on)
		lsr_lfib_set_loop(fib->lfib, e, LSR_LOOP_NONE);
	else
		lsr_lfib_set_loop(fib->lfib, e, slot == e->in_slot ? LSR_LOOP_IN_MIP : LSR_LOOP_OUT_MIP);
	return 0;
}

/*
 * Rewrite the Ethernet header of m, whose MPLS part starts at in_hl (14:
 * untagged, 18: 802.1Q-tagged), for leaving on the interface of adjacency a:
 * the tag is pushed, rewritten or popped as a says (docs/PORTS.md), and the
 * ethertype after it is kept where it was.  @return the frame's start, or NULL
 * when a tag must be pushed and the mbuf has no headroom (m unchanged).
 */
static inline uint8_t *
eth_rewrite(struct rte_mbuf *m, uint32_t in_hl, const struct lsr_adjacency *a)
{
	uint32_t out_hl = lsr_adj_tagged(a) ? LSR_ETH_VLAN_HDR_LEN : ETH_HDR_LEN;
	uint8_t *p;

	if (out_hl > in_hl)
		p = (uint8_t *)rte_pktmbuf_prepend(m, LSR_VLAN_HLEN);
	else if (out_hl < in_hl)
		p = (uint8_t *)rte_pktmbuf_adj(m, LSR_VLAN_HLEN);
	else
		p = rte_pktmbuf_mtod(m, uint8_t *);
	if (likely(p != NULL))
		memcpy(p, a, out_hl - 2);
	return p;
}

int
lsr_fwd_set_eth(const struct lsr_fib *fib, uint16_t slot, struct rte_mbuf *m)
{
	return eth_rewrite(m, ETH_HDR_LEN, &fib->adj[slot]) != NULL ? 0 : -ENOBUFS;
}

/* Refill a bucket (thousandths of a token, at most cap_milli) at rate tokens per second. */
static inline void
policer_refill(struct lsr_policer *pol, uint64_t rate, uint64_t cap_milli, uint64_t now_ns)
{
	if (pol->last_ns == 0) {
		pol->tokens_milli = cap_milli;
	} else if (now_ns > pol->last_ns) {
		uint64_t dt = now_ns - pol->last_ns;
		uint64_t add = dt > UINT64_MAX / rate ? cap_milli : dt * rate / 1000000;

		pol->tokens_milli = add >= cap_milli - pol->tokens_milli ? cap_milli :
				    pol->tokens_milli + add;
	}
	if (now_ns > pol->last_ns || pol->last_ns == 0)
		pol->last_ns = now_ns ? now_ns : 1;
}

/*
 * docs/CONTRACT.md §2 oam-policer, the design in include/lsr_fwd.h: the
 * interface bucket is the ceiling; above a share's burst it serves anyone,
 * below it only a label whose share bucket has a token, so that one flooded
 * LSP cannot take the last tokens from the others (docs/OAM-NOTES.md).
 */
static inline bool
policer_admit(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot, uint32_t label,
	      uint64_t now_ns)
{
	/* Fibonacci hashing: consecutive labels land in different shares. */
	uint32_t h = (label * 2654435761u) >> (32 - __builtin_ctz(LSR_POLICER_SHARES));
	struct lsr_policer *ifb = &lc->policer[in_slot];
	struct lsr_policer *share = &lc->policer_share[in_slot][h];
	/* A share's burst, in thousandths of a token: also what the interface keeps back. */
	uint64_t share_burst = RTE_MAX(fib->policer_burst / LSR_POLICER_SHARE_DIV, (uint64_t)1) * 1000;
	/* A share counts in 1/DIV of a thousandth, so that it refills at exactly rate / DIV. */
	const uint64_t share_token = LSR_POLICER_SHARE_DIV * 1000;

	if (fib->policer_rate == 0)
		return true;
	policer_refill(ifb, fib->policer_rate, fib->policer_burst * 1000, now_ns);
	policer_refill(share, fib->policer_rate, share_burst * LSR_POLICER_SHARE_DIV, now_ns);
	if (ifb->tokens_milli >= share_burst + 1000) {
		ifb->tokens_milli -= 1000;	/* spare capacity: anyone */
		return true;
	}
	if (ifb->tokens_milli < 1000 || share->tokens_milli < share_token)
		return false;
	ifb->tokens_milli -= 1000;		/* the reserve: within its share only */
	share->tokens_milli -= share_token;
	return true;
}

/*
 * Per-LSP counts (include/lsr_lsp_counters.h): two adds per frame into the
 * entry's counts, a line prefetched a burst ahead in a large table; the rare
 * outcomes (kept: punted or delivered here; dropped) add to the same line, and
 * forwarded is what is left, worked out by readers.  Written inside the
 * burst's section.
 */
static __rte_always_inline void
tally_frame(struct lsr_entry_tally *t, uint32_t len)
{
	t->frames++;
	t->bytes += len;
}

static __rte_always_inline struct lsr_entry_tally *
lsp_count(struct lsr_lcore *lc, struct lsr_entry_tally *tally, uint32_t idx,
	  const struct rte_mbuf *m)
{
	struct lsr_entry_tally *t;

	if (unlikely(tally == NULL))
		return &lc->tally_sink;
	t = &tally[idx];
	tally_frame(t, rte_pktmbuf_pkt_len(m));
	return t;
}

static inline void
punt(struct lsr_lcore *lc, const struct lsr_fib *fib, struct rte_mbuf *m,
     const struct lsr_lfib_entry *e, struct lsr_entry_tally *t, uint16_t in_slot, enum lsr_punt_kind kind,
     bool gal, uint16_t ach_off, struct mpls_lse top, uint64_t now_ns)
{
	struct lsr_punt *p;

	/* docs/OAM-RULES.md §1 step 4: the policer runs before any parsing of the message. */
	if (!policer_admit(lc, fib, in_slot, top.label, now_ns)) {
		if (t != NULL)
			t->dropped++;
		lsr_drop(lc, m, LSR_DROP_POLICED);
		return;
	}
	if (unlikely(lc->n_punt == LSR_PUNT_MAX)) {	/* the caller drains it every burst */
		if (t != NULL)
			t->dropped++;
		lsr_drop(lc, m, LSR_DROP_PUNT_FULL);
		return;
	}
	if (t != NULL)
		t->kept++;
	p = &lc->punt[lc->n_punt++];
	p->m = m;
	p->entry = e;
	p->in_slot = in_slot;
	p->kind = (uint8_t)kind;
	p->gal = gal;
	p->ach_off = ach_off;
	p->ttl = top.ttl;
	p->tc = top.tc;
}

/* send_on() for a frame that arrived tagged, or leaves by an interface not known untagged. */
static __rte_noinline void
send_tagged(struct lsr_lcore *lc, struct rte_mbuf *m, uint32_t hl, const struct lsr_adjacency *a,
	    uint16_t slot)
{
	if (unlikely(eth_rewrite(m, hl, a) == NULL)) {
		/* XXX: no headroom for the tag; every PMD leaves RTE_PKTMBUF_HEADROOM.
		 * A loss after the fate was decided, counted with the full queues. */
		lc->c.tx_full++;
		rte_pktmbuf_free(m);
		return;
	}
	lsr_tx_enqueue(lc, slot, m);
}

/*
 * Rewrite the top LSE (label, TTL; TC and S kept) and the Ethernet header for
 * the out leg (slot, label), and queue the frame.  top is the received top
 * LSE, at hl (the received Ethernet header's length); untagged: slot is known
 * to be an untagged interface (false: the adjacency says).
 */
static __rte_always_inline void
send_on(struct lsr_lcore *lc, const struct lsr_fib *fib, struct rte_mbuf *m, uint32_t hl,
	struct mpls_lse top, uint16_t slot, uint32_t label, uint8_t ttl, bool untagged)
{
	const struct lsr_adjacency *a = &fib->adj[slot];
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);

	top.label = label;
	top.ttl = ttl;
	mpls_lse_store(p + hl, top);
	if (unlikely(hl != ETH_HDR_LEN || !untagged)) {
		send_tagged(lc, m, hl, a, slot);
		return;
	}
	memcpy(p, a, ETH_HDR_LEN - 2);
	lsr_tx_enqueue(lc, slot, m);
}

static inline void
replicate(struct lsr_lcore *lc, const struct lsr_fib *fib, struct rte_mbuf *m, uint32_t hl,
	  const struct lsr_lfib_entry *e, struct mpls_lse top, uint8_t ttl)
{
	const struct lsr_out *o = lsr_lfib_outs(fib->lfib, e);

	/* Copies first, then the original goes out on leg 0. */
	for (unsigned i = 1; i < e->n_out; i++) {
		struct rte_mbuf *c = rte_pktmbuf_copy(m, lc->pool, 0, UINT32_MAX);

		if (unlikely(c == NULL)) {
			lc->c.copy_failed++;
			continue;
		}
		send_on(lc, fib, c, hl, top, o[i].slot, o[i].label, ttl,
			!lsr_adj_tagged(&fib->adj[o[i].slot]));
	}
	send_on(lc, fib, m, hl, top, o[0].slot, o[0].label, ttl,
		!lsr_adj_tagged(&fib->adj[o[0].slot]));
}

/*
 * docs/OAM-RULES.md §1 step 1 beyond the top entry (at hl): walk to the bottom
 * of the stack, bounded by the frame and LSR_MAX_STACK; a GAL must be the
 * bottom entry [RFC 5586 §4].  @return the offset after the stack, or 0 for
 * bad-stack; *gal_under_top is set when the second entry is the GAL.
 */
static uint32_t
walk_stack(const uint8_t *p, uint32_t len, uint32_t hl, bool *gal_under_top)
{
	uint32_t off = hl + MPLS_LSE_LEN;

	for (unsigned depth = 1; depth < LSR_MAX_STACK; depth++) {
		struct mpls_lse lse;

		if (off + MPLS_LSE_LEN > len)
			return 0;
		lse = mpls_lse_load(p + off);
		off += MPLS_LSE_LEN;
		if (lse.label == MPLS_LABEL_GAL) {
			if (!lse.s)
				return 0;
			*gal_under_top = depth == 1;
		}
		if (lse.s)
			return off;
	}
	return 0;
}

/*
 * docs/CONTRACT.md §3.2 foreign-mac: a labelled frame is for this node when it
 * is sent to the arrival interface's `mac`, or, with ethertype 0x8848, to an
 * MPLS multicast address [RFC 5332 §4].  Broadcast, IPv4 multicast and other
 * hosts' addresses are not, whatever the port delivers (promiscuous mode).
 */
struct mac_match {
	uint64_t word;		/* our MAC in the first 6 bytes, as memcpy() puts them */
};

/* The first 6 bytes of a word loaded from memory: a MAC address's. */
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
#define MAC_WORD_MASK 0x0000ffffffffffffull
#else
#define MAC_WORD_MASK 0xffffffffffff0000ull
#endif

static inline bool
dst_is_ours(const uint8_t *dst, struct mac_match ours, rte_be16_t etype)
{
	uint64_t w;

	memcpy(&w, dst, sizeof(w));	/* the caller checked 14 bytes: 6 + 2 of the source */
	if (likely(((w ^ ours.word) & MAC_WORD_MASK) == 0))
		return true;
	return etype == RTE_BE16(MPLS_ETHERTYPE_MULTICAST) && mpls_mcast_mac(dst);
}

/*
 * The destination check of interface slot: one load and a masked compare per
 * frame.  The word is assembled in registers, as an 8-byte load of the MAC
 * would put it: a 6-byte copy into memory read back as 8 bytes stalls the
 * store forwarding of every burst.
 */
static inline struct mac_match
mac_match_of(const struct lsr_fib *fib, uint16_t slot)
{
	const uint8_t *mac = fib->adj[slot].mac;
	struct mac_match ours;
	uint32_t lo;
	uint16_t hi;

	memcpy(&lo, mac, sizeof(lo));
	memcpy(&hi, mac + sizeof(lo), sizeof(hi));
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
	ours.word = (uint64_t)lo | (uint64_t)hi << 32;
#else
	ours.word = (uint64_t)lo << 32 | (uint64_t)hi << 16;
#endif
	return ours;
}

static void fwd_reserved(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
			 struct rte_mbuf *m, uint32_t hl, uint32_t off, bool gal_under_top,
			 uint64_t now_ns);

/*
 * The label stack of a frame for this node that arrived on in_slot, its
 * Ethernet header checked (type and destination): hl bytes long, 14 or 18.
 */
static __rte_always_inline void
fwd_mpls(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
	 struct rte_mbuf *m, uint32_t hl, uint64_t now_ns)
{
	/* XXX: only the first segment is inspected; a label stack split across
	 * segments counts as bad-stack.  Every PMD used here delivers the headers
	 * in the first segment. */
	const uint32_t len = rte_pktmbuf_data_len(m);
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct lsr_lfib_entry *e;
	uint32_t off = hl + MPLS_LSE_LEN;
	bool gal_under_top = false;
	struct lsr_entry_tally *t;
	struct mpls_lse top;

	if (unlikely(len < hl + MPLS_LSE_LEN)) {
		lsr_drop(lc, m, LSR_DROP_BAD_STACK);
		return;
	}
	top = mpls_lse_load(p + hl);
	if (!top.s) {
		off = walk_stack(p, len, hl, &gal_under_top);
		if (unlikely(off == 0)) {
			lsr_drop(lc, m, LSR_DROP_BAD_STACK);
			return;
		}
	}

	e = lsr_lfib_lookup(fib->lfib, in_slot, top.label);
	if (unlikely(e == NULL)) {
		/* Labels 0-15 never have an entry (docs/CONTRACT.md §2.2). */
		if (top.label <= MPLS_LABEL_RESERVED_MAX)
			fwd_reserved(lc, fib, in_slot, m, hl, off, gal_under_top, now_ns);
		else
			lsr_drop(lc, m, LSR_DROP_NO_LABEL);
		return;
	}
	t = lsp_count(lc, lc->entry_tally, (uint32_t)(e - fib->lfib->entries), m);

	if (unlikely(e->n_out == 0 || top.ttl <= 1)) {
		/* OAM for this node: a GAL right under the top LSE (LSP), or an ACH
		 * after a bottom-of-stack PW label [RFC 5586 §4, RFC 6423 §3].
		 * The fast path looks no further than the ACH's first nibble. */
		bool pw_ach = top.s && off < len && GACH_NIBBLE(p[off]) == GACH_ACH_NIBBLE;

		if (gal_under_top || pw_ach) {
			punt(lc, fib, m, e, t, in_slot, e->n_out == 0 ? LSR_PUNT_MEP : LSR_PUNT_MIP,
			     gal_under_top, (uint16_t)off, top, now_ns);
			return;
		}
		if (e->n_out == 0) {
			/* Data for the sink MEP of this direction: delivered here. */
			lc->c.consumed++;
			t->kept++;
			rte_pktmbuf_free(m);
			return;
		}
		t->dropped++;
		lsr_drop(lc, m, LSR_DROP_TTL_EXPIRED);
		return;
	}

	lc->c.forwarded++;
	if (unlikely(lsr_lfib_get_loop(e) != LSR_LOOP_NONE)) {
		/* RFC 6435 §4: everything of the forward direction reaching the
		 * looped MIP goes back toward the source, TTL decremented only. */
		lc->c.oam[LSR_OAM_SLOT_LOOPBACK]++;
		send_on(lc, fib, m, hl, top, e->ret_slot, e->ret_label, top.ttl - 1, false);
		return;
	}
	if (likely(e->out_untagged))	/* one leg, untagged: n_out is 1 */
		send_on(lc, fib, m, hl, top, e->out_slot, e->out_label, top.ttl - 1, true);
	else if (e->n_out == 1)
		send_on(lc, fib, m, hl, top, e->out_slot, e->out_label, top.ttl - 1, false);
	else
		replicate(lc, fib, m, hl, e, top, top.ttl - 1);
}

/*
 * A reserved label on top (docs/RESERVED-LABELS.md), off the common path: the
 * stack under it was walked (off: after the bottom entry; gal_under_top: the
 * second entry is the GAL, at the bottom).
 */
static __rte_noinline void
fwd_reserved(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
	     struct rte_mbuf *m, uint32_t hl, uint32_t off, bool gal_under_top, uint64_t now_ns)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	/* Read again rather than passed: the caller's loop keeps fewer values live. */
	const struct mpls_lse top = mpls_lse_load(p + hl);
	struct mpls_lse next;

	switch (top.label) {
	case MPLS_LABEL_IPV4_NULL:
	case MPLS_LABEL_IPV6_NULL:
		if (top.s) {
			/* RFC 3032 §2.1: IP follows, for this node: not an LSR's job. */
			lsr_drop(lc, m, LSR_DROP_EXPLICIT_NULL_IP);
			return;
		}
		/*
		 * RFC 3032 §2.1: pop it and process the next entry as if it had
		 * arrived on top.  Its TTL is the smaller of the two, so that
		 * popping never raises a TTL [RFC 3443 §3]: docs/RESERVED-LABELS.md.
		 * The walk guaranteed the next entry is in the frame; each pop
		 * removes one of at most LSR_MAX_STACK entries, so this recursion
		 * is bounded by the stack the walk accepted.
		 */
		next = mpls_lse_load(p + hl + MPLS_LSE_LEN);
		next.ttl = RTE_MIN(next.ttl, top.ttl);
		mpls_lse_store(p + hl + MPLS_LSE_LEN, next);
		memmove(p + MPLS_LSE_LEN, p, hl);
		rte_pktmbuf_adj(m, MPLS_LSE_LEN);
		fwd_mpls(lc, fib, in_slot, m, hl, now_ns);
		return;
	case MPLS_LABEL_ROUTER_ALERT:
		/*
		 * RFC 3032 §2.1: for this node's control software, whatever is
		 * under it; OAM answers what it can (a GAL at the bottom right
		 * under it, then an ACH) and drops the rest as router-alert.
		 */
		if (!(gal_under_top && off < rte_pktmbuf_data_len(m) &&
		      GACH_NIBBLE(p[off]) == GACH_ACH_NIBBLE))
			off = 0;
		punt(lc, fib, m, NULL, NULL, in_slot, LSR_PUNT_ROUTER_ALERT, off != 0, (uint16_t)off,
		     top, now_ns);
		return;
	case MPLS_LABEL_GAL:
		/* RFC 5586 §4: the GAL is the bottom entry; on top, section-level
		 * G-ACh for this node, the ACH right after it (OAM checks it). */
		if (!top.s) {
			lsr_drop(lc, m, LSR_DROP_BAD_STACK);
			return;
		}
		punt(lc, fib, m, NULL, NULL, in_slot, LSR_PUNT_SECTION, true,
		     (uint16_t)(hl + MPLS_LSE_LEN), top, now_ns);
		return;
	default:
		/* Implicit null (never on the wire), ELI, OAM alert, unassigned. */
		lsr_drop(lc, m, LSR_DROP_NO_LABEL);
		return;
	}
}

/*
 * A frame of len bytes is longer than lc->max_frame (0: no limit), given lim =
 * lc->max_frame - 1: one compare, the limit 0 wrapping to the largest.
 */
static __rte_always_inline bool
oversize(uint32_t len, uint32_t lim)
{
	return len - 1 > lim;
}

/*
 * A frame whose ethertype is not MPLS, or any frame of a port without an
 * untagged interface (docs/PORTS.md "VLAN sub-interfaces"): an 802.1Q tag
 * picks the port's interface, then the label stack after it is processed as
 * for an untagged frame of that interface.  rx_slot is the port's receive slot,
 * whose rx counted the frame: a frame given to another interface moves there.
 */
static __rte_noinline void
fwd_l2_other(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t rx_slot,
	     struct rte_mbuf *m, uint64_t now_ns)
{
	const struct lsr_rx_port *rp = &fib->rx[rx_slot];
	const uint32_t len = rte_pktmbuf_data_len(m);
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	uint16_t etype, vid, slot;

	if (len < ETH_HDR_LEN) {
		lsr_drop(lc, m, LSR_DROP_NOT_MPLS);
		return;
	}
	etype = wire_get16(p + 12);
	if (etype == MPLS_ETHERTYPE_UNICAST || etype == MPLS_ETHERTYPE_MULTICAST) {
		/* Untagged, on a port whose interfaces are all tagged. */
		lsr_drop(lc, m, LSR_DROP_UNKNOWN_VLAN);
		return;
	}
	if (etype != LSR_VLAN_TPID || len < LSR_ETH_VLAN_HDR_LEN) {
		/* QinQ (0x88a8) and every other type included. */
		lsr_drop(lc, m, LSR_DROP_NOT_MPLS);
		return;
	}
	vid = wire_get16(p + 14) & 0x0fff;
	if (vid == 0)	/* priority-tagged: the untagged interface's [IEEE 802.1Q] */
		slot = rp->no_untagged ? LSR_SLOT_NONE : rx_slot;
	else
		slot = rp->vid_slot != NULL && rp->vid_slot[vid] ? rp->vid_slot[vid] - 1 :
		       LSR_SLOT_NONE;
	if (slot == LSR_SLOT_NONE) {
		lsr_drop(lc, m, LSR_DROP_UNKNOWN_VLAN);
		return;
	}
	lc->c.if_rx[rx_slot]--;
	lc->c.if_rx[slot]++;
	etype = wire_get16(p + 16);
	if (etype != MPLS_ETHERTYPE_UNICAST && etype != MPLS_ETHERTYPE_MULTICAST) {
		lsr_drop(lc, m, LSR_DROP_NOT_MPLS);
		return;
	}
	if (!dst_is_ours(p, mac_match_of(fib, slot), rte_cpu_to_be_16(etype))) {
		lsr_drop(lc, m, LSR_DROP_FOREIGN_MAC);
		return;
	}
	fwd_mpls(lc, fib, slot, m, LSR_ETH_VLAN_HDR_LEN, now_ns);
}

/*
 * Every check of docs/OAM-RULES.md §1 for one frame, in order, and its fate:
 * the whole decision, for the frames swap_fast() leaves (and for every frame
 * of an interface that receives no labels or of a port of tagged interfaces
 * only).  A frame longer than the node carries whole is dropped first,
 * `oversize` (docs/PORTS.md "Frame sizes"): whichever port it would leave by,
 * it is never sent cut, nor counted forwarded and then lost.
 */
static __rte_noinline void
fwd_one(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
	struct mac_match ours, struct rte_mbuf *m, uint64_t now_ns)
{
	const uint32_t len = rte_pktmbuf_data_len(m);
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	rte_be16_t etype;

	if (unlikely(oversize(rte_pktmbuf_pkt_len(m), lc->max_frame - 1))) {
		lsr_drop(lc, m, LSR_DROP_OVERSIZE);
		return;
	}
	if (unlikely(fib->rx[in_slot].no_untagged)) {
		/* A port of tagged interfaces only: every frame is classified by its tag. */
		fwd_l2_other(lc, fib, in_slot, m, now_ns);
		return;
	}
	if (unlikely(len < ETH_HDR_LEN)) {
		lsr_drop(lc, m, LSR_DROP_NOT_MPLS);
		return;
	}
	memcpy(&etype, p + 12, sizeof(etype));
	if (unlikely(etype != RTE_BE16(MPLS_ETHERTYPE_UNICAST) &&
		     etype != RTE_BE16(MPLS_ETHERTYPE_MULTICAST))) {
		fwd_l2_other(lc, fib, in_slot, m, now_ns);
		return;
	}
	if (unlikely(!dst_is_ours(p, ours, etype))) {
		lsr_drop(lc, m, LSR_DROP_FOREIGN_MAC);
		return;
	}
	fwd_mpls(lc, fib, in_slot, m, ETH_HDR_LEN, now_ns);
}

/* Top label of a frame for the prefetch passes (0 for a runt); nothing else checked. */
static inline uint32_t
peek_label(const struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);

	if (rte_pktmbuf_data_len(m) < ETH_HDR_LEN + MPLS_LSE_LEN)
		return 0;
	return mpls_lse_load(p + ETH_HDR_LEN).label;
}

/*
 * The transmit list of the current run of common-case frames to one out slot,
 * kept in registers: the list, its fill, and the slot's adjacency.  A run ends
 * (run_end()) at a frame for another slot, before fwd_one(), which may queue on
 * the same list, and at the end of the burst; only then are the list's fill
 * and the run's counts (forwarded, tx, the slot's tx) written.  Frames of a
 * run are many in a row on a real LSR (one in-port feeds few out-ports), so
 * each frame costs a store of its mbuf and no counter in memory.
 */
struct tx_run {
	struct lsr_txq *q;
	const struct lsr_adjacency *adj;
	uint32_t n, n0;			/* the list's fill now, and when the run began */
	uint32_t key;			/* lsr_ix_key_of() the run's slot; RUN_NONE */
};

/* No run: a key no index word has (without LSR_IX_SWAP a word's key is 0). */
#define RUN_NONE UINT32_MAX

static __rte_always_inline void
run_end(struct lsr_lcore *lc, struct tx_run *r)
{
	uint32_t k = r->n - r->n0;

	if (r->key == RUN_NONE)
		return;
	r->q->n = (uint16_t)r->n;
	lc->c.forwarded += k;
	lc->c.tx += k;
	lc->c.if_tx[r->key & ~lsr_ix_key_of(0)] += k;	/* the key's slot */
	r->key = RUN_NONE;
}

static __rte_always_inline void
run_begin(struct lsr_lcore *lc, const struct lsr_fib *fib, struct tx_run *r, uint16_t slot)
{
	run_end(lc, r);
	r->q = &lc->tx[slot];
	r->adj = &fib->adj[slot];
	r->n = r->n0 = r->q->n;
	r->key = lsr_ix_key_of(slot);
}

/*
 * The common case in one piece, decided with the frame's start p (at least
 * 18 bytes), its first LSE w (host order) and the index word ixw of that
 * label.  The word must have LSR_IX_SWAP: an entry with one leg on an
 * untagged interface and no RFC 6435 loopback, whose leg the word holds; a
 * leg on the run's slot is one compare, another begins a run there (r).  What
 * is left to check is the frame: untagged 0x8847 to our MAC, one label (S =
 * 1) with TTL > 1, not oversize; and room in the leg's transmit list.  Each
 * of those conditions is one fwd_one() tests, and with all of them fwd_one()
 * swaps, so the fate is the same; anything else returns false with the frame
 * untouched, for fwd_one() to decide from the start.  The entry itself is not
 * read; the caller counts the frame against its LSP, *len its length.
 */
static __rte_always_inline bool
swap_fast(struct lsr_lcore *lc, const struct lsr_fib *fib, struct tx_run *r,
	  struct mac_match ours, uint32_t lim, struct rte_mbuf *m, uint8_t *p, uint32_t w,
	  uint64_t ixw, uint32_t *len)
{
	rte_be16_t etype;
	uint64_t dst;

	if (unlikely(lsr_ix_key(ixw) != r->key)) {
		if (!(ixw & LSR_IX_SWAP))
			return false;
		run_begin(lc, fib, r, lsr_ix_slot(ixw));
	}
	memcpy(&dst, p, sizeof(dst));
	memcpy(&etype, p + 12, sizeof(etype));
	*len = rte_pktmbuf_pkt_len(m);
	/* S = 1 and TTL > 1 in one compare: S is the bit above the TTL's byte. */
	if (unlikely(((dst ^ ours.word) & MAC_WORD_MASK) != 0 ||
		     etype != RTE_BE16(MPLS_ETHERTYPE_UNICAST) ||
		     (w & (MPLS_S_MASK | MPLS_TTL_MASK)) < (MPLS_S_MASK | 2) ||
		     oversize(*len, lim) || r->n == LSR_TXQ_SIZE))
		return false;

	/* The list first: the frame's bytes, written last, may alias anything. */
	r->q->pkts[r->n++] = m;
	mpls_lse_swap(p + ETH_HDR_LEN, w, lsr_ix_label(ixw));
	memcpy(p, r->adj, ETH_HDR_LEN - 2);
	return true;
}

/* The index word of label on ix. */
static __rte_always_inline uint64_t
index_word(const uint64_t *ix, uint32_t label)
{
	/* Pairs with the release store that publishes an entry (lsr_lfib_add()). */
	return __atomic_load_n(&ix[label & MPLS_LABEL_MAX], __ATOMIC_ACQUIRE);
}

/* One frame's per-LSP counts, entry number e (1-based, as index words hold it). */
static __rte_always_inline void
tally_add(struct lsr_entry_tally *tally, uint32_t e, uint32_t len)
{
	tally_frame(&tally[(uint64_t)e - 1], len);	/* 64-bit: the - 1 an offset */
}

/*
 * A small table stays in the caches: each frame looked up in turn, and
 * counted against its LSP at once (counting: per-LSP counts are kept).
 */
static __rte_always_inline void
fwd_small_table(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
		struct mac_match ours, uint32_t lim, struct rte_mbuf **pkts, uint16_t n,
		uint64_t now_ns, bool counting)
{
	const uint64_t *ix = fib->lfib->index[in_slot];
	struct lsr_entry_tally *tally = lc->entry_tally;
	struct tx_run r = { .key = RUN_NONE };

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
		uint32_t w, len;
		uint64_t ixw;

		if (likely(rte_pktmbuf_data_len(m) >= ETH_HDR_LEN + MPLS_LSE_LEN)) {
			w = wire_get32(p + ETH_HDR_LEN);
			ixw = index_word(ix, w >> MPLS_LABEL_SHIFT);
			if (likely(swap_fast(lc, fib, &r, ours, lim, m, p, w, ixw, &len))) {
				if (counting)
					tally_add(tally, lsr_ix_entry(ixw), len);
				continue;
			}
		}
		run_end(lc, &r);
		fwd_one(lc, fib, in_slot, ours, m, now_ns);
	}
	run_end(lc, &r);
}

/*
 * A large table: the index word is a cache miss, and so are the per-LSP
 * counts (and the entry, for a frame off the common case), whose address
 * depends on the index word.  Pass 1 prefetches every frame's index word
 * (reading the label also brings each frame's header in), pass 2 reads them
 * and prefetches the counts (the entry when the word does not say all), so
 * that the misses of a burst overlap; pass 3 forwards; pass 4 counts the
 * frames pass 3 took against their LSPs, in a loop of its own: a count
 * written in pass 3 would hold pass 3 up on a line still on its way, with
 * few frames' work to overlap (docs/BENCH.md "The fast path").
 */
static __rte_always_inline void
fwd_large_table(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
		struct mac_match ours, uint32_t lim, struct rte_mbuf **pkts, uint16_t n,
		uint64_t now_ns, bool counting)
{
	const uint64_t *ix = fib->lfib->index[in_slot];
	struct lsr_entry_tally *tally = lc->entry_tally;
	struct tx_run r = { .key = RUN_NONE };
	uint32_t label[LSR_BURST], fast_e[LSR_BURST], fast_len[LSR_BURST];
	uint64_t word[LSR_BURST];

	for (uint16_t base = 0; base < n; base += LSR_BURST) {
		uint16_t k = RTE_MIN(n - base, LSR_BURST), n_fast = 0;

		for (uint16_t i = 0; i < k; i++) {
			label[i] = peek_label(pkts[base + i]);
			rte_prefetch0(&ix[label[i] & MPLS_LABEL_MAX]);
		}
		for (uint16_t i = 0; i < k; i++) {
			uint32_t e;

			word[i] = index_word(ix, label[i]);
			e = lsr_ix_entry(word[i]);
			if (e == 0)
				continue;
			if (!(word[i] & LSR_IX_SWAP))
				rte_prefetch0(&fib->lfib->entries[e - 1]);
			if (counting)
				rte_prefetch0(&tally[e - 1]);
		}
		for (uint16_t i = 0; i < k; i++) {
			struct rte_mbuf *m = pkts[base + i];
			uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
			uint32_t len;

			/* A runt's label was peeked as 0, which has no entry. */
			if (likely(swap_fast(lc, fib, &r, ours, lim, m, p,
					     wire_get32(p + ETH_HDR_LEN), word[i], &len))) {
				fast_e[n_fast] = lsr_ix_entry(word[i]);
				fast_len[n_fast++] = len;
				continue;
			}
			run_end(lc, &r);
			fwd_one(lc, fib, in_slot, ours, m, now_ns);
		}
		if (counting)
			for (uint16_t i = 0; i < n_fast; i++)
				tally_add(tally, fast_e[i], fast_len[i]);
	}
	run_end(lc, &r);
}

/*
 * The burst's path by table size and whether per-LSP counts are kept: each a
 * loop of its own, decided once per burst.  Counting paths are built without
 * straight-line vectorisation, which would turn a frame's two counts (frames,
 * bytes: two adds to memory) into a vector load, insert, add and store.
 */
#define FWD_COUNTING __attribute__((optimize("no-tree-slp-vectorize")))
#define FWD_PATH(name, table, counting, attrs)						\
	static __rte_noinline attrs void						\
	name(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,		\
	     struct mac_match ours, uint32_t lim, struct rte_mbuf **pkts, uint16_t n,	\
	     uint64_t now_ns)								\
	{										\
		table(lc, fib, in_slot, ours, lim, pkts, n, now_ns, counting);		\
	}

FWD_PATH(fwd_small_counted, fwd_small_table, true, FWD_COUNTING)
FWD_PATH(fwd_small_uncounted, fwd_small_table, false, )
FWD_PATH(fwd_large_counted, fwd_large_table, true, FWD_COUNTING)
FWD_PATH(fwd_large_uncounted, fwd_large_table, false, )

void
lsr_fwd_burst(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
	      struct rte_mbuf **pkts, uint16_t n, uint64_t now_ns)
{
	const uint64_t *ix = fib->lfib->index[in_slot];
	/* Once per burst: each frame's destination is then one load and a masked compare. */
	const struct mac_match ours = mac_match_of(fib, in_slot);
	const uint32_t lim = lc->max_frame - 1;	/* oversize() */

	lc->c.rx += n;
	lc->c.if_rx[in_slot] += n;
	if (unlikely(ix == NULL || fib->rx[in_slot].no_untagged)) {
		/* An interface that receives no labels, or a port of tagged
		 * interfaces only: nothing takes the common case. */
		for (uint16_t i = 0; i < n; i++)
			fwd_one(lc, fib, in_slot, ours, pkts[i], now_ns);
		return;
	}
	if (fib->lfib->large)
		(lc->entry_tally != NULL ? fwd_large_counted : fwd_large_uncounted)
			(lc, fib, in_slot, ours, lim, pkts, n, now_ns);
	else
		(lc->entry_tally != NULL ? fwd_small_counted : fwd_small_uncounted)
			(lc, fib, in_slot, ours, lim, pkts, n, now_ns);
}
