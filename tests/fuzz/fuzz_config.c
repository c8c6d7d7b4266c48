/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the configuration parser (docs/CONTRACT.md §2).  No EAL:
 * the parser is C library only.
 *
 * Beyond "no crash, no leak, no undefined behaviour", every configuration the
 * parser accepts must satisfy what lsr_lfib_build(), the fast path and the
 * OAM node take for granted (slots in range, labels not reserved, at most
 * LSR_MAX_BRANCHES legs, loopback only where RFC 6435 allows it); a parse
 * that fails must say where.  A violation aborts, so libFuzzer saves the input.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsr_config.h"

#define FUZZ_CHECK(cond)                                                         \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "fuzz_config: invariant failed: %s (%s:%d)\n", \
				#cond, __FILE__, __LINE__);                      \
			abort();                                                 \
		}                                                                \
	} while (0)

static void
check_hop(const struct lsr_config *cfg, const struct lsr_hop *h)
{
	FUZZ_CHECK(h->slot < cfg->n_interfaces);
	FUZZ_CHECK(h->label > MPLS_LABEL_RESERVED_MAX && h->label <= MPLS_LABEL_MAX);
}

static bool
on_forward_path(const struct lsr_direction_cfg *fw, uint16_t slot)
{
	if (fw->has_in && fw->in.slot == slot)
		return true;
	for (unsigned i = 0; i < fw->n_out; i++)
		if (fw->out[i].slot == slot)
			return true;
	return false;
}

static void
check_lsp(const struct lsr_config *cfg, const struct lsr_lsp_cfg *l)
{
	const struct lsr_direction_cfg *fw = &l->dir[LSR_DIR_FORWARD];
	const struct lsr_direction_cfg *rev = &l->dir[LSR_DIR_REVERSE];

	FUZZ_CHECK(memchr(l->name, '\0', sizeof(l->name)) != NULL);
	FUZZ_CHECK(l->name[0] != '\0');
	FUZZ_CHECK(lsr_config_find_lsp(cfg, l->name) == l);
	FUZZ_CHECK(fw->present || rev->present);
	for (int d = 0; d < LSR_DIR_MAX; d++) {
		const struct lsr_direction_cfg *dc = &l->dir[d];

		if (!dc->present)
			continue;
		FUZZ_CHECK(dc->has_in || dc->n_out > 0);
		FUZZ_CHECK(dc->n_out <= LSR_MAX_BRANCHES);
		if (dc->has_in)
			check_hop(cfg, &dc->in);
		for (unsigned i = 0; i < dc->n_out; i++) {
			check_hop(cfg, &dc->out[i]);
			for (unsigned j = 0; j < i; j++)
				FUZZ_CHECK(dc->out[j].slot != dc->out[i].slot);
		}
	}
	if (l->loopback_slot != LSR_SLOT_NONE) {
		/* RFC 6435 §3 as the parser promises it (docs/OAM-RULES.md §5). */
		FUZZ_CHECK(l->loopback_slot < cfg->n_interfaces);
		FUZZ_CHECK(fw->present && rev->present && rev->n_out > 0);
		FUZZ_CHECK(on_forward_path(fw, l->loopback_slot));
		if (!(fw->has_in && fw->in.slot == l->loopback_slot))
			FUZZ_CHECK(fw->n_out == 1);
	}
}

/* (in slot, label) is the lookup key: two directions must not claim one. */
static void
check_unique_keys(const struct lsr_config *cfg)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < cfg->n_lsps; i++)
		for (int d = 0; d < LSR_DIR_MAX; d++)
			n += cfg->lsps[i].dir[d].present && cfg->lsps[i].dir[d].has_in;
	if (n > 4096)
		return;	/* quadratic check: keep the fuzzer fast */
	for (uint32_t i = 0; i < cfg->n_lsps * LSR_DIR_MAX; i++) {
		const struct lsr_direction_cfg *a = &cfg->lsps[i / 2].dir[i % 2];

		if (!a->present || !a->has_in)
			continue;
		for (uint32_t j = 0; j < i; j++) {
			const struct lsr_direction_cfg *b = &cfg->lsps[j / 2].dir[j % 2];

			if (b->present && b->has_in)
				FUZZ_CHECK(a->in.slot != b->in.slot || a->in.label != b->in.label);
		}
	}
}

static void
check_config(const struct lsr_config *cfg)
{
	FUZZ_CHECK(cfg->mip_mode == LSR_MIP_PER_INTERFACE || cfg->mip_mode == LSR_MIP_PER_NODE);
	FUZZ_CHECK(cfg->n_interfaces <= LSR_MAX_INTERFACES);
	FUZZ_CHECK(cfg->n_lsps == 0 || cfg->lsps != NULL);
	if (cfg->has_icc) {
		FUZZ_CHECK(memchr(cfg->icc, '\0', sizeof(cfg->icc)) != NULL);
		FUZZ_CHECK(cfg->icc[0] != '\0');
		FUZZ_CHECK(memchr(cfg->cc, '\0', sizeof(cfg->cc)) != NULL);
	}
	for (unsigned s = 0; s < cfg->n_interfaces; s++) {
		FUZZ_CHECK(cfg->interfaces[s].if_num != 0);
		FUZZ_CHECK(lsr_config_slot_of(cfg, cfg->interfaces[s].if_num) == (int)s);
	}
	FUZZ_CHECK(lsr_config_slot_of(cfg, 0) < 0);
	for (uint32_t i = 0; i < cfg->n_lsps; i++)
		check_lsp(cfg, &cfg->lsps[i]);
	check_unique_keys(cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lsr_config *cfg = (struct lsr_config *)(uintptr_t)1;
	char err[512];
	int rc;

	memset(err, 0x55, sizeof(err));
	rc = lsr_config_parse_buffer((const char *)data, size, "fuzz", &cfg, err, sizeof(err));
	FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL);
	if (rc == 0) {
		FUZZ_CHECK(cfg != NULL);
		check_config(cfg);
		lsr_config_free(cfg);
		return 0;
	}
	/* docs/CONTRACT.md §2: errors say FILE:LINE: (or FILE:) and nothing is applied. */
	FUZZ_CHECK(rc == -EINVAL || rc == -ENOMEM);
	FUZZ_CHECK(cfg == NULL);
	FUZZ_CHECK(strncmp(err, "fuzz:", 5) == 0);
	return 0;
}
