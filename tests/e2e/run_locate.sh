#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Tier (d) e2e: fault localisation (`locate mpls-tp lsp`, docs/CLI.md) on the
# namespace networks of scripts/topology.sh.  Breaks one thing at a time and
# asserts, on the JSON, that locate names exactly the segment the evidence
# allows - no more:
#
#   three nodes PE1 — P — PE2:
#     healthy; P's link to PE2 down; P misprogrammed (forward out of IF 3);
#     `mip off` on P's out interface (an out-MIP that never answers); `mip off`
#     on P's in interface (a hop that does not answer route tracing); P without
#     its `reverse` line (no return path through P);
#   four nodes PE1 — P1 — P2 — PE2:
#     healthy; the P1 — P2 link down; P2's reverse direction misprogrammed (the
#     P2 -> P1 direction of that link loses everything); P2's link to PE2 down.
#
#   tests/e2e/run_locate.sh [BUILD_DIR]
#
# Exit 0 when all checks pass, 1 otherwise, 77 (skip) without root or netns.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TPLSR_BUILD=${1:-$ROOT/build}
# shellcheck source=tests/e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
e2e_begin "locate e2e"

# contains NAME TEXT NEEDLE: the text output holds NEEDLE literally.
contains() {
	if grep -qF -- "$3" <<<"$2"; then
		pass "$1"
	else
		fail "$1" "missing: $3" "output:" "$2"
	fi
}

G=$TOPO_GLOBAL
PE1_ID=$G:$TOPO_NODE_PE1
P_ID=$G:$TOPO_NODE_P
PE2_ID=$G:$TOPO_NODE_PE2
P1_ID=$G:$TOPO_NODE_P1
P2_ID=$G:$TOPO_NODE_P2
LSP=$TOPO_LSP
LOCATE=(locate mpls-tp lsp "$LSP")
# Fast but not flaky: two probes per point; a healthy answer takes < 1 ms here.
FAST=(count 2 timeout 500)

# locate_json: run locate from PE1 with FAST and json; sets $out and $st.
locate_json() {
	out=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}" json)
	st=$?
}

# locate_status NAME WANT: locate_json, then its exit status must be WANT.
locate_status() {
	locate_json
	status_is "$1" "$st" "$2"
}

# restart_p NAME CONF: restart node NAME with configuration CONF, or fail.
restart_node() {
	if topo_restart "$1" "$2"; then
		pass "$1 restarts with configuration $2"
	else
		fail "$1 restarts with configuration $2" "see its log above"
		return 1
	fi
}

# The verdict of a locate that found nothing wrong with known hops up to
# `from`, and nothing beyond: at or after the link leaving `from`.
at_or_after() {	# NAME NODE_ID IF_NUM POINT
	jcheck "$1" "$out" \
		"d['error'] is None and v['healthy'] is False and v['where'] == 'link'" \
		"v['at_or_after'] is True and v['to'] is None" \
		"v['from']['point'] == '$4' and v['from']['node'] == '$2' and v['from']['if_num'] == $3" \
		"v['answer'] == 'no-answer' and pt[-1]['kind'] == 'mep' and pt[-1]['status'] == 'no-answer'" \
		"pt[-1]['ttl'] == 255 and d['trace']['reached'] is False" \
		"all(p['status'] == 'ok' for p in pt[:v['from']['index'] + 1])"
}

echo "# locate e2e: network $TOPO_ID, tplsr=$TPLSR_BIN"

# ==== three nodes ===========================================================
if ! topo_up; then
	fail "three-node network comes up" "see the logs above"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
pass "three-node network comes up"

out=$("$TPLSR_CLI" help)
contains "tplsr-cli help lists locate" "$out" "locate mpls-tp lsp NAME [count N] [timeout MS] [json]"
out=$(topo_cli pe1 help)
contains "the daemon's help lists locate" "$out" "locate mpls-tp lsp NAME"
out=$(topo_cli pe1 locate mpls-tp lsp "$LSP" count 0); st=$?
status_is "locate with count 0 is a usage error" $st 2
out=$(topo_cli pe1 locate mpls-tp lsp nosuch json); st=$?
status_is "locate on an unknown LSP" $st 1
out=$(topo_cli p locate mpls-tp lsp "$LSP"); st=$?
status_is "locate from a transit node (not the source MEP)" $st 1

# --- healthy ---------------------------------------------------------------
locate_status "healthy 3-node" 0
jcheck "healthy 3-node: PE1 -(1)-> [in 1 | P | out 2] -(2)-> [PE2 MEP], all answer, verdict healthy" "$out" \
	"d['error'] is None and d['lsp'] == '$LSP' and d['source'] == '$PE1_ID' and d['destination'] == '$PE2_ID'" \
	"d['trace']['end'] == 'egress' and d['trace']['reached'] is True and len(d['trace']['hops']) == 2" \
	"kinds == ['source', 'in-mip', 'out-mip', 'mep']" \
	"pt[0]['node'] == '$PE1_ID' and pt[0]['if_num'] == $TOPO_IF_PE1 and pt[0]['link'] == 'up'" \
	"pt[1]['mip'] == '$P_ID:$TOPO_IF_P_IN' and pt[1]['ttl'] == 1" \
	"pt[2]['mip'] == '$P_ID:$TOPO_IF_P_OUT' and pt[2]['ttl'] == 1 and pt[2]['label'] == 200" \
	"pt[3]['node'] == '$PE2_ID' and pt[3]['ttl'] == 2 and pt[3]['rc'] == 3" \
	"all(p['status'] == 'ok' and p['sent'] == 2 and p['success'] == 2 and p['rtt_ms'] is not None for p in pt[1:])" \
	"pt[1]['rc'] == 8 and pt[2]['rc'] == 8 and pt[1]['responder'] == '$P_ID'" \
	"[s['kind'] for s in d['segments']] == ['link', 'node', 'link']" \
	"all(s['status'] == 'ok' and s['rtt_ms'] is not None and s['delta_ms'] is not None for s in d['segments'])" \
	"v['healthy'] is True and v['where'] == 'none' and v['from'] is None and v['rtt_ms'] is not None" \
	"d['notes'] == []"

text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
contains "healthy 3-node, text: the path as one line of segments" "$text" \
	"$TOPO_NODE_PE1 ─($TOPO_IF_PE1)→ [in $TOPO_IF_P_IN ✓ | $TOPO_NODE_P | out $TOPO_IF_P_OUT ✓] ─($TOPO_IF_P_OUT)→ [$TOPO_NODE_PE2 MEP ✓]"
contains "healthy 3-node, text: the verdict" "$text" "Verdict: the path is healthy"

# --- RFC 6435 loopback at P's out-MIP ----------------------------------------------
# Both of P's MIPs answer, route tracing at TTL 2 comes back to our own MEP.
if topo_cli p loopback lsp "$LSP" interface "$TOPO_IF_P_OUT" on >/dev/null; then
	locate_status "loopback at P's out-MIP" 1
	jcheck "loopback at P's out-MIP: verdict loop, after P's out-MIP" "$out" \
		"d['trace']['end'] == 'loop' and d['trace']['hops'][-1]['node'] == '$PE1_ID'" \
		"v['where'] == 'loop' and v['from']['point'] == 'out-mip' and v['from']['node'] == '$P_ID'" \
		"pt[1]['status'] == 'ok' and pt[2]['status'] == 'ok' and pt[-1]['status'] == 'no-answer'"
	topo_cli p loopback lsp "$LSP" interface "$TOPO_IF_P_OUT" off >/dev/null
else
	fail "loopback can be set at P's out-MIP"
fi

# --- P's link toward PE2 down ---------------------------------------------------
# P's out-MIP still answers (it takes the copy before the interface), nothing
# beyond does and route tracing stops at P: at or after the link P IF 2.
ip -n "$(topo_ns p)" link set veth-pe2 down
locate_status "P->PE2 link down" 1
at_or_after "P->PE2 link down: at or after the link leaving P by IF $TOPO_IF_P_OUT" \
	"$P_ID" "$TOPO_IF_P_OUT" out-mip
jcheck "P->PE2 link down: route tracing P then silence; P's two MIPs answer" "$out" \
	"d['trace']['end'] == 'silent' and d['trace']['hops'][0]['node'] == '$P_ID'" \
	"all(h['result'] == 'timeout' for h in d['trace']['hops'][1:])" \
	"kinds == ['source', 'in-mip', 'out-mip', 'mep']" \
	"[s['status'] for s in d['segments']] == ['ok', 'ok', 'fault']" \
	"d['segments'][2]['kind'] == 'unknown'"
text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
contains "P->PE2 link down, text: the path line stops after P's out-MIP" "$text" \
	"[in $TOPO_IF_P_IN ✓ | $TOPO_NODE_P | out $TOPO_IF_P_OUT ✓] ─($TOPO_IF_P_OUT)→ ? ⋯ [$TOPO_NODE_PE2 MEP ✗]"
contains "P->PE2 link down, text: the verdict" "$text" \
	"Verdict: at or after the link leaving $TOPO_NODE_P by IF $TOPO_IF_P_OUT"
ip -n "$(topo_ns p)" link set veth-pe2 up

# --- P misprogrammed: its forward entry leaves by IF 3 ----------------------------
# P's in-MIP reports out IF 3 and P's out-MIP of IF 3 answers (the forwarding
# engine does send the LSP there); nothing beyond answers.  That is all PE1 can
# see: at or after the link leaving P by IF 3 (not IF 2).
if restart_node p p-bad; then
	locate_status "P misprogrammed" 1
	at_or_after "P misprogrammed: at or after the link leaving P by IF $TOPO_IF_P_SPARE" \
		"$P_ID" "$TOPO_IF_P_SPARE" out-mip
	jcheck "P misprogrammed: the path shows P forwarding out of IF $TOPO_IF_P_SPARE" "$out" \
		"d['trace']['hops'][0]['out_if'] == $TOPO_IF_P_SPARE" \
		"pt[2]['kind'] == 'out-mip' and pt[2]['if_num'] == $TOPO_IF_P_SPARE and pt[2]['status'] == 'ok'"
fi

# --- `mip off` on P's out interface ---------------------------------------------
# P's out-MIP of IF 2 drops everything (mip-disabled) but the MEP beyond answers:
# the path is healthy, and P is reported as a node whose out-MIP does not answer
# (optimised, RFC 7054 fig. 4, or MIPs off) - not as a forwarding fault.
topo_derive_conf p p-mipoff-out -e "s/^\(interface $TOPO_IF_P_OUT .*\)$/\1 mip off/"
if restart_node p p-mipoff-out; then
	topo_cli p clear counters >/dev/null
	locate_status "mip off on P IF $TOPO_IF_P_OUT" 0
	jcheck "mip off on P IF $TOPO_IF_P_OUT: healthy, P's out-MIP silent, noted as no-out-mip" "$out" \
		"v['healthy'] is True and v['where'] == 'none'" \
		"kinds == ['source', 'in-mip', 'out-mip', 'mep']" \
		"pt[1]['status'] == 'ok' and pt[2]['status'] == 'no-answer' and pt[3]['status'] == 'ok'" \
		"len(d['notes']) == 1 and d['notes'][0]['type'] == 'no-out-mip'" \
		"d['notes'][0]['node'] == '$P_ID' and d['notes'][0]['if_num'] == $TOPO_IF_P_OUT"
	cnt=$(topo_cli p show counters json)
	jcheck "mip off on P IF $TOPO_IF_P_OUT: P counts the out-MIP probes as mip-disabled" "$cnt" \
		"d['drops']['mip-disabled'] == 2"
	text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
	contains "mip off on P IF $TOPO_IF_P_OUT, text: ✗ on the out-MIP only" "$text" \
		"[in $TOPO_IF_P_IN ✓ | $TOPO_NODE_P | out $TOPO_IF_P_OUT ✗] ─($TOPO_IF_P_OUT)→ [$TOPO_NODE_PE2 MEP ✓]"
	contains "mip off on P IF $TOPO_IF_P_OUT, text: the remark names an optimised node" "$text" \
		"optimised node without out-MIPs (RFC 7054 fig. 4)"
fi

# --- `mip off` on P's in interface -----------------------------------------------
# Route tracing gets no answer at TTL 1 (P's in-MIP drops it), PE2 answers at
# TTL 2: hop 1 is unknown, the path is healthy.
topo_derive_conf p p-mipoff-in -e "s/^\(interface $TOPO_IF_P_IN .*\)$/\1 mip off/"
if restart_node p p-mipoff-in; then
	locate_status "mip off on P IF $TOPO_IF_P_IN" 0
	jcheck "mip off on P IF $TOPO_IF_P_IN: hop 1 silent, MEP at TTL 2 answers, healthy" "$out" \
		"v['healthy'] is True" \
		"d['trace']['hops'][0]['result'] == 'timeout' and d['trace']['hops'][1]['node'] == '$PE2_ID'" \
		"kinds == ['source', 'hop', 'mep'] and pt[1]['status'] == 'no-answer' and pt[1]['node'] is None" \
		"pt[2]['ttl'] == 2 and pt[2]['status'] == 'ok'" \
		"[n['type'] for n in d['notes']] == ['silent-hop']"
fi

# --- P without its reverse direction ---------------------------------------------
# Nothing can come back through P: P's own MIPs have no return path (P counts
# no-return-path), PE2's replies arrive at P on a label it does not know.
# From PE1 nothing answers, not even hop 1: all locate may say is "at or after
# the link leaving PE1 by IF 1", with the path beyond unknown.
topo_derive_conf p p-norev -e '/^  reverse /d'
if restart_node p p-norev; then
	topo_cli p clear counters >/dev/null
	locate_status "P without reverse" 1
	at_or_after "P without reverse: at or after the link leaving PE1 by IF $TOPO_IF_PE1, nothing else claimed" \
		"$PE1_ID" "$TOPO_IF_PE1" source
	jcheck "P without reverse: no hop known, only the MEP probed" "$out" \
		"kinds == ['source', 'mep'] and d['trace']['end'] == 'silent'" \
		"all(h['result'] == 'timeout' for h in d['trace']['hops'])" \
		"v['from']['index'] == 0 and pt[0]['link'] == 'up'"
	cnt=$(topo_cli p show counters json)
	jcheck "P without reverse: the requests did reach P (no-return-path), PE2's replies did not pass (no-label)" \
		"$cnt" "d['drops']['no-return-path'] >= 1" "d['drops']['no-label'] >= 1"
fi
topo_down

# ==== four nodes ============================================================
if ! topo_up4; then
	fail "four-node network comes up" "see the logs above"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
pass "four-node network PE1 — P1 — P2 — PE2 comes up"

locate_status "healthy 4-node" 0
jcheck "healthy 4-node: P1 and P2 in/out-MIPs, then the MEP at TTL 3, all answer" "$out" \
	"d['error'] is None and v['healthy'] is True and d['trace']['end'] == 'egress'" \
	"kinds == ['source', 'in-mip', 'out-mip', 'in-mip', 'out-mip', 'mep']" \
	"[p['mip'] for p in pt[1:5]] == ['$P1_ID:$TOPO_IF_P1_IN', '$P1_ID:$TOPO_IF_P1_OUT', '$P2_ID:$TOPO_IF_P2_IN', '$P2_ID:$TOPO_IF_P2_OUT']" \
	"[p['ttl'] for p in pt] == [0, 1, 1, 2, 2, 3]" \
	"[p['label'] for p in pt if p['kind'] in ('source', 'out-mip')] == [100, 200, 300]" \
	"all(p['status'] == 'ok' for p in pt)" \
	"[s['kind'] for s in d['segments']] == ['link', 'node', 'link', 'node', 'link']" \
	"all(s['status'] == 'ok' for s in d['segments'])"
text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
contains "healthy 4-node, text: the path line" "$text" \
	"$TOPO_NODE_PE1 ─(1)→ [in 1 ✓ | $TOPO_NODE_P1 | out 2 ✓] ─(2)→ [in 1 ✓ | $TOPO_NODE_P2 | out 2 ✓] ─(2)→ [$TOPO_NODE_PE2 MEP ✓]"

# --- the P1 — P2 link down ----------------------------------------------------------
ip -n "$(topo_ns p1)" link set veth-p2 down
locate_status "P1-P2 link down" 1
at_or_after "P1-P2 link down: at or after the link leaving P1 by IF $TOPO_IF_P1_OUT" \
	"$P1_ID" "$TOPO_IF_P1_OUT" out-mip
jcheck "P1-P2 link down: P1 known and answering, P2 unknown" "$out" \
	"kinds == ['source', 'in-mip', 'out-mip', 'mep']" \
	"d['trace']['hops'][0]['node'] == '$P1_ID' and d['trace']['hops'][1]['result'] == 'timeout'"
ip -n "$(topo_ns p1)" link set veth-p2 up

# --- the P2 -> P1 direction of that link loses everything -----------------------------
# P2's reverse entry sends label 999, which P1 does not know: the forward
# direction works, but nothing from P2 or beyond comes back.  Locate cannot
# see which direction failed, and names the same segment.
topo_derive_conf p2 p2-badrev -e 's/^\(  reverse .* out [0-9]* label \)[0-9]*$/\1999/'
if restart_node p2 p2-badrev; then
	topo_cli p1 clear counters >/dev/null
	locate_status "P2->P1 direction broken" 1
	at_or_after "P2->P1 direction broken: at or after the link leaving P1 by IF $TOPO_IF_P1_OUT" \
		"$P1_ID" "$TOPO_IF_P1_OUT" out-mip
	cnt=$(topo_cli p1 show counters json)
	jcheck "P2->P1 direction broken: P1 drops the replies as no-label" "$cnt" \
		"d['drops']['no-label'] >= 1"
	restart_node p2 p2 || true
fi

# --- P2's link toward PE2 down: the fault moves one node further -----------------
ip -n "$(topo_ns p2)" link set veth-pe2 down
locate_status "P2->PE2 link down" 1
at_or_after "P2->PE2 link down: at or after the link leaving P2 by IF $TOPO_IF_P2_OUT" \
	"$P2_ID" "$TOPO_IF_P2_OUT" out-mip
jcheck "P2->PE2 link down: all four MIPs answer" "$out" \
	"kinds == ['source', 'in-mip', 'out-mip', 'in-mip', 'out-mip', 'mep']" \
	"all(p['status'] == 'ok' for p in pt[:5])"
ip -n "$(topo_ns p2)" link set veth-pe2 up

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
