/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the IP form's codec (oam/lspping_ip.c): round trips through
 * the builder, then every header check with a frame that breaks exactly it
 * (and keeps every other check valid), then truncation at every byte.  The
 * checksums are verified by an oracle of this file (RFC 1071), not the
 * codec's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_codec.h"
#include "check_unit.h"
#include "lsr_config.h"
#include "oam_lspping.h"
#include "oam_lspping_ip.h"

#define BUF 2048

static enum oam_ip_error
decode_on_v4(const uint8_t *b, size_t len, struct oam_ip_info *ip)
{
	return oam_lspping_ip_decode(b, len, GACH_CH_IPV4, ip);
}

static enum oam_ip_error
decode_on_v6(const uint8_t *b, size_t len, struct oam_ip_info *ip)
{
	return oam_lspping_ip_decode(b, len, GACH_CH_IPV6, ip);
}

CHECK_EXACT_DECODER(exact_decode4_fn, decode_on_v4, struct oam_ip_info)
CHECK_EXACT_DECODER(exact_decode6_fn, decode_on_v6, struct oam_ip_info)

/* RFC 1071 oracle: the one's complement of the one's complement sum. */
static uint16_t
oracle_csum(uint32_t sum, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Recompute an IPv4 header's checksum after a test changed a field. */
static void
fix_ipv4_csum(uint8_t *b)
{
	size_t ihl = (size_t)(b[0] & 0x0f) * 4;
	uint16_t c;

	b[10] = b[11] = 0;
	c = oracle_csum(0, b, ihl);
	b[10] = (uint8_t)(c >> 8);
	b[11] = (uint8_t)c;
}

/* Recompute the UDP checksum (at l4) over the pseudo-header, for either version. */
static void
fix_udp_csum(uint8_t *b, size_t l4, bool v6)
{
	size_t alen = v6 ? 16 : 4, udp_len = (size_t)(b[l4 + 4] << 8 | b[l4 + 5]);
	const uint8_t *src = b + (v6 ? 8 : 12);
	uint32_t sum = OAM_IP_PROTO_UDP + (uint32_t)udp_len;
	uint16_t c;

	for (size_t i = 0; i < 2 * alen; i += 2)
		sum += (uint32_t)(src[i] << 8 | src[i + 1]);
	b[l4 + 6] = b[l4 + 7] = 0;
	c = oracle_csum(sum, b + l4, udp_len);
	if (c == 0)
		c = 0xffff;
	b[l4 + 6] = (uint8_t)(c >> 8);
	b[l4 + 7] = (uint8_t)c;
}

static enum oam_ip_error
decode4(const uint8_t *b, size_t len, struct oam_ip_info *ip)
{
	return (enum oam_ip_error)exact_decode4_fn(b, len, ip);
}

static enum oam_ip_error
decode6(const uint8_t *b, size_t len, struct oam_ip_info *ip)
{
	return (enum oam_ip_error)exact_decode6_fn(b, len, ip);
}

/* An echo request (or reply) message of 48 bytes: header + a Pad TLV. */
static size_t
echo_msg(uint8_t *m, uint8_t msg_type)
{
	memset(m, 0, 48);
	m[1] = OAM_ECHO_VERSION;
	m[4] = msg_type;
	m[5] = OAM_REPLY_MODE_ACH;
	m[8] = 0xca; m[9] = 0xfe; m[10] = 0xba; m[11] = 0xbe;	/* handle */
	m[33] = OAM_TLV_PAD;
	m[35] = 12;
	m[36] = 1;						/* drop pad TLV */
	return 48;
}

static const uint8_t SRC4[16] = { 192, 0, 2, 1 };
static const uint8_t LO4[16] = { 127, 0, 0, 1 };
static const uint8_t SRC6[16] = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 };
static const uint8_t LO6[16] = { [10] = 0xff, [11] = 0xff, 127, 1, 2, 3 };

static struct oam_ip_hdr_params
params(uint8_t version, bool ra, uint8_t msg_type)
{
	struct oam_ip_hdr_params p = { .version = version, .ttl = 1, .router_alert = ra };

	memcpy(p.src, version == 4 ? SRC4 : SRC6, 16);
	memcpy(p.dst, version == 4 ? LO4 : LO6, 16);
	p.sport = 49152;
	p.dport = OAM_LSPPING_PORT;
	if (msg_type == OAM_ECHO_REPLY) {
		p.sport = OAM_LSPPING_PORT;
		p.dport = 49152;
		memcpy(p.dst, version == 4 ? SRC4 : SRC6, 16);
		p.dst[version == 4 ? 3 : 15] = 9;	/* not a loopback address */
	}
	return p;
}

static size_t
build(uint8_t *b, const struct oam_ip_hdr_params *p, uint8_t msg_type)
{
	uint8_t m[64];
	size_t n = echo_msg(m, msg_type);
	ssize_t len = oam_lspping_ip_build(b, BUF, p, m, n);

	ck_assert_int_eq(len, (ssize_t)(oam_lspping_ip_hdr_len(p) + n));
	return (size_t)len;
}

static size_t
request4(uint8_t *b)
{
	struct oam_ip_hdr_params p = params(4, true, OAM_ECHO_REQUEST);

	return build(b, &p, OAM_ECHO_REQUEST);
}

static size_t
request6(uint8_t *b)
{
	struct oam_ip_hdr_params p = params(6, true, OAM_ECHO_REQUEST);

	return build(b, &p, OAM_ECHO_REQUEST);
}

/* ---------------------------------------------------------------- round trips */

START_TEST(test_ipv4_request_round_trip)
{
	uint8_t b[BUF];
	size_t len = request4(b);
	struct oam_ip_info ip;

	ck_assert_uint_eq(len, 24 + 8 + 48);
	/* The oracle agrees with both checksums. */
	ck_assert_uint_eq(oracle_csum(0, b, 24), 0);
	ck_assert_uint_eq(b[0], 0x46);
	ck_assert_uint_eq(b[20], 148);	/* Router Alert, RFC 2113 */
	ck_assert_uint_eq(b[21], 4);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_OK);
	ck_assert_uint_eq(ip.version, 4);
	ck_assert(ip.router_alert);
	ck_assert_uint_eq(ip.ttl, 1);
	ck_assert_int_eq(memcmp(ip.src, SRC4, 4), 0);
	ck_assert_int_eq(memcmp(ip.dst, LO4, 4), 0);
	ck_assert_uint_eq(ip.sport, 49152);
	ck_assert_uint_eq(ip.dport, 3503);
	ck_assert_uint_eq(ip.msg_off, 32);
	ck_assert_uint_eq(ip.msg_len, 48);
	ck_assert_uint_eq(b[ip.msg_off + 8], 0xca);
}
END_TEST

START_TEST(test_ipv6_request_round_trip)
{
	uint8_t b[BUF];
	size_t len = request6(b);
	struct oam_ip_info ip;

	ck_assert_uint_eq(len, 40 + 8 + 8 + 48);
	ck_assert_uint_eq(b[6], 0);	/* Hop-by-Hop */
	ck_assert_uint_eq(b[42], 5);	/* Router Alert, RFC 2711 */
	ck_assert_uint_eq(b[45], 69);	/* MPLS OAM, RFC 7506 */
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_OK);
	ck_assert_uint_eq(ip.version, 6);
	ck_assert(ip.router_alert);
	ck_assert_int_eq(memcmp(ip.dst, LO6, 16), 0);
	ck_assert_uint_eq(ip.msg_off, 56);
	ck_assert_uint_eq(ip.msg_len, 48);
}
END_TEST

START_TEST(test_reply_round_trip)
{
	uint8_t b[BUF];
	struct oam_ip_info ip;

	for (uint8_t v = 4; v <= 6; v += 2) {
		struct oam_ip_hdr_params p = params(v, false, OAM_ECHO_REPLY);
		size_t len = build(b, &p, OAM_ECHO_REPLY);

		ck_assert_uint_eq(len, (v == 4 ? 28u : 48u) + 48);
		ck_assert_int_eq(v == 4 ? decode4(b, len, &ip) : decode6(b, len, &ip), OAM_IP_OK);
		ck_assert(!ip.router_alert);
		ck_assert_uint_eq(ip.sport, 3503);
		ck_assert_uint_eq(ip.dport, 49152);
		ck_assert_uint_eq(ip.dst[v == 4 ? 3 : 15], 9);
	}
}
END_TEST

/* Ethernet padding after the datagram is not part of it. */
START_TEST(test_trailing_padding)
{
	uint8_t b[BUF];
	size_t len = request4(b);
	struct oam_ip_info ip;

	memset(b + len, 0xee, 20);
	ck_assert_int_eq(decode4(b, len + 20, &ip), OAM_IP_OK);
	ck_assert_uint_eq(ip.msg_len, 48);
}
END_TEST

/* IPv4 allows no UDP checksum (0); IPv6 does not (RFC 8200 §8.1). */
START_TEST(test_udp_zero_checksum)
{
	uint8_t b[BUF];
	size_t len = request4(b);
	struct oam_ip_info ip;

	b[24 + 6] = b[24 + 7] = 0;
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_OK);
	len = request6(b);
	b[48 + 6] = b[48 + 7] = 0;
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_UDP_CSUM);
}
END_TEST

/* ---------------------------------------------------------------- each check */

START_TEST(test_bad_checksums)
{
	uint8_t b[BUF];
	size_t len = request4(b);
	struct oam_ip_info ip;

	b[11] ^= 1;
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_HDR_CSUM);
	len = request4(b);
	b[len - 1] ^= 0x40;		/* a payload byte */
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_UDP_CSUM);
	len = request6(b);
	b[len - 1] ^= 0x40;
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_UDP_CSUM);
	len = request6(b);
	b[8] ^= 1;			/* the source address is in the pseudo-header */
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_UDP_CSUM);
}
END_TEST

START_TEST(test_wrong_version)
{
	uint8_t b[BUF];
	size_t len = request6(b);
	struct oam_ip_info ip;

	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_VERSION);
	len = request4(b);
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_VERSION);
}
END_TEST

START_TEST(test_ipv4_lengths)
{
	uint8_t b[BUF];
	size_t len = request4(b);
	struct oam_ip_info ip;

	b[0] = 0x44;			/* IHL 4 */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_HDR_LEN);
	len = request4(b);
	b[3] += 1;			/* total length one past the buffer */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_TOTAL_LEN);
	len = request4(b);
	b[2] = 0;
	b[3] = 16;			/* total length shorter than the header */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_TOTAL_LEN);
	len = request4(b);
	b[3] -= 1;			/* IP shorter than UDP says */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_UDP_LEN);
	len = request4(b);
	b[24 + 5] -= 4;			/* UDP length shorter than IP says */
	fix_udp_csum(b, 24, false);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_UDP_LEN);
	len = request4(b);
	b[2] = 0;
	b[3] = 28;			/* room for 4 bytes of UDP header only */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_TRUNCATED);
}
END_TEST

START_TEST(test_ipv6_lengths)
{
	uint8_t b[BUF];
	size_t len = request6(b);
	struct oam_ip_info ip;

	b[5] += 1;			/* payload one past the buffer */
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_TOTAL_LEN);
	len = request6(b);
	b[48 + 5] += 4;			/* UDP longer than the payload */
	fix_udp_csum(b, 48, true);
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_UDP_LEN);
	len = request6(b);
	b[41] = 200;			/* Hop-by-Hop longer than the payload */
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_TRUNCATED);
}
END_TEST

START_TEST(test_ipv4_options)
{
	uint8_t b[BUF];
	size_t len = request4(b);
	struct oam_ip_info ip;

	b[21] = 0;			/* option length 0 */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_OPTION);
	len = request4(b);
	b[21] = 8;			/* overruns the header */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_OPTION);
	len = request4(b);
	b[20] = 1;			/* NOP, NOP, NOP, EOL: no Router Alert, accepted */
	b[21] = 1;
	b[22] = 1;
	b[23] = 0;
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_OK);
	ck_assert(!ip.router_alert);
	len = request4(b);
	b[20] = 68;			/* timestamp option, 3 bytes of 4: type, length 3 ... */
	b[21] = 3;
	b[23] = 1;			/* ... then a lone NOP */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_OK);
	ck_assert(!ip.router_alert);
	len = request4(b);
	b[23] = 7;			/* a one-byte option that needs a length */
	b[20] = 1;
	b[21] = 1;
	b[22] = 1;
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_OPTION);
}
END_TEST

START_TEST(test_ipv6_options)
{
	uint8_t b[BUF];
	size_t len = request6(b);
	struct oam_ip_info ip;

	b[47] = 9;			/* PadN overruns the header */
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_OPTION);
	len = request6(b);
	memset(b + 42, 0, 6);		/* Pad1 only: no Router Alert */
	fix_udp_csum(b, 48, true);
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_OK);
	ck_assert(!ip.router_alert);
}
END_TEST

START_TEST(test_fragment_and_protocol)
{
	uint8_t b[BUF];
	size_t len = request4(b);
	struct oam_ip_info ip;

	b[6] = 0x20;			/* MF */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_FRAGMENT);
	len = request4(b);
	b[7] = 1;			/* offset 8 */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_FRAGMENT);
	len = request4(b);
	b[6] = 0x40;			/* DF alone is fine */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_OK);
	b[9] = 6;			/* TCP */
	fix_ipv4_csum(b);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_PROTO);
	len = request6(b);
	b[40] = 6;			/* TCP after the Hop-by-Hop header */
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_PROTO);
	len = request6(b);
	b[6] = 43;			/* a routing header: not accepted */
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_PROTO);
}
END_TEST

/* RFC 8029 §4.3: a request goes to 127/8 (::ffff:127/104); §4.5: replies come from 3503. */
START_TEST(test_destination_and_ports)
{
	uint8_t b[BUF];
	struct oam_ip_info ip;
	struct oam_ip_hdr_params p = params(4, true, OAM_ECHO_REQUEST);
	size_t len;

	p.dst[0] = 10;
	len = build(b, &p, OAM_ECHO_REQUEST);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_DST);
	p = params(6, false, OAM_ECHO_REQUEST);
	p.dst[12] = 126;
	len = build(b, &p, OAM_ECHO_REQUEST);
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_DST);
	p = params(6, false, OAM_ECHO_REQUEST);
	p.dst[11] = 0;			/* ::127.1.2.3, not IPv4-mapped */
	len = build(b, &p, OAM_ECHO_REQUEST);
	ck_assert_int_eq(decode6(b, len, &ip), OAM_IP_ERR_DST);
	p = params(4, true, OAM_ECHO_REQUEST);
	p.dport = 3504;
	len = build(b, &p, OAM_ECHO_REQUEST);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_PORT);
	p = params(4, false, OAM_ECHO_REPLY);
	p.sport = 3504;
	len = build(b, &p, OAM_ECHO_REPLY);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_ERR_PORT);
	/* Another message type: the echo decoder judges it, not the ports. */
	p = params(4, false, OAM_ECHO_REPLY);
	p.sport = 3504;
	len = build(b, &p, 3);
	ck_assert_int_eq(decode4(b, len, &ip), OAM_IP_OK);
}
END_TEST

/* Every prefix of a valid datagram is refused, and never read past (ASan). */
START_TEST(test_truncation_every_byte)
{
	uint8_t b[BUF];
	struct oam_ip_info ip;
	size_t len = request4(b);

	for (size_t n = 0; n < len; n++)
		ck_assert_int_ne(decode4(b, n, &ip), OAM_IP_OK);
	len = request6(b);
	for (size_t n = 0; n < len; n++)
		ck_assert_int_ne(decode6(b, n, &ip), OAM_IP_OK);
	ck_assert_int_eq(oam_lspping_ip_decode(NULL, 10, GACH_CH_IPV4, &ip), OAM_IP_ERR_TRUNCATED);
}
END_TEST

START_TEST(test_builder_limits)
{
	uint8_t b[BUF], m[64];
	struct oam_ip_hdr_params p = params(4, false, OAM_ECHO_REQUEST);
	size_t n = echo_msg(m, OAM_ECHO_REQUEST);

	ck_assert_int_eq(oam_lspping_ip_build(b, 28 + n - 1, &p, m, n), -ENOSPC);
	ck_assert_int_eq(oam_lspping_ip_build(b, 28 + n, &p, m, n), (ssize_t)(28 + n));
	ck_assert_int_eq(oam_lspping_ip_build(NULL, BUF, &p, m, n), -EINVAL);
	ck_assert_int_eq(oam_lspping_ip_build(b, BUF, &p, NULL, n), -EINVAL);
	p.version = 5;
	ck_assert_int_eq(oam_lspping_ip_build(b, BUF, &p, m, n), -EINVAL);
	ck_assert_str_eq(oam_ip_error_name(OAM_IP_ERR_UDP_CSUM), "udp-checksum");
	ck_assert_ptr_null(oam_ip_error_name(OAM_IP_ERR_MAX));
}
END_TEST

/* docs/OAM-NOTES.md: the source address is configured, else derived from the Node_ID. */
START_TEST(test_ip_source)
{
	struct lsr_config *cfg = calloc(1, sizeof(*cfg));
	uint8_t a4[4], a6[16];
	static const uint8_t want6[16] = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 7 };

	ck_assert_ptr_nonnull(cfg);
	cfg->node.node_id = 0xc0000207u;
	oam_ip_source4(cfg, a4);
	oam_ip_source6(cfg, a6);
	ck_assert_int_eq(memcmp(a4, want6 + 12, 4), 0);
	ck_assert_int_eq(memcmp(a6, want6, 16), 0);
	/* Configured (`ip-address`): used as written, per family. */
	{
		static const uint8_t c4[4] = { 198, 51, 100, 9 };
		static const uint8_t c6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 9 };

		cfg->has_ip4 = true;
		memcpy(cfg->ip4, c4, 4);
		oam_ip_source4(cfg, a4);
		oam_ip_source6(cfg, a6);
		ck_assert_int_eq(memcmp(a4, c4, 4), 0);
		/* No IPv6 one: the IPv4-mapped form of the IPv4 source. */
		ck_assert_int_eq(memcmp(a6, want6, 12), 0);
		ck_assert_int_eq(memcmp(a6 + 12, c4, 4), 0);
		cfg->has_ip6 = true;
		memcpy(cfg->ip6, c6, 16);
		oam_ip_source6(cfg, a6);
		ck_assert_int_eq(memcmp(a6, c6, 16), 0);
	}
	free(cfg);
}
END_TEST

static Suite *
lspping_ip_suite(void)
{
	Suite *s = suite_create("lspping-ip");

	CHECK_TCASE(s, "round-trip", test_ipv4_request_round_trip, test_ipv6_request_round_trip,
		    test_reply_round_trip, test_trailing_padding, test_udp_zero_checksum);
	CHECK_TCASE(s, "checks", test_bad_checksums, test_wrong_version, test_ipv4_lengths,
		    test_ipv6_lengths, test_ipv4_options, test_ipv6_options,
		    test_fragment_and_protocol, test_destination_and_ports,
		    test_truncation_every_byte, test_builder_limits, test_ip_source);
	return s;
}

int
main(void)
{
	return check_unit_main(lspping_ip_suite());
}
