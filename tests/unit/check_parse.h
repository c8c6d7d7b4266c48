/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * parse_ok(): a configuration text the tests expect to be valid
 * (docs/CONTRACT.md §2), parsed with every outcome asserted; shared by the
 * config and config-change suites.
 */
#ifndef TPLSR_TESTS_CHECK_PARSE_H
#define TPLSR_TESTS_CHECK_PARSE_H

#include <string.h>

#include <check.h>

#include "lsr_config.h"

static inline struct lsr_config *
parse_ok(const char *text)
{
	struct lsr_config *cfg = NULL;
	char err[512] = "";
	int rc;

	rc = lsr_config_parse_buffer(text, strlen(text), "t.conf", &cfg, err, sizeof(err));
	ck_assert_msg(rc == 0, "rc %d, err '%s'\n%s", rc, err, text);
	ck_assert_ptr_nonnull(cfg);
	ck_assert_str_eq(err, "");
	return cfg;
}

#endif /* TPLSR_TESTS_CHECK_PARSE_H */
