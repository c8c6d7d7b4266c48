/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The source MEP prober: on-demand CV (RFC 6426 LSP Ping over the G-ACh),
 * route tracing (RFC 6426 §4.2.1, RFC 8029 §4.3) and G.8113.1 LBM, sent from
 * this node's source MEP of an LSP toward a MIP or the far MEP.
 *
 * Sessions are objects with injected time (docs/CONVENTIONS.md rule 9): the owner (the
 * main lcore in live mode, a unit test with a fake clock) starts a session,
 * hands it the replies that reach our sink MEP (oam_mep_reply(), registered
 * with oam_node_set_reply_handler()) and calls oam_mep_run() at the time
 * oam_mep_wake_time() says.  Everything a session does is reported through its
 * event callback from inside oam_mep_run(), never from oam_mep_reply().  The
 * prober never reads the clock and is owned by one thread.
 */
#ifndef TPLSR_OAM_MEP_H
#define TPLSR_OAM_MEP_H

#include <stdbool.h>
#include <stdint.h>

#include "lsr_config.h"
#include "lsr_fwd.h"
#include "oam.h"

#define OAM_MEP_DISCOVERY_MAX_TTL 16	/* path discovery gives up beyond this */
#define OAM_MEP_MAX_COUNT         10000
#define OAM_MEP_MAX_SESSIONS      32

struct oam_mep;
struct oam_mep_session;

enum oam_target {
	OAM_TARGET_MEP = 0,	/* the MEP at the far end of the LSP */
	OAM_TARGET_MIP,		/* a MIP: node + IF_Num */
};

/* Which MIP of the target node: its in-MIP, out-MIP, node MIP; AUTO = discover. */
enum oam_mip_side {
	OAM_SIDE_AUTO = 0,
	OAM_SIDE_IN,
	OAM_SIDE_OUT,
	OAM_SIDE_NODE,		/* IF_Num 0: the per-node MIP */
};

/** "in", "out", "node" or NULL (AUTO). */
const char *oam_side_name(enum oam_mip_side side);

struct oam_ping_params {
	uint32_t lsp;			/* index into lsr_config.lsps */
	uint8_t target;			/* enum oam_target */
	uint8_t side;			/* enum oam_mip_side (MIP only) */
	struct lsr_node_ident mip_node;	/* MIP only */
	uint32_t mip_if;		/* MIP only; 0 = node MIP */
	uint8_t ttl;			/* 0: derive (MEP: 255; MIP: path discovery) */
	bool g8113;			/* G.8113.1 LBM instead of LSP Ping */
	uint32_t count;			/* 1 .. OAM_MEP_MAX_COUNT */
	uint32_t interval_ms;
	uint32_t timeout_ms;		/* > 0 */
};

struct oam_trace_params {
	uint32_t lsp;
	uint8_t max_ttl;		/* 1 .. 255 */
	uint32_t timeout_ms;		/* > 0 */
};

enum oam_probe_status {
	OAM_PROBE_REPLY = 1,
	OAM_PROBE_TIMEOUT,
	OAM_PROBE_UNSENT,		/* no mbuf for the request */
};

/** The outcome of one probe (a ping request or a traceroute hop). */
struct oam_probe_result {
	uint32_t seq;			/* 1-based probe number (traceroute: = ttl) */
	uint8_t ttl;
	uint8_t status;			/* enum oam_probe_status */
	bool lbr;			/* the reply was a G.8113.1 LBR */
	bool success;			/* a good reply ('!') */
	uint8_t rc, rsc;		/* echo reply return code and subcode */
	uint64_t rtt_ns;
	bool has_src;
	struct lsr_node_ident src;	/* echo reply: Source Identifier TLV */
	bool has_ddmap;			/* echo reply: its first DDMAP */
	uint32_t ingress, egress;
	bool has_label;
	uint32_t label;
	bool has_replying;		/* LBR: Replying MEP/MIP ID TLV */
	struct oam_g8113_id replying;
};

enum oam_mep_event_type {
	OAM_EV_RESOLVED = 1,	/* ping: target side and TTL known (after discovery, or at once) */
	OAM_EV_PROBE,		/* a probe finished: result (locate: of point `point`) */
	OAM_EV_DONE,		/* the session ended; it is freed after the callback */
	OAM_EV_HOP,		/* locate: a route-tracing hop finished: result */
	OAM_EV_POINT_BEGIN,	/* locate: the probes to point `point` start */
	OAM_EV_POINT_END,	/* locate: point `point` is judged (its status is set) */
};

struct oam_locate;

struct oam_mep_event {
	uint8_t type;			/* enum oam_mep_event_type */
	const struct oam_probe_result *result;	/* OAM_EV_PROBE */
	/* OAM_EV_RESOLVED and OAM_EV_DONE */
	uint8_t ttl;
	uint8_t side;			/* enum oam_mip_side */
	bool discovered;
	uint32_t discovery_hops;	/* hops to the target node when discovered */
	/* OAM_EV_DONE */
	int error;			/* 0, or -errno: the session could not run (see why) */
	const char *why;		/* NULL, or why it failed */
	uint32_t sent, received, success;
	uint64_t rtt_min_ns, rtt_max_ns, rtt_sum_ns;	/* over successes */
	bool reached;			/* traceroute: the egress answered */
	/* locate (OAM_EV_HOP, _POINT_*, _PROBE, _DONE): the session's state so far;
	 * at OAM_EV_DONE with error 0 its verdict is set.  Valid during the callback. */
	const struct oam_locate *locate;
	int point;			/* index into locate->pt; -1 when not about a point */
};

typedef void (*oam_mep_event_fn)(void *arg, const struct oam_mep_event *ev);

/**
 * Create the prober of a node.
 * @param cfg  the configuration (kept by reference: must outlive the prober)
 * @param seed makes sender's handles and transaction IDs differ between runs
 * @return the prober, or NULL with rte_errno/errno = EINVAL or ENOMEM.
 */
struct oam_mep *oam_mep_create(const struct lsr_config *cfg, uint32_t seed);

/** Free the prober and its sessions (no callbacks). */
void oam_mep_free(struct oam_mep *m);

/**
 * The oam_reply_fn to register with oam_node_set_reply_handler(n, oam_mep_reply, m):
 * records a reply for the session it belongs to (echo reply: handle and sequence
 * number; LBR: transaction ID).  Unmatched or late replies are ignored.
 */
void oam_mep_reply(void *m, const struct oam_rx_reply *r);

/**
 * Start a ping session (ping mpls-tp lsp ...).  Nothing is sent until oam_mep_run().
 * @param fn, arg  the session's event callback
 * @param out      the session (to cancel it); may be NULL
 * @return 0; -EINVAL (bad parameter, e.g. count 0); -ENOENT (no such LSP);
 *   -ENOTSUP (no direction of this LSP starts here, or none ends here for the
 *   replies, or g8113 to a MIP without an `icc` configured); -EBUSY (too many
 *   sessions); -ENOMEM.
 */
int oam_mep_ping(struct oam_mep *m, const struct oam_ping_params *p, uint64_t now_ns,
		 oam_mep_event_fn fn, void *arg, struct oam_mep_session **out);

/** Start a traceroute session.  Same returns as oam_mep_ping(). */
int oam_mep_trace(struct oam_mep *m, const struct oam_trace_params *p, uint64_t now_ns,
		  oam_mep_event_fn fn, void *arg, struct oam_mep_session **out);

/* ---- fault localisation (locate mpls-tp lsp ...) ----------------------------
 *
 * A locate session discovers the path by route tracing (RFC 6426 §4.2.1: each
 * hop's Node_ID and in/out IF_Num from its Source Identifier and DDMAP), then
 * sends `count` on-demand CV requests, in path order, to every in-MIP (DDMAP
 * ingress = IF), every out-MIP (DDMAP egress = IF), each with TTL = the hop
 * count, and finally to the sink MEP, and names the first segment that fails
 * (RFC 7054 §4: an in-MIP and an out-MIP on every node).  The probes are the
 * ping sessions' own (same requests, same reply matching, same timeouts).
 */

#define OAM_LOCATE_MAX_HOPS    OAM_MEP_DISCOVERY_MAX_TTL
#define OAM_LOCATE_SILENT_HOPS 2	/* route tracing stops after this many silent TTLs in a row */
#define OAM_LOCATE_MAX_POINTS  (2 * OAM_LOCATE_MAX_HOPS + 2)

struct oam_locate_params {
	uint32_t lsp;
	uint32_t count;			/* probes per MIP and to the MEP, 1 .. OAM_MEP_MAX_COUNT */
	uint32_t timeout_ms;		/* per probe (route tracing too), > 0 */
	uint8_t max_ttl;		/* route tracing limit, 0 = OAM_LOCATE_MAX_HOPS */
};

/* Why route tracing stopped. */
enum oam_locate_trace_end {
	OAM_TRACE_EGRESS = 1,		/* the egress answered (return code 3) */
	OAM_TRACE_SILENT,		/* OAM_LOCATE_SILENT_HOPS TTLs in a row went unanswered */
	OAM_TRACE_MAX_TTL,
	OAM_TRACE_LOOP,			/* our own node answered: the LSP is looped back (RFC 6435) */
};

/* Where a probe can be answered, in path order. */
enum oam_point_kind {
	OAM_PT_SOURCE = 1,		/* this node (the source MEP): answers by definition */
	OAM_PT_IN_MIP,			/* if_num 0: the per-node MIP (no DDMAP sent) */
	OAM_PT_OUT_MIP,
	OAM_PT_HOP,			/* a hop that did not answer route tracing: unknown, not probed */
	OAM_PT_MEP,			/* the sink MEP (the LSP's far end); always last */
};

enum oam_point_status {
	OAM_PT_PENDING = 0,
	OAM_PT_OK,			/* at least one good answer from the expected node */
	OAM_PT_NO_ANSWER,		/* nothing came back */
	OAM_PT_WRONG,			/* answers, none good: an error return code, another node, ... */
	OAM_PT_UNSENT,			/* no request could be sent (no mbuf) */
};

struct oam_locate_point {
	uint8_t kind;			/* enum oam_point_kind */
	uint8_t status;			/* enum oam_point_status */
	uint8_t ttl;			/* hop count (source 0; MEP 255 when its hop is unknown) */
	bool has_node;
	struct lsr_node_ident node;	/* expected responder (MEP: the LSP's far end) */
	uint32_t if_num;		/* in-MIP: in IF; out-MIP and source: out IF; 0 unknown */
	uint32_t label;			/* out-MIP, source: the label it sends downstream; 0 unknown */
	uint32_t sent, received, success;
	uint64_t rtt_min_ns, rtt_max_ns, rtt_sum_ns;	/* over good answers */
	bool has_reply;
	struct oam_probe_result reply;	/* the first wrong answer, else the last good one */
};

/* What failed, from the last point that answered (`after`) to the first one after it. */
enum oam_locate_where {
	OAM_LOC_HEALTHY = 0,		/* the MEP answers */
	OAM_LOC_LINK,			/* the link from `after` (source or out-MIP) to `at` (in-MIP or a
					 * silent hop); beyond_unknown: at or after that link */
	OAM_LOC_NODE,			/* inside the node of `at`: its in-MIP answers, its out-MIP does
					 * not; or one of its MIPs answers wrongly (answer WRONG) */
	OAM_LOC_SINK,			/* every MIP answers (the egress answered route tracing too),
					 * the MEP does not or answers wrongly */
	OAM_LOC_LOOP,			/* the LSP comes back to us (RFC 6435 loopback) after `after` */
};

enum oam_locate_note_kind {
	OAM_NOTE_NO_OUT_MIP = 1,	/* out-MIP silent while later points answer: an optimised
					 * node without out-MIPs (RFC 7054 fig. 4) or `mip off` */
	OAM_NOTE_SILENT_IN_MIP,		/* in-MIP silent while later points answer */
	OAM_NOTE_SILENT_HOP,		/* a hop did not answer route tracing, later ones did */
	OAM_NOTE_WRONG_ANSWER,		/* a MIP answers wrongly though later points answer */
	OAM_NOTE_UNSENT,		/* a point could not be probed (no mbuf) */
	OAM_NOTE_LOSS,			/* a point answered some probes only */
	OAM_NOTE_TRACE_SHORT,		/* the MEP answers, route tracing did not get that far */
};

struct oam_locate_note {
	uint8_t kind;			/* enum oam_locate_note_kind */
	uint8_t point;			/* the point it is about */
};

struct oam_locate_verdict {
	uint8_t where;			/* enum oam_locate_where */
	uint8_t answer;			/* status of point `at` (NO_ANSWER, WRONG, UNSENT); 0 healthy */
	int8_t after;			/* the last point that answered (0: the source) */
	int8_t at;			/* the first one after it; -1 when healthy */
	bool beyond_unknown;		/* the path after `after` is not known (route tracing
					 * stopped): the fault is at or after that point */
	bool out_mips_absent;		/* NODE: out-MIPs are silent elsewhere on this path too
					 * (optimised nodes?), so the link after may be at fault */
};

/** A locate session's findings (owned by the session; see oam_mep_event.locate). */
struct oam_locate {
	uint8_t n_hops;			/* route tracing: TTL 1 .. n_hops */
	struct oam_probe_result hops[OAM_LOCATE_MAX_HOPS];
	uint8_t trace_end;		/* enum oam_locate_trace_end; 0 while tracing */
	uint8_t n_points;
	struct oam_locate_point pt[OAM_LOCATE_MAX_POINTS];
	bool done;			/* the verdict and the notes are set */
	struct oam_locate_verdict v;
	uint8_t n_notes;
	struct oam_locate_note notes[OAM_LOCATE_MAX_POINTS];
};

/**
 * Start a locate session: route tracing, then `count` CV probes per MIP and to
 * the MEP, then the verdict (events: OAM_EV_HOP per TTL, OAM_EV_POINT_BEGIN,
 * OAM_EV_PROBE... OAM_EV_POINT_END per point, OAM_EV_DONE with locate->v).
 * Same returns as oam_mep_ping().
 */
int oam_mep_locate(struct oam_mep *m, const struct oam_locate_params *p, uint64_t now_ns,
		   oam_mep_event_fn fn, void *arg, struct oam_mep_session **out);

/**
 * Judge a locate: from l->hops, l->trace_end and the points' statuses, set
 * l->v and l->notes (and l->done).  Pure; the session calls it at its end.
 * Every point must have a status (the source OK, silent hops NO_ANSWER).
 */
void oam_locate_analyse(struct oam_locate *l);

/** "source", "in-mip", "out-mip", "hop", "mep". */
const char *oam_point_kind_name(uint8_t kind);
/** "ok", "no-answer", "wrong-answer", "unsent", "pending". */
const char *oam_point_status_name(uint8_t status);
/** "none" (healthy), "link", "node", "sink", "loop". */
const char *oam_locate_where_name(uint8_t where);
/** "egress", "silent", "max-ttl", "loop". */
const char *oam_locate_trace_end_name(uint8_t end);
/** "no-out-mip", "silent-in-mip", "silent-hop", "wrong-answer", "unsent", "loss", "trace-short". */
const char *oam_locate_note_name(uint8_t kind);

/** Stop a session now, without further callbacks (e.g. the client went away). */
void oam_mep_cancel(struct oam_mep *m, struct oam_mep_session *s);

/**
 * Run the sessions: deliver recorded replies, time probes out, send due probes
 * (queued on lc's transmit lists with oam_send_gach()), end finished sessions.
 * @return the next time (ns) oam_mep_run() has something to do; UINT64_MAX if none.
 */
uint64_t oam_mep_run(struct oam_mep *m, const struct lsr_fib *fib, struct lsr_lcore *lc,
		     uint64_t now_ns);

/** @return the number of active sessions. */
unsigned int oam_mep_n_sessions(const struct oam_mep *m);

/* provisional: replaced by the prober split */
/**
 * Follow a change of the configuration: sessions of LSPs deleted or changed
 * end with an error event, the others continue.
 */
void oam_mep_set_config(struct oam_mep *m, const struct lsr_config *cfg, uint64_t now_ns);

#endif /* TPLSR_OAM_MEP_H */
