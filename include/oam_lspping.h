/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LSP Ping over the G-ACh (on-demand CV and route tracing for MPLS-TP,
 * RFC 6426 over RFC 8029): the codec.  Pure functions on byte buffers: no
 * mbufs, no EAL, no clock.  Every length is checked against the buffer.
 */
#ifndef TPLSR_OAM_LSPPING_H
#define TPLSR_OAM_LSPPING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mpls_wire.h"

/*
 * Echo header [RFC 8029 §3]:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Version Number          |         Global Flags          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Message Type |   Reply mode  |  Return Code  | Return Subcode|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sender's Handle                        |
 * |                        Sequence Number                        |
 * |                    TimeStamp Sent (seconds)                   |
 * |                  TimeStamp Sent (seconds fraction)            |
 * |                  TimeStamp Received (seconds)                 |
 * |                TimeStamp Received (seconds fraction)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            TLVs ...                           |
 */
struct oam_echo_hdr {
	rte_be16_t version;
	rte_be16_t flags;
	uint8_t msg_type;
	uint8_t reply_mode;
	uint8_t rc;
	uint8_t rsc;
	rte_be32_t handle;
	rte_be32_t seq;
	rte_be32_t sent_sec;
	rte_be32_t sent_frac;
	rte_be32_t rcvd_sec;
	rte_be32_t rcvd_frac;
} __attribute__((packed));
static_assert(sizeof(struct oam_echo_hdr) == 32, "echo header is 32 bytes");

/* TLV header [RFC 8029 §3]: Type(16) Length(16), value padded to 4 bytes. */
struct oam_echo_tlv_hdr {
	rte_be16_t type;
	rte_be16_t length;
} __attribute__((packed));
static_assert(sizeof(struct oam_echo_tlv_hdr) == 4, "TLV header is 4 bytes");

#define OAM_ECHO_VERSION        1
#define OAM_ECHO_FLAG_V         0x0001	/* validate FEC stack */
#define OAM_ECHO_FLAG_T         0x0002	/* respond only if TTL expired [RFC 6424] */
#define OAM_ECHO_FLAG_R         0x0004	/* validate reverse path [RFC 6426 §3.4.1] */
#define OAM_ECHO_REQUEST        1
#define OAM_ECHO_REPLY          2
#define OAM_REPLY_MODE_NONE     1
#define OAM_REPLY_MODE_ACH      4	/* application-level control channel */

/* Return codes [RFC 8029 §3.1]. */
#define OAM_RC_NONE             0
#define OAM_RC_MALFORMED        1
#define OAM_RC_TLV_UNKNOWN      2
#define OAM_RC_EGRESS           3
#define OAM_RC_NO_MAPPING       4
#define OAM_RC_DS_MISMATCH      5
#define OAM_RC_UPSTREAM_UNKNOWN 6
#define OAM_RC_LABEL_SWITCHED   8
#define OAM_RC_NO_LABEL_ENTRY   11
#define OAM_RC_SEE_DDMAP        14

/* TLV types [RFC 8029 §3, RFC 6426 §7]. */
#define OAM_TLV_TARGET_FEC      1
#define OAM_TLV_PAD             3
#define OAM_TLV_VENDOR          5
#define OAM_TLV_ERRORED         9
#define OAM_TLV_REPLY_TOS       10
#define OAM_TLV_SOURCE_ID       13
#define OAM_TLV_DEST_ID         14
#define OAM_TLV_DDMAP           20
#define OAM_TLV_MANDATORY_MAX   0x7fff	/* types below 32768 must be understood */

#define OAM_FEC_STATIC_LSP      22	/* sub-TLV of Target FEC Stack, length 24 */
#define OAM_FEC_STATIC_PW       23

/* DDMAP [RFC 8029 §3.4, RFC 6426 §2.1.1]. */
#define OAM_DDMAP_ADDR_NON_IP   5
#define OAM_DDMAP_FLAG_N        0x01
#define OAM_DDMAP_FLAG_I        0x02
#define OAM_DDMAP_SUB_LABELS    2	/* label stack sub-TLV */
#define OAM_LABEL_PROTO_STATIC  1

/* DDMAPs kept per message: one per out leg of a P2MP branch point (RFC 6426
 * §7.4), so at least LSR_MAX_BRANCHES (asserted where both are known, oam/reply.c). */
#define OAM_ECHO_MAX_DDMAP      8
#define OAM_ECHO_MAX_ERRORED    8

/** One Downstream Detailed Mapping, decoded. */
struct oam_ddmap {
	uint16_t mtu;
	uint8_t addr_type;	/* only 5 (non-IP) carries the IF_Nums below */
	uint8_t flags;
	uint32_t ingress;	/* IF_Num, 0 = none */
	uint32_t egress;
	uint8_t rc, rsc;
	bool has_label;		/* first entry of the label stack sub-TLV */
	uint32_t label;
};

/** Static LSP FEC [RFC 6426 §2.3]. */
struct oam_fec_static_lsp {
	struct lsr_node_ident src, dst;
	uint16_t src_tunnel, lsp_num, dst_tunnel;
};

enum oam_tlv_status {
	OAM_TLVS_OK = 0,
	OAM_TLVS_MALFORMED,	/* answer with return code 1 */
	OAM_TLVS_UNKNOWN,	/* an unknown mandatory TLV: return code 2 + Errored TLVs */
};

/** A decoded echo request or reply. */
struct oam_echo {
	uint16_t version, flags;
	uint8_t msg_type, reply_mode, rc, rsc;
	uint32_t handle, seq;
	uint32_t sent_sec, sent_frac;	/* NTP format */
	uint32_t rcvd_sec, rcvd_frac;
	bool has_src_id, has_dst_id, has_fec;
	struct lsr_node_ident src_id, dst_id;
	struct oam_fec_static_lsp fec;	/* valid when has_fec */
	uint8_t n_ddmap;		/* DDMAPs decoded (at most OAM_ECHO_MAX_DDMAP) */
	struct oam_ddmap ddmap[OAM_ECHO_MAX_DDMAP];
	enum oam_tlv_status tlv_status;
	uint8_t n_errored;		/* unknown mandatory TLVs (whole TLV incl. header) */
	uint16_t errored_off[OAM_ECHO_MAX_ERRORED];	/* offset from the message start */
	uint16_t errored_len[OAM_ECHO_MAX_ERRORED];
};

/**
 * Decode an echo message (the bytes after the ACH).
 *
 * TLVs are walked within len only; a TLV whose length overruns the message,
 * a sub-TLV that overruns its TLV, a Source/Destination Identifier TLV whose
 * length is not 8 or that appears twice [RFC 6426 §2.2.2-3], or a DDMAP shorter
 * than its fixed part sets tlv_status = OAM_TLVS_MALFORMED.  Types below 32768
 * other than 1, 3, 5, 9, 10, 13, 14, 20 set OAM_TLVS_UNKNOWN (malformed wins).
 *
 * @return 0 (check tlv_status); -EINVAL when msg or e is NULL, len < 32 or version != 1 (the
 *   message cannot be answered at all: drop it as malformed).
 */
int oam_echo_decode(const uint8_t *msg, size_t len, struct oam_echo *e);

/** What an echo reply says. */
struct oam_echo_reply_params {
	const struct oam_echo *req;	/* handle, seq, timestamp sent, flags copied */
	const uint8_t *req_msg;		/* the request bytes, for Errored TLVs */
	size_t req_len;
	uint8_t rc, rsc;
	uint32_t rcvd_sec, rcvd_frac;	/* when the request arrived (NTP) */
	struct lsr_node_ident src_id;	/* Source Identifier TLV (13): who answers */
	uint8_t n_ddmap;		/* DDMAPs to include (addr type 5), 0 = none */
	struct oam_ddmap ddmap[OAM_ECHO_MAX_DDMAP];	/* has_label: add a label stack sub-TLV */
};

/**
 * Build an echo reply: header (type 2, reply mode copied, flags with R cleared),
 * Source Identifier TLV, then the DDMAPs (addr type 5, each with its label stack
 * sub-TLV, protocol static), then for rc 2 an Errored TLVs TLV (9) holding the
 * unknown TLVs of the request.
 * @return the length written; -ENOSPC when cap is too small; -EINVAL when an
 *   argument is NULL or an errored TLV offset lies outside req_msg/req_len.
 */
ssize_t oam_echo_build_reply(uint8_t *buf, size_t cap, const struct oam_echo_reply_params *p);

/** What an echo request (source MEP: ping, traceroute) says. */
struct oam_echo_request_params {
	uint32_t handle, seq;
	uint32_t sent_sec, sent_frac;
	uint16_t flags;
	struct oam_fec_static_lsp fec;	/* Target FEC Stack with the Static LSP sub-TLV */
	struct lsr_node_ident src_id;	/* Source Identifier TLV */
	bool has_dst_id;
	struct lsr_node_ident dst_id;	/* Destination Identifier TLV */
	bool has_ddmap;			/* DDMAP addr type 5, flags N|I */
	uint32_t ddmap_ingress, ddmap_egress;
	bool ddmap_has_label;
	uint32_t ddmap_label;
};

/** @return the length written; -ENOSPC when cap is too small; -EINVAL (NULL argument). */
ssize_t oam_echo_build_request(uint8_t *buf, size_t cap, const struct oam_echo_request_params *p);

/* NTP timestamps (RFC 5905: seconds since 1900, 2^-32 fractions) from and to Unix ns. */
void oam_ntp_from_ns(uint64_t unix_ns, uint32_t *sec, uint32_t *frac);
uint64_t oam_ntp_to_ns(uint32_t sec, uint32_t frac);

/** Return code in words ("label switched at stack depth", ...). */
const char *oam_rc_name(uint8_t rc);

#endif /* TPLSR_OAM_LSPPING_H */
