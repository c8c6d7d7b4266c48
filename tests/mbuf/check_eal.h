/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tier (b) test main: start the EAL once (--no-huge, no devices), make an mbuf
 * pool, run a Check suite in CK_NOFORK mode (rte_eal_init() works once per
 * process) and clean up.
 */
#ifndef TPLSR_TESTS_CHECK_EAL_H
#define TPLSR_TESTS_CHECK_EAL_H

#include <stdio.h>

#include <check.h>
#include <rte_eal.h>
#include <rte_mbuf.h>

#include "../unit/check_unit.h"

static inline int
check_eal_main(char *prog, const char *prefix, struct rte_mempool **pool, Suite *(*make)(void))
{
	char file_prefix[64];
	char *eal[] = { prog, "--no-huge", "-m", "128", "--no-pci", file_prefix,
			"--log-level=lib.eal:error", "--no-telemetry", NULL };
	SRunner *sr;
	int failed;

	snprintf(file_prefix, sizeof(file_prefix), "--file-prefix=%s", prefix);
	if (rte_eal_init((int)RTE_DIM(eal) - 1, eal) < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	*pool = rte_pktmbuf_pool_create(prefix, 1023, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (*pool == NULL)
		return 1;
	sr = srunner_create(make());
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	rte_mempool_free(*pool);
	rte_eal_cleanup();
	return failed ? 1 : 0;
}

/*
 * CHECK_EAL_MAIN("name", "tcase", test_a, ...): the whole main() of a suite of
 * one test case run with the file's setup() and teardown() and its mbuf pool
 * `pool`, under the EAL file prefix "check_name".
 */
#define CHECK_EAL_MAIN(name, tcase, ...) \
	static Suite *check_eal_suite(void) \
	{ \
		Suite *s = suite_create(name); \
\
		CHECK_TCASE_FIXTURE(s, tcase, setup, teardown, __VA_ARGS__); \
		return s; \
	} \
\
	int main(int argc, char **argv) \
	{ \
		(void)argc; \
		return check_eal_main(argv[0], "check_" name, &pool, check_eal_suite); \
	}

#endif /* TPLSR_TESTS_CHECK_EAL_H */
