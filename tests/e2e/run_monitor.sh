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

cleanup() {
	local pid
	for pid in "${MON_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	topo_down
}
trap cleanup EXIT

echo "# monitor e2e: network $TOPO_ID, tplsr=$TPLSR_BIN"
# Every node serves /metrics and /events on 127.0.0.1:9469 of its namespace.
e2e_daemon_args --metrics "$E2E_METRICS"
if ! topo_up; then
	fail "three-node network comes up" "see the logs above"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
pass "three-node network comes up"

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
mon_start pe1 "$PROBES" json probe || fail "monitor json probe on PE1 is subscribed" "$(cat "$PROBES")"
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
for _ in $(seq 100); do
	n=$($PY -c 'import json, sys
print(sum(e.get("count", 1) for e in map(json.loads, open(sys.argv[1])) if e.get("event") == "drop"))' \
		"$FLOOD" 2>/dev/null)
	[ "${n:-0}" -ge 40 ] && break
	sleep 0.1
done
evcheck "40 misdirected requests: fewer lines than frames, the counts add up to 40" "$FLOOD" \
	"sum(e.get('count', 1) for e in find('oam', 'drop', reason='misdirected')) == 40" \
	"len(find('oam', 'drop')) < 40" \
	"all(e['count'] > 0 for e in ev if e.get('aggregated'))" \
	"all(e['kind'] == 'monitor' or e.get('reason') == 'misdirected' for e in ev)"

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
	"d['oam']['in-mip'] == $(metric 'tplsr_oam_total{counter="in-mip"}') == 1" \
	"d['interfaces']['$IN']['rx'] == $(metric "tplsr_interface_received_frames_total{if_num=\"$IN\",port=\"0\"}")"
# Subscribers: 3 monitors (the SSE client just gone may count until P next writes to it).
jcheck "/metrics: node, LSPs, links, MIPs, events, build info" "{}" \
	"'$(metric 'tplsr_node_info{node="'"$P_ID"'"}')' == '1' and '$(metric tplsr_lsps)' == '1'" \
	"'$(metric "tplsr_interface_up{if_num=\"$IN\",port=\"0\"}")' == '1'" \
	"'$(metric "tplsr_interface_mip_enabled{if_num=\"$OUT\",port=\"1\"}")' == '1'" \
	"'$(metric 'tplsr_events_total{kind="loopback"}')' == '2' and '$(metric 'tplsr_events_total{kind="config"}')' == '2'" \
	"float('$(metric tplsr_uptime_seconds)') > 0 and int('$(metric tplsr_event_subscribers)') >= 3" \
	"$(grep -c '^tplsr_build_info{version="[0-9.]*",dpdk="DPDK [0-9.]*"} 1$' "$METRICS") == 1"
code=$(http_get p /nothing -o /dev/null -w '%{http_code}')
matches "GET /nothing: 404" "$code" "404"
code=$(http_get p '/events?filter=bogus' -o /dev/null -w '%{http_code}')
matches "GET /events?filter=bogus: 400" "$code" "400"

# --- monitors end on Ctrl-C with status 0 ---------------------------------------
for pid in "$MON_ALL" "$MON_LOOPS" "$MON_PROBES" "$MON_FLOOD"; do
	mon_stop "$pid"; st=$?
	status_is "tplsr-cli monitor (pid $pid) ends on SIGINT" "$st" 0
done
MON_PIDS=()
out=$(topo_cli p show interfaces json); st=$?
status_is "P still answers after its monitors left" "$st" 0

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
