/* SPDX-License-Identifier: BSD-3-Clause */
/* The names of OAM's counters (include/oam_counters.h, docs/CONTRACT.md §3.3). */
#include "oam_counters.h"

#define OAM_MIP_CNT_WORDS (sizeof(struct oam_mip_counters) / sizeof(uint64_t))

const char *const oam_counter_names[OAM_CNT_MAX] = {
#define _(sym, str) [OAM_CNT_##sym] = str,
	foreach_oam_counter(_)
#undef _
};

const char *const oam_mip_counter_names[OAM_MIP_CNT_MAX] = {
#define _(sym, str) [OAM_MIP_CNT_##sym] = str,
	foreach_oam_mip_counter(_)
#undef _
};

void
oam_mip_counters_sub(struct oam_mip_counters *c, const struct oam_mip_counters *base)
{
	uint64_t *w = (uint64_t *)c;
	const uint64_t *b = (const uint64_t *)base;

	for (size_t i = 0; i < OAM_MIP_CNT_WORDS; i++)
		w[i] -= b[i];
}
