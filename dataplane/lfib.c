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

static int
grow(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
	uint32_t ncap = *cap ? *cap : 64;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	np = realloc(*p, (size_t)ncap * elem);
	if (np == NULL)
		return -ENOMEM;
	*p = np;
	*cap = ncap;
	return 0;
}

struct lsr_lfib *
lsr_lfib_create(uint16_t n_slots, uint32_t capacity)
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
	if (grow((void **)&f->entries, &f->cap_entries, capacity ? capacity : 1,
		 sizeof(*f->entries)) < 0) {
		free(f);
		errno = ENOMEM;
		return NULL;
	}
	return f;
}

void
lsr_lfib_free(struct lsr_lfib *f)
{
	if (f == NULL)
		return;
	for (unsigned i = 0; i < LSR_MAX_INTERFACES; i++)
		free(f->index[i]);
	free(f->entries);
	free(f->outs);
	free(f->by_lsp);
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
lsr_lfib_add(struct lsr_lfib *f, uint16_t in_slot, uint32_t label,
	     const struct lsr_lfib_entry *e, const struct lsr_out *outs, uint8_t n_out)
{
	struct lsr_lfib_entry *ne;

	if (f == NULL || e == NULL || in_slot >= f->n_slots || label > MPLS_LABEL_MAX ||
	    label <= MPLS_LABEL_RESERVED_MAX || n_out > LSR_MAX_BRANCHES ||
	    (n_out > 0 && outs == NULL) || e->dir >= LSR_DIR_MAX || e->lsp > LSR_LFIB_MAX_LSP)
		return -EINVAL;
	for (unsigned i = 0; i < n_out; i++)
		if (outs[i].slot >= f->n_slots || outs[i].label <= MPLS_LABEL_RESERVED_MAX ||
		    outs[i].label > MPLS_LABEL_MAX)
			return -EINVAL;
	if (f->index[in_slot] == NULL) {
		/* calloc of 4 MiB: the kernel hands out zero pages, touched on first use. */
		f->index[in_slot] = calloc(LSR_LFIB_LABELS, sizeof(uint32_t));
		if (f->index[in_slot] == NULL)
			return -ENOMEM;
	}
	if (f->index[in_slot][label] != 0)
		return -EEXIST;
	if (grow((void **)&f->entries, &f->cap_entries, f->n_entries + 1, sizeof(*f->entries)) < 0 ||
	    grow((void **)&f->outs, &f->cap_outs, f->n_outs + n_out, sizeof(*f->outs)) < 0 ||
	    index_cover(f, e->lsp) < 0)
		return -ENOMEM;

	ne = &f->entries[f->n_entries];
	*ne = *e;
	ne->in_slot = in_slot;
	ne->n_out = n_out;
	ne->outs = f->n_outs;
	ne->out_label = n_out ? outs[0].label : 0;
	ne->out_slot = n_out ? outs[0].slot : LSR_SLOT_NONE;
	if (n_out)
		memcpy(&f->outs[f->n_outs], outs, n_out * sizeof(*outs));
	f->n_outs += n_out;
	f->index[in_slot][label] = ++f->n_entries;
	if (f->by_lsp[(size_t)e->lsp * LSR_DIR_MAX + e->dir] == 0)
		f->by_lsp[(size_t)e->lsp * LSR_DIR_MAX + e->dir] = f->n_entries;
	return 0;
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

struct lsr_lfib *
lsr_lfib_build(const struct lsr_config *cfg)
{
	struct lsr_lfib *f = lsr_lfib_create(cfg->n_interfaces ? cfg->n_interfaces : 1,
					     cfg->n_lsps * 2);

	if (f == NULL)
		return NULL;
	/* The LSP index in one allocation: every LSP gets a row, entries or not. */
	if (cfg->n_lsps > 0 && index_cover(f, cfg->n_lsps - 1) < 0) {
		lsr_lfib_free(f);
		errno = ENOMEM;
		return NULL;
	}
	for (uint32_t i = 0; i < cfg->n_lsps; i++) {
		const struct lsr_lsp_cfg *l = &cfg->lsps[i];

		for (int d = 0; d < LSR_DIR_MAX; d++) {
			const struct lsr_direction_cfg *dc = &l->dir[d];
			const struct lsr_direction_cfg *other = &l->dir[!d];
			struct lsr_out outs[LSR_MAX_BRANCHES];
			struct lsr_lfib_entry e = { 0 };
			int rc;

			if (!dc->present || !dc->has_in)
				continue;
			e.lsp = i;
			e.dir = (uint8_t)d;
			/* Replies and loopback go back on the other direction's first out leg
			 * (docs/OAM-RULES.md §4: co-routed, so the interface the request came in on). */
			if (other->present && other->n_out > 0) {
				e.ret_slot = other->out[0].slot;
				e.ret_label = other->out[0].label;
			} else {
				e.ret_slot = LSR_SLOT_NONE;
			}
			e.loop = d == LSR_DIR_FORWARD ? (uint8_t)loop_of(l) : LSR_LOOP_NONE;
			for (unsigned k = 0; k < dc->n_out; k++) {
				outs[k].slot = dc->out[k].slot;
				outs[k].label = dc->out[k].label;
				outs[k].pad = 0;
			}
			rc = lsr_lfib_add(f, dc->in.slot, dc->in.label, &e, outs, (uint8_t)dc->n_out);
			if (rc < 0) {
				lsr_lfib_free(f);
				errno = -rc;
				return NULL;
			}
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
			n += LSR_LFIB_LABELS * sizeof(uint32_t);
	return n;
}
