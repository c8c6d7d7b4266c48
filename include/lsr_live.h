/* SPDX-License-Identifier: BSD-3-Clause */
/* The two modes of the tplsr program; main() picks one. */
#ifndef TPLSR_LSR_LIVE_H
#define TPLSR_LSR_LIVE_H

/** Live mode: `tplsr [EAL options] -- -c CONFIG [--ctl SOCKET]`. @return exit status. */
int lsr_live_main(int argc, char **argv);

/** Replay mode: `tplsr replay -c CONFIG --in IF=FILE ... --out-dir DIR ...`. @return exit status. */
int lsr_replay_main(int argc, char **argv);

#endif /* TPLSR_LSR_LIVE_H */
