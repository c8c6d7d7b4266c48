#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The live daemon's readiness protocol, as systemd sees it (Type=notify,
packaging/tplsr.service.in): the test plays the service manager with a datagram
socket in NOTIFY_SOCKET and runs tplsr on two net_null ports with the example
configuration (packaging/tplsr.conf, its af_packet ports turned into net_null).

  - READY=1 comes from the main pid, once: by then the control socket answers;
  - SIGTERM: STOPPING=1 from the main pid, exit 0, the final counters printed;
  - a daemon that cannot start (bad configuration, a port that does not exist,
    a control socket path that is taken) exits non-zero and never says READY=1.

    notify_test.py TPLSR TPLSR_CLI yes|no   (no: built without libsystemd, skip)
TAP lines, then "N passed, M failed"; exit 1 on a failure, 77 to skip.
"""
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scripts"))
from tap import Tap  # noqa: E402  (scripts/tap.py)

TPLSR = CLI = None      # from the command line (main)
WAIT_S = 90             # EAL start-up on a busy 2-core machine, with margin

T = Tap()
ok = T.ok


class Manager:
    """The service manager's end of the notify socket: datagrams with the sender's pid."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)

    def receive(self, proc, timeout):
        """(pid, {key: value}) of the next message, or None when proc exited or time ran out."""
        end = time.time() + timeout
        while time.time() < end:
            r, _, _ = select.select([self.sock], [], [], 0.2)
            if r:
                data, anc, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
                pid = None
                for level, kind, payload in anc:
                    if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                        pid = struct.unpack("iII", payload[:12])[0]
                fields = dict(line.split("=", 1) for line in data.decode().splitlines()
                              if "=" in line)
                return pid, fields
            if proc.poll() is not None:
                return None
        return None

    def close(self):
        self.sock.close()


def run(work, name, conf, ctl, mgr):
    log = open(os.path.join(work, name + ".log"), "w+")
    env = dict(os.environ, NOTIFY_SOCKET=mgr.path)
    proc = subprocess.Popen(
        [TPLSR, "--no-huge", "-m", "256", "--no-pci", "--file-prefix",
         "tplsr-notify-%d-%s" % (os.getpid(), name), "--vdev=net_null0", "--vdev=net_null1",
         "-l", "0", "--", "-c", conf, "--ctl", ctl],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    return proc, log


def wait_exit(proc):
    """The exit status, or None when the process is still running after WAIT_S."""
    try:
        return proc.wait(WAIT_S)
    except subprocess.TimeoutExpired:
        return None


def reap(proc, *closing):
    """Kill the process if it still runs; close the sockets and files it used."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for c in closing:
        c.close()


def output(log):
    log.flush()
    log.seek(0)
    return log.read()


def cli(ctl, *words):
    return subprocess.run([CLI, "-s", ctl] + list(words), capture_output=True, text=True,
                          timeout=30)


def example(work, name, edit=lambda s: s):
    with open(os.path.join(HERE, "tplsr.conf")) as f:
        text = f.read().replace("net_af_packet", "net_null")
    path = os.path.join(work, name + ".conf")
    with open(path, "w") as f:
        f.write(edit(text))
    return path


def test_ready_and_stop(work):
    conf = example(work, "good")
    ctl = os.path.join(work, "run", "tplsr.sock")
    mgr = Manager(os.path.join(work, "notify-good"))
    proc, log = run(work, "good", conf, ctl, mgr)
    try:
        msg = mgr.receive(proc, WAIT_S)
        if not ok("READY=1 arrives", msg is not None and msg[1].get("READY") == "1",
                  msg, output(log)):
            return
        pid, fields = msg
        ok("READY=1 comes from the main pid (NotifyAccess=main)", pid == proc.pid,
           "sender %s, daemon %d" % (pid, proc.pid))
        ok("STATUS names the control socket", ctl in fields.get("STATUS", ""), fields)
        r = cli(ctl, "show", "counters", "json")
        ok("at READY=1 the control socket answers", r.returncode == 0 and r.stdout.startswith("{"),
           r.returncode, r.stdout, r.stderr)
        r = cli(ctl, "show", "interfaces", "json")
        try:
            links = [i["link"] for i in json.loads(r.stdout)["interfaces"]]
        except (ValueError, KeyError, TypeError):
            links = None
        ok("at READY=1 both ports are up", links == ["up", "up"], r.stdout, r.stderr)
        ok("no second message while running", mgr.receive(proc, 1) is None)

        proc.send_signal(signal.SIGTERM)
        msg = mgr.receive(proc, WAIT_S)
        ok("SIGTERM: STOPPING=1 arrives", msg is not None and msg[1].get("STOPPING") == "1",
           msg, output(log))
        ok("STOPPING=1 comes from the main pid", msg is not None and msg[0] == proc.pid, msg)
        rc = wait_exit(proc)
        out = output(log)
        ok("SIGTERM: exit status 0", rc == 0, rc, out)
        ok("SIGTERM: final counters logged", "tplsr: final counters: rx " in out and
           '"drops": {' in out, out)
    finally:
        reap(proc, mgr, log)


def test_never_ready(work, name, conf, ctl, want_status, want_text):
    mgr = Manager(os.path.join(work, "notify-" + name))
    proc, log = run(work, name, conf, ctl, mgr)
    try:
        msg = mgr.receive(proc, WAIT_S)
        rc = wait_exit(proc)
        out = output(log)
        ok("%s: exit status %d" % (name, want_status), rc == want_status, rc, out)
        ok("%s: says why" % name, want_text in out, out)
        ok("%s: never READY=1" % name, msg is None, msg)
    finally:
        reap(proc, mgr, log)


def main():
    global TPLSR, CLI
    TPLSR, CLI, with_systemd = sys.argv[1], sys.argv[2], sys.argv[3]
    if with_systemd != "yes":
        print("SKIP: built without libsystemd (-Dsystemd=disabled or no libsystemd-dev)")
        return 77
    if os.geteuid() != 0:
        print("SKIP: live daemons run as root here")
        return 77
    work = tempfile.mkdtemp(prefix="tplsr-notify-")
    test_ready_and_stop(work)
    test_never_ready(work, "bad-config",
                     example(work, "bad-config", lambda s: s.replace("label 200", "label 3")),
                     os.path.join(work, "run", "bad.sock"), 2, "label 3 is reserved")
    test_never_ready(work, "no-port",
                     example(work, "no-port", lambda s: s.replace("net_null1", "net_null7")),
                     os.path.join(work, "run", "noport.sock"), 2, "net_null7")
    taken = os.path.join(work, "taken")
    with open(taken, "w") as f:
        f.write("not a socket\n")
    test_never_ready(work, "ctl-taken", example(work, "ctl-taken"), taken, 1, taken)
    subprocess.run(["rm", "-rf", work])
    return T.finish()


if __name__ == "__main__":
    sys.exit(main())
