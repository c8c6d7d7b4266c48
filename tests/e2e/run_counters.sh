#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Tier (d) e2e: the per-MIP counters (tplsr-cli show oam mips, /metrics,
# docs/CLI.md, docs/MONITORING.md) on the three-node network of
# scripts/topology.sh.  PE1 pings P's in-MIP and out-MIP N times each and
# sends P one request naming a MIP of P off the LSP's path: P must count
# exactly N requests and N replies at each of the two MIPs, one misdirected
# request at the MIP named, nothing elsewhere; `clear counters interface IF`
# must zero that interface's counts and MIPs only.  The per-LSP counters of
# P's label-table entries (show lsp NAME): the punted MIP requests, then N
# end-to-end pings forwarded each way; clear counters lsp NAME zeroes them.
#
#   tests/e2e/run_counters.sh [BUILD_DIR]
#
# Exit 0 when all checks pass, 1 otherwise, 77 (skip) without root or netns.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TPLSR_BUILD=${1:-$ROOT/build}
# shellcheck source=tests/e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
e2e_begin "counters e2e"

N=7
P_ID=$TOPO_GLOBAL:$TOPO_NODE_P
IN=$TOPO_IF_P_IN
OUT=$TOPO_IF_P_OUT
PING=(ping mpls-tp lsp "$TOPO_LSP")

echo "# counters e2e: network $TOPO_ID, tplsr=$TPLSR_BIN"
e2e_daemon_args --metrics "$E2E_METRICS"
e2e_up_or_exit

out=$(topo_cli p clear counters); st=$?
status_is "clear counters on P" "$st" 0
out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$IN" in ttl 1 count $N interval 10 json); st=$?
status_is "$N pings of P's in-MIP ($IN)" "$st" 0
out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$OUT" out ttl 1 count $N interval 10 json); st=$?
status_is "$N pings of P's out-MIP ($OUT)" "$st" 0
# The out-MIP of the arrival interface is P's, but not on this LSP's path here.
out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$IN" out ttl 1 count 1 timeout 500 json); st=$?
status_is "a request naming P's out-MIP $IN (off the path) is not answered" "$st" 1

MIPS=$(topo_cli p show oam mips json); st=$?
status_is "show oam mips json on P" "$st" 0
# row(IF, SIDE): that MIP's JSON object.
R="(lambda f, s: [r for r in d['mips'] if r['if_num'] == f and r['mip'] == s][0])"
jcheck "P's in-MIP $IN: $N requests, $N replies; out-MIP $OUT: the same" "$MIPS" \
	"d['mip_mode'] == 'per-interface'" \
	"$R($IN, 'in')['requests'] == $N" "$R($IN, 'in')['replies'] == $N" \
	"$R($OUT, 'out')['requests'] == $N" "$R($OUT, 'out')['replies'] == $N" \
	"$R($IN, 'in')['enabled'] is True"
jcheck "the misdirected request counted once, at the out-MIP of $IN it named" "$MIPS" \
	"$R($IN, 'out')['misdirected'] == 1" "$R($IN, 'out')['requests'] == 0" \
	"sum(r['misdirected'] for r in d['mips']) == 1" "d['misdirected'] == 1"
jcheck "no other request, reply or refusal anywhere" "$MIPS" \
	"sum(r['requests'] + r['replies'] for r in d['mips']) == 4 * $N" \
	"sum(r['mip-disabled'] + r['no-return-path'] + r['not-answered'] for r in d['mips']) == 0"
out=$(topo_cli p show oam mips); st=$?
matches "show oam mips as text: a header and the node-wide line" "$out" \
	"*IF_Num*MIP*requests*replies*misdirected*loopbacks*Node-wide: misdirected 1*"

METRICS=$TOPO_DIR/p-metrics.txt
if http_get p /metrics -o "$METRICS"; then
	pass "GET /metrics on P"
else
	fail "GET /metrics on P"
fi
for want in "tplsr_mip_requests_total{if_num=\"$IN\",side=\"in\"} $N" \
	    "tplsr_mip_replies_total{if_num=\"$IN\",side=\"in\"} $N" \
	    "tplsr_mip_requests_total{if_num=\"$OUT\",side=\"out\"} $N" \
	    "tplsr_mip_replies_total{if_num=\"$OUT\",side=\"out\"} $N" \
	    "tplsr_mip_misdirected_total{if_num=\"$IN\",side=\"out\"} 1" \
	    "tplsr_mip_requests_total{if_num=\"$OUT\",side=\"in\"} 0"; do
	if grep -qxF "$want" "$METRICS"; then
		pass "/metrics: $want"
	else
		fail "/metrics: $want" "$(grep '^tplsr_mip_' "$METRICS")"
	fi
done
if command -v promtool >/dev/null; then
	if out=$(promtool check metrics <"$METRICS" 2>&1); then
		pass "promtool check metrics: P's scrape is valid"
	else
		fail "promtool check metrics: P's scrape is valid" "$out"
	fi
fi

# --- clear counters interface IF: that interface only -------------------------
BEFORE=$(topo_cli p show counters json)
out=$(topo_cli p clear counters interface "$IN"); st=$?
status_is "clear counters interface $IN on P" "$st" 0
matches "it says which interface" "$out" "Counters of interface $IN cleared*"
MIPS=$(topo_cli p show oam mips json)
jcheck "interface $IN's MIPs are zero, $OUT's out-MIP still counts $N" "$MIPS" \
	"all(v == 0 for k, v in $R($IN, 'in').items() if k not in ('if_num', 'mip', 'enabled'))" \
	"all(v == 0 for k, v in $R($IN, 'out').items() if k not in ('if_num', 'mip', 'enabled'))" \
	"$R($OUT, 'out')['requests'] == $N" "$R($OUT, 'out')['replies'] == $N"
IFS_JSON=$(topo_cli p show interfaces json)
jcheck "interface $IN's rx and tx are zero, the node-wide counts go on" "$IFS_JSON" \
	"[i for i in d['interfaces'] if i['if_num'] == $IN][0]['rx'] == 0" \
	"[i for i in d['interfaces'] if i['if_num'] == $IN][0]['tx'] == 0"
AFTER=$(topo_cli p show counters json)
rx_before=$(jget "$BEFORE" "d['rx']")
rx_after=$(jget "$AFTER" "d['rx']")
if [ "${rx_before:-0}" -ge $((2 * N)) ] && [ "${rx_after:-0}" -ge "$rx_before" ]; then
	pass "node-wide rx not cleared ($rx_before then $rx_after)"
else
	fail "node-wide rx not cleared" "before ${rx_before:-?}, after ${rx_after:-?}"
fi
out=$(topo_cli p clear counters interface 99); st=$?
status_is "clear counters interface 99 (no such interface)" "$st" 1
out=$(topo_cli p clear counters interface x); st=$?
status_is "clear counters interface x (not an IF_NUM)" "$st" 2

# --- per-LSP counters (show lsp NAME, clear counters lsp NAME) -------------------
# Since `clear counters` above: the 2N+1 requests expired at P (TTL 1) on the
# forward entry, punted to OAM, none sent on; the N+N replies P originated do
# not enter by a label-table entry.
LC="d['counters']"
out=$(topo_cli p show lsp "$TOPO_LSP" json)
jcheck "P's forward entry: the 2N+1 MIP requests in, none forwarded or dropped" "$out" \
	"$LC['forward']['frames'] == 2 * $N + 1" "$LC['forward']['forwarded'] == 0" \
	"$LC['forward']['dropped'] == 0" "$LC['forward']['bytes'] > 60 * (2 * $N + 1)"
out=$(topo_cli p clear counters lsp "$TOPO_LSP"); st=$?
status_is "clear counters lsp $TOPO_LSP on P" "$st" 0
out=$(topo_cli p show lsp "$TOPO_LSP" json)
jcheck "after clear counters lsp: both directions at zero" "$out" \
	"$LC['forward'] == {'frames': 0, 'bytes': 0, 'forwarded': 0, 'dropped': 0}" \
	"$LC['reverse'] == {'frames': 0, 'bytes': 0, 'forwarded': 0, 'dropped': 0}"
# End to end: N requests through P to PE2's MEP and N replies back through P.
out=$(topo_cli pe1 "${PING[@]}" count $N interval 10 json); st=$?
status_is "$N pings of PE2 through P" "$st" 0
out=$(topo_cli p show lsp "$TOPO_LSP" json)
jcheck "P: N frames in and forwarded each way" "$out" \
	"$LC['forward']['frames'] == $N" "$LC['forward']['forwarded'] == $N" \
	"$LC['reverse']['frames'] == $N" "$LC['reverse']['forwarded'] == $N" \
	"$LC['forward']['dropped'] + $LC['reverse']['dropped'] == 0"
out=$(topo_cli p show lsp "$TOPO_LSP")
matches "show lsp as text: a counters line per direction" "$out" \
	"*counters forward frames $N bytes * forwarded $N dropped 0*counters reverse frames $N*"
out=$(topo_cli p show oam mips json)
jcheck "clear counters lsp left the MIP counters alone" "$out" \
	"[r for r in d['mips'] if r['if_num'] == $OUT and r['mip'] == 'out'][0]['requests'] == $N"
out=$(topo_cli p clear counters lsp no-such-lsp); st=$?
status_is "clear counters lsp of an LSP that does not exist" "$st" 1
out=$(topo_cli p clear counters lsp); st=$?
status_is "clear counters lsp without a name" "$st" 2

# --- show lsp NAME: one LSP -----------------------------------------------------
out=$(topo_cli p show lsp "$TOPO_LSP" json); st=$?
status_is "show lsp $TOPO_LSP json on P" "$st" 0
jcheck "one LSP's object: its name, label switching, loopback and path" "$out" \
	"d['name'] == '$TOPO_LSP'" "d['role'] == 'transit'" "d['forward']['in']['if'] == $IN" \
	"d['forward']['out'][0]['if'] == $OUT" "d['loopback'] is None" \
	"d['path'] == {'forward': None, 'reverse': None}"
out=$(topo_cli p show lsp "$TOPO_LSP"); st=$?
matches "show lsp $TOPO_LSP as text: that LSP only" "$out" "LSP $TOPO_LSP: *forward*loopback off*"
# PE1, the source, with an intended path written (docs/CONTRACT.md §2 `path`),
# by reload: its LSP block is the last of its file.
G=$TOPO_GLOBAL
echo "  path forward via $G:$TOPO_NODE_P in $IN out $OUT to $G:$TOPO_NODE_PE2 in $TOPO_IF_PE2" \
	>>"$(topo_conf pe1)"
out=$(topo_cli pe1 reload); st=$?
status_is "reload on PE1 with a forward path" "$st" 0
out=$(topo_cli pe1 show lsp "$TOPO_LSP" json)
jcheck "show lsp NAME json on PE1: the forward path, one leg of two hops" "$out" \
	"d['path']['reverse'] is None" "len(d['path']['forward']) == 1" \
	"d['path']['forward'][0] == [{'node': '$G:$TOPO_NODE_P', 'in': $IN, 'out': $OUT}, \
	{'node': '$G:$TOPO_NODE_PE2', 'in': $TOPO_IF_PE2, 'out': 0}]"
out=$(topo_cli pe1 show lsp "$TOPO_LSP")
matches "show lsp NAME on PE1: the path line" "$out" \
	"*path forward via $G:$TOPO_NODE_P in $IN out $OUT to $G:$TOPO_NODE_PE2 in $TOPO_IF_PE2*"
out=$(topo_cli p show lsp no-such-lsp); st=$?
status_is "show lsp of an LSP that does not exist" "$st" 1

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
