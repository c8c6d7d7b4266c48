/* SPDX-License-Identifier: BSD-3-Clause */
/* Replay (test) mode (docs/CONTRACT.md §3): pcaps through the forwarding and OAM code. */
#ifndef TPLSR_LSR_REPLAY_H
#define TPLSR_LSR_REPLAY_H

/**
 * `tplsr replay -c CONFIG --in IF=FILE ... --out-dir DIR [--events F] [--stats F]`.
 * @return the exit status: 0 when the run completed, 2 for usage or
 *   configuration errors, 1 for other failures.
 */
int lsr_replay_main(int argc, char **argv);

#endif /* TPLSR_LSR_REPLAY_H */
