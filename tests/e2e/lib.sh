# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Helpers shared by the namespace tests (tests/e2e/run_*.sh): the common start
# (e2e_begin), TAP-style pass/fail counting and checks on the CLI's JSON.
# Source it after setting ROOT and TPLSR_BUILD (and TOPO_ID/TOPO_DIR to name the
# network); it loads scripts/topology.sh and sets PY (Debian's /usr/bin/python3,
# which has scapy) and PASSED/FAILED.

PY=/usr/bin/python3
export TPLSR_BUILD=${TPLSR_BUILD:-$ROOT/build}
# At the top level: its associative arrays must be global, not a function's locals.
# shellcheck source=scripts/topology.sh
. "$ROOT/scripts/topology.sh"

PASSED=0
FAILED=0

# e2e_begin NAME: skip (exit 77) without root or network namespaces, find tplsr
# and tplsr-cli, and tear the network down on every exit.
e2e_begin() {
	local why
	if ! why=$(topo_available); then
		echo "SKIP: $1 needs root and network namespaces ($why)"
		exit 77
	fi
	[ -x "$PY" ] || { echo "SKIP: $PY missing"; exit 77; }
	topo_find_programs || exit 1
	trap 'topo_down' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# e2e_up_or_exit: bring the three-node network up (topo_up) as the first check;
# exit 1 when it does not come up.
e2e_up_or_exit() {
	if ! topo_up; then
		fail "three-node network comes up" "see the logs above"
		echo "$PASSED passed, $FAILED failed"
		exit 1
	fi
	pass "three-node network comes up"
}

pass() {
	PASSED=$((PASSED + 1))
	echo "ok $((PASSED + FAILED)) - $1"
}

# fail NAME [DETAIL...]
fail() {
	FAILED=$((FAILED + 1))
	echo "not ok $((PASSED + FAILED)) - $1"
	shift
	[ $# -gt 0 ] && printf '#   %s\n' "$@"
}

# jcheck NAME JSON EXPR...: each EXPR is a Python expression over `d` (the parsed
# JSON) and, for a locate result, `pt` (d['points']), `v` (d['verdict']) and
# `kinds` (the point kinds in order); the check passes when the JSON parses and
# every EXPR is true.
jcheck() {
	local name=$1 json=$2 msg
	shift 2
	if msg=$($PY - "$json" "$@" <<'EOF'
import json, sys
try:
    d = json.loads(sys.argv[1])
except Exception as e:
    print("not one JSON document (%s): %r" % (e, sys.argv[1][:400]))
    sys.exit(1)
env = {"d": d, "all": all, "any": any, "len": len, "sorted": sorted}
if isinstance(d, list):
    # Events of `monitor json` (evcheck): find(kind, event, field=value ...).
    env["ev"] = d
    env["find"] = lambda kind, event, **kw: [
        e for e in d if e.get("kind") == kind and e.get("event") == event and
        all(e.get(k) == v for k, v in kw.items())]
    env["sum"] = sum
if isinstance(d, dict) and "points" in d:
    env["pt"] = d["points"]
    env["v"] = d["verdict"]
    env["kinds"] = [p["kind"] for p in d["points"]]
bad = []
for expr in sys.argv[2:]:
    try:
        if not eval(expr, env):
            bad.append("false: " + expr)
    except Exception as e:
        bad.append("error (%s: %s): %s" % (type(e).__name__, e, expr))
if bad:
    print("\n".join(bad))
    print("json: " + json.dumps(d)[:3000])
    sys.exit(1)
EOF
	); then
		pass "$name"
	else
		local lines
		mapfile -t lines <<<"$msg"
		fail "$name" "${lines[@]}"
	fi
}

# status_is NAME GOT WANT
status_is() {
	if [ "$2" = "$3" ]; then
		pass "$1: tplsr-cli exit status $3"
	else
		fail "$1: tplsr-cli exit status $3" "got $2"
	fi
}

# matches NAME TEXT PATTERN: TEXT matches the shell glob PATTERN (e.g. "*cleared*").
matches() {
	# shellcheck disable=SC2053 # $3 is a pattern on purpose
	if [[ $2 == $3 ]]; then
		pass "$1"
	else
		fail "$1" "$2"
	fi
}

# jget JSON EXPR: print a value (for counter arithmetic).
jget() {
	$PY -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null
}

# --- the event stream (tplsr-cli monitor, docs/MONITORING.md) ---------------

# The metrics endpoint's address in the tests (every node, each in its namespace).
E2E_METRICS=127.0.0.1:9469

# e2e_daemon_args ARGS...: every node started from now on gets ARGS after its
# own (e.g. --metrics 127.0.0.1:9469: each node listens in its namespace).
# Wraps TPLSR_BIN in a script under TOPO_DIR.
e2e_daemon_args() {
	local wrapper=$TOPO_DIR/tplsr-with-args
	mkdir -p "$TOPO_DIR"
	printf '#!/bin/bash\nexec %q "$@"%s\n' "$TPLSR_BIN" "$(printf ' %q' "$@")" >"$wrapper"
	chmod +x "$wrapper"
	TPLSR_BIN=$wrapper
	export TPLSR_BIN
}

# http_get NODE PATH [CURL ARGS...]: GET http://$E2E_METRICS/PATH in NODE's namespace.
http_get() {
	local node=$1 path=$2
	shift 2
	ip netns exec "$(topo_ns "$node")" curl -sS --max-time 10 "$@" "http://$E2E_METRICS$path"
}

# mon_start NODE FILE ARGS...: run `tplsr-cli monitor ARGS...` against NODE in
# the background, its output in FILE; wait until it is subscribed (its first
# line, the "start" event, is out).  Sets MON_PID.  @return 1 if it never was.
mon_start() {
	local node=$1 file=$2 i
	shift 2
	: >"$file"
	"$TPLSR_CLI" -s "$(topo_sock "$node")" monitor "$@" >"$file" 2>&1 &
	MON_PID=$!
	for i in $(seq 100); do
		grep -q 'start' "$file" && return 0
		kill -0 "$MON_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# mon_wait FILE TEXT: wait (10 s at most) until FILE holds TEXT literally.
mon_wait() {
	local i
	for i in $(seq 200); do
		grep -qF -- "$2" "$1" && return 0
		sleep 0.05
	done
	return 1
}

# mon_stop PID: interrupt a monitor as Ctrl-C does; @return its exit status.
mon_stop() {
	kill -INT "$1" 2>/dev/null
	wait "$1"
}

# evcheck NAME FILE EXPR...: FILE holds JSON lines (monitor json); each EXPR is a
# Python expression over `ev` (the events, parsed) and `find(kind, event, **fields)`
# (the events of that kind and name whose fields have those values), as jcheck
# gives them for a list of events; passes when every line parses and every
# EXPR is true.
evcheck() {
	local name=$1 json
	if ! json=$($PY -c '
import json, sys
print(json.dumps([json.loads(l) for l in open(sys.argv[1]) if l.strip()]))' "$2" 2>&1); then
		fail "$name" "not JSON lines: $json" "$(head -c 2000 "$2")"
		return
	fi
	shift 2
	jcheck "$name" "$json" "$@"
}

# e2e_transit_lsps N: N more LSPs for P of the three-node network, on stdout:
# sI, forward in IF_P_IN label 1000+I out IF_P_OUT label 1001+I, reverse in
# IF_P_OUT label 1000+I out IF_P_IN label 1002+I (labels 100-201 of the
# topology's own LSP are not used).  Append them to P's configuration.
e2e_transit_lsps() {
	awk -v n="$1" -v a="$TOPO_IF_P_IN" -v b="$TOPO_IF_P_OUT" -v g="$TOPO_GLOBAL" 'BEGIN {
		for (i = 0; i < n; i++) {
			l = 1000 + i
			printf "lsp s%d\n  source %s:192.0.2.1 tunnel %d\n", i, g, i % 65535 + 1
			printf "  destination %s:192.0.2.3 tunnel %d\n  lsp-num 1\n", g, i % 65535 + 1
			printf "  forward in %s label %d out %s label %d\n", a, l, b, l + 1
			printf "  reverse in %s label %d out %s label %d\n", b, l, a, l + 2
		}
	}'
}
