#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Tier (d) e2e: changing a running node without losing a frame
# (docs/PROVISIONING.md).  In the three-node network PE1 — P — PE2, data flows
# at a steady rate on the LSP pe1-pe2 (frames injected on PE1's link toward
# P, label 100) while P receives hundreds of `lsp add` / `lsp delete` of
# other LSPs and several `reload`s, one of them of a file with a syntax error.
# Then: not one data frame lost (PE2 consumed them all, P forwarded them all
# and dropped nothing), new LSPs forward and answer CV at their MIPs, deleted
# ones count no-label, the bad reload changed nothing, `show running-config`
# round-trips through `tplsr check`, SIGHUP reloads.  P runs a worker lcore,
# so changes are published to a forwarding worker under RCU.
#
#   tests/e2e/run_provision.sh [BUILD_DIR]
#
# Exit 0 when all checks pass, 1 otherwise, 77 (skip) without root or netns.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TPLSR_BUILD=${1:-$ROOT/build}
PY=/usr/bin/python3

# shellcheck source=scripts/topology.sh
. "$ROOT/scripts/topology.sh"

if ! why=$(topo_available); then
	echo "SKIP: e2e needs root and network namespaces ($why)"
	exit 77
fi
topo_find_programs || exit 1

. "$ROOT/tests/e2e/lib.sh"
trap 'topo_down' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

G=$TOPO_GLOBAL
P_ID=$G:$TOPO_NODE_P
IN=$TOPO_IF_P_IN
OUT=$TOPO_IF_P_OUT
DATA_FRAMES=${PROVISION_FRAMES:-3000}
DATA_PPS=${PROVISION_PPS:-500}

# P again, on a worker lcore and the main lcore (two queue pairs per port): the
# changes are made on the main lcore while the worker forwards (RCU).
start_p_with_worker() {
	local ns sock
	ns=$(topo_ns p); sock=$(topo_sock p)
	topo_stop p
	ip netns exec "$ns" "$TPLSR_BIN" -l 0,1 --no-huge -m "$TOPO_MEM" --no-pci \
		--file-prefix "$TOPO_ID-p" --log-level=lib.eal:notice \
		--vdev=net_af_packet0,iface=veth-pe1,qpairs=2 \
		--vdev=net_af_packet1,iface=veth-pe2,qpairs=2 \
		-- -c "$(topo_conf p)" --ctl "$sock" >>"$(topo_logfile p)" 2>&1 </dev/null &
	TOPO_PID[p]=$!
	topo_wait_ready p
}

echo "# provision: network $TOPO_ID, tplsr=$TPLSR_BIN"
if ! topo_up || ! start_p_with_worker; then
	fail "three-node network comes up" "see the logs above"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
pass "three-node network comes up (P with a worker lcore)"

# inject COUNT PPS LABEL: MPLS frames from PE1's side of the PE1—P link to P.
inject() {
	ip netns exec "$(topo_ns pe1)" "$PY" - "$@" "$TOPO_MAC_P_IN" "$TOPO_MAC_PE1" <<'EOF'
import socket, struct, sys, time
count, pps, label = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
dst, src = (bytes.fromhex(m.replace(':', '')) for m in sys.argv[4:6])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("veth-p", 0))
lse = struct.pack("!I", label << 12 | 1 << 8 | 64)
t0 = time.monotonic()
for i in range(count):
    ip = bytes([0x45, 0, 0, 46]) + struct.pack("!I", i) + bytes(38)
    s.send(dst + src + b"\x88\x47" + lse + ip)
    delay = t0 + (i + 1) / pps - time.monotonic()
    if delay > 0:
        time.sleep(delay)
EOF
}

counters() { topo_cli "$1" show counters json; }

# lsp_words NAME IN_LABEL OUT_LABEL: P's words for a transit LSP IN -> OUT (forward)
# and OUT -> IN (reverse, labels + 1).
lsp_words() {
	echo "$1 source $G:$TOPO_NODE_PE1 tunnel 7 destination $G:$TOPO_NODE_PE2 tunnel 7" \
		"lsp-num 1 forward in $IN label $2 out $OUT label $3" \
		"reverse in $OUT label $(($3 + 1)) out $IN label $(($2 + 1))"
}

# conf_with FILE FIRST LAST: P's configuration plus LSPs r<FIRST>..r<LAST>.
conf_with() {
	{
		cat "$(topo_conf p)"
		for ((k = $2; k <= $3; k++)); do
			printf '\nlsp r%d\n  source %s tunnel 8\n  destination %s tunnel 8\n' \
				"$k" "$G:$TOPO_NODE_PE1" "$G:$TOPO_NODE_PE2"
			printf '  lsp-num %d\n  forward in %d label %d out %d label %d\n' \
				"$k" "$IN" $((20000 + 2 * k)) "$OUT" $((30000 + 2 * k))
		done
	} >"$1"
}

# --- steady data on the untouched LSP while P changes ---------------------------
p0=$(counters p); e0=$(counters pe2)
inject "$DATA_FRAMES" "$DATA_PPS" 100 &
sender=$!

adds=0; add_fail=0; dels=0; del_fail=0
conf_with "$TOPO_DIR/p-r1.conf" 1 60
conf_with "$TOPO_DIR/p-r2.conf" 31 90
sed 's/^  lsp-num 45$/  lsp-num forty-five/' "$TOPO_DIR/p-r2.conf" >"$TOPO_DIR/p-syntax.conf"
for ((k = 1; k <= 300; k++)); do
	# shellcheck disable=SC2046 # the words of the LSP, one argument each
	if topo_cli p lsp add $(lsp_words "x$k" $((1000 + 2 * k)) $((5000 + 2 * k))) >/dev/null; then
		adds=$((adds + 1))
	else
		add_fail=$((add_fail + 1))
	fi
	if ((k % 2 == 0)); then
		if topo_cli p lsp delete "x$((k - 1))" >/dev/null; then
			dels=$((dels + 1))
		else
			del_fail=$((del_fail + 1))
		fi
	fi
	case $k in
	100) rl1=$(topo_cli p reload "$TOPO_DIR/p-r1.conf" json); rs1=$? ;;
	150) rc_before=$(topo_cli p show running-config)
	     bad=$(topo_cli p reload "$TOPO_DIR/p-syntax.conf" 2>&1); bad_st=$?
	     rc_after=$(topo_cli p show running-config) ;;
	200) rl2=$(topo_cli p reload "$TOPO_DIR/p-r2.conf" json); rs2=$? ;;
	esac
done
wait "$sender"
sleep 1
[ "$adds" = 300 ] && [ "$add_fail" = 0 ] && pass "300 lsp add on P while data flows" ||
	fail "300 lsp add on P while data flows" "added $adds, failed $add_fail"
[ "$dels" = 150 ] && [ "$del_fail" = 0 ] && pass "150 lsp delete on P while data flows" ||
	fail "150 lsp delete on P while data flows" "deleted $dels, failed $del_fail"
status_is "reload of p-r1.conf (60 LSPs more)" "$rs1" 0
jcheck "reload p-r1.conf: the 100 x LSPs of the CLI gone (50 left), 60 r LSPs added" "$rl1" \
	"d['ok'] is True and d['lsps'] == 61" "'60 LSP(s) added, 50 removed, 0 changed' in d['message']"
status_is "reload of p-r2.conf (30 LSPs out, 30 in)" "$rs2" 0
jcheck "reload p-r2.conf: 30 r LSPs removed, 30 added, the x LSPs of the CLI since removed" \
	"$rl2" "d['ok'] is True" "'30 LSP(s) added' in d['message']" \
	"d['lsps'] == 61"
status_is "reload of a file with a syntax error" "$bad_st" 2
case $bad in
"$TOPO_DIR/p-syntax.conf:"*": bad lsp-num 'forty-five'"*"nothing applied"*)
	pass "the bad reload says FILE:LINE: message and that nothing was applied" ;;
*) fail "the bad reload says FILE:LINE: message and that nothing was applied" "got: $bad" ;;
esac
[ "$rc_before" = "$rc_after" ] && [ -n "$rc_before" ] &&
	pass "the bad reload leaves show running-config byte-identical" ||
	fail "the bad reload leaves show running-config byte-identical" \
		"$(diff <(echo "$rc_before") <(echo "$rc_after") | head -5)"

p1=$(counters p); e1=$(counters pe2)
dp_cons=$(( $(jget "$e1" "d['consumed']") - $(jget "$e0" "d['consumed']") ))
dp_fwd=$(( $(jget "$p1" "d['forwarded']") - $(jget "$p0" "d['forwarded']") ))
dp_drop=$(( $(jget "$p1" "d['dropped']") - $(jget "$p0" "d['dropped']") ))
pe2_drop=$(( $(jget "$e1" "d['dropped']") - $(jget "$e0" "d['dropped']") ))
[ "$dp_cons" = "$DATA_FRAMES" ] &&
	pass "PE2 received all $DATA_FRAMES data frames of the untouched LSP (zero loss)" ||
	fail "PE2 received all $DATA_FRAMES data frames of the untouched LSP (zero loss)" \
		"PE2 consumed $dp_cons, dropped $pe2_drop"
[ "$dp_fwd" = "$DATA_FRAMES" ] && [ "$dp_drop" = 0 ] &&
	pass "P forwarded all $DATA_FRAMES and dropped none during the changes" ||
	fail "P forwarded all $DATA_FRAMES and dropped none during the changes" \
		"forwarded $dp_fwd, dropped $dp_drop: $p1"

# --- a new LSP end to end: forwards and answers CV at its MIPs -------------------
NEW=(source "$G:$TOPO_NODE_PE1" tunnel 9 destination "$G:$TOPO_NODE_PE2" tunnel 9 lsp-num 1)
# At PE1 (its source) with the intended path (docs/CONTRACT.md §2.2 `path`).
N1_PATH=(path forward via "$P_ID" in "$IN" out "$OUT" to "$G:$TOPO_NODE_PE2" in "$TOPO_IF_PE2")
topo_cli pe1 lsp add n1 "${NEW[@]}" forward out "$TOPO_IF_PE1" label 110 \
	reverse in "$TOPO_IF_PE1" label 111 "${N1_PATH[@]}" >/dev/null; s1=$?
topo_cli p lsp add n1 "${NEW[@]}" forward in "$IN" label 110 out "$OUT" label 210 \
	reverse in "$OUT" label 211 out "$IN" label 111 >/dev/null; s2=$?
topo_cli pe2 lsp add n1 "${NEW[@]}" forward in "$TOPO_IF_PE2" label 210 \
	reverse out "$TOPO_IF_PE2" label 211 >/dev/null; s3=$?
[ "$s1$s2$s3" = 000 ] && pass "lsp add n1 on PE1, P and PE2" ||
	fail "lsp add n1 on PE1, P and PE2" "statuses $s1 $s2 $s3"
run=$(topo_cli pe1 show running-config)
grep -qxF -- "  ${N1_PATH[*]}" <<<"$run" &&
	pass "PE1 runs n1 with the path given on the lsp add line" ||
	fail "PE1 runs n1 with the path given on the lsp add line" "want '  ${N1_PATH[*]}' in:" "$run"
for ifn in "$IN" "$OUT"; do
	out=$(topo_cli pe1 ping mpls-tp lsp n1 mip "$P_ID:$ifn" count 3 timeout 1000 json)
	jcheck "new LSP n1: P's MIP $P_ID:$ifn answers CV (RC 8)" "$out" \
		"d['error'] is None and d['success'] == 3" \
		"all(p['rc'] == 8 and p['responder'] == '$P_ID' for p in d['probes'])"
done
out=$(topo_cli pe1 ping mpls-tp lsp n1 mep count 3 timeout 1000 json)
jcheck "new LSP n1: PE2's MEP answers (RC 3): the LSP forwards end to end" "$out" \
	"d['error'] is None and d['success'] == 3"

# --- a deleted LSP: its label is no-label -----------------------------------------
out=$(topo_cli p lsp delete n1 json); st=$?
status_is "lsp delete n1 on P" $st 0
p2=$(counters p)
inject 20 200 110
sleep 1
p3=$(counters p)
nl=$(( $(jget "$p3" "d['drops']['no-label']") - $(jget "$p2" "d['drops']['no-label']") ))
[ "$nl" = 20 ] && pass "frames for the deleted LSP's label 110 count no-label on P (20)" ||
	fail "frames for the deleted LSP's label 110 count no-label on P (20)" "got $nl"
out=$(topo_cli pe1 ping mpls-tp lsp n1 mip "$P_ID:$IN" count 2 timeout 500 json)
jcheck "the deleted LSP's MIP on P no longer answers" "$out" "d['success'] == 0"

# --- refusals, bad words: nothing changes -----------------------------------------
before=$(topo_cli p show running-config)
sed "s/^node .*/node $G:192.0.2.99/" "$(topo_conf p)" >"$TOPO_DIR/p-node.conf"
out=$(topo_cli p reload "$TOPO_DIR/p-node.conf" 2>&1); st=$?
status_is "reload with another node identity is refused" $st 1
case $out in *"node identity"*"nothing applied"*) pass "the refusal says why" ;;
*) fail "the refusal says why" "got: $out" ;; esac
# shellcheck disable=SC2046
out=$(topo_cli p lsp add $(lsp_words r40 100 300) 2>&1); st=$?
status_is "lsp add of an existing name" $st 1
# shellcheck disable=SC2046
out=$(topo_cli p lsp add $(lsp_words y1 100 300) 2>&1); st=$?
status_is "lsp add of an in label in use (pe1-pe2's 100)" $st 1
case $out in *"label 100 on interface $IN is already in use by lsp 'pe1-pe2'"*) pass "it names the holder" ;;
*) fail "it names the holder" "got: $out" ;; esac
out=$(topo_cli p lsp add y2 source "$G:$TOPO_NODE_PE1" tunnel 1 lsp-num 1 2>&1); st=$?
status_is "lsp add with a missing statement" $st 2
case $out in "lsp add:1: lsp 'y2' has no 'destination'"*) pass "it says lsp add:1: message" ;;
*) fail "it says lsp add:1: message" "got: $out" ;; esac
out=$(topo_cli p interface 9 mip off 2>&1); st=$?
status_is "interface 9 (none) mip off" $st 2
after=$(topo_cli p show running-config)
[ "$before" = "$after" ] && pass "refused and bad changes leave show running-config identical" ||
	fail "refused and bad changes leave show running-config identical"

# --- interface IF mip off|on --------------------------------------------------------
out=$(topo_cli p interface "$IN" mip off); st=$?
status_is "interface $IN mip off" $st 0
out=$(topo_cli pe1 ping mpls-tp lsp "$TOPO_LSP" mip "$P_ID:$IN" in ttl 1 count 2 timeout 500 json)
jcheck "P's in-MIP off: no answer" "$out" "d['success'] == 0"
topo_cli p interface "$IN" mip on >/dev/null
out=$(topo_cli pe1 ping mpls-tp lsp "$TOPO_LSP" mip "$P_ID:$IN" in ttl 1 count 2 timeout 1000 json)
jcheck "P's in-MIP on again: it answers" "$out" "d['success'] == 2"
case $(topo_cli p show running-config) in *"interface $IN port 0 mac "*" mip on"*)
	pass "show running-config follows interface mip" ;;
*) fail "show running-config follows interface mip" ;; esac

# --- show running-config round-trips -----------------------------------------------
topo_cli p show running-config >"$TOPO_DIR/running.conf"
want=$(sed -n 's/^# digest \(sha256:[0-9a-f]*\) .*/\1/p' "$TOPO_DIR/running.conf")
got=$("$TPLSR_BIN" check -c "$TOPO_DIR/running.conf" | sed -n 's/.*digest \(sha256:[0-9a-f]*\)$/\1/p')
[ -n "$want" ] && [ "$want" = "$got" ] &&
	pass "show running-config parses back to the same digest ($want)" ||
	fail "show running-config parses back to the same digest" "shown '$want', check '$got'"
out=$(topo_cli p show running-config json)
jcheck "show running-config json: lines, digest, LSP count" "$out" \
	"d['digest'] == '$want' and d['config'][0].startswith('node ')" \
	"d['lsps'] == len([l for l in d['config'] if l.startswith('lsp ')])"

# --- SIGHUP reloads the file the daemon started with ---------------------------------
conf_with "$TOPO_DIR/hup.conf" 500 502
cp "$TOPO_DIR/hup.conf" "$(topo_conf p)"
kill -HUP "${TOPO_PID[p]}"
ok=0
for _ in $(seq 50); do
	out=$(topo_cli p show lsp json)
	if [ "$(jget "$out" "sorted(l['name'] for l in d['lsps'])")" = \
		"['pe1-pe2', 'r500', 'r501', 'r502']" ]; then ok=1; break; fi
	sleep 0.1
done
[ $ok = 1 ] && pass "SIGHUP: P runs its file again (pe1-pe2, r500-r502)" ||
	fail "SIGHUP: P runs its file again (pe1-pe2, r500-r502)" "show lsp: $out"
out=$(topo_cli pe1 ping mpls-tp lsp "$TOPO_LSP" mep count 3 timeout 1000 json)
jcheck "the untouched LSP still answers end to end after everything" "$out" \
	"d['error'] is None and d['success'] == 3"
kill -0 "${TOPO_PID[p]}" 2>/dev/null && pass "P is still running" || fail "P is still running"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
