#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Tier (d) e2e: VLAN sub-interfaces (docs/PORTS.md "VLAN sub-interfaces") on
# three tplsr nodes in network namespaces, af_packet ports on veth pairs:
#
#   [PE1] veth-p ========= veth-pe1 [P] veth-pe2 --------- veth-p [PE2]
#     IF 1 VLAN 100            IF 1 VLAN 100  IF 2 VLAN 200     IF 1 VLAN 200
#     IF 3 untagged            IF 3 untagged
#
# On PE1 and P, a tagged and an untagged interface share one port.  LSP
# pe1-pe2 runs on the VLAN links (100/200 forward, 201/101 back), LSP plain
# enters P untagged on the shared port and leaves on VLAN 200 (110/210,
# 211/111).  Checks: pings to P's in-MIP and out-MIP across the VLAN links and
# to PE2's MEP on both LSPs; data frames injected on VLAN 100 switched onto
# VLAN 200 (captured on the wire, decoded by tshark) and delivered at PE2;
# frames of an unknown VLAN and untagged frames of the VLAN's labels dropped by
# name; and echo requests in a section G-ACh and under a router alert on VLAN
# 100 answered by P, tagged, in their form.
#
#   tests/e2e/run_vlan.sh [BUILD_DIR]
#
# Exit 0 when all checks pass, 1 otherwise, 77 (skip) without root or netns.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TPLSR_BUILD=${1:-$ROOT/build}
export TOPO_ID=${TOPO_ID:-tplsr-vlan-$$}
# shellcheck source=tests/e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh"
e2e_begin "vlan"

G=$TOPO_GLOBAL
P_ID=$G:$TOPO_NODE_P
M_PE1=$TOPO_MAC_PE1
M_P_IN=$TOPO_MAC_P_IN
M_P_OUT=$TOPO_MAC_P_OUT
M_PE2=$TOPO_MAC_PE2
FAST=(count 3 timeout 1000)

# vlan_lsp NAME TUNNEL: an lsp block's header.
vlan_lsp() {
	printf '\nlsp %s\n  source %s:%s tunnel %s\n  destination %s:%s tunnel %s\n  lsp-num 1\n' \
		"$1" "$G" "$TOPO_NODE_PE1" "$2" "$G" "$TOPO_NODE_PE2" "$2"
}

vlan_configs() {
	mkdir -p "$TOPO_DIR"
	{
		topo_node_head PE1 "$TOPO_NODE_PE1"
		echo "interface 1 port 0 vlan 100 mac $M_PE1 peer $M_P_IN"
		echo "interface 3 port 0 mac $M_PE1 peer $M_P_IN"
		vlan_lsp pe1-pe2 1
		echo "  forward out 1 label 100"
		echo "  reverse in 1 label 101"
		vlan_lsp plain 2
		echo "  forward out 3 label 110"
		echo "  reverse in 3 label 111"
	} >"$(topo_conf pe1)"
	{
		topo_node_head P "$TOPO_NODE_P"
		echo "interface 1 port 0 vlan 100 mac $M_P_IN peer $M_PE1"
		echo "interface 2 port 1 vlan 200 mac $M_P_OUT peer $M_PE2"
		echo "interface 3 port 0 mac $M_P_IN peer $M_PE1"
		vlan_lsp pe1-pe2 1
		echo "  forward in 1 label 100 out 2 label 200"
		echo "  reverse in 2 label 201 out 1 label 101"
		vlan_lsp plain 2
		echo "  forward in 3 label 110 out 2 label 210"
		echo "  reverse in 2 label 211 out 3 label 111"
	} >"$(topo_conf p)"
	{
		topo_node_head PE2 "$TOPO_NODE_PE2"
		echo "interface 1 port 0 vlan 200 mac $M_PE2 peer $M_P_OUT"
		vlan_lsp pe1-pe2 1
		echo "  forward in 1 label 200"
		echo "  reverse out 1 label 201"
		vlan_lsp plain 2
		echo "  forward in 1 label 210"
		echo "  reverse out 1 label 211"
	} >"$(topo_conf pe2)"
}

# The namespaces and veths of scripts/topology.sh (same names and MACs), the
# configurations above, and the three daemons on their veths.
vlan_up() {
	rm -rf "$TOPO_DIR"	# the start-up log is read below: none of an earlier run
	topo_net_up || return 1
	vlan_configs
	topo_start pe1 && topo_start p && topo_start pe2
}

# inject COUNT VID LABEL: COUNT frames from PE1's side of the PE1-P link to P's
# MAC, 802.1Q-tagged with VID (none when VID is -), one label, TTL 64, an IPv4 payload.
inject() {
	ip netns exec "$(topo_ns pe1)" "$PY" - "$1" "$2" "$3" "$M_PE1" "$M_P_IN" <<'EOF'
import sys
from scapy.contrib.mpls import MPLS
from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Dot1Q, Ether
from scapy.sendrecv import sendp
n, vid, label, src, dst = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
eth = Ether(src=src, dst=dst)
eth = eth / Dot1Q(vlan=int(vid), type=0x8847) if vid != "-" else Ether(src=src, dst=dst, type=0x8847)
pkt = eth / MPLS(label=label, s=1, ttl=64) / IP(src="198.51.100.1", dst="198.51.100.3") / UDP(dport=7)
sendp([pkt] * n, iface="veth-p", verbose=False)
EOF
}

# inject_link FORM VID HANDLE: an LSP Ping echo request (Static LSP FEC, Source ID
# PE1, Destination ID P) to P's MAC on VLAN VID in a section G-ACh (FORM section:
# GAL | ACH) or under a router alert (FORM ra: label 1 | GAL | ACH).
inject_link() {
	ip netns exec "$(topo_ns pe1)" "$PY" - "$ROOT/tests/pcap" "$@" "$M_PE1" "$M_P_IN" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
from scapy.layers.l2 import Dot1Q, Ether
from scapy.packet import Raw
from scapy.sendrecv import sendp
import lsrpkt as pk
form, vid, handle, src, dst = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
tlvs = (pk.fec_static_lsp(65000, "192.0.2.1", 1, 1, 65000, "192.0.2.3", 1) +
        pk.node_id_tlv(pk.TLV_SRC_ID, 65000, "192.0.2.1") +
        pk.node_id_tlv(pk.TLV_DST_ID, 65000, "192.0.2.2"))
msg = pk.echo_request(handle, 1, (1700000000, 0), tlvs)
entries = ([(1, 1)] if form == "ra" else []) + [(pk.GAL, 1)]
pkt = (Ether(src=src, dst=dst) / Dot1Q(vlan=vid, type=0x8847) / pk.stack(entries) /
       Raw(pk.ach(pk.CH_LSP_PING) + msg))
sendp(pkt, iface="veth-p", verbose=False)
EOF
}

# counter NODE EXPR: a value of NODE's `show counters json` (d is the object).
counter() {
	jget "$(topo_cli "$1" show counters json)" "$2"
}

echo "# vlan: network $TOPO_ID, tplsr=$TPLSR_BIN"
if ! vlan_up; then
	fail "three nodes on VLAN sub-interfaces come up" "see the logs above"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
pass "three nodes on VLAN sub-interfaces come up (a tagged and an untagged interface share a port)"

out=$(topo_cli p show interfaces json)
jcheck "P show interfaces: IF 1, 2, 3, links up" "$out" \
	"sorted(i['if_num'] for i in d['interfaces']) == [1, 2, 3]" \
	"all(i['link'] == 'up' for i in d['interfaces'])" \
	"{i['if_num']: i['vlan'] for i in d['interfaces']} == {1: 100, 2: 200, 3: None}"
out=$(topo_cli p show interfaces)
matches "P show interfaces (text): a VLAN column, '-' for the untagged interface" \
	"$(echo "$out" | awk '$1 == "IF_Num" {print $3} $1 == 1 || $1 == 3 {print $3}' | tr '\n' ' ')" \
	"VLAN 100 - "
matches "P set up port 0 once for IF 3 and its VLAN sub-interface" \
	"$(grep -c 'port 0 (net_af_packet) for interface 3 and its VLAN sub-interfaces' \
		"$(topo_logfile p)")" "1"

# --- OAM across the VLAN links ----------------------------------------------
out=$(topo_cli pe1 ping mpls-tp lsp pe1-pe2 mip "$P_ID:1" "${FAST[@]}" json)
jcheck "in-MIP $P_ID:1 (VLAN 100) answers" "$out" \
	"d['error'] is None and d['target']['side'] == 'in' and d['success'] == 3" \
	"all(p['rc'] == 8 and p['responder'] == '$P_ID' and p['ingress_if'] == 1 for p in d['probes'])"
out=$(topo_cli pe1 ping mpls-tp lsp pe1-pe2 mip "$P_ID:2" "${FAST[@]}" json)
jcheck "out-MIP $P_ID:2 (VLAN 200) answers, label 200" "$out" \
	"d['error'] is None and d['target']['side'] == 'out' and d['success'] == 3" \
	"all(p['egress_if'] == 2 and p['label'] == 200 for p in d['probes'])"
out=$(topo_cli pe1 ping mpls-tp lsp pe1-pe2 mep "${FAST[@]}" json)
jcheck "PE2's MEP answers on pe1-pe2 (VLAN 100 -> VLAN 200 and back)" "$out" \
	"d['error'] is None and d['success'] == 3"
out=$(topo_cli pe1 ping mpls-tp lsp plain mip "$P_ID:3" "${FAST[@]}" json)
jcheck "in-MIP $P_ID:3 (untagged, on the port of VLAN 100) answers" "$out" \
	"d['error'] is None and d['success'] == 3" \
	"all(p['ingress_if'] == 3 for p in d['probes'])"
out=$(topo_cli pe1 ping mpls-tp lsp plain mep "${FAST[@]}" json)
jcheck "PE2's MEP answers on plain (untagged -> VLAN 200 and back)" "$out" \
	"d['error'] is None and d['success'] == 3"
out=$(topo_cli pe1 traceroute mpls-tp lsp pe1-pe2 json)
jcheck "traceroute pe1-pe2: P (in 1, out 2, label 200), then PE2" "$out" \
	"len(d['hops']) == 2" \
	"d['hops'][0]['in_if'] == 1 and d['hops'][0]['out_if'] == 2" \
	"d['hops'][0]['label'] == 200"

# --- data: VLAN 100 in, VLAN 200 out, on the wire ----------------------------
# Captured where PE2 receives: af_packet sends past the kernel's taps (qdisc bypass).
cap=$TOPO_DIR/pe2-veth-p.pcap
fwd0=$(counter p "d['forwarded']"); con0=$(counter pe2 "d['consumed']")
rx1=$(counter p "d['interfaces']['1']['rx']"); tx2=$(counter p "d['interfaces']['2']['tx']")
ip netns exec "$(topo_ns pe2)" timeout 30 dumpcap -q -i veth-p -a duration:10 -w "$cap" \
	-f "ether src $M_P_OUT" >"$TOPO_DIR/dumpcap.log" 2>&1 &
dumpcap_pid=$!
for _ in $(seq 50); do		# capturing once the file has its header
	[ -s "$cap" ] && break
	sleep 0.2
done
sleep 0.5
inject 20 100 100
wait "$dumpcap_pid"
fwd=$(( $(counter p "d['forwarded']") - fwd0 ))
con=$(( $(counter pe2 "d['consumed']") - con0 ))
matches "P forwarded the 20 VLAN 100 frames" "$fwd" "20"
matches "PE2 took the 20 frames on VLAN 200 (consumed at its sink MEP)" "$con" "20"
matches "P counted them on IF 1 (rx) and IF 2 (tx)" \
	"$(( $(counter p "d['interfaces']['1']['rx']") - rx1 )) $(( $(counter p "d['interfaces']['2']['tx']") - tx2 ))" \
	"20 20"
wire=$(tshark -n -r "$cap" -Y "mpls.label == 200" -T fields -e vlan.id -e vlan.priority \
	-e mpls.label -e mpls.ttl -e _ws.malformed -e _ws.expert.severity 2>/dev/null | sort | uniq -c)
matches "on the wire P -> PE2: 20 frames VLAN 200, PCP 0, label 200, TTL 63, decoded clean" \
	"$(echo "$wire" | sed 's/^ *//; s/[[:space:]]*$//')" "20 200	0	200	63"

# --- drops by name -------------------------------------------------------------
uv0=$(counter p "d['drops']['unknown-vlan']"); nl0=$(counter p "d['drops']['no-label']")
inject 5 300 100
inject 4 - 100
sleep 1
matches "VLAN 300 (no interface on P's port 0): 5 dropped unknown-vlan" \
	"$(( $(counter p "d['drops']['unknown-vlan']") - uv0 ))" "5"
matches "untagged label 100 (VLAN 100's label, not IF 3's): 4 dropped no-label" \
	"$(( $(counter p "d['drops']['no-label']") - nl0 ))" "4"
out=$(topo_cli p show counters json)
jcheck "P's counters balance" "$out" \
	"d['rx'] == d['forwarded'] + d['consumed'] + d['dropped']" \
	"d['rx'] == sum(i['rx'] for i in d['interfaces'].values())"

# --- link punts on a VLAN: answered by P as the link's end, tagged ----------------
# docs/RESERVED-LABELS.md, docs/OAM-RULES.md §2.7: the reply leaves by the arrival
# interface (IF 1, VLAN 100) in the request's form, TTL 1.
cap=$TOPO_DIR/pe1-veth-p.pcap
ip netns exec "$(topo_ns pe1)" timeout 30 dumpcap -q -i veth-p -a duration:8 -w "$cap" \
	-f "ether src $M_P_IN" >"$TOPO_DIR/dumpcap-pe1.log" 2>&1 &
dumpcap_pid=$!
for _ in $(seq 50); do
	[ -s "$cap" ] && break
	sleep 0.2
done
sleep 0.5
inject_link section 100 4660
inject_link ra 100 4661
wait "$dumpcap_pid"
wire=$(tshark -n -r "$cap" -Y "mpls_echo.msg_type == 2" -T fields -e vlan.id -e mpls.label \
	-e mpls.ttl -e pwach.channel_type -e mpls_echo.return_code -e mpls_echo.sender_handle \
	-e _ws.malformed 2>/dev/null | sort)
while read -r line; do echo "# reply: $line"; done <<<"$wire"
matches "section echo request on VLAN 100: P's reply on VLAN 100, GAL TTL 1, RC 3" \
	"$(echo "$wire" | grep -c "^100	13	1	0x0025	3	0x00001234	$")" "1"
matches "router alert + GAL echo request on VLAN 100: reply label 1 | GAL, TTL 1, RC 3" \
	"$(echo "$wire" | grep -c "^100	1,13	1,1	0x0025	3	0x00001235	$")" "1"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
