/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Check helpers shared by every tier (docs/CONVENTIONS.md rule 12): a test
 * case filled from a list of tests in one call, and the tier (a) main that
 * runs a suite in fork mode, TAP when meson asks for it.
 */
#ifndef TPLSR_TESTS_CHECK_UNIT_H
#define TPLSR_TESTS_CHECK_UNIT_H

#include <stdlib.h>
#include <string.h>

#include <check.h>

/* Add a test case to s: its fixture (setup/teardown may be NULL) and tests,
 * in order, from a NULL-terminated list. */
static inline TCase *
check_tcase_fill(Suite *s, const char *name, void (*setup)(void), void (*teardown)(void),
		 const TTest *const *tests)
{
	TCase *tc = tcase_create(name);

	if (setup != NULL || teardown != NULL)
		tcase_add_checked_fixture(tc, setup, teardown);
	for (; *tests != NULL; tests++)
		tcase_add_test(tc, *tests);
	suite_add_tcase(s, tc);
	return tc;
}

/* CHECK_TCASE(s, "name", test_a, test_b, ...): a test case without fixture. */
#define CHECK_TCASE(s, name, ...) \
	check_tcase_fill((s), (name), NULL, NULL, (const TTest *const[]){ __VA_ARGS__, NULL })
/* CHECK_TCASE_FIXTURE(s, "name", setup, teardown, test_a, ...): with a checked fixture. */
#define CHECK_TCASE_FIXTURE(s, name, setup, teardown, ...) \
	check_tcase_fill((s), (name), (setup), (teardown), \
			 (const TTest *const[]){ __VA_ARGS__, NULL })

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
