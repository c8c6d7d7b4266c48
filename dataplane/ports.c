/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Live mode's ports (docs/PORTS.md): the DPDK ports of the configuration's
 * interfaces (one untagged interface and any number of VLAN sub-interfaces per
 * port), checked against the probed devices, claimed against other daemons,
 * configured once each, at the port's receive slot, with one TX queue per
 * forwarding lcore plus the main lcore's, and RX queues spread over workers.
 *
 * Start-up stops, rather than run on the wrong wire, when a device given to
 * EAL failed to probe (the ids of the devices after it shift), when a `port
 * NAME` names no device, and when another tplsr holds one of the devices.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_common.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <pcap/pcap.h>

#include "dataplane_priv.h"

/* ---- start-up checks ------------------------------------------------------ */

/* The ethdev port of a device EAL was given, or RTE_MAX_ETHPORTS. */
static uint16_t
port_of_devargs(const struct rte_devargs *da)
{
	struct rte_eth_dev_info info;
	uint16_t port;

	RTE_ETH_FOREACH_DEV(port) {
		if (rte_eth_dev_info_get(port, &info) < 0 || info.device == NULL)
			continue;
		if (rte_dev_devargs(info.device) == da ||
		    strcmp(rte_dev_name(info.device), da->name) == 0)
			return port;
	}
	return RTE_MAX_ETHPORTS;
}

int
lsr_ports_probed(void)
{
	struct rte_devargs *da;
	int ret = 0;

	/*
	 * EAL only logs a device that failed to probe and numbers the others
	 * without it: port 1 becomes port 0 and the node forwards on the wrong
	 * wire.  Every device EAL was given must have its port.
	 */
	RTE_EAL_DEVARGS_FOREACH(NULL, da) {
		if (da->policy == RTE_DEV_BLOCKED || port_of_devargs(da) != RTE_MAX_ETHPORTS)
			continue;
		fprintf(stderr,
			"tplsr: device %s%s%s failed to probe (see EAL's message above); not "
			"starting, as the port ids of the devices after it would shift.\n"
			"  Fix the device (e.g. the interface named by iface= must exist in this "
			"network namespace) or remove it.\n",
			da->name, da->args != NULL && da->args[0] != '\0' ? "," : "",
			da->args != NULL ? da->args : "");
		ret = -ENODEV;
	}
	return ret;
}

static void
list_devices(void)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	uint16_t port;
	bool any = false;

	fprintf(stderr, "  the devices are:");
	RTE_ETH_FOREACH_DEV(port) {
		if (rte_eth_dev_get_name_by_port(port, name) == 0) {
			fprintf(stderr, " %s (port %u)", name, port);
			any = true;
		}
	}
	fprintf(stderr, "%s\n", any ? "" : " none (give EAL a --vdev or a PCI device)");
}

int
lsr_ports_resolve(struct lsr_config *cfg)
{
	uint16_t i, port;

	for (i = 0; i < cfg->n_interfaces; i++) {
		struct lsr_interface_cfg *ifc = &cfg->interfaces[i];

		if (ifc->port_name[0] == '\0')
			continue;
		if (rte_eth_dev_get_port_by_name(ifc->port_name, &port) < 0) {
			fprintf(stderr, "tplsr: interface %" PRIu32 ": port %s: no such device\n",
				ifc->if_num, ifc->port_name);
			list_devices();
			return -ENODEV;
		}
		ifc->port = port;
	}
	return 0;
}

/* The af_packet PMD's ring frame size: its `framesz` devarg, else its default. */
static unsigned int
af_packet_framesz(const struct rte_eth_dev_info *info)
{
	const struct rte_devargs *da = rte_dev_devargs(info->device);
	const char *p;

	for (p = da != NULL ? da->args : NULL; p != NULL && *p != '\0'; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, "framesz=", 8) == 0)
			return (unsigned int)strtoul(p + 8, NULL, 0);
	}
	return DP_AF_PACKET_FRAMESZ;
}

/* The MTU of the kernel interface ifindex (in this network namespace), or 0. */
static uint32_t
kernel_mtu(unsigned int ifindex)
{
	struct ifreq ifr;
	uint32_t mtu = 0;
	int s;

	memset(&ifr, 0, sizeof(ifr));
	if (if_indextoname(ifindex, ifr.ifr_name) == NULL)
		return 0;
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return 0;
	if (ioctl(s, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
		mtu = (uint32_t)ifr.ifr_mtu;
	close(s);
	return mtu;
}

/*
 * The largest frame port carries whole (*max_frame) and the mbuf data room its
 * RX queues need (*room).  Never a cut frame: a longer one is dropped, counted
 * `oversize` (dataplane/workers.c).
 *
 * af_packet copies what the kernel put in a ring frame of framesz bytes, which
 * starts the frame at TPACKET_ALIGN(TPACKET2_HDRLEN + 16) - 14 (66 bytes in):
 * a longer frame arrives cut to framesz - 66 bytes with nothing to tell, so a
 * frame of exactly that length may have been cut (hence the - 1).  The PMD
 * sends framesz - 32 bytes at most and the kernel MTU + 14 (no VLAN tag).
 * net_pcap reads any length in chained mbufs up to libpcap's snapshot length
 * (65535, so again - 1).  Others: what the device takes (MTU + header and one
 * VLAN tag), within one mbuf unless it scatters.
 */
static void
port_limits(uint16_t port, const struct rte_eth_dev_info *info, uint32_t *max_frame,
	    uint32_t *room)
{
	uint32_t frame, rx_cut, tx_max, mtu;
	uint16_t emtu = RTE_ETHER_MTU;

	*room = RTE_MBUF_DEFAULT_DATAROOM;
	if (strcmp(info->driver_name, "net_af_packet") == 0) {
		frame = af_packet_framesz(info);
		rx_cut = frame - (TPACKET_ALIGN(TPACKET2_HDRLEN + 16) - RTE_ETHER_HDR_LEN);
		tx_max = frame - (TPACKET2_HDRLEN - sizeof(struct sockaddr_ll));
		*room = RTE_MAX(*room, tx_max);
		*max_frame = RTE_MIN(rx_cut - 1, tx_max);
		mtu = info->if_index != 0 ? kernel_mtu(info->if_index) : 0;
		if (mtu != 0 && mtu + RTE_ETHER_HDR_LEN + 4 > *max_frame)
			printf("tplsr: port %u (%s): the interface's MTU %u lets frames of up to "
			       "%u bytes arrive, the af_packet ring (framesz=%u) holds %u whole: "
			       "longer ones are dropped as `oversize` (give the --vdev "
			       "framesz=%u,blocksz=%u to carry them)\n",
			       port, info->driver_name, mtu, mtu + RTE_ETHER_HDR_LEN + 4, frame,
			       *max_frame, rte_align32pow2(mtu + 18 + 66),
			       rte_align32pow2(mtu + 18 + 66));
		if (mtu != 0)
			*max_frame = RTE_MIN(*max_frame, mtu + RTE_ETHER_HDR_LEN);
		return;
	}
	if (strcmp(info->driver_name, "net_pcap") == 0) {
		*max_frame = UINT16_MAX - 1;
		return;
	}
	rte_eth_dev_get_mtu(port, &emtu);
	*max_frame = RTE_MIN(info->max_rx_pktlen, (uint32_t)emtu + RTE_ETHER_HDR_LEN + 4);
	if (!(info->rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER))
		*max_frame = RTE_MIN(*max_frame, (uint32_t)*room);
}

/*
 * One tplsr per device: two would each forward every frame.  The claim is an
 * flock on DP_LOCK_DIR/<identity>.lock, which the kernel releases when the
 * process dies, so kill -9 leaves nothing stale.  A kernel interface
 * (af_packet, pcap on an interface) is known by its network namespace and
 * ifindex, since one name exists in several namespaces; a device on a bus (a
 * PCI address) by its name.  Other virtual devices (pcap files, null, ring)
 * belong to their process and are not claimed.  @return 0, -EBUSY.
 */
static int
port_claim(struct lsr_dataplane *dp, uint16_t slot, const struct rte_eth_dev_info *info)
{
	const char *bus = rte_bus_name(rte_dev_bus(info->device));
	char path[256], holder[64] = "", ifname[IF_NAMESIZE] = "";
	struct stat ns;
	ssize_t n;
	int fd;

	if (info->if_index != 0) {
		if (stat("/proc/self/ns/net", &ns) < 0)
			return 0;
		snprintf(path, sizeof(path), DP_LOCK_DIR "/netns-%ju-ifindex-%u.lock",
			 (uintmax_t)ns.st_ino, info->if_index);
	} else if (bus != NULL && strcmp(bus, "vdev") != 0) {
		snprintf(path, sizeof(path), DP_LOCK_DIR "/%s-%s.lock", bus,
			 rte_dev_name(info->device));
	} else {
		return 0;
	}
	if (mkdir(DP_LOCK_DIR, 0755) < 0 && errno != EEXIST) {
		DP_LOG(WARNING, "%s: %s; not checking for another daemon", DP_LOCK_DIR,
		       strerror(errno));
		return 0;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		DP_LOG(WARNING, "%s: %s; not checking for another daemon", path, strerror(errno));
		return 0;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		/* Ours: say who holds it, for the message of the next one. */
		n = snprintf(holder, sizeof(holder), "%ld\n", (long)getpid());
		if (ftruncate(fd, 0) < 0 || pwrite(fd, holder, (size_t)n, 0) != n)
			DP_LOG(WARNING, "%s: cannot record our pid", path);
		dp->lock_fd[slot] = fd;
		return 0;
	}
	n = pread(fd, holder, sizeof(holder) - 1, 0);
	holder[n > 0 ? n : 0] = '\0';
	holder[strcspn(holder, "\n")] = '\0';
	close(fd);
	fprintf(stderr,
		"tplsr: %s: port %u (%s%s%s) is in use by another tplsr (pid %s, lock %s); two "
		"daemons on one device send every frame twice.\n",
		dp->force ? "warning" : "error", dp->slot_port[slot], rte_dev_name(info->device),
		info->if_index != 0 ? ", interface " : "",
		info->if_index != 0 && if_indextoname(info->if_index, ifname) ? ifname : "",
		holder[0] ? holder : "?", path);
	if (dp->force)
		return 0;
	fprintf(stderr, "  Stop it, or start this one with --force.\n");
	return -EBUSY;
}

/*
 * net_pcap with infinite_rx=1 reads each rx_pcap capture whole into mbufs of
 * our pool when its queue is set up, one mbuf per frame and queue, and fails
 * when the pool cannot hold them (the benchmark's captures of 65,536 distinct
 * labels, docs/BENCH.md).  Count those frames from the device's arguments; 0
 * without infinite_rx (frames are then read one burst at a time).
 */
static uint32_t
pcap_preloaded_frames(const struct rte_devargs *da)
{
	char err[PCAP_ERRBUF_SIZE], path[4096];
	const char *a, *e;
	uint32_t n = 0;

	if (da == NULL || da->args == NULL || strstr(da->args, "infinite_rx=1") == NULL)
		return 0;
	for (a = strstr(da->args, "rx_pcap="); a != NULL; a = strstr(e, "rx_pcap=")) {
		struct pcap_pkthdr *h;
		const u_char *d;
		pcap_t *pc;
		size_t len;

		a += strlen("rx_pcap=");
		e = a + strcspn(a, ",");
		len = (size_t)(e - a);
		if (len == 0 || len >= sizeof(path))
			continue;
		memcpy(path, a, len);
		path[len] = '\0';
		pc = pcap_open_offline(path, err);
		if (pc == NULL)
			continue;	/* net_pcap reports the bad file itself */
		while (pcap_next_ex(pc, &h, &d) == 1 && n < UINT32_MAX)
			n++;
		pcap_close(pc);
	}
	return n;
}

/*
 * Every configured port must exist and not be held by another daemon; the
 * interfaces of one port (an untagged one and VLAN sub-interfaces,
 * docs/PORTS.md) name it the same way, so that the fib's grouping
 * (lsr_fib.rx_slot) is the devices'.  Learn each port's largest frame, once
 * per port, at its receive slot.
 */
int
dp_ports_check(struct lsr_dataplane *dp)
{
	const struct lsr_config *cfg = dp->cfg;
	struct rte_eth_dev_info info;
	uint32_t room;
	uint16_t i, j;
	int ret;

	for (i = 0; i < cfg->n_interfaces; i++) {
		uint16_t port = cfg->interfaces[i].port;

		if (!rte_eth_dev_is_valid_port(port)) {
			fprintf(stderr,
				"tplsr: interface %" PRIu32 " uses DPDK port %u, which does not exist "
				"(%u port(s) found).\n"
				"  Give EAL a device per port, in port order, e.g.\n"
				"    --vdev=net_af_packet%u,iface=veth%u   (a Linux interface)\n"
				"    --vdev=net_pcap%u,rx_pcap=in.pcap,tx_pcap=out.pcap\n"
				"  and without hugepages: --no-huge -m 256 (and --no-pci without NICs)\n",
				cfg->interfaces[i].if_num, port, rte_eth_dev_count_avail(), port, port,
				port);
			return -ENODEV;
		}
		for (j = 0; j < i; j++) {
			if (cfg->interfaces[j].port == port &&
			    dp->rx_slot[j] != dp->rx_slot[i]) {
				fprintf(stderr, "tplsr: interfaces %" PRIu32 " and %" PRIu32
					" both use DPDK port %u, one by id and one by name; name the "
					"port the same way on every interface of it\n",
					cfg->interfaces[j].if_num, cfg->interfaces[i].if_num, port);
				return -EINVAL;
			}
		}
		dp->slot_port[i] = port;
	}
	for (i = 0; i < cfg->n_interfaces; i++) {
		if (dp->rx_slot[i] != i)
			continue;
		ret = rte_eth_dev_info_get(dp->slot_port[i], &info);
		if (ret < 0)
			return ret;
		port_limits(dp->slot_port[i], &info, &dp->port_max_frame[i], &room);
		dp->rx_room = RTE_MAX(dp->rx_room, room);
		dp->max_frame = dp->max_frame == 0 ? dp->port_max_frame[i] :
				RTE_MIN(dp->max_frame, dp->port_max_frame[i]);
		if (strcmp(info.driver_name, "net_pcap") == 0) {
			dp->has_pcap = true;
			dp->pcap_frames += pcap_preloaded_frames(rte_dev_devargs(info.device));
		}
		ret = port_claim(dp, i, &info);
		if (ret < 0)
			return ret;
	}
	for (i = 0; i < cfg->n_interfaces; i++)
		dp->port_max_frame[i] = dp->port_max_frame[dp->rx_slot[i]];
	return 0;
}

/*
 * Multicast MPLS (RFC 5332 §4: 01:00:5e:80:00:00 - 01:00:5e:8f:ff:ff, ethertype
 * 0x8848) must reach the node without promiscuous mode: all-multicast.  The
 * af_packet PMD has no all-multicast switch: a PACKET_MR_ALLMULTI membership
 * on a socket of our own (bound to no protocol, so it reads nothing) asks the
 * kernel for it, and the kernel drops it when the socket closes.
 */
static int
port_allmulti(struct lsr_dataplane *dp, uint16_t slot, const struct rte_eth_dev_info *info)
{
	struct packet_mreq mr;
	int ret, fd;

	ret = rte_eth_allmulticast_enable(dp->slot_port[slot]);
	if (ret != -ENOTSUP)
		return ret;
	if (info->if_index == 0)
		return 0;	/* a pcap file, a ring: no filter to open */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = (int)info->if_index;
	mr.mr_type = PACKET_MR_ALLMULTI;
	if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	dp->mc_fd[slot] = fd;
	return 0;
}

/*
 * The interface's `mac` is the only unicast destination the fast path accepts
 * (docs/CONTRACT.md §3.2 foreign-mac), so the port's filter must let it in.  A
 * NIC with an address table takes it as a secondary address; a port that
 * already has it needs nothing; otherwise (af_packet on a kernel interface
 * with another address, a NIC with one filter slot) frames to it may never
 * arrive without promiscuous mode: say so, naming both addresses.  The port's
 * own address is never changed: it may be the kernel's.
 */
static void
port_unicast(struct lsr_dataplane *dp, uint16_t slot, const struct rte_eth_dev_info *info,
	     bool promiscuous)
{
	const struct lsr_interface_cfg *ic = &dp->cfg->interfaces[slot];
	uint16_t port = dp->slot_port[slot];
	struct rte_ether_addr have, want;
	char h[RTE_ETHER_ADDR_FMT_SIZE], w[RTE_ETHER_ADDR_FMT_SIZE];

	memcpy(want.addr_bytes, ic->mac, sizeof(want.addr_bytes));
	if (rte_eth_macaddr_get(port, &have) == 0 && rte_is_same_ether_addr(&have, &want))
		return;
	if (info->max_mac_addrs > 1 && rte_eth_dev_mac_addr_add(port, &want, 0) == 0) {
		dp->mac_added[slot] = true;
		return;
	}
	if (promiscuous || (info->if_index == 0 && info->max_mac_addrs <= 1))
		return;	/* promiscuous, or a software device with no filter (pcap, ring, null) */
	rte_ether_format_addr(h, sizeof(h), &have);
	rte_ether_format_addr(w, sizeof(w), &want);
	DP_LOG(WARNING, "port %u (%s) for interface %" PRIu32 " has address %s, not the "
	       "configured mac %s, and cannot filter on it: frames to %s may not arrive "
	       "(give the port that address, or `promiscuous on`)", port, info->driver_name,
	       ic->if_num, h, w, w);
}

/*
 * Promiscuous only when the configuration asks (`promiscuous on` on any
 * interface of the port); every interface's `mac` in the port's filter;
 * all-multicast always.  slot is the port's receive slot.
 */
static int
port_filters(struct lsr_dataplane *dp, uint16_t slot, const struct rte_eth_dev_info *info)
{
	const struct lsr_config *cfg = dp->cfg;
	uint16_t port = dp->slot_port[slot];
	bool promiscuous = false;
	uint16_t i, j;
	int ret;

	for (i = 0; i < cfg->n_interfaces; i++)
		promiscuous |= dp->rx_slot[i] == slot && cfg->interfaces[i].promiscuous;
	if (promiscuous) {
		ret = rte_eth_promiscuous_enable(port);
		if (ret < 0) {
			fprintf(stderr, "tplsr: port %u (%s): cannot enable promiscuous mode: %s\n",
				port, info->driver_name, rte_strerror(-ret));
			return ret;
		}
		dp->promisc_set[slot] = true;
	} else if (rte_eth_promiscuous_get(port) == 1) {
		ret = rte_eth_promiscuous_disable(port);
		if (ret < 0 && ret != -ENOTSUP)
			return ret;
	}
	for (i = 0; i < cfg->n_interfaces; i++) {
		bool seen = false;

		if (dp->rx_slot[i] != slot)
			continue;
		/* A sub-interface may reuse the port's MAC: one filter entry each. */
		for (j = 0; j < i; j++)
			seen |= dp->rx_slot[j] == slot &&
				memcmp(cfg->interfaces[j].mac, cfg->interfaces[i].mac, 6) == 0;
		if (!seen)
			port_unicast(dp, i, info, promiscuous);
	}
	ret = port_allmulti(dp, slot, info);
	if (ret < 0)
		DP_LOG(WARNING, "port %u (%s): no all-multicast (%s): multicast MPLS (RFC 5332) "
		       "may not arrive", port, info->driver_name, rte_strerror(-ret));
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
	uint16_t nrxq = 1, nrxd = DP_NB_RXD, ntxd = DP_NB_TXD, q, n_if = 0;
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
	ret = port_filters(dp, slot, &info);
	if (ret < 0)
		return ret;
	ret = rte_eth_dev_start(port);
	if (ret < 0)
		return ret;
	*nrxq_out = nrxq;
	for (q = 0; q < dp->cfg->n_interfaces; q++)
		n_if += dp->rx_slot[q] == slot;
	DP_LOG(INFO, "port %u (%s) for interface %" PRIu32 "%s: %u RX / %u TX queue(s)%s, "
	       "frames up to %" PRIu32 " bytes%s", port, info.driver_name,
	       dp->cfg->interfaces[slot].if_num,
	       n_if > 1 ? " and its VLAN sub-interfaces" : "", nrxq, ntxq,
	       conf.rxmode.mq_mode == RTE_ETH_MQ_RX_RSS ? ", RSS" : "", dp->port_max_frame[slot],
	       dp->promisc_set[slot] ? ", promiscuous" : "");
	return 0;
}

void
dp_ports_close(struct lsr_dataplane *dp)
{
	uint16_t slot, i;

	for (slot = 0; slot < dp->n_ports_up; slot++) {
		if (dp->rx_slot[slot] != slot)
			continue;	/* the port is closed once, at its receive slot */
		rte_eth_dev_stop(dp->slot_port[slot]);
		/* af_packet's promiscuous mode is the kernel interface's flag: not left on. */
		if (dp->promisc_set[slot])
			rte_eth_promiscuous_disable(dp->slot_port[slot]);
		for (i = 0; i < dp->cfg->n_interfaces; i++) {
			struct rte_ether_addr a;

			if (dp->rx_slot[i] != slot || !dp->mac_added[i])
				continue;
			memcpy(a.addr_bytes, dp->cfg->interfaces[i].mac, sizeof(a.addr_bytes));
			rte_eth_dev_mac_addr_remove(dp->slot_port[slot], &a);
		}
		rte_eth_dev_close(dp->slot_port[slot]);
	}
	dp->n_ports_up = 0;
	for (slot = 0; slot < LSR_MAX_INTERFACES; slot++) {
		if (dp->mc_fd[slot] >= 0)
			close(dp->mc_fd[slot]);
		if (dp->lock_fd[slot] >= 0)
			close(dp->lock_fd[slot]);	/* after the close: the device is free */
		dp->mc_fd[slot] = dp->lock_fd[slot] = -1;
	}
}
