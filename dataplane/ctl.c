/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control socket of the live daemon (docs/CLI.md, include/lsr_ctl.h).
 *
 * Runs on the main lcore, polled from its loop, never blocking: connections are
 * non-blocking, replies are buffered and flushed as the socket accepts them,
 * and ping/traceroute leave the request pending while the prober (oam/mep.c)
 * works; its events are rendered into the connection as they come.  Handlers
 * are thin: parse the words, call one verb, print the outcome.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_telemetry.h>

#include "lsr_config.h"
#include "lsr_ctl.h"
#include "lsr_fwd.h"
#include "lsr_lfib.h"
#include "lsr_stats.h"
#include "lsr_util.h"
#include "oam_lspping.h"
#include "oam_mep.h"

RTE_LOG_REGISTER(lsr_logtype_ctl, lsr.ctl, INFO);
#define RTE_LOGTYPE_CTL lsr_logtype_ctl
#define CTL_LOG(level, fmt, ...) \
	RTE_LOG(level, CTL, "%s(): " fmt "\n", __func__, ##__VA_ARGS__)

#define CTL_MAX_CONNS      16
#define CTL_PENDING        (-1)		/* a handler's answer: the reply comes later */
#define CTL_POLL_NS        1000000ull	/* look at the sockets at most every 1 ms */
#define CTL_REQUEST_NS     (10 * 1000000000ull)	/* a client must send its line within */
#define NS_PER_MS          UINT64_C(1000000)

static_assert(sizeof(struct lsr_counters) % sizeof(uint64_t) == 0, "counters are u64 words");

/* ---- a growing output buffer --------------------------------------------- */

struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void
sb_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	if (b->oom)
		return;
	va_copy(ap2, ap);
	n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if (b->p == NULL || b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

static void __rte_format_printf(2, 3)
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

static void
sb_free(struct sbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* JSON string: escape what JSON requires. */
static void
sb_json_str(struct sbuf *b, const char *s)
{
	sb_printf(b, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			sb_printf(b, "\\%c", ch);
		else if (ch < 0x20)
			sb_printf(b, "\\u%04x", ch);
		else
			sb_printf(b, "%c", ch);
	}
	sb_printf(b, "\"");
}

/* ---- connections -------------------------------------------------------- */

enum conn_cmd { CONN_NONE = 0, CONN_PING, CONN_TRACE, CONN_LOCATE };

struct ctl_conn {
	int fd;
	struct lsr_ctl *ctl;
	uint64_t opened_ns;
	char in[LSR_CTL_LINE_MAX];
	size_t in_len;
	bool dispatched;
	bool closing;		/* the status line is queued: close once flushed */
	struct sbuf out;
	size_t out_off;
	char last;		/* last character queued: the status line starts a line */

	/* A pending ping or traceroute. */
	enum conn_cmd cmd;
	struct oam_mep_session *sess;
	bool json;
	uint32_t lsp;
	struct oam_ping_params ping;
	struct oam_trace_params trace;
	struct oam_locate_params locate;
	bool checks_shown;	/* locate: the heading of the CV checks is out */
	struct sbuf probes;	/* json: the probes/hops array so far */
	unsigned int n_probes;
};

struct lsr_ctl {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct lsr_daemon *d;
	uint64_t last_poll_ns;
	uint64_t now_ns;
	struct ctl_conn *conns[CTL_MAX_CONNS];
	uint64_t refused;	/* peers refused (logged at powers of two only) */
};

static void __rte_format_printf(2, 3)
out(struct ctl_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&c->out, fmt, ap);
	va_end(ap);
	if (c->out.len > 0)
		c->last = c->out.p[c->out.len - 1];
}

static void
finish_conn(struct ctl_conn *c, int status)
{
	if (c->last != '\0' && c->last != '\n')
		out(c, "\n");
	out(c, LSR_CTL_STATUS_PREFIX "%d\n", status);
	c->closing = true;
}

static void
conn_close(struct lsr_ctl *ctl, unsigned int i)
{
	struct ctl_conn *c = ctl->conns[i];

	if (c->sess != NULL)
		oam_mep_cancel(ctl->d->mep, c->sess);
	close(c->fd);
	sb_free(&c->out);
	sb_free(&c->probes);
	free(c);
	ctl->conns[i] = NULL;
}

/* ---- formatting helpers -------------------------------------------------- */

static const char *
fmt_ident(char *buf, size_t len, const struct lsr_node_ident *id)
{
	uint32_t n = id->node_id;

	snprintf(buf, len, "%" PRIu32 ":%u.%u.%u.%u", id->global_id, n >> 24, (n >> 16) & 0xff,
		 (n >> 8) & 0xff, n & 0xff);
	return buf;
}

static const char *
fmt_mac(char *buf, size_t len, const uint8_t *m)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static const char *
fmt_ms(char *buf, size_t len, uint64_t ns)
{
	snprintf(buf, len, "%" PRIu64 ".%03" PRIu64, ns / NS_PER_MS, (ns % NS_PER_MS) / 1000);
	return buf;
}

/* Return code in words, with the stack depth where the words call for it. */
static const char *
fmt_rc(char *buf, size_t len, uint8_t rc, uint8_t rsc)
{
	const char *name = oam_rc_name(rc);
	size_t n = strlen(name);

	if (n >= 11 && strcmp(name + n - 11, "stack depth") == 0)
		snprintf(buf, len, "%s %u", name, rsc);
	else
		snprintf(buf, len, "%s", name);
	return buf;
}

static uint32_t
if_num(const struct lsr_config *cfg, uint16_t slot)
{
	return slot < cfg->n_interfaces ? cfg->interfaces[slot].if_num : 0;
}

/* ---- parsing ----------------------------------------------------------- */

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

static int
find_lsp(struct ctl_conn *c, const char *name, uint32_t *idx)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	const struct lsr_lsp_cfg *l = lsr_config_find_lsp(cfg, name);

	if (l == NULL) {
		out(c, "%% No such LSP: %s\n", name);
		return -ENOENT;
	}
	*idx = (uint32_t)(l - cfg->lsps);
	return 0;
}

#define USAGE(c, ...) do { out((c), __VA_ARGS__); return LSR_CTL_USAGE; } while (0)

/* keyword VALUE with a range: returns false (and a message) when malformed */
static bool
kw_u32(struct ctl_conn *c, int argc, char **argv, int *i, uint32_t min, uint32_t max,
       uint32_t *v)
{
	const char *kw = argv[*i];

	if (*i + 1 >= argc) {
		out(c, "%% Missing value after '%s' (expected %" PRIu32 "..%" PRIu32 ")\n", kw, min,
		    max);
		return false;
	}
	(*i)++;
	if (!parse_u32(argv[*i], min, max, v)) {
		out(c, "%% Invalid value for %s: '%s' (expected %" PRIu32 "..%" PRIu32 ")\n", kw,
		    argv[*i], min, max);
		return false;
	}
	return true;
}

/* The node at the far end of the direction that starts here (for the text). */
static struct lsr_node_ident
far_end(const struct lsr_lsp_cfg *l)
{
	if (l->dir[LSR_DIR_FORWARD].present && !l->dir[LSR_DIR_FORWARD].has_in)
		return l->dst;
	return l->src;
}

static const char *
mep_strerror(int err)
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

static char
probe_code(const struct oam_probe_result *r)
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
		far = far_end(&cfg->lsps[c->lsp]);
		snprintf(buf, len, "MEP %s", fmt_ident(id, sizeof(id), &far));
	} else {
		const char *what = side == OAM_SIDE_IN ? "in-MIP" : side == OAM_SIDE_OUT ?
			"out-MIP" : side == OAM_SIDE_NODE ? "node MIP" : "MIP";

		snprintf(buf, len, "%s %s:%" PRIu32, what,
			 fmt_ident(id, sizeof(id), &c->ping.mip_node), c->ping.mip_if);
	}
	return buf;
}

static void
json_null_or_u32(struct sbuf *b, const char *key, bool has, uint32_t v)
{
	if (has)
		sb_printf(b, ", \"%s\": %" PRIu32, key, v);
	else
		sb_printf(b, ", \"%s\": null", key);
}

static void
json_rtt(struct sbuf *b, const char *key, bool has, uint64_t ns)
{
	char ms[32];

	if (has)
		sb_printf(b, ", \"%s\": %s", key, fmt_ms(ms, sizeof(ms), ns));
	else
		sb_printf(b, ", \"%s\": null", key);
}

static void
responder_text(const struct oam_probe_result *r, char *buf, size_t len)
{
	char id[48];

	buf[0] = '\0';
	if (r->lbr && r->has_replying) {
		uint32_t n = r->replying.node_id;

		snprintf(buf, len, "%s:%u.%u.%u.%u:%" PRIu32,
			 r->replying.icc[0] ? r->replying.icc : "-", n >> 24, (n >> 16) & 0xff,
			 (n >> 8) & 0xff, n & 0xff, r->replying.if_num);
	} else if (!r->lbr && r->has_src) {
		snprintf(buf, len, "%s", fmt_ident(id, sizeof(id), &r->src));
	}
}

static void
ping_probe_json(struct ctl_conn *c, const struct oam_probe_result *r)
{
	struct sbuf *b = &c->probes;
	char rc[128], resp[64];
	bool reply = r->status == OAM_PROBE_REPLY;

	sb_printf(b, "%s{\"seq\": %" PRIu32 ", \"code\": \"%c\", \"result\": \"%s\"",
		  c->n_probes++ ? ", " : "", r->seq, probe_code(r),
		  reply ? "reply" : r->status == OAM_PROBE_TIMEOUT ? "timeout" : "unsent");
	json_rtt(b, "rtt_ms", reply, r->rtt_ns);
	if (reply && !r->lbr) {
		sb_printf(b, ", \"rc\": %u, \"rsc\": %u, \"rc_name\": ", r->rc, r->rsc);
		sb_json_str(b, fmt_rc(rc, sizeof(rc), r->rc, r->rsc));
	} else if (reply) {
		sb_printf(b, ", \"rc\": null, \"rsc\": null, \"rc_name\": \"LBR\"");
	} else {
		sb_printf(b, ", \"rc\": null, \"rsc\": null, \"rc_name\": null");
	}
	responder_text(r, resp, sizeof(resp));
	if (resp[0]) {
		sb_printf(b, ", \"responder\": ");
		sb_json_str(b, resp);
	} else {
		sb_printf(b, ", \"responder\": null");
	}
	json_null_or_u32(b, "ingress_if", reply && r->has_ddmap, r->ingress);
	json_null_or_u32(b, "egress_if", reply && r->has_ddmap, r->egress);
	json_null_or_u32(b, "label", reply && r->has_ddmap && r->has_label, r->label);
	sb_printf(b, "}");
}

static void
ping_done_json(struct ctl_conn *c, const struct oam_mep_event *ev)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	struct sbuf b = { 0 };
	char id[48];

	sb_printf(&b, "{\"lsp\": ");
	sb_json_str(&b, cfg->lsps[c->lsp].name);
	sb_printf(&b, ", \"protocol\": \"%s\", \"target\": {", c->ping.g8113 ? "g8113" : "lsp-ping");
	if (c->ping.target == OAM_TARGET_MEP) {
		struct lsr_node_ident far = far_end(&cfg->lsps[c->lsp]);

		sb_printf(&b, "\"type\": \"mep\", \"mip\": null, \"node\": \"%s\", "
			  "\"if_num\": null, \"side\": null}",
			  fmt_ident(id, sizeof(id), &far));
	} else {
		const char *side = oam_side_name(ev->side);

		fmt_ident(id, sizeof(id), &c->ping.mip_node);
		sb_printf(&b, "\"type\": \"mip\", \"mip\": \"%s:%" PRIu32 "\", \"node\": \"%s\", "
			  "\"if_num\": %" PRIu32 ", \"side\": ",
			  id, c->ping.mip_if, id, c->ping.mip_if);
		if (side)
			sb_printf(&b, "\"%s\"}", side);
		else
			sb_printf(&b, "null}");
	}
	if (ev->ttl)
		sb_printf(&b, ", \"ttl\": %u", ev->ttl);
	else
		sb_printf(&b, ", \"ttl\": null");
	sb_printf(&b, ", \"discovered\": %s, \"count\": %" PRIu32 ", \"sent\": %" PRIu32
		  ", \"received\": %" PRIu32 ", \"success\": %" PRIu32 ", \"success_rate\": %" PRIu64,
		  ev->discovered ? "true" : "false", c->ping.count, ev->sent, ev->received,
		  ev->success, (uint64_t)ev->success * 100 / c->ping.count);
	if (ev->success) {
		char a[32], m[32], x[32];

		sb_printf(&b, ", \"rtt_ms\": {\"min\": %s, \"avg\": %s, \"max\": %s}",
			  fmt_ms(a, sizeof(a), ev->rtt_min_ns),
			  fmt_ms(m, sizeof(m), ev->rtt_sum_ns / ev->success),
			  fmt_ms(x, sizeof(x), ev->rtt_max_ns));
	} else {
		sb_printf(&b, ", \"rtt_ms\": null");
	}
	sb_printf(&b, ", \"probes\": [%s], \"error\": ", c->probes.p ? c->probes.p : "");
	if (ev->error)
		sb_json_str(&b, ev->why ? ev->why : "failed");
	else
		sb_printf(&b, "null");
	sb_printf(&b, "}\n");
	out(c, "%s", b.p ? b.p : "");
	sb_free(&b);
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
			fmt_ident(id, sizeof(id), &c->ping.mip_node);
			if (ev->side == OAM_SIDE_IN || ev->side == OAM_SIDE_OUT)
				out(c, "Path discovery: %s is %" PRIu32 " hop(s) away, IF_Num %" PRIu32
				    " is its %s interface\n", id, ev->discovery_hops, c->ping.mip_if,
				    oam_side_name(ev->side));
			else
				out(c, "Path discovery: %s is %" PRIu32 " hop(s) away\n", id,
				    ev->discovery_hops);
		}
		out(c, "Sending %" PRIu32 " %s on LSP %s to %s (TTL %u),\n"
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
			out(c, "%c", probe_code(ev->result));
		break;
	case OAM_EV_DONE:
		c->sess = NULL;
		if (c->json) {
			ping_done_json(c, ev);
		} else if (ev->error) {
			out(c, "%% Path discovery failed: %s\n", ev->why ? ev->why : "error");
		} else {
			out(c, "\nSuccess rate is %" PRIu64 " percent (%" PRIu32 "/%" PRIu32 ")",
			    (uint64_t)ev->success * 100 / c->ping.count, ev->success, c->ping.count);
			if (ev->success) {
				char a[32], m[32], x[32];

				out(c, ", round-trip min/avg/max = %s/%s/%s ms",
				    fmt_ms(a, sizeof(a), ev->rtt_min_ns),
				    fmt_ms(m, sizeof(m), ev->rtt_sum_ns / ev->success),
				    fmt_ms(x, sizeof(x), ev->rtt_max_ns));
			}
			out(c, "\n");
		}
		finish_conn(c, !ev->error && ev->success > 0 ? LSR_CTL_OK : LSR_CTL_FAIL);
		break;
	}
}

static int
h_ping(struct ctl_conn *c, int argc, char **argv)
{
	struct lsr_daemon *d = c->ctl->d;
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
			if (!kw_u32(c, argc, argv, &i, 1, 255, &v))
				return LSR_CTL_USAGE;
			p.ttl = (uint8_t)v;
		} else if (strcmp(argv[i], "count") == 0) {
			if (!kw_u32(c, argc, argv, &i, 1, OAM_MEP_MAX_COUNT, &p.count))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "interval") == 0) {
			if (!kw_u32(c, argc, argv, &i, 0, 60000, &p.interval_ms))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "timeout") == 0) {
			if (!kw_u32(c, argc, argv, &i, 1, 60000, &p.timeout_ms))
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
	if (find_lsp(c, argv[0], &p.lsp) < 0)
		return LSR_CTL_FAIL;
	c->cmd = CONN_PING;
	c->lsp = p.lsp;
	c->ping = p;
	ret = oam_mep_ping(d->mep, &p, c->ctl->now_ns, ping_event, c, &c->sess);
	if (ret < 0) {
		c->sess = NULL;
		out(c, "%% Cannot ping LSP %s: %s\n", argv[0], mep_strerror(ret));
		return LSR_CTL_FAIL;
	}
	return CTL_PENDING;
}

/* ---- traceroute ------------------------------------------------------------ */

static const char *const trace_heading =
	"TTL  RTT(ms)  MIP ID                      In   Out  Label    Return code\n";

/* One traceroute hop: a line of text, or an object appended to b (json). */
static void
trace_hop(struct ctl_conn *c, struct sbuf *b, const struct oam_probe_result *r)
{
	char rtt[32], mip[64], in[16], outif[16], label[16], rc[128], node[48];
	bool reply = r->status == OAM_PROBE_REPLY;

	if (reply && r->has_src)
		fmt_ident(node, sizeof(node), &r->src);
	else
		node[0] = '\0';
	if (node[0] && r->has_ddmap)
		snprintf(mip, sizeof(mip), "%s:%" PRIu32, node, r->ingress);
	else
		snprintf(mip, sizeof(mip), "%s", node);
	if (b != NULL) {
		sb_printf(b, "{\"ttl\": %u, \"result\": \"%s\"", r->ttl, reply ? "reply" : "timeout");
		json_rtt(b, "rtt_ms", reply, r->rtt_ns);
		if (node[0])
			sb_printf(b, ", \"node\": \"%s\", \"mip\": \"%s\"", node, mip);
		else
			sb_printf(b, ", \"node\": null, \"mip\": null");
		json_null_or_u32(b, "in_if", reply && r->has_ddmap && r->ingress, r->ingress);
		json_null_or_u32(b, "out_if", reply && r->has_ddmap && r->egress, r->egress);
		json_null_or_u32(b, "label", reply && r->has_ddmap && r->has_label, r->label);
		if (reply) {
			sb_printf(b, ", \"rc\": %u, \"rsc\": %u, \"rc_name\": ", r->rc, r->rsc);
			sb_json_str(b, fmt_rc(rc, sizeof(rc), r->rc, r->rsc));
		} else {
			sb_printf(b, ", \"rc\": null, \"rsc\": null, \"rc_name\": null");
		}
		sb_printf(b, "}");
		return;
	}
	if (!reply) {
		out(c, "%3u  %7s  %-24s  %4s  %4s  %-7s  %s\n", r->ttl, "*", "-", "-", "-",
		    "-", r->status == OAM_PROBE_UNSENT ? "request not sent" : "timeout");
		return;
	}
	snprintf(in, sizeof(in), "%" PRIu32, r->ingress);
	snprintf(outif, sizeof(outif), "%" PRIu32, r->egress);
	snprintf(label, sizeof(label), "%" PRIu32, r->label);
	out(c, "%3u  %7s  %-24s  %4s  %4s  %-7s  %s\n", r->ttl,
	    fmt_ms(rtt, sizeof(rtt), r->rtt_ns), mip[0] ? mip : "-",
	    r->has_ddmap && r->ingress ? in : "-", r->has_ddmap && r->egress ? outif : "-",
	    r->has_ddmap && r->has_label ? label : "-", fmt_rc(rc, sizeof(rc), r->rc, r->rsc));
}

static void
trace_event(void *arg, const struct oam_mep_event *ev)
{
	struct ctl_conn *c = arg;

	switch (ev->type) {
	case OAM_EV_PROBE:
		if (c->json) {
			if (c->n_probes++)
				sb_printf(&c->probes, ", ");
			trace_hop(c, &c->probes, ev->result);
		} else {
			trace_hop(c, NULL, ev->result);
		}
		break;
	case OAM_EV_DONE:
		c->sess = NULL;
		if (c->json) {
			struct sbuf b = { 0 };

			sb_printf(&b, "{\"lsp\": ");
			sb_json_str(&b, c->ctl->d->cfg->lsps[c->lsp].name);
			sb_printf(&b, ", \"max_ttl\": %u, \"reached\": %s, \"hops\": [%s], \"error\": ",
				  c->trace.max_ttl, ev->reached ? "true" : "false",
				  c->probes.p ? c->probes.p : "");
			if (ev->error)
				sb_json_str(&b, ev->why ? ev->why : "failed");
			else
				sb_printf(&b, "null");
			sb_printf(&b, "}\n");
			out(c, "%s", b.p ? b.p : "");
			sb_free(&b);
		} else if (ev->error) {
			out(c, "%% %s\n", ev->why ? ev->why : "failed");
		} else if (ev->reached) {
			out(c, "Egress reached in %" PRIu32 " hop(s)\n", c->n_probes ? c->n_probes :
			    ev->sent);
		} else {
			out(c, "Egress not reached (max TTL %u)\n", c->trace.max_ttl);
		}
		finish_conn(c, ev->reached ? LSR_CTL_OK : LSR_CTL_FAIL);
		break;
	default:
		break;
	}
}

static int
h_traceroute(struct ctl_conn *c, int argc, char **argv)
{
	struct oam_trace_params p = { .max_ttl = 30, .timeout_ms = 2000 };
	uint32_t v;
	int i, ret;

	if (argc < 1)
		USAGE(c, "%% Missing LSP name\n");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "max-ttl") == 0) {
			if (!kw_u32(c, argc, argv, &i, 1, 255, &v))
				return LSR_CTL_USAGE;
			p.max_ttl = (uint8_t)v;
		} else if (strcmp(argv[i], "timeout") == 0) {
			if (!kw_u32(c, argc, argv, &i, 1, 60000, &p.timeout_ms))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "json") == 0) {
			c->json = true;
		} else {
			USAGE(c, "%% Unknown keyword '%s'\nUsage: %s %s\n", argv[i],
			      lsr_ctl_cmds[LSR_CTL_CMD_traceroute].words,
			      lsr_ctl_cmds[LSR_CTL_CMD_traceroute].args);
		}
	}
	if (find_lsp(c, argv[0], &p.lsp) < 0)
		return LSR_CTL_FAIL;
	c->cmd = CONN_TRACE;
	c->lsp = p.lsp;
	c->trace = p;
	ret = oam_mep_trace(c->ctl->d->mep, &p, c->ctl->now_ns, trace_event, c, &c->sess);
	if (ret < 0) {
		c->sess = NULL;
		out(c, "%% Cannot trace LSP %s: %s\n", argv[0], mep_strerror(ret));
		return LSR_CTL_FAIL;
	}
	if (!c->json)
		out(c, "Tracing MPLS-TP LSP %s (max TTL %u, timeout %" PRIu32 " ms)\n\n%s",
		    argv[0], p.max_ttl, p.timeout_ms, trace_heading);
	return CTL_PENDING;
}

/* ---- locate ---------------------------------------------------------------- */

/*
 * Fault localisation (docs/CLI.md "locate"): the prober's locate session does
 * the probing and the judging (oam_mep_locate(), oam_locate_analyse()); here it
 * is only rendered: the trace and the CV checks as they happen, then the path
 * as one line of segments, the segment table, the verdict and the remarks.
 */

/* A node as the operator reads it: the Node_ID, with the Global_ID if not ours. */
static const char *
fmt_node_short(const struct ctl_conn *c, char *buf, size_t len, const struct lsr_node_ident *id)
{
	uint32_t n = id->node_id;

	if (id->global_id == c->ctl->d->cfg->node.global_id)
		snprintf(buf, len, "%u.%u.%u.%u", n >> 24, (n >> 16) & 0xff, (n >> 8) & 0xff,
			 n & 0xff);
	else
		fmt_ident(buf, len, id);
	return buf;
}

/* The link state of one of our interfaces (by IF_Num): 1 up, 0 down, -1 unknown. */
static int
local_link_up(const struct lsr_daemon *d, uint32_t ifn)
{
	struct rte_eth_link link;
	int slot = lsr_config_slot_of(d->cfg, ifn);

	if (slot < 0)
		return -1;
	memset(&link, 0, sizeof(link));
	if (rte_eth_link_get_nowait(d->cfg->interfaces[slot].port, &link) < 0)
		return -1;
	return link.link_status == RTE_ETH_LINK_UP;
}

static const char *
point_word(uint8_t kind)
{
	switch (kind) {
	case OAM_PT_SOURCE: return "source";
	case OAM_PT_IN_MIP: return "in-MIP";
	case OAM_PT_OUT_MIP: return "out-MIP";
	case OAM_PT_HOP: return "hop";
	default: return "MEP";
	}
}

/* "65000:192.0.2.2:1" for a MIP, "65000:192.0.2.3" for the MEP, "?" for an unknown hop. */
static const char *
point_id(char *buf, size_t len, const struct oam_locate_point *p)
{
	char id[48];

	if (!p->has_node)
		snprintf(buf, len, "?");
	else if (p->kind == OAM_PT_IN_MIP || p->kind == OAM_PT_OUT_MIP)
		snprintf(buf, len, "%s:%" PRIu32, fmt_ident(id, sizeof(id), &p->node), p->if_num);
	else
		snprintf(buf, len, "%s", fmt_ident(id, sizeof(id), &p->node));
	return buf;
}

/* The mark of a point on the path line: distinct for no answer and a wrong answer. */
static const char *
point_mark(char *buf, size_t len, const struct oam_locate_point *p)
{
	switch (p->status) {
	case OAM_PT_OK:
		return "✓";
	case OAM_PT_NO_ANSWER:
		return "✗";
	case OAM_PT_WRONG:
		if (p->has_reply && !p->reply.success && p->reply.rc != OAM_RC_LABEL_SWITCHED &&
		    p->reply.rc != OAM_RC_EGRESS && p->reply.rc != OAM_RC_SEE_DDMAP)
			snprintf(buf, len, "✗RC%u", p->reply.rc);
		else
			snprintf(buf, len, "✗wrong");
		return buf;
	case OAM_PT_UNSENT:
		return "✗unsent";
	default:
		return "?";
	}
}

/* What a point's answer was, in words (the check lines and the verdict). */
static const char *
point_result_text(char *buf, size_t len, const struct oam_locate_point *p)
{
	char rc[96], id[48];

	switch (p->status) {
	case OAM_PT_OK:
		snprintf(buf, len, "answers (%" PRIu32 "/%" PRIu32 ")", p->success, p->sent);
		break;
	case OAM_PT_NO_ANSWER:
		snprintf(buf, len, "no answer (0/%" PRIu32 ")", p->sent);
		break;
	case OAM_PT_WRONG:
		if (p->has_reply && p->reply.has_src && p->has_node &&
		    (p->reply.src.global_id != p->node.global_id ||
		     p->reply.src.node_id != p->node.node_id))
			snprintf(buf, len, "wrong answer: %s replied (RC %u, %s)",
				 fmt_ident(id, sizeof(id), &p->reply.src), p->reply.rc,
				 fmt_rc(rc, sizeof(rc), p->reply.rc, p->reply.rsc));
		else if (p->has_reply)
			snprintf(buf, len, "wrong answer: RC %u, %s", p->reply.rc,
				 fmt_rc(rc, sizeof(rc), p->reply.rc, p->reply.rsc));
		else
			snprintf(buf, len, "wrong answer");
		break;
	case OAM_PT_UNSENT:
		snprintf(buf, len, "not probed (no buffer for the request)");
		break;
	default:
		snprintf(buf, len, "not known");
		break;
	}
	return buf;
}

static uint64_t
point_avg_ns(const struct oam_locate_point *p)
{
	return p->success ? p->rtt_sum_ns / p->success : 0;
}

/* The last point before j that answered (its RTT is where segment j starts). */
static int
prev_ok(const struct oam_locate *l, int j)
{
	while (--j > 0)
		if (l->pt[j].status == OAM_PT_OK)
			return j;
	return 0;
}

/* The segment that ends at point j (1 .. n-1): "link", "node" or "unknown". */
static const char *
segment_kind(const struct oam_locate *l, int j)
{
	const struct oam_locate_point *a = &l->pt[j - 1], *b = &l->pt[j];

	if (a->kind == OAM_PT_IN_MIP && b->kind == OAM_PT_OUT_MIP && a->ttl == b->ttl)
		return "node";
	if (b->kind == OAM_PT_MEP && b->ttl == 255 && l->trace_end != OAM_TRACE_EGRESS)
		return "unknown";
	return "link";
}

static const char *
segment_status(const struct oam_locate *l, int j)
{
	if (j <= l->v.after)
		return "ok";
	if (l->v.where != OAM_LOC_HEALTHY && j == l->v.at)
		return "fault";
	return "unverified";
}

/* The verdict in one sentence. */
static void
verdict_text(struct ctl_conn *c, struct sbuf *b, const struct oam_locate *l)
{
	const struct oam_locate_verdict *v = &l->v;
	const struct oam_locate_point *a = &l->pt[v->after];
	const struct oam_locate_point *z = v->at >= 0 ? &l->pt[v->at] : NULL;
	char an[48], zn[48], res[320];
	int j, link;

	fmt_node_short(c, an, sizeof(an), &a->node);
	if (z != NULL && z->has_node)
		fmt_node_short(c, zn, sizeof(zn), &z->node);
	else
		snprintf(zn, sizeof(zn), "?");
	switch (v->where) {
	case OAM_LOC_HEALTHY: {
		const struct oam_locate_point *m = &l->pt[l->n_points - 1];
		char ms[32];
		unsigned int n_mip = 0, n_ok = 0;

		for (j = 1; j < l->n_points - 1; j++) {
			if (l->pt[j].kind != OAM_PT_IN_MIP && l->pt[j].kind != OAM_PT_OUT_MIP)
				continue;
			n_mip++;
			n_ok += l->pt[j].status == OAM_PT_OK;
		}
		fmt_ms(ms, sizeof(ms), point_avg_ns(m));
		if (n_mip == 0)
			sb_printf(b, "the path is healthy: the MEP answers (round trip %s ms)%s", ms,
				  l->n_notes ? "; no MIP could be checked (see the notes)" : "");
		else if (n_ok == n_mip && n_mip == 1)
			sb_printf(b, "the path is healthy: the MIP and the MEP answer; round trip to "
				  "the MEP %s ms", ms);
		else if (n_ok == n_mip)
			sb_printf(b, "the path is healthy: all %u MIPs and the MEP answer; round trip "
				  "to the MEP %s ms", n_mip, ms);
		else
			sb_printf(b, "the path is healthy: the MEP answers (round trip %s ms); "
				  "%u of %u MIPs answer (see the notes)", ms, n_ok, n_mip);
		return;
	}
	case OAM_LOC_LINK:
		if (v->beyond_unknown) {
			if (a->kind == OAM_PT_SOURCE) {
				link = local_link_up(c->ctl->d, a->if_num);
				sb_printf(b, "at or after the link leaving this node (%s) by IF %" PRIu32
					  ": nothing on the path answers, not even the first hop",
					  an, a->if_num);
				if (link == 0)
					sb_printf(b, "; our IF %" PRIu32 " is link-down", a->if_num);
				else
					sb_printf(b, " (the link, the next node, or the return path "
						  "to us is broken; the path beyond is unknown)");
			} else if (a->kind == OAM_PT_OUT_MIP) {
				sb_printf(b, "at or after the link leaving %s by IF %" PRIu32 ": its "
					  "out-MIP answers, nothing beyond it does (route tracing "
					  "stops there; the path beyond is unknown)", an, a->if_num);
			} else {
				sb_printf(b, "at or after %s (%s %s answers, nothing beyond it does; "
					  "the path beyond is unknown)", an, a->kind == OAM_PT_HOP ?
					  "hop" : "its", point_word(a->kind));
			}
			return;
		}
		if (a->kind == OAM_PT_SOURCE)
			sb_printf(b, "the link from this node (%s) IF %" PRIu32, an, a->if_num);
		else if (a->kind == OAM_PT_IN_MIP)	/* a hop whose out IF is unknown */
			sb_printf(b, "between %s's in-MIP (IF %" PRIu32 ") and", an, a->if_num);
		else
			sb_printf(b, "the link %s IF %" PRIu32, an, a->if_num);
		sb_printf(b, " -> %s IF %" PRIu32 ": ", zn, z->if_num);
		if (a->kind == OAM_PT_SOURCE)
			sb_printf(b, "the first hop's in-MIP gives %s",
				  point_result_text(res, sizeof(res), z));
		else
			sb_printf(b, "%s's %s answers, %s's in-MIP gives %s", an,
				  point_word(a->kind), zn, point_result_text(res, sizeof(res), z));
		return;
	case OAM_LOC_NODE:
		if (z->kind == OAM_PT_IN_MIP) {
			sb_printf(b, "%s: its in-MIP (IF %" PRIu32 ") gives a %s — the link to it "
				  "works, the node says something is wrong", zn, z->if_num,
				  point_result_text(res, sizeof(res), z));
			return;
		}
		sb_printf(b, "inside %s (its forwarding engine or its out-interface): its in-MIP "
			  "(IF %" PRIu32 ") answers, its out-MIP (IF %" PRIu32 ") gives %s", zn,
			  a->if_num, z->if_num, point_result_text(res, sizeof(res), z));
		if (v->out_mips_absent)
			sb_printf(b, " (out-MIPs are silent elsewhere on this path too: if %s has "
				  "no out-MIP, the fault may be on the link after it)", zn);
		return;
	case OAM_LOC_SINK:
		sb_printf(b, "the sink node %s: every MIP answers, its MEP gives %s to CV with "
			  "TTL %u", zn, point_result_text(res, sizeof(res), z), z->ttl);
		if (l->trace_end == OAM_TRACE_EGRESS)
			sb_printf(b, " though it answered route tracing");
		return;
	case OAM_LOC_LOOP:
		sb_printf(b, "the LSP is looped back toward us after %s's %s (RFC 6435 loopback "
			  "set?): our own node answered route tracing at TTL %u; the MEP is not "
			  "reached", an, point_word(a->kind), l->n_hops);
		return;
	default:
		sb_printf(b, "undetermined");
	}
}

static void
note_text(struct ctl_conn *c, struct sbuf *b, const struct oam_locate *l,
	  const struct oam_locate_note *n)
{
	const struct oam_locate_point *p = &l->pt[n->point];
	char node[48], res[320];

	if (p->has_node)
		fmt_node_short(c, node, sizeof(node), &p->node);
	else
		snprintf(node, sizeof(node), "?");
	switch (n->kind) {
	case OAM_NOTE_NO_OUT_MIP:
		sb_printf(b, "%s has no out-MIP answering on IF %" PRIu32 " while points beyond it "
			  "answer: an optimised node without out-MIPs (RFC 7054 fig. 4) or MIPs "
			  "off on that interface; its forwarding works", node, p->if_num);
		break;
	case OAM_NOTE_SILENT_IN_MIP:
		sb_printf(b, "%s: no answer from its in-MIP on IF %" PRIu32 " while points beyond "
			  "it answer (MIPs off on that interface?)", node, p->if_num);
		break;
	case OAM_NOTE_SILENT_HOP:
		sb_printf(b, "hop %u did not answer route tracing while hops beyond it answer "
			  "(its in-MIP is off or absent): who it is, is unknown", p->ttl);
		break;
	case OAM_NOTE_WRONG_ANSWER:
		sb_printf(b, "%s %s: %s, though the path beyond it works", node,
			  point_word(p->kind), point_result_text(res, sizeof(res), p));
		break;
	case OAM_NOTE_UNSENT:
		sb_printf(b, "%s %s could not be probed (no buffer)", node, point_word(p->kind));
		break;
	case OAM_NOTE_LOSS:
		sb_printf(b, "%s %s answered %" PRIu32 " of %" PRIu32 " probes", node,
			  point_word(p->kind), p->success, p->sent);
		break;
	case OAM_NOTE_TRACE_SHORT:
		sb_printf(b, "route tracing stopped after TTL %u (%s) but the MEP answers CV: "
			  "the hops beyond do not answer route tracing", l->n_hops,
			  oam_locate_trace_end_name(l->trace_end));
		break;
	default:
		sb_printf(b, "?");
	}
}

static void
json_point_ref(struct sbuf *b, const struct oam_locate *l, int i)
{
	const struct oam_locate_point *p = &l->pt[i];
	char id[48];

	sb_printf(b, "{\"index\": %d, \"point\": \"%s\", \"node\": ", i,
		  oam_point_kind_name(p->kind));
	if (p->has_node)
		sb_printf(b, "\"%s\"", fmt_ident(id, sizeof(id), &p->node));
	else
		sb_printf(b, "null");
	json_null_or_u32(b, "if_num", p->if_num != 0, p->if_num);
	sb_printf(b, ", \"ttl\": %u}", p->ttl);
}

static void
locate_json(struct ctl_conn *c, const struct oam_mep_event *ev)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	const struct oam_locate *l = ev->locate;
	struct lsr_node_ident far = far_end(&cfg->lsps[c->lsp]);
	struct sbuf b = { 0 };
	char id[48], rc[128], resp[64], ms[32];
	int i;

	sb_printf(&b, "{\"lsp\": ");
	sb_json_str(&b, cfg->lsps[c->lsp].name);
	sb_printf(&b, ", \"source\": \"%s\"", fmt_ident(id, sizeof(id), &cfg->node));
	sb_printf(&b, ", \"destination\": \"%s\", \"count\": %" PRIu32 ", \"timeout_ms\": %" PRIu32,
		  fmt_ident(id, sizeof(id), &far), c->locate.count, c->locate.timeout_ms);
	sb_printf(&b, ", \"trace\": {\"end\": ");
	if (l != NULL && l->trace_end)
		sb_printf(&b, "\"%s\"", oam_locate_trace_end_name(l->trace_end));
	else
		sb_printf(&b, "null");
	sb_printf(&b, ", \"reached\": %s, \"hops\": [", ev->reached ? "true" : "false");
	for (i = 0; l != NULL && i < l->n_hops; i++) {
		if (i)
			sb_printf(&b, ", ");
		trace_hop(c, &b, &l->hops[i]);
	}
	sb_printf(&b, "]}, \"points\": [");
	for (i = 0; l != NULL && i < l->n_points; i++) {
		const struct oam_locate_point *p = &l->pt[i];
		bool probed = p->kind == OAM_PT_IN_MIP || p->kind == OAM_PT_OUT_MIP ||
			      p->kind == OAM_PT_MEP;
		bool has_reply = probed && p->has_reply;

		sb_printf(&b, "%s{\"index\": %d, \"kind\": \"%s\", \"ttl\": %u, \"node\": ",
			  i ? ", " : "", i, oam_point_kind_name(p->kind), p->ttl);
		if (p->has_node)
			sb_printf(&b, "\"%s\"", fmt_ident(id, sizeof(id), &p->node));
		else
			sb_printf(&b, "null");
		json_null_or_u32(&b, "if_num", p->if_num != 0, p->if_num);
		if ((p->kind == OAM_PT_IN_MIP || p->kind == OAM_PT_OUT_MIP) && p->has_node)
			sb_printf(&b, ", \"mip\": \"%s\"", point_id(resp, sizeof(resp), p));
		else
			sb_printf(&b, ", \"mip\": null");
		json_null_or_u32(&b, "label", p->label != 0, p->label);
		sb_printf(&b, ", \"status\": \"%s\"", oam_point_status_name(p->status));
		if (p->kind == OAM_PT_SOURCE) {
			int up = local_link_up(c->ctl->d, p->if_num);

			sb_printf(&b, ", \"link\": %s", up < 0 ? "null" : up ? "\"up\"" : "\"down\"");
		}
		if (probed)
			sb_printf(&b, ", \"sent\": %" PRIu32 ", \"received\": %" PRIu32
				  ", \"success\": %" PRIu32, p->sent, p->received, p->success);
		else
			sb_printf(&b, ", \"sent\": null, \"received\": null, \"success\": null");
		if (p->success) {
			char a[32], m[32], x[32];

			sb_printf(&b, ", \"rtt_ms\": {\"min\": %s, \"avg\": %s, \"max\": %s}",
				  fmt_ms(a, sizeof(a), p->rtt_min_ns),
				  fmt_ms(m, sizeof(m), point_avg_ns(p)),
				  fmt_ms(x, sizeof(x), p->rtt_max_ns));
		} else {
			sb_printf(&b, ", \"rtt_ms\": null");
		}
		if (has_reply && !p->reply.lbr) {
			sb_printf(&b, ", \"rc\": %u, \"rc_name\": ", p->reply.rc);
			sb_json_str(&b, fmt_rc(rc, sizeof(rc), p->reply.rc, p->reply.rsc));
		} else {
			sb_printf(&b, ", \"rc\": null, \"rc_name\": null");
		}
		responder_text(&p->reply, resp, sizeof(resp));
		if (has_reply && resp[0])
			sb_printf(&b, ", \"responder\": \"%s\"}", resp);
		else
			sb_printf(&b, ", \"responder\": null}");
	}
	sb_printf(&b, "], \"segments\": [");
	for (i = 1; l != NULL && i < l->n_points; i++) {
		const struct oam_locate_point *p = &l->pt[i];
		int k = prev_ok(l, i);
		bool both = p->status == OAM_PT_OK && l->pt[i - 1].status == OAM_PT_OK;
		uint64_t rtt = point_avg_ns(p), base = k ? point_avg_ns(&l->pt[k]) : 0;

		sb_printf(&b, "%s{\"from\": %d, \"to\": %d, \"kind\": \"%s\", \"status\": \"%s\"",
			  i > 1 ? ", " : "", i - 1, i, segment_kind(l, i), segment_status(l, i));
		json_rtt(&b, "rtt_ms", p->status == OAM_PT_OK, rtt);
		json_rtt(&b, "delta_ms", both, rtt > base ? rtt - base : 0);
		sb_printf(&b, "}");
	}
	sb_printf(&b, "], \"verdict\": ");
	if (l != NULL && l->done) {
		const struct oam_locate_verdict *v = &l->v;
		const struct oam_locate_point *z = v->at >= 0 ? &l->pt[v->at] : NULL;
		struct sbuf t = { 0 };

		sb_printf(&b, "{\"healthy\": %s, \"where\": \"%s\", \"node\": ",
			  v->where == OAM_LOC_HEALTHY ? "true" : "false",
			  oam_locate_where_name(v->where));
		if ((v->where == OAM_LOC_NODE || v->where == OAM_LOC_SINK) && z && z->has_node)
			sb_printf(&b, "\"%s\"", fmt_ident(id, sizeof(id), &z->node));
		else
			sb_printf(&b, "null");
		sb_printf(&b, ", \"from\": ");
		if (v->where == OAM_LOC_HEALTHY)
			sb_printf(&b, "null");
		else
			json_point_ref(&b, l, v->after);
		sb_printf(&b, ", \"to\": ");
		if (v->where == OAM_LOC_HEALTHY || v->where == OAM_LOC_LOOP || v->beyond_unknown)
			sb_printf(&b, "null");
		else
			json_point_ref(&b, l, v->at);
		sb_printf(&b, ", \"at_or_after\": %s, \"answer\": ",
			  v->beyond_unknown ? "true" : "false");
		if (v->where == OAM_LOC_HEALTHY || z == NULL)
			sb_printf(&b, "null, \"rc\": null");
		else if (z->status == OAM_PT_WRONG && z->has_reply)
			sb_printf(&b, "\"wrong-answer\", \"rc\": %u", z->reply.rc);
		else
			sb_printf(&b, "\"%s\", \"rc\": null", oam_point_status_name(z->status));
		sb_printf(&b, ", \"out_mips_absent\": %s", v->out_mips_absent ? "true" : "false");
		if (v->where == OAM_LOC_HEALTHY)
			json_rtt(&b, "rtt_ms", true, point_avg_ns(&l->pt[l->n_points - 1]));
		else
			sb_printf(&b, ", \"rtt_ms\": null");
		verdict_text(c, &t, l);
		sb_printf(&b, ", \"text\": ");
		sb_json_str(&b, t.p ? t.p : "");
		sb_free(&t);
		sb_printf(&b, "}, \"notes\": [");
		for (i = 0; i < l->n_notes; i++) {
			const struct oam_locate_point *p = &l->pt[l->notes[i].point];

			sb_printf(&b, "%s{\"type\": \"%s\", \"point\": %u, \"node\": ", i ? ", " : "",
				  oam_locate_note_name(l->notes[i].kind), l->notes[i].point);
			if (p->has_node)
				sb_printf(&b, "\"%s\"", fmt_ident(id, sizeof(id), &p->node));
			else
				sb_printf(&b, "null");
			json_null_or_u32(&b, "if_num", p->if_num != 0, p->if_num);
			note_text(c, &t, l, &l->notes[i]);
			sb_printf(&b, ", \"text\": ");
			sb_json_str(&b, t.p ? t.p : "");
			sb_free(&t);
			sb_printf(&b, "}");
		}
		sb_printf(&b, "]");
	} else {
		sb_printf(&b, "null, \"notes\": []");
	}
	sb_printf(&b, ", \"error\": ");
	if (ev->error)
		sb_json_str(&b, ev->why ? ev->why : "failed");
	else
		sb_printf(&b, "null");
	sb_printf(&b, "}\n");
	(void)ms;
	out(c, "%s", b.p ? b.p : "");
	sb_free(&b);
}

/* The path as one line: SRC ─(1)→ [in 1 ✓ | NODE | out 2 ✓] ─(2)→ [NODE MEP ✓] */
static void
locate_path_line(struct ctl_conn *c, const struct oam_locate *l)
{
	char node[48], m1[32], m2[32];
	int i;

	out(c, "  %s", fmt_node_short(c, node, sizeof(node), &l->pt[0].node));
	for (i = 1; i < l->n_points; i++) {
		const struct oam_locate_point *p = &l->pt[i], *q = &l->pt[i - 1];
		uint32_t via = q->kind == OAM_PT_SOURCE || q->kind == OAM_PT_OUT_MIP ? q->if_num : 0;

		if (via)
			out(c, " ─(%" PRIu32 ")→ ", via);
		else
			out(c, " ─→ ");
		switch (p->kind) {
		case OAM_PT_IN_MIP:
			fmt_node_short(c, node, sizeof(node), &p->node);
			if (p->if_num)
				out(c, "[in %" PRIu32 " %s | %s", p->if_num,
				    point_mark(m1, sizeof(m1), p), node);
			else
				out(c, "[node MIP %s | %s", point_mark(m1, sizeof(m1), p), node);
			if (i + 1 < l->n_points && l->pt[i + 1].kind == OAM_PT_OUT_MIP &&
			    l->pt[i + 1].ttl == p->ttl) {
				i++;
				out(c, " | out %" PRIu32 " %s]", l->pt[i].if_num,
				    point_mark(m2, sizeof(m2), &l->pt[i]));
			} else {
				out(c, "]");
			}
			break;
		case OAM_PT_HOP:
			out(c, "[hop %u ✗ no answer]", p->ttl);
			break;
		case OAM_PT_MEP:
			if (p->ttl == 255 && l->trace_end != OAM_TRACE_EGRESS)
				out(c, "? ⋯ ");
			out(c, "[%s MEP %s]", fmt_node_short(c, node, sizeof(node), &p->node),
			    point_mark(m1, sizeof(m1), p));
			break;
		default:
			break;
		}
	}
	out(c, "\n");
}

static void
locate_text_done(struct ctl_conn *c, const struct oam_locate *l)
{
	struct sbuf t = { 0 };
	char from[64], to[64], a[48], z[48], seg[160], rtt[32], dl[32];
	int i;

	out(c, "\nPath (✓ answers, ✗ no answer, ✗RCn wrong answer, ? not known):\n");
	locate_path_line(c, l);
	out(c, "\n  %-46s %-7s %-10s %9s %9s\n", "Segment", "Kind", "Result", "RTT(ms)", "+ms");
	for (i = 1; i < l->n_points; i++) {
		const struct oam_locate_point *p = &l->pt[i], *q = &l->pt[i - 1];
		int k = prev_ok(l, i);
		uint64_t r = point_avg_ns(p), base = k ? point_avg_ns(&l->pt[k]) : 0;
		const char *st = segment_status(l, i);

		if (q->has_node)
			fmt_node_short(c, a, sizeof(a), &q->node);
		else
			snprintf(a, sizeof(a), "hop %u", q->ttl);
		if (p->has_node)
			fmt_node_short(c, z, sizeof(z), &p->node);
		else
			snprintf(z, sizeof(z), "hop %u", p->ttl);
		if (q->if_num)
			snprintf(from, sizeof(from), "%s %s %" PRIu32, a,
				 q->kind == OAM_PT_IN_MIP ? "in" : "out", q->if_num);
		else
			snprintf(from, sizeof(from), "%s", a);
		if (p->kind == OAM_PT_MEP)
			snprintf(to, sizeof(to), "%s MEP", z);
		else if (p->if_num && p->kind == OAM_PT_OUT_MIP && q->ttl == p->ttl)
			snprintf(to, sizeof(to), "out %" PRIu32, p->if_num);
		else if (p->if_num)
			snprintf(to, sizeof(to), "%s in %" PRIu32, z, p->if_num);
		else
			snprintf(to, sizeof(to), "%s", z);
		snprintf(seg, sizeof(seg), "%s → %s", from, to);
		/* Widths in bytes: "→" and the marks are 3 bytes, 1 column. */
		out(c, "  %-48s %-7s %-12s %9s %9s\n", seg, segment_kind(l, i),
		    strcmp(st, "ok") == 0 ? "✓ ok" : strcmp(st, "fault") == 0 ? "✗ FAULT" :
		    "– unverified",
		    p->status == OAM_PT_OK ? fmt_ms(rtt, sizeof(rtt), r) : "-",
		    p->status == OAM_PT_OK && q->status == OAM_PT_OK ?
			    fmt_ms(dl, sizeof(dl), r > base ? r - base : 0) : "-");
	}
	verdict_text(c, &t, l);
	out(c, "\nVerdict: %s.\n", t.p ? t.p : "");
	sb_free(&t);
	for (i = 0; i < l->n_notes; i++) {
		note_text(c, &t, l, &l->notes[i]);
		out(c, "  Note: %s.\n", t.p ? t.p : "");
		sb_free(&t);
	}
}

static void
locate_event(void *arg, const struct oam_mep_event *ev)
{
	struct ctl_conn *c = arg;
	const struct oam_locate *l = ev->locate;
	char id[64], res[320], mn[32], av[32], mx[32];

	switch (ev->type) {
	case OAM_EV_HOP:
		if (!c->json)
			trace_hop(c, NULL, ev->result);
		break;
	case OAM_EV_POINT_BEGIN:
		if (c->json)
			break;
		if (!c->checks_shown) {
			c->checks_shown = true;
			out(c, "\nOn-demand CV in path order, %" PRIu32 " probe(s) each "
			    "(codes as for ping: '!' success, '.' timeout, letters: return codes):\n"
			    "  TTL  %-8s %-24s %s\n", c->locate.count, "Point", "MIP ID / MEP",
			    "Probes, result, RTT min/avg/max (ms)");
		}
		out(c, "  %3u  %-8s %-24s ", l->pt[ev->point].ttl, point_word(l->pt[ev->point].kind),
		    point_id(id, sizeof(id), &l->pt[ev->point]));
		break;
	case OAM_EV_PROBE:
		if (!c->json)
			out(c, "%c", probe_code(ev->result));
		break;
	case OAM_EV_POINT_END: {
		const struct oam_locate_point *p = &l->pt[ev->point];

		if (c->json)
			break;
		out(c, "  %s %s", p->status == OAM_PT_OK ? "✓" : "✗",
		    point_result_text(res, sizeof(res), p));
		if (p->success)
			out(c, "  %s/%s/%s", fmt_ms(mn, sizeof(mn), p->rtt_min_ns),
			    fmt_ms(av, sizeof(av), point_avg_ns(p)),
			    fmt_ms(mx, sizeof(mx), p->rtt_max_ns));
		out(c, "\n");
		break;
	}
	case OAM_EV_DONE:
		c->sess = NULL;
		if (c->json)
			locate_json(c, ev);
		else if (ev->error || l == NULL || !l->done)
			out(c, "%% Locate failed: %s\n", ev->why ? ev->why : "error");
		else
			locate_text_done(c, l);
		finish_conn(c, !ev->error && l != NULL && l->done &&
				       l->v.where == OAM_LOC_HEALTHY ? LSR_CTL_OK : LSR_CTL_FAIL);
		break;
	default:
		break;
	}
}

static int
h_locate(struct ctl_conn *c, int argc, char **argv)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	struct oam_locate_params p = { .count = 3, .timeout_ms = 2000 };
	struct lsr_node_ident far;
	char src[48], dst[48];
	int i, ret;

	if (argc < 1)
		USAGE(c, "%% Missing LSP name\n");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "count") == 0) {
			if (!kw_u32(c, argc, argv, &i, 1, 100, &p.count))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "timeout") == 0) {
			if (!kw_u32(c, argc, argv, &i, 1, 60000, &p.timeout_ms))
				return LSR_CTL_USAGE;
		} else if (strcmp(argv[i], "json") == 0) {
			c->json = true;
		} else {
			USAGE(c, "%% Unknown keyword '%s'\nUsage: %s %s\n", argv[i],
			      lsr_ctl_cmds[LSR_CTL_CMD_locate].words,
			      lsr_ctl_cmds[LSR_CTL_CMD_locate].args);
		}
	}
	if (find_lsp(c, argv[0], &p.lsp) < 0)
		return LSR_CTL_FAIL;
	c->cmd = CONN_LOCATE;
	c->lsp = p.lsp;
	c->locate = p;
	ret = oam_mep_locate(c->ctl->d->mep, &p, c->ctl->now_ns, locate_event, c, &c->sess);
	if (ret < 0) {
		c->sess = NULL;
		out(c, "%% Cannot locate on LSP %s: %s\n", argv[0], mep_strerror(ret));
		return LSR_CTL_FAIL;
	}
	if (!c->json) {
		far = far_end(&cfg->lsps[p.lsp]);
		out(c, "Locating faults on MPLS-TP LSP %s from %s to %s\n"
		    "(route tracing, then %" PRIu32 " on-demand CV probe(s) to every in-MIP, out-MIP "
		    "and the MEP; timeout %" PRIu32 " ms)\n\nRoute tracing:\n%s",
		    argv[0], fmt_ident(src, sizeof(src), &cfg->node),
		    fmt_ident(dst, sizeof(dst), &far), p.count, p.timeout_ms, trace_heading);
	}
	return CTL_PENDING;
}

/* ---- loopback ------------------------------------------------------------- */

static enum lsr_loop lsp_loop(struct lsr_daemon *d, uint32_t lsp, uint16_t *slot);

static int
h_loopback(struct ctl_conn *c, int argc, char **argv)
{
	struct lsr_daemon *d = c->ctl->d;
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
	if (find_lsp(c, argv[0], &lsp) < 0)
		return LSR_CTL_FAIL;
	slot = lsr_config_slot_of(d->cfg, ifn);
	if (slot < 0) {
		out(c, "%% No interface %" PRIu32 " on this node\n", ifn);
		return LSR_CTL_FAIL;
	}
	ret = lsr_fib_set_loopback(d->fib, lsp, (uint16_t)slot, on);
	if (ret == -ENOENT) {
		out(c, "%% LSP %s has no forward label entry at this node (loopback is set at a "
		    "MIP of a transit or sink node)\n", argv[0]);
		return LSR_CTL_FAIL;
	}
	if (ret < 0) {
		out(c, "%% Interface %" PRIu32 " is not on the forward path of LSP %s here, or the "
		    "LSP is P2MP or has no reverse direction to loop onto (RFC 6435)\n", ifn, argv[0]);
		return LSR_CTL_FAIL;
	}
	CTL_LOG(NOTICE, "loopback %s on LSP %s at interface %" PRIu32, on ? "set" : "cleared",
		argv[0], ifn);
	if (on) {
		uint16_t at = 0;
		enum lsr_loop loop = lsp_loop(d, lsp, &at);

		out(c, "Loopback set on LSP %s at the %s-MIP of interface %" PRIu32 "\n", argv[0],
		    loop == LSR_LOOP_IN_MIP ? "in" : "out", ifn);
	} else {
		out(c, "Loopback cleared on LSP %s\n", argv[0]);
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
	out(c, "%% Unexpected '%s' (only 'json' may follow)\n", argv[argc == 1 ? 0 : 1]);
	*status = LSR_CTL_USAGE;
	return false;
}

static const char *
lsp_role(const struct lsr_lsp_cfg *l)
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
lsp_loop(struct lsr_daemon *d, uint32_t lsp, uint16_t *slot)
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
dir_json(struct sbuf *b, const struct lsr_config *cfg, const struct lsr_direction_cfg *dc)
{
	unsigned int i;

	if (!dc->present) {
		sb_printf(b, "null");
		return;
	}
	if (dc->has_in)
		sb_printf(b, "{\"in\": {\"if\": %" PRIu32 ", \"label\": %" PRIu32 "}, \"out\": [",
			  if_num(cfg, dc->in.slot), dc->in.label);
	else
		sb_printf(b, "{\"in\": null, \"out\": [");
	for (i = 0; i < dc->n_out; i++)
		sb_printf(b, "%s{\"if\": %" PRIu32 ", \"label\": %" PRIu32 "}", i ? ", " : "",
			  if_num(cfg, dc->out[i].slot), dc->out[i].label);
	sb_printf(b, "]}");
}

static void
dir_text(struct ctl_conn *c, const struct lsr_config *cfg, const char *name,
	 const struct lsr_direction_cfg *dc)
{
	unsigned int i;

	if (!dc->present)
		return;
	out(c, "  %-8s ", name);
	if (dc->has_in)
		out(c, "in %" PRIu32 "/%" PRIu32, if_num(cfg, dc->in.slot), dc->in.label);
	else
		out(c, "(source MEP)");
	out(c, " ->");
	if (dc->n_out == 0)
		out(c, " (sink MEP)");
	for (i = 0; i < dc->n_out; i++)
		out(c, " out %" PRIu32 "/%" PRIu32, if_num(cfg, dc->out[i].slot), dc->out[i].label);
	out(c, "\n");
}

static int
h_show_lsp(struct ctl_conn *c, int argc, char **argv)
{
	struct lsr_daemon *d = c->ctl->d;
	const struct lsr_config *cfg = d->cfg;
	int status = LSR_CTL_OK;
	bool json = want_json(c, argc, argv, &status);
	char s[48], t[48];
	uint32_t i;

	if (status != LSR_CTL_OK)
		return status;
	if (json) {
		struct sbuf b = { 0 };

		sb_printf(&b, "{\"lsps\": [");
		for (i = 0; i < cfg->n_lsps; i++) {
			const struct lsr_lsp_cfg *l = &cfg->lsps[i];
			uint16_t slot = 0;
			enum lsr_loop loop = lsp_loop(d, i, &slot);

			sb_printf(&b, "%s{\"name\": ", i ? ", " : "");
			sb_json_str(&b, l->name);
			sb_printf(&b, ", \"source\": \"%s\", \"source_tunnel\": %u, "
				  "\"destination\": \"%s\", \"destination_tunnel\": %u, "
				  "\"lsp_num\": %u, \"role\": \"%s\", \"forward\": ",
				  fmt_ident(s, sizeof(s), &l->src), l->src_tunnel,
				  fmt_ident(t, sizeof(t), &l->dst), l->dst_tunnel, l->lsp_num,
				  lsp_role(l));
			dir_json(&b, cfg, &l->dir[LSR_DIR_FORWARD]);
			sb_printf(&b, ", \"reverse\": ");
			dir_json(&b, cfg, &l->dir[LSR_DIR_REVERSE]);
			if (loop == LSR_LOOP_NONE)
				sb_printf(&b, ", \"loopback\": null}");
			else
				sb_printf(&b, ", \"loopback\": {\"if\": %" PRIu32 ", \"at\": \"%s\"}}",
					  if_num(cfg, slot), loop == LSR_LOOP_IN_MIP ? "in" : "out");
		}
		sb_printf(&b, "]}\n");
		out(c, "%s", b.p ? b.p : "");
		sb_free(&b);
		return LSR_CTL_OK;
	}
	if (cfg->n_lsps == 0)
		out(c, "No LSPs configured\n");
	for (i = 0; i < cfg->n_lsps; i++) {
		const struct lsr_lsp_cfg *l = &cfg->lsps[i];
		uint16_t slot = 0;
		enum lsr_loop loop = lsp_loop(d, i, &slot);

		out(c, "LSP %s: %s tunnel %u -> %s tunnel %u, lsp-num %u, role %s\n", l->name,
		    fmt_ident(s, sizeof(s), &l->src), l->src_tunnel,
		    fmt_ident(t, sizeof(t), &l->dst), l->dst_tunnel, l->lsp_num, lsp_role(l));
		dir_text(c, cfg, "forward", &l->dir[LSR_DIR_FORWARD]);
		dir_text(c, cfg, "reverse", &l->dir[LSR_DIR_REVERSE]);
		if (loop == LSR_LOOP_NONE)
			out(c, "  loopback off\n");
		else
			out(c, "  loopback ON at the %s-MIP of interface %" PRIu32 "\n",
			    loop == LSR_LOOP_IN_MIP ? "in" : "out", if_num(cfg, slot));
	}
	return LSR_CTL_OK;
}

static int
h_show_interfaces(struct ctl_conn *c, int argc, char **argv)
{
	struct lsr_daemon *d = c->ctl->d;
	const struct lsr_config *cfg = d->cfg;
	struct lsr_counters sum;
	int status = LSR_CTL_OK;
	bool json = want_json(c, argc, argv, &status);
	struct sbuf b = { 0 };
	char mac[24], peer[24];
	unsigned int i;

	if (status != LSR_CTL_OK)
		return status;
	lsr_daemon_counters(d, &sum);
	if (json)
		sb_printf(&b, "{\"interfaces\": [");
	else
		sb_printf(&b, "%-8s %-4s %-17s  %-17s  %-3s  %-4s  %12s %12s %12s %12s %9s\n",
			  "IF_Num", "Port", "MAC", "Peer", "MIP", "Link", "RX", "TX",
			  "Port-in", "Port-out", "Missed");
	for (i = 0; i < cfg->n_interfaces; i++) {
		const struct lsr_interface_cfg *ic = &cfg->interfaces[i];
		struct rte_eth_link link;
		struct rte_eth_stats st;
		bool up;

		memset(&link, 0, sizeof(link));
		memset(&st, 0, sizeof(st));
		rte_eth_link_get_nowait(ic->port, &link);
		rte_eth_stats_get(ic->port, &st);
		up = link.link_status == RTE_ETH_LINK_UP;
		fmt_mac(mac, sizeof(mac), ic->mac);
		fmt_mac(peer, sizeof(peer), ic->peer);
		if (json)
			sb_printf(&b, "%s{\"if_num\": %" PRIu32 ", \"port\": %u, \"mac\": \"%s\", "
				  "\"peer\": \"%s\", \"mip\": %s, \"link\": \"%s\", \"rx\": %" PRIu64
				  ", \"tx\": %" PRIu64 ", \"port_ipackets\": %" PRIu64
				  ", \"port_opackets\": %" PRIu64 ", \"port_imissed\": %" PRIu64
				  ", \"port_oerrors\": %" PRIu64 "}",
				  i ? ", " : "", ic->if_num, ic->port, mac, peer,
				  ic->mip_enabled ? "true" : "false", up ? "up" : "down", sum.if_rx[i],
				  sum.if_tx[i], st.ipackets, st.opackets, st.imissed, st.oerrors);
		else
			sb_printf(&b, "%-8" PRIu32 " %-4u %-17s  %-17s  %-3s  %-4s  %12" PRIu64
				  " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %9" PRIu64 "\n",
				  ic->if_num, ic->port, mac, peer, ic->mip_enabled ? "on" : "off",
				  up ? "up" : "down", sum.if_rx[i], sum.if_tx[i], st.ipackets,
				  st.opackets, st.imissed);
	}
	if (json)
		sb_printf(&b, "]}\n");
	out(c, "%s", b.p ? b.p : "");
	sb_free(&b);
	return LSR_CTL_OK;
}

static int
h_show_counters(struct ctl_conn *c, int argc, char **argv)
{
	struct lsr_daemon *d = c->ctl->d;
	struct lsr_counters sum;
	int status = LSR_CTL_OK;
	bool json = want_json(c, argc, argv, &status);
	unsigned int i;

	if (status != LSR_CTL_OK)
		return status;
	lsr_daemon_counters(d, &sum);
	if (json) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		if (f == NULL) {
			out(c, "%% Out of memory\n");
			return LSR_CTL_FAIL;
		}
		lsr_stats_write_json(f, &sum, d->cfg);
		fclose(f);
		out(c, "%s", buf ? buf : "");
		free(buf);
		return LSR_CTL_OK;
	}
	out(c, "Frames: rx %" PRIu64 ", forwarded %" PRIu64 ", consumed %" PRIu64 ", dropped %"
	    PRIu64 ", tx %" PRIu64 "\n", sum.rx, sum.forwarded, sum.consumed, sum.dropped, sum.tx);
	out(c, "Losses after the fate was decided: tx-full %" PRIu64 ", copy-failed %" PRIu64 "\n",
	    sum.tx_full, sum.copy_failed);
	out(c, "Drops:\n");
	for (i = 0; i < LSR_DROP_MAX; i++)
		out(c, "  %-22s %12" PRIu64 "\n", lsr_drop_names[i], sum.drops[i]);
	out(c, "OAM:\n");
	for (i = 0; i < OAM_CNT_MAX; i++)
		out(c, "  %-22s %12" PRIu64 "\n", oam_counter_names[i], sum.oam[i]);
	out(c, "Interfaces:\n  %-10s %12s %12s\n", "IF_Num", "rx", "tx");
	for (i = 0; i < d->cfg->n_interfaces; i++)
		out(c, "  %-10" PRIu32 " %12" PRIu64 " %12" PRIu64 "\n", d->cfg->interfaces[i].if_num,
		    sum.if_rx[i], sum.if_tx[i]);
	return LSR_CTL_OK;
}

static void
counters_raw(const struct lsr_daemon *d, struct lsr_counters *sum)
{
	unsigned int i;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < d->n_lcores; i++)
		if (d->lcores[i] != NULL)
			lsr_counters_add(sum, &d->lcores[i]->c);
}

void
lsr_daemon_counters(const struct lsr_daemon *d, struct lsr_counters *out_c)
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

static int
h_clear_counters(struct ctl_conn *c, int argc, char **argv)
{
	struct lsr_daemon *d = c->ctl->d;

	if (argc != 0)
		USAGE(c, "%% Unexpected '%s'\n", argv[0]);
	/* Workers own their counters: nobody else writes them; remember a zero point. */
	if (d->baseline != NULL)
		counters_raw(d, d->baseline);
	out(c, "Counters cleared\n");
	return LSR_CTL_OK;
}

static int
h_help(struct ctl_conn *c, int argc, char **argv)
{
	unsigned int i;

	out(c, "Commands:\n");
	for (i = 0; i < LSR_CTL_CMD_MAX; i++)
		out(c, "  %s%s%s\n      %s\n", lsr_ctl_cmds[i].words, lsr_ctl_cmds[i].args[0] ? " " : "",
		    lsr_ctl_cmds[i].args, lsr_ctl_cmds[i].help);
	return LSR_CTL_OK;
}

/* ---- the dispatcher ------------------------------------------------------ */

typedef int (*ctl_handler)(struct ctl_conn *c, int argc, char **argv);

static const ctl_handler ctl_handlers[LSR_CTL_CMD_MAX] = {
#define _(id, w, a, h) [LSR_CTL_CMD_##id] = h_##id,
	foreach_lsr_ctl_cmd(_)
#undef _
};

/* Does the command's fixed words prefix the request?  @return the words matched or 0. */
static int
match_words(const char *words, int argc, char **argv)
{
	char buf[128], *save = NULL, *w;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", words);
	for (w = strtok_r(buf, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
		if (n >= argc || strcmp(argv[n], w) != 0)
			return 0;
		n++;
	}
	return n;
}

static int
dispatch(struct ctl_conn *c, char *line)
{
	char *argv[LSR_CTL_MAX_WORDS + 1], *save = NULL, *w;
	int argc = 0, n;
	unsigned int i;
	bool partial = false;

	for (w = strtok_r(line, " \t\r", &save); w != NULL; w = strtok_r(NULL, " \t\r", &save)) {
		if (argc == LSR_CTL_MAX_WORDS)
			USAGE(c, "%% Too many words\n");
		argv[argc++] = w;
	}
	if (argc == 0)
		USAGE(c, "%% Empty command; try 'help'\n");
	for (i = 0; i < LSR_CTL_CMD_MAX; i++) {
		n = match_words(lsr_ctl_cmds[i].words, argc, argv);
		if (n > 0)
			return ctl_handlers[i](c, argc - n, argv + n);
	}
	/* The first word names a command but the rest does not: say what may follow. */
	for (i = 0; i < LSR_CTL_CMD_MAX; i++) {
		size_t l = strlen(argv[0]);

		if (strncmp(lsr_ctl_cmds[i].words, argv[0], l) == 0 &&
		    (lsr_ctl_cmds[i].words[l] == ' ' || lsr_ctl_cmds[i].words[l] == '\0')) {
			if (!partial)
				out(c, "%% Incomplete or unknown command. Did you mean:\n");
			partial = true;
			out(c, "  %s %s\n", lsr_ctl_cmds[i].words, lsr_ctl_cmds[i].args);
		}
	}
	if (!partial)
		out(c, "%% Unknown command '%s'; try 'help'\n", argv[0]);
	return LSR_CTL_USAGE;
}

static void
conn_request(struct ctl_conn *c, char *line)
{
	char copy[LSR_CTL_LINE_MAX];
	int status;

	snprintf(copy, sizeof(copy), "%s", line);
	CTL_LOG(INFO, "request: %s", copy);
	c->dispatched = true;
	status = dispatch(c, line);
	if (status != CTL_PENDING)
		finish_conn(c, status);
}

/* ---- socket plumbing --------------------------------------------------------- */

static struct lsr_daemon *tel_daemon;	/* for the telemetry thread */

struct lsr_ctl *
lsr_ctl_create(const char *path, struct lsr_daemon *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct lsr_ctl *ctl;
	char dir[PATH_MAX], *slash;
	mode_t old;
	int fd, ret;

	if (path == NULL || d == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		ret = lsr_mkdir_p(dir);
		if (ret < 0) {
			errno = -ret;
			return NULL;
		}
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	/* A socket file already there: in use by a live daemon, or stale. */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 || errno == EAGAIN) {
		close(fd);
		errno = EADDRINUSE;
		return NULL;
	}
	close(fd);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	old = umask(0177);
	ret = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (ret < 0 || chmod(path, 0600) < 0 || listen(fd, CTL_MAX_CONNS) < 0) {
		int e = errno;

		close(fd);
		if (ret == 0)
			unlink(path);
		errno = e;
		return NULL;
	}
	ctl = calloc(1, sizeof(*ctl));
	if (ctl == NULL) {
		close(fd);
		unlink(path);
		errno = ENOMEM;
		return NULL;
	}
	ctl->fd = fd;
	snprintf(ctl->path, sizeof(ctl->path), "%s", path);
	ctl->d = d;
	__atomic_store_n(&tel_daemon, d, __ATOMIC_RELEASE);
	return ctl;
}

void
lsr_ctl_free(struct lsr_ctl *ctl)
{
	unsigned int i;

	if (ctl == NULL)
		return;
	__atomic_store_n(&tel_daemon, NULL, __ATOMIC_RELEASE);
	for (i = 0; i < CTL_MAX_CONNS; i++) {
		if (ctl->conns[i] == NULL)
			continue;
		if (!ctl->conns[i]->closing) {
			out(ctl->conns[i], "%% The daemon is shutting down\n");
			finish_conn(ctl->conns[i], LSR_CTL_FAIL);
		}
		if (ctl->conns[i]->out.len > ctl->conns[i]->out_off)
			(void)!send(ctl->conns[i]->fd, ctl->conns[i]->out.p + ctl->conns[i]->out_off,
				    ctl->conns[i]->out.len - ctl->conns[i]->out_off,
				    MSG_DONTWAIT | MSG_NOSIGNAL);
		conn_close(ctl, i);
	}
	close(ctl->fd);
	unlink(ctl->path);
	free(ctl);
}

static void
ctl_accept(struct lsr_ctl *ctl)
{
	for (;;) {
		struct ucred cred = { .uid = (uid_t)-1 };
		socklen_t clen = sizeof(cred);
		struct ctl_conn *c;
		unsigned int i;
		int fd = accept4(ctl->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 ||
		    (cred.uid != 0 && cred.uid != geteuid())) {
			static const char msg[] = "% Permission denied\n" LSR_CTL_STATUS_PREFIX "2\n";

			/* A local peer can connect in a loop: log rarely, count always. */
			ctl->refused++;
			if ((ctl->refused & (ctl->refused - 1)) == 0)
				CTL_LOG(WARNING, "refused a client with uid %d (%" PRIu64 " refused)",
					(int)cred.uid, ctl->refused);
			(void)!send(fd, msg, sizeof(msg) - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
			close(fd);
			continue;
		}
		for (i = 0; i < CTL_MAX_CONNS && ctl->conns[i] != NULL; i++)
			;
		c = i < CTL_MAX_CONNS ? calloc(1, sizeof(*c)) : NULL;
		if (c == NULL) {
			static const char msg[] = "% Busy: too many clients\n" LSR_CTL_STATUS_PREFIX
						  "1\n";

			(void)!send(fd, msg, sizeof(msg) - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
			close(fd);
			continue;
		}
		c->fd = fd;
		c->ctl = ctl;
		c->opened_ns = ctl->now_ns;
		ctl->conns[i] = c;
	}
}

/* @return false when the connection is to be closed. */
static bool
conn_service(struct lsr_ctl *ctl, struct ctl_conn *c)
{
	ssize_t n;

	if (!c->dispatched) {
		char *nl;

		n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - 1 - c->in_len, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return false;
		if (n > 0)
			c->in_len += (size_t)n;
		c->in[c->in_len] = '\0';
		nl = memchr(c->in, '\n', c->in_len);
		if (nl != NULL) {
			*nl = '\0';
			conn_request(c, c->in);
		} else if (c->in_len == sizeof(c->in) - 1) {
			c->dispatched = true;
			out(c, "%% Request too long\n");
			finish_conn(c, LSR_CTL_USAGE);
		} else if (ctl->now_ns - c->opened_ns > CTL_REQUEST_NS) {
			return false;
		}
	} else if (!c->closing) {
		char byte;

		/* A pending command: a client that went away cancels it. */
		n = recv(c->fd, &byte, 1, MSG_DONTWAIT | MSG_PEEK);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return false;
	}
	while (c->out.len > c->out_off) {
		n = send(c->fd, c->out.p + c->out_off, c->out.len - c->out_off,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return false;
		}
		c->out_off += (size_t)n;
	}
	if (c->out.oom)
		return false;
	return !(c->closing && c->out_off == c->out.len);
}

void
lsr_ctl_poll(struct lsr_ctl *ctl, uint64_t now_ns)
{
	unsigned int i;

	if (ctl == NULL || now_ns - ctl->last_poll_ns < CTL_POLL_NS)
		return;
	ctl->last_poll_ns = now_ns;
	ctl->now_ns = now_ns;
	ctl_accept(ctl);
	for (i = 0; i < CTL_MAX_CONNS; i++)
		if (ctl->conns[i] != NULL && !conn_service(ctl, ctl->conns[i]))
			conn_close(ctl, i);
}

/* ---- telemetry (STYLE.md rule 10) ---------------------------------------- */

/* Telemetry names allow [A-Za-z0-9_/] only: "no-label" is exported as "no_label". */
static const char *
tel_name(char *buf, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i + 1 < len && name[i] != '\0'; i++)
		buf[i] = name[i] == '-' ? '_' : name[i];
	buf[i] = '\0';
	return buf;
}

static int
tel_stats(const char *cmd, const char *params, struct rte_tel_data *t)
{
	struct lsr_daemon *d = __atomic_load_n(&tel_daemon, __ATOMIC_ACQUIRE);
	struct rte_tel_data *drops, *oam, *ifs;
	struct lsr_counters sum;
	char name[RTE_TEL_MAX_STRING_LEN];
	unsigned int i;

	if (d == NULL)
		return -ENODEV;
	lsr_daemon_counters(d, &sum);
	drops = rte_tel_data_alloc();
	oam = rte_tel_data_alloc();
	ifs = rte_tel_data_alloc();
	if (drops == NULL || oam == NULL || ifs == NULL) {
		rte_tel_data_free(drops);
		rte_tel_data_free(oam);
		rte_tel_data_free(ifs);
		return -ENOMEM;
	}
	rte_tel_data_start_dict(t);
	rte_tel_data_add_dict_u64(t, "rx", sum.rx);
	rte_tel_data_add_dict_u64(t, "forwarded", sum.forwarded);
	rte_tel_data_add_dict_u64(t, "consumed", sum.consumed);
	rte_tel_data_add_dict_u64(t, "dropped", sum.dropped);
	rte_tel_data_add_dict_u64(t, "tx", sum.tx);
	rte_tel_data_start_dict(drops);
	for (i = 0; i < LSR_DROP_MAX; i++)
		rte_tel_data_add_dict_u64(drops, tel_name(name, sizeof(name), lsr_drop_names[i]),
					  sum.drops[i]);
	rte_tel_data_add_dict_container(t, "drops", drops, 0);
	rte_tel_data_start_dict(oam);
	for (i = 0; i < OAM_CNT_MAX; i++)
		rte_tel_data_add_dict_u64(oam, tel_name(name, sizeof(name), oam_counter_names[i]),
					  sum.oam[i]);
	rte_tel_data_add_dict_container(t, "oam", oam, 0);
	/* Containers nest one level only: IF_Num -> rx, tx as "if<N>_rx", "if<N>_tx". */
	rte_tel_data_start_dict(ifs);
	for (i = 0; i < d->cfg->n_interfaces; i++) {
		snprintf(name, sizeof(name), "if%" PRIu32 "_rx", d->cfg->interfaces[i].if_num);
		rte_tel_data_add_dict_u64(ifs, name, sum.if_rx[i]);
		snprintf(name, sizeof(name), "if%" PRIu32 "_tx", d->cfg->interfaces[i].if_num);
		rte_tel_data_add_dict_u64(ifs, name, sum.if_tx[i]);
	}
	rte_tel_data_add_dict_container(t, "interfaces", ifs, 0);
	return 0;
}

static int
tel_lsp(const char *cmd, const char *params, struct rte_tel_data *t)
{
	struct lsr_daemon *d = __atomic_load_n(&tel_daemon, __ATOMIC_ACQUIRE);
	char name[RTE_TEL_MAX_STRING_LEN];
	uint32_t i;

	if (d == NULL)
		return -ENODEV;
	rte_tel_data_start_dict(t);
	for (i = 0; i < d->cfg->n_lsps; i++)
		rte_tel_data_add_dict_string(t, tel_name(name, sizeof(name), d->cfg->lsps[i].name),
					     lsp_role(&d->cfg->lsps[i]));
	return 0;
}

RTE_INIT(lsr_ctl_telemetry)
{
	rte_telemetry_register_cmd("/tplsr/stats", tel_stats,
				   "The stats object (docs/CLI.md), summed over lcores");
	rte_telemetry_register_cmd("/tplsr/lsp", tel_lsp, "LSP names and this node's role");
}
