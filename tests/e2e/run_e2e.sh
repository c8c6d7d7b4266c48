#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Tier (d) e2e: the three-node network of docs/CONTRACT.md §6 (PE1 — P — PE2 in
# network namespaces, real tplsr processes on af_packet ports) driven through
# tplsr-cli; every assertion is on the CLI's JSON (docs/CLI.md).
#
#   tests/e2e/run_e2e.sh [BUILD_DIR]
#
# Exit 0 when all checks pass, 1 otherwise, 77 (skip) without root or netns.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TPLSR_BUILD=${1:-$ROOT/build}
# shellcheck source=tests/e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
e2e_begin "e2e"

G=$TOPO_GLOBAL
P_ID=$G:$TOPO_NODE_P
PE2_ID=$G:$TOPO_NODE_PE2
LSP=$TOPO_LSP
IN=$TOPO_IF_P_IN
OUT=$TOPO_IF_P_OUT
PING=(ping mpls-tp lsp "$LSP")
FAST=(count 3 timeout 1000)

echo "# e2e: network $TOPO_ID, tplsr=$TPLSR_BIN"
if ! topo_up; then
	fail "three-node network comes up" "see the logs above"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
pass "three-node network comes up (3 daemons answer show interfaces)"

# --- control plane sanity --------------------------------------------------
out=$(topo_cli p show interfaces json)
jcheck "P show interfaces: IF $IN and $OUT, links up, MIPs on" "$out" \
	"sorted(i['if_num'] for i in d['interfaces']) == [$IN, $OUT]" \
	"all(i['link'] == 'up' and i['mip'] for i in d['interfaces'])"
out=$(topo_cli p show lsp json)
jcheck "P show lsp: transit, forward $IN/100 -> $OUT/200, reverse $OUT/201 -> $IN/101" "$out" \
	"d['lsps'][0]['name'] == '$LSP' and d['lsps'][0]['role'] == 'transit'" \
	"d['lsps'][0]['forward']['in'] == {'if': $IN, 'label': 100}" \
	"d['lsps'][0]['forward']['out'] == [{'if': $OUT, 'label': 200}]" \
	"d['lsps'][0]['reverse']['out'] == [{'if': $IN, 'label': 101}]" \
	"d['lsps'][0]['loopback'] is None"

# --- P's in-MIP ------------------------------------------------------------
out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$IN" "${FAST[@]}" json); st=$?
status_is "in-MIP $P_ID:$IN (discovered)" $st 0
jcheck "in-MIP $P_ID:$IN answers: identity $P_ID, IF_Num $IN, RC 8, TTL 1" "$out" \
	"d['error'] is None and d['protocol'] == 'lsp-ping'" \
	"d['target']['type'] == 'mip' and d['target']['side'] == 'in'" \
	"d['target']['if_num'] == $IN and d['ttl'] == 1" \
	"d['sent'] == 3 and d['success'] == 3 and d['success_rate'] == 100" \
	"all(p['rc'] == 8 and p['code'] == '!' for p in d['probes'])" \
	"all(p['responder'] == '$P_ID' for p in d['probes'])" \
	"all(p['ingress_if'] == $IN for p in d['probes'])"

out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$IN" in ttl 1 "${FAST[@]}" json); st=$?
jcheck "in-MIP $P_ID:$IN with explicit 'in ttl 1' (no discovery): RC 8" "$out" \
	"d['discovered'] is False and d['success'] == 3" \
	"all(p['rc'] == 8 and p['responder'] == '$P_ID' and p['ingress_if'] == $IN for p in d['probes'])"

# --- P's out-MIP -----------------------------------------------------------
out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$OUT" "${FAST[@]}" json); st=$?
status_is "out-MIP $P_ID:$OUT (discovered)" $st 0
jcheck "out-MIP $P_ID:$OUT answers: identity $P_ID, egress IF_Num $OUT, label 200, RC 8" "$out" \
	"d['error'] is None and d['target']['side'] == 'out' and d['target']['if_num'] == $OUT" \
	"d['ttl'] == 1 and d['sent'] == 3 and d['success'] == 3" \
	"all(p['rc'] == 8 and p['responder'] == '$P_ID' for p in d['probes'])" \
	"all(p['egress_if'] == $OUT and p['label'] == 200 for p in d['probes'])"

# --- PE2's MEP -------------------------------------------------------------
out=$(topo_cli pe1 "${PING[@]}" mep "${FAST[@]}" json); st=$?
status_is "MEP $PE2_ID" $st 0
jcheck "PE2's MEP answers: identity $PE2_ID, RC 3" "$out" \
	"d['error'] is None and d['target']['type'] == 'mep' and d['target']['node'] == '$PE2_ID'" \
	"d['sent'] == 3 and d['success'] == 3 and d['rtt_ms'] is not None" \
	"all(p['rc'] == 3 and p['responder'] == '$PE2_ID' for p in d['probes'])"

# --- traceroute ------------------------------------------------------------
out=$(topo_cli pe1 traceroute mpls-tp lsp "$LSP" timeout 1000 json); st=$?
status_is "traceroute" $st 0
jcheck "traceroute: hop 1 = P ($P_ID:$IN, in $IN out $OUT label 200, RC 8), hop 2 = egress PE2 (RC 3)" "$out" \
	"d['error'] is None and d['reached'] is True and len(d['hops']) == 2" \
	"d['hops'][0]['ttl'] == 1 and d['hops'][0]['node'] == '$P_ID'" \
	"d['hops'][0]['mip'] == '$P_ID:$IN' and d['hops'][0]['in_if'] == $IN" \
	"d['hops'][0]['out_if'] == $OUT and d['hops'][0]['label'] == 200 and d['hops'][0]['rc'] == 8" \
	"d['hops'][1]['ttl'] == 2 and d['hops'][1]['node'] == '$PE2_ID' and d['hops'][1]['rc'] == 3"

# --- the IP form of LSP Ping (ACH 0x0021, RFC 6426 §2) ----------------------
# The same probes with `encap ip`: IPv4/UDP 3503 inside the G-ACh; P and PE2
# answer in the IP form (docs/OAM-RULES.md §2.6) and PE1's prober matches the
# replies by handle and sequence number.
topo_cli p clear counters >/dev/null
topo_cli pe2 clear counters >/dev/null
for ifn in "$IN" "$OUT"; do
	out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$ifn" encap ip "${FAST[@]}" json); st=$?
	status_is "IP form: MIP $P_ID:$ifn" $st 0
	jcheck "IP form: MIP $P_ID:$ifn answers RC 8 in the IP form" "$out" \
		"d['error'] is None and d['protocol'] == 'lsp-ping' and d['ttl'] == 1" \
		"d['sent'] == 3 and d['success'] == 3" \
		"all(p['rc'] == 8 and p['responder'] == '$P_ID' for p in d['probes'])"
done
out=$(topo_cli pe1 "${PING[@]}" mep encap ip "${FAST[@]}" json); st=$?
status_is "IP form: MEP $PE2_ID" $st 0
jcheck "IP form: PE2's MEP answers RC 3" "$out" \
	"d['sent'] == 3 and d['success'] == 3" \
	"all(p['rc'] == 3 and p['responder'] == '$PE2_ID' for p in d['probes'])"
out=$(topo_cli pe1 traceroute mpls-tp lsp "$LSP" encap ip timeout 1000 json); st=$?
status_is "IP form: traceroute" $st 0
jcheck "IP form: traceroute hop 1 = P (in $IN out $OUT, RC 8), hop 2 = PE2 (RC 3)" "$out" \
	"d['error'] is None and d['reached'] is True and len(d['hops']) == 2" \
	"d['hops'][0]['node'] == '$P_ID' and d['hops'][0]['in_if'] == $IN" \
	"d['hops'][0]['out_if'] == $OUT and d['hops'][0]['rc'] == 8" \
	"d['hops'][1]['node'] == '$PE2_ID' and d['hops'][1]['rc'] == 3"
cnt=$(topo_cli p show counters json)
jcheck "P answered the 9 IP-form requests (2 discoveries, 6 pings, 1 trace hop), nothing dropped" \
	"$cnt" "d['oam']['echo-request-rx'] == 9 and d['oam']['echo-reply-tx'] == 9" \
	"d['oam']['in-mip'] == 6 and d['oam']['out-mip'] == 3 and d['dropped'] == 0"
cnt=$(topo_cli pe2 show counters json)
jcheck "PE2 answered the 4 IP-form requests at its MEP" "$cnt" \
	"d['oam']['echo-request-rx'] == 4 and d['oam']['mep'] == 4"
out=$(topo_cli pe1 "${PING[@]}" mep encap ipx "${FAST[@]}" 2>&1); st=$?
status_is "encap ipx: refused" $st 2
matches "encap ipx: the message names the choices" "$out" "*expected ip or non-ip*"
out=$(topo_cli pe1 "${PING[@]}" mep encap ip g8113 "${FAST[@]}" 2>&1); st=$?
status_is "encap ip with g8113: refused" $st 2

# --- G.8113.1 LBM/LBR ------------------------------------------------------
for ifn in "$IN" "$OUT"; do
	out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$ifn" g8113 "${FAST[@]}" json); st=$?
	status_is "G.8113.1 LBM to $P_ID:$ifn" $st 0
	jcheck "G.8113.1 LBM to $P_ID:$ifn: LBRs from MIP ID $TOPO_ICC/$TOPO_NODE_P/IF $ifn" "$out" \
		"d['protocol'] == 'g8113' and d['error'] is None" \
		"d['sent'] == 3 and d['success'] == 3" \
		"all(p['rc_name'] == 'LBR' for p in d['probes'])" \
		"all(p['responder'].split(':')[-2:] == ['$TOPO_NODE_P', '$ifn'] for p in d['probes'])" \
		"all(p['responder'].startswith('$TOPO_ICC') for p in d['probes'])"
done

# --- loopback off names the MIP it clears (RFC 6435) -------------------------
LOOP=(loopback lsp "$LSP" interface)
out=$(topo_cli p "${LOOP[@]}" "$IN" on 2>&1); st=$?
status_is "loopback on at P's in-MIP of IF $IN" $st 0
out=$(topo_cli p "${LOOP[@]}" "$OUT" off 2>&1); st=$?
status_is "loopback off at IF $OUT while it is set at IF $IN: refused" $st 1
matches "the refusal says the loopback is at the in-MIP of IF $IN" "$out" \
	"*no loopback at interface $OUT*in-MIP of interface $IN*"
out=$(topo_cli p show lsp json)
jcheck "after the refused off: the loopback at the in-MIP of IF $IN is still set" "$out" \
	"d['lsps'][0]['loopback'] == {'if': $IN, 'at': 'in'}"
out=$(topo_cli p "${LOOP[@]}" "$IN" off 2>&1); st=$?
status_is "loopback off at IF $IN" $st 0
matches "off at IF $IN names the MIP it cleared" "$out" "*cleared*in-MIP of interface $IN*"
out=$(topo_cli p "${LOOP[@]}" "$IN" off 2>&1); st=$?
status_is "loopback off again: nothing to clear" $st 1
out=$(topo_cli p show lsp json)
jcheck "no loopback left on P" "$out" "d['lsps'][0]['loopback'] is None"

# --- misdirected: a MIP-targeted message aimed at the wrong node -------------
# TTL 1 expires at P, but the Destination Identifier names PE2: P must drop it
# as `misdirected` (RFC 7054 §4) and not answer.
topo_cli p clear counters >/dev/null
out=$(topo_cli pe1 "${PING[@]}" mip "$PE2_ID:$TOPO_IF_PE2" in ttl 1 count 3 timeout 500 json); st=$?
status_is "LSP Ping for $PE2_ID:$TOPO_IF_PE2 expiring at P" $st 1
jcheck "LSP Ping for $PE2_ID:$TOPO_IF_PE2 with TTL 1: 3 sent, no answer" "$out" \
	"d['sent'] == 3 and d['received'] == 0 and d['success'] == 0"
cnt=$(topo_cli p show counters json)
jcheck "P counts the 3 requests as drops.misdirected" "$cnt" \
	"d['drops']['misdirected'] == 3" \
	"d['rx'] == d['forwarded'] + d['consumed'] + d['dropped']"

topo_cli p clear counters >/dev/null
out=$(topo_cli pe1 "${PING[@]}" mip "$PE2_ID:$TOPO_IF_PE2" in ttl 1 g8113 count 3 timeout 500 json); st=$?
jcheck "G.8113.1 LBM for MIP $PE2_ID:$TOPO_IF_PE2 with TTL 1: no LBR" "$out" \
	"d['sent'] == 3 and d['received'] == 0"
cnt=$(topo_cli p show counters json)
jcheck "P counts the 3 LBMs as drops.misdirected" "$cnt" "d['drops']['misdirected'] == 3"

# The upstream neighbour's out-MIP (PE1's IF, named at P) is not on P's path.
topo_cli p clear counters >/dev/null
out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:7" out ttl 1 count 2 timeout 500 json); st=$?
cnt=$(topo_cli p show counters json)
jcheck "out-MIP IF_Num 7 (not an out IF of the LSP at P): no answer, counted misdirected" \
	"$out" "d['sent'] == 2 and d['success'] == 0"
jcheck "P drops.misdirected == 2 for the bad egress IF_Num" "$cnt" "d['drops']['misdirected'] == 2"

# --- misprogrammed forwarding on P: fault localisation ---------------------
# P restarted with forward `out 3 label 200` (a wrong interface). The in-MIP
# still answers; the out-MIP of IF 2 is not on the forwarding path any more, so
# it cannot answer: that is the fault RFC 7054's out-MIP exists to localise.
if ! topo_restart p p-bad; then
	fail "P restarts with the misprogrammed configuration"
else
	pass "P restarts with the misprogrammed configuration (forward out IF $TOPO_IF_P_SPARE)"
	out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$IN" in ttl 1 "${FAST[@]}" json); st=$?
	status_is "misprogrammed P: in-MIP" $st 0
	jcheck "misprogrammed P: in-MIP $P_ID:$IN still answers (100%, RC 8)" "$out" \
		"d['success'] == 3 and d['success_rate'] == 100" \
		"all(p['rc'] == 8 and p['responder'] == '$P_ID' for p in d['probes'])"
	out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$OUT" out ttl 1 count 3 timeout 500 json); st=$?
	status_is "misprogrammed P: out-MIP" $st 1
	jcheck "misprogrammed P: out-MIP $P_ID:$OUT fails (0%)" "$out" \
		"d['sent'] == 3 and d['success'] == 0 and d['success_rate'] == 0"
	out=$(topo_cli pe1 "${PING[@]}" mep count 2 timeout 500 json); st=$?
	jcheck "misprogrammed P: PE2's MEP unreachable (0%)" "$out" "d['success'] == 0"
	out=$(topo_cli pe1 traceroute mpls-tp lsp "$LSP" max-ttl 3 timeout 500 json); st=$?
	jcheck "misprogrammed P: traceroute shows P leaving by IF $TOPO_IF_P_SPARE, egress not reached" "$out" \
		"d['reached'] is False" \
		"d['hops'][0]['node'] == '$P_ID' and d['hops'][0]['out_if'] == $TOPO_IF_P_SPARE"
fi

# --- the control socket refuses a non-root peer ------------------------------
# Two locks (CLI.md): the socket is created 0600, so uid 65534 cannot even
# connect(); and with the mode opened up to 0666 the daemon's SO_PEERCRED check
# must still refuse it (peers whose uid is neither 0 nor the daemon's).
SOCK=$(topo_sock p)
if command -v setpriv >/dev/null 2>&1; then
	NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
	NOBODY=(runuser -u nobody --)
fi
# A copy of the CLI that uid 65534 can run whatever the build directory's modes.
NOBODY_CLI=$TOPO_DIR/tplsr-cli-nobody
cp "$TPLSR_CLI" "$NOBODY_CLI" && chmod 0755 "$NOBODY_CLI" "$TOPO_DIR"
if [ ! -S "$SOCK" ]; then
	fail "P's control socket $SOCK exists (for the non-root checks)"
else
	mode=$(stat -c %a "$SOCK")
	if [ "$mode" = 600 ]; then
		pass "P's control socket is mode 0600"
	else
		fail "P's control socket is mode 0600" "got $mode"
	fi
	out=$("${NOBODY[@]}" "$NOBODY_CLI" -s "$SOCK" show counters json 2>&1); st=$?
	if [ "$st" = 2 ] && [[ $out == *"Permission denied"* ]] && [[ $out != *'"rx"'* ]]; then
		pass "uid 65534 cannot connect to the 0600 socket (status 2, Permission denied)"
	else
		fail "uid 65534 cannot connect to the 0600 socket (status 2, Permission denied)" \
			"status $st, output: ${out:0:300}"
	fi
	refused0=$(grep -c "refused a client with uid 65534" "$(topo_logfile p)")
	chmod 0666 "$SOCK"
	out=$("${NOBODY[@]}" "$NOBODY_CLI" -s "$SOCK" show counters json 2>&1); st=$?
	chmod 0600 "$SOCK"
	if [ "$st" = 2 ] && [[ $out == "% Permission denied" ]]; then
		pass "socket opened to 0666: the daemon still refuses uid 65534 (SO_PEERCRED: '% Permission denied', status 2)"
	else
		fail "socket opened to 0666: the daemon still refuses uid 65534 (SO_PEERCRED: '% Permission denied', status 2)" \
			"status $st, output: ${out:0:300}"
	fi
	refused1=$(grep -c "refused a client with uid 65534" "$(topo_logfile p)")
	if [ "$refused1" -eq $((refused0 + 1)) ]; then
		pass "P logs the refusal: 'refused a client with uid 65534'"
	else
		fail "P logs the refusal: 'refused a client with uid 65534'" \
			"$refused0 such lines before, $refused1 after"
	fi
	out=$(topo_cli p show counters json); st=$?
	status_is "root still served after the refusal" $st 0
	jcheck "root still served after the refusal: show counters json" "$out" \
		"d['rx'] == d['forwarded'] + d['consumed'] + d['dropped']"
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
