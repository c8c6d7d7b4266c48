# SPDX-License-Identifier: BSD-3-Clause
"""Layer-2 pcap scenarios: VLAN sub-interfaces (docs/PORTS.md "VLAN
sub-interfaces") and reserved labels on top of the stack
(docs/RESERVED-LABELS.md), through `tplsr replay`.

Imported by scenarios.all_scenarios(); the @scenario functions register
themselves.  The shared harness checks every transmitted frame with tshark (no
malformed frame, no expert error), the counters and the events; the
expectations here compare each transmitted frame byte for byte with the frame
the node must send (tag pushed, rewritten or popped; explicit null popped),
and tshark's decode of its tag and labels.

VLAN topology (this node P):

    port 0: IF 10 untagged, IF 11 VLAN 100      port 1: IF 21 VLAN 200 only
    port 2: IF 30 untagged only
    LSP t: forward in 11 label 100 -> out 21 label 200   (VLAN 100 -> VLAN 200)
           reverse in 21 label 201 -> out 11 label 101
    LSP u: forward in 10 label 110 -> out 11 label 111   (untagged -> VLAN 100, one port)
           reverse in 11 label 112 -> out 30 label 113   (VLAN 100 -> untagged)
"""

import struct

from scapy.compat import raw
from scapy.layers.l2 import Dot1Q, Ether
from scapy.packet import Raw

import lsrpkt as pk
from harness import (GID, PE1, PE3, Drop, Expectation, OamDrop, Topo, check_eth_out, eq,
                     our_mac, peer_mac)
from scenarios import data, echo, new, scenario

TPID = 0x8100
QINQ = 0x88A8
ETH_IPV4 = 0x0800


class VlanTopo(Topo):
    """A Topo whose interfaces are (if_num, port, vlan or None): several per port."""

    def __init__(self, ports, **kw):
        self.ports = list(ports)
        super().__init__(ifs=[i for i, _, _ in self.ports], **kw)

    def text(self):
        base = super().text().split("\n")
        out = [ln for ln in base if not ln.startswith("interface ")]
        at = out.index("") + 1
        lines = []
        for i, port, vlan in self.ports:
            line = "interface %d port %d mac %s peer %s" % (i, port, our_mac(i), peer_mac(i))
            if vlan is not None:
                line += " vlan %d" % vlan
            lines.append(line)
        return "\n".join(out[:at] + lines + out[at:])


def frame(if_num, entries, vid=None, payload=None, ethertype=pk.ETH_MPLS, tpid=TPID,
          dst=None):
    """A frame from if_num's peer to us (or dst): an 802.1Q tag (PCP 3) when vid is
    given, then the label stack entries [(label, ttl[, tc[, s]])] and an IPv4 payload."""
    eth = Ether(dst=dst or our_mac(if_num), src=peer_mac(if_num),
                type=tpid if vid is not None else ethertype)
    if vid is not None:
        eth = eth / Dot1Q(prio=3, vlan=vid, type=ethertype)
    body = payload if payload is not None else pk.ip_payload(b"l2", 20)
    return raw(eth / pk.stack(entries) / Raw(body))


def l2_header(if_num, vid):
    """What the node writes in front of the label stack on if_num (docs/PORTS.md)."""
    h = bytes.fromhex(peer_mac(if_num).replace(":", "") + our_mac(if_num).replace(":", ""))
    if vid is not None:
        h += struct.pack("!HH", TPID, vid)     # PCP 0, DEI 0
    return h + struct.pack("!H", pk.ETH_MPLS)


def split(f):
    """-> (header length, [(label, tc, s, ttl)], offset after the stack) of an input."""
    hl = 18 if struct.unpack_from("!H", f, 12)[0] == TPID else 14
    lses, off = pk.parse_stack(f[hl - 14:])
    return hl, lses, off + hl - 14


class L2Fwd(Expectation):
    """Label-switched out of out_if (VLAN out_vid, None: untagged) with label;
    pops: explicit nulls popped first (their TTLs count: the smallest governs)."""
    fate = "forwarded"

    def __init__(self, out_if, label, out_vid=None, pops=0):
        self.out_if, self.label, self.out_vid, self.pops = out_if, label, out_vid, pops

    def outputs(self):
        return {self.out_if: 1}

    def want(self, f):
        hl, lses, _ = split(f.data)
        ttl = min(e[3] for e in lses[:self.pops + 1]) - 1
        _, tc, s, _ = lses[self.pops]
        top = struct.pack("!I", self.label << 12 | tc << 9 | s << 8 | ttl)
        rest = f.data[hl + 4 * (self.pops + 1):]
        return l2_header(self.out_if, self.out_vid) + top + rest, ttl

    def check_outputs(self, f, run):
        o = f.outs[self.out_if][0]
        w = o.where()
        want, ttl = self.want(f)
        check_eth_out(o, None)
        d = o.dec
        eq("%s 802.1Q tag (tshark)" % w, "vlan" in d.all("frame.protocols")[0].split(":"),
           self.out_vid is not None)
        eq("%s top label (tshark)" % w, d.ints("mpls.label")[0], self.label)
        eq("%s top TTL (tshark)" % w, d.ints("mpls.ttl")[0], ttl)
        eq("%s bytes" % w, o.data.hex(), want.hex())


# ================================================================== VLAN sub-interfaces

def vlan_topo():
    return VlanTopo([(10, 0, None), (11, 0, 100), (21, 1, 200), (30, 2, None)], lsps=[
        lsp("t", 1, "in 11 label 100 out 21 label 200", "in 21 label 201 out 11 label 101"),
        lsp("u", 2, "in 10 label 110 out 11 label 111", "in 11 label 112 out 30 label 113")])


def lsp(name, tunnel, forward, reverse):
    return ["lsp %s" % name,
            "  source %d:%s tunnel %d" % (GID, PE1, tunnel),
            "  destination %d:%s tunnel %d" % (GID, PE3, tunnel),
            "  lsp-num 1",
            "  forward " + forward,
            "  reverse " + reverse]


@scenario
def vlan_forward():
    """VLAN sub-interfaces: tagged in, tagged out with the other VLAN ID; untagged in,
    tagged out and back; a priority tag is untagged; an explicit null popped on a VLAN."""
    s = new("vlan_forward", vlan_forward.__doc__, vlan_topo())
    s.rx(11, frame(11, [(100, 64, 5), (555, 9, 2)], vid=100), L2Fwd(21, 200, 200),
         note="VLAN 100 -> VLAN 200, inner label kept")
    s.rx(21, frame(21, [(201, 30, 1)], vid=200), L2Fwd(11, 101, 100), note="VLAN 200 -> 100")
    s.rx(10, frame(10, [(110, 64)]), L2Fwd(11, 111, 100),
         note="untagged -> VLAN 100 of the same port")
    s.rx(11, frame(11, [(112, 2, 7)], vid=100), L2Fwd(30, 113), note="VLAN 100 -> untagged")
    s.rx(10, frame(10, [(110, 64)], vid=0), L2Fwd(11, 111, 100),
         note="priority-tagged (VLAN 0): the untagged interface's")
    s.rx(11, frame(11, [(0, 20), (100, 64)], vid=100), L2Fwd(21, 200, 200, pops=1),
         note="explicit null on VLAN 100: popped, TTL 20 governs")
    s.rx(11, frame(11, [(100, 255)], vid=100, payload=bytes(range(256)) * 5),
         L2Fwd(21, 200, 200), note="1280-byte payload")
    return s


@scenario
def vlan_drops():
    """Frames no interface takes, by name: unknown VLAN, untagged on a port of tagged
    interfaces only, a tag on a port without tagged interfaces, QinQ; and the
    sub-interface's own MAC and label space."""
    s = new("vlan_drops", vlan_drops.__doc__, vlan_topo())
    # Frames no interface takes count on the port's first (untagged) interface.
    s.rx(10, frame(10, [(100, 64)], vid=999), Drop("unknown-vlan"), note="VLAN 999 on port 0")
    s.rx(10, frame(10, [(201, 64)], vid=200), Drop("unknown-vlan"),
         note="VLAN 200 is port 1's")
    s.rx(21, frame(21, [(201, 64)]), Drop("unknown-vlan"),
         note="untagged on port 1 (VLAN 200 only)")
    s.rx(21, frame(21, [(201, 64)], vid=0), Drop("unknown-vlan"),
         note="priority-tagged on port 1 (no untagged interface)")
    s.rx(30, frame(30, [(113, 64)], vid=100), Drop("unknown-vlan"),
         note="a tag on port 2 (untagged only)")
    s.rx(10, frame(10, [(100, 64)], vid=100, tpid=QINQ), Drop("not-mpls"),
         note="QinQ outer tag 0x88a8")
    s.rx(11, frame(11, [(100, 64)], vid=100, ethertype=ETH_IPV4), Drop("not-mpls"),
         note="IPv4 on VLAN 100")
    s.rx(11, frame(11, [(100, 64)], vid=100, dst=our_mac(10)), Drop("foreign-mac"),
         note="VLAN 100 frame to the untagged interface's MAC")
    s.rx(11, frame(11, [(110, 64)], vid=100), Drop("no-label"),
         note="label 110 is IF 10's, not IF 11's")
    s.rx(10, frame(10, [(100, 64)]), Drop("no-label"), note="label 100 is IF 11's")
    s.rx(11, frame(11, [(2, 64)], vid=100), Drop("explicit-null-ip"),
         note="explicit null at the bottom, on VLAN 100")
    return s


# ================================================================== reserved labels

@scenario
def reserved_labels():
    """Reserved labels on top (docs/RESERVED-LABELS.md): explicit nulls popped and the
    next entry switched with the smallest TTL; at the bottom explicit-null-ip; a GAL
    on top without S bad-stack; the other reserved labels no-label."""
    s = new("reserved_labels", reserved_labels.__doc__, Topo())
    s.rx(10, data(10, 0, 64, tc=3, inner=[(100, 40, 3), (555, 9)]), L2Fwd(20, 200, pops=1),
         note="IPv4 explicit null (TTL 64) over label 100 (TTL 40)")
    s.rx(10, data(10, 2, 7, inner=[(100, 64)]), L2Fwd(20, 200, pops=1),
         note="IPv6 explicit null (TTL 7) over label 100 (TTL 64)")
    s.rx(20, data(20, 0, 50, inner=[(2, 40), (201, 64)]), L2Fwd(10, 101, pops=2),
         note="two explicit nulls over label 201")
    s.rx(10, data(10, 0, 64), Drop("explicit-null-ip"), note="IPv4 explicit null, S=1")
    s.rx(10, data(10, 2, 64), Drop("explicit-null-ip"), note="IPv6 explicit null, S=1")
    s.rx(10, data(10, 0, 1, inner=[(100, 64)]), Drop("ttl-expired"),
         note="explicit null TTL 1 over label 100: expires")
    s.rx(10, data(10, 0, 64, inner=[(999, 64)]), Drop("no-label"),
         note="explicit null over a label without entry")
    s.rx(10, data(10, 0, 64, inner=[(0, 64)] * 15 + [(100, 64)]), Drop("bad-stack"),
         note="17 entries: deeper than the 16 walked")
    s.rx(10, data(10, pk.GAL, 1, inner=[(100, 64)]), Drop("bad-stack"),
         note="GAL on top, not at the bottom (RFC 5586 §4)")
    for label in (3, 7, 14, 15):
        s.rx(10, data(10, label, 64, inner=[(100, 64)]), Drop("no-label"),
             note="reserved label %d on top" % label)
    return s


def link(if_num, entries, channel, msg, vid=None, ach_byte=None):
    """A frame whose stack is entries (a reserved label on top), then an ACH of channel
    (first byte ach_byte when given) and msg: the link punts of docs/RESERVED-LABELS.md."""
    a = pk.ach(channel)
    if ach_byte is not None:
        a = bytes([ach_byte]) + a[1:]
    return frame(if_num, entries, vid=vid, payload=a + msg)


BFD = bytes([0x20, 0x40, 3, 24]) + bytes(20)     # a BFD control packet: no MIP or MEP here answers


@scenario
def reserved_link_punts():
    """Router alert and section GAL on top are punted to OAM, through the policer, on
    the arrival interface (a VLAN sub-interface too): what OAM does not answer is
    dropped by name (router-alert, unsupported-channel, malformed)."""
    s = new("reserved_link_punts", reserved_link_punts.__doc__, vlan_topo())
    s.rx(10, frame(10, [(1, 1), (110, 64)]), Drop("router-alert"),
         note="router alert over a label: nothing OAM answers")
    s.rx(10, frame(10, [(1, 1)]), Drop("router-alert"), note="router alert alone (S=1)")
    s.rx(11, frame(11, [(1, 1), (pk.GAL, 1)], vid=100), Drop("router-alert"),
         note="router alert | GAL without an ACH, on VLAN 100")
    s.rx(11, link(11, [(pk.GAL, 1)], pk.CH_BFD_CC, BFD, vid=100),
         OamDrop("unsupported-channel", pk.CH_BFD_CC), note="section BFD on VLAN 100")
    s.rx(10, link(10, [(pk.GAL, 1)], pk.CH_LSP_PING, echo(), ach_byte=0x11),
         OamDrop("malformed"), note="section G-ACh with a bad ACH version")
    s.rx(10, link(10, [(0, 64), (pk.GAL, 1)], pk.CH_BFD_CC, BFD),
         OamDrop("unsupported-channel", pk.CH_BFD_CC),
         note="explicit null popped, then a section GAL")
    s.rx(10, link(10, [(1, 1), (pk.GAL, 1)], pk.CH_BFD_CC, BFD),
         OamDrop("unsupported-channel", pk.CH_BFD_CC), note="router alert | GAL | BFD")
    return s


@scenario
def reserved_link_policed():
    """A flood of router-alert frames is policed like every punt (oam-policer rate 10
    burst 4, at one instant): 4 reach OAM (router-alert), the rest are policed."""
    topo = vlan_topo()
    topo.policer = "rate 10 burst 4"
    s = new("reserved_link_policed", reserved_link_policed.__doc__, topo)
    t = s._next_t
    for k in range(10):
        s.rx(10, frame(10, [(1, 1), (110, 64)]),
             Drop("router-alert") if k < 4 else Drop("policed"), t_us=t,
             note="router alert %d of 10" % (k + 1))
    return s
