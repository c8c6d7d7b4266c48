/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replay (test) mode, docs/CONTRACT.md §3: pcaps in, the live burst path and the
 * OAM node on real rte_mbufs, one pcap per interface out.
 *
 * `--in IF=FILE` delivers FILE's frames as received on IF's port, so that an
 * 802.1Q tag picks the interface as in live mode (docs/PORTS.md "VLAN
 * sub-interfaces"); events name the interface that took the frame.
 *
 * Frames of all inputs are merged in timestamp order (ties: --in order) and
 * each is run alone through lsr_fwd_burst() and then oam_input() inline, so
 * the output is deterministic and each frame's fate can be read off the
 * counters it moved.  The EAL is started internally (--no-huge --no-pci
 * --no-shconf): no hugepages, no devices, no shared files.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "lsr_config.h"
#include "lsr_fwd.h"
#include "lsr_replay.h"
#include "lsr_stats.h"
#include "lsr_util.h"
#include "oam.h"

#define REPLAY_MAX_INPUTS   LSR_MAX_INTERFACES
#define REPLAY_POOL_MBUFS   1024	/* one frame at a time: its P2MP copies and replies */
#define REPLAY_MBUF_DATA    UINT16_MAX	/* the largest mbuf: any Ethernet frame fits */

struct replay_input {
	uint16_t slot;
	const char *path;
	pcap_t *pcap;
	struct pcap_pkthdr *hdr;	/* the frame read ahead; NULL at end of file */
	const uint8_t *data;
};

struct replay {
	struct lsr_config *cfg;
	struct lsr_fib *fib;
	struct oam_node *oam;
	struct lsr_lcore *lc;
	struct rte_mempool *pool;
	unsigned n_in;
	struct replay_input in[REPLAY_MAX_INPUTS];
	pcap_dumper_t *out[LSR_MAX_INTERFACES];
	pcap_t *out_dead;
	FILE *events;
	uint64_t seq;
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: tplsr replay -c CONFIG --in IF=FILE.pcap [--in IF=FILE.pcap ...] "
		   "--out-dir DIR [--events FILE.jsonl] [--stats FILE.json]\n");
}

static int
start_eal(void)
{
	/* --no-shconf: nothing is shared, so every replay may use one file
	 * prefix without leaving a runtime directory per process behind. */
	char *argv[] = { "tplsr-replay", "--no-huge", "--no-pci", "--no-shconf", "-m", "256",
			 "--log-level=lib.eal:error", "--no-telemetry", "-l", "0",
			 "--file-prefix=tplsr-replay", NULL };

	if (rte_eal_init((int)RTE_DIM(argv) - 1, argv) < 0) {
		fprintf(stderr, "tplsr replay: cannot start the EAL: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

/* Read the next frame of an input; hdr = NULL at the end. */
static int
advance(struct replay_input *in)
{
	int rc = pcap_next_ex(in->pcap, &in->hdr, &in->data);

	if (rc == 1)
		return 0;
	in->hdr = NULL;
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "tplsr replay: %s: %s\n", in->path, pcap_geterr(in->pcap));
		return -EIO;
	}
	return 0;
}

static uint64_t
ts_ns(const struct pcap_pkthdr *h)
{
	/* Opened with nanosecond precision: tv_usec holds nanoseconds. */
	return (uint64_t)h->ts.tv_sec * 1000000000ull + (uint64_t)h->ts.tv_usec;
}

static struct replay_input *
next_input(struct replay *r)
{
	struct replay_input *best = NULL;

	for (unsigned i = 0; i < r->n_in; i++) {
		struct replay_input *in = &r->in[i];

		if (in->hdr == NULL)
			continue;
		if (best == NULL || ts_ns(in->hdr) < ts_ns(best->hdr))
			best = in;
	}
	return best;
}

static void
flush_tx(struct replay *r, const struct pcap_pkthdr *cause)
{
	for (uint16_t s = 0; s < r->cfg->n_interfaces; s++) {
		struct lsr_txq *q = &r->lc->tx[s];

		for (uint16_t i = 0; i < q->n; i++) {
			struct rte_mbuf *m = q->pkts[i];
			struct pcap_pkthdr h = {
				.ts = cause->ts,
				.caplen = rte_pktmbuf_pkt_len(m),
				.len = rte_pktmbuf_pkt_len(m),
			};
			static uint8_t buf[REPLAY_MBUF_DATA];
			const uint8_t *d = rte_pktmbuf_read(m, 0, h.caplen, buf);

			if (d != NULL && h.caplen <= sizeof(buf))
				pcap_dump((u_char *)r->out[s], &h, d);
			rte_pktmbuf_free(m);
		}
		q->n = 0;
	}
}

static void
event_head(struct replay *r, uint16_t in_slot, const char *event)
{
	fprintf(r->events, "{\"seq\": %" PRIu64 ", \"in_if\": %" PRIu32 ", \"event\": \"%s\"",
		r->seq, r->cfg->interfaces[in_slot].if_num, event);
}

static void
write_oam_event(struct replay *r, uint16_t in_slot, const struct oam_verdict *v)
{
	const char *event = v->fate == OAM_FATE_DROPPED ? "drop" :
			    v->n_replies ? "reply" : "consumed";

	event_head(r, in_slot, event);
	if (v->fate == OAM_FATE_DROPPED)
		fprintf(r->events, ", \"reason\": \"%s\"", lsr_drop_names[v->reason]);
	if (v->at != OAM_AT_NONE)
		fprintf(r->events, ", \"mip\": \"%s\", \"mip_if\": %" PRIu32,
			oam_at_name((enum oam_at)v->at), v->mip_if);
	if (v->lsp != UINT32_MAX)
		fprintf(r->events, ", \"lsp\": \"%s\"", r->cfg->lsps[v->lsp].name);
	if (v->channel)
		fprintf(r->events, ", \"channel\": %u", v->channel);
	fputs("}\n", r->events);
}

/*
 * The interface a frame was received on: the one whose rx it moved (a tagged
 * frame is counted on the interface of its VLAN, docs/PORTS.md), else (the
 * frame was punted, its rx moving with it) rx_slot.
 */
static uint16_t
arrival_slot(const struct replay *r, uint16_t rx_slot, const struct lsr_counters *before)
{
	for (uint16_t s = 0; s < r->cfg->n_interfaces; s++)
		if (r->lc->c.if_rx[s] != before->if_rx[s])
			return s;
	return rx_slot;
}

/* A frame the fast path finished with: its fate is the counter it moved. */
static void
write_fast_path_event(struct replay *r, uint16_t rx_slot, const struct lsr_counters *before)
{
	const struct lsr_counters *c = &r->lc->c;
	uint16_t in_slot = arrival_slot(r, rx_slot, before);

	if (c->dropped != before->dropped) {
		for (int i = 0; i < LSR_DROP_MAX; i++) {
			if (c->drops[i] == before->drops[i])
				continue;
			event_head(r, in_slot, "drop");
			fprintf(r->events, ", \"reason\": \"%s\"}\n", lsr_drop_names[i]);
			return;
		}
	} else if (c->consumed != before->consumed) {
		event_head(r, in_slot, "consumed");
		fputs(", \"mip\": \"mep\"}\n", r->events);
	} else if (c->oam[OAM_CNT_LOOPBACK] != before->oam[OAM_CNT_LOOPBACK]) {
		event_head(r, in_slot, "loopback");
		fputs("}\n", r->events);
	}
}

static int
process_frame(struct replay *r, struct replay_input *in)
{
	const struct pcap_pkthdr *h = in->hdr;
	/* docs/CONTRACT.md §3: frames arrive on IF's port; a tag picks the interface. */
	const uint16_t rx_slot = r->fib->rx_slot[in->slot];
	uint64_t now = ts_ns(h);
	static struct lsr_counters before;	/* only read with --events */
	struct rte_mbuf *m;
	uint32_t len = h->caplen;

	r->seq++;
	m = rte_pktmbuf_alloc(r->pool);
	if (m == NULL) {
		fprintf(stderr, "tplsr replay: mbuf pool exhausted (leak?)\n");
		return -ENOMEM;
	}
	if (unlikely(len > rte_pktmbuf_tailroom(m))) {
		/* Longer than any mbuf: received and dropped, with its name. */
		r->lc->c.rx++;
		r->lc->c.if_rx[rx_slot]++;
		lsr_drop(r->lc, m, LSR_DROP_OVERSIZE);
		if (r->events) {
			event_head(r, rx_slot, "drop");
			fprintf(r->events, ", \"reason\": \"%s\"}\n", lsr_drop_names[LSR_DROP_OVERSIZE]);
		}
		return 0;
	}
	memcpy(rte_pktmbuf_append(m, (uint16_t)len), in->data, len);

	if (r->events)
		before = r->lc->c;
	lsr_fwd_burst(r->lc, r->fib, rx_slot, &m, 1, now);
	for (uint16_t i = 0; i < r->lc->n_punt; i++) {
		struct oam_verdict v;

		oam_input(r->oam, r->fib, r->lc, &r->lc->punt[i], now, &v);
		if (r->events)
			write_oam_event(r, r->lc->punt[i].in_slot, &v);
	}
	if (r->lc->n_punt == 0 && r->events)
		write_fast_path_event(r, rx_slot, &before);
	r->lc->n_punt = 0;
	flush_tx(r, h);
	return 0;
}

static int
parse_in(struct replay *r, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *end;
	unsigned long if_num;
	int slot;

	if (eq == NULL || eq == arg || eq[1] == '\0') {
		fprintf(stderr, "tplsr replay: --in %s: expected IF=FILE.pcap\n", arg);
		return -EINVAL;
	}
	errno = 0;
	if_num = strtoul(arg, &end, 10);
	if (end != eq || errno || if_num == 0 || if_num > UINT32_MAX || arg[0] == '-') {
		fprintf(stderr, "tplsr replay: --in %s: bad interface number\n", arg);
		return -EINVAL;
	}
	slot = lsr_config_slot_of(r->cfg, (uint32_t)if_num);
	if (slot < 0) {
		fprintf(stderr, "tplsr replay: --in %s: interface %lu is not in the configuration\n",
			arg, if_num);
		return -EINVAL;
	}
	if (r->n_in == REPLAY_MAX_INPUTS) {
		fprintf(stderr, "tplsr replay: too many --in\n");
		return -EINVAL;
	}
	r->in[r->n_in].slot = (uint16_t)slot;
	r->in[r->n_in].path = eq + 1;
	r->n_in++;
	return 0;
}

static int
open_inputs(struct replay *r)
{
	char errbuf[PCAP_ERRBUF_SIZE];

	for (unsigned i = 0; i < r->n_in; i++) {
		struct replay_input *in = &r->in[i];

		in->pcap = pcap_open_offline_with_tstamp_precision(in->path,
								   PCAP_TSTAMP_PRECISION_NANO,
								   errbuf);
		if (in->pcap == NULL) {
			fprintf(stderr, "tplsr replay: %s: %s\n", in->path, errbuf);
			return -ENOENT;
		}
		if (pcap_datalink(in->pcap) != DLT_EN10MB) {
			fprintf(stderr, "tplsr replay: %s: link type %s, expected Ethernet\n",
				in->path, pcap_datalink_val_to_name(pcap_datalink(in->pcap)));
			return -EINVAL;
		}
	}
	return 0;
}

static int
open_outputs(struct replay *r, const char *dir)
{
	int rc = lsr_mkdir_p(dir);

	if (rc < 0) {
		fprintf(stderr, "tplsr replay: %s: %s\n", dir, strerror(-rc));
		return rc;
	}
	r->out_dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 262144,
							   PCAP_TSTAMP_PRECISION_NANO);
	if (r->out_dead == NULL)
		return -ENOMEM;
	for (uint16_t s = 0; s < r->cfg->n_interfaces; s++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/if%" PRIu32 ".pcap", dir,
			 r->cfg->interfaces[s].if_num);
		r->out[s] = pcap_dump_open(r->out_dead, path);
		if (r->out[s] == NULL) {
			fprintf(stderr, "tplsr replay: %s: %s\n", path, pcap_geterr(r->out_dead));
			return -EIO;
		}
	}
	return 0;
}

static void
replay_close(struct replay *r)
{
	for (unsigned i = 0; i < r->n_in; i++)
		if (r->in[i].pcap)
			pcap_close(r->in[i].pcap);
	for (unsigned s = 0; s < LSR_MAX_INTERFACES; s++)
		if (r->out[s])
			pcap_dump_close(r->out[s]);
	if (r->out_dead)
		pcap_close(r->out_dead);
	if (r->events)
		fclose(r->events);
	oam_node_free(r->oam);
	lsr_fib_free(r->fib);
	rte_free(r->lc);
	lsr_config_free(r->cfg);
}

int
lsr_replay_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "in", required_argument, NULL, 'i' },
		{ "out-dir", required_argument, NULL, 'o' },
		{ "events", required_argument, NULL, 'e' },
		{ "stats", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *out_dir = NULL, *events = NULL, *stats = NULL;
	const char *ins[REPLAY_MAX_INPUTS];
	unsigned n_ins = 0;
	struct replay r = { 0 };
	char err[512];
	int opt, rc, status = 2;

	while ((opt = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': config = optarg; break;
		case 'i':
			if (n_ins == REPLAY_MAX_INPUTS) {
				fprintf(stderr, "tplsr replay: too many --in\n");
				return 2;
			}
			ins[n_ins++] = optarg;
			break;
		case 'o': out_dir = optarg; break;
		case 'e': events = optarg; break;
		case 's': stats = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || config == NULL || out_dir == NULL || n_ins == 0) {
		usage(stderr);
		return 2;
	}
	rc = lsr_config_parse_file(config, &r.cfg, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	for (unsigned i = 0; i < n_ins; i++)
		if (parse_in(&r, ins[i]) < 0)
			goto out;
	if (open_inputs(&r) < 0)
		goto out;
	if (start_eal() < 0)
		goto out;
	r.fib = lsr_fib_create(r.cfg);
	r.oam = oam_node_create();
	r.lc = rte_zmalloc("replay-lcore", sizeof(*r.lc), RTE_CACHE_LINE_SIZE);
	r.pool = rte_pktmbuf_pool_create("replay", REPLAY_POOL_MBUFS, 256, 0, REPLAY_MBUF_DATA,
					 SOCKET_ID_ANY);
	if (r.fib == NULL || r.oam == NULL || r.lc == NULL || r.pool == NULL) {
		fprintf(stderr, "tplsr replay: out of memory\n");
		status = 1;
		goto out;
	}
	r.lc->pool = r.pool;
	if (open_outputs(&r, out_dir) < 0)
		goto out;
	if (events) {
		r.events = fopen(events, "w");
		if (r.events == NULL) {
			fprintf(stderr, "tplsr replay: %s: %s\n", events, strerror(errno));
			goto out;
		}
	}

	status = 1;
	for (unsigned i = 0; i < r.n_in; i++)
		if (advance(&r.in[i]) < 0)
			goto out;
	for (struct replay_input *in; (in = next_input(&r)) != NULL;) {
		if (process_frame(&r, in) < 0 || advance(in) < 0)
			goto out;
	}
	if (rte_mempool_in_use_count(r.pool) != 0)
		fprintf(stderr, "tplsr replay: %u mbufs still in use after the run (leak)\n",
			rte_mempool_in_use_count(r.pool));
	if (stats) {
		FILE *f = fopen(stats, "w");

		if (f == NULL || lsr_stats_write_json(f, &r.lc->c, r.cfg, oam_counter_names,
						      OAM_CNT_MAX) < 0) {
			fprintf(stderr, "tplsr replay: %s: cannot write\n", stats);
			if (f)
				fclose(f);
			goto out;
		}
		fclose(f);
	}
	status = 0;
out:
	replay_close(&r);
	return status;
}
