/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What changes between the running configuration and a new one (`reload`):
 * the LSPs added, removed and changed (by name), the interfaces whose MIPs
 * were turned on or off, the policer.  What cannot change on a running node
 * is refused with the reason: the node's identity (every MIP and MEP ID and
 * every reply's Source Identifier derive from it, RFC 6370 §4-§7), the ICC/CC
 * and MIP mode (RFC 7054 §5: the modes are never mixed on one node), and an
 * interface's existence, port or MACs (the ports are set up once at start).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_priv.h"
#include "lsr_config.h"

/* Open addressing over a power of two at least twice the names: index + 1, 0 = free. */
struct name_table {
	uint32_t *slot;
	uint32_t mask;
};

static int
names_build(struct name_table *t, const struct lsr_config *cfg)
{
	uint64_t size = 16;
	uint32_t i, h;

	while (size < 2 * (uint64_t)cfg->n_lsps)
		size <<= 1;
	t->slot = calloc(size, sizeof(uint32_t));
	if (t->slot == NULL)
		return -ENOMEM;
	t->mask = (uint32_t)(size - 1);
	for (i = 0; i < cfg->n_lsps; i++) {
		if (!lsr_lsp_live(&cfg->lsps[i]))
			continue;	/* a deleted LSP's slot on a running node */
		for (h = lsr_config_name_hash(cfg->lsps[i].name) & t->mask; t->slot[h] != 0; h = (h + 1) & t->mask)
			;
		t->slot[h] = i + 1;
	}
	return 0;
}

/* @return the index of the LSP called name in cfg, or -1. */
static int64_t
names_find(const struct name_table *t, const struct lsr_config *cfg, const char *name)
{
	uint32_t h;

	for (h = lsr_config_name_hash(name) & t->mask; t->slot[h] != 0; h = (h + 1) & t->mask)
		if (strcmp(cfg->lsps[t->slot[h] - 1].name, name) == 0)
			return t->slot[h] - 1;
	return -1;
}

static bool
hop_equal(const struct lsr_config *a, const struct lsr_hop *x, const struct lsr_config *b,
	  const struct lsr_hop *y)
{
	return x->label == y->label &&
	       a->interfaces[x->slot].if_num == b->interfaces[y->slot].if_num;
}

static bool
direction_equal(const struct lsr_config *a, const struct lsr_direction_cfg *x,
		const struct lsr_config *b, const struct lsr_direction_cfg *y)
{
	uint16_t i;

	if (x->present != y->present || x->has_in != y->has_in || x->n_out != y->n_out)
		return false;
	if (x->has_in && !hop_equal(a, &x->in, b, &y->in))
		return false;
	for (i = 0; i < x->n_out; i++)
		if (!hop_equal(a, &x->out[i], b, &y->out[i]))
			return false;
	return true;
}

bool
lsr_config_lsp_equal(const struct lsr_config *a, const struct lsr_lsp_cfg *x,
		     const struct lsr_config *b, const struct lsr_lsp_cfg *y)
{
	uint32_t lx, ly;

	lx = x->loopback_slot == LSR_SLOT_NONE ? 0 : a->interfaces[x->loopback_slot].if_num;
	ly = y->loopback_slot == LSR_SLOT_NONE ? 0 : b->interfaces[y->loopback_slot].if_num;
	return strcmp(x->name, y->name) == 0 &&
	       x->src.global_id == y->src.global_id && x->src.node_id == y->src.node_id &&
	       x->dst.global_id == y->dst.global_id && x->dst.node_id == y->dst.node_id &&
	       x->src_tunnel == y->src_tunnel && x->dst_tunnel == y->dst_tunnel &&
	       x->lsp_num == y->lsp_num && lx == ly &&
	       direction_equal(a, &x->dir[LSR_DIR_FORWARD], b, &y->dir[LSR_DIR_FORWARD]) &&
	       direction_equal(a, &x->dir[LSR_DIR_REVERSE], b, &y->dir[LSR_DIR_REVERSE]) &&
	       lsr_path_equal(x->path[LSR_DIR_FORWARD], y->path[LSR_DIR_FORWARD]) &&
	       lsr_path_equal(x->path[LSR_DIR_REVERSE], y->path[LSR_DIR_REVERSE]);
}

bool
lsr_path_equal(const struct lsr_path *a, const struct lsr_path *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	if (a->n_legs != b->n_legs)
		return false;
	for (uint8_t i = 0; i < a->n_legs; i++) {
		const struct lsr_path_leg *x = &a->leg[i], *y = &b->leg[i];

		if (x->n_hops != y->n_hops ||
		    memcmp(x->hop, y->hop, x->n_hops * sizeof(x->hop[0])) != 0)
			return false;
	}
	return true;
}

/* What may not change live, in words; NULL when the node-wide part is acceptable. */
static const char *
refused(const struct lsr_config *old, const struct lsr_config *new, char *why, size_t len)
{
	uint16_t i;

	if (old->node.global_id != new->node.global_id || old->node.node_id != new->node.node_id)
		return "the node identity (node) cannot change on a running node: restart it";
	if (old->has_icc != new->has_icc || strcmp(old->icc, new->icc) != 0 ||
	    strcmp(old->cc, new->cc) != 0)
		return "icc/cc cannot change on a running node (they name every MIP): restart it";
	if (old->mip_mode != new->mip_mode)
		return "mip-mode cannot change on a running node (RFC 7054 §5): restart it";
	if (old->n_interfaces != new->n_interfaces)
		return "interfaces cannot be added or removed on a running node: restart it";
	for (i = 0; i < old->n_interfaces; i++) {
		const struct lsr_interface_cfg *a = &old->interfaces[i], *b = &new->interfaces[i];

		/* A port named by its device is compared by name: the id is resolved at start. */
		bool port_differs = a->port_name[0] != '\0' || b->port_name[0] != '\0' ?
				    strcmp(a->port_name, b->port_name) != 0 : a->port != b->port;

		if (a->if_num != b->if_num || port_differs || a->vlan != b->vlan ||
		    a->promiscuous != b->promiscuous ||
		    memcmp(a->mac, b->mac, 6) != 0 || memcmp(a->peer, b->peer, 6) != 0) {
			snprintf(why, len, "interface %" PRIu32 ": only 'mip' can change on a "
				 "running node (port, vlan, mac, peer, promiscuous and the interfaces' order "
				 "are fixed at start): restart it", a->if_num);
			return why;
		}
	}
	return NULL;
}

void
lsr_config_diff_free(struct lsr_config_diff *d)
{
	if (d == NULL)
		return;
	free(d->added);
	free(d->removed);
	free(d->changed);
	memset(d, 0, sizeof(*d));
}

int
lsr_config_diff(const struct lsr_config *old, const struct lsr_config *new,
		struct lsr_config_diff *d, char *err, size_t errlen)
{
	struct name_table t = { 0 };
	const char *why;
	char buf[256];
	uint8_t *seen = NULL;
	uint32_t i;
	int64_t j;
	int rc = -ENOMEM;

	if (old == NULL || new == NULL || d == NULL)
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	why = refused(old, new, buf, sizeof(buf));
	if (why != NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s", why);
		return -EPERM;
	}
	for (i = 0; i < old->n_interfaces; i++)
		if (old->interfaces[i].mip_enabled != new->interfaces[i].mip_enabled)
			d->mip_changed |= (uint64_t)1 << i;
	d->policer_changed = old->policer_rate != new->policer_rate ||
			     old->policer_burst != new->policer_burst;

	/* A running node's configuration has its name index already (config_live.c). */
	if (old->live == NULL && names_build(&t, old) < 0)
		goto out;
	seen = calloc(old->n_lsps ? old->n_lsps : 1, 1);
	d->added = malloc(sizeof(uint32_t) * (new->n_lsps ? new->n_lsps : 1));
	d->changed = malloc(sizeof(d->changed[0]) * (new->n_lsps ? new->n_lsps : 1));
	d->removed = malloc(sizeof(uint32_t) * (old->n_lsps ? old->n_lsps : 1));
	if (seen == NULL || d->added == NULL || d->changed == NULL || d->removed == NULL)
		goto out;
	for (i = 0; i < new->n_lsps; i++) {
		if (!lsr_lsp_live(&new->lsps[i]))
			continue;
		if (old->live != NULL) {
			const struct lsr_lsp_cfg *o = lsr_config_live_find(old, new->lsps[i].name);

			j = o != NULL ? o - old->lsps : -1;
		} else {
			j = names_find(&t, old, new->lsps[i].name);
		}
		if (j < 0) {
			d->added[d->n_added++] = i;
			continue;
		}
		seen[j] = 1;
		if (!lsr_config_lsp_equal(old, &old->lsps[j], new, &new->lsps[i])) {
			d->changed[d->n_changed].old_idx = (uint32_t)j;
			d->changed[d->n_changed].new_idx = i;
			d->n_changed++;
		}
	}
	for (i = 0; i < old->n_lsps; i++)
		if (!seen[i] && lsr_lsp_live(&old->lsps[i]))
			d->removed[d->n_removed++] = i;
	rc = 0;
out:
	free(t.slot);
	free(seen);
	if (rc < 0) {
		lsr_config_diff_free(d);
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "out of memory");
	}
	return rc;
}
