#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Tier (d) e2e at scale: the three-node network (scripts/topology.sh) with
# SCALE_LSPS more LSPs on P (default 200,000), whose main lcore also forwards
# (-l 1).  Checks that `show lsp json` completes and is right (valid JSON, the
# count, the labels of a few LSPs), that while it streams to a slow reader the
# daemon still answers other commands and P's in-MIP still answers pings
# (the reply is produced in rounds: docs/CLI.md, ctl/ctl_cmds.c), and that
# request words quoted in error messages are escaped.  The RTTs are printed,
# never asserted.
#
#   tests/e2e/run_scale.sh [BUILD_DIR]
#
# Exit 0 when all checks pass, 1 otherwise, 77 (skip) without root or netns.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TPLSR_BUILD=${1:-$ROOT/build}
N=${SCALE_LSPS:-200000}
# shellcheck source=tests/e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
e2e_begin "scale e2e"

P_ID=$TOPO_GLOBAL:$TOPO_NODE_P
IN=$TOPO_IF_P_IN
OUT=$TOPO_IF_P_OUT
LSP=$TOPO_LSP
PSOCK=$(topo_sock p)

# check_lsps NAME FILE: FILE is `show lsp json` (perhaps with the status line
# after it); the count and the label switching of a few LSPs.
check_lsps() {
	local name=$1 file=$2 msg
	if msg=$($PY - "$file" "$N" "$LSP" "$IN" "$OUT" <<'EOF'
import json, sys
path, n, lsp, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
text = open(path).read()
status = None
if "\n@status " in text:
    text, status = text.rsplit("\n@status ", 1)
    if status.strip() != "0":
        sys.exit("status line: @status %s" % status.strip())
try:
    d = json.loads(text)
except Exception as e:
    sys.exit("not one JSON document (%s), %d bytes, ends %r" % (e, len(text), text[-200:]))
lsps = d["lsps"]
if len(lsps) != n + 1:
    sys.exit("%d LSPs, want %d" % (len(lsps), n + 1))
if lsps[0]["name"] != lsp or lsps[0]["forward"]["in"] != {"if": a, "label": 100}:
    sys.exit("first LSP: %r" % lsps[0])
for i in (0, 1, 12345 % n, n // 2, n - 1):
    x = lsps[1 + i]
    want = {"name": "s%d" % i, "role": "transit", "loopback": None,
            "forward": {"in": {"if": a, "label": 1000 + i}, "out": [{"if": b, "label": 1001 + i}]},
            "reverse": {"in": {"if": b, "label": 1000 + i}, "out": [{"if": a, "label": 1002 + i}]}}
    for k, v in want.items():
        if x[k] != v:
            sys.exit("LSP %d: %s is %r, want %r" % (i, k, x[k], v))
names = set(x["name"] for x in lsps)
if len(names) != n + 1:
    sys.exit("%d distinct names" % len(names))
EOF
	); then
		pass "$name"
	else
		fail "$name" "$msg"
	fi
}

echo "# scale: network $TOPO_ID, $N extra LSPs on P, tplsr=$TPLSR_BIN"
if ! topo_net_up; then
	fail "namespaces come up"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
topo_write_configs
e2e_transit_lsps "$N" >>"$(topo_conf p)"
if ! topo_start pe1 || ! topo_start p || ! topo_start pe2; then
	fail "three-node network with $N extra LSPs on P comes up" "see the logs above"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
pass "three-node network with $N extra LSPs on P comes up"

# --- show lsp json, read at full speed ---------------------------------------
OUTF=$TOPO_DIR/show-lsp.json
start=$SECONDS
topo_cli p show lsp json >"$OUTF"; st=$?
echo "# show lsp json: $(stat -c %s "$OUTF") bytes in about $((SECONDS - start)) s"
status_is "show lsp json of $((N + 1)) LSPs" $st 0
check_lsps "show lsp json: $((N + 1)) LSPs, labels of s0, s1, s12345, s$((N / 2)), s$((N - 1))" "$OUTF"
out=$(topo_cli p show lsp | head -n 5)
if [[ $out == "LSP $LSP: "*"role transit"*"forward  in $IN/100 -> out $OUT/200"* ]]; then
	pass "show lsp (text) starts with LSP $LSP"
else
	fail "show lsp (text) starts with LSP $LSP" "$out"
fi

# --- a slow reader: other commands and OAM go on -----------------------------
out=$(topo_cli pe1 ping mpls-tp lsp "$LSP" mip "$P_ID:$IN" in ttl 1 count 5 timeout 1000 json)
echo "# ping RTT to $P_ID:$IN, nothing streaming (ms): $(jget "$out" "d['rtt_ms']")"
SLOWF=$TOPO_DIR/slow.json
$PY - "$PSOCK" "show lsp json" 6 >"$SLOWF" <<'EOF' &
# Read 16 KiB every 20 ms for SLOW seconds, then the rest at full speed.
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
t0, chunks = time.time(), []
while True:
    slow = time.time() - t0 < float(sys.argv[3])
    b = s.recv(16384 if slow else 1 << 20)
    if not b:
        break
    chunks.append(b)
    if slow:
        time.sleep(0.02)
sys.stdout.buffer.write(b"".join(chunks))
EOF
slow=$!
sleep 1
out=$(timeout 10 "$TPLSR_CLI" -s "$PSOCK" show counters json); st=$?
status_is "show counters while show lsp json streams to a slow reader" $st 0
jcheck "show counters answers with the stats object" "$out" "d['rx'] >= 0 and 'drops' in d"
out=$(topo_cli pe1 ping mpls-tp lsp "$LSP" mip "$P_ID:$IN" in ttl 1 count 5 timeout 1000 json)
st=$?
status_is "ping P's in-MIP while show lsp json streams to a slow reader" $st 0
jcheck "P's in-MIP answers 5/5 (RC 8) during the stream" "$out" \
	"d['success'] == 5" "all(p['rc'] == 8 for p in d['probes'])"
echo "# ping RTT to $P_ID:$IN during the stream (ms): $(jget "$out" "d['rtt_ms']")"
if kill -0 "$slow" 2>/dev/null; then
	pass "the slow reader was still reading: the answers came during the stream"
else
	fail "the slow reader was still reading: the answers came during the stream"
fi
wait "$slow"
check_lsps "the slow reader got all of show lsp json and the status line" "$SLOWF"
rm -f "$OUTF" "$SLOWF"

# --- request words are escaped in error messages ------------------------------
out=$(topo_cli p ping mpls-tp lsp "$LSP" mip $'65000:1.\v2.3.4:1' 2>&1); st=$?
status_is "MIP ID 65000:1.<VT>2.3.4:1 refused" $st 2
if [[ $out == *'65000:1.\x0b2.3.4:1'* && $out != *$'\v'* ]]; then
	pass "the refused MIP ID is quoted with \\x0b, no raw byte"
else
	fail "the refused MIP ID is quoted with \\x0b, no raw byte" "$(printf '%q' "$out")"
fi
out=$(topo_cli p ping mpls-tp lsp "$LSP" mip 65000:1.+2.3.4:1 2>&1); st=$?
status_is "MIP ID 65000:1.+2.3.4:1 refused" $st 2
out=$(topo_cli p show lsp $'\e[2J' 2>&1); st=$?
status_is "show lsp ESC[2J refused" $st 2
if [[ $out == *'\x1b[2J'* && $out != *$'\e'* ]]; then
	pass "the unknown keyword is quoted with \\x1b, no raw ESC"
else
	fail "the unknown keyword is quoted with \\x1b, no raw ESC" "$(printf '%q' "$out")"
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
