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
# Then, on each network, the same faults against the provisioned path
# (docs/LOCATE.md): `save-path` captures it from the healthy LSP, `show
# running-config` shows it, and every later locate compares with it: the
# misprogrammed node is named *inside* with both interfaces, a link by both
# ends, `mip off` stays healthy with a remark, the loopback is a loop.
#
#   P2MP, PE1 — P branching to PE2 (out 2) and PE3 (out 3), both legs
#   provisioned: the tree leg by leg; save-path refused (it branches); PE3's
#   link down names that leg only.
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


# --- against the provisioned path (docs/LOCATE.md) -------------------------------

# save_path NAME PATH_LINE: `locate ... save-path` on the healthy LSP writes
# PATH_LINE into PE1's running configuration and prints it; a locate then uses it.
save_path() {
	local text rc i
	# A link brought up just before loses its first frames: wait until a
	# plain locate finds the LSP healthy (save-path would rightly refuse).
	for i in 1 2 3 4 5; do
		locate_json
		[ "$st" = 0 ] && [ "$i" -gt 1 ] && break
		sleep 1
	done
	# A longer timeout: one route-tracing reply late on a busy machine would
	# (rightly) leave the path incomplete and refuse it.
	text=$(topo_cli pe1 "${LOCATE[@]}" count 2 timeout 2000 save-path)
	status_is "$1: save-path" $? 0
	contains "$1: save-path prints the path line" "$text" "$2"
	rc=$(topo_cli pe1 show running-config)
	contains "$1: show running-config has the path" "$rc" "$2"
	locate_status "$1: healthy against the provisioned path" 0
	jcheck "$1: healthy as provisioned: comparison none, intended and found side by side" "$out" \
		"d['comparison']['diff'] == 'none' and d['comparison']['healthy'] is True" \
		"v['healthy'] is True" \
		"all(h['found'] is not None and h['found']['node'] == h['node'] for h in d['intended'])" \
		"all(h['found']['in_if'] == h['in_if'] and h['found']['out_if'] == h['out_if'] for h in d['intended'][:-1])"
}

# warm_up: one locate whose result is not looked at.  A node just restarted,
# or a link just brought up, may lose the first frames sent through it; the
# checks that follow are about the fault, not about that.
warm_up() {
	topo_cli pe1 "${LOCATE[@]}" count 1 timeout 500 >/dev/null
}

# cmp_is NAME WANT_STATUS DIFF HOP NODE_ID EXPR...: a locate against the provisioned
# path exits WANT_STATUS and names DIFF at hop HOP (node NODE_ID), and the EXPRs hold.
cmp_is() {
	local name=$1 want=$2 diff=$3 hop=$4 node=$5
	shift 5
	locate_status "$name" "$want"
	jcheck "$name: $diff at hop $hop ($node)" "$out" \
		"d['error'] is None and d['comparison']['diff'] == '$diff'" \
		"d['comparison']['hop'] == $hop and d['comparison']['node'] == '$node'" \
		"v['healthy'] is ($want == 0)" "$@"
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
contains "tplsr-cli help lists locate" "$out" "locate mpls-tp lsp NAME [count N] [timeout MS]"
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

# --- the IP form: the trace and every CV in IPv4/UDP on ACH 0x0021 ----------
# (docs/OAM-NOTES.md "The IP form"); P's event stream shows which channel came.
mon=$(mktemp)
if mon_start p "$mon" json oam; then
	# A flood shows its first event of each second whole (docs/MONITORING.md):
	# start in a second the locates above did not already open.
	sleep 1.1
	out=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}" encap ip json); st=$?
	status_is "healthy 3-node, IP form" "$st" 0
	jcheck "healthy 3-node, IP form: the same points answer, verdict healthy" "$out" \
		"kinds == ['source', 'in-mip', 'out-mip', 'mep']" \
		"all(p['status'] == 'ok' for p in pt[1:])" "v['healthy'] is True"
	mon_wait "$mon" '"channel": 33' || true
	mon_stop "$MON_PID"
	evcheck "IP form: P's answers were to requests on ACH 0x0021 (33), none on 0x0025" "$mon" \
		"any(e.get('channel') == 33 for e in ev)" \
		"not any(e.get('channel') == 37 for e in ev)"
else
	fail "a monitor starts on P"
fi
rm -f "$mon"

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

# ==== three nodes, against the provisioned path ================================
PATH3="path forward via $P_ID in $TOPO_IF_P_IN out $TOPO_IF_P_OUT to $PE2_ID in $TOPO_IF_PE2"
if restart_node p p; then
	# Without a path the misprogram below reads "at or after the link leaving P by
	# IF 3"; save-path refuses to capture a path from a faulty LSP.
	if restart_node p p-bad; then
		text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}" save-path); st=$?
		status_is "save-path on the misprogrammed LSP is refused" $st 1
		contains "save-path refused: says why, nothing changed" "$text" \
			"% Path not saved: the LSP is not healthy (see the verdict); nothing changed"
		rc=$(topo_cli pe1 show running-config)
		if grep -q "path forward" <<<"$rc"; then
			fail "save-path refused: no path in the running configuration"
		else
			pass "save-path refused: no path in the running configuration"
		fi
		restart_node p p
	fi
	save_path "3-node" "  $PATH3"

	# P misprogrammed: inside P, both interfaces named.
	if restart_node p p-bad; then
		warm_up
		cmp_is "path, P misprogrammed" 1 out-if 1 "$P_ID" \
			"d['comparison']['out_if'] == $TOPO_IF_P_OUT and d['comparison']['found_out_if'] == $TOPO_IF_P_SPARE" \
			"d['intended'][0]['found']['out_if'] == $TOPO_IF_P_SPARE" \
			"pt[2]['kind'] == 'out-mip' and pt[2]['if_num'] == $TOPO_IF_P_OUT and pt[2]['status'] == 'no-answer'" \
			"pt[3]['kind'] == 'mep' and pt[3]['ttl'] == 2"
		text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
		contains "path, P misprogrammed, text: inside P, out IF 3, provisioned out IF 2" "$text" \
			"Verdict: inside $TOPO_NODE_P: it forwards the LSP out IF $TOPO_IF_P_SPARE, the LSP is provisioned out IF $TOPO_IF_P_OUT (check $TOPO_NODE_P's forwarding entry for this LSP, not the link)."
		contains "path, P misprogrammed, text: the hop that differs" "$text" \
			"1  $TOPO_NODE_P in $TOPO_IF_P_IN out $TOPO_IF_P_OUT           $TOPO_NODE_P in $TOPO_IF_P_IN out $TOPO_IF_P_SPARE   <- differs"
		restart_node p p
	fi

	# The P -> PE2 link down: that link by both ends (or the sink: it has no MIP).
	ip -n "$(topo_ns p)" link set veth-pe2 down
	warm_up
	cmp_is "path, P->PE2 link down" 1 link 2 "$PE2_ID" \
		"d['comparison']['in_if'] == $TOPO_IF_PE2 and d['comparison']['sink_unheard'] is True" \
		"pt[1]['status'] == 'ok' and pt[2]['status'] == 'ok' and pt[3]['status'] == 'no-answer'"
	text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
	contains "path, P->PE2 link down, text: the link by both ends" "$text" \
		"Verdict: the link $TOPO_NODE_P IF $TOPO_IF_P_OUT -> $TOPO_NODE_PE2 IF $TOPO_IF_PE2, or $TOPO_NODE_PE2 itself"
	ip -n "$(topo_ns p)" link set veth-pe2 up

	# The PE1 -> P link down (P's side): the first link, nothing answers.
	ip -n "$(topo_ns p)" link set veth-pe1 down
	warm_up
	cmp_is "path, PE1->P link down" 1 link 1 "$P_ID" \
		"d['comparison']['in_if'] == $TOPO_IF_P_IN and d['comparison']['sink_unheard'] is False" \
		"d['comparison']['point'] == 1 and pt[1]['status'] == 'no-answer'"
	ip -n "$(topo_ns p)" link set veth-pe1 up

	# RFC 6435 loopback at P's out-MIP: the LSP comes back to us after P.
	if topo_cli p loopback lsp "$LSP" interface "$TOPO_IF_P_OUT" on >/dev/null; then
		warm_up
		cmp_is "path, loopback at P's out-MIP" 1 loop 2 "$PE2_ID" \
			"d['comparison']['found'] == '$PE1_ID'"
		text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
		contains "path, loopback, text" "$text" \
			"Verdict: the LSP is looped back after $TOPO_NODE_P: $TOPO_NODE_PE1 answered route tracing at TTL 2"
		topo_cli p loopback lsp "$LSP" interface "$TOPO_IF_P_OUT" off >/dev/null
	else
		fail "loopback can be set at P's out-MIP (path)"
	fi

	# `mip off` on P's out, then in interface: as provisioned, a remark each.
	if restart_node p p-mipoff-out; then
		warm_up
		locate_status "path, mip off on P IF $TOPO_IF_P_OUT" 0
		jcheck "path, mip off on P IF $TOPO_IF_P_OUT: healthy, noted no-out-mip" "$out" \
			"d['comparison']['diff'] == 'none' and v['healthy'] is True" \
			"[n['type'] for n in d['notes']] == ['no-out-mip'] and d['notes'][0]['if_num'] == $TOPO_IF_P_OUT"
	fi
	if restart_node p p-mipoff-in; then
		warm_up
		locate_status "path, mip off on P IF $TOPO_IF_P_IN" 0
		jcheck "path, mip off on P IF $TOPO_IF_P_IN: healthy, P's intended out-MIP still probed" "$out" \
			"d['comparison']['diff'] == 'none' and d['comparison']['matched'] == 1" \
			"kinds == ['source', 'in-mip', 'out-mip', 'mep']" \
			"pt[1]['status'] == 'no-answer' and pt[2]['status'] == 'ok'" \
			"[n['type'] for n in d['notes']] == ['silent-in-mip']"
	fi
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

# ==== four nodes, against the provisioned path =================================
PATH4="path forward via $P1_ID in $TOPO_IF_P1_IN out $TOPO_IF_P1_OUT via $P2_ID in $TOPO_IF_P2_IN out $TOPO_IF_P2_OUT to $PE2_ID in $TOPO_IF_PE2"
save_path "4-node" "  $PATH4"

ip -n "$(topo_ns p1)" link set veth-p2 down
warm_up
cmp_is "path, P1-P2 link down" 1 link 2 "$P2_ID" \
	"d['comparison']['in_if'] == $TOPO_IF_P2_IN and d['comparison']['sink_unheard'] is False" \
	"pt[2]['status'] == 'ok' and pt[3]['status'] == 'no-answer'"
text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
contains "path, P1-P2 link down, text: the link by both ends" "$text" \
	"Verdict: the link $TOPO_NODE_P1 IF $TOPO_IF_P1_OUT -> $TOPO_NODE_P2 IF $TOPO_IF_P2_IN: $TOPO_NODE_P1 answers, $TOPO_NODE_P2's in-MIP gives no answer"
ip -n "$(topo_ns p1)" link set veth-p2 up

# P2 misprogrammed: its forward entry sends the LSP back out of IF 1.
topo_derive_conf p2 p2-bad -e "s/^\(  forward in $TOPO_IF_P2_IN label 200 out \)$TOPO_IF_P2_OUT /\1$TOPO_IF_P2_IN /"
if restart_node p2 p2-bad; then
	warm_up
	cmp_is "path, P2 misprogrammed" 1 out-if 2 "$P2_ID" \
		"d['comparison']['out_if'] == $TOPO_IF_P2_OUT and d['comparison']['found_out_if'] == $TOPO_IF_P2_IN" \
		"d['comparison']['matched'] == 1"
	text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
	contains "path, P2 misprogrammed, text: inside P2, both interfaces" "$text" \
		"Verdict: inside $TOPO_NODE_P2: it forwards the LSP out IF $TOPO_IF_P2_IN, the LSP is provisioned out IF $TOPO_IF_P2_OUT"
	restart_node p2 p2 || true
fi

ip -n "$(topo_ns p2)" link set veth-pe2 down
warm_up
cmp_is "path, P2->PE2 link down" 1 link 3 "$PE2_ID" "d['comparison']['sink_unheard'] is True" \
	"all(p['status'] == 'ok' for p in pt[:5])"
ip -n "$(topo_ns p2)" link set veth-pe2 up

# `mip off` on P1's out interface, set at run time: healthy with a remark.
if topo_cli p1 interface "$TOPO_IF_P1_OUT" mip off >/dev/null; then
	warm_up
	locate_status "path, mip off on P1 IF $TOPO_IF_P1_OUT" 0
	jcheck "path, mip off on P1 IF $TOPO_IF_P1_OUT: healthy, noted no-out-mip" "$out" \
		"d['comparison']['diff'] == 'none'" \
		"[n['type'] for n in d['notes']] == ['no-out-mip'] and d['notes'][0]['node'] == '$P1_ID'"
	topo_cli p1 interface "$TOPO_IF_P1_OUT" mip on >/dev/null
else
	fail "interface mip off at P1"
fi

# ==== P2MP: PE1 — P, branching to PE2 (IF 2) and PE3 (IF 3) ====================
# The three-node network with P's spare veth moved into a fourth namespace,
# PE3, the second leaf; P's forward entry replicates to both; PE3's replies
# come back through P on a one-direction LSP of their own (a direction has one
# `in`), onto PE1's reverse label.
NODE_PE3=192.0.2.5
PE3_ID=$G:$NODE_PE3

# The P2MP network's configurations have interfaces topology.sh does not name.
eval "$(declare -f topo_node_ifaces | sed '1s/^topo_node_ifaces/topology_node_ifaces/')"
topo_node_ifaces() {
	case $1 in
	pe3 | pe3-*) echo veth-p ;;
	p-tree | p-tree-*) echo veth-pe1 veth-pe2 veth-x ;;
	*) topology_node_ifaces "$1" ;;
	esac
}

# p2mp_net: after topo_up, make the tree and start PE3, P and PE1 with it.
p2mp_net() {
	local p pe3
	p=$(topo_ns p); pe3=$(topo_ns pe3)
	topo_new_ns "$pe3" || return 1
	TOPO_NODES="pe1 p pe2 pe3"
	ip -n "$p" link set veth-x-peer netns "$pe3" || return 1
	ip -n "$pe3" link set veth-x-peer name veth-p || return 1
	topo_quiet_if "$pe3" veth-p "$TOPO_MAC_SPARE_PEER"
	{
		topo_node_head "P (P2MP branch point)" "$TOPO_NODE_P"
		echo "interface $TOPO_IF_P_IN port 0 mac $TOPO_MAC_P_IN peer $TOPO_MAC_PE1"
		echo "interface $TOPO_IF_P_OUT port 1 mac $TOPO_MAC_P_OUT peer $TOPO_MAC_PE2"
		echo "interface $TOPO_IF_P_SPARE port 2 mac $TOPO_MAC_P_SPARE peer $TOPO_MAC_SPARE_PEER"
		topo_lsp_head
		echo "  forward in $TOPO_IF_P_IN label 100 out $TOPO_IF_P_OUT label 200 out $TOPO_IF_P_SPARE label 300"
		echo "  reverse in $TOPO_IF_P_OUT label 201 out $TOPO_IF_P_IN label 101"
		echo
		echo "lsp pe3-back"
		echo "  source $PE3_ID tunnel 2"
		echo "  destination $PE1_ID tunnel 2"
		echo "  lsp-num 1"
		echo "  forward in $TOPO_IF_P_SPARE label 301 out $TOPO_IF_P_IN label 101"
	} >"$(topo_conf p-tree)"
	{
		topo_node_head PE3 "$NODE_PE3"
		echo "interface 1 port 0 mac $TOPO_MAC_SPARE_PEER peer $TOPO_MAC_P_SPARE"
		topo_lsp_head
		echo "  forward in 1 label 300"
		echo "  reverse out 1 label 301"
	} >"$(topo_conf pe3)"
	topo_derive_conf pe1 pe1-tree -e "/^  forward out/a\\
  path forward via $P_ID in $TOPO_IF_P_IN out $TOPO_IF_P_OUT to $PE2_ID in $TOPO_IF_PE2\\
  path forward via $P_ID in $TOPO_IF_P_IN out $TOPO_IF_P_SPARE to $PE3_ID in 1"
	topo_start pe3 && topo_restart p p-tree && topo_restart pe1 pe1-tree
}

topo_down
if ! topo_up || ! p2mp_net; then
	fail "P2MP network comes up" "see the logs above"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
pass "P2MP network PE1 — P — {PE2, PE3} comes up"
warm_up

locate_status "P2MP healthy" 0
jcheck "P2MP healthy: two legs, both as provisioned; every point answers" "$out" \
	"d['legs_provisioned'] == 2 and d['legs_probed'] == 2 and len(d['legs']) == 2" \
	"all(g['healthy'] and g['comparison']['diff'] == 'none' for g in d['legs'])" \
	"[g['leaf'] for g in d['legs']] == ['$PE2_ID', '$PE3_ID']" \
	"d['legs'][1]['intended'][0]['out_if'] == $TOPO_IF_P_SPARE" \
	"v['healthy'] is True and d['trace']['hops'][0]['rc'] == 14"
text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
contains "P2MP healthy, text: leg 2 with ✓ per MIP" "$text" \
	"$TOPO_NODE_PE1 ─($TOPO_IF_PE1)→ [in $TOPO_IF_P_IN ✓ | $TOPO_NODE_P | out $TOPO_IF_P_SPARE ✓] ─($TOPO_IF_P_SPARE)→ [$NODE_PE3 MEP ✓]"
contains "P2MP healthy, text: the summary" "$text" "2 of 2 legs as provisioned and healthy."

text=$(topo_cli pe1 "${LOCATE[@]}" count 2 timeout 2000 save-path); st=$?
status_is "P2MP: save-path refused" $st 1
contains "P2MP: save-path says the LSP branches" "$text" \
	"% Path not saved: the LSP branches (P2MP, return code 14): write one path line per leaf; nothing changed"

# PE3's link down (P's IF 3): that leg only.
ip -n "$(topo_ns p)" link set veth-x down
warm_up
locate_status "P2MP, P->PE3 link down" 1
jcheck "P2MP, P->PE3 link down: leg 1 healthy, leg 2 names the link to PE3" "$out" \
	"d['legs'][0]['healthy'] is True and d['legs'][0]['comparison']['diff'] == 'none'" \
	"d['legs'][1]['healthy'] is False and d['legs'][1]['comparison']['diff'] == 'link'" \
	"d['legs'][1]['comparison']['node'] == '$PE3_ID' and d['legs'][1]['comparison']['hop'] == 2" \
	"d['comparison']['node'] == '$PE3_ID' and v['healthy'] is False"
text=$(topo_cli pe1 "${LOCATE[@]}" "${FAST[@]}")
contains "P2MP, P->PE3 link down, text: leg 1 as provisioned" "$text" "Verdict, leg 1: as provisioned"
contains "P2MP, P->PE3 link down, text: leg 2, the link to PE3" "$text" \
	"Verdict, leg 2: the link $TOPO_NODE_P IF $TOPO_IF_P_SPARE -> $NODE_PE3 IF 1, or $NODE_PE3 itself"
contains "P2MP, P->PE3 link down, text: ✗ on PE3's MEP" "$text" "[$NODE_PE3 MEP ✗]"
contains "P2MP, P->PE3 link down, text: the summary" "$text" "1 of 2 legs as provisioned and healthy."
ip -n "$(topo_ns p)" link set veth-x up

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
