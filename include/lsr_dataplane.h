/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Live mode's data plane (dataplane/ports.c, dataplane/workers.c): DPDK ports,
 * one worker per worker lcore, the per-worker punt rings to the main lcore and
 * the grace periods after which what a change of the running node unlinked may
 * be reused (lsr_dataplane_retire, docs/PROVISIONING.md).
 *
 *   worker:  rx_burst per port -> lsr_fwd_burst (a tag picks the interface)
 *            -> tx_burst per interface on its own TX queue of the interface's
 *            port; punts -> its SP/SC ring -> main lcore
 *   main:    lsr_dataplane_poll_main(): punt rings -> the punt handler (OAM,
 *            given by the caller: the data plane does not know OAM), with the
 *            main lcore's own lsr_lcore (counters, TX lists on the main TX queue)
 *
 * With no worker lcore (`-l 0`) the main lcore forwards inline too, and every
 * port has a single RX and TX queue.
 */
#ifndef TPLSR_LSR_DATAPLANE_H
#define TPLSR_LSR_DATAPLANE_H

#include <stdbool.h>
#include <stdint.h>

#include "lsr_config.h"
#include "lsr_fwd.h"

struct lsr_dataplane;

/**
 * What the main lcore does with punted frames (OAM): called with the fib the
 * punts were looked up in and the main lcore's context, on the main lcore only.
 */
typedef void lsr_punt_handler_t(void *arg, const struct lsr_fib *fib, struct lsr_lcore *main_lc,
				const struct lsr_punt *p, unsigned int n, uint64_t now_ns);

/**
 * After EAL's probe: every device EAL was given (--vdev, -a) has its port.  A
 * device that failed to probe is only logged by EAL, and the ids of the
 * devices after it shift (docs/PORTS.md).  Messages go to stderr.
 * @return 0; -ENODEV when a device has no port.
 */
int lsr_ports_probed(void);

/**
 * Resolve every `port NAME` of cfg to its port id (cfg->interfaces[].port), by
 * the device's name, whatever the probe order.  Messages go to stderr.
 * @return 0; -ENODEV when a name is no device's.
 */
int lsr_ports_resolve(struct lsr_config *cfg);

/** Options of lsr_dataplane_create(). */
struct lsr_dataplane_opts {
	bool force;	/* start even when another tplsr holds one of the devices */
};

/**
 * Check the configured ports against the probed devices, claim them (an flock
 * per device under /run/tplsr: one daemon per device), create the mbuf pool,
 * the lcore contexts and punt rings, and configure and start every port:
 * promiscuous only when configured, all-multicast always.
 * EAL must be initialised, and lsr_ports_resolve() done.  Messages for the
 * operator go to stderr.
 * @param fib the first label table (owned by the data plane from now on)
 * @param opts NULL for the defaults
 * A port is configured once, however many interfaces (an untagged one and VLAN
 * sub-interfaces, fib->rx_slot) it carries, with every interface's MAC in its
 * filter; workers poll it once and the fast path classifies each frame.
 * @return the data plane, or NULL with rte_errno set: ENODEV (a configured port
 *   does not exist), EINVAL (interfaces naming one port by id and by name), EBUSY (another tplsr
 *   holds a device, without opts->force), ENOTSUP (too few queues), ENOMEM, or
 *   what ethdev reported.
 */
struct lsr_dataplane *lsr_dataplane_create(const struct lsr_config *cfg, struct lsr_fib *fib,
					   lsr_punt_handler_t *punt, void *punt_arg,
					   const struct lsr_dataplane_opts *opts);

/** Launch the workers on their lcores (nothing to do with `-l 0`). @return 0, or -errno. */
int lsr_dataplane_start(struct lsr_dataplane *dp);

/**
 * One round of the main lcore's data-plane duties: forward (inline mode) and
 * hand every worker's punts to the punt handler; then transmit what the main
 * lcore queued.  @return frames received plus punts handled (0: idle).
 */
unsigned int lsr_dataplane_poll_main(struct lsr_dataplane *dp, uint64_t now_ns);

/** Transmit what the main lcore queued (replies sent by OAM or the prober). */
void lsr_dataplane_flush_main(struct lsr_dataplane *dp);

/**
 * Stop the workers, wait for them, and pass the punts still in flight to the
 * punt handler, so that every received frame has its fate.
 */
void lsr_dataplane_stop(struct lsr_dataplane *dp);

/**
 * After a change of the label table in place (lsr_fib_lsp_add() and the
 * others, docs/PROVISIONING.md), main lcore only: start an RCU grace period
 * (every worker passes a quiescent state once per poll round, or is offline
 * while it sleeps).  lsr_dataplane_reclaimable() says when it ended, so a
 * change is acknowledged as soon as its stores are done.
 */
void lsr_dataplane_retire(struct lsr_dataplane *dp);

/**
 * Whether the grace period of the last lsr_dataplane_retire() has ended; if so
 * the punts queued meanwhile were handed to the punt handler and the caller
 * may reuse what the changes unlinked (lsr_fib_reclaim()).  Never blocks.
 */
bool lsr_dataplane_reclaimable(struct lsr_dataplane *dp);

/**
 * A thread that is neither a worker nor the main lcore (DPDK telemetry's)
 * reading the configuration or the label table: between enter and leave it is
 * an RCU reader like the workers, so nothing it reads is reused or freed under
 * it.  Such threads take turns (a mutex among them only: the main lcore and the
 * workers never wait for it; a grace period lasts until the reader leaves, so
 * keep the section short).  Any thread; dp may be NULL (nothing to do).
 */
void lsr_dataplane_reader_enter(struct lsr_dataplane *dp);
void lsr_dataplane_reader_leave(struct lsr_dataplane *dp);

/** The label table in use (main lcore: the writer reads it plainly). */
struct lsr_fib *lsr_dataplane_fib(const struct lsr_dataplane *dp);

/** The main lcore's context: OAM's counters and transmit lists. */
struct lsr_lcore *lsr_dataplane_main_lcore(const struct lsr_dataplane *dp);

/**
 * The node's counters (docs/CONTRACT.md §3.1), consistent: every lcore's
 * copied whole between two of its write sections (lsr_counters_read()) and
 * summed, minus *baseline when given.  Every snapshot balances, also while
 * workers forward and punts are in flight (rx == forwarded + consumed +
 * dropped, and the sums of drops and per-interface counts); this is what every
 * reader uses: show counters, show interfaces, telemetry, the final counters.
 * Never locks, never makes a worker wait; any thread.
 * @param baseline NULL (counts since start), or a baseline that
 *   lsr_counters_set_baseline() wrote (counts since then)
 * @param out the snapshot (its seq is 0)
 * @return 0; -EINVAL (dp or out NULL); -EBUSY (an lcore stayed inside one
 *   burst for every retry, 0.1 s or more; out holds nothing usable; try again).
 */
int lsr_counters_snapshot(const struct lsr_dataplane *dp, const struct lsr_counters *baseline,
			  struct lsr_counters *out);

/**
 * `clear counters` (docs/CLI.md): write a snapshot since start to *baseline,
 * which later snapshots subtract.  Nobody's counters are written: only the
 * baseline, inside its own write section, so that a snapshot on another
 * thread reads it whole.  One thread writes a given baseline (the main lcore).
 * @return 0; -EINVAL (a NULL argument); -EBUSY (as lsr_counters_snapshot();
 *   the baseline is unchanged).
 */
int lsr_counters_set_baseline(const struct lsr_dataplane *dp, struct lsr_counters *baseline);

/** Whether the workers forward (false: the main lcore forwards inline). */
bool lsr_dataplane_has_workers(const struct lsr_dataplane *dp);

/** The DPDK port of interface slot. */
uint16_t lsr_dataplane_port(const struct lsr_dataplane *dp, uint16_t slot);

/**
 * The largest frame interface slot's port carries whole (docs/PORTS.md); the
 * node carries the smallest of these, longer frames are dropped `oversize`.
 */
uint32_t lsr_dataplane_max_frame(const struct lsr_dataplane *dp, uint16_t slot);

/** The largest frame the node forwards: the smallest of its ports'. */
uint32_t lsr_dataplane_node_max_frame(const struct lsr_dataplane *dp);

/** Unix time in ns from the TSC: the clock workers and the main lcore share. */
uint64_t lsr_dataplane_now_ns(const struct lsr_dataplane *dp);

/** Stop and close the ports, free the contexts, rings, pool and label table. */
void lsr_dataplane_free(struct lsr_dataplane *dp);

#endif /* TPLSR_LSR_DATAPLANE_H */
