/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Live mode's ports: every interface of the configuration on its own DPDK
 * port, checked against the probed devices, configured with one TX queue per
 * forwarding lcore plus the main lcore's, and RX queues spread over workers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include "dataplane_priv.h"

/* Every configured port must exist; one interface per port. */
int
dp_ports_check(struct lsr_dataplane *dp)
{
	const struct lsr_config *cfg = dp->cfg;
	uint16_t i, j;

	for (i = 0; i < cfg->n_interfaces; i++) {
		uint16_t port = cfg->interfaces[i].port;

		if (!rte_eth_dev_is_valid_port(port)) {
			fprintf(stderr,
				"tplsr: interface %" PRIu32 " uses DPDK port %u, which does not exist "
				"(%u port(s) found).\n"
				"  Give EAL a device per interface, in port order, e.g.\n"
				"    --vdev=net_af_packet%u,iface=veth%u   (a Linux interface)\n"
				"    --vdev=net_pcap%u,rx_pcap=in.pcap,tx_pcap=out.pcap\n"
				"  and without hugepages: --no-huge -m 256 (and --no-pci without NICs)\n",
				cfg->interfaces[i].if_num, port, rte_eth_dev_count_avail(), port, port,
				port);
			return -ENODEV;
		}
		for (j = 0; j < i; j++) {
			if (cfg->interfaces[j].port == port) {
				fprintf(stderr, "tplsr: interfaces %" PRIu32 " and %" PRIu32
					" both use DPDK port %u; give each its own port\n",
					cfg->interfaces[j].if_num, cfg->interfaces[i].if_num, port);
				return -EINVAL;
			}
		}
		dp->slot_port[i] = port;
	}
	return 0;
}

int
dp_port_setup(struct lsr_dataplane *dp, uint16_t slot, uint16_t ntxq, uint16_t *nrxq_out)
{
	uint16_t port = dp->slot_port[slot];
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	struct rte_eth_rxconf rxc;
	struct rte_eth_txconf txc;
	uint16_t nrxq = 1, nrxd = DP_NB_RXD, ntxd = DP_NB_TXD, q;
	int ret, socket = rte_eth_dev_socket_id(port);

	if (socket < 0)
		socket = (int)rte_socket_id();
	ret = rte_eth_dev_info_get(port, &info);
	if (ret < 0)
		return ret;
	memset(&conf, 0, sizeof(conf));
	if (info.flow_type_rss_offloads != 0) {
		/* A NIC: RSS across the workers where it has the queues; else one queue. */
		nrxq = (uint16_t)RTE_MIN(info.max_rx_queues, dp->inline_fwd ? 1 : dp->n_workers);
		if (nrxq > 1) {
			conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
			conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads;
		}
	} else {
		/*
		 * A software device whose queues are its backing sockets or files
		 * (af_packet qpairs with kernel fanout, pcap rx_pcap=...): every
		 * one of them must be read, whatever the number of workers.
		 */
		nrxq = (uint16_t)RTE_MIN(info.max_rx_queues, DP_MAX_SW_RXQ);
	}
	if (nrxq == 0)
		nrxq = 1;
	if (info.max_tx_queues < ntxq) {
		fprintf(stderr,
			"tplsr: port %u (%s) has %u TX queue(s); %u are needed (one per worker lcore "
			"and one for the main lcore). Use fewer lcores (e.g. -l 0), or more queues "
			"(net_af_packet: qpairs=%u).\n",
			port, info.driver_name, info.max_tx_queues, ntxq, ntxq);
		return -ENOTSUP;
	}
	ret = rte_eth_dev_configure(port, nrxq, ntxq, &conf);
	if (ret < 0)
		return ret;
	ret = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrxd, &ntxd);
	if (ret < 0)
		return ret;
	rxc = info.default_rxconf;
	rxc.offloads = conf.rxmode.offloads;
	for (q = 0; q < nrxq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, nrxd, (unsigned int)socket, &rxc, dp->pool);
		if (ret < 0)
			return ret;
	}
	txc = info.default_txconf;
	txc.offloads = conf.txmode.offloads;
	for (q = 0; q < ntxq; q++) {
		ret = rte_eth_tx_queue_setup(port, q, ntxd, (unsigned int)socket, &txc);
		if (ret < 0)
			return ret;
	}
	ret = rte_eth_promiscuous_enable(port);
	if (ret < 0 && ret != -ENOTSUP)
		return ret;
	if (ret == -ENOTSUP)
		DP_LOG(WARNING, "port %u: promiscuous mode not supported", port);
	ret = rte_eth_dev_start(port);
	if (ret < 0)
		return ret;
	*nrxq_out = nrxq;
	DP_LOG(INFO, "port %u (%s) for interface %" PRIu32 ": %u RX / %u TX queue(s)%s", port,
		 info.driver_name, dp->cfg->interfaces[slot].if_num, nrxq, ntxq,
		 conf.rxmode.mq_mode == RTE_ETH_MQ_RX_RSS ? ", RSS" : "");
	return 0;
}

void
dp_ports_close(struct lsr_dataplane *dp)
{
	uint16_t slot;

	for (slot = 0; slot < dp->n_ports_up; slot++) {
		rte_eth_dev_stop(dp->slot_port[slot]);
		rte_eth_dev_close(dp->slot_port[slot]);
	}
	dp->n_ports_up = 0;
}
