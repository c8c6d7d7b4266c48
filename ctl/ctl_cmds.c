/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control socket's commands other than locate (docs/CLI.md): ping, traceroute,
 * loopback, show lsp|interfaces|counters and clear counters.  Thin handlers:
 * parse the words, call one verb, print the outcome as text or JSON.  Ping
 * and traceroute stay pending while the prober (oam/mep.c) works; their
 * events are rendered here as they come.  The hop and probe rendering is
 * shared with locate (ctl_locate.c).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ethdev.h>

#include "lsr_config.h"
#include "ctl.h"
#include "lsr_dataplane.h"
#include "lsr_fwd.h"
#include "lsr_lfib.h"
#include "lsr_stats.h"
#include "oam_lspping.h"
#include "oam_mep.h"
#include "ctl_priv.h"

static_assert(sizeof(struct lsr_counters) % sizeof(uint64_t) == 0, "counters are u64 words");

/* ---- formatting and parsing ----------------------------------------------- */

static const char *
fmt_mac(char *buf, size_t len, const uint8_t *m)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static uint32_t
if_num(const struct lsr_config *cfg, uint16_t slot)
{
	return slot < cfg->n_interfaces ? cfg->interfaces[slot].if_num : 0;
}

static bool
parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *v)
{
	unsigned long long x;
	char *end;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || x < min || x > max)
		return false;
	*v = (uint32_t)x;
	return true;
}

/* Node_ID: dotted quad or decimal (INTERFACE.md §2). */
static bool
parse_node_id(const char *s, uint32_t *v)
{
	unsigned int a, b, c, d;
	char tail;

	if (strchr(s, '.') == NULL)
		return parse_u32(s, 1, UINT32_MAX, v);
	if (sscanf(s, "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 ||
	    b > 255 || c > 255 || d > 255 || !isdigit((unsigned char)s[0]))
		return false;
	*v = a << 24 | b << 16 | c << 8 | d;
	return *v != 0;
}

/* GLOBAL:NODE:IF_NUM */
static bool
parse_mip_id(const char *s, struct lsr_node_ident *node, uint32_t *ifn)
{
	char buf[64], *g, *n, *i;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	g = buf;
	n = strchr(g, ':');
	if (n == NULL)
		return false;
	*n++ = '\0';
	i = strchr(n, ':');
	if (i == NULL)
		return false;
	*i++ = '\0';
	return parse_u32(g, 0, UINT32_MAX, &node->global_id) && parse_node_id(n, &node->node_id) &&
	       parse_u32(i, 0, UINT32_MAX, ifn);
}

int
ctl_find_lsp(struct ctl_conn *c, const char *name, uint32_t *idx)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	const struct lsr_lsp_cfg *l = lsr_config_find_lsp(cfg, name);

	if (l == NULL) {
		ctl_out(c, "%% No such LSP: %s\n", name);
		return -ENOENT;
	}
	*idx = (uint32_t)(l - cfg->lsps);
	return 0;
}

/* keyword VALUE with a range: returns false (and a message) when malformed */
bool
ctl_kw_u32(struct ctl_conn *c, int argc, char **argv, int *i, uint32_t min, uint32_t max,
       uint32_t *v)
{
	const char *kw = argv[*i];

	if (*i + 1 >= argc) {
		ctl_out(c, "%% Missing value after '%s' (expected %" PRIu32 "..%" PRIu32 ")\n", kw, min,
		    max);
		return false;
	}
	(*i)++;
	if (!parse_u32(argv[*i], min, max, v)) {
		ctl_out(c, "%% Invalid value for %s: '%s' (expected %" PRIu32 "..%" PRIu32 ")\n", kw,
		    argv[*i], min, max);
		return false;
	}
	return true;
}

/* The node at the far end of the direction that starts here (for the text). */
struct lsr_node_ident
ctl_far_end(const struct lsr_lsp_cfg *l)
{
	if (l->dir[LSR_DIR_FORWARD].present && !l->dir[LSR_DIR_FORWARD].has_in)
		return l->dst;
	return l->src;
}

const char *
ctl_mep_strerror(int err)
{
	switch (err) {
	case -ENOENT: return "no such LSP";
	case -ENOTSUP: return "no direction of this LSP starts here and returns here "
			      "(this node is not its source MEP)";
	case -EBUSY: return "too many probe sessions running; try again";
	case -ENOMEM: return "out of memory";
	case -EINVAL: return "invalid parameters";
	default: return strerror(-err);
	}
}

/* ---- ping ----------------------------------------------------------------- */

char
ctl_probe_code(const struct oam_probe_result *r)
{
	if (r->status == OAM_PROBE_TIMEOUT)
		return '.';
	if (r->status == OAM_PROBE_UNSENT)
		return 'Q';
	if (r->success)
		return '!';
	switch (r->rc) {
	case OAM_RC_MALFORMED: return 'M';
	case OAM_RC_TLV_UNKNOWN: return 'T';
	case OAM_RC_NO_MAPPING: return 'F';
	case OAM_RC_DS_MISMATCH: return 'D';
	case OAM_RC_UPSTREAM_UNKNOWN: return 'U';
	case OAM_RC_NO_LABEL_ENTRY: return 'L';
	default: return 'X';
	}
}

static const char *const ping_legend =
	"Codes: '!' - success, '.' - timeout, 'M' - malformed request, 'T' - TLV not understood,\n"
	"  'F' - no mapping for FEC, 'D' - DS mapping mismatch, 'U' - unknown upstream interface,\n"
	"  'L' - no label entry, 'X' - other return code, 'Q' - request not sent\n";

static const char *
target_text(struct ctl_conn *c, uint8_t side, char *buf, size_t len)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	struct lsr_node_ident far;
	char id[48];

	if (c->ping.target == OAM_TARGET_MEP) {
		far = ctl_far_end(&cfg->lsps[c->lsp]);
		snprintf(buf, len, "MEP %s", ctl_fmt_ident(id, sizeof(id), &far));
	} else {
		const char *what = side == OAM_SIDE_IN ? "in-MIP" : side == OAM_SIDE_OUT ?
			"out-MIP" : side == OAM_SIDE_NODE ? "node MIP" : "MIP";

		snprintf(buf, len, "%s %s:%" PRIu32, what,
			 ctl_fmt_ident(id, sizeof(id), &c->ping.mip_node), c->ping.mip_if);
	}
	return buf;
}

void
ctl_responder_text(const struct oam_probe_result *r, char *buf, size_t len)
{
	char id[48];

	buf[0] = '\0';
	if (r->lbr && r->has_replying) {
		uint32_t n = r->replying.node_id;

		snprintf(buf, len, "%s:%u.%u.%u.%u:%" PRIu32,
			 r->replying.icc[0] ? r->replying.icc : "-", n >> 24, (n >> 16) & 0xff,
			 (n >> 8) & 0xff, n & 0xff, r->replying.if_num);
	} else if (!r->lbr && r->has_src) {
		snprintf(buf, len, "%s", ctl_fmt_ident(id, sizeof(id), &r->src));
	}
}

static void
ping_probe_json(struct ctl_conn *c, const struct oam_probe_result *r)
{
	struct ctl_buf *b = &c->probes;
	char rc[128], resp[64];
	bool reply = r->status == OAM_PROBE_REPLY;

	ctl_buf_printf(b, "%s{\"seq\": %" PRIu32 ", \"code\": \"%c\", \"result\": \"%s\"",
		  c->n_probes++ ? ", " : "", r->seq, ctl_probe_code(r),
		  reply ? "reply" : r->status == OAM_PROBE_TIMEOUT ? "timeout" : "unsent");
	ctl_json_rtt(b, "rtt_ms", reply, r->rtt_ns);
	if (reply && !r->lbr) {
		ctl_buf_printf(b, ", \"rc\": %u, \"rsc\": %u, \"rc_name\": ", r->rc, r->rsc);
		ctl_buf_json_str(b, ctl_fmt_rc(rc, sizeof(rc), r->rc, r->rsc));
	} else if (reply) {
		ctl_buf_printf(b, ", \"rc\": null, \"rsc\": null, \"rc_name\": \"LBR\"");
	} else {
		ctl_buf_printf(b, ", \"rc\": null, \"rsc\": null, \"rc_name\": null");
	}
	ctl_responder_text(r, resp, sizeof(resp));
	if (resp[0]) {
		ctl_buf_printf(b, ", \"responder\": ");
		ctl_buf_json_str(b, resp);
	} else {
		ctl_buf_printf(b, ", \"responder\": null");
	}
	ctl_json_u32(b, "ingress_if", reply && r->has_ddmap, r->ingress);
	ctl_json_u32(b, "egress_if", reply && r->has_ddmap, r->egress);
	ctl_json_u32(b, "label", reply && r->has_ddmap && r->has_label, r->label);
	ctl_buf_printf(b, "}");
}

static void
ping_done_json(struct ctl_conn *c, const struct oam_mep_event *ev)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	struct ctl_buf b = { 0 };
	char id[48];

	ctl_buf_printf(&b, "{\"lsp\": ");
	ctl_buf_json_str(&b, cfg->lsps[c->lsp].name);
	ctl_buf_printf(&b, ", \"protocol\": \"%s\", \"target\": {", c->ping.g8113 ? "g8113" : "lsp-ping");
	if (c->ping.target == OAM_TARGET_MEP) {
		struct lsr_node_ident far = ctl_far_end(&cfg->lsps[c->lsp]);

		ctl_buf_printf(&b, "\"type\": \"mep\", \"mip\": null, \"node\": \"%s\", "
			  "\"if_num\": null, \"side\": null}",
			  ctl_fmt_ident(id, sizeof(id), &far));
	} else {
		const char *side = oam_side_name(ev->side);

		ctl_fmt_ident(id, sizeof(id), &c->ping.mip_node);
		ctl_buf_printf(&b, "\"type\": \"mip\", \"mip\": \"%s:%" PRIu32 "\", \"node\": \"%s\", "
			  "\"if_num\": %" PRIu32 ", \"side\": ",
			  id, c->ping.mip_if, id, c->ping.mip_if);
		if (side)
			ctl_buf_printf(&b, "\"%s\"}", side);
		else
			ctl_buf_printf(&b, "null}");
	}
	if (ev->ttl)
		ctl_buf_printf(&b, ", \"ttl\": %u", ev->ttl);
	else
		ctl_buf_printf(&b, ", \"ttl\": null");
	ctl_buf_printf(&b, ", \"discovered\": %s, \"count\": %" PRIu32 ", \"sent\": %" PRIu32
		  ", \"received\": %" PRIu32 ", \"success\": %" PRIu32 ", \"success_rate\": %" PRIu64,
		  ev->discovered ? "true" : "false", c->ping.count, ev->sent, ev->received,
		  ev->success, (uint64_t)ev->success * 100 / c->ping.count);
	if (ev->success) {
		char a[32], m[32], x[32];

		ctl_buf_printf(&b, ", \"rtt_ms\": {\"min\": %s, \"avg\": %s, \"max\": %s}",
			  ctl_fmt_ms(a, sizeof(a), ev->rtt_min_ns),
			  ctl_fmt_ms(m, sizeof(m), ev->rtt_sum_ns / ev->success),
			  ctl_fmt_ms(x, sizeof(x), ev->rtt_max_ns));
	} else {
		ctl_buf_printf(&b, ", \"rtt_ms\": null");
	}
	ctl_buf_printf(&b, ", \"probes\": [%s], \"error\": ", c->probes.p ? c->probes.p : "");
	if (ev->error)
		ctl_buf_json_str(&b, ev->why ? ev->why : "failed");
	else
		ctl_buf_printf(&b, "null");
	ctl_buf_printf(&b, "}\n");
	ctl_out(c, "%s", b.p ? b.p : "");
	ctl_buf_free(&b);
}

static void
ping_event(void *arg, const struct oam_mep_event *ev)
{
	struct ctl_conn *c = arg;
	char buf[96], id[48];

	switch (ev->type) {
	case OAM_EV_RESOLVED:
		if (c->json)
			break;
		if (ev->discovered) {
			ctl_fmt_ident(id, sizeof(id), &c->ping.mip_node);
			if (ev->side == OAM_SIDE_IN || ev->side == OAM_SIDE_OUT)
				ctl_out(c, "Path discovery: %s is %" PRIu32 " hop(s) away, IF_Num %" PRIu32
				    " is its %s interface\n", id, ev->discovery_hops, c->ping.mip_if,
				    oam_side_name(ev->side));
			else
				ctl_out(c, "Path discovery: %s is %" PRIu32 " hop(s) away\n", id,
				    ev->discovery_hops);
		}
		ctl_out(c, "Sending %" PRIu32 " %s on LSP %s to %s (TTL %u),\n"
		    "     timeout is %" PRIu32 " ms, send interval is %" PRIu32 " ms:\n\n%s\n",
		    c->ping.count, c->ping.g8113 ? "G.8113.1 loopback messages (LBM)" :
		    "MPLS-TP on-demand CV echo requests", c->ctl->d->cfg->lsps[c->lsp].name,
		    target_text(c, ev->side, buf, sizeof(buf)), ev->ttl, c->ping.timeout_ms,
		    c->ping.interval_ms, ping_legend);
		break;
	case OAM_EV_PROBE:
		if (c->json)
			ping_probe_json(c, ev->result);
		else
			ctl_out(c, "%c", ctl_probe_code(ev->result));
		break;
	case OAM_EV_DONE:
		c->sess = NULL;
		if (c->json) {
			ping_done_json(c, ev);
		} else if (ev->error) {
			ctl_out(c, "%% Path discovery failed: %s\n", ev->why ? ev->why : "error");
		} else {
			ctl_out(c, "\nSuccess rate is %" PRIu64 " percent (%" PRIu32 "/%" PRIu32 ")",
			    (uint64_t)ev->success * 100 / c->ping.count, ev->success, c->ping.count);
			if (ev->success) {
				char a[32], m[32], x[32];

				ctl_out(c, ", round-trip min/avg/max = %s/%s/%s ms",
				    ctl_fmt_ms(a, sizeof(a), ev->rtt_min_ns),
				    ctl_fmt_ms(m, sizeof(m), ev->rtt_sum_ns / ev->success),
				    ctl_fmt_ms(x, sizeof(x), ev->rtt_max_ns));
			}
			ctl_out(c, "\n");
		}
		ctl_finish(c, !ev->error && ev->success > 0 ? LSR_CTL_OK : LSR_CTL_FAIL);
		break;
	}
}

int
ctl_cmd_ping(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	struct oam_ping_params p = {
		.target = OAM_TARGET_MEP, .count = 5, .interval_ms = 0, .timeout_ms = 2000,
	};
	bool have_mip = false, have_mep = false;
	uint32_t v;
	int i, ret;

	if (argc < 1)
		USAGE(c, "%% Missing LSP name\n");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "mip") == 0) {
			if (i + 1 >= argc || !parse_mip_id(argv[i + 1], &p.mip_node, &p.mip_if))
				USAGE(c, "%% Invalid MIP ID '%s' (expected GLOBAL:NODE:IF_NUM, "
				      "e.g. 65000:192.0.2.2:1)\n", i + 1 < argc ? argv[i + 1] : "");
			i++;
			have_mip = true;
			p.target = OAM_TARGET_MIP;
			if (i + 1 < argc && strcmp(argv[i + 1], "in") == 0) {
				p.side = OAM_SIDE_IN;
				i++;
			} else if (i + 1 < argc && strcmp(argv[i + 1], "out") == 0) {
				p.side = OAM_SIDE_OUT;
				i++;
			}
		} else if (strcmp(argv[i], "mep") == 0) {
			have_mep = true;
		} else if (strcmp(argv[i], "ttl") == 0) {
			if (!ctl_kw_u32(c, argc, argv, &i, 1, 255, &v))
				return LSR_CTL_USAGE;
			p.ttl = (uint8_t)v;
		} else if (strcmp(argv[i], "count") == 0) {
			if (!ctl_kw_u32(c, argc, argv, &i, 1, OAM_MEP_MAX_COUNT, &p.count))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "interval") == 0) {
			if (!ctl_kw_u32(c, argc, argv, &i, 0, 60000, &p.interval_ms))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "timeout") == 0) {
			if (!ctl_kw_u32(c, argc, argv, &i, 1, 60000, &p.timeout_ms))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "g8113") == 0) {
			p.g8113 = true;
		} else if (strcmp(argv[i], "json") == 0) {
			c->json = true;
		} else {
			USAGE(c, "%% Unknown keyword '%s'\nUsage: %s %s\n", argv[i],
			      lsr_ctl_cmds[LSR_CTL_CMD_ping].words, lsr_ctl_cmds[LSR_CTL_CMD_ping].args);
		}
	}
	if (have_mip && have_mep)
		USAGE(c, "%% 'mip' and 'mep' exclude each other\n");
	if (p.target == OAM_TARGET_MIP && p.mip_if == 0)
		p.side = OAM_SIDE_NODE;
	if (ctl_find_lsp(c, argv[0], &p.lsp) < 0)
		return LSR_CTL_FAIL;
	c->cmd = CONN_PING;
	c->lsp = p.lsp;
	c->ping = p;
	ret = oam_mep_ping(d->mep, &p, c->ctl->now_ns, ping_event, c, &c->sess);
	if (ret < 0) {
		c->sess = NULL;
		ctl_out(c, "%% Cannot ping LSP %s: %s\n", argv[0], ctl_mep_strerror(ret));
		return LSR_CTL_FAIL;
	}
	return CTL_PENDING;
}

/* ---- traceroute ------------------------------------------------------------ */

const char *const ctl_trace_heading =
	"TTL  RTT(ms)  MIP ID                      In   Out  Label    Return code\n";

/* One traceroute hop: a line of text, or an object appended to b (json). */
void
ctl_trace_hop(struct ctl_conn *c, struct ctl_buf *b, const struct oam_probe_result *r)
{
	char rtt[32], mip[64], in[16], outif[16], label[16], rc[128], node[48];
	bool reply = r->status == OAM_PROBE_REPLY;

	if (reply && r->has_src)
		ctl_fmt_ident(node, sizeof(node), &r->src);
	else
		node[0] = '\0';
	if (node[0] && r->has_ddmap)
		snprintf(mip, sizeof(mip), "%s:%" PRIu32, node, r->ingress);
	else
		snprintf(mip, sizeof(mip), "%s", node);
	if (b != NULL) {
		ctl_buf_printf(b, "{\"ttl\": %u, \"result\": \"%s\"", r->ttl, reply ? "reply" : "timeout");
		ctl_json_rtt(b, "rtt_ms", reply, r->rtt_ns);
		if (node[0])
			ctl_buf_printf(b, ", \"node\": \"%s\", \"mip\": \"%s\"", node, mip);
		else
			ctl_buf_printf(b, ", \"node\": null, \"mip\": null");
		ctl_json_u32(b, "in_if", reply && r->has_ddmap && r->ingress, r->ingress);
		ctl_json_u32(b, "out_if", reply && r->has_ddmap && r->egress, r->egress);
		ctl_json_u32(b, "label", reply && r->has_ddmap && r->has_label, r->label);
		if (reply) {
			ctl_buf_printf(b, ", \"rc\": %u, \"rsc\": %u, \"rc_name\": ", r->rc, r->rsc);
			ctl_buf_json_str(b, ctl_fmt_rc(rc, sizeof(rc), r->rc, r->rsc));
		} else {
			ctl_buf_printf(b, ", \"rc\": null, \"rsc\": null, \"rc_name\": null");
		}
		ctl_buf_printf(b, "}");
		return;
	}
	if (!reply) {
		ctl_out(c, "%3u  %7s  %-24s  %4s  %4s  %-7s  %s\n", r->ttl, "*", "-", "-", "-",
		    "-", r->status == OAM_PROBE_UNSENT ? "request not sent" : "timeout");
		return;
	}
	snprintf(in, sizeof(in), "%" PRIu32, r->ingress);
	snprintf(outif, sizeof(outif), "%" PRIu32, r->egress);
	snprintf(label, sizeof(label), "%" PRIu32, r->label);
	ctl_out(c, "%3u  %7s  %-24s  %4s  %4s  %-7s  %s\n", r->ttl,
	    ctl_fmt_ms(rtt, sizeof(rtt), r->rtt_ns), mip[0] ? mip : "-",
	    r->has_ddmap && r->ingress ? in : "-", r->has_ddmap && r->egress ? outif : "-",
	    r->has_ddmap && r->has_label ? label : "-", ctl_fmt_rc(rc, sizeof(rc), r->rc, r->rsc));
}

static void
trace_event(void *arg, const struct oam_mep_event *ev)
{
	struct ctl_conn *c = arg;

	switch (ev->type) {
	case OAM_EV_PROBE:
		if (c->json) {
			if (c->n_probes++)
				ctl_buf_printf(&c->probes, ", ");
			ctl_trace_hop(c, &c->probes, ev->result);
		} else {
			ctl_trace_hop(c, NULL, ev->result);
		}
		break;
	case OAM_EV_DONE:
		c->sess = NULL;
		if (c->json) {
			struct ctl_buf b = { 0 };

			ctl_buf_printf(&b, "{\"lsp\": ");
			ctl_buf_json_str(&b, c->ctl->d->cfg->lsps[c->lsp].name);
			ctl_buf_printf(&b, ", \"max_ttl\": %u, \"reached\": %s, \"hops\": [%s], \"error\": ",
				  c->trace.max_ttl, ev->reached ? "true" : "false",
				  c->probes.p ? c->probes.p : "");
			if (ev->error)
				ctl_buf_json_str(&b, ev->why ? ev->why : "failed");
			else
				ctl_buf_printf(&b, "null");
			ctl_buf_printf(&b, "}\n");
			ctl_out(c, "%s", b.p ? b.p : "");
			ctl_buf_free(&b);
		} else if (ev->error) {
			ctl_out(c, "%% %s\n", ev->why ? ev->why : "failed");
		} else if (ev->reached) {
			ctl_out(c, "Egress reached in %" PRIu32 " hop(s)\n", c->n_probes ? c->n_probes :
			    ev->sent);
		} else {
			ctl_out(c, "Egress not reached (max TTL %u)\n", c->trace.max_ttl);
		}
		ctl_finish(c, ev->reached ? LSR_CTL_OK : LSR_CTL_FAIL);
		break;
	default:
		break;
	}
}

int
ctl_cmd_traceroute(struct ctl_conn *c, int argc, char **argv)
{
	struct oam_trace_params p = { .max_ttl = 30, .timeout_ms = 2000 };
	uint32_t v;
	int i, ret;

	if (argc < 1)
		USAGE(c, "%% Missing LSP name\n");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "max-ttl") == 0) {
			if (!ctl_kw_u32(c, argc, argv, &i, 1, 255, &v))
				return LSR_CTL_USAGE;
			p.max_ttl = (uint8_t)v;
		} else if (strcmp(argv[i], "timeout") == 0) {
			if (!ctl_kw_u32(c, argc, argv, &i, 1, 60000, &p.timeout_ms))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "json") == 0) {
			c->json = true;
		} else {
			USAGE(c, "%% Unknown keyword '%s'\nUsage: %s %s\n", argv[i],
			      lsr_ctl_cmds[LSR_CTL_CMD_traceroute].words,
			      lsr_ctl_cmds[LSR_CTL_CMD_traceroute].args);
		}
	}
	if (ctl_find_lsp(c, argv[0], &p.lsp) < 0)
		return LSR_CTL_FAIL;
	c->cmd = CONN_TRACE;
	c->lsp = p.lsp;
	c->trace = p;
	ret = oam_mep_trace(c->ctl->d->mep, &p, c->ctl->now_ns, trace_event, c, &c->sess);
	if (ret < 0) {
		c->sess = NULL;
		ctl_out(c, "%% Cannot trace LSP %s: %s\n", argv[0], ctl_mep_strerror(ret));
		return LSR_CTL_FAIL;
	}
	if (!c->json)
		ctl_out(c, "Tracing MPLS-TP LSP %s (max TTL %u, timeout %" PRIu32 " ms)\n\n%s",
		    argv[0], p.max_ttl, p.timeout_ms, ctl_trace_heading);
	return CTL_PENDING;
}

/* ---- loopback ------------------------------------------------------------- */

static enum lsr_loop lsp_loop(struct ctl_daemon *d, uint32_t lsp, uint16_t *slot);

int
ctl_cmd_loopback(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	uint32_t lsp, ifn;
	bool on;
	int slot, ret;

	if (argc != 4 || strcmp(argv[1], "interface") != 0 ||
	    (strcmp(argv[3], "on") != 0 && strcmp(argv[3], "off") != 0))
		USAGE(c, "%% Usage: %s %s\n", lsr_ctl_cmds[LSR_CTL_CMD_loopback].words,
		      lsr_ctl_cmds[LSR_CTL_CMD_loopback].args);
	if (!parse_u32(argv[2], 1, UINT32_MAX, &ifn))
		USAGE(c, "%% Invalid IF_NUM '%s'\n", argv[2]);
	on = strcmp(argv[3], "on") == 0;
	if (ctl_find_lsp(c, argv[0], &lsp) < 0)
		return LSR_CTL_FAIL;
	slot = lsr_config_slot_of(d->cfg, ifn);
	if (slot < 0) {
		ctl_out(c, "%% No interface %" PRIu32 " on this node\n", ifn);
		return LSR_CTL_FAIL;
	}
	ret = lsr_fib_set_loopback(d->fib, lsp, (uint16_t)slot, on);
	if (ret == -ENOENT) {
		ctl_out(c, "%% LSP %s has no forward label entry at this node (loopback is set at a "
		    "MIP of a transit or sink node)\n", argv[0]);
		return LSR_CTL_FAIL;
	}
	if (ret < 0) {
		ctl_out(c, "%% Interface %" PRIu32 " is not on the forward path of LSP %s here, or the "
		    "LSP is P2MP or has no reverse direction to loop onto (RFC 6435)\n", ifn, argv[0]);
		return LSR_CTL_FAIL;
	}
	CTL_LOG(NOTICE, "loopback %s on LSP %s at interface %" PRIu32, on ? "set" : "cleared",
		argv[0], ifn);
	if (on) {
		uint16_t at = 0;
		enum lsr_loop loop = lsp_loop(d, lsp, &at);

		ctl_out(c, "Loopback set on LSP %s at the %s-MIP of interface %" PRIu32 "\n", argv[0],
		    loop == LSR_LOOP_IN_MIP ? "in" : "out", ifn);
	} else {
		ctl_out(c, "Loopback cleared on LSP %s\n", argv[0]);
	}
	return LSR_CTL_OK;
}

/* ---- show ------------------------------------------------------------------ */

static bool
want_json(struct ctl_conn *c, int argc, char **argv, int *status)
{
	if (argc == 0)
		return false;
	if (argc == 1 && strcmp(argv[0], "json") == 0)
		return true;
	ctl_out(c, "%% Unexpected '%s' (only 'json' may follow)\n", argv[argc == 1 ? 0 : 1]);
	*status = LSR_CTL_USAGE;
	return false;
}

const char *
ctl_lsp_role(const struct lsr_lsp_cfg *l)
{
	bool starts = false, ends = false;
	int d;

	for (d = 0; d < LSR_DIR_MAX; d++) {
		if (!l->dir[d].present)
			continue;
		starts |= !l->dir[d].has_in;
		ends |= l->dir[d].n_out == 0;
	}
	return starts && ends ? "source+sink" : starts ? "source" : ends ? "sink" : "transit";
}

/* The loopback state of an LSP here: NONE, or the slot and where. */
static enum lsr_loop
lsp_loop(struct ctl_daemon *d, uint32_t lsp, uint16_t *slot)
{
	struct lsr_lfib_entry *e = lsr_lfib_forward_entry(d->fib->lfib, lsp);
	enum lsr_loop loop;

	if (e == NULL)
		return LSR_LOOP_NONE;
	loop = lsr_lfib_get_loop(e);
	*slot = loop == LSR_LOOP_IN_MIP ? e->in_slot : e->out_slot;
	return loop;
}

static void
dir_json(struct ctl_buf *b, const struct lsr_config *cfg, const struct lsr_direction_cfg *dc)
{
	unsigned int i;

	if (!dc->present) {
		ctl_buf_printf(b, "null");
		return;
	}
	if (dc->has_in)
		ctl_buf_printf(b, "{\"in\": {\"if\": %" PRIu32 ", \"label\": %" PRIu32 "}, \"out\": [",
			  if_num(cfg, dc->in.slot), dc->in.label);
	else
		ctl_buf_printf(b, "{\"in\": null, \"out\": [");
	for (i = 0; i < dc->n_out; i++)
		ctl_buf_printf(b, "%s{\"if\": %" PRIu32 ", \"label\": %" PRIu32 "}", i ? ", " : "",
			  if_num(cfg, dc->out[i].slot), dc->out[i].label);
	ctl_buf_printf(b, "]}");
}

static void
dir_text(struct ctl_conn *c, const struct lsr_config *cfg, const char *name,
	 const struct lsr_direction_cfg *dc)
{
	unsigned int i;

	if (!dc->present)
		return;
	ctl_out(c, "  %-8s ", name);
	if (dc->has_in)
		ctl_out(c, "in %" PRIu32 "/%" PRIu32, if_num(cfg, dc->in.slot), dc->in.label);
	else
		ctl_out(c, "(source MEP)");
	ctl_out(c, " ->");
	if (dc->n_out == 0)
		ctl_out(c, " (sink MEP)");
	for (i = 0; i < dc->n_out; i++)
		ctl_out(c, " out %" PRIu32 "/%" PRIu32, if_num(cfg, dc->out[i].slot), dc->out[i].label);
	ctl_out(c, "\n");
}

int
ctl_cmd_show_lsp(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	const struct lsr_config *cfg = d->cfg;
	int status = LSR_CTL_OK;
	bool json = want_json(c, argc, argv, &status);
	char s[48], t[48];
	uint32_t i;

	if (status != LSR_CTL_OK)
		return status;
	if (json) {
		struct ctl_buf b = { 0 };

		ctl_buf_printf(&b, "{\"lsps\": [");
		for (i = 0; i < cfg->n_lsps; i++) {
			const struct lsr_lsp_cfg *l = &cfg->lsps[i];
			uint16_t slot = 0;
			enum lsr_loop loop = lsp_loop(d, i, &slot);

			ctl_buf_printf(&b, "%s{\"name\": ", i ? ", " : "");
			ctl_buf_json_str(&b, l->name);
			ctl_buf_printf(&b, ", \"source\": \"%s\", \"source_tunnel\": %u, "
				  "\"destination\": \"%s\", \"destination_tunnel\": %u, "
				  "\"lsp_num\": %u, \"role\": \"%s\", \"forward\": ",
				  ctl_fmt_ident(s, sizeof(s), &l->src), l->src_tunnel,
				  ctl_fmt_ident(t, sizeof(t), &l->dst), l->dst_tunnel, l->lsp_num,
				  ctl_lsp_role(l));
			dir_json(&b, cfg, &l->dir[LSR_DIR_FORWARD]);
			ctl_buf_printf(&b, ", \"reverse\": ");
			dir_json(&b, cfg, &l->dir[LSR_DIR_REVERSE]);
			if (loop == LSR_LOOP_NONE)
				ctl_buf_printf(&b, ", \"loopback\": null}");
			else
				ctl_buf_printf(&b, ", \"loopback\": {\"if\": %" PRIu32 ", \"at\": \"%s\"}}",
					  if_num(cfg, slot), loop == LSR_LOOP_IN_MIP ? "in" : "out");
		}
		ctl_buf_printf(&b, "]}\n");
		ctl_out(c, "%s", b.p ? b.p : "");
		ctl_buf_free(&b);
		return LSR_CTL_OK;
	}
	if (cfg->n_lsps == 0)
		ctl_out(c, "No LSPs configured\n");
	for (i = 0; i < cfg->n_lsps; i++) {
		const struct lsr_lsp_cfg *l = &cfg->lsps[i];
		uint16_t slot = 0;
		enum lsr_loop loop = lsp_loop(d, i, &slot);

		ctl_out(c, "LSP %s: %s tunnel %u -> %s tunnel %u, lsp-num %u, role %s\n", l->name,
		    ctl_fmt_ident(s, sizeof(s), &l->src), l->src_tunnel,
		    ctl_fmt_ident(t, sizeof(t), &l->dst), l->dst_tunnel, l->lsp_num, ctl_lsp_role(l));
		dir_text(c, cfg, "forward", &l->dir[LSR_DIR_FORWARD]);
		dir_text(c, cfg, "reverse", &l->dir[LSR_DIR_REVERSE]);
		if (loop == LSR_LOOP_NONE)
			ctl_out(c, "  loopback off\n");
		else
			ctl_out(c, "  loopback ON at the %s-MIP of interface %" PRIu32 "\n",
			    loop == LSR_LOOP_IN_MIP ? "in" : "out", if_num(cfg, slot));
	}
	return LSR_CTL_OK;
}

int
ctl_cmd_show_interfaces(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	const struct lsr_config *cfg = d->cfg;
	struct lsr_counters sum;
	int status = LSR_CTL_OK;
	bool json = want_json(c, argc, argv, &status);
	struct ctl_buf b = { 0 };
	char mac[24], peer[24];
	unsigned int i;

	if (status != LSR_CTL_OK)
		return status;
	ctl_daemon_counters(d, &sum);
	if (json)
		ctl_buf_printf(&b, "{\"interfaces\": [");
	else
		ctl_buf_printf(&b, "%-8s %-4s %-17s  %-17s  %-3s  %-4s  %12s %12s %12s %12s %9s "
			  "%9s %-7s\n", "IF_Num", "Port", "MAC", "Peer", "MIP", "Link", "RX", "TX",
			  "Port-in", "Port-out", "Missed", "Max-frame", "Promisc");
	for (i = 0; i < cfg->n_interfaces; i++) {
		const struct lsr_interface_cfg *ic = &cfg->interfaces[i];
		struct rte_eth_link link;
		struct rte_eth_stats st;
		/* docs/PORTS.md: the largest frame the port carries whole. */
		uint32_t max_frame = d->dp != NULL ? lsr_dataplane_max_frame(d->dp, (uint16_t)i) : 0;
		bool up, promisc = rte_eth_promiscuous_get(ic->port) == 1;

		memset(&link, 0, sizeof(link));
		memset(&st, 0, sizeof(st));
		rte_eth_link_get_nowait(ic->port, &link);
		rte_eth_stats_get(ic->port, &st);
		up = link.link_status == RTE_ETH_LINK_UP;
		fmt_mac(mac, sizeof(mac), ic->mac);
		fmt_mac(peer, sizeof(peer), ic->peer);
		if (json)
			ctl_buf_printf(&b, "%s{\"if_num\": %" PRIu32 ", \"port\": %u, \"mac\": \"%s\", "
				  "\"peer\": \"%s\", \"mip\": %s, \"link\": \"%s\", \"rx\": %" PRIu64
				  ", \"tx\": %" PRIu64 ", \"port_ipackets\": %" PRIu64
				  ", \"port_opackets\": %" PRIu64 ", \"port_imissed\": %" PRIu64
				  ", \"port_oerrors\": %" PRIu64 ", \"max_frame\": %" PRIu32
				  ", \"promiscuous\": %s}",
				  i ? ", " : "", ic->if_num, ic->port, mac, peer,
				  ic->mip_enabled ? "true" : "false", up ? "up" : "down", sum.if_rx[i],
				  sum.if_tx[i], st.ipackets, st.opackets, st.imissed, st.oerrors,
				  max_frame, promisc ? "true" : "false");
		else
			ctl_buf_printf(&b, "%-8" PRIu32 " %-4u %-17s  %-17s  %-3s  %-4s  %12" PRIu64
				  " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %9" PRIu64 " %9" PRIu32
				  " %-7s\n", ic->if_num, ic->port, mac, peer,
				  ic->mip_enabled ? "on" : "off", up ? "up" : "down", sum.if_rx[i],
				  sum.if_tx[i], st.ipackets, st.opackets, st.imissed, max_frame,
				  promisc ? "on" : "off");
	}
	if (json)
		ctl_buf_printf(&b, "]}\n");
	ctl_out(c, "%s", b.p ? b.p : "");
	ctl_buf_free(&b);
	return LSR_CTL_OK;
}

int
ctl_cmd_show_counters(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	struct lsr_counters sum;
	int status = LSR_CTL_OK;
	bool json = want_json(c, argc, argv, &status);
	unsigned int i;

	if (status != LSR_CTL_OK)
		return status;
	ctl_daemon_counters(d, &sum);
	if (json) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		if (f == NULL) {
			ctl_out(c, "%% Out of memory\n");
			return LSR_CTL_FAIL;
		}
		lsr_stats_write_json(f, &sum, d->cfg);
		fclose(f);
		ctl_out(c, "%s", buf ? buf : "");
		free(buf);
		return LSR_CTL_OK;
	}
	ctl_out(c, "Frames: rx %" PRIu64 ", forwarded %" PRIu64 ", consumed %" PRIu64 ", dropped %"
	    PRIu64 ", tx %" PRIu64 "\n", sum.rx, sum.forwarded, sum.consumed, sum.dropped, sum.tx);
	ctl_out(c, "Losses after the fate was decided: tx-full %" PRIu64 ", copy-failed %" PRIu64 "\n",
	    sum.tx_full, sum.copy_failed);
	ctl_out(c, "Drops:\n");
	for (i = 0; i < LSR_DROP_MAX; i++)
		ctl_out(c, "  %-22s %12" PRIu64 "\n", lsr_drop_names[i], sum.drops[i]);
	ctl_out(c, "OAM:\n");
	for (i = 0; i < OAM_CNT_MAX; i++)
		ctl_out(c, "  %-22s %12" PRIu64 "\n", oam_counter_names[i], sum.oam[i]);
	ctl_out(c, "Interfaces:\n  %-10s %12s %12s\n", "IF_Num", "rx", "tx");
	for (i = 0; i < d->cfg->n_interfaces; i++)
		ctl_out(c, "  %-10" PRIu32 " %12" PRIu64 " %12" PRIu64 "\n", d->cfg->interfaces[i].if_num,
		    sum.if_rx[i], sum.if_tx[i]);
	return LSR_CTL_OK;
}

static void
counters_raw(const struct ctl_daemon *d, struct lsr_counters *sum)
{
	unsigned int i;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < d->n_lcores; i++)
		if (d->lcores[i] != NULL)
			lsr_counters_add(sum, &d->lcores[i]->c);
}

void
ctl_daemon_counters(const struct ctl_daemon *d, struct lsr_counters *out_c)
{
	uint64_t *w = (uint64_t *)out_c;
	const uint64_t *b = (const uint64_t *)d->baseline;
	size_t i;

	counters_raw(d, out_c);
	if (b == NULL)
		return;
	for (i = 0; i < sizeof(*out_c) / sizeof(uint64_t); i++)
		w[i] -= b[i];
}

int
ctl_cmd_clear_counters(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;

	if (argc != 0)
		USAGE(c, "%% Unexpected '%s'\n", argv[0]);
	/* Workers own their counters: nobody else writes them; remember a zero point. */
	if (d->baseline != NULL)
		counters_raw(d, d->baseline);
	ctl_out(c, "Counters cleared\n");
	return LSR_CTL_OK;
}
