#!/usr/bin/env bash
# deps.sh - install what building and testing intravisor needs (Debian 12, as root).
# Idempotent, and quiet when everything is present. Every package is named: apt runs with
# --no-install-recommends, so nothing arrives as a recommendation (make fresh-check proves the
# list on a minimal bookworm root).
#   host build     gcc libc6-dev make pkg-config libyaml-dev nettle-dev (binutils: ar)
#   guest build    gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu, and the riscv64 C library
#                  headers and crt files libc6-dev-riscv64-cross (bench/crt/bench.h includes
#                  <stdint.h>; the bench kernels link static glibc)
#   tests          python3 (isa, difftest, security runners), qemu-user (qemu-riscv64 for the
#                  difftest), git (--version from git describe), gdb-multiarch (tests/gdb:
#                  the GDB stub against the real debugger)
#                  libssl-dev (the unit tests check the image hash against OpenSSL's SHA-256)
#   make check     clang libclang-rt-14-dev (libFuzzer + ASan), groff-base (man page check)
set -eu
pkgs="gcc libc6-dev binutils make pkg-config libyaml-dev nettle-dev libssl-dev
	binutils-riscv64-linux-gnu gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
	python3 qemu-user git clang libclang-rt-14-dev groff-base dpkg-dev gdb-multiarch"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# deb-src for bookworm (apt-get source lua5.4, scripts/lua-src.sh), from the mirror the
# system's own Debian sources use
SRCLIST=/etc/apt/sources.list.d/intravisor-deb-src.sources
need_src=0
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	need_src=1
fi
[ -z "$missing" ] && [ "$need_src" = 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ "$need_src" = 1 ]; then
	mirror=$(grep -hs '^URIs:.*debian' /etc/apt/sources.list.d/*.sources | grep -v security | head -1 | awk '{print $2}')
	[ -n "$mirror" ] || mirror=$(grep -hs '^deb .*debian' /etc/apt/sources.list | grep -v security | head -1 | awk '{print $2}')
	[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
	printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$mirror" | $SUDO tee "$SRCLIST" >/dev/null
	echo "deps.sh: enabled deb-src for bookworm ($mirror) in $SRCLIST"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
[ -z "$missing" ] && exit 0
echo "deps.sh: installing$missing"
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
