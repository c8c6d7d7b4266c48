/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the configuration writer (dataplane/config_write.c): the text
 * is the configuration language, parses back to the same configuration, is
 * canonical (two spellings of one node give the same bytes and digest), and a
 * change of any statement changes the digest.  No EAL.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_unit.h"
#include "lsr_config.h"

#define ERRLEN 512

/* Every statement of the language, in one spelling. */
static const char rich[] =
	"# a P2MP branch point with a loopback\n"
	"node 65000:3221226018\n"			/* 192.0.2.34 as a decimal */
	"icc ABC123 cc GB\n"
	"mip-mode per-interface\n"
	"oam-policer rate 500 burst 20\n"
	"interface 7 mac 02:00:00:00:02:01 port 3 peer 02:00:00:00:01:02\n"
	"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01 mip off\n"
	"interface 4294967295 port 2 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01\n"
	"lsp pe1-pe3\n"
	"  lsp-num 9\n"
	"  destination 65000:192.0.2.3 tunnel 65535\n"
	"  source 1:0.0.0.1 tunnel 1\n"
	"  forward in 7 label 100 out 2 label 200\n"
	"  reverse in 2 label 201 out 7 label 101\n"
	"  loopback interface 2\n"
	"lsp tree\n"
	"  source 65000:192.0.2.1 tunnel 2\n"
	"  destination 65000:192.0.2.9 tunnel 2\n"
	"  lsp-num 1\n"
	"  forward in 7 label 1048575 out 2 label 16 out 4294967295 label 300\n"
	"lsp sink\n"
	"  source 65000:192.0.2.1 tunnel 3\n"
	"  destination 65000:192.0.2.34 tunnel 3\n"
	"  lsp-num 0\n"
	"  forward in 2 label 400\n"
	"  reverse out 2 label 401\n";

static struct lsr_config *
parse_ok(const char *text)
{
	struct lsr_config *cfg = NULL;
	char err[ERRLEN] = "";
	int rc;

	rc = lsr_config_parse_buffer(text, strlen(text), "t.conf", &cfg, err, sizeof(err));
	ck_assert_msg(rc == 0, "rc %d, err '%s'\n%s", rc, err, text);
	return cfg;
}

/* The canonical text of cfg (malloc'd) and its digest. */
static char *
written(const struct lsr_config *cfg, char digest[LSR_CONFIG_DIGEST_HEX])
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(lsr_config_write(cfg, f, digest), 0);
	fclose(f);
	return text;
}

static void
assert_same_config(const struct lsr_config *a, const struct lsr_config *b)
{
	uint32_t i;

	ck_assert_uint_eq(a->node.global_id, b->node.global_id);
	ck_assert_uint_eq(a->node.node_id, b->node.node_id);
	ck_assert_int_eq(a->has_icc, b->has_icc);
	ck_assert_str_eq(a->icc, b->icc);
	ck_assert_str_eq(a->cc, b->cc);
	ck_assert_int_eq(a->mip_mode, b->mip_mode);
	ck_assert_uint_eq(a->policer_rate, b->policer_rate);
	ck_assert_uint_eq(a->policer_burst, b->policer_burst);
	ck_assert_uint_eq(a->n_interfaces, b->n_interfaces);
	ck_assert_mem_eq(a->interfaces, b->interfaces, sizeof(a->interfaces[0]) * a->n_interfaces);
	ck_assert_uint_eq(a->n_lsps, b->n_lsps);
	for (i = 0; i < a->n_lsps; i++) {
		const struct lsr_lsp_cfg *x = &a->lsps[i], *y = &b->lsps[i];

		ck_assert_str_eq(x->name, y->name);
		ck_assert_mem_eq(&x->src, &y->src, sizeof(x->src));
		ck_assert_mem_eq(&x->dst, &y->dst, sizeof(x->dst));
		ck_assert_uint_eq(x->src_tunnel, y->src_tunnel);
		ck_assert_uint_eq(x->dst_tunnel, y->dst_tunnel);
		ck_assert_uint_eq(x->lsp_num, y->lsp_num);
		ck_assert_mem_eq(x->dir, y->dir, sizeof(x->dir));
		ck_assert_uint_eq(x->loopback_slot, y->loopback_slot);
	}
}

START_TEST(test_round_trip)
{
	char d1[LSR_CONFIG_DIGEST_HEX], d2[LSR_CONFIG_DIGEST_HEX];
	struct lsr_config *a = parse_ok(rich), *b;
	char *t1 = written(a, d1), *t2;

	b = parse_ok(t1);
	assert_same_config(a, b);
	t2 = written(b, d2);
	ck_assert_str_eq(t1, t2);
	ck_assert_str_eq(d1, d2);
	ck_assert_uint_eq(strlen(d1), 64);
	/* Canonical spellings: dotted quads, keywords in one order, defaults written. */
	ck_assert_ptr_nonnull(strstr(t1, "node 65000:192.0.2.34\n"));
	ck_assert_ptr_nonnull(strstr(t1, "interface 7 port 3 mac 02:00:00:00:02:01 "
				     "peer 02:00:00:00:01:02 mip on\n"));
	ck_assert_ptr_nonnull(strstr(t1, "\nlsp pe1-pe3\n  source 1:0.0.0.1 tunnel 1\n"
				     "  destination 65000:192.0.2.3 tunnel 65535\n"
				     "  lsp-num 9\n"
				     "  forward in 7 label 100 out 2 label 200\n"
				     "  reverse in 2 label 201 out 7 label 101\n"
				     "  loopback interface 2\n"));
	ck_assert_ptr_nonnull(strstr(t1, "  forward in 7 label 1048575 out 2 label 16 "
				     "out 4294967295 label 300\n"));
	free(t1);
	free(t2);
	lsr_config_free(a);
	lsr_config_free(b);
}
END_TEST

/* A file with only what is required: the defaults appear in the text. */
START_TEST(test_defaults_written)
{
	char d[LSR_CONFIG_DIGEST_HEX];
	struct lsr_config *a = parse_ok("node 1:1\n");
	char *t = written(a, d);

	ck_assert_str_eq(t, "node 1:0.0.0.1\nmip-mode per-interface\n"
			 "oam-policer rate 1000 burst 100\n");
	free(t);
	lsr_config_free(a);
}
END_TEST

/* Two spellings of one node: same bytes, same digest; any change: another digest. */
START_TEST(test_digest)
{
	static const char *const variants[] = {
		"node 65000:192.0.2.35\n",			/* node */
		"icc ABC124 cc GB\n",				/* icc */
		"oam-policer rate 500 burst 21\n",		/* policer */
		"  lsp-num 8\n",				/* lsp */
		"  reverse in 2 label 201 out 7 label 102\n",	/* a label */
		"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01 mip on\n",
	};
	static const char *const originals[] = {
		"node 65000:3221226018\n",
		"icc ABC123 cc GB\n",
		"oam-policer rate 500 burst 20\n",
		"  lsp-num 9\n",
		"  reverse in 2 label 201 out 7 label 101\n",
		"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01 mip off\n",
	};
	char base[LSR_CONFIG_DIGEST_HEX], other[LSR_CONFIG_DIGEST_HEX];
	struct lsr_config *a = parse_ok(rich), *b;
	unsigned int i;

	ck_assert_int_eq(lsr_config_write(a, NULL, base), 0);
	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		char text[sizeof(rich) + 128];
		const char *at = strstr(rich, originals[i]);
		size_t pre;

		ck_assert_ptr_nonnull(at);
		pre = (size_t)(at - rich);
		snprintf(text, sizeof(text), "%.*s%s%s", (int)pre, rich, variants[i],
			 at + strlen(originals[i]));
		b = parse_ok(text);
		ck_assert_int_eq(lsr_config_write(b, NULL, other), 0);
		ck_assert_msg(strcmp(base, other) != 0, "variant %u kept the digest", i);
		lsr_config_free(b);
	}
	lsr_config_free(a);
}
END_TEST

static Suite *
config_write_suite(void)
{
	Suite *s = suite_create("config_write");
	TCase *tc = tcase_create("write");

	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_defaults_written);
	tcase_add_test(tc, test_digest);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_unit_main(config_write_suite());
}
