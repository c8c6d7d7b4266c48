#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Every test of tplsr (docs/CONTRACT.md §1, docs/CONVENTIONS.md rule 12); exit 0 only if all pass.
#
#   1. install missing Debian packages (scripts/deps.sh);
#   2. build/      : meson setup + ninja, `meson test` (all suites);
#   3. build-asan/ : the same code with -fsanitize=address,undefined (debug),
#                    `meson test --suite unit --suite mbuf --suite pcap`;
#   3c. the Debian package (scripts/package_test.sh): built, lintian, installed,
#      tried, purged;
#   4. the acceptance kit ../shared/conformance/run.sh when present,
#      for information only (it never decides the exit status).
#
# Ends with one line "N passed, M failed" summing the meson test results and the
# package checks.
# Environment: TPLSR_ASAN=0 skips step 3, TPLSR_FUZZ=0 the fuzzing run (3b; TPLSR_FUZZ_SECONDS
# sets its length), TPLSR_PACKAGE=0 step 3c, TPLSR_CONFORMANCE=0 step 4;
# ASAN_OPTIONS / UBSAN_OPTIONS override the sanitizer defaults below.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Debian's interpreter (python3-scapy lives there), whatever python3 is first on PATH.
PY=/usr/bin/python3

step() { printf '\n=== %s ===\n' "$*"; }

# --- 1. dependencies ---------------------------------------------------------
step "Dependencies"
# shellcheck source=scripts/deps.sh
. "$ROOT/scripts/deps.sh"
deps_install
echo "ok"

# meson setup DIR [OPTIONS]: configure, or reconfigure an existing build dir.
setup() {
	local dir=$1
	shift
	if [ -f "$dir/meson-private/coredata.dat" ]; then
		meson setup --reconfigure "$dir" "$@" >/dev/null ||
			meson setup --wipe "$dir" "$@"
	else
		meson setup "$dir" "$@"
	fi
}

# Count meson test results of a build dir's testlog.json: prints "PASSED FAILED".
count_results() {
	"$PY" - "$1/meson-logs/testlog.json" <<'EOF'
import json, sys
ok = bad = 0
try:
    with open(sys.argv[1]) as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line).get("result")
            if r in ("OK", "EXPECTEDFAIL"):
                ok += 1
            elif r != "SKIP":
                bad += 1
except OSError:
    pass
print(ok, bad)
EOF
}

passed=0
failed=0
status=0

add_results() {
	local p f
	read -r p f < <(count_results "$1")
	passed=$((passed + p))
	failed=$((failed + f))
}

# --- 2. build and every suite ---------------------------------------------------
step "Build (build/)"
setup build
if ! ninja -C build; then
	echo "build failed"
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
fi

step "meson test (all suites)"
rm -f build/meson-logs/testlog.json
meson test -C build --print-errorlogs || status=1
add_results build

# --- 3. sanitizers -------------------------------------------------------------
if [ "${TPLSR_ASAN:-1}" != 0 ]; then
	step "Build with AddressSanitizer + UBSan (build-asan/)"
	setup build-asan -Db_sanitize=address,undefined -Dbuildtype=debug
	if ! ninja -C build-asan; then
		echo "sanitizer build failed"
		echo "$passed passed, $((failed + 1)) failed"
		exit 1
	fi
	step "meson test under sanitizers (unit, pcap)"
	# Leak checking works here: tplsr replay runs EAL with --no-huge --no-shconf and
	# cleans up, and the unit suites do not start EAL.  UB must fail a test, not
	# just print.
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	rm -f build-asan/meson-logs/testlog.json
	# Sanitized code runs 5-20x slower (the 1,000,000-entry label table tests
	# most): the same tests, with timeouts scaled to match.
	CK_TIMEOUT_MULTIPLIER=5 meson test -C build-asan --suite unit --suite mbuf --suite pcap \
		--timeout-multiplier 5 \
		--print-errorlogs || status=1
	add_results build-asan
	unset ASAN_OPTIONS UBSAN_OPTIONS
fi

# --- 3b. a short fuzzing run (libFuzzer, clang, ASan/UBSan) -------------------------
if [ "${TPLSR_FUZZ:-1}" != 0 ]; then
	step "Fuzzing: the frame path and the config parser, ${TPLSR_FUZZ_SECONDS:-60} s each"
	if "$ROOT/scripts/fuzz.sh" "${TPLSR_FUZZ_SECONDS:-60}"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		status=1
	fi
fi

# --- 3c. the Debian package: build, lintian, install, try, purge ----------------------
if [ "${TPLSR_PACKAGE:-1}" != 0 ]; then
	step "Debian package (scripts/package_test.sh)"
	pkg_log=$(mktemp)
	pkg_status=0
	"$ROOT/scripts/package_test.sh" 2>&1 | tee "$pkg_log" || pkg_status=${PIPESTATUS[0]}
	# Its own checks count one by one; a run that ended without its summary is one failure.
	if read -r p f < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$pkg_log" |
		tail -n 1); then
		passed=$((passed + p))
		failed=$((failed + f))
	elif [ "$pkg_status" -ne 77 ]; then
		failed=$((failed + 1))
	fi
	if [ "$pkg_status" -ne 0 ] && [ "$pkg_status" -ne 77 ]; then
		status=1
	fi
	rm -f "$pkg_log"
fi

# --- 4. acceptance kit (informational) -------------------------------------------
kit="$ROOT/../shared/conformance/run.sh"
if [ "${TPLSR_CONFORMANCE:-1}" != 0 ] && [ -f "$kit" ]; then
	step "Acceptance kit $kit (informational, does not affect the result)"
	kit_log=$(mktemp)
	PYTHON="$PY" sh "$kit" "$ROOT/build/tplsr" >"$kit_log" 2>&1 || true
	grep -E '^FAIL' "$kit_log" || true
	echo "acceptance kit: $(tail -n 1 "$kit_log")"
	rm -f "$kit_log"
fi

step "Result"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit "$status"
