/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The source prober's session core (oam/probe.c) and the kinds of session
 * built on it (probe_ping.c, probe_trace.c, probe_locate.c); private to oam/.
 *
 * The core owns what every session does alike: the session table, handles and
 * transaction IDs, sending the request a kind describes in `req`, matching the
 * reply to it, its timeout, the summary counts and the events.  A kind is a
 * struct oam_probe_ops and its own state in the union `u`; the core calls the
 * kind when the session first runs (start), when a probe ended (step: the
 * outcome in s->reply) and to add its fields to an event (event).
 */
#ifndef TPLSR_OAM_PROBE_PRIV_H
#define TPLSR_OAM_PROBE_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "oam_lspping_ip.h"
#include "oam_mep.h"

#define OAM_PROBE_NS_PER_MS 1000000ull

/* The next request of a session, as its kind describes it. */
struct oam_probe_req {
	uint8_t ttl;
	bool trace;			/* route tracing: DDMAP ingress 0 egress 0, no target */
	bool lbm;			/* G.8113.1 LBM instead of an echo request */
	bool counted;			/* counts in the session's `sent` (not discovery, not
					 * locate's route tracing) */
	uint8_t target;			/* enum oam_target */
	uint8_t side;			/* enum oam_mip_side (MIP only) */
	struct lsr_node_ident mip_node;	/* MIP only */
	uint32_t mip_if;		/* MIP only; 0 = node MIP */
};

/*
 * What a session needs of its LSP and of the node, copied at start: a session
 * keeps no pointer into the configuration, which can be replaced under it
 * (oam_mep_set_config()).
 */
struct oam_probe_lsp {
	uint32_t idx;			/* index in the current configuration */
	char name[LSR_LSP_NAME_MAX + 1];
	struct lsr_node_ident src, dst;	/* the FEC, RFC 6426 §2.3 */
	uint16_t src_tunnel, dst_tunnel, lsp_num;
	struct lsr_direction_cfg dir[LSR_DIR_MAX];	/* labels and slots, to see a change */
	uint16_t out_slot;		/* the direction that starts here: its first leg */
	uint32_t out_label;
	uint32_t out_if_num;
	struct lsr_node_ident far;	/* the node at its far end */
	uint16_t our_tunnel, far_tunnel;
	/* The node's own. */
	struct lsr_node_ident node;
	bool has_icc;
	char icc[7], cc[3];
	uint8_t meg_id[OAM_G8113_MEG_ID_LEN];
};

struct oam_mep_session;

struct oam_probe_ops {
	/* The session's first oam_mep_run(); may be NULL. */
	void (*start)(struct oam_mep_session *s, uint64_t now_ns);
	/* The current probe ended: s->reply (status, ttl set); decide what is next:
	 * set s->req and s->next_send_ns, or call oam_probe_finish(). */
	void (*step)(struct oam_mep_session *s, uint64_t now_ns);
	/* Add the kind's fields to an event about to be reported; may be NULL. */
	void (*event)(const struct oam_mep_session *s, struct oam_mep_event *ev);
};

/* Per kind: parameters and progress. */
struct oam_probe_ping {
	struct oam_ping_params p;
	bool discovering;		/* path discovery before the probes */
	bool need_resolved;		/* OAM_EV_RESOLVED at the first run */
	uint8_t ttl;			/* the probes' TTL, once known */
	uint8_t side;
	bool discovered;
	uint32_t hops;
	uint32_t seq;			/* probes finished */
};

struct oam_probe_trace {
	struct oam_trace_params p;
	bool reached;
};

struct oam_probe_locate {
	struct oam_locate_params p;
	bool tracing;			/* route tracing; then the points */
	uint8_t silent;			/* unanswered trace TTLs in a row */
	int cur_point;
	uint32_t seq;			/* probes to the current point finished */
	struct oam_locate l;
};

struct oam_mep_session {
	struct oam_mep *mep;
	const struct oam_probe_ops *ops;
	oam_mep_event_fn fn;
	void *arg;
	bool started;
	bool done;
	bool cancelled;
	int end_error;			/* oam_mep_set_config(): end at the next run with this */

	struct oam_probe_lsp lsp;
	uint32_t timeout_ms;
	uint8_t encap;			/* enum oam_encap of its echo requests */

	uint32_t handle;
	uint32_t wire_seq;		/* LSP Ping sequence number of the last request */
	uint32_t tid;			/* transaction ID of the last LBM */

	/* The current probe. */
	struct oam_probe_req req;
	bool outstanding;
	uint64_t sent_ns, deadline_ns, next_send_ns;
	bool got_reply;
	struct oam_probe_result reply;
	uint8_t n_egress;		/* egress IF_Nums of every DDMAP in the reply */
	uint32_t egress[OAM_ECHO_MAX_DDMAP];

	/* Summary (OAM_EV_DONE). */
	uint32_t sent, received, success;
	uint64_t rtt_min, rtt_max, rtt_sum;
	char why[160];

	union {
		struct oam_probe_ping ping;
		struct oam_probe_trace trace;
		struct oam_probe_locate loc;
	} u;
};

/**
 * A new session of kind ops bound to the LSP's source direction, not yet in
 * the table: the verb fills s->u and s->req, then calls oam_probe_add().
 * @return 0 and *out; -ENOENT (no such LSP); -ENOTSUP (no direction starts
 *   here, or none ends here for the replies); -ENOMEM.
 */
int oam_probe_open(struct oam_mep *m, const struct oam_probe_ops *ops, uint32_t lsp,
		   uint32_t timeout_ms, oam_mep_event_fn fn, void *arg, uint64_t now_ns,
		   struct oam_mep_session **out);

/** Put an opened session in the table; on failure (-EBUSY) it is freed. */
int oam_probe_add(struct oam_mep *m, struct oam_mep_session *s, struct oam_mep_session **out);

/** Report ev (its kind's fields added), unless the session was cancelled. */
void oam_probe_emit(struct oam_mep_session *s, struct oam_mep_event *ev);

/** End the session: OAM_EV_DONE with the summary; error 0 or -errno and why. */
void oam_probe_finish(struct oam_mep_session *s, int error, const char *why);

/** Count a finished probe in the summary: a reply; a success and its RTT. */
void oam_probe_count(struct oam_mep_session *s, const struct oam_probe_result *r);

/** A good reply to a ping or traceroute request (an LBR, or return code 3, 8 or 14). */
bool oam_probe_good_reply(const struct oam_probe_result *r);

/**
 * Whether a route-tracing reply ends the trace: OAM_TRACE_LOOP (our own node
 * answered), OAM_TRACE_EGRESS (the egress), or 0.
 */
uint8_t oam_probe_trace_end(const struct oam_mep_session *s, const struct oam_probe_result *r);

/** Whether two RFC 6370 identifiers are the same Global_ID:Node_ID. */
bool oam_probe_ident_eq(const struct lsr_node_ident *a, const struct lsr_node_ident *b);

/**
 * Whether encap (enum oam_encap) can carry a session's requests.
 * @return 0; -EINVAL for an unknown one, or the IP form with LBMs.
 */
int oam_probe_check_encap(uint8_t encap, bool lbm);

#endif /* TPLSR_OAM_PROBE_PRIV_H */
