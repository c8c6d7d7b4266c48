#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""`systemctl start tplsr`, `reload` and `stop` without systemd: the installed
unit's own command lines, run as systemd would run them, on the kernel
interfaces the shipped /etc/default/tplsr names (eth1 and eth2, created here as
veth pairs), with the shipped /etc/tplsr/tplsr.conf.

From the unit (section [Service]) it takes EnvironmentFile=, ExecStartPre=,
ExecStart=, ExecReload=, RuntimeDirectory= and CapabilityBoundingSet= (applied
with setpriv(1), with no new privileges), expands $VAR, ${VAR} and %t as
systemd.service(5) says, and plays the service manager on NOTIFY_SOCKET:

  - ExecStartPre (tplsr check) exits 0;
  - ExecStart says READY=1 from its main pid; then both ports are up and the
    control socket answers in the RuntimeDirectory;
  - ExecReload (SIGHUP) reloads the configuration (RELOADING=1, READY=1) and
    leaves it running;
  - SIGTERM: STOPPING=1, exit 0, the final counters;
  - the same ExecStart with CAP_NET_RAW taken out of the bounding set fails
    and never says READY=1: the unit's capabilities are what af_packet needs.

It must run as root in a new network namespace (unshare -n: only lo), where it
creates the interfaces; anywhere else it refuses (77).

    service_start.py UNIT_FILE TPLSR_CLI
TAP lines, then "N passed, M failed"; exit 1 on a failure, 77 to skip.
"""
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scripts"))
from notify_test import WAIT_S, Manager, output, reap, wait_exit  # noqa: E402
from tap import Tap  # noqa: E402  (scripts/tap.py)

T = Tap()


def read_unit(path):
    """{key: [values]} of the [Service] section (keys may repeat)."""
    svc, section = {}, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                section = line
                continue
            if section == "[Service]" and "=" in line:
                k, v = line.split("=", 1)
                svc.setdefault(k.strip(), []).append(v.strip())
    return svc


def read_env(path):
    """An EnvironmentFile: KEY=VALUE lines, the value's quotes removed."""
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#;" or "=" not in line:
                continue
            k, v = line.split("=", 1)
            words = shlex.split(v) if v else [""]
            env[k.strip()] = words[0] if words else ""
    return env


def expand(cmdline, env, runtime):
    """A command line as systemd.service(5) "Command lines": prefixes off, %t, $VAR
    split into words, ${VAR} kept as one word."""
    cmdline = cmdline.lstrip("-@+!:")
    words = []
    for w in shlex.split(cmdline):
        w = w.replace("%t", runtime).replace("%%", "%")
        m = re.fullmatch(r"\$(\w+)", w)
        if m:
            words += env.get(m.group(1), "").split()
            continue
        words.append(re.sub(r"\$\{(\w+)\}", lambda m: env.get(m.group(1), ""), w))
    return words


def setpriv(caps):
    bounding = ",".join(["-all"] + ["+" + c.lower().replace("cap_", "") for c in caps])
    return ["setpriv", "--bounding-set", bounding, "--no-new-privs"]


def cli(cli_path, sock, *words):
    return subprocess.run([cli_path, "-s", sock] + list(words), capture_output=True,
                          text=True, timeout=30)


def links(cli_path, sock):
    r = cli(cli_path, sock, "show", "interfaces", "json")
    try:
        return [i["link"] for i in json.loads(r.stdout)["interfaces"]], r
    except (ValueError, KeyError, TypeError):
        return None, r


def start(work, name, cmd, env):
    """Run cmd as the service's main process: (process, first notify message or
    None, the notify socket, the log)."""
    log = open(os.path.join(work, name + ".log"), "w+")
    mgr = Manager(os.path.join(work, "notify-" + name))
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                            env=dict(env, NOTIFY_SOCKET=mgr.path))
    return proc, mgr.receive(proc, WAIT_S), mgr, log


def main():
    unit_path, cli_path = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        print("SKIP: needs root")
        return 77
    # A new namespace has only lo: never create or touch interfaces anywhere else.
    names = [l.split(":")[1].strip().split("@")[0] for l in
             subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout
             .splitlines()]
    if names != ["lo"]:
        print("SKIP: run me in a network namespace of my own (unshare -n), not among %s"
              % names)
        return 77
    for ifc in ("eth1", "eth2"):
        subprocess.run(["ip", "link", "add", ifc, "type", "veth", "peer", "name", ifc + "p"],
                       check=True)
        for name in (ifc, ifc + "p"):
            subprocess.run(["ip", "link", "set", name, "up"], check=True)

    svc = read_unit(unit_path)
    work = tempfile.mkdtemp(prefix="tplsr-svc-")
    runtime = os.path.join(work, "run")
    for d in svc.get("RuntimeDirectory", []):
        os.makedirs(os.path.join(runtime, d), mode=0o750)
    env = dict(os.environ)
    for f in svc.get("EnvironmentFile", []):
        if f.startswith("-") and not os.path.exists(f[1:]):
            continue
        env.update(read_env(f.lstrip("-")))
    caps = " ".join(svc.get("CapabilityBoundingSet", [])).split()
    sock = os.path.join(runtime, "tplsr", "tplsr.sock")

    for pre in svc.get("ExecStartPre", []):
        r = subprocess.run(expand(pre, env, runtime), capture_output=True, text=True, env=env)
        T.ok("ExecStartPre %s: exit 0" % " ".join(expand(pre, env, runtime)),
             r.returncode == 0 and ": ok: " in r.stdout, r.stdout, r.stderr)
    start_cmd = expand(svc["ExecStart"][0], env, runtime)
    print("# ExecStart: " + " ".join(start_cmd))
    print("# CapabilityBoundingSet: " + " ".join(caps))

    proc, msg, mgr, log = start(work, "tplsr", setpriv(caps) + start_cmd, env)
    try:
        if not T.ok("ExecStart: READY=1 from the main pid",
                    msg is not None and msg[1].get("READY") == "1" and msg[0] == proc.pid,
                    msg, output(log)):
            return T.finish()
        state, r = links(cli_path, sock)
        T.ok("the control socket in RuntimeDirectory answers: both ports up",
             state == ["up", "up"], r.stdout, r.stderr)
        for reload in svc.get("ExecReload", []):
            r = subprocess.run(expand(reload, dict(env, MAINPID=str(proc.pid)), runtime))
            # systemd's reload protocol: RELOADING=1, then READY=1 once reloaded.
            first = mgr.receive(proc, WAIT_S)
            second = mgr.receive(proc, WAIT_S)
            T.ok("ExecReload: RELOADING=1 then READY=1 from the main pid",
                 first is not None and first[1].get("RELOADING") == "1" and
                 second is not None and second[1].get("READY") == "1" and
                 second[0] == proc.pid, first, second)
            state, _ = links(cli_path, sock)
            T.ok("ExecReload: reloaded, still running and answering", r.returncode == 0 and
                 proc.poll() is None and state == ["up", "up"] and
                 "tplsr: SIGHUP: reloaded" in output(log), output(log))
        proc.send_signal(signal.SIGTERM)
        msg = mgr.receive(proc, WAIT_S)
        T.ok("SIGTERM: STOPPING=1", msg is not None and msg[1].get("STOPPING") == "1", msg)
        rc = wait_exit(proc)
        out = output(log)
        T.ok("SIGTERM: exit 0 and the final counters", rc == 0 and
             "tplsr: final counters: " in out, rc, out)
    finally:
        reap(proc, mgr, log)

    proc, msg, mgr, log = start(work, "noraw",
                                setpriv([c for c in caps if c != "CAP_NET_RAW"]) + start_cmd, env)
    try:
        rc = wait_exit(proc)
        T.ok("without CAP_NET_RAW: af_packet fails, exit 2, never READY=1",
             rc == 2 and msg is None, rc, msg, output(log))
    finally:
        reap(proc, mgr, log)
    subprocess.run(["rm", "-rf", work])
    return T.finish()


if __name__ == "__main__":
    sys.exit(main())
