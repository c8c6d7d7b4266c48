/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Live mode (docs/CONTRACT.md §4): the program's wiring.  The data plane
 * (dataplane/: ports, workers, the fib's publication) hands punted frames to
 * OAM (oam/: the demultiplexer and responders, the source MEP prober); the
 * main lcore runs them, the control socket (ctl/ctl.c) and the timers.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>

#include "ctl.h"
#include "ctl_events.h"
#include "ctl_http.h"
#include "lsr_config.h"
#include "lsr_dataplane.h"
#include "lsr_fwd.h"
#include "lsr_stats.h"
#include "oam.h"
#include "oam_mep.h"

/* The service manager's readiness protocol (Type=notify, packaging/tplsr.service.in). */
#ifdef LSR_HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#else
#define sd_notify(unset_env, state)   ((void)0)
#define sd_notifyf(unset_env, ...)    ((void)0)
#endif

#define IDLE_ROUNDS     8	/* empty poll rounds before sleeping */
#define IDLE_SLEEP_US   100
#define LINK_POLL_NS    UINT64_C(1000000000)	/* link state read once a second */

struct live {
	struct lsr_config *cfg;
	struct lsr_dataplane *dp;
	struct oam_node *oam;
	struct oam_mep *mep;
	struct ctl_server *ctl;
	struct ctl_http *http;		/* --metrics, or NULL */
	struct ctl_daemon daemon;
	struct lsr_counters baseline;
	struct oam_mip_counters mip_baseline;
	/* Link state as last read, per interface slot: up/down events on change. */
	uint64_t link_polled_ns;
	bool link_known[LSR_MAX_INTERFACES];
	bool link_up[LSR_MAX_INTERFACES];
};

static volatile sig_atomic_t force_quit;
static volatile sig_atomic_t got_hup;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		force_quit = 1;
}

/*
 * Signals: SIGINT and SIGTERM stop the daemon cleanly (final counters, socket
 * and EAL files removed).  SIGHUP reloads the file the daemon was started
 * with, as `reload` does (docs/PROVISIONING.md); a bad file changes nothing
 * and the daemon goes on.  SIGPIPE is ignored: a CLI that goes away mid-reply is an EPIPE on
 * its connection, not the daemon's death.
 */
static void
signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* The data plane's punt handler: OAM, on the main lcore. */
static void
oam_punts(void *arg, const struct lsr_fib *fib, struct lsr_lcore *main_lc,
	  const struct lsr_punt *p, unsigned int n, uint64_t now_ns)
{
	struct live *l = arg;
	struct oam_verdict v;
	unsigned int i;

	for (i = 0; i < n; i++) {
		oam_input(l->oam, fib, main_lc, &p[i], now_ns, &v);
		ctl_event_oam(&l->daemon, p[i].in_slot, &v, now_ns);
	}
}

/*
 * Nobody tells the main lcore that a link changed (the PMDs' LSC interrupts
 * are not enabled): read every interface's link once a second, without
 * waiting (rte_eth_link_get_nowait()), and emit an event on each change.
 */
static void
link_poll(struct live *l, uint64_t now_ns)
{
	const struct lsr_config *cfg = l->cfg;
	uint16_t s;

	if (now_ns - l->link_polled_ns < LINK_POLL_NS)
		return;
	l->link_polled_ns = now_ns;
	for (s = 0; s < cfg->n_interfaces && s < LSR_MAX_INTERFACES; s++) {
		const struct lsr_interface_cfg *ic = &cfg->interfaces[s];
		struct rte_eth_link link;
		struct ctl_event e;
		bool up;

		memset(&link, 0, sizeof(link));
		if (rte_eth_link_get_nowait(ic->port, &link) < 0)
			continue;
		up = link.link_status == RTE_ETH_LINK_UP;
		if (l->link_known[s] && up == l->link_up[s])
			continue;
		/* The first reading is the state at start-up, not a change. */
		if (l->link_known[s]) {
			ctl_event_init(&e, CTL_EV_LINK, up ? "up" : "down");
			ctl_event_u64(&e, "if_num", ic->if_num);
			ctl_event_u64(&e, "port", ic->port);
			if (up)
				ctl_event_u64(&e, "speed_mbps", link.link_speed);
			ctl_event_emit(&l->daemon, &e);
		}
		l->link_known[s] = true;
		l->link_up[s] = up;
	}
}

static void
main_loop(struct live *l)
{
	unsigned int idle_rounds = 0, got;
	uint64_t wake = 0, now;

	while (!force_quit) {
		if (got_hup) {
			char msg[1024];
			int st;

			got_hup = 0;
			/* systemd's reload protocol (sd_notify(3)): RELOADING=1, then READY=1. */
			sd_notify(0, "RELOADING=1\nSTATUS=reloading the configuration");
			st = ctl_daemon_reload(&l->daemon, NULL, msg, sizeof(msg));
			printf("tplsr: SIGHUP: %s%s\n", st == LSR_CTL_OK ? "reloaded " : "", msg);
			fflush(stdout);
			sd_notify(0, "READY=1\nSTATUS=forwarding");
		}
		now = lsr_dataplane_now_ns(l->dp);
		got = lsr_dataplane_poll_main(l->dp, now);
		now = lsr_dataplane_now_ns(l->dp);
		ctl_events_tick(&l->daemon, now);
		link_poll(l, now);
		ctl_server_poll(l->ctl, now);
		ctl_http_poll(l->http, now);
		ctl_daemon_reclaim(&l->daemon);
		if (got || now >= wake || oam_mep_n_sessions(l->mep))
			wake = oam_mep_run(l->mep, lsr_dataplane_fib(l->dp),
					   lsr_dataplane_main_lcore(l->dp), now);
		lsr_dataplane_flush_main(l->dp);
		if (got) {
			idle_rounds = 0;
		} else if (++idle_rounds >= IDLE_ROUNDS) {
			rte_delay_us_sleep(IDLE_SLEEP_US);
		}
	}
}

/* ---- set-up --------------------------------------------------------------- */

static void
usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [EAL options] -- -c CONFIG [--ctl SOCKET] [--metrics ADDR:PORT] [--force]\n"
		"       %s replay -c CONFIG --in IF=FILE.pcap ... --out-dir DIR "
		"[--events FILE] [--stats FILE]\n"
		"  -c, --config CONFIG  the node's configuration (docs/CONTRACT.md §2)\n"
		"  --ctl SOCKET         control socket (default " LSR_CTL_DEFAULT_SOCKET ")\n"
		"  --metrics ADDR:PORT  serve /metrics and /events over HTTP (off by default;\n"
		"                       e.g. 127.0.0.1:9469 or [::1]:9469)\n"
		"  --force              start even when another tplsr uses the same devices\n"
		"Without hugepages or NICs, e.g.: %s --no-huge -m 256 -l 0 "
		"--vdev=net_af_packet0,iface=veth0 -- -c node.conf\n",
		prog, prog, prog);
}

struct app_args {
	const char *config;
	const char *ctl;
	const char *metrics;	/* ADDR:PORT, or NULL: no HTTP endpoint */
	bool force;
};

/* The arguments after `--`. @return 0, or an exit status. */
static int
parse_app_args(int argc, char **argv, struct app_args *a)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "ctl", required_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },
		{ "metrics", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	a->ctl = LSR_CTL_DEFAULT_SOCKET;
	optind = 1;
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			a->config = optarg;
			break;
		case 's':
			a->ctl = optarg;
			break;
		case 'f':
			a->force = true;
			break;
		case 'm':
			a->metrics = optarg;
			break;
		case 'h':
			usage(argv[0]);
			return 2;
		default:
			usage(argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
		return 2;
	}
	if (a->config == NULL) {
		fprintf(stderr, "%s: missing -c CONFIG\n", argv[0]);
		usage(argv[0]);
		return 2;
	}
	/* A bad address is a usage error before anything starts. */
	if (a->metrics != NULL) {
		struct sockaddr_storage sa;
		char err[256];

		if (ctl_http_parse_addr(a->metrics, &sa, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s: %s\n", argv[0], err);
			return 2;
		}
	}
	return 0;
}

static void
print_final(struct live *l)
{
	struct ctl_daemon raw = l->daemon;
	struct lsr_counters sum;

	raw.baseline = NULL;	/* since start, whatever `clear counters` did */
	ctl_daemon_counters(&raw, &sum);
	printf("tplsr: final counters: rx %" PRIu64 " forwarded %" PRIu64 " consumed %" PRIu64
	       " dropped %" PRIu64 " tx %" PRIu64 " (tx-full %" PRIu64 ")\n",
	       sum.rx, sum.forwarded, sum.consumed, sum.dropped, sum.tx, sum.tx_full);
	lsr_stats_write_json(stdout, &sum, l->cfg, oam_counter_names, OAM_CNT_MAX);
	fflush(stdout);
}

/* daemon started / stopping: an event, and a line in syslog. */
static void
daemon_event(struct live *l, const char *what)
{
	char node[LSR_NODE_IDENT_STRLEN];
	struct ctl_event e;

	ctl_event_init(&e, CTL_EV_DAEMON, what);
	ctl_event_str(&e, "node", lsr_node_ident_format(node, sizeof(node), &l->cfg->node));
	ctl_event_u64(&e, "lsps", l->cfg->n_live);
	ctl_event_u64(&e, "pid", (uint64_t)getpid());
	ctl_event_emit(&l->daemon, &e);
}

static void
teardown(struct live *l)
{
	ctl_http_free(l->http);
	l->http = NULL;
	ctl_server_free(l->ctl);
	l->ctl = NULL;
	ctl_events_free(l->daemon.events);
	l->daemon.events = NULL;
	lsr_dataplane_free(l->dp);	/* the ports first: nothing arrives any more */
	oam_mep_free(l->mep);
	oam_node_free(l->oam);
	lsr_config_free(l->cfg);
}

int
ctl_daemon_main(int argc, char **argv)
{
	struct live live, *l = &live;
	struct app_args a = { 0 };
	struct lsr_fib *fib;
	char err[512], node[LSR_NODE_IDENT_STRLEN];
	int dashdash, ret, app_argc, status = 0;
	char **app_argv;
	struct lsr_dataplane_opts dp_opts = { 0 };

	memset(l, 0, sizeof(*l));
	/* The application's arguments come after `--` (-c alone would be EAL's coremask). */
	for (dashdash = 1; dashdash < argc && strcmp(argv[dashdash], "--") != 0; dashdash++)
		;
	if (dashdash == argc) {
		fprintf(stderr, "%s: missing `-- -c CONFIG`\n", argv[0]);
		usage(argv[0]);
		return 2;
	}
	app_argc = argc - dashdash;
	app_argv = malloc(sizeof(char *) * (size_t)(app_argc + 1));
	if (app_argv == NULL)
		return 1;
	app_argv[0] = argv[0];
	memcpy(app_argv + 1, argv + dashdash + 1, sizeof(char *) * (size_t)(app_argc - 1));
	app_argv[app_argc] = NULL;
	ret = parse_app_args(app_argc, app_argv, &a);
	free(app_argv);
	if (ret != 0)
		return ret;

	/* Configuration errors before EAL: FILE:LINE: message, status 2, nothing applied. */
	ret = lsr_config_parse_file(a.config, &l->cfg, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "%s\n", err[0] ? err : strerror(-ret));
		return 2;
	}

	signals_install();
	ret = rte_eal_init(dashdash, argv);
	if (ret < 0) {
		fprintf(stderr, "tplsr: EAL initialisation failed: %s\n", rte_strerror(rte_errno));
		lsr_config_free(l->cfg);
		return 2;
	}
	/* Changes at run time find names in O(1) (docs/PROVISIONING.md). */
	if (lsr_config_live_init(l->cfg) < 0) {
		fprintf(stderr, "tplsr: out of memory\n");
		status = 1;
		goto out;
	}
	/* The devices before the configuration's use of them (docs/PORTS.md). */
	if (lsr_ports_probed() < 0 || lsr_ports_resolve(l->cfg) < 0) {
		status = 2;
		goto out;
	}

	fib = lsr_fib_create(l->cfg);
	l->oam = oam_node_create();
	if (fib == NULL || l->oam == NULL) {
		fprintf(stderr, "tplsr: cannot build the forwarding state: %s\n", strerror(errno));
		lsr_fib_free(fib);
		status = 1;
		goto out;
	}
	dp_opts.force = a.force;
	l->dp = lsr_dataplane_create(l->cfg, fib, oam_punts, l, &dp_opts);
	if (l->dp == NULL) {
		ret = -rte_errno;
		status = ret == -ENOMEM || ret == -ENOTSUP ? 1 : 2;
		if (ret == -ENOMEM)
			fprintf(stderr, "tplsr: out of memory during set-up\n");
		goto out;
	}
	l->mep = oam_mep_create(l->cfg, (uint32_t)(lsr_dataplane_now_ns(l->dp) ^
						  (uint64_t)getpid() << 16));
	if (l->mep == NULL) {
		fprintf(stderr, "tplsr: cannot create the prober: %s\n", strerror(errno));
		status = 1;
		goto out;
	}
	oam_node_set_reply_handler(l->oam, oam_mep_reply, l->mep);

	l->daemon.cfg = l->cfg;
	l->daemon.config_path = a.config;
	l->daemon.fib = lsr_dataplane_fib(l->dp);
	l->daemon.mep = l->mep;
	l->daemon.dp = l->dp;
	l->daemon.baseline = &l->baseline;
	l->daemon.oam = l->oam;
	l->daemon.mip_baseline = &l->mip_baseline;
	l->daemon.events = ctl_events_create();
	if (l->daemon.events == NULL) {
		fprintf(stderr, "tplsr: out of memory during set-up\n");
		status = 1;
		goto out;
	}
	{
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		l->daemon.start_time_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	}
	/* State changes go to syslog too (docs/MONITORING.md): the journal under systemd. */
	openlog("tplsr", LOG_PID | LOG_NDELAY, LOG_DAEMON);

	l->ctl = ctl_server_create(a.ctl, &l->daemon);
	if (l->ctl == NULL) {
		fprintf(stderr, "tplsr: control socket %s: %s%s\n", a.ctl, strerror(errno),
			errno == EADDRINUSE ? " (another tplsr is running there; use --ctl)" : "");
		status = 1;
		goto out;
	}

	if (a.metrics != NULL) {
		char herr[256];

		l->http = ctl_http_create(a.metrics, &l->daemon, herr, sizeof(herr));
		if (l->http == NULL) {
			fprintf(stderr, "tplsr: %s\n", herr);
			status = 1;
			goto out;
		}
		printf("tplsr: metrics on http://%s/metrics, events on /events\n", a.metrics);
	}

	printf("tplsr: node %s, %u interface(s), %" PRIu32 " LSP(s), %s, control socket %s\n",
	       lsr_node_ident_format(node, sizeof(node), &l->cfg->node), l->cfg->n_interfaces,
	       l->cfg->n_live,
	       lsr_dataplane_has_workers(l->dp) ? "workers forwarding" :
	       "forwarding on the main lcore", a.ctl);
	fflush(stdout);

	if (lsr_dataplane_start(l->dp) < 0) {
		fprintf(stderr, "tplsr: cannot launch the workers\n");
		status = 1;
		goto out;
	}
	/* Ports started, socket listening, workers launched: ready (Type=notify). */
	sd_notifyf(0, "READY=1\nSTATUS=forwarding, control socket %s", a.ctl);
	daemon_event(l, "started");
	main_loop(l);
	daemon_event(l, "stopping");
	sd_notify(0, "STOPPING=1\nSTATUS=stopping: final counters on stdout");
	lsr_dataplane_stop(l->dp);
	print_final(l);
	printf("tplsr: shutting down\n");

out:
	teardown(l);
	closelog();
	rte_eal_cleanup();
	return status;
}
