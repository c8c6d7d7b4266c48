/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Live mode (INTERFACE.md §4): DPDK ports, one worker per worker lcore, and
 * the main lcore running OAM, the source MEP prober and the control socket.
 *
 *   worker:  rx_burst -> lsr_fwd_burst -> tx_burst per interface on its own TX
 *            queue; punts -> its SP/SC ring -> main lcore
 *   main:    punt rings -> oam_input (its own lsr_lcore: counters, TX lists,
 *            drained on the main TX queue), prober timers, control socket
 *
 * With no worker lcore (`-l 0`) the main lcore forwards inline too, and every
 * port has a single RX and TX queue.  A poll round that found nothing sleeps
 * briefly, so several daemons can share a small machine.
 *
 * The fib is published by pointer and read by workers inside an RCU QSBR
 * read-side section (one quiescent report per poll round); a new fib is
 * swapped in by lsr_dataplane_publish() and the old one freed after the grace
 * period.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "lsr_config.h"
#include "lsr_ctl.h"
#include "lsr_fwd.h"
#include "lsr_live.h"
#include "lsr_stats.h"
#include "oam.h"
#include "oam_mep.h"

RTE_LOG_REGISTER(lsr_logtype_live, lsr.dataplane, INFO);
#define RTE_LOGTYPE_LIVE lsr_logtype_live
#define LIVE_LOG(level, fmt, ...) \
	RTE_LOG(level, LIVE, "%s(): " fmt "\n", __func__, ##__VA_ARGS__)

#define NB_RXD          1024
#define NB_TXD          1024
#define PUNT_RING_SIZE  1024
#define MBUF_CACHE      256
#define IDLE_ROUNDS     8	/* empty poll rounds before sleeping */
#define IDLE_SLEEP_US   100
#define MAX_SW_RXQ      8	/* RX queues read on a device without RSS */
#define MAX_RXQ_PER_LC  (LSR_MAX_INTERFACES * MAX_SW_RXQ)

struct rxq_ref {
	uint16_t port, queue, slot;
};

struct worker {
	struct live *live;
	struct lsr_lcore *lc;
	unsigned int idx;		/* 0..n_workers-1: RCU thread id and TX queue */
	unsigned int lcore_id;
	struct rte_ring *punts;		/* SP/SC to the main lcore (NULL inline) */
	uint16_t txq;
	uint16_t n_rxq;
	struct rxq_ref rxq[MAX_RXQ_PER_LC];
};

struct live {
	struct lsr_config *cfg;
	struct lsr_fib *fib;		/* published: workers load it atomically */
	struct rte_rcu_qsbr *qs;
	struct rte_mempool *pool;
	struct oam_node *oam;
	struct oam_mep *mep;
	struct lsr_ctl *ctl;
	struct lsr_daemon daemon;
	struct lsr_counters baseline;
	bool inline_fwd;		/* no worker lcores: main forwards */
	unsigned int n_workers;
	struct worker *workers;		/* n_workers, or 1 (the main lcore) inline */
	struct lsr_lcore *main_lc;	/* OAM counters and TX (= workers[0].lc inline) */
	uint16_t main_txq;
	uint16_t slot_port[LSR_MAX_INTERFACES];
	/* Time: Unix ns = unix0 + (tsc - tsc0) * mult >> 32 */
	uint64_t tsc0, unix0, mult;
};

static volatile bool force_quit;

static void
on_signal(int sig)
{
	(void)sig;
	force_quit = true;
}

static inline uint64_t
live_now_ns(const struct live *l)
{
	uint64_t dt = rte_rdtsc() - l->tsc0;

	return l->unix0 + (uint64_t)(((unsigned __int128)dt * l->mult) >> 32);
}

static void
clock_init(struct live *l)
{
	struct timespec ts;
	uint64_t hz = rte_get_tsc_hz();

	clock_gettime(CLOCK_REALTIME, &ts);
	l->tsc0 = rte_rdtsc();
	l->unix0 = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	l->mult = (uint64_t)(((unsigned __int128)1000000000ull << 32) / (hz ? hz : 1));
}

/* ---- the burst loop -------------------------------------------------------- */

/* Send what lc queued on its per-interface lists, on TX queue txq. */
static inline void
drain_tx(const struct live *l, struct lsr_lcore *lc, uint16_t txq)
{
	uint16_t slot, sent;

	for (slot = 0; slot < l->cfg->n_interfaces; slot++) {
		struct lsr_txq *q = &lc->tx[slot];

		if (q->n == 0)
			continue;
		sent = rte_eth_tx_burst(l->slot_port[slot], txq, q->pkts, q->n);
		if (unlikely(sent < q->n)) {
			lc->c.tx_full += q->n - sent;
			rte_pktmbuf_free_bulk(&q->pkts[sent], q->n - sent);
		}
		q->n = 0;
	}
}

/* Main lcore: OAM for the punts of lc (inline) or of a ring. */
static inline void
oam_punts(struct live *l, const struct lsr_fib *fib, const struct lsr_punt *p, unsigned int n,
	  uint64_t now_ns)
{
	struct oam_verdict v;
	unsigned int i;

	for (i = 0; i < n; i++)
		oam_input(l->oam, fib, l->main_lc, &p[i], now_ns, &v);
}

/* Worker: hand the punts to the main lcore; a full ring drops them, counted. */
static inline void
punts_to_ring(struct worker *w)
{
	struct lsr_lcore *lc = w->lc;
	unsigned int done, i;

	if (lc->n_punt == 0)
		return;
	done = rte_ring_sp_enqueue_burst_elem(w->punts, lc->punt, sizeof(struct lsr_punt),
					      lc->n_punt, NULL);
	for (i = done; i < lc->n_punt; i++)
		lsr_drop(lc, lc->punt[i].m, LSR_DROP_PUNT_FULL);
	lc->n_punt = 0;
}

/* One poll round over w's RX queues. @return frames received. */
static inline unsigned int
poll_round(struct live *l, struct worker *w, const struct lsr_fib *fib)
{
	struct rte_mbuf *pkts[LSR_BURST];
	struct lsr_lcore *lc = w->lc;
	unsigned int got = 0;
	uint64_t now = 0;
	uint16_t i, n;

	for (i = 0; i < w->n_rxq; i++) {
		const struct rxq_ref *q = &w->rxq[i];

		n = rte_eth_rx_burst(q->port, q->queue, pkts, LSR_BURST);
		if (n == 0)
			continue;
		if (got == 0)
			now = live_now_ns(l);
		got += n;
		lsr_fwd_burst(lc, fib, q->slot, pkts, n, now);
		if (lc->n_punt) {
			if (w->punts != NULL) {
				punts_to_ring(w);
			} else {
				oam_punts(l, fib, lc->punt, lc->n_punt, now);
				lc->n_punt = 0;
			}
		}
	}
	drain_tx(l, lc, w->txq);
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
	struct worker *w = arg;
	struct live *l = w->live;
	unsigned int idle_rounds = 0, got;

	rte_rcu_qsbr_thread_register(l->qs, w->idx);
	rte_rcu_qsbr_thread_online(l->qs, w->idx);
	LIVE_LOG(INFO, "worker %u on lcore %u: %u RX queue(s), TX queue %u", w->idx, w->lcore_id,
		 w->n_rxq, w->txq);
	while (!force_quit) {
		const struct lsr_fib *fib = __atomic_load_n(&l->fib, __ATOMIC_ACQUIRE);

		got = poll_round(l, w, fib);
		rte_rcu_qsbr_quiescent(l->qs, w->idx);
		idle(&idle_rounds, got);
	}
	rte_rcu_qsbr_thread_offline(l->qs, w->idx);
	rte_rcu_qsbr_thread_unregister(l->qs, w->idx);
	return 0;
}

/* Main lcore: drain every punt ring through OAM. @return punts handled. */
static unsigned int
drain_punt_rings(struct live *l, const struct lsr_fib *fib, uint64_t now_ns)
{
	struct lsr_punt p[LSR_BURST];
	unsigned int i, n, total = 0;

	if (l->inline_fwd)
		return 0;
	for (i = 0; i < l->n_workers; i++) {
		n = rte_ring_sc_dequeue_burst_elem(l->workers[i].punts, p, sizeof(p[0]), LSR_BURST,
						   NULL);
		if (n) {
			oam_punts(l, fib, p, n, now_ns);
			total += n;
		}
	}
	return total;
}

/*
 * Publish a new fib: swap the pointer, wait until every worker has passed a
 * quiescent state (none can still hold the old one), hand the punts that name
 * old entries to OAM, then free the old fib.  Main lcore only.
 */
int
lsr_dataplane_publish(struct lsr_daemon *d, struct lsr_fib *fib)
{
	struct live *l = d->live;
	struct lsr_fib *old;

	if (l == NULL || fib == NULL)
		return -EINVAL;
	old = __atomic_exchange_n(&l->fib, fib, __ATOMIC_ACQ_REL);
	d->fib = fib;
	if (!l->inline_fwd)
		rte_rcu_qsbr_synchronize(l->qs, RTE_QSBR_THRID_INVALID);
	while (drain_punt_rings(l, old, live_now_ns(l)) > 0)
		;
	drain_tx(l, l->main_lc, l->main_txq);
	lsr_fib_free(old);
	return 0;
}

static void
main_loop(struct live *l)
{
	struct worker *self = l->inline_fwd ? &l->workers[0] : NULL;
	unsigned int idle_rounds = 0, got;
	uint64_t wake = 0, now;

	while (!force_quit) {
		const struct lsr_fib *fib = l->fib;	/* the main lcore is the writer */

		got = self != NULL ? poll_round(l, self, fib) : 0;
		now = live_now_ns(l);
		got += drain_punt_rings(l, fib, now);
		lsr_ctl_poll(l->ctl, now);
		if (got || now >= wake || oam_mep_n_sessions(l->mep))
			wake = oam_mep_run(l->mep, fib, l->main_lc, now);
		drain_tx(l, l->main_lc, l->main_txq);
		idle(&idle_rounds, got);
	}
}

/* ---- set-up --------------------------------------------------------------- */

static void
usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [EAL options] -- -c CONFIG [--ctl SOCKET]\n"
		"       %s replay -c CONFIG --in IF=FILE.pcap ... --out-dir DIR "
		"[--events FILE] [--stats FILE]\n"
		"  -c, --config CONFIG  the node's configuration (INTERFACE.md §2)\n"
		"  --ctl SOCKET         control socket (default " LSR_CTL_DEFAULT_SOCKET ")\n"
		"Without hugepages or NICs, e.g.: %s --no-huge -m 256 -l 0 "
		"--vdev=net_af_packet0,iface=veth0 -- -c node.conf\n",
		prog, prog, prog);
}

struct app_args {
	const char *config;
	const char *ctl;
};

/* The arguments after `--`. @return 0, or an exit status. */
static int
parse_app_args(int argc, char **argv, struct app_args *a)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "ctl", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	a->ctl = LSR_CTL_DEFAULT_SOCKET;
	optind = 1;
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			a->config = optarg;
			break;
		case 's':
			a->ctl = optarg;
			break;
		case 'h':
			usage(argv[0]);
			return 2;
		default:
			usage(argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
		return 2;
	}
	if (a->config == NULL) {
		fprintf(stderr, "%s: missing -c CONFIG\n", argv[0]);
		usage(argv[0]);
		return 2;
	}
	return 0;
}

/* Every configured port must exist; one interface per port. */
static int
check_ports(struct live *l)
{
	const struct lsr_config *cfg = l->cfg;
	uint16_t i, j;

	for (i = 0; i < cfg->n_interfaces; i++) {
		uint16_t port = cfg->interfaces[i].port;

		if (!rte_eth_dev_is_valid_port(port)) {
			fprintf(stderr,
				"tplsr: interface %" PRIu32 " uses DPDK port %u, which does not exist "
				"(%u port(s) found).\n"
				"  Give EAL a device per interface, in port order, e.g.\n"
				"    --vdev=net_af_packet%u,iface=veth%u   (a Linux interface)\n"
				"    --vdev=net_pcap%u,rx_pcap=in.pcap,tx_pcap=out.pcap\n"
				"  and without hugepages: --no-huge -m 256 (and --no-pci without NICs)\n",
				cfg->interfaces[i].if_num, port, rte_eth_dev_count_avail(), port, port,
				port);
			return -ENODEV;
		}
		for (j = 0; j < i; j++) {
			if (cfg->interfaces[j].port == port) {
				fprintf(stderr, "tplsr: interfaces %" PRIu32 " and %" PRIu32
					" both use DPDK port %u; give each its own port\n",
					cfg->interfaces[j].if_num, cfg->interfaces[i].if_num, port);
				return -EINVAL;
			}
		}
		l->slot_port[i] = port;
	}
	return 0;
}

static int
port_setup(struct live *l, uint16_t slot, uint16_t ntxq, uint16_t *nrxq_out)
{
	uint16_t port = l->slot_port[slot];
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	struct rte_eth_rxconf rxc;
	struct rte_eth_txconf txc;
	uint16_t nrxq = 1, nrxd = NB_RXD, ntxd = NB_TXD, q;
	int ret, socket = rte_eth_dev_socket_id(port);

	if (socket < 0)
		socket = (int)rte_socket_id();
	ret = rte_eth_dev_info_get(port, &info);
	if (ret < 0)
		return ret;
	memset(&conf, 0, sizeof(conf));
	if (info.flow_type_rss_offloads != 0) {
		/* A NIC: RSS across the workers where it has the queues; else one queue. */
		nrxq = (uint16_t)RTE_MIN(info.max_rx_queues, l->inline_fwd ? 1 : l->n_workers);
		if (nrxq > 1) {
			conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
			conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads;
		}
	} else {
		/*
		 * A software device whose queues are its backing sockets or files
		 * (af_packet qpairs with kernel fanout, pcap rx_pcap=...): every
		 * one of them must be read, whatever the number of workers.
		 */
		nrxq = (uint16_t)RTE_MIN(info.max_rx_queues, MAX_SW_RXQ);
	}
	if (nrxq == 0)
		nrxq = 1;
	if (info.max_tx_queues < ntxq) {
		fprintf(stderr,
			"tplsr: port %u (%s) has %u TX queue(s); %u are needed (one per worker lcore "
			"and one for the main lcore). Use fewer lcores (e.g. -l 0), or more queues "
			"(net_af_packet: qpairs=%u).\n",
			port, info.driver_name, info.max_tx_queues, ntxq, ntxq);
		return -ENOTSUP;
	}
	ret = rte_eth_dev_configure(port, nrxq, ntxq, &conf);
	if (ret < 0)
		return ret;
	ret = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrxd, &ntxd);
	if (ret < 0)
		return ret;
	rxc = info.default_rxconf;
	rxc.offloads = conf.rxmode.offloads;
	for (q = 0; q < nrxq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, nrxd, (unsigned int)socket, &rxc, l->pool);
		if (ret < 0)
			return ret;
	}
	txc = info.default_txconf;
	txc.offloads = conf.txmode.offloads;
	for (q = 0; q < ntxq; q++) {
		ret = rte_eth_tx_queue_setup(port, q, ntxd, (unsigned int)socket, &txc);
		if (ret < 0)
			return ret;
	}
	ret = rte_eth_promiscuous_enable(port);
	if (ret < 0 && ret != -ENOTSUP)
		return ret;
	if (ret == -ENOTSUP)
		LIVE_LOG(WARNING, "port %u: promiscuous mode not supported", port);
	ret = rte_eth_dev_start(port);
	if (ret < 0)
		return ret;
	*nrxq_out = nrxq;
	LIVE_LOG(INFO, "port %u (%s) for interface %" PRIu32 ": %u RX / %u TX queue(s)%s", port,
		 info.driver_name, l->cfg->interfaces[slot].if_num, nrxq, ntxq,
		 conf.rxmode.mq_mode == RTE_ETH_MQ_RX_RSS ? ", RSS" : "");
	return 0;
}

static struct lsr_lcore *
lcore_ctx_new(struct live *l, unsigned int socket)
{
	struct lsr_lcore *lc = rte_zmalloc_socket("lsr_lcore", sizeof(*lc), RTE_CACHE_LINE_SIZE,
						  (int)socket);

	if (lc != NULL)
		lc->pool = l->pool;
	return lc;
}

static int
setup(struct live *l)
{
	unsigned int lcore, i, n_lcores, nb_mbufs;
	uint16_t slot, ntxq, nrxq;
	size_t sz;
	int ret;

	l->n_workers = rte_lcore_count() - 1;
	l->inline_fwd = l->n_workers == 0;
	n_lcores = l->inline_fwd ? 1 : l->n_workers;
	l->workers = rte_zmalloc("workers", sizeof(struct worker) * n_lcores, RTE_CACHE_LINE_SIZE);
	if (l->workers == NULL)
		return -ENOMEM;
	ntxq = l->inline_fwd ? 1 : (uint16_t)(l->n_workers + 1);
	nb_mbufs = l->cfg->n_interfaces * (NB_RXD * n_lcores + NB_TXD * ntxq) +
		   (n_lcores + 1) * (MBUF_CACHE + LSR_TXQ_SIZE * 2) + n_lcores * PUNT_RING_SIZE +
		   16384;	/* headroom: net_pcap infinite_rx keeps its capture in mbufs */
	if (nb_mbufs < 8191)
		nb_mbufs = 8191;
	l->pool = rte_pktmbuf_pool_create("tplsr_mbufs", nb_mbufs, MBUF_CACHE, 0,
					  RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (l->pool == NULL) {
		fprintf(stderr, "tplsr: cannot create a pool of %u mbufs: %s (give EAL more memory, "
			"e.g. -m 512)\n", nb_mbufs, rte_strerror(rte_errno));
		return -ENOMEM;
	}

	/* The per-lcore contexts and the queues they own. */
	if (l->inline_fwd) {
		l->workers[0].live = l;
		l->workers[0].lcore_id = rte_get_main_lcore();
		l->workers[0].lc = lcore_ctx_new(l, rte_socket_id());
		if (l->workers[0].lc == NULL)
			return -ENOMEM;
		l->main_lc = l->workers[0].lc;
		l->main_txq = 0;
	} else {
		i = 0;
		RTE_LCORE_FOREACH_WORKER(lcore) {
			struct worker *w = &l->workers[i];
			char name[RTE_RING_NAMESIZE];

			w->live = l;
			w->idx = i;
			w->lcore_id = lcore;
			w->txq = (uint16_t)i;
			w->lc = lcore_ctx_new(l, rte_lcore_to_socket_id(lcore));
			snprintf(name, sizeof(name), "tplsr_punt%u", i);
			w->punts = rte_ring_create_elem(name, sizeof(struct lsr_punt), PUNT_RING_SIZE,
							(int)rte_lcore_to_socket_id(lcore),
							RING_F_SP_ENQ | RING_F_SC_DEQ);
			if (w->lc == NULL || w->punts == NULL)
				return -ENOMEM;
			i++;
		}
		l->main_lc = lcore_ctx_new(l, rte_socket_id());
		if (l->main_lc == NULL)
			return -ENOMEM;
		l->main_txq = (uint16_t)l->n_workers;
		sz = rte_rcu_qsbr_get_memsize(l->n_workers);
		l->qs = rte_zmalloc("tplsr_qsbr", sz, RTE_CACHE_LINE_SIZE);
		if (l->qs == NULL || rte_rcu_qsbr_init(l->qs, l->n_workers) < 0)
			return -ENOMEM;
	}

	/* Ports: RX queues spread over the workers. */
	for (slot = 0; slot < l->cfg->n_interfaces; slot++) {
		ret = port_setup(l, slot, ntxq, &nrxq);
		if (ret < 0) {
			if (ret != -ENOTSUP)
				fprintf(stderr, "tplsr: cannot set up port %u for interface %" PRIu32
					": %s\n", l->slot_port[slot], l->cfg->interfaces[slot].if_num,
					rte_strerror(-ret));
			return ret;
		}
		for (i = 0; i < nrxq; i++) {
			/* Queue i of every port to worker i: RSS spreads each port. */
			struct worker *w = &l->workers[(i + (nrxq > 1 ? 0 : slot)) % n_lcores];

			w->rxq[w->n_rxq++] = (struct rxq_ref){ l->slot_port[slot], (uint16_t)i, slot };
		}
	}
	return 0;
}

static void
print_final(struct live *l)
{
	struct lsr_daemon raw = l->daemon;
	struct lsr_counters sum;

	raw.baseline = NULL;	/* since start, whatever `clear counters` did */
	lsr_daemon_counters(&raw, &sum);
	printf("tplsr: final counters: rx %" PRIu64 " forwarded %" PRIu64 " consumed %" PRIu64
	       " dropped %" PRIu64 " tx %" PRIu64 " (tx-full %" PRIu64 ")\n",
	       sum.rx, sum.forwarded, sum.consumed, sum.dropped, sum.tx, sum.tx_full);
	lsr_stats_write_json(stdout, &sum, l->cfg);
	fflush(stdout);
}

static void
teardown(struct live *l)
{
	uint16_t slot;
	unsigned int i;

	lsr_ctl_free(l->ctl);
	l->ctl = NULL;
	if (l->workers != NULL && l->cfg != NULL) {
		for (slot = 0; slot < l->cfg->n_interfaces; slot++) {
			if (rte_eth_dev_is_valid_port(l->slot_port[slot])) {
				rte_eth_dev_stop(l->slot_port[slot]);
				rte_eth_dev_close(l->slot_port[slot]);
			}
		}
		for (i = 0; i < (l->inline_fwd ? 1 : l->n_workers); i++) {
			rte_ring_free(l->workers[i].punts);
			rte_free(l->workers[i].lc);
		}
		if (!l->inline_fwd)
			rte_free(l->main_lc);
	}
	rte_free(l->workers);
	rte_free(l->qs);
	oam_mep_free(l->mep);
	oam_node_free(l->oam);
	lsr_fib_free(l->fib);
	rte_mempool_free(l->pool);
	lsr_config_free(l->cfg);
}

int
lsr_live_main(int argc, char **argv)
{
	struct live live, *l = &live;
	struct app_args a = { 0 };
	char err[512];
	int dashdash, ret, app_argc, status = 0;
	char **app_argv;
	struct sigaction sa;

	memset(l, 0, sizeof(*l));
	/* The application's arguments come after `--` (-c alone would be EAL's coremask). */
	for (dashdash = 1; dashdash < argc && strcmp(argv[dashdash], "--") != 0; dashdash++)
		;
	if (dashdash == argc) {
		fprintf(stderr, "%s: missing `-- -c CONFIG`\n", argv[0]);
		usage(argv[0]);
		return 2;
	}
	app_argc = argc - dashdash;
	app_argv = malloc(sizeof(char *) * (size_t)(app_argc + 1));
	if (app_argv == NULL)
		return 1;
	app_argv[0] = argv[0];
	memcpy(app_argv + 1, argv + dashdash + 1, sizeof(char *) * (size_t)(app_argc - 1));
	app_argv[app_argc] = NULL;
	ret = parse_app_args(app_argc, app_argv, &a);
	free(app_argv);
	if (ret != 0)
		return ret;

	/* Configuration errors before EAL: FILE:LINE: message, status 2, nothing applied. */
	ret = lsr_config_parse_file(a.config, &l->cfg, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "%s\n", err[0] ? err : strerror(-ret));
		return 2;
	}

	ret = rte_eal_init(dashdash, argv);
	if (ret < 0) {
		fprintf(stderr, "tplsr: EAL initialisation failed: %s\n", rte_strerror(rte_errno));
		lsr_config_free(l->cfg);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_init(l);

	if (check_ports(l) < 0) {
		status = 2;
		goto out;
	}
	l->fib = lsr_fib_create(l->cfg);
	l->oam = oam_node_create(l->cfg);
	l->mep = oam_mep_create(l->cfg, (uint32_t)(l->unix0 ^ (uint64_t)getpid() << 16));
	if (l->fib == NULL || l->oam == NULL || l->mep == NULL) {
		fprintf(stderr, "tplsr: cannot build the forwarding state: %s\n", strerror(errno));
		status = 1;
		goto out;
	}
	oam_node_set_reply_handler(l->oam, oam_mep_reply, l->mep);
	ret = setup(l);
	if (ret < 0) {
		status = ret == -ENOMEM || ret == -ENOTSUP ? 1 : 2;
		if (ret == -ENOMEM)
			fprintf(stderr, "tplsr: out of memory during set-up\n");
		goto out;
	}

	l->daemon.cfg = l->cfg;
	l->daemon.fib = l->fib;
	l->daemon.mep = l->mep;
	l->daemon.baseline = &l->baseline;
	l->daemon.live = l;
	l->daemon.n_lcores = l->inline_fwd ? 1 : l->n_workers + 1;
	l->daemon.lcores = calloc(l->daemon.n_lcores, sizeof(struct lsr_lcore *));
	if (l->daemon.lcores == NULL) {
		status = 1;
		goto out;
	}
	for (unsigned int i = 0; i < (l->inline_fwd ? 1 : l->n_workers); i++)
		l->daemon.lcores[i] = l->workers[i].lc;
	if (!l->inline_fwd)
		l->daemon.lcores[l->n_workers] = l->main_lc;

	l->ctl = lsr_ctl_create(a.ctl, &l->daemon);
	if (l->ctl == NULL) {
		fprintf(stderr, "tplsr: control socket %s: %s%s\n", a.ctl, strerror(errno),
			errno == EADDRINUSE ? " (another tplsr is running there; use --ctl)" : "");
		status = 1;
		goto out;
	}

	printf("tplsr: node %" PRIu32 ":%u.%u.%u.%u, %u interface(s), %" PRIu32 " LSP(s), %s, "
	       "control socket %s\n", l->cfg->node.global_id, l->cfg->node.node_id >> 24,
	       (l->cfg->node.node_id >> 16) & 0xff, (l->cfg->node.node_id >> 8) & 0xff,
	       l->cfg->node.node_id & 0xff, l->cfg->n_interfaces, l->cfg->n_lsps,
	       l->inline_fwd ? "forwarding on the main lcore" : "workers forwarding", a.ctl);
	fflush(stdout);

	if (!l->inline_fwd)
		for (unsigned int i = 0; i < l->n_workers; i++)
			rte_eal_remote_launch(worker_main, &l->workers[i], l->workers[i].lcore_id);
	main_loop(l);
	rte_eal_mp_wait_lcore();
	/* Punts still in flight: through OAM, so that every frame has its fate. */
	while (drain_punt_rings(l, l->fib, live_now_ns(l)) > 0)
		;
	print_final(l);
	printf("tplsr: shutting down\n");

out:
	free(l->daemon.lcores);
	teardown(l);
	rte_eal_cleanup();
	return status;
}
