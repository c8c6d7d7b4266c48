# SPDX-License-Identifier: BSD-3-Clause
"""The pcap scenarios (docs/CONVENTIONS.md rule 12, tier c) for `tplsr replay`.

Topology seen from this node P (65000:192.0.2.2):

    PE1 192.0.2.1 --[IF_Num 10]-- P --[IF_Num 20]-- PE3 192.0.2.3
    forward: in 10 label 100 -> out 20 label 200
    reverse: in 20 label 201 -> out 10 label 101

IF_Nums are not 1/2 and the ICC has 5 characters, so that hard-coded interface
numbers or identifier padding show up.  Rules: spec/docs/OAM-RULES.md; formats: spec/docs/WIRE-FORMAT.md;
the replay contract: spec/docs/CONTRACT.md §3.
"""

import itertools
import struct

import lsrpkt as pk
from harness import (ANY, CC, GID, ICC, NODE, PE1, PE3, T0_US, Consumed, Drop, EchoReply,
                     Fwd, Lbr, Loop, OamDrop, OneOf, Scenario, Topo, eq, expect, lsp_block,
                     our_mac, peer_mac)

SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


def new(fn_name, doc, topo):
    return Scenario(fn_name, doc, topo)


# ------------------------------------------------------------------ frame helpers

def rx_addr(if_num):
    """(dst, src) of a frame arriving on if_num: from the peer to us."""
    return our_mac(if_num), peer_mac(if_num)


def data(if_num, label, ttl, tc=0, inner=(), payload=None, ethertype=pk.ETH_MPLS, tag=b""):
    dst, src = rx_addr(if_num)
    return pk.mpls_frame(dst, src, [(label, ttl, tc)] + list(inner),
                         payload if payload is not None else pk.ip_payload(tag, 20),
                         ethertype)


_handle = itertools.count(0x7A000001)
_sent = itertools.count(1699999000)


def echo(dst=NODE, ddmap=None, fec=True, src=True, flags=0, extra=b"", dst_gid=GID,
         ddmap_labels=((200, 0, 1, 1),)):
    """An on-demand CV echo request message [RFC 6426]: Target FEC (Static LSP),
    Source ID (PE1), Destination ID (dst, None = absent), DDMAP (ingress, egress)."""
    tlvs = b""
    if fec:
        tlvs += pk.fec_static_lsp(GID, PE1, 7, 3, GID, PE3, 9)
    if src:
        tlvs += pk.node_id_tlv(pk.TLV_SRC_ID, GID, PE1)
    if dst is not None:
        tlvs += pk.node_id_tlv(pk.TLV_DST_ID, dst_gid, dst)
    if ddmap is not None:
        tlvs += pk.ddmap(ddmap[0], ddmap[1], ddmap_labels)
    tlvs += extra
    return pk.echo_request(next(_handle), 1 + next(_handle) % 97, (next(_sent), 123456),
                           tlvs, flags=flags)


def cv(if_num, label, ttl, tc=0, gal=True, msg=None, **kw):
    dst, src = rx_addr(if_num)
    return pk.gach_frame(dst, src, label, ttl, pk.CH_LSP_PING,
                         msg if msg is not None else echo(**kw), tc=tc, gal=gal)


_tid = itertools.count(0x0BADC0DE)
MEG = pk.meg_id(ICC, "PE1PE3LSP7")


def target(subtype, if_num=0, node=NODE, icc=ICC, cc=CC):
    return pk.mip_id(subtype, icc, node, if_num, cc, mep=1)


def lbm(if_num, label, ttl, tgt, requesting=True, mel=5, gal=True):
    dst, src = rx_addr(if_num)
    extra = pk.requesting_mep(0x0101, MEG) if requesting else b""
    return pk.gach_frame(dst, src, label, ttl, pk.CH_G8113,
                         pk.lbm(next(_tid), tgt, extra, mel=mel), gal=gal)


def chan(if_num, label, ttl, channel, msg):
    dst, src = rx_addr(if_num)
    return pk.gach_frame(dst, src, label, ttl, channel, msg)


def cv_ip(if_num, label, ttl, version=4, gal=True, ip_kw=None, reply_mode=None, **kw):
    """An on-demand CV request in the IP form [RFC 6426 §2, RFC 8029 §4.3]: ACH 0x0021
    (IPv4, Router Alert) or 0x0057 (IPv6), UDP to 3503 at 127.0.0.1 (::ffff:127.0.0.1)."""
    dst, src = rx_addr(if_num)
    msg = echo(**kw)
    if reply_mode is not None:
        msg = msg[:5] + bytes([reply_mode]) + msg[6:]
    return pk.gach_frame(dst, src, label, ttl, pk.CH_IPV4 if version == 4 else pk.CH_IPV6,
                         pk.ip_form(msg, version, **(ip_kw or {})), gal=gal)


# Expected replies of the base topology.
def rep_fwd(mip="in", mip_if=10, rc=8, rsc=1, ddmaps=None, **kw):
    """A reply to a request on the forward direction: leaves IF 10 with label 101."""
    return EchoReply(10, 101, mip, mip_if, rc, rsc, ddmaps, **kw)


DD_FWD = [(10, 20, 200, None)]     # the forward direction as a DDMAP: in 10, out 20, label 200


# ================================================================== forwarding

@scenario
def fwd_swap():
    """Swap on both directions: label, TTL-1, MACs, TC/S kept, inner labels and payload intact."""
    s = new("fwd_swap", fwd_swap.__doc__, Topo())
    s.rx(10, data(10, 100, 64, tc=5, inner=[(555, 9, 2)]), Fwd((20, 200)),
         note="fwd TTL 64 TC 5 + inner")
    s.rx(10, data(10, 100, 64, tc=7), Fwd((20, 200)), note="fwd BoS TC 7")
    s.rx(10, data(10, 100, 2), Fwd((20, 200), ttl=1), note="fwd TTL 2 -> 1")
    s.rx(10, data(10, 100, 255, inner=[(16, 3), (1048575, 200)]), Fwd((20, 200)),
         note="fwd inner labels 16 and 2^20-1")
    s.rx(20, data(20, 201, 30, tc=1), Fwd((10, 101)), note="reverse TTL 30")
    s.rx(20, data(20, 201, 2, inner=[(777, 1)]), Fwd((10, 101), ttl=1), note="reverse TTL 2")
    s.rx(10, data(10, 100, 64, payload=bytes(range(256)) * 5), Fwd((20, 200)),
         note="fwd 1280-byte payload")
    s.rx(10, data(10, 100, 64, payload=bytes(range(250)) * 36), Fwd((20, 200)),
         note="fwd 9018-byte jumbo frame")
    return s


@scenario
def drop_oversize():
    """A frame longer than any buffer (70,000 bytes) is received and dropped: oversize."""
    s = new("drop_oversize", drop_oversize.__doc__, Topo())
    s.rx(10, data(10, 100, 64, payload=bytes(70000)), Drop("oversize"), note="70000-byte frame",
         broken=True)
    s.rx(10, data(10, 100, 64), Fwd((20, 200)), note="the next frame is forwarded")
    return s


@scenario
def fwd_ethertype_8848():
    """0x8848 (multicast MPLS) is accepted and forwarded."""
    s = new("fwd_ethertype_8848", fwd_ethertype_8848.__doc__, Topo())
    s.rx(10, data(10, 100, 64, ethertype=pk.ETH_MPLS_MC), Fwd((20, 200)), note="0x8848 fwd")
    s.rx(20, data(20, 201, 9, ethertype=pk.ETH_MPLS_MC), Fwd((10, 101)), note="0x8848 reverse")
    return s


@scenario
def drop_foreign_mac():
    """Labelled frames not sent to the arrival interface's MAC (or, on 0x8848, to an RFC 5332
    MPLS multicast MAC): foreign-mac, data and OAM alike; ours and RFC 5332 ones forwarded."""
    s = new("drop_foreign_mac", drop_foreign_mac.__doc__, Topo())
    src = peer_mac(10)

    def to(dst, label=100, ttl=64, ethertype=pk.ETH_MPLS):
        return pk.mpls_frame(dst, src, [(label, ttl)], pk.ip_payload(b"", 20), ethertype)
    fm = Drop("foreign-mac")
    s.rx(10, to("ff:ff:ff:ff:ff:ff"), fm, note="broadcast")
    s.rx(10, to("01:00:5e:00:00:01"), fm, note="IPv4 multicast MAC")
    s.rx(10, to("01:00:5e:7f:ff:ff", ethertype=pk.ETH_MPLS_MC), fm,
         note="IPv4 multicast MAC on 0x8848")
    s.rx(10, to("02:00:5e:10:00:99"), fm, note="another host's unicast MAC")
    s.rx(10, to(our_mac(20)), fm, note="our MAC on interface 20, received on 10")
    s.rx(10, to("01:00:5e:80:00:64"), fm, note="MPLS multicast MAC on 0x8847")
    s.rx(10, pk.gach_frame("ff:ff:ff:ff:ff:ff", src, 100, 1, pk.CH_LSP_PING, echo(ddmap=(10, 0))),
         fm, note="CV TTL 1 to broadcast: not punted")
    s.rx(10, to("01:00:5e:80:00:64", ethertype=pk.ETH_MPLS_MC), Fwd((20, 200)),
         note="MPLS multicast MAC 01:00:5e:80:00:64 on 0x8848")
    s.rx(10, to("01:00:5e:8f:ff:ff", ethertype=pk.ETH_MPLS_MC), Fwd((20, 200)),
         note="MPLS multicast MAC 01:00:5e:8f:ff:ff on 0x8848")
    s.rx(10, to(our_mac(10)), Fwd((20, 200)), note="our MAC")
    s.rx(20, to(our_mac(20), label=201), Fwd((10, 101)), note="our MAC on 20")

    @s.check
    def _(run):
        eq("drops foreign-mac", run.stats["drops"].get("foreign-mac"), 7)
        eq("no OAM read", run.stats.get("oam", {}).get("echo-request-rx", 0), 0)
    return s


P2MP_IFS = (10, 20, 30, 40)
P2MP_FWD = "in 10 label 100 out 20 label 200 out 30 label 300 out 40 label 400"


def p2mp_topo(**kw):
    return Topo(ifs=P2MP_IFS, lsps=[lsp_block(forward=P2MP_FWD)], **kw)


@scenario
def fwd_p2mp():
    """P2MP branch point: one copy per branch with its label; forwarded once, tx per copy."""
    s = new("fwd_p2mp", fwd_p2mp.__doc__, p2mp_topo())
    copies = [(20, 200), (30, 300), (40, 400)]
    s.rx(10, data(10, 100, 64, tc=2, inner=[(900, 5)]), Fwd(*copies), note="p2mp TTL 64")
    s.rx(10, data(10, 100, 2), Fwd(*copies, ttl=1), note="p2mp TTL 2")
    s.rx(20, data(20, 201, 64), Fwd((10, 101)), note="reverse leaf")
    s.rx(10, data(10, 100, 1), Drop("ttl-expired"), note="p2mp TTL 1: one drop, no copy")

    @s.check
    def _(run):
        eq("forwarded", run.stats["forwarded"], 3)
        eq("tx", run.stats["tx"], 7)
        eq("dropped", run.stats["dropped"], 1)
    return s


@scenario
def fwd_sink_mep_data():
    """Data on a direction with no `out` ends here: consumed, nothing sent."""
    topo = Topo(lsps=[lsp_block(forward="in 10 label 100", reverse="out 10 label 101", dst=NODE)])
    s = new("fwd_sink_mep_data", fwd_sink_mep_data.__doc__, topo)
    s.rx(10, data(10, 100, 64), Consumed(), note="data to the sink MEP TTL 64")
    s.rx(10, data(10, 100, 5, inner=[(321, 64)]), Consumed(), note="data to the sink MEP, 2 labels")
    return s


@scenario
def fwd_stack_16_deep():
    """A 16-entry stack (the supported maximum) is forwarded untouched below the top."""
    s = new("fwd_stack_16_deep", fwd_stack_16_deep.__doc__, Topo())
    inner = [(1000 + i, 64) for i in range(15)]
    s.rx(10, data(10, 100, 64, inner=inner), Fwd((20, 200)), note="16 labels")
    return s


@scenario
def fwd_merge_order():
    """Inputs merge by time, ties in --in order: events carry that seq and in_if."""
    s = new("fwd_merge_order", fwd_merge_order.__doc__, Topo())
    s.in_order = [20, 10]
    t = T0_US
    s.rx(10, data(10, 999, 64), Drop("no-label"), t_us=t, note="tie on 10 (seq 2)")
    s.rx(20, pk.ipv4_frame(*rx_addr(20)), Drop("not-mpls"), t_us=t, note="tie on 20 (seq 1)")
    s.rx(10, data(10, 100, 64), Fwd((20, 200)), t_us=t + 3000, note="fwd at +3ms (seq 4)")
    s.rx(20, data(20, 888, 64), Drop("no-label"), t_us=t + 2000, note="on 20 at +2ms (seq 3)")
    s.rx(10, data(10, 100, 1), Drop("ttl-expired"), t_us=t + 5000, note="seq 6")
    s.rx(20, data(20, 201, 1), Drop("ttl-expired"), t_us=t + 4000, note="seq 5")

    @s.check
    def _(run):
        got = [(e["seq"], e["in_if"], e.get("reason")) for e in run.events]
        eq("events (seq, in_if, reason)", sorted(got),
           [(1, 20, "not-mpls"), (2, 10, "no-label"), (3, 20, "no-label"),
            (5, 20, "ttl-expired"), (6, 10, "ttl-expired")])
    return s


# ================================================================== drops

@scenario
def drop_not_mpls():
    """IPv4, ARP and runts of 0-13 bytes: not-mpls."""
    s = new("drop_not_mpls", drop_not_mpls.__doc__, Topo())
    s.rx(10, pk.ipv4_frame(*rx_addr(10)), Drop("not-mpls"), note="IPv4")
    s.rx(20, pk.arp_frame(peer_mac(20)), Drop("not-mpls"), note="ARP")
    full = data(10, 100, 64)
    for n in (0, 1, 6, 12, 13):
        s.rx(10, full[:n], Drop("not-mpls"), note="runt %d bytes" % n, broken=True)
    return s


@scenario
def drop_no_label():
    """No (in IF, label) entry: unknown label, or a label of another interface."""
    s = new("drop_no_label", drop_no_label.__doc__, Topo())
    s.rx(10, data(10, 999, 64), Drop("no-label"), note="unknown 999 on 10")
    s.rx(10, data(10, 201, 64), Drop("no-label"), note="201 (in-label of 20) on 10")
    s.rx(20, data(20, 100, 64), Drop("no-label"), note="100 (in-label of 10) on 20")
    s.rx(20, data(20, 200, 64), Drop("no-label"), note="200 (an out label) on 20")
    s.rx(10, cv(10, 777, 1, ddmap=(10, 0)), Drop("no-label"), note="CV on unknown label 777")
    return s


@scenario
def drop_ttl_expired():
    """TTL 1 or 0 without a GAL/ACH under the top label: ttl-expired, nothing sent."""
    s = new("drop_ttl_expired", drop_ttl_expired.__doc__, Topo())
    s.rx(10, data(10, 100, 1), Drop("ttl-expired"), note="TTL 1 IPv4")
    s.rx(10, data(10, 100, 0), Drop("ttl-expired"), note="TTL 0 IPv4")
    s.rx(20, data(20, 201, 1), Drop("ttl-expired"), note="reverse TTL 1")
    s.rx(10, data(10, 100, 1, payload=pk.pw_control_word(7) + pk.ip_payload()),
         Drop("ttl-expired"), note="TTL 1 BoS + PW control word")
    s.rx(10, data(10, 100, 1, inner=[(555, 64)], payload=pk.pw_control_word(8) + b"\0" * 40),
         Drop("ttl-expired"), note="TTL 1 + PW label + control word")
    s.rx(10, data(10, 100, 0, inner=[(555, 64)]), Drop("ttl-expired"), note="TTL 0 two labels")
    return s


@scenario
def drop_bad_stack():
    """No S bit, GAL not at the bottom, 17 entries, stack cut by the frame end: bad-stack."""
    s = new("drop_bad_stack", drop_bad_stack.__doc__, Topo())
    dst, src = rx_addr(10)
    eth = pk.ether(dst, src)
    s.rx(10, pk.mpls_frame(dst, src, [(100, 64, 0, 0), (555, 64, 0, 0), (556, 64, 0, 0)],
                           b"\0" * 80), Drop("bad-stack"), note="no S bit (zeros follow)",
         broken=True)
    s.rx(10, pk.mpls_frame(dst, src, [(100, 1, 0, 0), (pk.GAL, 1, 0, 0), (555, 1, 0, 1)],
                           pk.ach(pk.CH_LSP_PING) + echo(ddmap=(10, 0))),
         Drop("bad-stack"), note="GAL not BoS, TTL 1", broken=True)
    s.rx(10, pk.mpls_frame(dst, src, [(100, 64, 0, 0), (pk.GAL, 1, 0, 0), (555, 1, 0, 1)],
                           pk.ip_payload()),
         Drop("bad-stack"), note="GAL not BoS, TTL 64", broken=True)
    deep = [(100, 64)] + [(2000 + i, 64) for i in range(16)]
    s.rx(10, data(10, 100, 64, inner=deep[1:]), Drop("bad-stack"), note="17-deep stack",
         broken=True)
    s.rx(10, bytes(pk.ether(dst, src)) + struct.pack("!II", (100 << 12) | 64, (555 << 12) | 64),
         Drop("bad-stack"), note="2 LSEs without S then frame end", broken=True)
    s.rx(10, bytes(eth) + struct.pack("!I", (100 << 12) | 64) + b"\x00\x00",
         Drop("bad-stack"), note="LSE then 2 bytes", broken=True)
    s.rx(10, bytes(eth), Drop("bad-stack"), note="MPLS ethertype, no LSE at all", broken=True)
    return s


# ================================================================== OAM: LSP Ping (RFC 6426)

@scenario
def cv_in_mip():
    """CV to the in-MIP (DDMAP ingress = arrival IF): full echo reply on the reverse LSP."""
    s = new("cv_in_mip", cv_in_mip.__doc__, Topo())
    s.rx(10, cv(10, 100, 1, ddmap=(10, 0), tc=3), rep_fwd(ddmaps=DD_FWD), note="CV in-MIP 10")
    s.rx(10, cv(10, 100, 1, dst=None, ddmap=(10, 0)), rep_fwd(ddmaps=DD_FWD),
         note="CV in-MIP 10, no Destination ID")
    s.rx(10, cv(10, 100, 1, ddmap=(10, 0), fec=False, src=False), rep_fwd(ddmaps=DD_FWD),
         note="CV in-MIP 10, no FEC / Source ID")
    s.rx(10, cv(10, 100, 0, ddmap=(10, 0)), rep_fwd(ddmaps=DD_FWD), note="CV in-MIP, TTL 0")
    s.rx(20, cv(20, 201, 1, ddmap=(20, 0)),
         EchoReply(20, 200, "in", 20, 8, 1, [(20, 10, 101, None)]),
         note="reverse direction: CV in-MIP 20, reply leaves 20 label 200")
    return s


@scenario
def cv_out_mip():
    """CV to the out-MIP (DDMAP egress = out IF): answered by out-MIP 20, nothing forwarded."""
    s = new("cv_out_mip", cv_out_mip.__doc__, Topo())
    s.rx(10, cv(10, 100, 1, ddmap=(0, 20)), rep_fwd("out", 20, ddmaps=DD_FWD),
         note="CV out-MIP 20")
    s.rx(10, cv(10, 100, 1, dst=None, ddmap=(0, 20)), rep_fwd("out", 20, ddmaps=DD_FWD),
         note="CV out-MIP 20, no Destination ID")
    s.rx(20, cv(20, 201, 1, ddmap=(0, 10)),
         EchoReply(20, 200, "out", 10, 8, 1, [(20, 10, 101, None)]),
         note="reverse: CV out-MIP 10")
    return s


@scenario
def cv_no_ddmap():
    """No DDMAP or DDMAP (0,0): the in-MIP answers; a DDMAP only when one was asked for."""
    s = new("cv_no_ddmap", cv_no_ddmap.__doc__, Topo())
    s.rx(10, cv(10, 100, 1), rep_fwd(ddmaps=None), note="no DDMAP -> reply without DDMAP")
    s.rx(10, cv(10, 100, 1, dst=None), rep_fwd(ddmaps=None), note="no DDMAP, no Dst ID")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 0)), rep_fwd(ddmaps=DD_FWD), note="DDMAP (0,0)")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 0), ddmap_labels=()), rep_fwd(ddmaps=DD_FWD),
         note="DDMAP (0,0) without label sub-TLV")
    return s


@scenario
def cv_both_ifnums():
    """DDMAP with both IF_Nums: RC 8 when both right, RC 5 when either is wrong."""
    s = new("cv_both_ifnums", cv_both_ifnums.__doc__, Topo())
    s.rx(10, cv(10, 100, 1, ddmap=(10, 20)), rep_fwd(ddmaps=DD_FWD), note="(10,20) right")
    # RC 5: the reply's DDMAP shows what this LSP really does here (10 -> 20, label 200).
    s.rx(10, cv(10, 100, 1, ddmap=(10, 99)), rep_fwd(rc=5, rsc=None, ddmaps=DD_FWD),
         note="(10,99) egress wrong")
    s.rx(10, cv(10, 100, 1, ddmap=(20, 20)), rep_fwd(rc=5, rsc=None, ddmaps=DD_FWD),
         note="(20,20) ingress wrong")
    s.rx(10, cv(10, 100, 1, ddmap=(10, 10)), rep_fwd(rc=5, rsc=None, ddmaps=DD_FWD),
         note="(10,10) egress is the in IF")
    return s


@scenario
def cv_misdirected():
    """Identifiers naming a MIP not on this packet's path here: misdirected, nothing sent."""
    s = new("cv_misdirected", cv_misdirected.__doc__, Topo())
    md = OamDrop("misdirected", pk.CH_LSP_PING)
    s.rx(10, cv(10, 100, 1, ddmap=(20, 0)), md, note="ingress 20 != arrival 10")
    s.rx(10, cv(10, 100, 1, ddmap=(99, 0)), md, note="ingress 99")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 10)), md, note="egress 10 is not an out IF")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 99)), md, note="egress 99")
    s.rx(10, cv(10, 100, 1, dst=PE3, ddmap=(10, 0)), md, note="Dst ID PE3")
    s.rx(10, cv(10, 100, 1, dst=PE1, ddmap=(0, 10)), md, note="upstream PE1's out-MIP 10")
    s.rx(10, cv(10, 100, 1, dst=PE1, ddmap=(0, 20)), md, note="PE1 + our out IF_Num 20")
    s.rx(10, cv(10, 100, 1, dst=PE3), md, note="Dst ID PE3, no DDMAP")
    s.rx(10, cv(10, 100, 1, dst=NODE, dst_gid=65001, ddmap=(10, 0)), md,
         note="our Node_ID in another Global_ID")
    return s


UNKNOWN_MANDATORY = pk.tlv(0x0777, b"\xde\xad\xbe\xef")


@scenario
def cv_tlv_errors():
    """Malformed TLVs: RC 1; unknown mandatory TLV: RC 2 + Errored TLVs; optional ignored."""
    s = new("cv_tlv_errors", cv_tlv_errors.__doc__, Topo())
    m = echo(ddmap=(10, 0))
    overrun = m + struct.pack("!HH", 3, 64) + b"\0" * 8
    s.rx(10, cv(10, 100, 1, msg=overrun), rep_fwd(rc=1, rsc=None, ddmaps=ANY),
         note="TLV length overruns the message", broken=True)
    short_dst = echo(dst=None, ddmap=(10, 0), extra=pk.tlv(pk.TLV_DST_ID, b"\0\0\xfd\xe8\xc0\x00"))
    s.rx(10, cv(10, 100, 1, msg=short_dst), rep_fwd(rc=1, rsc=None, ddmaps=ANY),
         note="Destination ID of length 6", broken=True)
    two_dst = echo(ddmap=(10, 0), extra=pk.node_id_tlv(pk.TLV_DST_ID, GID, NODE))
    s.rx(10, cv(10, 100, 1, msg=two_dst), rep_fwd(rc=1, rsc=None, ddmaps=ANY),
         note="two Destination ID TLVs")
    unk = echo(ddmap=(10, 0), extra=UNKNOWN_MANDATORY)
    s.rx(10, cv(10, 100, 1, msg=unk), rep_fwd(rc=2, rsc=None, ddmaps=ANY,
                                              errored=UNKNOWN_MANDATORY),
         note="unknown mandatory TLV 0x0777")
    opt = echo(ddmap=(10, 0), extra=pk.tlv(0x8777, b"\x01\x02\x03\x04"))
    s.rx(10, cv(10, 100, 1, msg=opt), rep_fwd(ddmaps=DD_FWD), note="unknown optional TLV 0x8777")
    return s


@scenario
def cv_t_flag():
    """Global flag T (reply only if TTL expired) with the TTL expired: answered."""
    s = new("cv_t_flag", cv_t_flag.__doc__, Topo())
    s.rx(10, cv(10, 100, 1, ddmap=(10, 0), flags=pk.FLAG_T), rep_fwd(ddmaps=DD_FWD),
         note="T flag, TTL 1")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 20), flags=pk.FLAG_T | pk.FLAG_V),
         rep_fwd("out", 20, ddmaps=DD_FWD), note="T+V flags to the out-MIP")
    s.rx(10, cv(10, 100, 5, ddmap=(10, 0), flags=pk.FLAG_T), Fwd((20, 200)),
         note="T flag, TTL 5: forwarded like data")
    s.rx(10, cv(10, 100, 2, ddmap=(0, 20)), Fwd((20, 200), ttl=1),
         note="CV TTL 2: for the next node, forwarded with TTL 1")
    return s


@scenario
def cv_truncated_header():
    """An echo message shorter than its 32-byte header: malformed, no reply."""
    s = new("cv_truncated_header", cv_truncated_header.__doc__, Topo())
    m = echo(ddmap=(10, 0))
    s.rx(10, cv(10, 100, 1, msg=m[:20]), OamDrop("malformed", pk.CH_LSP_PING),
         note="20-byte echo header", broken=True)
    s.rx(10, cv(10, 100, 1, msg=m[:31]), OamDrop("malformed", pk.CH_LSP_PING),
         note="31-byte echo header", broken=True)
    s.rx(10, cv(10, 100, 1, msg=b""), OamDrop("malformed", pk.CH_LSP_PING),
         note="ACH with no message", broken=True)
    return s


# ================================================================== OAM: G.8113.1 LBM

def lbr_fwd(mip, mip_ifs, **kw):
    return Lbr(10, 101, mip, mip_ifs, **kw)


@scenario
def lb_targets():
    """LBM Target MEP/MIP ID subtypes 0, 1 and 3 (in and out): LBR from that MIP."""
    s = new("lb_targets", lb_targets.__doc__, Topo())
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_INGRESS)), lbr_fwd("in", [10]), note="subtype 0")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_EGRESS)), lbr_fwd("out", [20]), note="subtype 1")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 10)), lbr_fwd("in", [10]),
         note="subtype 3 IF 10")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 20), mel=7), lbr_fwd("out", [20]),
         note="subtype 3 IF 20, MEL 7")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_INGRESS), requesting=False, mel=0),
         lbr_fwd("in", [10]), note="subtype 0 without Requesting MEP ID, MEL 0")
    s.rx(20, lbm(20, 201, 1, target(pk.SUB_MIP, 20)), Lbr(20, 200, "in", [20]),
         note="reverse: subtype 3 IF 20 is the in-MIP")
    s.rx(10, lbm(10, 100, 2, target(pk.SUB_INGRESS)), Fwd((20, 200), ttl=1),
         note="LBM with TTL 2 is for a node further down: forwarded, TTL 1")
    return s


@scenario
def lb_malformed():
    """LBMs whose TLVs cannot be parsed: dropped malformed, no LBR."""
    s = new("lb_malformed", lb_malformed.__doc__, Topo())
    bad = OamDrop("malformed", pk.CH_G8113)
    dst, src = rx_addr(10)
    no_end = pk.lbm(next(_tid), target(pk.SUB_INGRESS), end=False)
    s.rx(10, pk.gach_frame(dst, src, 100, 1, pk.CH_G8113, no_end), bad, note="no End TLV",
         broken=True)
    short_target = pk.lbm(next(_tid), target(pk.SUB_INGRESS)[:20])
    s.rx(10, pk.gach_frame(dst, src, 100, 1, pk.CH_G8113, short_target), bad,
         note="Target TLV of length 20", broken=True)
    overrun = pk.lbm(next(_tid), target(pk.SUB_INGRESS), end=False) + b"\x20\x01\x00"
    s.rx(10, pk.gach_frame(dst, src, 100, 1, pk.CH_G8113, overrun), bad,
         note="TLV length runs past the message", broken=True)
    s.rx(10, pk.gach_frame(dst, src, 100, 1, pk.CH_G8113, b"\xa0\x03\x00"), bad,
         note="3-byte header", broken=True)
    return s


@scenario
def lb_misdirected():
    """LBM naming another node, ICC, CC, an IF off the path, or a MEP ID: misdirected."""
    s = new("lb_misdirected", lb_misdirected.__doc__, Topo())
    md = OamDrop("misdirected", pk.CH_G8113)
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 10, node=PE3)), md, note="another Node_ID")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 20, node=PE1)), md, note="PE1's MIP 20")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 10, icc="QQQ")), md, note="wrong ICC")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 10, cc="FR")), md, note="wrong CC")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 99)), md, note="IF_Num 99 not on the path")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MEP)), md, note="subtype 2 (MEP ID) at a MIP")
    return s


# ================================================================== OAM: other rules

@scenario
def oam_unsupported_channel():
    """BFD CC, Lock Instruct and FM expiring at a MIP: unsupported-channel."""
    s = new("oam_unsupported_channel", oam_unsupported_channel.__doc__, Topo())
    s.rx(10, chan(10, 100, 1, pk.CH_BFD_CC, pk.bfd_cc()),
         OamDrop("unsupported-channel", pk.CH_BFD_CC), note="BFD CC 0x0022")
    s.rx(10, chan(10, 100, 1, pk.CH_LI, pk.lock_instruct(GID, PE1, 7, 3)),
         OamDrop("unsupported-channel", pk.CH_LI), note="LI 0x0026")
    s.rx(20, chan(20, 201, 1, 0x0058, b"\x00\x01\x00\x01\x00"),
         OamDrop("unsupported-channel", 0x0058), note="FM 0x0058 on the reverse", broken=True)
    s.rx(10, chan(10, 100, 64, pk.CH_BFD_CC, pk.bfd_cc()), Fwd((20, 200)),
         note="BFD CC with TTL 64 passes as data")
    return s


@scenario
def oam_mip_off_in():
    """`mip off` on IF 10: in-MIP OAM there is mip-disabled; the out-MIP 20 still answers."""
    s = new("oam_mip_off_in", oam_mip_off_in.__doc__, Topo(mip_off=[10]))
    s.rx(10, cv(10, 100, 1, ddmap=(10, 0)), OamDrop("mip-disabled"), note="CV in-MIP 10")
    s.rx(10, cv(10, 100, 1), OamDrop("mip-disabled"), note="CV no DDMAP (in-MIP 10)")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_INGRESS)), OamDrop("mip-disabled"),
         note="LBM subtype 0")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 20)), rep_fwd("out", 20, ddmaps=DD_FWD),
         note="CV out-MIP 20 still answered")
    return s


@scenario
def oam_mip_off_out():
    """`mip off` on IF 20: out-MIP OAM is mip-disabled; the in-MIP 10 still answers."""
    s = new("oam_mip_off_out", oam_mip_off_out.__doc__, Topo(mip_off=[20]))
    s.rx(10, cv(10, 100, 1, ddmap=(0, 20)), OamDrop("mip-disabled"), note="CV out-MIP 20")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_EGRESS)), OamDrop("mip-disabled"),
         note="LBM subtype 1")
    s.rx(10, cv(10, 100, 1, ddmap=(10, 0)), rep_fwd(ddmaps=DD_FWD), note="CV in-MIP 10")
    s.rx(10, data(10, 100, 64), Fwd((20, 200)), note="data still forwarded")
    return s


@scenario
def oam_no_return_path():
    """An LSP without a reverse direction: no-return-path, nothing sent."""
    s = new("oam_no_return_path", oam_no_return_path.__doc__, Topo(lsps=[lsp_block(reverse=None)]))
    s.rx(10, cv(10, 100, 1, ddmap=(10, 0)), OamDrop("no-return-path"), note="CV in-MIP")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_INGRESS)), OamDrop("no-return-path"), note="LBM")
    s.rx(10, data(10, 100, 64), Fwd((20, 200)), note="data forwarded")
    return s


@scenario
def oam_misprogrammed_forward():
    """Forward entry sends out IF 30 instead of 20: out-MIP 20 unreachable, in-MIP shows 30."""
    topo = Topo(ifs=(10, 20, 30), lsps=[lsp_block(forward="in 10 label 100 out 30 label 200")])
    s = new("oam_misprogrammed_forward", oam_misprogrammed_forward.__doc__, topo)
    s.rx(10, cv(10, 100, 1, ddmap=(0, 20)), OamDrop("misdirected"), note="CV out-MIP 20")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 20)), OamDrop("misdirected"),
         note="LBM subtype 3 IF 20")
    s.rx(10, cv(10, 100, 1, ddmap=(10, 0)), rep_fwd(ddmaps=[(10, 30, 200, None)]),
         note="CV in-MIP: DDMAP shows egress 30")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 30)), rep_fwd("out", 30, ddmaps=[(10, 30, 200, None)]),
         note="CV out-MIP 30 answers")
    s.rx(10, data(10, 100, 64), Fwd((30, 200)), note="data goes to 30")
    return s


@scenario
def oam_p2mp():
    """P2MP branch: one out-MIP by IF_Num, every out-MIP by LBM subtype 1, RC 14 + DDMAPs."""
    s = new("oam_p2mp", oam_p2mp.__doc__, p2mp_topo())
    s.rx(10, cv(10, 100, 1, ddmap=(0, 30)),
         rep_fwd("out", 30, ddmaps=[(10, 30, 300, None)]), note="CV out-MIP 30 only")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_EGRESS)), lbr_fwd("out", [20, 30, 40]),
         note="LBM subtype 1: every out-MIP")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 40)), lbr_fwd("out", [40]),
         note="LBM subtype 3 IF 40")
    s.rx(10, cv(10, 100, 1), rep_fwd(ddmaps=None), note="CV no DDMAP: RC 8, no DDMAP")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 0)),
         rep_fwd(rc=14, rsc=None, ddmaps=[(10, 20, 200, 8), (10, 30, 300, 8), (10, 40, 400, 8)]),
         note="CV DDMAP (0,0): RC 14, one DDMAP per branch")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 50)), OamDrop("misdirected"), note="egress 50: no branch")
    return s


@scenario
def oam_per_node():
    """mip-mode per-node: the node MIP (IF_Num 0) answers CV and LBM."""
    s = new("oam_per_node", oam_per_node.__doc__, Topo(mode="per-node"))
    s.rx(10, cv(10, 100, 1), rep_fwd("node", 0, ddmaps=None), note="CV no DDMAP")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 0)), rep_fwd("node", 0, ddmaps=DD_FWD),
         note="CV DDMAP (0,0)")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_INGRESS)), lbr_fwd("node", [0]), note="LBM subtype 0")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_MIP, 0)), lbr_fwd("node", [0]),
         note="LBM subtype 3 IF_Num 0")
    return s


@scenario
def oam_policer():
    """oam-policer rate 10 burst 5 on pcap time: 100 CVs in 1 s -> 5..15 answered per IF."""
    s = new("oam_policer", oam_policer.__doc__, Topo(policer="rate 10 burst 5"))
    fr = []
    for i in range(100):
        f = s.rx(10, cv(10, 100, 1, ddmap=(10, 0)),
                 OneOf(rep_fwd(ddmaps=DD_FWD), OamDrop("policed")),
                 t_us=T0_US + i * 10000, note="CV %d on 10" % i)
        fr.append(f)
    for i in range(30):
        s.rx(10, data(10, 100, 64), Fwd((20, 200)), t_us=T0_US + 5000 + i * 30000,
             note="data %d on 10 (never policed)" % i)
    other = []
    for i in range(5):
        f = s.rx(20, cv(20, 201, 1, ddmap=(20, 0)),
                 EchoReply(20, 200, "in", 20, 8, 1, [(20, 10, 101, None)]),
                 t_us=T0_US + 505000 + i * 10000, note="CV %d on 20 (own bucket)" % i)
        other.append(f)

    @s.check
    def _(run):
        answered = [f for f in fr if isinstance(f.exp.chosen, EchoReply)]
        expect(5 <= len(answered) <= 15, "IF 10: %d of 100 answered, expected 5..15",
               len(answered))
        eq("first 5 (the burst) answered", [isinstance(f.exp.chosen, EchoReply) for f in fr[:5]],
           [True] * 5)
        eq("drops policed", run.stats["drops"].get("policed", 0), 100 - len(answered))
    return s


@scenario
def oam_policer_flood():
    """A flood at 100 x the policer's rate (1000 CVs/s against rate 10): the bucket holds."""
    s = new("oam_policer_flood", oam_policer_flood.__doc__, Topo(policer="rate 10 burst 5"))
    fr = []
    for i in range(2000):
        fr.append(s.rx(10, cv(10, 100, 1, ddmap=(10, 0)),
                       OneOf(rep_fwd(ddmaps=DD_FWD), OamDrop("policed")),
                       t_us=T0_US + i * 1000, note="CV %d on 10" % i))

    @s.check
    def _(run):
        answered = sum(isinstance(f.exp.chosen, EchoReply) for f in fr)
        # 2 s at 10/s plus the burst of 5: 25, give or take one token.
        expect(20 <= answered <= 26, "%d of 2000 answered in 2 s, expected 20..26", answered)
        eq("drops policed", run.stats["drops"].get("policed", 0), 2000 - answered)
    return s


@scenario
def oam_policer_shares():
    """A flood on one LSP (1000 CVs/s for 2 s against rate 100) does not starve another LSP on
    the same interface: its 10 CVs, one every 200 ms between flood frames, are all answered."""
    second = lsp_block(name="pe1-pe3-b", forward="in 10 label 110 out 20 label 210",
                       reverse="in 20 label 211 out 10 label 111")
    s = new("oam_policer_shares", oam_policer_shares.__doc__,
            Topo(lsps=[lsp_block(), second], policer="rate 100 burst 20"))
    flood = []
    for i in range(2000):
        flood.append(s.rx(10, cv(10, 100, 1, ddmap=(10, 0)),
                          OneOf(rep_fwd(ddmaps=DD_FWD), OamDrop("policed")),
                          t_us=T0_US + i * 1000, note="flood CV %d on LSP a" % i))
    for i in range(10):
        s.rx(10, cv(10, 110, 1, ddmap=(10, 0)),
             EchoReply(10, 111, "in", 10, 8, 1, [(10, 20, 210, None)], lsp="pe1-pe3-b"),
             t_us=T0_US + 100500 + i * 200000, note="CV %d on LSP b" % i)

    @s.check
    def _(run):
        answered = sum(isinstance(f.exp.chosen, EchoReply) for f in flood)
        # The interface bucket is the ceiling: 20 + 2 s x 100, less LSP b's 10.
        expect(answered <= 20 + 200 - 10, "flood: %d answered, above the ceiling", answered)
        # A share's burst (20 / 8 -> 2 tokens) is kept back from the flood.
        expect(answered >= 20 + 200 - 10 - 2 - 1, "flood: only %d answered", answered)
        eq("drops policed", run.stats["drops"].get("policed", 0), 2000 - answered)
    return s


@scenario
def oam_sink_mep():
    """CV on a direction that ends here (label popped, any TTL): RC 3 from the MEP."""
    topo = Topo(lsps=[lsp_block(forward="in 10 label 100", reverse="out 10 label 101", dst=NODE)])
    s = new("oam_sink_mep", oam_sink_mep.__doc__, topo)
    for ttl in (9, 1, 255):
        s.rx(10, cv(10, 100, ttl), EchoReply(10, 101, "mep", None, 3, 1, None),
             note="CV to the sink MEP, TTL %d" % ttl)
    s.rx(10, data(10, 100, 64), Consumed(), note="data to the sink MEP")
    s.rx(10, cv(10, 100, 1, flags=pk.FLAG_T), EchoReply(10, 101, "mep", None, 3, 1, None),
         note="T flag, TTL expired at the MEP: reply")
    s.rx(10, cv(10, 100, 9, flags=pk.FLAG_T), Consumed(),
         note="T flag, TTL 9 not expired at the MEP: consumed without reply")
    return s


@scenario
def oam_pw_ach():
    """OAM in the PW ACH form (no GAL, ACH under a BoS label, TTL 1): answered the same way."""
    s = new("oam_pw_ach", oam_pw_ach.__doc__, Topo())
    s.rx(10, cv(10, 100, 1, gal=False, ddmap=(10, 0)), rep_fwd(ddmaps=DD_FWD, gal=False),
         note="CV in PW ACH form")
    s.rx(10, lbm(10, 100, 1, target(pk.SUB_INGRESS), gal=False), lbr_fwd("in", [10], gal=False),
         note="LBM in PW ACH form")
    return s


@scenario
def ip_form_mips():
    """The IP form (ACH 0x0021 / 0x0057, RFC 6426 §2) at the in-MIP, the out-MIP, under a PW
    label; misdirected: the same rules as 0x0025, answered in the request's form."""
    s = new("ip_form_mips", ip_form_mips.__doc__, Topo())
    s.rx(10, cv_ip(10, 100, 1), rep_fwd(ip=4), note="IPv4 form, in-MIP (no DDMAP)")
    s.rx(10, cv_ip(10, 100, 1, 6), rep_fwd(ip=6), note="IPv6 form, in-MIP (no DDMAP)")
    s.rx(10, cv_ip(10, 100, 1, ddmap=(10, 0)), rep_fwd(ddmaps=DD_FWD, ip=4),
         note="IPv4 form, DDMAP ingress 10: in-MIP")
    s.rx(10, cv_ip(10, 100, 1, 6, ddmap=(0, 20)), rep_fwd("out", 20, ddmaps=DD_FWD, ip=6),
         note="IPv6 form, DDMAP egress 20: out-MIP")
    s.rx(10, cv_ip(10, 100, 1, gal=False, ddmap=(10, 0)),
         rep_fwd(ddmaps=DD_FWD, gal=False, ip=4), note="IPv4 form under a PW label (PW ACH)")
    s.rx(20, cv_ip(20, 201, 1, ddmap=(20, 0)),
         EchoReply(20, 200, "in", 20, 8, 1, [(20, 10, 101, None)], ip=4),
         note="IPv4 form on the reverse direction")
    s.rx(10, cv_ip(10, 100, 1, dst=PE3), OamDrop("misdirected", pk.CH_IPV4),
         note="IPv4 form, Destination Identifier PE3: misdirected")
    s.rx(10, cv_ip(10, 100, 1, 6, ddmap=(20, 0)), OamDrop("misdirected", pk.CH_IPV6),
         note="IPv6 form, DDMAP ingress 20 on IF 10: misdirected")
    s.rx(10, cv_ip(10, 100, 1, ddmap=(0, 30)), OamDrop("misdirected"),
         note="IPv4 form, DDMAP egress 30: not on the path")
    s.rx(10, cv_ip(10, 100, 2), Fwd((20, 200), ttl=1), note="IPv4 form, TTL 2: forwarded")
    return s


@scenario
def ip_form_malformed():
    """IP-form requests whose IP/UDP headers cannot be trusted: malformed, no reply."""
    s = new("ip_form_malformed", ip_form_malformed.__doc__, Topo())
    good = cv_ip(10, 100, 1)
    s.rx(10, good[:-1] + bytes([good[-1] ^ 1]), OamDrop("malformed", pk.CH_IPV4),
         note="UDP checksum wrong (last byte flipped)", broken=True)
    hdr = 14 + 8 + 4
    s.rx(10, good[:hdr + 11] + bytes([good[hdr + 11] ^ 1]) + good[hdr + 12:],
         OamDrop("malformed"), note="IPv4 header checksum wrong", broken=True)
    s.rx(10, cv_ip(10, 100, 1, ip_kw=dict(dst="10.0.0.1")), OamDrop("malformed"),
         note="destination 10.0.0.1, not 127/8 (RFC 8029 §4.3)")
    s.rx(10, cv_ip(10, 100, 1, 6, ip_kw=dict(dst="10.0.0.1")), OamDrop("malformed"),
         note="destination ::ffff:10.0.0.1, not ::ffff:127/104")
    s.rx(10, cv_ip(10, 100, 1, ip_kw=dict(dport=3504)), OamDrop("malformed"),
         note="UDP destination port 3504")
    v6 = cv_ip(10, 100, 1, 6)
    s.rx(10, v6[:-4], OamDrop("malformed"), note="IPv6 payload length past the end",
         broken=True)
    s.rx(10, pk.gach_frame(our_mac(10), peer_mac(10), 100, 1, pk.CH_IPV4,
                           pk.ip_form(echo(), 6)), OamDrop("malformed"),
         note="IPv6 packet on the IPv4 channel")

    @s.check
    def _(run):
        eq("no echo request read", run.stats["oam"].get("echo-request-rx", 0), 0)
    return s


@scenario
def ip_form_reply_modes():
    """Reply modes in both forms (RFC 8029 §3): 4 answered, 1 consumed without reply
    (no-reply-mode), 2 and 3 (IP/UDP) unsupported-reply-mode."""
    s = new("ip_form_reply_modes", ip_form_reply_modes.__doc__, Topo())
    for ver in (None, 4):
        form = "IPv4 form" if ver else "non-IP form"

        def req(mode, **kw):
            if ver:
                return cv_ip(10, 100, 1, reply_mode=mode, **kw)
            msg = echo(**kw)
            return cv(10, 100, 1, msg=msg[:5] + bytes([mode]) + msg[6:])
        s.rx(10, req(4), rep_fwd(ip=ver), note="%s, reply mode 4" % form)
        s.rx(10, req(1), Consumed("no-reply-mode"), note="%s, reply mode 1: no reply" % form)
        s.rx(10, req(2), OamDrop("unsupported-reply-mode"), note="%s, reply mode 2" % form)
        s.rx(10, req(3), OamDrop("unsupported-reply-mode"), note="%s, reply mode 3" % form)
        s.rx(10, req(1, dst=PE3), OamDrop("misdirected"),
             note="%s, reply mode 1 to another node: misdirected first" % form)

    @s.check
    def _(run):
        eq("no-reply-mode", run.stats["oam"].get("no-reply-mode"), 2)
    return s


@scenario
def ip_form_node_mip():
    """The IP form at the node MIP (mip-mode per-node): IF_Num 0 answers."""
    s = new("ip_form_node_mip", ip_form_node_mip.__doc__, Topo(mode="per-node"))
    s.rx(10, cv_ip(10, 100, 1, ddmap=(0, 0)), rep_fwd("node", 0, ddmaps=DD_FWD, ip=4),
         note="IPv4 form, node MIP")
    s.rx(10, cv_ip(10, 100, 1, 6), rep_fwd("node", 0, ip=6), note="IPv6 form, node MIP")
    return s


@scenario
def ip_form_p2mp():
    """The IP form at a P2MP branch: RC 14 with one DDMAP per leg; one out-MIP by IF_Num."""
    s = new("ip_form_p2mp", ip_form_p2mp.__doc__, p2mp_topo())
    s.rx(10, cv_ip(10, 100, 1, ddmap=(0, 0)),
         rep_fwd(rc=14, rsc=None, ddmaps=[(10, 20, 200, 8), (10, 30, 300, 8), (10, 40, 400, 8)],
                 ip=4), note="IPv4 form, DDMAP (0,0): RC 14")
    s.rx(10, cv_ip(10, 100, 1, 6, ddmap=(0, 30)),
         rep_fwd("out", 30, ddmaps=[(10, 30, 300, None)], ip=6), note="IPv6 form, out-MIP 30")
    return s


@scenario
def ip_form_sink_mep():
    """The IP form at the sink MEP: RC 3 in the request's form, any TTL."""
    topo = Topo(lsps=[lsp_block(forward="in 10 label 100", reverse="out 10 label 101", dst=NODE)])
    s = new("ip_form_sink_mep", ip_form_sink_mep.__doc__, topo)
    s.rx(10, cv_ip(10, 100, 9), EchoReply(10, 101, "mep", None, 3, 1, None, ip=4),
         note="IPv4 form to the sink MEP, TTL 9")
    s.rx(10, cv_ip(10, 100, 1, 6), EchoReply(10, 101, "mep", None, 3, 1, None, ip=6),
         note="IPv6 form to the sink MEP, TTL 1")
    s.rx(10, cv_ip(10, 100, 1, gal=False), EchoReply(10, 101, "mep", None, 3, 1, None,
                                                      gal=False, ip=4),
         note="IPv4 form in the PW ACH form to the sink MEP")
    return s


@scenario
def oam_two_lsps():
    """Two LSPs on the same interfaces: each frame uses its own LSP's labels and name."""
    second = lsp_block(name="pe1-pe3-b", forward="in 10 label 110 out 20 label 210",
                       reverse="in 20 label 211 out 10 label 111")
    s = new("oam_two_lsps", oam_two_lsps.__doc__, Topo(lsps=[lsp_block(), second]))
    s.rx(10, data(10, 110, 64), Fwd((20, 210)), note="data on LSP b")
    s.rx(20, data(20, 211, 64), Fwd((10, 111)), note="reverse data on LSP b")
    s.rx(10, cv(10, 110, 1, ddmap=(10, 0)),
         EchoReply(10, 111, "in", 10, 8, 1, [(10, 20, 210, None)], lsp="pe1-pe3-b"),
         note="CV in-MIP on LSP b")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 20)), rep_fwd("out", 20, ddmaps=DD_FWD),
         note="CV out-MIP on LSP a")
    s.rx(10, lbm(10, 110, 1, target(pk.SUB_EGRESS)), Lbr(10, 111, "out", [20], lsp="pe1-pe3-b"),
         note="LBM subtype 1 on LSP b")
    return s


# ================================================================== loopback (RFC 6435)

@scenario
def loop_in_mip():
    """`loopback interface 10`: forward frames return on IF 10, label 101, TTL-1; in-MIP answers."""
    topo = Topo(lsps=[lsp_block(loopback=10)])
    s = new("loop_in_mip", loop_in_mip.__doc__, topo)
    s.rx(10, data(10, 100, 64), Loop(10, 101), note="data TTL 64 looped")
    s.rx(10, data(10, 100, 9, tc=4, inner=[(444, 1)]), Loop(10, 101), note="data TC 4 + inner")
    s.rx(10, cv(10, 100, 1, ddmap=(10, 0)), rep_fwd(ddmaps=DD_FWD), note="CV in-MIP answered")
    # The out-MIP is beyond the loop (docs/OAM-RULES.md §5); looped like data an expiring
    # frame would leave with TTL 0, so it ends here (docs/OAM-NOTES.md).
    s.rx(10, cv(10, 100, 1, ddmap=(0, 20)), OamDrop("ttl-expired"),
         note="CV for the out-MIP beyond the loop")
    s.rx(20, data(20, 201, 64), Fwd((10, 101)), note="reverse direction unaffected")
    return s


@scenario
def loop_out_mip():
    """`loopback interface 20`: data looped at the out-MIP; in-MIP and out-MIP both answer."""
    topo = Topo(lsps=[lsp_block(loopback=20)])
    s = new("loop_out_mip", loop_out_mip.__doc__, topo)
    s.rx(10, data(10, 100, 64), Loop(10, 101), note="data TTL 64 looped")
    s.rx(10, data(10, 100, 33, tc=6), Loop(10, 101), note="data TTL 33 TC 6 looped")
    s.rx(10, cv(10, 100, 1, ddmap=(10, 0)), rep_fwd(ddmaps=DD_FWD), note="CV in-MIP")
    s.rx(10, cv(10, 100, 1, ddmap=(0, 20)), rep_fwd("out", 20, ddmaps=DD_FWD), note="CV out-MIP")
    s.rx(20, data(20, 201, 64), Fwd((10, 101)), note="reverse direction unaffected")
    return s


# ================================================================== configuration and usage errors

class BadConfig:
    """An invalid configuration: exit 2, FILE:LINE: on stderr, no output pcaps."""

    def __init__(self, name, doc, text, line):
        self.name = name
        self.doc = doc
        self.text = text if isinstance(text, bytes) else text.encode()
        self.line = line      # int, or None: any line number (or none)


class Usage:
    """A command-line error: exit 2."""

    def __init__(self, name, doc, in_args_fn):
        self.name = name
        self.doc = doc
        self.in_args_fn = in_args_fn


def _good_lines():
    return Topo().text().splitlines()


def _bad(name, doc, replace=None, append=None):
    """The good configuration with one line replaced (pattern -> text) or appended."""
    lines = _good_lines()
    if replace:
        pat, new_line = replace
        idx = next(i for i, ln in enumerate(lines) if ln.strip().startswith(pat))
        lines[idx] = new_line
        line = idx + 1
    else:
        lines += append
        line = len(lines)
    return BadConfig(name, doc, "\n".join(lines) + "\n", line)


BAD_CONFIGS = [
    _bad("cfg_unknown_keyword", "unknown keyword", replace=("icc", "frobnicate 7 cc XX")),
    _bad("cfg_reserved_in_label", "reserved label 13 as an in label",
         replace=("forward", "  forward in 10 label 13 out 20 label 200")),
    _bad("cfg_reserved_out_label", "reserved label 3 as an out label",
         replace=("reverse", "  reverse in 20 label 201 out 10 label 3")),
    _bad("cfg_duplicate_in_label", "duplicate (in IF, label) in a second lsp",
         append=["", "lsp second", "  source 65000:192.0.2.1 tunnel 8",
                 "  destination 65000:192.0.2.3 tunnel 8", "  lsp-num 4",
                 "  forward in 10 label 100 out 20 label 300"]),
    _bad("cfg_undefined_interface", "an out interface that is not configured",
         replace=("forward", "  forward in 10 label 100 out 99 label 200")),
    _bad("cfg_bad_mac", "a MAC address with a non-hex digit",
         replace=("interface 20", "interface 20 port 1 mac 02:aa:00:14:0g:01 peer %s"
                  % peer_mac(20))),
    _bad("cfg_if_num_zero", "IF_Num 0 (reserved, RFC 6370)",
         replace=("interface 20", "interface 0 port 1 mac %s peer %s"
                  % (our_mac(20), peer_mac(20)))),
    _bad("cfg_duplicate_interface", "the same IF_Num twice",
         replace=("interface 20", "interface 10 port 1 mac %s peer %s"
                  % (our_mac(20), peer_mac(20)))),
    BadConfig("cfg_loopback_off_path", "loopback at interface 30, which the LSP does not cross",
              Topo(ifs=(10, 20, 30), lsps=[lsp_block(loopback=30)]).text(),
              Topo(ifs=(10, 20, 30), lsps=[lsp_block(loopback=30)]).text().splitlines()
              .index("  loopback interface 30") + 1),
    BadConfig("cfg_lsp_without_lsp_num", "an lsp block without lsp-num",
              Topo().text().replace("  lsp-num 3\n", ""), None),
    BadConfig("cfg_empty_file", "an empty file", b"", None),
    BadConfig("cfg_binary_garbage", "binary garbage",
              bytes([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff, 0xfe, 0x0a, 0x00, 0x80]) +
              bytes(range(256)), 1),
]


def _missing_input(d):
    return ["--in", "10=%s/does-not-exist.pcap" % d]


def _unknown_interface(d):
    path = "%s/in-x.pcap" % d
    pk.write_pcap(path, [(T0_US, data(10, 100, 64))])
    return ["--in", "99=%s" % path]


USAGE = [
    Usage("usage_missing_input", "--in names a file that does not exist", _missing_input),
    Usage("usage_unknown_interface", "--in names IF_Num 99, not in the configuration",
          _unknown_interface),
]


def all_scenarios():
    """[(name, doc, builder)] in a stable order."""
    import importlib.util
    if importlib.util.find_spec("scenarios_l2") is not None:  # layer-2 scenarios, in the making
        import scenarios_l2  # noqa: F401  (its @scenario functions register themselves)
    out = []
    for fn in SCENARIOS:
        out.append((fn.__name__, (fn.__doc__ or "").strip(), fn))
    for b in BAD_CONFIGS + USAGE:
        out.append((b.name, b.doc, (lambda b=b: b)))
    return out
