/* SPDX-License-Identifier: BSD-3-Clause */
/* Small helpers shared by the daemon and replay mode. */
#ifndef TPLSR_LSR_UTIL_H
#define TPLSR_LSR_UTIL_H

/**
 * Create a directory and its missing parents (mode 0755), like `mkdir -p`.
 * @return 0 (also when it exists); -ENAMETOOLONG; -errno of mkdir(2).
 */
int lsr_mkdir_p(const char *dir);

#endif /* TPLSR_LSR_UTIL_H */
