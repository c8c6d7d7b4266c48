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
#include "lsr_lsp_counters.h"
#include "lsr_stats.h"
#include "oam.h"
#include "oam_counters.h"
#include "oam_lspping.h"
#include "oam_mep.h"
#include "ctl_priv.h"

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

int
ctl_find_lsp(struct ctl_conn *c, const char *name, uint32_t *idx)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	const struct lsr_lsp_cfg *l = lsr_config_find_lsp(cfg, name);
	char w[CTL_WORD_STRLEN];

	if (l == NULL) {
		ctl_out(c, "%% No such LSP: %s\n", ctl_fmt_word(w, sizeof(w), name));
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
	char w[CTL_WORD_STRLEN];

	if (*i + 1 >= argc) {
		ctl_out(c, "%% Missing value after '%s' (expected %" PRIu32 "..%" PRIu32 ")\n", kw, min,
		    max);
		return false;
	}
	(*i)++;
	if (!parse_u32(argv[*i], min, max, v)) {
		ctl_out(c, "%% Invalid value for %s: '%s' (expected %" PRIu32 "..%" PRIu32 ")\n", kw,
		    ctl_fmt_word(w, sizeof(w), argv[*i]), min, max);
		return false;
	}
	return true;
}

int
ctl_parse_args(struct ctl_conn *c, enum lsr_ctl_cmd_id cmd, int argc, char **argv, int first,
	       const struct ctl_arg *args, size_t n_args)
{
	char w[CTL_WORD_STRLEN];
	uint32_t v;
	size_t k;
	int i;

	for (i = first; i < argc; i++) {
		const struct ctl_arg *a = NULL;

		for (k = 0; k < n_args && a == NULL; k++)
			if (strcmp(argv[i], args[k].kw) == 0)
				a = &args[k];
		if (a == NULL)
			USAGE(c, "%% Unknown keyword '%s'\nUsage: %s %s\n",
			      ctl_fmt_word(w, sizeof(w), argv[i]), lsr_ctl_cmds[cmd].words,
			      lsr_ctl_cmds[cmd].args);
		switch (a->kind) {
		case CTL_ARG_FLAG:
			*(bool *)a->v = true;
			break;
		case CTL_ARG_U32:
			if (!ctl_kw_u32(c, argc, argv, &i, a->min, a->max, a->v))
				return LSR_CTL_USAGE;
			break;
		case CTL_ARG_U8:
			if (!ctl_kw_u32(c, argc, argv, &i, a->min,
					RTE_MIN(a->max, (uint32_t)UINT8_MAX), &v))
				return LSR_CTL_USAGE;
			*(uint8_t *)a->v = (uint8_t)v;
			break;
		case CTL_ARG_FN:
			if (!a->fn(c, argc, argv, &i, a->v))
				return LSR_CTL_USAGE;
			break;
		}
	}
	return LSR_CTL_OK;
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
		snprintf(buf, len, "MEP %s", lsr_node_ident_format(id, sizeof(id), &far));
	} else {
		const char *what = side == OAM_SIDE_IN ? "in-MIP" : side == OAM_SIDE_OUT ?
			"out-MIP" : side == OAM_SIDE_NODE ? "node MIP" : "MIP";

		snprintf(buf, len, "%s %s:%" PRIu32, what,
			 lsr_node_ident_format(id, sizeof(id), &c->ping.mip_node), c->ping.mip_if);
	}
	return buf;
}

void
ctl_responder_text(const struct oam_probe_result *r, char *buf, size_t len)
{
	char id[48];

	buf[0] = '\0';
	if (r->lbr && r->has_replying) {
		snprintf(buf, len, "%s:%s:%" PRIu32, r->replying.icc[0] ? r->replying.icc : "-",
			 lsr_node_id_format(id, sizeof(id), r->replying.node_id),
			 r->replying.if_num);
	} else if (!r->lbr && r->has_src) {
		snprintf(buf, len, "%s", lsr_node_ident_format(id, sizeof(id), &r->src));
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
			  lsr_node_ident_format(id, sizeof(id), &far));
	} else {
		const char *side = oam_side_name(ev->side);

		lsr_node_ident_format(id, sizeof(id), &c->ping.mip_node);
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
			lsr_node_ident_format(id, sizeof(id), &c->ping.mip_node);
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
		    c->ping.encap == OAM_ENCAP_IP ? "MPLS-TP on-demand CV echo requests (IP form)" :
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

/* ping's `mip GLOBAL:NODE:IF_NUM [in|out]` (docs/CLI.md) into the oam_ping_params v. */
static bool
arg_mip(struct ctl_conn *c, int argc, char **argv, int *i, void *v)
{
	struct oam_ping_params *p = v;
	char w[CTL_WORD_STRLEN];
	int rc = -EINVAL;

	if (*i + 1 < argc)
		rc = lsr_mip_id_parse(argv[*i + 1], &p->mip_node, &p->mip_if);
	if (rc < 0) {
		ctl_out(c, "%% Invalid MIP ID '%s' (expected GLOBAL:NODE:IF_NUM, e.g. "
		    "65000:192.0.2.2:1%s)\n", *i + 1 < argc ? ctl_fmt_word(w, sizeof(w),
		    argv[*i + 1]) : "", rc == -ERANGE ? "; Node_ID 0 is reserved" : "");
		return false;
	}
	(*i)++;
	p->target = OAM_TARGET_MIP;
	if (*i + 1 < argc && strcmp(argv[*i + 1], "in") == 0) {
		p->side = OAM_SIDE_IN;
		(*i)++;
	} else if (*i + 1 < argc && strcmp(argv[*i + 1], "out") == 0) {
		p->side = OAM_SIDE_OUT;
		(*i)++;
	}
	return true;
}

/* encap ip|non-ip: how echo requests are carried (docs/OAM-NOTES.md "The IP form"). */
bool
ctl_arg_encap(struct ctl_conn *c, int argc, char **argv, int *i, void *v)
{
	uint8_t *encap = v;
	char w[CTL_WORD_STRLEN];

	for (uint8_t e = OAM_ENCAP_NON_IP; e <= OAM_ENCAP_IP; e++) {
		if (*i + 1 < argc && strcmp(argv[*i + 1], oam_encap_name(e)) == 0) {
			*encap = e;
			(*i)++;
			return true;
		}
	}
	ctl_out(c, "%% Invalid encapsulation '%s' (expected ip or non-ip)\n",
	    *i + 1 < argc ? ctl_fmt_word(w, sizeof(w), argv[*i + 1]) : "");
	return false;
}

int
ctl_cmd_ping(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	struct oam_ping_params p = {
		.target = OAM_TARGET_MEP, .count = 5, .interval_ms = 0, .timeout_ms = 2000,
	};
	bool have_mep = false;
	const struct ctl_arg args[] = {
		{ "mip", CTL_ARG_FN, &p, 0, 0, arg_mip },
		{ "mep", CTL_ARG_FLAG, &have_mep, 0, 0, NULL },
		{ "ttl", CTL_ARG_U8, &p.ttl, 1, 255, NULL },
		{ "count", CTL_ARG_U32, &p.count, 1, OAM_MEP_MAX_COUNT, NULL },
		{ "interval", CTL_ARG_U32, &p.interval_ms, 0, 60000, NULL },
		{ "timeout", CTL_ARG_U32, &p.timeout_ms, 1, 60000, NULL },
		{ "g8113", CTL_ARG_FLAG, &p.g8113, 0, 0, NULL },
		{ "encap", CTL_ARG_FN, &p.encap, 0, 0, ctl_arg_encap },
		{ "json", CTL_ARG_FLAG, &c->json, 0, 0, NULL },
	};
	int ret;

	if (argc < 1)
		USAGE(c, "%% Missing LSP name\n");
	ret = ctl_parse_args(c, LSR_CTL_CMD_ping, argc, argv, 1, args, RTE_DIM(args));
	if (ret != LSR_CTL_OK)
		return ret;
	if (p.g8113 && p.encap != OAM_ENCAP_NON_IP)
		USAGE(c, "%% 'g8113' has no IP form: 'encap ip' is for LSP Ping\n");
	if (p.target == OAM_TARGET_MIP && have_mep)
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
		lsr_node_ident_format(node, sizeof(node), &r->src);
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
	const struct ctl_arg args[] = {
		{ "max-ttl", CTL_ARG_U8, &p.max_ttl, 1, 255, NULL },
		{ "timeout", CTL_ARG_U32, &p.timeout_ms, 1, 60000, NULL },
		{ "encap", CTL_ARG_FN, &p.encap, 0, 0, ctl_arg_encap },
		{ "json", CTL_ARG_FLAG, &c->json, 0, 0, NULL },
	};
	int ret;

	if (argc < 1)
		USAGE(c, "%% Missing LSP name\n");
	ret = ctl_parse_args(c, LSR_CTL_CMD_traceroute, argc, argv, 1, args, RTE_DIM(args));
	if (ret != LSR_CTL_OK)
		return ret;
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
		ctl_out(c, "Tracing MPLS-TP LSP %s (max TTL %u, timeout %" PRIu32 " ms%s)\n\n%s",
		    argv[0], p.max_ttl, p.timeout_ms, p.encap == OAM_ENCAP_IP ? ", IP form" : "",
		    ctl_trace_heading);
	return CTL_PENDING;
}

/* ---- loopback ------------------------------------------------------------- */

/* A word that is not an IF_NUM: @return LSR_CTL_USAGE, with the message. */
static int
bad_if_num(struct ctl_conn *c, const char *word)
{
	char w[CTL_WORD_STRLEN];

	USAGE(c, "%% Invalid IF_NUM '%s' (expected 1..4294967295)\n",
	      ctl_fmt_word(w, sizeof(w), word));
}

/* The slot of interface ifn, or -1 with a message when this node has none. */
static int
interface_slot(struct ctl_conn *c, uint32_t ifn)
{
	int slot = lsr_config_slot_of(c->ctl->d->cfg, ifn);

	if (slot < 0)
		ctl_out(c, "%% No interface %" PRIu32 " on this node\n", ifn);
	return slot;
}

/* The loopback state of an LSP here: NONE, or where and at which slot.  O(1). */
static enum lsr_loop
lsp_loop(const struct ctl_daemon *d, uint32_t lsp, uint16_t *slot)
{
	const struct lsr_lfib_entry *e = lsr_lfib_entry_of(d->fib->lfib, lsp, LSR_DIR_FORWARD);
	enum lsr_loop loop;

	if (e == NULL)
		return LSR_LOOP_NONE;
	loop = lsr_lfib_get_loop(e);
	*slot = loop == LSR_LOOP_IN_MIP ? e->in_slot : e->out_slot;
	return loop;
}

static const char *
loop_side(enum lsr_loop loop)
{
	return loop == LSR_LOOP_IN_MIP ? "in" : "out";
}

int
ctl_cmd_loopback(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	uint16_t at = 0, was_at;
	enum lsr_loop was, loop;
	uint32_t lsp, ifn;
	bool on;
	int slot, ret;

	if (argc != 4 || strcmp(argv[1], "interface") != 0 ||
	    (strcmp(argv[3], "on") != 0 && strcmp(argv[3], "off") != 0))
		USAGE(c, "%% Usage: %s %s\n", lsr_ctl_cmds[LSR_CTL_CMD_loopback].words,
		      lsr_ctl_cmds[LSR_CTL_CMD_loopback].args);
	if (!parse_u32(argv[2], 1, UINT32_MAX, &ifn))
		return bad_if_num(c, argv[2]);
	on = strcmp(argv[3], "on") == 0;
	if (ctl_find_lsp(c, argv[0], &lsp) < 0)
		return LSR_CTL_FAIL;
	slot = interface_slot(c, ifn);
	if (slot < 0)
		return LSR_CTL_FAIL;
	was = lsp_loop(d, lsp, &at);
	was_at = at;
	/* RFC 6435 §3: `off` clears the loopback of the MIP it names, not another one. */
	if (!on && was == LSR_LOOP_NONE) {
		ctl_out(c, "%% LSP %s has no loopback set at this node; nothing to clear\n",
		    argv[0]);
		return LSR_CTL_FAIL;
	}
	if (!on && at != slot) {
		ctl_out(c, "%% LSP %s has no loopback at interface %" PRIu32 "; it is set at the "
		    "%s-MIP of interface %" PRIu32 " (clear it there)\n", argv[0], ifn,
		    loop_side(was), if_num(d->cfg, at));
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
	if (!on) {
		ctl_out(c, "Loopback cleared on LSP %s at the %s-MIP of interface %" PRIu32 "\n",
		    argv[0], loop_side(was), ifn);
		return LSR_CTL_OK;
	}
	loop = lsp_loop(d, lsp, &at);
	ctl_out(c, "Loopback set on LSP %s at the %s-MIP of interface %" PRIu32, argv[0],
	    loop_side(loop), ifn);
	if (was != LSR_LOOP_NONE && (was != loop || was_at != at))
		ctl_out(c, " (moved from the %s-MIP of interface %" PRIu32 ")", loop_side(was),
		    if_num(d->cfg, was_at));
	ctl_out(c, "\n");
	return LSR_CTL_OK;
}

/* ---- show ------------------------------------------------------------------ */

/* `show X [json]`: @return LSR_CTL_OK or LSR_CTL_USAGE (with a message). */
static int
show_args(struct ctl_conn *c, enum lsr_ctl_cmd_id cmd, int argc, char **argv)
{
	const struct ctl_arg args[] = { { "json", CTL_ARG_FLAG, &c->json, 0, 0, NULL } };

	return ctl_parse_args(c, cmd, argc, argv, 0, args, RTE_DIM(args));
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

static const char *const dir_names[LSR_DIR_MAX] = { "forward", "reverse" };

/* The intended path of each direction (docs/CONTRACT.md §2 `path`), one line per leg. */
static void
path_text(struct ctl_conn *c, const struct lsr_lsp_cfg *l)
{
	char id[LSR_NODE_IDENT_STRLEN];

	for (int d = 0; d < LSR_DIR_MAX; d++) {
		const struct lsr_path *p = l->path[d];

		for (unsigned int g = 0; p != NULL && g < p->n_legs; g++) {
			ctl_out(c, "  path %-7s", dir_names[d]);
			for (unsigned int h = 0; h < p->leg[g].n_hops; h++) {
				const struct lsr_path_hop *hop = &p->leg[g].hop[h];
				bool sink = h + 1 == p->leg[g].n_hops;

				lsr_node_ident_format(id, sizeof(id), &hop->node);
				ctl_out(c, " %s %s in %" PRIu32, sink ? "to" : "via", id, hop->in_if);
				if (!sink)
					ctl_out(c, " out %" PRIu32, hop->out_if);
			}
			ctl_out(c, "\n");
		}
	}
}

/* "path": {"forward": [leg, ...] or null, "reverse": ...}; a leg is a list of hops. */
static void
path_json(struct ctl_buf *b, const struct lsr_lsp_cfg *l)
{
	char id[LSR_NODE_IDENT_STRLEN];

	ctl_buf_printf(b, ", \"path\": {");
	for (int d = 0; d < LSR_DIR_MAX; d++) {
		const struct lsr_path *p = l->path[d];

		ctl_buf_printf(b, "%s\"%s\": %s", d ? ", " : "", dir_names[d], p ? "[" : "null");
		for (unsigned int g = 0; p != NULL && g < p->n_legs; g++) {
			ctl_buf_printf(b, "%s[", g ? ", " : "");
			for (unsigned int h = 0; h < p->leg[g].n_hops; h++) {
				const struct lsr_path_hop *hop = &p->leg[g].hop[h];

				lsr_node_ident_format(id, sizeof(id), &hop->node);
				ctl_buf_printf(b, "%s{\"node\": \"%s\", \"in\": %" PRIu32
					       ", \"out\": %" PRIu32 "}", h ? ", " : "", id,
					       hop->in_if, hop->out_if);
			}
			ctl_buf_printf(b, "]");
		}
		if (p != NULL)
			ctl_buf_printf(b, "]");
	}
	ctl_buf_printf(b, "}");
}

/*
 * `show lsp NAME`: the per-LSP counters of each direction with an entry here
 * since the last clear (include/lsr_lsp_counters.h, docs/CLI.md).  As JSON,
 * "counters": {"forward": {...} or null, "reverse": ...}; a node without them
 * (replay) shows none.
 */
static void
lsp_counters_out(struct ctl_conn *c, struct ctl_buf *b, uint32_t lsp)
{
	const struct lsr_fib *fib = c->ctl->d->fib;

	if (fib->lsp_counters == NULL)
		return;
	if (c->json)
		ctl_buf_printf(b, ", \"counters\": {");
	for (int d = 0; d < LSR_DIR_MAX; d++) {
		struct lsr_entry_counts n;
		int ret = lsr_lsp_counters_read(fib, lsp, (enum lsr_dir)d, &n);

		if (c->json && ret < 0) {
			ctl_buf_printf(b, "%s\"%s\": null", d ? ", " : "", dir_names[d]);
		} else if (c->json) {
			ctl_buf_printf(b, "%s\"%s\": {\"frames\": %" PRIu64 ", \"bytes\": %" PRIu64
				       ", \"forwarded\": %" PRIu64 ", \"dropped\": %" PRIu64 "}",
				       d ? ", " : "", dir_names[d], n.frames, n.bytes, n.forwarded,
				       n.dropped);
		} else if (ret == -EBUSY) {
			ctl_out(c, "  counters %-7s unavailable: a worker is busy\n", dir_names[d]);
		} else if (ret == 0) {
			ctl_out(c, "  counters %-7s frames %" PRIu64 " bytes %" PRIu64 " forwarded %"
				PRIu64 " dropped %" PRIu64 "\n", dir_names[d], n.frames, n.bytes,
				n.forwarded, n.dropped);
		}
	}
	if (c->json)
		ctl_buf_printf(b, "}");
}

/* LSP i of `show lsp`: as text, queued on c with ctl_out(); as JSON, one element of the
 * array appended to b, which the caller queues through ctl_out(). */
static void
show_lsp_one(struct ctl_conn *c, struct ctl_buf *b, uint32_t i, bool detail)
{
	const struct ctl_daemon *d = c->ctl->d;
	const struct lsr_config *cfg = d->cfg;
	const struct lsr_lsp_cfg *l = &cfg->lsps[i];
	char s[LSR_NODE_IDENT_STRLEN], t[LSR_NODE_IDENT_STRLEN];
	uint16_t slot = 0;
	enum lsr_loop loop = lsp_loop(d, i, &slot);

	lsr_node_ident_format(s, sizeof(s), &l->src);
	lsr_node_ident_format(t, sizeof(t), &l->dst);
	if (!c->json) {
		ctl_out(c, "LSP %s: %s tunnel %u -> %s tunnel %u, lsp-num %u, role %s\n", l->name,
		    s, l->src_tunnel, t, l->dst_tunnel, l->lsp_num, ctl_lsp_role(l));
		dir_text(c, cfg, "forward", &l->dir[LSR_DIR_FORWARD]);
		dir_text(c, cfg, "reverse", &l->dir[LSR_DIR_REVERSE]);
		if (loop == LSR_LOOP_NONE)
			ctl_out(c, "  loopback off\n");
		else
			ctl_out(c, "  loopback ON at the %s-MIP of interface %" PRIu32 "\n",
			    loop_side(loop), if_num(cfg, slot));
		if (detail) {
			path_text(c, l);
			lsp_counters_out(c, b, i);
		}
		return;
	}
	ctl_buf_printf(b, "%s{\"name\": ", c->n_shown++ ? ", " : "");
	ctl_buf_json_str(b, l->name);
	ctl_buf_printf(b, ", \"source\": \"%s\", \"source_tunnel\": %u, \"destination\": \"%s\", "
		       "\"destination_tunnel\": %u, \"lsp_num\": %u, \"role\": \"%s\", "
		       "\"forward\": ", s, l->src_tunnel, t, l->dst_tunnel, l->lsp_num,
		       ctl_lsp_role(l));
	dir_json(b, cfg, &l->dir[LSR_DIR_FORWARD]);
	ctl_buf_printf(b, ", \"reverse\": ");
	dir_json(b, cfg, &l->dir[LSR_DIR_REVERSE]);
	if (loop == LSR_LOOP_NONE)
		ctl_buf_printf(b, ", \"loopback\": null");
	else
		ctl_buf_printf(b, ", \"loopback\": {\"if\": %" PRIu32 ", \"at\": \"%s\"}",
			       if_num(cfg, slot), loop_side(loop));
	if (detail) {
		path_json(b, l);
		lsp_counters_out(c, b, i);
	}
	ctl_buf_printf(b, "}");
}

/*
 * One round of `show lsp`: at most SHOW_LSP_ROUND LSPs, or about
 * SHOW_LSP_BYTES of text, from c->more_pos on.  ctl.c calls it again as the
 * client reads (ctl_more()), so a million LSPs (~100 MB of text) never hold the main lcore
 * (OAM replies, the prober, forwarding with -l 1) for more than one round, and
 * never sit in memory at once.
 */
#define SHOW_LSP_ROUND 1024
#define SHOW_LSP_BYTES (64 * 1024)

static int
show_lsp_more(struct ctl_conn *c)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	size_t start = c->out.len;
	uint64_t end = RTE_MIN(c->more_pos + SHOW_LSP_ROUND, (uint64_t)cfg->n_lsps);
	struct ctl_buf b = { 0 };

	/*
	 * Slots are read afresh each round (a change may have moved cfg->lsps);
	 * the tombstones of deleted LSPs are passed over (docs/PROVISIONING.md).
	 */
	for (; c->more_pos < end && c->out.len - start + b.len < SHOW_LSP_BYTES && !b.oom;
	     c->more_pos++)
		if (lsr_lsp_live(&cfg->lsps[c->more_pos]))
			show_lsp_one(c, &b, (uint32_t)c->more_pos, false);
	/* Through ctl_out(): the server's output caps count every queued byte. */
	if (b.len > 0)
		ctl_out(c, "%s", b.p);
	ctl_buf_free(&b);
	if (c->more_pos < cfg->n_lsps)
		return CTL_PENDING;
	if (c->json)
		ctl_out(c, "]}\n");
	return LSR_CTL_OK;
}

/*
 * `show lsp NAME [json]`: one LSP, with its intended path; as JSON, the LSP's
 * object alone (docs/CLI.md).
 */
static int
show_lsp_named(struct ctl_conn *c, const char *name, int argc, char **argv)
{
	int status = show_args(c, LSR_CTL_CMD_show_lsp, argc, argv);
	struct ctl_buf b = { 0 };
	uint32_t lsp;

	if (status != LSR_CTL_OK)
		return status;
	if (ctl_find_lsp(c, name, &lsp) < 0)
		return LSR_CTL_FAIL;
	show_lsp_one(c, &b, lsp, true);
	if (b.oom) {
		ctl_buf_free(&b);
		ctl_out(c, "%% Out of memory\n");
		return LSR_CTL_FAIL;
	}
	if (c->json)
		ctl_out(c, "%s\n", b.p);
	ctl_buf_free(&b);
	return LSR_CTL_OK;
}

int
ctl_cmd_show_lsp(struct ctl_conn *c, int argc, char **argv)
{
	int status;

	if (argc > 0 && strcmp(argv[0], "json") != 0) {
		char w[CTL_WORD_STRLEN];

		/* Neither `json` nor a name an LSP can have: a usage error, quoted. */
		if (!lsr_lsp_name_ok(argv[0]))
			USAGE(c, "%% Unknown keyword or bad LSP name '%s'\nUsage: %s %s\n",
			      ctl_fmt_word(w, sizeof(w), argv[0]),
			      lsr_ctl_cmds[LSR_CTL_CMD_show_lsp].words,
			      lsr_ctl_cmds[LSR_CTL_CMD_show_lsp].args);
		return show_lsp_named(c, argv[0], argc - 1, argv + 1);
	}
	status = show_args(c, LSR_CTL_CMD_show_lsp, argc, argv);
	if (status != LSR_CTL_OK)
		return status;
	if (c->json)
		ctl_out(c, "{\"lsps\": [");
	else if (c->ctl->d->cfg->n_live == 0)
		ctl_out(c, "No LSPs configured\n");
	return ctl_more(c, show_lsp_more);
}

/*
 * The counters since the last `clear counters`, a consistent snapshot
 * (lsr_counters_snapshot()).  @return LSR_CTL_OK, or LSR_CTL_FAIL with a message.
 */
static int
counters_since_clear(struct ctl_conn *c, struct lsr_counters *sum)
{
	const struct ctl_daemon *d = c->ctl->d;
	int ret = lsr_counters_snapshot(d->dp, d->baseline, sum);

	if (ret == 0)
		return LSR_CTL_OK;
	ctl_out(c, "%% Counters not read: %s; try again\n",
		ret == -EBUSY ? "a worker is busy" : strerror(-ret));
	return LSR_CTL_FAIL;
}

int
ctl_cmd_show_interfaces(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	const struct lsr_config *cfg = d->cfg;
	struct lsr_counters sum;
	int status = show_args(c, LSR_CTL_CMD_show_interfaces, argc, argv);
	bool json = c->json;
	struct ctl_buf b = { 0 };
	char mac[24], peer[24];
	unsigned int i;

	if (status != LSR_CTL_OK)
		return status;
	status = counters_since_clear(c, &sum);
	if (status != LSR_CTL_OK)
		return status;
	if (json)
		ctl_buf_printf(&b, "{\"interfaces\": [");
	else
		ctl_buf_printf(&b, "%-8s %-4s %-4s %-17s  %-17s  %-3s  %-4s  %12s %12s %12s %12s "
			  "%9s %9s %-7s\n", "IF_Num", "Port", "VLAN", "MAC", "Peer", "MIP", "Link",
			  "RX", "TX", "Port-in", "Port-out", "Missed", "Max-frame", "Promisc");
	for (i = 0; i < cfg->n_interfaces; i++) {
		const struct lsr_interface_cfg *ic = &cfg->interfaces[i];
		struct rte_eth_link link;
		struct rte_eth_stats st;
		/* docs/PORTS.md: the largest frame the port carries whole. */
		uint32_t max_frame = d->dp != NULL ? lsr_dataplane_max_frame(d->dp, (uint16_t)i) : 0;
		bool up, promisc = rte_eth_promiscuous_get(ic->port) == 1;
		char vlan[8] = "-";	/* untagged (docs/PORTS.md "VLAN sub-interfaces") */

		memset(&link, 0, sizeof(link));
		memset(&st, 0, sizeof(st));
		rte_eth_link_get_nowait(ic->port, &link);
		rte_eth_stats_get(ic->port, &st);
		up = link.link_status == RTE_ETH_LINK_UP;
		fmt_mac(mac, sizeof(mac), ic->mac);
		fmt_mac(peer, sizeof(peer), ic->peer);
		if (ic->vlan != LSR_VLAN_NONE)
			snprintf(vlan, sizeof(vlan), "%u", (unsigned int)ic->vlan);
		if (json)
			ctl_buf_printf(&b, "%s{\"if_num\": %" PRIu32 ", \"port\": %u, \"vlan\": %s, "
				  "\"mac\": \"%s\", "
				  "\"peer\": \"%s\", \"mip\": %s, \"link\": \"%s\", \"rx\": %" PRIu64
				  ", \"tx\": %" PRIu64 ", \"port_ipackets\": %" PRIu64
				  ", \"port_opackets\": %" PRIu64 ", \"port_imissed\": %" PRIu64
				  ", \"port_oerrors\": %" PRIu64 ", \"max_frame\": %" PRIu32
				  ", \"promiscuous\": %s}",
				  i ? ", " : "", ic->if_num, ic->port,
				  ic->vlan != LSR_VLAN_NONE ? vlan : "null", mac, peer,
				  ic->mip_enabled ? "true" : "false", up ? "up" : "down", sum.if_rx[i],
				  sum.if_tx[i], st.ipackets, st.opackets, st.imissed, st.oerrors,
				  max_frame, promisc ? "true" : "false");
		else
			ctl_buf_printf(&b, "%-8" PRIu32 " %-4u %-4s %-17s  %-17s  %-3s  %-4s  %12" PRIu64
				  " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %9" PRIu64 " %9" PRIu32
				  " %-7s\n", ic->if_num, ic->port, vlan, mac, peer,
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
	int status = show_args(c, LSR_CTL_CMD_show_counters, argc, argv);
	bool json = c->json;
	unsigned int i;

	if (status != LSR_CTL_OK)
		return status;
	status = counters_since_clear(c, &sum);
	if (status != LSR_CTL_OK)
		return status;
	if (json) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		if (f == NULL) {
			ctl_out(c, "%% Out of memory\n");
			return LSR_CTL_FAIL;
		}
		lsr_stats_write_json(f, &sum, d->cfg, oam_counter_names, OAM_CNT_MAX);
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

void
ctl_daemon_counters(const struct ctl_daemon *d, struct lsr_counters *out_c)
{
	int ret = lsr_counters_snapshot(d->dp, d->baseline, out_c);

	/* -EBUSY needs a worker stuck inside one burst: not after lsr_dataplane_stop(). */
	if (ret < 0) {
		CTL_LOG(WARNING, "no consistent snapshot of the counters: %s", strerror(-ret));
		memset(out_c, 0, sizeof(*out_c));
	}
}

/*
 * `clear counters interface IF`: the zero point of one interface's counts
 * (its rx and tx) and of its two MIPs, in the baselines; the node-wide counts
 * go on (docs/CLI.md "clear counters").
 */
static int
clear_interface(struct ctl_conn *c, const char *word)
{
	struct ctl_daemon *d = c->ctl->d;
	struct lsr_counters now;
	uint32_t ifn;
	int slot, ret;

	if (!parse_u32(word, 1, UINT32_MAX, &ifn))
		return bad_if_num(c, word);
	slot = interface_slot(c, ifn);
	if (slot < 0)
		return LSR_CTL_FAIL;
	ret = lsr_counters_snapshot(d->dp, NULL, &now);
	if (ret < 0) {
		ctl_out(c, "%% Counters not cleared: %s; nothing changed, try again\n",
			ret == -EBUSY ? "a worker is busy" : strerror(-ret));
		return LSR_CTL_FAIL;
	}
	/* A section of the baseline's own, as lsr_counters_set_baseline() writes
	 * it: snapshots on other threads (telemetry) read it whole. */
	lsr_counters_write_begin(d->baseline);
	__atomic_store_n(&d->baseline->if_rx[slot], now.if_rx[slot], __ATOMIC_RELAXED);
	__atomic_store_n(&d->baseline->if_tx[slot], now.if_tx[slot], __ATOMIC_RELAXED);
	lsr_counters_write_end(d->baseline);
	if (d->oam != NULL)
		memcpy(d->mip_baseline->mip[slot], oam_node_mip_counters(d->oam)->mip[slot],
		       sizeof(d->mip_baseline->mip[slot]));
	ctl_out(c, "Counters of interface %" PRIu32 " cleared\n", ifn);
	return LSR_CTL_OK;
}

/*
 * `clear counters lsp NAME`: the zero point of the LSP's per-LSP counters
 * (both directions' entries here); nothing else changes (docs/CLI.md).
 */
static int
clear_lsp(struct ctl_conn *c, const char *name)
{
	struct ctl_daemon *d = c->ctl->d;
	uint32_t lsp;
	int ret;

	if (ctl_find_lsp(c, name, &lsp) < 0)
		return LSR_CTL_FAIL;
	ret = lsr_lsp_counters_clear(d->fib, lsp);
	if (ret < 0) {
		ctl_out(c, "%% Counters of LSP %s not cleared: %s\n", name,
			ret == -EBUSY ? "a worker is busy; try again" :
			ret == -ENODATA ? "this node keeps no per-LSP counters" : strerror(-ret));
		return LSR_CTL_FAIL;
	}
	ctl_out(c, "Counters of LSP %s cleared\n", name);
	return LSR_CTL_OK;
}

int
ctl_cmd_clear_counters(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	int ret;

	if (argc > 0 && (argc != 2 || (strcmp(argv[0], "interface") != 0 &&
				       strcmp(argv[0], "lsp") != 0)))
		USAGE(c, "%% Usage: %s %s\n", lsr_ctl_cmds[LSR_CTL_CMD_clear_counters].words,
		      lsr_ctl_cmds[LSR_CTL_CMD_clear_counters].args);
	/*
	 * Workers own their counters, the OAM node its per-MIP ones: nobody else
	 * writes them.  The zero point is a baseline that every snapshot
	 * subtracts (lsr_counters_set_baseline()).
	 */
	if (d->baseline == NULL || d->mip_baseline == NULL) {
		ctl_out(c, "%% Counters cannot be cleared here\n");
		return LSR_CTL_FAIL;
	}
	if (argc == 2 && strcmp(argv[0], "lsp") == 0)
		return clear_lsp(c, argv[1]);
	if (argc == 2)
		return clear_interface(c, argv[1]);
	ret = lsr_counters_set_baseline(d->dp, d->baseline);
	if (ret < 0) {
		ctl_out(c, "%% Counters not cleared: %s; nothing changed, try again\n",
			ret == -EBUSY ? "a worker is busy" : strerror(-ret));
		return LSR_CTL_FAIL;
	}
	/* The OAM node's lcore is this one (include/oam_counters.h). */
	if (d->oam != NULL)
		*d->mip_baseline = *oam_node_mip_counters(d->oam);
	/* The per-LSP counters too; -ENODATA: a node without them. */
	ret = lsr_lsp_counters_clear_all(d->fib);
	if (ret == -EBUSY) {
		ctl_out(c, "%% Counters cleared, except some per-LSP counters: a worker is busy\n");
		return LSR_CTL_FAIL;
	}
	ctl_out(c, "Counters cleared\n");
	return LSR_CTL_OK;
}

/* ---- show oam mips ----------------------------------------------------------- */

/*
 * The per-MIP counters since the last `clear counters`, read on the main
 * lcore, the OAM node's (include/oam_counters.h).  @return LSR_CTL_OK, or
 * LSR_CTL_FAIL with a message.
 */
static int
mips_since_clear(struct ctl_conn *c, struct oam_mip_counters *out)
{
	const struct ctl_daemon *d = c->ctl->d;

	if (d->oam == NULL) {
		ctl_out(c, "%% No OAM node here\n");
		return LSR_CTL_FAIL;
	}
	*out = *oam_node_mip_counters(d->oam);
	if (d->mip_baseline != NULL)
		oam_mip_counters_sub(out, d->mip_baseline);
	return LSR_CTL_OK;
}

/* RFC 6435 loopbacks set at each MIP: the LSPs looped there (the label table's loop state). */
static void
mip_loopbacks(const struct ctl_daemon *d, uint32_t loops[LSR_MAX_INTERFACES][OAM_MIP_ROWS])
{
	const struct lsr_config *cfg = d->cfg;

	memset(loops, 0, sizeof(uint32_t) * LSR_MAX_INTERFACES * OAM_MIP_ROWS);
	for (uint32_t i = 0; i < cfg->n_lsps; i++) {
		uint16_t slot = 0;
		enum lsr_loop loop;

		if (!lsr_lsp_live(&cfg->lsps[i]))
			continue;
		loop = lsp_loop(d, i, &slot);
		if (loop != LSR_LOOP_NONE && slot < LSR_MAX_INTERFACES)
			loops[slot][loop == LSR_LOOP_IN_MIP ? OAM_MIP_ROW_IN : OAM_MIP_ROW_OUT]++;
	}
}

/* One MIP's row: if_num, its name, enabled (-1: not a per-interface setting). */
static void
mip_row(struct ctl_buf *b, bool json, bool first, uint32_t ifn, const char *mip, int enabled,
	const uint64_t cnt[OAM_MIP_CNT_MAX], uint32_t loops)
{
	unsigned int i;

	if (json) {
		ctl_buf_printf(b, "%s{\"if_num\": %" PRIu32 ", \"mip\": \"%s\", \"enabled\": %s",
			       first ? "" : ", ", ifn, mip,
			       enabled < 0 ? "null" : enabled ? "true" : "false");
		for (i = 0; i < OAM_MIP_CNT_MAX; i++)
			ctl_buf_printf(b, ", \"%s\": %" PRIu64, oam_mip_counter_names[i], cnt[i]);
		ctl_buf_printf(b, ", \"loopbacks\": %" PRIu32 "}", loops);
		return;
	}
	ctl_buf_printf(b, "%-8" PRIu32 " %-4s %-7s", ifn, mip,
		       enabled < 0 ? "-" : enabled ? "on" : "off");
	for (i = 0; i < OAM_MIP_CNT_MAX; i++)
		ctl_buf_printf(b, " %14" PRIu64, cnt[i]);
	ctl_buf_printf(b, " %9" PRIu32 "\n", loops);
}

int
ctl_cmd_show_oam_mips(struct ctl_conn *c, int argc, char **argv)
{
	const struct ctl_daemon *d = c->ctl->d;
	const struct lsr_config *cfg = d->cfg;
	int status = show_args(c, LSR_CTL_CMD_show_oam_mips, argc, argv);
	struct oam_mip_counters mc;
	uint32_t loops[LSR_MAX_INTERFACES][OAM_MIP_ROWS];
	bool per_node = cfg->mip_mode == LSR_MIP_PER_NODE;
	struct lsr_counters sum;
	struct ctl_buf b = { 0 };
	unsigned int i;

	if (status == LSR_CTL_OK)
		status = mips_since_clear(c, &mc);
	if (status == LSR_CTL_OK)
		status = counters_since_clear(c, &sum);
	if (status != LSR_CTL_OK)
		return status;
	mip_loopbacks(d, loops);
	if (c->json) {
		ctl_buf_printf(&b, "{\"mip_mode\": \"%s\", \"mips\": [",
			       per_node ? "per-node" : "per-interface");
	} else {
		ctl_buf_printf(&b, "%-8s %-4s %-7s", "IF_Num", "MIP", "Enabled");
		for (i = 0; i < OAM_MIP_CNT_MAX; i++)
			ctl_buf_printf(&b, " %14s", oam_mip_counter_names[i]);
		ctl_buf_printf(&b, " %9s\n", "loopbacks");
	}
	if (per_node) {
		uint32_t all = 0;

		for (i = 0; i < cfg->n_interfaces; i++)
			all += loops[i][OAM_MIP_ROW_IN] + loops[i][OAM_MIP_ROW_OUT];
		/* RFC 6370 §7.3: one MIP, IF_Num 0; each interface's mip setting still applies. */
		mip_row(&b, c->json, true, 0, "node", -1, mc.node, all);
	}
	for (i = 0; !per_node && i < cfg->n_interfaces; i++) {
		const struct lsr_interface_cfg *ic = &cfg->interfaces[i];

		mip_row(&b, c->json, i == 0, ic->if_num, "in", ic->mip_enabled,
			mc.mip[i][OAM_MIP_ROW_IN], loops[i][OAM_MIP_ROW_IN]);
		mip_row(&b, c->json, false, ic->if_num, "out", ic->mip_enabled,
			mc.mip[i][OAM_MIP_ROW_OUT], loops[i][OAM_MIP_ROW_OUT]);
	}
	/* docs/CLI.md "show oam mips": what no MIP can be named for. */
	if (c->json)
		ctl_buf_printf(&b, "], \"misdirected\": %" PRIu64 ", \"policed\": %" PRIu64
			       ", \"looped\": %" PRIu64 "}\n", sum.drops[LSR_DROP_MISDIRECTED],
			       sum.drops[LSR_DROP_POLICED], sum.oam[OAM_CNT_LOOPBACK]);
	else
		ctl_buf_printf(&b, "Node-wide: misdirected %" PRIu64 " (every MIP or node named), "
			       "policed %" PRIu64 " (before any MIP is known), looped %" PRIu64
			       " frames\n", sum.drops[LSR_DROP_MISDIRECTED],
			       sum.drops[LSR_DROP_POLICED], sum.oam[OAM_CNT_LOOPBACK]);
	if (b.oom) {
		ctl_buf_free(&b);
		ctl_out(c, "%% Out of memory\n");
		return LSR_CTL_FAIL;
	}
	ctl_out(c, "%s", b.p ? b.p : "");
	ctl_buf_free(&b);
	return LSR_CTL_OK;
}
