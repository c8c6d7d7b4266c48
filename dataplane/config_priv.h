/* SPDX-License-Identifier: BSD-3-Clause */
/* What dataplane/config.c needs of the running configuration's change support (config_live.c). */
#ifndef TPLSR_CONFIG_PRIV_H
#define TPLSR_CONFIG_PRIV_H

#include "lsr_config.h"

/* FNV-1a of an LSP name: the hash of the parser's, the diff's and the live name tables. */
static inline uint32_t
lsr_config_name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

/* The LSP called name through the name index (cfg->live is set), or NULL. */
const struct lsr_lsp_cfg *lsr_config_live_find(const struct lsr_config *cfg, const char *name);
/* Free what lsr_config_live_init() allocated. */
void lsr_config_live_free(struct lsr_config_live *live);

#endif /* TPLSR_CONFIG_PRIV_H */
