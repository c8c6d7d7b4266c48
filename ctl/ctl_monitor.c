/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `monitor [json] [FILTER...]` (docs/MONITORING.md, docs/CLI.md): the event
 * stream on a control socket connection.  The reply is incremental
 * (ctl_priv.h, ctl_more_fn) and never ends: the server asks for more each
 * time fewer than CTL_OUT_LOW bytes are left unsent, so a client that reads
 * slowly holds at most that much here, and its cursor in the event ring falls
 * behind instead (events lost for it, counted and said in its stream).  It
 * ends when the client goes away (Ctrl-C), or the daemon stops.
 */
#include <stdio.h>
#include <string.h>

#include "ctl_events.h"
#include "ctl_monitor.h"
#include "ctl_priv.h"

#define MONITOR_BURST 256	/* event lines per call of monitor_more */

static int
monitor_more(struct ctl_conn *c)
{
	struct ctl_events *ev = c->ctl->d->events;
	char line[CTL_EVENT_LINE_MAX];
	unsigned int k;
	size_t n;

	/* c->more_pos: the subscriber id (a cursor, as ctl_more_fn wants). */
	for (k = 0; k < MONITOR_BURST; k++) {
		n = ctl_events_next(ev, (int)c->more_pos, c->json, line);
		if (n == 0)
			break;
		ctl_out(c, "%s", line);
	}
	return CTL_PENDING;
}

bool
ctl_monitor_end(struct ctl_conn *c, bool flush)
{
	if (c->more != monitor_more)
		return false;
	if (flush)
		monitor_more(c);
	ctl_events_unsubscribe(c->ctl->d->events, (int)c->more_pos);
	c->more = NULL;
	return true;
}

int
ctl_cmd_monitor(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_events *ev = c->ctl->d->events;
	struct ctl_event_filter f = { 0 };
	char w[CTL_WORD_STRLEN];
	int i, sub;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "json") == 0)
			c->json = true;
		else if (!ctl_event_filter_word(&f, argv[i]))
			USAGE(c, "%% Unknown filter '%s': %s\n%% Usage: %s %s\n",
			      ctl_fmt_word(w, sizeof(w), argv[i]), ctl_event_filter_help(),
			      lsr_ctl_cmds[LSR_CTL_CMD_monitor].words,
			      lsr_ctl_cmds[LSR_CTL_CMD_monitor].args);
	}
	if (ev == NULL) {
		ctl_out(c, "%% This daemon has no event stream\n");
		return LSR_CTL_FAIL;
	}
	sub = ctl_events_subscribe(ev, &f);
	if (sub < 0) {
		ctl_out(c, "%% Too many event subscribers (at most %u): try later\n",
			CTL_EVENTS_MAX_SUBS);
		return LSR_CTL_FAIL;
	}
	c->more_pos = (uint64_t)sub;
	return ctl_more(c, monitor_more);
}
