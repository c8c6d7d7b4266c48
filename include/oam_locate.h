/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Locate's analysis (oam/locate.c): from what a locate session found — the
 * route-tracing hops, the points of the path and their answers — and the link
 * states of this node's interfaces, the segments of the path (link or node,
 * ok, fault or unverified, their RTTs) and the verdict naming the first
 * segment that fails (RFC 7054 §4: an in-MIP and an out-MIP on every node).
 *
 * Pure: no EAL, no I/O, no clock (docs/CONVENTIONS.md rules 3 and 9), so every
 * verdict is unit-tested on hand-written findings (tests/unit/check_locate_analysis.c).
 * The session that gathers the findings is oam_mep_locate() (include/oam_mep.h).
 */
#ifndef TPLSR_OAM_LOCATE_H
#define TPLSR_OAM_LOCATE_H

#include <stdbool.h>
#include <stdint.h>

#include "lsr_config.h"
#include "oam_g8113.h"

enum oam_probe_status {
	OAM_PROBE_REPLY = 1,
	OAM_PROBE_TIMEOUT,
	OAM_PROBE_UNSENT,		/* no mbuf for the request */
};

/** The outcome of one probe (a ping request or a traceroute hop); the prober's
 * events carry it too (include/oam_mep.h). */
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

#define OAM_LOCATE_MAX_HOPS    16	/* = OAM_MEP_DISCOVERY_MAX_TTL (include/oam_mep.h) */
#define OAM_LOCATE_SILENT_HOPS 2	/* route tracing stops after this many silent TTLs in a row */
#define OAM_LOCATE_MAX_POINTS  (2 * OAM_LOCATE_MAX_HOPS + 2)

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
	uint8_t leg;			/* with an intended path: the leg it belongs to */
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
	bool link_down;			/* LINK from the source: our interface it leaves by is
					 * link-down (from the link states given) */
	uint8_t n_mips, n_mips_ok;	/* in- and out-MIPs on the path; how many answer */
};

/* A link state of one of our interfaces, as the caller read it (live mode: ethdev). */
enum oam_link_state {
	OAM_LINK_UNKNOWN = 0,
	OAM_LINK_UP,
	OAM_LINK_DOWN,
};

/** The analysis' input besides the findings: our interfaces' link states, by IF_Num. */
struct oam_locate_links {
	uint8_t n;
	struct {
		uint32_t if_num;
		uint8_t state;		/* enum oam_link_state */
	} link[LSR_MAX_INTERFACES];
};

/* The part of the path between two consecutive points. */
enum oam_segment_kind {
	OAM_SEG_LINK = 1,		/* between two nodes */
	OAM_SEG_NODE,			/* inside a node: its in-MIP to its out-MIP */
	OAM_SEG_UNKNOWN,		/* up to a MEP route tracing did not reach: hops unknown */
};

enum oam_segment_status {
	OAM_SEG_OK = 1,			/* up to the last point that answered */
	OAM_SEG_FAULT,			/* the one the verdict names */
	OAM_SEG_UNVERIFIED,		/* beyond the fault */
};

struct oam_locate_segment {
	uint8_t from, to;		/* points: to = from + 1 */
	uint8_t kind;			/* enum oam_segment_kind */
	uint8_t status;			/* enum oam_segment_status */
	bool has_rtt;			/* `to` answered: rtt_ns is its average round trip */
	bool has_delta;			/* `from` and `to` answered: delta_ns is the segment's part */
	uint64_t rtt_ns;
	uint64_t delta_ns;		/* rtt_ns minus the RTT of the last point before `to` that
					 * answered (0 for the source), not below 0 */
};

/** The analysis' result: the verdict, the remarks and the segments. */
struct oam_locate_analysis {
	struct oam_locate_verdict v;
	uint8_t n_notes;
	struct oam_locate_note notes[OAM_LOCATE_MAX_POINTS];
	uint8_t n_segments;		/* n_points - 1 */
	struct oam_locate_segment seg[OAM_LOCATE_MAX_POINTS];
	uint8_t source_link;		/* enum oam_link_state of the source's out interface */
};

/**
 * What a locate session found (owned by the session; see oam_mep_event.locate),
 * the input of oam_locate_analyse().
 */
struct oam_locate {
	uint8_t n_hops;			/* route tracing: TTL 1 .. n_hops */
	struct oam_probe_result hops[OAM_LOCATE_MAX_HOPS];
	uint8_t trace_end;		/* enum oam_locate_trace_end; 0 while tracing */
	uint8_t n_points;
	struct oam_locate_point pt[OAM_LOCATE_MAX_POINTS];
	bool done;			/* every point is judged and `a` is set */
	struct oam_locate_analysis a;	/* the session's analysis, link states unknown */
	/*
	 * The intended path (docs/LOCATE.md): when has_intended, the points are
	 * its legs' (oam_locate_points_from_leg(), each point tagged with its
	 * leg; a P2MP direction has a leg per leaf), not the ones route tracing
	 * found; the trace is kept to compare (oam_locate_leg_view(),
	 * oam_locate_compare()).  legs_probed: the legs whose points all fit.
	 */
	bool has_intended;
	uint8_t n_legs, legs_probed;
	struct lsr_path_leg legs[LSR_PATH_MAX_LEGS];
	/* save-path: after the points, one G.8113.1 LBM to the MEP, whose
	 * Replying MEP ID TLV names the IF_Num the LSP arrives on at the sink
	 * (docs/OAM-RULES.md §4), the one IF_Num route tracing cannot learn. */
	bool want_sink_if;
	bool asking_sink_if;		/* that LBM is the current probe */
	bool has_sink_if;
	uint32_t sink_if;
};

/* ---- the intended path (docs/LOCATE.md) ------------------------------------ */

/* The first difference between the intended path and what locate found. */
enum oam_locate_diff {
	OAM_DIFF_NONE = 0,		/* the path matches the intended one and is healthy */
	OAM_DIFF_OUT_IF,		/* inside `node`: it forwards out found_out_if, the LSP
					 * is provisioned out out_if (its forwarding entry) */
	OAM_DIFF_IN_IF,			/* `node` receives the LSP on found_in_if, provisioned
					 * in_if: the link from the previous node lands elsewhere */
	OAM_DIFF_NOT_ON_PATH,		/* `found` answers at hop `hop` and is not on the path:
					 * the previous node sends the LSP to the wrong node */
	OAM_DIFF_EXTRA_HOP,		/* `found` answers at hop `hop`, the intended `node`
					 * after it: a node inserted; hop == n_hops: `found` is
					 * the sink, it switches the LSP on out found_out_if */
	OAM_DIFF_MISSING_HOP,		/* `node` (hop `hop`) is skipped: `found`, a later
					 * node of the path, answers in its place */
	OAM_DIFF_LINK,			/* the link to `node` (hop `hop`) from the previous one
					 * (or us): the previous answers, `node`'s in-MIP not */
	OAM_DIFF_NODE,			/* inside `node`: its in-MIP answers, its out-MIP on the
					 * provisioned out_if does not (forwarding otherwise unknown) */
	OAM_DIFF_MIP,			/* a MIP of `node` answers wrongly: the link to it works */
	OAM_DIFF_SINK,			/* every MIP answers, the sink MEP does not */
	OAM_DIFF_LOOP,			/* the LSP comes back to us (or to `found`, a node
					 * already passed) after hop `hop` - 1 */
};

struct oam_locate_cmp {
	uint8_t diff;			/* enum oam_locate_diff */
	int8_t hop;			/* index in the leg of the node concerned (LINK: the
					 * node the link leads to; LOOP: the hop that came back);
					 * -1 when healthy */
	int8_t point;			/* the point of the fault when the CV found it, else -1 */
	uint8_t answer;			/* that point's status (enum oam_point_status) */
	bool sink_unheard;		/* LINK to the sink: the sink has no MIP, so the link
					 * or the sink itself */
	bool has_found;
	struct lsr_node_ident found;	/* the node route tracing found there */
	uint32_t found_in_if, found_out_if;	/* its DDMAP's ingress / egress, 0 not known */
	uint8_t n_matched;		/* hops route tracing found as intended, in order */
};

/**
 * Append to l the points of an intended leg, after the source: per node but
 * the sink its in-MIP (node:in_if, TTL = its hop) and out-MIP (node:out_if),
 * then the sink's MEP (TTL = the leg's length).  A per-node MIP (RFC 6370
 * §7.3) answers for both: it accepts the IF_Nums of its path (docs/OAM-RULES.md).
 */
/* @param idx   the leg's index, set in its points
 * @return 0; -ENOSPC (its points do not all fit: none added). */
int oam_locate_points_from_leg(struct oam_locate *l, const struct lsr_path_leg *leg,
			       uint8_t idx);

/**
 * The findings as seen by leg j of l's intended path, for oam_locate_analyse()
 * and oam_locate_compare() on that leg alone: the source and that leg's
 * points; route tracing with the answers of nodes that are on another leg
 * but not on this one turned into silence (at a P2MP branch, a TTL is
 * answered by a node of every leg and the prober keeps the first answer).
 * view->legs[0] is the leg.  Pure.
 * @return 0; -EINVAL (no such leg).
 */
int oam_locate_leg_view(const struct oam_locate *l, unsigned int j, struct oam_locate *view);

/** A new point at the end of l (zeroed but kind, ttl, node, if_num); NULL when full. */
struct oam_locate_point *oam_locate_add_point(struct oam_locate *l, uint8_t kind, uint8_t ttl,
					      const struct lsr_node_ident *node, uint32_t if_num);

/**
 * Compare what a locate found with the intended leg its points were made of
 * (oam_locate_points_from_leg()): route tracing against the leg, hop by hop,
 * and the CV answers (the analysis a) in path order; the first difference in
 * path order wins.  Pure.
 * @param leg  the intended leg
 * @param l    the findings (l->pt[0] the source: our node)
 * @param a    oam_locate_analyse() of l
 * @param c    the result (written whole)
 */
void oam_locate_compare(const struct lsr_path_leg *leg, const struct oam_locate *l,
			const struct oam_locate_analysis *a, struct oam_locate_cmp *c);

/**
 * The path route tracing found, as an intended leg (save-path): every hop
 * answered with its Node_ID and both IF_Nums, the last is the egress; the
 * sink's in IF_Num is sink_if.
 * @return 0; -EAGAIN (the trace did not reach the egress, or a hop is not
 *   fully known: silent, per-node IF_Num 0, no DDMAP; or sink_if is 0);
 *   -EMLINK (a hop is a P2MP branch point, return code 14: one leg of a tree
 *   is not its path).
 */
int oam_locate_leg_from_trace(const struct oam_locate *l, uint32_t sink_if,
			      struct lsr_path_leg *leg);

/** "none", "out-if", "in-if", "not-on-path", "extra-hop", "missing-hop", "link", "node",
 * "mip", "sink", "loop". */
const char *oam_locate_diff_name(uint8_t diff);

/**
 * Judge a locate: from l->hops, l->trace_end and the points' statuses, the
 * verdict, the notes and the segments.  Pure.  Every point must have a status
 * (the source OK, silent hops NO_ANSWER); at most OAM_LOCATE_MAX_POINTS points,
 * the source first and the MEP last.
 * @param l      the findings
 * @param links  our interfaces' link states; NULL: all unknown
 * @param a      the result (written whole)
 */
void oam_locate_analyse(const struct oam_locate *l, const struct oam_locate_links *links,
			struct oam_locate_analysis *a);

/** A point's average RTT over its good answers; 0 when none. */
uint64_t oam_locate_point_avg_ns(const struct oam_locate_point *p);

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
/** "link", "node", "unknown". */
const char *oam_segment_kind_name(uint8_t kind);
/** "ok", "fault", "unverified". */
const char *oam_segment_status_name(uint8_t status);

/* ---- a locate session's options (oam/probe_locate.c) ----------------------- */

struct oam_mep_session;

/**
 * Options of a locate session just started by oam_mep_locate(), before its
 * first oam_mep_run() (nothing is sent before): probe the intended path's
 * points, every leg's, instead of the ones route tracing finds (path may be
 * NULL), and
 * learn the sink's arrival IF_Num for save-path (want_sink_if).
 * @return 0; -EINVAL (not a locate session, or it has started).
 */
int oam_mep_locate_options(struct oam_mep_session *s, const struct lsr_path *path,
			   bool want_sink_if);

#endif /* TPLSR_OAM_LOCATE_H */
