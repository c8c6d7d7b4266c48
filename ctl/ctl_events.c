/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The live event stream (include/ctl_events.h, docs/MONITORING.md): the
 * ring, the aggregation of floods, the subscribers' cursors and syslog.
 *
 * One ring of CTL_EVENTS_RING events, written by the main lcore, read by the
 * subscribers from the same thread: a subscriber is a cursor (the sequence
 * number of the next event it reads).  The writer never waits: an event that
 * no subscriber read before the ring came round is lost for the slow ones,
 * who learn it from a "lost" line with the count.  Each event's fields are
 * rendered once, as JSON and as text, when it is emitted.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <rte_common.h>

#include "ctl.h"
#include "ctl_events.h"
#include "lsr_config.h"
#include "lsr_dataplane.h"
#include "lsr_fwd.h"
#include "oam.h"

#define CTL_EVENTS_RING  4096u		/* events kept; a power of two */
#define FAST_POLL_NS     UINT64_C(1000000000)	/* fast-path drops: once a second */

static_assert(LSR_DROP_MAX <= LSR_EV_DROPS_MAX, "the drop reasons fit a uint64_t mask");
#define EV_NS_PER_S      UINT64_C(1000000000)

/* OAM aggregation keys: one per drop reason, then the two other fates. */
#define AGG_REPLY        LSR_DROP_MAX
#define AGG_CONSUMED     (LSR_DROP_MAX + 1)
#define AGG_MAX          (LSR_DROP_MAX + 2)

const char *const ctl_event_kind_names[CTL_EV_KIND_MAX] = {
#define _(id, name, sl) [CTL_EV_##id] = name,
	foreach_ctl_event_kind(_)
#undef _
};

static const bool kind_syslog[CTL_EV_KIND_MAX] = {
#define _(id, name, sl) [CTL_EV_##id] = sl,
	foreach_ctl_event_kind(_)
#undef _
};

struct ring_ev {
	uint64_t seq;
	uint64_t time_ns;	/* CLOCK_REALTIME */
	uint8_t kind;
	int16_t reason;
	const char *event;
	char *json, *text;	/* the fields (malloc'd), NULL if none fitted */
};

struct sub {
	bool used;
	struct ctl_event_filter f;
	bool hello;		/* the "start" line is still to be read */
	uint64_t next;		/* the sequence number of the next event to read */
	uint64_t lost;		/* lost and not yet reported */
};

/* Per OAM (event, reason): the second that began with the event shown, and the count since. */
struct agg {
	uint64_t window_ns;
	uint64_t count;
	bool open;
};

struct ctl_events {
	uint64_t head;		/* the sequence number of the next event (starts at 1) */
	struct ring_ev ring[CTL_EVENTS_RING];
	struct sub subs[CTL_EVENTS_MAX_SUBS];
	struct agg agg[AGG_MAX];
	uint64_t agg_pending;	/* keys with a count to write: skip the scan otherwise */
	struct ctl_events_stats st;
	/* Fast-path drops: the counters and OAM drops at the last look. */
	uint64_t fast_ns;
	bool fast_known;
	uint64_t fast_drops[LSR_DROP_MAX];
	uint64_t fast_oam[LSR_DROP_MAX];
};

/* ---- building an event ----------------------------------------------------- */

void
ctl_event_init(struct ctl_event *e, enum ctl_event_kind kind, const char *event)
{
	e->kind = kind;
	e->event = event;
	e->reason = -1;
	e->jlen = 0;
	e->tlen = 0;
	e->json[0] = '\0';
	e->text[0] = '\0';
}

/* Append to one of the event's buffers; all or nothing. */
static bool
field_put(char *buf, size_t *len, const char *s, size_t n)
{
	if (*len + n + 1 > CTL_EVENT_FIELDS_MAX)
		return false;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
	return true;
}

/*
 * value as a JSON string (quoted, escaped) and as text: as it is, or in double
 * quotes when it holds a space or a quote (controls as '?' either way).
 */
void
ctl_event_str(struct ctl_event *e, const char *key, const char *value)
{
	char j[CTL_EVENT_FIELDS_MAX], t[CTL_EVENT_FIELDS_MAX];
	bool quote = strpbrk(value, " \"") != NULL;
	size_t jn, tn;
	const unsigned char *p;

	jn = (size_t)snprintf(j, sizeof(j), ", \"%s\": \"", key);
	tn = (size_t)snprintf(t, sizeof(t), " %s=%s", key, quote ? "\"" : "");
	for (p = (const unsigned char *)value; *p != '\0' && jn + 8 < sizeof(j); p++) {
		if (*p == '"' || *p == '\\')
			jn += (size_t)snprintf(j + jn, sizeof(j) - jn, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			jn += (size_t)snprintf(j + jn, sizeof(j) - jn, "\\u%04x", *p);
		else
			j[jn++] = (char)*p;
		if (tn + 4 < sizeof(t)) {
			if (*p == '"')
				t[tn++] = '\\';
			t[tn++] = *p < ' ' || *p == 0x7f ? '?' : (char)*p;
		}
	}
	if (quote)
		t[tn++] = '"';
	j[jn++] = '"';
	if (field_put(e->json, &e->jlen, j, jn))
		field_put(e->text, &e->tlen, t, tn);
}

void
ctl_event_u64(struct ctl_event *e, const char *key, uint64_t value)
{
	char j[128], t[128];
	int jn = snprintf(j, sizeof(j), ", \"%s\": %" PRIu64, key, value);
	int tn = snprintf(t, sizeof(t), " %s=%" PRIu64, key, value);

	if (field_put(e->json, &e->jlen, j, (size_t)jn))
		field_put(e->text, &e->tlen, t, (size_t)tn);
}

void
ctl_event_bool(struct ctl_event *e, const char *key, bool value)
{
	char j[128], t[128];
	int jn = snprintf(j, sizeof(j), ", \"%s\": %s", key, value ? "true" : "false");
	int tn = snprintf(t, sizeof(t), " %s=%s", key, value ? "yes" : "no");

	if (field_put(e->json, &e->jlen, j, (size_t)jn))
		field_put(e->text, &e->tlen, t, (size_t)tn);
}

/* ---- the ring ------------------------------------------------------------------ */

struct ctl_events *
ctl_events_create(void)
{
	struct ctl_events *ev = calloc(1, sizeof(*ev));

	if (ev == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	ev->head = 1;
	return ev;
}

static void
ring_ev_clear(struct ring_ev *r)
{
	free(r->json);
	free(r->text);
	r->json = NULL;
	r->text = NULL;
}

void
ctl_events_free(struct ctl_events *ev)
{
	unsigned int i;

	if (ev == NULL)
		return;
	for (i = 0; i < CTL_EVENTS_RING; i++)
		ring_ev_clear(&ev->ring[i]);
	free(ev);
}

static uint64_t
wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * EV_NS_PER_S + (uint64_t)ts.tv_nsec;
}

void
ctl_event_emit(struct ctl_daemon *d, struct ctl_event *e)
{
	struct ctl_events *ev = d != NULL ? d->events : NULL;
	struct ring_ev *r;

	if (ev == NULL)
		return;
	/* State changes also go to syslog: an operator's record without a subscriber. */
	if (kind_syslog[e->kind])
		syslog(LOG_NOTICE, "%s %s%s", ctl_event_kind_names[e->kind], e->event, e->text);
	r = &ev->ring[ev->head & (CTL_EVENTS_RING - 1)];
	ring_ev_clear(r);
	r->seq = ev->head++;
	r->time_ns = wall_ns();
	r->kind = (uint8_t)e->kind;
	r->reason = (int16_t)e->reason;
	r->event = e->event;
	/* An allocation that fails loses the fields, not the event. */
	r->json = e->jlen ? strdup(e->json) : NULL;
	r->text = e->tlen ? strdup(e->text) : NULL;
	ev->st.emitted[e->kind]++;
}

/* ---- the events of ctl/ ---------------------------------------------------------- */

static const char *
oam_event_name(const struct oam_verdict *v)
{
	return v->fate == OAM_FATE_DROPPED ? "drop" : v->n_replies ? "reply" : "consumed";
}

static unsigned int
oam_agg_key(const struct oam_verdict *v)
{
	if (v->fate == OAM_FATE_DROPPED)
		return v->reason < LSR_DROP_MAX ? v->reason : LSR_DROP_MALFORMED;
	return v->n_replies ? AGG_REPLY : AGG_CONSUMED;
}

/* The fields of an OAM event, as replay's --events writes them (docs/CONTRACT.md §3.4). */
static void
oam_fields(struct ctl_event *e, const struct lsr_config *cfg, uint16_t in_slot,
	   const struct oam_verdict *v)
{
	if (in_slot < cfg->n_interfaces)
		ctl_event_u64(e, "in_if", cfg->interfaces[in_slot].if_num);
	if (v->fate == OAM_FATE_DROPPED) {
		e->reason = v->reason < LSR_DROP_MAX ? v->reason : LSR_DROP_MALFORMED;
		ctl_event_str(e, "reason", lsr_drop_names[e->reason]);
	}
	if (v->at != OAM_AT_NONE) {
		ctl_event_str(e, "mip", oam_at_name((enum oam_at)v->at));
		ctl_event_u64(e, "mip_if", v->mip_if);
	}
	if (v->lsp < cfg->n_lsps)
		ctl_event_str(e, "lsp", cfg->lsps[v->lsp].name);
	if (v->channel)
		ctl_event_u64(e, "channel", v->channel);
	/* Live only: the demultiplexer's rule (docs/OAM-RULES.md §2.5) says why. */
	if (v->rule != NULL)
		ctl_event_str(e, "rule", v->rule);
}

/* The count of key's second, as one line (when there is one); the next event opens a new second. */
static void
agg_flush(struct ctl_daemon *d, unsigned int key, uint64_t now_ns)
{
	struct ctl_events *ev = d->events;
	struct agg *a = &ev->agg[key];
	struct ctl_event e;

	ev->agg_pending &= ~(UINT64_C(1) << key);
	if (a->count > 0) {
		ctl_event_init(&e, CTL_EV_OAM, key == AGG_REPLY ? "reply" :
			       key == AGG_CONSUMED ? "consumed" : "drop");
		if (key < LSR_DROP_MAX) {
			e.reason = (int)key;
			ctl_event_str(&e, "reason", lsr_drop_names[key]);
		}
		ctl_event_u64(&e, "count", a->count);
		ctl_event_u64(&e, "interval_ms", (now_ns - a->window_ns) / 1000000);
		ctl_event_bool(&e, "aggregated", true);
		ctl_event_emit(d, &e);
	}
	a->open = false;
	a->count = 0;
}

void
ctl_event_oam(struct ctl_daemon *d, uint16_t in_slot, const struct oam_verdict *v,
	      uint64_t now_ns)
{
	struct ctl_events *ev = d != NULL ? d->events : NULL;
	struct ctl_event e;
	struct agg *a;
	unsigned int key;

	if (ev == NULL)
		return;
	if (v->fate == OAM_FATE_DROPPED)
		ev->st.oam_drops[v->reason < LSR_DROP_MAX ? v->reason : LSR_DROP_MALFORMED]++;
	key = oam_agg_key(v);
	a = &ev->agg[key];
	/*
	 * docs/MONITORING.md "Floods": the first event of a second is shown whole,
	 * the rest of that second only counted (one line at its end).
	 */
	if (a->open && now_ns - a->window_ns < EV_NS_PER_S) {
		a->count++;
		ev->agg_pending |= UINT64_C(1) << key;
		ev->st.aggregated++;
		return;
	}
	/* A second ended with a count the tick has not written yet: first that. */
	if (a->count > 0)
		agg_flush(d, key, now_ns);
	a->open = true;
	a->window_ns = now_ns;
	a->count = 0;
	ctl_event_init(&e, CTL_EV_OAM, oam_event_name(v));
	oam_fields(&e, d->cfg, in_slot, v);
	ctl_event_emit(d, &e);
}

/*
 * The workers drop frames without telling anyone but their counters: once a
 * second, the growth of each drop counter since the last look, less the OAM
 * drops that were events already, is one "forwarding drop" line with the
 * count (docs/MONITORING.md "Floods").  Counters since start (no baseline:
 * `clear counters` does not move them).
 */
static void
fast_drops(struct ctl_daemon *d, uint64_t now_ns)
{
	struct ctl_events *ev = d->events;
	struct lsr_counters c;
	uint64_t ms = (now_ns - ev->fast_ns) / 1000000;
	unsigned int r;

	ev->fast_ns = now_ns;
	/* A daemon without a data plane (none yet), or no consistent snapshot: next second. */
	if (d->dp == NULL || lsr_counters_snapshot(d->dp, NULL, &c) < 0)
		return;
	for (r = 0; r < LSR_DROP_MAX; r++) {
		uint64_t grew = c.drops[r] - ev->fast_drops[r];
		uint64_t shown = ev->st.oam_drops[r] - ev->fast_oam[r];
		struct ctl_event e;

		if (ev->fast_known && c.drops[r] >= ev->fast_drops[r] && grew > shown) {
			ctl_event_init(&e, CTL_EV_FORWARDING, "drop");
			e.reason = (int)r;
			ctl_event_str(&e, "reason", lsr_drop_names[r]);
			ctl_event_u64(&e, "count", grew - shown);
			ctl_event_u64(&e, "interval_ms", ms);
			ctl_event_bool(&e, "aggregated", true);
			ctl_event_emit(d, &e);
		}
		ev->fast_drops[r] = c.drops[r];
		ev->fast_oam[r] = ev->st.oam_drops[r];
	}
	ev->fast_known = true;
}

void
ctl_events_tick(struct ctl_daemon *d, uint64_t now_ns)
{
	struct ctl_events *ev = d != NULL ? d->events : NULL;
	unsigned int key;

	if (ev == NULL)
		return;
	if (now_ns - ev->fast_ns >= FAST_POLL_NS)
		fast_drops(d, now_ns);
	if (ev->agg_pending == 0)
		return;
	for (key = 0; key < AGG_MAX; key++)
		if ((ev->agg_pending & (UINT64_C(1) << key)) &&
		    now_ns - ev->agg[key].window_ns >= EV_NS_PER_S)
			agg_flush(d, key, now_ns);
}

void
ctl_event_config(struct ctl_daemon *d, const char *change, const char *message)
{
	struct ctl_event e;

	ctl_event_init(&e, CTL_EV_CONFIG, change);
	ctl_event_str(&e, "message", message);
	if (d != NULL && d->cfg != NULL) {
		ctl_event_u64(&e, "lsps", d->cfg->n_live);
		ctl_event_u64(&e, "generation", d->cfg->generation);
	}
	ctl_event_emit(d, &e);
}

void
ctl_event_loopback(struct ctl_daemon *d, const char *lsp, uint32_t if_num, bool on)
{
	struct ctl_event e;

	ctl_event_init(&e, CTL_EV_LOOPBACK, on ? "set" : "cleared");
	ctl_event_str(&e, "lsp", lsp);
	ctl_event_u64(&e, "if_num", if_num);
	ctl_event_emit(d, &e);
}

void
ctl_event_probe(struct ctl_daemon *d, const char *command, const char *lsp, int status)
{
	struct ctl_event e;

	ctl_event_init(&e, CTL_EV_PROBE, status == LSR_CTL_OK ? "ok" : "failed");
	ctl_event_str(&e, "command", command);
	ctl_event_str(&e, "lsp", lsp);
	ctl_event_u64(&e, "status", (uint64_t)status);
	ctl_event_emit(d, &e);
}

/* ---- subscribers ----------------------------------------------------------------- */

bool
ctl_event_filter_word(struct ctl_event_filter *f, const char *word)
{
	unsigned int i;

	for (i = 0; i < CTL_EV_KIND_MAX; i++) {
		if (strcmp(word, ctl_event_kind_names[i]) == 0) {
			f->kinds |= UINT32_C(1) << i;
			return true;
		}
	}
	if (strcmp(word, "drop") == 0) {
		f->drops = true;
		return true;
	}
	for (i = 0; i < LSR_DROP_MAX; i++) {
		if (strcmp(word, lsr_drop_names[i]) == 0) {
			f->reasons |= UINT64_C(1) << i;
			return true;
		}
	}
	return false;
}

const char *
ctl_event_filter_help(void)
{
	return "a kind (daemon, oam, forwarding, config, link, loopback, probe, locate), "
	       "'drop', or a drop reason (e.g. misdirected)";
}

static bool
filter_pass(const struct ctl_event_filter *f, const struct ring_ev *r)
{
	if (f->kinds == 0 && f->reasons == 0 && !f->drops)
		return true;
	if (r->kind == CTL_EV_MONITOR || (f->kinds & (UINT32_C(1) << r->kind)))
		return true;
	if ((r->kind != CTL_EV_OAM && r->kind != CTL_EV_FORWARDING) || r->reason < 0)
		return false;
	return f->drops || (f->reasons & (UINT64_C(1) << r->reason));
}

int
ctl_events_subscribe(struct ctl_events *ev, const struct ctl_event_filter *f)
{
	unsigned int i;

	for (i = 0; i < CTL_EVENTS_MAX_SUBS; i++) {
		struct sub *s = &ev->subs[i];

		if (s->used)
			continue;
		memset(s, 0, sizeof(*s));
		s->used = true;
		s->f = *f;
		s->next = ev->head;
		s->hello = true;
		ev->st.subscribers++;
		return (int)i;
	}
	return -ENOSPC;
}

void
ctl_events_unsubscribe(struct ctl_events *ev, int sub)
{
	if (ev == NULL || sub < 0 || sub >= CTL_EVENTS_MAX_SUBS || !ev->subs[sub].used)
		return;
	ev->subs[sub].used = false;
	ev->st.subscribers--;
}

/* "2026-12-02T02:30:01.123456Z" */
static void
fmt_time(char *buf, size_t len, uint64_t ns)
{
	time_t s = (time_t)(ns / EV_NS_PER_S);
	struct tm tm;

	gmtime_r(&s, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned int)(ns % EV_NS_PER_S / 1000));
}

static size_t
render(char *buf, bool json, uint64_t seq, uint64_t time_ns, const char *kind,
       const char *event, const char *json_fields, const char *text_fields)
{
	char t[64];
	int n;

	fmt_time(t, sizeof(t), time_ns);
	if (json)
		n = snprintf(buf, CTL_EVENT_LINE_MAX, "{\"seq\": %" PRIu64 ", \"time\": \"%s\", "
			     "\"kind\": \"%s\", \"event\": \"%s\"%s}\n", seq, t, kind, event,
			     json_fields ? json_fields : "");
	else
		n = snprintf(buf, CTL_EVENT_LINE_MAX, "%s %s %s%s\n", t, kind, event,
			     text_fields ? text_fields : "");
	return n < 0 ? 0 : RTE_MIN((size_t)n, (size_t)CTL_EVENT_LINE_MAX - 1);
}

size_t
ctl_events_next(struct ctl_events *ev, int sub, bool json, char *buf)
{
	struct sub *s = &ev->subs[sub];
	uint64_t oldest = ev->head > CTL_EVENTS_RING ? ev->head - CTL_EVENTS_RING : 1;

	if (s->hello) {
		struct ctl_event e;

		/* The subscriber's first line: it is in the stream from here on. */
		s->hello = false;
		ctl_event_init(&e, CTL_EV_MONITOR, "start");
		ctl_event_u64(&e, "next_seq", s->next);
		return render(buf, json, 0, wall_ns(), "monitor", e.event, e.json, e.text);
	}
	if (s->next < oldest) {
		s->lost += oldest - s->next;
		ev->st.lost += oldest - s->next;
		s->next = oldest;
	}
	for (; s->next < ev->head; s->next++) {
		const struct ring_ev *r = &ev->ring[s->next & (CTL_EVENTS_RING - 1)];

		if (!filter_pass(&s->f, r))
			continue;
		/* Say what was lost before the first event after the gap. */
		if (s->lost > 0) {
			struct ctl_event e;
			size_t n;

			ctl_event_init(&e, CTL_EV_MONITOR, "lost");
			ctl_event_u64(&e, "count", s->lost);
			ctl_event_str(&e, "why", "this subscriber read too slowly; the ring "
				      "holds the last 4096 events");
			n = render(buf, json, 0, wall_ns(), "monitor", e.event, e.json, e.text);
			s->lost = 0;
			return n;
		}
		s->next++;
		return render(buf, json, r->seq, r->time_ns, ctl_event_kind_names[r->kind],
			      r->event, r->json, r->text);
	}
	return 0;
}

void
ctl_events_stats(const struct ctl_events *ev, struct ctl_events_stats *st)
{
	if (ev == NULL) {
		memset(st, 0, sizeof(*st));
		return;
	}
	*st = ev->st;
}
