#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# `tplsr check -c FILE`: exit 0 and one summary line for a good file; exit 2
# and FILE:LINE: message for a bad one; exit 2 and a usage line without -c.
# No EAL, no ports, no root.   Usage: tplsr_check.sh TPLSR
set -u
tplsr=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
check() {
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
		echo "FAIL: $1: got '$2', want '$3'"; fail=$((fail + 1)); fi
}

cat >"$dir/good.conf" <<'CONF'
node 65000:192.0.2.2
interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02
interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01
lsp a
  source 65000:192.0.2.1 tunnel 1
  destination 65000:192.0.2.3 tunnel 1
  lsp-num 1
  forward in 1 label 100 out 2 label 200
CONF
out=$("$tplsr" check -c "$dir/good.conf" 2>&1)
check "good: status" "$?" 0
check "good: summary" "$(echo "$out" | sed 's/digest sha256:[0-9a-f]\{64\}$/digest OK/')" \
	"$dir/good.conf: ok: node 65000:192.0.2.2, 2 interface(s), 1 LSP(s), digest OK"

sed 's/label 200/label 2/' "$dir/good.conf" >"$dir/bad.conf"
out=$("$tplsr" check -c "$dir/bad.conf" 2>&1)
check "bad: status" "$?" 2
check "bad: FILE:LINE" "$(echo "$out" | cut -d: -f1-2)" "$dir/bad.conf:8"

out=$("$tplsr" check 2>&1)
check "no -c: status" "$?" 2
check "no -c: usage" "$out" "usage: tplsr check -c CONFIG"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
