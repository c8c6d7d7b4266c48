#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The embedded default (docs/CONTRACT.md §6): a three-node MPLS-TP network
# PE1 — P — PE2 of real tplsr processes (network namespaces, veth pairs, DPDK
# af_packet, no hugepages), one bidirectional LSP pe1-pe2, and from PE1:
#   ping P's in-MIP, P's out-MIP, PE2's MEP, a traceroute, a G.8113.1 loopback;
#   then an RFC 6435 data-plane loopback set on P and shown working;
# then everything is torn down (also on Ctrl-C or error).
#
# Run from anywhere as root: ./scripts/demo.sh
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

heading() {
	printf '\n=== %s ===\n' "$*"
}

die() {
	echo "demo: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "must run as root (network namespaces, af_packet)"

# --- 1. Dependencies -------------------------------------------------------
DEMO_PKGS="libdpdk-dev dpdk libpcap-dev check meson ninja-build pkg-config tshark python3-scapy iproute2"

fallback_install_deps() {
	local missing=() p
	for p in $DEMO_PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "demo: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"
}

heading "Dependencies"
if [ -f "$ROOT/scripts/deps.sh" ]; then
	# shellcheck source=/dev/null
	. "$ROOT/scripts/deps.sh"
	if declare -F deps_install >/dev/null; then
		deps_install || die "installing dependencies failed"
	elif declare -F install_deps >/dev/null; then
		install_deps || die "installing dependencies failed"
	else
		fallback_install_deps || die "installing dependencies failed"
	fi
else
	fallback_install_deps || die "installing dependencies failed"
fi
echo "ok"

# --- 2. Build --------------------------------------------------------------
heading "Build"
if [ ! -f build/build.ninja ]; then
	meson setup build || die "meson setup failed"
fi
ninja -C build || die "build failed"

# --- 3. Network ------------------------------------------------------------
# shellcheck source=scripts/topology.sh
. "$ROOT/scripts/topology.sh"
topo_install_trap

heading "Bringing up PE1 — P — PE2 (namespaces $TOPO_ID-{pe1,p,pe2})"
topo_up || die "could not bring the network up"
cat <<EOF
PE1  $TOPO_GLOBAL:$TOPO_NODE_PE1  IF $TOPO_IF_PE1 $TOPO_MAC_PE1
P    $TOPO_GLOBAL:$TOPO_NODE_P  IF $TOPO_IF_P_IN $TOPO_MAC_P_IN (toward PE1), IF $TOPO_IF_P_OUT $TOPO_MAC_P_OUT (toward PE2)
PE2  $TOPO_GLOBAL:$TOPO_NODE_PE2  IF $TOPO_IF_PE2 $TOPO_MAC_PE2
LSP  $TOPO_LSP: forward PE1 -100-> P -200-> PE2, reverse PE2 -201-> P -101-> PE1
EOF

echo
echo "PE1> show lsp"
topo_cli pe1 show lsp
echo "P> show lsp"
topo_cli p show lsp

# run NODE COMMAND...: print the prompt and the command, run it, keep going on
# failure (a failed ping is something to show, not a reason to stop).
run() {
	local node=$1
	shift
	echo "${node^^}> $*"
	topo_cli "$node" "$@"
	echo "(exit status $?)"
}

MIP_IN=$TOPO_GLOBAL:$TOPO_NODE_P:$TOPO_IF_P_IN
MIP_OUT=$TOPO_GLOBAL:$TOPO_NODE_P:$TOPO_IF_P_OUT

heading "Ping P's in-MIP ($MIP_IN) from PE1"
run pe1 ping mpls-tp lsp "$TOPO_LSP" mip "$MIP_IN"

heading "Ping P's out-MIP ($MIP_OUT) from PE1"
run pe1 ping mpls-tp lsp "$TOPO_LSP" mip "$MIP_OUT"

heading "Ping PE2's MEP from PE1"
run pe1 ping mpls-tp lsp "$TOPO_LSP" mep

heading "Traceroute from PE1"
run pe1 traceroute mpls-tp lsp "$TOPO_LSP"

heading "G.8113.1 loopback (LBM/LBR) from PE1 to P's out-MIP ($MIP_OUT)"
run pe1 ping mpls-tp lsp "$TOPO_LSP" mip "$MIP_OUT" g8113

heading "RFC 6435 data-plane loopback on P, interface $TOPO_IF_P_OUT"
for n in pe1 p pe2; do topo_cli "$n" clear counters >/dev/null; done
run p loopback lsp "$TOPO_LSP" interface "$TOPO_IF_P_OUT" on
echo "P> show lsp"
topo_cli p show lsp
echo
echo "-- OAM for MIPs at or before the loop point is still answered"
run pe1 ping mpls-tp lsp "$TOPO_LSP" mip "$MIP_IN" in ttl 1 count 3 timeout 1000
run pe1 ping mpls-tp lsp "$TOPO_LSP" mip "$MIP_OUT" out ttl 1 count 3 timeout 1000
echo
echo "-- A ping to PE2's MEP is looped back at P: PE2 receives nothing"
topo_cli pe1 clear counters >/dev/null
run pe1 ping mpls-tp lsp "$TOPO_LSP" mep count 5 timeout 500
p_json=$(topo_cli p show counters json)
pe1_json=$(topo_cli pe1 show counters json)
pe2_json=$(topo_cli pe2 show counters json)
/usr/bin/python3 - "$p_json" "$pe1_json" "$pe2_json" <<'EOF'
import json, sys
p, pe1, pe2 = (json.loads(a) for a in sys.argv[1:4])
lb = {k: v for k, v in p.get("oam", {}).items() if "loop" in k}
print("P:   forwarded %d, per interface %s, loopback counter %s"
      % (p["forwarded"], json.dumps(p["interfaces"]), json.dumps(lb) if lb else "(none)"))
drops = {k: v for k, v in pe1["drops"].items() if v}
print("PE1: rx %d: its own requests came back over the reverse direction (drops %s)"
      % (pe1["rx"], json.dumps(drops)))
print("PE2: rx %d (nothing crosses the loop)" % pe2["rx"])
EOF
run p loopback lsp "$TOPO_LSP" interface "$TOPO_IF_P_OUT" off
echo
echo "-- Loop removed: PE2's MEP answers again"
run pe1 ping mpls-tp lsp "$TOPO_LSP" mep count 3

heading "P> show counters"
topo_cli p show counters

heading "Tearing down"
topo_down
trap - EXIT
left=$(pgrep -f -- "--file-prefix $TOPO_ID-" || true)
if [ -n "$left" ]; then
	echo "demo: tplsr processes still running: $left" >&2
	exit 1
fi
for n in pe1 p pe2; do
	if ip netns list | grep -q "^$TOPO_ID-$n\b"; then
		echo "demo: namespace $TOPO_ID-$n still exists" >&2
		exit 1
	fi
done
echo "all tplsr processes stopped, namespaces removed"
