/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The label table: per-interface direct index over the 20-bit label space
 * (see lsr_lfib.h for why), entries in one array, P2MP legs in another.
 * Built with the C library only: the control side builds it, workers read it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lsr_lfib.h"
#include "lsr_util.h"

int
lsr_lfib_stack_push(struct lsr_lfib_stack *st, uint32_t v)
{
	uint32_t *nv;
	uint32_t ncap;

	if (st->n == st->cap) {
		ncap = st->cap ? st->cap * 2 : 64;
		nv = realloc(st->v, (size_t)ncap * sizeof(*nv));
		if (nv == NULL)
			return -ENOMEM;
		st->v = nv;
		st->cap = ncap;
	}
	st->v[st->n++] = v;
	return 0;
}

/*
 * A table of this capacity or more is large (built for 32,768 entries or
 * more, lsr_lfib_build()): its index and entries go on huge pages, and the
 * fast path prefetches them a burst ahead (dataplane/fwd.c).  A smaller one's
 * working set stays within the TLB's reach and mostly in L2, and a written
 * huge page would cost 2 MiB per index for a handful of labels.
 */
#define LFIB_LARGE_ENTRIES (1u << 17)

static struct lsr_lfib *
lfib_create(uint16_t n_slots, uint32_t cap_entries, uint32_t cap_outs)
{
	struct lsr_lfib *f;

	if (n_slots == 0 || n_slots > LSR_MAX_INTERFACES) {
		errno = EINVAL;
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (f == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	f->n_slots = n_slots;
	f->cap_entries = cap_entries < 1024 ? 1024 : cap_entries;
	f->cap_outs = cap_outs < 2048 ? 2048 : cap_outs;
	/*
	 * Every array at its full size now, so that it never moves under a reader
	 * (docs/PROVISIONING.md); fresh zero pages: only what is written is ever
	 * backed by memory.  The index and the entries, read at random per frame,
	 * of a large table on huge pages where the kernel gives them: with 4 KiB
	 * pages, each frame of a random label would add TLB misses to its cache
	 * misses (docs/BENCH.md "The fast path").
	 */
	f->large = f->cap_entries >= LFIB_LARGE_ENTRIES;
	f->entries = lsr_table_alloc((size_t)f->cap_entries * sizeof(*f->entries), f->large);
	f->outs = calloc(f->cap_outs, sizeof(*f->outs));
	if (f->entries == NULL || f->outs == NULL)
		goto nomem;
	for (unsigned i = 0; i < n_slots; i++) {
		f->index[i] = lsr_table_alloc(LSR_LFIB_INDEX_BYTES, f->large);
		if (f->index[i] == NULL)
			goto nomem;
	}
	return f;
nomem:
	lsr_lfib_free(f);
	errno = ENOMEM;
	return NULL;
}

struct lsr_lfib *
lsr_lfib_create(uint16_t n_slots, uint32_t capacity)
{
	return lfib_create(n_slots, capacity, capacity > UINT32_MAX / 2 ? UINT32_MAX : capacity * 2);
}

void
lsr_lfib_free(struct lsr_lfib *f)
{
	if (f == NULL)
		return;
	for (unsigned i = 0; i < LSR_MAX_INTERFACES; i++)
		lsr_table_free(f->index[i], LSR_LFIB_INDEX_BYTES);
	lsr_table_free(f->entries, (size_t)f->cap_entries * sizeof(*f->entries));
	free(f->outs);
	free(f->by_lsp);
	free(f->free_entries.v);
	for (unsigned i = 0; i <= LSR_MAX_BRANCHES; i++)
		free(f->free_outs[i].v);
	free(f->retired);
	free(f);
}

/* Make the LSP index cover lsp, new slots empty. */
static int
index_cover(struct lsr_lfib *f, uint32_t lsp)
{
	uint32_t cap = f->cap_lsps, ncap = cap ? cap : 64;
	uint32_t *np;

	if (lsp < cap)
		return 0;
	while (ncap <= lsp)
		ncap = ncap > LSR_LFIB_MAX_LSP / 2 ? LSR_LFIB_MAX_LSP + 1 : ncap * 2;
	np = realloc(f->by_lsp, (size_t)ncap * LSR_DIR_MAX * sizeof(*np));
	if (np == NULL)
		return -ENOMEM;
	memset(np + (size_t)cap * LSR_DIR_MAX, 0, (size_t)(ncap - cap) * LSR_DIR_MAX * sizeof(*np));
	f->by_lsp = np;
	f->cap_lsps = ncap;
	return 0;
}

int
lsr_lfib_cover(struct lsr_lfib *f, uint32_t n_lsps)
{
	return n_lsps == 0 ? 0 : index_cover(f, n_lsps - 1);
}

static int
check_args(const struct lsr_lfib *f, uint16_t in_slot, uint32_t label,
	   const struct lsr_lfib_entry *e, const struct lsr_out *outs, uint8_t n_out)
{
	if (f == NULL || e == NULL || in_slot >= f->n_slots || label > MPLS_LABEL_MAX ||
	    label <= MPLS_LABEL_RESERVED_MAX || n_out > LSR_MAX_BRANCHES ||
	    (n_out > 0 && outs == NULL) || e->dir >= LSR_DIR_MAX || e->lsp > LSR_LFIB_MAX_LSP)
		return -EINVAL;
	for (unsigned i = 0; i < n_out; i++)
		if (outs[i].slot >= f->n_slots || outs[i].label <= MPLS_LABEL_RESERVED_MAX ||
		    outs[i].label > MPLS_LABEL_MAX)
			return -EINVAL;
	return 0;
}

/*
 * Write a new entry into a free slot (invisible until its number is stored in
 * the index).  @return its number (index + 1), or -ENOSPC / -ENOMEM.
 */
static int64_t
entry_write(struct lsr_lfib *f, uint16_t in_slot, uint32_t label, const struct lsr_lfib_entry *e,
	    const struct lsr_out *outs, uint8_t n_out)
{
	struct lsr_lfib_stack *fo = &f->free_outs[n_out];
	struct lsr_lfib_entry *ne;
	uint32_t n, o = 0;

	if (index_cover(f, e->lsp) < 0)
		return -ENOMEM;
	if (f->free_entries.n == 0 && f->n_entries == f->cap_entries)
		return -ENOSPC;
	if (n_out > 0 && fo->n == 0 && f->cap_outs - f->n_outs < n_out)
		return -ENOSPC;
	n = f->free_entries.n ? f->free_entries.v[--f->free_entries.n] : ++f->n_entries;
	if (n_out > 0) {
		if (fo->n) {
			o = fo->v[--fo->n];
		} else {
			o = f->n_outs;
			f->n_outs += n_out;
		}
		memcpy(&f->outs[o], outs, n_out * sizeof(*outs));
	}
	ne = &f->entries[n - 1];
	*ne = *e;
	ne->in_slot = in_slot;
	ne->in_label = label;
	ne->n_out = n_out;
	ne->outs = o;
	ne->out_label = n_out ? outs[0].label : 0;
	ne->out_slot = n_out ? outs[0].slot : LSR_SLOT_NONE;
	return n;
}

/* The index word of entry number n (LSR_IX_SWAP: include/lsr_lfib.h). */
static uint64_t
ix_word(const struct lsr_lfib_entry *e, uint32_t n)
{
	uint64_t w = n;

	if (e->n_out == 1 && e->out_untagged && lsr_lfib_get_loop(e) == LSR_LOOP_NONE)
		w |= LSR_IX_SWAP | (uint64_t)e->out_label << LSR_IX_LABEL_SHIFT |
		     (uint64_t)e->out_slot << LSR_IX_SLOT_SHIFT;
	return w;
}

void
lsr_lfib_set_loop(struct lsr_lfib *f, struct lsr_lfib_entry *e, enum lsr_loop loop)
{
	uint64_t *w = &f->index[e->in_slot][e->in_label];
	uint32_t n = (uint32_t)(e - f->entries) + 1;

	__atomic_store_n(&e->loop, (uint8_t)loop, __ATOMIC_RELAXED);
	if (lsr_ix_entry(*w) == n)	/* linked: its word says whether to read it */
		__atomic_store_n(w, ix_word(e, n), __ATOMIC_RELEASE);
}

/* The LSP index row of an entry. */
static uint32_t *
row_of(struct lsr_lfib *f, const struct lsr_lfib_entry *e)
{
	return &f->by_lsp[(size_t)e->lsp * LSR_DIR_MAX + e->dir];
}

/* Unlinked entry n: its slot waits for lsr_lfib_reclaim(). */
static void
retire(struct lsr_lfib *f, uint32_t n)
{
	const struct lsr_lfib_entry *e = &f->entries[n - 1];
	uint32_t *row = row_of(f, e);
	struct lsr_lfib_retired *nr;

	if (*row == n)
		*row = 0;
	if (f->n_retired == f->cap_retired) {
		uint32_t ncap = f->cap_retired ? f->cap_retired * 2 : 64;

		nr = realloc(f->retired, (size_t)ncap * sizeof(*nr));
		if (nr == NULL)
			return;	/* XXX: the slot is lost (not reused) rather than reused early */
		f->retired = nr;
		f->cap_retired = ncap;
	}
	f->retired[f->n_retired++] = (struct lsr_lfib_retired){ n, e->outs, e->n_out };
}

int
lsr_lfib_add(struct lsr_lfib *f, uint16_t in_slot, uint32_t label,
	     const struct lsr_lfib_entry *e, const struct lsr_out *outs, uint8_t n_out)
{
	int64_t n;
	int rc = check_args(f, in_slot, label, e, outs, n_out);

	if (rc < 0)
		return rc;
	if (f->index[in_slot][label] != 0)
		return -EEXIST;
	n = entry_write(f, in_slot, label, e, outs, n_out);
	if (n < 0)
		return (int)n;
	/* The entry is complete before its number becomes visible to readers. */
	__atomic_store_n(&f->index[in_slot][label], ix_word(&f->entries[n - 1], (uint32_t)n),
			 __ATOMIC_RELEASE);
	f->n_linked++;
	if (*row_of(f, e) == 0)
		*row_of(f, e) = (uint32_t)n;
	return 0;
}

int
lsr_lfib_replace(struct lsr_lfib *f, uint16_t in_slot, uint32_t label,
		 const struct lsr_lfib_entry *e, const struct lsr_out *outs, uint8_t n_out)
{
	uint32_t old, *row;
	int64_t n;
	int rc = check_args(f, in_slot, label, e, outs, n_out);

	if (rc < 0)
		return rc;
	old = lsr_ix_entry(f->index[in_slot][label]);
	if (old == 0)
		return -ENOENT;
	n = entry_write(f, in_slot, label, e, outs, n_out);
	if (n < 0)
		return (int)n;
	__atomic_store_n(&f->index[in_slot][label], ix_word(&f->entries[n - 1], (uint32_t)n),
			 __ATOMIC_RELEASE);
	retire(f, old);
	row = row_of(f, e);
	if (*row == 0)
		*row = (uint32_t)n;
	return 0;
}

int
lsr_lfib_del(struct lsr_lfib *f, uint16_t in_slot, uint32_t label)
{
	uint32_t old;

	if (f == NULL || in_slot >= f->n_slots || label > MPLS_LABEL_MAX)
		return -EINVAL;
	old = lsr_ix_entry(f->index[in_slot][label]);
	if (old == 0)
		return -ENOENT;
	__atomic_store_n(&f->index[in_slot][label], 0, __ATOMIC_RELEASE);
	f->n_linked--;
	retire(f, old);
	return 0;
}

uint32_t
lsr_lfib_reclaim(struct lsr_lfib *f)
{
	uint32_t i, done = 0;

	for (i = 0; i < f->n_retired; i++) {
		const struct lsr_lfib_retired *r = &f->retired[i];

		/* A push that fails leaves the slot unused: never reused early. */
		if (lsr_lfib_stack_push(&f->free_entries, r->entry) == 0)
			done++;
		if (r->n_out > 0)
			lsr_lfib_stack_push(&f->free_outs[r->n_out], r->outs);
	}
	f->n_retired = 0;
	return done;
}

bool
lsr_lfib_has_room(const struct lsr_lfib *f, uint32_t n_entries,
		  const uint32_t legs[LSR_MAX_BRANCHES + 1])
{
	uint64_t need = 0;

	if ((uint64_t)n_entries > (uint64_t)f->free_entries.n + (f->cap_entries - f->n_entries))
		return false;
	for (unsigned k = 1; k <= LSR_MAX_BRANCHES; k++)
		if (legs[k] > f->free_outs[k].n)
			need += (uint64_t)(legs[k] - f->free_outs[k].n) * k;
	return need <= f->cap_outs - f->n_outs;
}

int
lsr_lfib_has_out(const struct lsr_lfib *f, const struct lsr_lfib_entry *e, uint16_t slot)
{
	const struct lsr_out *o = lsr_lfib_outs(f, e);

	for (unsigned i = 0; i < e->n_out; i++)
		if (o[i].slot == slot)
			return 1;
	return 0;
}

struct lsr_lfib_entry *
lsr_lfib_forward_entry(struct lsr_lfib *f, uint32_t lsp)
{
	/* The index points into entries, which this table owns: shed the const. */
	return (struct lsr_lfib_entry *)(uintptr_t)lsr_lfib_entry_of(f, lsp, LSR_DIR_FORWARD);
}

static enum lsr_loop
loop_of(const struct lsr_lsp_cfg *l)
{
	const struct lsr_direction_cfg *fw = &l->dir[LSR_DIR_FORWARD];

	if (l->loopback_slot == LSR_SLOT_NONE || !fw->has_in)
		return LSR_LOOP_NONE;
	if (l->loopback_slot == fw->in.slot)
		return LSR_LOOP_IN_MIP;
	return LSR_LOOP_OUT_MIP;
}

/* The entry of direction d of LSP lsp of cfg, and its legs. */
static void
entry_of_cfg(const struct lsr_config *cfg, uint32_t lsp, int d, struct lsr_lfib_entry *e,
	     struct lsr_out outs[LSR_MAX_BRANCHES])
{
	const struct lsr_lsp_cfg *l = &cfg->lsps[lsp];
	const struct lsr_direction_cfg *dc = &l->dir[d];
	const struct lsr_direction_cfg *other = &l->dir[!d];

	memset(e, 0, sizeof(*e));
	e->lsp = lsp;
	e->dir = (uint8_t)d;
	/* Replies and loopback go back on the other direction's first out leg
	 * (docs/OAM-RULES.md §4: co-routed, so the interface the request came in on). */
	if (other->present && other->n_out > 0) {
		e->ret_slot = other->out[0].slot;
		e->ret_label = other->out[0].label;
	} else {
		e->ret_slot = LSR_SLOT_NONE;
	}
	e->loop = d == LSR_DIR_FORWARD ? (uint8_t)loop_of(l) : LSR_LOOP_NONE;
	for (unsigned k = 0; k < dc->n_out; k++) {
		outs[k].slot = dc->out[k].slot;
		outs[k].label = dc->out[k].label;
		outs[k].pad = 0;
	}
	e->out_untagged = dc->n_out == 1 &&
			  cfg->interfaces[dc->out[0].slot].vlan == LSR_VLAN_NONE;
}

int
lsr_lfib_link_lsp(struct lsr_lfib *f, const struct lsr_config *cfg, uint32_t lsp)
{
	const struct lsr_lsp_cfg *l = &cfg->lsps[lsp];
	const struct lsr_direction_cfg *fw = &l->dir[LSR_DIR_FORWARD], *rv = &l->dir[LSR_DIR_REVERSE];

	/* Its two directions on one key: the second would replace the first. */
	if (fw->present && fw->has_in && rv->present && rv->has_in && fw->in.slot == rv->in.slot &&
	    fw->in.label == rv->in.label)
		return -EEXIST;
	for (int d = 0; d < LSR_DIR_MAX; d++) {
		const struct lsr_direction_cfg *dc = &l->dir[d];
		const struct lsr_lfib_entry *cur;
		struct lsr_out outs[LSR_MAX_BRANCHES];
		struct lsr_lfib_entry e;
		int rc;

		if (!dc->present || !dc->has_in)
			continue;
		entry_of_cfg(cfg, lsp, d, &e, outs);
		cur = dc->in.slot < f->n_slots ? lsr_lfib_lookup(f, dc->in.slot, dc->in.label) : NULL;
		if (cur != NULL && cur->lsp != lsp)
			return -EEXIST;
		if (cur != NULL)
			rc = lsr_lfib_replace(f, dc->in.slot, dc->in.label, &e, outs,
					      (uint8_t)dc->n_out);
		else
			rc = lsr_lfib_add(f, dc->in.slot, dc->in.label, &e, outs, (uint8_t)dc->n_out);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static bool
has_key(const struct lsr_lsp_cfg *l, uint16_t slot, uint32_t label)
{
	for (int d = 0; l != NULL && d < LSR_DIR_MAX; d++)
		if (l->dir[d].present && l->dir[d].has_in && l->dir[d].in.slot == slot &&
		    l->dir[d].in.label == label)
			return true;
	return false;
}

void
lsr_lfib_unlink_lsp(struct lsr_lfib *f, const struct lsr_config *cfg, uint32_t lsp,
		    const struct lsr_lsp_cfg *keep)
{
	const struct lsr_lsp_cfg *l = &cfg->lsps[lsp];

	for (int d = 0; d < LSR_DIR_MAX; d++) {
		const struct lsr_direction_cfg *dc = &l->dir[d];
		const struct lsr_lfib_entry *cur;

		if (!dc->present || !dc->has_in || dc->in.slot >= f->n_slots ||
		    has_key(keep, dc->in.slot, dc->in.label))
			continue;
		cur = lsr_lfib_lookup(f, dc->in.slot, dc->in.label);
		if (cur != NULL && cur->lsp == lsp)
			lsr_lfib_del(f, dc->in.slot, dc->in.label);
	}
}

int
lsr_lfib_keys_free(const struct lsr_lfib *f, const struct lsr_lsp_cfg *l, uint32_t own,
		   uint16_t *slot, uint32_t *label)
{
	for (int d = 0; d < LSR_DIR_MAX; d++) {
		const struct lsr_direction_cfg *dc = &l->dir[d];
		const struct lsr_lfib_entry *cur;

		if (!dc->present || !dc->has_in || dc->in.slot >= f->n_slots)
			continue;
		cur = lsr_lfib_lookup(f, dc->in.slot, dc->in.label);
		if (cur != NULL && cur->lsp != own) {
			*slot = dc->in.slot;
			*label = dc->in.label;
			return -EEXIST;
		}
	}
	return 0;
}

void
lsr_lfib_count_lsp(const struct lsr_lsp_cfg *l, uint32_t *n_entries,
		   uint32_t legs[LSR_MAX_BRANCHES + 1])
{
	for (int d = 0; d < LSR_DIR_MAX; d++) {
		if (!l->dir[d].present || !l->dir[d].has_in)
			continue;
		(*n_entries)++;
		legs[l->dir[d].n_out]++;
	}
}

/*
 * Room for the configuration and as many entries again plus 65536: a running
 * node can grow to twice its start-up size by changes (docs/PROVISIONING.md).
 */
#define LFIB_HEADROOM 65536u
#define MIN_U64(a, b) ((a) < (b) ? (a) : (b))

struct lsr_lfib *
lsr_lfib_build(const struct lsr_config *cfg)
{
	uint32_t legs[LSR_MAX_BRANCHES + 1] = { 0 }, n = 0;
	uint64_t n_legs = 0, cap_e, cap_o;
	struct lsr_lfib *f;

	for (uint32_t i = 0; i < cfg->n_lsps; i++)
		lsr_lfib_count_lsp(&cfg->lsps[i], &n, legs);
	for (unsigned k = 1; k <= LSR_MAX_BRANCHES; k++)
		n_legs += (uint64_t)legs[k] * k;
	cap_e = MIN_U64(2 * (uint64_t)n + LFIB_HEADROOM, (uint64_t)UINT32_MAX - 1);
	cap_o = MIN_U64(2 * n_legs + 2 * LFIB_HEADROOM, (uint64_t)UINT32_MAX - 1);
	f = lfib_create(cfg->n_interfaces ? cfg->n_interfaces : 1, (uint32_t)cap_e,
			(uint32_t)cap_o);
	if (f == NULL)
		return NULL;
	/* The LSP index in one allocation: every LSP gets a row, entries or not. */
	if (lsr_lfib_cover(f, cfg->n_lsps) < 0) {
		lsr_lfib_free(f);
		errno = ENOMEM;
		return NULL;
	}
	for (uint32_t i = 0; i < cfg->n_lsps; i++) {
		int rc = lsr_lfib_link_lsp(f, cfg, i);

		if (rc < 0) {
			lsr_lfib_free(f);
			errno = -rc;
			return NULL;
		}
	}
	return f;
}

size_t
lsr_lfib_memory(const struct lsr_lfib *f)
{
	size_t n = sizeof(*f) + (size_t)f->cap_entries * sizeof(*f->entries) +
		   (size_t)f->cap_outs * sizeof(*f->outs) +
		   (size_t)f->cap_lsps * LSR_DIR_MAX * sizeof(*f->by_lsp);

	for (unsigned i = 0; i < LSR_MAX_INTERFACES; i++)
		if (f->index[i])
			n += LSR_LFIB_INDEX_BYTES;
	return n;
}
