/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The label table (LFIB): (in interface slot, label) -> what to do.
 *
 * The label space is 20 bits, so each interface that receives labels gets a
 * directly indexed array of 2^20 index words (8 MiB, zero pages untouched
 * until used): one dependent load to find the entry, whatever the table size,
 * and none for the common case, whose leg the word holds (LSR_IX_SWAP below).
 * Entries are 32 bytes, two per cache line.
 *
 * Changes while workers read (docs/PROVISIONING.md): the entry and leg arrays
 * are allocated once, at their full capacity (untouched pages cost nothing),
 * so they never move.  A new entry is written into a free slot and then made
 * visible by one release store of its number into the label index; a removed
 * or replaced entry is unlinked by one store and "retired": its slot is reused
 * only after lsr_lfib_reclaim(), which the caller runs after an RCU grace
 * period (and after the punts that may name it were handled).  The loopback
 * byte is the one field written in a visible entry (relaxed atomic store).
 * Everything else (free lists, the LSP index) belongs to the control side.
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
#define LSR_LFIB_INDEX_BYTES (LSR_LFIB_LABELS * sizeof(uint64_t))	/* one slot's index, 8 MiB */
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
	/*
	 * 1: exactly one out leg, on an untagged interface (set from the
	 * configuration): the fast path's common case, one test for both; 0:
	 * anything else (P2MP, sink, a tagged or unknown out interface).
	 */
	uint8_t out_untagged;
	uint32_t ret_label;	/* return path (the other direction's out leg) for replies */
	uint16_t ret_slot;	/* and loopback; LSR_SLOT_NONE when there is none */
	uint16_t pad2;
	uint32_t outs;		/* index of n_out legs in lsr_lfib.outs */
	uint32_t in_label;	/* its key with in_slot (set by lsr_lfib_add/replace) */
};
static_assert(sizeof(struct lsr_lfib_entry) == 32, "two entries per cache line");

/*
 * A label index word: the entry's number (index + 1; 0: no entry) in the low
 * 32 bits and, when the entry is the fast path's common case (one leg on an
 * untagged interface, no RFC 6435 loopback: LSR_IX_SWAP set), that leg's label
 * and slot, so that a swap needs no read of the entry: in a large table, one
 * cache miss per frame fewer (docs/BENCH.md "The fast path").  Written
 * whole by one release store (lsr_lfib_add/replace/del, lsr_lfib_set_loop()).
 */
#define LSR_IX_SWAP	(1ull << 63)
#define LSR_IX_LABEL_SHIFT 32
#define LSR_IX_SLOT_SHIFT  52
static_assert(LSR_MAX_INTERFACES <= 64, "an index word holds a slot in 6 bits");

/** The entry number of index word w (0: none). */
static inline uint32_t
lsr_ix_entry(uint64_t w)
{
	return (uint32_t)w;
}

/** The out label of index word w with LSR_IX_SWAP set. */
static inline uint32_t
lsr_ix_label(uint64_t w)
{
	return (uint32_t)(w >> LSR_IX_LABEL_SHIFT) & MPLS_LABEL_MAX;
}

/** The out slot of index word w with LSR_IX_SWAP set. */
static inline uint16_t
lsr_ix_slot(uint64_t w)
{
	return (uint16_t)((w >> LSR_IX_SLOT_SHIFT) & 0x3f);
}

/*
 * The leg key of index word w: its top 12 bits, LSR_IX_SWAP and the slot
 * (bits 58-62 are never set).  It equals lsr_ix_key_of(slot) exactly when w
 * has LSR_IX_SWAP and its leg leaves by slot: the fast path's one compare
 * for "common case, and the same out slot as the frame before".
 */
#define LSR_IX_KEY_SHIFT 52
static_assert(LSR_IX_SLOT_SHIFT == LSR_IX_KEY_SHIFT && LSR_IX_SLOT_SHIFT + 6 < 63,
	      "the slot is the key's low bits, LSR_IX_SWAP its top one");

static inline uint32_t
lsr_ix_key(uint64_t w)
{
	return (uint32_t)(w >> LSR_IX_KEY_SHIFT);
}

static inline uint32_t
lsr_ix_key_of(uint16_t slot)
{
	return (uint32_t)(LSR_IX_SWAP >> LSR_IX_KEY_SHIFT) | slot;
}

/* An unlinked entry waiting for a grace period before its slot is reused. */
struct lsr_lfib_retired {
	uint32_t entry;		/* entry number (index + 1) */
	uint32_t outs;		/* its legs */
	uint8_t n_out;
};

/* Reusable slots: a stack of numbers, grown by the control side only. */
struct lsr_lfib_stack {
	uint32_t *v;
	uint32_t n, cap;
};

/** Push v on a stack (control side). @return 0; -ENOMEM. */
int lsr_lfib_stack_push(struct lsr_lfib_stack *st, uint32_t v);

struct lsr_lfib {
	/* label -> index word (entry number, 0 = none; see LSR_IX_SWAP); one array per
	 * slot, allocated at create */
	uint64_t *index[LSR_MAX_INTERFACES];
	struct lsr_lfib_entry *entries;	/* cap_entries, never moved */
	uint32_t n_entries, cap_entries;	/* n_entries: slots ever used (high-water mark) */
	struct lsr_out *outs;		/* cap_outs, never moved */
	uint32_t n_outs, cap_outs;
	uint16_t n_slots;
	bool large;			/* huge pages for index and entries; prefetch passes (fwd.c) */
	/* LSP -> entry number + 1 of each direction (by_lsp[lsp * LSR_DIR_MAX + dir]), 0 = none */
	uint32_t *by_lsp;
	uint32_t cap_lsps;	/* LSPs the index covers */
	/* Control side only. */
	uint32_t n_linked;	/* entries in the index now */
	struct lsr_lfib_stack free_entries;
	struct lsr_lfib_stack free_outs[LSR_MAX_BRANCHES + 1];	/* by number of legs */
	struct lsr_lfib_retired *retired;
	uint32_t n_retired, cap_retired;
};

/**
 * Create an empty table.
 * @param n_slots interfaces (1 .. LSR_MAX_INTERFACES)
 * @param capacity entries the table can hold (at least 1024; legs: twice as
 *   many); fixed for the table's life, since its arrays never move
 * @return the table, or NULL with errno set (EINVAL, ENOMEM).
 */
struct lsr_lfib *lsr_lfib_create(uint16_t n_slots, uint32_t capacity);

void lsr_lfib_free(struct lsr_lfib *f);

/**
 * Add an entry for (in_slot, label) with n_out legs.  e->outs/out_label/out_slot/n_out
 * are filled in from outs.  The entry is also indexed under (e->lsp, e->dir)
 * unless that LSP's direction already has one (lsr_lfib_entry_of() returns the
 * first); e->lsp is an index into a configuration's LSPs, so the index is dense.
 * The entry becomes visible to readers with one release store.
 * @return 0; -EINVAL (bad slot, reserved or out-of-range label, too many legs,
 *   dir not an enum lsr_dir, lsp above LSR_LFIB_MAX_LSP); -EEXIST (the key has
 *   an entry); -ENOSPC (the table is full); -ENOMEM.
 */
int lsr_lfib_add(struct lsr_lfib *f, uint16_t in_slot, uint32_t label,
		 const struct lsr_lfib_entry *e, const struct lsr_out *outs, uint8_t n_out);

/**
 * Replace the entry of (in_slot, label) with a new one, written apart and made
 * visible with one release store: a reader finds the old entry or the new,
 * never a mix.  The old one is retired (lsr_lfib_reclaim()).
 * @return 0; -ENOENT (no entry for the key); the errors of lsr_lfib_add().
 */
int lsr_lfib_replace(struct lsr_lfib *f, uint16_t in_slot, uint32_t label,
		     const struct lsr_lfib_entry *e, const struct lsr_out *outs, uint8_t n_out);

/**
 * Unlink the entry of (in_slot, label) (one store: readers find no entry from
 * now on) and retire it.  @return 0; -ENOENT; -EINVAL (bad slot or label).
 */
int lsr_lfib_del(struct lsr_lfib *f, uint16_t in_slot, uint32_t label);

/**
 * Make the slots of retired entries reusable.  Call only once no reader can
 * hold them: after an RCU grace period that started after they were retired,
 * and after the punts that may name them were handled.
 * @return the entries reclaimed.
 */
uint32_t lsr_lfib_reclaim(struct lsr_lfib *f);

/**
 * Whether n_entries more entries with legs[k] entries of k legs each (k = 0 ..
 * LSR_MAX_BRANCHES) fit now (retired slots not counted until reclaimed).
 */
bool lsr_lfib_has_room(const struct lsr_lfib *f, uint32_t n_entries,
		       const uint32_t legs[LSR_MAX_BRANCHES + 1]);

/**
 * Make the LSP index cover LSP numbers below n_lsps (control side).
 * @return 0; -ENOMEM.
 */
int lsr_lfib_cover(struct lsr_lfib *f, uint32_t n_lsps);

/**
 * Link the entries of LSP lsp of cfg (one per direction with an `in`): a key
 * held by an entry of the same LSP is replaced, a free one added.
 * @return 0; -EEXIST (a key held by another LSP); the errors of lsr_lfib_add().
 */
int lsr_lfib_link_lsp(struct lsr_lfib *f, const struct lsr_config *cfg, uint32_t lsp);

/**
 * Unlink the entries of LSP lsp as cfg describes it, except the keys that
 * keep (the LSP's next version, or NULL) also uses: those are replaced in place
 * by lsr_lfib_link_lsp(), so their frames never see a missing entry.
 */
void lsr_lfib_unlink_lsp(struct lsr_lfib *f, const struct lsr_config *cfg, uint32_t lsp,
			 const struct lsr_lsp_cfg *keep);

/**
 * Whether the keys of l are free in f, or held by LSP own (UINT32_MAX: none).
 * @return 0; -EEXIST with *slot and *label set to the first key held by another.
 */
int lsr_lfib_keys_free(const struct lsr_lfib *f, const struct lsr_lsp_cfg *l, uint32_t own,
		       uint16_t *slot, uint32_t *label);

/** Entries l needs, counted into *n_entries and legs[] (see lsr_lfib_has_room()). */
void lsr_lfib_count_lsp(const struct lsr_lsp_cfg *l, uint32_t *n_entries,
			uint32_t legs[LSR_MAX_BRANCHES + 1]);

/**
 * Build the table of a configuration: one entry per direction with an `in`.
 * @return the table, or NULL with errno set (EEXIST for a duplicate key, ENOMEM).
 */
struct lsr_lfib *lsr_lfib_build(const struct lsr_config *cfg);

/** Lookup; NULL when there is no entry. */
static inline const struct lsr_lfib_entry *
lsr_lfib_lookup(const struct lsr_lfib *f, uint16_t in_slot, uint32_t label)
{
	const uint64_t *ix = f->index[in_slot];
	uint32_t n;

	if (ix == NULL)
		return NULL;
	/* Pairs with the release store that publishes an entry (lsr_lfib_add()). */
	n = lsr_ix_entry(__atomic_load_n(&ix[label & MPLS_LABEL_MAX], __ATOMIC_ACQUIRE));
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

/**
 * Set RFC 6435 loopback on a linked entry of f, and its index word's
 * LSR_IX_SWAP with it; safe while workers read them (two stores: a frame read
 * between them is forwarded as before the change, as one read before both).
 */
void lsr_lfib_set_loop(struct lsr_lfib *f, struct lsr_lfib_entry *e, enum lsr_loop loop);

static inline enum lsr_loop
lsr_lfib_get_loop(const struct lsr_lfib_entry *e)
{
	return (enum lsr_loop)__atomic_load_n(&e->loop, __ATOMIC_RELAXED);
}

/** Bytes allocated by the table (index pages counted as allocated, not as touched). */
size_t lsr_lfib_memory(const struct lsr_lfib *f);

#endif /* TPLSR_LSR_LFIB_H */
