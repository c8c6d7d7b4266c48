/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The operator's control socket (docs/CLI.md): the command table, shared by the
 * daemon's dispatcher (dataplane/ctl.c) and tplsr-cli's help (dataplane/cli.c),
 * and the daemon side's verbs.
 *
 * Wire protocol (AF_UNIX SOCK_STREAM, one request per connection):
 *
 *   client -> daemon:  the command's words joined by single spaces, then "\n"
 *                      (at most LSR_CTL_LINE_MAX - 1 bytes before the newline)
 *   daemon -> client:  the reply text, streamed as it is produced (ping
 *                      characters appear as probes end), then on a line of
 *                      its own "@status N\n" with N the exit status of
 *                      tplsr-cli (LSR_CTL_OK/FAIL/USAGE); then the daemon
 *                      closes the connection.
 *
 * Reply text never holds a line that starts with '@'.
 */
#ifndef TPLSR_LSR_CTL_H
#define TPLSR_LSR_CTL_H

#include <stdint.h>
#include <stdio.h>

#define LSR_CTL_DEFAULT_SOCKET "/run/tplsr/tplsr.sock"
#define LSR_CTL_LINE_MAX       1024
#define LSR_CTL_MAX_WORDS      32
#define LSR_CTL_STATUS_PREFIX  "@status "

/* Exit statuses of tplsr-cli, carried in the status line. */
#define LSR_CTL_OK    0	/* the command succeeded */
#define LSR_CTL_FAIL  1	/* it ran and failed (no such LSP, 0% ping, refused) */
#define LSR_CTL_USAGE 2	/* unknown command or bad argument (nothing changed), no daemon */

/*
 * The command table: one line per command, expanded by the daemon (with its
 * handlers) and by tplsr-cli (help only).  _(id, words, arguments, help)
 */
#define foreach_lsr_ctl_cmd(_)                                                              \
	_(ping, "ping mpls-tp lsp",                                                          \
	  "NAME [mip GLOBAL:NODE:IF_NUM [in|out] | mep] [ttl N] [count N] [interval MS] "   \
	  "[timeout MS] [g8113] [json]",                                                     \
	  "on-demand CV (RFC 6426) or G.8113.1 LBM (g8113) from our source MEP to a MIP "    \
	  "or the far MEP (default)")                                                        \
	_(traceroute, "traceroute mpls-tp lsp", "NAME [max-ttl N] [timeout MS] [json]",     \
	  "route tracing (RFC 6426 4.2.1): one hop per TTL until the egress answers")      \
	_(locate, "locate mpls-tp lsp", "NAME [count N] [timeout MS] [json]",                \
	  "fault localisation: trace the path, CV-check every in-MIP, out-MIP and the MEP " \
	  "in order, name the first segment that fails")                                     \
	_(loopback, "loopback lsp", "NAME interface IF_NUM on|off",                          \
	  "set or clear RFC 6435 data-plane loopback at this node's MIP on IF_NUM")         \
	_(show_lsp, "show lsp", "[json]", "the LSPs, their label switching and loopback")   \
	_(show_interfaces, "show interfaces", "[json]",                                      \
	  "interfaces, ports, link state and counters")                                      \
	_(show_counters, "show counters", "[json]",                                          \
	  "forwarding, drop and OAM counters summed over lcores (json: the stats object)")  \
	_(clear_counters, "clear counters", "", "start counting from zero")                  \
	_(help, "help", "", "this list")

struct lsr_ctl_cmd_info {
	const char *words;	/* the command's fixed words */
	const char *args;	/* its argument grammar */
	const char *help;
};

enum lsr_ctl_cmd_id {
#define _(id, words, args, help) LSR_CTL_CMD_##id,
	foreach_lsr_ctl_cmd(_)
#undef _
	LSR_CTL_CMD_MAX
};

static const struct lsr_ctl_cmd_info lsr_ctl_cmds[LSR_CTL_CMD_MAX] __attribute__((unused)) = {
#define _(id, w, a, h) [LSR_CTL_CMD_##id] = { .words = w, .args = a, .help = h },
	foreach_lsr_ctl_cmd(_)
#undef _
};

/** Print the command table (tplsr-cli help, and the daemon's `help`). */
static inline void
lsr_ctl_print_help(FILE *f)
{
	unsigned int i;

	fputs("Commands:\n", f);
	for (i = 0; i < LSR_CTL_CMD_MAX; i++)
		fprintf(f, "  %s%s%s\n      %s\n", lsr_ctl_cmds[i].words,
			lsr_ctl_cmds[i].args[0] ? " " : "", lsr_ctl_cmds[i].args,
			lsr_ctl_cmds[i].help);
}

/* ---- daemon side (dataplane/ctl*.c) --------------------------------------- */

struct lsr_config;
struct lsr_counters;
struct lsr_fib;
struct lsr_lcore;
struct oam_mep;

/** What the command handlers act on: owned by live mode, used on the main lcore. */
struct lsr_daemon {
	const struct lsr_config *cfg;
	struct lsr_fib *fib;		/* the published fib (main lcore is its writer) */
	struct oam_mep *mep;
	struct lsr_lcore **lcores;	/* every lcore context, to sum counters */
	unsigned int n_lcores;
	struct lsr_counters *baseline;	/* `clear counters`: subtracted when shown */
	void *live;			/* live mode's own state */
};

/**
 * Publish a new fib to the workers (live mode, main lcore only): pointer swap,
 * RCU grace period (rte_rcu_qsbr_synchronize), then the old fib is freed.
 * @return 0; -EINVAL.
 */
int lsr_dataplane_publish(struct lsr_daemon *d, struct lsr_fib *fib);

/**
 * Sum the counters of every lcore, minus the baseline.  Counters are read
 * without locks while workers write them (each is one aligned 64-bit word).
 */
void lsr_daemon_counters(const struct lsr_daemon *d, struct lsr_counters *out);

struct lsr_ctl;

/**
 * Create the control socket at path: the directory is created if missing
 * (mode 0755), a stale socket removed, the socket made 0600.  Also makes d the
 * object behind the telemetry commands /tplsr/stats and /tplsr/lsp.
 * @return the server, or NULL with errno set (EADDRINUSE: a live daemon
 *   answers on path; ENAMETOOLONG; what socket/bind/listen/mkdir report).
 */
struct lsr_ctl *lsr_ctl_create(const char *path, struct lsr_daemon *d);

/**
 * Accept connections, read requests, run commands, write replies.  Never blocks.
 * @param now_ns the daemon's clock (the one oam_mep_run() is given)
 */
void lsr_ctl_poll(struct lsr_ctl *ctl, uint64_t now_ns);

/** Close every connection (pending commands are cancelled), remove the socket. */
void lsr_ctl_free(struct lsr_ctl *ctl);

#endif /* TPLSR_LSR_CTL_H */
