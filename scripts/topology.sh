#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The three-node MPLS-TP network of docs/CONTRACT.md §6 on one machine:
#
#   [PE1] veth-p  <---->  veth-pe1 [P] veth-pe2  <---->  veth-p [PE2]
#         IF 1                IF 1      IF 2                 IF 1
#
# three network namespaces joined by veth pairs, one `tplsr` process in each on
# DPDK's af_packet PMD (no hugepages), one co-routed bidirectional LSP `pe1-pe2`
# (forward PE1 -> P -> PE2, labels 100/200; reverse PE2 -> P -> PE1, 201/101).
#
# The four-node variant (topo_up4) puts two transit nodes in the middle:
#
#   [PE1] veth-p <-> veth-pe1 [P1] veth-p2 <-> veth-p1 [P2] veth-pe2 <-> veth-p [PE2]
#         IF 1           IF 1      IF 2           IF 1      IF 2           IF 1
#
# (forward PE1 -100-> P1 -200-> P2 -300-> PE2; reverse PE2 -301-> P2 -201-> P1
# -101-> PE1).  P1 has P's identity and addresses; P2 is 192.0.2.4.
#
# Use it as a library (source it, then topo_up / topo_up4 / topo_down / topo_cli
# ...) or as a command:
#     scripts/topology.sh up      # builds nothing; prints how to reach the nodes
#     scripts/topology.sh up4     # the same with the four-node network
#     scripts/topology.sh down ID # removes what a previous `up` (of ID) left
#
# Environment (all optional):
#   TPLSR_BUILD       build directory (default <repo>/build)
#   TPLSR_BIN         the tplsr program (default: found under the build dir)
#   TPLSR_CLI         the tplsr-cli program (default: found under the build dir)
#   TOPO_ID           unique prefix for namespaces/DPDK files (default tplsr-<pid>)
#   TOPO_DIR          where configs, sockets and logs go (default /tmp/$TOPO_ID)
#   TOPO_KEEP=1       keep TOPO_DIR (logs) after teardown
#   TOPO_LCORES_PE1/_P/_PE2   EAL core option per node (default -l 0 / -l 1 / -l 0;
#                     P1 and P2 of the four-node network use TOPO_LCORES_P)
#   TOPO_MEM          EAL -m value in MB (default 256)
#   TOPO_START_TIMEOUT seconds to wait for a control socket (default 30)
#
# The EAL flags were validated with dpdk-testpmd (Debian DPDK 22.11) in a netns:
# --no-huge implies legacy memory and is refused together with --in-memory, so
# each process gets its own --file-prefix instead (its runtime dir under
# /var/run/dpdk/<prefix> is removed on teardown).

TOPO_ROOT=${TOPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
TOPO_ID=${TOPO_ID:-tplsr-$$}
TOPO_DIR=${TOPO_DIR:-/tmp/$TOPO_ID}
TOPO_MEM=${TOPO_MEM:-256}
TOPO_START_TIMEOUT=${TOPO_START_TIMEOUT:-30}
TOPO_LCORES_PE1=${TOPO_LCORES_PE1:--l 0}
TOPO_LCORES_P=${TOPO_LCORES_P:--l 1}
TOPO_LCORES_PE2=${TOPO_LCORES_PE2:--l 0}

# Identities (RFC 6370 Global_ID:Node_ID) and addressing of the embedded default.
TOPO_GLOBAL=65000
TOPO_NODE_PE1=192.0.2.1
TOPO_NODE_P=192.0.2.2
TOPO_NODE_PE2=192.0.2.3
TOPO_ICC=ABCDEF
TOPO_CC=JP
TOPO_LSP="pe1-pe2"
# Interface numbers (IF_Num) and MACs; the veths get exactly these MACs.
TOPO_IF_PE1=1                         # PE1 toward P
TOPO_IF_P_IN=1                        # P toward PE1 (in-MIP of the forward direction)
TOPO_IF_P_OUT=2                       # P toward PE2 (out-MIP of the forward direction)
TOPO_IF_P_SPARE=3                     # P: an unused interface (misprogramming tests)
TOPO_IF_PE2=1                         # PE2 toward P
TOPO_MAC_PE1=02:00:00:00:01:01
TOPO_MAC_P_IN=02:00:00:00:02:01
TOPO_MAC_P_OUT=02:00:00:00:02:02
TOPO_MAC_P_SPARE=02:00:00:00:02:03
TOPO_MAC_SPARE_PEER=02:00:00:00:09:01
TOPO_MAC_PE2=02:00:00:00:03:01
# The four-node network: P1 is P (same Node_ID, IF_Nums and MACs), P2 is new.
TOPO_NODE_P1=$TOPO_NODE_P
TOPO_NODE_P2=192.0.2.4
TOPO_IF_P1_IN=1                       # P1 toward PE1
TOPO_IF_P1_OUT=2                      # P1 toward P2
TOPO_IF_P2_IN=1                       # P2 toward P1
TOPO_IF_P2_OUT=2                      # P2 toward PE2
TOPO_MAC_P1_IN=$TOPO_MAC_P_IN
TOPO_MAC_P1_OUT=$TOPO_MAC_P_OUT
TOPO_MAC_P2_IN=02:00:00:00:04:01
TOPO_MAC_P2_OUT=02:00:00:00:04:02

declare -A TOPO_PID=()                # node -> pid of its tplsr
TOPO_UP=0
TOPO_NODES="pe1 p pe2"                # the nodes (namespaces) of the network that is up

topo_log() { echo "topology: $*" >&2; }

topo_ns() { echo "$TOPO_ID-$1"; }     # pe1 | p | pe2 (four nodes: pe1 | p1 | p2 | pe2)
topo_sock() { echo "$TOPO_DIR/$1.sock"; }
topo_conf() { echo "$TOPO_DIR/$1.conf"; }
topo_logfile() { echo "$TOPO_DIR/$1.log"; }

# Locate the two programs under the build directory.
topo_find_programs() {
	local build=${TPLSR_BUILD:-$TOPO_ROOT/build}
	if [ -z "${TPLSR_BIN:-}" ]; then
		TPLSR_BIN=$(find "$build" -type f -name tplsr -perm -u+x 2>/dev/null | head -n1)
	fi
	if [ -z "${TPLSR_CLI:-}" ]; then
		TPLSR_CLI=$(find "$build" -type f -name tplsr-cli -perm -u+x 2>/dev/null | head -n1)
	fi
	if [ -z "$TPLSR_BIN" ] || [ ! -x "$TPLSR_BIN" ]; then
		topo_log "tplsr not found under $build (build it first)"
		return 1
	fi
	if [ -z "$TPLSR_CLI" ] || [ ! -x "$TPLSR_CLI" ]; then
		topo_log "tplsr-cli not found under $build (build it first)"
		return 1
	fi
	export TPLSR_BIN TPLSR_CLI
}

# Can we create network namespaces here? (root + iproute2 + kernel support)
topo_available() {
	[ "$(id -u)" = 0 ] || { echo "not root"; return 1; }
	command -v ip >/dev/null 2>&1 || { echo "iproute2 (ip) missing"; return 1; }
	local t="tplsr-probe-$$"
	if ! ip netns add "$t" 2>/dev/null; then
		echo "cannot create network namespaces"
		return 1
	fi
	ip netns del "$t" 2>/dev/null
	return 0
}

# Quiet an interface: no ARP, no IPv6 (no ND/MLD/RS), fixed MAC, up.
topo_quiet_if() {
	local ns=$1 ifc=$2 mac=$3
	ip -n "$ns" link set dev "$ifc" address "$mac" arp off multicast off mtu 1500
	ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifc.disable_ipv6=1" 2>/dev/null || true
	ip -n "$ns" link set dev "$ifc" up
}

topo_new_ns() {
	local ns=$1
	ip netns add "$ns"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 2>/dev/null || true
	ip -n "$ns" link set dev lo up
}

# Namespaces and veth pairs (no processes).
topo_net_up() {
	local pe1 p pe2
	pe1=$(topo_ns pe1); p=$(topo_ns p); pe2=$(topo_ns pe2)
	mkdir -p "$TOPO_DIR"
	TOPO_UP=1
	TOPO_NODES="pe1 p pe2"
	topo_new_ns "$pe1" && topo_new_ns "$p" && topo_new_ns "$pe2" || return 1
	# Create each pair directly inside its namespaces: no name clashes in the
	# root namespace, nothing left there if we die half way.
	ip link add veth-p netns "$pe1" type veth peer name veth-pe1 netns "$p" || return 1
	ip link add veth-pe2 netns "$p" type veth peer name veth-p netns "$pe2" || return 1
	# A spare interface on P whose other end goes nowhere useful.
	ip link add veth-x netns "$p" type veth peer name veth-x-peer netns "$p" || return 1
	topo_quiet_if "$pe1" veth-p "$TOPO_MAC_PE1"
	topo_quiet_if "$p" veth-pe1 "$TOPO_MAC_P_IN"
	topo_quiet_if "$p" veth-pe2 "$TOPO_MAC_P_OUT"
	topo_quiet_if "$p" veth-x "$TOPO_MAC_P_SPARE"
	topo_quiet_if "$p" veth-x-peer "$TOPO_MAC_SPARE_PEER"
	topo_quiet_if "$pe2" veth-p "$TOPO_MAC_PE2"
}

# The four-node network's namespaces and veth pairs (no processes).
topo_net_up4() {
	local pe1 p1 p2 pe2
	pe1=$(topo_ns pe1); p1=$(topo_ns p1); p2=$(topo_ns p2); pe2=$(topo_ns pe2)
	mkdir -p "$TOPO_DIR"
	TOPO_UP=1
	TOPO_NODES="pe1 p1 p2 pe2"
	topo_new_ns "$pe1" && topo_new_ns "$p1" && topo_new_ns "$p2" && topo_new_ns "$pe2" ||
		return 1
	ip link add veth-p netns "$pe1" type veth peer name veth-pe1 netns "$p1" || return 1
	ip link add veth-p2 netns "$p1" type veth peer name veth-p1 netns "$p2" || return 1
	ip link add veth-pe2 netns "$p2" type veth peer name veth-p netns "$pe2" || return 1
	topo_quiet_if "$pe1" veth-p "$TOPO_MAC_PE1"
	topo_quiet_if "$p1" veth-pe1 "$TOPO_MAC_P1_IN"
	topo_quiet_if "$p1" veth-p2 "$TOPO_MAC_P1_OUT"
	topo_quiet_if "$p2" veth-p1 "$TOPO_MAC_P2_IN"
	topo_quiet_if "$p2" veth-pe2 "$TOPO_MAC_P2_OUT"
	topo_quiet_if "$pe2" veth-p "$TOPO_MAC_PE2"
}

topo_lsp_head() {
	cat <<EOF

lsp $TOPO_LSP
  source $TOPO_GLOBAL:$TOPO_NODE_PE1 tunnel 1
  destination $TOPO_GLOBAL:$TOPO_NODE_PE2 tunnel 1
  lsp-num 1
EOF
}

topo_node_head() {
	cat <<EOF
# tplsr $1 (generated by scripts/topology.sh)
node $TOPO_GLOBAL:$2
icc $TOPO_ICC cc $TOPO_CC
EOF
}

# Write the three configuration files (docs/CONTRACT.md §2).
# P gets two variants: p.conf (correct) and p-bad.conf (forward direction
# misprogrammed out of the spare interface 3 instead of 2).
topo_write_configs() {
	mkdir -p "$TOPO_DIR"
	{
		topo_node_head PE1 "$TOPO_NODE_PE1"
		echo "interface $TOPO_IF_PE1 port 0 mac $TOPO_MAC_PE1 peer $TOPO_MAC_P_IN"
		topo_lsp_head
		echo "  forward out $TOPO_IF_PE1 label 100"
		echo "  reverse in $TOPO_IF_PE1 label 101"
	} >"$(topo_conf pe1)"
	{
		topo_node_head P "$TOPO_NODE_P"
		echo "interface $TOPO_IF_P_IN port 0 mac $TOPO_MAC_P_IN peer $TOPO_MAC_PE1"
		echo "interface $TOPO_IF_P_OUT port 1 mac $TOPO_MAC_P_OUT peer $TOPO_MAC_PE2"
		topo_lsp_head
		echo "  forward in $TOPO_IF_P_IN label 100 out $TOPO_IF_P_OUT label 200"
		echo "  reverse in $TOPO_IF_P_OUT label 201 out $TOPO_IF_P_IN label 101"
	} >"$(topo_conf p)"
	{
		topo_node_head "P (misprogrammed: forward leaves by IF 3)" "$TOPO_NODE_P"
		echo "interface $TOPO_IF_P_IN port 0 mac $TOPO_MAC_P_IN peer $TOPO_MAC_PE1"
		echo "interface $TOPO_IF_P_OUT port 1 mac $TOPO_MAC_P_OUT peer $TOPO_MAC_PE2"
		echo "interface $TOPO_IF_P_SPARE port 2 mac $TOPO_MAC_P_SPARE peer $TOPO_MAC_SPARE_PEER"
		topo_lsp_head
		echo "  forward in $TOPO_IF_P_IN label 100 out $TOPO_IF_P_SPARE label 200"
		echo "  reverse in $TOPO_IF_P_OUT label 201 out $TOPO_IF_P_IN label 101"
	} >"$(topo_conf p-bad)"
	{
		topo_node_head PE2 "$TOPO_NODE_PE2"
		echo "interface $TOPO_IF_PE2 port 0 mac $TOPO_MAC_PE2 peer $TOPO_MAC_P_OUT"
		topo_lsp_head
		echo "  forward in $TOPO_IF_PE2 label 200"
		echo "  reverse out $TOPO_IF_PE2 label 201"
	} >"$(topo_conf pe2)"
}

# The four configuration files of the four-node network (p1.conf, p2.conf;
# pe1.conf and pe2.conf are rewritten with P1/P2 as their neighbours).
topo_write_configs4() {
	mkdir -p "$TOPO_DIR"
	{
		topo_node_head PE1 "$TOPO_NODE_PE1"
		echo "interface $TOPO_IF_PE1 port 0 mac $TOPO_MAC_PE1 peer $TOPO_MAC_P1_IN"
		topo_lsp_head
		echo "  forward out $TOPO_IF_PE1 label 100"
		echo "  reverse in $TOPO_IF_PE1 label 101"
	} >"$(topo_conf pe1)"
	{
		topo_node_head P1 "$TOPO_NODE_P1"
		echo "interface $TOPO_IF_P1_IN port 0 mac $TOPO_MAC_P1_IN peer $TOPO_MAC_PE1"
		echo "interface $TOPO_IF_P1_OUT port 1 mac $TOPO_MAC_P1_OUT peer $TOPO_MAC_P2_IN"
		topo_lsp_head
		echo "  forward in $TOPO_IF_P1_IN label 100 out $TOPO_IF_P1_OUT label 200"
		echo "  reverse in $TOPO_IF_P1_OUT label 201 out $TOPO_IF_P1_IN label 101"
	} >"$(topo_conf p1)"
	{
		topo_node_head P2 "$TOPO_NODE_P2"
		echo "interface $TOPO_IF_P2_IN port 0 mac $TOPO_MAC_P2_IN peer $TOPO_MAC_P1_OUT"
		echo "interface $TOPO_IF_P2_OUT port 1 mac $TOPO_MAC_P2_OUT peer $TOPO_MAC_PE2"
		topo_lsp_head
		echo "  forward in $TOPO_IF_P2_IN label 200 out $TOPO_IF_P2_OUT label 300"
		echo "  reverse in $TOPO_IF_P2_OUT label 301 out $TOPO_IF_P2_IN label 201"
	} >"$(topo_conf p2)"
	{
		topo_node_head PE2 "$TOPO_NODE_PE2"
		echo "interface $TOPO_IF_PE2 port 0 mac $TOPO_MAC_PE2 peer $TOPO_MAC_P2_OUT"
		topo_lsp_head
		echo "  forward in $TOPO_IF_PE2 label 300"
		echo "  reverse out $TOPO_IF_PE2 label 301"
	} >"$(topo_conf pe2)"
}

# topo_derive_conf BASE NEW SED_ARGS...: write config NEW from config BASE through
# sed (e.g. `topo_derive_conf p p-norev -e '/^  reverse /d'`); start it with
# `topo_restart p p-norev`.  NEW must be named BASE-<something> (see below).
topo_derive_conf() {
	local base=$1 new=$2
	shift 2
	sed "$@" "$(topo_conf "$base")" >"$(topo_conf "$new")"
}

# The veths of a node, in DPDK port order, by configuration name: a derived
# configuration NODE-<variant> has NODE's veths (p-bad has a third one).
topo_node_ifaces() {
	case $1 in
	pe1 | pe2 | pe1-* | pe2-*) echo veth-p ;;
	p-bad) echo veth-pe1 veth-pe2 veth-x ;;
	p | p-*) echo veth-pe1 veth-pe2 ;;
	p1 | p1-*) echo veth-pe1 veth-p2 ;;
	p2 | p2-*) echo veth-p1 veth-pe2 ;;
	esac
}

topo_node_lcores() {
	case $1 in
	pe1) echo "$TOPO_LCORES_PE1" ;;
	pe2) echo "$TOPO_LCORES_PE2" ;;
	*) echo "$TOPO_LCORES_P" ;;
	esac
}

# topo_start NODE [CONFNAME]: start tplsr for NODE (pe1|p|pe2) with the config
# CONFNAME (default NODE; e.g. `topo_start p p-bad`) and wait for its socket.
topo_start() {
	local node=$1 confname=${2:-$1} ns sock log i=0 vdevs=() ifc pid
	ns=$(topo_ns "$node"); sock=$(topo_sock "$node"); log=$(topo_logfile "$node")
	for ifc in $(topo_node_ifaces "$confname"); do
		vdevs+=("--vdev=net_af_packet$i,iface=$ifc,qpairs=1")
		i=$((i + 1))
	done
	rm -f "$sock"
	# shellcheck disable=SC2046 # the lcore option is two words on purpose
	ip netns exec "$ns" "$TPLSR_BIN" $(topo_node_lcores "$node") --no-huge -m "$TOPO_MEM" \
		--no-pci --file-prefix "$TOPO_ID-$node" --log-level=lib.eal:notice "${vdevs[@]}" \
		-- -c "$(topo_conf "$confname")" --ctl "$sock" >>"$log" 2>&1 </dev/null &
	pid=$!
	TOPO_PID[$node]=$pid
	topo_wait_ready "$node"
}

# Wait until the node's control socket answers `show interfaces`.
topo_wait_ready() {
	local node=$1 deadline pid=${TOPO_PID[$1]}
	deadline=$((SECONDS + TOPO_START_TIMEOUT))
	while [ $SECONDS -lt $deadline ]; do
		if ! kill -0 "$pid" 2>/dev/null; then
			topo_log "tplsr on $node (pid $pid) exited during start-up; its log:"
			sed 's/^/    /' "$(topo_logfile "$node")" >&2
			unset "TOPO_PID[$node]"
			return 1
		fi
		if [ -S "$(topo_sock "$node")" ] &&
			timeout 5 "$TPLSR_CLI" -s "$(topo_sock "$node")" show interfaces >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.2
	done
	topo_log "tplsr on $node did not answer on $(topo_sock "$node") within ${TOPO_START_TIMEOUT}s; its log:"
	sed 's/^/    /' "$(topo_logfile "$node")" >&2
	return 1
}

# topo_stop NODE: stop one node's tplsr (TERM, then KILL after 5 s).
topo_stop() {
	local node=$1 pid=${TOPO_PID[$1]:-} n=0
	[ -n "$pid" ] || return 0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		while kill -0 "$pid" 2>/dev/null && [ $n -lt 50 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		if kill -0 "$pid" 2>/dev/null; then
			topo_log "tplsr on $node (pid $pid) ignored SIGTERM; killing it"
			kill -KILL "$pid" 2>/dev/null
		fi
	fi
	wait "$pid" 2>/dev/null
	unset "TOPO_PID[$node]"
	rm -rf "/var/run/dpdk/$TOPO_ID-$node"
	rm -f "$(topo_sock "$node")"
}

# topo_restart NODE [CONFNAME]
topo_restart() {
	topo_stop "$1"
	topo_start "$@"
}

# topo_cli NODE ARGS...: run tplsr-cli against NODE's socket.
topo_cli() {
	local node=$1
	shift
	timeout 60 "$TPLSR_CLI" -s "$(topo_sock "$node")" "$@"
}

# Everything: namespaces, veths, configs, three daemons.
topo_up() {
	topo_find_programs || return 1
	topo_net_up || { topo_log "could not create the namespaces/veths"; return 1; }
	topo_write_configs
	topo_start pe1 && topo_start p && topo_start pe2
}

# The four-node network PE1 — P1 — P2 — PE2: namespaces, veths, configs, daemons.
# One network per TOPO_ID: tear a three-node one down before (topo_down).
topo_up4() {
	topo_find_programs || return 1
	topo_net_up4 || { topo_log "could not create the namespaces/veths"; return 1; }
	topo_write_configs4
	topo_start pe1 && topo_start p1 && topo_start p2 && topo_start pe2
}

# Tear down everything this shell created. Idempotent.
topo_down() {
	local node ns
	for node in "${!TOPO_PID[@]}"; do
		topo_stop "$node"
	done
	if [ "$TOPO_UP" = 1 ]; then
		for node in $TOPO_NODES; do
			ns=$(topo_ns "$node")
			ip netns pids "$ns" 2>/dev/null | while read -r pid; do
				kill -KILL "$pid" 2>/dev/null
			done
			ip netns del "$ns" 2>/dev/null
			rm -rf "/var/run/dpdk/$TOPO_ID-$node"
		done
		rm -rf "/var/run/dpdk/$TOPO_ID-p-bad"
		if [ "${TOPO_KEEP:-0}" != 1 ]; then
			rm -rf "$TOPO_DIR"
		else
			topo_log "logs kept in $TOPO_DIR"
		fi
		TOPO_UP=0
		TOPO_NODES="pe1 p pe2"
	fi
}

# Install the teardown on exit, Ctrl-C and TERM. A caller with its own EXIT
# trap should call topo_down from it instead.
topo_install_trap() {
	trap 'topo_down' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# Command mode.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -u
	case "${1:-}" in
	up | up4)
		# Stays in the foreground until Ctrl-C, then tears down.
		topo_install_trap
		if [ "$1" = up4 ]; then topo_up4 || exit 1; else topo_up || exit 1; fi
		echo "network $TOPO_ID is up; configs and sockets in $TOPO_DIR"
		for n in $TOPO_NODES; do
			echo "  $n: ip netns exec $(topo_ns $n) ...   $TPLSR_CLI -s $(topo_sock $n) show lsp"
		done
		echo "Ctrl-C tears it down."
		while :; do sleep 3600; done
		;;
	down)
		# Clean up what an `up` with id $2 left behind (e.g. after kill -9).
		[ -n "${2:-}" ] || { echo "usage: $0 down ID (e.g. tplsr-1234)" >&2; exit 2; }
		TOPO_ID=$2
		TOPO_DIR=/tmp/$TOPO_ID
		TOPO_NODES="pe1 p p1 p2 pe2"  # whichever of the two networks it was
		for n in $TOPO_NODES; do
			ns=$(topo_ns $n)
			for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid"; done
		done
		sleep 1
		TOPO_UP=1
		topo_down
		;;
	*)
		echo "usage: $0 up | up4 | down ID" >&2
		exit 2
		;;
	esac
fi
