/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ITU-T G.8113.1 loopback (LBM/LBR) over ACH 0x8902: the codec.  Layouts as
 * Wireshark's packet-cfm.c decodes them (docs/WIRE-FORMAT.md §5).  Pure functions on byte
 * buffers, every length checked.
 */
#ifndef TPLSR_OAM_G8113_H
#define TPLSR_OAM_G8113_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mpls_wire.h"

/*
 * Common header:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | MEL | Version |    OpCode     |     Flags     |First TLV Offset|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Loopback Transaction ID (LBM/LBR)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | TLVs: Type(8) Length(16) Value ... End TLV (type 0, no length) |
 */
struct oam_g8113_hdr {
	uint8_t mel_version;	/* MEL(3) | Version(5) */
	uint8_t opcode;
	uint8_t flags;
	uint8_t first_tlv_offset;
} __attribute__((packed));
static_assert(sizeof(struct oam_g8113_hdr) == 4, "G.8113.1 header is 4 bytes");

#define OAM_G8113_OP_LBR        2
#define OAM_G8113_OP_LBM        3
#define OAM_G8113_LB_TLV_OFFSET 4	/* the transaction ID */

#define OAM_G8113_TLV_END        0
#define OAM_G8113_TLV_TEST       32
#define OAM_G8113_TLV_TARGET     33	/* Target MEP/MIP ID, in LBM */
#define OAM_G8113_TLV_REPLYING   34	/* Replying MEP/MIP ID, in LBR */
#define OAM_G8113_TLV_REQUESTING 35	/* Requesting MEP ID */
#define OAM_G8113_TLV_TEST_ID    36

#define OAM_G8113_MEP_MIP_ID_LEN 25	/* subtype + 24 bytes */
#define OAM_G8113_REQUESTING_LEN 53	/* LB(8) MEP ID(16) MEG ID(48 bytes) Reserved(16) */
#define OAM_G8113_MEG_ID_LEN     48

/* Target/Replying MEP/MIP ID subtypes. */
#define OAM_G8113_SUB_INGRESS    0	/* discovery: ingress or node MEP/MIP */
#define OAM_G8113_SUB_EGRESS     1	/* discovery: egress MEP/MIP */
#define OAM_G8113_SUB_MEP_ID     2	/* MEP ID (16 bits) + 22 zero bytes */
#define OAM_G8113_SUB_MIP_ID     3	/* ICC(6) Node_ID(32) IF_Num(32) CC(2) + 8 zero bytes */

/** A MEP/MIP ID TLV value, decoded. */
struct oam_g8113_id {
	uint8_t subtype;
	char icc[7];		/* NUL-terminated, trailing NUL padding removed */
	char cc[3];
	uint32_t node_id;
	uint32_t if_num;
	uint16_t mep_id;
};

#define OAM_G8113_MAX_COPY 4

/** A decoded LBM or LBR. */
struct oam_lb {
	uint8_t mel, version, opcode, flags, first_tlv_offset;
	uint32_t transaction_id;
	bool has_target, has_replying, has_requesting;
	struct oam_g8113_id target;	/* TLV 33 */
	struct oam_g8113_id replying;	/* TLV 34 */
	uint16_t mep_id;		/* from TLV 35 */
	uint8_t lb;			/* the LB byte of TLV 35 */
	uint8_t meg_id[OAM_G8113_MEG_ID_LEN];
	uint8_t n_copy;			/* Test (32) and Test ID (36) TLVs, echoed in the LBR */
	uint16_t copy_off[OAM_G8113_MAX_COPY];	/* offset of the whole TLV in the message */
	uint16_t copy_len[OAM_G8113_MAX_COPY];
};

/**
 * Decode a G.8113.1 message (the bytes after the ACH).  Only LBM and LBR have
 * their TLVs walked; for other opcodes only the header is decoded.
 * @return 0; -EINVAL when msg or lb is NULL, the header or transaction ID is
 *   truncated, the first TLV offset is below 4 or points outside the message,
 *   a TLV overruns the message, a TLV 33/34/35 has the wrong length, or the
 *   End TLV is missing;
 *   -ENOTSUP for an opcode other than LBM/LBR (header fields are valid).
 */
int oam_lb_decode(const uint8_t *msg, size_t len, struct oam_lb *lb);

/** What an LBR says. */
struct oam_lbr_params {
	const struct oam_lb *req;	/* MEL, version, transaction ID copied */
	const uint8_t *req_msg;		/* for the TLVs echoed back */
	size_t req_len;
	struct oam_g8113_id replying;	/* Replying MEP/MIP ID (34) */
};

/**
 * Build an LBR: header (opcode 2, same MEL/version, flags 0, offset 4),
 * transaction ID, Replying MEP/MIP ID TLV, the Requesting MEP ID TLV copied
 * with LB = 1 (when the LBM had one), the Test/Test ID TLVs copied, End TLV.
 * @return the length written; -ENOSPC; -EINVAL when an argument is NULL or a
 *   copied TLV lies outside req_msg/req_len.
 */
ssize_t oam_lbr_build(uint8_t *buf, size_t cap, const struct oam_lbr_params *p);

/** What an LBM (source MEP) says. */
struct oam_lbm_params {
	uint8_t mel;
	uint32_t transaction_id;
	struct oam_g8113_id target;	/* Target MEP/MIP ID (33) */
	bool has_requesting;
	uint16_t mep_id;
	uint8_t meg_id[OAM_G8113_MEG_ID_LEN];
};

/** @return the length written; -ENOSPC; -EINVAL (NULL argument). */
ssize_t oam_lbm_build(uint8_t *buf, size_t cap, const struct oam_lbm_params *p);

#endif /* TPLSR_OAM_G8113_H */
