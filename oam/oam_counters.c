/* SPDX-License-Identifier: BSD-3-Clause */
/* The names of OAM's counters (include/oam_counters.h, docs/CONTRACT.md §3.3). */
#include "oam_counters.h"

const char *const oam_counter_names[OAM_CNT_MAX] = {
#define _(sym, str) [OAM_CNT_##sym] = str,
	foreach_oam_counter(_)
#undef _
};
