/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the G.8113.1 loopback codec (oam/g8113.c): hostile input
 * first, then LBM -> LBR round trips.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_codec.h"
#include "check_unit.h"
#include "oam_g8113.h"

#define BUF 2048
#define LBM_LEN 93	/* 8 + (3 + 25) + (3 + 53) + 1 */

/* Offsets in the LBM built by make_lbm(). */
#define OFF_TARGET 8
#define OFF_REQ    36
#define OFF_END    92

static struct oam_lbm_params
lbm_params(void)
{
	struct oam_lbm_params p = {
		.mel = 7,
		.transaction_id = 0xabcdef01,
		.target = {
			.subtype = OAM_G8113_SUB_MIP_ID,
			.icc = "ABCDEF",
			.cc = "JP",
			.node_id = 0xc0000202,
			.if_num = 4000000000u,
		},
		.has_requesting = true,
		.mep_id = 77,
	};

	memcpy(p.meg_id, "MEG-1", 5);
	p.meg_id[47] = 0xee;
	return p;
}

static size_t
make_lbm(uint8_t *buf)
{
	struct oam_lbm_params p = lbm_params();
	ssize_t n = oam_lbm_build(buf, BUF, &p);

	ck_assert_int_eq(n, LBM_LEN);
	return (size_t)n;
}

CHECK_EXACT_DECODER(decode, oam_lb_decode, struct oam_lb)

/* A decoded LBM (Target TLV, no Replying) or LBR (the reverse) of the tests' transaction. */
static void
assert_lb(const struct oam_lb *lb, uint8_t opcode, uint8_t mel)
{
	ck_assert_uint_eq(lb->opcode, opcode);
	ck_assert_uint_eq(lb->mel, mel);
	ck_assert_uint_eq(lb->version, 0);
	ck_assert_uint_eq(lb->transaction_id, 0xabcdef01);
	ck_assert_int_eq(lb->has_target, opcode == OAM_G8113_OP_LBM);
	ck_assert_int_eq(lb->has_replying, opcode == OAM_G8113_OP_LBR);
}

/* The MIP ID the tests put in a Target or Replying TLV: ICC ABCDEF, CC JP, node 192.0.2.2. */
static void
assert_mip_id(const struct oam_g8113_id *id, uint32_t if_num)
{
	ck_assert_uint_eq(id->subtype, OAM_G8113_SUB_MIP_ID);
	ck_assert_str_eq(id->icc, "ABCDEF");
	ck_assert_str_eq(id->cc, "JP");
	ck_assert_uint_eq(id->node_id, 0xc0000202);
	ck_assert_uint_eq(id->if_num, if_num);
}

/* Append a G.8113.1 TLV (Type 8, Length 16) at off; @return the new end. */
static size_t
add_tlv(uint8_t *buf, size_t off, uint8_t type, uint16_t len, const void *val)
{
	buf[off] = type;
	wire_put16(buf + off + 1, len);
	if (val != NULL)
		memcpy(buf + off + 3, val, len);
	else
		memset(buf + off + 3, 0, len);
	return off + 3 + len;
}

/* ------------------------------------------------------------------ bad arguments */

START_TEST(test_bad_args)
{
	uint8_t buf[BUF], out[BUF];
	struct oam_lbm_params lp = lbm_params();
	struct oam_lb lb;
	struct oam_lbr_params rp = { .req = &lb };
	size_t n = make_lbm(buf);

	ck_assert_int_eq(oam_lb_decode(NULL, n, &lb), -EINVAL);
	ck_assert_int_eq(oam_lb_decode(buf, n, NULL), -EINVAL);
	ck_assert_int_eq(oam_lbm_build(NULL, BUF, &lp), -EINVAL);
	ck_assert_int_eq(oam_lbm_build(out, BUF, NULL), -EINVAL);
	ck_assert_int_eq(decode(buf, n, &lb), 0);
	ck_assert_int_eq(oam_lbr_build(NULL, BUF, &rp), -EINVAL);
	ck_assert_int_eq(oam_lbr_build(out, BUF, NULL), -EINVAL);
	rp.req = NULL;
	ck_assert_int_eq(oam_lbr_build(out, BUF, &rp), -EINVAL);
}
END_TEST

START_TEST(test_build_enospc)
{
	uint8_t buf[BUF], req[BUF];
	struct oam_lbm_params lp = lbm_params();
	struct oam_lb lb;
	struct oam_lbr_params rp = { .req = &lb, .req_msg = req };
	ssize_t full;
	size_t cap, n;

	full = oam_lbm_build(buf, BUF, &lp);
	ck_assert_int_eq(full, LBM_LEN);
	for (cap = 0; cap < (size_t)full; cap++) {
		uint8_t *b = malloc(cap ? cap : 1);

		ck_assert_int_eq(oam_lbm_build(b, cap, &lp), -ENOSPC);
		free(b);
	}
	n = make_lbm(req);
	n = add_tlv(req, n - 1, OAM_G8113_TLV_TEST_ID, 4, "\0\0\0\1");
	req[n++] = OAM_G8113_TLV_END;
	rp.req_len = n;
	ck_assert_int_eq(decode(req, n, &lb), 0);
	full = oam_lbr_build(buf, BUF, &rp);
	ck_assert_int_gt(full, 0);
	for (cap = 0; cap < (size_t)full; cap++) {
		uint8_t *b = malloc(cap ? cap : 1);

		ck_assert_int_eq(oam_lbr_build(b, cap, &rp), -ENOSPC);
		free(b);
	}
	ck_assert_int_eq(oam_lbr_build(buf, (size_t)full, &rp), full);
}
END_TEST

/* ------------------------------------------------------------------ hostile input */

START_TEST(test_truncation_every_byte)
{
	uint8_t buf[BUF];
	struct oam_lb lb;
	size_t n = make_lbm(buf), cut;

	/* The End TLV is the last byte: every shorter message lacks it. */
	for (cut = 0; cut < n; cut++) {
		int rc = decode(buf, cut, &lb);

		ck_assert_msg(rc == -EINVAL, "cut %zu: rc %d", cut, rc);
	}
	ck_assert_int_eq(decode(buf, n, &lb), 0);
}
END_TEST

START_TEST(test_missing_end)
{
	uint8_t buf[BUF];
	struct oam_lb lb;
	size_t n = make_lbm(buf);

	/* End replaced by an unknown TLV that fills the message exactly. */
	n = add_tlv(buf, n - 1, 99, 2, "zz");
	ck_assert_int_eq(decode(buf, n, &lb), -EINVAL);
	/* No TLV at all after the transaction ID. */
	ck_assert_int_eq(decode(buf, 8, &lb), -EINVAL);
	/* Only the End TLV: fine. */
	buf[8] = OAM_G8113_TLV_END;
	ck_assert_int_eq(decode(buf, 9, &lb), 0);
	ck_assert_int_eq(lb.has_target, false);
	ck_assert_int_eq(lb.has_requesting, false);
}
END_TEST

START_TEST(test_wrong_tlv_lengths)
{
	static const uint16_t bad_id[] = { 0, 1, 24, 26, 53 };
	static const uint16_t bad_req[] = { 0, 25, 52, 54 };
	uint8_t buf[BUF], val[64];
	struct oam_lb lb;
	size_t n, i;
	uint8_t type;

	memset(val, 0, sizeof(val));
	for (type = OAM_G8113_TLV_TARGET; type <= OAM_G8113_TLV_REPLYING; type++) {
		for (i = 0; i < sizeof(bad_id) / sizeof(bad_id[0]); i++) {
			n = make_lbm(buf);
			n = add_tlv(buf, 8, type, bad_id[i], val);
			buf[n++] = OAM_G8113_TLV_END;
			ck_assert_msg(decode(buf, n, &lb) == -EINVAL, "type %u len %u", type,
				      bad_id[i]);
		}
	}
	for (i = 0; i < sizeof(bad_req) / sizeof(bad_req[0]); i++) {
		n = make_lbm(buf);
		n = add_tlv(buf, 8, OAM_G8113_TLV_REQUESTING, bad_req[i], val);
		buf[n++] = OAM_G8113_TLV_END;
		ck_assert_int_eq(decode(buf, n, &lb), -EINVAL);
	}
	/* In place: TLV 33 of the built LBM claiming 24 and 26 bytes. */
	n = make_lbm(buf);
	wire_put16(buf + OFF_TARGET + 1, 24);
	ck_assert_int_eq(decode(buf, n, &lb), -EINVAL);
	wire_put16(buf + OFF_TARGET + 1, 26);
	ck_assert_int_eq(decode(buf, n, &lb), -EINVAL);
}
END_TEST

START_TEST(test_tlv_overrun)
{
	uint8_t buf[BUF];
	struct oam_lb lb;
	size_t n;

	n = make_lbm(buf);
	wire_put16(buf + OFF_TARGET + 1, 0xffff);
	ck_assert_int_eq(decode(buf, n, &lb), -EINVAL);
	/* An unknown TLV whose value runs one byte past the message. */
	n = add_tlv(buf, 8, 99, 4, "abcd");
	ck_assert_int_eq(decode(buf, n - 1, &lb), -EINVAL);
	/* A TLV header cut after its type or after one length byte. */
	buf[8] = 99;
	buf[9] = 0;
	ck_assert_int_eq(decode(buf, 9, &lb), -EINVAL);
	ck_assert_int_eq(decode(buf, 10, &lb), -EINVAL);
}
END_TEST

START_TEST(test_first_tlv_offset)
{
	uint8_t buf[BUF];
	struct oam_lb lb;
	size_t n = make_lbm(buf);
	unsigned int off;

	/* Outside the message. */
	buf[3] = (uint8_t)(n - 4);
	ck_assert_int_eq(decode(buf, n, &lb), -EINVAL);
	buf[3] = 255;
	ck_assert_int_eq(decode(buf, n, &lb), -EINVAL);
	/* Inside the transaction ID. */
	for (off = 0; off < OAM_G8113_LB_TLV_OFFSET; off++) {
		buf[3] = (uint8_t)off;
		ck_assert_int_eq(decode(buf, n, &lb), -EINVAL);
	}
	/* Even when the transaction ID bytes would parse as an End TLV. */
	memset(buf + 4, 0, 4);
	buf[3] = 0;
	ck_assert_int_eq(decode(buf, n, &lb), -EINVAL);
	/* Pointing at the End TLV: a valid LB with no TLVs. */
	buf[3] = (uint8_t)(n - 1 - 4);
	ck_assert_int_eq(decode(buf, n, &lb), 0);
	ck_assert_int_eq(lb.has_target, false);
	ck_assert_uint_eq(lb.first_tlv_offset, n - 5);
	/* Skipping 4 bytes of unknown fields before the TLVs. */
	n = make_lbm(buf);
	memmove(buf + 12, buf + 8, n - 8);
	memset(buf + 8, 0xaa, 4);
	buf[3] = 8;
	ck_assert_int_eq(decode(buf, n + 4, &lb), 0);
	ck_assert_int_eq(lb.has_target, true);
	ck_assert_uint_eq(lb.target.node_id, 0xc0000202);
}
END_TEST

START_TEST(test_other_opcodes)
{
	static const uint8_t ops[] = { 0, 1, 4, 5, 33, 35, 37, 39, 42, 43, 45, 46, 47, 255 };
	uint8_t buf[BUF];
	struct oam_lb lb;
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		make_lbm(buf);
		buf[0] = (uint8_t)(5 << 5 | 1);
		buf[1] = ops[i];
		buf[2] = 0x81;
		buf[3] = 70;
		/* Header fields are valid even for opcodes not decoded further. */
		ck_assert_int_eq(decode(buf, 4, &lb), -ENOTSUP);
		ck_assert_uint_eq(lb.mel, 5);
		ck_assert_uint_eq(lb.version, 1);
		ck_assert_uint_eq(lb.opcode, ops[i]);
		ck_assert_uint_eq(lb.flags, 0x81);
		ck_assert_uint_eq(lb.first_tlv_offset, 70);
		ck_assert_int_eq(decode(buf, LBM_LEN, &lb), -ENOTSUP);
	}
	/* Header truncated: -EINVAL whatever the opcode. */
	ck_assert_int_eq(decode(buf, 3, &lb), -EINVAL);
	/* LBR and LBM need the transaction ID. */
	buf[1] = OAM_G8113_OP_LBR;
	buf[3] = 4;
	ck_assert_int_eq(decode(buf, 7, &lb), -EINVAL);
}
END_TEST

START_TEST(test_many_tlvs)
{
	uint8_t *buf = malloc(64 * 1024);
	struct oam_lb lb;
	size_t n, i;

	ck_assert_ptr_nonnull(buf);
	n = make_lbm(buf) - 1;
	for (i = 0; i < 1000; i++)
		n = add_tlv(buf, n, i % 2 ? OAM_G8113_TLV_TEST : OAM_G8113_TLV_TEST_ID, 4, "abcd");
	for (i = 0; i < 1000; i++)
		n = add_tlv(buf, n, 99, 10, "0123456789");
	buf[n++] = OAM_G8113_TLV_END;
	ck_assert_int_eq(decode(buf, n, &lb), 0);
	ck_assert_uint_eq(lb.n_copy, OAM_G8113_MAX_COPY);
	for (i = 0; i < OAM_G8113_MAX_COPY; i++) {
		ck_assert_uint_eq(lb.copy_off[i], LBM_LEN - 1 + 7 * i);
		ck_assert_uint_eq(lb.copy_len[i], 7);
	}
	free(buf);
}
END_TEST

START_TEST(test_duplicate_ids)
{
	struct oam_lbm_params p = lbm_params();
	uint8_t buf[BUF], other[BUF];
	struct oam_lb lb;
	size_t n = make_lbm(buf) - 1;

	/* A second Target MEP/MIP ID TLV does not replace the first. */
	p.target.node_id = 1;
	ck_assert_int_eq(oam_lbm_build(other, sizeof(other), &p), LBM_LEN);
	memcpy(buf + n, other + OFF_TARGET, 28);
	n += 28;
	buf[n++] = OAM_G8113_TLV_END;
	ck_assert_int_eq(decode(buf, n, &lb), 0);
	ck_assert_uint_eq(lb.target.node_id, 0xc0000202);
}
END_TEST

START_TEST(test_trailing_bytes_ignored)
{
	uint8_t buf[BUF];
	struct oam_lb lb;
	size_t n = make_lbm(buf);

	memset(buf + n, 0xff, 10);
	ck_assert_int_eq(decode(buf, n + 10, &lb), 0);
	ck_assert_int_eq(lb.has_target, true);
}
END_TEST

/* ------------------------------------------------------------------ round trips */

START_TEST(test_lbm_round_trip)
{
	struct oam_lbm_params p = lbm_params();
	uint8_t buf[BUF];
	struct oam_lb lb;
	ssize_t n;

	n = oam_lbm_build(buf, sizeof(buf), &p);
	ck_assert_int_eq(n, LBM_LEN);
	/* Wire layout (docs/WIRE-FORMAT.md §5). */
	ck_assert_uint_eq(buf[0], 7 << 5);
	ck_assert_uint_eq(buf[1], OAM_G8113_OP_LBM);
	ck_assert_uint_eq(buf[2], 0);
	ck_assert_uint_eq(buf[3], 4);
	ck_assert_uint_eq(wire_get32(buf + 4), 0xabcdef01);
	ck_assert_uint_eq(buf[OFF_TARGET], OAM_G8113_TLV_TARGET);
	ck_assert_uint_eq(wire_get16(buf + OFF_TARGET + 1), 25);
	ck_assert_uint_eq(buf[OFF_TARGET + 3], OAM_G8113_SUB_MIP_ID);
	ck_assert_mem_eq(buf + OFF_TARGET + 4, "ABCDEF", 6);
	ck_assert_uint_eq(wire_get32(buf + OFF_TARGET + 10), 0xc0000202);
	ck_assert_uint_eq(wire_get32(buf + OFF_TARGET + 14), 4000000000u);
	ck_assert_mem_eq(buf + OFF_TARGET + 18, "JP", 2);
	ck_assert_mem_eq(buf + OFF_TARGET + 20, "\0\0\0\0\0\0\0\0", 8);
	ck_assert_uint_eq(buf[OFF_REQ], OAM_G8113_TLV_REQUESTING);
	ck_assert_uint_eq(wire_get16(buf + OFF_REQ + 1), 53);
	ck_assert_uint_eq(buf[OFF_REQ + 3], 0);	/* LB = 0 in an LBM */
	ck_assert_uint_eq(buf[OFF_END], OAM_G8113_TLV_END);

	ck_assert_int_eq(decode(buf, (size_t)n, &lb), 0);
	assert_lb(&lb, OAM_G8113_OP_LBM, 7);
	ck_assert_uint_eq(lb.flags, 0);
	ck_assert_uint_eq(lb.first_tlv_offset, 4);
	assert_mip_id(&lb.target, 4000000000u);
	ck_assert_int_eq(lb.has_requesting, true);
	ck_assert_uint_eq(lb.lb, 0);
	ck_assert_uint_eq(lb.mep_id, 77);
	ck_assert_mem_eq(lb.meg_id, p.meg_id, OAM_G8113_MEG_ID_LEN);
	ck_assert_uint_eq(lb.n_copy, 0);

	/* A short ICC is NUL padded and comes back without the padding. */
	strcpy(p.target.icc, "AB");
	strcpy(p.target.cc, "F");
	p.has_requesting = false;
	p.mel = 3;
	n = oam_lbm_build(buf, sizeof(buf), &p);
	ck_assert_int_eq(n, 8 + 28 + 1);
	ck_assert_mem_eq(buf + OFF_TARGET + 4, "AB\0\0\0\0", 6);
	ck_assert_int_eq(decode(buf, (size_t)n, &lb), 0);
	ck_assert_uint_eq(lb.mel, 3);
	ck_assert_str_eq(lb.target.icc, "AB");
	ck_assert_str_eq(lb.target.cc, "F");
	ck_assert_int_eq(lb.has_requesting, false);

	/* MEP ID subtype: 16 bits then 22 zero bytes. */
	p.target = (struct oam_g8113_id){ .subtype = OAM_G8113_SUB_MEP_ID, .mep_id = 0x1fff,
					  .node_id = 9, .icc = "XX" };
	n = oam_lbm_build(buf, sizeof(buf), &p);
	ck_assert_uint_eq(wire_get16(buf + OFF_TARGET + 4), 0x1fff);
	ck_assert_mem_eq(buf + OFF_TARGET + 6, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 22);
	ck_assert_int_eq(decode(buf, (size_t)n, &lb), 0);
	ck_assert_uint_eq(lb.target.subtype, OAM_G8113_SUB_MEP_ID);
	ck_assert_uint_eq(lb.target.mep_id, 0x1fff);
	ck_assert_uint_eq(lb.target.node_id, 0);

	/* Discovery subtypes: 24 zero bytes. */
	p.target = (struct oam_g8113_id){ .subtype = OAM_G8113_SUB_EGRESS, .mep_id = 5,
					  .node_id = 9 };
	n = oam_lbm_build(buf, sizeof(buf), &p);
	ck_assert_mem_eq(buf + OFF_TARGET + 4, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
			 24);
	ck_assert_int_eq(decode(buf, (size_t)n, &lb), 0);
	ck_assert_uint_eq(lb.target.subtype, OAM_G8113_SUB_EGRESS);
}
END_TEST

START_TEST(test_lbr_from_lbm)
{
	uint8_t req[BUF], buf[BUF], test_tlv[9] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct oam_lb lbm, lbr;
	struct oam_lbr_params p;
	size_t n, test_off, tid_off;
	ssize_t r;
	size_t off;

	/* LBM with a Test TLV and a Test ID TLV after the Requesting MEP ID. */
	n = make_lbm(req) - 1;
	test_off = n;
	n = add_tlv(req, n, OAM_G8113_TLV_TEST, sizeof(test_tlv), test_tlv);
	n = add_tlv(req, n, 99, 3, "xyz");	/* unknown: not echoed */
	tid_off = n;
	n = add_tlv(req, n, OAM_G8113_TLV_TEST_ID, 4, "\0\0\0\x2a");
	req[n++] = OAM_G8113_TLV_END;
	req[0] = (uint8_t)(6 << 5 | 0);
	ck_assert_int_eq(decode(req, n, &lbm), 0);
	ck_assert_uint_eq(lbm.n_copy, 2);
	ck_assert_uint_eq(lbm.copy_off[0], test_off);
	ck_assert_uint_eq(lbm.copy_len[0], 3 + sizeof(test_tlv));
	ck_assert_uint_eq(lbm.copy_off[1], tid_off);
	ck_assert_uint_eq(lbm.copy_len[1], 7);

	memset(&p, 0, sizeof(p));
	p.req = &lbm;
	p.req_msg = req;
	p.req_len = n;
	p.replying = (struct oam_g8113_id){ .subtype = OAM_G8113_SUB_MIP_ID, .icc = "ABCDEF",
					    .cc = "JP", .node_id = 0xc0000202, .if_num = 1 };
	r = oam_lbr_build(buf, sizeof(buf), &p);
	ck_assert_int_eq(r, 8 + 28 + 56 + 12 + 7 + 1);

	/* Wire: header, 34, 35 with LB = 1, the copies, End. */
	ck_assert_uint_eq(buf[0], 6 << 5);
	ck_assert_uint_eq(buf[1], OAM_G8113_OP_LBR);
	ck_assert_uint_eq(buf[2], 0);
	ck_assert_uint_eq(buf[3], 4);
	ck_assert_uint_eq(wire_get32(buf + 4), 0xabcdef01);
	off = 8;
	ck_assert_uint_eq(buf[off], OAM_G8113_TLV_REPLYING);
	ck_assert_uint_eq(wire_get16(buf + off + 1), 25);
	off += 28;
	ck_assert_uint_eq(buf[off], OAM_G8113_TLV_REQUESTING);
	ck_assert_uint_eq(wire_get16(buf + off + 1), 53);
	ck_assert_uint_eq(buf[off + 3], 1);	/* LB */
	ck_assert_mem_eq(buf + off + 4, req + OFF_REQ + 4, 52);	/* rest copied */
	off += 56;
	ck_assert_mem_eq(buf + off, req + test_off, 12);
	off += 12;
	ck_assert_mem_eq(buf + off, req + tid_off, 7);
	off += 7;
	ck_assert_uint_eq(buf[off], OAM_G8113_TLV_END);

	ck_assert_int_eq(decode(buf, (size_t)r, &lbr), 0);
	assert_lb(&lbr, OAM_G8113_OP_LBR, 6);
	assert_mip_id(&lbr.replying, 1);
	ck_assert_int_eq(lbr.has_requesting, true);
	ck_assert_uint_eq(lbr.lb, 1);
	ck_assert_uint_eq(lbr.mep_id, 77);
	ck_assert_mem_eq(lbr.meg_id, lbm.meg_id, OAM_G8113_MEG_ID_LEN);
	ck_assert_uint_eq(lbr.n_copy, 2);

	/* Copies outside the request are refused; no request bytes, no copies. */
	lbm.copy_len[1] = (uint16_t)(n - tid_off + 1);
	ck_assert_int_eq(oam_lbr_build(buf, sizeof(buf), &p), -EINVAL);
	p.req_msg = NULL;
	ck_assert_int_eq(oam_lbr_build(buf, sizeof(buf), &p), -EINVAL);

	/* An LBM without Requesting MEP ID gets an LBR without it. */
	lbm.has_requesting = false;
	lbm.n_copy = 0;
	r = oam_lbr_build(buf, sizeof(buf), &p);
	ck_assert_int_eq(r, 8 + 28 + 1);
	ck_assert_int_eq(decode(buf, (size_t)r, &lbr), 0);
	ck_assert_int_eq(lbr.has_requesting, false);
	ck_assert_int_eq(lbr.has_replying, true);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("g8113");

	CHECK_TCASE(s, "bad_args", test_bad_args, test_build_enospc);
	CHECK_TCASE(s, "hostile", test_truncation_every_byte, test_missing_end,
		    test_wrong_tlv_lengths, test_tlv_overrun, test_first_tlv_offset,
		    test_other_opcodes, test_many_tlvs, test_duplicate_ids,
		    test_trailing_bytes_ignored);
	CHECK_TCASE(s, "round_trip", test_lbm_round_trip, test_lbr_from_lbm);
	return check_unit_main(s);
}
