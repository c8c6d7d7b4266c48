/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control socket's protocol (docs/CLI.md): what tplsr-cli and the daemon
 * share, the framing below, the exit statuses and the command table.  The
 * daemon's side of the socket is include/ctl.h.
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
#ifndef TPLSR_CTL_PROTO_H
#define TPLSR_CTL_PROTO_H

#include <stdint.h>
#include <stdio.h>

#define LSR_CTL_DEFAULT_SOCKET "/run/tplsr/tplsr.sock"
#define LSR_CTL_LINE_MAX       1024
#define LSR_CTL_MAX_WORDS      64	/* `lsp add` of a P2MP LSP takes many */
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
	  "[timeout MS] [g8113] [encap ip|non-ip] [json]",                                   \
	  "on-demand CV (RFC 6426) or G.8113.1 LBM (g8113) from our source MEP to a MIP "    \
	  "or the far MEP (default)")                                                        \
	_(traceroute, "traceroute mpls-tp lsp",                                              \
	  "NAME [max-ttl N] [timeout MS] [encap ip|non-ip] [json]",                          \
	  "route tracing (RFC 6426 4.2.1): one hop per TTL until the egress answers")      \
	_(locate, "locate mpls-tp lsp",                                                      \
	  "NAME [count N] [timeout MS] [encap ip|non-ip] [save-path] [json]",              \
	  "fault localisation: trace the path, CV-check every in-MIP, out-MIP and the MEP " \
	  "in order (of the provisioned path and every leg, when one is written), name "    \
	  "the first segment or difference that fails; save-path: write a healthy "         \
	  "LSP's path into the running configuration")                                       \
	_(loopback, "loopback lsp", "NAME interface IF_NUM on|off",                          \
	  "set or clear RFC 6435 data-plane loopback at this node's MIP on IF_NUM")         \
	_(show_lsp, "show lsp", "[NAME] [json]",                                             \
	  "the LSPs (or one, with its intended path), their label switching and loopback")  \
	_(show_interfaces, "show interfaces", "[json]",                                      \
	  "interfaces, ports, link state and counters")                                      \
	_(show_counters, "show counters", "[json]",                                          \
	  "forwarding, drop and OAM counters summed over lcores (json: the stats object)")  \
	_(show_oam_mips, "show oam mips", "[json]",                                         \
	  "per-MIP OAM counters: requests, replies, misdirected, mip-disabled, loopbacks")  \
	_(clear_counters, "clear counters", "[lsp NAME | interface IF_NUM]",                 \
	  "start counting from zero: every counter, one LSP's, or one interface's and MIPs'")\
	_(reload, "reload", "[FILE] [json]",                                                 \
	  "re-read the configuration (or FILE), apply what changed; on an error nothing")    \
	_(lsp_add, "lsp add", "NAME source ID tunnel T destination ID tunnel T lsp-num N "   \
	  "[forward ...] [reverse ...] [loopback interface IF] [json]",                      \
	  "add an LSP, written as its configuration block on one line")                      \
	_(lsp_replace, "lsp replace", "NAME source ... (as lsp add)",                        \
	  "replace an LSP; in labels it keeps switch without a lost frame")                  \
	_(lsp_delete, "lsp delete", "NAME [json]", "delete an LSP: its labels are no-label") \
	_(interface_mip, "interface", "IF_NUM mip on|off",                                   \
	  "turn the MIPs of an interface on or off")                                         \
	_(show_running_config, "show running-config", "[json]",                              \
	  "the configuration the node runs, re-parseable, with its digest")                  \
	_(monitor, "monitor", "[json] [FILTER...]",                                          \
	  "stream the node's events until interrupted (FILTER: oam, forwarding, config, "   \
	  "link, loopback, probe, locate, daemon, drop or a drop reason)")                   \
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

/** The command table, indexed by enum lsr_ctl_cmd_id (ctl/ctl_proto.c). */
extern const struct lsr_ctl_cmd_info lsr_ctl_cmds[LSR_CTL_CMD_MAX];

/** Print the command table (tplsr-cli help, and the daemon's `help`). */
void lsr_ctl_print_help(FILE *f);

#endif /* TPLSR_CTL_PROTO_H */
