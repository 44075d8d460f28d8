#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - hybrid cVMs end to end (intravisor.md 9): the static C example
# with its exact output, served by the monitor and through the handler cVM first; pointer
# attacks that must give -EFAULT (-14) with the monitor alive; integer accesses past the slot,
# below it and into another cVM's slot end that cVM with a report (status 2) while the other
# cVM finishes; a dynamically linked program is refused with "build it with -static".
set -u
IV=$(realpath "$1")
G=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $CASE: $*"; fi; }

HELLO_OUT='hello from a hybrid cVM: argc=3 argv[0]=hello
  argv[1]=one
  argv[2]=two
GREETING=hi
sum=43390
fib(63)=6557470319842'

CASE=monitor
out=$(cd "$ROOT/examples/hybrid" && "$IV" -q -y monitor.yaml 2>"$TMP/err"); st=$?
check [ "$out" = "$HELLO_OUT" ]
check [ "$st" = 0 ]
check [ "$(cat "$TMP/err")" = "to stderr" ]
CASE=monitor-summary
out=$(cd "$ROOT/examples/hybrid" && "$IV" -y monitor.yaml 2>/dev/null)
check grep -q "hybrid cVM: integer mode" <<<"$out"
check grep -Eq "exit value 7|exit 7|exited 7|\\b7\\b" <<<"$(grep -i hello <<<"$out" | tail -1)"

CASE=handler
out=$(cd "$ROOT/examples/hybrid" && "$IV" -q -y hybrid.yaml 2>"$TMP/err"); st=$?
check [ "$out" = "hello first(syscall-handler) 
$HELLO_OUT" ]
check [ "$st" = 0 ]
for jit in "" --no-jit; do
	CASE="handler $jit"
	out=$(cd "$ROOT/examples/hybrid" && "$IV" -q $jit -y hybrid.yaml 2>/dev/null)
	check [ "$out" = "hello first(syscall-handler) 
$HELLO_OUT" ]
done

# attacks: one cVM, then the handler layout (attacker second, first its handler)
ATK_OUT='write out of the slot: -14
write straddling the end: -14
write huge length: -14
write negative pointer: -14'
yaml() {   # yaml FILE ARGS CALLBACK
	cat >"$1" <<Y
cVMs:
- name: first
  runtime: $ROOT/examples/two-pure/libfirst.so
  isolation:
  - base: 0x400000000
    size: 0x40000000
    begin: 0x400000000
    end: 0x440000000
  wait: -1
- name: attacker
  runtime: $G/hybrid/attack
  args: attack $2
  isolation:
  - base: 0x440000000
    size: 0x40000000
    begin: 0x440000000
    end: 0x480000000
  callback_out: $3
  wait: -1
Y
}
for cb in monitor "$ROOT/examples/two-pure/libfirst.so"; do
	CASE="pointers ($cb)"
	yaml "$TMP/a.yaml" none "$cb"
	out=$("$IV" -q -y "$TMP/a.yaml" 2>"$TMP/err"); st=$?
	check [ "$(grep -v '^hello first' <<<"$out")" = "$ATK_OUT" ]
	check [ "$st" = 0 ]
	for m in end neg other; do
		CASE="integer access $m ($cb)"
		yaml "$TMP/b.yaml" "$m" "$cb"
		out=$("$IV" -q -y "$TMP/b.yaml" 2>"$TMP/err"); st=$?
		check [ "$st" = 2 ]
		check [ "$(grep -v '^hello first' <<<"$out")" = "$ATK_OUT" ]
		check grep -q "hello first" <<<"$out"          # the other cVM ran
		check grep -q "Length" "$TMP/err"
		check grep -q "capability ddc (index 33)" "$TMP/err"
		check grep -q "offset 0x" "$TMP/err"
	done
done

CASE=dynamic
riscv64-linux-gnu-gcc -O2 -o "$TMP/dyn" "$ROOT/examples/hybrid/hello.c" 2>/dev/null
cat >"$TMP/d.yaml" <<Y
cVMs:
- name: dyn
  runtime: $TMP/dyn
  isolation:
  - base: 0x400000000
    size: 0x40000000
    begin: 0x400000000
    end: 0x440000000
Y
err=$("$IV" -q -y "$TMP/d.yaml" 2>&1); st=$?
check [ "$st" != 0 ]
check grep -q "build it with -static" <<<"$err"
check [ "$(wc -l <<<"$err")" = 1 ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
