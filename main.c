/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tplsr: an MPLS-TP label switching router.  `tplsr replay ...` runs pcaps
 * through the forwarding and OAM code (pcap/, docs/CONTRACT.md §3); anything
 * else is live mode on DPDK ports (ctl/daemon.c, docs/CONTRACT.md §4).
 */
#include <string.h>

#include "ctl.h"
#include "lsr_replay.h"

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "replay") == 0)
		return lsr_replay_main(argc - 1, argv + 1);
	return ctl_daemon_main(argc, argv);
}
