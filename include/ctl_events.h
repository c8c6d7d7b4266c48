/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The live event stream (docs/MONITORING.md): what happens on a running node,
 * as JSON lines for `tplsr-cli monitor`, the metrics endpoint's /events
 * (Server-Sent Events) and, for state changes, syslog.
 *
 * Everything here runs on the main lcore: events are emitted from the punt
 * handler (OAM verdicts), the command handlers and the main loop, and are kept
 * in a bounded ring that each subscriber reads at its own pace.  A subscriber
 * that falls a whole ring behind loses the oldest events, and is told how many
 * in its stream; the node never waits for it.
 *
 * Emitting is one call: build the event's fields, then emit.
 *
 *	struct ctl_event e;
 *
 *	ctl_event_init(&e, CTL_EV_LOOPBACK, on ? "set" : "cleared");
 *	ctl_event_str(&e, "lsp", name);
 *	ctl_event_u64(&e, "if_num", if_num);
 *	ctl_event_emit(d, &e);
 *
 * or one of the helpers below for the events the ctl/ files emit.
 */
#ifndef TPLSR_CTL_EVENTS_H
#define TPLSR_CTL_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ctl_daemon;
struct ctl_events;

#define LSR_EV_DROPS_MAX 64	/* room for enum lsr_drop (asserted in ctl_events.c) */
struct lsr_config;
struct oam_verdict;

/*
 * The kinds of event, the words `monitor` filters on.  _(id, name, syslog):
 * syslog true for the state changes that also go to syslog(3).
 */
#define foreach_ctl_event_kind(_)                                              \
	_(DAEMON, "daemon", true)       /* started, stopping */              \
	_(OAM, "oam", false)            /* verdicts on punted OAM frames */   \
	_(FORWARDING, "forwarding", false) /* fast-path drops, per reason per second */ \
	_(CONFIG, "config", true)       /* reload, lsp add|replace|delete ... */ \
	_(LINK, "link", true)           /* an interface's link went up or down */ \
	_(LOOPBACK, "loopback", true)   /* RFC 6435 loopback set or cleared */ \
	_(PROBE, "probe", false)        /* a ping or traceroute session ended */ \
	_(LOCATE, "locate", false)      /* a locate session's verdict */       \
	_(MONITOR, "monitor", false)    /* the stream itself: start, events lost */

enum ctl_event_kind {
#define _(id, name, sl) CTL_EV_##id,
	foreach_ctl_event_kind(_)
#undef _
	CTL_EV_KIND_MAX
};

extern const char *const ctl_event_kind_names[CTL_EV_KIND_MAX];

#define CTL_EVENT_FIELDS_MAX 768	/* the fields of one event, as JSON */

/** An event being built: its kind, its name and its fields as JSON and as text. */
struct ctl_event {
	enum ctl_event_kind kind;
	const char *event;	/* "reply", "drop", "up", "set" ...: a string constant */
	int reason;		/* enum lsr_drop for an OAM drop, else -1 */
	size_t jlen, tlen;
	char json[CTL_EVENT_FIELDS_MAX];	/* `, "key": value` ... */
	char text[CTL_EVENT_FIELDS_MAX];	/* ` key=value` ... */
};

void ctl_event_init(struct ctl_event *e, enum ctl_event_kind kind, const char *event);
/* Add a field; what does not fit CTL_EVENT_FIELDS_MAX is left out whole. */
void ctl_event_str(struct ctl_event *e, const char *key, const char *value);
void ctl_event_u64(struct ctl_event *e, const char *key, uint64_t value);
void ctl_event_bool(struct ctl_event *e, const char *key, bool value);

/**
 * Stamp the event (sequence number, wall-clock time), keep it in the ring for
 * the subscribers, and log it to syslog if its kind is a state change.
 * A daemon without an event stream (d->events NULL) ignores it.
 */
void ctl_event_emit(struct ctl_daemon *d, struct ctl_event *e);

/* ---- the events of ctl/ (one call at the place where it happens) ---------- */

/**
 * An OAM verdict of the punt handler (the fields replay's --events writes,
 * docs/CONTRACT.md §3.4).  Floods are aggregated per (event, reason): the
 * first of each second goes out as itself, the others are counted and go out
 * as one line with "count" when the second ends (ctl_events_tick()).
 */
void ctl_event_oam(struct ctl_daemon *d, uint16_t in_slot, const struct oam_verdict *v,
		   uint64_t now_ns);
/** A change of the running configuration that was applied: change is its command. */
void ctl_event_config(struct ctl_daemon *d, const char *change, const char *message);
/** RFC 6435 loopback set or cleared on lsp at the MIP of interface if_num. */
void ctl_event_loopback(struct ctl_daemon *d, const char *lsp, uint32_t if_num, bool on);
/** A ping or traceroute session ended (command), status LSR_CTL_*; locate emits its
 * verdict itself (ctl/ctl_locate.c). */
void ctl_event_probe(struct ctl_daemon *d, const char *command, const char *lsp, int status);

/* ---- the stream's owner: live mode (ctl/daemon.c) ------------------------- */

/** @return the event stream, or NULL with errno = ENOMEM. */
struct ctl_events *ctl_events_create(void);
void ctl_events_free(struct ctl_events *ev);

/**
 * Main loop, every round: write the aggregated counts of the seconds that
 * ended; once a second, the drops of the fast path by reason (the counters'
 * growth less the OAM drops already shown).  Cheap between those.
 */
void ctl_events_tick(struct ctl_daemon *d, uint64_t now_ns);

/** Counters of the stream, for the metrics endpoint. */
struct ctl_events_stats {
	uint64_t emitted[CTL_EV_KIND_MAX];	/* events kept in the ring, by kind */
	uint64_t aggregated;	/* OAM verdicts counted into an aggregate line */
	uint64_t oam_drops[LSR_EV_DROPS_MAX];	/* OAM verdicts dropped, by reason */
	uint64_t lost;		/* events subscribers lost by reading too slowly */
	unsigned int subscribers;
};
void ctl_events_stats(const struct ctl_events *ev, struct ctl_events_stats *st);

/* ---- subscribers (ctl/ctl.c's monitor connections, ctl/ctl_http.c's SSE) -- */

/* What a subscriber wants: no word = everything.  (docs/MONITORING.md) */
struct ctl_event_filter {
	uint32_t kinds;		/* bit per enum ctl_event_kind */
	uint64_t reasons;	/* bit per enum lsr_drop: those OAM drops */
	bool drops;		/* every OAM drop */
};

/**
 * Parse one filter word into f: a kind ("oam", "link" ...), "drop", or a drop
 * reason ("misdirected" ...).  @return false for any other word.
 */
bool ctl_event_filter_word(struct ctl_event_filter *f, const char *word);
/** The filter words, for a usage message. */
const char *ctl_event_filter_help(void);

#define CTL_EVENTS_MAX_SUBS 32	/* monitor connections and SSE clients together */

/** @return a subscriber id (>= 0) that reads from the next event on; -ENOSPC when full. */
int ctl_events_subscribe(struct ctl_events *ev, const struct ctl_event_filter *f);
void ctl_events_unsubscribe(struct ctl_events *ev, int sub);

/**
 * The subscriber's next event as one line (JSON, or text when !json), ending
 * in "\n"; when it fell behind, first a line that says how many it lost.
 * @return the line's length (written to buf, NUL terminated), 0 when nothing
 *   is waiting.  buf must hold CTL_EVENT_LINE_MAX bytes.
 */
#define CTL_EVENT_LINE_MAX (CTL_EVENT_FIELDS_MAX + 256)
size_t ctl_events_next(struct ctl_events *ev, int sub, bool json, char *buf);

#endif /* TPLSR_CTL_EVENTS_H */
