/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include "lsr_live.h"

int
lsr_live_main(int argc, char **argv)
{
	fprintf(stderr, "tplsr: live mode is not built yet; use `tplsr replay`\n");
	return 2;
}
