/* SPDX-License-Identifier: BSD-3-Clause */
/* The command table shared by the daemon and tplsr-cli (include/ctl_proto.h). */
#include <stdio.h>

#include "ctl_proto.h"

const struct lsr_ctl_cmd_info lsr_ctl_cmds[LSR_CTL_CMD_MAX] = {
#define _(id, w, a, h) [LSR_CTL_CMD_##id] = { .words = w, .args = a, .help = h },
	foreach_lsr_ctl_cmd(_)
#undef _
};

void
lsr_ctl_print_help(FILE *f)
{
	unsigned int i;

	fputs("Commands:\n", f);
	for (i = 0; i < LSR_CTL_CMD_MAX; i++)
		fprintf(f, "  %s%s%s\n      %s\n", lsr_ctl_cmds[i].words,
			lsr_ctl_cmds[i].args[0] ? " " : "", lsr_ctl_cmds[i].args,
			lsr_ctl_cmds[i].help);
}
