/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The management plane's daemon side (ctl/): the control socket server, the
 * objects its command handlers act on, and live mode's entry point.  The
 * socket's protocol, shared with tplsr-cli, is include/ctl_proto.h.
 */
#ifndef TPLSR_CTL_H
#define TPLSR_CTL_H

#include <stdint.h>

#include "ctl_proto.h"

struct lsr_config;
struct lsr_counters;
struct lsr_dataplane;
struct lsr_fib;
struct lsr_lcore;
struct oam_mep;
struct oam_node;
struct oam_mip_counters;
struct ctl_events;
struct ctl_conn;

/** What the command handlers act on: owned by live mode, used on the main lcore. */
struct ctl_daemon {
	struct lsr_config *cfg;		/* changed in place by reload, lsp, interface */
	const char *config_path;	/* the file the daemon started with (reload, SIGHUP) */
	struct lsr_fib *fib;		/* the published fib (main lcore is its writer) */
	struct oam_mep *mep;
	struct lsr_dataplane *dp;	/* ports, lcores and the fib's publication */
	struct lsr_counters *baseline;	/* `clear counters`: subtracted when shown */
	const struct oam_node *oam;	/* its per-MIP counters (main lcore), or NULL */
	struct oam_mip_counters *mip_baseline;	/* `clear counters`: per-MIP */
	struct ctl_events *events;	/* the live event stream (include/ctl_events.h), or NULL */
	uint64_t start_time_ns;		/* wall clock at start-up (metrics) */
};

/**
 * A consistent snapshot of the node's counters since the last `clear counters`
 * (lsr_counters_snapshot(): every lcore's counters read whole, minus the
 * baseline).  Should a snapshot be impossible (-EBUSY, which cannot happen once
 * the data plane has stopped), it logs and returns zeros.
 */
void ctl_daemon_counters(const struct ctl_daemon *d, struct lsr_counters *out);

/**
 * Reload the configuration from path (NULL: d->config_path) and apply what
 * changed (docs/PROVISIONING.md), as `reload` and SIGHUP do.
 * @param msg what happened, one line: the counts, or "FILE:LINE: message"
 * @return LSR_CTL_OK; LSR_CTL_USAGE (the file does not parse: nothing
 *   applied); LSR_CTL_FAIL (refused, e.g. a new node identity: nothing applied).
 */
int ctl_daemon_reload(struct ctl_daemon *d, const char *path, char *msg, size_t len);

/**
 * Main loop, every round: once the grace period of the last change ended,
 * reuse the slots the changes freed (lsr_dataplane_reclaimable()).  Never blocks.
 */
void ctl_daemon_reclaim(struct ctl_daemon *d);


struct ctl_server;

/**
 * Create the control socket at path: the directory is created if missing
 * (mode 0755), the socket made 0600.  What is already at path is removed only
 * if it is a stale socket (nobody answers on it); anything else (a live
 * daemon's socket, a regular file, a symlink, never followed, a directory) is
 * left untouched and refused, with a log line that says what was found.  Also
 * makes d the object behind the telemetry commands /tplsr/stats and /tplsr/lsp.
 * @return the server, or NULL with errno set: EADDRINUSE (a program answers on
 *   path), EEXIST (path is not a socket, or changed while we looked), EISDIR,
 *   ENAMETOOLONG, EINVAL (NULL argument), ENOMEM, or what mkdir, lstat,
 *   connect, unlink, socket, bind or listen report.
 */
struct ctl_server *ctl_server_create(const char *path, struct ctl_daemon *d);

/**
 * Accept connections, read requests, run commands, write replies; enforce the
 * limits of docs/CLI.md "Control socket limits" (connections, timeouts, output
 * held per connection).  Never blocks and does bounded work per call: at most
 * one poll() over every socket every millisecond, a few accepts, and per
 * connection one read, the sends the socket takes and a few calls of an
 * incremental reply (ctl/ctl_priv.h, ctl_more_fn).
 * @param now_ns the daemon's clock (the one oam_mep_run() is given)
 */
void ctl_server_poll(struct ctl_server *ctl, uint64_t now_ns);

/**
 * Close every connection (pending commands are cancelled, clients told the
 * daemon is shutting down), remove the socket if it is still the one we bound.
 */
void ctl_server_free(struct ctl_server *ctl);

/** Live mode: `tplsr [EAL options] -- -c CONFIG [--ctl SOCKET]`. @return exit status. */
int ctl_daemon_main(int argc, char **argv);

#endif /* TPLSR_CTL_H */
