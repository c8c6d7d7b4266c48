/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the LSP Ping codec (oam/lspping.c): hostile input first, then
 * round trips through the builders, then the NTP helpers.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_codec.h"
#include "check_unit.h"
#include "oam_lspping.h"

#define BUF 4096
#define HDR 32

/* Offsets of the TLVs of the full request built by full_request(). */
#define OFF_FEC  32		/* 4 + 4 + 24 */
#define OFF_SRC  64		/* 4 + 8 */
#define OFF_DST  76		/* 4 + 8 */
#define OFF_DDM  88		/* 4 + 16 + 4 + 4 */
#define FULL_LEN 116

static struct oam_echo_request_params
request_params(void)
{
	struct oam_echo_request_params p = {
		.handle = 0xdeadbeef,
		.seq = 42,
		.sent_sec = 3909000000u,
		.sent_frac = 0x40000000,
		.flags = OAM_ECHO_FLAG_V | OAM_ECHO_FLAG_T,
		.fec = {
			.src = { 65000, 0xc0000201 },
			.dst = { 65001, 0xc0000203 },
			.src_tunnel = 11,
			.lsp_num = 12,
			.dst_tunnel = 13,
		},
		.src_id = { 65000, 0xc0000201 },
		.has_dst_id = true,
		.dst_id = { 65000, 0xc0000202 },
		.has_ddmap = true,
		.ddmap_ingress = 4000000000u,
		.ddmap_egress = 0,
		.ddmap_has_label = true,
		.ddmap_label = 0xfffff,
	};
	return p;
}

static size_t
full_request(uint8_t *buf)
{
	struct oam_echo_request_params p = request_params();
	ssize_t n = oam_echo_build_request(buf, BUF, &p);

	ck_assert_int_eq(n, FULL_LEN);
	return (size_t)n;
}

/* A bare header (no TLVs) to which tests append TLVs by hand. */
static size_t
bare_request(uint8_t *buf)
{
	memset(buf, 0, HDR);
	wire_put16(buf, OAM_ECHO_VERSION);
	buf[4] = OAM_ECHO_REQUEST;
	buf[5] = OAM_REPLY_MODE_ACH;
	wire_put32(buf + 8, 7);
	wire_put32(buf + 12, 9);
	return HDR;
}

static size_t
add_tlv(uint8_t *buf, size_t off, uint16_t type, uint16_t len, const void *val)
{
	size_t padded = (len + 3u) & ~3u;

	wire_put16(buf + off, type);
	wire_put16(buf + off + 2, len);
	memset(buf + off + 4, 0, padded);
	if (val != NULL)
		memcpy(buf + off + 4, val, len);
	return off + 4 + padded;
}

CHECK_EXACT_DECODER(decode, oam_echo_decode, struct oam_echo)

/*
 * A bare request with one TLV (type, len, val) added decodes, and the TLV
 * status it reports is status (RFC 8029 §3); *e keeps the decode for more checks.
 */
static void
one_tlv(struct oam_echo *e, uint16_t type, uint16_t len, const void *val,
	enum oam_tlv_status status)
{
	uint8_t buf[BUF];
	size_t n = add_tlv(buf, bare_request(buf), type, len, val);

	ck_assert_int_eq(decode(buf, n, e), 0);
	ck_assert_int_eq(e->tlv_status, status);
}

/* A decoded DDMAP of a label-switching node (RC 8, RFC 8029 §3.4): IF_Nums, RSC, one label. */
static void
assert_ddmap(const struct oam_ddmap *d, uint32_t ingress, uint32_t egress, uint8_t rsc,
	     uint32_t label)
{
	ck_assert_uint_eq(d->ingress, ingress);
	ck_assert_uint_eq(d->egress, egress);
	ck_assert_uint_eq(d->rc, OAM_RC_LABEL_SWITCHED);
	ck_assert_uint_eq(d->rsc, rsc);
	ck_assert_int_eq(d->has_label, true);
	ck_assert_uint_eq(d->label, label);
}

/* ------------------------------------------------------------------ bad arguments */

START_TEST(test_decode_bad_args)
{
	uint8_t buf[BUF];
	struct oam_echo e;
	size_t n = full_request(buf);

	ck_assert_int_eq(oam_echo_decode(NULL, n, &e), -EINVAL);
	ck_assert_int_eq(oam_echo_decode(buf, n, NULL), -EINVAL);
	ck_assert_int_eq(decode(buf, 0, &e), -EINVAL);
	ck_assert_int_eq(decode(buf, 31, &e), -EINVAL);
	wire_put16(buf, 0);
	ck_assert_int_eq(decode(buf, n, &e), -EINVAL);
	wire_put16(buf, 2);
	ck_assert_int_eq(decode(buf, n, &e), -EINVAL);
	wire_put16(buf, 0x0100);
	ck_assert_int_eq(decode(buf, n, &e), -EINVAL);
	wire_put16(buf, 1);
	ck_assert_int_eq(decode(buf, n, &e), 0);
}
END_TEST

START_TEST(test_build_bad_args)
{
	uint8_t buf[BUF];
	struct oam_echo_request_params rp = request_params();
	struct oam_echo req;
	struct oam_echo_reply_params p = { .req = &req };

	memset(&req, 0, sizeof(req));
	ck_assert_int_eq(oam_echo_build_request(NULL, BUF, &rp), -EINVAL);
	ck_assert_int_eq(oam_echo_build_request(buf, BUF, NULL), -EINVAL);
	ck_assert_int_eq(oam_echo_build_reply(NULL, BUF, &p), -EINVAL);
	ck_assert_int_eq(oam_echo_build_reply(buf, BUF, NULL), -EINVAL);
	p.req = NULL;
	ck_assert_int_eq(oam_echo_build_reply(buf, BUF, &p), -EINVAL);
}
END_TEST

START_TEST(test_build_enospc)
{
	uint8_t buf[BUF], req_msg[BUF];
	struct oam_echo_request_params rp = request_params();
	struct oam_echo req;
	struct oam_echo_reply_params p = { .req = &req, .rc = OAM_RC_TLV_UNKNOWN };
	ssize_t full, n;
	size_t cap, len;
	uint8_t junk[6] = "abcdef";

	full = oam_echo_build_request(buf, BUF, &rp);
	ck_assert_int_eq(full, FULL_LEN);
	for (cap = 0; cap < (size_t)full; cap++) {
		uint8_t *b = malloc(cap ? cap : 1);

		ck_assert_int_eq(oam_echo_build_request(b, cap, &rp), -ENOSPC);
		free(b);
	}
	ck_assert_int_eq(oam_echo_build_request(buf, (size_t)full, &rp), full);

	len = add_tlv(req_msg, full_request(req_msg), 77, sizeof(junk), junk);
	ck_assert_int_eq(decode(req_msg, len, &req), 0);
	p.req_msg = req_msg;
	p.req_len = len;
	p.n_ddmap = 2;
	p.ddmap[0].has_label = true;
	full = oam_echo_build_reply(buf, BUF, &p);
	ck_assert_int_gt(full, 0);
	for (cap = 0; cap < (size_t)full; cap++) {
		uint8_t *b = malloc(cap ? cap : 1);

		n = oam_echo_build_reply(b, cap, &p);
		ck_assert_int_eq(n, -ENOSPC);
		free(b);
	}
	ck_assert_int_eq(oam_echo_build_reply(buf, (size_t)full, &p), full);
}
END_TEST

/* ------------------------------------------------------------------ hostile input */

START_TEST(test_truncation_every_byte)
{
	static const size_t boundary[] = { HDR, OFF_SRC, OFF_DST, OFF_DDM, FULL_LEN };
	uint8_t buf[BUF];
	struct oam_echo e;
	size_t n = full_request(buf), cut, i;

	for (cut = 0; cut <= n; cut++) {
		bool at_boundary = false;
		int rc = decode(buf, cut, &e);

		if (cut < HDR) {
			ck_assert_msg(rc == -EINVAL, "cut %zu: rc %d", cut, rc);
			continue;
		}
		ck_assert_msg(rc == 0, "cut %zu: rc %d", cut, rc);
		for (i = 0; i < sizeof(boundary) / sizeof(boundary[0]); i++)
			at_boundary |= cut == boundary[i];
		ck_assert_msg(e.tlv_status == (at_boundary ? OAM_TLVS_OK : OAM_TLVS_MALFORMED),
			      "cut %zu: status %d", cut, e.tlv_status);
		ck_assert_uint_eq(e.handle, 0xdeadbeef);
		ck_assert_int_eq(e.has_fec, cut >= OFF_SRC);
		ck_assert_int_eq(e.has_src_id, cut >= OFF_DST);
		ck_assert_int_eq(e.has_dst_id, cut >= OFF_DDM);
		ck_assert_uint_eq(e.n_ddmap, cut == FULL_LEN ? 1 : 0);
	}
}
END_TEST

/* RFC 8029 §3: the Length excludes the padding; a last TLV without it is accepted. */
START_TEST(test_unpadded_last_tlv)
{
	uint8_t buf[BUF], pad[5] = { 1, 0, 0, 0, 0 };
	struct oam_echo e;
	size_t n = add_tlv(buf, bare_request(buf), OAM_TLV_PAD, sizeof(pad), pad);
	size_t cut;

	ck_assert_uint_eq(n, HDR + 12);
	for (cut = HDR + 9; cut <= n; cut++) {
		ck_assert_int_eq(decode(buf, cut, &e), 0);
		ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	}
	ck_assert_int_eq(decode(buf, HDR + 8, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);

	/* Not the last one: the next TLV starts after the padding. */
	n = add_tlv(buf, n, OAM_TLV_SOURCE_ID, 8, "\0\0\0\1\0\0\0\2");
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_int_eq(e.has_src_id, true);
	ck_assert_uint_eq(e.src_id.global_id, 1);
	ck_assert_uint_eq(e.src_id.node_id, 2);
}
END_TEST

START_TEST(test_tlv_length_overrun)
{
	static const uint16_t bad[] = { 0xffff, 0x8000, FULL_LEN, FULL_LEN - OFF_FEC - 3 };
	uint8_t buf[BUF];
	struct oam_echo e;
	size_t n, i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = full_request(buf);
		wire_put16(buf + OFF_FEC + 2, bad[i]);
		ck_assert_int_eq(decode(buf, n, &e), 0);
		ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);
	}
	/* The last TLV overrunning by one byte. */
	n = full_request(buf);
	wire_put16(buf + OFF_DDM + 2, FULL_LEN - OFF_DDM - 4 + 1);
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);
	/* Three stray bytes after the last TLV: a cut TLV header. */
	n = full_request(buf);
	memset(buf + n, 0, 3);
	ck_assert_int_eq(decode(buf, n + 3, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);
}
END_TEST

START_TEST(test_zero_length_tlvs)
{
	uint8_t buf[BUF];
	struct oam_echo e;
	size_t n;

	/* Understood TLVs that may be empty. */
	n = bare_request(buf);
	n = add_tlv(buf, n, OAM_TLV_PAD, 0, NULL);
	n = add_tlv(buf, n, OAM_TLV_TARGET_FEC, 0, NULL);
	n = add_tlv(buf, n, OAM_TLV_VENDOR, 0, NULL);
	n = add_tlv(buf, n, 40000, 0, NULL);
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_int_eq(e.has_fec, false);

	/* Identifiers must be 8 bytes, a DDMAP at least its fixed part. */
	one_tlv(&e, OAM_TLV_SOURCE_ID, 0, NULL, OAM_TLVS_MALFORMED);
	one_tlv(&e, OAM_TLV_DEST_ID, 0, NULL, OAM_TLVS_MALFORMED);
	one_tlv(&e, OAM_TLV_DDMAP, 0, NULL, OAM_TLVS_MALFORMED);

	/* An empty unknown mandatory TLV is reported with its 4-byte header. */
	one_tlv(&e, 100, 0, NULL, OAM_TLVS_UNKNOWN);
	ck_assert_uint_eq(e.n_errored, 1);
	ck_assert_uint_eq(e.errored_off[0], HDR);
	ck_assert_uint_eq(e.errored_len[0], 4);
}
END_TEST

START_TEST(test_identifier_rules)
{
	uint8_t buf[BUF], id[12] = { 0, 0, 0, 1, 0, 0, 0, 2 };
	struct oam_echo e;
	size_t n;

	/* RFC 6426 §2.2.3: a second Destination Identifier is malformed. */
	n = full_request(buf);
	n = add_tlv(buf, n, OAM_TLV_DEST_ID, 8, id);
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);
	/* RFC 6426 §2.2.2: so is a second Source Identifier. */
	n = full_request(buf);
	n = add_tlv(buf, n, OAM_TLV_SOURCE_ID, 8, id);
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);
	/* Wrong lengths. */
	one_tlv(&e, OAM_TLV_SOURCE_ID, 12, id, OAM_TLVS_MALFORMED);
	one_tlv(&e, OAM_TLV_DEST_ID, 4, id, OAM_TLVS_MALFORMED);
	/* One of each is fine. */
	n = add_tlv(buf, bare_request(buf), OAM_TLV_DEST_ID, 8, id);
	n = add_tlv(buf, n, OAM_TLV_SOURCE_ID, 8, id);
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_uint_eq(e.dst_id.global_id, 1);
	ck_assert_uint_eq(e.dst_id.node_id, 2);
}
END_TEST

START_TEST(test_fec_subtlv_overrun)
{
	uint8_t buf[BUF], v[64];
	struct oam_echo e;
	size_t n;

	/* Static LSP sub-TLV claiming one byte more than its TLV holds. */
	n = full_request(buf);
	wire_put16(buf + OFF_FEC + 6, 25);
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);
	ck_assert_int_eq(e.has_fec, false);
	/* Sub-TLV with a huge length. */
	n = full_request(buf);
	wire_put16(buf + OFF_FEC + 6, 0xffff);
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);
	/* Static LSP sub-TLV of the wrong length (fits in the TLV). */
	memset(v, 0, sizeof(v));
	wire_put16(v, OAM_FEC_STATIC_LSP);
	wire_put16(v + 2, 20);
	one_tlv(&e, OAM_TLV_TARGET_FEC, 24, v, OAM_TLVS_MALFORMED);
	/* A cut sub-TLV header (2 stray bytes after a valid sub-TLV). */
	wire_put16(v + 2, 24);
	one_tlv(&e, OAM_TLV_TARGET_FEC, 30, v, OAM_TLVS_MALFORMED);
	/* Sub-TLVs overrunning their TLV by 1 to 3 bytes. */
	for (uint16_t over = 1; over <= 3; over++) {
		memset(v, 0, sizeof(v));
		wire_put16(v, 1);
		wire_put16(v + 2, 4 + over);
		one_tlv(&e, OAM_TLV_TARGET_FEC, 8, v, OAM_TLVS_MALFORMED);
		wire_put16(v, OAM_FEC_STATIC_LSP);
		wire_put16(v + 2, 24);
		one_tlv(&e, OAM_TLV_TARGET_FEC, (uint16_t)(28 - over), v, OAM_TLVS_MALFORMED);
		ck_assert_int_eq(e.has_fec, false);
	}
	/* Another FEC type before the Static LSP is skipped (padded). */
	memset(v, 0, sizeof(v));
	wire_put16(v, 1);		/* LDP IPv4 prefix, length 5 */
	wire_put16(v + 2, 5);
	wire_put16(v + 12, OAM_FEC_STATIC_LSP);
	wire_put16(v + 14, 24);
	wire_put16(v + 26, 0x1234);	/* LSP_Num */
	one_tlv(&e, OAM_TLV_TARGET_FEC, 40, v, OAM_TLVS_OK);
	ck_assert_int_eq(e.has_fec, true);
	ck_assert_uint_eq(e.fec.lsp_num, 0x1234);
}
END_TEST

static size_t
ddmap_value(uint8_t *v, uint8_t addr_type, uint16_t sub_len, uint16_t label_len)
{
	size_t alen = addr_type == 3 ? 32 : addr_type == 4 ? 20 : 8;
	size_t off = 4 + alen;

	memset(v, 0, 128);
	wire_put16(v, 1500);
	v[2] = addr_type;
	v[3] = OAM_DDMAP_FLAG_N;
	if (addr_type == OAM_DDMAP_ADDR_NON_IP) {
		wire_put32(v + 4, 5);
		wire_put32(v + 8, 6);
	}
	v[off] = OAM_RC_LABEL_SWITCHED;
	v[off + 1] = 2;
	wire_put16(v + off + 2, sub_len);
	off += 4;
	wire_put16(v + off, OAM_DDMAP_SUB_LABELS);
	wire_put16(v + off + 2, label_len);
	wire_put32(v + off + 4, (300u << 12) | 0x100 | 1);
	return off;
}

START_TEST(test_ddmap_subtlv_overrun)
{
	uint8_t v[128];
	struct oam_echo e;
	size_t fixed;

	/* Valid: a label stack sub-TLV of one entry. */
	fixed = ddmap_value(v, OAM_DDMAP_ADDR_NON_IP, 8, 4);
	one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)(fixed + 8), v, OAM_TLVS_OK);
	ck_assert_uint_eq(e.n_ddmap, 1);
	assert_ddmap(&e.ddmap[0], 5, 6, 2, 300);

	/* Sub-TLV Length beyond the TLV. */
	fixed = ddmap_value(v, OAM_DDMAP_ADDR_NON_IP, 12, 4);
	one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)(fixed + 8), v, OAM_TLVS_MALFORMED);
	/* Label stack sub-TLV beyond the Sub-TLV Length (but inside the TLV). */
	fixed = ddmap_value(v, OAM_DDMAP_ADDR_NON_IP, 8, 8);
	one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)(fixed + 12), v, OAM_TLVS_MALFORMED);
	/* Sub-TLV Length cutting a sub-TLV header. */
	fixed = ddmap_value(v, OAM_DDMAP_ADDR_NON_IP, 2, 4);
	one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)(fixed + 8), v, OAM_TLVS_MALFORMED);
	/* A label entry that is not 4 bytes. */
	fixed = ddmap_value(v, OAM_DDMAP_ADDR_NON_IP, 8, 3);
	one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)(fixed + 8), v, OAM_TLVS_MALFORMED);
	/* Shorter than the fixed part of address type 5 (16 bytes). */
	fixed = ddmap_value(v, OAM_DDMAP_ADDR_NON_IP, 0, 0);
	for (size_t l = 0; l < fixed; l++) {
		one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)l, v, OAM_TLVS_MALFORMED);
	}
	one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)fixed, v, OAM_TLVS_OK);
	ck_assert_int_eq(e.ddmap[0].has_label, false);
	/* Unknown address type. */
	fixed = ddmap_value(v, 9, 0, 0);
	one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)fixed, v, OAM_TLVS_MALFORMED);
	/* IP address types: their own sizes, no IF_Nums. */
	for (uint8_t t = 1; t <= 4; t++) {
		fixed = ddmap_value(v, t, 8, 4);
		one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)(fixed + 8), v, OAM_TLVS_OK);
		ck_assert_uint_eq(e.ddmap[0].addr_type, t);
		ck_assert_uint_eq(e.ddmap[0].ingress, 0);
		ck_assert_uint_eq(e.ddmap[0].rc, OAM_RC_LABEL_SWITCHED);
		ck_assert_uint_eq(e.ddmap[0].label, 300);
		one_tlv(&e, OAM_TLV_DDMAP, (uint16_t)(fixed - 1), v, OAM_TLVS_MALFORMED);
	}
}
END_TEST

START_TEST(test_many_tlvs)
{
	uint8_t *buf = malloc(64 * 1024);
	uint8_t pad[4] = { 1 };
	struct oam_echo e;
	size_t n, i;

	ck_assert_ptr_nonnull(buf);
	n = bare_request(buf);
	for (i = 0; i < 1000; i++)
		n = add_tlv(buf, n, OAM_TLV_PAD, sizeof(pad), pad);
	n = add_tlv(buf, n, OAM_TLV_SOURCE_ID, 8, "\0\0\0\3\0\0\0\4");
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_int_eq(e.has_src_id, true);
	ck_assert_uint_eq(e.src_id.node_id, 4);

	/* 1000 unknown mandatory TLVs: reported, the first few recorded. */
	n = bare_request(buf);
	for (i = 0; i < 1000; i++)
		n = add_tlv(buf, n, (uint16_t)(100 + i), sizeof(pad), pad);
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_UNKNOWN);
	ck_assert_uint_eq(e.n_errored, OAM_ECHO_MAX_ERRORED);
	for (i = 0; i < OAM_ECHO_MAX_ERRORED; i++) {
		ck_assert_uint_eq(e.errored_off[i], HDR + 8 * i);
		ck_assert_uint_eq(e.errored_len[i], 8);
	}
	/* 1000 DDMAPs: kept up to the limit. */
	n = bare_request(buf);
	for (i = 0; i < 1000; i++) {
		uint8_t v[128];
		size_t fixed = ddmap_value(v, OAM_DDMAP_ADDR_NON_IP, 0, 0);

		n = add_tlv(buf, n, OAM_TLV_DDMAP, (uint16_t)fixed, v);
	}
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_uint_eq(e.n_ddmap, OAM_ECHO_MAX_DDMAP);
	free(buf);
}
END_TEST

START_TEST(test_unknown_tlvs)
{
	uint8_t buf[BUF], val[5] = "hello";
	struct oam_echo e;
	size_t n, first, second;

	/* Unknown mandatory TLVs: status UNKNOWN and where they are. */
	first = full_request(buf);
	n = add_tlv(buf, first, 500, sizeof(val), val);
	second = n;
	n = add_tlv(buf, n, OAM_TLV_MANDATORY_MAX, 4, "abcd");
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_UNKNOWN);
	ck_assert_uint_eq(e.n_errored, 2);
	ck_assert_uint_eq(e.errored_off[0], first);
	ck_assert_uint_eq(e.errored_len[0], 4 + sizeof(val));
	ck_assert_uint_eq(e.errored_off[1], second);
	ck_assert_uint_eq(e.errored_len[1], 8);
	ck_assert_uint_eq(wire_get16(buf + e.errored_off[0]), 500);
	/* Everything else was still decoded. */
	ck_assert_int_eq(e.has_fec, true);
	ck_assert_uint_eq(e.n_ddmap, 1);

	/* Unknown optional TLVs (>= 32768) are ignored. */
	n = add_tlv(buf, full_request(buf), 0x8000, 4, "abcd");
	n = add_tlv(buf, n, 0xfffe, 5, val);
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_uint_eq(e.n_errored, 0);

	/* The understood-but-ignored types are not unknown. */
	n = bare_request(buf);
	n = add_tlv(buf, n, OAM_TLV_PAD, 4, "\1\0\0\0");
	n = add_tlv(buf, n, OAM_TLV_VENDOR, 4, "\0\0\0\1");
	n = add_tlv(buf, n, OAM_TLV_ERRORED, 4, "abcd");
	n = add_tlv(buf, n, OAM_TLV_REPLY_TOS, 4, "\0\0\0\0");
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);

	/* Malformed wins over unknown, in either order. */
	n = add_tlv(buf, bare_request(buf), 600, 4, "abcd");
	n = add_tlv(buf, n, OAM_TLV_SOURCE_ID, 3, "abc");
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);
	n = add_tlv(buf, bare_request(buf), OAM_TLV_SOURCE_ID, 3, "abc");
	n = add_tlv(buf, n, 600, 4, "abcd");
	ck_assert_int_eq(decode(buf, n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_MALFORMED);
}
END_TEST

/* ------------------------------------------------------------------ round trips */

START_TEST(test_request_round_trip)
{
	struct oam_echo_request_params p = request_params();
	uint8_t buf[BUF];
	struct oam_echo e;
	ssize_t n;

	n = oam_echo_build_request(buf, sizeof(buf), &p);
	ck_assert_int_eq(n, FULL_LEN);
	ck_assert_int_eq(n % 4, 0);
	ck_assert_int_eq(decode(buf, (size_t)n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_uint_eq(e.version, 1);
	ck_assert_uint_eq(e.flags, OAM_ECHO_FLAG_V | OAM_ECHO_FLAG_T);
	ck_assert_uint_eq(e.msg_type, OAM_ECHO_REQUEST);
	ck_assert_uint_eq(e.reply_mode, OAM_REPLY_MODE_ACH);
	ck_assert_uint_eq(e.rc, 0);
	ck_assert_uint_eq(e.rsc, 0);
	ck_assert_uint_eq(e.handle, 0xdeadbeef);
	ck_assert_uint_eq(e.seq, 42);
	ck_assert_uint_eq(e.sent_sec, 3909000000u);
	ck_assert_uint_eq(e.sent_frac, 0x40000000);
	ck_assert_uint_eq(e.rcvd_sec, 0);
	ck_assert_uint_eq(e.rcvd_frac, 0);
	ck_assert_int_eq(e.has_fec, true);
	ck_assert_uint_eq(e.fec.src.global_id, 65000);
	ck_assert_uint_eq(e.fec.src.node_id, 0xc0000201);
	ck_assert_uint_eq(e.fec.src_tunnel, 11);
	ck_assert_uint_eq(e.fec.lsp_num, 12);
	ck_assert_uint_eq(e.fec.dst.global_id, 65001);
	ck_assert_uint_eq(e.fec.dst.node_id, 0xc0000203);
	ck_assert_uint_eq(e.fec.dst_tunnel, 13);
	ck_assert_int_eq(e.has_src_id, true);
	ck_assert_uint_eq(e.src_id.global_id, 65000);
	ck_assert_uint_eq(e.src_id.node_id, 0xc0000201);
	ck_assert_int_eq(e.has_dst_id, true);
	ck_assert_uint_eq(e.dst_id.global_id, 65000);
	ck_assert_uint_eq(e.dst_id.node_id, 0xc0000202);
	ck_assert_uint_eq(e.n_ddmap, 1);
	ck_assert_uint_eq(e.ddmap[0].mtu, 1500);
	ck_assert_uint_eq(e.ddmap[0].addr_type, OAM_DDMAP_ADDR_NON_IP);
	ck_assert_uint_eq(e.ddmap[0].flags, OAM_DDMAP_FLAG_N | OAM_DDMAP_FLAG_I);
	ck_assert_uint_eq(e.ddmap[0].ingress, 4000000000u);
	ck_assert_uint_eq(e.ddmap[0].egress, 0);
	ck_assert_int_eq(e.ddmap[0].has_label, true);
	ck_assert_uint_eq(e.ddmap[0].label, 0xfffff);
	ck_assert_uint_eq(e.n_errored, 0);
	/* Wire details: the TLV order and the label entry (S = 1, protocol static). */
	ck_assert_uint_eq(wire_get16(buf + OFF_FEC), OAM_TLV_TARGET_FEC);
	ck_assert_uint_eq(wire_get16(buf + OFF_FEC + 4), OAM_FEC_STATIC_LSP);
	ck_assert_uint_eq(wire_get16(buf + OFF_SRC), OAM_TLV_SOURCE_ID);
	ck_assert_uint_eq(wire_get16(buf + OFF_DST), OAM_TLV_DEST_ID);
	ck_assert_uint_eq(wire_get16(buf + OFF_DDM), OAM_TLV_DDMAP);
	ck_assert_uint_eq(wire_get32(buf + FULL_LEN - 4), (0xfffffu << 12) | 0x100 | 1);

	/* No Destination Identifier, DDMAP without a label. */
	p.has_dst_id = false;
	p.ddmap_has_label = false;
	p.ddmap_ingress = 0;
	p.ddmap_egress = 7;
	n = oam_echo_build_request(buf, sizeof(buf), &p);
	ck_assert_int_eq(n, FULL_LEN - 12 - 8);
	ck_assert_int_eq(decode(buf, (size_t)n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_int_eq(e.has_dst_id, false);
	ck_assert_uint_eq(e.n_ddmap, 1);
	ck_assert_uint_eq(e.ddmap[0].egress, 7);
	ck_assert_int_eq(e.ddmap[0].has_label, false);

	/* Neither. */
	p.has_ddmap = false;
	n = oam_echo_build_request(buf, sizeof(buf), &p);
	ck_assert_int_eq(n, OFF_DST);
	ck_assert_int_eq(decode(buf, (size_t)n, &e), 0);
	ck_assert_uint_eq(e.n_ddmap, 0);
	ck_assert_int_eq(e.has_src_id, true);
}
END_TEST

START_TEST(test_reply_round_trip)
{
	struct oam_echo_request_params rp = request_params();
	uint8_t req_msg[BUF], buf[BUF];
	struct oam_echo req, e;
	struct oam_echo_reply_params p;
	ssize_t n;

	rp.flags |= OAM_ECHO_FLAG_R;
	n = oam_echo_build_request(req_msg, sizeof(req_msg), &rp);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(decode(req_msg, (size_t)n, &req), 0);

	memset(&p, 0, sizeof(p));
	p.req = &req;
	p.req_msg = req_msg;
	p.req_len = (size_t)n;
	p.rc = OAM_RC_SEE_DDMAP;
	p.rsc = 0;
	p.rcvd_sec = 3909000001u;
	p.rcvd_frac = 0x80000000;
	p.src_id = (struct lsr_node_ident){ 65000, 0xc0000202 };
	p.n_ddmap = 2;
	p.ddmap[0] = (struct oam_ddmap){ .ingress = 1, .egress = 2, .rc = OAM_RC_LABEL_SWITCHED,
					 .rsc = 1, .has_label = true, .label = 1048575 };
	p.ddmap[1] = (struct oam_ddmap){ .mtu = 9000, .flags = OAM_DDMAP_FLAG_I, .ingress = 1,
					 .egress = 3, .rc = OAM_RC_DS_MISMATCH, .rsc = 1 };

	n = oam_echo_build_reply(buf, sizeof(buf), &p);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(n % 4, 0);
	ck_assert_int_eq(decode(buf, (size_t)n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_uint_eq(e.version, 1);
	ck_assert_uint_eq(e.msg_type, OAM_ECHO_REPLY);
	ck_assert_uint_eq(e.reply_mode, OAM_REPLY_MODE_ACH);
	ck_assert_uint_eq(e.flags, OAM_ECHO_FLAG_V | OAM_ECHO_FLAG_T);	/* R cleared */
	ck_assert_uint_eq(e.rc, OAM_RC_SEE_DDMAP);
	ck_assert_uint_eq(e.rsc, 0);
	ck_assert_uint_eq(e.handle, 0xdeadbeef);
	ck_assert_uint_eq(e.seq, 42);
	ck_assert_uint_eq(e.sent_sec, 3909000000u);
	ck_assert_uint_eq(e.sent_frac, 0x40000000);
	ck_assert_uint_eq(e.rcvd_sec, 3909000001u);
	ck_assert_uint_eq(e.rcvd_frac, 0x80000000);
	ck_assert_int_eq(e.has_src_id, true);
	ck_assert_uint_eq(e.src_id.global_id, 65000);
	ck_assert_uint_eq(e.src_id.node_id, 0xc0000202);
	ck_assert_int_eq(e.has_dst_id, false);
	ck_assert_int_eq(e.has_fec, false);
	ck_assert_uint_eq(e.n_ddmap, 2);
	ck_assert_uint_eq(e.ddmap[0].mtu, 1500);	/* default for 0 */
	ck_assert_uint_eq(e.ddmap[0].addr_type, OAM_DDMAP_ADDR_NON_IP);
	ck_assert_uint_eq(e.ddmap[0].flags, 0);
	assert_ddmap(&e.ddmap[0], 1, 2, 1, 1048575);
	ck_assert_uint_eq(e.ddmap[1].mtu, 9000);
	ck_assert_uint_eq(e.ddmap[1].flags, OAM_DDMAP_FLAG_I);
	ck_assert_uint_eq(e.ddmap[1].egress, 3);
	ck_assert_uint_eq(e.ddmap[1].rc, OAM_RC_DS_MISMATCH);
	ck_assert_int_eq(e.ddmap[1].has_label, false);
	/* No Errored TLVs unless rc is 2. */
	ck_assert_int_eq(n, HDR + 12 + 28 + 20);

	/* More DDMAPs than fit in a decoded message are clamped. */
	p.n_ddmap = 200;
	n = oam_echo_build_reply(buf, sizeof(buf), &p);
	ck_assert_int_eq(n, HDR + 12 + OAM_ECHO_MAX_DDMAP * 20 + 8);
}
END_TEST

START_TEST(test_reply_errored_tlvs)
{
	uint8_t req_msg[BUF], buf[BUF], val[5] = "hello";
	struct oam_echo req, e;
	struct oam_echo_reply_params p;
	size_t len, first, second, off;
	ssize_t n;

	first = full_request(req_msg);
	second = add_tlv(req_msg, first, 500, sizeof(val), val);
	len = add_tlv(req_msg, second, 501, 4, "abcd");
	len = add_tlv(req_msg, len, 0x9000, 4, "zzzz");	/* optional: not echoed */
	/* The last unknown TLV is unpadded and at the very end. */
	len = add_tlv(req_msg, len, 502, 1, "x") - 3;
	ck_assert_int_eq(decode(req_msg, len, &req), 0);
	ck_assert_int_eq(req.tlv_status, OAM_TLVS_UNKNOWN);
	ck_assert_uint_eq(req.n_errored, 3);

	memset(&p, 0, sizeof(p));
	p.req = &req;
	p.req_msg = req_msg;
	p.req_len = len;
	p.rc = OAM_RC_TLV_UNKNOWN;
	p.src_id = (struct lsr_node_ident){ 1, 2 };
	n = oam_echo_build_reply(buf, sizeof(buf), &p);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(decode(buf, (size_t)n, &e), 0);
	ck_assert_int_eq(e.tlv_status, OAM_TLVS_OK);
	ck_assert_uint_eq(e.rc, OAM_RC_TLV_UNKNOWN);

	/* Errored TLVs (9) follows the Source Identifier: each TLV copied, padded. */
	off = HDR + 12;
	ck_assert_uint_eq(wire_get16(buf + off), OAM_TLV_ERRORED);
	ck_assert_uint_eq(wire_get16(buf + off + 2), 12 + 8 + 8);
	ck_assert_int_eq(n, off + 4 + 28);
	ck_assert_mem_eq(buf + off + 4, req_msg + first, 4 + sizeof(val));
	ck_assert_mem_eq(buf + off + 4 + 9, "\0\0\0", 3);
	ck_assert_mem_eq(buf + off + 16, req_msg + second, 8);
	ck_assert_uint_eq(wire_get16(buf + off + 24), 502);
	ck_assert_uint_eq(wire_get16(buf + off + 26), 1);
	ck_assert_mem_eq(buf + off + 28, "x\0\0\0", 4);

	/* Offsets outside the request are refused. */
	req.errored_off[0] = (uint16_t)len;
	ck_assert_int_eq(oam_echo_build_reply(buf, sizeof(buf), &p), -EINVAL);
	req.errored_off[0] = (uint16_t)first;
	req.errored_len[0] = (uint16_t)(len - first + 1);
	ck_assert_int_eq(oam_echo_build_reply(buf, sizeof(buf), &p), -EINVAL);
	/* Without the request bytes there is nothing to copy. */
	p.req_msg = NULL;
	n = oam_echo_build_reply(buf, sizeof(buf), &p);
	ck_assert_int_eq(n, HDR + 12);
}
END_TEST

/* ------------------------------------------------------------------ NTP, names */

START_TEST(test_ntp)
{
	static const uint64_t samples[] = {
		0, 1, 999999999, 1000000000, 1700000000123456789ull,
		2085978495999999999ull, 2085978496000000000ull, 4000000000000000001ull,
	};
	uint32_t sec, frac;
	size_t i;

	/* RFC 5905: the Unix epoch is NTP second 2208988800. */
	oam_ntp_from_ns(0, &sec, &frac);
	ck_assert_uint_eq(sec, 2208988800u);
	ck_assert_uint_eq(frac, 0);
	ck_assert_uint_eq(oam_ntp_to_ns(2208988800u, 0), 0);
	oam_ntp_from_ns(1500000000ull, &sec, &frac);
	ck_assert_uint_eq(sec, 2208988801u);
	ck_assert_uint_eq(frac, 0x80000000u);
	ck_assert_uint_eq(oam_ntp_to_ns(2208988801u, 0x80000000u), 1500000000ull);
	ck_assert_uint_eq(oam_ntp_to_ns(2208988800u, 0xffffffffu), 1000000000ull);
	oam_ntp_from_ns(1700000000ull * 1000000000ull + 250000000ull, &sec, &frac);
	ck_assert_uint_eq(sec, 1700000000u + 2208988800u);
	ck_assert_uint_eq(frac, 0x40000000u);
	/* Fractions are rounded to the nearest 2^-32 s. */
	oam_ntp_from_ns(999999999ull, &sec, &frac);
	ck_assert_uint_eq(sec, 2208988800u);
	ck_assert_uint_eq(frac, 4294967292u);
	/* Era 1 starts on 2036-02-07 06:28:16 UTC. */
	oam_ntp_from_ns(2085978496ull * 1000000000ull, &sec, &frac);
	ck_assert_uint_eq(sec, 0);
	ck_assert_uint_eq(oam_ntp_to_ns(0, 0), 2085978496ull * 1000000000ull);
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		oam_ntp_from_ns(samples[i], &sec, &frac);
		ck_assert_uint_eq(oam_ntp_to_ns(sec, frac), samples[i]);
	}
}
END_TEST

START_TEST(test_rc_name)
{
	unsigned int rc;

	ck_assert_str_eq(oam_rc_name(OAM_RC_LABEL_SWITCHED), "label switched at stack depth");
	ck_assert_str_eq(oam_rc_name(OAM_RC_MALFORMED), "malformed echo request received");
	ck_assert_str_eq(oam_rc_name(16), "unassigned");
	ck_assert_str_eq(oam_rc_name(255), "vendor private");
	for (rc = 0; rc < 256; rc++)
		ck_assert_ptr_nonnull(oam_rc_name((uint8_t)rc));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("lspping");

	CHECK_TCASE(s, "bad_args", test_decode_bad_args, test_build_bad_args, test_build_enospc);
	CHECK_TCASE(s, "hostile", test_truncation_every_byte, test_unpadded_last_tlv,
		    test_tlv_length_overrun, test_zero_length_tlvs, test_identifier_rules,
		    test_fec_subtlv_overrun, test_ddmap_subtlv_overrun, test_many_tlvs,
		    test_unknown_tlvs);
	CHECK_TCASE(s, "round_trip", test_request_round_trip, test_reply_round_trip,
		    test_reply_errored_tlvs);
	CHECK_TCASE(s, "ntp", test_ntp, test_rc_name);
	return check_unit_main(s);
}
