/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control socket of the live daemon (docs/CLI.md, include/ctl.h).
 *
 * Runs on the main lcore, polled from its loop, never blocking: connections are
 * non-blocking, one poll() a millisecond says which sockets to read or write,
 * replies are buffered and flushed as the socket accepts them, and ping and
 * traceroute leave the request pending while the prober (oam/probe.c) works; its
 * events are rendered into the connection as they come.  A large reply is
 * produced as the socket drains (ctl_more).  Every resource a client holds
 * is bounded: its slot by timeouts and eviction, its queued output by caps
 * (docs/CLI.md, "Control socket limits").  Handlers are thin: parse the words,
 * call one verb, print the outcome.
 *
 * This file is the server: the socket file, peer credentials, connections,
 * their limits, and the dispatch over the command table (include/ctl_proto.h).
 * The handlers are in ctl_cmds.c and ctl_locate.c, the telemetry commands in
 * ctl_telemetry.c, what they share in ctl_priv.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
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
#include <rte_log.h>

#include "ctl.h"
#include "ctl_events.h"
#include "ctl_monitor.h"
#include "lsr_util.h"
#include "oam_mep.h"
#include "ctl_priv.h"

RTE_LOG_REGISTER(lsr_logtype_ctl, lsr.ctl, INFO);

/*
 * Time limits (docs/CLI.md, "Control socket limits"); the size limits are in
 * ctl_priv.h.  A connection is served while it moves: it sends its request
 * promptly and reads its reply.  One that does neither loses its slot.
 */
#define CTL_S_NS           1000000000ull
#define CTL_POLL_NS        1000000ull		/* look at the sockets at most every 1 ms */
#define CTL_REQUEST_NS     (5 * CTL_S_NS)	/* a client must send its line within */
#define CTL_STALL_NS       (30 * CTL_S_NS)	/* a reply that does not move is dropped */
#define CTL_EVICT_NS       (1 * CTL_S_NS)	/* all slots taken: idle this long makes room */
#define CTL_ACCEPT_BURST   32			/* connections accepted per poll */
#define CTL_MORE_BURST     4			/* ctl_more_fn calls per connection per poll */

/* Count a client turned away or dropped; log at powers of two (a local peer can loop). */
static void
count_rl(uint64_t *count, const char *what)
{
	(*count)++;
	if ((*count & (*count - 1)) == 0)
		CTL_LOG(WARNING, "%s (%" PRIu64 " so far)", what, *count);
}

/* ---- connections -------------------------------------------------------- */

static size_t
conn_unsent(const struct ctl_conn *c)
{
	return c->out.len - c->out_off;
}

/* How much more text c may queue before its reply is truncated. */
static size_t
conn_room(const struct ctl_conn *c)
{
	size_t unsent = conn_unsent(c), queued = c->ctl->queued;
	size_t mine = unsent < CTL_OUT_MAX ? CTL_OUT_MAX - unsent : 0;
	size_t all = queued < CTL_OUT_TOTAL ? CTL_OUT_TOTAL - queued : 0;

	return RTE_MIN(mine, all);
}

/*
 * Append to c's reply; capped: within conn_room() only.  What does not fit is
 * dropped, but for the whole lines of it that do, and so is everything after:
 * a reply is cut once, at a line boundary, never garbled in the middle.
 */
static void
conn_vout(struct ctl_conn *c, bool capped, const char *fmt, va_list ap)
{
	struct ctl_server *ctl = c->ctl;
	size_t before = c->out.len, room;
	va_list aq;
	int n;

	if (capped && c->truncated)
		return;
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	room = capped ? conn_room(c) : SIZE_MAX;
	if ((size_t)n <= room) {
		ctl_buf_vprintf(&c->out, fmt, ap);
	} else {
		char *part = room > 0 ? malloc(room + 1) : NULL;
		const char *nl;

		if (part != NULL) {
			vsnprintf(part, room + 1, fmt, ap);
			nl = memrchr(part, '\n', room);
			if (nl != NULL)
				ctl_buf_printf(&c->out, "%.*s", (int)(nl - part + 1), part);
			free(part);
		}
		c->truncated = true;
		count_rl(&ctl->truncated, "truncated a reply that did not fit the output limits");
	}
	if (c->out.len > before) {
		/* The reply starts waiting now: the write timeout counts from here. */
		if (before == c->out_off)
			c->progress_ns = ctl->now_ns;
		ctl->queued += c->out.len - before;
		c->last = c->out.p[c->out.len - 1];
	}
}

void __rte_format_printf(2, 3)
ctl_out(struct ctl_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conn_vout(c, true, fmt, ap);
	va_end(ap);
}

/* The closing lines of a reply: they go out whatever the limits. */
static void __rte_format_printf(2, 3)
conn_out_last(struct ctl_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conn_vout(c, false, fmt, ap);
	va_end(ap);
}

/* The session names of the prober's commands, for their result events. */
static const char *const conn_cmd_names[] = {
	[CONN_PING] = "ping", [CONN_TRACE] = "traceroute",
};

void
ctl_finish(struct ctl_conn *c, int status)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;

	if (c->closing)
		return;
	ctl_monitor_end(c, true);
	c->more = NULL;
	/* A prober session ended: its result is an event (docs/MONITORING.md). */
	if (c->cmd != CONN_NONE && c->cmd < RTE_DIM(conn_cmd_names) && conn_cmd_names[c->cmd] &&
	    c->lsp < cfg->n_lsps)
		ctl_event_probe(c->ctl->d, conn_cmd_names[c->cmd], cfg->lsps[c->lsp].name,
				status);
	if (c->last != '\0' && c->last != '\n')
		conn_out_last(c, "\n");
	if (c->truncated) {
		conn_out_last(c, "%% Reply truncated: too much output waiting to be sent (at most "
			      "%u KiB per client, %u KiB in all)\n", CTL_OUT_MAX >> 10,
			      CTL_OUT_TOTAL >> 10);
		if (status == LSR_CTL_OK)
			status = LSR_CTL_FAIL;
	}
	conn_out_last(c, LSR_CTL_STATUS_PREFIX "%d\n", status);
	c->closing = true;
}

int
ctl_more(struct ctl_conn *c, ctl_more_fn fn)
{
	c->more = fn;
	return CTL_PENDING;
}

static void
conn_close(struct ctl_server *ctl, struct ctl_conn *c)
{
	if (c->sess != NULL)
		oam_mep_cancel(ctl->d->mep, c->sess);
	ctl_monitor_end(c, false);
	ctl->queued -= conn_unsent(c);
	close(c->fd);
	ctl_buf_free(&c->out);
	ctl_buf_free(&c->probes);
	ctl->conns[c->slot] = NULL;
	free(c);
}

/* ---- the dispatcher ------------------------------------------------------ */

/* One command of the table per call: help is an incremental reply (ctl_more). */
static int
help_more(struct ctl_conn *c)
{
	const struct lsr_ctl_cmd_info *cmd;

	if (c->more_pos >= LSR_CTL_CMD_MAX)
		return LSR_CTL_OK;
	cmd = &lsr_ctl_cmds[c->more_pos++];
	ctl_out(c, "  %s%s%s\n      %s\n", cmd->words, cmd->args[0] ? " " : "", cmd->args,
		cmd->help);
	return CTL_PENDING;
}

static int
ctl_cmd_help(struct ctl_conn *c, int argc, char **argv)
{
	ctl_out(c, "Commands:\n");
	c->more_pos = 0;
	return ctl_more(c, help_more);
}

typedef int (*ctl_handler)(struct ctl_conn *c, int argc, char **argv);

static const ctl_handler ctl_handlers[LSR_CTL_CMD_MAX] = {
#define _(id, w, a, h) [LSR_CTL_CMD_##id] = ctl_cmd_##id,
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
		if (n > 0) {
			int status = ctl_handlers[i](c, argc - n, argv + n);

			/*
			 * `loopback lsp NAME interface IF on|off` succeeded: the MIP's
			 * loopback state changed (the handler checked every word).
			 */
			if (i == LSR_CTL_CMD_loopback && status == LSR_CTL_OK)
				ctl_event_loopback(c->ctl->d, argv[n], (uint32_t)strtoul(argv[n + 2],
						   NULL, 10), strcmp(argv[n + 3], "on") == 0);
			return status;
		}
	}
	/* The first word names a command but the rest does not: say what may follow. */
	for (i = 0; i < LSR_CTL_CMD_MAX; i++) {
		size_t l = strlen(argv[0]);

		if (strncmp(lsr_ctl_cmds[i].words, argv[0], l) == 0 &&
		    (lsr_ctl_cmds[i].words[l] == ' ' || lsr_ctl_cmds[i].words[l] == '\0')) {
			if (!partial)
				ctl_out(c, "%% Incomplete or unknown command. Did you mean:\n");
			partial = true;
			ctl_out(c, "  %s %s\n", lsr_ctl_cmds[i].words, lsr_ctl_cmds[i].args);
		}
	}
	if (!partial)
		ctl_out(c, "%% Unknown command '%s'; try 'help'\n", argv[0]);
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
		ctl_finish(c, status);
}

/* ---- the socket file ------------------------------------------------------- */

/*
 * Make path free for our socket.  Nothing there: fine.  A socket nobody
 * answers on (a daemon that died without removing it): removed.  Anything else
 * belongs to someone: a live daemon's socket, a file, a symlink (never followed:
 * a neighbour could point it anywhere), a directory.  It is left as it is and
 * the refusal says what was found.
 * @return 0, or -EADDRINUSE (a live socket), -EEXIST (not a socket), -EISDIR,
 *   or what lstat/connect/unlink report.
 */
static int
claim_path(const struct sockaddr_un *sa)
{
	const char *path = sa->sun_path;
	struct stat st, again;
	int fd, e;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (S_ISDIR(st.st_mode)) {
		CTL_LOG(ERR, "%s is a directory, not a socket: refusing it (choose another --ctl)",
			path);
		return -EISDIR;
	}
	if (!S_ISSOCK(st.st_mode)) {
		CTL_LOG(ERR, "%s exists and is %s, not a socket: refusing to remove it "
			"(choose another --ctl, or remove it yourself)", path,
			S_ISLNK(st.st_mode) ? "a symbolic link" :
			S_ISREG(st.st_mode) ? "a regular file" : "a special file");
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* EAGAIN: a listener whose backlog is full, alive all the same. */
	e = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 ? 0 : errno;
	close(fd);
	if (e == 0 || e == EAGAIN) {
		CTL_LOG(ERR, "a program answers on %s (another tplsr?): leaving it", path);
		return -EADDRINUSE;
	}
	if (e != ECONNREFUSED) {
		CTL_LOG(ERR, "cannot tell whether %s is in use (%s): leaving it", path, strerror(e));
		return -e;
	}
	/* Stale.  Remove it only if it is still the socket we looked at. */
	if (lstat(path, &again) < 0 || again.st_dev != st.st_dev || again.st_ino != st.st_ino) {
		CTL_LOG(ERR, "%s changed while we looked at it: leaving it", path);
		return -EEXIST;
	}
	if (unlink(path) < 0)
		return -errno;
	CTL_LOG(INFO, "removed the stale socket %s", path);
	return 0;
}

struct ctl_server *
ctl_server_create(const char *path, struct ctl_daemon *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ctl_server *ctl;
	char dir[PATH_MAX], *slash;
	struct stat st;
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
	ret = claim_path(&sa);
	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	/* Created 0600 by the umask: no chmod(path) after, which would follow a
	 * symlink put in its place meanwhile. */
	old = umask(0177);
	ret = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (ret == 0 && lstat(path, &st) < 0)
		ret = 1;
	/* The backlog absorbs bursts of connects (the kernel caps it at somaxconn). */
	if (ret != 0 || listen(fd, CTL_BACKLOG) < 0) {
		int e = errno;

		close(fd);
		if (ret >= 0)
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
	ctl->dev = st.st_dev;
	ctl->ino = st.st_ino;
	ctl->d = d;
	ctl_telemetry_set_daemon(d);
	return ctl;
}

/* ---- serving connections ------------------------------------------------------ */

/* Send what the socket takes (revents: poll()'s answer).  @return false when the client is gone. */
static bool
conn_flush(struct ctl_server *ctl, struct ctl_conn *c, short revents)
{
	size_t unsent;

	if (c->out.oom)
		return false;
	if (c->blocked && !(revents & POLLOUT))
		return true;
	c->blocked = false;
	while (conn_unsent(c) > 0) {
		ssize_t n = send(c->fd, c->out.p + c->out_off, conn_unsent(c),
				 MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return false;
			c->blocked = true;
			break;
		}
		c->out_off += (size_t)n;
		ctl->queued -= (size_t)n;
		c->progress_ns = ctl->now_ns;
	}
	/* Keep the buffer to what is unsent: an incremental reply appends as the
	 * client reads, and must not keep all it ever sent. */
	unsent = conn_unsent(c);
	if (unsent == 0 && c->out.cap > 2 * CTL_OUT_LOW) {
		ctl_buf_free(&c->out);
		c->out_off = 0;
	} else if (c->out_off > 0 && (unsent == 0 || c->out_off >= CTL_OUT_LOW)) {
		memmove(c->out.p, c->out.p + c->out_off, unsent);
		c->out.len = unsent;
		c->out_off = 0;
	}
	return true;
}

/* Read the request line.  @return false when the connection is to be closed. */
static bool
conn_read(struct ctl_conn *c)
{
	for (;;) {
		ssize_t n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - 1 - c->in_len,
				 MSG_DONTWAIT);
		char *nl;

		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
		c->in_len += (size_t)n;
		c->in[c->in_len] = '\0';
		if (n > 0)
			c->progress_ns = c->ctl->now_ns;
		nl = memchr(c->in, '\n', c->in_len);
		if (nl != NULL) {
			*nl = '\0';
			conn_request(c, c->in);
			return true;
		}
		if (n == 0) {
			/* End of input: the client shut its sending side (shutdown(SHUT_WR)),
			 * and may still read.  What it sent is the request, newline or not. */
			if (c->in_len == 0)
				return false;
			conn_request(c, c->in);
			return true;
		}
		if (c->in_len == sizeof(c->in) - 1) {
			c->dispatched = true;
			ctl_out(c, "%% Request too long\n");
			ctl_finish(c, LSR_CTL_USAGE);
			return true;
		}
	}
}

/* Best effort, for a client about to be closed: a socket that takes no more loses it. */
static void
conn_say(int fd, const char *msg)
{
	(void)!send(fd, msg, strlen(msg), MSG_DONTWAIT | MSG_NOSIGNAL);
}

/*
 * Serve c for one poll (revents: what poll() said of its socket): read its
 * request, run it, send the reply, continue an incremental reply, enforce the
 * time limits.  @return false when the connection is to be closed.
 */
static bool
conn_service(struct ctl_server *ctl, struct ctl_conn *c, short revents)
{
	unsigned int calls;

	if (!c->dispatched && (revents & (POLLIN | POLLHUP | POLLERR)) && !conn_read(c))
		return false;
	/*
	 * POLLHUP: the client closed its socket (a shutdown(SHUT_WR) is only
	 * POLLRDHUP: it still reads).  A pending command is cancelled.
	 */
	if (c->dispatched && (revents & (POLLHUP | POLLERR)))
		return false;
	if (!conn_flush(ctl, c, revents))
		return false;
	for (calls = 0; c->more != NULL && !c->closing && conn_unsent(c) < CTL_OUT_LOW &&
	     calls < CTL_MORE_BURST; calls++) {
		int status = c->more(c);

		if (status != CTL_PENDING)
			ctl_finish(c, status);
		if (!conn_flush(ctl, c, revents))
			return false;
	}
	if (c->closing && conn_unsent(c) == 0)
		return false;
	if (!c->dispatched && ctl->now_ns - c->opened_ns > CTL_REQUEST_NS) {
		conn_say(c->fd, "% Timed out waiting for the request\n" LSR_CTL_STATUS_PREFIX "2\n");
		count_rl(&ctl->timed_out, "closed a connection that sent no request in time");
		return false;
	}
	if (conn_unsent(c) > 0 && ctl->now_ns - c->progress_ns > CTL_STALL_NS) {
		count_rl(&ctl->timed_out, "dropped a client that stopped reading its reply");
		return false;
	}
	return true;
}

/*
 * A slot for a new connection.  With every slot taken, the connection that has
 * held one longest without using it makes room, if that is at least
 * CTL_EVICT_NS: no request yet, or a reply its client does not read.  Running
 * commands (a ping waiting for its probes) are never evicted.
 * @return the slot, or -1 (the newcomer is told "Busy").
 */
static int
conn_slot(struct ctl_server *ctl)
{
	uint64_t since, oldest = 0;
	struct ctl_conn *victim = NULL;
	unsigned int i;

	for (i = 0; i < CTL_MAX_CONNS; i++)
		if (ctl->conns[i] == NULL)
			return (int)i;
	for (i = 0; i < CTL_MAX_CONNS; i++) {
		struct ctl_conn *c = ctl->conns[i];

		if (!c->dispatched)
			since = c->opened_ns;
		else if (conn_unsent(c) > 0)
			since = c->progress_ns;
		else
			continue;
		if (ctl->now_ns - since >= CTL_EVICT_NS && (victim == NULL || since < oldest)) {
			victim = c;
			oldest = since;
		}
	}
	if (victim == NULL)
		return -1;
	/* Nothing ran for a client without a request: "Busy" tells it to try again. */
	if (!victim->dispatched)
		conn_say(victim->fd, "% Busy: no request after 1 s while every connection was in "
			 "use; dropped\n" LSR_CTL_STATUS_PREFIX "1\n");
	count_rl(&ctl->evicted, "dropped an idle client to make room for a new one");
	i = victim->slot;
	conn_close(ctl, victim);
	return (int)i;
}

static void
ctl_accept(struct ctl_server *ctl)
{
	unsigned int burst;

	for (burst = 0; burst < CTL_ACCEPT_BURST; burst++) {
		struct ucred cred = { .uid = (uid_t)-1 };
		socklen_t clen = sizeof(cred);
		struct ctl_conn *c;
		int fd = accept4(ctl->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC), slot;

		/* EAGAIN: none left; EMFILE and the like: they wait in the backlog. */
		if (fd < 0)
			return;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 ||
		    (cred.uid != 0 && cred.uid != geteuid())) {
			/* A local peer can connect in a loop: log rarely, count always. */
			ctl->refused++;
			if ((ctl->refused & (ctl->refused - 1)) == 0)
				CTL_LOG(WARNING, "refused a client with uid %d (%" PRIu64 " refused)",
					(int)cred.uid, ctl->refused);
			conn_say(fd, "% Permission denied\n" LSR_CTL_STATUS_PREFIX "2\n");
			close(fd);
			continue;
		}
		slot = conn_slot(ctl);
		c = slot >= 0 ? calloc(1, sizeof(*c)) : NULL;
		if (c == NULL) {
			conn_say(fd, "% Busy: every connection is in use; try again\n"
				 LSR_CTL_STATUS_PREFIX "1\n");
			count_rl(&ctl->busy, "turned a client away: every connection is in use");
			close(fd);
			continue;
		}
		c->fd = fd;
		c->slot = (unsigned int)slot;
		c->ctl = ctl;
		c->opened_ns = ctl->now_ns;
		c->progress_ns = ctl->now_ns;
		ctl->conns[slot] = c;
		/* Its request is often there already: serve it now. */
		if (!conn_service(ctl, c, POLLIN))
			conn_close(ctl, c);
	}
}

void
ctl_server_poll(struct ctl_server *ctl, uint64_t now_ns)
{
	unsigned int i, n = 0;

	if (ctl == NULL || now_ns - ctl->last_poll_ns < CTL_POLL_NS)
		return;
	ctl->last_poll_ns = now_ns;
	ctl->now_ns = now_ns;
	/* One poll() for the listener and every connection: no syscall for a socket with nothing to do. */
	ctl->pfd[0] = (struct pollfd){ .fd = ctl->fd, .events = POLLIN };
	for (i = 0; i < CTL_MAX_CONNS; i++) {
		struct ctl_conn *c = ctl->conns[i];

		if (c == NULL)
			continue;
		ctl->pfd[n + 1] = (struct pollfd){
			.fd = c->fd,
			.events = (short)((c->dispatched ? 0 : POLLIN) | (c->blocked ? POLLOUT : 0)),
		};
		ctl->polled[n++] = c;
	}
	if (poll(ctl->pfd, n + 1, 0) < 0)
		for (i = 0; i <= n; i++)
			ctl->pfd[i].revents = 0;
	/* Every connection is served, events or not: its timers run here. */
	for (i = 0; i < n; i++)
		if (!conn_service(ctl, ctl->polled[i], ctl->pfd[i + 1].revents))
			conn_close(ctl, ctl->polled[i]);
	if (ctl->pfd[0].revents & POLLIN)
		ctl_accept(ctl);
}

void
ctl_server_free(struct ctl_server *ctl)
{
	struct stat st;
	unsigned int i;

	if (ctl == NULL)
		return;
	ctl_telemetry_set_daemon(NULL);
	for (i = 0; i < CTL_MAX_CONNS; i++) {
		struct ctl_conn *c = ctl->conns[i];

		if (c == NULL)
			continue;
		if (!c->closing) {
			c->cmd = CONN_NONE;	/* a session cut short is no result */
			/* A monitor's stream ends with the daemon's "stopping" event: done. */
			if (ctl_monitor_end(c, true)) {
				ctl_finish(c, LSR_CTL_OK);
			} else {
				ctl_out(c, "%% The daemon is shutting down\n");
				ctl_finish(c, LSR_CTL_FAIL);
			}
		}
		c->blocked = false;
		(void)conn_flush(ctl, c, 0);
		conn_close(ctl, c);
	}
	close(ctl->fd);
	/* Only our socket: whatever replaced it since is someone else's. */
	if (lstat(ctl->path, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_dev == ctl->dev &&
	    st.st_ino == ctl->ino)
		unlink(ctl->path);
	free(ctl);
}
