#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Soak test: the three-node network of scripts/topology.sh (PE1 — P — PE2) under
# continuous data traffic and periodic OAM for SECONDS (default 600).
#
#   scripts/soak.sh [SECONDS]
#
# - Data: a raw AF_PACKET socket in PE1's namespace (a second socket on PE1's
#   veth, beside tplsr's own) sends a prebuilt MPLS frame with P's forward
#   in-label 100, TTL 64, at SOAK_RATE frames/s (default 3000). P swaps it to
#   200 toward PE2, whose sink MEP consumes it. Before the soak a burst of 100
#   frames checks that the socket's frames do reach P (P's rx rises by 100).
# - OAM: every SOAK_PING_EVERY seconds (default 5) from PE1, `count 10` each:
#   LSP Ping to P's in-MIP and out-MIP (TTL 1, no discovery), LSP Ping to PE2's
#   MEP, G.8113.1 LBM to PE2's MEP.
# - Every 30 s: VmRSS of the three tplsr processes and their counters.
# - At the end (traffic stopped, 2 s drain): a summary; exit status 1 when a
#   data frame or a ping reply was lost without a `policed` drop to account for
#   it, when `rx == forwarded + consumed + dropped` fails on a node, when a
#   daemon died, or when a process's RSS grew by more than SOAK_RSS_LIMIT_KIB
#   (default 8192) after the warm-up (the first minute, or the first half of a
#   run shorter than two minutes). 2: the network could not come up.
#
# Needs root and network namespaces; builds nothing (ninja -C build first).
# Environment: SOAK_RATE, SOAK_PING_EVERY, SOAK_RSS_LIMIT_KIB, and those of
# scripts/topology.sh (TOPO_KEEP=1 keeps the logs and the soak records in
# TOPO_DIR/soak: samples.jsonl, pings.jsonl).
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=/usr/bin/python3
DURATION=${1:-600}
RATE=${SOAK_RATE:-3000}
PING_EVERY=${SOAK_PING_EVERY:-5}
SAMPLE_EVERY=30
RSS_LIMIT_KIB=${SOAK_RSS_LIMIT_KIB:-8192}

case $DURATION in
'' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
[ "$DURATION" -ge 10 ] || { echo "soak: SECONDS must be at least 10" >&2; exit 2; }

# shellcheck source=scripts/topology.sh
. "$ROOT/scripts/topology.sh"

if ! why=$(topo_available); then
	echo "soak: needs root and network namespaces ($why)" >&2
	exit 2
fi
topo_find_programs || exit 2

SENDER_PID=
# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	if [ -n "$SENDER_PID" ]; then
		kill -TERM "$SENDER_PID" 2>/dev/null
		wait "$SENDER_PID" 2>/dev/null
		SENDER_PID=
	fi
	topo_down
}
trap cleanup EXIT
trap 'echo "soak: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

SOAK=$TOPO_DIR/soak
P_ID=$TOPO_GLOBAL:$TOPO_NODE_P

log() { printf '[%4ds] %s\n' $((SECONDS - T0)) "$*"; }

# The sender: SENDER IFACE RATE SECONDS STATEFILE; writes {"sent", "errors"}
# to STATEFILE every second and when it stops (after SECONDS or on SIGTERM).
write_sender() {
	cat >"$SOAK/sender.py" <<'EOF'
import json, os, signal, socket, struct, sys, time

ifc, rate, duration, state = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
dst, src = bytes.fromhex(sys.argv[5].replace(":", "")), bytes.fromhex(sys.argv[6].replace(":", ""))
label = int(sys.argv[7])
lse = struct.pack("!I", (label << 12) | (1 << 8) | 64)        # S=1, TTL 64
ipv4 = bytes([0x45, 0, 0, 46, 0, 0, 0x40, 0, 64, 17, 0, 0,
              198, 51, 100, 1, 198, 51, 100, 2]) + bytes(26)  # 46-byte IPv4/UDP-ish payload
frame = dst + src + b"\x88\x47" + lse + ipv4

stop = False
def on_term(sig, frm):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifc, 0))
sent = errors = 0
def save():
    with open(state + ".tmp", "w") as fh:
        json.dump({"sent": sent, "errors": errors}, fh)
    os.replace(state + ".tmp", state)

t0 = time.monotonic()
last = t0
while not stop:
    now = time.monotonic()
    if now - t0 >= duration:
        break
    due = min(int((now - t0) * rate), sent + errors + 256)   # bounded catch-up
    while sent + errors < due:
        try:
            s.send(frame)
            sent += 1
        except OSError:
            errors += 1
    if now - last >= 1.0:
        save()
        last = now
    time.sleep(0.001)
save()
EOF
}

# sender_args SECONDS RATE STATEFILE: the sender's command line (run it directly,
# not through a function, so that a background sender's $! is python itself:
# `ip netns exec` execs its command).
sender_args() {
	SENDER=(ip netns exec "$(topo_ns pe1)" "$PY" "$SOAK/sender.py" veth-p "$2" "$1" "$3"
		"$TOPO_MAC_P_IN" "$TOPO_MAC_PE1" 100)
}

counters() { topo_cli "$1" show counters json; }

# rss NODE: VmRSS in KiB of the node's tplsr (empty when it is gone).
rss() {
	local pid=${TOPO_PID[$1]:-}
	[ -n "$pid" ] && awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null
}

daemons_alive() {
	local n
	for n in pe1 p pe2; do
		if ! kill -0 "${TOPO_PID[$n]:-0}" 2>/dev/null; then
			log "tplsr on $n (pid ${TOPO_PID[$n]:-?}) is gone; its log:"
			sed 's/^/    /' "$(topo_logfile "$n")" | tail -20
			return 1
		fi
	done
}

# sample LABEL: one line of samples.jsonl (time, RSS, counters of every node).
sample() {
	local n c line
	line="{\"label\": \"$1\", \"t\": $((SECONDS - T0)), \"sender\": $(cat "$SOAK/sender.json" 2>/dev/null || echo null)"
	for n in pe1 p pe2; do
		c=$(counters "$n" 2>/dev/null)
		[ -n "$c" ] || c=null
		line+=", \"$n\": {\"rss_kib\": $(rss "$n" || true)${c:+, \"counters\": $c}}"
	done
	line=${line//\"rss_kib\": ,/\"rss_kib\": null,}
	echo "$line}" >>"$SOAK/samples.jsonl"
	$PY - "$SOAK/samples.jsonl" "$SOAK/pings.jsonl" <<'EOF'
import json, sys
s = json.loads(open(sys.argv[1]).read().splitlines()[-1])
sent = ok = 0
try:
    for line in open(sys.argv[2]):
        r = json.loads(line)["result"]
        sent += r.get("sent", 0); ok += r.get("success", 0)
except FileNotFoundError:
    pass
def c(n, k):
    x = s[n].get("counters") or {}
    return x.get(k, "?")
print("[%4ds] %-5s data sent %s | P rx %s fwd %s | PE2 consumed %s | pings %d/%d | RSS KiB pe1 %s p %s pe2 %s"
      % (s["t"], s["label"], (s["sender"] or {}).get("sent", 0), c("p", "rx"), c("p", "forwarded"),
         c("pe2", "consumed"), ok, sent, s["pe1"]["rss_kib"], s["p"]["rss_kib"], s["pe2"]["rss_kib"]))
EOF
}

# ping_one NAME ARGS...: one ping from PE1, its JSON appended to pings.jsonl.
ping_one() {
	local name=$1 out st
	shift
	out=$(topo_cli pe1 ping mpls-tp lsp "$TOPO_LSP" "$@" count 10 timeout 1000 json 2>&1)
	st=$?
	$PY - "$name" "$st" "$out" >>"$SOAK/pings.jsonl" <<'EOF'
import json, sys
name, st, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    d = json.loads(out)
except Exception:
    d = {"sent": 0, "success": 0, "error": "no JSON (status %d): %s" % (st, out[:200])}
d.pop("probes", None)
print(json.dumps({"target": name, "status": st, "result": d}))
EOF
}

ping_round() {
	ping_one "lsp-ping in-MIP $P_ID:$TOPO_IF_P_IN" mip "$P_ID:$TOPO_IF_P_IN" in ttl 1
	ping_one "lsp-ping out-MIP $P_ID:$TOPO_IF_P_OUT" mip "$P_ID:$TOPO_IF_P_OUT" out ttl 1
	ping_one "lsp-ping MEP $TOPO_GLOBAL:$TOPO_NODE_PE2" mep
	ping_one "g8113 LBM MEP $TOPO_GLOBAL:$TOPO_NODE_PE2" mep g8113
}

# --- bring-up --------------------------------------------------------------
T0=$SECONDS
echo "soak: $DURATION s, data $RATE frames/s, pings every $PING_EVERY s, network $TOPO_ID"
if ! topo_up; then
	echo "soak: the three-node network did not come up" >&2
	exit 2
fi
mkdir -p "$SOAK"
write_sender
log "network up: pe1 pid ${TOPO_PID[pe1]}, p pid ${TOPO_PID[p]}, pe2 pid ${TOPO_PID[pe2]}"

# Does a second socket on PE1's veth reach P? 100 frames, P's rx must rise by 100.
rx0=$(counters p | $PY -c 'import json,sys; print(json.load(sys.stdin)["rx"])')
sender_args 1 100 "$SOAK/probe.json"
"${SENDER[@]}"
sleep 0.5
rx1=$(counters p | $PY -c 'import json,sys; print(json.load(sys.stdin)["rx"])')
probe_sent=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["sent"])' "$SOAK/probe.json")
if [ -z "$rx0" ] || [ -z "$rx1" ] || [ "$((rx1 - rx0))" -ne "$probe_sent" ] || [ "$probe_sent" -eq 0 ]; then
	echo "soak: frames sent on PE1's veth do not reach P (sent ${probe_sent:-?}, P rx ${rx0:-?} -> ${rx1:-?})" >&2
	exit 1
fi
log "probe: $probe_sent frames from a second socket on PE1's veth-p reached P (rx $rx0 -> $rx1)"

for n in pe1 p pe2; do topo_cli "$n" clear counters >/dev/null; done
: >"$SOAK/samples.jsonl"
: >"$SOAK/pings.jsonl"
echo '{"sent": 0, "errors": 0}' >"$SOAK/sender.json"

# --- the soak ----------------------------------------------------------------
T0=$SECONDS
sample start
sender_args "$DURATION" "$RATE" "$SOAK/sender.json"
"${SENDER[@]}" &
SENDER_PID=$!
next_sample=$SAMPLE_EVERY
dead=0
while [ $((SECONDS - T0)) -lt "$DURATION" ]; do
	if ! daemons_alive; then
		dead=1
		break
	fi
	ping_round
	if [ $((SECONDS - T0)) -ge "$next_sample" ]; then
		sample "${next_sample}s"
		next_sample=$((next_sample + SAMPLE_EVERY))
	fi
	left=$((DURATION - (SECONDS - T0)))
	[ "$left" -gt 0 ] || break
	sleep "$((left < PING_EVERY ? left : PING_EVERY))"
done
wait "$SENDER_PID" 2>/dev/null
SENDER_PID=
traffic_s=$((SECONDS - T0))
sleep 2 # drain
[ "$dead" = 1 ] || daemons_alive || dead=1
sample end

# --- summary -----------------------------------------------------------------
warmup=$((DURATION / 2 < 60 ? DURATION / 2 : 60))
$PY - "$SOAK/samples.jsonl" "$SOAK/pings.jsonl" "$DURATION" "$RATE" "$warmup" "$RSS_LIMIT_KIB" "$dead" "$traffic_s" <<'EOF'
import json, sys
samples = [json.loads(l) for l in open(sys.argv[1])]
pings = [json.loads(l) for l in open(sys.argv[2])]
duration, rate, warmup, limit, dead, traffic_s = (int(x) for x in sys.argv[3:9])
nodes = ("pe1", "p", "pe2")
end = samples[-1]
fails = []
if dead:
    fails.append("a tplsr process died")
C = {n: end[n].get("counters") for n in nodes}
missing = [n for n in nodes if C[n] is None]
if missing:
    fails.append("no final counters from " + ", ".join(missing))
    C = {n: C[n] or {"rx": 0, "forwarded": 0, "consumed": 0, "dropped": 0, "tx": 0,
                     "drops": {}, "oam": {}, "interfaces": {}} for n in nodes}
snd = end["sender"] or {"sent": 0, "errors": 0}

print()
print("=== soak summary ===")
print("duration          %d s of traffic, then a 2 s drain (data at %d frames/s, %d ping rounds)"
      % (traffic_s, rate, len(pings) // 4))

# Data: OAM shares of the counters are taken out with the OAM counters.
pe1, p, pe2 = C["pe1"], C["p"], C["pe2"]
oam_req = pe1["tx"]                       # PE1 sends nothing but ping requests
p_if2_rx = p["interfaces"].get("2", {}).get("rx", 0)   # replies from PE2 only
d_p_rx = p["interfaces"].get("1", {}).get("rx", 0) - oam_req
d_p_fwd = p["forwarded"] - pe2["oam"].get("mep", 0) - p_if2_rx
d_pe2 = pe2["consumed"] - pe2["oam"].get("mep", 0)
print("data frames       sent %d (send errors %d) | P received %d, forwarded %d | PE2 consumed %d | lost %d"
      % (snd["sent"], snd["errors"], d_p_rx, d_p_fwd, d_pe2, snd["sent"] - d_pe2))
print("                  (PE1's own af_packet socket also sees them leave: PE1 drops.no-label %d)"
      % pe1["drops"].get("no-label", 0))
policed = sum(C[n]["drops"].get("policed", 0) for n in nodes)
if missing:
    print("                  (not accounted: no counters from %s)" % ", ".join(missing))
elif not (snd["sent"] == d_p_rx == d_p_fwd == d_pe2):
    fails.append("data frames lost: sent %d, P rx %d, P forwarded %d, PE2 consumed %d"
                 % (snd["sent"], d_p_rx, d_p_fwd, d_pe2))

# Pings per target.
print("pings (count 10)  target: pings run, probes sent / answered (!), lost")
targets = {}
for r in pings:
    t = targets.setdefault(r["target"], {"runs": 0, "sent": 0, "ok": 0, "errors": []})
    t["runs"] += 1
    t["sent"] += r["result"].get("sent", 0)
    t["ok"] += r["result"].get("success", 0)
    if r["result"].get("error") or r["status"] != 0:
        t["errors"].append("status %d: %s" % (r["status"], r["result"].get("error")))
lost = 0
for name, t in targets.items():
    lost += t["sent"] - t["ok"]
    print("  %-40s %4d runs, %5d / %5d, lost %d" % (name, t["runs"], t["sent"], t["ok"], t["sent"] - t["ok"]))
    for e in t["errors"][:3]:
        print("      " + e)
    if len(t["errors"]) - 3 > 0:
        print("      ... %d more" % (len(t["errors"]) - 3))
    if t["runs"] and t["sent"] != 10 * t["runs"]:
        fails.append("%s: %d probes sent in %d runs of count 10" % (name, t["sent"], t["runs"]))
print("  replies lost %d, policed drops (all nodes) %d" % (lost, policed))
if lost > policed:
    fails.append("%d ping replies lost, only %d policed drops" % (lost, policed))

# Memory.
print("RSS (KiB)         %-6s %8s %8s %8s %8s   growth after %ds" % ("", "start", "max", "end", "at %ds" % warmup, warmup))
for n in nodes:
    xs = [(s["t"], s[n]["rss_kib"]) for s in samples if s[n]["rss_kib"] is not None]
    if not xs:
        fails.append("no RSS for " + n)
        continue
    base = next((v for t, v in xs if t >= warmup), xs[-1][1])
    later = [v for t, v in xs if t >= warmup] or [xs[-1][1]]
    growth = max(later) - base
    print("  %-16s %8d %8d %8d %8d   %+d" % (n, xs[0][1], max(v for _, v in xs), xs[-1][1], base, growth))
    if growth > limit:
        fails.append("%s RSS grew by %d KiB after %ds (limit %d)" % (n, growth, warmup, limit))

# Fate invariant.
print("fate              rx == forwarded + consumed + dropped")
for n in nodes:
    c = C[n]
    if n in missing:
        print("  %-4s FAIL  no counters (daemon gone)" % n)
        continue
    ok = c["rx"] == c["forwarded"] + c["consumed"] + c["dropped"]
    drops = {k: v for k, v in c["drops"].items() if v}
    print("  %-4s %s  rx %d = fwd %d + consumed %d + dropped %d, tx %d, drops %s"
          % (n, "ok  " if ok else "FAIL", c["rx"], c["forwarded"], c["consumed"], c["dropped"], c["tx"],
             drops or "{}"))
    if not ok:
        fails.append("fate invariant fails on " + n)
    unexpected = {k: v for k, v in drops.items() if k != "policed" and not (n == "pe1" and k == "no-label")}
    if unexpected:
        print("       unexpected drops on %s: %s" % (n, unexpected))

print("result            " + ("PASS" if not fails else "FAIL"))
for f in fails:
    print("  - " + f)
sys.exit(1 if fails else 0)
EOF
rc=$?
[ "${TOPO_KEEP:-0}" = 1 ] && echo "soak records: $SOAK/samples.jsonl, $SOAK/pings.jsonl"
exit $rc
