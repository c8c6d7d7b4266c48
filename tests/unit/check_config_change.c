/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the configuration writer (dataplane/config_write.c): the text
 * is the configuration language, parses back to the same configuration, is
 * canonical (two spellings of one node give the same bytes and digest), and a
 * change of any statement changes the digest.  And the difference between
 * two configurations (dataplane/config_diff.c): every kind of change, a
 * change of nothing, and what a running node refuses.  No EAL.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_parse.h"
#include "check_unit.h"
#include "lsr_config.h"
#include "lsr_fwd.h"

#define ERRLEN 512

/* Every statement of the language, in one spelling. */
static const char rich[] =
	"# a P2MP branch point with a loopback\n"
	"node 65000:3221226018\n"			/* 192.0.2.34 as a decimal */
	"icc ABC123 cc GB\n"
	"mip-mode per-interface\n"
	"oam-policer rate 500 burst 20\n"
	"ip-address 2001:db8:0::22\n"
	"ip-address 192.0.2.34\n"
	"interface 7 mac 02:00:00:00:02:01 port 3 peer 02:00:00:00:01:02\n"
	"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01 mip off\n"
	"interface 4294967295 port 2 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01\n"
	"interface 8 vlan 100 port 1 mac 02:00:00:00:02:04 peer 02:00:00:00:05:01\n"
	"interface 9 port 1 mac 02:00:00:00:02:05 peer 02:00:00:00:06:01 vlan 4094\n"
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
	"  reverse out 2 label 401\n"
	"  path reverse via 65000:192.0.2.3 in 3 out 4 to 65000:192.0.2.1 in 1\n"
	"lsp src\n"
	"  source 65000:192.0.2.34 tunnel 4\n"
	"  destination 65000:192.0.2.9 tunnel 4\n"
	"  lsp-num 4\n"
	"  path forward to 65000:192.0.2.8 in 2\n"
	"  forward out 8 label 500 out 9 label 501\n"
	"  path forward via 65000:192.0.2.7 in 1 out 2 via 65000:192.0.2.6 in 5 out 6"
	" to 65000:192.0.2.9 in 4294967295\n";

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
	ck_assert_int_eq(a->has_ip4, b->has_ip4);
	ck_assert_int_eq(a->has_ip6, b->has_ip6);
	ck_assert_mem_eq(a->ip4, b->ip4, sizeof(a->ip4));
	ck_assert_mem_eq(a->ip6, b->ip6, sizeof(a->ip6));
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
		ck_assert(lsr_path_equal(x->path[LSR_DIR_FORWARD], y->path[LSR_DIR_FORWARD]));
		ck_assert(lsr_path_equal(x->path[LSR_DIR_REVERSE], y->path[LSR_DIR_REVERSE]));
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
	ck_assert_ptr_nonnull(strstr(t1, "oam-policer rate 500 burst 20\n"
				     "ip-address 192.0.2.34\nip-address 2001:db8::22\n"));
	ck_assert_ptr_nonnull(strstr(t1, "interface 8 port 1 mac 02:00:00:00:02:04 "
				     "peer 02:00:00:00:05:01 vlan 100 mip on\n"));
	/* Paths after the directions, legs in the order written. */
	ck_assert_ptr_nonnull(strstr(t1, "  reverse out 2 label 401\n"
				     "  path reverse via 65000:192.0.2.3 in 3 out 4 "
				     "to 65000:192.0.2.1 in 1\n"));
	ck_assert_ptr_nonnull(strstr(t1, "  forward out 8 label 500 out 9 label 501\n"
				     "  path forward to 65000:192.0.2.8 in 2\n"
				     "  path forward via 65000:192.0.2.7 in 1 out 2 "
				     "via 65000:192.0.2.6 in 5 out 6 to 65000:192.0.2.9 "
				     "in 4294967295\n"));
	/* What was parsed. */
	{
		const struct lsr_lsp_cfg *l = lsr_config_find_lsp(a, "src");
		const struct lsr_path *p;

		ck_assert_ptr_nonnull(l);
		p = l->path[LSR_DIR_FORWARD];
		ck_assert_ptr_nonnull(p);
		ck_assert_ptr_null(l->path[LSR_DIR_REVERSE]);
		ck_assert_uint_eq(p->n_legs, 2);
		ck_assert_uint_eq(p->leg[0].n_hops, 1);
		ck_assert_uint_eq(p->leg[0].hop[0].in_if, 2);
		ck_assert_uint_eq(p->leg[0].hop[0].out_if, 0);
		ck_assert_uint_eq(p->leg[1].n_hops, 3);
		ck_assert_uint_eq(p->leg[1].hop[1].node.node_id, 0xc0000206);
		ck_assert_uint_eq(p->leg[1].hop[1].in_if, 5);
		ck_assert_uint_eq(p->leg[1].hop[1].out_if, 6);
		ck_assert_uint_eq(p->leg[1].hop[2].in_if, 4294967295u);
		ck_assert_uint_eq(a->interfaces[3].vlan, 100);
		ck_assert_uint_eq(a->interfaces[4].vlan, 4094);
		ck_assert_uint_eq(a->interfaces[0].vlan, LSR_VLAN_NONE);
		ck_assert(a->has_ip4 && a->has_ip6);
		ck_assert_uint_eq(a->ip4[3], 34);
		ck_assert_uint_eq(a->ip6[15], 0x22);
	}
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
		"ip-address 192.0.2.35\n",			/* an address */
		"  path forward to 65000:192.0.2.8 in 3\n",	/* a path */
	};
	static const char *const originals[] = {
		"node 65000:3221226018\n",
		"icc ABC123 cc GB\n",
		"oam-policer rate 500 burst 20\n",
		"  lsp-num 9\n",
		"  reverse in 2 label 201 out 7 label 101\n",
		"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01 mip off\n",
		"ip-address 192.0.2.34\n",
		"  path forward to 65000:192.0.2.8 in 2\n",
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

/* rich with one line replaced (the original must be there). */
static struct lsr_config *
rich_with(const char *original, const char *replacement)
{
	static char text[sizeof(rich) + 512];
	const char *at = strstr(rich, original);

	ck_assert_ptr_nonnull(at);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - rich), rich, replacement,
		 at + strlen(original));
	return parse_ok(text);
}

START_TEST(test_diff_nothing)
{
	struct lsr_config *a = parse_ok(rich), *b = parse_ok(rich);
	struct lsr_config_diff d;
	char err[ERRLEN] = "";

	ck_assert_int_eq(lsr_config_diff(a, b, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.n_added + d.n_removed + d.n_changed, 0);
	ck_assert_uint_eq(d.mip_changed, 0);
	ck_assert(!d.policer_changed);
	lsr_config_diff_free(&d);
	lsr_config_free(a);
	lsr_config_free(b);
}
END_TEST

START_TEST(test_diff_kinds)
{
	struct lsr_config *a = parse_ok(rich), *b;
	struct lsr_config_diff d;
	char err[ERRLEN] = "";

	/* tree removed, a new lsp added in its place, sink's label changed. */
	b = rich_with("lsp tree\n", "lsp leaf\n");
	ck_assert_int_eq(lsr_config_diff(a, b, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.n_added, 1);
	ck_assert_str_eq(b->lsps[d.added[0]].name, "leaf");
	ck_assert_uint_eq(d.n_removed, 1);
	ck_assert_str_eq(a->lsps[d.removed[0]].name, "tree");
	ck_assert_uint_eq(d.n_changed, 0);
	lsr_config_diff_free(&d);
	lsr_config_free(b);

	b = rich_with("  forward in 2 label 400\n", "  forward in 2 label 402\n");
	ck_assert_int_eq(lsr_config_diff(a, b, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.n_added + d.n_removed, 0);
	ck_assert_uint_eq(d.n_changed, 1);
	ck_assert_str_eq(a->lsps[d.changed[0].old_idx].name, "sink");
	ck_assert_str_eq(b->lsps[d.changed[0].new_idx].name, "sink");
	lsr_config_diff_free(&d);
	lsr_config_free(b);

	/* The loopback statement alone is a change of the LSP. */
	b = rich_with("  loopback interface 2\n", "");
	ck_assert_int_eq(lsr_config_diff(a, b, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.n_changed, 1);
	lsr_config_diff_free(&d);
	lsr_config_free(b);

	/* The intended path alone is a change of the LSP (locate reads it). */
	b = rich_with("path reverse via 65000:192.0.2.3 in 3 out 4", "path reverse via 65000:192.0.2.3 in 3 out 5");
	ck_assert_int_eq(lsr_config_diff(a, b, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.n_added + d.n_removed, 0);
	ck_assert_uint_eq(d.n_changed, 1);
	ck_assert_str_eq(b->lsps[d.changed[0].new_idx].name, "sink");
	lsr_config_diff_free(&d);
	lsr_config_free(b);

	/* mip on an interface, and the policer. */
	b = rich_with("02:00:00:00:03:01 mip off\n", "02:00:00:00:03:01\n");
	ck_assert_int_eq(lsr_config_diff(a, b, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.mip_changed, 1u << 1);
	ck_assert_uint_eq(d.n_added + d.n_removed + d.n_changed, 0);
	lsr_config_diff_free(&d);
	lsr_config_free(b);

	b = rich_with("rate 500 burst 20", "rate 500 burst 21");
	ck_assert_int_eq(lsr_config_diff(a, b, &d, err, sizeof(err)), 0);
	ck_assert(d.policer_changed);
	lsr_config_diff_free(&d);
	lsr_config_free(b);
	lsr_config_free(a);
}
END_TEST

/* What a running node cannot change: refused with the reason, nothing to free. */
START_TEST(test_diff_refused)
{
	static const char *const change[][3] = {
		{ "node 65000:3221226018\n", "node 65000:192.0.2.99\n", "node identity" },
		{ "icc ABC123 cc GB\n", "icc ABC123 cc FR\n", "icc/cc" },
		{ "mip-mode per-interface\n", "mip-mode per-node\n", "mip-mode" },
		{ "port 3 peer 02:00:00:00:01:02", "port 5 peer 02:00:00:00:01:02", "interface 7" },
		{ "mac 02:00:00:00:02:01", "mac 02:00:00:00:02:09", "interface 7" },
		{ "interface 8 vlan 100", "interface 8 vlan 101", "interface 8" },
	};
	struct lsr_config *a = parse_ok(rich), *b;
	struct lsr_config_diff d;
	char err[ERRLEN];
	unsigned int i;

	for (i = 0; i < sizeof(change) / sizeof(change[0]); i++) {
		b = rich_with(change[i][0], change[i][1]);
		err[0] = '\0';
		ck_assert_int_eq(lsr_config_diff(a, b, &d, err, sizeof(err)), -EPERM);
		ck_assert_msg(strstr(err, change[i][2]) != NULL, "case %u: '%s'", i, err);
		ck_assert_ptr_null(d.added);
		lsr_config_free(b);
	}
	ck_assert_int_eq(lsr_config_diff(a, NULL, &d, err, sizeof(err)), -EINVAL);
	lsr_config_free(a);
}
END_TEST

/* 100,000 LSPs against the same with 1 % changed: the name table keeps it linear. */
START_TEST(test_diff_large)
{
	struct lsr_config *a, *b;
	struct lsr_config_diff d;
	char err[ERRLEN] = "";
	char *text = NULL, *text2 = NULL;
	size_t len = 0, len2 = 0;
	FILE *f = open_memstream(&text, &len), *g = open_memstream(&text2, &len2);
	unsigned int i;

	fputs("node 1:1\ninterface 1 port 0 mac 02:00:00:00:00:01 peer 02:00:00:00:00:02\n", f);
	fputs("node 1:1\ninterface 1 port 0 mac 02:00:00:00:00:01 peer 02:00:00:00:00:02\n", g);
	for (i = 0; i < 100000; i++) {
		const char *fmt = "lsp l%u\n source 1:2 tunnel 1\n destination 1:3 tunnel 1\n"
				  " lsp-num 1\n forward in 1 label %u\n";

		fprintf(f, fmt, i, 16 + i);
		fprintf(g, fmt, i, 16 + i + (i % 100 == 0 ? 200000 : 0));
	}
	fclose(f);
	fclose(g);
	a = parse_ok(text);
	b = parse_ok(text2);
	ck_assert_int_eq(lsr_config_diff(a, b, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.n_changed, 1000);
	ck_assert_uint_eq(d.n_added + d.n_removed, 0);
	lsr_config_diff_free(&d);
	free(text);
	free(text2);
	lsr_config_free(a);
	lsr_config_free(b);
}
END_TEST


/* The statements the ports work added, and per-node MIPs: they round-trip too. */
static const char ported[] =
	"node 65000:192.0.2.2\n"
	"mip-mode per-node\n"
	"interface 1 port net_af_packet0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02 "
	"promiscuous on\n"
	"interface 2 port 0000:01:00.0 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01 mip off\n"
	"interface 3 port 7 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01 promiscuous off\n"
	"lsp a\n"
	"  source 65000:192.0.2.1 tunnel 1\n"
	"  destination 65000:192.0.2.3 tunnel 1\n"
	"  lsp-num 1\n"
	"  forward in 1 label 100 out 2 label 200\n"
	"  reverse in 2 label 201 out 1 label 101\n"
	"  loopback interface 1\n";

static void
assert_diff_nothing(const struct lsr_config *a, const struct lsr_config *b)
{
	struct lsr_config_diff d;
	char err[ERRLEN] = "";

	ck_assert_msg(lsr_config_diff(a, b, &d, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(d.n_added + d.n_removed + d.n_changed, 0);
	ck_assert_uint_eq(d.mip_changed, 0);
	ck_assert(!d.policer_changed);
	lsr_config_diff_free(&d);
}

/* What lsr_config_write() prints loads back with no difference, for every statement. */
START_TEST(test_round_trip_diff)
{
	const char *texts[] = { rich, ported };

	for (unsigned i = 0; i < 2; i++) {
		char d1[LSR_CONFIG_DIGEST_HEX], d2[LSR_CONFIG_DIGEST_HEX];
		struct lsr_config *a = parse_ok(texts[i]), *b;
		char *t1 = written(a, d1), *t2;

		b = parse_ok(t1);
		assert_diff_nothing(a, b);
		assert_diff_nothing(b, a);
		assert_same_config(a, b);
		t2 = written(b, d2);
		ck_assert_str_eq(t1, t2);
		ck_assert_str_eq(d1, d2);
		if (i == 1) {
			ck_assert_ptr_nonnull(strstr(t1, "interface 1 port net_af_packet0 mac "
						     "02:00:00:00:02:01 peer 02:00:00:00:01:02 mip on "
						     "promiscuous on\n"));
			ck_assert_ptr_nonnull(strstr(t1, "interface 2 port 0000:01:00.0 mac "));
			ck_assert_ptr_nonnull(strstr(t1, "mip-mode per-node\n"));
		}
		free(t1);
		free(t2);
		lsr_config_free(a);
		lsr_config_free(b);
	}
}
END_TEST

/* The digest does not depend on the order of the LSPs (a node changed at run time). */
START_TEST(test_digest_order)
{
	static const char ab[] = "node 1:1\n"
		"interface 1 port 0 mac 02:00:00:00:00:01 peer 02:00:00:00:00:02\n"
		"lsp a\n  source 1:1 tunnel 1\n  destination 1:2 tunnel 1\n  lsp-num 1\n"
		"  forward in 1 label 100\n"
		"lsp b\n  source 1:1 tunnel 2\n  destination 1:2 tunnel 2\n  lsp-num 1\n"
		"  forward in 1 label 101\n";
	static const char ba[] = "node 1:1\n"
		"interface 1 port 0 mac 02:00:00:00:00:01 peer 02:00:00:00:00:02\n"
		"lsp b\n  source 1:1 tunnel 2\n  destination 1:2 tunnel 2\n  lsp-num 1\n"
		"  forward in 1 label 101\n"
		"lsp a\n  source 1:1 tunnel 1\n  destination 1:2 tunnel 1\n  lsp-num 1\n"
		"  forward in 1 label 100\n";
	char d1[LSR_CONFIG_DIGEST_HEX], d2[LSR_CONFIG_DIGEST_HEX];
	struct lsr_config *a = parse_ok(ab), *b = parse_ok(ba);

	ck_assert_int_eq(lsr_config_write(a, NULL, d1), 0);
	ck_assert_int_eq(lsr_config_write(b, NULL, d2), 0);
	ck_assert_str_eq(d1, d2);
	lsr_config_free(a);
	lsr_config_free(b);
}
END_TEST

/* The one LSP of "node + interfaces of rich" and block. */
static struct lsr_config *
one_lsp(const char *block)
{
	char text[4096];

	snprintf(text, sizeof(text), "node 65000:192.0.2.34\nicc ABC123 cc GB\n"
		 "oam-policer rate 500 burst 20\nip-address 192.0.2.34\n"
		 "ip-address 2001:db8::22\n"
		 "interface 7 port 3 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n"
		 "interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01 mip off\n"
		 "interface 4294967295 port 2 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01\n"
		 "interface 8 port 1 vlan 100 mac 02:00:00:00:02:04 peer 02:00:00:00:05:01\n"
		 "interface 9 port 1 vlan 4094 mac 02:00:00:00:02:05 peer 02:00:00:00:06:01\n%s",
		 block);
	return parse_ok(text);
}

/*
 * A running node changed LSP by LSP: the label table follows, a deleted LSP
 * leaves a tombstone that the writer and the diff pass by, its slot is reused
 * after reclaim only, and the result is the node a file with the same LSPs
 * gives (no difference, the same digest).
 */
START_TEST(test_live_lsp_changes)
{
	struct lsr_config *cfg = parse_ok(rich), *x, *y, *file;
	char err[ERRLEN], d1[LSR_CONFIG_DIGEST_HEX], d2[LSR_CONFIG_DIGEST_HEX];
	const struct lsr_lfib_entry *e;
	struct lsr_fib *fib;

	ck_assert_int_eq(lsr_config_live_init(cfg), 0);
	fib = lsr_fib_create(cfg);
	ck_assert_ptr_nonnull(fib);
	x = one_lsp("lsp x\n  source 1:1 tunnel 5\n  destination 1:2 tunnel 5\n  lsp-num 1\n"
		    "  forward in 2 label 500 out 7 label 600\n");
	ck_assert_int_eq(lsr_fib_lsp_add(fib, cfg, &x->lsps[0], err, sizeof(err)), 0);
	e = lsr_lfib_lookup(fib->lfib, 1, 500);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->out_label, 600);
	ck_assert_uint_eq(e->lsp, 4);
	ck_assert_uint_eq(cfg->n_live, 5);
	/* Twice: the name is taken.  Another name on a used in label: refused, named. */
	ck_assert_int_eq(lsr_fib_lsp_add(fib, cfg, &x->lsps[0], err, sizeof(err)), -EEXIST);
	y = one_lsp("lsp y\n  source 1:1 tunnel 6\n  destination 1:2 tunnel 6\n  lsp-num 1\n"
		    "  forward in 7 label 100\n");
	ck_assert_int_eq(lsr_fib_lsp_add(fib, cfg, &y->lsps[0], err, sizeof(err)), -EEXIST);
	ck_assert_str_eq(err, "label 100 on interface 7 is already in use by lsp 'pe1-pe3'");
	ck_assert_uint_eq(cfg->n_live, 5);
	lsr_config_free(y);

	/* Replace with the same in label: the key switches to a new entry. */
	y = one_lsp("lsp x\n  source 1:1 tunnel 5\n  destination 1:2 tunnel 5\n  lsp-num 1\n"
		    "  forward in 2 label 500 out 7 label 601\n");
	ck_assert_int_eq(lsr_fib_lsp_replace(fib, cfg, &y->lsps[0], err, sizeof(err)), 0);
	ck_assert_uint_eq(lsr_lfib_lookup(fib->lfib, 1, 500)->out_label, 601);
	ck_assert_int_eq(lsr_fib_lsp_replace(fib, cfg, &y->lsps[0], err, sizeof(err)), 1);
	ck_assert_uint_eq(fib->lfib->n_retired, 1);
	lsr_fib_reclaim(fib, cfg);
	ck_assert_uint_eq(fib->lfib->n_retired, 0);

	/* Delete: no-label from now on, a tombstone in slot 3 until reclaimed. */
	ck_assert_int_eq(lsr_fib_lsp_delete(fib, cfg, "pe1-pe3", err, sizeof(err)), 0);
	ck_assert_int_eq(lsr_fib_lsp_delete(fib, cfg, "pe1-pe3", err, sizeof(err)), -ENOENT);
	ck_assert_ptr_null(lsr_lfib_lookup(fib->lfib, 0, 100));
	ck_assert_ptr_null(lsr_lfib_lookup(fib->lfib, 1, 201));
	ck_assert(!lsr_lsp_live(&cfg->lsps[0]));
	ck_assert_ptr_null(lsr_config_find_lsp(cfg, "pe1-pe3"));
	ck_assert_uint_eq(cfg->n_live, 4);
	/* Not reused before the grace period: a new LSP takes a new slot... */
	y->lsps[0].dir[LSR_DIR_FORWARD].in.label = 700;
	snprintf(y->lsps[0].name, sizeof(y->lsps[0].name), "z");
	ck_assert_int_eq(lsr_fib_lsp_add(fib, cfg, &y->lsps[0], err, sizeof(err)), 0);
	ck_assert_ptr_eq(lsr_config_find_lsp(cfg, "z"), &cfg->lsps[5]);
	lsr_fib_reclaim(fib, cfg);
	/* ... and after it the tombstone's. */
	snprintf(y->lsps[0].name, sizeof(y->lsps[0].name), "w");
	y->lsps[0].dir[LSR_DIR_FORWARD].in.label = 701;
	ck_assert_int_eq(lsr_fib_lsp_add(fib, cfg, &y->lsps[0], err, sizeof(err)), 0);
	ck_assert_ptr_eq(lsr_config_find_lsp(cfg, "w"), &cfg->lsps[0]);
	ck_assert_uint_eq(lsr_lfib_lookup(fib->lfib, 1, 701)->lsp, 0);

	/* The node now equals a file with its LSPs in another order. */
	file = one_lsp("lsp w\n  source 1:1 tunnel 5\n  destination 1:2 tunnel 5\n  lsp-num 1\n"
		       "  forward in 2 label 701 out 7 label 601\n"
		       "lsp sink\n  source 65000:192.0.2.1 tunnel 3\n"
		       "  destination 65000:192.0.2.34 tunnel 3\n  lsp-num 0\n"
		       "  forward in 2 label 400\n  reverse out 2 label 401\n"
		       "  path reverse via 65000:192.0.2.3 in 3 out 4 to 65000:192.0.2.1 in 1\n"
		       "lsp src\n  source 65000:192.0.2.34 tunnel 4\n"
		       "  destination 65000:192.0.2.9 tunnel 4\n  lsp-num 4\n"
		       "  forward out 8 label 500 out 9 label 501\n"
		       "  path forward to 65000:192.0.2.8 in 2\n"
		       "  path forward via 65000:192.0.2.7 in 1 out 2 via 65000:192.0.2.6 in 5 "
		       "out 6 to 65000:192.0.2.9 in 4294967295\n"
		       "lsp tree\n  source 65000:192.0.2.1 tunnel 2\n"
		       "  destination 65000:192.0.2.9 tunnel 2\n  lsp-num 1\n"
		       "  forward in 7 label 1048575 out 2 label 16 out 4294967295 label 300\n"
		       "lsp x\n  source 1:1 tunnel 5\n  destination 1:2 tunnel 5\n  lsp-num 1\n"
		       "  forward in 2 label 500 out 7 label 601\n"
		       "lsp z\n  source 1:1 tunnel 5\n  destination 1:2 tunnel 5\n  lsp-num 1\n"
		       "  forward in 2 label 700 out 7 label 601\n");
	file->interfaces[0].mip_enabled = true;
	assert_diff_nothing(cfg, file);
	ck_assert_int_eq(lsr_config_write(cfg, NULL, d1), 0);
	ck_assert_int_eq(lsr_config_write(file, NULL, d2), 0);
	ck_assert_str_eq(d1, d2);
	lsr_config_free(file);
	lsr_config_free(x);
	lsr_config_free(y);
	lsr_fib_free(fib);
	lsr_config_free(cfg);
}
END_TEST

/*
 * lsp replace with another intended path: the running LSP takes the new path
 * (the one-LSP configuration gives it up), the old one is freed (ASan: no
 * leak, no double free); the same block again is "nothing to do".
 */
START_TEST(test_live_path_replace)
{
	struct lsr_config *cfg = parse_ok(rich), *y;
	const struct lsr_lsp_cfg *sink;
	char err[ERRLEN];
	struct lsr_fib *fib;

	ck_assert_int_eq(lsr_config_live_init(cfg), 0);
	fib = lsr_fib_create(cfg);
	ck_assert_ptr_nonnull(fib);
	y = one_lsp("lsp sink\n  source 65000:192.0.2.1 tunnel 3\n"
		    "  destination 65000:192.0.2.34 tunnel 3\n  lsp-num 0\n"
		    "  forward in 2 label 400\n  reverse out 2 label 401\n"
		    "  path reverse via 65000:192.0.2.5 in 1 out 2 to 65000:192.0.2.1 in 9\n");
	ck_assert_int_eq(lsr_fib_lsp_replace(fib, cfg, &y->lsps[0], err, sizeof(err)), 0);
	ck_assert_ptr_null(y->lsps[0].path[LSR_DIR_REVERSE]);
	sink = lsr_config_find_lsp(cfg, "sink");
	ck_assert_ptr_nonnull(sink->path[LSR_DIR_REVERSE]);
	ck_assert_uint_eq(sink->path[LSR_DIR_REVERSE]->leg[0].hop[0].node.node_id, 0xc0000205);
	ck_assert_uint_eq(sink->path[LSR_DIR_REVERSE]->leg[0].hop[1].in_if, 9);
	lsr_config_free(y);
	y = one_lsp("lsp sink\n  source 65000:192.0.2.1 tunnel 3\n"
		    "  destination 65000:192.0.2.34 tunnel 3\n  lsp-num 0\n"
		    "  forward in 2 label 400\n  reverse out 2 label 401\n"
		    "  path reverse via 65000:192.0.2.5 in 1 out 2 to 65000:192.0.2.1 in 9\n");
	ck_assert_int_eq(lsr_fib_lsp_replace(fib, cfg, &y->lsps[0], err, sizeof(err)), 1);
	ck_assert_ptr_nonnull(y->lsps[0].path[LSR_DIR_REVERSE]);	/* kept: freed with y */
	lsr_config_free(y);
	/* Without a path: the running one is freed. */
	y = one_lsp("lsp sink\n  source 65000:192.0.2.1 tunnel 3\n"
		    "  destination 65000:192.0.2.34 tunnel 3\n  lsp-num 0\n"
		    "  forward in 2 label 400\n  reverse out 2 label 401\n");
	ck_assert_int_eq(lsr_fib_lsp_replace(fib, cfg, &y->lsps[0], err, sizeof(err)), 0);
	ck_assert_ptr_null(lsr_config_find_lsp(cfg, "sink")->path[LSR_DIR_REVERSE]);
	lsr_config_free(y);
	/* Deleting an LSP with a path frees it (src has one). */
	ck_assert_int_eq(lsr_fib_lsp_delete(fib, cfg, "src", err, sizeof(err)), 0);
	lsr_fib_free(fib);
	lsr_config_free(cfg);
}
END_TEST

/* reload: every kind of change applied; a refused one changes nothing, byte for byte. */
START_TEST(test_live_reload)
{
	struct lsr_config *cfg = parse_ok(rich), *next, *bad;
	char err[ERRLEN], before[LSR_CONFIG_DIGEST_HEX], after[LSR_CONFIG_DIGEST_HEX];
	struct lsr_fib_change ch;
	struct lsr_fib *fib;
	char *t1, *t2, *text;

	ck_assert_int_eq(lsr_config_live_init(cfg), 0);
	fib = lsr_fib_create(cfg);
	ck_assert_ptr_nonnull(fib);
	/* tree and src removed, sink changed (new in label, no path), pe1-pe3 kept, n added,
	 * mip and policer. */
	text = strdup(rich);
	*strstr(text, "lsp tree") = '\0';
	next = one_lsp("lsp pe1-pe3\n  lsp-num 9\n  destination 65000:192.0.2.3 tunnel 65535\n"
		       "  source 1:0.0.0.1 tunnel 1\n  forward in 7 label 100 out 2 label 200\n"
		       "  reverse in 2 label 201 out 7 label 101\n  loopback interface 2\n"
		       "lsp sink\n  source 65000:192.0.2.1 tunnel 3\n"
		       "  destination 65000:192.0.2.34 tunnel 3\n  lsp-num 0\n"
		       "  forward in 2 label 402\n  reverse out 2 label 401\n"
		       "lsp n\n  source 1:1 tunnel 5\n  destination 1:2 tunnel 5\n  lsp-num 1\n"
		       "  forward in 7 label 1048575 out 2 label 17\n");
	next->interfaces[1].mip_enabled = true;
	next->policer_rate = 10;
	free(text);
	/* Loopback set at run time on the untouched LSP survives the reload. */
	ck_assert_int_eq(lsr_fib_set_loopback(fib, 0, 0, true), 0);
	ck_assert_int_eq(lsr_fib_reload(fib, cfg, next, &ch, err, sizeof(err)), 0);
	ck_assert_uint_eq(ch.added, 1);
	ck_assert_uint_eq(ch.removed, 2);
	ck_assert_uint_eq(ch.changed, 1);
	ck_assert_uint_eq(ch.mip_changed, 1);
	ck_assert(ch.policer_changed);
	ck_assert_uint_eq(fib->policer_rate, 10);
	ck_assert(cfg->interfaces[1].mip_enabled);
	ck_assert_int_eq(lsr_lfib_get_loop(lsr_lfib_lookup(fib->lfib, 0, 100)), LSR_LOOP_IN_MIP);
	ck_assert_ptr_null(lsr_lfib_lookup(fib->lfib, 1, 400));
	ck_assert_ptr_nonnull(lsr_lfib_lookup(fib->lfib, 1, 402));
	/* tree's key went to n (new LSP), in a slot of its own. */
	ck_assert_uint_eq(lsr_lfib_lookup(fib->lfib, 0, 1048575)->out_label, 17);
	ck_assert_uint_eq(fib->lfib->n_linked, 4);
	assert_diff_nothing(cfg, next);

	/* Refused: another node identity.  Nothing changes, byte for byte. */
	t1 = written(cfg, before);
	bad = parse_ok(t1);
	bad->node.node_id++;
	bad->lsps[0].lsp_num = 77;
	ck_assert_int_eq(lsr_fib_reload(fib, cfg, bad, &ch, err, sizeof(err)), -EPERM);
	ck_assert_ptr_nonnull(strstr(err, "node identity"));
	t2 = written(cfg, after);
	ck_assert_str_eq(t1, t2);
	ck_assert_str_eq(before, after);
	free(t1);
	free(t2);
	lsr_config_free(bad);
	lsr_config_free(next);
	lsr_fib_free(fib);
	lsr_config_free(cfg);
}
END_TEST

/*
 * The LSP array outgrows its reserve: the new array is whole before it is
 * published, and the old one stays readable (a telemetry reader may be in it)
 * until lsr_config_reclaim() after the grace period; growing again before that
 * is refused with -EAGAIN, not done under the reader (ASan checks the reads).
 */
START_TEST(test_live_array_growth)
{
	struct lsr_config *cfg = parse_ok(rich);
	const struct lsr_lsp_cfg *before;
	struct lsr_lsp_cfg l;
	uint32_t i, idx = 0, n0;

	ck_assert_int_eq(lsr_config_live_init(cfg), 0);
	before = cfg->lsps;
	n0 = cfg->n_lsps;
	l = cfg->lsps[0];
	for (i = 0; cfg->lsps == before; i++) {
		ck_assert_uint_lt(i, 1u << 20);
		snprintf(l.name, sizeof(l.name), "grow%u", i);
		ck_assert_int_eq(lsr_config_lsp_insert(cfg, &l, &idx), 0);
		ck_assert_uint_eq(idx, n0 + i);
	}
	/* The old array is intact, the new one holds every LSP, the newest too. */
	ck_assert_str_eq(before[0].name, cfg->lsps[0].name);
	ck_assert_str_eq(before[n0 - 1].name, cfg->lsps[n0 - 1].name);
	ck_assert_str_eq(cfg->lsps[idx].name, l.name);
	ck_assert_ptr_eq(lsr_config_find_lsp(cfg, l.name), &cfg->lsps[idx]);
	/* Room for another doubling is not there before the old array is freed. */
	ck_assert_int_eq(lsr_config_reserve(cfg, cfg->n_lsps + 1), -EAGAIN);
	lsr_config_reclaim(cfg);
	ck_assert_int_eq(lsr_config_reserve(cfg, cfg->n_lsps + 1), 0);
	lsr_config_free(cfg);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("config_change");

	CHECK_TCASE(s, "write", test_round_trip, test_defaults_written, test_digest,
		    test_round_trip_diff, test_digest_order);
	tcase_set_timeout(CHECK_TCASE(s, "live", test_live_lsp_changes, test_live_path_replace,
				      test_live_reload, test_live_array_growth), 60);
	tcase_set_timeout(CHECK_TCASE(s, "diff", test_diff_nothing, test_diff_kinds,
				      test_diff_refused, test_diff_large), 60);
	return check_unit_main(s);
}
