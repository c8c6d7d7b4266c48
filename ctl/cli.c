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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
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
 * Print the reply text as it arrives; keep back a line that may be the status
 * line (it starts with '@') until it is complete.  @return the status, or -1
 * when the daemon closed without one.
 */
static int
relay(int fd)
{
	char buf[8192], line[LSR_CTL_LINE_MAX];
	size_t llen = 0;
	int status = -1;
	bool at_bol = true, held = false;

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		ssize_t i;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			char ch = buf[i];

			if (at_bol)
				held = ch == '@';
			at_bol = ch == '\n';
			if (!held) {
				putchar(ch);
				continue;
			}
			if (llen < sizeof(line) - 1)
				line[llen++] = ch;
			if (ch == '\n') {
				line[llen] = '\0';
				if (strncmp(line, LSR_CTL_STATUS_PREFIX, strlen(LSR_CTL_STATUS_PREFIX)) == 0)
					status = atoi(line + strlen(LSR_CTL_STATUS_PREFIX));
				else
					fputs(line, stdout);
				llen = 0;
				held = false;
			}
		}
		fflush(stdout);
	}
	if (held && llen > 0) {
		line[llen] = '\0';
		fputs(line, stdout);
	}
	fflush(stdout);
	return status;
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

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "%s: socket path too long: %s\n", argv[0], path);
		return LSR_CTL_USAGE;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "%s: cannot connect to %s: %s (is tplsr running? use -s SOCKET)\n",
			argv[0], path, strerror(errno));
		return LSR_CTL_USAGE;
	}
	if (write_all(fd, req, len) < 0) {
		fprintf(stderr, "%s: cannot send to %s: %s\n", argv[0], path, strerror(errno));
		close(fd);
		return LSR_CTL_USAGE;
	}
	status = relay(fd);
	close(fd);
	if (status < 0) {
		fprintf(stderr, "%s: the daemon closed the connection without a status\n", argv[0]);
		return LSR_CTL_USAGE;
	}
	return status;
}
