#!/usr/bin/env bash
# deps.sh - install what building and testing intravisor needs (Debian 12, as root).
# Idempotent, and quiet when everything is present.
set -eu
pkgs="gcc make pkg-config libyaml-dev libssl-dev binutils-riscv64-linux-gnu gcc-riscv64-linux-gnu qemu-user clang libclang-rt-14-dev"
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
