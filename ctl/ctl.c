/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control socket of the live daemon (docs/CLI.md, include/lsr_ctl.h).
 *
 * Runs on the main lcore, polled from its loop, never blocking: connections are
 * non-blocking, replies are buffered and flushed as the socket accepts them,
 * and ping/traceroute leave the request pending while the prober (oam/mep.c)
 * works; its events are rendered into the connection as they come.  Handlers
 * are thin: parse the words, call one verb, print the outcome.
 *
 * This file is the server: the socket, peer credentials, connections, and the
 * dispatch over the command table (include/lsr_ctl.h).  The handlers are in
 * ctl_cmds.c and ctl_locate.c, the telemetry commands in ctl_telemetry.c, what
 * they share in ctl_priv.h.
 */
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
#include <rte_log.h>

#include "ctl.h"
#include "lsr_util.h"
#include "oam_mep.h"
#include "ctl_priv.h"

RTE_LOG_REGISTER(lsr_logtype_ctl, lsr.ctl, INFO);

#define CTL_POLL_NS        1000000ull	/* look at the sockets at most every 1 ms */
#define CTL_REQUEST_NS     (10 * 1000000000ull)	/* a client must send its line within */

/* ---- connections -------------------------------------------------------- */

void __rte_format_printf(2, 3)
ctl_out(struct ctl_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctl_buf_vprintf(&c->out, fmt, ap);
	va_end(ap);
	if (c->out.len > 0)
		c->last = c->out.p[c->out.len - 1];
}

void
ctl_finish(struct ctl_conn *c, int status)
{
	if (c->last != '\0' && c->last != '\n')
		ctl_out(c, "\n");
	ctl_out(c, LSR_CTL_STATUS_PREFIX "%d\n", status);
	c->closing = true;
}

static void
conn_close(struct ctl_server *ctl, unsigned int i)
{
	struct ctl_conn *c = ctl->conns[i];

	if (c->sess != NULL)
		oam_mep_cancel(ctl->d->mep, c->sess);
	close(c->fd);
	ctl_buf_free(&c->out);
	ctl_buf_free(&c->probes);
	free(c);
	ctl->conns[i] = NULL;
}

/* ---- the dispatcher ------------------------------------------------------ */

static int
ctl_cmd_help(struct ctl_conn *c, int argc, char **argv)
{
	unsigned int i;

	ctl_out(c, "Commands:\n");
	for (i = 0; i < LSR_CTL_CMD_MAX; i++)
		ctl_out(c, "  %s%s%s\n      %s\n", lsr_ctl_cmds[i].words, lsr_ctl_cmds[i].args[0] ? " " : "",
		    lsr_ctl_cmds[i].args, lsr_ctl_cmds[i].help);
	return LSR_CTL_OK;
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
		if (n > 0)
			return ctl_handlers[i](c, argc - n, argv + n);
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

/* ---- socket plumbing --------------------------------------------------------- */

struct ctl_server *
ctl_server_create(const char *path, struct ctl_daemon *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ctl_server *ctl;
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
	ctl_telemetry_set_daemon(d);
	return ctl;
}

void
ctl_server_free(struct ctl_server *ctl)
{
	unsigned int i;

	if (ctl == NULL)
		return;
	ctl_telemetry_set_daemon(NULL);
	for (i = 0; i < CTL_MAX_CONNS; i++) {
		if (ctl->conns[i] == NULL)
			continue;
		if (!ctl->conns[i]->closing) {
			ctl_out(ctl->conns[i], "%% The daemon is shutting down\n");
			ctl_finish(ctl->conns[i], LSR_CTL_FAIL);
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
ctl_accept(struct ctl_server *ctl)
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

/*
 * A reply produced in rounds (c->resume, e.g. show lsp): ask for one more
 * round while less than CTL_RESUME_BELOW bytes wait for the client, after
 * moving them to the front of the buffer, so the buffer stays bounded and a
 * slow reader holds the main lcore for no more than one round per poll.
 */
static void
conn_resume(struct ctl_conn *c)
{
	size_t queued = c->out.len - c->out_off;
	int status;

	if (c->resume == NULL || c->closing || queued >= CTL_RESUME_BELOW)
		return;
	if (c->out_off > 0) {
		memmove(c->out.p, c->out.p + c->out_off, queued);
		c->out.len = queued;
		c->out_off = 0;
	}
	status = c->resume(c);
	if (status != CTL_PENDING) {
		c->resume = NULL;
		ctl_finish(c, status);
	}
}

/* @return false when the connection is to be closed. */
static bool
conn_service(struct ctl_server *ctl, struct ctl_conn *c)
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
			ctl_out(c, "%% Request too long\n");
			ctl_finish(c, LSR_CTL_USAGE);
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
	conn_resume(c);
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
ctl_server_poll(struct ctl_server *ctl, uint64_t now_ns)
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
