# SPDX-License-Identifier: BSD-3-Clause
"""Frame builders and raw parsers for the tplsr pcap scenarios.

Ethernet and the MPLS label stack are built with scapy (scapy.contrib.mpls).
Everything scapy has no layer for -- the G-ACh header (RFC 5586), LSP Ping over
the ACH (RFC 6426 / RFC 8029), G.8113.1 LBM/LBR, BFD CC, Lock Instruct -- is
packed with struct, byte by byte, from the layouts in spec/docs/WIRE-FORMAT.md.

The parsers at the end read the same formats back out of the frames tplsr
transmits, for the fields tshark 4.0 does not decode (G.8113.1 TLVs 33-35, NTP
timestamps) and for byte-exact comparisons.
"""

import struct

from scapy.compat import raw
from scapy.contrib.mpls import MPLS
from scapy.layers.inet import IP, UDP, IPOption_Router_Alert
from scapy.layers.inet6 import IPv6
from scapy.layers.l2 import ARP, Ether
from scapy.packet import Raw

ETH_MPLS = 0x8847
ETH_MPLS_MC = 0x8848
GAL = 13

# ACH channel types [RFC 5586, RFC 6426, RFC 6428, RFC 6435, RFC 6671]
CH_BFD_CC = 0x0022
CH_LSP_PING = 0x0025
CH_LI = 0x0026
CH_G8113 = 0x8902
CH_IPV4, CH_IPV6 = 0x0021, 0x0057      # the IP form of LSP Ping [RFC 6426 §2, RFC 4385 §5]
LSPPING_PORT = 3503                    # RFC 8029 §4.3

# LSP Ping [RFC 8029 §3]
ECHO_REQUEST, ECHO_REPLY = 1, 2
REPLY_MODE_ACH = 4
FLAG_V, FLAG_T, FLAG_R = 0x0001, 0x0002, 0x0004
TLV_FEC, TLV_ERRORED, TLV_SRC_ID, TLV_DST_ID, TLV_DDMAP = 1, 9, 13, 14, 20
SUB_STATIC_LSP = 22
SUB_LABEL_STACK = 2
DDMAP_NON_IP = 5
DS_N, DS_I = 0x01, 0x02

# G.8113.1 [docs/WIRE-FORMAT.md §5]
OP_LBR, OP_LBM = 2, 3
TLV_END, TLV_TARGET, TLV_REPLYING, TLV_REQUESTING = 0, 33, 34, 35
SUB_INGRESS, SUB_EGRESS, SUB_MEP, SUB_MIP = 0, 1, 2, 3

NTP_EPOCH = 2208988800  # seconds from 1900-01-01 to 1970-01-01


def ipv4(node):
    """'192.0.2.2' or '3221225986' -> int."""
    if isinstance(node, int):
        return node
    if "." in node:
        a, b, c, d = (int(x) for x in node.split("."))
        return (a << 24) | (b << 16) | (c << 8) | d
    return int(node)


def ntp(t):
    """Unix seconds (float or (sec, usec)) -> (NTP seconds, 2^-32 fraction)."""
    if isinstance(t, tuple):
        sec, usec = t
        return sec + NTP_EPOCH, (usec << 32) // 1000000
    sec = int(t)
    return sec + NTP_EPOCH, int((t - sec) * (1 << 32))


def ntp_to_usec(sec, frac):
    """NTP -> Unix microseconds (float)."""
    return (sec - NTP_EPOCH) * 1e6 + frac * 1e6 / (1 << 32)


# ------------------------------------------------------------------ L2 / label stack

def ether(dst, src, ethertype=ETH_MPLS):
    return Ether(dst=dst, src=src, type=ethertype)


def stack(entries):
    """entries: [(label, ttl)] or [(label, ttl, tc)] or [(label, ttl, tc, s)], top first.
    The S bit defaults to 1 on the last entry only."""
    layers = None
    for i, e in enumerate(entries):
        label, ttl = e[0], e[1]
        tc = e[2] if len(e) > 2 else 0
        s = e[3] if len(e) > 3 else (1 if i == len(entries) - 1 else 0)
        lse = MPLS(label=label, cos=tc, s=s, ttl=ttl)
        layers = lse if layers is None else layers / lse
    return layers


def ip_payload(tag=b"", size=0):
    """An IPv4/UDP packet as raw bytes (so scapy will not re-dissect it)."""
    body = b"tplsr-test:" + tag + bytes(range(48))[:max(0, size)]
    return raw(IP(src="198.51.100.1", dst="198.51.100.3", ttl=33) /
               UDP(sport=40000, dport=7) / Raw(body))


def mpls_frame(dst, src, entries, payload, ethertype=ETH_MPLS):
    return raw(ether(dst, src, ethertype) / stack(entries) / Raw(payload))


def ipv4_frame(dst, src):
    return raw(Ether(dst=dst, src=src) / IP(src="198.51.100.9", dst="198.51.100.10") /
               UDP(sport=1, dport=2) / Raw(b"not mpls"))


def arp_frame(src):
    return raw(Ether(dst="ff:ff:ff:ff:ff:ff", src=src) /
               ARP(op=1, hwsrc=src, psrc="198.51.100.9", pdst="198.51.100.10"))


# ------------------------------------------------------------------ G-ACh

def ach(channel, version=0):
    """Associated Channel Header [RFC 5586 §2.1]: 0001 | Version | Reserved | Channel."""
    return struct.pack("!BBH", 0x10 | (version & 0xF), 0, channel)


def gach_frame(dst, src, label, ttl, channel, message, tc=0, gal=True, gal_ttl=1,
               ethertype=ETH_MPLS, under=()):
    """label | [under...] | GAL | ACH | message  (LSP form, RFC 5586 §4.2.1.1), or
    label(S=1) | ACH | message (PW ACH form) when gal is False."""
    entries = [(label, ttl, tc)] + list(under)
    if gal:
        entries.append((GAL, gal_ttl))
    return mpls_frame(dst, src, entries, ach(channel) + message, ethertype)


def pw_control_word(seq=0):
    """PW control word [RFC 4385]: first nibble 0000."""
    return struct.pack("!HH", 0, seq)


# ------------------------------------------------------------------ LSP Ping

def tlv(t, value):
    """LSP Ping TLV: Type(16) Length(16) Value, padded to 4 bytes [RFC 8029 §3]."""
    pad = (-len(value)) % 4
    return struct.pack("!HH", t, len(value)) + value + b"\0" * pad


def fec_static_lsp(src_gid, src_node, src_tunnel, lsp_num, dst_gid, dst_node, dst_tunnel):
    """Target FEC Stack (1) with one Static LSP sub-TLV (22) [RFC 6426 §2.3]."""
    sub = struct.pack("!IIHHIIHH", src_gid, ipv4(src_node), src_tunnel, lsp_num,
                      dst_gid, ipv4(dst_node), dst_tunnel, 0)
    return tlv(TLV_FEC, struct.pack("!HH", SUB_STATIC_LSP, len(sub)) + sub)


def node_id_tlv(t, gid, node):
    """Source (13) / Destination (14) Identifier [RFC 6426 §2.2.1]."""
    return tlv(t, struct.pack("!II", gid, ipv4(node)))


def ddmap(ingress, egress, labels=(), flags=DS_N | DS_I, mtu=1500, rc=0, rsc=0):
    """DDMAP (20), address type 5 (non-IP) [RFC 8029 §3.4, RFC 6426 §2.1.1];
    labels: [(label, tc, s, protocol)] in a label-stack sub-TLV (2)."""
    subs = b""
    if labels:
        ents = b""
        for label, tc, s, proto in labels:
            ents += struct.pack("!I", (label << 12) | (tc << 9) | (s << 8) | proto)
        subs = struct.pack("!HH", SUB_LABEL_STACK, len(ents)) + ents
    fixed = struct.pack("!HBBIIBBH", mtu, DDMAP_NON_IP, flags, ingress, egress, rc, rsc, len(subs))
    return tlv(TLV_DDMAP, fixed + subs)


def echo_header(handle, seq, sent, msg_type=ECHO_REQUEST, reply_mode=REPLY_MODE_ACH, flags=0,
                rc=0, rsc=0, version=1):
    s_sec, s_frac = ntp(sent)
    return struct.pack("!HHBBBBIIIIII", version, flags, msg_type, reply_mode, rc, rsc,
                       handle, seq, s_sec, s_frac, 0, 0)


def echo_request(handle, seq, sent, tlvs, flags=0):
    return echo_header(handle, seq, sent, flags=flags) + tlvs


def ip_form(msg, version=4, src="192.0.2.1", dst="127.0.0.1", sport=49152,
            dport=LSPPING_PORT, ttl=1, ra=True):
    """An echo message in the IP form [RFC 8029 §4.3]: IPv4 (Router Alert option) or
    IPv6 (addresses written IPv4-mapped from src/dst), UDP, checksums by scapy."""
    if version == 4:
        opts = [IPOption_Router_Alert()] if ra else []
        return raw(IP(src=src, dst=dst, ttl=ttl, options=opts) /
                   UDP(sport=sport, dport=dport) / Raw(msg))
    return raw(IPv6(src="::ffff:" + src, dst="::ffff:" + dst, hlim=ttl) /
               UDP(sport=sport, dport=dport) / Raw(msg))


# ------------------------------------------------------------------ G.8113.1

def mip_id(subtype, icc="", node=0, if_num=0, cc="", mep=0):
    """Target/Replying MEP/MIP ID value (25 bytes) [docs/WIRE-FORMAT.md §5]."""
    if subtype == SUB_MIP:
        body = (icc.encode().ljust(6, b"\0") + struct.pack("!II", ipv4(node), if_num) +
                cc.encode().ljust(2, b"\0") + b"\0" * 8)
    elif subtype == SUB_MEP:
        body = struct.pack("!H", mep) + b"\0" * 22
    else:
        body = b"\0" * 24
    return struct.pack("!B", subtype) + body


def g_tlv(t, value):
    """G.8113.1 / Y.1731 TLV: Type(8) Length(16) Value."""
    return struct.pack("!BH", t, len(value)) + value


def meg_id(icc, umc):
    """ICC-based MEG ID (48 bytes): reserved 1, format 32, length, ICC+UMC."""
    v = (icc + umc).encode()
    return (struct.pack("!BBB", 1, 32, len(v)) + v).ljust(48, b"\0")


def requesting_mep(mep, meg, lb=0):
    return g_tlv(TLV_REQUESTING, struct.pack("!BH", lb, mep) + meg + b"\0\0")


def lbm(transaction, target, extra=b"", mel=5, version=0, end=True):
    msg = struct.pack("!BBBBI", (mel << 5) | version, OP_LBM, 0, 4, transaction)
    msg += g_tlv(TLV_TARGET, target) + extra
    return msg + (b"\0" if end else b"")


# ------------------------------------------------------------------ other channels

def bfd_cc(my_disc=0x11, your_disc=0x22):
    """BFD control packet [RFC 5880 §4.1], version 1, state Up, 24 bytes."""
    return struct.pack("!BBBBIIIII", 0x20, 0xC0, 3, 24, my_disc, your_disc,
                       1000000, 1000000, 0)


def lock_instruct(gid, node, tunnel, lsp_num, refresh=1):
    """Lock Instruct [RFC 6435 §5.1] with an LSP MEP Source ID TLV (type 1) [RFC 6428 §3.5.2]."""
    mep = struct.pack("!HHIIHH", 1, 12, gid, ipv4(node), tunnel, lsp_num)
    return struct.pack("!I", (1 << 28) | refresh) + mep


# ------------------------------------------------------------------ raw parsing

def parse_stack(frame):
    """-> ([(label, tc, s, ttl)], offset after the stack); walks at most 32 entries."""
    if len(frame) < 14:
        return [], 14
    off = 14
    out = []
    while off + 4 <= len(frame) and len(out) < 32:
        (w,) = struct.unpack_from("!I", frame, off)
        out.append((w >> 12, (w >> 9) & 7, (w >> 8) & 1, w & 0xFF))
        off += 4
        if w & 0x100:
            break
    return out, off


def gach_message(frame):
    """-> (channel, message bytes, gal: bool) of an LSP- or PW-form G-ACh frame, or None."""
    lses, off = parse_stack(frame)
    if not lses or not lses[-1][2] or off + 4 > len(frame):
        return None
    if frame[off] >> 4 != 1:
        return None
    (channel,) = struct.unpack_from("!H", frame, off + 2)
    return channel, frame[off + 4:], lses[-1][0] == GAL


def _csum(data):
    """RFC 1071: the one's complement of the one's complement sum (0 over valid data)."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def parse_ip_form(channel, body):
    """The IP/UDP headers of an IP-form LSP Ping message (after the ACH) -> dict with
    version, src, dst (bytes), ttl, sport, dport, msg; both checksums verified here.
    Raises ValueError on anything RFC 8029 §4.3-§4.5 or the headers' RFCs forbid."""
    if channel == CH_IPV4:
        if len(body) < 20 or body[0] >> 4 != 4:
            raise ValueError("not an IPv4 header")
        ihl = (body[0] & 15) * 4
        (total,) = struct.unpack_from("!H", body, 2)
        if ihl < 20 or total > len(body) or total < ihl + 8:
            raise ValueError("IPv4 lengths: IHL %d total %d of %d" % (ihl, total, len(body)))
        if _csum(body[:ihl]) != 0:
            raise ValueError("IPv4 header checksum")
        if body[9] != 17:
            raise ValueError("IPv4 protocol %d, not UDP" % body[9])
        src, dst, ttl, l4 = body[12:16], body[16:20], body[8], ihl
        pseudo = src + dst + struct.pack("!BBH", 0, 17, total - ihl)
    elif channel == CH_IPV6:
        if len(body) < 48 or body[0] >> 4 != 6:
            raise ValueError("not an IPv6 header")
        (plen,) = struct.unpack_from("!H", body, 4)
        total = 40 + plen
        if total > len(body) or body[6] != 17:
            raise ValueError("IPv6 payload length %d of %d, next header %d" %
                             (plen, len(body) - 40, body[6]))
        src, dst, ttl, l4 = body[8:24], body[24:40], body[7], 40
        pseudo = src + dst + struct.pack("!IxxxB", total - 40, 17)
    else:
        raise ValueError("channel 0x%04x is not an IP form" % channel)
    sport, dport, ulen, ucsum = struct.unpack_from("!HHHH", body, l4)
    if ulen != total - l4:
        raise ValueError("UDP length %d, IP payload %d" % (ulen, total - l4))
    if ucsum == 0 or _csum(pseudo + body[l4:total]) != 0:
        raise ValueError("UDP checksum %04x" % ucsum)
    return dict(version=4 if channel == CH_IPV4 else 6, src=src, dst=dst, ttl=ttl,
                sport=sport, dport=dport, msg=body[l4 + 8:total])


def echo_message(frame):
    """-> (channel, LSP Ping message, gal) of a G-ACh frame in either form, or None."""
    found = gach_message(frame)
    if found is None or found[0] not in (CH_IPV4, CH_IPV6):
        return found
    return found[0], parse_ip_form(found[0], found[1])["msg"], found[2]


def parse_echo_header(msg):
    """Only the 32-byte echo header (for requests whose TLVs are broken on purpose)."""
    (ver, flags, mtype, rmode, rc, rsc, handle, seq,
     ss, sf, rs, rf) = struct.unpack_from("!HHBBBBIIIIII", msg)
    return dict(version=ver, flags=flags, msg_type=mtype, reply_mode=rmode, rc=rc, rsc=rsc,
                handle=handle, seq=seq, sent=(ss, sf), rcvd=(rs, rf))


def parse_echo(msg):
    """An echo message -> dict (header fields, TLV list, decoded TLVs of interest)."""
    if len(msg) < 32:
        raise ValueError("echo message shorter than its header (%d bytes)" % len(msg))
    (ver, flags, mtype, rmode, rc, rsc, handle, seq,
     ss, sf, rs, rf) = struct.unpack_from("!HHBBBBIIIIII", msg)
    e = dict(version=ver, flags=flags, msg_type=mtype, reply_mode=rmode, rc=rc, rsc=rsc,
             handle=handle, seq=seq, sent=(ss, sf), rcvd=(rs, rf), tlvs=[], ddmaps=[],
             src_id=None, errored=None)
    off = 32
    while off + 4 <= len(msg):
        t, ln = struct.unpack_from("!HH", msg, off)
        val = msg[off + 4:off + 4 + ln]
        if len(val) != ln:
            raise ValueError("TLV %d at %d overruns the message" % (t, off))
        e["tlvs"].append((t, val))
        if t == TLV_SRC_ID and ln == 8:
            e["src_id"] = struct.unpack("!II", val)
        elif t == TLV_DDMAP and ln >= 16:
            e["ddmaps"].append(parse_ddmap(val))
        elif t == TLV_ERRORED:
            e["errored"] = val
        off += 4 + ln + ((-ln) % 4)
    if off != len(msg):
        raise ValueError("%d trailing bytes after the TLVs" % (len(msg) - off))
    return e


def parse_ddmap(val):
    mtu, at, flags, ing, egr, rc, rsc, sublen = struct.unpack_from("!HBBIIBBH", val)
    d = dict(mtu=mtu, addr_type=at, flags=flags, ingress=ing, egress=egr, rc=rc, rsc=rsc,
             labels=[], sublen=sublen)
    subs = val[16:16 + sublen]
    off = 0
    while off + 4 <= len(subs):
        st, sl = struct.unpack_from("!HH", subs, off)
        body = subs[off + 4:off + 4 + sl]
        if st == SUB_LABEL_STACK:
            for i in range(0, len(body) - 3, 4):
                (w,) = struct.unpack_from("!I", body, i)
                d["labels"].append((w >> 12, (w >> 9) & 7, (w >> 8) & 1, w & 0xFF))
        off += 4 + sl + ((-sl) % 4)
    return d


def parse_g8113(msg):
    """A G.8113.1 LBM/LBR -> dict; TLVs as [(type, value)] up to and including End."""
    if len(msg) < 8:
        raise ValueError("G.8113.1 message shorter than 8 bytes")
    b0, op, flags, fto, tid = struct.unpack_from("!BBBBI", msg)
    d = dict(mel=b0 >> 5, version=b0 & 0x1F, opcode=op, flags=flags, first_tlv_offset=fto,
             transaction=tid, tlvs=[], end=False, trailing=b"")
    off = 4 + fto
    while off < len(msg):
        t = msg[off]
        if t == TLV_END:
            d["end"] = True
            d["trailing"] = msg[off + 1:]
            break
        if off + 3 > len(msg):
            raise ValueError("truncated TLV header at %d" % off)
        (ln,) = struct.unpack_from("!H", msg, off + 1)
        val = msg[off + 3:off + 3 + ln]
        if len(val) != ln:
            raise ValueError("TLV %d overruns the message" % t)
        d["tlvs"].append((t, val))
        off += 3 + ln
    return d


def parse_mip_id(val):
    """Replying/Target MEP/MIP ID value -> dict."""
    st = val[0]
    icc = val[1:7]
    node, if_num = struct.unpack_from("!II", val, 7)
    cc = val[15:17]
    return dict(subtype=st, icc=icc, node=node, if_num=if_num, cc=cc, rest=val[17:25],
                length=len(val))


# ------------------------------------------------------------------ pcap files

PCAP_MAGIC_US = 0xA1B2C3D4
PCAP_MAGIC_NS = 0xA1B23C4D


def write_pcap(path, records, linktype=1):
    """records: [(time_usec:int, bytes)]."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", PCAP_MAGIC_US, 2, 4, 0, 0, 262144, linktype))
        for t_us, data in records:
            f.write(struct.pack("<IIII", t_us // 1000000, t_us % 1000000, len(data), len(data)))
            f.write(data)


def read_pcap(path):
    """-> (linktype, [(time_usec:int, bytes)]).  Accepts both byte orders and ns files."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError("%s: %d bytes, no pcap header" % (path, len(data)))
    for endian in "<>":
        (magic,) = struct.unpack_from(endian + "I", data)
        if magic in (PCAP_MAGIC_US, PCAP_MAGIC_NS):
            break
    else:
        raise ValueError("%s: not a pcap file (magic %08x)" % (path, magic))
    ns = magic == PCAP_MAGIC_NS
    linktype = struct.unpack_from(endian + "I", data, 20)[0] & 0x0FFFFFFF
    out = []
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack_from(endian + "IIII", data, off)
        off += 16
        pkt = data[off:off + incl]
        if len(pkt) != incl:
            raise ValueError("%s: truncated record" % path)
        off += incl
        out.append((sec * 1000000 + (frac // 1000 if ns else frac), pkt))
    if off != len(data):
        raise ValueError("%s: %d stray bytes at the end" % (path, len(data) - off))
    return linktype, out
