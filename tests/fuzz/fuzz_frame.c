/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the frame path: lsr_fwd_burst() and then oam_input()
 * for every punt, exactly as replay mode drives them (pcap/replay.c
 * process_frame()), on real rte_mbufs, one frame per input.
 *
 * Input: byte 0 picks the arrival interface slot (mod n_interfaces), the rest
 * is the Ethernet frame.  The configuration below has every feature the frame
 * path branches on, so each branch is reachable from some input.
 *
 * The received frame lives in a malloc()ed external buffer that ends exactly
 * at the frame's last byte: a read past the frame is an AddressSanitizer
 * report, not a silent read of stale mbuf tailroom.  FUZZ_FRAME_POOL_MBUF=1
 * in the environment copies it into a pool mbuf instead, as replay does.
 * FUZZ_FRAME_PER_NODE=1 runs the same node in mip-mode per-node (RFC 6370
 * §7.3: one node MIP, IF_Num 0), whose demultiplexing differs.
 * FUZZ_FRAME_VERBOSE=1 prints each input's fate (for triage and for checking
 * that the seeds of make_corpus.py reach what they are named after).
 * FUZZ_FRAME_LINK=1 fuzzes the OAM side of the link punts (docs/OAM-RULES.md
 * §2.7) on their own: a frame whose top label is the router alert (1) or a
 * GAL (13, S=1) is handed to oam_input() as the LSR_PUNT_ROUTER_ALERT /
 * LSR_PUNT_SECTION punt include/lsr_fwd.h describes (no entry; ach_off of the
 * ACH, 0 when no GAL follows the router alert), standing in for the fast path
 * until it makes them; other frames are skipped.
 *
 * Invariants checked after every input (abort() = a finding):
 *   - rx == forwarded + consumed + dropped, and the input moved exactly one;
 *   - every oam_input() verdict is consumed or dropped;
 *   - every transmitted frame is >= 18 bytes, ethertype 0x8847/0x8848, top
 *     TTL != 0, addressed to the peer of its interface from our MAC;
 *   - no mbuf is left in use (no leak, no frame lost without being freed).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "lsr_config.h"
#include "lsr_fwd.h"
#include "oam.h"

#define FUZZ_POOL_MBUFS	1024
#define FUZZ_MBUF_DATA	(16384 + RTE_PKTMBUF_HEADROOM)	/* as replay mode */
#define FUZZ_FRAME_MAX	16384

#define FUZZ_CHECK(cond)                                                         \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "fuzz_frame: invariant failed: %s (%s:%d)\n", \
				#cond, __FILE__, __LINE__);                      \
			abort();                                                 \
		}                                                                \
	} while (0)

/*
 * Every feature: a co-routed transit LSP, a P2MP branch to 3 interfaces (one
 * of them with its MIPs off), a sink MEP direction (with and without a return
 * path), RFC 6435 loopback at an out-MIP and at an in-MIP, a direction with
 * no return path, ICC/CC set, per-interface MIPs, the default OAM policer.
 * A format: %s is the MIP mode.
 */
static const char fuzz_config_fmt[] =
	"node 65000:192.0.2.2\n"
	"icc ABCDEF cc JP\n"
	"mip-mode %s\n"
	"interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n"
	"interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01\n"
	"interface 3 port 2 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01\n"
	"interface 4 port 3 mac 02:00:00:00:02:04 peer 02:00:00:00:05:01 mip off\n"
	"lsp bidir\n"
	"  source 65000:192.0.2.1 tunnel 1\n"
	"  destination 65000:192.0.2.3 tunnel 1\n"
	"  lsp-num 1\n"
	"  forward in 1 label 100 out 2 label 200\n"
	"  reverse in 2 label 201 out 1 label 101\n"
	"lsp tree\n"
	"  source 65000:192.0.2.1 tunnel 2\n"
	"  destination 65000:192.0.2.3 tunnel 2\n"
	"  lsp-num 1\n"
	"  forward in 1 label 110 out 2 label 210 out 3 label 310 out 4 label 410\n"
	"  reverse in 2 label 211 out 1 label 111\n"
	"lsp sink\n"
	"  source 65000:192.0.2.3 tunnel 3\n"
	"  destination 65000:192.0.2.2 tunnel 3\n"
	"  lsp-num 1\n"
	"  forward in 2 label 220\n"
	"  reverse out 2 label 221\n"
	"lsp sink-oneway\n"
	"  source 65000:192.0.2.4 tunnel 4\n"
	"  destination 65000:192.0.2.2 tunnel 4\n"
	"  lsp-num 1\n"
	"  forward in 3 label 230\n"
	"lsp loop-out\n"
	"  source 65000:192.0.2.1 tunnel 5\n"
	"  destination 65000:192.0.2.3 tunnel 5\n"
	"  lsp-num 1\n"
	"  forward in 1 label 130 out 3 label 330\n"
	"  reverse in 3 label 331 out 1 label 131\n"
	"  loopback interface 3\n"
	"lsp loop-in\n"
	"  source 65000:192.0.2.1 tunnel 6\n"
	"  destination 65000:192.0.2.3 tunnel 6\n"
	"  lsp-num 1\n"
	"  forward in 3 label 340 out 2 label 240\n"
	"  reverse in 2 label 241 out 3 label 341\n"
	"  loopback interface 3\n"
	"lsp oneway\n"
	"  source 65000:192.0.2.1 tunnel 7\n"
	"  destination 65000:192.0.2.3 tunnel 7\n"
	"  lsp-num 1\n"
	"  forward in 4 label 400 out 1 label 140\n"
	"lsp mipoff\n"
	"  source 65000:192.0.2.1 tunnel 8\n"
	"  destination 65000:192.0.2.3 tunnel 8\n"
	"  lsp-num 1\n"
	"  forward in 4 label 420 out 3 label 320\n"
	"  reverse in 3 label 321 out 4 label 421\n";

static struct {
	struct lsr_config *cfg;
	struct lsr_fib *fib;
	struct oam_node *oam;
	struct lsr_lcore *lc;
	struct rte_mempool *pool;
	uint64_t now_ns;
	bool pool_mbuf;		/* FUZZ_FRAME_POOL_MBUF: frames in pool mbufs */
	bool verbose;		/* FUZZ_FRAME_VERBOSE: print each input's fate */
	bool link;		/* FUZZ_FRAME_LINK: link punts only (see the top) */
} fz;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* --no-shconf: no shared files and no IPC, so one fixed prefix serves every
	 * process (-jobs, -fork) and leaves a single empty runtime directory. */
	char *eal_argv[] = { "fuzz_frame", "--no-huge", "--no-pci", "--no-shconf", "-m", "128",
			     "-l", "0", "--no-telemetry", "--log-level=lib.eal:error",
			     "--file-prefix=fuzz-frame", NULL };
	const char *env = getenv("FUZZ_FRAME_POOL_MBUF");
	const char *mode = getenv("FUZZ_FRAME_PER_NODE");
	char text[sizeof(fuzz_config_fmt) + 16];
	char err[512];
	int len;

	(void)argc;
	(void)argv;
	if (rte_eal_init((int)RTE_DIM(eal_argv) - 1, eal_argv) < 0) {
		fprintf(stderr, "fuzz_frame: cannot start the EAL: %s\n", rte_strerror(rte_errno));
		abort();
	}
	mode = mode != NULL && strcmp(mode, "1") == 0 ? "per-node" : "per-interface";
	len = snprintf(text, sizeof(text), fuzz_config_fmt, mode);
	if (lsr_config_parse_buffer(text, (size_t)len, "fuzz", &fz.cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_frame: %s\n", err);
		abort();
	}
	fz.fib = lsr_fib_create(fz.cfg);
	fz.oam = oam_node_create();
	fz.lc = rte_zmalloc("fuzz-lcore", sizeof(*fz.lc), RTE_CACHE_LINE_SIZE);
	fz.pool = rte_pktmbuf_pool_create("fuzz", FUZZ_POOL_MBUFS, 0, 0, FUZZ_MBUF_DATA,
					  SOCKET_ID_ANY);
	if (fz.fib == NULL || fz.oam == NULL || fz.lc == NULL || fz.pool == NULL) {
		fprintf(stderr, "fuzz_frame: set-up failed\n");
		abort();
	}
	fz.lc->pool = fz.pool;
	fz.pool_mbuf = env != NULL && strcmp(env, "1") == 0;
	env = getenv("FUZZ_FRAME_VERBOSE");
	fz.verbose = env != NULL && strcmp(env, "1") == 0;
	env = getenv("FUZZ_FRAME_LINK");
	fz.link = env != NULL && strcmp(env, "1") == 0;
	fz.now_ns = 1700000000ull * 1000000000ull;
	return 0;
}

static void
ext_free(void *addr, void *opaque)
{
	free(addr);
	free(opaque);
}

/* An mbuf whose data ends exactly where the frame does (see the top). */
static struct rte_mbuf *
frame_mbuf(const uint8_t *data, size_t len)
{
	struct rte_mbuf_ext_shared_info *shinfo;
	struct rte_mbuf *m = rte_pktmbuf_alloc(fz.pool);
	uint8_t *buf;

	FUZZ_CHECK(m != NULL);
	if (fz.pool_mbuf) {
		if (len > rte_pktmbuf_tailroom(m))
			len = rte_pktmbuf_tailroom(m);
		memcpy(rte_pktmbuf_append(m, (uint16_t)len), data, len);
		return m;
	}
	buf = malloc(RTE_PKTMBUF_HEADROOM + len);
	shinfo = calloc(1, sizeof(*shinfo));
	FUZZ_CHECK(buf != NULL && shinfo != NULL);
	shinfo->free_cb = ext_free;
	shinfo->fcb_opaque = shinfo;
	rte_mbuf_ext_refcnt_set(shinfo, 1);
	rte_pktmbuf_attach_extbuf(m, buf, (rte_iova_t)(uintptr_t)buf,
				  (uint16_t)(RTE_PKTMBUF_HEADROOM + len), shinfo);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	memset(buf, 0xa5, RTE_PKTMBUF_HEADROOM);
	memcpy(buf + RTE_PKTMBUF_HEADROOM, data, len);
	m->data_len = (uint16_t)len;
	m->pkt_len = (uint32_t)len;
	return m;
}

static void
check_tx(uint16_t slot, const struct rte_mbuf *m)
{
	const struct lsr_adjacency *adj = &fz.fib->adj[slot];
	uint8_t hdr[ETH_HDR_LEN + MPLS_LSE_LEN];
	const uint8_t *p;
	rte_be32_t w;
	uint16_t etype;

	FUZZ_CHECK(rte_pktmbuf_pkt_len(m) >= sizeof(hdr));
	p = rte_pktmbuf_read(m, 0, sizeof(hdr), hdr);
	FUZZ_CHECK(p != NULL);
	etype = (uint16_t)(p[12] << 8 | p[13]);
	FUZZ_CHECK(etype == MPLS_ETHERTYPE_UNICAST || etype == MPLS_ETHERTYPE_MULTICAST);
	memcpy(&w, p + ETH_HDR_LEN, sizeof(w));
	FUZZ_CHECK(mpls_lse_decode(w).ttl != 0);	/* RFC 3032 §2.4, docs/OAM-RULES.md §3 */
	FUZZ_CHECK(memcmp(p, adj->peer, 6) == 0 && memcmp(p + 6, adj->mac, 6) == 0);
}

static void
print_fate(uint16_t slot, const struct lsr_counters *before, const struct oam_verdict *v,
	   uint16_t n_punt)
{
	const struct lsr_counters *c = &fz.lc->c;
	bool looped = c->oam[OAM_CNT_LOOPBACK] != before->oam[OAM_CNT_LOOPBACK];

	fprintf(stderr, "fuzz_frame: in IF %" PRIu32 ":", fz.cfg->interfaces[slot].if_num);
	if (c->forwarded != before->forwarded)
		fprintf(stderr, " forwarded%s", looped ? " (loopback)" : "");
	if (c->consumed != before->consumed)
		fprintf(stderr, " consumed");
	for (int i = 0; i < LSR_DROP_MAX; i++)
		if (c->drops[i] != before->drops[i])
			fprintf(stderr, " dropped %s", lsr_drop_names[i]);
	if (n_punt)
		fprintf(stderr, " [oam at %s IF %" PRIu32 " channel 0x%04x, %u replies]",
			v->at ? oam_at_name((enum oam_at)v->at) : "-", v->mip_if, v->channel,
			v->n_replies);
	for (int i = 0; i < OAM_CNT_MAX; i++)
		if (c->oam[i] != before->oam[i])
			fprintf(stderr, " %s", oam_counter_names[i]);
	for (uint16_t s = 0; s < fz.cfg->n_interfaces; s++)
		if (fz.lc->tx[s].n)
			fprintf(stderr, " tx IF %" PRIu32 " x%u", fz.cfg->interfaces[s].if_num,
				fz.lc->tx[s].n);
	fputc('\n', stderr);
}

/*
 * FUZZ_FRAME_LINK: the punt include/lsr_fwd.h describes for a reserved label
 * on top, as the fast path will make it (rx counted, as it counts it).
 * @return false when the frame has no such label on top (not fuzzed here).
 */
static bool
link_punt(struct rte_mbuf *m, uint16_t slot, struct lsr_punt *p)
{
	const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);
	size_t len = rte_pktmbuf_data_len(m);
	struct mpls_lse top, next;

	if (len < ETH_HDR_LEN + MPLS_LSE_LEN)
		return false;
	top = mpls_lse_load(f + ETH_HDR_LEN);
	*p = (struct lsr_punt){ .m = m, .in_slot = slot, .ttl = top.ttl, .tc = top.tc, .gal = 1 };
	if (top.label == MPLS_LABEL_GAL && top.s) {
		p->kind = LSR_PUNT_SECTION;
		p->ach_off = ETH_HDR_LEN + MPLS_LSE_LEN;
	} else if (top.label == MPLS_LABEL_ROUTER_ALERT && !top.s) {
		p->kind = LSR_PUNT_ROUTER_ALERT;
		if (len >= ETH_HDR_LEN + 2 * MPLS_LSE_LEN) {
			next = mpls_lse_load(f + ETH_HDR_LEN + MPLS_LSE_LEN);
			if (next.label == MPLS_LABEL_GAL && next.s)
				p->ach_off = ETH_HDR_LEN + 2 * MPLS_LSE_LEN;
		}
	} else {
		return false;
	}
	fz.lc->c.rx++;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lsr_lcore *lc = fz.lc;
	const struct lsr_counters *c = &lc->c;
	struct lsr_counters before;
	struct oam_verdict v = { 0 };
	uint64_t fates;
	struct rte_mbuf *m;
	uint16_t n_punt;
	uint16_t slot;

	if (size < 1)
		return 0;
	slot = (uint16_t)(data[0] % fz.cfg->n_interfaces);
	data++;
	size--;
	if (size > FUZZ_FRAME_MAX)
		size = FUZZ_FRAME_MAX;
	/* One second per frame: the policer refills and never drops everything. */
	fz.now_ns += 1000000000ull;

	fates = c->forwarded + c->consumed + c->dropped;
	if (fz.verbose)
		before = *c;
	m = frame_mbuf(data, size);
	if (fz.link) {
		if (!link_punt(m, slot, &lc->punt[0])) {
			rte_pktmbuf_free(m);
			return 0;
		}
		lc->n_punt = 1;
	} else {
		lsr_fwd_burst(lc, fz.fib, slot, &m, 1, fz.now_ns);
	}
	FUZZ_CHECK(lc->n_punt <= LSR_PUNT_MAX);
	for (uint16_t i = 0; i < lc->n_punt; i++) {
		oam_input(fz.oam, fz.fib, lc, &lc->punt[i], fz.now_ns, &v);
		FUZZ_CHECK(v.fate == OAM_FATE_CONSUMED || v.fate == OAM_FATE_DROPPED);
		FUZZ_CHECK(v.fate != OAM_FATE_DROPPED || v.reason < LSR_DROP_MAX);
	}
	n_punt = lc->n_punt;
	lc->n_punt = 0;
	if (fz.verbose)
		print_fate(slot, &before, &v, n_punt);

	/* docs/CONTRACT.md §3: every received frame has exactly one fate. */
	FUZZ_CHECK(c->rx == c->forwarded + c->consumed + c->dropped);
	FUZZ_CHECK(c->forwarded + c->consumed + c->dropped == fates + 1);

	for (uint16_t s = 0; s < LSR_MAX_INTERFACES; s++) {
		struct lsr_txq *q = &lc->tx[s];

		FUZZ_CHECK(q->n <= LSR_TXQ_SIZE);
		FUZZ_CHECK(q->n == 0 || s < fz.cfg->n_interfaces);
		for (uint16_t i = 0; i < q->n; i++) {
			check_tx(s, q->pkts[i]);
			rte_pktmbuf_free(q->pkts[i]);
		}
		q->n = 0;
	}
	FUZZ_CHECK(rte_mempool_in_use_count(fz.pool) == 0);
	return 0;
}
