#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The Debian package, built and tried as an operator would (README "Running
# tplsr as a service"), then removed:
#
#   1. dpkg-buildpackage -us -uc -b in a copy of the tree (it writes to the
#      parent directory; the checkout stays clean), no tests in the build;
#   2. lintian: errors fail, warnings are printed;
#   3. dpkg -i (apt-get install -f for dependencies);
#   4. from the installed paths: `tplsr check -c /etc/tplsr/tplsr.conf`,
#      `tplsr-cli help` and tplsr-cli without a daemon, the man pages (man -w,
#      rendered without a warning), the conffiles, the libraries, and
#      `systemd-analyze verify` on the installed unit (verify only: systemd need
#      not be running), and the unit's start, reload and stop played without
#      systemd by packaging/service_start.py (its ExecStartPre, ExecStart with its
#      CapabilityBoundingSet, ExecReload, READY=1/STOPPING=1) on veth eth1/eth2 in
#      a network namespace of its own, as the shipped /etc/default/tplsr expects;
#   5. dpkg --purge, and nothing of the package is left.
#
# Prints "ok N - ..." / "not ok N - ..." per check and ends with "N passed, M failed";
# exit 0 only when all passed, 77 when it cannot run here (not root, not Debian).
# Needs root.  TPLSR_PKG_KEEP=1 keeps the build directory (its path is printed).
#
#   scripts/package_test.sh
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKG=tplsr

passed=0
failed=0
ok() {	# ok NAME CONDITION-STATUS [DETAIL-FILE]
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $((passed + failed)) - $1"
	else
		failed=$((failed + 1))
		echo "not ok $((passed + failed)) - $1"
		if [ -n "${3:-}" ] && [ -s "$3" ]; then tail -n 25 "$3" | sed 's/^/#   /'; fi
	fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: dpkg -i needs root"
	exit 77
fi
for tool in dpkg-buildpackage dpkg-checkbuilddeps lintian dh; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is missing (scripts/deps.sh installs it on Debian)"
		exit 77
	fi
done
if dpkg -s "$PKG" >/dev/null 2>&1; then
	# An operator's installation: neither replaced nor removed by a test.
	echo "SKIP: $PKG is installed on this machine; not touching it"
	exit 77
fi

work=$(mktemp -d /tmp/tplsr-pkg.XXXXXX)
installed=0
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	if [ "$installed" = 1 ] && dpkg -s "$PKG" >/dev/null 2>&1; then
		dpkg --purge "$PKG" >/dev/null 2>&1
	fi
	if [ "${TPLSR_PKG_KEEP:-0}" = 1 ]; then echo "# kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
log=$work/log
src=$work/src/$PKG

# --- 1. build in a copy --------------------------------------------------------
mkdir -p "$src"
# What git tracks or would track (uncommitted work included, build trees and other
# ignored files not); a tree without git: everything but build directories.
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf -) | tar -C "$src" -xf -
else
	tar -C "$ROOT" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$src" -xf -
fi
ok "copy of the tree in $src" $?

t0=$SECONDS
(cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
	dpkg-buildpackage -us -uc -b) >"$log" 2>&1
ok "dpkg-buildpackage -us -uc -b ($((SECONDS - t0)) s)" $? "$log"
grep -E '^dpkg-deb: building package' "$log" | sed 's/^/# /'
deb=$(find "$work/src" -maxdepth 1 -name "${PKG}_*.deb" | head -n 1)
changes=$(find "$work/src" -maxdepth 1 -name "${PKG}_*.changes" | head -n 1)
[ -n "$deb" ] && [ -n "$changes" ]
ok "the .deb and .changes are written next to the tree" $?
if [ -z "$deb" ]; then finish; fi

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's/^\.//' >"$work/contents"
missing=""
for f in /usr/bin/tplsr /usr/bin/tplsr-cli /lib/systemd/system/tplsr.service \
	/etc/tplsr/tplsr.conf /etc/default/tplsr /usr/share/man/man8/tplsr.8.gz \
	/usr/share/man/man8/tplsr-cli.8.gz /usr/share/man/man5/tplsr.conf.5.gz \
	/usr/share/doc/tplsr/copyright; do
	grep -qxF "$f" "$work/contents" || missing="$missing $f"
done
[ -z "$missing" ]
ok "the .deb holds the programs, the unit, the example configuration, the man pages${missing:+ (missing:$missing)}" $?
dpkg-deb -I "$deb" conffiles >"$work/conffiles" 2>&1
grep -qx /etc/tplsr/tplsr.conf "$work/conffiles" && grep -qx /etc/default/tplsr "$work/conffiles"
ok "conffiles: /etc/tplsr/tplsr.conf and /etc/default/tplsr" $? "$work/conffiles"
# The metrics endpoint links libmicrohttpd: shlibs must name its runtime package.
dpkg-deb -f "$deb" Depends >"$work/depends" 2>&1
grep -q 'libmicrohttpd' "$work/depends"
ok "Depends names libmicrohttpd (the metrics endpoint, by shlibs)" $? "$work/depends"

# --- 2. lintian --------------------------------------------------------------------
lintian --fail-on error --tag-display-limit 0 "$changes" >"$work/lintian" 2>&1
rc=$?
sed 's/^/# lintian: /' "$work/lintian"
echo "# lintian: $(grep -c '^E:' "$work/lintian") error(s), $(grep -c '^W:' "$work/lintian") warning(s)"
ok "lintian: no error" "$rc" "$work/lintian"

# --- 3. install ---------------------------------------------------------------------
installed=1
if ! dpkg -i "$deb" >"$log" 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get install -f -y -q --no-install-recommends \
		>>"$log" 2>&1
fi
dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'install ok installed'
ok "dpkg -i $(basename "$deb")" $? "$log"

# --- 4. the installed package ---------------------------------------------------------
/usr/bin/tplsr check -c /etc/tplsr/tplsr.conf >"$log" 2>&1
rc=$?
sed 's/^/# /' "$log"
[ "$rc" -eq 0 ] && grep -q '^/etc/tplsr/tplsr.conf: ok: node ' "$log"
ok "tplsr check -c /etc/tplsr/tplsr.conf: exit 0, ok" $? "$log"

/usr/bin/tplsr-cli help >"$log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q '^  show counters' "$log" && grep -q '^  ping mpls-tp lsp' "$log"
ok "tplsr-cli help: the command table, exit 0, without a daemon" $? "$log"

/usr/bin/tplsr-cli -s "$work/no-daemon.sock" show counters >"$log" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q 'cannot connect to .*is tplsr running' "$log"
ok "tplsr-cli without a daemon: exit 2, 'cannot connect ... is tplsr running?'" $? "$log"

ldd /usr/bin/tplsr >"$log" 2>&1
! grep -q 'not found' "$log"
ok "every library of /usr/bin/tplsr is found" $? "$log"

# --metrics is parsed before EAL starts: a bad address is a usage error (status 2).
/usr/bin/tplsr -- -c /etc/tplsr/tplsr.conf --metrics nowhere >"$log" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q -- '--metrics nowhere: expected ADDR:PORT' "$log"
ok "tplsr --metrics nowhere: exit 2, 'expected ADDR:PORT'" $? "$log"

if command -v man >/dev/null 2>&1; then
	for page in 8:tplsr 8:tplsr-cli 5:tplsr.conf; do
		path=$(man -w "${page%%:*}" "${page#*:}" 2>"$log")
		[ "$path" = "/usr/share/man/man${page%%:*}/${page#*:}.${page%%:*}.gz" ]
		ok "man -w ${page#*:}(${page%%:*}): $path" $? "$log"
		MANWIDTH=80 man --warnings -E UTF-8 -l "$path" 2>"$log" >"$work/page"
		[ ! -s "$log" ] && [ "$(wc -l <"$work/page")" -gt 40 ]
		ok "${page#*:}(${page%%:*}) renders without a warning" $? "$log"
	done
else
	echo "# man(1) is not installed: man pages not looked up"
fi

if command -v systemd-analyze >/dev/null 2>&1; then
	# With the man pages installed, verify checks Documentation=man:... too.
	systemd-analyze verify /lib/systemd/system/tplsr.service >"$log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] && [ ! -s "$log" ]
	ok "systemd-analyze verify /lib/systemd/system/tplsr.service: no message" $? "$log"
else
	echo "# systemd-analyze is not installed: unit not verified"
fi
# systemctl start/reload/stop without systemd: the installed unit's command lines, its
# capabilities and the shipped /etc/default/tplsr, on veth eth1/eth2 in a namespace of
# its own (anonymous: nothing shared with the e2e networks, so no lock to take).
"$ROOT/packaging/service_start.sh" "$ROOT/packaging/service_start.py" \
	/lib/systemd/system/tplsr.service /usr/bin/tplsr-cli >"$log" 2>&1
rc=$?
sed 's/^/# /' "$log"
if [ "$rc" -ne 77 ]; then
	ok "the installed unit started, reloaded and stopped as systemd would" "$rc" "$log"
fi
[ ! -e /etc/systemd/system/multi-user.target.wants/tplsr.service ]
ok "the unit is not enabled by the installation" $?

# --- 5. remove ---------------------------------------------------------------------------
dpkg --purge "$PKG" >"$log" 2>&1
ok "dpkg --purge $PKG" $? "$log"
left=""
for f in /usr/bin/tplsr /usr/bin/tplsr-cli /lib/systemd/system/tplsr.service /etc/tplsr \
	/etc/default/tplsr /usr/share/man/man8/tplsr.8.gz; do
	[ -e "$f" ] && left="$left $f"
done
! dpkg -s "$PKG" >/dev/null 2>&1 && [ -z "$left" ]
ok "nothing of the package is left${left:+ (left:$left)}" $?
installed=0

finish
