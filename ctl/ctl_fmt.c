/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control socket's text (ctl/ctl_priv.h): a growing output buffer,
 * JSON strings and values, request words quoted safely, and times and return
 * codes in words (identifiers: lsr_node_ident_format(), shared with the
 * configuration parser).
 * No connection and no daemon state: the building blocks of every reply.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsr_config.h"
#include "oam_lspping.h"
#include "ctl_priv.h"

#define NS_PER_MS          UINT64_C(1000000)

/* ---- a growing output buffer --------------------------------------------- */

void
ctl_buf_vprintf(struct ctl_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	if (b->oom)
		return;
	va_copy(ap2, ap);
	n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if (b->p == NULL || b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void __rte_format_printf(2, 3)
ctl_buf_printf(struct ctl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
ctl_buf_free(struct ctl_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* JSON string: escape what JSON requires. */
void
ctl_buf_json_str(struct ctl_buf *b, const char *s)
{
	size_t run;

	ctl_buf_printf(b, "\"");
	while (*s) {
		unsigned char ch;

		/* Runs that need no escape in one append: show lsp prints a million names. */
		for (run = 0; s[run] && s[run] != '"' && s[run] != '\\' &&
			      (unsigned char)s[run] >= 0x20; run++)
			;
		if (run > 0) {
			ctl_buf_printf(b, "%.*s", (int)run, s);
			s += run;
			continue;
		}
		ch = (unsigned char)*s++;
		if (ch == '"' || ch == '\\')
			ctl_buf_printf(b, "\\%c", ch);
		else
			ctl_buf_printf(b, "\\u%04x", ch);
	}
	ctl_buf_printf(b, "\"");
}

/* ---- JSON values ---------------------------------------------------------- */

void
ctl_json_u32(struct ctl_buf *b, const char *key, bool has, uint32_t v)
{
	if (has)
		ctl_buf_printf(b, ", \"%s\": %" PRIu32, key, v);
	else
		ctl_buf_printf(b, ", \"%s\": null", key);
}

void
ctl_json_rtt(struct ctl_buf *b, const char *key, bool has, uint64_t ns)
{
	char ms[32];

	if (has)
		ctl_buf_printf(b, ", \"%s\": %s", key, ctl_fmt_ms(ms, sizeof(ms), ns));
	else
		ctl_buf_printf(b, ", \"%s\": null", key);
}

/* ---- formatting helpers -------------------------------------------------- */

const char *
ctl_fmt_word(char *buf, size_t len, const char *word)
{
	size_t n = 0, i;

	if (len == 0)
		return buf;
	for (i = 0; word[i] != '\0' && n + 5 < len; i++) {
		unsigned char ch = (unsigned char)word[i];

		if (i == 64) {
			n += (size_t)snprintf(buf + n, len - n, "...");
			break;
		}
		if (ch == '\\')
			n += (size_t)snprintf(buf + n, len - n, "\\\\");
		else if (ch >= 0x20 && ch < 0x7f)
			buf[n++] = (char)ch;
		else
			n += (size_t)snprintf(buf + n, len - n, "\\x%02x", ch);
	}
	buf[n < len ? n : len - 1] = '\0';
	return buf;
}

const char *
ctl_fmt_ms(char *buf, size_t len, uint64_t ns)
{
	snprintf(buf, len, "%" PRIu64 ".%03" PRIu64, ns / NS_PER_MS, (ns % NS_PER_MS) / 1000);
	return buf;
}

/* Return code in words, with the stack depth where the words call for it. */
const char *
ctl_fmt_rc(char *buf, size_t len, uint8_t rc, uint8_t rsc)
{
	const char *name = oam_rc_name(rc);
	size_t n = strlen(name);

	if (n >= 11 && strcmp(name + n - 11, "stack depth") == 0)
		snprintf(buf, len, "%s %u", name, rsc);
	else
		snprintf(buf, len, "%s", name);
	return buf;
}
