#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Tier e2e: start-up and the ports (docs/PORTS.md), on a transit node P in
# network namespaces, real tplsr processes on af_packet ports:
#
#   [A] a0  <---->  xa [P] xb  <---->  b0 [B]        [Q] xa <-> xb (same names)
#                   IF 1   IF 2
#
# Frames are written on a0 and read on b0 by raw sockets (Debian's python);
# every assertion is on exit statuses, messages, `ip link`, the CLI's JSON and
# the frames that arrive.  Checks: a device that fails to probe stops start-up
# (status 2), `port NAME` resolves whatever the probe order and a name of no
# device stops start-up; frames longer than the port carries are dropped
# `oversize`, never cut, and jumbo frames are carried whole with a large
# af_packet ring; promiscuous mode only when configured, multicast MPLS still
# arrives; SIGHUP and SIGPIPE do not kill; a second daemon on the same
# interfaces refuses to start unless --force, one on same-named interfaces of
# another namespace starts, and kill -9 leaves no stale claim.
#
#   tests/e2e/run_startup.sh [BUILD_DIR]
#
# Exit 0 when all checks pass, 1 otherwise, 77 (skip) without root or netns.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TPLSR_BUILD=${1:-$ROOT/build}
TOPO_ID=tplsr-st-$$
TOPO_DIR=/tmp/$TOPO_ID
# shellcheck source=tests/e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
e2e_begin "startup"

NS_A=$TOPO_ID-a
NS_P=$TOPO_ID-p
NS_B=$TOPO_ID-b
NS_Q=$TOPO_ID-q
MAC_A=02:00:00:00:01:01
MAC_PA=02:00:00:00:02:01
MAC_PB=02:00:00:00:02:02
MAC_B=02:00:00:00:03:01
declare -A PIDS=()	# name -> pid of a daemon started here
st=0

cleanup() {
	local n
	for n in "${!PIDS[@]}"; do
		kill -KILL "${PIDS[$n]}" 2>/dev/null
		wait "${PIDS[$n]}" 2>/dev/null
		rm -rf "/var/run/dpdk/$TOPO_ID-$n"
	done
	for n in "$NS_A" "$NS_P" "$NS_B" "$NS_Q"; do
		ip netns del "$n" 2>/dev/null
	done
	if [ "${TOPO_KEEP:-0}" != 1 ]; then rm -rf "$TOPO_DIR"; else echo "# logs in $TOPO_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$TOPO_DIR"
for n in "$NS_A" "$NS_P" "$NS_B" "$NS_Q"; do
	topo_new_ns "$n" || { echo "cannot create namespace $n"; exit 1; }
done
ip link add a0 netns "$NS_A" type veth peer name xa netns "$NS_P" &&
	ip link add xb netns "$NS_P" type veth peer name b0 netns "$NS_B" &&
	ip link add xa netns "$NS_Q" type veth peer name xb netns "$NS_Q" ||
	{ echo "cannot create the veths"; exit 1; }
topo_quiet_if "$NS_A" a0 "$MAC_A"
topo_quiet_if "$NS_P" xa "$MAC_PA"
topo_quiet_if "$NS_P" xb "$MAC_PB"
topo_quiet_if "$NS_B" b0 "$MAC_B"
topo_quiet_if "$NS_Q" xa 02:00:00:00:04:01
topo_quiet_if "$NS_Q" xb 02:00:00:00:04:02

# Raw frames: `frames.py send IF DST SRC LABEL LEN...` writes MPLS frames of
# exactly LEN bytes (ethertype 0x8848 when DST is multicast); `frames.py recv IF
# SECONDS` prints "LEN LABEL TTL" for every MPLS frame read until then.
FRAMES=$TOPO_DIR/frames.py
cat >"$FRAMES" <<'EOF'
import socket, struct, sys, time
def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))
cmd, ifname = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
s.bind((ifname, 0))
if cmd == "send":
    dst, src, label = mac(sys.argv[3]), mac(sys.argv[4]), int(sys.argv[5])
    etype = 0x8848 if dst[0] & 1 else 0x8847
    for n in map(int, sys.argv[6:]):
        hdr = dst + src + struct.pack("!HI", etype, label << 12 | 1 << 8 | 64)
        s.send(hdr + bytes(n - len(hdr)))
        time.sleep(0.01)
else:
    s.settimeout(0.2)
    end = time.time() + float(sys.argv[3])
    while time.time() < end:
        try:
            f = s.recv(65536)
        except socket.timeout:
            continue
        if len(f) >= 18 and f[12:14] in (b"\x88\x47", b"\x88\x48"):
            w = struct.unpack("!I", f[14:18])[0]
            print(len(f), w >> 12, w & 0xff, flush=True)
EOF

# Forward IF 1 label 100 -> IF 2 label 200.  conf NAME PORT1 PORT2 [EXTRA1]
conf() {
	cat >"$TOPO_DIR/$1.conf" <<EOF
node 65000:192.0.2.2
interface 1 port $2 mac $MAC_PA peer $MAC_A ${4:-}
interface 2 port $3 mac $MAC_PB peer $MAC_B
lsp t
  source 65000:192.0.2.1 tunnel 1
  destination 65000:192.0.2.3 tunnel 1
  lsp-num 1
  forward in 1 label 100 out 2 label 200
EOF
}

# start NAME NS CONF [EAL and app options...]: run tplsr in the background;
# the vdevs are given by the caller (VDEVS array).  Sets $pid.
start() {
	local name=$1 ns=$2 cf=$3
	shift 3
	rm -f "$TOPO_DIR/$name.sock"
	ip netns exec "$ns" "$TPLSR_BIN" -l 0 --no-huge -m "${MEM:-256}" --no-pci \
		--file-prefix "$TOPO_ID-$name" --log-level=lib.eal:notice "${VDEVS[@]}" \
		-- -c "$TOPO_DIR/$cf.conf" --ctl "$TOPO_DIR/$name.sock" "$@" \
		>"$TOPO_DIR/$name.log" 2>&1 </dev/null &
	pid=$!
	PIDS[$name]=$pid
}

# ready NAME: wait for NAME's socket to answer (0) or the process to exit (1).
ready() {
	local name=$1 p=${PIDS[$1]} deadline=$((SECONDS + 30))
	while [ $SECONDS -lt $deadline ]; do
		kill -0 "$p" 2>/dev/null || return 1
		if [ -S "$TOPO_DIR/$name.sock" ] &&
			timeout 5 "$TPLSR_CLI" -s "$TOPO_DIR/$name.sock" show interfaces >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# finish NAME: wait for NAME to exit by itself (within 30 s); its status in $st.
finish() {
	local p=${PIDS[$1]} n=0
	while kill -0 "$p" 2>/dev/null && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	st=$?
	unset "PIDS[$1]"
	rm -rf "/var/run/dpdk/$TOPO_ID-$1"
}

# stop NAME: SIGTERM, then its exit status in $st.
stop() {
	kill -TERM "${PIDS[$1]}" 2>/dev/null
	finish "$1"
}

# refused NAME NS CONF TEXT TITLE: a daemon that must stop start-up, status 2, saying TEXT.
refused() {
	start "$1" "$2" "$3"
	finish "$1"
	if [ "$st" = 2 ] && has_line "$1" "$4"; then
		pass "$5"
	else
		fail "$5" "status $st" "$(cat "$TOPO_DIR/$1.log")"
	fi
}

cli() { local n=$1; shift; timeout 30 "$TPLSR_CLI" -s "$TOPO_DIR/$n.sock" "$@"; }

# through NAME LABEL LEN...: frames sent on a0, what arrives on b0 ("LEN LABEL TTL" lines).
through() {
	local label=$1 out=$TOPO_DIR/recv.$BASHPID
	shift
	ip netns exec "$NS_B" "$PY" "$FRAMES" recv b0 2.5 >"$out" &
	local rp=$!
	sleep 0.7
	ip netns exec "$NS_A" "$PY" "$FRAMES" send a0 "$MAC_PA" "$MAC_A" "$label" "$@"
	wait $rp
	cat "$out"
}

has_line() { grep -q -- "$2" "$TOPO_DIR/$1.log"; }

echo "# startup: namespaces $TOPO_ID-*, tplsr=$TPLSR_BIN"

# --- 2. a device that fails to probe ----------------------------------------
conf one 0 1
sed -i '/^interface 2 /d; /forward in/s/.*/  forward in 1 label 100/' "$TOPO_DIR/one.conf"
VDEVS=(--vdev=net_af_packet0,iface=nosuch --vdev=net_af_packet1,iface=xb)
refused badvdev "$NS_P" one "net_af_packet0,iface=nosuch failed to probe" \
	"a vdev that fails to probe stops start-up (status 2, names the device)"

conf byname net_af_packet0 net_af_packet5
VDEVS=(--vdev=net_af_packet0,iface=xa --vdev=net_af_packet1,iface=xb)
refused noname "$NS_P" byname "port net_af_packet5: no such device" \
	"port NAME of no device stops start-up (status 2)"

# Names resolve whatever the probe order: net_af_packet1 (xb) is given first.
conf byname net_af_packet0 net_af_packet1
VDEVS=(--vdev=net_af_packet1,iface=xb,qpairs=1 --vdev=net_af_packet0,iface=xa,qpairs=1)
start p "$NS_P" byname
if ! ready p; then
	fail "P starts with ports by name" "$(cat "$TOPO_DIR/p.log")"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
out=$(cli p show interfaces json)
jcheck "ports by name: IF 1 on port 1 (net_af_packet0), IF 2 on port 0" "$out" \
	"[(i['if_num'], i['port']) for i in d['interfaces']] == [(1, 1), (2, 0)]"
got=$(through 100 200 300)
if [ "$got" = $'200 200 63\n300 200 63' ]; then
	pass "ports by name: a frame in on xa (IF 1) leaves on xb (IF 2) with label 200"
else
	fail "ports by name: a frame in on xa leaves on xb" "got: $got"
fi

# --- 4. promiscuous off by default, multicast MPLS arrives -----------------
jcheck "promiscuous off by default (ethdev API)" "$out" \
	"not any(i['promiscuous'] for i in d['interfaces'])"
if ! ip -n "$NS_P" link show xa | grep -q PROMISC &&
	ip -n "$NS_P" -d link show xa | grep -q "promiscuity 0"; then
	pass "xa is not promiscuous (ip link)"
else
	fail "xa is not promiscuous (ip link)" "$(ip -n "$NS_P" -d link show xa)"
fi
before=$(jget "$(cli p show counters json)" "d['interfaces']['1']['rx']")
ip netns exec "$NS_A" "$PY" "$FRAMES" send a0 01:00:5e:80:00:64 "$MAC_A" 100 100 100
sleep 0.5
after=$(jget "$(cli p show counters json)" "d['interfaces']['1']['rx']")
if [ -n "$before" ] && [ "$after" = $((before + 2)) ]; then
	pass "multicast MPLS (01:00:5e:80:00:64, 0x8848) reaches the node without promiscuous mode"
else
	fail "multicast MPLS reaches the node" "IF 1 rx $before -> $after"
fi

# --- 4. frames not sent to the node are dropped by name, not forwarded ------
# Broadcast and IPv4 multicast (0x8848), another host's unicast (0x8847): the
# veth delivers them all (xa is a kernel interface); the node must not forward.
before=$(jget "$(cli p show counters json)" "d['drops']['foreign-mac']")
got=$({
	ip netns exec "$NS_B" "$PY" "$FRAMES" recv b0 2.5 &
	rp=$!
	sleep 0.7
	for dst in ff:ff:ff:ff:ff:ff 01:00:5e:00:00:01 02:00:00:00:09:09; do
		ip netns exec "$NS_A" "$PY" "$FRAMES" send a0 "$dst" "$MAC_A" 100 100
	done
	wait $rp
})
after=$(jget "$(cli p show counters json)" "d['drops']['foreign-mac']")
if [ -n "$before" ] && [ "$after" = $((before + 3)) ] && [ -z "$got" ]; then
	pass "broadcast, IPv4 multicast and foreign unicast frames: 3 foreign-mac drops, none forwarded"
else
	fail "frames not sent to the node are dropped foreign-mac" \
		"foreign-mac $before -> $after" "arrived on b0: $got"
fi

# --- 6. SIGHUP and SIGPIPE do not kill --------------------------------------
kill -HUP "${PIDS[p]}"
kill -PIPE "${PIDS[p]}"
sleep 0.5
if kill -0 "${PIDS[p]}" 2>/dev/null && cli p show interfaces >/dev/null; then
	pass "SIGHUP and SIGPIPE: the daemon lives and answers"
else
	fail "SIGHUP and SIGPIPE: the daemon lives and answers" "$(cat "$TOPO_DIR/p.log")"
fi
has_line p "SIGHUP: reloaded" && pass "SIGHUP is logged (a reload of an unchanged file)" ||
	fail "SIGHUP is logged"
got=$(through 100 150)
[ "$got" = "150 200 63" ] && pass "after SIGHUP the node still forwards" ||
	fail "after SIGHUP the node still forwards" "got: $got"

# --- 11. a second daemon on the same interfaces -----------------------------
refused p2 "$NS_P" byname "is in use by another tplsr (pid ${PIDS[p]}" \
	"a second daemon on the same interfaces refuses to start (status 2, names the pid)"
start p3 "$NS_Q" byname
if ready p3; then
	pass "a daemon on same-named interfaces in another namespace starts"
else
	fail "a daemon on same-named interfaces in another namespace starts" \
		"$(cat "$TOPO_DIR/p3.log")"
fi
stop p3
start p4 "$NS_P" byname --force
if ready p4 && has_line p4 "warning: port"; then
	pass "--force starts a second daemon anyway, with a warning"
else
	fail "--force starts a second daemon anyway" "$(cat "$TOPO_DIR/p4.log")"
fi
stop p4

stop p
if [ "$st" = 0 ] && has_line p "final counters" && [ ! -e "$TOPO_DIR/p.sock" ]; then
	pass "after SIGHUP, SIGTERM stops cleanly (status 0, final counters, socket removed)"
else
	fail "after SIGHUP, SIGTERM stops cleanly" "status $st" "$(tail -5 "$TOPO_DIR/p.log")"
fi

# kill -9 leaves no stale claim.
start p "$NS_P" byname
ready p
{
	kill -KILL "${PIDS[p]}"
	finish p
} 2>/dev/null	# not bash's "Killed" notice
start p "$NS_P" byname
if ready p; then
	pass "after kill -9 the next daemon starts (the kernel released the claim)"
else
	fail "after kill -9 the next daemon starts" "$(cat "$TOPO_DIR/p.log")"
fi
stop p

# --- 4. promiscuous on when configured ---------------------------------------
conf promisc net_af_packet0 net_af_packet1 "promiscuous on"
start p "$NS_P" promisc
ready p
out=$(cli p show interfaces json)
jcheck "promiscuous on: IF 1 promiscuous, IF 2 not (ethdev API)" "$out" \
	"[i['promiscuous'] for i in d['interfaces']] == [True, False]"
if ip -n "$NS_P" link show xa | grep -q PROMISC &&
	! ip -n "$NS_P" link show xb | grep -q PROMISC; then
	pass "promiscuous on: xa PROMISC, xb not (ip link)"
else
	fail "promiscuous on: xa PROMISC, xb not" "$(ip -n "$NS_P" link show)"
fi
stop p
if ! ip -n "$NS_P" link show xa | grep -q PROMISC; then
	pass "promiscuous mode is not left on after the daemon stops"
else
	fail "promiscuous mode is not left on after the daemon stops"
fi

# --- 4. a configured mac the port does not have is named -------------------
# af_packet cannot add a unicast filter: the daemon must say that frames to
# the configured address may not arrive (the fast path accepts only it).
conf othermac net_af_packet0 net_af_packet1
sed -i "s/mac $MAC_PB/mac 02:00:00:00:02:99/" "$TOPO_DIR/othermac.conf"
start p "$NS_P" othermac
ready p
if has_line p "for interface 2 has address $MAC_PB, not the configured mac 02:00:00:00:02:99" &&
	! has_line p "for interface 1 has address"; then
	pass "a configured mac unlike the port's address is named at start-up (IF 2 only)"
else
	fail "a configured mac unlike the port's address is named at start-up" \
		"$(cat "$TOPO_DIR/p.log")"
fi
stop p

# --- 3. jumbo frames: carried whole or dropped `oversize`, never cut --------
for n in "$NS_A:a0" "$NS_P:xa" "$NS_P:xb" "$NS_B:b0"; do
	ip -n "${n%%:*}" link set dev "${n#*:}" mtu 9000
done
# sizes TITLE MAX LEN...: P (just started) has max_frame MAX on both ports; of
# frames of LEN bytes sent, those up to MAX arrive whole with label 200, nothing
# else arrives, the others are counted oversize, rx = forwarded + consumed + dropped.
sizes() {
	local title=$1 max=$2 want="" n kept=0 big=0 got
	shift 2
	for n in "$@"; do
		if [ "$n" -le "$max" ]; then
			want+="$n 200 63"$'\n'
			kept=$((kept + 1))
		else
			big=$((big + 1))
		fi
	done
	want=${want%$'\n'}
	jcheck "$title: max_frame $max on both ports" "$(cli p show interfaces json)" \
		"[i['max_frame'] for i in d['interfaces']] == [$max, $max]"
	got=$(through 100 "$@")
	if [ "$got" = "$want" ]; then
		pass "$title: frames of $* bytes: those up to $max arrive whole, nothing cut"
	else
		fail "$title: frames up to $max arrive whole, nothing cut" "got: $got" "want: $want"
	fi
	jcheck "$title: $big oversize, $kept forwarded, rx = forwarded + consumed + dropped" \
		"$(cli p show counters json)" \
		"d['drops']['oversize'] == $big and d['forwarded'] == $kept" \
		"d['rx'] == d['forwarded'] + d['consumed'] + d['dropped']"
}

# The default ring (framesz 2048) holds 1982 bytes from 66 in: 1981 is the most
# known whole; a 9000 MTU lets longer frames arrive, cut, and they are dropped.
start p "$NS_P" byname
if ready p; then
	sizes "MTU 9000, default af_packet ring" 1981 1500 1981 1982 2000 9000 9014
else
	fail "P starts with MTU 9000" "$(cat "$TOPO_DIR/p.log")"
fi
stop p

VDEVS=(--vdev=net_af_packet1,iface=xb,qpairs=1,framesz=16384,blocksz=16384
	--vdev=net_af_packet0,iface=xa,qpairs=1,framesz=16384,blocksz=16384)
start p "$NS_P" byname
if ready p; then
	sizes "MTU 9000, framesz=16384 (MTU + 14)" 9014 2000 9000 9014
else
	fail "P starts with framesz=16384" "$(cat "$TOPO_DIR/p.log")"
fi
stop p

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
