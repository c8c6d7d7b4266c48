/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The configuration written back in its own language (docs/CONTRACT.md §2):
 * `show running-config` and `tplsr check`.  The text is canonical — the same
 * node always gives the same bytes, whatever the order and spelling of the
 * file it was read from (keywords in one order, Node_IDs as dotted quads,
 * defaults written out) — so that its digest can be compared across nodes and
 * against what a management system intended.  Parsing the text gives the same
 * configuration back (tests/unit/check_config_change.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sha2.h>

#include "lsr_config.h"

_Static_assert(sizeof(((struct lsr_config_digest *)0)->state) >= sizeof(SHA2_CTX),
	       "lsr_config_digest holds a SHA-256 context");

/* snprintf that never writes past len and reports what it wrote. */
static size_t __attribute__((format(printf, 4, 5)))
put(char *buf, size_t len, size_t at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (at >= len)
		return at;
	va_start(ap, fmt);
	n = vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
	if (n < 0)
		return at;
	return at + (size_t)n >= len ? len - 1 : at + (size_t)n;
}

static size_t
put_ident(char *buf, size_t len, size_t at, const struct lsr_node_ident *id)
{
	char s[LSR_NODE_IDENT_STRLEN];

	return put(buf, len, at, "%s", lsr_node_ident_format(s, sizeof(s), id));
}

static size_t
put_mac(char *buf, size_t len, size_t at, const uint8_t m[6])
{
	return put(buf, len, at, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
		   m[5]);
}

size_t
lsr_config_format_globals(const struct lsr_config *cfg, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	size_t at = 0;
	uint16_t i;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	at = put(buf, len, at, "node ");
	at = put_ident(buf, len, at, &cfg->node);
	at = put(buf, len, at, "\n");
	if (cfg->has_icc)
		at = put(buf, len, at, "icc %s cc %s\n", cfg->icc, cfg->cc);
	at = put(buf, len, at, "mip-mode %s\n",
		 cfg->mip_mode == LSR_MIP_PER_NODE ? "per-node" : "per-interface");
	at = put(buf, len, at, "oam-policer rate %" PRIu32 " burst %" PRIu32 "\n",
		 cfg->policer_rate, cfg->policer_burst);
	if (cfg->has_ip4)
		at = put(buf, len, at, "ip-address %s\n",
			 inet_ntop(AF_INET, cfg->ip4, addr, sizeof(addr)));
	if (cfg->has_ip6)
		at = put(buf, len, at, "ip-address %s\n",
			 inet_ntop(AF_INET6, cfg->ip6, addr, sizeof(addr)));
	for (i = 0; i < cfg->n_interfaces; i++) {
		const struct lsr_interface_cfg *ifc = &cfg->interfaces[i];

		at = put(buf, len, at, "interface %" PRIu32, ifc->if_num);
		/* `port NAME` as written: the id it resolves to depends on the probe order. */
		if (ifc->port_name[0] != '\0')
			at = put(buf, len, at, " port %s mac ", ifc->port_name);
		else
			at = put(buf, len, at, " port %u mac ", ifc->port);
		at = put_mac(buf, len, at, ifc->mac);
		at = put(buf, len, at, " peer ");
		at = put_mac(buf, len, at, ifc->peer);
		if (ifc->vlan != LSR_VLAN_NONE)
			at = put(buf, len, at, " vlan %u", ifc->vlan);
		at = put(buf, len, at, " mip %s%s\n", ifc->mip_enabled ? "on" : "off",
			 ifc->promiscuous ? " promiscuous on" : "");
	}
	return at;
}

static size_t
put_direction(char *buf, size_t len, size_t at, const struct lsr_config *cfg,
	      const struct lsr_direction_cfg *d, const char *kw)
{
	uint16_t i;

	if (!d->present)
		return at;
	at = put(buf, len, at, "  %s", kw);
	if (d->has_in)
		at = put(buf, len, at, " in %" PRIu32 " label %" PRIu32,
			 cfg->interfaces[d->in.slot].if_num, d->in.label);
	for (i = 0; i < d->n_out; i++)
		at = put(buf, len, at, " out %" PRIu32 " label %" PRIu32,
			 cfg->interfaces[d->out[i].slot].if_num, d->out[i].label);
	return put(buf, len, at, "\n");
}

static size_t
put_path(char *buf, size_t len, size_t at, const struct lsr_path *p, const char *kw)
{
	for (uint8_t l = 0; p != NULL && l < p->n_legs; l++) {
		const struct lsr_path_leg *leg = &p->leg[l];

		at = put(buf, len, at, "  path %s", kw);
		for (uint8_t h = 0; h < leg->n_hops; h++) {
			const struct lsr_path_hop *hop = &leg->hop[h];
			bool sink = h + 1 == leg->n_hops;

			at = put(buf, len, at, sink ? " to " : " via ");
			at = put_ident(buf, len, at, &hop->node);
			at = put(buf, len, at, " in %" PRIu32, hop->in_if);
			if (!sink)
				at = put(buf, len, at, " out %" PRIu32, hop->out_if);
		}
		at = put(buf, len, at, "\n");
	}
	return at;
}

size_t
lsr_config_format_lsp(const struct lsr_config *cfg, const struct lsr_lsp_cfg *lsp, char *buf,
		      size_t len)
{
	size_t at = 0;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	at = put(buf, len, at, "\nlsp %s\n  source ", lsp->name);
	at = put_ident(buf, len, at, &lsp->src);
	at = put(buf, len, at, " tunnel %u\n  destination ", lsp->src_tunnel);
	at = put_ident(buf, len, at, &lsp->dst);
	at = put(buf, len, at, " tunnel %u\n  lsp-num %u\n", lsp->dst_tunnel, lsp->lsp_num);
	at = put_direction(buf, len, at, cfg, &lsp->dir[LSR_DIR_FORWARD], "forward");
	at = put_direction(buf, len, at, cfg, &lsp->dir[LSR_DIR_REVERSE], "reverse");
	if (lsp->loopback_slot != LSR_SLOT_NONE)
		at = put(buf, len, at, "  loopback interface %" PRIu32 "\n",
			 cfg->interfaces[lsp->loopback_slot].if_num);
	at = put_path(buf, len, at, lsp->path[LSR_DIR_FORWARD], "forward");
	at = put_path(buf, len, at, lsp->path[LSR_DIR_REVERSE], "reverse");
	return at;
}

void
lsr_config_digest_init(struct lsr_config_digest *dg)
{
	SHA2_CTX *ctx = (SHA2_CTX *)dg->state;

	memset(dg->lsp_sum, 0, sizeof(dg->lsp_sum));
	SHA256Init(ctx);
}

void
lsr_config_digest_add(struct lsr_config_digest *dg, const char *text, size_t len)
{
	SHA256Update((SHA2_CTX *)dg->state, (const uint8_t *)text, len);
}

void
lsr_config_digest_add_lsp(struct lsr_config_digest *dg, const char *text, size_t len)
{
	uint8_t md[SHA256_DIGEST_LENGTH];
	unsigned int carry = 0;
	SHA2_CTX ctx;
	int i;

	SHA256Init(&ctx);
	SHA256Update(&ctx, (const uint8_t *)text, len);
	SHA256Final(md, &ctx);
	for (i = SHA256_DIGEST_LENGTH - 1; i >= 0; i--) {
		carry += (unsigned int)dg->lsp_sum[i] + md[i];
		dg->lsp_sum[i] = (uint8_t)carry;
		carry >>= 8;
	}
}

void
lsr_config_digest_final(struct lsr_config_digest *dg, char hex[LSR_CONFIG_DIGEST_HEX])
{
	uint8_t md[SHA256_DIGEST_LENGTH];
	unsigned int i;

	SHA256Update((SHA2_CTX *)dg->state, dg->lsp_sum, sizeof(dg->lsp_sum));
	SHA256Final(md, (SHA2_CTX *)dg->state);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

int
lsr_config_write(const struct lsr_config *cfg, FILE *f, char digest[LSR_CONFIG_DIGEST_HEX])
{
	char buf[LSR_CONFIG_TEXT_MAX];
	struct lsr_config_digest dg;
	size_t n;
	uint32_t i;

	lsr_config_digest_init(&dg);
	n = lsr_config_format_globals(cfg, buf, sizeof(buf));
	lsr_config_digest_add(&dg, buf, n);
	if (f != NULL && fwrite(buf, 1, n, f) != n)
		return -EIO;
	for (i = 0; i < cfg->n_lsps; i++) {
		if (!lsr_lsp_live(&cfg->lsps[i]))
			continue;
		n = lsr_config_format_lsp(cfg, &cfg->lsps[i], buf, sizeof(buf));
		lsr_config_digest_add_lsp(&dg, buf, n);
		if (f != NULL && fwrite(buf, 1, n, f) != n)
			return -EIO;
	}
	lsr_config_digest_final(&dg, digest);
	return 0;
}
