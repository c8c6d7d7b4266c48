/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the files of the control socket share; internal to the daemon (the
 * contract is include/lsr_ctl.h).
 *
 *   ctl.c            the server: socket, peer credentials, connections, dispatch
 *                    over the command table, help
 *   ctl_cmds.c       ping, traceroute, loopback, show, clear: handlers, text, JSON
 *   ctl_locate.c     locate: the handler and all its rendering
 *   ctl_config.c     reload, lsp add|replace|delete, interface mip, show running-config
 *   ctl_telemetry.c  the rte_telemetry commands /tplsr/stats and /tplsr/lsp
 *   ctl_fmt.c        the output buffer, JSON values, identifiers and times as text
 */
#ifndef TPLSR_CTL_PRIV_H
#define TPLSR_CTL_PRIV_H

#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include <rte_common.h>
#include <rte_log.h>

#include "lsr_config.h"
#include "ctl.h"
#include "oam_mep.h"

/* The lsr.ctl logtype (registered in ctl.c). */
extern int lsr_logtype_ctl;
#define RTE_LOGTYPE_CTL lsr_logtype_ctl
#define CTL_LOG(level, fmt, ...) \
	RTE_LOG(level, CTL, "%s(): " fmt "\n", __func__, ##__VA_ARGS__)

/*
 * The server's limits (docs/CLI.md, "Control socket limits").  Every connection
 * is served from the main lcore's loop without blocking, so each of these bounds
 * what one client, or a crowd of them, can take from the others.
 */
#define CTL_MAX_CONNS      128		/* connections served at once; more get "Busy" */
#define CTL_BACKLOG        1024		/* listen(): bursts of connects queue here */
#define CTL_OUT_MAX        (4u << 20)	/* unsent reply bytes one connection may hold */
#define CTL_OUT_TOTAL      (64u << 20)	/* ... and all connections together */
#define CTL_OUT_LOW        (64u << 10)	/* call a ctl_more_fn when fewer are unsent */
#define CTL_PENDING        (-1)		/* a handler's answer: the reply comes later */

/* ---- a growing output buffer and JSON values (ctl_fmt.c) ------------------ */

struct ctl_buf {
	char *p;
	size_t len, cap;
	bool oom;
};

/* Append to b; after a failed allocation b->oom is set and nothing more is added. */
void ctl_buf_vprintf(struct ctl_buf *b, const char *fmt, va_list ap);
void ctl_buf_printf(struct ctl_buf *b, const char *fmt, ...) __rte_format_printf(2, 3);
/* Free the text; b is empty again. */
void ctl_buf_free(struct ctl_buf *b);
/* Append s as a JSON string: quoted, with what JSON requires escaped. */
void ctl_buf_json_str(struct ctl_buf *b, const char *s);
/* Append `, "key": v` (ctl_json_rtt: the time in ms), or `, "key": null` when !has. */
void ctl_json_u32(struct ctl_buf *b, const char *key, bool has, uint32_t v);
void ctl_json_rtt(struct ctl_buf *b, const char *key, bool has, uint64_t ns);

/* ---- formatting helpers (ctl_fmt.c): each writes buf and returns it ------- */

/* Room for ctl_fmt_word()'s text: 64 bytes of the word, each perhaps as \xNN, and "...". */
#define CTL_WORD_STRLEN    (64 * 4 + 4)
/*
 * A word of the request as an error message may quote it: printable ASCII as
 * it is, a backslash as \\, every other byte as \xNN, cut after 64 bytes.
 */
const char *ctl_fmt_word(char *buf, size_t len, const char *word);
/* Nanoseconds as milliseconds with three decimals. */
const char *ctl_fmt_ms(char *buf, size_t len, uint64_t ns);
/* Return code in words, with the stack depth where the words call for it. */
const char *ctl_fmt_rc(char *buf, size_t len, uint8_t rc, uint8_t rsc);

/* ---- connections (ctl.c) ---------------------------------------------------- */

enum ctl_conn_kind { CONN_NONE = 0, CONN_PING, CONN_TRACE, CONN_LOCATE };

struct ctl_conn;

/*
 * A reply produced as the socket drains.  A handler whose output can be large
 * (show lsp on a big configuration) prints a first part and returns
 * ctl_more(c, fn); the server then calls fn(c) each time fewer than CTL_OUT_LOW
 * bytes of the reply are left unsent, a few times per poll at most.  fn prints
 * the next part, of the order of CTL_OUT_LOW bytes (one or a few objects), and
 * returns CTL_PENDING to be called again, or the command's status (LSR_CTL_OK,
 * _FAIL, _USAGE) when it has printed the last part; the server then queues the
 * status line.  Between calls the connection may be closed (the client went
 * away, timed out): fn keeps no resources, only a cursor in c->more_pos.  A
 * handler that prints everything at once is held to CTL_OUT_MAX instead: what
 * goes beyond is dropped and the reply ends with "% Reply truncated" (status 1).
 *
 *	static int show_more(struct ctl_conn *c)
 *	{
 *		unsigned int n;
 *
 *		for (n = 0; n < 32 && c->more_pos < cfg->n_lsps; n++, c->more_pos++)
 *			print_lsp(c, &cfg->lsps[c->more_pos]);
 *		return c->more_pos < cfg->n_lsps ? CTL_PENDING : LSR_CTL_OK;
 *	}
 *	handler: ctl_out(c, "heading\n"); return ctl_more(c, show_more);
 *
 * (A JSON document spans the calls: the handler prints its opening, fn closes it.)
 */
typedef int (*ctl_more_fn)(struct ctl_conn *c);

struct ctl_conn {
	int fd;
	unsigned int slot;	/* its index in ctl->conns */
	struct ctl_server *ctl;
	uint64_t opened_ns;
	uint64_t progress_ns;	/* the reply last moved, or began to wait (write timeout) */
	char in[LSR_CTL_LINE_MAX];
	size_t in_len;
	bool dispatched;
	bool closing;		/* the status line is queued: close once flushed */
	bool truncated;		/* output was dropped at CTL_OUT_MAX / CTL_OUT_TOTAL */
	bool blocked;		/* the socket took no more: send again on POLLOUT only */
	struct ctl_buf out;
	size_t out_off;
	char last;		/* last character queued: the status line starts a line */
	ctl_more_fn more;	/* an incremental reply in progress, or NULL */
	uint64_t more_pos;	/* its cursor between calls (starts at 0) */

	/* A pending ping or traceroute. */
	enum ctl_conn_kind cmd;
	struct oam_mep_session *sess;
	bool json;
	uint32_t lsp;
	struct oam_ping_params ping;
	struct oam_trace_params trace;
	struct oam_locate_params locate;
	bool checks_shown;	/* locate: the heading of the CV checks is out */
	struct ctl_buf probes;	/* json: the probes/hops array so far */
	unsigned int n_probes;

	/* show running-config: the digest so far, and the configuration it began with */
	struct lsr_config_digest rc_digest;
	uint64_t rc_generation;
	uint64_t n_shown;	/* show lsp, show running-config: objects printed so far */
};

struct ctl_server {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	dev_t dev;		/* the socket file we bound: removed at exit only if */
	ino_t ino;		/* it is still ours */
	struct ctl_daemon *d;
	uint64_t last_poll_ns;
	uint64_t now_ns;
	struct ctl_conn *conns[CTL_MAX_CONNS];
	size_t queued;		/* unsent reply bytes over all connections */
	struct pollfd pfd[CTL_MAX_CONNS + 1];	/* one poll(): the listener, then ... */
	struct ctl_conn *polled[CTL_MAX_CONNS];	/* ... these connections */
	/* Clients turned away or dropped (each logged at powers of two only). */
	uint64_t refused;	/* uid neither 0 nor ours */
	uint64_t busy;		/* every connection in use */
	uint64_t evicted;	/* idle or stalled, made room for a newcomer */
	uint64_t timed_out;	/* no request in time, or a reply that stopped moving */
	uint64_t truncated;	/* replies cut at CTL_OUT_MAX / CTL_OUT_TOTAL */
};

/*
 * Queue reply text on the connection; it is sent as the socket accepts it.
 * Beyond CTL_OUT_MAX unsent bytes (CTL_OUT_TOTAL over all connections) text is
 * dropped, whole lines kept, and the reply will end with "% Reply truncated".
 */
void ctl_out(struct ctl_conn *c, const char *fmt, ...) __rte_format_printf(2, 3);
/* Queue the status line (on a line of its own); close once it is flushed. */
void ctl_finish(struct ctl_conn *c, int status);
/* In a handler: continue the reply with fn as the socket drains; returns CTL_PENDING. */
int ctl_more(struct ctl_conn *c, ctl_more_fn fn);

/* In a handler: print the message and return LSR_CTL_USAGE. */
#define USAGE(c, ...) do { ctl_out((c), __VA_ARGS__); return LSR_CTL_USAGE; } while (0)

/* ---- what the handlers share (ctl_cmds.c) ----------------------------------- */

/* The LSP's index in the configuration; -ENOENT, with a message, if none is so named. */
int ctl_find_lsp(struct ctl_conn *c, const char *name, uint32_t *idx);
/* keyword VALUE with a range at argv[*i]: returns false (and a message) when malformed */
bool ctl_kw_u32(struct ctl_conn *c, int argc, char **argv, int *i, uint32_t min, uint32_t max,
	    uint32_t *v);
/* encap ip|non-ip at argv[*i] into *(uint8_t *)v (enum oam_encap); false with a message */
bool ctl_arg_encap(struct ctl_conn *c, int argc, char **argv, int *i, void *v);
/* The keyword arguments of a command, one entry per keyword (ctl_parse_args()). */
enum ctl_arg_kind {
	CTL_ARG_FLAG,		/* the keyword alone: *(bool *)v = true */
	CTL_ARG_U32,		/* keyword N, min <= N <= max: *(uint32_t *)v = N */
	CTL_ARG_U8,		/* keyword N, min <= N <= max <= 255: *(uint8_t *)v = N */
	CTL_ARG_FN,		/* keyword and what fn reads after it */
};

struct ctl_arg {
	const char *kw;
	enum ctl_arg_kind kind;
	void *v;
	uint32_t min, max;
	/* CTL_ARG_FN: argv[*i] is the keyword; read what follows, leave *i on the
	 * last word used; false after printing a message. */
	bool (*fn)(struct ctl_conn *c, int argc, char **argv, int *i, void *v);
};

/*
 * Parse argv[first..argc) as keywords of command cmd, in any order (the last
 * of a repeated keyword wins).  @return LSR_CTL_OK, or LSR_CTL_USAGE after a
 * message (unknown keyword with the command's grammar, missing or bad value).
 */
int ctl_parse_args(struct ctl_conn *c, enum lsr_ctl_cmd_id cmd, int argc, char **argv,
		   int first, const struct ctl_arg *args, size_t n_args);
/* The node at the far end of the direction that starts here (for the text). */
struct lsr_node_ident ctl_far_end(const struct lsr_lsp_cfg *l);
/* An -errno of oam_mep_ping/trace/locate() in words. */
const char *ctl_mep_strerror(int err);
/* A probe's one-character code, as ping prints it ('!', '.', 'M' ...). */
char ctl_probe_code(const struct oam_probe_result *r);
/* Who answered a probe (empty if not known). */
void ctl_responder_text(const struct oam_probe_result *r, char *buf, size_t len);
/* The column heading of the traceroute hop lines. */
extern const char *const ctl_trace_heading;
/* One traceroute hop: a line of text, or an object appended to b (json). */
void ctl_trace_hop(struct ctl_conn *c, struct ctl_buf *b, const struct oam_probe_result *r);
/* "source", "sink", "source+sink" or "transit" (show lsp, /tplsr/lsp). */
const char *ctl_lsp_role(const struct lsr_lsp_cfg *l);

/*
 * The handlers of the command table (include/lsr_ctl.h): the words after the
 * command's own, an LSR_CTL_ status, or CTL_PENDING.  ctl_cmd_help is in ctl.c,
 * ctl_cmd_locate in ctl_locate.c, the others in ctl_cmds.c.
 */
int ctl_cmd_ping(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_traceroute(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_locate(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_loopback(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_show_lsp(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_show_interfaces(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_show_counters(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_show_oam_mips(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_clear_counters(struct ctl_conn *c, int argc, char **argv);
/* ctl_config.c: changes of the running node (docs/PROVISIONING.md) */
int ctl_cmd_reload(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_lsp_add(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_lsp_replace(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_lsp_delete(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_interface_mip(struct ctl_conn *c, int argc, char **argv);
int ctl_cmd_show_running_config(struct ctl_conn *c, int argc, char **argv);

/* ---- telemetry (ctl_telemetry.c) -------------------------------------------- */

/* The daemon the telemetry commands read (NULL: they answer -ENODEV). */
void ctl_telemetry_set_daemon(struct ctl_daemon *d);

#endif /* TPLSR_CTL_PRIV_H */
