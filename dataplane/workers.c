/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Live mode's lcores (include/lsr_dataplane.h): the workers' burst loop, the
 * punt rings to the main lcore, and the grace periods of changes.
 *
 * Workers read the fib inside an RCU QSBR read-side section (one quiescent
 * report per poll round, offline while asleep); a change to a running node is
 * made entry by entry on the main lcore, and what it unlinks is reused only
 * after lsr_dataplane_retire()'s grace period (docs/PROVISIONING.md).  A poll
 * round that found nothing sleeps briefly, so several daemons can share a
 * small machine.
 *
 * Counters: an lcore changes its counters only inside a write section
 * (include/lsr_fwd.h), one per received burst or dequeued punt burst, so that
 * lsr_counters_snapshot() (dataplane/counters.c) copies each lcore's whole.
 * A punted frame's rx moves with it, from the worker that received it to the
 * main lcore that decides its fate, inside both sections: every lcore's
 * counters balance between two sections, punts in flight or not.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "dataplane_priv.h"
#include "lsr_lsp_counters.h"

RTE_LOG_REGISTER(lsr_logtype_dataplane, lsr.dataplane, INFO);

#define IDLE_ROUNDS     8	/* empty poll rounds before sleeping */
#define IDLE_SLEEP_US   100

uint64_t
lsr_dataplane_now_ns(const struct lsr_dataplane *dp)
{
	uint64_t dt = rte_rdtsc() - dp->tsc0;

	return dp->unix0 + (uint64_t)(((unsigned __int128)dt * dp->mult) >> 32);
}

static void
clock_init(struct lsr_dataplane *dp)
{
	struct timespec ts;
	uint64_t hz = rte_get_tsc_hz();

	clock_gettime(CLOCK_REALTIME, &ts);
	dp->tsc0 = rte_rdtsc();
	dp->unix0 = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	dp->mult = (uint64_t)(((unsigned __int128)1000000000ull << 32) / (hz ? hz : 1));
}

/* ---- the burst loop -------------------------------------------------------- */

/* Send what lc queued on its per-interface lists, on TX queue txq. */
static inline void
drain_tx(const struct lsr_dataplane *dp, struct lsr_lcore *lc, uint16_t txq)
{
	uint16_t slot, sent;

	for (slot = 0; slot < dp->cfg->n_interfaces; slot++) {
		struct lsr_txq *q = &lc->tx[slot];

		if (q->n == 0)
			continue;
		sent = rte_eth_tx_burst(dp->slot_port[slot], txq, q->pkts, q->n);
		if (unlikely(sent < q->n)) {
			lsr_counters_write_begin(&lc->c);
			lc->c.tx_full += q->n - sent;
			lsr_counters_write_end(&lc->c);
			rte_pktmbuf_free_bulk(&q->pkts[sent], q->n - sent);
		}
		q->n = 0;
	}
}

/*
 * Worker, inside its write section: hand the punts to the main lcore, their
 * rx with them (punts_received()); a full ring drops them here, counted.
 */
static inline void
punts_to_ring(struct dp_worker *w)
{
	struct lsr_lcore *lc = w->lc;
	unsigned int done, i;

	if (lc->n_punt == 0)
		return;
	done = rte_ring_sp_enqueue_burst_elem(w->punts, lc->punt, sizeof(struct lsr_punt),
					      lc->n_punt, NULL);
	lc->c.rx -= done;
	for (i = 0; i < done; i++)
		lc->c.if_rx[lc->punt[i].in_slot]--;
	for (i = done; i < lc->n_punt; i++)
		lsr_drop(lc, lc->punt[i].m, LSR_DROP_PUNT_FULL);
	lc->n_punt = 0;
}

/* Main lcore, inside its write section: the rx of punts taken off a worker's ring. */
static inline void
punts_received(struct lsr_lcore *lc, const struct lsr_punt *p, unsigned int n)
{
	unsigned int i;

	lc->c.rx += n;
	for (i = 0; i < n; i++)
		lc->c.if_rx[p[i].in_slot]++;
}

/* One poll round over w's RX queues. @return frames received. */
static inline unsigned int
poll_round(struct lsr_dataplane *dp, struct dp_worker *w, const struct lsr_fib *fib)
{
	struct rte_mbuf *pkts[LSR_BURST];
	struct lsr_lcore *lc = w->lc;
	unsigned int got = 0;
	uint64_t now = 0;
	uint16_t i, n;

	for (i = 0; i < w->n_rxq; i++) {
		const struct dp_rxq *q = &w->rxq[i];

		n = rte_eth_rx_burst(q->port, q->queue, pkts, LSR_BURST);
		if (n == 0)
			continue;
		if (got == 0)
			now = lsr_dataplane_now_ns(dp);
		got += n;
		lsr_counters_write_begin(&lc->c);
		lsr_fwd_burst(lc, fib, q->slot, pkts, n, now);
		if (lc->n_punt) {
			if (w->punts != NULL) {
				punts_to_ring(w);
			} else {
				/* Inline: the main lcore's context is lc, in this section. */
				dp->punt(dp->punt_arg, fib, dp->main_lc, lc->punt, lc->n_punt, now);
				lc->n_punt = 0;
			}
		}
		lsr_counters_write_end(&lc->c);
	}
	drain_tx(dp, lc, w->txq);
	return got;
}

static inline void
idle(unsigned int *idle_rounds, unsigned int got)
{
	if (got) {
		*idle_rounds = 0;
		return;
	}
	if (++*idle_rounds >= IDLE_ROUNDS)
		rte_delay_us_sleep(IDLE_SLEEP_US);
}

static int
worker_main(void *arg)
{
	struct dp_worker *w = arg;
	struct lsr_dataplane *dp = w->dp;
	unsigned int idle_rounds = 0, got;

	rte_rcu_qsbr_thread_register(dp->qs, w->idx);
	rte_rcu_qsbr_thread_online(dp->qs, w->idx);
	DP_LOG(INFO, "worker %u on lcore %u: %u RX queue(s), TX queue %u", w->idx, w->lcore_id,
	       w->n_rxq, w->txq);
	while (!dp->quit) {
		const struct lsr_fib *fib = __atomic_load_n(&dp->fib, __ATOMIC_ACQUIRE);

		got = poll_round(dp, w, fib);
		rte_rcu_qsbr_quiescent(dp->qs, w->idx);
		if (got == 0 && idle_rounds + 1 >= IDLE_ROUNDS) {
			/*
			 * Asleep, the worker holds no entry: offline, a grace period
			 * (lsr_dataplane_reclaimable()) does not wait for it to wake.
			 */
			rte_rcu_qsbr_thread_offline(dp->qs, w->idx);
			idle(&idle_rounds, got);
			rte_rcu_qsbr_thread_online(dp->qs, w->idx);
		} else {
			idle(&idle_rounds, got);
		}
	}
	rte_rcu_qsbr_thread_offline(dp->qs, w->idx);
	rte_rcu_qsbr_thread_unregister(dp->qs, w->idx);
	return 0;
}

/* Main lcore: drain every punt ring through the punt handler. @return punts handled. */
static unsigned int
drain_punt_rings(struct lsr_dataplane *dp, const struct lsr_fib *fib, uint64_t now_ns)
{
	struct lsr_punt p[LSR_BURST];
	unsigned int i, n, total = 0;

	if (dp->inline_fwd)
		return 0;
	for (i = 0; i < dp->n_workers; i++) {
		n = rte_ring_sc_dequeue_burst_elem(dp->workers[i].punts, p, sizeof(p[0]), LSR_BURST,
						   NULL);
		if (n) {
			lsr_counters_write_begin(&dp->main_lc->c);
			punts_received(dp->main_lc, p, n);
			dp->punt(dp->punt_arg, fib, dp->main_lc, p, n, now_ns);
			lsr_counters_write_end(&dp->main_lc->c);
			total += n;
		}
	}
	return total;
}

unsigned int
lsr_dataplane_poll_main(struct lsr_dataplane *dp, uint64_t now_ns)
{
	const struct lsr_fib *fib = dp->fib;	/* the main lcore is the writer */
	unsigned int got = 0;

	if (dp->inline_fwd)
		got = poll_round(dp, &dp->workers[0], fib);
	got += drain_punt_rings(dp, fib, now_ns);
	return got;
}

void
lsr_dataplane_flush_main(struct lsr_dataplane *dp)
{
	drain_tx(dp, dp->main_lc, dp->main_txq);
}

void
lsr_dataplane_retire(struct lsr_dataplane *dp)
{
	/* A token taken after the change's stores covers everything retired so far. */
	if (dp->started)
		dp->rcu_token = rte_rcu_qsbr_start(dp->qs);
	dp->reclaim_pending = true;
}

/* The management reader is RCU thread id n_workers (lcores_setup()). */
void
lsr_dataplane_reader_enter(struct lsr_dataplane *dp)
{
	if (dp == NULL)
		return;
	pthread_mutex_lock(&dp->reader_lock);
	rte_rcu_qsbr_thread_online(dp->qs, dp->n_workers);
}

void
lsr_dataplane_reader_leave(struct lsr_dataplane *dp)
{
	if (dp == NULL)
		return;
	rte_rcu_qsbr_thread_offline(dp->qs, dp->n_workers);
	pthread_mutex_unlock(&dp->reader_lock);
}

bool
lsr_dataplane_reclaimable(struct lsr_dataplane *dp)
{
	if (!dp->reclaim_pending)
		return false;
	if (dp->started && rte_rcu_qsbr_check(dp->qs, dp->rcu_token, false) != 1)
		return false;
	/* Punts queued before the grace period ended may name retired entries. */
	while (drain_punt_rings(dp, dp->fib, lsr_dataplane_now_ns(dp)) > 0)
		;
	lsr_dataplane_flush_main(dp);
	dp->reclaim_pending = false;
	return true;
}

/* ---- set-up and teardown ------------------------------------------------------ */

static struct lsr_lcore *
lcore_ctx_new(struct lsr_dataplane *dp, unsigned int socket)
{
	struct lsr_lcore *lc = rte_zmalloc_socket("lsr_lcore", sizeof(*lc), RTE_CACHE_LINE_SIZE,
						  (int)socket);

	if (lc != NULL) {
		lc->pool = dp->pool;
		/* The smallest of the ports' largest frames (dataplane/ports.c): whichever
		 * port a frame would leave by, it is never sent cut. */
		lc->max_frame = dp->max_frame;
	}
	return lc;
}

/* The per-lcore contexts and the rings and queues they own. @return 0, -ENOMEM. */
static int
lcores_setup(struct lsr_dataplane *dp)
{
	unsigned int lcore, i = 0;
	size_t sz;

	/*
	 * The RCU readers: the workers (thread ids 0 .. n_workers - 1) and one
	 * management reader (id n_workers, lsr_dataplane_reader_enter()); with no
	 * worker, the main lcore forwards and the management reader is the only one.
	 */
	sz = rte_rcu_qsbr_get_memsize(dp->n_workers + 1);
	dp->qs = rte_zmalloc("tplsr_qsbr", sz, RTE_CACHE_LINE_SIZE);
	if (dp->qs == NULL || rte_rcu_qsbr_init(dp->qs, dp->n_workers + 1) < 0 ||
	    rte_rcu_qsbr_thread_register(dp->qs, dp->n_workers) < 0)
		return -ENOMEM;
	if (dp->inline_fwd) {
		dp->workers[0].dp = dp;
		dp->workers[0].lcore_id = rte_get_main_lcore();
		dp->workers[0].lc = lcore_ctx_new(dp, rte_socket_id());
		if (dp->workers[0].lc == NULL)
			return -ENOMEM;
		dp->main_lc = dp->workers[0].lc;
		dp->main_txq = 0;
		dp->lcores[0] = dp->main_lc;
		return 0;
	}
	RTE_LCORE_FOREACH_WORKER(lcore) {
		struct dp_worker *w = &dp->workers[i];
		char name[RTE_RING_NAMESIZE];

		w->dp = dp;
		w->idx = i;
		w->lcore_id = lcore;
		w->txq = (uint16_t)i;
		w->lc = lcore_ctx_new(dp, rte_lcore_to_socket_id(lcore));
		snprintf(name, sizeof(name), "tplsr_punt%u", i);
		w->punts = rte_ring_create_elem(name, sizeof(struct lsr_punt), DP_PUNT_RING_SIZE,
						(int)rte_lcore_to_socket_id(lcore),
						RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (w->lc == NULL || w->punts == NULL)
			return -ENOMEM;
		dp->lcores[i] = w->lc;
		i++;
	}
	dp->main_lc = lcore_ctx_new(dp, rte_socket_id());
	if (dp->main_lc == NULL)
		return -ENOMEM;
	dp->lcores[dp->n_workers] = dp->main_lc;
	dp->main_txq = (uint16_t)dp->n_workers;
	return 0;
}

static int
setup(struct lsr_dataplane *dp)
{
	unsigned int i, n_fwd, nb_mbufs;
	uint32_t room;
	uint16_t slot, ntxq, nrxq;
	int ret;

	dp->n_workers = rte_lcore_count() - 1;
	dp->inline_fwd = dp->n_workers == 0;
	n_fwd = dp->inline_fwd ? 1 : dp->n_workers;
	dp->n_lcores = dp->inline_fwd ? 1 : dp->n_workers + 1;
	dp->workers = rte_zmalloc("workers", sizeof(struct dp_worker) * n_fwd, RTE_CACHE_LINE_SIZE);
	dp->lcores = calloc(dp->n_lcores, sizeof(struct lsr_lcore *));
	if (dp->workers == NULL || dp->lcores == NULL)
		return -ENOMEM;
	ntxq = dp->inline_fwd ? 1 : (uint16_t)(dp->n_workers + 1);
	/* Counted per interface: a port with sub-interfaces gets more than it needs. */
	nb_mbufs = dp->cfg->n_interfaces * (DP_NB_RXD * n_fwd + DP_NB_TXD * ntxq) +
		   (n_fwd + 1) * (DP_MBUF_CACHE + LSR_TXQ_SIZE * 2) + n_fwd * DP_PUNT_RING_SIZE;
	if (dp->has_pcap)	/* net_pcap infinite_rx keeps its capture in mbufs */
		nb_mbufs += RTE_MAX(16384u, dp->pcap_frames + DP_NB_RXD);
	if (nb_mbufs < 8191)
		nb_mbufs = 8191;
	/* One mbuf per frame: af_packet's large ring frames (framesz) need large mbufs. */
	room = RTE_MAX((uint32_t)RTE_MBUF_DEFAULT_DATAROOM, dp->rx_room) + RTE_PKTMBUF_HEADROOM;
	if (room > UINT16_MAX) {
		fprintf(stderr, "tplsr: ports need mbufs of %u bytes; at most %u (use a smaller "
			"af_packet framesz)\n", room, UINT16_MAX);
		return -EINVAL;
	}
	dp->pool = rte_pktmbuf_pool_create("tplsr_mbufs", nb_mbufs, DP_MBUF_CACHE, 0,
					   (uint16_t)room, (int)rte_socket_id());
	if (dp->pool == NULL) {
		fprintf(stderr, "tplsr: cannot create a pool of %u mbufs of %u bytes: %s (give EAL "
			"more memory, e.g. -m %u)\n", nb_mbufs, room, rte_strerror(rte_errno),
			(unsigned int)((uint64_t)nb_mbufs * (room + 256) / (1 << 20)) + 128);
		return -ENOMEM;
	}
	ret = lcores_setup(dp);
	if (ret < 0)
		return ret;
	/* Per-LSP counts (include/lsr_lsp_counters.h): the main lcore's array
	 * stays untouched when workers forward (address space only). */
	ret = lsr_lsp_counters_attach(dp->fib, dp->lcores, dp->n_lcores);
	if (ret < 0)
		return ret;

	/* Ports, once each at their receive slot: RX queues spread over the workers. */
	for (slot = 0; slot < dp->cfg->n_interfaces; slot++) {
		if (dp->rx_slot[slot] != slot)
			continue;
		ret = dp_port_setup(dp, slot, ntxq, &nrxq);
		if (ret < 0) {
			if (ret != -ENOTSUP)
				fprintf(stderr, "tplsr: cannot set up port %u for interface %u: %s\n",
					dp->slot_port[slot], (unsigned int)dp->cfg->interfaces[slot].if_num,
					rte_strerror(-ret));
			return ret;
		}
		dp->n_ports_up = (uint16_t)(slot + 1);
		for (i = 0; i < nrxq; i++) {
			/* Queue i of every port to worker i: RSS spreads each port. */
			struct dp_worker *w = &dp->workers[(i + (nrxq > 1 ? 0 : slot)) % n_fwd];

			w->rxq[w->n_rxq++] = (struct dp_rxq){ dp->slot_port[slot], (uint16_t)i, slot };
		}
	}
	return 0;
}

struct lsr_dataplane *
lsr_dataplane_create(const struct lsr_config *cfg, struct lsr_fib *fib,
		     lsr_punt_handler_t *punt, void *punt_arg,
		     const struct lsr_dataplane_opts *opts)
{
	struct lsr_dataplane *dp;
	unsigned int slot;
	int ret;

	if (cfg == NULL || fib == NULL || punt == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	dp = calloc(1, sizeof(*dp));
	if (dp == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	dp->cfg = cfg;
	dp->fib = fib;
	memcpy(dp->rx_slot, fib->rx_slot, sizeof(dp->rx_slot));
	dp->punt = punt;
	dp->punt_arg = punt_arg;
	dp->force = opts != NULL && opts->force;
	pthread_mutex_init(&dp->reader_lock, NULL);
	for (slot = 0; slot < LSR_MAX_INTERFACES; slot++)
		dp->lock_fd[slot] = dp->mc_fd[slot] = -1;
	clock_init(dp);
	ret = dp_ports_check(dp);
	if (ret == 0)
		ret = setup(dp);
	if (ret < 0) {
		lsr_dataplane_free(dp);
		rte_errno = -ret;
		return NULL;
	}
	return dp;
}

int
lsr_dataplane_start(struct lsr_dataplane *dp)
{
	unsigned int i;
	int ret;

	if (dp->inline_fwd)
		return 0;
	for (i = 0; i < dp->n_workers; i++) {
		ret = rte_eal_remote_launch(worker_main, &dp->workers[i], dp->workers[i].lcore_id);
		if (ret < 0)
			return ret;
	}
	dp->started = true;
	return 0;
}

void
lsr_dataplane_stop(struct lsr_dataplane *dp)
{
	dp->quit = true;
	if (dp->started)
		rte_eal_mp_wait_lcore();
	dp->started = false;
	/* Punts still in flight: to the handler, so that every frame has its fate. */
	while (drain_punt_rings(dp, dp->fib, lsr_dataplane_now_ns(dp)) > 0)
		;
	lsr_dataplane_flush_main(dp);
}

struct lsr_fib *
lsr_dataplane_fib(const struct lsr_dataplane *dp)
{
	return dp->fib;
}

struct lsr_lcore *
lsr_dataplane_main_lcore(const struct lsr_dataplane *dp)
{
	return dp->main_lc;
}

bool
lsr_dataplane_has_workers(const struct lsr_dataplane *dp)
{
	return !dp->inline_fwd;
}

uint16_t
lsr_dataplane_port(const struct lsr_dataplane *dp, uint16_t slot)
{
	return dp->slot_port[slot];
}

uint32_t
lsr_dataplane_max_frame(const struct lsr_dataplane *dp, uint16_t slot)
{
	return slot < LSR_MAX_INTERFACES ? dp->port_max_frame[slot] : 0;
}

uint32_t
lsr_dataplane_node_max_frame(const struct lsr_dataplane *dp)
{
	return dp->max_frame;
}

void
lsr_dataplane_free(struct lsr_dataplane *dp)
{
	unsigned int i;

	if (dp == NULL)
		return;
	if (dp->started)
		lsr_dataplane_stop(dp);
	dp_ports_close(dp);
	if (dp->workers != NULL) {
		for (i = 0; i < (dp->inline_fwd ? 1 : dp->n_workers); i++) {
			rte_ring_free(dp->workers[i].punts);
			rte_free(dp->workers[i].lc);
		}
		if (!dp->inline_fwd)
			rte_free(dp->main_lc);
	}
	rte_free(dp->workers);
	free(dp->lcores);
	rte_free(dp->qs);
	pthread_mutex_destroy(&dp->reader_lock);
	lsr_fib_free(dp->fib);
	rte_mempool_free(dp->pool);
	free(dp);
}
