/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-LSP counters (include/lsr_lsp_counters.h) on real rte_mbufs: runs of
 * frames of one entry in a burst, drops attributed to the LSP, P2MP copies
 * not counted as frames sent, a reused entry slot starting at zero, and
 * `clear counters lsp NAME` touching that LSP only.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <rte_mbuf.h>

#include "check_eal.h"
#include "check_lcore.h"
#include "fixture.h"
#include "lsr_config.h"
#include "lsr_fwd.h"
#include "lsr_lsp_counters.h"

static struct rte_mempool *pool;
static struct lsr_config *cfg;
static struct lsr_fib *fib;
static struct lsr_lcore *lc;

#define IFS FIXTURE_NODE FIXTURE_IF_10_20 FIXTURE_IF_30
static const char config[] =
	IFS FIXTURE_LSP_A FIXTURE_LSP_TREE
	FIXTURE_LSP_TRANSIT("b", 3)
	"  forward in 10 label 120 out 20 label 220\n";

/* A frame to our MAC on slot 0 with one label (S set) and plen bytes of payload. */
static struct rte_mbuf *
frame(uint32_t label, uint8_t ttl, uint16_t plen)
{
	static const uint8_t hdr[14] = { 2, 0, 0, 0, 2, 1, 2, 0, 0, 0, 1, 2, 0x88, 0x47 };
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(18 + plen));

	memcpy(p, hdr, sizeof(hdr));
	mpls_lse_store(p + 14, (struct mpls_lse){ .label = label, .s = 1, .ttl = ttl });
	memset(p + 18, 0x45, plen);
	return m;
}

static uint32_t
lsp_of(const char *name)
{
	const struct lsr_lsp_cfg *l = lsr_config_find_lsp(cfg, name);

	ck_assert_ptr_nonnull(l);
	return (uint32_t)(l - cfg->lsps);
}

static struct lsr_entry_counts
counts(const char *name, enum lsr_dir dir)
{
	struct lsr_entry_counts c;

	ck_assert_int_eq(lsr_lsp_counters_read(fib, lsp_of(name), dir, &c), 0);
	return c;
}

static void
assert_counts(const char *name, enum lsr_dir dir, uint64_t frames, uint64_t bytes,
	      uint64_t forwarded, uint64_t dropped)
{
	struct lsr_entry_counts c = counts(name, dir);

	ck_assert_uint_eq(c.frames, frames);
	ck_assert_uint_eq(c.bytes, bytes);
	ck_assert_uint_eq(c.forwarded, forwarded);
	ck_assert_uint_eq(c.dropped, dropped);
}

/* Free what a burst left on the transmit and punt lists. */
static void
flush(void)
{
	check_lcore_flush(lc, pool);
}

/* a a b a b(ttl 1) tree: runs a|b|a|b|tree, bytes as received. */
static void
mixed_burst(void)
{
	struct rte_mbuf *m[] = {
		frame(100, 64, 10), frame(100, 64, 20), frame(120, 64, 30),
		frame(100, 64, 40), frame(120, 1, 50), frame(110, 64, 60),
	};
	uint64_t expired = lc->c.drops[LSR_DROP_TTL_EXPIRED];

	lsr_counters_write_begin(&lc->c);
	lsr_fwd_burst(lc, fib, 0, m, RTE_DIM(m), 1);
	lsr_counters_write_end(&lc->c);
	ck_assert_uint_eq(lc->c.drops[LSR_DROP_TTL_EXPIRED], expired + 1);
	ck_assert_uint_eq(lc->tx[2].n, 1);	/* the P2MP copy */
	flush();
}

START_TEST(test_runs_and_drops)
{
	mixed_burst();
	assert_counts("a", LSR_DIR_FORWARD, 3, 3 * 18 + 10 + 20 + 40, 3, 0);
	assert_counts("a", LSR_DIR_REVERSE, 0, 0, 0, 0);
	assert_counts("b", LSR_DIR_FORWARD, 2, 2 * 18 + 30 + 50, 1, 1);
	/* Two legs: one frame in, one frame sent on (the copy is not a frame). */
	assert_counts("tree", LSR_DIR_FORWARD, 1, 18 + 60, 1, 0);
	{
		struct lsr_entry_counts c;

		ck_assert_int_eq(lsr_lsp_counters_read(fib, lsp_of("tree"), LSR_DIR_REVERSE, &c),
				 -ENOENT);
	}
	/* A second burst adds to the same counts. */
	mixed_burst();
	assert_counts("a", LSR_DIR_FORWARD, 6, 2 * (3 * 18 + 70), 6, 0);
}
END_TEST

START_TEST(test_clear_one_lsp)
{
	mixed_burst();
	ck_assert_int_eq(lsr_lsp_counters_clear(fib, lsp_of("b")), 0);
	assert_counts("b", LSR_DIR_FORWARD, 0, 0, 0, 0);
	assert_counts("a", LSR_DIR_FORWARD, 3, 3 * 18 + 70, 3, 0);
	assert_counts("tree", LSR_DIR_FORWARD, 1, 18 + 60, 1, 0);
	/* Counting goes on from the new zero point. */
	mixed_burst();
	assert_counts("b", LSR_DIR_FORWARD, 2, 2 * 18 + 80, 1, 1);
	ck_assert_int_eq(lsr_lsp_counters_clear_all(fib), 0);
	assert_counts("a", LSR_DIR_FORWARD, 0, 0, 0, 0);
	assert_counts("tree", LSR_DIR_FORWARD, 0, 0, 0, 0);
}
END_TEST

/* The slot of a deleted LSP, reclaimed after its grace period, starts at zero for the next. */
START_TEST(test_reused_slot_starts_at_zero)
{
	static const char text[] = IFS FIXTURE_LSP_TRANSIT("c", 4)
		"  forward in 10 label 130 out 20 label 230\n";
	const struct lsr_lfib_entry *old = lsr_lfib_entry_of(fib->lfib, lsp_of("b"),
							     LSR_DIR_FORWARD);
	struct lsr_config *c;
	struct rte_mbuf *m;
	char err[256];

	mixed_burst();
	ck_assert_int_eq(lsr_fib_lsp_delete(fib, cfg, "b", err, sizeof(err)), 0);
	/* No reader holds it: this test's lcore is between bursts. */
	lsr_fib_reclaim(fib, cfg);
	ck_assert_int_eq(lsr_config_parse_buffer(text, strlen(text), "t", &c, err, sizeof(err)), 0);
	ck_assert_msg(lsr_fib_lsp_add(fib, cfg, &c->lsps[0], err, sizeof(err)) == 0, "%s", err);
	lsr_config_free(c);
	/* The same slot, as the free list gives it back. */
	ck_assert_ptr_eq(lsr_lfib_entry_of(fib->lfib, lsp_of("c"), LSR_DIR_FORWARD), old);
	assert_counts("c", LSR_DIR_FORWARD, 0, 0, 0, 0);
	m = frame(130, 64, 5);
	lsr_fwd_burst(lc, fib, 0, &m, 1, 1);
	flush();
	assert_counts("c", LSR_DIR_FORWARD, 1, 18 + 5, 1, 0);
}
END_TEST

static void
setup(void)
{
	char err[256];
	struct lsr_lcore *one[] = { lc, lc };	/* listed twice: one array */

	ck_assert_int_eq(lsr_config_parse_buffer(config, strlen(config), "t", &cfg, err,
						 sizeof(err)), 0);
	ck_assert_int_eq(lsr_config_live_init(cfg), 0);
	fib = lsr_fib_create(cfg);
	ck_assert_ptr_nonnull(fib);
	memset(lc, 0, sizeof(*lc));
	lc->pool = pool;
	ck_assert_int_eq(lsr_lsp_counters_attach(fib, one, RTE_DIM(one)), 0);
	ck_assert_ptr_nonnull(lc->entry_tally);
	ck_assert_int_eq(lsr_lsp_counters_attach(fib, one, 1), -EINVAL);
}

/* The same counts through the prefetch passes of a large table (the flag
 * lsr_lfib_create() sets from 131,072 entries; the arrays are the same). */
static void
setup_large(void)
{
	setup();
	fib->lfib->large = true;
}

static void
teardown(void)
{
	lsr_fib_free(fib);
	lsr_config_free(cfg);
}

static Suite *
lsp_counters_suite(void)
{
	Suite *s = suite_create("lsp_counters");

	CHECK_TCASE_FIXTURE(s, "lsp", setup, teardown, test_runs_and_drops, test_clear_one_lsp,
			    test_reused_slot_starts_at_zero);
	CHECK_TCASE_FIXTURE(s, "lsp, large table", setup_large, teardown, test_runs_and_drops,
			    test_clear_one_lsp, test_reused_slot_starts_at_zero);
	return s;
}

int
main(int argc, char **argv)
{
	int ret;

	(void)argc;
	lc = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*lc));
	if (lc == NULL)
		return 99;
	ret = check_eal_main(argv[0], "check_lsp_counters", &pool, lsp_counters_suite);
	free(lc);
	return ret;
}
