/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The running configuration changed in place (docs/PROVISIONING.md): an index
 * of the LSPs' names, so that `lsp add` on a node of a million LSPs finds a
 * name in O(1), and the slots of deleted LSPs (tombstones), reusable only
 * after the change that deleted them was published (lsr_config_reclaim()).
 * Main lcore only: workers never read the configuration.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_priv.h"
#include "lsr_config.h"
#include "lsr_lfib.h"

#define SLOT_EMPTY 0u
#define SLOT_GONE  UINT32_MAX	/* a deleted name: lookups probe past it */
#define LSR_CONFIG_LSP_HEADROOM 65536u

struct lsr_config_live {
	uint32_t *ht;		/* open addressing: LSP index + 1, SLOT_EMPTY or SLOT_GONE */
	uint32_t mask;		/* size - 1, a power of two */
	uint32_t used;		/* names plus SLOT_GONE marks */
	uint32_t cap_lsps;	/* slots allocated in cfg->lsps */
	struct lsr_lfib_stack free;	/* tombstones to reuse */
	struct lsr_lfib_stack retired;	/* tombstones of the change not yet published */
	struct lsr_lsp_cfg *old_lsps;	/* the array before it grew: freed at reclaim */
};

/* (Re)build the name table for at least want names, load at most one half. */
static int
ht_build(struct lsr_config *cfg, struct lsr_config_live *lv, uint64_t want)
{
	uint64_t size = 64;
	uint32_t *ht, i, h, mask;

	while (size < 2 * want)
		size <<= 1;
	if (size > (uint64_t)UINT32_MAX + 1)
		return -ENOMEM;
	ht = calloc(size, sizeof(*ht));
	if (ht == NULL)
		return -ENOMEM;
	mask = (uint32_t)(size - 1);
	for (i = 0; i < cfg->n_lsps; i++) {
		if (!lsr_lsp_live(&cfg->lsps[i]))
			continue;
		for (h = lsr_config_name_hash(cfg->lsps[i].name) & mask; ht[h] != SLOT_EMPTY; h = (h + 1) & mask)
			;
		ht[h] = i + 1;
	}
	free(lv->ht);
	lv->ht = ht;
	lv->mask = mask;
	lv->used = cfg->n_live;
	return 0;
}

/* The table position of name, or of the first free position if absent (*found false). */
static uint32_t
ht_find(const struct lsr_config *cfg, const struct lsr_config_live *lv, const char *name,
	bool *found)
{
	uint32_t h, gone = UINT32_MAX;

	for (h = lsr_config_name_hash(name) & lv->mask; lv->ht[h] != SLOT_EMPTY; h = (h + 1) & lv->mask) {
		if (lv->ht[h] == SLOT_GONE) {
			if (gone == UINT32_MAX)
				gone = h;
			continue;
		}
		if (strcmp(cfg->lsps[lv->ht[h] - 1].name, name) == 0) {
			*found = true;
			return h;
		}
	}
	*found = false;
	return gone != UINT32_MAX ? gone : h;
}

/* Make lsps hold need slots. @return 0; -ENOMEM. */
static int
reserve_slots(struct lsr_config *cfg, struct lsr_config_live *lv, uint64_t need)
{
	struct lsr_lsp_cfg *grown;
	uint64_t cap;

	if (need > UINT32_MAX - 1)
		return -ENOMEM;
	if (need <= lv->cap_lsps)
		return 0;
	cap = 2 * (uint64_t)lv->cap_lsps;
	if (cap < need)
		cap = need;
	if (cap > UINT32_MAX - 1)
		cap = UINT32_MAX - 1;
	/*
	 * Not realloc(): a management thread (telemetry) may be reading the old
	 * array inside an RCU reader section (lsr_dataplane_reader_enter()).  The
	 * new one is whole before it is published, the old one freed at the next
	 * lsr_config_reclaim(), after a grace period.  calloc: fresh pages cost
	 * nothing until written, and a reader sees zeros (no LSP) beyond n_lsps.
	 */
	if (lv->old_lsps != NULL)
		return -EAGAIN;	/* grew twice within one grace period: try after it */
	grown = calloc((size_t)cap, sizeof(*grown));
	if (grown == NULL)
		return -ENOMEM;
	memcpy(grown, cfg->lsps, (size_t)cfg->n_lsps * sizeof(*grown));
	lv->old_lsps = cfg->lsps;
	__atomic_store_n(&cfg->lsps, grown, __ATOMIC_RELEASE);
	lv->cap_lsps = (uint32_t)cap;
	return 0;
}

void
lsr_config_live_free(struct lsr_config_live *lv)
{
	if (lv == NULL)
		return;
	free(lv->ht);
	free(lv->free.v);
	free(lv->retired.v);
	free(lv->old_lsps);
	free(lv);
}

int
lsr_config_live_init(struct lsr_config *cfg)
{
	struct lsr_config_live *lv;

	if (cfg == NULL)
		return -EINVAL;
	if (cfg->live != NULL)
		return 0;
	lv = calloc(1, sizeof(*lv));
	if (lv == NULL)
		return -ENOMEM;
	lv->cap_lsps = cfg->n_lsps;
	/*
	 * Room to double, plus LSR_CONFIG_LSP_HEADROOM, without moving lsps: a
	 * reader on another thread (telemetry) never sees it move before that.
	 * Fresh pages of a large allocation cost nothing until written.
	 */
	if (reserve_slots(cfg, lv, 2 * (uint64_t)cfg->n_lsps +
			  LSR_CONFIG_LSP_HEADROOM) < 0 ||
	    ht_build(cfg, lv, cfg->n_live) < 0) {
		lsr_config_live_free(lv);
		return -ENOMEM;
	}
	/* Nothing reads the configuration on another thread yet: no grace period. */
	free(lv->old_lsps);
	lv->old_lsps = NULL;
	for (uint32_t i = 0; i < cfg->n_lsps; i++)
		if (!lsr_lsp_live(&cfg->lsps[i]) && lsr_lfib_stack_push(&lv->free, i) < 0) {
			lsr_config_live_free(lv);
			return -ENOMEM;
		}
	cfg->live = lv;
	return 0;
}

const struct lsr_lsp_cfg *
lsr_config_live_find(const struct lsr_config *cfg, const char *name)
{
	bool found;
	uint32_t h;

	if (name[0] == '\0')
		return NULL;
	h = ht_find(cfg, cfg->live, name, &found);
	return found ? &cfg->lsps[cfg->live->ht[h] - 1] : NULL;
}

int
lsr_config_reserve(struct lsr_config *cfg, uint32_t n)
{
	struct lsr_config_live *lv = cfg->live;

	if (lv == NULL)
		return -EINVAL;
	/* The name table: rebuilt (tombstones dropped) before it is half full. */
	if (2 * ((uint64_t)lv->used + n) > (uint64_t)lv->mask + 1 &&
	    ht_build(cfg, lv, (uint64_t)cfg->n_live + n) < 0)
		return -ENOMEM;
	return reserve_slots(cfg, lv, n > lv->free.n ?
					(uint64_t)cfg->n_lsps + (n - lv->free.n) : cfg->n_lsps);
}

int
lsr_config_lsp_insert(struct lsr_config *cfg, struct lsr_lsp_cfg *l, uint32_t *idx)
{
	struct lsr_config_live *lv = cfg->live;
	bool found;
	uint32_t h, i;
	int rc;

	if (lv == NULL || l == NULL || !lsr_lsp_live(l))
		return -EINVAL;
	ht_find(cfg, lv, l->name, &found);
	if (found)
		return -EEXIST;
	rc = lsr_config_reserve(cfg, 1);
	if (rc < 0)
		return rc;
	h = ht_find(cfg, lv, l->name, &found);	/* the table may have been rebuilt */
	if (lv->free.n) {
		i = lv->free.v[--lv->free.n];
		cfg->lsps[i] = *l;
	} else {
		/* Written before it is counted: a reader of n_lsps sees it whole. */
		i = cfg->n_lsps;
		cfg->lsps[i] = *l;
		__atomic_store_n(&cfg->n_lsps, i + 1, __ATOMIC_RELEASE);
	}
	if (lv->ht[h] == SLOT_EMPTY)
		lv->used++;
	lv->ht[h] = i + 1;
	cfg->n_live++;
	if (idx != NULL)
		*idx = i;
	memset(l->path, 0, sizeof(l->path));	/* cfg owns them now */
	return 0;
}

void
lsr_config_lsp_set(struct lsr_config *cfg, uint32_t idx, struct lsr_lsp_cfg *l)
{
	/* Paths are read on this (the main) lcore only: freed at once. */
	lsr_lsp_paths_free(&cfg->lsps[idx]);
	cfg->lsps[idx] = *l;	/* same name: the index is unchanged */
	memset(l->path, 0, sizeof(l->path));
}

void
lsr_config_lsp_remove(struct lsr_config *cfg, uint32_t idx)
{
	struct lsr_config_live *lv = cfg->live;
	struct lsr_lsp_cfg *l = &cfg->lsps[idx];
	bool found;
	uint32_t h;

	if (lv == NULL || idx >= cfg->n_lsps || !lsr_lsp_live(l))
		return;
	h = ht_find(cfg, lv, l->name, &found);
	if (found)
		lv->ht[h] = SLOT_GONE;
	/* A tombstone: no name, no direction, so that every walk passes it by. */
	lsr_lsp_paths_free(l);
	memset(l, 0, sizeof(*l));
	l->dir[LSR_DIR_FORWARD].in.slot = l->dir[LSR_DIR_REVERSE].in.slot = LSR_SLOT_NONE;
	l->loopback_slot = LSR_SLOT_NONE;
	cfg->n_live--;
	/* XXX: without memory for the list the slot is never reused (not reused early). */
	lsr_lfib_stack_push(&lv->retired, idx);
}

void
lsr_config_reclaim(struct lsr_config *cfg)
{
	struct lsr_config_live *lv = cfg->live;

	if (lv == NULL)
		return;
	for (uint32_t i = 0; i < lv->retired.n; i++)
		lsr_lfib_stack_push(&lv->free, lv->retired.v[i]);
	lv->retired.n = 0;
	free(lv->old_lsps);
	lv->old_lsps = NULL;
}
