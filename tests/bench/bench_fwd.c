/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Micro-benchmark of the burst path alone (no PMD): cycles per frame for a
 * swap with N LSPs whose labels are spread over the table, and the time and
 * memory to build a table of N entries.  Run by scripts/bench.sh; it prints
 * figures, it asserts nothing.
 *
 *   bench_fwd LSPS [FRAMES]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "lsr_fwd.h"
#include "lsr_lsp_counters.h"

#define POOL 1024	/* frames in flight: 2 MiB of buffers, cache-resident like a NIC ring */

static const uint8_t bench_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x02, 0x01 };	/* ours on IF 1 */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	char *eal[] = { "bench_fwd", "--no-huge", "--no-pci", "--no-shconf", "-m", "512",
			"--log-level=lib.eal:error", "--no-telemetry", "-l", "0", NULL };
	uint32_t n_lsps = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000;
	uint64_t frames = argc > 2 ? strtoull(argv[2], NULL, 10) : 20000000;
	static struct lsr_config cfg;
	struct rte_mempool *pool;
	struct rte_mbuf *m[POOL];
	struct lsr_lcore *lc;
	struct lsr_fib *fib;
	uint32_t *labels;
	double t0, t_build;
	uint64_t c0, cycles, done = 0;

	if (n_lsps == 0 || n_lsps > 1000000 || rte_eal_init((int)RTE_DIM(eal) - 1, eal) < 0)
		return 2;
	cfg.n_interfaces = 2;
	cfg.policer_rate = 0;
	for (int i = 0; i < 2; i++) {
		cfg.interfaces[i].if_num = i + 1;
		cfg.interfaces[i].mip_enabled = true;
	}

	/* Random distinct in-labels over the 20-bit space: a shuffled range. */
	labels = malloc(sizeof(*labels) * (MPLS_LABEL_MAX - 15));
	for (uint32_t i = 0; i < MPLS_LABEL_MAX - 15; i++)
		labels[i] = 16 + i;
	srand(42);
	for (uint32_t i = 0; i < n_lsps; i++) {
		uint32_t j = i + (uint32_t)(((uint64_t)rand() << 16 ^ rand()) % (MPLS_LABEL_MAX - 15 - i));
		uint32_t t = labels[i];

		labels[i] = labels[j];
		labels[j] = t;
	}

	fib = calloc(1, sizeof(*fib));
	fib->cfg = &cfg;
	/*
	 * Frames go out on interface 2 and are received again on interface 1:
	 * interface 2's peer is our MAC on 1, so that they pass the destination
	 * check (docs/CONTRACT.md §3.2 foreign-mac) round after round.
	 */
	memcpy(fib->adj[0].mac, bench_mac, sizeof(bench_mac));
	memcpy(fib->adj[1].peer, bench_mac, sizeof(bench_mac));
	t0 = now_s();
	fib->lfib = lsr_lfib_create(2, n_lsps);
	for (uint32_t i = 0; i < n_lsps; i++) {
		/* out_untagged: as lsr_lfib_build() sets it for an untagged interface. */
		struct lsr_lfib_entry e = { .lsp = i, .ret_slot = LSR_SLOT_NONE, .out_untagged = 1 };
		struct lsr_out o = { .label = labels[(i + 1) % n_lsps], .slot = 1 };

		if (lsr_lfib_add(fib->lfib, 0, labels[i], &e, &o, 1) < 0)
			return 1;
	}
	t_build = now_s() - t0;
	printf("lsps %" PRIu32 " build_s %.3f table_bytes %zu\n", n_lsps, t_build,
	       lsr_lfib_memory(fib->lfib));

	pool = rte_pktmbuf_pool_create("b", POOL + 1024, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       SOCKET_ID_ANY);
	lc = rte_zmalloc("lc", sizeof(*lc), RTE_CACHE_LINE_SIZE);
	lc->pool = pool;
	/* Per-LSP counts as the live data plane keeps them (include/lsr_lsp_counters.h);
	 * TPLSR_BENCH_NO_LSP_COUNTS set: without them, to see what they cost. */
	if (getenv("TPLSR_BENCH_NO_LSP_COUNTS") == NULL && lsr_lsp_counters_attach(fib, &lc, 1) < 0)
		return 1;
	for (int i = 0; i < POOL; i++) {
		m[i] = rte_pktmbuf_alloc(pool);
		memset(rte_pktmbuf_append(m[i], 64), 0, 64);
		memcpy(rte_pktmbuf_mtod(m[i], uint8_t *), bench_mac, sizeof(bench_mac));
	}

	c0 = rte_rdtsc();
	while (done < frames) {
		for (int b = 0; b < POOL; b += LSR_BURST) {
			for (int i = 0; i < LSR_BURST; i++) {
				/* A 64-byte frame: Ethernet, one LSE (random LSP), payload. */
				uint8_t *p = rte_pktmbuf_mtod(m[b + i], uint8_t *);
				rte_be32_t w = mpls_lse_encode(labels[(done + i) % n_lsps], 0, 1, 64);

				p[12] = 0x88;
				p[13] = 0x47;
				memcpy(p + 14, &w, 4);
			}
			lsr_fwd_burst(lc, fib, 0, &m[b], LSR_BURST, 0);
			lc->tx[1].n = 0;	/* the mbufs stay ours: reused next round */
			done += LSR_BURST;
		}
	}
	cycles = rte_rdtsc() - c0;
	printf("lsps %" PRIu32 " frames %" PRIu64 " forwarded %" PRIu64 " cycles_per_frame %.1f "
	       "mpps_one_core %.2f\n", n_lsps, done, lc->c.forwarded, (double)cycles / done,
	       (double)done / ((double)cycles / rte_get_tsc_hz()) / 1e6);
	return lc->c.forwarded == done ? 0 : 1;
}
