/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tplsr: an MPLS-TP label switching router.  The program's modes:
 *
 *   tplsr replay ...      pcaps through the forwarding and OAM code (pcap/,
 *                         docs/CONTRACT.md §3)
 *   tplsr check -c FILE   validate a configuration without EAL or ports
 *   tplsr [EAL] -- ...    live mode on DPDK ports (ctl/daemon.c, docs/CONTRACT.md §4)
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "lsr_config.h"
#include "lsr_replay.h"

/*
 * `tplsr check -c FILE`: the dry run an operator makes before `reload`: the
 * whole file is parsed and validated as live mode would, nothing else.
 * @return 0 with a one-line summary on stdout; 2 with "FILE:LINE: message".
 */
static int
check_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	char err[512], digest[LSR_CONFIG_DIGEST_HEX], node[LSR_NODE_IDENT_STRLEN];
	struct lsr_config *cfg = NULL;
	const char *path = NULL;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		if (opt != 'c')
			goto usage;
		path = optarg;
	}
	if (path == NULL || optind != argc)
		goto usage;
	rc = lsr_config_parse_file(path, &cfg, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s\n", err[0] ? err : strerror(-rc));
		return 2;
	}
	lsr_config_write(cfg, NULL, digest);
	printf("%s: ok: node %s, %u interface(s), %" PRIu32 " LSP(s), digest sha256:%s\n", path,
	       lsr_node_ident_format(node, sizeof(node), &cfg->node), cfg->n_interfaces,
	       cfg->n_lsps, digest);
	lsr_config_free(cfg);
	return 0;
usage:
	fprintf(stderr, "usage: tplsr check -c CONFIG\n");
	return 2;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "replay") == 0)
		return lsr_replay_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "check") == 0)
		return check_main(argc - 1, argv + 1);
	return ctl_daemon_main(argc, argv);
}
