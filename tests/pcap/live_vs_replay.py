#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Live mode on net_pcap devices transmits the same frames as replay mode.

The same two input captures are run through `tplsr replay` and through a live
`tplsr` whose ports are net_pcap devices (rx_pcap = the input, tx_pcap = the
output).  Per interface, the transmitted frames must be identical, byte for
byte, but for the TimeStamp Received of echo replies (pcap time in replay, the
clock in live mode), which is masked.  Frame order is compared per pair of
(input interface, output interface), the one order both modes guarantee: live
mode polls its ports in turn rather than merging by timestamp.

    live_vs_replay.py --tplsr BUILD/tplsr --cli BUILD/tplsr-cli
Ends with "N passed, M failed"; exit status 1 on a failure.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsrpkt as pk  # noqa: E402

CONFIG = """node 65000:192.0.2.2
icc ABCDEF cc JP
interface 10 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02
interface 20 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01
lsp pe1-pe3
  source 65000:192.0.2.1 tunnel 1
  destination 65000:192.0.2.3 tunnel 1
  lsp-num 1
  forward in 10 label 100 out 20 label 200
  reverse in 20 label 201 out 10 label 101
"""
NODE = "192.0.2.2"
MAC = {10: "02:00:00:00:02:01", 20: "02:00:00:00:02:02"}
PEER = {10: "02:00:00:00:01:02", 20: "02:00:00:00:03:01"}
T0 = 1700000000 * 1000000


def cv(if_num, label, ingress, egress, handle):
    tlvs = (pk.fec_static_lsp(65000, "192.0.2.1", 1, 1, 65000, "192.0.2.3", 1)
            + pk.node_id_tlv(pk.TLV_SRC_ID, 65000, "192.0.2.1")
            + pk.node_id_tlv(pk.TLV_DST_ID, 65000, NODE)
            + pk.ddmap(ingress, egress, [(200, 0, 1, 1)]))
    msg = pk.echo_request(handle, 1, (T0 - 500000) / 1e6, tlvs)
    return pk.gach_frame(MAC[if_num], PEER[if_num], label, 1, pk.CH_LSP_PING, msg)


def inputs():
    """Frames received on 10 and 20: data, drops, CV to both MIPs, LBM."""
    in10, in20 = [], []
    t = T0
    for i in range(40):
        in10.append((t, pk.mpls_frame(MAC[10], PEER[10], [(100, 64 - i % 60, i % 8)],
                                      pk.ip_payload(b"d%d" % i))))
        in20.append((t + 1, pk.mpls_frame(MAC[20], PEER[20], [(201, 30)], pk.ip_payload(b"r"))))
        t += 1000
    in10.append((t, cv(10, 100, 10, 0, 0x1001)))
    in10.append((t + 10, cv(10, 100, 0, 20, 0x1002)))
    in10.append((t + 20, pk.gach_frame(MAC[10], PEER[10], 100, 1, pk.CH_G8113,
                                       pk.lbm(0x77, pk.mip_id(pk.SUB_MIP, "ABCDEF", NODE, 20, "JP"),
                                              pk.requesting_mep(1, pk.meg_id("ABCDEF", "X")),
                                              mel=7))))
    in10.append((t + 30, pk.mpls_frame(MAC[10], PEER[10], [(100, 1)], pk.ip_payload())))
    in10.append((t + 40, pk.mpls_frame(MAC[10], PEER[10], [(555, 9)], pk.ip_payload())))
    in20.append((t + 50, cv(20, 201, 20, 0, 0x2001)))
    return in10, in20


def mask(frame):
    """Zero the TimeStamp Received of an echo reply (GAL, ACH 0x0025, msg type 2)."""
    stack, _ = pk.parse_stack(frame)
    if len(stack) == 2 and stack[1][0] == pk.GAL:
        off = 14 + 8
        if frame[off + 2:off + 4] == b"\x00\x25" and frame[off + 8] == pk.ECHO_REPLY:
            return frame[:off + 4 + 24] + bytes(8) + frame[off + 4 + 32:]
    return frame


def by_cause(frames):
    """Split an interface's output by cause: forwarded data (from the other
    interface) and OAM replies (to requests that came in on this one), keyed by
    (top label, carries a GAL)."""
    out = {}
    for f in frames:
        stack, _ = pk.parse_stack(f)
        key = (stack[0][0], len(stack) > 1 and stack[1][0] == pk.GAL)
        out.setdefault(key, []).append(mask(f))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tplsr", required=True)
    ap.add_argument("--cli", required=True)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tplsr-live-vs-replay-")
    passed = failed = 0
    proc = None
    try:
        conf = os.path.join(work, "node.conf")
        with open(conf, "w") as f:
            f.write(CONFIG)
        in10, in20 = inputs()
        pk.write_pcap(os.path.join(work, "in10.pcap"), in10)
        pk.write_pcap(os.path.join(work, "in20.pcap"), in20)
        n_in = len(in10) + len(in20)

        rep = os.path.join(work, "replay")
        subprocess.run([args.tplsr, "replay", "-c", conf, "--in", "10=%s/in10.pcap" % work,
                        "--in", "20=%s/in20.pcap" % work, "--out-dir", rep,
                        "--stats", os.path.join(work, "replay.json")], check=True)

        sock = os.path.join(work, "ctl.sock")
        live = os.path.join(work, "live")
        os.makedirs(live)
        cmd = [args.tplsr, "-l", "0", "--no-huge", "-m", "256", "--no-pci",
               "--file-prefix", "tplsr-lvr-%d" % os.getpid(), "--log-level=lib.eal:error",
               "--vdev=net_pcap0,rx_pcap=%s/in10.pcap,tx_pcap=%s/if10.pcap" % (work, live),
               "--vdev=net_pcap1,rx_pcap=%s/in20.pcap,tx_pcap=%s/if20.pcap" % (work, live),
               "--", "-c", conf, "--ctl", sock]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        stats = None
        deadline = time.time() + 30
        while time.time() < deadline:
            r = subprocess.run([args.cli, "-s", sock, "show", "counters", "json"],
                               capture_output=True, text=True)
            if r.returncode == 0:
                stats = json.loads(r.stdout)
                if stats["rx"] >= n_in and stats["rx"] == (stats["forwarded"] + stats["consumed"]
                                                           + stats["dropped"]):
                    break
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        with open(os.path.join(work, "replay.json")) as f:
            rstats = json.load(f)

        def check(name, ok, detail=""):
            nonlocal passed, failed
            print("%s %s%s" % ("PASS" if ok else "FAIL", name, "" if ok else ": " + detail))
            passed, failed = passed + ok, failed + (not ok)

        check("live received every frame", stats is not None and stats["rx"] == n_in,
              "stats %s" % (stats and {k: stats[k] for k in ("rx", "forwarded", "consumed",
                                                            "dropped")}))
        for key in ("rx", "forwarded", "consumed", "dropped", "tx"):
            check("counter %s equal" % key, stats is not None and stats[key] == rstats[key],
                  "live %s, replay %s" % (stats and stats[key], rstats[key]))
        check("drop reasons equal", stats is not None and stats["drops"] == rstats["drops"],
              "live %s, replay %s" % (stats and stats["drops"], rstats["drops"]))
        for if_num in (10, 20):
            _, lv = pk.read_pcap(os.path.join(live, "if%d.pcap" % if_num))
            _, rp = pk.read_pcap(os.path.join(rep, "if%d.pcap" % if_num))
            lv = by_cause([f for _, f in lv])
            rp = by_cause([f for _, f in rp])
            check("if%d: same frames, same order per cause" % if_num, lv == rp,
                  "live %s vs replay %s" % ({k: len(v) for k, v in lv.items()},
                                            {k: len(v) for k, v in rp.items()}))
    finally:
        if proc and proc.poll() is None:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree("/var/run/dpdk/tplsr-lvr-%d" % os.getpid(), ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
