/* SPDX-License-Identifier: BSD-3-Clause */
/* Tier (a) test main: run a Check suite (fork mode); TAP when meson asks for it. */
#ifndef TPLSR_TESTS_CHECK_UNIT_H
#define TPLSR_TESTS_CHECK_UNIT_H

#include <stdlib.h>
#include <string.h>

#include <check.h>

static inline int
check_unit_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	const char *tap = getenv("CK_TAP_LOG_FILE_NAME");
	int failed;

	/* TAP on stdout (meson protocol 'tap'): keep Check's summary out of it. */
	srunner_run_all(sr, tap != NULL && strcmp(tap, "-") == 0 ? CK_SILENT : CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* TPLSR_TESTS_CHECK_UNIT_H */
