#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# tplsr against dpdk-testpmd on the same virtual devices, in one run; then the
# cost of changing a running node (docs/PROVISIONING.md).
#
#   ./scripts/bench.sh [ROUNDS] [SECONDS]      (defaults: 5 rounds of 5 s per run)
#   ./scripts/bench.sh provision               (only the provisioning figures)
#   TPLSR_BASELINE=/path/to/old/tplsr ./scripts/bench.sh ...
#       also runs another build of tplsr in every round, beside this one, and
#       reports this build's rate over it (the same-run ratio against the code
#       before a change); builds older than the pool sizing of dataplane/ports.c
#       cannot load the 65,536-frame capture: their 1M ratio is n/a.
#       TPLSR_BASELINE_NAME names it in docs/BENCH.md (default: its path).
#
# Input: net_pcap with infinite_rx=1 replaying a capture of 64-byte labelled
# frames; output: net_null; one forwarding lcore each (-l 0,1), --no-huge.
# tplsr and testpmd runs alternate so that drift on this shared machine falls
# on both.  The table is printed and written to docs/BENCH.md.  It measures;
# it asserts nothing (the targets are printed beside the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY_PROVISION=0
if [ "${1:-}" = provision ]; then
	ONLY_PROVISION=1
	shift
fi
ROUNDS=${1:-5}
SECS=${2:-5}
WARM=2

. scripts/deps.sh
deps_install tcpdump
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null

TPLSR=build/tplsr
BASELINE=${TPLSR_BASELINE:-}
CLI=build/ctl/tplsr-cli
PY=/usr/bin/python3
work=$(mktemp -d /tmp/tplsr-bench.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work" /var/run/dpdk/tplsr-bench-* 2>/dev/null || true
}
trap cleanup EXIT INT TERM

EAL_COMMON=(-l 0,1 --no-huge -m 1536 --no-pci --log-level=lib.eal:error)
vdevs() {	# $1 = capture
	# two RX (and TX-drop) queues: live mode needs a TX queue for the worker and
	# one for the main lcore; the worker polls both RX queues.
	echo "--vdev=net_pcap0,rx_pcap=$1,rx_pcap=$1,infinite_rx=1 --vdev=net_null0,no-rx=1"
}

# ---- provisioning (docs/PROVISIONING.md) ----------------------------------------
# In process (bench_provision: lsp add, 1 % reload, forwarding while changing), then
# the daemon with 1,000,000 LSPs forwarding on a worker: `tplsr-cli lsp add` and
# `reload` of the file with 1 % of its LSPs changed, timed from the client and as
# the daemon reports it, with the daemon's peak memory during the reload.
# The median of numbers on stdin; a round that measured nothing ("n/a") is left out.
median() { grep -E '^[0-9.]+$' | sort -n | awk '{a[NR] = $1} END {print (NR ? a[int((NR + 1) / 2)] : "n/a")}'; }
provision() {
	local sock="$work/prov.sock" pid n=$((RANDOM)) t0 t1 out us=() wall=() rss0 hwm f
	f="$work/prov.txt"
	echo "== provisioning: in process (1,000,000 LSPs)"
	build/tests/bench/bench_provision 1000000 2 | tee "$f"
	P_ADD=$(awk '/^lsp_add_us/ {print $3 " / " $5 " / " $7}' "$f")
	P_RELOAD=$(awk '/^reload_s/ {printf "%s s (parse %s s, apply %s s)", $2, $4, $6}' "$f")
	P_PEAK=$(awk '/^reload_s/ {print $NF}' "$f")
	P_RATIO=$(awk '/^fwd_ratio/ {print $2}' "$f")
	P_RATES=$(awk '/^fwd_ratio/ {print $4 " / " $6 " Mfps, " $8 " changes/s"}' "$f")
	echo "== provisioning: the daemon (1,000,000 LSPs, a worker forwarding)"
	awk '/^lsp l/ {n = substr($2, 2) + 0}
	     /^  forward/ && n % 100 == 0 {$NF = $NF + 1; $0 = "  " $0} {print}' \
		"$work/1m.conf" >"$work/1m-1pct.conf"
	# shellcheck disable=SC2046
	"$TPLSR" "${EAL_COMMON[@]}" --file-prefix "tplsr-bench-$n" $(vdevs "$work/swap1k.pcap") \
		-- -c "$work/1m.conf" --ctl "$sock" >"$work/prov.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	for _ in $(seq 1 1200); do
		"$CLI" -s "$sock" show interfaces >/dev/null 2>&1 && break
		sleep 0.1
	done
	for i in $(seq 1 20); do
		t0=$(date +%s%N)
		out=$("$CLI" -s "$sock" lsp add "b$i" source 1:1 tunnel 1 destination 1:2 tunnel 1 \
			lsp-num 1 forward in 1 label $((1040000 + i)) out 2 label 20)
		t1=$(date +%s%N)
		wall+=("$(( (t1 - t0) / 1000 ))")
		us+=("$(echo "$out" | sed -n 's/.* in \([0-9]*\) us$/\1/p')")
	done
	D_ADD="$(printf '%s\n' "${us[@]}" | median) us (worst $(printf '%s\n' "${us[@]}" | sort -n | tail -1) us)"
	D_ADD_WALL="$(printf '%s\n' "${wall[@]}" | median) us"
	rss0=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
	echo 5 >"/proc/$pid/clear_refs"
	t0=$(date +%s%N)
	out=$("$CLI" -s "$sock" reload "$work/1m-1pct.conf")
	t1=$(date +%s%N)
	hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
	echo "   $out"
	D_RELOAD="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}') s"
	D_PEAK="$(( (hwm - rss0) / 1024 )) MiB"
	kill -INT "$pid"
	wait "$pid" 2>/dev/null || true
	prov_table=$(cat <<EOF
| measurement | figure | target |
|---|---|---|
| \`lsp add\` on a node of 1,000,000 LSPs, in the daemon (parse, check, apply; the grace period ends after the reply), median | $D_ADD | < 1 ms |
| the same seen by \`tplsr-cli\` (process start, socket, reply), median | $D_ADD_WALL | reported |
| \`lsp add\` in process, 1,000 adds: median / p99 / worst (us) | $P_ADD | < 1 ms |
| \`reload\` of a 1,000,000-LSP file with 1 % changed, daemon, seen by the client | $D_RELOAD | < 1 s |
| the same in process | $P_RELOAD | < 1 s |
| peak extra memory during that reload (daemon / in process) | $D_PEAK / $P_PEAK MiB | reported |
| untouched traffic while 1,000 adds and 1,000 deletes per second are applied (worker lcore) | $P_RATIO x the rate without changes ($P_RATES) | >= 0.95 |
EOF
)
	echo
	echo "$prov_table"
}

# Replace (or add) the "## Provisioning" section of docs/BENCH.md.
write_provision_section() {
	local tmp
	tmp=$(mktemp)
	awk '/^## Provisioning/ {skip = 1; next} skip && /^## / {skip = 0} !skip' docs/BENCH.md >"$tmp"
	{
		cat "$tmp"
		[ -z "$(tail -n 1 "$tmp")" ] || echo
		echo "## Provisioning"
		echo
		echo "Measured by \`./scripts/bench.sh provision\` on $(date -u +%Y-%m-%d), $(nproc) cores;"
		echo "one run. The mechanism and its costs: [PROVISIONING.md](PROVISIONING.md)."
		echo
		echo "$prov_table"
	} >docs/BENCH.md
	rm -f "$tmp"
}

if [ "$ONLY_PROVISION" = 1 ]; then
	$PY scripts/bench_frames.py config "$work/1m.conf" 1000000
	$PY scripts/bench_frames.py pcap "$work/swap1k.pcap" swap 2048 1000
	provision
	write_provision_section
	echo "written to docs/BENCH.md"
	exit 0
fi

echo "== preparing captures and configurations in $work"
$PY scripts/bench_frames.py config "$work/1k.conf" 1000
$PY scripts/bench_frames.py config "$work/1k-nopol.conf" 1000 policer-off
$PY scripts/bench_frames.py config "$work/1m.conf" 1000000
$PY scripts/bench_frames.py pcap "$work/swap1k.pcap" swap 2048 1000
# 65,536 distinct labels of the million: a working set far beyond L2 (issue #14).
$PY scripts/bench_frames.py pcap "$work/random1m.pcap" random 65536 1000000
# The 1k LSPs on a capture as large as the 1M one: net_pcap's cost grows with its
# capture (65,536 preloaded mbufs are not cache-resident, 2,048 are), so the 1M
# figure is also compared with this one, which differs from it only by the table.
$PY scripts/bench_frames.py pcap "$work/swap65k.pcap" swap 65536 1000
$PY scripts/bench_frames.py pcap "$work/mix.pcap" mix 2000 1000
$PY scripts/bench_frames.py pcap "$work/oam.pcap" oam 2048 1000

# Counter from `show counters json`: a python expression over the object s.
counter() {	# $1 socket, $2 expression
	"$CLI" -s "$1" show counters json | $PY -c "import json,sys; s=json.load(sys.stdin); print($2)"
}

# One tplsr run: prints "pps_of_expr rss_kb".  TPLSR_BIN chooses the build.
run_tplsr() {	# $1 conf, $2 pcap, $3 expression counted per second
	local sock="$work/ctl.sock" n=$((RANDOM)) a b rss pid
	# shellcheck disable=SC2046
	"${TPLSR_BIN:-$TPLSR}" "${EAL_COMMON[@]}" --file-prefix "tplsr-bench-$n" $(vdevs "$2") -- \
		-c "$1" --ctl "$sock" >"$work/tplsr.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	for _ in $(seq 1 600); do
		"$CLI" -s "$sock" show interfaces >/dev/null 2>&1 && break
		kill -0 "$pid" 2>/dev/null || { cat "$work/tplsr.log" >&2; return 1; }
		sleep 0.1
	done
	sleep "$WARM"
	a=$(counter "$sock" "$3")
	sleep "$SECS"
	b=$(counter "$sock" "$3")
	rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
	counter "$sock" "s['rx'] - s['forwarded'] - s['consumed'] - s['dropped']" >"$work/fates"
	kill -INT "$pid"
	wait "$pid" 2>/dev/null || true
	echo "$(( (b - a) / SECS )) $rss"
}

# One testpmd macswap run: mean Tx-pps of port 1 after the warm-up.  It polls the
# same two capture queues as tplsr's worker, on one forwarding lcore.  Its pool
# must hold both queues' copies of the capture (infinite_rx preloads them) and
# the rings: 262,144 mbufs for 65,536 frames.
run_testpmd() {	# $1 pcap, $2 mbufs (default 131072)
	local n=$((RANDOM))
	# shellcheck disable=SC2046
	timeout $((SECS + WARM + 12)) dpdk-testpmd "${EAL_COMMON[@]}" --file-prefix "tplsr-bench-$n" \
		$(vdevs "$1") -- --forward-mode=macswap --auto-start --nb-cores=1 --rxq=2 --txq=2 \
		--total-num-mbufs="${2:-131072}" --stats-period=1 >"$work/testpmd.log" 2>&1 || true
	# One awk for the window (no head: an early close would fail the pipeline).
	{ grep -o 'Tx-pps: *[0-9]*' "$work/testpmd.log" || true; } | awk '$2 > 0 {print $2}' |
		awk -v w="$WARM" -v n="$SECS" 'NR > w && NR <= w + n {s += $1; c++}
			END {if (c) printf "%d\n", s / c; else print 0}'
}

mpps() { awk -v v="$1" 'BEGIN {printf "%.2f", v / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
med() { median; }

# Every round runs each program once, alternating, so that drift on this shared
# machine falls on all of them; a ratio is taken within a round, and the figure
# reported is the median of the rounds' ratios, every round shown.
declare -a TPMD TPMD65 T1K T1M T1K65 TMIX TOAM B1K R1K R1M R1M65 R1MP R1MREL RMIX RB1K RB1M
rss1m=0
echo "== forwarding: $ROUNDS rounds, ${SECS} s per run, alternating tplsr and testpmd${BASELINE:+ and the baseline $BASELINE}"
for r in $(seq 1 "$ROUNDS"); do
	TPMD+=("$(run_testpmd "$work/swap1k.pcap")")
	read -r v _ < <(run_tplsr "$work/1k.conf" "$work/swap1k.pcap" "s['interfaces']['2']['tx']")
	T1K+=("$v")
	read -r v rss < <(run_tplsr "$work/1m.conf" "$work/random1m.pcap" "s['interfaces']['2']['tx']")
	T1M+=("$v")
	[ "$rss" -gt "$rss1m" ] && rss1m=$rss
	# testpmd on the 1M case's devices: the same capture, whose size costs net_pcap
	# the same in both programs (macswap reads no label).
	TPMD65+=("$(run_testpmd "$work/random1m.pcap" 262144)")
	read -r v _ < <(run_tplsr "$work/1k.conf" "$work/swap65k.pcap" "s['interfaces']['2']['tx']")
	T1K65+=("$v")
	if [ -n "$BASELINE" ]; then
		read -r v _ < <(TPLSR_BIN=$BASELINE run_tplsr "$work/1k.conf" "$work/swap1k.pcap" \
			"s['interfaces']['2']['tx']")
		B1K+=("$v")
		RB1K+=("$(ratio "${T1K[-1]}" "${B1K[-1]}")")
		# Older builds cannot load the 65,536-frame capture: n/a, not a failure.
		v=$( (TPLSR_BIN=$BASELINE run_tplsr "$work/1m.conf" "$work/random1m.pcap" \
			"s['interfaces']['2']['tx']" 2>/dev/null || echo 0) | awk '{print $1}')
		RB1M+=("$(ratio "${T1M[-1]}" "$v")")
	fi
	# OAM mix: data frames forwarded per second (replies also leave on if 2: count forwarded).
	read -r v _ < <(run_tplsr "$work/1k.conf" "$work/mix.pcap" "s['forwarded']")
	TMIX+=("$v")
	mixfates=$(cat "$work/fates")
	read -r v _ < <(run_tplsr "$work/1k-nopol.conf" "$work/oam.pcap" "s['oam']['echo-reply-tx']")
	TOAM+=("$v")
	R1K+=("$(ratio "${T1K[-1]}" "${TPMD[-1]}")")
	R1M+=("$(ratio "${T1M[-1]}" "${T1K[-1]}")")
	R1M65+=("$(ratio "${T1M[-1]}" "${T1K65[-1]}")")
	R1MP+=("$(ratio "${T1M[-1]}" "${TPMD65[-1]}")")
	R1MREL+=("$(ratio "${R1MP[-1]}" "${R1K[-1]}")")
	# Data frames in the mix are 9 in 10: compare them with 90 % of the clean run.
	RMIX+=("$(ratio "${TMIX[-1]}" "$(awk -v a="${T1K[-1]}" 'BEGIN {printf "%d", a * 0.9}')")")
	echo "   round $r: testpmd ${TPMD[-1]} pps, tplsr 1k ${T1K[-1]} (${R1K[-1]}x)," \
		"1M ${T1M[-1]} (${R1MP[-1]}x testpmd ${TPMD65[-1]} on its capture, ${R1MREL[-1]} of the 1k ratio;" \
		"${R1M[-1]}x of 1k, ${R1M65[-1]}x of 1k on 65,536 frames ${T1K65[-1]}), mix data ${TMIX[-1]} (${RMIX[-1]}x)," \
		"OAM replies ${TOAM[-1]}${BASELINE:+, baseline 1k ${B1K[-1]} (${RB1K[-1]}x), 1M ${RB1M[-1]}x}"
done
pmd=$(printf '%s\n' "${TPMD[@]}" | med)
t1k=$(printf '%s\n' "${T1K[@]}" | med)
t1m=$(printf '%s\n' "${T1M[@]}" | med)
tmix=$(printf '%s\n' "${TMIX[@]}" | med)
toam=$(printf '%s\n' "${TOAM[@]}" | med)
rounds() { local IFS=' '; echo "$*"; }

echo "== replay: 5,000,000 frames, tplsr replay against tcpdump -r -w"
$PY scripts/bench_frames.py pcap "$work/r5m.pcap" swap 5000000 1000
tr=() td=()
for _ in $(seq 1 "$ROUNDS"); do
	s=$(date +%s.%N); tcpdump -r "$work/r5m.pcap" -w "$work/t.pcap" 2>/dev/null; e=$(date +%s.%N)
	td+=("$(awk -v s="$s" -v e="$e" 'BEGIN {print e - s}')")
	s=$(date +%s.%N)
	"$TPLSR" replay -c "$work/1k.conf" --in 1="$work/r5m.pcap" --out-dir "$work/ro" >/dev/null
	e=$(date +%s.%N)
	tr+=("$(awk -v s="$s" -v e="$e" 'BEGIN {print e - s}')")
done
rt=$(printf '%s\n' "${tr[@]}" | sort -n | head -1)
dt=$(printf '%s\n' "${td[@]}" | sort -n | head -1)
rfps=$(awk -v t="$rt" 'BEGIN {printf "%d", 5000000 / t}')
dfps=$(awk -v t="$dt" 'BEGIN {printf "%d", 5000000 / t}')

echo "== cycles per frame of the burst path alone (bench_fwd, no PMD)"
# Net of its harness, median of 7 alternating runs of 5 M frames, random labels over the
# whole table (tests/bench/bench_fwd.c says how); its last "lsps" line holds the medians.
fwd_field() { awk -v k="$1" '/^lsps .* cycles_per_frame / {for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }
fwd1k=$(build/tests/bench/bench_fwd 1000 5000000 7)
# The 1M case as the live one: 65,536 distinct labels a pass; then 262,144, a working
# set (index words and per-LSP counts: 32 MiB of lines) beyond this machine's L3.
fwd1m=$(build/tests/bench/bench_fwd 1000000 5000000 7 65536)
fwd1m256=$(build/tests/bench/bench_fwd 1000000 5000000 7 262144)
c1k=$(fwd_field cycles_per_frame <<<"$fwd1k")
c1m=$(fwd_field cycles_per_frame <<<"$fwd1m")
h1k=$(fwd_field harness_cycles <<<"$fwd1k")
h1m=$(fwd_field harness_cycles <<<"$fwd1m")
d1m=$(fwd_field distinct_labels <<<"$fwd1m")
c1m256=$(fwd_field cycles_per_frame <<<"$fwd1m256")
build1m=$(awk '/build_s/ {print $4 " s, " $6 " bytes"}' <<<"$fwd1m")

table=$(cat <<EOF
| measurement | figure | ratio | target |
|---|---|---|---|
| dpdk-testpmd macswap (net_pcap -> net_null, 1 lcore) | $(mpps "$pmd") Mpps | 1.00 | |
| tplsr swap, 1,000 LSPs | $(mpps "$t1k") Mpps | $(printf '%s\n' "${R1K[@]}" | med) x testpmd (rounds: $(rounds "${R1K[@]}")) | >= 1.0 |
| tplsr swap, 1,000,000 LSPs, 65,536 distinct random labels | $(mpps "$t1m") Mpps | $(printf '%s\n' "${R1MP[@]}" | med) x testpmd on the same capture ($(mpps "$(printf '%s\n' "${TPMD65[@]}" | med)") Mpps; rounds: $(rounds "${R1MP[@]}")): $(printf '%s\n' "${R1MREL[@]}" | med) of the 1k ratio (rounds: $(rounds "${R1MREL[@]}")) | >= 0.9 of the 1k ratio |
| the same against tplsr with 1,000 LSPs on the 2,048-frame capture | | $(printf '%s\n' "${R1M[@]}" | med) (rounds: $(rounds "${R1M[@]}")) | reported |
| the same against 1,000 LSPs on a capture of 65,536 frames too ($(mpps "$(printf '%s\n' "${T1K65[@]}" | med)") Mpps): the table's own cost | | $(printf '%s\n' "${R1M65[@]}" | med) (rounds: $(rounds "${R1M65[@]}")) | reported |
| tplsr, 10 % CV requests mixed in: data forwarded | $(mpps "$tmix") Mpps | $(printf '%s\n' "${RMIX[@]}" | med) x clean (90 % of the 1k figure; rounds: $(rounds "${RMIX[@]}")) | >= 0.95 |
| OAM responder alone (policer off): echo replies | $(mpps "$toam") M/s | | reported |
| tplsr replay, 5 M frames | $(mpps "$rfps") Mfps | $(ratio "$rfps" "$dfps") x tcpdump -r -w ($(mpps "$dfps") Mfps) | >= 0.5 |
| resident memory with 1,000,000 LSPs (EAL -m 1536 --no-huge) | $((rss1m / 1024)) MiB | | reported |
| burst path alone, cycles per frame (1k / 1M LSPs) | $c1k / $c1m | net of a harness of $h1k / $h1m (median of 7 runs; 1M: $d1m distinct random labels; $c1m256 with 262,144) | <= 17 / <= 25 |
| label table build, 1,000,000 entries | $build1m | | < 2 s |
EOF
)
if [ -n "$BASELINE" ]; then
	table+=$'\n'"| this build over the baseline (${TPLSR_BASELINE_NAME:-$BASELINE}), 1,000 LSPs | | $(printf '%s\n' "${RB1K[@]}" | med) (rounds: $(rounds "${RB1K[@]}")) | reported |"
	table+=$'\n'"| this build over the baseline, 1,000,000 LSPs | | $(printf '%s\n' "${RB1M[@]}" | med) (rounds: $(rounds "${RB1M[@]}")) | reported |"
fi
fates_note="unaccounted frames after the OAM mix run (rx - forwarded - consumed - dropped, in flight): $mixfates"
echo
echo "$table"
echo "$fates_note"
# The analysis sections written by hand ("## ..." after the table) are kept.
rest=$(awk '/^## Provisioning/ {exit} /^## / {keep = 1} keep' docs/BENCH.md)
{
	echo "# Benchmark figures"
	echo
	echo "Measured by \`./scripts/bench.sh $ROUNDS $SECS\` on $(date -u +%Y-%m-%d), $(nproc) cores"
	echo "($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)); $ROUNDS alternating rounds"
	echo "of $SECS s per run. Rates are medians of the rounds; a ratio is taken within each"
	echo "round and the median of the rounds' ratios is reported, every round shown. This"
	echo "machine is shared and noisy (about ±15 % per round): compare ratios, not absolute figures."
	echo
	echo "$table"
	echo
	echo "$fates_note"
	echo
	[ -z "$rest" ] || printf '%s\n\n' "$rest"
} >docs/BENCH.md
provision
write_provision_section
echo "written to docs/BENCH.md"
