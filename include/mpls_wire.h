/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MPLS-TP wire formats shared by the fast path and OAM: the label stack entry,
 * the GAL and the Associated Channel Header.  Byte order is part of the type
 * (rte_be32_t); there are no bitfields.  One decoder of a label stack entry,
 * mpls_lse_decode(), and one encoder, mpls_lse_encode(), are used everywhere;
 * code that works on frames reads and writes LSEs with mpls_lse_load() and
 * mpls_lse_store(), which wrap them.
 */
#ifndef TPLSR_MPLS_WIRE_H
#define TPLSR_MPLS_WIRE_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>

#define MPLS_ETHERTYPE_UNICAST   0x8847
#define MPLS_ETHERTYPE_MULTICAST 0x8848
#define ETH_HDR_LEN 14

/*
 * Label stack entry [RFC 3032 §2.1]:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Label                  | TC  |S|       TTL     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct mpls_lse_hdr {
	rte_be32_t word;
} __attribute__((packed));
static_assert(sizeof(struct mpls_lse_hdr) == 4, "LSE is 4 bytes");

#define MPLS_LSE_LEN        4
#define MPLS_LABEL_SHIFT    12
#define MPLS_LABEL_MASK     0xfffff000u
#define MPLS_TC_SHIFT       9
#define MPLS_TC_MASK        0x00000e00u
#define MPLS_S_MASK         0x00000100u
#define MPLS_TTL_MASK       0x000000ffu
#define MPLS_LABEL_MAX      0xfffffu

/* Reserved labels [RFC 3032 §2.1, RFC 5586 §4, RFC 7274]. */
#define MPLS_LABEL_IPV4_NULL      0
#define MPLS_LABEL_ROUTER_ALERT   1
#define MPLS_LABEL_IPV6_NULL      2
#define MPLS_LABEL_IMPLICIT_NULL  3
#define MPLS_LABEL_GAL            13
#define MPLS_LABEL_OAM_ALERT      14
#define MPLS_LABEL_RESERVED_MAX   15

/** A label stack entry in host order. */
struct mpls_lse {
	uint32_t label;		/* 20 bits */
	uint8_t tc;		/* 3 bits */
	uint8_t s;		/* 0 or 1: bottom of stack */
	uint8_t ttl;
};

/** Decode a label stack entry kept as a big-endian word: the one decoder. */
static inline struct mpls_lse
mpls_lse_decode(rte_be32_t be)
{
	uint32_t w = rte_be_to_cpu_32(be);
	struct mpls_lse l = {
		.label = w >> MPLS_LABEL_SHIFT,
		.tc = (w & MPLS_TC_MASK) >> MPLS_TC_SHIFT,
		.s = (w & MPLS_S_MASK) != 0,
		.ttl = w & MPLS_TTL_MASK,
	};
	return l;
}

/** Encode host-order fields into a big-endian word: the one encoder (tc and label masked). */
static inline rte_be32_t
mpls_lse_encode(uint32_t label, uint8_t tc, bool s, uint8_t ttl)
{
	return rte_cpu_to_be_32((label & MPLS_LABEL_MAX) << MPLS_LABEL_SHIFT |
				(uint32_t)(tc & 7) << MPLS_TC_SHIFT | (s ? MPLS_S_MASK : 0) | ttl);
}

/**
 * Read the label stack entry in the 4 wire bytes at p: any alignment (frames
 * put LSEs at offset 14), no bitfields (docs/CONVENTIONS.md rule 3).  The
 * caller has checked that 4 bytes are there.
 */
static inline struct mpls_lse
mpls_lse_load(const uint8_t *p)
{
	rte_be32_t be;

	memcpy(&be, p, sizeof(be));
	return mpls_lse_decode(be);
}

/**
 * Swap the LSE at p whose host-order word is w (wire_get32()) [RFC 3031 §3.10]: label
 * replaced, TTL decremented [RFC 3443 §2], TC and S kept; one word written.
 * The caller checked that the TTL is above 1.
 */
static inline void
mpls_lse_swap(uint8_t *p, uint32_t w, uint32_t label)
{
	rte_be32_t be = rte_cpu_to_be_32(((label & MPLS_LABEL_MAX) << MPLS_LABEL_SHIFT |
					  (w & ~MPLS_LABEL_MASK)) - 1);

	memcpy(p, &be, sizeof(be));
}

/** Write l as the 4 wire bytes at p (any alignment); the inverse of mpls_lse_load(). */
static inline void
mpls_lse_store(uint8_t *p, struct mpls_lse l)
{
	rte_be32_t be = mpls_lse_encode(l.label, l.tc, l.s != 0, l.ttl);

	memcpy(p, &be, sizeof(be));
}

/*
 * Ethernet destinations of multicast MPLS (ethertype 0x8848) [RFC 5332 §4]:
 * 01-00-5E-80-00-00 .. 01-00-5E-8F-FF-FF.  The IPv4 multicast MACs
 * (01-00-5E-00-00-00 .. 01-00-5E-7F-FF-FF) are outside it.
 */
static inline bool
mpls_mcast_mac(const uint8_t *dst)
{
	return dst[0] == 0x01 && dst[1] == 0x00 && dst[2] == 0x5e && (dst[3] & 0xf0) == 0x80;
}

/*
 * Associated Channel Header [RFC 5586 §2.1, RFC 4385]:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0 0 1|Version|   Reserved    |         Channel Type          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct gach_hdr {
	uint8_t nibble_ver;	/* 0x10: first nibble 0001, version 0 */
	uint8_t reserved;
	rte_be16_t channel;
} __attribute__((packed));
static_assert(sizeof(struct gach_hdr) == 4, "ACH is 4 bytes");

#define GACH_LEN             4
#define GACH_FIRST_BYTE      0x10	/* 0001 | version 0 */
#define GACH_NIBBLE(b)       ((uint8_t)(b) >> 4)
#define GACH_ACH_NIBBLE      0x1	/* RFC 5586 §2.1 */
#define GACH_CW_NIBBLE       0x0	/* PW control word [RFC 4385] */

/* ACH channel types [RFC 5586 §10, RFC 6426, RFC 6428, RFC 6435, RFC 6374, RFC 6671]. */
#define GACH_CH_MPLS_DLM     0x000A
#define GACH_CH_MPLS_ILM     0x000B
#define GACH_CH_MPLS_DM      0x000C
#define GACH_CH_MPLS_DLM_DM  0x000D
#define GACH_CH_MPLS_ILM_DM  0x000E
#define GACH_CH_BFD_CC       0x0022
#define GACH_CH_BFD_CV       0x0023
#define GACH_CH_PSC          0x0024
#define GACH_CH_LSP_PING     0x0025	/* on-demand CV / route tracing, RFC 6426 §7.4 */
#define GACH_CH_LOCK_INSTRUCT 0x0026
#define GACH_CH_FM           0x0058
#define GACH_CH_G8113        0x8902	/* ITU-T G.8113.1 OAM PDUs, RFC 6671 */

/* Unaligned big-endian field access for codecs (fields sit at any offset). */
static inline uint16_t
wire_get16(const uint8_t *p)
{
	rte_be16_t v;

	memcpy(&v, p, sizeof(v));
	return rte_be_to_cpu_16(v);
}

static inline uint32_t
wire_get32(const uint8_t *p)
{
	rte_be32_t v;

	memcpy(&v, p, sizeof(v));
	return rte_be_to_cpu_32(v);
}

static inline void
wire_put16(uint8_t *p, uint16_t host)
{
	rte_be16_t v = rte_cpu_to_be_16(host);

	memcpy(p, &v, sizeof(v));
}

static inline void
wire_put32(uint8_t *p, uint32_t host)
{
	rte_be32_t v = rte_cpu_to_be_32(host);

	memcpy(p, &v, sizeof(v));
}

/** RFC 6370 identifiers: Global_ID::Node_ID. */
struct lsr_node_ident {
	uint32_t global_id;
	uint32_t node_id;
};

#endif /* TPLSR_MPLS_WIRE_H */
