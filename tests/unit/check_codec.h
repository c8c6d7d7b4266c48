/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The codec suites decode from a heap copy of exactly the bytes under test, so
 * AddressSanitizer reports any read past the end (docs/CONVENTIONS.md rule 3:
 * a codec checks every length against the buffer).
 */
#ifndef TPLSR_TESTS_CHECK_CODEC_H
#define TPLSR_TESTS_CHECK_CODEC_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

/* CHECK_EXACT_DECODER(name, fn, type): static int name(buf, len, type *out) = fn on a copy. */
#define CHECK_EXACT_DECODER(name, fn, type) \
	static int \
	name(const uint8_t *buf, size_t len, type *out) \
	{ \
		uint8_t *copy = malloc(len ? len : 1); \
		int rc; \
\
		ck_assert_ptr_nonnull(copy); \
		memcpy(copy, buf, len); \
		rc = fn(copy, len, out); \
		free(copy); \
		return rc; \
	}

#endif /* TPLSR_TESTS_CHECK_CODEC_H */
