/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's state through DPDK telemetry (docs/CONVENTIONS.md rule 10):
 * /tplsr/stats and /tplsr/lsp, registered at start-up (RTE_INIT) and answered
 * on the telemetry thread for the daemon that ctl_server_create() names.
 * /tplsr/lsp reads the LSP index of the label table (lsr_lfib_entry_of()):
 * O(1) per LSP, a page at a time, never the whole table per request.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "lsr_config.h"
#include "ctl.h"
#include "lsr_dataplane.h"
#include "lsr_fwd.h"
#include "lsr_lfib.h"
#include "oam_counters.h"
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
	int ret;

	if (d == NULL)
		return -ENODEV;
	/*
	 * This thread is not the main lcore: the snapshot reads every lcore's
	 * counters, and the baseline `clear counters` writes, whole.
	 */
	ret = lsr_counters_snapshot(d->dp, d->baseline, &sum);
	if (ret < 0)
		return ret;
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

/*
 * LSPs per /tplsr/lsp answer: a telemetry reply holds at most 16 KiB of JSON
 * (DPDK 22.11), and two entries of up to ~80 bytes per LSP (its role, and its
 * loopback when set) fit 64 of them.  Larger tables are read in pages:
 * /tplsr/lsp,FIRST answers the LSPs FIRST.. and says where the next page starts.
 */
#define TEL_LSP_PAGE 64

static int
tel_lsp(const char *cmd, const char *params, struct rte_tel_data *t)
{
	struct ctl_daemon *d = __atomic_load_n(&tel_daemon, __ATOMIC_ACQUIRE);
	struct rte_tel_data *roles, *loops;
	char name[RTE_TEL_MAX_STRING_LEN], at[32];
	unsigned long long first = 0;
	char *end;
	uint32_t i, n;

	RTE_SET_USED(cmd);
	if (d == NULL)
		return -ENODEV;
	if (params != NULL && params[0] != '\0') {
		if (params[0] < '0' || params[0] > '9')
			return -EINVAL;
		errno = 0;
		first = strtoull(params, &end, 10);
		if (errno != 0 || *end != '\0')
			return -EINVAL;
	}
	roles = rte_tel_data_alloc();
	loops = rte_tel_data_alloc();
	if (roles == NULL || loops == NULL) {
		rte_tel_data_free(roles);
		rte_tel_data_free(loops);
		return -ENOMEM;
	}
	/*
	 * The main lcore changes the configuration and the label table while this
	 * thread reads them: an RCU reader, nothing is reused or freed under it
	 * (docs/PROVISIONING.md).  One page, a bounded section.
	 */
	lsr_dataplane_reader_enter(d->dp);
	n = __atomic_load_n(&d->cfg->n_lsps, __ATOMIC_ACQUIRE);
	if (first > n)
		first = n;
	rte_tel_data_start_dict(t);
	rte_tel_data_start_dict(roles);
	rte_tel_data_start_dict(loops);
	for (i = (uint32_t)first; i < n && i - first < TEL_LSP_PAGE; i++) {
		const struct lsr_lsp_cfg *l = &__atomic_load_n(&d->cfg->lsps, __ATOMIC_ACQUIRE)[i];
		const struct lsr_lfib_entry *e = lsr_lfib_entry_of(d->fib->lfib, i, LSR_DIR_FORWARD);
		enum lsr_loop loop = e != NULL ? lsr_lfib_get_loop(e) : LSR_LOOP_NONE;
		uint16_t slot;

		if (!lsr_lsp_live(l))
			continue;	/* a deleted LSP's slot (docs/PROVISIONING.md) */
		tel_name(name, sizeof(name), l->name);
		rte_tel_data_add_dict_string(roles, name, ctl_lsp_role(l));
		if (loop == LSR_LOOP_NONE)
			continue;
		slot = loop == LSR_LOOP_IN_MIP ? e->in_slot : e->out_slot;
		snprintf(at, sizeof(at), "%s_%" PRIu32, loop == LSR_LOOP_IN_MIP ? "in" : "out",
			 d->cfg->interfaces[slot].if_num);
		rte_tel_data_add_dict_string(loops, name, at);
	}
	lsr_dataplane_reader_leave(d->dp);
	rte_tel_data_add_dict_u64(t, "n_lsps", n);
	rte_tel_data_add_dict_u64(t, "first", first);
	rte_tel_data_add_dict_u64(t, "next", i);
	rte_tel_data_add_dict_container(t, "roles", roles, 0);
	rte_tel_data_add_dict_container(t, "loopback", loops, 0);
	return 0;
}

RTE_INIT(lsr_ctl_telemetry)
{
	rte_telemetry_register_cmd("/tplsr/stats", tel_stats,
				   "The stats object (docs/CLI.md), summed over lcores");
	rte_telemetry_register_cmd("/tplsr/lsp", tel_lsp,
				   "LSPs FIRST.. (param, default 0), 64 per page: role, loopback "
				   "(in|out_IF_NUM), n_lsps, next");
}
