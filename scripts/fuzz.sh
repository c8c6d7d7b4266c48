#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Fuzz the configuration parser and the frame path with libFuzzer
# (tests/fuzz/, clang + AddressSanitizer + UndefinedBehaviorSanitizer).
#
#   ./scripts/fuzz.sh [SECONDS]      # default 60 seconds per target
#
# Sets up build-fuzz/ (CC=clang, -Dfuzz=true), replays the seed corpus and
# every saved finding (tests/fuzz/regressions/), then runs each target for
# SECONDS.  The working corpus grows in build-fuzz/fuzz/<target>/corpus and
# survives between runs; a crash is written to build-fuzz/fuzz/<target>/.
# Prints executions, exec/s and coverage (cov/ft) per target.  Exit status:
# 0 when nothing was found, 1 on a crash, leak, sanitizer report or failed
# invariant, 2 on a set-up error.
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build-fuzz"
FUZZ_SRC="$ROOT/tests/fuzz"
SECONDS_EACH=${1:-60}
TARGETS="fuzz_config fuzz_frame"

die() {
	echo "fuzz: $*" >&2
	exit 2
}

case "$SECONDS_EACH" in
'' | *[!0-9]*) die "usage: $0 [SECONDS]" ;;
esac
[ "$SECONDS_EACH" -gt 0 ] || die "usage: $0 [SECONDS] (SECONDS > 0)"

# --- dependencies ------------------------------------------------------------
FUZZ_PKGS="clang libclang-rt-14-dev libdpdk-dev libpcap-dev check meson ninja-build pkg-config"
# shellcheck source=/dev/null
. "$ROOT/scripts/deps.sh" || die "scripts/deps.sh missing"
# shellcheck disable=SC2086
deps_install $FUZZ_PKGS || die "installing $FUZZ_PKGS failed"

# --- build -------------------------------------------------------------------
# A build-fuzz/ made by another compiler cannot be reconfigured to clang: wipe it.
if [ -f "$BUILD/build.ninja" ] &&
	! grep -q '"id": "clang"' "$BUILD/meson-info/intro-compilers.json" 2>/dev/null; then
	rm -rf "$BUILD"
fi
if [ ! -f "$BUILD/build.ninja" ]; then
	CC=clang meson setup "$BUILD" "$ROOT" -Dfuzz=true -Db_sanitize=address,undefined \
		-Db_lundef=false || die "meson setup build-fuzz failed"
else
	meson configure "$BUILD" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false ||
		die "meson configure build-fuzz failed"
fi
ninja -C "$BUILD" tests/fuzz/fuzz_config tests/fuzz/fuzz_frame ||
	die "building the fuzzers failed"

# Abort on the first report of either sanitizer: libFuzzer then saves the input.
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"

# The lines of a sanitizer or invariant report worth printing.
REPORT='ERROR|invariant|runtime error|SUMMARY|^    #[0-9]'

# corpus/regression directory of a target: fuzz_frame -> frame
short() {
	echo "${1#fuzz_}"
}

# --- 1. seeds and saved findings, once each ------------------------------------
status=0
for t in $TARGETS; do
	s=$(short "$t")
	mkdir -p "$BUILD/fuzz/$s"
	log="$BUILD/fuzz/$s/regressions.log"
	if ! "$BUILD/tests/fuzz/$t" -runs=0 "$FUZZ_SRC/corpus/$s" \
		"$FUZZ_SRC/regressions/$s" >"$log" 2>&1; then
		echo "fuzz: $t: a seed or a saved regression input fails:" >&2
		grep -E "$REPORT|Running:" "$log" | head -n 40 >&2
		status=1
	fi
done

# --- 2. fuzz ---------------------------------------------------------------------
summary=""
for t in $TARGETS; do
	s=$(short "$t")
	dir="$BUILD/fuzz/$s"
	log="$dir/fuzz.log"
	mkdir -p "$dir/corpus"
	echo "fuzz: $t for ${SECONDS_EACH}s (log: $log)"
	"$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 \
		-timeout=25 -print_final_stats=1 -dict="$FUZZ_SRC/$s.dict" \
		-artifact_prefix="$dir/" "$dir/corpus" "$FUZZ_SRC/corpus/$s" >"$log" 2>&1
	rc=$?

	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
	if [ "$rc" -eq 0 ]; then
		verdict="ok"
	else
		verdict="FAILED (exit $rc)"
		status=1
		echo "fuzz: $t found a problem:" >&2
		grep -E "$REPORT|Test unit written" "$log" | head -n 60 >&2
	fi
	summary+=$(printf '%-12s executions %-10s exec/s %-7s cov %-6s ft %-6s corpus %-10s %s' \
		"$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$verdict")$'\n'
done

echo
echo "=== fuzz summary (${SECONDS_EACH}s per target) ==="
printf '%s' "$summary"
if [ "$status" -ne 0 ]; then
	echo "fuzz: FAILED; minimise a crash with $BUILD/tests/fuzz/<target>" \
		"-minimize_crash=1 -runs=100000 <crash file>," \
		"then save it under tests/fuzz/regressions/<frame|config>/" >&2
fi
exit "$status"
