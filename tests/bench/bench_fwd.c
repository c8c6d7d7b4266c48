/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Micro-benchmark of the burst path alone (no PMD): cycles per frame of
 * lsr_fwd_burst() swapping labels with N LSPs, and the time and memory to
 * build a table of N entries.  Run by scripts/bench.sh (docs/BENCH.md); it
 * prints figures and checks that every frame was forwarded and counted, it
 * asserts no timing.
 *
 *   bench_fwd LSPS [FRAMES_PER_RUN [RUNS [PICKS_PER_PASS]]]
 *
 * How the figure is measured, and why:
 * - Frames pick their LSP at random over the whole table, in a fixed sequence
 *   of PICKS_PER_PASS picks (default 131,072) replayed pass after pass, so
 *   that neither the label index nor the entries are visited in the order
 *   they were added: walking them in order lets the hardware prefetcher hide
 *   the misses a router sees.  When the table has at least PICKS_PER_PASS
 *   LSPs, a pass is a random sample of that many distinct LSPs, each sent
 *   once, in random order: as the live benchmark's capture of 65,536 frames
 *   with 65,536 distinct labels (scripts/bench.sh runs 1,000,000 LSPs so);
 *   with fewer LSPs, picks are uniform (1,000 LSPs: all touched).  The
 *   distinct labels a pass touches are counted and printed: index words,
 *   entries and per-LSP counts far beyond L2 in the 1M case.
 * - The frames stay cache-resident (POOL of them, like a NIC ring): the
 *   point is the tables, not the frames.
 * - The harness (writing each frame's label stack entry, resetting the
 *   transmit list, counting) is measured on its own by the very same loop
 *   calling an empty function instead of lsr_fwd_burst(), through the same
 *   volatile pointer so that the compiler can neither drop the call nor
 *   specialise the loop.  Harness-only and full runs alternate; each full
 *   run's net figure is its cycles minus those of the harness run just
 *   before it, and the median of the runs' figures is reported, every run
 *   shown (the machine is shared and noisy).
 * - Cycles are TSC cycles (rte_rdtsc()), i.e. at the TSC's nominal rate.
 * - One untimed pass of each kind first: the per-LSP counts' pages are
 *   mapped on first touch (include/lsr_lsp_counters.h), not in a timed run.
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
#define MAX_RUNS 99

static const uint8_t bench_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x02, 0x01 };	/* ours on IF 1 */

typedef void burst_fn(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
		      struct rte_mbuf **pkts, uint16_t n, uint64_t now_ns);

/* What the harness-only runs call: nothing, through the same pointer. */
static void
burst_none(struct lsr_lcore *lc, const struct lsr_fib *fib, uint16_t in_slot,
	   struct rte_mbuf **pkts, uint16_t n, uint64_t now_ns)
{
}

static burst_fn *volatile burst_call;

struct bench {
	struct lsr_lcore *lc;
	struct lsr_fib *fib;
	struct rte_mbuf *m[POOL];
	rte_be32_t *lse;	/* the frames' label stack entries, one pass */
	uint64_t mask;		/* picks per pass - 1 */
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* xorshift64* (Vigna): fixed seed, so every run of the benchmark sees the same frames. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

/* Uniform in [0, n) (multiply-shift; the bias is below 2^-12 for n <= 2^20). */
static uint32_t
rnd_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)((rnd(s) >> 32) * n >> 32);
}

/* Shuffle the first k of the n values at a into a random sample of them (partial Fisher-Yates). */
static void
sample_prefix(uint32_t *a, uint32_t n, uint32_t k, uint64_t *seed)
{
	for (uint32_t i = 0; i < k; i++) {
		uint32_t j = i + rnd_below(seed, n - i);
		uint32_t t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

/*
 * Send at least frames frames (whole rounds of the pool) through fn, picking
 * labels from the sequence at *pos on.  @return TSC cycles taken.
 */
static uint64_t
run(struct bench *b, burst_fn *fn, uint64_t frames, uint64_t *pos)
{
	/* Locals: the frames' byte stores may alias anything behind b. */
	struct rte_mbuf **m = b->m;
	const rte_be32_t *lse = b->lse;
	struct lsr_lcore *lc = b->lc;
	const struct lsr_fib *fib = b->fib;
	uint64_t mask = b->mask, j = *pos, c0, cycles, done = 0;

	burst_call = fn;
	c0 = rte_rdtsc_precise();
	while (done < frames) {
		for (int k = 0; k < POOL; k += LSR_BURST) {
			for (int i = 0; i < LSR_BURST; i++) {
				/* A 64-byte frame: Ethernet, one LSE, payload. */
				uint8_t *p = rte_pktmbuf_mtod(m[k + i], uint8_t *);
				rte_be32_t w = lse[j++ & mask];

				p[12] = 0x88;
				p[13] = 0x47;
				memcpy(p + 14, &w, 4);
			}
			burst_call(lc, fib, 0, &m[k], LSR_BURST, 0);
			lc->tx[1].n = 0;	/* the mbufs stay ours: reused next round */
			done += LSR_BURST;
		}
	}
	cycles = rte_rdtsc_precise() - c0;
	*pos = j;
	return cycles;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(const double *v, int n)
{
	double s[MAX_RUNS];

	memcpy(s, v, sizeof(*v) * n);
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/*
 * Every LSP's counts against the frames the sequence sent it: sent frames
 * went through positions 0, 1, ... of the sequence, wrapping.  @return 0; -1.
 */
static int
check_lsp_counts(const struct lsr_fib *fib, const uint32_t *pick, uint64_t picks,
		 uint32_t n_lsps, uint64_t sent)
{
	uint64_t *expect = calloc(n_lsps, sizeof(*expect));
	uint64_t sum = 0;
	int ret = 0;

	for (uint64_t j = 0; j < picks; j++)
		expect[pick[j]] += sent / picks + (j < sent % picks);
	for (uint32_t i = 0; i < n_lsps && ret == 0; i++) {
		struct lsr_entry_counts c;

		if (lsr_lsp_counters_read(fib, i, LSR_DIR_FORWARD, &c) < 0) {
			ret = -1;
			break;
		}
		if (c.frames != expect[i] || c.forwarded != expect[i]) {
			printf("lsp %" PRIu32 ": counted %" PRIu64 " frames, %" PRIu64
			       " forwarded, sent %" PRIu64 "\n", i, c.frames, c.forwarded, expect[i]);
			ret = -1;
		}
		sum += c.frames;
	}
	free(expect);
	return ret == 0 && sum == sent ? 0 : -1;
}

int
main(int argc, char **argv)
{
	char *eal[] = { "bench_fwd", "--no-huge", "--no-pci", "--no-shconf", "-m", "512",
			"--log-level=lib.eal:error", "--no-telemetry", "-l", "0", NULL };
	uint32_t n_lsps = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000;
	uint64_t frames = argc > 2 ? strtoull(argv[2], NULL, 10) : 5000000;
	int runs = argc > 3 ? atoi(argv[3]) : 7;
	uint64_t picks = argc > 4 ? strtoull(argv[4], NULL, 10) : 131072;
	bool lsp_counts = getenv("TPLSR_BENCH_NO_LSP_COUNTS") == NULL;
	double raw[MAX_RUNS], harness[MAX_RUNS], net[MAX_RUNS], hz, m_net;
	static struct lsr_config cfg;
	static struct bench b;
	struct rte_mempool *pool;
	uint64_t seed = 42, pos_fwd = 0, pos_harness = 0, sent = 0;
	uint32_t *labels, *pick, distinct = 0;
	uint8_t *seen;
	double t0, t_build;

	if (n_lsps == 0 || n_lsps > 1000000 || frames == 0 || runs < 1 || runs > MAX_RUNS ||
	    picks < POOL || (picks & (picks - 1)) != 0 || picks > (1u << 24)) {
		fprintf(stderr, "usage: bench_fwd LSPS(1..1000000) [FRAMES_PER_RUN [RUNS(1..%d) "
			"[PICKS_PER_PASS(a power of 2, %d..2^24)]]]\n", MAX_RUNS, POOL);
		return 2;
	}
	if (rte_eal_init((int)RTE_DIM(eal) - 1, eal) < 0)
		return 2;
	hz = (double)rte_get_tsc_hz();
	cfg.n_interfaces = 2;
	cfg.policer_rate = 0;
	for (int i = 0; i < 2; i++) {
		cfg.interfaces[i].if_num = i + 1;
		cfg.interfaces[i].mip_enabled = true;
	}

	/* Random distinct in-labels over the 20-bit space: a partly shuffled range. */
	labels = malloc(sizeof(*labels) * (MPLS_LABEL_MAX - 15));
	for (uint32_t i = 0; i < MPLS_LABEL_MAX - 15; i++)
		labels[i] = 16 + i;
	sample_prefix(labels, MPLS_LABEL_MAX - 15, n_lsps, &seed);

	b.fib = calloc(1, sizeof(*b.fib));
	b.fib->cfg = &cfg;
	/*
	 * Frames go out on interface 2 and are received again on interface 1:
	 * interface 2's peer is our MAC on 1, so that they pass the destination
	 * check (docs/CONTRACT.md §3.2 foreign-mac) round after round.
	 */
	memcpy(b.fib->adj[0].mac, bench_mac, sizeof(bench_mac));
	memcpy(b.fib->adj[1].peer, bench_mac, sizeof(bench_mac));
	t0 = now_s();
	b.fib->lfib = lsr_lfib_create(2, n_lsps);
	for (uint32_t i = 0; i < n_lsps; i++) {
		/* out_untagged: as lsr_lfib_build() sets it for an untagged interface. */
		struct lsr_lfib_entry e = { .lsp = i, .dir = LSR_DIR_FORWARD,
					    .ret_slot = LSR_SLOT_NONE, .out_untagged = 1 };
		struct lsr_out o = { .label = labels[(i + 1) % n_lsps], .slot = 1 };

		if (lsr_lfib_add(b.fib->lfib, 0, labels[i], &e, &o, 1) < 0)
			return 1;
	}
	t_build = now_s() - t0;
	printf("lsps %" PRIu32 " build_s %.3f table_bytes %zu\n", n_lsps, t_build,
	       lsr_lfib_memory(b.fib->lfib));

	/* The frames' LSPs: uniform over the table, whatever order entries were added in. */
	pick = malloc(sizeof(*pick) * picks);
	b.lse = malloc(sizeof(*b.lse) * picks);
	b.mask = picks - 1;
	seen = calloc(n_lsps, 1);
	if (picks <= n_lsps) {
		/* A sample without replacement of 0 .. n-1. */
		uint32_t *all = malloc(sizeof(*all) * n_lsps);

		for (uint32_t i = 0; i < n_lsps; i++)
			all[i] = i;
		sample_prefix(all, n_lsps, (uint32_t)picks, &seed);
		memcpy(pick, all, sizeof(*pick) * picks);
		free(all);
	} else {
		for (uint64_t j = 0; j < picks; j++)
			pick[j] = rnd_below(&seed, n_lsps);
	}
	for (uint64_t j = 0; j < picks; j++) {
		b.lse[j] = mpls_lse_encode(labels[pick[j]], 0, 1, 64);
		distinct += !seen[pick[j]];
		seen[pick[j]] = 1;
	}
	free(seen);
	free(labels);

	pool = rte_pktmbuf_pool_create("b", POOL + 1024, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       SOCKET_ID_ANY);
	b.lc = rte_zmalloc("lc", sizeof(*b.lc), RTE_CACHE_LINE_SIZE);
	if (pool == NULL || b.lc == NULL)
		return 2;
	b.lc->pool = pool;
	/* Per-LSP counts as the live data plane keeps them (include/lsr_lsp_counters.h);
	 * TPLSR_BENCH_NO_LSP_COUNTS set: without them, to see what they cost. */
	if (lsp_counts && lsr_lsp_counters_attach(b.fib, &b.lc, 1) < 0)
		return 1;
	for (int i = 0; i < POOL; i++) {
		b.m[i] = rte_pktmbuf_alloc(pool);
		memset(rte_pktmbuf_append(b.m[i], 64), 0, 64);
		memcpy(rte_pktmbuf_mtod(b.m[i], uint8_t *), bench_mac, sizeof(bench_mac));
	}
	frames = RTE_ALIGN_CEIL(frames, POOL);
	printf("lsps %" PRIu32 " picks_per_pass %" PRIu64 " distinct_labels %" PRIu32
	       " frames_per_run %" PRIu64 " lsp_counts %s\n", n_lsps, picks, distinct, frames,
	       lsp_counts ? "on" : "off");

	run(&b, lsr_fwd_burst, picks, &pos_fwd);
	run(&b, burst_none, picks, &pos_harness);
	for (int r = 0; r < runs; r++) {
		harness[r] = (double)run(&b, burst_none, frames, &pos_harness) / frames;
		raw[r] = (double)run(&b, lsr_fwd_burst, frames, &pos_fwd) / frames;
		net[r] = raw[r] - harness[r];
		printf("run %d harness_cycles %.1f raw_cycles %.1f net_cycles %.1f\n",
		       r + 1, harness[r], raw[r], net[r]);
	}
	sent = pos_fwd;
	m_net = median(net, runs);
	printf("lsps %" PRIu32 " distinct_labels %" PRIu32 " runs %d raw_cycles %.1f "
	       "harness_cycles %.1f cycles_per_frame %.1f mpps_one_core %.2f\n",
	       n_lsps, distinct, runs, median(raw, runs), median(harness, runs), m_net,
	       m_net > 0 ? hz / m_net / 1e6 : 0.0);

	/* Every frame forwarded, and counted against its LSP. */
	if (b.lc->c.forwarded != sent) {
		printf("FAIL: forwarded %" PRIu64 " of %" PRIu64 " frames\n", b.lc->c.forwarded,
		       sent);
		return 1;
	}
	if (lsp_counts && check_lsp_counts(b.fib, pick, picks, n_lsps, sent) < 0) {
		printf("FAIL: per-LSP counts do not add up to the %" PRIu64 " frames sent\n", sent);
		return 1;
	}
	free(pick);
	printf("ok: %" PRIu64 " frames forwarded%s\n", sent,
	       lsp_counts ? ", each counted against its LSP" : "");
	return 0;
}
