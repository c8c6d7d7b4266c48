/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `monitor [json] [FILTER...]` on the control socket (ctl/ctl_monitor.c): a
 * reply that never ends, fed from the event stream (include/ctl_events.h).
 * Internal to the daemon's ctl/ files.
 */
#ifndef TPLSR_CTL_MONITOR_H
#define TPLSR_CTL_MONITOR_H

#include <stdbool.h>

struct ctl_conn;

/** The handler of the command table's `monitor`. */
int ctl_cmd_monitor(struct ctl_conn *c, int argc, char **argv);

/**
 * Is c a monitor connection?  Then end its subscription (before it closes),
 * after queuing the events still waiting for it when flush is set.
 * @return true if c was a monitor connection.
 */
bool ctl_monitor_end(struct ctl_conn *c, bool flush);

#endif /* TPLSR_CTL_MONITOR_H */
