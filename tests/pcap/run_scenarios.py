#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Run the tplsr pcap scenarios (docs/CONVENTIONS.md rule 12, tier c).

    run_scenarios.py --tplsr build/tplsr [--only GLOB[,GLOB]] [--keep DIR] [-j N] [--list]
    run_scenarios.py --selftest [--keep DIR]

For every scenario: write the configuration and the input pcaps (scapy), run
`tplsr replay`, check the output pcaps with tshark and raw bytes, and the
stats/events JSON.  One PASS/FAIL line per scenario, then `N passed, M failed`;
the exit status is 0 only when every scenario passed.

--selftest needs no tplsr: it decodes every input frame with tshark to check
that the builders produce what the scenarios mean, then runs every scenario
against a stand-in that transmits exactly what the expectations describe
(so the checks must pass), and against deliberately wrong stand-ins (so they
must fail).
"""

import argparse
import fnmatch
import os
import re
import shutil
import sys
import tempfile
import traceback
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import scenarios  # noqa: E402
from harness import Fail, Scenario, eq, expect  # noqa: E402


def run_bad_config(tplsr, b, d):
    sc = Scenario(b.name, b.doc, harness.Topo())
    sc.rx(10, scenarios.data(10, 100, 64), harness.Fwd((20, 200)))
    r, conf, out_dir, _, _ = harness.run_replay(tplsr, sc, d, conf_bytes=b.text)
    err = r.stderr.decode(errors="replace")
    eq("exit status for %s (stderr %r)" % (b.doc, err[-300:]), r.returncode, 2)
    if b.line is None:
        pat = re.escape(conf) + r":(\d+:)?"
    else:
        pat = re.escape(conf) + ":%d:" % b.line
    expect(re.search(pat, err), "stderr lacks %r: %r", pat.replace("\\", ""), err[-400:])
    if os.path.isdir(out_dir):
        pcaps = [x for x in os.listdir(out_dir) if x.endswith(".pcap")]
        expect(not pcaps, "output pcaps written despite the bad configuration: %s", pcaps)


def run_usage(tplsr, u, d):
    sc = Scenario(u.name, u.doc, harness.Topo())
    r, _, _, _, _ = harness.run_replay(tplsr, sc, d, in_args=u.in_args_fn(d))
    eq("exit status for %s (stderr %r)" % (u.doc, r.stderr.decode(errors="replace")[-300:]),
       r.returncode, 2)


def run_one(tplsr, name, build, workdir, fake=None):
    d = os.path.join(workdir, name)
    os.makedirs(d, exist_ok=True)
    try:
        obj = build()
        if isinstance(obj, scenarios.BadConfig):
            if fake:
                return name, True, "skipped in selftest"
            run_bad_config(tplsr, obj, d)
        elif isinstance(obj, scenarios.Usage):
            if fake:
                return name, True, "skipped in selftest"
            run_usage(tplsr, obj, d)
        else:
            harness.execute(tplsr, obj, d, fake=fake)
        return name, True, ""
    except Fail as e:
        return name, False, str(e)
    except Exception:  # a bug in the scenario itself must show, not hide the rest
        return name, False, "scenario error: " + traceback.format_exc().strip().splitlines()[-1]


def select(only):
    items = scenarios.all_scenarios()
    if not only:
        return items
    pats = [p for o in only for p in o.split(",") if p]
    return [it for it in items if any(fnmatch.fnmatchcase(it[0], p) for p in pats)]


def run_all(tplsr, items, workdir, jobs, fake=None, quiet=False):
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        results = list(ex.map(lambda it: run_one(tplsr, it[0], it[2], workdir, fake), items))
    passed = failed = 0
    for name, ok, why in results:
        if ok:
            passed += 1
            if not quiet:
                print("PASS %s%s" % (name, " (%s)" % why if why else ""))
        else:
            failed += 1
            if not quiet:
                print("FAIL %s: %s" % (name, why))
    return passed, failed, results


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--tplsr", help="path to the tplsr binary")
    ap.add_argument("--only", action="append", default=[], help="glob(s) of scenario names")
    ap.add_argument("--keep", help="keep each scenario's files in DIR/NAME")
    ap.add_argument("-j", "--jobs", type=int, default=min(4, os.cpu_count() or 1))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--selftest", action="store_true")
    args = ap.parse_args()

    items = select(args.only)
    if args.list:
        for name, doc, _ in items:
            print("%-28s %s" % (name, doc.splitlines()[0] if doc else ""))
        return 0
    if not items:
        print("no scenario matches %s" % args.only, file=sys.stderr)
        return 2
    if shutil.which(harness.TSHARK) is None:
        print("tshark not found (Debian package tshark)", file=sys.stderr)
        return 2

    workdir = args.keep or tempfile.mkdtemp(prefix="tplsr-pcap-")
    os.makedirs(workdir, exist_ok=True)
    try:
        if args.selftest:
            import selftest
            passed, failed = selftest.run(items, workdir, args.jobs, run_all)
        else:
            if not args.tplsr:
                ap.error("--tplsr is required (or --selftest)")
            tplsr = os.path.abspath(args.tplsr)
            if not os.access(tplsr, os.X_OK):
                print("%s: not an executable" % tplsr, file=sys.stderr)
                return 2
            passed, failed, _ = run_all(tplsr, items, workdir, args.jobs)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
