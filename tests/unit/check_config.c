/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the configuration parser (docs/CONTRACT.md §2, include/lsr_config.h).
 * No EAL.  Bad arguments first, then valid configurations read back field by
 * field, then one table of invalid configurations, each checked for the exact
 * "NAME:LINE:" prefix of its message.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_parse.h"
#include "check_unit.h"
#include "lsr_config.h"

#define ERRLEN 512

/* Four lines: the node and three interfaces. */
#define HEAD \
	"node 65000:192.0.2.2\n" \
	"interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n" \
	"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01\n" \
	"interface 3 port 2 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01\n"

/* Lines 5-8: an lsp block up to its directions. */
#define LSP_A \
	"lsp a\n" \
	" source 65000:192.0.2.1 tunnel 1\n" \
	" destination 65000:192.0.2.3 tunnel 1\n" \
	" lsp-num 1\n"

/* ---- bad arguments ----------------------------------------------------- */

START_TEST(test_bad_args)
{
	struct lsr_config *cfg = (struct lsr_config *)0x1;
	char err[ERRLEN];

	ck_assert_int_eq(lsr_config_parse_buffer(NULL, 5, "t.conf", &cfg, err, sizeof(err)),
			 -EINVAL);
	ck_assert_ptr_null(cfg);
	ck_assert_int_eq(lsr_config_parse_buffer("node 1:1", 8, "t.conf", NULL, err, sizeof(err)),
			 -EINVAL);
	ck_assert_int_eq(lsr_config_parse_file(NULL, &cfg, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(lsr_config_parse_file("/nonexistent", NULL, err, sizeof(err)), -EINVAL);

	/* NULL text with length 0 is an empty configuration, not a bad argument. */
	ck_assert_int_eq(lsr_config_parse_buffer(NULL, 0, "t.conf", &cfg, err, sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "t.conf:1: empty configuration");

	/* No room for a message, or no name: still a clean failure or success. */
	ck_assert_int_eq(lsr_config_parse_buffer("bogus", 5, "t.conf", &cfg, NULL, 0), -EINVAL);
	ck_assert_int_eq(lsr_config_parse_buffer("bogus", 5, "t.conf", &cfg, err, 1), -EINVAL);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(lsr_config_parse_buffer("bogus", 5, "t.conf", &cfg, err, 8), -EINVAL);
	ck_assert_str_eq(err, "t.conf:");
	ck_assert_int_eq(lsr_config_parse_buffer("bogus", 5, NULL, &cfg, err, sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "config:1: unknown keyword 'bogus'");
	ck_assert_int_eq(lsr_config_parse_buffer("node 1:1", 8, NULL, &cfg, NULL, 0), 0);
	lsr_config_free(cfg);

	lsr_config_free(NULL);
	ck_assert_int_eq(lsr_config_slot_of(NULL, 1), -1);
	ck_assert_ptr_null(lsr_config_find_lsp(NULL, "a"));
}
END_TEST

START_TEST(test_file_errors)
{
	struct lsr_config *cfg = (struct lsr_config *)0x1;
	char err[ERRLEN];

	ck_assert_int_eq(lsr_config_parse_file("/nonexistent/t.conf", &cfg, err, sizeof(err)),
			 -ENOENT);
	ck_assert_ptr_null(cfg);
	ck_assert_str_eq(err, "/nonexistent/t.conf: No such file or directory");
	ck_assert_int_eq(lsr_config_parse_file("/", &cfg, err, sizeof(err)), -EISDIR);
	ck_assert_str_eq(err, "/: Is a directory");
}
END_TEST

/* ---- valid configurations ---------------------------------------------- */

static const char full_config[] =
	"# a full configuration\n"
	"node 65000:192.0.2.2                 # Global_ID:Node_ID\n"
	"icc ABCDEF cc JP\n"
	"mip-mode per-node\n"
	"oam-policer rate 500 burst 20\n"
	"\n"
	"interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n"
	"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01 mip off\n"
	"interface 4000000000 port 65535 mac AA:bb:Cc:dD:ee:fE peer ff:ff:ff:ff:ff:ff mip on\n"
	"\n"
	"lsp pe1-pe3\n"
	"  source 65000:192.0.2.1 tunnel 1          # Src\n"
	"  destination 65000:192.0.2.3 tunnel 2     # Dst\n"
	"  lsp-num 1\n"
	"  forward in 1 label 100 out 2 label 200\n"
	"\n"
	"  # a comment inside the block\n"
	"\treverse in 2 label 201 out 1 label 101\n"
	"  loopback interface 2\n"
	"lsp P2MP_root.1\n"
	"  source 7:10 tunnel 65535\n"
	"  destination 8:4294967295 tunnel 0\n"
	"  lsp-num 65535\n"
	"  forward out 4000000000 label 1048575 out 1 label 16 out 2 label 300\n"
	"lsp looped\n"
	"  lsp-num 3\n"
	"  destination 0:1.2.3.4 tunnel 3\n"
	"  source 0:5.6.7.8 tunnel 4\n"
	"  reverse in 4000000000 label 100 out 2 label 402\n"
	"  forward out 1 label 400 in 2 label 401\n"
	"  loopback interface 2\n"
	"lsp sink\n"
	"  source 1:1 tunnel 9\n"
	"  destination 1:2 tunnel 9\n"
	"  lsp-num 9\n"
	"  reverse in 1 label 999\n";

static void
check_full(const struct lsr_config *cfg)
{
	const struct lsr_interface_cfg *ifc;
	const struct lsr_lsp_cfg *lsp;
	const struct lsr_direction_cfg *d;
	static const uint8_t mac3[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xfe };
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	ck_assert_uint_eq(cfg->node.global_id, 65000);
	ck_assert_uint_eq(cfg->node.node_id, 0xc0000202);
	ck_assert(cfg->has_icc);
	ck_assert_str_eq(cfg->icc, "ABCDEF");
	ck_assert_str_eq(cfg->cc, "JP");
	ck_assert_int_eq(cfg->mip_mode, LSR_MIP_PER_NODE);
	ck_assert_uint_eq(cfg->policer_rate, 500);
	ck_assert_uint_eq(cfg->policer_burst, 20);

	ck_assert_uint_eq(cfg->n_interfaces, 3);
	ifc = &cfg->interfaces[0];
	ck_assert_uint_eq(ifc->if_num, 1);
	ck_assert_uint_eq(ifc->port, 0);
	ck_assert_mem_eq(ifc->mac, "\x02\x00\x00\x00\x02\x01", 6);
	ck_assert_mem_eq(ifc->peer, "\x02\x00\x00\x00\x01\x02", 6);
	ck_assert(ifc->mip_enabled);
	ifc = &cfg->interfaces[1];
	ck_assert_uint_eq(ifc->if_num, 2);
	ck_assert_uint_eq(ifc->port, 1);
	ck_assert_mem_eq(ifc->mac, "\x02\x00\x00\x00\x02\x02", 6);
	ck_assert_mem_eq(ifc->peer, "\x02\x00\x00\x00\x03\x01", 6);
	ck_assert(!ifc->mip_enabled);
	ifc = &cfg->interfaces[2];
	ck_assert_uint_eq(ifc->if_num, 4000000000u);
	ck_assert_uint_eq(ifc->port, 65535);
	ck_assert_mem_eq(ifc->mac, mac3, 6);
	ck_assert_mem_eq(ifc->peer, bcast, 6);
	ck_assert(ifc->mip_enabled);
	ck_assert_int_eq(lsr_config_slot_of(cfg, 1), 0);
	ck_assert_int_eq(lsr_config_slot_of(cfg, 2), 1);
	ck_assert_int_eq(lsr_config_slot_of(cfg, 4000000000u), 2);
	ck_assert_int_eq(lsr_config_slot_of(cfg, 3), -1);
	ck_assert_int_eq(lsr_config_slot_of(cfg, 0), -1);

	ck_assert_uint_eq(cfg->n_lsps, 4);
	lsp = lsr_config_find_lsp(cfg, "pe1-pe3");
	ck_assert_ptr_eq(lsp, &cfg->lsps[0]);
	ck_assert_str_eq(lsp->name, "pe1-pe3");
	ck_assert_uint_eq(lsp->src.global_id, 65000);
	ck_assert_uint_eq(lsp->src.node_id, 0xc0000201);
	ck_assert_uint_eq(lsp->dst.global_id, 65000);
	ck_assert_uint_eq(lsp->dst.node_id, 0xc0000203);
	ck_assert_uint_eq(lsp->src_tunnel, 1);
	ck_assert_uint_eq(lsp->dst_tunnel, 2);
	ck_assert_uint_eq(lsp->lsp_num, 1);
	d = &lsp->dir[LSR_DIR_FORWARD];
	ck_assert(d->present && d->has_in);
	ck_assert_uint_eq(d->in.slot, 0);
	ck_assert_uint_eq(d->in.label, 100);
	ck_assert_uint_eq(d->n_out, 1);
	ck_assert_uint_eq(d->out[0].slot, 1);
	ck_assert_uint_eq(d->out[0].label, 200);
	ck_assert_uint_eq(d->out[1].slot, LSR_SLOT_NONE);
	d = &lsp->dir[LSR_DIR_REVERSE];
	ck_assert(d->present && d->has_in);
	ck_assert_uint_eq(d->in.slot, 1);
	ck_assert_uint_eq(d->in.label, 201);
	ck_assert_uint_eq(d->n_out, 1);
	ck_assert_uint_eq(d->out[0].slot, 0);
	ck_assert_uint_eq(d->out[0].label, 101);
	ck_assert_uint_eq(lsp->loopback_slot, 1);	/* out-side: forward is P2P */

	lsp = lsr_config_find_lsp(cfg, "P2MP_root.1");
	ck_assert_ptr_eq(lsp, &cfg->lsps[1]);
	ck_assert_uint_eq(lsp->src.global_id, 7);
	ck_assert_uint_eq(lsp->src.node_id, 10);
	ck_assert_uint_eq(lsp->dst.global_id, 8);
	ck_assert_uint_eq(lsp->dst.node_id, 4294967295u);
	ck_assert_uint_eq(lsp->src_tunnel, 65535);
	ck_assert_uint_eq(lsp->dst_tunnel, 0);
	ck_assert_uint_eq(lsp->lsp_num, 65535);
	d = &lsp->dir[LSR_DIR_FORWARD];
	ck_assert(d->present && !d->has_in);	/* this node is the source MEP */
	ck_assert_uint_eq(d->in.slot, LSR_SLOT_NONE);
	ck_assert_uint_eq(d->n_out, 3);
	ck_assert_uint_eq(d->out[0].slot, 2);
	ck_assert_uint_eq(d->out[0].label, 1048575);
	ck_assert_uint_eq(d->out[1].slot, 0);
	ck_assert_uint_eq(d->out[1].label, 16);
	ck_assert_uint_eq(d->out[2].slot, 1);
	ck_assert_uint_eq(d->out[2].label, 300);
	ck_assert(!lsp->dir[LSR_DIR_REVERSE].present);
	ck_assert_uint_eq(lsp->loopback_slot, LSR_SLOT_NONE);

	lsp = lsr_config_find_lsp(cfg, "looped");
	ck_assert_ptr_eq(lsp, &cfg->lsps[2]);
	ck_assert_uint_eq(lsp->src.global_id, 0);
	ck_assert_uint_eq(lsp->src.node_id, 0x05060708);
	ck_assert_uint_eq(lsp->dst.node_id, 0x01020304);
	ck_assert_uint_eq(lsp->src_tunnel, 4);
	ck_assert_uint_eq(lsp->dst_tunnel, 3);
	d = &lsp->dir[LSR_DIR_REVERSE];
	ck_assert(d->present && d->has_in);
	ck_assert_uint_eq(d->in.slot, 2);
	ck_assert_uint_eq(d->in.label, 100);	/* same label, other interface */
	ck_assert_uint_eq(d->n_out, 1);
	ck_assert_uint_eq(d->out[0].slot, 1);
	ck_assert_uint_eq(d->out[0].label, 402);
	d = &lsp->dir[LSR_DIR_FORWARD];
	ck_assert(d->present && d->has_in);
	ck_assert_uint_eq(d->in.slot, 1);
	ck_assert_uint_eq(d->in.label, 401);
	ck_assert_uint_eq(d->n_out, 1);
	ck_assert_uint_eq(d->out[0].slot, 0);
	ck_assert_uint_eq(d->out[0].label, 400);
	ck_assert_uint_eq(lsp->loopback_slot, 1);	/* in-side */

	lsp = lsr_config_find_lsp(cfg, "sink");
	ck_assert_ptr_eq(lsp, &cfg->lsps[3]);
	ck_assert_uint_eq(lsp->lsp_num, 9);
	ck_assert(!lsp->dir[LSR_DIR_FORWARD].present);
	d = &lsp->dir[LSR_DIR_REVERSE];
	ck_assert(d->present && d->has_in);	/* this node is the sink MEP */
	ck_assert_uint_eq(d->in.slot, 0);
	ck_assert_uint_eq(d->in.label, 999);
	ck_assert_uint_eq(d->n_out, 0);
	ck_assert_uint_eq(lsp->loopback_slot, LSR_SLOT_NONE);

	ck_assert_ptr_null(lsr_config_find_lsp(cfg, "nope"));
	ck_assert_ptr_null(lsr_config_find_lsp(cfg, ""));
}

START_TEST(test_full)
{
	struct lsr_config *cfg = parse_ok(full_config);

	check_full(cfg);
	lsr_config_free(cfg);
}
END_TEST

START_TEST(test_full_file)
{
	char path[] = "/tmp/check_config_XXXXXX";
	struct lsr_config *cfg = NULL;
	char err[ERRLEN];
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, full_config, sizeof(full_config) - 1),
			 (ssize_t)sizeof(full_config) - 1);
	close(fd);
	ck_assert_int_eq(lsr_config_parse_file(path, &cfg, err, sizeof(err)), 0);
	check_full(cfg);
	lsr_config_free(cfg);
	unlink(path);
}
END_TEST

/* CRLF line ends, no final newline, and a buffer that is not NUL terminated. */
START_TEST(test_crlf_unterminated)
{
	static const char text[] = "node 1:2\r\nmip-mode per-interface\r\n# end";
	struct lsr_config *cfg = NULL;
	char err[ERRLEN];
	char *copy;

	cfg = parse_ok(text);
	ck_assert_uint_eq(cfg->node.node_id, 2);
	lsr_config_free(cfg);

	copy = malloc(8);	/* exactly "node 1:2", no NUL after it */
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, "node 1:2", 8);
	ck_assert_int_eq(lsr_config_parse_buffer(copy, 8, "t.conf", &cfg, err, sizeof(err)), 0);
	ck_assert_uint_eq(cfg->node.global_id, 1);
	ck_assert_uint_eq(cfg->node.node_id, 2);
	lsr_config_free(cfg);
	ck_assert_int_eq(lsr_config_parse_buffer(copy, 7, "t.conf", &cfg, err, sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "t.conf:1: bad node identifier '1:' (expected GLOBAL_ID:NODE_ID)");
	free(copy);
}
END_TEST

START_TEST(test_node_ids)
{
	static const struct {
		const char *text;
		uint32_t global, node;
	} cases[] = {
		{ "node 65000:192.0.2.2", 65000, 0xc0000202 },
		{ "node 65000:3221225986", 65000, 0xc0000202 },
		{ "node 0:1", 0, 1 },
		{ "node 4294967295:4294967295", 4294967295u, 4294967295u },
		{ "node 1:255.255.255.255", 1, 0xffffffff },
		{ "node 1:0.0.0.1", 1, 1 },
		{ "node 007:010", 7, 10 },	/* decimal, never octal */
	};
	struct lsr_config *cfg;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cfg = parse_ok(cases[i].text);
		ck_assert_uint_eq(cfg->node.global_id, cases[i].global);
		ck_assert_uint_eq(cfg->node.node_id, cases[i].node);
		lsr_config_free(cfg);
	}
}
END_TEST

START_TEST(test_defaults)
{
	struct lsr_config *cfg = parse_ok(HEAD LSP_A " forward in 1 label 16\n");
	unsigned int i;

	ck_assert(!cfg->has_icc);
	ck_assert_str_eq(cfg->icc, "");
	ck_assert_int_eq(cfg->mip_mode, LSR_MIP_PER_INTERFACE);
	ck_assert_uint_eq(cfg->policer_rate, 1000);
	ck_assert_uint_eq(cfg->policer_burst, 100);
	ck_assert_uint_eq(cfg->n_interfaces, 3);
	for (i = 0; i < cfg->n_interfaces; i++)
		ck_assert(cfg->interfaces[i].mip_enabled);
	ck_assert_uint_eq(cfg->n_lsps, 1);
	ck_assert_uint_eq(cfg->lsps[0].loopback_slot, LSR_SLOT_NONE);
	ck_assert(!cfg->lsps[0].dir[LSR_DIR_REVERSE].present);
	lsr_config_free(cfg);

	/* A node and nothing else is a valid (idle) configuration. */
	cfg = parse_ok("node 1:1\n");
	ck_assert_uint_eq(cfg->n_interfaces, 0);
	ck_assert_uint_eq(cfg->n_lsps, 0);
	ck_assert_ptr_null(cfg->lsps);
	lsr_config_free(cfg);
}
END_TEST

START_TEST(test_misc_valid)
{
	struct lsr_config *cfg;

	/* Interfaces after the lsps that use them; keyword pairs in any order. */
	cfg = parse_ok("node 1:1\n"
		       "lsp x\n"
		       " source 1:2 tunnel 1\n destination 1:3 tunnel 1\n lsp-num 1\n"
		       " forward in 9 label 16 out 8 label 17\n"
		       "interface 8 peer 02:00:00:00:00:02 mip off mac 02:00:00:00:00:01 port 3\n"
		       "interface 9 port 4 mac 02:00:00:00:00:03 peer 02:00:00:00:00:04\n");
	ck_assert_uint_eq(cfg->lsps[0].dir[0].in.slot, 1);
	ck_assert_uint_eq(cfg->lsps[0].dir[0].out[0].slot, 0);
	ck_assert_uint_eq(cfg->interfaces[0].port, 3);
	ck_assert(!cfg->interfaces[0].mip_enabled);
	lsr_config_free(cfg);

	/* Policer off; tabs as separators; UTF-8 in a comment; a 4096-byte line. */
	cfg = parse_ok("node\t1:1 # nœud \xe2\x82\xac \xf0\x9f\x98\x80\n"
		       "oam-policer rate 0 burst 0\n");
	ck_assert_uint_eq(cfg->policer_rate, 0);
	ck_assert_uint_eq(cfg->policer_burst, 0);
	lsr_config_free(cfg);
	{
		char *text = malloc(4096 + 32);

		ck_assert_ptr_nonnull(text);
		strcpy(text, "node 1:1\n");
		memset(text + 9, '#', 4096);
		strcpy(text + 9 + 4096, "\n");
		cfg = parse_ok(text);
		lsr_config_free(cfg);
		free(text);
	}

	/* Eight out legs; the same label on two interfaces; loopback at the in-MIP of P2MP. */
	cfg = parse_ok("node 1:1\n"
		       "interface 1 port 1 mac 02:00:00:00:00:01 peer 02:00:00:00:00:01\n"
		       "interface 2 port 2 mac 02:00:00:00:00:01 peer 02:00:00:00:00:01\n"
		       "interface 3 port 3 mac 02:00:00:00:00:01 peer 02:00:00:00:00:01\n"
		       "interface 4 port 4 mac 02:00:00:00:00:01 peer 02:00:00:00:00:01\n"
		       "interface 5 port 5 mac 02:00:00:00:00:01 peer 02:00:00:00:00:01\n"
		       "interface 6 port 6 mac 02:00:00:00:00:01 peer 02:00:00:00:00:01\n"
		       "interface 7 port 7 mac 02:00:00:00:00:01 peer 02:00:00:00:00:01\n"
		       "interface 8 port 8 mac 02:00:00:00:00:01 peer 02:00:00:00:00:01\n"
		       "interface 9 port 9 mac 02:00:00:00:00:01 peer 02:00:00:00:00:01\n"
		       "lsp x\n"
		       " source 1:2 tunnel 1\n destination 1:3 tunnel 1\n lsp-num 1\n"
		       " forward in 9 label 20 out 1 label 16 out 2 label 16 out 3 label 16"
		       " out 4 label 16 out 5 label 16 out 6 label 16 out 7 label 16"
		       " out 8 label 16\n"
		       " reverse in 1 label 20 out 9 label 21\n"
		       " loopback interface 9\n");
	ck_assert_uint_eq(cfg->lsps[0].dir[0].n_out, 8);
	ck_assert_uint_eq(cfg->lsps[0].dir[0].out[7].slot, 7);
	ck_assert_uint_eq(cfg->lsps[0].loopback_slot, 8);
	lsr_config_free(cfg);
}
END_TEST

/* ---- invalid configurations -------------------------------------------- */

#define USAGE_IF \
	"usage: interface IF_NUM port ID|NAME mac MAC peer MAC [mip on|off] [promiscuous on|off]"
#define IF4 "interface 4 port 3 mac 02:00:00:00:02:04 peer 02:00:00:00:05:01\n"

static const struct {
	const char *text;
	size_t len;		/* 0: strlen(text) */
	unsigned int line;
	const char *msg;	/* the exact message after "t.conf:LINE: " */
} bad[] = {
	/* lexical */
	{ "", 0, 1, "empty configuration" },
	{ "# nothing\n\n   \n\t# still nothing\n", 0, 1, "empty configuration" },
	{ "node 1:1\nnode\0 1:1\n", 19, 2, "binary data" },
	{ "node 1:1\n# \xff\n", 0, 2, "binary data" },
	{ "node 1:1\n# \xc0\xaf overlong\n", 0, 2, "binary data" },
	{ "node 1:1\n# \xed\xa0\x80 surrogate\n", 0, 2, "binary data" },
	{ "node 1:1\n# \xe2\x82 truncated", 0, 2, "binary data" },
	{ "node 1:1\n\x01\n", 0, 2, "binary data" },
	{ "node 1:1\nlsp \x7f\n", 0, 2, "binary data" },
	{ "node 1:1\n\n\nfrobnicate 3\n", 0, 4, "unknown keyword 'frobnicate'" },
	{ "node 1:1\nNode 1:1\n", 0, 2, "unknown keyword 'Node'" },
	{ " node 1:1\n", 0, 1, "indented line outside an lsp block" },
	{ "node 1:1\nmip-mode per-node\n  lsp-num 1\n", 0, 3,
	  "indented line outside an lsp block" },
	{ "interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 1,
	  "no 'node' line" },
	/* node */
	{ "node 1:1\nnode 1:2\n", 0, 2, "'node' given twice (first at line 1)" },
	{ "node 1:0\n", 0, 1, "node Node_ID 0 is reserved (RFC 6370 §4)" },
	{ "node 1:0.0.0.0\n", 0, 1, "node Node_ID 0 is reserved (RFC 6370 §4)" },
	{ "node 65000\n", 0, 1, "bad node identifier '65000' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 1:2:3\n", 0, 1, "bad node identifier '1:2:3' (expected GLOBAL_ID:NODE_ID)" },
	{ "node :1\n", 0, 1, "bad node identifier ':1' (expected GLOBAL_ID:NODE_ID)" },
	{ "node -1:1\n", 0, 1, "bad node identifier '-1:1' (expected GLOBAL_ID:NODE_ID)" },
	{ "node +1:1\n", 0, 1, "bad node identifier '+1:1' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 4294967296:1\n", 0, 1,
	  "bad node identifier '4294967296:1' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 1:4294967296\n", 0, 1,
	  "bad node identifier '1:4294967296' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 1:1x\n", 0, 1, "bad node identifier '1:1x' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 1:256.0.0.1\n", 0, 1,
	  "bad node identifier '1:256.0.0.1' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 1:01.2.3.4\n", 0, 1,
	  "bad node identifier '1:01.2.3.4' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 1:1.2.3\n", 0, 1, "bad node identifier '1:1.2.3' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 1:1.2.3.4.5\n", 0, 1,
	  "bad node identifier '1:1.2.3.4.5' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 1:1..3.4\n", 0, 1, "bad node identifier '1:1..3.4' (expected GLOBAL_ID:NODE_ID)" },
	{ "node 1:1 2\n", 0, 1, "usage: node GLOBAL_ID:NODE_ID" },
	{ "node\n", 0, 1, "usage: node GLOBAL_ID:NODE_ID" },
	/* icc, mip-mode, oam-policer */
	{ "node 1:1\nicc ABCDEFG cc JP\n", 0, 2,
	  "bad ICC 'ABCDEFG' (1-6 characters A-Z or 0-9, ITU-T M.1400)" },
	{ "node 1:1\nicc AbC cc JP\n", 0, 2,
	  "bad ICC 'AbC' (1-6 characters A-Z or 0-9, ITU-T M.1400)" },
	{ "node 1:1\nicc ABC cc J\n", 0, 2,
	  "bad country code 'J' (2 letters A-Z, ISO 3166-1 alpha-2)" },
	{ "node 1:1\nicc ABC cc J1\n", 0, 2,
	  "bad country code 'J1' (2 letters A-Z, ISO 3166-1 alpha-2)" },
	{ "node 1:1\nicc ABC\n", 0, 2, "usage: icc ICC cc CC" },
	{ "node 1:1\nicc A cc JP\nicc B cc JP\n", 0, 3, "'icc' given twice (first at line 2)" },
	{ "node 1:1\nmip-mode per-lsp\n", 0, 2, "usage: mip-mode per-interface|per-node" },
	{ "node 1:1\nmip-mode per-node\nmip-mode per-node\n", 0, 3,
	  "'mip-mode' given twice (first at line 2)" },
	{ "node 1:1\noam-policer rate 10 burst 0\n", 0, 2,
	  "burst must be at least 1 when rate > 0" },
	{ "node 1:1\noam-policer rate -1 burst 1\n", 0, 2,
	  "bad rate '-1' (0-4294967295, 0 = off)" },
	{ "node 1:1\noam-policer rate 4294967296 burst 1\n", 0, 2,
	  "bad rate '4294967296' (0-4294967295, 0 = off)" },
	{ "node 1:1\noam-policer rate 10 burst 1x\n", 0, 2, "bad burst '1x' (1-4294967295)" },
	{ "node 1:1\noam-policer rate 10\n", 0, 2, "usage: oam-policer rate R burst B" },
	{ "node 1:1\noam-policer rate 1 burst 1\noam-policer rate 1 burst 1\n", 0, 3,
	  "'oam-policer' given twice (first at line 2)" },
	/* interface */
	{ HEAD "interface 0 port 9 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 5,
	  "IF_Num 0 is reserved (RFC 6370 §4)" },
	{ HEAD "interface 4294967296 port 9 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 5,
	  "bad IF_Num '4294967296' (1-4294967295)" },
	{ HEAD "interface 2 port 9 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 5,
	  "interface 2 defined twice (first at line 3)" },
	{ HEAD "interface 5 port 1 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 5,
	  "port 1 already used untagged by interface 2 (line 3)" },
	{ HEAD "interface 5 port 65536 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 5,
	  "bad port '65536' (0-65535)" },
	{ HEAD "interface 5 port 9 mac 02:00:00:00:02 peer 02:00:00:00:01:02\n", 0, 5,
	  "bad MAC address '02:00:00:00:02'" },
	{ HEAD "interface 5 port 9 mac 02:00:00:00:02:0g peer 02:00:00:00:01:02\n", 0, 5,
	  "bad MAC address '02:00:00:00:02:0g'" },
	{ HEAD "interface 5 port 9 mac 02:00:00:00:02:01 peer 02:00:00:00:01:023\n", 0, 5,
	  "bad MAC address '02:00:00:00:01:023'" },
	{ HEAD "interface 5 port 9 mac 2:0:0:0:2:1 peer 02:00:00:00:01:02\n", 0, 5,
	  "bad MAC address '2:0:0:0:2:1'" },
	{ HEAD "interface 5 port 9 mac 01:00:5e:00:00:01 peer 02:00:00:00:01:02\n", 0, 5,
	  "mac 01:00:5e:00:00:01 is a multicast address" },
	{ HEAD "interface 5 port 9 mac 02:00:00:00:02:01\n", 0, 5, "interface 5: missing 'peer'" },
	{ HEAD "interface 5 mac 02:00:00:00:02:01\n", 0, 5, "interface 5: missing 'port'" },
	{ HEAD "interface 5 port 9 port 9\n", 0, 5, "'port' given twice" },
	{ HEAD "interface 5 port 9 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02 mip maybe\n", 0, 5,
	  USAGE_IF },
	{ HEAD "interface 5 port 9 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02 mip\n", 0, 5,
	  USAGE_IF },
	{ HEAD "interface 5 port 9 speed 10\n", 0, 5, "unknown interface keyword 'speed'" },
	{ "node 1:1\ninterface\n", 0, 2,
	  USAGE_IF },
	/* lsp heads */
	{ HEAD "lsp\n", 0, 5, "usage: lsp NAME" },
	{ HEAD "lsp a b\n", 0, 5, "usage: lsp NAME" },
	{ HEAD "lsp a/b\n", 0, 5, "bad lsp name 'a/b' (1-63 characters of A-Z a-z 0-9 _ . -)" },
	{ HEAD "lsp 0123456789012345678901234567890123456789012345678901234567890123\n", 0, 5,
	  "bad lsp name '0123456789012345678901234567890123456789012345678901234567890123' "
	  "(1-63 characters of A-Z a-z 0-9 _ . -)" },
	{ HEAD LSP_A " forward in 1 label 16\n" LSP_A, 0, 10, "lsp 'a' defined twice" },
	/* lsp blocks: missing parts, reported at the lsp line */
	{ HEAD "lsp a\n", 0, 5, "lsp 'a' has no 'source'" },
	{ HEAD "lsp a\n source 1:1 tunnel 1\n lsp-num 1\n forward in 1 label 16\nlsp b\n", 0, 5,
	  "lsp 'a' has no 'destination'" },
	{ HEAD "lsp a\n source 1:1 tunnel 1\n destination 1:2 tunnel 1\n"
	  " forward in 1 label 16\n", 0, 5, "lsp 'a' has no 'lsp-num'" },
	{ HEAD LSP_A "\n# end\n", 0, 5, "lsp 'a' has no 'forward' or 'reverse'" },
	/* lsp lines */
	{ HEAD LSP_A " frobnicate\n", 0, 9, "unknown keyword 'frobnicate'" },
	{ HEAD LSP_A " lsp-num 2\n", 0, 9, "'lsp-num' given twice in lsp 'a'" },
	{ HEAD LSP_A " source 1:1 tunnel 1\n", 0, 9, "'source' given twice in lsp 'a'" },
	{ HEAD "lsp a\n source 1:1 tunnel 65536\n", 0, 6, "bad tunnel number '65536' (0-65535)" },
	{ HEAD "lsp a\n source 1:0 tunnel 1\n", 0, 6,
	  "source Node_ID 0 is reserved (RFC 6370 §4)" },
	{ HEAD "lsp a\n destination 1:x tunnel 1\n", 0, 6,
	  "bad destination identifier '1:x' (expected GLOBAL_ID:NODE_ID)" },
	{ HEAD "lsp a\n destination 1:1 tunnel\n", 0, 6,
	  "usage: destination GLOBAL_ID:NODE_ID tunnel T" },
	{ HEAD "lsp a\n lsp-num 65536\n", 0, 6, "bad lsp-num '65536' (0-65535)" },
	{ HEAD "lsp a\n lsp-num\n", 0, 6, "usage: lsp-num N" },
	/* labels */
	{ "node 1:1\ninterface 1 port 0 mac 02:00:00:00:00:01 peer 02:00:00:00:00:02\n\n"
	  "lsp a\n source 1:2 tunnel 1\n  \n forward in 1 label 5\n", 0, 7,
	  "label 5 is reserved (0-15)" },
	{ HEAD LSP_A " forward in 1 label 0\n", 0, 9, "label 0 is reserved (0-15)" },
	{ HEAD LSP_A " forward in 1 label 15\n", 0, 9, "label 15 is reserved (0-15)" },
	{ HEAD LSP_A " forward out 1 label 3\n", 0, 9, "label 3 is reserved (0-15)" },
	{ HEAD LSP_A " forward in 1 label 1048576\n", 0, 9,
	  "label 1048576 out of range (16-1048575)" },
	{ HEAD LSP_A " forward in 1 label 99999999999999999999999\n", 0, 9,
	  "label 99999999999999999999999 out of range (16-1048575)" },
	{ HEAD LSP_A " forward in 1 label -16\n", 0, 9, "bad label '-16'" },
	{ HEAD LSP_A " forward in 1 label 16x\n", 0, 9, "bad label '16x'" },
	/* directions */
	{ HEAD LSP_A " forward in 5 label 16\n", 0, 9, "interface 5 is not defined" },
	{ HEAD LSP_A " forward in 1 label 16 out 7 label 17\n" IF4, 0, 9,
	  "interface 7 is not defined" },
	{ HEAD LSP_A " forward in 0 label 16\n", 0, 9, "IF_Num 0 is reserved (RFC 6370 §4)" },
	{ HEAD LSP_A " forward\n", 0, 9, "'forward' needs an 'in' or an 'out'" },
	{ HEAD LSP_A " forward in 1 16\n", 0, 9, "usage: in IF label L" },
	{ HEAD LSP_A " forward in 1 label 16 out 2\n", 0, 9, "usage: out IF label L" },
	{ HEAD LSP_A " reverse via 1 label 16\n", 0, 9,
	  "usage: reverse [in IF label L] [out IF label L]..." },
	{ HEAD LSP_A " forward in 1 label 16 in 2 label 17\n", 0, 9,
	  "more than one 'in' in 'forward'" },
	{ HEAD LSP_A " forward out 1 label 16 out 1 label 17\n", 0, 9,
	  "two 'out' legs on interface 1 in 'forward'" },
	{ HEAD LSP_A " forward in 1 label 16\n\n forward in 2 label 16\n", 0, 11,
	  "'forward' given twice in lsp 'a' (first at line 9)" },
	{ HEAD LSP_A " reverse out 1 label 16\n reverse out 2 label 16\n", 0, 10,
	  "'reverse' given twice in lsp 'a' (first at line 9)" },
	/* one (in interface, label) key per node */
	{ HEAD LSP_A " forward in 1 label 16\n reverse in 1 label 16\n", 0, 10,
	  "label 16 on interface 1 is already in use" },
	{ HEAD LSP_A " forward in 2 label 1048575 out 1 label 20\n"
	  "lsp b\n source 1:1 tunnel 1\n destination 1:2 tunnel 1\n lsp-num 2\n"
	  " reverse in 2 label 1048575\n", 0, 14,
	  "label 1048575 on interface 2 is already in use" },
	/* loopback (RFC 6435) */
	{ HEAD LSP_A " forward in 1 label 16 out 2 label 17\n loopback interface 3\n"
	  " reverse in 2 label 18 out 1 label 19\n", 0, 10,
	  "loopback interface 3 is not on the forward path" },
	{ HEAD LSP_A " loopback interface 1\n forward in 1 label 16 out 2 label 17\n", 0, 9,
	  "loopback needs a 'reverse' direction with an 'out' "
	  "(RFC 6435: co-routed bidirectional LSP)" },
	{ HEAD LSP_A " forward in 1 label 16 out 2 label 17\n reverse in 2 label 18\n"
	  " loopback interface 1\n", 0, 11,
	  "loopback needs a 'reverse' direction with an 'out' "
	  "(RFC 6435: co-routed bidirectional LSP)" },
	{ HEAD LSP_A " reverse in 2 label 18 out 1 label 19\n loopback interface 1\n", 0, 10,
	  "loopback needs a 'forward' direction (RFC 6435)" },
	{ HEAD LSP_A " forward in 1 label 16 out 2 label 17 out 3 label 17\n"
	  " reverse in 2 label 18 out 1 label 19\n loopback interface 3\n", 0, 11,
	  "loopback at an out interface needs a point-to-point forward direction (one 'out')" },
	{ HEAD LSP_A " loopback interface 9\n", 0, 9, "interface 9 is not defined" },
	{ HEAD LSP_A " loopback 1\n", 0, 9, "usage: loopback interface IF" },
	{ HEAD LSP_A " loopback interface 1\n loopback interface 1\n", 0, 10,
	  "'loopback' given twice in lsp 'a'" },
	/* ip-address: once per family, an address a reply can be sent to */
	{ "node 1:1\nip-address 192.0.2.1\nip-address 192.0.2.2\n", 0, 3,
	  "'ip-address (IPv4)' given twice (first at line 2)" },
	{ "node 1:1\nip-address 2001:db8::1\nip-address 192.0.2.2\nip-address ::2\n", 0, 4,
	  "'ip-address (IPv6)' given twice (first at line 2)" },
	{ "node 1:1\nip-address 127.0.0.1\n", 0, 2, "ip-address 127.0.0.1: not an address a "
	  "reply can be sent to (0/8, 127/8, multicast and reserved are refused)" },
	{ "node 1:1\nip-address 224.0.0.5\n", 0, 2, "ip-address 224.0.0.5: not an address a "
	  "reply can be sent to (0/8, 127/8, multicast and reserved are refused)" },
	{ "node 1:1\nip-address 0.1.2.3\n", 0, 2, "ip-address 0.1.2.3: not an address a "
	  "reply can be sent to (0/8, 127/8, multicast and reserved are refused)" },
	{ "node 1:1\nip-address ::1\n", 0, 2, "ip-address ::1: not an address a reply can be "
	  "sent to (unspecified, loopback and multicast are refused)" },
	{ "node 1:1\nip-address ::ffff:127.0.0.9\n", 0, 2, "ip-address ::ffff:127.0.0.9: not an "
	  "address a reply can be sent to (unspecified, loopback and multicast are refused)" },
	{ "node 1:1\nip-address ff02::1\n", 0, 2, "ip-address ff02::1: not an address a reply "
	  "can be sent to (unspecified, loopback and multicast are refused)" },
	{ "node 1:1\nip-address 192.0.2.256\n", 0, 2,
	  "bad ip-address '192.0.2.256' (an IPv4 or IPv6 address)" },
	{ "node 1:1\nip-address\n", 0, 2, "usage: ip-address IPV4|IPV6" },
	{ "node 1:1\nip-address 192.0.2.1 2001:db8::1\n", 0, 2, "usage: ip-address IPV4|IPV6" },
	/* vlan: 1-4094, one interface per (port, vlan) */
	{ HEAD "interface 5 port 1 vlan 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 5,
	  "bad vlan '0' (1-4094, IEEE 802.1Q)" },
	{ HEAD "interface 5 port 1 vlan 4095 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0,
	  5, "bad vlan '4095' (1-4094, IEEE 802.1Q)" },
	{ HEAD "interface 5 port 1 vlan x mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 5,
	  "bad vlan 'x' (1-4094, IEEE 802.1Q)" },
	{ HEAD "interface 5 port 1 vlan 7 vlan 7\n", 0, 5, "'vlan' given twice" },
	{ HEAD "interface 5 port 1 vlan 7 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n"
	  "interface 6 port 1 vlan 7 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 6,
	  "port 1 vlan 7 already used by interface 5 (line 5)" },
	{ "node 1:1\ninterface 5 port p0 vlan 7 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n"
	  "interface 6 port p0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n"
	  "interface 8 port p0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n", 0, 4,
	  "port p0 already used untagged by interface 6 (line 3)" },
	/* path: at the source of a direction, well formed, no loop */
	{ HEAD LSP_A " forward in 1 label 16 out 2 label 17\n"
	  " path forward to 65000:192.0.2.3 in 1\n", 0, 10,
	  "path forward: this node is not the source of that direction (a path is written "
	  "where the direction has no 'in' and an 'out')" },
	{ HEAD LSP_A " forward out 2 label 17\n path reverse to 65000:192.0.2.3 in 1\n", 0, 10,
	  "path reverse: this node is not the source of that direction (a path is written "
	  "where the direction has no 'in' and an 'out')" },
	{ HEAD LSP_A " forward out 2 label 17\n path forward via 65000:192.0.2.3 in 1 out 2\n",
	  0, 10, "path forward: no sink ('to ID in IF' ends a leg)" },
	{ HEAD LSP_A " forward out 2 label 17\n path forward to 65000:192.0.2.3 in 1 to 1:1 in 2\n",
	  0, 10, "path forward: nothing may follow the sink" },
	{ HEAD LSP_A " forward out 2 label 17\n path forward to 65000:192.0.2.3\n", 0, 10,
	  "usage: " "path forward|reverse [via ID in IF out IF]... to ID in IF" },
	{ HEAD LSP_A " forward out 2 label 17\n path sideways to 65000:192.0.2.3 in 1\n", 0, 10,
	  "usage: " "path forward|reverse [via ID in IF out IF]... to ID in IF" },
	{ HEAD LSP_A " forward out 2 label 17\n path forward via 1:2 in 1 to 1:3 in 2\n", 0, 10,
	  "usage: " "path forward|reverse [via ID in IF out IF]... to ID in IF" },
	{ HEAD LSP_A " forward out 2 label 17\n path forward to 1:0 in 1\n", 0, 10,
	  "to Node_ID 0 is reserved (RFC 6370 §4)" },
	{ HEAD LSP_A " forward out 2 label 17\n path forward via 1:2 in 0 out 1 to 1:3 in 2\n",
	  0, 10, "IF_Num 0 is reserved (RFC 6370 §4)" },
	{ HEAD LSP_A " forward out 2 label 17\n"
	  " path forward via 1:2 in 1 out 2 via 1:5 in 1 out 2 to 1:2 in 3\n", 0, 10,
	  "path forward: node 1:2 appears twice in one leg" },
	{ HEAD LSP_A " forward out 2 label 17\n path forward to 1:3 in 2\n"
	  " path forward to 1:3 in 2\n", 0, 11, "path forward: the same leg twice" },
};

START_TEST(test_bad_config)
{
	struct lsr_config *cfg = (struct lsr_config *)0x1;
	char err[ERRLEN], want[ERRLEN];
	size_t len = bad[_i].len != 0 ? bad[_i].len : strlen(bad[_i].text);
	char *copy = malloc(len + 1);	/* exact size: ASan sees any read past the end */
	int rc;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, bad[_i].text, len);
	rc = lsr_config_parse_buffer(len != 0 ? copy : NULL, len, "t.conf", &cfg, err,
				     sizeof(err));
	free(copy);
	snprintf(want, sizeof(want), "t.conf:%u: %s", bad[_i].line, bad[_i].msg);
	ck_assert_msg(rc == -EINVAL, "case %d: rc %d, err '%s'", _i, rc, err);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strcmp(err, want) == 0, "case %d: got '%s', want '%s'", _i, err, want);
}
END_TEST

START_TEST(test_too_many_interfaces)
{
	char *text = malloc(80 * (LSR_MAX_INTERFACES + 2));
	struct lsr_config *cfg = NULL;
	char err[ERRLEN];
	size_t n;
	int i;

	ck_assert_ptr_nonnull(text);
	n = (size_t)sprintf(text, "node 1:1\n");
	for (i = 1; i <= LSR_MAX_INTERFACES; i++)
		n += (size_t)sprintf(text + n,
				     "interface %d port %d mac 02:00:00:00:00:01 "
				     "peer 02:00:00:00:00:02\n",
				     i, i);
	cfg = parse_ok(text);
	ck_assert_uint_eq(cfg->n_interfaces, LSR_MAX_INTERFACES);
	ck_assert_int_eq(lsr_config_slot_of(cfg, LSR_MAX_INTERFACES), LSR_MAX_INTERFACES - 1);
	lsr_config_free(cfg);
	n += (size_t)sprintf(text + n, "interface 1000 port 1000 mac 02:00:00:00:00:01 "
			     "peer 02:00:00:00:00:02\n");
	ck_assert_int_eq(lsr_config_parse_buffer(text, n, "t.conf", &cfg, err, sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "t.conf:66: too many interfaces (at most 64)");
	free(text);
}
END_TEST

START_TEST(test_long_line)
{
	size_t len = 9 + 4097 + 1;
	char *text = malloc(len);
	struct lsr_config *cfg = NULL;
	char err[ERRLEN];

	ck_assert_ptr_nonnull(text);
	memcpy(text, "node 1:1\n", 9);
	memset(text + 9, '#', 4097);
	text[len - 1] = '\n';
	ck_assert_int_eq(lsr_config_parse_buffer(text, len, "t.conf", &cfg, err, sizeof(err)),
			 -EINVAL);
	ck_assert_ptr_null(cfg);
	ck_assert_str_eq(err, "t.conf:2: line longer than 4096 bytes");
	free(text);
}
END_TEST

/* ---- scale ------------------------------------------------------------- */

#define N_BIG 100000

START_TEST(test_big)
{
	size_t cap = (size_t)N_BIG * 200 + 4096, n;
	char *text = malloc(cap);
	struct lsr_config *cfg = NULL;
	const struct lsr_lsp_cfg *lsp;
	char err[ERRLEN];
	int i;

	ck_assert_ptr_nonnull(text);
	n = (size_t)sprintf(text, "node 65000:192.0.2.2\n"
			    "interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n"
			    "interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01\n");
	for (i = 0; i < N_BIG; i++)
		n += (size_t)snprintf(text + n, cap - n,
				      "lsp lsp-%d\n"
				      "  source 65000:192.0.2.1 tunnel %d\n"
				      "  destination 65000:192.0.2.3 tunnel %d\n"
				      "  lsp-num %d\n"
				      "  forward in 1 label %d out 2 label %d\n"
				      "  reverse in 2 label %d out 1 label %d\n",
				      i, i % 65536, i % 65536, i / 65536,
				      16 + i, 16 + i, 500000 + i, 500000 + i);
	ck_assert_int_eq(lsr_config_parse_buffer(text, n, "big.conf", &cfg, err, sizeof(err)), 0);
	ck_assert_uint_eq(cfg->n_lsps, N_BIG);
	lsp = lsr_config_find_lsp(cfg, "lsp-99999");
	ck_assert_ptr_eq(lsp, &cfg->lsps[N_BIG - 1]);
	ck_assert_uint_eq(lsp->dir[LSR_DIR_REVERSE].in.label, 500000 + N_BIG - 1);
	lsr_config_free(cfg);

	/* The same with one duplicate name at the end: found through the hash. */
	n += (size_t)snprintf(text + n, cap - n, "lsp lsp-4242\n");
	ck_assert_int_eq(lsr_config_parse_buffer(text, n, "big.conf", &cfg, err, sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "big.conf:600004: lsp 'lsp-4242' defined twice");
	free(text);
}
END_TEST

/* ---- ports: `port ID|NAME`, `promiscuous on|off` (docs/PORTS.md) ---------------- */

#define PORT_IF(n, port, extra) \
	"interface " #n " port " port " mac 02:00:00:00:00:0" #n \
	" peer 02:00:00:00:01:01" extra "\n"

START_TEST(test_ports_valid)
{
	struct lsr_config *cfg;
	char name[LSR_PORT_NAME_MAX + 2];

	/* Ids, names (vdev, PCI address), promiscuous on/off in any order; off by default. */
	cfg = parse_ok("node 1:1\n"
		       PORT_IF(1, "0", "")
		       PORT_IF(2, "net_af_packet0", " promiscuous on")
		       PORT_IF(3, "0000:01:00.0", " promiscuous off mip off")
		       "interface 4 promiscuous on port eth_af_packet-1.x mac 02:00:00:00:00:04 "
		       "peer 02:00:00:00:01:01\n");
	ck_assert_uint_eq(cfg->n_interfaces, 4);
	ck_assert_uint_eq(cfg->interfaces[0].port, 0);
	ck_assert_str_eq(cfg->interfaces[0].port_name, "");
	ck_assert(!cfg->interfaces[0].promiscuous);
	ck_assert_str_eq(cfg->interfaces[1].port_name, "net_af_packet0");
	ck_assert(cfg->interfaces[1].promiscuous);
	ck_assert_str_eq(cfg->interfaces[2].port_name, "0000:01:00.0");
	ck_assert(!cfg->interfaces[2].promiscuous);
	ck_assert(!cfg->interfaces[2].mip_enabled);
	ck_assert_str_eq(cfg->interfaces[3].port_name, "eth_af_packet-1.x");
	ck_assert(cfg->interfaces[3].promiscuous);
	lsr_config_free(cfg);

	/* A name of exactly LSR_PORT_NAME_MAX characters; two names, one an id's digits. */
	memset(name, 'n', LSR_PORT_NAME_MAX);
	name[LSR_PORT_NAME_MAX] = '\0';
	{
		char text[512];

		snprintf(text, sizeof(text), "node 1:1\n" PORT_IF(1, "%s", "") PORT_IF(2, "n0", "")
			 PORT_IF(3, "7", ""), name);
		cfg = parse_ok(text);
	}
	ck_assert_str_eq(cfg->interfaces[0].port_name, name);
	ck_assert_str_eq(cfg->interfaces[1].port_name, "n0");
	ck_assert_uint_eq(cfg->interfaces[2].port, 7);
	lsr_config_free(cfg);
}
END_TEST

static const struct {
	const char *text;
	const char *msg;	/* the exact message after "t.conf:2: " or "t.conf:3: " */
} bad_ports[] = {
	{ PORT_IF(1, "net_pcap0", "") PORT_IF(2, "net_pcap0", ""),
	  "port net_pcap0 already used untagged by interface 1 (line 2)" },
	{ PORT_IF(1, "3", "") PORT_IF(2, "3", ""), "port 3 already used untagged by interface 1 (line 2)" },
	{ PORT_IF(1, "net/af", ""), "bad port 'net/af' (0-65535, or a device name of 1-63 "
	  "characters of A-Z a-z 0-9 _ . : -, the first a letter or digit)" },
	{ PORT_IF(1, "-1", ""), "bad port '-1' (0-65535, or a device name of 1-63 characters "
	  "of A-Z a-z 0-9 _ . : -, the first a letter or digit)" },
	{ PORT_IF(1, "0123456789012345678901234567890123456789012345678901234567890123", ""),
	  "bad port '0123456789012345678901234567890123456789012345678901234567890123' (0-65535)" },
	{ PORT_IF(1, "a123456789012345678901234567890123456789012345678901234567890123", ""),
	  "bad port 'a123456789012345678901234567890123456789012345678901234567890123' (0-65535, "
	  "or a device name of 1-63 characters of A-Z a-z 0-9 _ . : -, the first a letter or "
	  "digit)" },
	{ PORT_IF(1, "0", " promiscuous yes"), USAGE_IF },
	{ PORT_IF(1, "0", " promiscuous"), USAGE_IF },
	{ PORT_IF(1, "0", " promiscuous on promiscuous off"), "'promiscuous' given twice" },
};

START_TEST(test_ports_invalid)
{
	struct lsr_config *cfg = NULL;
	char text[512], err[ERRLEN], want[ERRLEN];
	unsigned int line;
	int rc;

	snprintf(text, sizeof(text), "node 1:1\n%s", bad_ports[_i].text);
	line = strchr(strchr(text, '\n') + 1, '\n')[1] != '\0' ? 3 : 2;
	rc = lsr_config_parse_buffer(text, strlen(text), "t.conf", &cfg, err, sizeof(err));
	snprintf(want, sizeof(want), "t.conf:%u: %s", line, bad_ports[_i].msg);
	ck_assert_msg(rc == -EINVAL, "case %d: rc %d, err '%s'", _i, rc, err);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strcmp(err, want) == 0, "case %d: got '%s', want '%s'", _i, err, want);
}
END_TEST

/* ---- the shared identifier grammar (lsr_node_id_parse() and friends) ---- */

START_TEST(test_node_id_grammar)
{
	static const struct { const char *s; uint32_t v; } good[] = {
		{ "192.0.2.1", 0xc0000201 }, { "3221225985", 0xc0000201 },
		{ "0.0.0.1", 1 }, { "255.255.255.255", 0xffffffff }, { "4294967295", 0xffffffff },
		{ "1", 1 }, { "010", 10 },	/* decimal, never octal */
	};
	static const char *const bad[] = {
		"1.+2.3.4", "1.\v2.3.4", "+1.2.3.4", "-1", " 1.2.3.4", "1.2.3.4 ", "1. 2.3.4",
		"1.2.3.4\n", "\t1", "01.2.3.4", "1.02.3.4", "1.2.3.00", "256.1.1.1", "1.2.3.256",
		"1.2.3.4.5", "1.2.3", "1..3.4", "1.2.3.", ".1.2.3", "", "4294967296",
		"99999999999999999999999", "0x1", "1e3", "1:2", "1.2.3.4:1",
	};
	uint32_t v;
	unsigned int i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		v = 0;
		ck_assert_msg(lsr_node_id_parse(good[i].s, &v) == 0, "'%s' refused", good[i].s);
		ck_assert_uint_eq(v, good[i].v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 77;
		ck_assert_msg(lsr_node_id_parse(bad[i], &v) == -EINVAL, "'%s' accepted", bad[i]);
		ck_assert_uint_eq(v, 77);	/* untouched on failure */
	}
	ck_assert_int_eq(lsr_node_id_parse("0", &v), -ERANGE);
	ck_assert_int_eq(lsr_node_id_parse("0.0.0.0", &v), -ERANGE);
	ck_assert_uint_eq(v, 77);
	ck_assert_int_eq(lsr_node_id_parse(NULL, &v), -EINVAL);
	ck_assert_int_eq(lsr_node_id_parse("1", NULL), -EINVAL);
}
END_TEST

START_TEST(test_node_ident_grammar)
{
	static const char *const bad[] = {
		"65000", "65000:", ":1", "1:2:3", "1 :1", "1: 1", "+1:1", "4294967296:1",
		"1:1.+2.3.4", "1:1.\v2.3.4", "1:01.2.3.4", "1:1.2.3.4 ", "1::1",
	};
	struct lsr_node_ident id, keep = { 5, 6 };
	unsigned int i;

	ck_assert_int_eq(lsr_node_ident_parse("65000:192.0.2.1", &id), 0);
	ck_assert_uint_eq(id.global_id, 65000);
	ck_assert_uint_eq(id.node_id, 0xc0000201);
	ck_assert_int_eq(lsr_node_ident_parse("0:3221225985", &id), 0);
	ck_assert_uint_eq(id.global_id, 0);	/* "no Global_ID" is kept */
	ck_assert_uint_eq(id.node_id, 0xc0000201);
	ck_assert_int_eq(lsr_node_ident_parse("4294967295:4294967295", &id), 0);
	ck_assert_uint_eq(id.global_id, UINT32_MAX);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		id = keep;
		ck_assert_msg(lsr_node_ident_parse(bad[i], &id) == -EINVAL, "'%s' accepted", bad[i]);
		ck_assert_uint_eq(id.global_id, 5);
		ck_assert_uint_eq(id.node_id, 6);
	}
	ck_assert_int_eq(lsr_node_ident_parse("1:0.0.0.0", &id), -ERANGE);
	ck_assert_int_eq(lsr_node_ident_parse(NULL, &id), -EINVAL);
}
END_TEST

START_TEST(test_mip_id_grammar)
{
	static const char *const bad[] = {
		"65000:192.0.2.2", "65000:192.0.2.2:", "65000:192.0.2.2:1:2", "65000:192.0.2.2:+1",
		"65000:192.0.2.2: 1", "65000:192.0.2.2:1 ", "65000:192.0.2.2:4294967296",
		"65000:1.+2.3.4:1", "65000:1.\v2.3.4:1", "65000::1", ":192.0.2.2:1", "x:1:1",
	};
	struct lsr_node_ident id = { 5, 6 };
	uint32_t ifn = 9;
	unsigned int i;

	ck_assert_int_eq(lsr_mip_id_parse("65000:192.0.2.2:1", &id, &ifn), 0);
	ck_assert_uint_eq(id.global_id, 65000);
	ck_assert_uint_eq(id.node_id, 0xc0000202);
	ck_assert_uint_eq(ifn, 1);
	ck_assert_int_eq(lsr_mip_id_parse("1:3221225986:0", &id, &ifn), 0);	/* node MIP */
	ck_assert_uint_eq(id.node_id, 0xc0000202);
	ck_assert_uint_eq(ifn, 0);
	ck_assert_int_eq(lsr_mip_id_parse("1:2:4294967295", &id, &ifn), 0);
	ck_assert_uint_eq(ifn, UINT32_MAX);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ifn = 9;
		ck_assert_msg(lsr_mip_id_parse(bad[i], &id, &ifn) == -EINVAL, "'%s' accepted",
			      bad[i]);
		ck_assert_uint_eq(ifn, 9);
	}
	ck_assert_int_eq(lsr_mip_id_parse("1:0:1", &id, &ifn), -ERANGE);
	ck_assert_int_eq(lsr_mip_id_parse("1:2:3", &id, NULL), -EINVAL);
}
END_TEST

START_TEST(test_ident_format)
{
	static const uint32_t ids[] = { 1, 0xc0000201, 0x0a000001, 0xffffffff, 0x01020304 };
	struct lsr_node_ident id = { UINT32_MAX, 0xffffffff }, back;
	char buf[LSR_NODE_IDENT_STRLEN], small[8];
	uint32_t v;
	unsigned int i;

	ck_assert_str_eq(lsr_node_id_format(buf, sizeof(buf), 0xc0000201), "192.0.2.1");
	ck_assert_str_eq(lsr_node_id_format(buf, LSR_NODE_ID_STRLEN, 0xffffffff),
			 "255.255.255.255");
	/* The longest text fits the advertised room exactly. */
	ck_assert_str_eq(lsr_node_ident_format(buf, sizeof(buf), &id),
			 "4294967295:255.255.255.255");
	ck_assert_uint_eq(strlen(buf) + 1, LSR_NODE_IDENT_STRLEN);
	ck_assert_str_eq(lsr_node_ident_format(small, sizeof(small), &id), "4294967");
	/* What the formatter writes, the parser reads back. */
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		ck_assert_int_eq(lsr_node_id_parse(lsr_node_id_format(buf, sizeof(buf), ids[i]), &v),
				 0);
		ck_assert_uint_eq(v, ids[i]);
		id = (struct lsr_node_ident){ 65000 + i, ids[i] };
		ck_assert_int_eq(lsr_node_ident_parse(lsr_node_ident_format(buf, sizeof(buf), &id),
						      &back), 0);
		ck_assert_uint_eq(back.global_id, id.global_id);
		ck_assert_uint_eq(back.node_id, id.node_id);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	CHECK_TCASE(s, "args", test_bad_args, test_file_errors);
	CHECK_TCASE(s, "valid", test_full, test_full_file, test_crlf_unterminated, test_node_ids,
		    test_defaults, test_misc_valid);
	tc = CHECK_TCASE(s, "invalid", test_too_many_interfaces, test_long_line);
	tcase_add_loop_test(tc, test_bad_config, 0, (int)(sizeof(bad) / sizeof(bad[0])));
	tc = CHECK_TCASE(s, "ports", test_ports_valid);
	tcase_add_loop_test(tc, test_ports_invalid, 0,
			    (int)(sizeof(bad_ports) / sizeof(bad_ports[0])));
	tcase_set_timeout(CHECK_TCASE(s, "scale", test_big), 60);
	CHECK_TCASE(s, "identifiers", test_node_id_grammar, test_node_ident_grammar,
		    test_mip_id_grammar, test_ident_format);
	return check_unit_main(s);
}
