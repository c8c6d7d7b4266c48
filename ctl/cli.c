/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tplsr-cli [-s SOCKET] COMMAND ...: the operator's client (docs/CLI.md).
 * Sends the command as one line, prints the reply as it streams in, and exits
 * with the status the daemon's status line carries (include/lsr_ctl.h):
 * 0 success, 1 the command failed, 2 usage error or no daemon.
 * No DPDK: only the command table is shared with the daemon.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctl_proto.h"

static void
usage(FILE *f, const char *prog)
{
	fprintf(f, "usage: %s [-s SOCKET] COMMAND ...\n"
		"  -s, --socket SOCKET  the daemon's control socket (default "
		LSR_CTL_DEFAULT_SOCKET ")\n\n", prog);
	lsr_ctl_print_help(f);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * `monitor` streams until interrupted: Ctrl-C (or SIGTERM) ends it, status 0.
 * The handler only sets the flag; recv() returns EINTR (no SA_RESTART).
 */
static volatile sig_atomic_t interrupted;

static void
on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void
interrupt_ends_reply(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* The reply of a daemon that had no connection free: nothing ran, try again. */
#define BUSY_PREFIX    "% Busy"
#define BUSY_TRIES     6	/* connections tried in all */
#define BUSY_DELAY_MS  50	/* before the second; doubled each time, jittered */

struct relay {
	char line[LSR_CTL_LINE_MAX];
	size_t llen;
	int status;
	bool at_bol, held;
};

/*
 * Print reply text; keep back a line that may be the status line (it starts
 * with '@') until it is complete.
 */
static void
relay_feed(struct relay *r, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = p[i];

		if (r->at_bol)
			r->held = ch == '@';
		r->at_bol = ch == '\n';
		if (!r->held) {
			putchar(ch);
			continue;
		}
		if (r->llen < sizeof(r->line) - 1)
			r->line[r->llen++] = ch;
		if (ch == '\n') {
			r->line[r->llen] = '\0';
			if (strncmp(r->line, LSR_CTL_STATUS_PREFIX,
				    strlen(LSR_CTL_STATUS_PREFIX)) == 0)
				r->status = atoi(r->line + strlen(LSR_CTL_STATUS_PREFIX));
			else
				fputs(r->line, stdout);
			r->llen = 0;
			r->held = false;
		}
	}
	fflush(stdout);
}

/* Read up to n bytes, fewer only at the end of the reply.  @return the count. */
static size_t
read_upto(int fd, char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = recv(fd, p + got, n - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/*
 * Print the reply as it arrives, after its first bytes (head, already read).
 * @return the status, or -1 when the daemon closed without one.
 */
static int
relay(int fd, const char *head, size_t hlen)
{
	struct relay r = { .status = -1, .at_bol = true };
	char buf[8192];

	relay_feed(&r, head, hlen);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR && interrupted) {
			r.status = LSR_CTL_OK;
			break;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		relay_feed(&r, buf, (size_t)n);
	}
	if (r.held && r.llen > 0) {
		r.line[r.llen] = '\0';
		fputs(r.line, stdout);
	}
	fflush(stdout);
	return r.status;
}

/*
 * Connect and send the request.  A connect that times out (the daemon's
 * backlog is full) counts as busy, like a "Busy" reply.
 * @return the socket, -EAGAIN when busy, or another -errno (message printed).
 */
static int
open_request(const char *prog, const struct sockaddr_un *sa, const char *req, size_t len)
{
	/* A daemon that accepts nothing must not hang us (Linux: connect waits SO_SNDTIMEO). */
	struct timeval tv = { .tv_sec = 5 };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), e;

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ||
	    connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) < 0) {
		e = errno;
		if (fd >= 0)
			close(fd);
		if (e == EAGAIN || e == EWOULDBLOCK || e == EINPROGRESS)
			return -EAGAIN;
		fprintf(stderr, "%s: cannot connect to %s: %s (is tplsr running? use -s SOCKET)\n",
			prog, sa->sun_path, strerror(e));
		return -e;
	}
	e = write_all(fd, req, len);
	if (e < 0) {
		fprintf(stderr, "%s: cannot send to %s: %s\n", prog, sa->sun_path, strerror(-e));
		close(fd);
		return e;
	}
	return fd;
}

/* Sleep before try number `attempt` (1, 2, ...): doubling, with jitter so that
 * a crowd of clients turned away together does not come back together. */
static void
busy_backoff(unsigned int attempt)
{
	unsigned int ms = BUSY_DELAY_MS << (attempt - 1);
	struct timespec ts;

	ms = ms / 2 + (unsigned int)rand() % (ms + 1);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = LSR_CTL_DEFAULT_SOCKET;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char req[LSR_CTL_LINE_MAX];
	size_t len = 0;
	char head[sizeof(BUSY_PREFIX) - 1];
	size_t hlen = 0;
	unsigned int attempt;
	int opt, fd, i, status;

	/* '+': stop at the first word, so that command keywords are never options. */
	while ((opt = getopt_long(argc, argv, "+s:h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return LSR_CTL_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr, argv[0]);
		return LSR_CTL_USAGE;
	}
	if (argc - optind == 1 && strcmp(argv[optind], "help") == 0) {
		lsr_ctl_print_help(stdout);
		return 0;
	}
	for (i = optind; i < argc; i++) {
		size_t w = strlen(argv[i]);

		if (w == 0 || strpbrk(argv[i], " \t\r\n") != NULL) {
			fprintf(stderr, "%s: invalid word '%s' (words hold no spaces)\n", argv[0],
				argv[i]);
			return LSR_CTL_USAGE;
		}
		if (len + w + 2 > sizeof(req)) {
			fprintf(stderr, "%s: command too long\n", argv[0]);
			return LSR_CTL_USAGE;
		}
		if (len)
			req[len++] = ' ';
		memcpy(req + len, argv[i], w);
		len += w;
	}
	req[len++] = '\n';
	if (strcmp(argv[optind], "monitor") == 0)
		interrupt_ends_reply();

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "%s: socket path too long: %s\n", argv[0], path);
		return LSR_CTL_USAGE;
	}
	strcpy(sa.sun_path, path);
	srand((unsigned int)getpid());
	/*
	 * "Busy" (every connection of the daemon in use, docs/CLI.md "Control
	 * socket limits") comes before the request is read: nothing ran, so it is
	 * safe to try again, a few times over about three seconds.
	 */
	for (attempt = 1;; attempt++) {
		fd = open_request(argv[0], &sa, req, len);
		if (fd < 0 && fd != -EAGAIN)
			return LSR_CTL_USAGE;
		if (fd >= 0) {
			hlen = read_upto(fd, head, sizeof(head));
			if (hlen < sizeof(head) || memcmp(head, BUSY_PREFIX, sizeof(head)) != 0 ||
			    attempt == BUSY_TRIES)
				break;
			close(fd);
		} else if (attempt == BUSY_TRIES) {
			fprintf(stderr, "%s: %s: the daemon accepts no connection (busy)\n",
				argv[0], path);
			return LSR_CTL_FAIL;
		}
		busy_backoff(attempt);
	}
	status = relay(fd, head, hlen);
	close(fd);
	if (status < 0) {
		fprintf(stderr, "%s: the daemon closed the connection without a status\n", argv[0]);
		return LSR_CTL_USAGE;
	}
	return status;
}
