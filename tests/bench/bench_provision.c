/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cost of changing a running node (docs/PROVISIONING.md), in process:
 *
 *   1. one `lsp add` on a node of N LSPs: the line parsed as the daemon parses
 *      it (the node's own statements and the block), checked, applied entry
 *      by entry, slots reclaimed: median, 99th percentile and worst of 1000;
 *   2. a reload of an N-LSP file with 1 % of its LSPs changed (a third
 *      removed, a third changed, a third renamed): parse, then apply, and the
 *      peak memory above the steady state during it;
 *   3. forwarding of untouched traffic on a worker lcore while the main lcore
 *      applies 1000 changes per second (lsp add and delete, each followed by
 *      an RCU grace period and reclaim), as a ratio to the rate without
 *      changes, alternating within one run.
 *
 * Run by scripts/bench.sh; it prints figures, it asserts nothing.
 *
 *   bench_provision [LSPS] [SECONDS]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>

#include "lsr_config.h"
#include "lsr_fwd.h"

#define GLOBALS \
	"node 65000:192.0.2.2\n" \
	"interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n" \
	"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01\n"
#define N_ADDS 1000

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Resident and peak resident memory (kB), from /proc/self/status. */
static void
rss_kb(long *rss, long *hwm)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	*rss = *hwm = 0;
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		sscanf(line, "VmRSS: %ld", rss);
		sscanf(line, "VmHWM: %ld", hwm);
	}
	if (f != NULL)
		fclose(f);
}

/* Reset the peak (VmHWM) to the current resident size. */
static void
rss_reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");

	if (f != NULL) {
		fputs("5", f);
		fclose(f);
	}
}

/* LSP i of the generated file: in label 16 + i on IF 1, out 16 + i on IF 2. */
static size_t
lsp_text(char *buf, size_t len, const char *prefix, uint32_t i, uint32_t out)
{
	return (size_t)snprintf(buf, len, "lsp %s%" PRIu32 "\n  source 65000:192.0.2.1 tunnel 1\n"
				"  destination 65000:192.0.2.3 tunnel 1\n  lsp-num %" PRIu32 "\n"
				"  forward in 1 label %" PRIu32 " out 2 label %" PRIu32 "\n",
				prefix, i, i % 65536, 16 + i, out);
}

/* The file: N LSPs; with change, 1 % of them differ (removed, changed, renamed). */
static char *
gen(uint32_t n, bool change, size_t *len)
{
	size_t cap = 128 + (size_t)n * 160, at;
	char *t = malloc(cap);

	if (t == NULL)
		return NULL;
	at = (size_t)snprintf(t, cap, "%s", GLOBALS);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = i % 300;

		if (change && k == 0)
			continue;					/* removed */
		at += lsp_text(t + at, cap - at, change && k == 200 ? "renamed" : "l", i,
			       change && k == 100 ? 16 + (i + 1) % 1000000 : 16 + i);
	}
	*len = at;
	return t;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ---- 3. forwarding while changes are applied --------------------------------- */

static struct lsr_fib *fwd_fib;
static struct rte_rcu_qsbr *qs;
static volatile bool fwd_stop;
static volatile uint64_t fwd_frames;

static int
forward(void *arg)
{
	struct rte_mempool *pool = arg;
	struct lsr_lcore *lc = rte_zmalloc("lc", sizeof(*lc), RTE_CACHE_LINE_SIZE);
	struct rte_mbuf *m[LSR_BURST];
	uint64_t n = 0;

	if (lc == NULL)
		return -ENOMEM;
	lc->pool = pool;
	for (int i = 0; i < LSR_BURST; i++) {
		uint8_t *p;

		m[i] = rte_pktmbuf_alloc(pool);
		p = (uint8_t *)rte_pktmbuf_append(m[i], 60);
		memset(p, 0, 60);
		p[12] = 0x88;
		p[13] = 0x47;
	}
	rte_rcu_qsbr_thread_register(qs, 0);
	rte_rcu_qsbr_thread_online(qs, 0);
	while (!fwd_stop) {
		for (int i = 0; i < LSR_BURST; i++) {
			/* Untouched LSPs spread over the table: labels 16 + 31 * k. */
			rte_be32_t w = mpls_lse_encode(16 + ((uint32_t)(n + i) * 31u) % 100000, 0, 1, 64);

			memcpy(rte_pktmbuf_mtod_offset(m[i], uint8_t *, 14), &w, 4);
		}
		lsr_fwd_burst(lc, fwd_fib, 0, m, LSR_BURST, 1);
		lc->tx[1].n = 0;	/* the same mbufs again */
		n += LSR_BURST;
		if ((n & 1023) == 0)
			fwd_frames = n;
		rte_rcu_qsbr_quiescent(qs, 0);
	}
	rte_rcu_qsbr_thread_offline(qs, 0);
	rte_rcu_qsbr_thread_unregister(qs, 0);
	for (int i = 0; i < LSR_BURST; i++)
		rte_pktmbuf_free(m[i]);
	rte_free(lc);
	return 0;
}

/* Frames per second over secs, applying rate changes per second (0: none). */
static double
fwd_rate(struct lsr_config *cfg, double secs, unsigned int rate, uint64_t *changes)
{
	static uint32_t k;
	char err[256];
	uint64_t f0 = fwd_frames, hz = rte_get_tsc_hz(), next = rte_rdtsc();
	double t0 = now_s(), t;
	struct lsr_config *one;
	char text[1024];
	size_t n;

	while ((t = now_s()) - t0 < secs) {
		if (rate == 0 || rte_rdtsc() < next) {
			rte_pause();
			continue;
		}
		next += hz / rate;
		/* Churn LSPs in labels 900000..900063 of IF 2: add one, delete the one added 32 before. */
		n = (size_t)snprintf(text, sizeof(text), "%s", GLOBALS);
		n += (size_t)snprintf(text + n, sizeof(text) - n, "lsp c%u\n  source 1:1 tunnel 1\n"
				      "  destination 1:2 tunnel 1\n  lsp-num 1\n"
				      "  forward in 2 label %u out 1 label 17\n", k, 900000 + k % 64);
		if (lsr_config_parse_buffer(text, n, "c", &one, err, sizeof(err)) == 0) {
			if (lsr_fib_lsp_add(fwd_fib, cfg, &one->lsps[0], err, sizeof(err)) == 0)
				(*changes)++;
			lsr_config_free(one);
		}
		if (k >= 32) {
			snprintf(text, sizeof(text), "c%u", k - 32);
			if (lsr_fib_lsp_delete(fwd_fib, cfg, text, err, sizeof(err)) == 0)
				(*changes)++;
		}
		k++;
		rte_rcu_qsbr_synchronize(qs, RTE_QSBR_THRID_INVALID);
		lsr_fib_reclaim(fwd_fib, cfg);
	}
	return (double)(fwd_frames - f0) / (t - t0);
}

int
main(int argc, char **argv)
{
	char *eal[] = { "bench_provision", "--no-huge", "--no-pci", "--no-shconf", "-m", "256",
			"--log-level=lib.eal:error", "--no-telemetry", "-l", "0,1", NULL };
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000000;
	double secs = argc > 2 ? strtod(argv[2], NULL) : 2;
	double t0, t_parse, t_build, lat[N_ADDS], t_rparse, t_apply;
	struct lsr_config *cfg, *next, *one;
	struct lsr_fib_change ch;
	struct lsr_fib *fib;
	char err[512], text[LSR_CONFIG_TEXT_MAX + 1024];
	long rss0, hwm0, rss1, hwm1;
	size_t len, glen;
	char *file;
	int rc;

	if (n == 0 || n > 1000000 || rte_eal_init((int)RTE_DIM(eal) - 1, eal) < 0)
		return 2;
	file = gen(n, false, &len);
	t0 = now_s();
	rc = lsr_config_parse_buffer(file, len, "gen", &cfg, err, sizeof(err));
	free(file);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	t_parse = now_s() - t0;
	t0 = now_s();
	if (lsr_config_live_init(cfg) < 0 || (fib = lsr_fib_create(cfg)) == NULL)
		return 1;
	t_build = now_s() - t0;
	printf("lsps %" PRIu32 " parse_s %.3f build_s %.3f\n", n, t_parse, t_build);

	/* 1. lsp add, as the daemon's handler does it (without the socket and grace period). */
	for (int i = 0; i < N_ADDS; i++) {
		t0 = now_s();
		glen = lsr_config_format_globals(cfg, text, sizeof(text));
		glen += (size_t)snprintf(text + glen, sizeof(text) - glen,
					 "lsp new%d\n  source 1:1 tunnel 1\n  destination 1:2 tunnel 1\n"
					 "  lsp-num 1\n  forward in 2 label %d out 1 label 20\n", i,
					 1000 + i);
		if (lsr_config_parse_buffer(text, glen, "add", &one, err, sizeof(err)) < 0 ||
		    lsr_fib_lsp_add(fib, cfg, &one->lsps[0], err, sizeof(err)) < 0) {
			fprintf(stderr, "lsp add: %s\n", err);
			return 1;
		}
		lsr_fib_reclaim(fib, cfg);
		lat[i] = (now_s() - t0) * 1e6;
		lsr_config_free(one);
	}
	qsort(lat, N_ADDS, sizeof(lat[0]), cmp_double);
	printf("lsp_add_us median %.1f p99 %.1f max %.1f (%d adds on %" PRIu32 " LSPs)\n",
	       lat[N_ADDS / 2], lat[N_ADDS * 99 / 100], lat[N_ADDS - 1], N_ADDS, n);
	for (int i = 0; i < N_ADDS; i++) {
		snprintf(text, sizeof(text), "new%d", i);
		lsr_fib_lsp_delete(fib, cfg, text, err, sizeof(err));
	}
	lsr_fib_reclaim(fib, cfg);

	/* 2. reload with 1 % changed. */
	file = gen(n, true, &len);
	rss_reset_peak();
	rss_kb(&rss0, &hwm0);
	t0 = now_s();
	rc = lsr_config_parse_buffer(file, len, "gen", &next, err, sizeof(err));
	t_rparse = now_s() - t0;
	if (rc < 0)
		return 1;
	t0 = now_s();
	rc = lsr_fib_reload(fib, cfg, next, &ch, err, sizeof(err));
	lsr_fib_reclaim(fib, cfg);
	t_apply = now_s() - t0;
	lsr_config_free(next);
	rss_kb(&rss1, &hwm1);
	free(file);
	if (rc < 0) {
		fprintf(stderr, "reload: %s\n", err);
		return 1;
	}
	printf("reload_s %.3f parse_s %.3f apply_s %.3f added %" PRIu32 " removed %" PRIu32
	       " changed %" PRIu32 " peak_extra_mib %.1f\n", t_rparse + t_apply, t_rparse, t_apply,
	       ch.added, ch.removed, ch.changed, (hwm1 - rss0) / 1024.0);

	/* 3. forwarding rate of untouched LSPs with and without 1000 changes/s. */
	if (rte_lcore_count() < 2) {
		printf("fwd_ratio n/a (one lcore)\n");
	} else {
		struct rte_mempool *pool = rte_pktmbuf_pool_create("bp", 1023, 0, 0,
								   RTE_MBUF_DEFAULT_BUF_SIZE, 0);
		double quiet = 0, busy = 0, q, b;
		uint64_t changes = 0;
		size_t sz = rte_rcu_qsbr_get_memsize(1);

		qs = rte_zmalloc("qs", sz, RTE_CACHE_LINE_SIZE);
		if (pool == NULL || qs == NULL || rte_rcu_qsbr_init(qs, 1) < 0)
			return 1;
		fwd_fib = fib;
		rte_eal_remote_launch(forward, pool, rte_get_next_lcore(-1, 1, 0));
		while (fwd_frames == 0)
			rte_pause();
		for (int r = 0; r < 3; r++) {
			q = fwd_rate(cfg, secs, 0, &changes);
			b = fwd_rate(cfg, secs, 1000, &changes);
			quiet += q;
			busy += b;
			printf("round %d: %.0f fps quiet, %.0f fps with changes\n", r, q, b);
		}
		fwd_stop = true;
		rte_eal_mp_wait_lcore();
		printf("fwd_ratio %.3f quiet_mfps %.2f busy_mfps %.2f changes_per_s %.0f\n",
		       busy / quiet, quiet / 3e6, busy / 3e6, changes / (3 * secs));
		rte_free(qs);
		rte_mempool_free(pool);
	}
	lsr_fib_free(fib);
	lsr_config_free(cfg);
	rte_eal_cleanup();
	return 0;
}
