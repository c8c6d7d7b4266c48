/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The node's configuration (docs/CONTRACT.md §2), parsed into one immutable object
 * from which the label table and the OAM node are built.  The parser uses the
 * C library only (no EAL), so it is unit-tested and fuzzed without DPDK.
 */
#ifndef TPLSR_LSR_CONFIG_H
#define TPLSR_LSR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mpls_wire.h"

#define LSR_MAX_INTERFACES 64	/* interface slots; a slot indexes per-interface arrays */
#define LSR_MAX_BRANCHES   8 	/* out legs of one direction (P2MP branch point) */
#define LSR_SLOT_NONE      0xffff
#define LSR_LSP_NAME_MAX   63
#define LSR_PORT_NAME_MAX  63	/* a DPDK device name (RTE_ETH_NAME_MAX_LEN - 1) */
#define LSR_VLAN_NONE      0	/* an untagged interface */
#define LSR_VLAN_MAX       4094	/* IEEE 802.1Q: 0 and 4095 are not VLAN IDs */
#define LSR_PATH_MAX_LEGS  8	/* intended path: legs of one direction (P2MP leaves) */
#define LSR_PATH_MAX_HOPS  16	/* nodes of one leg after the source, the sink included */

enum lsr_mip_mode {
	LSR_MIP_PER_INTERFACE = 0,	/* RFC 7054: an in-MIP and an out-MIP per interface */
	LSR_MIP_PER_NODE,		/* RFC 6370 §7.3: one MIP, IF_Num 0 */
};

enum lsr_dir {
	LSR_DIR_FORWARD = 0,
	LSR_DIR_REVERSE = 1,
	LSR_DIR_MAX,
};

struct lsr_config_live;

struct lsr_interface_cfg {
	uint32_t if_num;	/* RFC 6370 IF_Num, 1 .. 2^32-1 */
	uint16_t port;		/* DPDK port id in live mode (resolved from port_name) */
	char port_name[LSR_PORT_NAME_MAX + 1];	/* `port NAME`: the device; "" for `port ID` */
	uint8_t mac[6];		/* ours */
	uint8_t peer[6];	/* the neighbour's: destination of every frame we send */
	bool mip_enabled;
	bool promiscuous;	/* `promiscuous on`: accept every unicast MAC (default off) */
	uint16_t vlan;		/* `vlan V`: IEEE 802.1Q VLAN ID; LSR_VLAN_NONE: untagged */
};

/** One hop of a direction: an interface slot and a label. */
struct lsr_hop {
	uint16_t slot;		/* index into lsr_config.interfaces */
	uint32_t label;
};

struct lsr_direction_cfg {
	bool present;
	bool has_in;		/* false: this node is the source MEP of the direction */
	struct lsr_hop in;
	uint16_t n_out;		/* 0: this node is the sink MEP; > 1: P2MP branch point */
	struct lsr_hop out[LSR_MAX_BRANCHES];
};

/*
 * The intended path of one direction, provisioned hop by hop (RFC 5654 §2.1:
 * static LSPs set up by a management system) and written at the source MEP so
 * that locate can compare what it finds with it (docs/CONTRACT.md §2 `path`).
 * One leg per leaf: a P2P direction has one, a P2MP one a leg per leaf, each
 * from the first node after the source to its sink.  IF_Nums are the remote
 * nodes' (RFC 6370 §4), not ours.
 */
struct lsr_path_hop {
	struct lsr_node_ident node;
	uint32_t in_if;		/* IF_Num where the LSP enters the node */
	uint32_t out_if;	/* IF_Num where it leaves; 0 at the sink */
};

struct lsr_path_leg {
	uint8_t n_hops;		/* 1 .. LSR_PATH_MAX_HOPS; the last is the sink */
	struct lsr_path_hop hop[LSR_PATH_MAX_HOPS];
};

struct lsr_path {
	uint8_t n_legs;		/* 1 .. LSR_PATH_MAX_LEGS */
	struct lsr_path_leg leg[];
};

struct lsr_lsp_cfg {
	char name[LSR_LSP_NAME_MAX + 1];
	struct lsr_node_ident src, dst;
	uint16_t src_tunnel, dst_tunnel;
	uint16_t lsp_num;
	struct lsr_direction_cfg dir[LSR_DIR_MAX];
	uint16_t loopback_slot;	/* RFC 6435 loopback at this MIP; LSR_SLOT_NONE if unset */
	/*
	 * The intended path per direction, NULL when none is written.  Owned by
	 * the configuration holding the LSP (freed with it, or when the LSP is
	 * replaced or deleted); read only by the main lcore's OAM and control
	 * side, never by a worker, so it is freed at once, without a grace period.
	 */
	struct lsr_path *path[LSR_DIR_MAX];
};

struct lsr_config {
	struct lsr_node_ident node;
	bool has_icc;
	char icc[7];		/* 1-6 characters, NUL terminated (RFC 6923, ITU-T M.1400) */
	char cc[3];		/* ISO 3166 alpha-2, NUL terminated */
	enum lsr_mip_mode mip_mode;
	uint32_t policer_rate;	/* OAM punts per second per interface */
	uint32_t policer_burst;
	/*
	 * `ip-address`: the source address of this node's LSP Ping messages in
	 * the IP form (RFC 6426 §2); when absent one is derived from the Node_ID
	 * (docs/CONTRACT.md §2).  Network byte order.
	 */
	bool has_ip4, has_ip6;
	uint8_t ip4[4];
	uint8_t ip6[16];
	uint16_t n_interfaces;
	struct lsr_interface_cfg interfaces[LSR_MAX_INTERFACES];
	/*
	 * LSP slots.  A slot's index is the LSP's number everywhere (label table
	 * entries, prober sessions): it stays valid while the LSP exists.  On a
	 * running node a deleted LSP leaves a tombstone (empty name, no
	 * direction; lsr_lsp_live() is false) that a later LSP may reuse
	 * (docs/PROVISIONING.md).  Walks skip tombstones.
	 */
	uint32_t n_lsps;
	struct lsr_lsp_cfg *lsps;
	uint32_t n_live;		/* LSPs, tombstones not counted */
	uint64_t generation;		/* bumped by every change of a running node */
	struct lsr_config_live *live;	/* change support; NULL until lsr_config_live_init() */
};

/** Whether slot l holds an LSP (false: the tombstone of a deleted one). */
static inline bool
lsr_lsp_live(const struct lsr_lsp_cfg *l)
{
	return l->name[0] != '\0';
}

/**
 * Parse a configuration file.
 *
 * @param path  file to read
 * @param out   on success, the new configuration (free with lsr_config_free())
 * @param err   on failure, "FILE:LINE: message" (or "FILE: message")
 * @param errlen size of err
 * @return 0 on success; -EINVAL on a syntax or semantic error (err says where);
 *   -ENOENT/-EACCES/... when the file cannot be read; -ENOMEM.
 */
int lsr_config_parse_file(const char *path, struct lsr_config **out, char *err, size_t errlen);

/**
 * Parse a configuration held in memory (len bytes, need not be NUL terminated).
 * @param name  the name used in error messages in place of FILE
 * Same returns as lsr_config_parse_file().
 */
int lsr_config_parse_buffer(const char *text, size_t len, const char *name,
			    struct lsr_config **out, char *err, size_t errlen);

void lsr_config_free(struct lsr_config *cfg);

/**
 * Whether two interfaces are on one port: named the same way (docs/PORTS.md),
 * both by device name or both by port id.  The one rule of the parser's
 * (port, VLAN) check, the fib's grouping and live mode's port set-up.
 */
static inline bool
lsr_interfaces_share_port(const struct lsr_interface_cfg *a, const struct lsr_interface_cfg *b)
{
	if (a->port_name[0] != '\0' || b->port_name[0] != '\0')
		return strcmp(a->port_name, b->port_name) == 0;
	return a->port == b->port;
}

/** Whether s is a valid LSP name: 1-63 characters of A-Z a-z 0-9 _ . - (docs/CONTRACT.md §2.1). */
bool lsr_lsp_name_ok(const char *s);

/** @return the slot of the interface with this IF_Num, or -1. */
int lsr_config_slot_of(const struct lsr_config *cfg, uint32_t if_num);

/** @return the LSP called name, or NULL (O(1) once lsr_config_live_init() ran). */
const struct lsr_lsp_cfg *lsr_config_find_lsp(const struct lsr_config *cfg, const char *name);

/* ---- changing a running node's configuration (dataplane/config_live.c) ----
 *
 * The running configuration is changed in place, on the main lcore only (its
 * only reader besides the control side: workers never read it).  An LSP keeps
 * its slot while it exists; a deleted one's slot is reusable only after
 * lsr_config_reclaim(), run after the change was published, so that nothing
 * still naming the slot (a punt, a prober session) sees another LSP in it.
 * lsps may move to a larger array on an insert: hold indexes, not pointers,
 * across changes (a thread other than the main lcore reads it as an RCU reader,
 * lsr_dataplane_reader_enter(), and the old array outlives the grace period).
 */

/**
 * Make cfg changeable: the name index (O(1) lookups) and the slot lists.
 * @return 0; -ENOMEM.
 */
int lsr_config_live_init(struct lsr_config *cfg);

/**
 * Make room for n more LSPs so that the next n inserts cannot fail.  When
 * lsps must grow, a new array is published and the old one freed at the next
 * lsr_config_reclaim() (a reader on another thread may be in it).
 * @return 0; -ENOMEM; -EINVAL (not live); -EAGAIN (it grew since the last
 *   lsr_config_reclaim(): try after the grace period).
 */
int lsr_config_reserve(struct lsr_config *cfg, uint32_t n);

/**
 * Add a copy of l (whose slots refer to the same interfaces as cfg's) in a
 * free slot.  On success cfg takes l's paths (l->path[] become NULL).
 * @param idx its slot
 * @return 0; -EEXIST (an LSP has that name); -EINVAL (not live, no name);
 *   -ENOMEM.
 */
int lsr_config_lsp_insert(struct lsr_config *cfg, struct lsr_lsp_cfg *l, uint32_t *idx);

/**
 * Replace LSP idx by a copy of l, which has the same name: the old paths are
 * freed and cfg takes l's (l->path[] become NULL).
 */
void lsr_config_lsp_set(struct lsr_config *cfg, uint32_t idx, struct lsr_lsp_cfg *l);

/** Free l's intended paths (l->path[] become NULL). */
void lsr_lsp_paths_free(struct lsr_lsp_cfg *l);

/** Whether two intended paths (either may be NULL) are the same. */
bool lsr_path_equal(const struct lsr_path *a, const struct lsr_path *b);

/** Delete LSP idx: its slot becomes a tombstone, reusable after lsr_config_reclaim(). */
void lsr_config_lsp_remove(struct lsr_config *cfg, uint32_t idx);

/** The tombstones of deleted LSPs become reusable (after the change was published). */
void lsr_config_reclaim(struct lsr_config *cfg);

/* ---- the configuration written back (dataplane/config_write.c) ------------ */

#define LSR_CONFIG_TEXT_MAX   32768	/* the globals, or one lsp block, fit in this */
#define LSR_CONFIG_DIGEST_HEX 65	/* SHA-256 in hex, NUL terminated */

/**
 * The node-wide statements (node, icc, mip-mode, oam-policer, interfaces) in
 * canonical form: one order, defaults written out.  Text that does not fit len
 * is cut (LSR_CONFIG_TEXT_MAX always fits).
 * @return the length written (without the NUL).
 */
size_t lsr_config_format_globals(const struct lsr_config *cfg, char *buf, size_t len);

/**
 * One lsp block in canonical form, starting with an empty line.
 * @return the length written (without the NUL).
 */
size_t lsr_config_format_lsp(const struct lsr_config *cfg, const struct lsr_lsp_cfg *lsp,
			     char *buf, size_t len);

/**
 * The digest of a configuration, computed as its text is produced: SHA-256 of
 * the node-wide text followed by the sum (mod 2^256, big-endian) of every lsp
 * block's SHA-256.  The sum does not depend on the LSPs' order, so a node
 * whose LSPs were added and deleted at run time has the digest of a file with
 * the same LSPs in any order (docs/PROVISIONING.md).
 */
struct lsr_config_digest {
	uint64_t state[32];	/* libmd's SHA2_CTX (208 bytes) */
	uint8_t lsp_sum[32];
};

void lsr_config_digest_init(struct lsr_config_digest *dg);
/** Add node-wide text (lsr_config_format_globals()). */
void lsr_config_digest_add(struct lsr_config_digest *dg, const char *text, size_t len);
/** Add one lsp block (lsr_config_format_lsp()). */
void lsr_config_digest_add_lsp(struct lsr_config_digest *dg, const char *text, size_t len);
/** Finish: hex gets the 64 hex digits of the digest and a NUL. */
void lsr_config_digest_final(struct lsr_config_digest *dg, char hex[LSR_CONFIG_DIGEST_HEX]);

/**
 * Write the whole configuration in canonical form (globals, then every lsp in
 * configuration order) to f (NULL: only the digest) and its digest to digest.
 * Parsing the text gives an equal configuration.
 * @return 0; -EIO when f reports a write error.
 */
int lsr_config_write(const struct lsr_config *cfg, FILE *f, char digest[LSR_CONFIG_DIGEST_HEX]);

/* ---- what a new configuration changes (dataplane/config_diff.c) ---------- */

/** The difference between a running configuration and a new one. */
struct lsr_config_diff {
	uint32_t n_added, n_removed, n_changed;
	uint32_t *added;	/* indices of new LSPs in the new configuration */
	uint32_t *removed;	/* indices of gone LSPs in the old configuration */
	struct {
		uint32_t old_idx, new_idx;
	} *changed;		/* LSPs of the same name whose statements differ */
	uint64_t mip_changed;	/* bit per interface slot whose 'mip' changed */
	bool policer_changed;
};

/**
 * Compare old and new (LSPs matched by name).  The node identity, icc/cc,
 * mip-mode and the interfaces other than their 'mip' cannot change on a
 * running node: such a change is refused.
 * @param err   on failure, why (one line)
 * @return 0 with d filled (free with lsr_config_diff_free()); -EPERM when the
 *   change cannot be applied live (err says what); -EINVAL; -ENOMEM.
 */
int lsr_config_diff(const struct lsr_config *old, const struct lsr_config *new,
		    struct lsr_config_diff *d, char *err, size_t errlen);

void lsr_config_diff_free(struct lsr_config_diff *d);

/** Whether two LSPs (of configurations a and b) have the same statements. */
bool lsr_config_lsp_equal(const struct lsr_config *a, const struct lsr_lsp_cfg *x,
			  const struct lsr_config *b, const struct lsr_lsp_cfg *y);

/*
 * RFC 6370 identifiers as text: the one grammar of the configuration file and
 * of the control socket (docs/CONTRACT.md §2).  A Node_ID is a dotted quad of
 * four decimal octets (0-255, no leading zeros) or a decimal number; a
 * Global_ID and an IF_Num are decimal numbers up to 2^32-1.  No sign, no
 * blank, nothing before or after.
 */

/* Room for the text of lsr_node_id_format(): "255.255.255.255" and the NUL. */
#define LSR_NODE_ID_STRLEN	16
/* Room for the text of lsr_node_ident_format(): "4294967295:255.255.255.255" and the NUL. */
#define LSR_NODE_IDENT_STRLEN	27

/**
 * Parse a Node_ID [RFC 6370 §4]: "192.0.2.1" or "3221225985".
 * @return 0; -EINVAL (NULL argument, malformed or out of range);
 *   -ERANGE (Node_ID 0, which is reserved).  *node_id is written on success only.
 */
int lsr_node_id_parse(const char *s, uint32_t *node_id);

/**
 * Parse GLOBAL_ID:NODE_ID [RFC 6370 §3, §4], e.g. "65000:192.0.2.1".
 * @return 0; -EINVAL (NULL argument, malformed or out of range);
 *   -ERANGE (Node_ID 0).  *id is written on success only.
 */
int lsr_node_ident_parse(const char *s, struct lsr_node_ident *id);

/**
 * Parse a MIP ID GLOBAL_ID:NODE_ID:IF_NUM [RFC 6370 §7.3], e.g. "65000:192.0.2.2:1";
 * IF_Num 0 names the per-node MIP.
 * @return 0; -EINVAL (NULL argument, malformed or out of range);
 *   -ERANGE (Node_ID 0).  *id and *if_num are written on success only.
 */
int lsr_mip_id_parse(const char *s, struct lsr_node_ident *id, uint32_t *if_num);

/** Write the Node_ID as a dotted quad into buf (truncated to len). @return buf. */
const char *lsr_node_id_format(char *buf, size_t len, uint32_t node_id);

/** Write "GLOBAL_ID:a.b.c.d" into buf (truncated to len). @return buf. */
const char *lsr_node_ident_format(char *buf, size_t len, const struct lsr_node_ident *id);

#endif /* TPLSR_LSR_CONFIG_H */
