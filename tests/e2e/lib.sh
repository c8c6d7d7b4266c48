# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Helpers shared by the namespace tests (run_e2e.sh, run_locate.sh): TAP-style
# pass/fail counting and checks on the CLI's JSON.  Source it; it sets
# PASSED/FAILED and needs $PY (Debian's /usr/bin/python3).

PASSED=0
FAILED=0

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

# jget JSON EXPR: print a value (for counter arithmetic).
jget() {
	$PY -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null
}
