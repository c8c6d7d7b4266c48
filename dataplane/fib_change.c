/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Changes of a running node applied entry by entry (docs/PROVISIONING.md):
 * `lsp add|delete|replace`, `interface IF mip on|off` and `reload`.  Each
 * validates everything first and touches nothing on an error; then the
 * configuration is changed in place (main lcore only) and the label table
 * entry by entry (one release store per entry, lsr_lfib.h), so that a frame
 * of an LSP the change does not touch never notices it.  What was unlinked is
 * reused after lsr_fib_reclaim(), which the caller runs after an RCU grace
 * period (lsr_dataplane_retire(), lsr_dataplane_reclaimable()).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lsr_fwd.h"
#include "lsr_lsp_counters.h"

/* The key (slot, label) of l that another LSP holds, in words. @return -EEXIST or 0. */
static int
keys_check(const struct lsr_fib *fib, const struct lsr_config *cfg, const struct lsr_lsp_cfg *l,
	   uint32_t own, char *err, size_t errlen)
{
	uint16_t slot;
	uint32_t label;

	if (lsr_lfib_keys_free(fib->lfib, l, own, &slot, &label) == 0)
		return 0;
	snprintf(err, errlen, "label %" PRIu32 " on interface %" PRIu32 " is already in use by "
		 "lsp '%s'", label, cfg->interfaces[slot].if_num,
		 cfg->lsps[lsr_lfib_lookup(fib->lfib, slot, label)->lsp].name);
	return -EEXIST;
}

static int
room_check(const struct lsr_fib *fib, uint32_t n, const uint32_t legs[LSR_MAX_BRANCHES + 1],
	   char *err, size_t errlen)
{
	if (lsr_lfib_has_room(fib->lfib, n, legs))
		return 0;
	snprintf(err, errlen, "the label table is full (%" PRIu32 " entries): restart the node "
		 "to change its size", fib->lfib->cap_entries);
	return -ENOSPC;
}

/* Why the configuration could not make room (lsr_config_reserve()). */
static void
reserve_error(int rc, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s", rc == -EAGAIN ?
		 "the configuration grew a moment ago: try again" : "out of memory");
}

/* Room for the entries of l. */
static int
room_check_lsp(const struct lsr_fib *fib, const struct lsr_lsp_cfg *l, char *err, size_t errlen)
{
	uint32_t legs[LSR_MAX_BRANCHES + 1] = { 0 }, n = 0;

	lsr_lfib_count_lsp(l, &n, legs);
	return room_check(fib, n, legs, err, errlen);
}

int
lsr_fib_lsp_add(struct lsr_fib *fib, struct lsr_config *cfg, struct lsr_lsp_cfg *l,
		char *err, size_t errlen)
{
	uint32_t idx;
	int rc;

	if (lsr_config_find_lsp(cfg, l->name) != NULL) {
		snprintf(err, errlen, "lsp '%s' exists (use lsp replace)", l->name);
		return -EEXIST;
	}
	rc = keys_check(fib, cfg, l, UINT32_MAX, err, errlen);
	if (rc == 0)
		rc = room_check_lsp(fib, l, err, errlen);
	if (rc < 0)
		return rc;
	rc = lsr_config_reserve(cfg, 1);
	if (rc == 0)
		rc = lsr_lfib_cover(fib->lfib, cfg->n_lsps + 1);
	if (rc == 0)
		rc = lsr_config_lsp_insert(cfg, l, &idx);
	if (rc < 0) {
		reserve_error(rc, err, errlen);
		return rc;
	}
	rc = lsr_lfib_link_lsp(fib->lfib, cfg, idx);
	if (rc < 0) {
		/* Not reached after the checks above; undo what was linked. */
		lsr_lfib_unlink_lsp(fib->lfib, cfg, idx, NULL);
		lsr_config_lsp_remove(cfg, idx);
		snprintf(err, errlen, "cannot add the entries: %s", strerror(-rc));
		return rc;
	}
	cfg->generation++;
	return 0;
}

int
lsr_fib_lsp_replace(struct lsr_fib *fib, struct lsr_config *cfg, struct lsr_lsp_cfg *l,
		    char *err, size_t errlen)
{
	const struct lsr_lsp_cfg *cur = lsr_config_find_lsp(cfg, l->name);
	uint32_t idx;
	int rc;

	if (cur == NULL) {
		snprintf(err, errlen, "no lsp '%s' (use lsp add)", l->name);
		return -ENOENT;
	}
	idx = (uint32_t)(cur - cfg->lsps);
	if (lsr_config_lsp_equal(cfg, cur, cfg, l))
		return 1;
	rc = keys_check(fib, cfg, l, idx, err, errlen);
	if (rc == 0)
		rc = room_check_lsp(fib, l, err, errlen);
	if (rc < 0)
		return rc;
	/* Keys the new version keeps are replaced in place: never a missing entry. */
	lsr_lfib_unlink_lsp(fib->lfib, cfg, idx, l);
	lsr_config_lsp_set(cfg, idx, l);
	rc = lsr_lfib_link_lsp(fib->lfib, cfg, idx);
	if (rc < 0) {
		snprintf(err, errlen, "cannot replace the entries: %s", strerror(-rc));
		return rc;
	}
	cfg->generation++;
	return 0;
}

int
lsr_fib_lsp_delete(struct lsr_fib *fib, struct lsr_config *cfg, const char *name, char *err,
		   size_t errlen)
{
	const struct lsr_lsp_cfg *cur = lsr_config_find_lsp(cfg, name);
	uint32_t idx;

	if (cur == NULL) {
		snprintf(err, errlen, "no lsp '%s'", name);
		return -ENOENT;
	}
	idx = (uint32_t)(cur - cfg->lsps);
	lsr_lfib_unlink_lsp(fib->lfib, cfg, idx, NULL);
	lsr_config_lsp_remove(cfg, idx);
	cfg->generation++;
	return 0;
}

void
lsr_fib_set_mip(struct lsr_config *cfg, uint16_t slot, bool on)
{
	/* Read by OAM on the main lcore only (docs/OAM-RULES.md §2): a plain store. */
	if (slot < cfg->n_interfaces && cfg->interfaces[slot].mip_enabled != on) {
		cfg->interfaces[slot].mip_enabled = on;
		cfg->generation++;
	}
}

static void
set_policer(struct lsr_fib *fib, struct lsr_config *cfg, uint32_t rate, uint32_t burst)
{
	cfg->policer_rate = rate;
	cfg->policer_burst = burst;
	/* Workers read these per punt: a burst may see one new and one old, both valid. */
	__atomic_store_n(&fib->policer_rate, (uint64_t)rate, __ATOMIC_RELAXED);
	__atomic_store_n(&fib->policer_burst, (uint64_t)burst, __ATOMIC_RELAXED);
}

int
lsr_fib_reload(struct lsr_fib *fib, struct lsr_config *cfg, const struct lsr_config *new,
	       struct lsr_fib_change *ch, char *err, size_t errlen)
{
	uint32_t legs[LSR_MAX_BRANCHES + 1] = { 0 }, n = 0, i, idx;
	struct lsr_config_diff d;
	int rc;

	memset(ch, 0, sizeof(*ch));
	rc = lsr_config_diff(cfg, new, &d, err, errlen);
	if (rc < 0)
		return rc;
	/* Everything that can fail, first: room in the table and in the configuration. */
	for (i = 0; i < d.n_added; i++)
		lsr_lfib_count_lsp(&new->lsps[d.added[i]], &n, legs);
	for (i = 0; i < d.n_changed; i++)
		lsr_lfib_count_lsp(&new->lsps[d.changed[i].new_idx], &n, legs);
	rc = room_check(fib, n, legs, err, errlen);
	if (rc == 0) {
		rc = lsr_config_reserve(cfg, d.n_added);
		if (rc == 0)
			rc = lsr_lfib_cover(fib->lfib, cfg->n_lsps + d.n_added);
		if (rc < 0)
			reserve_error(rc, err, errlen);
	}
	if (rc < 0)
		goto out;

	/*
	 * The new configuration holds no key twice, and the unchanged LSPs keep
	 * theirs: once the removed and changed LSPs gave up the keys they no
	 * longer use, every key the changed and added LSPs need is free or their
	 * own (replaced in place).
	 */
	for (i = 0; i < d.n_removed; i++)
		lsr_lfib_unlink_lsp(fib->lfib, cfg, d.removed[i], NULL);
	for (i = 0; i < d.n_changed; i++)
		lsr_lfib_unlink_lsp(fib->lfib, cfg, d.changed[i].old_idx,
				    &new->lsps[d.changed[i].new_idx]);
	for (i = 0; i < d.n_removed; i++)
		lsr_config_lsp_remove(cfg, d.removed[i]);
	for (i = 0; i < d.n_changed && rc == 0; i++) {
		lsr_config_lsp_set(cfg, d.changed[i].old_idx, &new->lsps[d.changed[i].new_idx]);
		rc = lsr_lfib_link_lsp(fib->lfib, cfg, d.changed[i].old_idx);
	}
	for (i = 0; i < d.n_added && rc == 0; i++) {
		rc = lsr_config_lsp_insert(cfg, &new->lsps[d.added[i]], &idx);
		if (rc == 0)
			rc = lsr_lfib_link_lsp(fib->lfib, cfg, idx);
	}
	for (i = 0; i < cfg->n_interfaces; i++)
		if (d.mip_changed & ((uint64_t)1 << i)) {
			cfg->interfaces[i].mip_enabled = new->interfaces[i].mip_enabled;
			ch->mip_changed++;
		}
	if (d.policer_changed)
		set_policer(fib, cfg, new->policer_rate, new->policer_burst);
	/* Read by OAM on this lcore only (the IP form's source address). */
	cfg->has_ip4 = new->has_ip4;
	cfg->has_ip6 = new->has_ip6;
	memcpy(cfg->ip4, new->ip4, sizeof(cfg->ip4));
	memcpy(cfg->ip6, new->ip6, sizeof(cfg->ip6));
	ch->added = d.n_added;
	ch->removed = d.n_removed;
	ch->changed = d.n_changed;
	ch->policer_changed = d.policer_changed;
	cfg->generation++;
	if (rc < 0)	/* not reached after the checks above */
		snprintf(err, errlen, "partly applied: %s", strerror(-rc));
out:
	lsr_config_diff_free(&d);
	return rc;
}

void
lsr_fib_reclaim(struct lsr_fib *fib, struct lsr_config *cfg)
{
	/*
	 * A slot reused for another LSP must not inherit the counts of the old
	 * one: after the grace period no worker touches a retired entry, so the
	 * sum over lcores is final and becomes its zero point
	 * (include/lsr_lsp_counters.h).  -EBUSY (an lcore stuck 0.1 s in one
	 * section) leaves the old zero point: the new LSP would show its
	 * predecessor's counts until `clear counters lsp NAME`.
	 */
	for (uint32_t i = 0; i < fib->lfib->n_retired; i++)
		(void)lsr_lsp_counters_rebase(fib, fib->lfib->retired[i].entry - 1);
	lsr_lfib_reclaim(fib->lfib);
	lsr_config_reclaim(cfg);
}
