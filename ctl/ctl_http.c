/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The metrics endpoint (`--metrics ADDR:PORT`, docs/MONITORING.md):
 * GET /metrics, the node's counters in the Prometheus text format 0.0.4, and
 * GET /events, the live event stream as Server-Sent Events.
 *
 * Threading: libmicrohttpd runs without a thread of its own ("external
 * polling"): the main lcore's loop calls ctl_http_poll(), which runs
 * MHD_run() at most once a millisecond, as the control socket is polled.
 * Every callback therefore runs on the main lcore, where the counters are
 * read as the control socket reads them (a snapshot) and the event ring is
 * read without a lock; never on a worker.  MHD_run() does not block: a
 * select() with no timeout over at most CTL_HTTP_MAX_CONNS sockets, and
 * writes the sockets take.  A scrape is built whole in memory (a few KiB: no
 * per-LSP series yet, docs/MONITORING.md "Scale").
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>
#include <rte_ethdev.h>
#include <rte_version.h>

#include "ctl_events.h"
#include "ctl_http.h"
#include "lsr_config.h"
#include "lsr_dataplane.h"
#include "lsr_fwd.h"
#include "oam.h"
#include "oam_counters.h"
#include "ctl_priv.h"

#define CTL_HTTP_MAX_CONNS   32		/* scrapers and SSE clients at once */
#define CTL_HTTP_TIMEOUT_S   60		/* an idle connection is closed */
#define CTL_HTTP_POLL_NS     1000000ull	/* MHD_run() at most every 1 ms */
#define SSE_KEEPALIVE_NS     (15 * 1000000000ull)	/* a comment line when idle */
#define NS_PER_SEC_F         1e9

struct ctl_http {
	struct MHD_Daemon *mhd;
	struct ctl_daemon *d;
	uint64_t last_poll_ns;
	uint64_t now_ns;
	uint64_t scrapes;	/* GET /metrics answered */
	uint64_t build_ns, build_max_ns;	/* main lcore time building them: sum, longest */
	uint64_t sse_refused;	/* /events refused: every subscriber slot in use */
};

/* One SSE client: its subscription and the part of a line MHD could not take yet. */
struct sse {
	struct ctl_http *h;
	int sub;
	uint64_t last_ns;	/* data last sent (keep-alive) */
	size_t len, off;
	char buf[CTL_EVENT_LINE_MAX + 64];
};

/* ---- /metrics ------------------------------------------------------------------ */

/* # HELP and # TYPE of a metric family. */
static void
family(struct ctl_buf *b, const char *name, const char *type, const char *help)
{
	ctl_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
metric_u64(struct ctl_buf *b, const char *name, const char *type, const char *help,
	   uint64_t v)
{
	family(b, name, type, help);
	ctl_buf_printf(b, "%s %" PRIu64 "\n", name, v);
}

/* A counter family with one series per name: label="names[i]" v[i]. */
static void
by_name(struct ctl_buf *b, const char *name, const char *help, const char *label,
	const char *const *names, const uint64_t *v, unsigned int n)
{
	unsigned int i;

	family(b, name, "counter", help);
	for (i = 0; i < n; i++)
		ctl_buf_printf(b, "%s{%s=\"%s\"} %" PRIu64 "\n", name, label, names[i], v[i]);
}

/* A family with one series per interface: labels if_num and port; v by slot. */
static void
per_interface(struct ctl_buf *b, const struct lsr_config *cfg, const char *name,
	      const char *type, const char *help, const uint64_t *v)
{
	unsigned int i;

	family(b, name, type, help);
	for (i = 0; i < cfg->n_interfaces; i++)
		ctl_buf_printf(b, "%s{if_num=\"%" PRIu32 "\",port=\"%u\"} %" PRIu64 "\n", name,
			       cfg->interfaces[i].if_num, cfg->interfaces[i].port, v[i]);
}

/*
 * The per-MIP counters (docs/MONITORING.md "Per-MIP series"): one family per
 * counter, tplsr_mip_<name>_total{if_num,side}; side in and out per
 * interface, or node (IF_Num 0) in per-node mode.  Read on the main lcore,
 * the OAM node's (include/oam_counters.h).
 */
static void
per_mip(struct ctl_buf *b, const struct ctl_daemon *d)
{
	const struct lsr_config *cfg = d->cfg;
	const struct oam_mip_counters *mc;
	char name[64];

	if (d->oam == NULL)
		return;
	mc = oam_node_mip_counters(d->oam);
	for (unsigned int k = 0; k < OAM_MIP_CNT_MAX; k++) {
		snprintf(name, sizeof(name), "tplsr_mip_%s_total", oam_mip_counter_names[k]);
		for (char *p = name; *p != '\0'; p++)
			if (*p == '-')
				*p = '_';
		family(b, name, "counter", "Per-MIP OAM counter (tplsr-cli show oam mips), by "
		       "IF_Num and side (in, out; node: the per-node MIP, IF_Num 0).");
		if (cfg->mip_mode == LSR_MIP_PER_NODE) {
			ctl_buf_printf(b, "%s{if_num=\"0\",side=\"node\"} %" PRIu64 "\n", name,
				       mc->node[k]);
			continue;
		}
		for (unsigned int i = 0; i < cfg->n_interfaces; i++)
			ctl_buf_printf(b, "%s{if_num=\"%" PRIu32 "\",side=\"in\"} %" PRIu64 "\n"
				       "%s{if_num=\"%" PRIu32 "\",side=\"out\"} %" PRIu64 "\n",
				       name, cfg->interfaces[i].if_num,
				       mc->mip[i][OAM_MIP_ROW_IN][k], name,
				       cfg->interfaces[i].if_num, mc->mip[i][OAM_MIP_ROW_OUT][k]);
	}
}

/*
 * The counters are since start (not since `clear counters`): a Prometheus
 * counter only goes down when the process restarts.
 */
static void
metrics_text(struct ctl_http *h, struct ctl_buf *b)
{
	struct ctl_daemon raw = *h->d;
	const struct lsr_config *cfg = h->d->cfg;
	char node[LSR_NODE_IDENT_STRLEN];
	struct ctl_events_stats es;
	struct lsr_counters c;
	struct timespec ts;
	uint64_t now_wall, up[LSR_MAX_INTERFACES], mip[LSR_MAX_INTERFACES];
	unsigned int i;

	raw.baseline = NULL;
	ctl_daemon_counters(&raw, &c);
	ctl_events_stats(h->d->events, &es);
	clock_gettime(CLOCK_REALTIME, &ts);
	now_wall = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;

	family(b, "tplsr_build_info", "gauge", "tplsr's version and DPDK's (the value is 1).");
	ctl_buf_printf(b, "tplsr_build_info{version=\"%s\",dpdk=\"%s\"} 1\n", LSR_VERSION,
		       rte_version());
	family(b, "tplsr_node_info", "gauge",
	       "The node's identity, Global_ID:Node_ID (RFC 6370) (the value is 1).");
	ctl_buf_printf(b, "tplsr_node_info{node=\"%s\"} 1\n",
		       lsr_node_ident_format(node, sizeof(node), &cfg->node));
	family(b, "tplsr_start_time_seconds", "gauge",
	       "When the daemon started, in seconds since the Unix epoch.");
	ctl_buf_printf(b, "tplsr_start_time_seconds %.3f\n", h->d->start_time_ns / NS_PER_SEC_F);
	family(b, "tplsr_uptime_seconds", "gauge", "Seconds since the daemon started.");
	ctl_buf_printf(b, "tplsr_uptime_seconds %.3f\n",
		       (now_wall - h->d->start_time_ns) / NS_PER_SEC_F);
	metric_u64(b, "tplsr_lsps", "gauge", "LSPs configured.", cfg->n_live);
	metric_u64(b, "tplsr_config_generation", "gauge",
		   "Changes applied to the running configuration since start.", cfg->generation);

	metric_u64(b, "tplsr_received_frames_total", "counter", "Frames received.", c.rx);
	metric_u64(b, "tplsr_forwarded_frames_total", "counter",
		   "Frames label-switched (or returned by an RFC 6435 loop).", c.forwarded);
	metric_u64(b, "tplsr_consumed_frames_total", "counter",
		   "Frames that ended at this node without being dropped (OAM answered, "
		   "data at a sink MEP).", c.consumed);
	metric_u64(b, "tplsr_dropped_frames_total", "counter",
		   "Frames dropped, all reasons (tplsr_drops_total by reason).", c.dropped);
	metric_u64(b, "tplsr_transmitted_frames_total", "counter", "Frames sent.", c.tx);
	metric_u64(b, "tplsr_tx_full_total", "counter",
		   "Frames lost after their fate was decided: a TX queue was full.", c.tx_full);
	metric_u64(b, "tplsr_copy_failed_total", "counter",
		   "P2MP copies that could not be allocated.", c.copy_failed);
	by_name(b, "tplsr_drops_total", "Frames dropped, by reason (docs/CONTRACT.md section 3.2).",
		"reason", lsr_drop_names, c.drops, LSR_DROP_MAX);
	/* The MIP and MEP answers (in-mip, out-mip, node-mip, mep) are OAM counters. */
	by_name(b, "tplsr_oam_total", "OAM counters (docs/CONTRACT.md section 3.3): messages by "
		"type and direction, answers by MIP or MEP.", "counter", oam_counter_names,
		c.oam, OAM_CNT_MAX);

	for (i = 0; i < cfg->n_interfaces; i++) {
		struct rte_eth_link link;

		memset(&link, 0, sizeof(link));
		(void)rte_eth_link_get_nowait(cfg->interfaces[i].port, &link);
		up[i] = link.link_status == RTE_ETH_LINK_UP;
		mip[i] = cfg->interfaces[i].mip_enabled;
	}
	per_interface(b, cfg, "tplsr_interface_received_frames_total", "counter",
		      "Frames received, by interface (IF_Num) and DPDK port.", c.if_rx);
	per_interface(b, cfg, "tplsr_interface_transmitted_frames_total", "counter",
		      "Frames sent, by interface (IF_Num) and DPDK port.", c.if_tx);
	per_interface(b, cfg, "tplsr_interface_up", "gauge",
		      "1 when the interface's link is up.", up);
	per_interface(b, cfg, "tplsr_interface_mip_enabled", "gauge",
		      "1 when the interface's MIPs answer (interface IF mip on|off).", mip);
	per_mip(b, h->d);

	by_name(b, "tplsr_events_total", "Events of the live stream (tplsr-cli monitor, /events), "
		"by kind.", "kind", ctl_event_kind_names, es.emitted, CTL_EV_KIND_MAX);
	metric_u64(b, "tplsr_events_aggregated_total", "counter",
		   "OAM verdicts counted into an aggregate event instead of one each.",
		   es.aggregated);
	metric_u64(b, "tplsr_events_lost_total", "counter",
		   "Events subscribers lost by reading too slowly.", es.lost);
	metric_u64(b, "tplsr_event_subscribers", "gauge",
		   "Subscribers of the event stream (monitor connections, /events clients).",
		   es.subscribers);
	metric_u64(b, "tplsr_metrics_scrapes_total", "counter",
		   "Scrapes of /metrics answered, this one included.", ++h->scrapes);
	family(b, "tplsr_metrics_build_seconds_total", "counter",
	       "Main lcore time spent building the scrapes before this one.");
	ctl_buf_printf(b, "tplsr_metrics_build_seconds_total %.6f\n", h->build_ns / NS_PER_SEC_F);
	family(b, "tplsr_metrics_build_max_seconds", "gauge",
	       "The longest a scrape before this one took to build.");
	ctl_buf_printf(b, "tplsr_metrics_build_max_seconds %.6f\n",
		       h->build_max_ns / NS_PER_SEC_F);
}

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static enum MHD_Result
answer_text(struct MHD_Connection *conn, unsigned int status, const char *type, char *text,
	    size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, text, mode);
	enum MHD_Result ret;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
serve_metrics(struct ctl_http *h, struct MHD_Connection *conn)
{
	struct ctl_buf b = { 0 };
	uint64_t t0 = mono_ns(), took;

	metrics_text(h, &b);
	/* What a scrape costs the main lcore (docs/MONITORING.md "Scale"). */
	took = mono_ns() - t0;
	h->build_ns += took;
	h->build_max_ns = RTE_MAX(h->build_max_ns, took);
	if (b.oom) {
		ctl_buf_free(&b);
		return answer_text(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain",
				   (char *)"out of memory\n", 14, MHD_RESPMEM_PERSISTENT);
	}
	/* MHD frees the text with free() once sent. */
	return answer_text(conn, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", b.p,
			   b.len, MHD_RESPMEM_MUST_FREE);
}

/* ---- /events (Server-Sent Events) --------------------------------------------------- */

/*
 * MHD asks for more whenever the socket takes it, and again on every
 * MHD_run() after we said "nothing now" (0: legal without MHD's own thread).
 * A client that does not read is not asked: its cursor falls behind in the
 * ring, and it is told what it lost (ctl_events_next()).
 */
static ssize_t
sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct sse *s = cls;
	struct ctl_http *h = s->h;
	size_t n;

	if (s->off == s->len) {
		char line[CTL_EVENT_LINE_MAX];
		size_t l = ctl_events_next(h->d->events, s->sub, true, line);

		s->off = 0;
		s->len = 0;
		if (l > 0) {
			/* One event per message: "data: JSON\n\n" (the JSON holds no newline). */
			line[l - 1] = '\0';
			s->len = (size_t)snprintf(s->buf, sizeof(s->buf), "data: %s\n\n", line);
		} else if (h->now_ns - s->last_ns >= SSE_KEEPALIVE_NS) {
			/* A comment keeps proxies and MHD's idle timeout from closing it. */
			s->len = (size_t)snprintf(s->buf, sizeof(s->buf), ": keep-alive\n\n");
		} else {
			return 0;
		}
	}
	n = RTE_MIN(max, s->len - s->off);
	memcpy(out, s->buf + s->off, n);
	s->off += n;
	s->last_ns = h->now_ns;
	return (ssize_t)n;
}

static void
sse_free(void *cls)
{
	struct sse *s = cls;

	ctl_events_unsubscribe(s->h->d->events, s->sub);
	free(s);
}

/* Collect ?filter=oam,link,misdirected into f.  @return false on an unknown word. */
static bool
sse_filter(struct MHD_Connection *conn, struct ctl_event_filter *f, char *bad, size_t len)
{
	const char *q = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "filter");
	char words[256], *save = NULL, *w;

	if (q == NULL)
		return true;
	snprintf(words, sizeof(words), "%s", q);
	for (w = strtok_r(words, ", ", &save); w != NULL; w = strtok_r(NULL, ", ", &save)) {
		if (!ctl_event_filter_word(f, w)) {
			snprintf(bad, len, "unknown filter '%.64s': %s\n", w,
				 ctl_event_filter_help());
			return false;
		}
	}
	return true;
}

static enum MHD_Result
serve_events(struct ctl_http *h, struct MHD_Connection *conn)
{
	struct ctl_event_filter f = { 0 };
	struct MHD_Response *r;
	enum MHD_Result ret;
	char bad[512];
	struct sse *s;

	if (!sse_filter(conn, &f, bad, sizeof(bad)))
		return answer_text(conn, MHD_HTTP_BAD_REQUEST, "text/plain", bad, strlen(bad),
				   MHD_RESPMEM_MUST_COPY);
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return MHD_NO;
	s->h = h;
	s->last_ns = h->now_ns;
	s->sub = ctl_events_subscribe(h->d->events, &f);
	if (s->sub < 0) {
		static const char busy[] = "too many event subscribers; try later\n";

		free(s);
		h->sse_refused++;
		return answer_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain", (char *)busy,
				   sizeof(busy) - 1, MHD_RESPMEM_PERSISTENT);
	}
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sse_read, s, sse_free);
	if (r == NULL) {
		sse_free(s);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- the server ------------------------------------------------------------------------ */

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload, size_t *upload_size, void **state)
{
	static const char index_text[] =
		"tplsr: GET /metrics (Prometheus text format), GET /events[?filter=WORDS] "
		"(Server-Sent Events)\n";
	static const char not_found[] = "not found: try /metrics or /events\n";
	static const char bad_method[] = "only GET and HEAD\n";
	struct ctl_http *h = cls;

	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return answer_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
				   (char *)bad_method, sizeof(bad_method) - 1,
				   MHD_RESPMEM_PERSISTENT);
	/* A GET has no body: answer at the first call. */
	if (strcmp(url, "/metrics") == 0)
		return serve_metrics(h, conn);
	if (strcmp(url, "/events") == 0)
		return serve_events(h, conn);
	if (strcmp(url, "/") == 0)
		return answer_text(conn, MHD_HTTP_OK, "text/plain", (char *)index_text,
				   sizeof(index_text) - 1, MHD_RESPMEM_PERSISTENT);
	return answer_text(conn, MHD_HTTP_NOT_FOUND, "text/plain", (char *)not_found,
			   sizeof(not_found) - 1, MHD_RESPMEM_PERSISTENT);
}

int
ctl_http_parse_addr(const char *spec, struct sockaddr_storage *sa, char *err, size_t len)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	char host[128];
	const char *colon = strrchr(spec, ':'), *port, *h0 = spec;
	size_t hlen;
	char *end;
	unsigned long p;

	if (colon == NULL || colon == spec || colon[1] == '\0') {
		snprintf(err, len, "--metrics %s: expected ADDR:PORT (e.g. 127.0.0.1:9469, "
			 "[::1]:9469)", spec);
		return -EINVAL;
	}
	port = colon + 1;
	hlen = (size_t)(colon - spec);
	/* [IPv6]:PORT */
	if (spec[0] == '[' && hlen >= 2 && spec[hlen - 1] == ']') {
		h0 = spec + 1;
		hlen -= 2;
	}
	p = strtoul(port, &end, 10);
	if (*end != '\0' || p == 0 || p > 65535 || hlen == 0 || hlen >= sizeof(host)) {
		snprintf(err, len, "--metrics %s: expected ADDR:PORT with PORT 1..65535", spec);
		return -EINVAL;
	}
	memcpy(host, h0, hlen);
	host[hlen] = '\0';
	if (getaddrinfo(host, port, &hints, &res) != 0 || res == NULL) {
		snprintf(err, len, "--metrics %s: '%s' is not a numeric IPv4 or IPv6 address",
			 spec, host);
		return -EINVAL;
	}
	memset(sa, 0, sizeof(*sa));
	memcpy(sa, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}

struct ctl_http *
ctl_http_create(const char *spec, struct ctl_daemon *d, char *err, size_t len)
{
	struct sockaddr_storage sa;
	struct ctl_http *h;
	int ret = ctl_http_parse_addr(spec, &sa, err, len);

	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	h = calloc(1, sizeof(*h));
	if (h == NULL) {
		snprintf(err, len, "--metrics %s: out of memory", spec);
		errno = ENOMEM;
		return NULL;
	}
	h->d = d;
	/* No MHD_USE_INTERNAL_POLLING_THREAD: MHD runs in ctl_http_poll(), on the main lcore. */
	h->mhd = MHD_start_daemon(MHD_USE_ERROR_LOG | (sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
				  ntohs(((struct sockaddr_in *)&sa)->sin_port), NULL, NULL,
				  on_request, h,
				  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				  MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CTL_HTTP_MAX_CONNS,
				  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CTL_HTTP_TIMEOUT_S,
				  MHD_OPTION_END);
	if (h->mhd == NULL) {
		int e = errno ? errno : EADDRINUSE;

		snprintf(err, len, "--metrics %s: cannot listen (%s)", spec, strerror(e));
		free(h);
		errno = e;
		return NULL;
	}
	return h;
}

void
ctl_http_poll(struct ctl_http *h, uint64_t now_ns)
{
	if (h == NULL || now_ns - h->last_poll_ns < CTL_HTTP_POLL_NS)
		return;
	h->last_poll_ns = now_ns;
	h->now_ns = now_ns;
	MHD_run(h->mhd);
}

void
ctl_http_free(struct ctl_http *h)
{
	if (h == NULL)
		return;
	/* Closes every connection: the SSE clients' subscriptions end (sse_free). */
	MHD_stop_daemon(h->mhd);
	free(h);
}
