#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seed corpora for the libFuzzer targets in tests/fuzz.

    /usr/bin/python3 tests/fuzz/make_corpus.py [OUT_DIR]   (default: tests/fuzz/corpus)

frame/: one valid frame per feature of fuzz_frame.c's configuration, as the
fuzzer reads it: byte 0 = arrival interface slot (0 = IF 1, 1 = IF 2, ...),
then the Ethernet frame.  Data swap, P2MP, loopback, sink MEP, CV echo
requests to the in-MIP and the out-MIP with a DDMAP (RFC 6426 §2.1.1),
G.8113.1 LBM with each Target MEP/MIP ID subtype, BFD CC, PW ACH, LSP Ping in
the IP form (ACH 0x0021 / 0x0057, RFC 6426 §2; good, bad checksum, bad
destination, IPv6 on the IPv4 channel), reply modes 1 and 2, and the drops
(not-mpls, bad-stack, ttl-expired, misdirected, ...).
config/: configurations in the syntax of docs/CONTRACT.md §2.

Standard library only (struct): the layouts are spec/docs/WIRE-FORMAT.md's.  Each file is
named after what it holds; the output is deterministic.
"""

import os
import struct
import sys

ETH_MPLS, ETH_MPLS_MC, ETH_IPV4, ETH_ARP = 0x8847, 0x8848, 0x0800, 0x0806
GAL = 13
CH_BFD_CC, CH_BFD_CV, CH_LSP_PING, CH_LI, CH_G8113, CH_DM = 0x22, 0x23, 0x25, 0x26, 0x8902, 0x0C
CH_IPV4, CH_IPV6 = 0x21, 0x57           # LSP Ping's IP form [RFC 6426 §2]
LSPPING_PORT = 3503
ECHO_REQUEST, ECHO_REPLY, REPLY_MODE_ACH = 1, 2, 4
FLAG_T = 0x0002
TLV_FEC, TLV_SRC_ID, TLV_DST_ID, TLV_DDMAP = 1, 13, 14, 20
SUB_STATIC_LSP, SUB_LABEL_STACK = 22, 2
DDMAP_NON_IP, DS_N, DS_I = 5, 0x01, 0x02
OP_LBR, OP_LBM = 2, 3
TLV_END, TLV_TARGET, TLV_REPLYING, TLV_REQUESTING, TLV_TEST = 0, 33, 34, 35, 32
SUB_INGRESS, SUB_EGRESS, SUB_MEP, SUB_MIP = 0, 1, 2, 3

GID = 65000
US = 0xC0000202      # 192.0.2.2, the node of fuzz_frame.c
PE1 = 0xC0000201
PE3 = 0xC0000203
# Slot i (IF i + 1): our MAC 02:00:00:00:02:0(i+1); the peers of fuzz_frame.c.
OUR_MAC = [bytes([2, 0, 0, 0, 2, i + 1]) for i in range(4)]
PEER_MAC = [bytes.fromhex(h) for h in ("020000000102", "020000000301",
                                       "020000000401", "020000000501")]


def eth(slot, ethertype=ETH_MPLS):
    return OUR_MAC[slot] + PEER_MAC[slot] + struct.pack("!H", ethertype)


def lse(label, ttl, s, tc=0):
    return struct.pack("!I", (label << 12) | (tc << 9) | (s << 8) | ttl)


def stack(entries):
    """[(label, ttl)], top first; S on the last."""
    return b"".join(lse(l, t, i == len(entries) - 1) for i, (l, t) in enumerate(entries))


def ach(channel):
    return struct.pack("!BBH", 0x10, 0, channel)


def gach(slot, label, ttl, channel, msg, gal=True, ethertype=ETH_MPLS):
    """label | GAL | ACH | msg (RFC 5586 §4.2.1.1), or label(S=1) | ACH | msg (PW ACH)."""
    entries = [(label, ttl)] + ([(GAL, 1)] if gal else [])
    return eth(slot, ethertype) + stack(entries) + ach(channel) + msg


IP_PAYLOAD = bytes.fromhex("4500002e000000004011f7f0c6336401c6336403"
                           "9c400007001a0000") + b"tplsr-fuzz-seed:" + bytes(2)

# ------------------------------------------------------------------ LSP Ping

def tlv(t, value):
    return struct.pack("!HH", t, len(value)) + value + b"\0" * ((-len(value)) % 4)


def fec(tunnel, src=PE1, dst=PE3):
    sub = struct.pack("!IIHHIIHH", GID, src, tunnel, 1, GID, dst, tunnel, 0)
    return tlv(TLV_FEC, struct.pack("!HH", SUB_STATIC_LSP, len(sub)) + sub)


def ident(t, gid=GID, node=US):
    return tlv(t, struct.pack("!II", gid, node))


def ddmap(ingress, egress, label=None):
    subs = b""
    if label is not None:
        subs = struct.pack("!HH", SUB_LABEL_STACK, 4) + struct.pack("!I", (label << 12) | 1)
    fixed = struct.pack("!HBBIIBBH", 1500, DDMAP_NON_IP, DS_N | DS_I, ingress, egress, 0, 0,
                        len(subs))
    return tlv(TLV_DDMAP, fixed + subs)


def echo(tlvs, msg_type=ECHO_REQUEST, flags=0, seq=1, rc=0, mode=REPLY_MODE_ACH):
    hdr = struct.pack("!HHBBBBIIIIII", 1, flags, msg_type, mode, rc, 0,
                      0x1234, seq, 3913056000, 0x80000000, 0, 0)
    return hdr + b"".join(tlvs)


def cv(tunnel, ddmap_tlv=None, dst=True, dst_node=US, **kw):
    """An on-demand CV echo request of LSP `tunnel` (kw: echo()'s)."""
    tlvs = [fec(tunnel), ident(TLV_SRC_ID, node=PE1)]
    if dst:
        tlvs.append(ident(TLV_DST_ID, node=dst_node))
    if ddmap_tlv is not None:
        tlvs.append(ddmap_tlv)
    return echo(tlvs, **kw)

# ------------------------------------------------------------------ the IP form

def csum(data):
    """RFC 1071 checksum."""
    data += b"\0" * (len(data) % 2)
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip_form(msg, version=4, dst_first=127, sport=49152, dport=LSPPING_PORT, bad_udp=False):
    """msg in IPv4 (Router Alert option, RFC 8029 §4.3) or IPv6 / UDP, checksums right
    unless bad_udp; the request's destination is dst_first.0.0.1 (IPv4-mapped in IPv6)."""
    ulen = 8 + len(msg)
    if version == 4:
        src, dst = struct.pack("!I", PE1), bytes([dst_first, 0, 0, 1])
        hdr = struct.pack("!BBHHHBBH4s4s", 0x46, 0, 24 + ulen, 0, 0, 1, 17, 0, src, dst)
        hdr += bytes([148, 4, 0, 0])
        hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
        pseudo = src + dst + struct.pack("!BBH", 0, 17, ulen)
    else:
        src = bytes(10) + b"\xff\xff" + struct.pack("!I", PE1)
        dst = bytes(10) + b"\xff\xff" + bytes([dst_first, 0, 0, 1])
        hdr = struct.pack("!IHBB", 0x60000000, ulen, 17, 1) + src + dst
        pseudo = src + dst + struct.pack("!IxxxB", ulen, 17)
    udp = struct.pack("!HHHH", sport, dport, ulen, 0) + msg
    c = csum(pseudo + udp) or 0xFFFF
    if bad_udp:
        c ^= 0x5A5A
    return hdr + udp[:6] + struct.pack("!H", c) + udp[8:]

# ------------------------------------------------------------------ G.8113.1

def g_tlv(t, value):
    return struct.pack("!BH", t, len(value)) + value


def mip_id(subtype, icc="ABCDEF", node=US, if_num=0, cc="JP", mep=0):
    if subtype == SUB_MIP:
        body = (icc.encode().ljust(6, b"\0") + struct.pack("!II", node, if_num) +
                cc.encode().ljust(2, b"\0") + bytes(8))
    elif subtype == SUB_MEP:
        body = struct.pack("!H", mep) + bytes(22)
    else:
        body = bytes(24)
    return struct.pack("!B", subtype) + body


def meg_id():
    v = b"ABCDEF" + b"LSP1"
    return (struct.pack("!BBB", 1, 32, len(v)) + v).ljust(48, b"\0")


def lb(target, opcode=OP_LBM, tlv_type=TLV_TARGET, test=False):
    msg = struct.pack("!BBBBI", (7 << 5), opcode, 0, 4, 0xCAFE0001)
    msg += g_tlv(tlv_type, target)
    msg += g_tlv(TLV_REQUESTING, struct.pack("!BH", 0, 1) + meg_id() + b"\0\0")
    if test:
        msg += g_tlv(TLV_TEST, b"\0" + bytes(range(16)))
    return msg + bytes([TLV_END])

# ------------------------------------------------------------------ other channels

def bfd_cc():
    """BFD control [RFC 5880 §4.1], version 1, state Up, 24 bytes."""
    return struct.pack("!BBBBIIIII", 0x20, 0xC0, 3, 24, 0x11, 0x22, 1000000, 1000000, 0)


def bfd_cv():
    """BFD + LSP Source MEP-ID TLV (type 1) [RFC 6428 §3.5.2]."""
    return bfd_cc() + struct.pack("!HHIIHH", 1, 12, GID, PE1, 1, 1)


def lock_instruct():
    return struct.pack("!I", (1 << 28) | 1) + struct.pack("!HHIIHH", 1, 12, GID, PE1, 1, 1)


def frames():
    """(name, slot, frame bytes).  Labels are fuzz_frame.c's."""
    f = []

    def add(name, slot, frame):
        f.append((name, slot, frame))

    def data(slot, label, ttl=64, et=ETH_MPLS):
        return eth(slot, et) + stack([(label, ttl)]) + IP_PAYLOAD

    # Fast path: swap, P2MP, loopback, sink, drops.
    add("data-swap-fwd", 0, data(0, 100))
    add("data-swap-rev", 1, data(1, 201))
    add("data-p2mp", 0, data(0, 110))
    add("data-p2mp-mcast", 0, data(0, 110, et=ETH_MPLS_MC))
    add("data-loop-out-mip", 0, data(0, 130))
    add("data-loop-in-mip", 2, data(2, 340))
    add("data-sink", 1, data(1, 220, 255))
    add("data-two-labels", 0, eth(0) + stack([(100, 64), (16, 64)]) + IP_PAYLOAD)
    add("data-pw-cw", 0, eth(0) + stack([(100, 64)]) + struct.pack("!HH", 0, 7) + IP_PAYLOAD)
    add("drop-ttl-expired", 0, data(0, 100, 1))
    add("drop-no-label", 0, data(0, 999))
    add("drop-not-mpls", 0, eth(0, ETH_IPV4) + IP_PAYLOAD)
    add("drop-arp", 0, b"\xff" * 6 + PEER_MAC[0] + struct.pack("!H", ETH_ARP) + bytes(28))
    add("drop-bad-stack-no-s", 0, eth(0) + b"".join(lse(100 + i, 64, False) for i in range(17)))
    add("drop-bad-stack-gal-not-bos", 0,
        eth(0) + lse(100, 1, False) + lse(GAL, 1, False) + lse(16, 1, True) + ach(CH_LSP_PING))
    add("drop-short", 0, eth(0)[:10])

    # LSP Ping (RFC 6426) at MIPs of "bidir" (in on IF 1, out on IF 2).
    add("cv-in-mip-ddmap", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, ddmap(1, 0))))
    add("cv-out-mip-ddmap", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, ddmap(0, 2))))
    add("cv-trace-ddmap-zero", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, ddmap(0, 0, 200))))
    add("cv-validate-both", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, ddmap(1, 2))))
    add("cv-validate-mismatch", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, ddmap(1, 3))))
    add("cv-no-ddmap", 0, gach(0, 100, 1, CH_LSP_PING, cv(1)))
    add("cv-no-dst-id", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, ddmap(1, 0), dst=False)))
    add("cv-misdirected-node", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, ddmap(0, 2), dst_node=PE1)))
    add("cv-misdirected-if", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, ddmap(2, 0))))
    add("cv-pw-ach", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, ddmap(1, 0)), gal=False))
    add("cv-unknown-tlv", 0, gach(0, 100, 1, CH_LSP_PING,
                                  echo([fec(1), tlv(0x1234, b"abcd")])))
    add("cv-malformed-tlv", 0, gach(0, 100, 1, CH_LSP_PING,
                                    echo([fec(1)]) + struct.pack("!HH", TLV_DDMAP, 200)))
    add("cv-truncated", 0, gach(0, 100, 1, CH_LSP_PING, echo([])[:20]))
    add("cv-reply-at-mip", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, msg_type=ECHO_REPLY, rc=8)))
    # P2MP branch (tree: in IF 1; out IF 2, 3, 4 with IF 4's MIPs off).
    add("cv-p2mp-trace", 0, gach(0, 110, 1, CH_LSP_PING, cv(2, ddmap(0, 0))))
    add("cv-p2mp-out-mip", 0, gach(0, 110, 1, CH_LSP_PING, cv(2, ddmap(0, 3))))
    add("cv-p2mp-out-mip-off", 0, gach(0, 110, 1, CH_LSP_PING, cv(2, ddmap(0, 4))))
    add("cv-loop-out", 0, gach(0, 130, 1, CH_LSP_PING, cv(5, ddmap(0, 3))))
    add("cv-loop-in-out-mip", 2, gach(2, 340, 1, CH_LSP_PING, cv(6, ddmap(0, 2))))
    add("cv-no-return-path", 3, gach(3, 400, 1, CH_LSP_PING, cv(7, ddmap(0, 1))))
    add("cv-mip-off", 3, gach(3, 420, 1, CH_LSP_PING, cv(8, ddmap(4, 0))))
    add("cv-transit-ttl2", 0, gach(0, 100, 2, CH_LSP_PING, cv(1, ddmap(0, 0))))
    # Sink MEP (sink: forward in IF 2 label 220, reverse out IF 2 label 221).
    add("cv-sink-mep", 1, gach(1, 220, 255, CH_LSP_PING, cv(3)))
    add("cv-sink-t-flag", 1, gach(1, 220, 255, CH_LSP_PING, cv(3, flags=FLAG_T)))
    add("cv-sink-reply", 1, gach(1, 220, 255, CH_LSP_PING, cv(3, msg_type=ECHO_REPLY, rc=3)))
    add("cv-sink-oneway", 2, gach(2, 230, 255, CH_LSP_PING, cv(4)))

    # The IP form (RFC 6426 §2: ACH 0x0021 IPv4, 0x0057 IPv6, UDP 3503).
    add("ip4-cv-in-mip-ddmap", 0, gach(0, 100, 1, CH_IPV4, ip_form(cv(1, ddmap(1, 0)))))
    add("ip6-cv-out-mip-ddmap", 0, gach(0, 100, 1, CH_IPV6, ip_form(cv(1, ddmap(0, 2)), 6)))
    add("ip4-cv-p2mp-trace", 0, gach(0, 110, 1, CH_IPV4, ip_form(cv(2, ddmap(0, 0)))))
    add("ip4-cv-pw-ach", 0, gach(0, 100, 1, CH_IPV4, ip_form(cv(1)), gal=False))
    add("ip6-cv-sink-mep", 1, gach(1, 220, 255, CH_IPV6, ip_form(cv(3), 6)))
    add("ip4-cv-sink-reply", 1, gach(1, 220, 255, CH_IPV4,
                                     ip_form(cv(3, msg_type=ECHO_REPLY, rc=3), sport=LSPPING_PORT,
                                             dport=49152)))
    add("ip4-cv-bad-udp-checksum", 0, gach(0, 100, 1, CH_IPV4, ip_form(cv(1), bad_udp=True)))
    add("ip4-cv-not-loopback", 0, gach(0, 100, 1, CH_IPV4, ip_form(cv(1), dst_first=10)))
    add("ip6-on-ipv4-channel", 0, gach(0, 100, 1, CH_IPV4, ip_form(cv(1), 6)))
    add("cv-reply-mode-none", 0, gach(0, 100, 1, CH_LSP_PING, cv(1, mode=1)))
    add("ip4-cv-reply-mode-udp", 0, gach(0, 100, 1, CH_IPV4, ip_form(cv(1, mode=2))))

    # Reserved labels on top (docs/OAM-RULES.md §2.7; FUZZ_FRAME_LINK=1 punts them).
    add("link-section-cv", 0, eth(0) + lse(GAL, 1, True) + ach(CH_LSP_PING) + cv(1))
    add("link-section-ip4-cv", 0, eth(0) + lse(GAL, 1, True) + ach(CH_IPV4) + ip_form(cv(1)))
    add("link-section-lbm", 0, eth(0) + lse(GAL, 1, True) + ach(CH_G8113) + lb(mip_id(SUB_INGRESS)))
    add("link-ra-gal-cv", 1, eth(1) + lse(1, 1, False) + lse(GAL, 1, True) + ach(CH_LSP_PING) +
        cv(1))
    add("link-ra-no-gal", 0, eth(0) + lse(1, 1, False) + lse(100, 1, True) + IP_PAYLOAD)

    # G.8113.1 LBM (channel 0x8902).
    add("lbm-mip-id-in", 0, gach(0, 100, 1, CH_G8113, lb(mip_id(SUB_MIP, if_num=1))))
    add("lbm-mip-id-out", 0, gach(0, 100, 1, CH_G8113, lb(mip_id(SUB_MIP, if_num=2), test=True)))
    add("lbm-mip-id-other-node", 0,
        gach(0, 100, 1, CH_G8113, lb(mip_id(SUB_MIP, node=PE1, if_num=1))))
    add("lbm-mip-id-wrong-icc", 0,
        gach(0, 100, 1, CH_G8113, lb(mip_id(SUB_MIP, icc="XYZ", if_num=1))))
    add("lbm-ingress", 0, gach(0, 100, 1, CH_G8113, lb(mip_id(SUB_INGRESS))))
    add("lbm-egress-p2mp", 0, gach(0, 110, 1, CH_G8113, lb(mip_id(SUB_EGRESS))))
    add("lbm-mep-id-transit", 0, gach(0, 100, 1, CH_G8113, lb(mip_id(SUB_MEP, mep=1))))
    add("lbm-pw-ach", 0, gach(0, 100, 1, CH_G8113, lb(mip_id(SUB_MIP, if_num=1)), gal=False))
    add("lbm-sink-mep", 1, gach(1, 220, 255, CH_G8113, lb(mip_id(SUB_MEP, mep=1))))
    add("lbm-sink-oneway", 2, gach(2, 230, 255, CH_G8113, lb(mip_id(SUB_MEP, mep=1))))
    add("lbr-sink", 1, gach(1, 220, 255, CH_G8113,
                            lb(mip_id(SUB_MIP, if_num=2), opcode=OP_LBR, tlv_type=TLV_REPLYING)))

    # BFD CC/CV, LI, DM: MEP-to-MEP channels.
    add("bfd-cc-sink", 1, gach(1, 220, 255, CH_BFD_CC, bfd_cc()))
    add("bfd-cc-mip", 0, gach(0, 100, 1, CH_BFD_CC, bfd_cc()))
    add("bfd-cv-transit", 0, gach(0, 100, 255, CH_BFD_CV, bfd_cv()))
    add("li-mip", 0, gach(0, 100, 1, CH_LI, lock_instruct()))
    add("dm-sink", 1, gach(1, 220, 255, CH_DM, bytes(44)))
    return f


CONFIGS = {
    # docs/CONTRACT.md §2, verbatim.
    "interface-md": """\
node 65000:192.0.2.2                 # Global_ID:Node_ID (RFC 6370); Node_ID dotted quad or decimal
icc ABCDEF cc JP                     # optional ITU-T identifiers (RFC 6923), used in G.8113.1 MIP IDs
mip-mode per-interface               # per-interface (default) or per-node
oam-policer rate 1000 burst 100      # OAM punts per second per interface, token bucket

interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02
interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01 mip off

lsp pe1-pe3
  source 65000:192.0.2.1 tunnel 1          # Src Global_ID:Node_ID, Src Tunnel_Num
  destination 65000:192.0.2.3 tunnel 1     # Dst Global_ID:Node_ID, Dst Tunnel_Num
  lsp-num 1
  forward in 1 label 100 out 2 label 200   # transit: in IF/label -> out IF/label
  reverse in 2 label 201 out 1 label 101   # the co-routed return direction
  loopback interface 2                     # optional: RFC 6435 data-plane loopback at that MIP
""",
    "minimal": "node 1:2\n",
    "per-node-decimal": """\
node 65000:3221225986
mip-mode per-node
oam-policer rate 0 burst 1
interface 7 port 0 mac 02:00:00:00:00:07 peer 02:00:00:00:00:70 mip on
interface 4294967295 port 1 mac 02:00:00:00:00:08 peer 02:00:00:00:00:80
lsp a
  source 65000:192.0.2.1 tunnel 65535
  destination 65000:192.0.2.3 tunnel 0
  lsp-num 65535
  reverse in 4294967295 label 1048575 out 7 label 16
""",
    "pe-source-sink": """\
node 65000:192.0.2.1
icc A cc US
interface 1 port 0 mac 02:00:00:00:01:02 peer 02:00:00:00:02:01
lsp pe1-pe3
  source 65000:192.0.2.1 tunnel 1
  destination 65000:192.0.2.3 tunnel 1
  lsp-num 1
  forward out 1 label 100
  reverse in 1 label 101
""",
    "p2mp-loop-in": """\
node 65000:192.0.2.2
interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02
interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01
interface 3 port 2 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01
interface 4 port 3 mac 02:00:00:00:02:04 peer 02:00:00:00:05:01 mip off
lsp tree
  source 65000:192.0.2.1 tunnel 2
  destination 65000:192.0.2.3 tunnel 2
  lsp-num 1
  forward in 1 label 110 out 2 label 210 out 3 label 310 out 4 label 410
  reverse in 2 label 211 out 1 label 111
  loopback interface 1
lsp second
  source 65000:192.0.2.1 tunnel 3
  destination 65000:192.0.2.3 tunnel 3
  lsp-num 2
  forward in 2 label 110 out 1 label 120
""",
    # Rejected ones: the error paths.
    "err-loop-p2mp-out": """\
node 65000:192.0.2.2
interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02
interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01
interface 3 port 2 mac 02:00:00:00:02:03 peer 02:00:00:00:04:01
lsp t
  source 65000:192.0.2.1 tunnel 2
  destination 65000:192.0.2.3 tunnel 2
  lsp-num 1
  forward in 1 label 110 out 2 label 210 out 3 label 310
  reverse in 2 label 211 out 1 label 111
  loopback interface 2
""",
    "err-duplicate-in-label": """\
node 65000:192.0.2.2
interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02
lsp a
  source 65000:192.0.2.1 tunnel 1
  destination 65000:192.0.2.3 tunnel 1
  lsp-num 1
  forward in 1 label 100
lsp b
  source 65000:192.0.2.1 tunnel 2
  destination 65000:192.0.2.3 tunnel 2
  lsp-num 1
  forward in 1 label 100
""",
    "err-reserved-label": "node 1:1\n"
                          "interface 1 port 0 mac 02:00:00:00:00:01 peer 02:00:00:00:00:02\n"
                          "lsp x\n  source 1:1 tunnel 1\n  destination 1:2 tunnel 1\n  lsp-num 1\n"
                          "  forward in 1 label 13 out 1 label 16\n",
    "err-indented-outside": "  forward in 1 label 100\nnode 1:1\n",
    "err-missing-lsp-num": "node 1:1\nlsp x\n  source 1:1 tunnel 1\n  destination 1:2 tunnel 1\n",
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    for sub in ("frame", "config"):
        d = os.path.join(out, sub)
        os.makedirs(d, exist_ok=True)
        for name in os.listdir(d):
            os.unlink(os.path.join(d, name))
    seen = set()
    for name, slot, frame in frames():
        assert name not in seen, name
        seen.add(name)
        with open(os.path.join(out, "frame", name), "wb") as fh:
            fh.write(bytes([slot]) + frame)
    for name, text in CONFIGS.items():
        with open(os.path.join(out, "config", name), "w") as fh:
            fh.write(text)
    print("%d frames, %d configurations in %s" % (len(seen), len(CONFIGS), out))


if __name__ == "__main__":
    main()
