/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LSP Ping codec for MPLS-TP on-demand CV and route tracing (RFC 6426 over
 * RFC 8029).  Byte buffers only: every multi-byte field is read and written
 * through memcpy and rte_be_to_cpu/rte_cpu_to_be, so no pointer into the
 * message is ever dereferenced at a type it is not aligned for, and every
 * walk is bounded by the length it was given.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>

#include "oam_lspping.h"

#define TLV_HDR_LEN          4
#define SRC_DST_ID_LEN       8	/* RFC 6426 §2.2.1: Global_ID, Node_ID */
#define FEC_STATIC_LSP_LEN   24	/* RFC 6426 §2.3 */
#define DDMAP_FIXED_LEN      4	/* MTU, Address Type, DS Flags [RFC 8029 §3.4] */
#define DDMAP_TAIL_LEN       4	/* Return Code, Return Subcode, Sub-TLV Length */
#define DDMAP_DEFAULT_MTU    1500
#define LABEL_ENTRY_LEN      4	/* label(20) TC(3) S(1) protocol(8) [RFC 8029 §3.4.1.2] */
#define NTP_UNIX_OFFSET      2208988800ull	/* seconds from 1900-01-01 to 1970-01-01 */
#define NS_PER_SEC           1000000000ull

/* DDMAP address types [RFC 8029 §3.4]. */
#define DDMAP_ADDR_IPV4_NUM   1
#define DDMAP_ADDR_IPV4_UNNUM 2
#define DDMAP_ADDR_IPV6_NUM   3
#define DDMAP_ADDR_IPV6_UNNUM 4

static inline size_t
pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/*
 * Where the next (sub-)TLV starts.  The Length excludes the padding to 4 bytes
 * [RFC 8029 §3]; a last TLV whose padding is missing is accepted (lenient on
 * what we receive), so the walk never goes past end.
 */
static inline size_t
tlv_next(size_t off, size_t vlen, size_t end)
{
	size_t next = off + TLV_HDR_LEN + pad4(vlen);

	return next > end ? end : next;
}

/*
 * Target FEC Stack [RFC 8029 §3.2]: a list of FEC sub-TLVs.  Only the Static
 * LSP sub-TLV [RFC 6426 §2.3] is decoded; other sub-TLVs are skipped (the
 * caller answers "no mapping" when has_fec stays false).
 * @return false when a sub-TLV overruns the TLV or has the wrong length.
 */
static bool
decode_fec_stack(const uint8_t *v, size_t vlen, struct oam_echo *e)
{
	size_t off = 0;

	while (off < vlen) {
		const uint8_t *s = v + off;
		uint16_t type, slen;

		if (vlen - off < TLV_HDR_LEN)
			return false;
		type = wire_get16(s);
		slen = wire_get16(s + 2);
		if (slen > vlen - off - TLV_HDR_LEN)
			return false;
		if (type == OAM_FEC_STATIC_LSP) {
			if (slen != FEC_STATIC_LSP_LEN)
				return false;
			if (!e->has_fec) {
				s += TLV_HDR_LEN;
				e->fec.src.global_id = wire_get32(s);
				e->fec.src.node_id = wire_get32(s + 4);
				e->fec.src_tunnel = wire_get16(s + 8);
				e->fec.lsp_num = wire_get16(s + 10);
				e->fec.dst.global_id = wire_get32(s + 12);
				e->fec.dst.node_id = wire_get32(s + 16);
				e->fec.dst_tunnel = wire_get16(s + 20);
				/* s + 22: MBZ, ignored on receipt */
				e->has_fec = true;
			}
		}
		off = tlv_next(off, slen, vlen);
	}
	return true;
}

/* Bytes of Downstream Address + Downstream Interface Address [RFC 8029 §3.4]. */
static int
ddmap_addr_len(uint8_t addr_type)
{
	switch (addr_type) {
	case DDMAP_ADDR_IPV4_NUM:
	case DDMAP_ADDR_IPV4_UNNUM:
		return 8;
	case DDMAP_ADDR_IPV6_NUM:
		return 32;
	case DDMAP_ADDR_IPV6_UNNUM:
		return 20;
	case OAM_DDMAP_ADDR_NON_IP:	/* ingress + egress IF_Num [RFC 6426 §2.1.1] */
		return 8;
	default:
		return -1;
	}
}

/*
 * Downstream Detailed Mapping [RFC 8029 §3.4]: fixed part, addresses, RC,
 * RSC, Sub-TLV Length, then sub-TLVs with 16-bit type and length
 * [RFC 8029 §3.4.1], bounded by both the Sub-TLV Length and the TLV.
 * @return false when anything is short or overruns.
 */
static bool
decode_ddmap(const uint8_t *v, size_t vlen, struct oam_ddmap *d)
{
	size_t fixed, off, end;
	uint16_t sub_len;
	int alen;

	memset(d, 0, sizeof(*d));
	if (vlen < DDMAP_FIXED_LEN)
		return false;
	d->mtu = wire_get16(v);
	d->addr_type = v[2];
	d->flags = v[3];
	alen = ddmap_addr_len(d->addr_type);
	if (alen < 0)
		return false;
	fixed = DDMAP_FIXED_LEN + (size_t)alen + DDMAP_TAIL_LEN;
	if (vlen < fixed)
		return false;
	if (d->addr_type == OAM_DDMAP_ADDR_NON_IP) {
		d->ingress = wire_get32(v + DDMAP_FIXED_LEN);
		d->egress = wire_get32(v + DDMAP_FIXED_LEN + 4);
	}
	off = DDMAP_FIXED_LEN + (size_t)alen;
	d->rc = v[off];
	d->rsc = v[off + 1];
	sub_len = wire_get16(v + off + 2);
	if (sub_len > vlen - fixed)
		return false;

	off = fixed;
	end = fixed + sub_len;
	while (off < end) {
		uint16_t type, slen;

		if (end - off < TLV_HDR_LEN)
			return false;
		type = wire_get16(v + off);
		slen = wire_get16(v + off + 2);
		if (slen > end - off - TLV_HDR_LEN)
			return false;
		if (type == OAM_DDMAP_SUB_LABELS) {
			/* Entries of 4 bytes: label(20) TC(3) S(1) protocol(8). */
			if (slen % LABEL_ENTRY_LEN != 0)
				return false;
			if (slen > 0 && !d->has_label) {
				d->label = wire_get32(v + off + TLV_HDR_LEN) >> MPLS_LABEL_SHIFT;
				d->has_label = true;
			}
		}
		off = tlv_next(off, slen, end);
	}
	return true;
}

static void
record_unknown(struct oam_echo *e, size_t off, size_t tlen)
{
	size_t whole = TLV_HDR_LEN + tlen;

	/* XXX: more than OAM_ECHO_MAX_ERRORED, or beyond 64 KiB: not echoed back. */
	if (e->n_errored >= OAM_ECHO_MAX_ERRORED || off > UINT16_MAX || whole > UINT16_MAX)
		return;
	e->errored_off[e->n_errored] = (uint16_t)off;
	e->errored_len[e->n_errored] = (uint16_t)whole;
	e->n_errored++;
}

int
oam_echo_decode(const uint8_t *msg, size_t len, struct oam_echo *e)
{
	bool malformed = false, unknown = false;
	size_t off;

	if (msg == NULL || e == NULL)
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	if (len < sizeof(struct oam_echo_hdr))
		return -EINVAL;

	/* Fixed header [RFC 8029 §3]. */
	e->version = wire_get16(msg);
	if (e->version != OAM_ECHO_VERSION)
		return -EINVAL;
	e->flags = wire_get16(msg + 2);
	e->msg_type = msg[4];
	e->reply_mode = msg[5];
	e->rc = msg[6];
	e->rsc = msg[7];
	e->handle = wire_get32(msg + 8);
	e->seq = wire_get32(msg + 12);
	e->sent_sec = wire_get32(msg + 16);
	e->sent_frac = wire_get32(msg + 20);
	e->rcvd_sec = wire_get32(msg + 24);
	e->rcvd_frac = wire_get32(msg + 28);

	off = sizeof(struct oam_echo_hdr);
	while (off < len) {
		const uint8_t *v;
		uint16_t type, tlen;

		if (len - off < TLV_HDR_LEN) {
			malformed = true;	/* a TLV header cut short */
			break;
		}
		type = wire_get16(msg + off);
		tlen = wire_get16(msg + off + 2);
		if (tlen > len - off - TLV_HDR_LEN) {
			malformed = true;	/* the value overruns the message */
			break;
		}
		v = msg + off + TLV_HDR_LEN;

		switch (type) {
		case OAM_TLV_TARGET_FEC:
			if (!decode_fec_stack(v, tlen, e))
				malformed = true;
			break;
		case OAM_TLV_SOURCE_ID:
		case OAM_TLV_DEST_ID: {
			/* At most one of each, length 8 [RFC 6426 §2.2.2, §2.2.3]. */
			bool src = type == OAM_TLV_SOURCE_ID;
			bool *has = src ? &e->has_src_id : &e->has_dst_id;
			struct lsr_node_ident *id = src ? &e->src_id : &e->dst_id;

			if (tlen != SRC_DST_ID_LEN || *has) {
				malformed = true;
				break;
			}
			id->global_id = wire_get32(v);
			id->node_id = wire_get32(v + 4);
			*has = true;
			break;
		}
		case OAM_TLV_DDMAP: {
			struct oam_ddmap d;

			if (!decode_ddmap(v, tlen, &d)) {
				malformed = true;
				break;
			}
			/* XXX: DDMAPs beyond OAM_ECHO_MAX_DDMAP are validated, not kept. */
			if (e->n_ddmap < OAM_ECHO_MAX_DDMAP)
				e->ddmap[e->n_ddmap++] = d;
			break;
		}
		case OAM_TLV_PAD:
		case OAM_TLV_VENDOR:
		case OAM_TLV_ERRORED:
		case OAM_TLV_REPLY_TOS:
			break;	/* understood, nothing to keep */
		default:
			/* RFC 8029 §3: types below 32768 must be understood. */
			if (type <= OAM_TLV_MANDATORY_MAX) {
				unknown = true;
				record_unknown(e, off, tlen);
			}
			break;
		}
		off = tlv_next(off, tlen, len);
	}

	if (malformed)
		e->tlv_status = OAM_TLVS_MALFORMED;
	else if (unknown)
		e->tlv_status = OAM_TLVS_UNKNOWN;
	else
		e->tlv_status = OAM_TLVS_OK;
	return 0;
}

/* A bounded writer: once a write does not fit, every later one is dropped. */
struct wbuf {
	uint8_t *p;
	size_t cap;
	size_t len;
	bool overflow;
};

static uint8_t *
wb_reserve(struct wbuf *w, size_t n)
{
	uint8_t *at;

	if (w->overflow || n > w->cap - w->len) {
		w->overflow = true;
		return NULL;
	}
	at = w->p + w->len;
	memset(at, 0, n);
	w->len += n;
	return at;
}

/* TLV header; the caller writes the value, padded with zeros to 4 bytes. */
static uint8_t *
wb_tlv(struct wbuf *w, uint16_t type, uint16_t vlen)
{
	uint8_t *at = wb_reserve(w, TLV_HDR_LEN + pad4(vlen));

	if (at == NULL)
		return NULL;
	wire_put16(at, type);
	wire_put16(at + 2, vlen);
	return at + TLV_HDR_LEN;
}

static void
wb_ident(struct wbuf *w, uint16_t type, const struct lsr_node_ident *id)
{
	uint8_t *v = wb_tlv(w, type, SRC_DST_ID_LEN);

	if (v == NULL)
		return;
	wire_put32(v, id->global_id);
	wire_put32(v + 4, id->node_id);
}

/* DDMAP, address type 5, with a one-entry label stack sub-TLV when has_label. */
static void
wb_ddmap(struct wbuf *w, const struct oam_ddmap *d)
{
	uint16_t sub_len = d->has_label ? TLV_HDR_LEN + LABEL_ENTRY_LEN : 0;
	uint16_t vlen = DDMAP_FIXED_LEN + 8 + DDMAP_TAIL_LEN + sub_len;
	uint8_t *v = wb_tlv(w, OAM_TLV_DDMAP, vlen);

	if (v == NULL)
		return;
	wire_put16(v, d->mtu != 0 ? d->mtu : DDMAP_DEFAULT_MTU);
	v[2] = OAM_DDMAP_ADDR_NON_IP;
	v[3] = d->flags;
	wire_put32(v + 4, d->ingress);
	wire_put32(v + 8, d->egress);
	v[12] = d->rc;
	v[13] = d->rsc;
	wire_put16(v + 14, sub_len);
	if (d->has_label) {
		/* RFC 8029 §3.4.1.2: one entry, bottom of stack, protocol static. */
		wire_put16(v + 16, OAM_DDMAP_SUB_LABELS);
		wire_put16(v + 18, LABEL_ENTRY_LEN);
		wire_put32(v + 20, ((d->label & MPLS_LABEL_MAX) << MPLS_LABEL_SHIFT) | MPLS_S_MASK |
			      OAM_LABEL_PROTO_STATIC);
	}
}

static void
wb_header(struct wbuf *w, uint16_t flags, uint8_t type, uint8_t mode, uint8_t rc, uint8_t rsc,
	  uint32_t handle, uint32_t seq, uint32_t sent_sec, uint32_t sent_frac,
	  uint32_t rcvd_sec, uint32_t rcvd_frac)
{
	uint8_t *h = wb_reserve(w, sizeof(struct oam_echo_hdr));

	if (h == NULL)
		return;
	wire_put16(h, OAM_ECHO_VERSION);
	wire_put16(h + 2, flags);
	h[4] = type;
	h[5] = mode;
	h[6] = rc;
	h[7] = rsc;
	wire_put32(h + 8, handle);
	wire_put32(h + 12, seq);
	wire_put32(h + 16, sent_sec);
	wire_put32(h + 20, sent_frac);
	wire_put32(h + 24, rcvd_sec);
	wire_put32(h + 28, rcvd_frac);
}

ssize_t
oam_echo_build_reply(uint8_t *buf, size_t cap, const struct oam_echo_reply_params *p)
{
	struct wbuf w = { .p = buf, .cap = cap };
	const struct oam_echo *req;
	unsigned int i, n_ddmap;

	if (buf == NULL || p == NULL || p->req == NULL)
		return -EINVAL;
	req = p->req;

	/* RFC 8029 §4.5: handle, sequence and TimeStamp Sent copied; R is never
	 * set in a reply [RFC 6426 §3.4.1]. */
	wb_header(&w, req->flags & ~OAM_ECHO_FLAG_R, OAM_ECHO_REPLY, req->reply_mode, p->rc,
		  p->rsc, req->handle, req->seq, req->sent_sec, req->sent_frac, p->rcvd_sec,
		  p->rcvd_frac);
	wb_ident(&w, OAM_TLV_SOURCE_ID, &p->src_id);	/* RFC 6426 §3.3 */

	n_ddmap = p->n_ddmap < OAM_ECHO_MAX_DDMAP ? p->n_ddmap : OAM_ECHO_MAX_DDMAP;
	for (i = 0; i < n_ddmap; i++)
		wb_ddmap(&w, &p->ddmap[i]);

	/* RFC 8029 §3.8, §4.4 step 1: the TLVs not understood, each padded. */
	if (p->rc == OAM_RC_TLV_UNKNOWN && p->req_msg != NULL && req->n_errored > 0) {
		unsigned int n = req->n_errored < OAM_ECHO_MAX_ERRORED ?
				 req->n_errored : OAM_ECHO_MAX_ERRORED;
		size_t total = 0;
		uint8_t *v;

		for (i = 0; i < n; i++) {
			size_t o = req->errored_off[i], l = req->errored_len[i];

			if (l < TLV_HDR_LEN || o > p->req_len || l > p->req_len - o)
				return -EINVAL;
			total += pad4(l);
		}
		if (total > UINT16_MAX)
			return -EINVAL;
		v = wb_tlv(&w, OAM_TLV_ERRORED, (uint16_t)total);
		for (i = 0; v != NULL && i < n; i++) {
			size_t l = req->errored_len[i];

			memcpy(v, p->req_msg + req->errored_off[i], l);
			v += pad4(l);	/* padding already zeroed */
		}
	}

	if (w.overflow)
		return -ENOSPC;
	return (ssize_t)w.len;
}

ssize_t
oam_echo_build_request(uint8_t *buf, size_t cap, const struct oam_echo_request_params *p)
{
	struct wbuf w = { .p = buf, .cap = cap };
	uint8_t *v;

	if (buf == NULL || p == NULL)
		return -EINVAL;

	/* RFC 6426 §3.3: Reply Mode 4, reply on the reverse path over the G-ACh. */
	wb_header(&w, p->flags, OAM_ECHO_REQUEST, OAM_REPLY_MODE_ACH, 0, 0, p->handle, p->seq,
		  p->sent_sec, p->sent_frac, 0, 0);

	/* Target FEC Stack holding one Static LSP sub-TLV [RFC 6426 §2.3]. */
	v = wb_tlv(&w, OAM_TLV_TARGET_FEC, TLV_HDR_LEN + FEC_STATIC_LSP_LEN);
	if (v != NULL) {
		wire_put16(v, OAM_FEC_STATIC_LSP);
		wire_put16(v + 2, FEC_STATIC_LSP_LEN);
		v += TLV_HDR_LEN;
		wire_put32(v, p->fec.src.global_id);
		wire_put32(v + 4, p->fec.src.node_id);
		wire_put16(v + 8, p->fec.src_tunnel);
		wire_put16(v + 10, p->fec.lsp_num);
		wire_put32(v + 12, p->fec.dst.global_id);
		wire_put32(v + 16, p->fec.dst.node_id);
		wire_put16(v + 20, p->fec.dst_tunnel);
		/* v + 22: MBZ */
	}

	wb_ident(&w, OAM_TLV_SOURCE_ID, &p->src_id);
	if (p->has_dst_id)
		wb_ident(&w, OAM_TLV_DEST_ID, &p->dst_id);

	/* RFC 6426 §2.1.1: DDMAP addr type 5 names the in-MIP / out-MIP. */
	if (p->has_ddmap) {
		struct oam_ddmap d = {
			.mtu = DDMAP_DEFAULT_MTU,
			.flags = OAM_DDMAP_FLAG_N | OAM_DDMAP_FLAG_I,
			.ingress = p->ddmap_ingress,
			.egress = p->ddmap_egress,
			.has_label = p->ddmap_has_label,
			.label = p->ddmap_label,
		};

		wb_ddmap(&w, &d);
	}

	if (w.overflow)
		return -ENOSPC;
	return (ssize_t)w.len;
}

/* RFC 5905 §6: seconds since 1900 and 2^-32 fractions; era 0 ends in 2036. */
void
oam_ntp_from_ns(uint64_t unix_ns, uint32_t *sec, uint32_t *frac)
{
	uint64_t s = unix_ns / NS_PER_SEC;
	uint64_t ns = unix_ns % NS_PER_SEC;

	/* ns < 2^30, so ns << 32 fits; rounding keeps the round trip exact. */
	if (sec != NULL)
		*sec = (uint32_t)(s + NTP_UNIX_OFFSET);
	if (frac != NULL)
		*frac = (uint32_t)(((ns << 32) + NS_PER_SEC / 2) / NS_PER_SEC);
}

uint64_t
oam_ntp_to_ns(uint32_t sec, uint32_t frac)
{
	uint64_t s = sec;

	/* Seconds below the Unix epoch belong to NTP era 1 (2036-2104). */
	if (s < NTP_UNIX_OFFSET)
		s += 1ull << 32;
	s -= NTP_UNIX_OFFSET;
	return s * NS_PER_SEC + (((uint64_t)frac * NS_PER_SEC + (1ull << 31)) >> 32);
}

const char *
oam_rc_name(uint8_t rc)
{
	/* RFC 8029 §3.1 */
	static const char *const names[] = {
		[0] = "no return code",
		[1] = "malformed echo request received",
		[2] = "one or more of the TLVs was not understood",
		[3] = "replying router is an egress for the FEC at stack depth",
		[4] = "replying router has no mapping for the FEC at stack depth",
		[5] = "downstream mapping mismatch",
		[6] = "upstream interface index unknown",
		[7] = "reserved",
		[8] = "label switched at stack depth",
		[9] = "label switched but no MPLS forwarding at stack depth",
		[10] = "mapping for this FEC is not the given label at stack depth",
		[11] = "no label entry at stack depth",
		[12] = "protocol not associated with interface at FEC stack depth",
		[13] = "premature termination, label stack shrinking to a single label",
		[14] = "see DDMAP TLV for return code and return subcode",
		[15] = "label switched with FEC change",
	};

	if (rc < sizeof(names) / sizeof(names[0]))
		return names[rc];
	if (rc >= 252)
		return "vendor private";
	return "unassigned";
}
