/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IP form of LSP Ping inside the G-ACh (RFC 6426 §2, RFC 8029 §4.3-§4.5):
 * validating the IPv4/IPv6 and UDP headers of a received message before any
 * of it is trusted, and writing them around a reply or a request.  Every read
 * is bounded by the length given; multi-byte fields go through wire_get16/put16
 * (docs/CONVENTIONS.md rule 3).
 * docs/WIRE-FORMAT.md "LSP Ping, IP form" has the layout and the choices.
 */
#include <errno.h>
#include <string.h>

#include "lsr_config.h"
#include "oam_lspping.h"
#include "oam_lspping_ip.h"

#define IPV4_OPT_EOL        0
#define IPV4_OPT_NOP        1
#define IPV4_OPT_RA         148	/* RFC 2113: copied flag + option 20 */
#define IPV4_FLAG_MF        0x2000
#define IPV4_FRAG_OFF_MASK  0x1fff
#define IPV6_OPT_PAD1       0
#define IPV6_OPT_PADN       1
#define IPV6_OPT_RA         5	/* RFC 2711 */
#define IPV6_RA_MPLS_OAM    69	/* RFC 7506 §3 */
#define ECHO_MSG_TYPE_OFF   4	/* RFC 8029 §3 */

static const char *const ip_error_names[OAM_IP_ERR_MAX] = {
	[OAM_IP_OK] = "ok",
#define _(sym, str) [OAM_IP_ERR_##sym] = str,
	foreach_oam_ip_error(_)
#undef _
};

const char *
oam_ip_error_name(enum oam_ip_error e)
{
	return (unsigned int)e < OAM_IP_ERR_MAX ? ip_error_names[e] : NULL;
}

/* The 32-bit one's complement sum of n bytes, big-endian 16-bit words (RFC 1071). */
static uint32_t
sum16(uint32_t sum, const uint8_t *p, size_t n)
{
	for (; n >= 2; p += 2, n -= 2)
		sum += wire_get16(p);
	if (n)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t
fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The UDP pseudo-header's sum: addresses, protocol 17, UDP length (RFC 768, RFC 8200 §8.1). */
static uint32_t
pseudo_sum(uint8_t version, const uint8_t *src, const uint8_t *dst, uint16_t udp_len)
{
	size_t alen = version == 4 ? 4 : 16;

	return sum16(sum16(0, src, alen), dst, alen) + OAM_IP_PROTO_UDP + udp_len;
}

/* RFC 791 §3.1: options within the header; a Router Alert option is noted. */
static enum oam_ip_error
walk_ipv4_options(const uint8_t *o, size_t n, bool *ra)
{
	size_t i = 0;

	while (i < n) {
		if (o[i] == IPV4_OPT_EOL)
			return OAM_IP_OK;
		if (o[i] == IPV4_OPT_NOP) {
			i++;
			continue;
		}
		if (i + 2 > n || o[i + 1] < 2 || i + o[i + 1] > n)
			return OAM_IP_ERR_OPTION;
		if (o[i] == IPV4_OPT_RA)
			*ra = true;
		i += o[i + 1];
	}
	return OAM_IP_OK;
}

/* RFC 8200 §4.2: the options of a Hop-by-Hop header; a Router Alert option is noted. */
static enum oam_ip_error
walk_ipv6_options(const uint8_t *o, size_t n, bool *ra)
{
	size_t i = 0;

	while (i < n) {
		if (o[i] == IPV6_OPT_PAD1) {
			i++;
			continue;
		}
		if (i + 2 > n || i + 2 + o[i + 1] > n)
			return OAM_IP_ERR_OPTION;
		if (o[i] == IPV6_OPT_RA)
			*ra = true;
		i += 2 + (size_t)o[i + 1];
	}
	return OAM_IP_OK;
}

/* IPv4 (RFC 791): sets *l4 to the UDP header's offset and *end to the datagram's end. */
static enum oam_ip_error
decode_ipv4(const uint8_t *b, size_t len, struct oam_ip_info *ip, size_t *l4, size_t *end)
{
	size_t ihl, total;
	uint16_t frag;

	if (len < OAM_IPV4_HDR_LEN)
		return OAM_IP_ERR_TRUNCATED;
	if (b[0] >> 4 != 4)
		return OAM_IP_ERR_VERSION;
	ihl = (size_t)(b[0] & 0x0f) * 4;
	if (ihl < OAM_IPV4_HDR_LEN)
		return OAM_IP_ERR_HDR_LEN;
	if (ihl > len)
		return OAM_IP_ERR_TRUNCATED;
	total = wire_get16(b + 2);
	if (total < ihl || total > len)
		return OAM_IP_ERR_TOTAL_LEN;
	if (fold(sum16(0, b, ihl)) != 0xffff)
		return OAM_IP_ERR_HDR_CSUM;
	if (walk_ipv4_options(b + OAM_IPV4_HDR_LEN, ihl - OAM_IPV4_HDR_LEN,
			      &ip->router_alert) != OAM_IP_OK)
		return OAM_IP_ERR_OPTION;
	frag = wire_get16(b + 6);
	if (frag & (IPV4_FLAG_MF | IPV4_FRAG_OFF_MASK))
		return OAM_IP_ERR_FRAGMENT;
	if (b[9] != OAM_IP_PROTO_UDP)
		return OAM_IP_ERR_PROTO;
	ip->ttl = b[8];
	memcpy(ip->src, b + 12, 4);
	memcpy(ip->dst, b + 16, 4);
	*l4 = ihl;
	*end = total;
	return OAM_IP_OK;
}

/* IPv6 (RFC 8200): UDP directly, or after one Hop-by-Hop Options header. */
static enum oam_ip_error
decode_ipv6(const uint8_t *b, size_t len, struct oam_ip_info *ip, size_t *l4, size_t *end)
{
	size_t total, off = OAM_IPV6_HDR_LEN;
	uint8_t nh;

	if (len < OAM_IPV6_HDR_LEN)
		return OAM_IP_ERR_TRUNCATED;
	if (b[0] >> 4 != 6)
		return OAM_IP_ERR_VERSION;
	total = OAM_IPV6_HDR_LEN + (size_t)wire_get16(b + 4);
	if (total > len)
		return OAM_IP_ERR_TOTAL_LEN;
	nh = b[6];
	ip->ttl = b[7];
	memcpy(ip->src, b + 8, 16);
	memcpy(ip->dst, b + 24, 16);
	if (nh == OAM_IP_PROTO_HOPOPTS) {
		size_t hlen;

		if (off + 2 > total)
			return OAM_IP_ERR_TRUNCATED;
		hlen = 8 + (size_t)b[off + 1] * 8;
		if (off + hlen > total)
			return OAM_IP_ERR_TRUNCATED;
		if (walk_ipv6_options(b + off + 2, hlen - 2, &ip->router_alert) != OAM_IP_OK)
			return OAM_IP_ERR_OPTION;
		nh = b[off];
		off += hlen;
	}
	if (nh != OAM_IP_PROTO_UDP)
		return OAM_IP_ERR_PROTO;
	*l4 = off;
	*end = total;
	return OAM_IP_OK;
}

/* RFC 8029 §4.3: a request goes to 127/8, or ::ffff:127.0.0.0/104 over IPv6. */
static bool
dst_is_loopback(const struct oam_ip_info *ip)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (ip->version == 4)
		return ip->dst[0] == 127;
	return memcmp(ip->dst, mapped, sizeof(mapped)) == 0 && ip->dst[12] == 127;
}

enum oam_ip_error
oam_lspping_ip_decode(const uint8_t *buf, size_t len, uint16_t channel, struct oam_ip_info *ip)
{
	enum oam_ip_error err;
	size_t l4, end, udp_len;
	uint16_t csum;

	if (buf == NULL || ip == NULL)
		return OAM_IP_ERR_TRUNCATED;
	memset(ip, 0, sizeof(*ip));
	ip->version = channel == GACH_CH_IPV6 ? 6 : 4;
	err = ip->version == 4 ? decode_ipv4(buf, len, ip, &l4, &end) :
				 decode_ipv6(buf, len, ip, &l4, &end);
	if (err != OAM_IP_OK)
		return err;
	if (l4 + OAM_UDP_HDR_LEN > end)
		return OAM_IP_ERR_TRUNCATED;
	udp_len = wire_get16(buf + l4 + 4);
	if (udp_len != end - l4)
		return OAM_IP_ERR_UDP_LEN;
	csum = wire_get16(buf + l4 + 6);
	/* RFC 768: 0 means no checksum over IPv4; RFC 8200 §8.1 forbids it over IPv6. */
	if ((csum == 0 && ip->version == 6) ||
	    (csum != 0 && fold(pseudo_sum(ip->version, ip->src, ip->dst, (uint16_t)udp_len) +
			       sum16(0, buf + l4, udp_len)) != 0xffff))
		return OAM_IP_ERR_UDP_CSUM;
	ip->sport = wire_get16(buf + l4);
	ip->dport = wire_get16(buf + l4 + 2);
	ip->msg_off = (uint16_t)(l4 + OAM_UDP_HDR_LEN);
	ip->msg_len = (uint16_t)(udp_len - OAM_UDP_HDR_LEN);
	if (ip->msg_len <= ECHO_MSG_TYPE_OFF)
		return OAM_IP_OK;	/* too short to be a message: the echo decoder says so */
	/* RFC 8029 §4.3: requests to port 3503 at a loopback address; §4.5: replies from 3503. */
	switch (buf[ip->msg_off + ECHO_MSG_TYPE_OFF]) {
	case OAM_ECHO_REQUEST:
		if (ip->dport != OAM_LSPPING_PORT)
			return OAM_IP_ERR_PORT;
		if (!dst_is_loopback(ip))
			return OAM_IP_ERR_DST;
		break;
	case OAM_ECHO_REPLY:
		if (ip->sport != OAM_LSPPING_PORT)
			return OAM_IP_ERR_PORT;
		break;
	default:
		break;
	}
	return OAM_IP_OK;
}

size_t
oam_lspping_ip_hdr_len(const struct oam_ip_hdr_params *p)
{
	if (p->version == 6)
		return OAM_IPV6_HDR_LEN + (p->router_alert ? OAM_IPV6_HBH_RA_LEN : 0) +
		       OAM_UDP_HDR_LEN;
	return OAM_IPV4_HDR_LEN + (p->router_alert ? OAM_IPV4_RA_LEN : 0) + OAM_UDP_HDR_LEN;
}

ssize_t
oam_lspping_ip_build(uint8_t *buf, size_t cap, const struct oam_ip_hdr_params *p,
		     const uint8_t *msg, size_t msg_len)
{
	size_t hdr, l4, total;
	uint16_t csum;

	if (buf == NULL || p == NULL || (msg == NULL && msg_len > 0) ||
	    (p->version != 4 && p->version != 6))
		return -EINVAL;
	hdr = oam_lspping_ip_hdr_len(p);
	total = hdr + msg_len;
	if (total > cap || total > UINT16_MAX)
		return -ENOSPC;
	memset(buf, 0, hdr);
	l4 = hdr - OAM_UDP_HDR_LEN;
	if (p->version == 4) {
		buf[0] = (uint8_t)(0x40 | l4 / 4);
		wire_put16(buf + 2, (uint16_t)total);
		buf[8] = p->ttl;
		buf[9] = OAM_IP_PROTO_UDP;
		memcpy(buf + 12, p->src, 4);
		memcpy(buf + 16, p->dst, 4);
		if (p->router_alert) {
			/* RFC 2113 §2.1: type 148, length 4, value 0 (examine the packet). */
			buf[20] = IPV4_OPT_RA;
			buf[21] = OAM_IPV4_RA_LEN;
		}
		wire_put16(buf + 10, (uint16_t)~fold(sum16(0, buf, l4)));
	} else {
		buf[0] = 0x60;
		wire_put16(buf + 4, (uint16_t)(total - OAM_IPV6_HDR_LEN));
		buf[6] = p->router_alert ? OAM_IP_PROTO_HOPOPTS : OAM_IP_PROTO_UDP;
		buf[7] = p->ttl;
		memcpy(buf + 8, p->src, 16);
		memcpy(buf + 24, p->dst, 16);
		if (p->router_alert) {
			/* RFC 2711 §2.1 option 5, length 2, value 69: MPLS OAM
			 * (RFC 7506 §3); PadN fills the header to 8 bytes. */
			buf[40] = OAM_IP_PROTO_UDP;
			buf[41] = 0;
			buf[42] = IPV6_OPT_RA;
			buf[43] = 2;
			wire_put16(buf + 44, IPV6_RA_MPLS_OAM);
			buf[46] = IPV6_OPT_PADN;
			buf[47] = 0;
		}
	}
	wire_put16(buf + l4, p->sport);
	wire_put16(buf + l4 + 2, p->dport);
	wire_put16(buf + l4 + 4, (uint16_t)(total - l4));
	if (msg_len > 0)
		memcpy(buf + hdr, msg, msg_len);
	csum = (uint16_t)~fold(pseudo_sum(p->version, p->src, p->dst, (uint16_t)(total - l4)) +
			       sum16(0, buf + l4, total - l4));
	/* RFC 768: a computed 0 is sent as all ones (0 would mean "none"). */
	wire_put16(buf + l4 + 6, csum == 0 ? 0xffff : csum);
	return (ssize_t)total;
}

void
oam_ip_source4(const struct lsr_config *cfg, uint8_t out[4])
{
	uint32_t id = cfg->node.node_id;

	if (cfg->has_ip4) {	/* `ip-address A.B.C.D` (docs/CONTRACT.md §2.1) */
		memcpy(out, cfg->ip4, 4);
		return;
	}
	out[0] = (uint8_t)(id >> 24);
	out[1] = (uint8_t)(id >> 16);
	out[2] = (uint8_t)(id >> 8);
	out[3] = (uint8_t)id;
}

void
oam_ip_source6(const struct lsr_config *cfg, uint8_t out[16])
{
	if (cfg->has_ip6) {	/* `ip-address X:X::X` */
		memcpy(out, cfg->ip6, 16);
		return;
	}
	memset(out, 0, 16);
	out[10] = 0xff;
	out[11] = 0xff;
	oam_ip_source4(cfg, out + 12);
}
