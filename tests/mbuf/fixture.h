/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The node the mbuf suites forward through, in the configuration language of
 * docs/CONTRACT.md §2: node 65000:192.0.2.2 with interfaces 10, 20 and 30, the
 * LSPs "a" (100 -> 200, back 201 -> 101) and "tree" (P2MP 110 -> 210 + 310),
 * and the headers of the LSPs that cross it or end at it. check_fwd, check_oam
 * and check_publish assert on these labels: one text serves them all.
 */
#ifndef TPLSR_TESTS_MBUF_FIXTURE_H
#define TPLSR_TESTS_MBUF_FIXTURE_H

#define FIXTURE_NODE "node 65000:192.0.2.2\n"
#define FIXTURE_IF_10_20 \
	"interface 10 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n" \
	"interface 20 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01\n"
#define FIXTURE_IF_30 "interface 30 port 2 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01\n"
/* The LSP header of tunnel T from 192.0.2.1 to 192.0.2.3 (this node is transit). */
#define FIXTURE_LSP_TRANSIT(name, t) \
	"lsp " name "\n" \
	"  source 65000:192.0.2.1 tunnel " #t "\n" \
	"  destination 65000:192.0.2.3 tunnel " #t "\n" \
	"  lsp-num 1\n"
/* The LSP header of tunnel T from 192.0.2.3 that ends here (this node is the sink). */
#define FIXTURE_LSP_TO_US(name, t) \
	"lsp " name "\n" \
	"  source 65000:192.0.2.3 tunnel " #t "\n" \
	"  destination 65000:192.0.2.2 tunnel " #t "\n" \
	"  lsp-num 1\n"
#define FIXTURE_LSP_A \
	FIXTURE_LSP_TRANSIT("a", 1) \
	"  forward in 10 label 100 out 20 label 200\n" \
	"  reverse in 20 label 201 out 10 label 101\n"
#define FIXTURE_LSP_TREE \
	FIXTURE_LSP_TRANSIT("tree", 2) \
	"  forward in 10 label 110 out 20 label 210 out 30 label 310\n"

#endif /* TPLSR_TESTS_MBUF_FIXTURE_H */
