#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - `intravisor run` end to end: only the program's output on
# stdout, its argv (words with spaces kept) and --env, exit status passthrough (0, 3, a return
# value of main), a trap (139 after the report on stderr), --budget (152), -v (deploy log and
# summary), --report, usage errors (1), a dynamic program refused (1).
set -u
IV=$(realpath "$1")
G=$(realpath "$2")
P="$G/run/prog"
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $CASE: $*"; fi; }

CASE=exit0
out=$("$IV" run "$P" 2>"$TMP/err"); st=$?
check [ "$out" = "" ]
check [ "$st" = 0 ]
check [ ! -s "$TMP/err" ]

CASE=exit3
out=$("$IV" run "$P" exit 3 2>"$TMP/err"); st=$?
check [ "$out" = "arg1=[exit]
arg2=[3]" ]
check [ "$st" = 3 ]
check [ ! -s "$TMP/err" ]

CASE=return
out=$("$IV" run "$P" return 200); st=$?
check [ "$st" = 200 ]
CASE=exit-256
"$IV" run "$P" exit 257 >/dev/null; st=$?
check [ "$st" = 1 ]

CASE=argv-env
out=$("$IV" run --env A=1 --env "B=two words" -- "$P" "x y" "" '$z"' 2>&1); st=$?
check [ "$out" = 'arg1=[x y]
arg2=[]
arg3=[$z"]
env [A=1]
env [B=two words]' ]
check [ "$st" = 0 ]

CASE=trap
out=$("$IV" run --report "$TMP/r.json" "$P" trap 2>"$TMP/err"); st=$?
check [ "$out" = "arg1=[trap]" ]
check [ "$st" = 139 ]
check grep -q "Length" "$TMP/err"
check grep -q '"end": "fault"' "$TMP/r.json"

CASE=budget
"$IV" run --budget 200000 "$P" spin >/dev/null 2>"$TMP/err"; st=$?
check [ "$st" = 152 ]
check grep -q "budget" "$TMP/err"

CASE=verbose
out=$("$IV" run -v "$P" exit 5 2>/dev/null); st=$?
check [ "$st" = 5 ]
check grep -q "^\*\*\*\*\*.*Deploy 'prog'" <<<"$out"
check grep -q "^summary: cvm='prog' id=1 thread=0 end=exit exit_value=5 " <<<"$out"
check grep -q "^arg2=\[5\]$" <<<"$out"

CASE=usage
"$IV" run 2>"$TMP/err"; st=$?
check [ "$st" = 1 ]
check grep -q "a program is required" "$TMP/err"
"$IV" run --frob "$P" 2>"$TMP/err"; st=$?
check [ "$st" = 1 ]
"$IV" run --env NOEQUALS "$P" 2>"$TMP/err"; st=$?
check [ "$st" = 1 ]
"$IV" run --mount nocolon "$P" 2>"$TMP/err"; st=$?
check [ "$st" = 1 ]
"$IV" run "$TMP/missing" 2>"$TMP/err"; st=$?
check [ "$st" = 1 ]
check [ "$(wc -l <"$TMP/err")" = 1 ]

CASE=dynamic
riscv64-linux-gnu-gcc -O2 -o "$TMP/dyn" -x c - <<<'int main(void){return 0;}' 2>/dev/null
"$IV" run "$TMP/dyn" 2>"$TMP/err"; st=$?
check [ "$st" = 1 ]
check grep -q "build it with -static" "$TMP/err"

CASE=help
out=$("$IV" --help)
for o in run --mount --env --budget --strace -v --report --timeout --no-jit; do
	check grep -q -- "$o" <<<"$out"
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
