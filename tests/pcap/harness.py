# SPDX-License-Identifier: BSD-3-Clause
"""Scenario harness: topology and config text, input frames with their expected
fate, one `tplsr replay` run, and the checks.

Every input frame carries an expectation (Fwd, Drop, Consumed, EchoReply, Lbr,
...).  Because tplsr stamps each transmitted frame with the time of the frame
that caused it (docs/CONTRACT.md §3), and every input frame here gets its own time,
each output frame is traced back to the input that caused it; the expectation
then checks those outputs field by field (tshark, docs/WIRE-FORMAT.md §9 names, plus raw
bytes where tshark 4.0 has no field), the event line(s) of that frame, and its
contribution to the counters.
"""

import dataclasses
import json
import os
import re
import struct
import subprocess
import threading

import lsrpkt as pk

TSHARK = "tshark"
T0_US = 1700000000 * 1000000 + 250000  # first frame time (microseconds)
STEP_US = 1000                         # default spacing of frames

# tplsr runs one at a time (DPDK EAL state is per file prefix); tshark runs in parallel.
_tplsr_lock = threading.Lock()


class Fail(Exception):
    pass


def parsed(parse, msg, where):
    """parse(msg); a message our own parser refuses fails the check at `where`."""
    try:
        return parse(msg)
    except ValueError as e:
        raise Fail("%s: %s" % (where, e))


def expect(cond, msg, *args):
    if not cond:
        raise Fail(msg % args if args else msg)


def eq(what, got, want):
    if got != want:
        raise Fail("%s: got %r, expected %r" % (what, got, want))


def fmt_mac(b):
    return ":".join("%02x" % x for x in b)


# ------------------------------------------------------------------ identities / config

GID = 65000
NODE = "192.0.2.2"        # this node (P)
PE1 = "192.0.2.1"         # upstream, source of the forward direction
PE3 = "192.0.2.3"         # downstream
ICC, CC = "XYZ12", "DE"   # 5 characters: the LBR pads it with one zero byte
LSP = "pe1-pe3-t7"
SRC_TUNNEL, DST_TUNNEL, LSP_NUM = 7, 9, 3


def our_mac(if_num):
    return "02:aa:%02x:%02x:00:01" % ((if_num >> 8) & 0xFF, if_num & 0xFF)


def peer_mac(if_num):
    return "02:bb:%02x:%02x:00:02" % ((if_num >> 8) & 0xFF, if_num & 0xFF)


class Topo:
    """The node's configuration, as text, plus what the checks need from it."""

    def __init__(self, ifs=(10, 20), mip_off=(), mode=None, policer=None, icc=True,
                 lsps=None, node=NODE):
        self.ifs = list(ifs)
        self.mip_off = set(mip_off)
        self.mode = mode
        self.policer = policer
        self.icc = icc
        self.node = node
        self.lsps = lsps if lsps is not None else [lsp_block()]

    def text(self):
        out = ["# tplsr pcap scenario: P between PE1 and PE3",
               "node %d:%s" % (GID, self.node)]
        if self.icc:
            out.append("icc %s cc %s" % (ICC, CC))
        if self.mode:
            out.append("mip-mode %s" % self.mode)
        if self.policer:
            out.append("oam-policer %s" % self.policer)
        out.append("")
        for port, i in enumerate(self.ifs):
            line = "interface %d port %d mac %s peer %s" % (i, port, our_mac(i), peer_mac(i))
            if i in self.mip_off:
                line += " mip off"
            out.append(line)
        for block in self.lsps:
            out.append("")
            out.extend(block)
        return "\n".join(out) + "\n"


def lsp_block(name=LSP, forward="in 10 label 100 out 20 label 200",
              reverse="in 20 label 201 out 10 label 101", loopback=None,
              src=PE1, dst=PE3):
    lines = ["lsp %s" % name,
             "  source %d:%s tunnel %d" % (GID, src, SRC_TUNNEL),
             "  destination %d:%s tunnel %d" % (GID, dst, DST_TUNNEL),
             "  lsp-num %d" % LSP_NUM]
    if forward:
        lines.append("  forward " + forward)
    if reverse:
        lines.append("  reverse " + reverse)
    if loopback is not None:
        lines.append("  loopback interface %d" % loopback)
    return lines


# ------------------------------------------------------------------ tshark

FIELDS = [
    "frame.protocols", "eth.dst", "eth.src", "eth.type",
    "mpls.label", "mpls.exp", "mpls.bottom", "mpls.ttl",
    "pwach.ver", "pwach.res", "pwach.channel_type", "udp.srcport", "udp.dstport",
    "mpls_echo.version", "mpls_echo.msg_type", "mpls_echo.reply_mode",
    "mpls_echo.return_code", "mpls_echo.return_subcode",
    "mpls_echo.sender_handle", "mpls_echo.sequence", "mpls_echo.tlv.type",
    "mpls_echo.lspping.tlv.src.addr.gid", "mpls_echo.lspping.tlv.src.addr.nid",
    "mpls_echo.tlv.dd_map.addr_type", "mpls_echo.tlv.dd_map.ingress.if.num",
    "mpls_echo.tlv.dd_map.egress.if.num", "mpls_echo.tlv.dd_map.return_code",
    "mpls_echo.subtlv.label", "mpls_echo.tlv.errored.type",
    "cfm.md.level", "cfm.version", "cfm.opcode", "cfm.flags", "cfm.first.tlv.offset",
    "cfm.lb.transaction.id",
    "bfd.version", "mplstp_lock.refresh-timer",
    "_ws.malformed", "_ws.expert.severity", "_ws.expert.message",
]
SEVERITY_ERROR = 0x00800000


class Decoded:
    """tshark's view of one frame: field -> [str]."""

    def __init__(self, layers):
        self.f = layers

    def all(self, name):
        return self.f.get(name, [])

    def ints(self, name):
        return [int(v, 0) for v in self.f.get(name, [])]

    def one(self, name):
        v = self.ints(name)
        if not v:
            raise Fail("tshark shows no %s (protocols %s)" % (name, self.all("frame.protocols")))
        return v[0]

    def errors(self):
        """Malformed markers and expert infos of severity Error or worse."""
        errs = []
        if self.all("_ws.malformed"):
            errs.append("malformed")
        msgs = self.all("_ws.expert.message")
        for i, sev in enumerate(self.ints("_ws.expert.severity")):
            if sev >= SEVERITY_ERROR:
                errs.append(msgs[i] if i < len(msgs) else "expert error")
        return errs


def tshark_decode(path):
    """-> [Decoded] for each frame of a pcap."""
    # Checksums verified too: a wrong IP or UDP checksum in a frame tplsr sends (the IP form
    # of LSP Ping, docs/OAM-RULES.md §2.6) is then an expert error like any other.
    cmd = [TSHARK, "-n", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
           "-r", path, "-T", "json"]
    for f in FIELDS:
        cmd += ["-e", f]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if r.returncode != 0:
        raise Fail("tshark failed on %s: %s" % (path, r.stderr.decode(errors="replace")[-400:]))
    text = r.stdout.decode(errors="replace").strip()
    if not text:
        return []
    return [Decoded(p["_source"]["layers"]) for p in json.loads(text)]


# ------------------------------------------------------------------ inputs

@dataclasses.dataclass(eq=False)
class Frame:
    """One input frame: where it arrives, when, bytes, and what must become of it."""
    if_num: int
    data: bytes
    exp: object
    t_us: int
    note: str
    seq: int = None              # 1-based position in the merged order
    outs: dict = dataclasses.field(default_factory=dict)     # if_num -> [Out]
    events: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass(eq=False)
class Out:
    """One transmitted frame: where, when, bytes, tshark's decode."""
    if_num: int
    index: int
    t_us: int
    data: bytes
    dec: object = None

    def where(self):
        return "if%d.pcap #%d" % (self.if_num, self.index + 1)


class Scenario:
    """A configuration, frames received per interface, their expectations and
    optional scenario-wide checks (fn(run) raising Fail)."""

    def __init__(self, name, doc, topo):
        self.name = name
        self.doc = doc
        self.topo = topo
        self.frames = []
        self.checks = []
        self.in_order = None     # --in order; default ascending IF_Num
        self._next_t = T0_US

    def rx(self, if_num, data, exp, t_us=None, note="", broken=False):
        """Frame data arrives on if_num at t_us (default: STEP_US after the last);
        broken: the frame is malformed on purpose (the selftest expects tshark to say so
        or not, and skips its decode checks)."""
        if t_us is None:
            t_us = self._next_t
        self._next_t = max(self._next_t, t_us) + STEP_US
        f = Frame(if_num, data, exp, t_us, note or "frame %d" % (len(self.frames) + 1))
        f.broken = broken
        self.frames.append(f)
        return f

    def check(self, fn):
        self.checks.append(fn)
        return fn


# ------------------------------------------------------------------ expectations

def check_eth_out(o, topo):
    eq("%s destination MAC" % o.where(), fmt_mac(o.data[0:6]), peer_mac(o.if_num))
    eq("%s source MAC" % o.where(), fmt_mac(o.data[6:12]), our_mac(o.if_num))


class Expectation:
    fate = None          # "forwarded" | "consumed" | "dropped"
    reason = None

    def outputs(self):
        """{if_num: count} of frames this input must cause."""
        return {}

    def check_events(self, f, run):
        expect(not f.events, "%s: forwarded frame has events %s", f.note, f.events)

    def check_outputs(self, f, run):
        pass


class Fwd(Expectation):
    """Label-switched: copies = [(out_if, out_label)]."""
    fate = "forwarded"

    def __init__(self, *copies, ttl=None):
        self.copies = list(copies)
        self.ttl = ttl

    def outputs(self):
        d = {}
        for i, _ in self.copies:
            d[i] = d.get(i, 0) + 1
        return d

    def check_outputs(self, f, run):
        for out_if, label in self.copies:
            check_transit(f, f.outs[out_if][0], label, self.ttl)


def check_transit(f, o, label, ttl=None):
    """The top LSE swapped to label, TTL - 1, TC and S kept, the rest byte-identical."""
    w = o.where()
    check_eth_out(o, None)
    in_lses, _ = pk.parse_stack(f.data)
    lbl0, tc0, s0, ttl0 = in_lses[0]
    want_ttl = ttl if ttl is not None else ttl0 - 1
    d = o.dec
    eq("%s ethertype" % w, d.one("eth.type") in (pk.ETH_MPLS, pk.ETH_MPLS_MC), True)
    eq("%s top label (tshark)" % w, d.ints("mpls.label")[0], label)
    eq("%s top TTL (tshark)" % w, d.ints("mpls.ttl")[0], want_ttl)
    eq("%s top TC (tshark)" % w, d.ints("mpls.exp")[0], tc0)
    eq("%s top S bit (tshark)" % w, d.ints("mpls.bottom")[0], s0)
    eq("%s labels below the top (tshark)" % w, d.ints("mpls.label")[1:],
       [e[0] for e in in_lses[1:]])
    eq("%s TTLs below the top (tshark)" % w, d.ints("mpls.ttl")[1:], [e[3] for e in in_lses[1:]])
    lse = (label << 12) | (tc0 << 9) | (s0 << 8) | want_ttl
    eq("%s top LSE bytes" % w, o.data[14:18].hex(), lse.to_bytes(4, "big").hex())
    eq("%s length" % w, len(o.data), len(f.data))
    expect(o.data[18:] == f.data[18:], "%s: bytes after the top LSE changed", w)


class Loop(Fwd):
    """RFC 6435 loopback: returned on the reverse direction, counted forwarded."""

    def __init__(self, out_if, label, ttl=None):
        super().__init__((out_if, label), ttl=ttl)

    def check_events(self, f, run):
        expect(len(f.events) == 1, "%s: expected one loopback event, got %s", f.note, f.events)
        ev = f.events[0]
        eq("%s event" % f.note, ev.get("event"), "loopback")


class Drop(Expectation):
    fate = "dropped"

    def __init__(self, reason):
        self.reason = reason

    def check_events(self, f, run):
        expect(len(f.events) == 1, "%s: expected one drop event (%s), got %s",
               f.note, self.reason, f.events)
        ev = f.events[0]
        eq("%s event" % f.note, ev.get("event"), "drop")
        eq("%s drop reason" % f.note, ev.get("reason"), self.reason)


class OamDrop(Drop):
    """An OAM drop: the reason, and the channel when the event names one."""

    def __init__(self, reason, channel=None):
        super().__init__(reason)
        self.channel = channel

    def check_events(self, f, run):
        super().check_events(f, run)
        ev = f.events[0]
        if self.channel is not None and "channel" in ev:
            eq("%s event channel" % f.note, ev["channel"], self.channel)


class Consumed(Expectation):
    """Consumed without a reply; oam: the OAM counter it counts in, if any (for the
    selftest's stand-in; the scenario's own checks assert the count)."""
    fate = "consumed"

    def __init__(self, oam=None):
        super().__init__()
        self.oam = oam

    def check_events(self, f, run):
        expect(len(f.events) == 1, "%s: expected one consumed event, got %s", f.note, f.events)
        eq("%s event" % f.note, f.events[0].get("event"), "consumed")


def check_oam_event(f, ev, mip, mip_if, lsp, channel):
    eq("%s event" % f.note, ev.get("event"), "reply")
    eq("%s event mip" % f.note, ev.get("mip"), mip)
    if mip_if is not None:
        eq("%s event mip_if" % f.note, ev.get("mip_if"), mip_if)
    eq("%s event lsp" % f.note, ev.get("lsp"), lsp)
    eq("%s event channel" % f.note, ev.get("channel"), channel)


def check_gach_out(o, label, gal, channel):
    """Ethernet, reply label TTL 255, GAL (S=1, TTL 1) or PW form, ACH header."""
    w = o.where()
    d = o.dec
    check_eth_out(o, None)
    eq("%s ethertype" % w, d.one("eth.type"), pk.ETH_MPLS)
    if gal:
        eq("%s labels" % w, d.ints("mpls.label"), [label, pk.GAL])
        eq("%s TTLs" % w, d.ints("mpls.ttl"), [255, 1])
        eq("%s S bits" % w, d.ints("mpls.bottom"), [0, 1])
    else:
        eq("%s labels (PW ACH form)" % w, d.ints("mpls.label"), [label])
        eq("%s TTLs" % w, d.ints("mpls.ttl"), [255])
        eq("%s S bits" % w, d.ints("mpls.bottom"), [1])
    eq("%s ACH channel" % w, d.one("pwach.channel_type"), channel)
    eq("%s ACH version" % w, d.one("pwach.ver"), 0)
    found = pk.gach_message(o.data)
    expect(found is not None, "%s: no ACH in the raw bytes", w)
    eq("%s raw ACH first byte" % w, o.data[len(o.data) - len(found[1]) - 4], 0x10)
    return found[1]


ANY = object()   # "not checked"


class EchoReply(Expectation):
    """An LSP Ping echo reply on out_if / label (RFC 6426 §3, docs/OAM-RULES.md §4).

    ddmaps: None = no DDMAP in the reply, else [(ingress, egress, label, rc or None)].
    """
    fate = "consumed"

    def __init__(self, out_if, label, mip, mip_if, rc, rsc, ddmaps=None, gal=True,
                 lsp=LSP, errored=None, node=NODE, n=1, ip=None):
        self.ip = ip     # None: the non-IP form (0x0025); 4 or 6: the IP form (0x0021, 0x0057)
        self.channel = {None: pk.CH_LSP_PING, 4: pk.CH_IPV4, 6: pk.CH_IPV6}[ip]
        self.out_if, self.label = out_if, label
        self.mip, self.mip_if = mip, mip_if
        self.rc, self.rsc = rc, rsc
        self.ddmaps = ddmaps
        self.gal = gal
        self.lsp = lsp
        self.errored = errored
        self.node = node

    def outputs(self):
        return {self.out_if: 1}

    def check_events(self, f, run):
        expect(len(f.events) == 1, "%s: expected one reply event, got %s", f.note, f.events)
        check_oam_event(f, f.events[0], self.mip, self.mip_if, self.lsp, self.channel)

    def check_ip_form(self, w, d, body, req_frame):
        """RFC 8029 §4.5, docs/OAM-RULES.md §2.6: from our Node_ID address and port 3503
        to the request's source address and port, checksums right; tshark sees IP/UDP."""
        rep = parsed(lambda b: pk.parse_ip_form(self.channel, b), body, w)
        req = pk.parse_ip_form(self.channel, pk.gach_message(req_frame)[1])
        ours = struct.pack("!I", pk.ipv4(self.node))
        eq("%s IP version" % w, rep["version"], self.ip)
        eq("%s IP source" % w, rep["src"], ours if self.ip == 4 else bytes(10) + b"\xff\xff" + ours)
        eq("%s IP destination = the request's source" % w, rep["dst"], req["src"])
        eq("%s UDP source port" % w, rep["sport"], pk.LSPPING_PORT)
        eq("%s UDP destination port = the request's source port" % w, rep["dport"], req["sport"])
        eq("%s UDP ports (tshark)" % w, (d.one("udp.srcport"), d.one("udp.dstport")),
           (pk.LSPPING_PORT, req["sport"]))
        expect(("ip" if self.ip == 4 else "ipv6") in d.all("frame.protocols")[0].split(":"),
               "%s: tshark does not see the IP header (%s)", w, d.all("frame.protocols"))
        return rep["msg"]

    def check_outputs(self, f, run):
        o = f.outs[self.out_if][0]
        w = o.where()
        msg = check_gach_out(o, self.label, self.gal, self.channel)
        d = o.dec
        if self.ip is not None:
            msg = self.check_ip_form(w, d, msg, f.data)
        expect("mpls-echo" in d.all("frame.protocols")[0], "%s: tshark does not see an echo "
               "message (%s)", w, d.all("frame.protocols"))
        eq("%s message type (tshark)" % w, d.one("mpls_echo.msg_type"), pk.ECHO_REPLY)
        eq("%s return code (tshark)" % w, d.one("mpls_echo.return_code"), self.rc)
        if self.rsc is not None:
            eq("%s return subcode (tshark)" % w, d.one("mpls_echo.return_subcode"), self.rsc)
        req = pk.parse_echo_header(pk.echo_message(f.data)[1])
        eq("%s sender's handle (tshark)" % w, d.one("mpls_echo.sender_handle"), req["handle"])
        eq("%s sequence (tshark)" % w, d.one("mpls_echo.sequence"), req["seq"])
        rep = parsed(pk.parse_echo, msg, w)
        eq("%s version" % w, rep["version"], 1)
        eq("%s reply mode" % w, rep["reply_mode"], req["reply_mode"])
        expect(not rep["flags"] & pk.FLAG_R, "%s: R flag set in a reply", w)
        eq("%s timestamp sent" % w, rep["sent"], req["sent"])
        got = pk.ntp_to_usec(*rep["rcvd"])
        expect(abs(got - f.t_us) <= 1.0, "%s: timestamp received %.1f us from the arrival "
               "time (NTP %08x.%08x)", w, got - f.t_us, rep["rcvd"][0], rep["rcvd"][1])
        srcs = [v for t, v in rep["tlvs"] if t == pk.TLV_SRC_ID]
        eq("%s Source Identifier TLVs" % w, len(srcs), 1)
        eq("%s Source Identifier" % w, rep["src_id"], (GID, pk.ipv4(self.node)))
        eq("%s Source Identifier node (tshark)" % w,
           d.all("mpls_echo.lspping.tlv.src.addr.nid")[:1], [self.node])
        if self.ddmaps is ANY:
            pass
        elif self.ddmaps is None:
            eq("%s DDMAP TLVs" % w, len(rep["ddmaps"]), 0)
        else:
            eq("%s DDMAP count" % w, len(rep["ddmaps"]), len(self.ddmaps))
            got_dd = sorted(rep["ddmaps"], key=lambda x: x["egress"])
            for i, (ing, egr, label, rc) in enumerate(sorted(self.ddmaps, key=lambda x: x[1])):
                dm = got_dd[i]
                eq("%s DDMAP[%d] address type" % (w, i), dm["addr_type"], pk.DDMAP_NON_IP)
                eq("%s DDMAP[%d] ingress IF_Num" % (w, i), dm["ingress"], ing)
                eq("%s DDMAP[%d] egress IF_Num" % (w, i), dm["egress"], egr)
                expect(dm["labels"], "%s: DDMAP[%d] has no label stack sub-TLV", w, i)
                eq("%s DDMAP[%d] downstream label" % (w, i), dm["labels"][0][0], label)
                if rc is not None:
                    eq("%s DDMAP[%d] return code" % (w, i), dm["rc"], rc)
            eq("%s DDMAP egress IF_Nums (tshark)" % w,
               sorted(d.ints("mpls_echo.tlv.dd_map.egress.if.num")),
               sorted(x[1] for x in self.ddmaps))
            eq("%s DDMAP labels (tshark)" % w, sorted(d.ints("mpls_echo.subtlv.label")),
               sorted(x[2] for x in self.ddmaps))
        if self.errored is not None:
            expect(rep["errored"] is not None, "%s: no Errored TLVs TLV (9)", w)
            expect(self.errored in rep["errored"], "%s: Errored TLVs %s lacks the unknown TLV %s",
                   w, rep["errored"].hex(), self.errored.hex())


class Lbr(Expectation):
    """G.8113.1 LBR(s) on out_if / label, one per answering MIP (mip_ifs)."""
    fate = "consumed"

    def __init__(self, out_if, label, mip, mip_ifs, lsp=LSP, node=NODE, gal=True,
                 icc=ICC, cc=CC):
        self.out_if, self.label = out_if, label
        self.mip = mip
        self.mip_ifs = list(mip_ifs)
        self.lsp = lsp
        self.node = node
        self.gal = gal
        self.icc, self.cc = icc, cc

    def outputs(self):
        return {self.out_if: len(self.mip_ifs)}

    def check_events(self, f, run):
        # One event per frame (docs/CONTRACT.md §3); with several answering out-MIPs
        # (P2MP subtype 1) one event per reply is accepted too.
        expect(len(f.events) in (1, len(self.mip_ifs)), "%s: expected 1 or %d reply events, "
               "got %s", f.note, len(self.mip_ifs), f.events)
        if len(self.mip_ifs) == 1:
            check_oam_event(f, f.events[0], self.mip, self.mip_ifs[0], self.lsp, pk.CH_G8113)
        else:
            for ev in f.events:
                check_oam_event(f, ev, self.mip, None, self.lsp, pk.CH_G8113)
            if len(f.events) == len(self.mip_ifs):
                eq("%s event mip_ifs" % f.note, sorted(ev.get("mip_if") for ev in f.events),
                   sorted(self.mip_ifs))

    def check_outputs(self, f, run):
        req = pk.parse_g8113(pk.gach_message(f.data)[1])
        req_tlv = dict(req["tlvs"])
        seen = []
        for o in f.outs[self.out_if]:
            w = o.where()
            msg = check_gach_out(o, self.label, self.gal, pk.CH_G8113)
            d = o.dec
            eq("%s opcode (tshark)" % w, d.one("cfm.opcode"), pk.OP_LBR)
            eq("%s MEL (tshark)" % w, d.one("cfm.md.level"), req["mel"])
            eq("%s transaction ID (tshark)" % w, d.one("cfm.lb.transaction.id"), req["transaction"])
            r = parsed(pk.parse_g8113, msg, w)
            eq("%s version" % w, r["version"], req["version"])
            eq("%s flags" % w, r["flags"], 0)
            eq("%s first TLV offset" % w, r["first_tlv_offset"], 4)
            want_types = [pk.TLV_REPLYING] + ([pk.TLV_REQUESTING]
                                              if pk.TLV_REQUESTING in req_tlv else [])
            eq("%s TLV types" % w, [t for t, _ in r["tlvs"]], want_types)
            expect(r["end"], "%s: no End TLV", w)
            eq("%s bytes after the End TLV" % w, r["trailing"], b"")
            rid = pk.parse_mip_id(dict(r["tlvs"])[pk.TLV_REPLYING])
            eq("%s Replying ID length" % w, rid["length"], 25)
            eq("%s Replying ID subtype" % w, rid["subtype"], pk.SUB_MIP)
            eq("%s Replying ID ICC" % w, rid["icc"], self.icc.encode().ljust(6, b"\0"))
            eq("%s Replying ID Node_ID" % w, rid["node"], pk.ipv4(self.node))
            eq("%s Replying ID CC" % w, rid["cc"], self.cc.encode())
            eq("%s Replying ID padding" % w, rid["rest"], b"\0" * 8)
            seen.append(rid["if_num"])
            if pk.TLV_REQUESTING in req_tlv:
                want = b"\x01" + req_tlv[pk.TLV_REQUESTING][1:]
                eq("%s Requesting MEP ID (LB=1, rest copied)" % w,
                   dict(r["tlvs"])[pk.TLV_REQUESTING].hex(), want.hex())
        eq("%s: Replying MIP IF_Nums" % f.note, sorted(seen), sorted(self.mip_ifs))


class OneOf(Expectation):
    """Either of two expectations (the policer's answered-or-policed)."""

    def __init__(self, a, b):
        self.alts = (a, b)
        self.chosen = None

    def pick(self, f):
        for alt in self.alts:
            got = {i: len(v) for i, v in f.outs.items() if v}
            if got == alt.outputs():
                return alt
        return None


# ------------------------------------------------------------------ running

class Run:
    """Everything one replay produced: exit status, stderr, outputs, stats, events."""

    def __init__(self, sc, workdir):
        self.sc = sc
        self.dir = workdir
        self.rc = None
        self.stderr = ""
        self.stats = None
        self.events = []
        self.out = {}            # if_num -> [Out]
        self.linktype = {}

    def frames_of(self, exp_type):
        return [f for f in self.sc.frames if isinstance(f.exp, exp_type)]


def merged_order(sc):
    order = sc.in_order or sorted({f.if_num for f in sc.frames})
    rank = {i: n for n, i in enumerate(order)}
    return sorted(sc.frames, key=lambda f: (f.t_us, rank[f.if_num]))  # stable: file order


def write_inputs(sc, d):
    order = sc.in_order or sorted({f.if_num for f in sc.frames})
    args = []
    for i in order:
        path = os.path.join(d, "in-if%d.pcap" % i)
        # Each file in time order (a pcap is read as a stream); ties keep file order.
        recs = sorted(((f.t_us, f.data) for f in sc.frames if f.if_num == i),
                      key=lambda r: r[0])
        pk.write_pcap(path, recs)
        args += ["--in", "%d=%s" % (i, path)]
    return args


class _Done:
    def __init__(self, rc, err=b""):
        self.returncode = rc
        self.stderr = err
        self.stdout = b""


def run_replay(tplsr, sc, d, extra_args=None, conf_bytes=None, in_args=None, fake=None):
    conf = os.path.join(d, "tplsr.conf")
    with open(conf, "wb") as fh:
        fh.write(conf_bytes if conf_bytes is not None else sc.topo.text().encode())
    if in_args is None:
        in_args = write_inputs(sc, d)
    out_dir = os.path.join(d, "out")
    ev = os.path.join(d, "events.jsonl")
    st = os.path.join(d, "stats.json")
    cmd = [str(tplsr), "replay", "-c", conf] + in_args + ["--out-dir", out_dir,
                                                     "--events", ev, "--stats", st]
    cmd += extra_args or []
    with open(os.path.join(d, "command.txt"), "w") as fh:
        fh.write(" ".join(cmd) + "\n")
    if fake is not None:
        fake(sc, out_dir, ev, st)
        return _Done(0), conf, out_dir, ev, st
    with _tplsr_lock:
        try:
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                               cwd=d)
        except subprocess.TimeoutExpired:
            raise Fail("tplsr replay did not finish in 120 s")
    with open(os.path.join(d, "stderr.txt"), "wb") as fh:
        fh.write(r.stderr)
    with open(os.path.join(d, "stdout.txt"), "wb") as fh:
        fh.write(r.stdout)
    return r, conf, out_dir, ev, st


def execute(tplsr, sc, d, fake=None):
    """Run a normal scenario and every check; raises Fail at the first failure.
    fake: the selftest's stand-in for tplsr (writes the outputs itself)."""
    r, conf, out_dir, ev_path, st_path = run_replay(tplsr, sc, d, fake=fake)
    run = Run(sc, d)
    run.rc = r.returncode
    run.stderr = r.stderr.decode(errors="replace")
    expect(r.returncode == 0, "tplsr replay exited %d: %s", r.returncode, run.stderr[-600:])

    merged = merged_order(sc)
    for n, f in enumerate(merged, 1):
        f.seq = n
        f.outs = {}
        f.events = []

    # ---- outputs: one pcap per configured interface, Ethernet, times traced back
    by_time = {}
    for f in merged:
        by_time.setdefault(f.t_us, []).append(f)
    for i in sc.topo.ifs:
        path = os.path.join(out_dir, "if%d.pcap" % i)
        expect(os.path.isfile(path), "no %s for configured interface %d", path, i)
        try:
            lt, recs = pk.read_pcap(path)
        except ValueError as e:
            raise Fail(str(e))
        eq("if%d.pcap link type" % i, lt, 1)
        run.out[i] = [Out(i, n, t, data) for n, (t, data) in enumerate(recs)]
    extra = sorted(x for x in os.listdir(out_dir) if re.match(r"if\d+\.pcap$", x)
                   and int(x[2:-5]) not in sc.topo.ifs)
    expect(not extra, "output pcaps for unconfigured interfaces: %s", extra)

    allout = [o for i in sc.topo.ifs for o in run.out[i]]
    if allout:
        merged_path = os.path.join(d, "all-out.pcap")
        pk.write_pcap(merged_path, [(o.t_us, o.data) for o in allout])
        decs = tshark_decode(merged_path)
        eq("frames decoded by tshark", len(decs), len(allout))
        for o, dec in zip(allout, decs):
            o.dec = dec
    for i in sc.topo.ifs:
        last = 0
        for o in run.out[i]:
            expect(o.t_us >= last, "%s: timestamp goes back in time", o.where())
            last = o.t_us
            expect(o.t_us in by_time, "%s: timestamp %d.%06d is no input frame's time",
                   o.where(), o.t_us // 1000000, o.t_us % 1000000)
            expect(len(o.data) >= 18, "%s: %d-byte frame", o.where(), len(o.data))
            lses, _ = pk.parse_stack(o.data)
            expect(lses and lses[0][3] != 0, "%s: transmitted with top TTL 0", o.where())
            errs = o.dec.errors()
            expect(not errs, "%s: tshark reports %s", o.where(), errs)
            group = by_time[o.t_us]
            group[0].outs.setdefault(i, []).append(o)

    # ---- stats
    try:
        with open(st_path) as fh:
            stats = json.load(fh)
    except (OSError, ValueError) as e:
        raise Fail("stats file: %s" % e)
    run.stats = stats
    for k in ("rx", "forwarded", "consumed", "dropped", "tx", "drops", "interfaces"):
        expect(k in stats, "stats has no %r: %s", k, stats)
    eq("stats rx", stats["rx"], len(sc.frames))
    eq("rx == forwarded + consumed + dropped",
       stats["forwarded"] + stats["consumed"] + stats["dropped"], stats["rx"])
    eq("sum(drops) == dropped", sum(stats["drops"].values()), stats["dropped"])
    eq("stats tx == frames in the output pcaps", stats["tx"], len(allout))
    for i in sc.topo.ifs:
        ifs = stats["interfaces"].get(str(i))
        expect(ifs is not None, "stats interfaces has no %d: %s", i, stats["interfaces"])
        eq("interface %d rx" % i, ifs.get("rx"), sum(1 for f in sc.frames if f.if_num == i))
        eq("interface %d tx" % i, ifs.get("tx"), len(run.out[i]))

    # ---- events
    try:
        with open(ev_path) as fh:
            lines = [ln for ln in fh.read().splitlines() if ln.strip()]
    except OSError as e:
        raise Fail("events file: %s" % e)
    for ln in lines:
        try:
            ev = json.loads(ln)
        except ValueError:
            raise Fail("event line is not JSON: %r" % ln[:200])
        expect(isinstance(ev, dict), "event is not an object: %r", ln[:200])
        for k in ("seq", "in_if", "event"):
            expect(k in ev, "event without %r: %s", k, ev)
        expect(1 <= ev["seq"] <= len(merged), "event seq %s out of range: %s", ev["seq"], ev)
        f = merged[ev["seq"] - 1]
        eq("event seq %d in_if" % ev["seq"], ev["in_if"], f.if_num)
        expect(ev["event"] in ("reply", "drop", "loopback", "consumed"), "event kind: %s", ev)
        if ev["event"] == "drop":
            expect("reason" in ev, "drop event without reason: %s", ev)
        if ev["event"] == "reply":
            for k in ("mip", "mip_if", "lsp", "channel"):
                expect(k in ev, "reply event without %r: %s", k, ev)
        f.events.append(ev)
        run.events.append(ev)
    by_reason = {}
    for ev in run.events:
        if ev["event"] == "drop":
            by_reason[ev["reason"]] = by_reason.get(ev["reason"], 0) + 1
    eq("drop events per reason vs stats drops", by_reason,
       {k: v for k, v in stats["drops"].items() if v})

    # ---- per frame
    want_fate = {"forwarded": 0, "consumed": 0, "dropped": 0}
    want_drops = {}
    for f in merged:
        exp = f.exp
        if isinstance(exp, OneOf):
            alt = exp.pick(f)
            expect(alt is not None, "%s (seq %d): outputs %s match neither alternative",
                   f.note, f.seq, {i: len(v) for i, v in f.outs.items()})
            exp.chosen = alt
            exp = alt
        want_fate[exp.fate] += 1
        if exp.reason:
            want_drops[exp.reason] = want_drops.get(exp.reason, 0) + 1
        if len(by_time[f.t_us]) > 1:
            continue     # shared timestamp: outputs cannot be told apart; events still checked
        got = {i: len(v) for i, v in f.outs.items() if v}
        expect(got == exp.outputs(), "%s (seq %d, if %d): transmitted %s, expected %s; "
               "events %s", f.note, f.seq, f.if_num, got or "nothing", exp.outputs() or "nothing",
               f.events)
        exp.check_events(f, run)
        exp.check_outputs(f, run)
    for f in merged:
        if len(by_time[f.t_us]) > 1:
            exp = f.exp.chosen if isinstance(f.exp, OneOf) else f.exp
            exp.check_events(f, run)
    for k in want_fate:
        eq("stats %s" % k, stats[k], want_fate[k])
    eq("stats drops", {k: v for k, v in stats["drops"].items() if v}, want_drops)

    for fn in sc.checks:
        fn(run)
    return run
