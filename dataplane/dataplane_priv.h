/* SPDX-License-Identifier: BSD-3-Clause */
/* Live mode's data plane, shared by dataplane/ports.c and dataplane/workers.c. */
#ifndef TPLSR_DATAPLANE_PRIV_H
#define TPLSR_DATAPLANE_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_log.h>

#include "lsr_dataplane.h"

extern int lsr_logtype_dataplane;
#define RTE_LOGTYPE_DATAPLANE lsr_logtype_dataplane
#define DP_LOG(level, fmt, ...) \
	RTE_LOG(level, DATAPLANE, "%s(): " fmt "\n", __func__, ##__VA_ARGS__)

#define DP_NB_RXD          1024
#define DP_NB_TXD          1024
#define DP_PUNT_RING_SIZE  1024
#define DP_MBUF_CACHE      256
#define DP_MAX_SW_RXQ      8	/* RX queues read on a device without RSS */
#define DP_MAX_RXQ_PER_LC  (LSR_MAX_INTERFACES * DP_MAX_SW_RXQ)
#define DP_AF_PACKET_FRAMESZ 2048	/* the af_packet PMD's default ring frame */
#define DP_LOCK_DIR        "/run/tplsr"	/* one flock per device in use (ports.c) */

struct rte_mempool;
struct rte_rcu_qsbr;
struct rte_ring;

struct dp_rxq {
	uint16_t port, queue, slot;
};

struct dp_worker {
	struct lsr_dataplane *dp;
	struct lsr_lcore *lc;
	unsigned int idx;		/* 0..n_workers-1: RCU thread id and TX queue */
	unsigned int lcore_id;
	struct rte_ring *punts;		/* SP/SC to the main lcore (NULL inline) */
	uint16_t txq;
	uint16_t n_rxq;
	struct dp_rxq rxq[DP_MAX_RXQ_PER_LC];
};

struct lsr_dataplane {
	const struct lsr_config *cfg;
	struct lsr_fib *fib;		/* published: workers load it atomically */
	struct rte_rcu_qsbr *qs;
	uint64_t rcu_token;		/* grace period of the last change (lsr_dataplane_retire) */
	bool reclaim_pending;		/* ... not yet reclaimed */
	pthread_mutex_t reader_lock;	/* management readers take turns (reader_enter) */
	struct rte_mempool *pool;
	lsr_punt_handler_t *punt;
	void *punt_arg;
	volatile bool quit;
	bool inline_fwd;		/* no worker lcores: main forwards */
	bool started;
	unsigned int n_workers;
	struct dp_worker *workers;	/* n_workers, or 1 (the main lcore) inline */
	struct lsr_lcore *main_lc;	/* OAM counters and TX (= workers[0].lc inline) */
	struct lsr_lcore **lcores;	/* every context, for lsr_counters_snapshot() */
	unsigned int n_lcores;
	uint16_t main_txq;
	bool force;			/* start even when another daemon holds a device */
	bool has_pcap;			/* a net_pcap port: the pool gets room for its capture */
	uint32_t pcap_frames;		/* frames net_pcap infinite_rx holds in mbufs, all queues */
	uint16_t n_ports_up;		/* the ports of slots 0..n_ports_up-1 are configured */
	uint16_t slot_port[LSR_MAX_INTERFACES];
	uint16_t rx_slot[LSR_MAX_INTERFACES];	/* the port's receive slot (lsr_fib.rx_slot) */
	uint32_t port_max_frame[LSR_MAX_INTERFACES];	/* the largest frame carried whole */
	uint32_t max_frame;		/* the smallest of them: longer frames are `oversize` */
	uint32_t rx_room;		/* mbuf data room the RX queues need */
	bool promisc_set[LSR_MAX_INTERFACES];	/* we enabled it: disabled at close */
	bool mac_added[LSR_MAX_INTERFACES];	/* our mac added to the port's filter: removed at close */
	int lock_fd[LSR_MAX_INTERFACES];	/* the flock claiming the device, or -1 */
	int mc_fd[LSR_MAX_INTERFACES];	/* af_packet all-multicast membership, or -1 */
	/* Time: Unix ns = unix0 + (tsc - tsc0) * mult >> 32 */
	uint64_t tsc0, unix0, mult;
};

/*
 * ports.c: every configured port exists, its interfaces name it one way, none
 * is held by another daemon (claimed here); the ports' largest frames.
 * @return 0, -errno.
 */
int dp_ports_check(struct lsr_dataplane *dp);
/* ports.c: configure and start the port whose receive slot is slot. @return 0, -errno. */
int dp_port_setup(struct lsr_dataplane *dp, uint16_t slot, uint16_t ntxq, uint16_t *nrxq_out);
/* ports.c: stop and close the ports set up so far. */
void dp_ports_close(struct lsr_dataplane *dp);

#endif /* TPLSR_DATAPLANE_PRIV_H */
