#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# `systemd-analyze verify` on the tplsr unit: exit 0 and not one message (systemd
# only logs unknown keys and bad values, with status 0, so silence is the check).
# A copy with a bad Type= must draw a message, or this check could not fail.
# Only reads the unit: starts nothing, needs no running systemd.  Skips (77)
# without systemd-analyze.      Usage: verify_unit.sh UNIT_FILE
set -u
unit=$1
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "SKIP: no systemd-analyze here"
	exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

cp "$unit" "$dir/tplsr.service"
out=$(systemd-analyze verify --man=no "$dir/tplsr.service" 2>&1)
rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
	echo "ok 1 - systemd-analyze verify: no message"
else
	echo "not ok 1 - systemd-analyze verify: status $rc"
	printf '#   %s\n' "$out"
	fail=1
fi

sed 's/^Type=notify$/Type=notify-typo/' "$unit" >"$dir/tplsr.service"
out=$(systemd-analyze verify --man=no "$dir/tplsr.service" 2>&1)
if printf '%s' "$out" | grep -q 'Type\|service type'; then
	echo "ok 2 - a bad Type= is reported"
else
	echo "not ok 2 - a bad Type= went unnoticed: '$out'"
	fail=1
fi
exit "$fail"
