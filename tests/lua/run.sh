#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - a real program from Debian's sources in a hybrid cVM: Lua 5.4
# (scripts/lua-src.sh fetches lua5.4 with apt-get source and builds it static once, cached in
# GUEST_DIR/lua) runs script.lua (tables, strings, closures, string.format, os.time, os.clock,
# coroutines, pcall) read from stdin; exact stdout, its stderr line, and os.exit's status 5.
set -u
IV=$(realpath "$1")
G=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $CASE: $*"; fi; }

CASE=build
"$ROOT/scripts/lua-src.sh" "$G/lua" >"$TMP/build" 2>&1
check [ -x "$G/lua/lua" ]
if [ -x "$G/lua/lua" ]; then
	for jit in "" --no-jit; do
		CASE="script $jit"
		"$IV" run $jit "$G/lua/lua" - <"$HERE/script.lua" >"$TMP/out" 2>"$TMP/err"; st=$?
		check diff -u "$HERE/expected.txt" "$TMP/out"
		check [ "$st" = 5 ]
		check grep -qx "to stderr" "$TMP/err"
	done
	CASE="-e"
	out=$("$IV" run "$G/lua/lua" -e 'local s = 0; for i = 1, 100 do s = s + i end; print(s, _VERSION)' 2>/dev/null); st=$?
	check [ "$out" = "5050	Lua 5.4" ]
	check [ "$st" = 0 ]
else
	sed 's/^/  /' "$TMP/build" | tail -5
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
