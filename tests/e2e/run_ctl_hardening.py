#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The control socket under a hostile neighbour and a careless operator
(docs/CLI.md, "Control socket limits").

A live tplsr on two net_null ports (no namespaces, no NIC) with a configuration
large enough that `show lsp json` is megabytes, attacked through raw AF_UNIX
sockets:

  --ctl PATH     a regular file, a symlink, a directory, a live socket are
                 refused and left as they were; a stale socket is reused
  slow readers   clients that send `show lsp json` and never read do not lock
                 out the next client, and their queued output (RSS) is bounded;
                 they are dropped after the write timeout
  idle clients   time out with a message; a full table of them does not lock
                 out a newcomer
  500 connects   at once: each gets its answer or a clear "Busy", none EAGAIN
  half-close     a client that shuts its sending side after the request (a
                 pending ping, show counters) still gets the whole answer

    run_ctl_hardening.py [BUILD_DIR]
TAP-style lines, then "N passed, M failed"; exit 1 on a failure, 77 (skip)
when no daemon can be started here.
"""
import errno
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
TPLSR = os.path.join(BUILD, "tplsr")
CLI = os.path.join(BUILD, "ctl", "tplsr-cli")

N_LSPS = 20000          # show lsp json: about 12 MB, far above one connection's cap
MAX_CONNS = 128         # CTL_MAX_CONNS (ctl/ctl_priv.h)
OUT_MAX = 4 << 20       # CTL_OUT_MAX: unsent reply bytes one connection may hold
REQUEST_S = 5           # CTL_REQUEST_NS: a client must send its line within
STALL_S = 30            # CTL_STALL_NS: a reply that makes no progress for this is dropped
EVICT_S = 1             # CTL_EVICT_NS: idle for this long, a connection may be evicted
GRACE_S = 20            # margin on every wait (slow, shared machines)

passed = failed = 0


def ok(name, cond, *detail):
    global passed, failed
    if cond:
        passed += 1
        print("ok %d - %s" % (passed + failed, name))
    else:
        failed += 1
        print("not ok %d - %s" % (passed + failed, name))
        for d in detail:
            for line in str(d).splitlines()[-12:]:
                print("#   " + line)
    sys.stdout.flush()
    return cond


def note(msg):
    print("# " + msg)
    sys.stdout.flush()


def config(n_lsps):
    lines = ["node 65000:192.0.2.1", "icc ABCDEF cc JP",
             "interface 10 port 0 mac 02:00:00:00:01:01 peer 02:00:00:00:02:01",
             "interface 20 port 1 mac 02:00:00:00:01:02 peer 02:00:00:00:03:01",
             # lsp0: this node is its source MEP (ping), the rest are transit.
             "lsp lsp0", "  source 65000:192.0.2.1 tunnel 1",
             "  destination 65000:192.0.2.3 tunnel 1", "  lsp-num 1",
             "  forward out 20 label 100", "  reverse in 20 label 101"]
    for i in range(1, n_lsps):
        lines += ["lsp lsp%d" % i, "  source 65000:192.0.2.9 tunnel %d" % i,
                  "  destination 65000:192.0.2.3 tunnel %d" % i, "  lsp-num 1",
                  "  forward in 10 label %d out 20 label %d" % (1000 + i, 1000 + i),
                  "  reverse in 20 label %d out 10 label %d" % (300000 + i, 300000 + i)]
    return "\n".join(lines) + "\n"


class Daemon:
    """A live tplsr on net_null ports; output to a log file."""
    seq = 0

    def __init__(self, work, conf, sock):
        Daemon.seq += 1
        self.prefix = "tplsr-ctlh-%d-%d" % (os.getpid(), Daemon.seq)
        self.log = os.path.join(work, self.prefix + ".log")
        self.sock = sock
        with open(self.log, "w") as f:
            self.proc = subprocess.Popen(
                [TPLSR, "--no-huge", "-m", "256", "--no-pci", "--file-prefix", self.prefix,
                 "--vdev=net_null0", "--vdev=net_null1", "-l", "0",
                 "--", "-c", conf, "--ctl", sock], stdout=f, stderr=subprocess.STDOUT)

    def output(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def wait_ready(self, timeout=90):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                return False
            try:
                _, st = request(self.sock, "show counters", timeout=5)
                if st == 0:
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    def wait_refusal(self, probe=True, timeout=90):
        """The exit status of a daemon expected to refuse to start; None if it
        came up instead (it answers on its socket) or did neither in time."""
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                return self.proc.returncode
            try:
                if probe and os.path.exists(self.sock) and request(self.sock, "show counters",
                                                         timeout=5)[1] == 0:
                    return None
            except OSError:
                pass
            time.sleep(0.2)
        return None

    def rss_kb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def connect(path, block=True):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.setblocking(block)
    s.connect(path)
    return s


def read_all(s, timeout):
    """Everything until EOF (None if no EOF within timeout)."""
    s.setblocking(True)
    s.settimeout(timeout)
    data = b""
    end = time.time() + timeout
    try:
        while time.time() < end:
            b = s.recv(1 << 16)
            if not b:
                return data
            data += b
    except (socket.timeout, ConnectionResetError):
        pass
    return None


def parse(data):
    """(text, status) of a reply; status None without a status line."""
    text = data.decode(errors="replace")
    lines = text.split("\n")
    if len(lines) >= 2 and lines[-1] == "" and lines[-2].startswith("@status "):
        return "\n".join(lines[:-2]) + ("\n" if len(lines) > 2 else ""), int(lines[-2][8:])
    return text, None


def request(path, line, timeout=30, shut=False):
    s = connect(path)
    try:
        s.sendall(line.encode() + b"\n")
        if shut:
            s.shutdown(socket.SHUT_WR)
        data = read_all(s, timeout)
    finally:
        s.close()
    if data is None:
        return None, None
    return parse(data)


def test_ctl_path(work, conf, live):
    """Item: --ctl PATH never removes what is not a stale socket of ours."""
    def refused(name, path, want_words, check_left, probe=True):
        d = Daemon(work, conf, path)
        rc = d.wait_refusal(probe)
        d.stop()
        out = d.output()
        ok("--ctl on %s: refused (exit status %s)" % (name, rc), rc not in (None, 0), out)
        ok("--ctl on %s: the message says so (%s)" % (name, " / ".join(want_words)),
           any(w in out for w in want_words), out)
        try:
            left = check_left()
        except OSError as e:
            left = False
            out = str(e)
        ok("--ctl on %s: left as it was" % name, left, out)

    f = os.path.join(work, "precious.txt")
    with open(f, "w") as fh:
        fh.write("precious\n")
    refused("a regular file", f, ["not a socket"],
            lambda: open(f).read() == "precious\n")

    link = os.path.join(work, "link.sock")
    os.symlink(f, link)
    refused("a symlink", link, ["symbolic link"],
            lambda: os.path.islink(link) and os.readlink(link) == f
            and open(f).read() == "precious\n")

    dr = os.path.join(work, "adir")
    os.mkdir(dr)
    with open(os.path.join(dr, "inside"), "w") as fh:
        fh.write("x")
    refused("a directory", dr, ["is a directory", "Is a directory"],
            lambda: os.path.isfile(os.path.join(dr, "inside")))

    refused("a live daemon's socket", live.sock, ["another tplsr", "answers on"],
            lambda: request(live.sock, "show counters")[1] == 0, probe=False)

    # A stale socket: bound, then its owner went away without removing it.
    stale = os.path.join(work, "stale.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(stale)
    s.close()
    d = Daemon(work, conf, stale)
    up = d.wait_ready()
    ok("--ctl on a stale socket: removed and reused (the daemon answers on it)", up, d.output())
    d.stop()
    ok("--ctl on a stale socket: removed when the daemon stops", not os.path.exists(stale))


def test_more(sock):
    """`help` is printed one command per call of its continuation (ctl_more)."""
    cmds = ["ping mpls-tp lsp", "traceroute mpls-tp lsp", "locate mpls-tp lsp", "loopback lsp",
            "show lsp", "show interfaces", "show counters", "clear counters", "help"]
    text, st = request(sock, "help")
    lines = [ln.strip() for ln in (text or "").splitlines()]
    ok("help (an incremental reply): the heading, then every command once, then status 0",
       st == 0 and lines[0] == "Commands:"
       and all(sum(ln.startswith(w) for ln in lines) == 1 for w in cmds if w != "help"),
       repr(text))
    text, st = request(sock, "help", shut=True)
    ok("help, half-closed client: the whole reply", st == 0 and "clear counters" in text,
       repr(text))


def test_half_close(sock):
    """Item: shutdown(SHUT_WR) after the request must not cancel it."""
    # A pending command: the ping's probes go into net_null and time out.
    text, st = request(sock, "ping mpls-tp lsp lsp0 count 2 timeout 300", shut=True)
    ok("half-closed client: a pending ping still answers in full (status 1, no replies)",
       st == 1 and text is not None and "Success rate is 0 percent (0/2)" in text, repr(text))
    text, st = request(sock, "show counters json", shut=True)
    try:
        good = st == 0 and "rx" in json.loads(text)
    except (ValueError, TypeError):
        good = False
    ok("half-closed client: show counters json answers in full", good, repr(text)[:400])
    # No newline: the end of its sending side ends the request.
    s = connect(sock)
    s.sendall(b"show counters")
    s.shutdown(socket.SHUT_WR)
    text, st = parse(read_all(s, 30) or b"")
    s.close()
    ok("half-closed client without a newline: the request is the line so far", st == 0,
       repr(text)[:400])


def test_slow_readers(d):
    """Clients that send a request with a large reply and never read it: 8 of
    `show lsp json` (one 12 MB line) and 8 of `show lsp` (5 MB of lines)."""
    sock = d.sock
    rss0 = d.rss_kb()
    lone = connect(sock)
    lone.sendall(b"show lsp\n")
    time.sleep(1)
    rss1 = d.rss_kb()
    note("RSS %d kB at rest, %d kB with one non-reading `show lsp` client (+%d kB)"
         % (rss0, rss1, rss1 - rss0))
    text_slow = [lone]
    json_slow = []
    for i in range(15):
        s = connect(sock)
        s.sendall(b"show lsp json\n" if i < 8 else b"show lsp\n")
        (json_slow if i < 8 else text_slow).append(s)
    time.sleep(1)
    text, st = request(sock, "show counters json", timeout=30)
    ok("16 non-reading `show lsp [json]` clients: a 17th gets its answer", st == 0,
       repr(text)[:400])
    rss16 = d.rss_kb()
    note("RSS %d kB with 16 non-reading clients (+%d kB)" % (rss16, rss16 - rss0))
    bound = 16 * OUT_MAX // 1024 + 32 * 1024
    ok("16 non-reading clients: RSS grows less than 16 x the per-connection cap + 32 MB "
       "(%d kB < %d kB)" % (rss16 - rss0, bound), rss16 - rss0 < bound)

    # A client that reads gets all of it (when the handler produces the reply as
    # the socket drains), or a clear truncation message (when it does not).
    text, st = request(sock, "show lsp json", timeout=60)
    full = False
    if st == 0:
        try:
            full = len(json.loads(text)["lsps"]) == N_LSPS
        except (ValueError, KeyError):
            pass
    cut = st == 1 and text is not None and "% Reply truncated" in text
    note("reading `show lsp json` client: %s" % ("the whole reply" if full else
                                                  "a truncated reply" if cut else "neither"))
    ok("a reading client of a large reply gets all of it, or a clear truncation message",
       full or cut, repr(text)[-400:] if text else repr(text))
    return text_slow, json_slow, rss0


def test_stalled_dropped(d, text_slow, json_slow, rss0):
    """The non-reading clients are dropped after the write timeout: reading now
    gets what the kernel buffered, then the end, without a status line.  (A
    `show lsp json` that a handler printed at once was cut at CTL_OUT_MAX and
    could go out whole, truncation message and status line included.)"""
    time.sleep(STALL_S)
    cut = 0
    for s in text_slow:
        data = read_all(s, GRACE_S)
        if data is not None and parse(data)[1] is None:
            cut += 1
        s.close()
    ok("non-reading `show lsp` clients are dropped after the write timeout (%d/%d)"
       % (cut, len(text_slow)), cut == len(text_slow))
    cut = 0
    for s in json_slow:
        data = read_all(s, GRACE_S)
        if data is not None:
            text, st = parse(data)
            if st is None or (st == 1 and "% Reply truncated" in text):
                cut += 1
        s.close()
    ok("non-reading `show lsp json` clients: dropped, or told the reply was truncated (%d/%d)"
       % (cut, len(json_slow)), cut == len(json_slow))
    rss = d.rss_kb()
    note("RSS %d kB once they are dropped (+%d kB over rest)" % (rss, rss - rss0))


def test_idle(sock):
    s = connect(sock)
    text, st = parse(read_all(s, REQUEST_S + GRACE_S) or b"")
    s.close()
    ok("an idle connection times out with a message (status 2)",
       st == 2 and "Timed out" in text, repr(text))

    idle = [connect(sock) for _ in range(16)]
    text, st = request(sock, "show counters json", timeout=30)
    ok("16 idle connections: a 17th gets its answer", st == 0, repr(text)[:300])

    # Fill the whole table (and more) with idle connections: those beyond it are
    # told "Busy" at once; after EVICT_S the oldest idle one makes room for a
    # newcomer.
    more = []
    for _ in range(MAX_CONNS + 20):
        try:
            more.append(connect(sock, block=False))
        except BlockingIOError:
            pass
    time.sleep(EVICT_S + 1)
    busy = 0
    for s in more:
        try:
            if s.recv(4096, socket.MSG_PEEK | socket.MSG_DONTWAIT).startswith(b"% Busy"):
                busy += 1
        except BlockingIOError:
            pass
    note("%d idle connections: %d told Busy" % (len(idle) + len(more), busy))
    ok("a full table of idle connections: the connections beyond it are told Busy",
       busy >= len(idle) + len(more) - MAX_CONNS)
    text, st = request(sock, "show counters json", timeout=30)
    ok("%d idle connections: a newcomer gets its answer after %d s" % (len(idle) + len(more),
                                                                        EVICT_S), st == 0,
       repr(text)[:300])
    for s in idle + more:
        s.close()


def test_500(sock):
    n = 500
    conns, eagain = [], 0
    t0 = time.time()
    for _ in range(n):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect(sock)
        except BlockingIOError:
            eagain += 1
            s.close()
            continue
        conns.append(s)
    for s in conns:
        try:
            s.send(b"show counters\n")
        except OSError:
            pass
    answered = busy = other = 0
    busy_lat = []
    import selectors
    sel = selectors.DefaultSelector()
    bufs = {}
    for s in conns:
        sel.register(s, selectors.EVENT_READ)
        bufs[s] = b""
    end = time.time() + 60
    while bufs and time.time() < end:
        for key, _ in sel.select(timeout=1):
            s = key.fileobj
            try:
                b = s.recv(1 << 16)
            except OSError:
                b = b""
            if b:
                bufs[s] += b
                continue
            text, st = parse(bufs.pop(s))
            sel.unregister(s)
            s.close()
            if st == 0:
                answered += 1
            elif st == 1 and text.startswith("% Busy"):
                busy += 1
                busy_lat.append(time.time() - t0)
            else:
                other += 1
    other += len(bufs)
    for s in bufs:
        s.close()
    note("500 concurrent connects: %d answered, %d Busy, %d EAGAIN at connect, %d other "
         "(last Busy %.3f s after the first connect)"
         % (answered, busy, eagain, other, max(busy_lat) if busy_lat else 0.0))
    ok("500 concurrent connects: none refused at connect (EAGAIN)", eagain == 0)
    ok("500 concurrent connects: each gets its answer or a clear Busy",
       answered + busy == n and other == 0)


def main():
    if not (os.path.exists(TPLSR) and os.path.exists(CLI)):
        print("SKIP: %s or %s not built" % (TPLSR, CLI))
        return 77
    work = tempfile.mkdtemp(prefix="tplsr-ctlh-")
    os.chmod(work, 0o755)
    conf = os.path.join(work, "node.conf")
    with open(conf, "w") as f:
        f.write(config(N_LSPS))
    d = Daemon(work, conf, os.path.join(work, "run", "tplsr.sock"))
    try:
        if not d.wait_ready():
            print("SKIP: no live daemon here:\n" + d.output()[-2000:])
            return 77
        note("daemon pid %d, %d LSPs, socket %s" % (d.proc.pid, N_LSPS, d.sock))
        # Each part on its own: a part that breaks is a failure, and the next runs.
        slow = []
        for part in (lambda: test_ctl_path(work, conf, d), lambda: test_more(d.sock),
                     lambda: test_half_close(d.sock),
                     lambda: slow.append(test_slow_readers(d)),
                     lambda: test_stalled_dropped(d, *slow[0]), lambda: test_idle(d.sock),
                     lambda: test_500(d.sock)):
            try:
                part()
            except Exception as e:  # noqa: BLE001 (reported as a failure)
                ok("no exception in the test itself", False, "%s: %s" % (type(e).__name__, e))
        text, st = request(d.sock, "show counters", timeout=30)
        ok("the daemon still answers at the end", st == 0, repr(text)[:300])
    finally:
        d.stop()
        ok("the daemon exits cleanly on SIGTERM (status 0)", d.proc.returncode == 0,
           d.output()[-1500:])
        if failed:
            note("daemon log: %s" % d.log)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
