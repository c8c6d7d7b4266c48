/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ITU-T G.8113.1 loopback (LBM/LBR) codec, over ACH 0x8902 (RFC 6671).  The
 * layouts follow Wireshark's packet-cfm.c (docs/WIRE-FORMAT.md §5): a 4-byte common
 * header, the Loopback Transaction ID, then TLVs of Type(8) Length(16) Value
 * ending with the End TLV (a single zero byte).  Byte buffers only: fields
 * are copied with memcpy, every length is checked against the message.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>

#include "oam_g8113.h"

#define G_TLV_HDR_LEN    3	/* Type(8) Length(16) */
#define G_HDR_LEN        sizeof(struct oam_g8113_hdr)
#define G_TID_LEN        4
#define G_MEL_SHIFT      5
#define G_VERSION_MASK   0x1f
#define G_ICC_LEN        6
#define G_CC_LEN         2

/*
 * Target/Replying MEP/MIP ID value (25 bytes): Subtype, then for subtype 3
 * ICC(6) Node_ID(4) IF_Num(4) CC(2) + 8 zero bytes, for subtype 2 MEP ID(2)
 * + 22 zero bytes; the discovery subtypes 0 and 1 carry 24 zero bytes.
 */
static void
decode_id(const uint8_t *v, struct oam_g8113_id *id)
{
	memset(id, 0, sizeof(*id));
	id->subtype = v[0];
	v++;
	switch (id->subtype) {
	case OAM_G8113_SUB_MIP_ID:
		/* Copying 6 (2) bytes into 7 (3) leaves the trailing NULs as terminators. */
		memcpy(id->icc, v, G_ICC_LEN);
		id->node_id = wire_get32(v + 6);
		id->if_num = wire_get32(v + 10);
		memcpy(id->cc, v + 14, G_CC_LEN);
		break;
	case OAM_G8113_SUB_MEP_ID:
		id->mep_id = wire_get16(v);
		break;
	default:
		break;
	}
}

static void
encode_id(uint8_t *v, const struct oam_g8113_id *id)
{
	memset(v, 0, OAM_G8113_MEP_MIP_ID_LEN);
	v[0] = id->subtype;
	v++;
	switch (id->subtype) {
	case OAM_G8113_SUB_MIP_ID:
		/* ICC and CC are ASCII, padded with NULs. */
		memcpy(v, id->icc, strnlen(id->icc, G_ICC_LEN));
		wire_put32(v + 6, id->node_id);
		wire_put32(v + 10, id->if_num);
		memcpy(v + 14, id->cc, strnlen(id->cc, G_CC_LEN));
		break;
	case OAM_G8113_SUB_MEP_ID:
		wire_put16(v, id->mep_id);
		break;
	default:
		break;
	}
}

int
oam_lb_decode(const uint8_t *msg, size_t len, struct oam_lb *lb)
{
	size_t off;

	if (msg == NULL || lb == NULL)
		return -EINVAL;
	memset(lb, 0, sizeof(*lb));
	if (len < G_HDR_LEN)
		return -EINVAL;
	lb->mel = msg[0] >> G_MEL_SHIFT;
	lb->version = msg[0] & G_VERSION_MASK;
	lb->opcode = msg[1];
	lb->flags = msg[2];
	lb->first_tlv_offset = msg[3];
	if (lb->opcode != OAM_G8113_OP_LBM && lb->opcode != OAM_G8113_OP_LBR)
		return -ENOTSUP;
	if (len < G_HDR_LEN + G_TID_LEN)
		return -EINVAL;
	lb->transaction_id = wire_get32(msg + G_HDR_LEN);

	/* The first TLV follows the transaction ID: an offset below 4 would put
	 * it inside, one past the end outside the message. */
	if (lb->first_tlv_offset < OAM_G8113_LB_TLV_OFFSET)
		return -EINVAL;
	off = G_HDR_LEN + lb->first_tlv_offset;

	for (;;) {
		const uint8_t *v;
		uint8_t type;
		uint16_t tlen;

		if (off >= len)
			return -EINVAL;	/* no End TLV */
		type = msg[off];
		if (type == OAM_G8113_TLV_END)
			break;
		if (len - off < G_TLV_HDR_LEN)
			return -EINVAL;
		tlen = wire_get16(msg + off + 1);
		if (tlen > len - off - G_TLV_HDR_LEN)
			return -EINVAL;
		v = msg + off + G_TLV_HDR_LEN;

		switch (type) {
		case OAM_G8113_TLV_TARGET:
		case OAM_G8113_TLV_REPLYING: {
			bool target = type == OAM_G8113_TLV_TARGET;
			bool *has = target ? &lb->has_target : &lb->has_replying;

			if (tlen != OAM_G8113_MEP_MIP_ID_LEN)
				return -EINVAL;
			if (!*has)
				decode_id(v, target ? &lb->target : &lb->replying);
			*has = true;
			break;
		}
		case OAM_G8113_TLV_REQUESTING:
			/* LB(1) MEP ID(2) MEG ID(48) Reserved(2) */
			if (tlen != OAM_G8113_REQUESTING_LEN)
				return -EINVAL;
			if (!lb->has_requesting) {
				lb->lb = v[0];
				lb->mep_id = wire_get16(v + 1);
				memcpy(lb->meg_id, v + 3, OAM_G8113_MEG_ID_LEN);
				lb->has_requesting = true;
			}
			break;
		case OAM_G8113_TLV_TEST:
		case OAM_G8113_TLV_TEST_ID:
			/* XXX: beyond OAM_G8113_MAX_COPY (or 64 KiB) not echoed back. */
			if (lb->n_copy < OAM_G8113_MAX_COPY && off <= UINT16_MAX &&
			    G_TLV_HDR_LEN + (size_t)tlen <= UINT16_MAX) {
				lb->copy_off[lb->n_copy] = (uint16_t)off;
				lb->copy_len[lb->n_copy] = (uint16_t)(G_TLV_HDR_LEN + tlen);
				lb->n_copy++;
			}
			break;
		default:
			break;	/* other TLVs are skipped */
		}
		off += G_TLV_HDR_LEN + tlen;
	}
	return 0;
}

/* Common header and transaction ID; @return the bytes written or -ENOSPC. */
static ssize_t
put_lb_header(uint8_t *buf, size_t cap, uint8_t mel, uint8_t version, uint8_t opcode,
	      uint32_t tid)
{
	if (cap < G_HDR_LEN + G_TID_LEN)
		return -ENOSPC;
	buf[0] = (uint8_t)(((mel & 0x7) << G_MEL_SHIFT) | (version & G_VERSION_MASK));
	buf[1] = opcode;
	buf[2] = 0;
	buf[3] = OAM_G8113_LB_TLV_OFFSET;
	wire_put32(buf + G_HDR_LEN, tid);
	return G_HDR_LEN + G_TID_LEN;
}

static void
put_tlv_hdr(uint8_t *at, uint8_t type, uint16_t len)
{
	at[0] = type;
	wire_put16(at + 1, len);
}

/* The Requesting MEP ID TLV (docs/WIRE-FORMAT.md §5); @return its length. */
static size_t
put_requesting(uint8_t *at, uint8_t lb, uint16_t mep_id, const uint8_t *meg_id)
{
	put_tlv_hdr(at, OAM_G8113_TLV_REQUESTING, OAM_G8113_REQUESTING_LEN);
	at += G_TLV_HDR_LEN;
	at[0] = lb;
	wire_put16(at + 1, mep_id);
	memcpy(at + 3, meg_id, OAM_G8113_MEG_ID_LEN);
	wire_put16(at + 3 + OAM_G8113_MEG_ID_LEN, 0);	/* Reserved */
	return G_TLV_HDR_LEN + OAM_G8113_REQUESTING_LEN;
}

/*
 * What every LB message starts with (docs/WIRE-FORMAT.md §5): the common header,
 * the transaction ID and one MEP/MIP ID TLV of type tlv (Target in an LBM,
 * Replying in an LBR). @return the bytes written or -ENOSPC.
 */
static ssize_t
put_lb_start(uint8_t *buf, size_t cap, uint8_t mel, uint8_t version, uint8_t opcode,
	     uint32_t tid, uint8_t tlv, const struct oam_g8113_id *id)
{
	ssize_t hl = put_lb_header(buf, cap, mel, version, opcode, tid);

	if (hl < 0)
		return hl;
	if (cap - (size_t)hl < G_TLV_HDR_LEN + OAM_G8113_MEP_MIP_ID_LEN)
		return -ENOSPC;
	put_tlv_hdr(buf + hl, tlv, OAM_G8113_MEP_MIP_ID_LEN);
	encode_id(buf + hl + G_TLV_HDR_LEN, id);
	return hl + G_TLV_HDR_LEN + OAM_G8113_MEP_MIP_ID_LEN;
}

ssize_t
oam_lbr_build(uint8_t *buf, size_t cap, const struct oam_lbr_params *p)
{
	const struct oam_lb *req;
	size_t need, off;
	unsigned int i, n_copy;
	ssize_t hl;

	if (buf == NULL || p == NULL || p->req == NULL)
		return -EINVAL;
	req = p->req;
	n_copy = req->n_copy < OAM_G8113_MAX_COPY ? req->n_copy : OAM_G8113_MAX_COPY;
	if (n_copy > 0 && p->req_msg == NULL)
		return -EINVAL;

	need = G_HDR_LEN + G_TID_LEN + G_TLV_HDR_LEN + OAM_G8113_MEP_MIP_ID_LEN + 1;
	if (req->has_requesting)
		need += G_TLV_HDR_LEN + OAM_G8113_REQUESTING_LEN;
	for (i = 0; i < n_copy; i++) {
		size_t o = req->copy_off[i], l = req->copy_len[i];

		if (o > p->req_len || l > p->req_len - o)
			return -EINVAL;
		need += l;
	}
	if (cap < need)
		return -ENOSPC;

	/* Same MEL, version and transaction ID as the LBM. */
	hl = put_lb_start(buf, cap, req->mel, req->version, OAM_G8113_OP_LBR,
			  req->transaction_id, OAM_G8113_TLV_REPLYING, &p->replying);
	if (hl < 0)
		return hl;
	off = (size_t)hl;
	/* Copied from the LBM with LB = 1: "this is a reply". */
	if (req->has_requesting)
		off += put_requesting(buf + off, 1, req->mep_id, req->meg_id);

	for (i = 0; i < n_copy; i++) {
		memcpy(buf + off, p->req_msg + req->copy_off[i], req->copy_len[i]);
		off += req->copy_len[i];
	}

	buf[off++] = OAM_G8113_TLV_END;
	return (ssize_t)off;
}

ssize_t
oam_lbm_build(uint8_t *buf, size_t cap, const struct oam_lbm_params *p)
{
	size_t need, off;
	ssize_t hl;

	if (buf == NULL || p == NULL)
		return -EINVAL;
	need = G_HDR_LEN + G_TID_LEN + G_TLV_HDR_LEN + OAM_G8113_MEP_MIP_ID_LEN + 1;
	if (p->has_requesting)
		need += G_TLV_HDR_LEN + OAM_G8113_REQUESTING_LEN;
	if (cap < need)
		return -ENOSPC;

	hl = put_lb_start(buf, cap, p->mel, 0, OAM_G8113_OP_LBM, p->transaction_id,
			  OAM_G8113_TLV_TARGET, &p->target);
	if (hl < 0)
		return hl;
	off = (size_t)hl;
	if (p->has_requesting)
		off += put_requesting(buf + off, 0, p->mep_id, p->meg_id);

	buf[off++] = OAM_G8113_TLV_END;
	return (ssize_t)off;
}
