/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The stats object (docs/CONTRACT.md §3), written the same way by replay mode's
 * --stats file, the live daemon's `show counters json` and its final counters:
 *
 *   {"rx": N, "forwarded": N, "consumed": N, "dropped": N, "tx": N,
 *    "drops": {"<reason>": N, ...}, "oam": {"<counter>": N, ...},
 *    "interfaces": {"<IF_NUM>": {"rx": N, "tx": N}, ...}}
 *
 * Every drop reason and OAM counter is listed, zero or not, in the order of
 * foreach_lsr_drop / foreach_oam_counter; interfaces in configuration order.
 * The data plane names its drops; OAM's counters sit in slots the data plane
 * cannot name, so the caller hands in OAM's names (include/oam_counters.h:
 * oam_counter_names, OAM_CNT_MAX).
 */
#ifndef TPLSR_LSR_STATS_H
#define TPLSR_LSR_STATS_H

#include <stdio.h>

#include "lsr_config.h"
#include "lsr_fwd.h"

/**
 * Write the stats object of c (a snapshot, summed over lcores) as one line of
 * JSON followed by a newline.
 * @param f         where to write
 * @param c         the counters
 * @param cfg       the configuration: names the interfaces (slot -> IF_Num)
 * @param oam_names the names of c->oam[0 .. n_oam - 1], in the object's order
 * @param n_oam     how many OAM counters (at most LSR_OAM_SLOTS)
 * @return 0; -EINVAL (a NULL argument or name, n_oam > LSR_OAM_SLOTS); -EIO (a
 *   write error on f).
 */
int lsr_stats_write_json(FILE *f, const struct lsr_counters *c, const struct lsr_config *cfg,
			 const char *const *oam_names, unsigned int n_oam);

#endif /* TPLSR_LSR_STATS_H */
