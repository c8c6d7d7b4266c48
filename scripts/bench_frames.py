#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Captures and configurations for scripts/bench.sh (standard library only).

    bench_frames.py pcap OUT.pcap KIND FRAMES LSPS [SEED]
    bench_frames.py config OUT.conf LSPS [policer-off]

KIND: swap    64-byte frames, one label, cycling over the first LSPS in-labels
      random  64-byte frames with labels drawn at random from LSPS in-labels
              (all different when N <= LSPS)
      mix     swap, with every 10th frame an on-demand CV request (RFC 6426)
              for the in-MIP of interface 1 (TTL 1, GAL, ACH 0x0025, DDMAP)
      oam     every frame such a CV request

The configuration has interface 1 on port 0 (the capture) and interface 2 on
port 1 (net_null); LSP i forwards in 1 label 16+i out 2 label 16+i and returns
in 2 label 600000+i out 2 label 600000+i (replies go to the null port, so the
capture port never has to transmit).
"""
import random
import struct
import sys

OURS = bytes.fromhex("020000000201")
PEER = bytes.fromhex("020000000102")


def in_label(i):
    return 16 + i


def lse(label, ttl, s):
    return struct.pack(">I", (label << 12) | (0x100 if s else 0) | ttl)


def cv_request(handle):
    """Echo request, reply mode 4, Target FEC (static LSP), DDMAP ingress 1."""
    fec = struct.pack(">HHIIHHIIHH", 22, 24, 65000, 0xC0000201, 1, 1, 65000, 0xC0000203, 1, 0)
    tlvs = struct.pack(">HH", 1, len(fec)) + fec
    ddmap = struct.pack(">HBBIIBBH", 1500, 5, 0x03, 1, 0, 0, 0, 8) + \
        struct.pack(">HH", 2, 4) + struct.pack(">I", (16 << 12) | 0x100 | 1)
    tlvs += struct.pack(">HH", 20, len(ddmap)) + ddmap
    hdr = struct.pack(">HHBBBBIIIIII", 1, 0, 1, 4, 0, 0, handle, 1, 0, 0, 0, 0)
    return hdr + tlvs


def frame(label, oam, handle):
    eth = OURS + PEER + b"\x88\x47"
    if oam:
        return eth + lse(label, 1, False) + lse(13, 1, True) + b"\x10\x00\x00\x25" + cv_request(handle)
    return eth + lse(label, 64, True) + b"\x45" + b"\x00" * 45


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for n, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + n // 1000000, n % 1000000, len(fr), len(fr)))
            f.write(fr)


def pcap(out, kind, n, lsps, seed=1):
    rng = random.Random(seed)
    # random: distinct labels while there are enough LSPs, so that the capture
    # touches n different entries (a working set larger than the caches).
    picks = rng.sample(range(lsps), n) if kind == "random" and n <= lsps else None
    frames = []
    for i in range(n):
        if kind == "random":
            label = in_label(picks[i] if picks is not None else rng.randrange(lsps))
        else:
            label = in_label(i % lsps)
        oam = kind == "oam" or (kind == "mix" and i % 10 == 9)
        frames.append(frame(label, oam, i))
    write_pcap(out, frames)


def config(out, lsps, policer_off=False):
    with open(out, "w") as f:
        f.write("node 65000:192.0.2.2\nicc ABCDEF cc JP\n")
        if policer_off:
            f.write("oam-policer rate 0 burst 0\n")
        f.write("interface 1 port 0 mac 02:00:00:00:02:01 peer 02:00:00:00:01:02\n")
        f.write("interface 2 port 1 mac 02:00:00:00:02:02 peer 02:00:00:00:03:01\n")
        for i in range(lsps):
            f.write("lsp l%d\n  source 65000:192.0.2.1 tunnel %d\n  destination 65000:192.0.2.3 "
                    "tunnel %d\n  lsp-num 1\n  forward in 1 label %d out 2 label %d\n"
                    "  reverse in 2 label %d out 2 label %d\n"
                    % (i, i % 65536, i % 65536, in_label(i), in_label(i), 600000 + i % 400000,
                       600000 + i % 400000) if i < 400000 else
                    "lsp l%d\n  source 65000:192.0.2.1 tunnel %d\n  destination 65000:192.0.2.3 "
                    "tunnel %d\n  lsp-num 1\n  forward in 1 label %d out 2 label %d\n"
                    % (i, i % 65536, i % 65536, in_label(i), in_label(i)))


if __name__ == "__main__":
    if sys.argv[1] == "pcap":
        pcap(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]),
             int(sys.argv[6]) if len(sys.argv) > 6 else 1)
    elif sys.argv[1] == "config":
        config(sys.argv[2], int(sys.argv[3]), len(sys.argv) > 4 and sys.argv[4] == "policer-off")
    else:
        sys.exit(__doc__)
