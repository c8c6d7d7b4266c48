/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The label table (LFIB): (in interface slot, label) -> what to do.
 *
 * The label space is 20 bits, so each interface that receives labels gets a
 * directly indexed array of 2^20 entry indices (4 MiB, zero pages untouched
 * until used): one dependent load to find the entry, whatever the table size.
 * Entries are 32 bytes, two per cache line.  A table is built once by the
 * control side and then only read by workers; a new table is published by
 * pointer swap with an RCU grace period (dataplane/lsr_dataplane.h).  The only
 * field written after publication is the loopback state, a byte that workers
 * read with a relaxed atomic load.
 *
 * Beside the label index, the table keeps an index from LSP to its entries
 * (one per direction), filled as entries are added: the control side finds an
 * LSP's entries in O(1), so a command that walks every LSP (show lsp) costs
 * O(LSPs), not O(LSPs x entries).
 */
#ifndef TPLSR_LSR_LFIB_H
#define TPLSR_LSR_LFIB_H

#include <stdint.h>

#include "lsr_config.h"

#define LSR_LFIB_LABELS (MPLS_LABEL_MAX + 1)
#define LSR_LFIB_MAX_LSP (UINT32_MAX / LSR_DIR_MAX - 1)	/* largest lsp an entry may name */

/* RFC 6435 loopback state of an entry of the forward direction. */
enum lsr_loop {
	LSR_LOOP_NONE = 0,
	LSR_LOOP_IN_MIP,	/* looped at the in-MIP of the arrival interface */
	LSR_LOOP_OUT_MIP,	/* looped at the out-MIP of the (single) out interface */
};

/** One out leg of a direction. */
struct lsr_out {
	uint32_t label;
	uint16_t slot;
	uint16_t pad;
};

struct lsr_lfib_entry {
	uint32_t out_label;	/* first (for P2P: only) out leg, kept inline for the fast path */
	uint16_t out_slot;
	uint8_t n_out;		/* 0: sink MEP, deliver locally; > 1: P2MP, see outs */
	uint8_t loop;		/* enum lsr_loop; written by control, read relaxed */
	uint32_t lsp;		/* index into lsr_config.lsps */
	uint16_t in_slot;
	uint8_t dir;		/* enum lsr_dir */
	uint8_t pad;
	uint32_t ret_label;	/* return path (the other direction's out leg) for replies */
	uint16_t ret_slot;	/* and loopback; LSR_SLOT_NONE when there is none */
	uint16_t pad2;
	uint32_t outs;		/* index of n_out legs in lsr_lfib.outs */
	uint32_t pad3;
};
static_assert(sizeof(struct lsr_lfib_entry) == 32, "two entries per cache line");

struct lsr_lfib {
	uint32_t *index[LSR_MAX_INTERFACES];	/* label -> entry number + 1, 0 = none */
	struct lsr_lfib_entry *entries;
	uint32_t n_entries, cap_entries;
	struct lsr_out *outs;
	uint32_t n_outs, cap_outs;
	uint16_t n_slots;
	/* LSP -> entry number + 1 of each direction (by_lsp[lsp * LSR_DIR_MAX + dir]), 0 = none */
	uint32_t *by_lsp;
	uint32_t cap_lsps;	/* LSPs the index covers */
};

/**
 * Create an empty table.
 * @param n_slots interfaces (1 .. LSR_MAX_INTERFACES)
 * @param capacity expected entries (a hint; the table grows while building)
 * @return the table, or NULL with errno set (EINVAL, ENOMEM).
 */
struct lsr_lfib *lsr_lfib_create(uint16_t n_slots, uint32_t capacity);

void lsr_lfib_free(struct lsr_lfib *f);

/**
 * Add an entry for (in_slot, label) with n_out legs.  e->outs/out_label/out_slot/n_out
 * are filled in from outs.  The entry is also indexed under (e->lsp, e->dir)
 * unless that LSP's direction already has one (lsr_lfib_entry_of() returns the
 * first); e->lsp is an index into a configuration's LSPs, so the index is dense.
 * @return 0; -EINVAL (bad slot, reserved or out-of-range label, too many legs,
 *   dir not an enum lsr_dir, lsp above LSR_LFIB_MAX_LSP); -EEXIST (the key has
 *   an entry); -ENOMEM.
 */
int lsr_lfib_add(struct lsr_lfib *f, uint16_t in_slot, uint32_t label,
		 const struct lsr_lfib_entry *e, const struct lsr_out *outs, uint8_t n_out);

/**
 * Build the table of a configuration: one entry per direction with an `in`.
 * @return the table, or NULL with errno set (EEXIST for a duplicate key, ENOMEM).
 */
struct lsr_lfib *lsr_lfib_build(const struct lsr_config *cfg);

/** Lookup; NULL when there is no entry. */
static inline const struct lsr_lfib_entry *
lsr_lfib_lookup(const struct lsr_lfib *f, uint16_t in_slot, uint32_t label)
{
	const uint32_t *ix = f->index[in_slot];
	uint32_t n;

	if (ix == NULL)
		return NULL;
	n = ix[label & MPLS_LABEL_MAX];
	return n ? &f->entries[n - 1] : NULL;
}

/** The out legs of an entry (n_out of them). */
static inline const struct lsr_out *
lsr_lfib_outs(const struct lsr_lfib *f, const struct lsr_lfib_entry *e)
{
	return &f->outs[e->outs];
}

/** @return 1 if slot is one of e's out interfaces, else 0. */
int lsr_lfib_has_out(const struct lsr_lfib *f, const struct lsr_lfib_entry *e, uint16_t slot);

/** Entry of direction dir of LSP lsp here, or NULL: O(1), from the LSP index. */
static inline const struct lsr_lfib_entry *
lsr_lfib_entry_of(const struct lsr_lfib *f, uint32_t lsp, enum lsr_dir dir)
{
	uint32_t n;

	if (lsp >= f->cap_lsps || (unsigned int)dir >= LSR_DIR_MAX)
		return NULL;
	n = f->by_lsp[(size_t)lsp * LSR_DIR_MAX + dir];
	return n ? &f->entries[n - 1] : NULL;
}

/**
 * Entry of the forward direction of LSP lsp (the one that carries loopback
 * state), writable for lsr_lfib_set_loop(), or NULL.  O(1).
 */
struct lsr_lfib_entry *lsr_lfib_forward_entry(struct lsr_lfib *f, uint32_t lsp);

/** Set RFC 6435 loopback on an entry; safe while workers read it (relaxed store). */
static inline void
lsr_lfib_set_loop(struct lsr_lfib_entry *e, enum lsr_loop loop)
{
	__atomic_store_n(&e->loop, (uint8_t)loop, __ATOMIC_RELAXED);
}

static inline enum lsr_loop
lsr_lfib_get_loop(const struct lsr_lfib_entry *e)
{
	return (enum lsr_loop)__atomic_load_n(&e->loop, __ATOMIC_RELAXED);
}

/** Bytes allocated by the table (index pages counted as allocated, not as touched). */
size_t lsr_lfib_memory(const struct lsr_lfib *f);

#endif /* TPLSR_LSR_LFIB_H */
