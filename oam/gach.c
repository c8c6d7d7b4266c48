/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sending a G-ACh message: the frame every OAM reply and probe leaves in
 * (docs/OAM-RULES.md §4, docs/WIRE-FORMAT.md).  Shared by the responders
 * (reply.c) and the source prober (mep.c).
 */
#include <errno.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "oam.h"

int
oam_send_gach(const struct lsr_fib *fib, struct lsr_lcore *lc, uint16_t slot,
	      uint32_t label, uint8_t ttl, uint8_t tc, bool gal, uint16_t channel,
	      const uint8_t *msg, size_t len)
{
	size_t hdr = ETH_HDR_LEN + MPLS_LSE_LEN * (gal ? 2 : 1) + GACH_LEN;
	struct rte_mbuf *m;
	uint8_t *p;
	rte_be32_t w;
	rte_be16_t be16;

	if (hdr + len > UINT16_MAX)
		return -EINVAL;
	m = rte_pktmbuf_alloc(lc->pool);
	if (m == NULL)
		return -ENOMEM;
	p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(hdr + len));
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return -ENOMEM;
	}
	lsr_fwd_set_eth(fib, slot, m);
	be16 = RTE_BE16(MPLS_ETHERTYPE_UNICAST);
	memcpy(p + 12, &be16, 2);
	p += ETH_HDR_LEN;
	w = mpls_lse_encode(label, tc, !gal, ttl);
	memcpy(p, &w, 4);
	p += 4;
	if (gal) {
		/* GAL: bottom of stack, TTL 1 [RFC 5586 §4.2, RFC 6428 §3.5]. */
		w = mpls_lse_encode(MPLS_LABEL_GAL, tc, true, 1);
		memcpy(p, &w, 4);
		p += 4;
	}
	p[0] = GACH_FIRST_BYTE;
	p[1] = 0;
	be16 = rte_cpu_to_be_16(channel);
	memcpy(p + 2, &be16, 2);
	memcpy(p + GACH_LEN, msg, len);
	lsr_tx_enqueue(lc, slot, m);
	return 0;
}
