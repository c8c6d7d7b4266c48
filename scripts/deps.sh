# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Debian 12 packages tplsr builds, tests and demonstrates with (docs/CONTRACT.md §1).
# Sourced by scripts/test.sh and scripts/demo.sh:
#
#   . scripts/deps.sh
#   deps_install            # install whatever is missing (root, or sudo)
#
# The one list; add a package here and both scripts pick it up.  The last line is
# for the service and the Debian package: sd_notify(), the man pages, and
# dpkg-buildpackage with lintian (scripts/package_test.sh); the one after it for
# the metrics endpoint: libmicrohttpd, and promtool and curl to check a scrape.
TPLSR_DEPS="libdpdk-dev dpdk dpdk-dev libpcap-dev libmd-dev check meson ninja-build pkg-config gcc clang
tshark python3-scapy iproute2 procps python3
libsystemd-dev scdoc debhelper dpkg-dev build-essential lintian
libmicrohttpd-dev prometheus curl"

# Print the packages of $TPLSR_DEPS (or of the arguments) that are not installed.
deps_missing() {
	local p pkgs=("$@")
	if [ ${#pkgs[@]} -eq 0 ]; then
		# shellcheck disable=SC2206  # splitting the list into words is the point
		pkgs=($TPLSR_DEPS)
	fi
	for p in "${pkgs[@]}"; do
		dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || echo "$p"
	done
}

# Install the missing packages: apt-get update first, then a non-interactive
# install without recommends.  Returns non-zero when that is impossible.
deps_install() {
	local missing=() sudo=""
	mapfile -t missing < <(deps_missing "$@")
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			sudo="sudo"
		else
			echo "deps: missing packages: ${missing[*]} (run as root to install them)" >&2
			return 1
		fi
	fi
	echo "deps: installing ${missing[*]}"
	# tshark asks whether non-root users may capture; answer no, non-interactively.
	echo "wireshark-common wireshark-common/install-setuid boolean false" |
		$sudo debconf-set-selections 2>/dev/null || true
	$sudo apt-get update -q &&
		$sudo env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends "${missing[@]}"
}
