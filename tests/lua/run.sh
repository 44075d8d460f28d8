#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - a real program from Debian's sources in a hybrid cVM: Lua 5.4
# (scripts/lua-src.sh fetches lua5.4 with apt-get source and builds it static once, cached in
# GUEST_DIR/lua) runs script.lua (tables, strings, closures, string.format, os.time, os.clock,
# coroutines, pcall) read from stdin; exact stdout, its stderr line, and os.exit's status 5;
# files.lua (io.lines, write, append, seek, os.rename, os.remove; /etc and .. outside the mount
# not found, a read-only mount EROFS) run from a mount, with the host folders checked after.
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
	# files.lua from a mount (lua reads it there), numbers.txt in it, a read-only second mount
	for jit in "" --no-jit; do
		CASE="files in a mount $jit"
		rm -rf "$TMP/d" "$TMP/r"; mkdir -p "$TMP/d" "$TMP/r"
		seq 1 100 >"$TMP/d/numbers.txt"; echo read-only >"$TMP/r/readme.txt"
		cp "$HERE/files.lua" "$TMP/d/"
		"$IV" run $jit --mount "$TMP/d:/data" --mount "$TMP/r:/ro:ro" "$G/lua/lua" /data/files.lua \
			>"$TMP/out" 2>"$TMP/err"; st=$?
		check diff -u "$HERE/files.expected" "$TMP/out"
		check [ "$st" = 0 ]
		check [ "$(printf 'count 100\nsum 5050\nmean 50.50')" = "$(cat "$TMP/d/final.txt")" ]
		check [ "$(cd "$TMP/d" && echo *)" = "files.lua final.txt numbers.txt" ]
		check [ "$(cd "$TMP/r" && echo *)" = "readme.txt" ]
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
