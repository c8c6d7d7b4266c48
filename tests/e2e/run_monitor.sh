#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Tier (d) e2e: the live event stream and the metrics endpoint
# (docs/MONITORING.md) on the three-node network of scripts/topology.sh.
# While `tplsr-cli monitor` reads P's stream, PE1 pings P's in-MIP, sends P a
# misdirected request, P's loopback is set and cleared and a MIP setting
# changed; each must appear in the stream exactly once, with the fields of
# docs/CONTRACT.md §3.4.  A flood of misdirected requests must come out
# aggregated.
#
#   tests/e2e/run_monitor.sh [BUILD_DIR]
#   MONITOR_SCALE_LSPS=1000000 tests/e2e/run_monitor.sh [BUILD_DIR]
#
# MONITOR_SCALE_LSPS=N instead measures what scrapes cost a node with N more
# LSPs (docs/MONITORING.md "Scale"): forwarding and OAM through it, alone and
# during back-to-back scrapes.
#
# Exit 0 when all checks pass, 1 otherwise, 77 (skip) without root or netns.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TPLSR_BUILD=${1:-$ROOT/build}
# shellcheck source=tests/e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
e2e_begin "monitor e2e"

G=$TOPO_GLOBAL
P_ID=$G:$TOPO_NODE_P
PE2_ID=$G:$TOPO_NODE_PE2
LSP=$TOPO_LSP
IN=$TOPO_IF_P_IN
OUT=$TOPO_IF_P_OUT
PING=(ping mpls-tp lsp "$LSP")
MON_PIDS=()

# wait_frames FILE REASON N: wait (10 s at most) until the drop events of FILE
# (JSON lines) with that reason account for N frames (an event alone is one,
# an aggregated one its count).
wait_frames() {
	local n
	for _ in $(seq 100); do
		n=$($PY -c 'import json, sys
print(sum(e.get("count", 1) for e in map(json.loads, open(sys.argv[1]))
          if e.get("reason") == sys.argv[2]))' "$1" "$2" 2>/dev/null)
		[ "${n:-0}" -ge "$3" ] && return 0
		sleep 0.1
	done
	return 1
}

cleanup() {
	local pid
	for pid in "${MON_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	topo_down
}
trap cleanup EXIT

# --- MONITOR_SCALE_LSPS=N: what a scrape costs a big node (docs/MONITORING.md) ---
# P gets N more LSPs and forwards on its main lcore (-l 1), where /metrics is
# served.  PE1 pings PE2's MEP through P (P's data path) and P's in-MIP (P's
# OAM) three times: alone; while two curl loops GET a path that costs P nothing
# (404: the same load of processes on this machine's cores); while they GET
# /metrics.  Checked: every scrape is valid, no frame lost; the times are
# printed, never asserted.
if [ -n "${MONITOR_SCALE_LSPS:-}" ]; then
	N=$MONITOR_SCALE_LSPS
	topo_net_up || { fail "namespaces come up"; exit 1; }
	topo_write_configs
	e2e_transit_lsps "$N" >>"$(topo_conf p)"
	e2e_daemon_args --metrics "$E2E_METRICS"
	start=$SECONDS
	if ! topo_start pe1 || ! topo_start p || ! topo_start pe2; then
		fail "three-node network with $N more LSPs on P comes up" "see the logs above"
		echo "$PASSED passed, $FAILED failed"
		exit 1
	fi
	pass "three-node network with $N more LSPs on P comes up ($((SECONDS - start)) s)"
	# gets K PATH FILE: K GETs back to back: time_total size_download per line.
	gets() {
		local i
		for i in $(seq "$1"); do
			http_get p "$2" -o /dev/null -w '%{time_total} %{size_download}\n'
		done >"$3"
	}
	for load in alone nothing metrics; do
		pids=()
		if [ "$load" != alone ]; then
			path=/$load
			gets 300 "$path" "$TOPO_DIR/gets-$load-1" & pids+=($!)
			gets 300 "$path" "$TOPO_DIR/gets-$load-2" & pids+=($!)
		fi
		topo_cli p clear counters >/dev/null
		topo_cli pe1 "${PING[@]}" mep count 500 interval 2 json >"$TOPO_DIR/mep-$load.json"
		topo_cli pe1 "${PING[@]}" mip "$P_ID:$IN" in ttl 1 count 200 interval 5 json \
			>"$TOPO_DIR/mip-$load.json"
		[ ${#pids[@]} -gt 0 ] && wait "${pids[@]}"
		topo_cli p show counters json >"$TOPO_DIR/counters-$load.json"
	done
	METRICS=$TOPO_DIR/p.metrics
	http_get p /metrics -o "$METRICS"
	if out=$(promtool check metrics <"$METRICS" 2>&1); then
		pass "promtool check metrics: the scrape of the $((N + 1))-LSP node is valid"
	else
		fail "promtool check metrics: the scrape of the $((N + 1))-LSP node is valid" "$out"
	fi
	if msg=$($PY - "$TOPO_DIR" <<'PYEOF'
import json, statistics, sys
d, bad = sys.argv[1], []
def pct(v, p):
    return v[min(len(v) - 1, int(len(v) * p))]
for load in ("alone", "nothing", "metrics"):
    for kind, n in (("mep", 500), ("mip", 200)):
        j = json.load(open("%s/%s-%s.json" % (d, kind, load)))
        r = sorted(p["rtt_ms"] for p in j["probes"] if p.get("rtt_ms") is not None)
        print("# %s ping, %-7s: %d/%d answered, RTT ms median %.3f p99 %.3f max %.3f" % (
            kind, load, j["success"], j["sent"], statistics.median(r), pct(r, .99), r[-1]))
        if j["success"] != n:
            bad.append("%s ping %s: %d/%d answered" % (kind, load, j["success"], n))
    c = json.load(open("%s/counters-%s.json" % (d, load)))
    print("# P, %-7s: rx %d forwarded %d consumed %d dropped %d tx %d" % (
        load, c["rx"], c["forwarded"], c["consumed"], c["dropped"], c["tx"]))
    if c["dropped"] or c["rx"] != c["forwarded"] + c["consumed"] or c["tx"] != c["rx"]:
        bad.append("P lost frames under load %s: %r" % (load, c))
t = sorted(float(l.split()[0]) * 1000 for i in (1, 2) for l in open("%s/gets-metrics-%d" % (d, i)))
size = open("%s/gets-metrics-1" % d).readline().split()[1]
print("# scrapes seen by curl: %d of %s bytes, ms median %.2f p99 %.2f max %.2f" % (
    len(t), size, statistics.median(t), pct(t, .99), t[-1]))
m = dict(l.split() for l in open("%s/p.metrics" % d) if l.startswith("tplsr_metrics_"))
n = int(m["tplsr_metrics_scrapes_total"]) - 1
print("# scrapes built by P: %d, main lcore time mean %.1f us, max %.1f us" % (
    n, float(m["tplsr_metrics_build_seconds_total"]) / n * 1e6,
    float(m["tplsr_metrics_build_max_seconds"]) * 1e6))
if bad:
    print("\n".join(bad))
    sys.exit(1)
PYEOF
	); then
		printf '%s\n' "$msg"
		pass "no frame lost through P and every ping answered, alone and during the scrapes"
	else
		printf '%s\n' "$msg"
		fail "no frame lost through P and every ping answered, alone and during the scrapes"
	fi
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
	exit
fi

echo "# monitor e2e: network $TOPO_ID, tplsr=$TPLSR_BIN"
# Every node serves /metrics and /events on 127.0.0.1:9469 of its namespace.
e2e_daemon_args --metrics "$E2E_METRICS"
e2e_up_or_exit

# --- subscribers: P (everything, JSON), P (loopback only, text), PE1 (probe) -----
ALL=$TOPO_DIR/p-all.jsonl
LOOPS=$TOPO_DIR/p-loopback.txt
PROBES=$TOPO_DIR/pe1-probe.jsonl
if mon_start p "$ALL" json; then
	pass "monitor json on P is subscribed"
else
	fail "monitor json on P is subscribed" "$(cat "$ALL")"
fi
MON_ALL=$MON_PID; MON_PIDS+=("$MON_PID")
mon_start p "$LOOPS" loopback || fail "monitor loopback on P is subscribed" "$(cat "$LOOPS")"
MON_LOOPS=$MON_PID; MON_PIDS+=("$MON_PID")
mon_start pe1 "$PROBES" json probe locate ||
	fail "monitor json probe locate on PE1 is subscribed" "$(cat "$PROBES")"
MON_PROBES=$MON_PID; MON_PIDS+=("$MON_PID")
# The same stream over HTTP (Server-Sent Events), loopback events only.
SSE=$TOPO_DIR/p-events.sse
http_get p '/events?filter=loopback' -N --max-time 60 >"$SSE" 2>&1 &
SSE_PID=$!; MON_PIDS+=("$SSE_PID")
mon_wait "$SSE" '"start"' || fail "GET /events on P is subscribed" "$(cat "$SSE")"

out=$(topo_cli p monitor nonsense 2>&1); st=$?
status_is "monitor with an unknown filter word" "$st" 2
matches "the refusal names the word and the filters" "$out" "*Unknown filter 'nonsense'*drop reason*"

# --- the actions ------------------------------------------------------------------
out=$(topo_cli pe1 "${PING[@]}" mip "$P_ID:$IN" in ttl 1 count 1 timeout 1000 json); st=$?
status_is "ping P's in-MIP once" "$st" 0
out=$(topo_cli pe1 "${PING[@]}" mip "$PE2_ID:$TOPO_IF_PE2" in ttl 1 count 1 timeout 500 json); st=$?
status_is "a request for $PE2_ID:$TOPO_IF_PE2 expiring at P (misdirected) is not answered" "$st" 1
out=$(topo_cli p loopback lsp "$LSP" interface "$IN" on); st=$?
status_is "loopback on at P's IF $IN" "$st" 0
out=$(topo_cli p loopback lsp "$LSP" interface "$IN" off); st=$?
status_is "loopback off at P's IF $IN" "$st" 0
out=$(topo_cli p loopback lsp "$LSP" interface "$IN" off); st=$?
status_is "loopback off again: nothing cleared, refused" "$st" 1
out=$(topo_cli p interface "$OUT" mip off); st=$?
status_is "interface $OUT mip off on P" "$st" 0
out=$(topo_cli p interface "$OUT" mip on); st=$?
status_is "interface $OUT mip on on P" "$st" 0

# The last action's event is the sign that the stream caught up.
mon_wait "$ALL" "MIPs on" || fail "P's stream shows the last change" "$(tail -3 "$ALL")"
mon_wait "$LOOPS" "cleared" || fail "the loopback stream shows the clear" "$(cat "$LOOPS")"
mon_wait "$PROBES" '"failed"' || fail "PE1's probe stream shows the failed ping" "$(cat "$PROBES")"
mon_wait "$SSE" '"cleared"' || fail "the SSE stream shows the clear" "$(cat "$SSE")"

evcheck "P's stream: every line is JSON, starts with the start event" "$ALL" \
	"len(ev) > 0 and ev[0]['kind'] == 'monitor' and ev[0]['event'] == 'start'" \
	"all(e['seq'] > 0 for e in ev[1:])" \
	"all(a['seq'] < b['seq'] for a, b in zip(ev[1:], ev[2:]))"
evcheck "the ping to P's in-MIP: one oam reply event at the in-MIP of IF $IN, channel 37" "$ALL" \
	"len(find('oam', 'reply')) == 1" \
	"len(find('oam', 'reply', in_if=$IN, mip='in', mip_if=$IN, lsp='$LSP', channel=37)) == 1"
evcheck "the misdirected request: one oam drop event, reason misdirected, on LSP $LSP" "$ALL" \
	"len(find('oam', 'drop')) == 1" \
	"len(find('oam', 'drop', reason='misdirected', in_if=$IN, lsp='$LSP', channel=37)) == 1" \
	"find('oam', 'drop')[0]['rule'] == 'destination-id'"
evcheck "the loopback: set once and cleared once, on IF $IN of $LSP (the refused off: nothing)" "$ALL" \
	"len(find('loopback', 'set')) == 1 and len(find('loopback', 'cleared')) == 1" \
	"len(find('loopback', 'set', lsp='$LSP', if_num=$IN)) == 1" \
	"len(find('loopback', 'cleared', lsp='$LSP', if_num=$IN)) == 1"
evcheck "the MIP setting: two config events, interface-mip off then on" "$ALL" \
	"[e['message'] for e in ev if e['kind'] == 'config'] == ['Interface $OUT: MIPs off', 'Interface $OUT: MIPs on']" \
	"all(e['event'] == 'interface-mip' and e['lsps'] == 1 for e in ev if e['kind'] == 'config')"
evcheck "nothing else: no aggregate, no loss, no probe event at P" "$ALL" \
	"not any(e.get('aggregated') for e in ev)" \
	"not find('monitor', 'lost')" \
	"not any(e['kind'] in ('probe', 'locate') for e in ev)"

lines=$(grep -c . "$LOOPS")
if [ "$lines" = 3 ] && grep -q "loopback set lsp=$LSP if_num=$IN\$" "$LOOPS" &&
	grep -q "loopback cleared lsp=$LSP if_num=$IN\$" "$LOOPS"; then
	pass "monitor loopback (text): the start line, set and cleared, nothing else"
else
	fail "monitor loopback (text): the start line, set and cleared, nothing else" "$(cat "$LOOPS")"
fi
evcheck "PE1's probe stream: the ping that succeeded and the one that failed, once each" "$PROBES" \
	"len(ev) == 3 and ev[0]['event'] == 'start'" \
	"[(e['event'], e['command'], e['lsp'], e['status']) for e in ev[1:]] == [('ok', 'ping', '$LSP', 0), ('failed', 'ping', '$LSP', 1)]"
# locate (its CV checks answered by P's MIPs come after P's stream was checked).
out=$(topo_cli pe1 locate mpls-tp lsp "$LSP" count 1 timeout 1000 json); st=$?
status_is "locate from PE1: the path is healthy" "$st" 0
mon_wait "$PROBES" '"healthy"' || fail "PE1's stream shows the locate verdict" "$(cat "$PROBES")"
evcheck "PE1's probe stream: then one locate event, healthy, on $LSP" "$PROBES" \
	"len(ev) == 4 and ev[3]['kind'] == 'locate' and ev[3]['event'] == 'healthy'" \
	"ev[3]['lsp'] == '$LSP'"
evcheck "the locate event carries the verdict sentence" "$PROBES" \
	"ev[3]['verdict'].startswith('the path is healthy')"

# Server-Sent Events: "data: JSON" and an empty line per event.
kill "$SSE_PID" 2>/dev/null; wait "$SSE_PID" 2>/dev/null
sed -n 's/^data: //p' "$SSE" >"$SSE.jsonl"
if [ "$(grep -c . "$SSE")" = "$(grep -c '^data: ' "$SSE")" ] &&
	[ "$(grep -c '^$' "$SSE")" = "$(grep -c '^data: ' "$SSE")" ]; then
	pass "GET /events: every event is one 'data:' line and an empty line"
else
	fail "GET /events: every event is one 'data:' line and an empty line" "$(cat "$SSE")"
fi
evcheck "GET /events?filter=loopback: the start event, then set and cleared once each" "$SSE.jsonl" \
	"[(e['kind'], e['event']) for e in ev] == [('monitor', 'start'), ('loopback', 'set'), ('loopback', 'cleared')]" \
	"ev[1]['seq'] == find('loopback', 'set')[0]['seq'] and ev[1]['lsp'] == '$LSP'"

# --- a flood is aggregated ----------------------------------------------------------
FLOOD=$TOPO_DIR/p-flood.jsonl
mon_start p "$FLOOD" json misdirected || fail "monitor json misdirected on P is subscribed"
MON_FLOOD=$MON_PID; MON_PIDS+=("$MON_PID")
topo_cli pe1 "${PING[@]}" mip "$PE2_ID:$TOPO_IF_PE2" in ttl 1 count 40 interval 10 timeout 100 \
	>/dev/null
# Every request reached P before the ping ended; the count of the last second
# comes when that second ends.
wait_frames "$FLOOD" misdirected 40
evcheck "40 misdirected requests: fewer lines than frames, the counts add up to 40" "$FLOOD" \
	"sum(e.get('count', 1) for e in find('oam', 'drop', reason='misdirected')) == 40" \
	"len(find('oam', 'drop')) < 40" \
	"all(e['count'] > 0 for e in ev if e.get('aggregated'))" \
	"all(e['kind'] == 'monitor' or e.get('reason') == 'misdirected' for e in ev)"

# --- fast-path drops: counted per reason per second ------------------------------
# With its LSP deleted, P drops PE1's requests to PE2's MEP on the fast path
# (no-label): no event per frame, one count per second.  `reload` restores it.
FWD=$TOPO_DIR/p-forwarding.jsonl
mon_start p "$FWD" json forwarding || fail "monitor json forwarding on P is subscribed"
MON_FWD=$MON_PID; MON_PIDS+=("$MON_PID")
out=$(topo_cli p lsp delete "$LSP"); st=$?
status_is "lsp delete $LSP on P" "$st" 0
out=$(topo_cli pe1 "${PING[@]}" mep count 5 timeout 200 json); st=$?
status_is "ping PE2's MEP through P without the LSP: no answer" "$st" 1
wait_frames "$FWD" no-label 5
out=$(topo_cli p reload); st=$?
status_is "reload restores $LSP on P" "$st" 0
evcheck "the 5 requests P dropped on the fast path: no-label counts adding up to 5, nothing else" "$FWD" \
	"sum(e['count'] for e in find('forwarding', 'drop', reason='no-label')) == 5" \
	"all(e['aggregated'] is True and e['count'] > 0 for e in ev[1:])" \
	"all(e['kind'] == 'forwarding' for e in ev[1:])"

# --- /metrics -------------------------------------------------------------------
METRICS=$TOPO_DIR/p.metrics
HEADERS=$TOPO_DIR/p.metrics.headers
if http_get p /metrics -D "$HEADERS" -o "$METRICS" && grep -q '^HTTP/1.1 200' "$HEADERS"; then
	pass "GET /metrics on P: 200"
else
	fail "GET /metrics on P: 200" "$(cat "$HEADERS" 2>&1)"
fi
matches "/metrics: Prometheus text format 0.0.4" "$(grep -i '^content-type' "$HEADERS")" \
	"*text/plain; version=0.0.4*"
if command -v promtool >/dev/null; then
	if out=$(promtool check metrics <"$METRICS" 2>&1); then
		pass "promtool check metrics: P's scrape is valid, no lint warning"
	else
		fail "promtool check metrics: P's scrape is valid, no lint warning" "$out"
	fi
elif [ -n "${CI:-}" ]; then
	fail "promtool check metrics" "promtool missing in CI (Debian package prometheus)"
else
	echo "# SKIP promtool check metrics: promtool not installed (Debian package prometheus)"
fi
# metric NAME{LABELS}: its value in the scrape.
metric() { awk -v m="$1" '$1 == m { print $2 }' "$METRICS"; }
cnt=$(topo_cli p show counters json)
jcheck "/metrics agrees with show counters (never cleared): rx, drops, OAM answers" "$cnt" \
	"d['rx'] == $(metric tplsr_received_frames_total)" \
	"d['drops']['misdirected'] == $(metric 'tplsr_drops_total{reason="misdirected"}') == 41" \
	"d['oam']['in-mip'] == $(metric 'tplsr_oam_total{counter="in-mip"}') > 0" \
	"d['interfaces']['$IN']['rx'] == $(metric "tplsr_interface_received_frames_total{if_num=\"$IN\",port=\"0\"}")"
# Subscribers: 4 monitors (the SSE client just gone may count until P next writes to it).
jcheck "/metrics: node, LSPs, links, MIPs, events, build info" "{}" \
	"'$(metric 'tplsr_node_info{node="'"$P_ID"'"}')' == '1' and '$(metric tplsr_lsps)' == '1'" \
	"'$(metric "tplsr_interface_up{if_num=\"$IN\",port=\"0\"}")' == '1'" \
	"'$(metric "tplsr_interface_mip_enabled{if_num=\"$OUT\",port=\"1\"}")' == '1'" \
	"'$(metric 'tplsr_events_total{kind="loopback"}')' == '2' and '$(metric 'tplsr_events_total{kind="config"}')' == '4'" \
	"float('$(metric tplsr_uptime_seconds)') > 0 and int('$(metric tplsr_event_subscribers)') >= 4" \
	"$(grep -c '^tplsr_build_info{version="[0-9.]*",dpdk="DPDK [0-9.]*"} 1$' "$METRICS") == 1"
code=$(http_get p /nothing -o /dev/null -w '%{http_code}')
matches "GET /nothing: 404" "$code" "404"
code=$(http_get p '/events?filter=bogus' -o /dev/null -w '%{http_code}')
matches "GET /events?filter=bogus: 400" "$code" "400"

# --- a subscriber that does not read loses events, and only it -----------------------
# A client subscribes on PE1 (everything) and stops reading while 7040 pings
# (each a probe event) run from 32 clients: more than the ring (4096) and the
# socket buffers hold.  It must be told what it lost: the lost counts fill the
# gaps of its sequence numbers exactly.  The node must answer meanwhile, and
# the monitor that reads (PROBES) must get every probe event.
SLOW=$TOPO_DIR/pe1-slow.out
if slow_out=$($PY - "$(topo_sock pe1)" "$LSP" 7040 32 "$SLOW" <<'PYEOF'
import json, socket, sys, threading, time
path, lsp, total, par, outf = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
slow = socket.socket(socket.AF_UNIX)
slow.connect(path)
slow.sendall(b"monitor json\n")
first = b""
while not first.endswith(b"\n"):
    first += slow.recv(1)
done = [0] * par
def pinger(k):
    for _ in range(total // par):
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
        s.sendall(("ping mpls-tp lsp %s mep count 1 timeout 1\n" % lsp).encode())
        reply = b""
        while True:
            b = s.recv(4096)
            if not b:
                break
            reply += b
        s.close()
        if b"@status " in reply:
            done[k] += 1
threads = [threading.Thread(target=pinger, args=(k,)) for k in range(par)]
for t in threads:
    t.start()
for t in threads:
    t.join()
# Now read what the slow client was left: until nothing comes for 1 s.
slow.settimeout(1.0)
data = b""
try:
    while True:
        b = slow.recv(1 << 16)
        if not b:
            break
        data += b
except socket.timeout:
    pass
open(outf, "wb").write(first + data)
ev = [json.loads(l) for l in data.decode().splitlines() if l.strip()]
lost = sum(e["count"] for e in ev if e["kind"] == "monitor" and e["event"] == "lost")
got = sum(1 for e in ev if e["kind"] == "probe")
seqs = [e["seq"] for e in ev if e["seq"] > 0]
gaps = sum(b - a - 1 for a, b in zip(seqs, seqs[1:]))
print("pings %d, slow client: %d events (%d probe), %d lost in %d lost line(s), seq gaps %d" % (
    sum(done), len(seqs), got, lost, sum(1 for e in ev if e["event"] == "lost"), gaps))
ok = (sum(done) == total and lost > 0 and gaps == lost and got < total and
      got + lost >= total and all(a < b for a, b in zip(seqs, seqs[1:])))
sys.exit(0 if ok else 1)
PYEOF
); then
	pass "a client that stops reading: told what it lost, the counts filling its seq gaps ($slow_out)"
else
	fail "a client that stops reading: told what it lost, the counts filling its seq gaps" "$slow_out" \
		"$(head -c 600 "$SLOW")"
fi
out=$(topo_cli pe1 show counters json); st=$?
status_is "PE1 answers after the slow client" "$st" 0
# PROBES read all along: 4 pings before (2 above, the flood's, the fast-path
# one) and these 7040 (the locate is kind locate).
for _ in $(seq 100); do
	[ "$(grep -c '"kind": "probe"' "$PROBES")" -ge 7044 ] && break
	sleep 0.1
done
# (Counted here: 7000 events are too long for one argument of evcheck.)
got=$($PY -c 'import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
print(sum(e["kind"] == "probe" for e in ev), sum(e["event"] == "lost" for e in ev))' "$PROBES" 2>&1)
matches "the monitor that reads got all 7044 probe events and no lost line" "$got" "7044 0"
lost=$(http_get pe1 /metrics | awk '$1 == "tplsr_events_lost_total" { print $2 }')
want=$(sed -n 's/.*, \([0-9]*\) lost in .*/\1/p' <<<"$slow_out")
matches "PE1's tplsr_events_lost_total ($lost) is what the slow client was told it lost" \
	"$lost" "${want:-none}"

# --- monitors end on Ctrl-C with status 0 ---------------------------------------
for pid in "$MON_ALL" "$MON_LOOPS" "$MON_PROBES" "$MON_FLOOD" "$MON_FWD"; do
	mon_stop "$pid"; st=$?
	status_is "tplsr-cli monitor (pid $pid) ends on SIGINT" "$st" 0
done
MON_PIDS=()
out=$(topo_cli p show interfaces json); st=$?
status_is "P still answers after its monitors left" "$st" 0

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
