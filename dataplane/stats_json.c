/* SPDX-License-Identifier: BSD-3-Clause */
/* The stats object of docs/CONTRACT.md §3: one writer for replay, the CLI and telemetry. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "lsr_stats.h"

int
lsr_stats_write_json(FILE *f, const struct lsr_counters *c, const struct lsr_config *cfg,
		     const char *const *oam_names, unsigned int n_oam)
{
	unsigned int i;

	if (f == NULL || c == NULL || cfg == NULL || oam_names == NULL || n_oam > LSR_OAM_SLOTS)
		return -EINVAL;
	for (i = 0; i < n_oam; i++)
		if (oam_names[i] == NULL)
			return -EINVAL;

	fprintf(f, "{\"rx\": %" PRIu64 ", \"forwarded\": %" PRIu64 ", \"consumed\": %" PRIu64
		", \"dropped\": %" PRIu64 ", \"tx\": %" PRIu64 ", \"drops\": {",
		c->rx, c->forwarded, c->consumed, c->dropped, c->tx);
	for (i = 0; i < LSR_DROP_MAX; i++)
		fprintf(f, "%s\"%s\": %" PRIu64, i ? ", " : "", lsr_drop_names[i], c->drops[i]);
	fputs("}, \"oam\": {", f);
	for (i = 0; i < n_oam; i++)
		fprintf(f, "%s\"%s\": %" PRIu64, i ? ", " : "", oam_names[i], c->oam[i]);
	fputs("}, \"interfaces\": {", f);
	for (i = 0; i < cfg->n_interfaces && i < LSR_MAX_INTERFACES; i++)
		fprintf(f, "%s\"%" PRIu32 "\": {\"rx\": %" PRIu64 ", \"tx\": %" PRIu64 "}",
			i ? ", " : "", cfg->interfaces[i].if_num, c->if_rx[i], c->if_tx[i]);
	fputs("}}\n", f);
	if (ferror(f))
		return -EIO;
	return 0;
}
