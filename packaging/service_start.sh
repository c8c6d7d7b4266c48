#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Runs service_start.py in a new network namespace of its own (it creates eth1
# and eth2 there); skips (77) where that is impossible (not root, no unshare,
# setpriv or ip).      Usage: service_start.sh SERVICE_START_PY UNIT_FILE TPLSR_CLI
for tool in unshare setpriv ip; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is missing"
		exit 77
	fi
done
if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	echo "SKIP: cannot create a network namespace here"
	exit 77
fi
exec unshare -n /usr/bin/python3 "$@"
