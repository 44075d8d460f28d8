#!/usr/bin/env bash
# lua-src.sh OUT_DIR - fetch Lua 5.4's Debian source package (apt-get source lua5.4) into
# OUT_DIR/src and build the interpreter static for riscv64 as OUT_DIR/lua, with Debian's cross
# gcc over Lua's own .c files (never committed: third-party code stays under build/). The
# result is cached: a second call with OUT_DIR/lua present does nothing. deps.sh enables
# deb-src for bookworm (the mirror of the existing apt sources) and installs dpkg-dev.
set -eu
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
[ -x "$OUT/lua" ] && exit 0
mkdir -p "$OUT/src"
cd "$OUT/src"
if ! ls -d lua5.4-*/ >/dev/null 2>&1; then
	apt-get source -qq --download-only lua5.4 >/dev/null 2>&1 || {
		echo "lua-src.sh: apt-get source lua5.4 failed: run scripts/deps.sh (it enables deb-src)" >&2
		exit 1
	}
	dpkg-source -q -x --no-check lua5.4_*.dsc >/dev/null
fi
SRC=$(ls -d lua5.4-*/ | head -1)
# the interpreter: every .c of src/ but the standalone compiler (luac.c)
CFILES=$(ls "$SRC"src/*.c | grep -v '/luac\.c$')
# Debian's patches make luaconf.h include the multiarch triplet (debian/rules generates it)
mkdir -p "$OUT/inc"
echo '#define DEB_HOST_MULTIARCH "riscv64-linux-gnu"' >"$OUT/inc/lua5.4-deb-multiarch.h"
riscv64-linux-gnu-gcc -static -O2 -std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -I"$OUT/inc" -o "$OUT/lua.tmp" $CFILES -lm
mv "$OUT/lua.tmp" "$OUT/lua"
