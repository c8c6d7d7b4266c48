/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's state through DPDK telemetry (STYLE.md rule 10): /tplsr/stats
 * and /tplsr/lsp, registered at start-up (RTE_INIT) and answered on the
 * telemetry thread for the daemon that ctl_server_create() names.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "lsr_config.h"
#include "ctl.h"
#include "lsr_fwd.h"
#include "ctl_priv.h"

static struct ctl_daemon *tel_daemon;	/* for the telemetry thread */

void
ctl_telemetry_set_daemon(struct ctl_daemon *d)
{
	__atomic_store_n(&tel_daemon, d, __ATOMIC_RELEASE);
}

/* Telemetry names allow [A-Za-z0-9_/] only: "no-label" is exported as "no_label". */
static const char *
tel_name(char *buf, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i + 1 < len && name[i] != '\0'; i++)
		buf[i] = name[i] == '-' ? '_' : name[i];
	buf[i] = '\0';
	return buf;
}

static int
tel_stats(const char *cmd, const char *params, struct rte_tel_data *t)
{
	struct ctl_daemon *d = __atomic_load_n(&tel_daemon, __ATOMIC_ACQUIRE);
	struct rte_tel_data *drops, *oam, *ifs;
	struct lsr_counters sum;
	char name[RTE_TEL_MAX_STRING_LEN];
	unsigned int i;

	if (d == NULL)
		return -ENODEV;
	ctl_daemon_counters(d, &sum);
	drops = rte_tel_data_alloc();
	oam = rte_tel_data_alloc();
	ifs = rte_tel_data_alloc();
	if (drops == NULL || oam == NULL || ifs == NULL) {
		rte_tel_data_free(drops);
		rte_tel_data_free(oam);
		rte_tel_data_free(ifs);
		return -ENOMEM;
	}
	rte_tel_data_start_dict(t);
	rte_tel_data_add_dict_u64(t, "rx", sum.rx);
	rte_tel_data_add_dict_u64(t, "forwarded", sum.forwarded);
	rte_tel_data_add_dict_u64(t, "consumed", sum.consumed);
	rte_tel_data_add_dict_u64(t, "dropped", sum.dropped);
	rte_tel_data_add_dict_u64(t, "tx", sum.tx);
	rte_tel_data_start_dict(drops);
	for (i = 0; i < LSR_DROP_MAX; i++)
		rte_tel_data_add_dict_u64(drops, tel_name(name, sizeof(name), lsr_drop_names[i]),
					  sum.drops[i]);
	rte_tel_data_add_dict_container(t, "drops", drops, 0);
	rte_tel_data_start_dict(oam);
	for (i = 0; i < OAM_CNT_MAX; i++)
		rte_tel_data_add_dict_u64(oam, tel_name(name, sizeof(name), oam_counter_names[i]),
					  sum.oam[i]);
	rte_tel_data_add_dict_container(t, "oam", oam, 0);
	/* Containers nest one level only: IF_Num -> rx, tx as "if<N>_rx", "if<N>_tx". */
	rte_tel_data_start_dict(ifs);
	for (i = 0; i < d->cfg->n_interfaces; i++) {
		snprintf(name, sizeof(name), "if%" PRIu32 "_rx", d->cfg->interfaces[i].if_num);
		rte_tel_data_add_dict_u64(ifs, name, sum.if_rx[i]);
		snprintf(name, sizeof(name), "if%" PRIu32 "_tx", d->cfg->interfaces[i].if_num);
		rte_tel_data_add_dict_u64(ifs, name, sum.if_tx[i]);
	}
	rte_tel_data_add_dict_container(t, "interfaces", ifs, 0);
	return 0;
}

static int
tel_lsp(const char *cmd, const char *params, struct rte_tel_data *t)
{
	struct ctl_daemon *d = __atomic_load_n(&tel_daemon, __ATOMIC_ACQUIRE);
	char name[RTE_TEL_MAX_STRING_LEN];
	uint32_t i;

	if (d == NULL)
		return -ENODEV;
	rte_tel_data_start_dict(t);
	for (i = 0; i < d->cfg->n_lsps; i++)
		rte_tel_data_add_dict_string(t, tel_name(name, sizeof(name), d->cfg->lsps[i].name),
					     ctl_lsp_role(&d->cfg->lsps[i]));
	return 0;
}

RTE_INIT(lsr_ctl_telemetry)
{
	rte_telemetry_register_cmd("/tplsr/stats", tel_stats,
				   "The stats object (docs/CLI.md), summed over lcores");
	rte_telemetry_register_cmd("/tplsr/lsp", tel_lsp, "LSP names and this node's role");
}
