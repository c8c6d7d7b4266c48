/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Changes of a running node while a worker forwards (docs/PROVISIONING.md):
 * one lcore forwards bursts through lsr_fwd_burst() and reports RCU quiescent
 * states, as live mode's workers do; the main lcore adds, deletes and
 * replaces LSPs and reloads configurations, waits for a grace period and
 * reuses what was unlinked.  Every frame of an untouched LSP must be
 * forwarded with its own out label, every frame of an LSP replaced with the
 * same in label forwarded with its old or its new out label, and nothing else
 * may come out: a slot reused too early, or an entry seen half written, would
 * send a frame with another LSP's label.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>

#include "check_eal.h"
#include "fixture.h"
#include "lsr_config.h"
#include "lsr_fwd.h"

#define GLOBALS \
	FIXTURE_NODE FIXTURE_IF_10_20

/* a: never touched.  b: replaced again and again, always in label 150. */
static const char config[] = GLOBALS
	FIXTURE_LSP_A
	FIXTURE_LSP_TRANSIT("b", 2)
	"  forward in 10 label 150 out 20 label 250\n";

#define CHURN_LABELS 64		/* churn LSPs use in labels 1000..1063 */
#define B_OUT_FIRST  250	/* b's out label: 250 .. 250 + B_OUT_N - 1 */
#define B_OUT_N      16

static struct rte_mempool *pool;
static struct lsr_config *cfg;
static struct lsr_fib *fib;
static struct rte_rcu_qsbr *qs;
static volatile bool stop;

struct worker_result {
	uint64_t sent_a, fwd_a, sent_b, fwd_b, sent_churn, fwd_churn, wrong, bursts;
	struct lsr_lcore *lc;
};
static struct worker_result wr;

static struct rte_mbuf *
frame(uint32_t label)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p;
	rte_be32_t w;

	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, 14 + 4 + 20);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memset(p, 0, 14 + 4 + 20);
	/* To interface 10's mac: frames arrive there (else foreign-mac). */
	memcpy(p, (const uint8_t[]){ 0x02, 0, 0, 0, 0x02, 0x01 }, 6);
	p[12] = 0x88;
	p[13] = 0x47;
	w = mpls_lse_encode(label, 0, 1, 64);
	memcpy(p + 14, &w, 4);
	p[18] = 0x45;
	return m;
}

static int
worker(void *arg)
{
	struct worker_result *r = arg;
	struct lsr_lcore *lc = r->lc;
	struct rte_mbuf *pkts[LSR_BURST];
	uint32_t k = 0;

	rte_rcu_qsbr_thread_register(qs, 0);
	rte_rcu_qsbr_thread_online(qs, 0);
	while (!stop) {
		uint16_t n = 0;

		for (int i = 0; i < LSR_BURST; i++) {
			uint32_t label = i % 4 == 0 ? 100 : i % 4 == 1 ? 150 : 1000 + k++ % CHURN_LABELS;
			struct rte_mbuf *m = frame(label);

			if (m == NULL)
				break;
			pkts[n++] = m;
			if (label == 100)
				r->sent_a++;
			else if (label == 150)
				r->sent_b++;
			else
				r->sent_churn++;
		}
		lsr_fwd_burst(lc, fib, 0, pkts, n, 1);
		for (uint16_t i = 0; i < lc->tx[1].n; i++) {
			struct rte_mbuf *m = lc->tx[1].pkts[i];
			uint32_t out = mpls_lse_load(rte_pktmbuf_mtod_offset(m, uint8_t *, 14)).label;

			if (out == 200)
				r->fwd_a++;
			else if (out >= B_OUT_FIRST && out < B_OUT_FIRST + B_OUT_N)
				r->fwd_b++;
			else if (out >= 2000 && out < 2000 + CHURN_LABELS)
				r->fwd_churn++;
			else
				r->wrong++;
			rte_pktmbuf_free(m);
		}
		r->wrong += lc->tx[0].n + lc->n_punt;
		lc->tx[1].n = 0;
		r->bursts++;
		rte_rcu_qsbr_quiescent(qs, 0);
	}
	rte_rcu_qsbr_thread_offline(qs, 0);
	rte_rcu_qsbr_thread_unregister(qs, 0);
	return 0;
}

/* The one LSP of a configuration made of GLOBALS and text. */
static struct lsr_config *
one(const char *fmt, ...)
{
	char text[2048], block[1024], err[256];
	struct lsr_config *c = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(block, sizeof(block), fmt, ap);
	va_end(ap);
	snprintf(text, sizeof(text), "%s%s", GLOBALS, block);
	ck_assert_msg(lsr_config_parse_buffer(text, strlen(text), "one", &c, err, sizeof(err)) == 0,
		      "%s", err);
	return c;
}

static struct lsr_config *
churn_lsp(uint32_t k)
{
	return one("lsp c%u\n  source 65000:192.0.2.1 tunnel 9\n  destination 65000:192.0.2.3 "
		   "tunnel 9\n  lsp-num %u\n  forward in 10 label %u out 20 label %u\n",
		   k, k % 65536, 1000 + k % CHURN_LABELS, 2000 + k % CHURN_LABELS);
}

static void
published(void)
{
	rte_rcu_qsbr_synchronize(qs, RTE_QSBR_THRID_INVALID);
	lsr_fib_reclaim(fib, cfg);
}

static void
setup(void)
{
	char err[256];
	size_t sz = rte_rcu_qsbr_get_memsize(1);

	ck_assert_int_eq(lsr_config_parse_buffer(config, strlen(config), "t", &cfg, err,
						 sizeof(err)), 0);
	ck_assert_int_eq(lsr_config_live_init(cfg), 0);
	fib = lsr_fib_create(cfg);
	ck_assert_ptr_nonnull(fib);
	qs = rte_zmalloc("qs", sz, RTE_CACHE_LINE_SIZE);
	ck_assert_int_eq(rte_rcu_qsbr_init(qs, 1), 0);
	memset(&wr, 0, sizeof(wr));
	wr.lc = rte_zmalloc("lc", sizeof(*wr.lc), RTE_CACHE_LINE_SIZE);
	wr.lc->pool = pool;
	stop = false;
}

static void
start(void)
{
	unsigned int lcore = rte_get_next_lcore(-1, 1, 0);

	ck_assert_msg(lcore < RTE_MAX_LCORE, "needs a worker lcore (2 cores)");
	ck_assert_int_eq(rte_eal_remote_launch(worker, &wr, lcore), 0);
	/* Forwarding before the first change. */
	while (__atomic_load_n(&wr.bursts, __ATOMIC_RELAXED) < 10)
		rte_pause();
}

static void
finish(void)
{
	const struct lsr_counters *c = &wr.lc->c;

	stop = true;
	rte_eal_mp_wait_lcore();
	/* Nothing lost or misdirected on what the changes did not remove. */
	ck_assert_uint_eq(wr.wrong, 0);
	ck_assert_uint_gt(wr.sent_a, 0);
	ck_assert_uint_eq(wr.fwd_a, wr.sent_a);
	ck_assert_uint_eq(wr.fwd_b, wr.sent_b);
	/* The churn LSPs' frames: forwarded while they existed, no-label otherwise. */
	ck_assert_uint_eq(wr.fwd_churn + c->drops[LSR_DROP_NO_LABEL], wr.sent_churn);
	ck_assert_uint_eq(c->rx, c->forwarded + c->dropped);
	ck_assert_uint_eq(c->dropped, c->drops[LSR_DROP_NO_LABEL]);
	ck_assert_uint_eq(rte_mempool_in_use_count(pool), 0);
	lsr_fib_free(fib);
	lsr_config_free(cfg);
	rte_free(qs);
	rte_free(wr.lc);
}

/* lsp add / delete / replace, one change at a time, while the worker forwards. */
START_TEST(test_lsp_churn)
{
	char err[256];
	uint64_t seen;

	setup();
	start();
	for (uint32_t k = 0; k < 1000; k++) {
		struct lsr_config *c = churn_lsp(k), *b;

		ck_assert_msg(lsr_fib_lsp_add(fib, cfg, &c->lsps[0], err, sizeof(err)) == 0,
			      "add c%u: %s", k, err);
		lsr_config_free(c);
		if (k >= CHURN_LABELS / 2) {
			char name[16];

			snprintf(name, sizeof(name), "c%u", k - CHURN_LABELS / 2);
			ck_assert_int_eq(lsr_fib_lsp_delete(fib, cfg, name, err, sizeof(err)), 0);
		}
		/* b keeps in label 150, changes its out label: one store per change. */
		b = one("lsp b\n  source 65000:192.0.2.1 tunnel 2\n  destination 65000:192.0.2.3 "
			"tunnel 2\n  lsp-num 1\n  forward in 10 label 150 out 20 label %u\n",
			B_OUT_FIRST + k % B_OUT_N);
		ck_assert_int_ge(lsr_fib_lsp_replace(fib, cfg, &b->lsps[0], err, sizeof(err)), 0);
		lsr_config_free(b);
		published();
		/* Let the worker run between changes now and then. */
		seen = __atomic_load_n(&wr.bursts, __ATOMIC_RELAXED);
		while (k % 64 == 0 && __atomic_load_n(&wr.bursts, __ATOMIC_RELAXED) < seen + 2)
			rte_pause();
	}
	ck_assert_uint_eq(cfg->n_live, 2 + CHURN_LABELS / 2);
	/* The slots were reused: the table did not grow by 1000 LSPs. */
	ck_assert_uint_lt(fib->lfib->n_entries, 200);
	ck_assert_uint_lt(cfg->n_lsps, 200);
	finish();
}
END_TEST

/* reload: whole configurations, each a few LSPs different, while the worker forwards. */
START_TEST(test_reload)
{
	struct lsr_fib_change ch;
	char text[16384], err[256];

	setup();
	start();
	for (uint32_t r = 0; r < 100; r++) {
		struct lsr_config *n;
		size_t at = (size_t)snprintf(text, sizeof(text), "%s", config);

		/* b's out label moves; 16 churn LSPs in a window that slides by 3. */
		at = (size_t)(strstr(text, "out 20 label 250") - text);
		snprintf(text + at, sizeof(text) - at, "out 20 label %u\n", B_OUT_FIRST + r % B_OUT_N);
		at = strlen(text);
		for (uint32_t k = 3 * r; k < 3 * r + 16; k++)
			at += (size_t)snprintf(text + at, sizeof(text) - at,
					       "lsp c%u\n  source 65000:192.0.2.1 tunnel 9\n"
					       "  destination 65000:192.0.2.3 tunnel 9\n  lsp-num 1\n"
					       "  forward in 10 label %u out 20 label %u\n", k,
					       1000 + k % CHURN_LABELS, 2000 + k % CHURN_LABELS);
		ck_assert_msg(lsr_config_parse_buffer(text, at, "r", &n, err, sizeof(err)) == 0,
			      "%s", err);
		ck_assert_msg(lsr_fib_reload(fib, cfg, n, &ch, err, sizeof(err)) == 0, "%s", err);
		ck_assert_uint_eq(ch.added, r == 0 ? 16 : 3);
		ck_assert_msg(ch.removed == (r == 0 ? 0 : 3), "r %u removed %u added %u", r, ch.removed, ch.added);
		ck_assert_uint_eq(ch.changed, r == 0 ? 0 : 1);	/* b */
		lsr_config_free(n);
		published();
	}
	ck_assert_uint_eq(cfg->n_live, 2 + 16);
	finish();
}
END_TEST

static Suite *
publish_suite(void)
{
	Suite *s = suite_create("publish");

	tcase_set_timeout(CHECK_TCASE(s, "while forwarding", test_lsp_churn, test_reload), 100);
	return s;
}

int
main(int argc, char **argv)
{
	(void)argc;
	return check_eal_main(argv[0], "check_publish", &pool, publish_suite);
}
