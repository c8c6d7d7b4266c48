/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The metrics endpoint of the live daemon (`--metrics ADDR:PORT`,
 * docs/MONITORING.md): GET /metrics (Prometheus text format) and GET /events
 * (the event stream of include/ctl_events.h as Server-Sent Events), served by
 * libmicrohttpd from the main lcore's loop (ctl/ctl_http.c).
 */
#ifndef TPLSR_CTL_HTTP_H
#define TPLSR_CTL_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct ctl_daemon;
struct ctl_http;

/**
 * Parse ADDR:PORT: a numeric IPv4 address, or an IPv6 one in brackets
 * ("127.0.0.1:9469", "[::1]:9469").  @return 0, or -EINVAL with a message in err.
 */
int ctl_http_parse_addr(const char *spec, struct sockaddr_storage *sa, char *err, size_t len);

/**
 * Listen on spec for d.  @return the server, or NULL with errno set and a
 * message in err ("--metrics SPEC: ...").
 */
struct ctl_http *ctl_http_create(const char *spec, struct ctl_daemon *d, char *err, size_t len);

/** Main loop, every round: serve the connections (MHD_run(), at most once a millisecond). */
void ctl_http_poll(struct ctl_http *h, uint64_t now_ns);

/** Close every connection and the listening socket. */
void ctl_http_free(struct ctl_http *h);

#endif /* TPLSR_CTL_HTTP_H */
