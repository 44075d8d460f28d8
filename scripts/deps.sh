#!/usr/bin/env bash
# deps.sh - install what building and testing intravisor needs (Debian 12, as root).
# Idempotent, and quiet when everything is present. Every package is named: apt runs with
# --no-install-recommends, so nothing arrives as a recommendation (make fresh-check proves the
# list on a minimal bookworm root).
#   host build     gcc libc6-dev make pkg-config libyaml-dev libssl-dev (binutils: ar)
#   guest build    gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu, and the riscv64 C library
#                  headers and crt files libc6-dev-riscv64-cross (bench/crt/bench.h includes
#                  <stdint.h>; the bench kernels link static glibc)
#   tests          python3 (isa, difftest, security runners), qemu-user (qemu-riscv64 for the
#                  difftest), git (--version from git describe)
#   make check     clang libclang-rt-14-dev (libFuzzer + ASan), groff-base (man page check)
set -eu
pkgs="gcc libc6-dev binutils make pkg-config libyaml-dev libssl-dev
	binutils-riscv64-linux-gnu gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
	python3 qemu-user git clang libclang-rt-14-dev groff-base"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps.sh: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
