/* SPDX-License-Identifier: BSD-3-Clause */
/* What dataplane/config.c needs of the running configuration's change support (config_live.c). */
#ifndef TPLSR_CONFIG_PRIV_H
#define TPLSR_CONFIG_PRIV_H

#include "lsr_config.h"

/* The LSP called name through the name index (cfg->live is set), or NULL. */
const struct lsr_lsp_cfg *lsr_config_live_find(const struct lsr_config *cfg, const char *name);
/* Free what lsr_config_live_init() allocated. */
void lsr_config_live_free(struct lsr_config_live *live);

#endif /* TPLSR_CONFIG_PRIV_H */
