/* SPDX-License-Identifier: BSD-3-Clause */
#include "lsr_fwd.h"

const char *const lsr_drop_names[LSR_DROP_MAX] = {
#define _(sym, str) [LSR_DROP_##sym] = str,
	foreach_lsr_drop(_)
#undef _
};

const char *const oam_counter_names[OAM_CNT_MAX] = {
#define _(sym, str) [OAM_CNT_##sym] = str,
	foreach_oam_counter(_)
#undef _
};

void
lsr_counters_add(struct lsr_counters *sum, const struct lsr_counters *c)
{
	/* The struct is all uint64_t: add it word by word. */
	const uint64_t *src = (const uint64_t *)c;
	uint64_t *dst = (uint64_t *)sum;

	static_assert(sizeof(*c) % sizeof(uint64_t) == 0, "counters are u64 only");
	for (size_t i = 0; i < sizeof(*c) / sizeof(uint64_t); i++)
		dst[i] += src[i];
}
