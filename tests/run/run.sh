#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - `intravisor run` end to end: only the program's output on
# stdout, its argv (words with spaces kept) and --env, exit status passthrough (0, 3, a return
# value of main), a trap (139 after the report on stderr), --budget (152), -v (deploy log and
# summary), --report, --trace, usage errors (1), a dynamic program refused (1), a missing one (1); signals to itself
# (abort, assert, SIGTERM, SIGKILL, real-time: 128 + the signal; ignored ones; other targets).
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

CASE="report of an exit status"
for n in 2 3; do   # the program's own statuses, not the -y meanings of 2 and 3
	"$IV" run --report "$TMP/r.json" "$P" exit $n >/dev/null 2>&1; st=$?
	check [ "$st" = $n ]
	check grep -q "^{\"exit_status\": $n, \"exit_meaning\": \"the program's exit status\",$" "$TMP/r.json"
done
check grep -q '"exit_meaning": "a signal ended the program' <<<"$("$IV" run --report "$TMP/r.json" "$P" trap >/dev/null 2>&1; cat "$TMP/r.json")"

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

# signals to itself (linux_signal.c): 128 + the signal, one line on stderr that says so
S="$G/run/signal"
sig_case() {   # sig_case CASE STATUS SIGNAME: "case CASE" on stdout, the status, the stderr line
	CASE="signal $1"
	out=$("$IV" run "$S" "$1" 2>"$TMP/err"); st=$?
	check [ "$out" = "case $1" ]
	check [ "$st" = "$2" ]
	check grep -qx "intravisor: cVM 'signal' (id 1) killed itself with $3 (signal $(($2 - 128)), kill/tgkill): status $2" "$TMP/err"
}
sig_case abort 134 SIGABRT
sig_case handled 134 SIGABRT
sig_case term 143 SIGTERM
sig_case kill9 137 SIGKILL
sig_case rt 163 "a real-time signal"
sig_case assert 134 SIGABRT
check grep -q "Assertion \`argc == 7' failed." "$TMP/err"
CASE="signal thread"
out=$("$IV" run -v "$S" thread 2>"$TMP/err"); st=$?
check [ "$st" = 134 ]
check grep -qx "thread aborts" <<<"$out"
check grep -q "^summary: cvm='signal' id=1 thread=0 end=exit exit_value=134 " <<<"$out"
check grep -q "^summary: cvm='signal' id=1 thread=1 end=exit exit_value=134 " <<<"$out"
check [ "$(grep -c 'killed itself' "$TMP/err")" = 1 ]
CASE="signal strace"
"$IV" run --strace "$S" abort >/dev/null 2>"$TMP/err"; st=$?
check [ "$st" = 134 ]
check grep -qx "tgkill(1, 1, SIGABRT) = ?" "$TMP/err"
check grep -qx "+++ killed by SIGABRT +++" "$TMP/err"
CASE="signal ignored"
out=$("$IV" run "$S" ignored 2>"$TMP/err"); st=$?
check [ "$out" = "case ignored
SIGUSR1 ignored: 0 ok
SIGCHLD: 0 ok
SIGWINCH: 0 ok
SIGCONT: 0 ok
signal 0: 0 ok
still here" ]
check [ "$st" = 5 ]
check [ ! -s "$TMP/err" ]
CASE="signal others"
out=$("$IV" run "$S" others 2>"$TMP/err"); st=$?
check [ "$out" = "case others
kill pid 2: -1 No such process
tgkill tid 999: -1 No such process
tgkill tgid 2: -1 No such process
tkill tid 0: -1 Invalid argument
signal 65: -1 Invalid argument
still here" ]
check [ "$st" = 5 ]
check [ ! -s "$TMP/err" ]
CASE="signal through a handler"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cat >"$TMP/h.yaml" <<Y
cVMs:
- name: first
  runtime: $ROOT/examples/two-pure/libfirst.so
  isolation:
  - base: 0x400000000
    size: 0x40000000
    begin: 0x400000000
    end: 0x440000000
  wait: -1
- name: signal
  runtime: $S
  args: signal abort
  callback_out: $ROOT/examples/two-pure/libfirst.so
  isolation:
  - base: 0x440000000
    size: 0x40000000
    begin: 0x440000000
    end: 0x480000000
  wait: 0
- name: hello
  runtime: $G/hybrid/hello
  args: hello
  isolation:
  - base: 0x480000000
    size: 0x40000000
    begin: 0x480000000
    end: 0x4c0000000
  wait: -1
Y
out=$("$IV" -y "$TMP/h.yaml" 2>"$TMP/err"); st=$?
check grep -q "^fib(63)=6557470319842$" <<<"$out"   # another cVM is not touched
check grep -q "^summary: cvm='hello' id=18 thread=0 end=exit exit_value=7 " <<<"$out"
check grep -q "^summary: cvm='signal' id=17 thread=0 end=exit exit_value=134 " <<<"$out"
check grep -qx "intravisor: cVM 'signal' (id 17) killed itself with SIGABRT (signal 6, kill/tgkill): status 134" "$TMP/err"
check [ "$st" = 0 ]

CASE=no-program
# the program's own path in the error, not a line of the generated config
out=$("$IV" run "$TMP/none" 2>&1); st=$?
check [ "$st" = 1 ]
check [ "$out" = "intravisor: error: $TMP/none: cannot read the runtime file: No such file or directory: give the path of a static riscv64 program (riscv64-linux-gnu-gcc -static)" ]
out=$("$IV" run "$TMP" 2>&1); st=$?
check [ "$st" = 1 ]
check [ "$out" = "intravisor: error: $TMP: cannot read the runtime file: not a regular file: give the path of a static riscv64 program" ]

CASE=trace
# the trace options of -y work for run too; an option without a value is not taken for one
out=$("$IV" run --trace=hostcall --trace-file "$TMP/trace" "$P" exit 3 2>"$TMP/err"); st=$?
check [ "$st" = 3 ]
check [ "$out" = "arg1=[exit]
arg2=[3]" ]
check grep -q "^hostcall cVM 'prog' thread 0 nr 4190 " "$TMP/trace"    # exit_group (94)
check [ ! -s "$TMP/err" ]
out=$("$IV" run --timings "$P" 2>&1); st=$?
check [ "$st" = 1 ]
check grep -qF "unknown option '--timings' for 'intravisor run'" <<<"$out"

CASE=help
out=$("$IV" --help)
for o in run --mount --env --budget --strace -v --report --timeout --no-jit; do
	check grep -q -- "$o" <<<"$out"
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
