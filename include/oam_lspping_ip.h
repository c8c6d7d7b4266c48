/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LSP Ping in the IP form inside the G-ACh (RFC 6426 §2: ACH channel 0x0021
 * IPv4 or 0x0057 IPv6, then IP / UDP port 3503 / the LSP Ping message of
 * RFC 8029): the codec of the IP and UDP headers.  Pure functions over a byte
 * buffer bounded by its length: no mbufs, no EAL, no clock.  The layout and
 * the choices are in docs/WIRE-FORMAT.md §3a.
 *
 * IPv4 [RFC 791 §3.1] (options: Router Alert, RFC 2113, in requests):
 * +-------+-------+---------------+-------------------------------+
 * |Version|  IHL  |      ToS      |          Total Length         |
 * |         Identification        |Flags|     Fragment Offset     |
 * |      TTL      | Protocol = 17 |        Header Checksum        |
 * |                        Source Address                         |
 * |                     Destination Address                       |
 * |                     Options (IHL > 5) ...                     |
 * +---------------------------------------------------------------+
 * IPv6 [RFC 8200 §3]: Version | Traffic Class | Flow Label, Payload Length,
 * Next Header (17, or 0 = Hop-by-Hop Options then 17), Hop Limit, Source (16),
 * Destination (16).
 * UDP [RFC 768]: Source Port | Destination Port (3503), Length | Checksum,
 * then the echo message of include/oam_lspping.h.
 */
#ifndef TPLSR_OAM_LSPPING_IP_H
#define TPLSR_OAM_LSPPING_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define GACH_CH_IPV4            0x0021	/* RFC 4385 §5, RFC 5586 §4: an IPv4 packet */
#define GACH_CH_IPV6            0x0057	/* RFC 4385 §5: an IPv6 packet */
#define OAM_LSPPING_PORT        3503	/* RFC 8029 §4.3 */

#define OAM_IPV4_HDR_LEN        20
#define OAM_IPV4_RA_LEN         4	/* Router Alert option, RFC 2113 */
#define OAM_IPV6_HDR_LEN        40
#define OAM_IPV6_HBH_RA_LEN     8	/* Hop-by-Hop header with Router Alert, RFC 2711 */
#define OAM_UDP_HDR_LEN         8
#define OAM_IP_PROTO_UDP        17
#define OAM_IP_PROTO_HOPOPTS    0
/* The largest IP + UDP header the builder writes: IPv6, Hop-by-Hop, UDP. */
#define OAM_LSPPING_IP_HDR_MAX  (OAM_IPV6_HDR_LEN + OAM_IPV6_HBH_RA_LEN + OAM_UDP_HDR_LEN)

/* Why an IP-form message is not trusted; every one is dropped `malformed`. */
#define foreach_oam_ip_error(_)                                              \
	_(TRUNCATED, "truncated")		/* a header runs past the buffer */  \
	_(VERSION, "ip-version")		/* not 4 on 0x0021, not 6 on 0x0057 */ \
	_(HDR_LEN, "ip-header-length")		/* IHL < 5 */                        \
	_(TOTAL_LEN, "ip-length")		/* total/payload length vs buffer */ \
	_(HDR_CSUM, "ip-checksum")		/* IPv4 header checksum */           \
	_(OPTION, "ip-option")			/* an option that cannot be walked */ \
	_(FRAGMENT, "ip-fragment")		/* MF or a fragment offset: no reassembly */ \
	_(PROTO, "not-udp")			/* next header not UDP (nor Hop-by-Hop then UDP) */ \
	_(UDP_LEN, "udp-length")		/* UDP length != IP payload length */ \
	_(UDP_CSUM, "udp-checksum")		/* wrong, or zero over IPv6 (RFC 8200 §8.1) */ \
	_(PORT, "udp-port")			/* request not to 3503, reply not from 3503 */ \
	_(DST, "ip-destination")		/* request not to 127/8 or ::ffff:127/104 */

enum oam_ip_error {
	OAM_IP_OK = 0,
#define _(sym, str) OAM_IP_ERR_##sym,
	foreach_oam_ip_error(_)
#undef _
	OAM_IP_ERR_MAX
};

/** The IP and UDP headers of an IP-form LSP Ping message, decoded. */
struct oam_ip_info {
	uint8_t version;	/* 4 or 6 */
	uint8_t ttl;		/* TTL or Hop Limit */
	bool router_alert;	/* IPv4 option 148 or IPv6 Hop-by-Hop option 5 */
	uint8_t src[16];	/* IPv4: the first 4 bytes, network order */
	uint8_t dst[16];
	uint16_t sport, dport;
	uint16_t msg_off;	/* the LSP Ping message: offset in the buffer */
	uint16_t msg_len;	/* and length (the UDP payload) */
};

/**
 * Validate the IP and UDP headers of an IP-form LSP Ping message (the bytes
 * after the ACH) and find the message.  channel says which IP version is
 * expected (GACH_CH_IPV4 or GACH_CH_IPV6).
 *
 * IPv4: version 4, IHL >= 5, header within the buffer, header checksum,
 * options walked within the header (a Router Alert option is noted), not a
 * fragment, protocol 17, total length within the buffer (bytes beyond it
 * are padding and ignored).  IPv6: version 6, payload length within the
 * buffer, next header 17, or a Hop-by-Hop Options header (walked, Router
 * Alert noted) then 17; no other extension header.  UDP: length = the IP
 * payload, checksum verified (zero accepted over IPv4 only).  Then, when the
 * message is at least 5 bytes, by its message type (RFC 8029 §4.3, §4.5): a
 * request must go to UDP port 3503 and to 127/8 (IPv4) or
 * ::ffff:127.0.0.0/104 (IPv6); a reply must come from port 3503.
 *
 * @return OAM_IP_OK (0) with info filled; else the first fault met (info is
 *   then partly filled and must not be used; a NULL argument is
 *   OAM_IP_ERR_TRUNCATED).  A reason rather than an errno: every fault is the
 *   same `malformed` drop, and the tests assert which check caught it.
 */
enum oam_ip_error oam_lspping_ip_decode(const uint8_t *buf, size_t len, uint16_t channel,
					struct oam_ip_info *info);

/** The name of an error ("ip-checksum", ...), or NULL. */
const char *oam_ip_error_name(enum oam_ip_error e);

/** The IP and UDP headers to wrap an LSP Ping message in. */
struct oam_ip_hdr_params {
	uint8_t version;	/* 4 or 6 */
	uint8_t ttl;
	bool router_alert;	/* add the Router Alert option (requests, RFC 8029 §4.3) */
	uint8_t src[16], dst[16];	/* IPv4: the first 4 bytes */
	uint16_t sport, dport;
};

/** The length of the IP + UDP headers oam_lspping_ip_build() writes for p. */
size_t oam_lspping_ip_hdr_len(const struct oam_ip_hdr_params *p);

/**
 * Write IP + UDP headers and msg into buf: IPv4 with the header checksum (and
 * the Router Alert option when asked), or IPv6 (Hop-by-Hop Router Alert when
 * asked); the UDP checksum is always computed (never 0: 0xffff instead).
 * @return the length written; -ENOSPC when cap is too small or the result
 *   would not fit 65535 bytes; -EINVAL on a NULL argument or a version other
 *   than 4 or 6.
 */
ssize_t oam_lspping_ip_build(uint8_t *buf, size_t cap, const struct oam_ip_hdr_params *p,
			     const uint8_t *msg, size_t msg_len);

struct lsr_config;

/**
 * The node's IP source address for the IP form (docs/OAM-NOTES.md "The IP
 * form: addresses"): the configured `ip-address` of the family, else (IPv4)
 * the Node_ID as an address, (IPv6) the IPv4-mapped form of the IPv4 source.
 * The only place that decides it.
 */
void oam_ip_source4(const struct lsr_config *cfg, uint8_t out[4]);
void oam_ip_source6(const struct lsr_config *cfg, uint8_t out[16]);

#endif /* TPLSR_OAM_LSPPING_IP_H */
