# SPDX-License-Identifier: BSD-3-Clause
"""Self-test of the scenario suite, without tplsr.

1. decode: every input frame of every scenario is decoded by tshark and
   compared with what the builder meant (label stack, ACH channel, echo header
   and TLVs, LBM header); frames broken on purpose are skipped.
2. oracle: every scenario runs against a stand-in for `tplsr replay` that
   transmits exactly what the expectations describe; all checks must pass.
3. mutants: stand-ins with one deliberate bug each; the named scenario must fail.
"""

import json
import os
import struct

import harness
import lsrpkt as pk
from harness import (ANY, Consumed, Drop, EchoReply, Fail, Fwd, Lbr, Loop, OneOf, eq, expect,
                     our_mac, peer_mac)


# ------------------------------------------------------------------ 1. decode the inputs

def check_decode(sc, d):
    frames = [f for f in sc.frames]
    path = os.path.join(d, "inputs.pcap")
    pk.write_pcap(path, [(f.t_us, f.data) for f in frames])
    decs = harness.tshark_decode(path)
    eq("decoded frames", len(decs), len(frames))
    for f, dec in zip(frames, decs):
        if f.broken:
            continue
        w = f.note
        errs = dec.errors()
        expect(not errs, "%s: tshark reports %s on the input", w, errs)
        if f.data[12:14] not in (b"\x88\x47", b"\x88\x48"):
            continue
        lses, _ = pk.parse_stack(f.data)
        eq("%s labels" % w, dec.ints("mpls.label"), [e[0] for e in lses])
        eq("%s TTLs" % w, dec.ints("mpls.ttl"), [e[3] for e in lses])
        eq("%s TCs" % w, dec.ints("mpls.exp"), [e[1] for e in lses])
        found = pk.gach_message(f.data)
        if found is None:
            expect(not dec.all("pwach.channel_type"), "%s: tshark sees an ACH", w)
            continue
        channel, msg, gal = found
        eq("%s ACH channel" % w, dec.one("pwach.channel_type"), channel)
        if channel == pk.CH_LSP_PING:
            e = pk.parse_echo(msg)
            eq("%s echo message type" % w, dec.one("mpls_echo.msg_type"), 1)
            eq("%s handle" % w, dec.one("mpls_echo.sender_handle"), e["handle"])
            eq("%s sequence" % w, dec.one("mpls_echo.sequence"), e["seq"])
            eq("%s TLV types" % w, dec.ints("mpls_echo.tlv.type"), [t for t, _ in e["tlvs"]])
            dd = [pk.parse_ddmap(v) for t, v in e["tlvs"] if t == pk.TLV_DDMAP]
            eq("%s DDMAP ingress" % w, dec.ints("mpls_echo.tlv.dd_map.ingress.if.num"),
               [x["ingress"] for x in dd])
            eq("%s DDMAP egress" % w, dec.ints("mpls_echo.tlv.dd_map.egress.if.num"),
               [x["egress"] for x in dd])
            eq("%s DDMAP address type" % w, dec.ints("mpls_echo.tlv.dd_map.addr_type"),
               [5] * len(dd))
            ids = [v for t, v in e["tlvs"] if t in (pk.TLV_SRC_ID, pk.TLV_DST_ID)]
            eq("%s Src/Dst ID nodes" % w, dec.all("mpls_echo.lspping.tlv.src.addr.nid"),
               [".".join(str(b) for b in v[4:8]) for v in ids])
        elif channel == pk.CH_G8113:
            g = pk.parse_g8113(msg)
            eq("%s opcode" % w, dec.one("cfm.opcode"), pk.OP_LBM)
            eq("%s MEL" % w, dec.one("cfm.md.level"), g["mel"])
            eq("%s transaction" % w, dec.one("cfm.lb.transaction.id"), g["transaction"])
            eq("%s first TLV offset" % w, dec.one("cfm.first.tlv.offset"), 4)
            t = pk.parse_mip_id(dict(g["tlvs"])[pk.TLV_TARGET])
            eq("%s target TLV length" % w, t["length"], 25)
            expect(g["end"] and not g["trailing"], "%s: End TLV", w)
        elif channel == pk.CH_BFD_CC:
            eq("%s BFD version" % w, dec.one("bfd.version"), 1)
        elif channel == pk.CH_LI:
            eq("%s LI refresh timer" % w, dec.one("mplstp_lock.refresh-timer"), 1)


# ------------------------------------------------------------------ 2. the oracle stand-in

def eth(oif):
    return bytes.fromhex(peer_mac(oif).replace(":", "") + our_mac(oif).replace(":", ""))


def transit(f, oif, label, ttl, bug):
    lses, _ = pk.parse_stack(f.data)
    _, tc, s, ttl0 = lses[0]
    new_ttl = ttl if ttl is not None else ttl0 - 1
    if bug == "ttl_kept":
        new_ttl = ttl0
    lse = struct.pack("!I", (label << 12) | (tc << 9) | (s << 8) | new_ttl)
    return eth(oif) + b"\x88\x47" + lse + f.data[18:]


def echo_reply(f, exp, bug):
    req = pk.parse_echo_header(pk.echo_message(f.data)[1])
    rc, rsc = exp.rc, exp.rsc if exp.rsc is not None else 1
    sent = req["sent"]
    rcvd = pk.ntp((f.t_us // 1000000, f.t_us % 1000000))
    if bug == "rcvd_zero":
        rcvd = (0, 0)
    msg = struct.pack("!HHBBBBIIIIII", 1, req["flags"] & ~pk.FLAG_R, 2, req["reply_mode"], rc, rsc,
                      req["handle"], req["seq"], sent[0], sent[1], rcvd[0], rcvd[1])
    msg += pk.node_id_tlv(pk.TLV_SRC_ID, harness.GID, exp.node)
    if exp.ddmaps not in (None, ANY) and bug != "no_ddmap":
        for ing, egr, label, drc in exp.ddmaps:
            msg += pk.ddmap(ing, egr, [(label, 0, 1, 1)], rc=drc or 0, rsc=1 if drc else 0)
    if exp.errored is not None:
        msg += pk.tlv(pk.TLV_ERRORED, exp.errored)
    ttl = 64 if bug == "reply_ttl_64" else 255
    if exp.ip is not None:
        # RFC 8029 §4.5: from our address and 3503 to the request's source address and port.
        ip = pk.parse_ip_form(exp.channel, pk.gach_message(f.data)[1])
        dport = pk.LSPPING_PORT if bug == "ip_reply_port" else ip["sport"]
        msg = pk.ip_form(msg, exp.ip, src=exp.node, dst=".".join(str(b) for b in ip["src"][-4:]),
                         sport=pk.LSPPING_PORT, dport=dport, ttl=255, ra=False)
    return pk.gach_frame(peer_mac(exp.out_if), our_mac(exp.out_if), exp.label, ttl,
                         exp.channel, msg, gal=exp.gal)


def lbrs(f, exp, bug):
    req = pk.parse_g8113(pk.gach_message(f.data)[1])
    tl = dict(req["tlvs"])
    out = []
    for mip_if in exp.mip_ifs:
        msg = struct.pack("!BBBBI", (req["mel"] << 5) | req["version"], pk.OP_LBR, 0, 4,
                          req["transaction"])
        icc = exp.icc.ljust(6) if bug == "icc_pad" else exp.icc   # space-padded ICC
        msg += pk.g_tlv(pk.TLV_REPLYING, pk.mip_id(pk.SUB_MIP, icc, exp.node, mip_if, exp.cc)[:25])
        if pk.TLV_REQUESTING in tl:
            lb = b"\x00" if bug == "lb_zero" else b"\x01"
            msg += pk.g_tlv(pk.TLV_REQUESTING, lb + tl[pk.TLV_REQUESTING][1:])
        msg += b"\0"
        out.append(pk.gach_frame(peer_mac(exp.out_if), our_mac(exp.out_if), exp.label, 255,
                                 pk.CH_G8113, msg, gal=exp.gal))
    return out


def oracle(bug=None):
    def fake(sc, out_dir, ev_path, st_path):
        os.makedirs(out_dir, exist_ok=True)
        merged = harness.merged_order(sc)
        outs = {i: [] for i in sc.topo.ifs}
        events = []
        st = dict(rx=0, forwarded=0, consumed=0, dropped=0, tx=0, drops={}, oam={},
                  interfaces={str(i): {"rx": 0, "tx": 0} for i in sc.topo.ifs})
        answered = 0
        for seq, f in enumerate(merged, 1):
            st["rx"] += 1
            st["interfaces"][str(f.if_num)]["rx"] += 1
            exp = f.exp
            if isinstance(exp, OneOf):
                exp = exp.alts[0] if answered < 12 else exp.alts[1]
                answered += 1
            base = {"seq": seq + (1 if bug == "seq_shift" else 0), "in_if": f.if_num}
            sent = []
            if isinstance(exp, Fwd):
                st["forwarded"] += 1
                for oif, label in exp.copies:
                    sent.append((oif, transit(f, oif, label, exp.ttl, bug)))
                if isinstance(exp, Loop):
                    events.append(dict(base, event="loopback", lsp=harness.LSP))
            elif isinstance(exp, Drop):
                st["dropped"] += 1
                reason = "malformed" if bug == "reason" else exp.reason
                st["drops"][reason] = st["drops"].get(reason, 0) + 1
                events.append(dict(base, event="drop", reason=reason))
            elif isinstance(exp, Consumed):
                st["consumed"] += 1
                if exp.oam:
                    st["oam"][exp.oam] = st["oam"].get(exp.oam, 0) + 1
                events.append(dict(base, event="consumed", mip="mep", lsp=harness.LSP))
            elif isinstance(exp, EchoReply):
                st["consumed"] += 1
                sent.append((exp.out_if, echo_reply(f, exp, bug)))
                events.append(dict(base, event="reply", mip=exp.mip, mip_if=exp.mip_if or 0,
                                   lsp=exp.lsp, channel=exp.channel))
            elif isinstance(exp, Lbr):
                st["consumed"] += 1
                for m in lbrs(f, exp, bug):
                    sent.append((exp.out_if, m))
                events.append(dict(base, event="reply", mip=exp.mip, mip_if=exp.mip_ifs[0],
                                   lsp=exp.lsp, channel=pk.CH_G8113))
            for oif, frame in sent:
                outs[oif].append((f.t_us, frame))
                st["tx"] += 1
                st["interfaces"][str(oif)]["tx"] += 1
        if bug == "rx_off":
            st["rx"] += 1
        for i, recs in outs.items():
            pk.write_pcap(os.path.join(out_dir, "if%d.pcap" % i), recs)
        with open(st_path, "w") as fh:
            json.dump(st, fh)
        with open(ev_path, "w") as fh:
            for e in events:
                fh.write(json.dumps(e) + "\n")
    return fake


MUTANTS = [
    ("ttl_kept", "fwd_swap"),
    ("reply_ttl_64", "cv_in_mip"),
    ("rcvd_zero", "cv_in_mip"),
    ("no_ddmap", "cv_out_mip"),
    ("icc_pad", "lb_targets"),
    ("lb_zero", "lb_targets"),
    ("reason", "drop_bad_stack"),
    ("rx_off", "fwd_p2mp"),
    ("seq_shift", "fwd_merge_order"),
    ("ip_reply_port", "ip_form_mips"),
]


def run(items, workdir, jobs, run_all):
    passed = failed = 0

    def tally(ok, name, why=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("PASS %s" % name)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, why))

    normal = []
    for name, doc, build in items:
        obj = build()
        if isinstance(obj, harness.Scenario):
            normal.append((name, obj))
    for name, sc in normal:
        d = os.path.join(workdir, "decode", name)
        os.makedirs(d, exist_ok=True)
        try:
            check_decode(sc, d)
            tally(True, "decode:" + name)
        except (Fail, ValueError, KeyError) as e:
            tally(False, "decode:" + name, str(e))

    _, _, results = run_all(None, items, os.path.join(workdir, "oracle"), jobs, oracle(),
                            quiet=True)
    for name, ok, why in results:
        tally(ok, "oracle:" + name, why)

    names = {n for n, _, _ in items}
    for bug, target in MUTANTS:
        if target not in names:
            continue
        sel = [it for it in items if it[0] == target]
        _, _, res = run_all(None, sel, os.path.join(workdir, "mutant-" + bug), 1, oracle(bug),
                            quiet=True)
        ok = not res[0][1] and not res[0][2].startswith("scenario error")
        tally(ok, "mutant:%s caught by %s" % (bug, target),
              "" if ok else "the checks accepted a stand-in with bug %s" % bug)
        if ok:
            print("     (%s)" % res[0][2][:160])
    return passed, failed
