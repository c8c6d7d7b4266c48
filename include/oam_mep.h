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
#include "oam_locate.h"

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

/*
 * How an echo request is carried in the G-ACh (RFC 6426 §2, docs/OAM-NOTES.md
 * "The IP form"): the non-IP form (ACH 0x0025, the default: what RFC 6426
 * §2 recommends for MPLS-TP, no IP addressing needed) or the IP form (ACH
 * 0x0021: IPv4, UDP to port 3503, 127.0.0.1, Router Alert; RFC 8029 §4.3).
 */
enum oam_encap {
	OAM_ENCAP_NON_IP = 0,
	OAM_ENCAP_IP,
};

/** "non-ip", "ip", or NULL. */
const char *oam_encap_name(enum oam_encap encap);

struct oam_ping_params {
	uint32_t lsp;			/* index into lsr_config.lsps */
	uint8_t target;			/* enum oam_target */
	uint8_t side;			/* enum oam_mip_side (MIP only) */
	struct lsr_node_ident mip_node;	/* MIP only */
	uint32_t mip_if;		/* MIP only; 0 = node MIP */
	uint8_t ttl;			/* 0: derive (MEP: 255; MIP: path discovery) */
	bool g8113;			/* G.8113.1 LBM instead of LSP Ping */
	uint8_t encap;			/* enum oam_encap; LSP Ping only */
	uint32_t count;			/* 1 .. OAM_MEP_MAX_COUNT */
	uint32_t interval_ms;
	uint32_t timeout_ms;		/* > 0 */
};

struct oam_trace_params {
	uint32_t lsp;
	uint8_t max_ttl;		/* 1 .. 255 */
	uint32_t timeout_ms;		/* > 0 */
	uint8_t encap;			/* enum oam_encap */
};

enum oam_mep_event_type {
	OAM_EV_RESOLVED = 1,	/* ping: target side and TTL known (after discovery, or at once) */
	OAM_EV_PROBE,		/* a probe finished: result (locate: of point `point`) */
	OAM_EV_DONE,		/* the session ended; it is freed after the callback */
	OAM_EV_HOP,		/* locate: a route-tracing hop finished: result */
	OAM_EV_POINT_BEGIN,	/* locate: the probes to point `point` start */
	OAM_EV_POINT_END,	/* locate: point `point` is judged (its status is set) */
};

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
	 * at OAM_EV_DONE with error 0 its analysis `a` is set.  Valid during the callback. */
	const struct oam_locate *locate;
	int point;			/* index into locate->pt; -1 when not about a point */
};

typedef void (*oam_mep_event_fn)(void *arg, const struct oam_mep_event *ev);

/**
 * Create the prober of a node.
 * @param cfg  the configuration (kept by reference until oam_mep_set_config() replaces
 *             it; sessions copy what they need of it)
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
 * Start a ping session (ping mpls-tp lsp ...).  An IP encapsulation with
 * g8113, or an unknown one, is -EINVAL.  Nothing is sent until oam_mep_run().
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
 * ping sessions' own (same requests, same reply matching, same timeouts).  The
 * findings, the analysis and its types are in include/oam_locate.h.
 */

struct oam_locate_params {
	uint32_t lsp;
	uint32_t count;			/* probes per MIP and to the MEP, 1 .. OAM_MEP_MAX_COUNT */
	uint32_t timeout_ms;		/* per probe (route tracing too), > 0 */
	uint8_t max_ttl;		/* route tracing limit, 0 = OAM_LOCATE_MAX_HOPS */
	uint8_t encap;			/* enum oam_encap (to be wired in oam/probe_locate.c) */
};

/**
 * Start a locate session: route tracing, then `count` CV probes per MIP and to
 * the MEP, then the verdict (events: OAM_EV_HOP per TTL, OAM_EV_POINT_BEGIN,
 * OAM_EV_PROBE... OAM_EV_POINT_END per point, OAM_EV_DONE with locate->a, the
 * analysis without link states).
 * Same returns as oam_mep_ping().
 */
int oam_mep_locate(struct oam_mep *m, const struct oam_locate_params *p, uint64_t now_ns,
		   oam_mep_event_fn fn, void *arg, struct oam_mep_session **out);

/**
 * A new configuration was published (LSPs added, deleted or replaced on a
 * running node, docs/CONTRACT.md §7): the prober uses cfg from now on.  A
 * session whose LSP (by name) is gone, or whose LSP changed its identifiers,
 * labels or interfaces, ends at the next oam_mep_run() with OAM_EV_DONE, error
 * -ENOENT and why "LSP <name> deleted", or -ESTALE and "LSP <name> changed";
 * the other sessions continue untouched.  With m or cfg NULL nothing changes.
 * @param cfg the new configuration (kept by reference, as by oam_mep_create())
 */
void oam_mep_set_config(struct oam_mep *m, const struct lsr_config *cfg);

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

#endif /* TPLSR_OAM_MEP_H */
