/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "lsr_util.h"

int
lsr_mkdir_p(const char *dir)
{
	char buf[PATH_MAX], *p;

	if (dir[0] == '\0' || snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

#define TABLE_PAGE ((size_t)2 << 20)	/* an x86-64 huge page */

static size_t
table_bytes(size_t bytes)
{
	return (bytes + TABLE_PAGE - 1) & ~(TABLE_PAGE - 1);
}

void *
lsr_table_alloc(size_t bytes, bool huge)
{
	size_t len = table_bytes(bytes);
	uint8_t *p, *aligned;
	size_t head;

	if (bytes == 0 || len < bytes || len + TABLE_PAGE < len) {
		errno = ENOMEM;
		return NULL;
	}
	/* Map a huge page more than needed and trim both ends to 2 MiB boundaries:
	 * THP backs only aligned 2 MiB regions. */
	p = mmap(NULL, len + TABLE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		errno = ENOMEM;
		return NULL;
	}
	aligned = (uint8_t *)(((uintptr_t)p + TABLE_PAGE - 1) & ~(uintptr_t)(TABLE_PAGE - 1));
	head = (size_t)(aligned - p);
	if (head != 0)
		munmap(p, head);
	munmap(aligned + len, TABLE_PAGE - head);
	if (huge)
		(void)madvise(aligned, len, MADV_HUGEPAGE);	/* a hint: EINVAL without THP */
	return aligned;
}

void
lsr_table_free(void *p, size_t bytes)
{
	if (p != NULL)
		munmap(p, table_bytes(bytes));
}
