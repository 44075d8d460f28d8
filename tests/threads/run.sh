#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - threads of hybrid cVMs (intravisor.md 9 "Threads"): 4 pthreads
# with a mutex, C11 atomics, a producer/consumer queue on condition variables, pthread_join,
# a timed wait (exact results, translator and interpreter, 3 runs); exit_group from main with a
# thread blocked in a futex (status 9, every thread in the summary); attacks: a clone whose
# stack or TLS is outside the slot (the new thread faults: 139, report on stderr, monitor
# alive), 10,000 threads (EAGAIN after the limit: 63 with the default 64, 3 with `threads: 4`),
# futex on addresses outside the slot and in another cVM's slot (EFAULT; that cVM finishes),
# fork (ENOSYS). The pthreads, exit_group and the clone-stack attack again through a handler
# cVM (clone through a handler).
set -u
IV=$(realpath "$1")
G=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T="$G/threads"
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $CASE: $*"; fi; }

OUT='mutex counter 80000
atomic counter 80000
return values 60
gettid distinct 1, main tid == pid 1
consumed sum 101001000
timedwait ETIMEDOUT'
for jit in "" --no-jit; do
	for i in 1 2 3; do
		CASE="pthreads $jit #$i"
		out=$(timeout 60 "$IV" run $jit "$T/threads" 2>"$TMP/err"); st=$?
		check [ "$out" = "$OUT" ]
		check [ "$st" = 0 ]
		check [ ! -s "$TMP/err" ]
	done
done

CASE=exit-group
out=$(timeout 60 "$IV" run -v "$T/threads" exit-group 2>"$TMP/err"); st=$?
check [ "$st" = 9 ]
check [ "$(grep -c "^summary: cvm='threads' id=1 thread=[0-9]* end=exit " <<<"$out")" = 10 ]
check grep -q "^summary: cvm='threads' id=1 thread=0 end=exit exit_value=9 " <<<"$out"
check grep -q "^summary: cvm='threads' id=1 thread=9 end=exit exit_value=9 " <<<"$out"
check [ ! -s "$TMP/err" ]

for w in stack tls; do
	CASE="clone $w outside the slot"
	out=$(timeout 30 "$IV" run --report "$TMP/r.json" "$T/tattack" $w 2>"$TMP/err"); st=$?
	check [ "$out" = "cloning" ]
	check [ "$st" = 139 ]
	check grep -q "thread 1 faulted" "$TMP/err"
	check grep -q "Length violation), capability ddc" "$TMP/err"
	check grep -q '"end": "fault"' "$TMP/r.json"
done

CASE="10000 threads"
out=$(timeout 60 "$IV" run "$T/tattack" many 2>"$TMP/err"); st=$?
check [ "$out" = "created 63, then EAGAIN
joined 63
after the joins: created" ]
check [ "$st" = 0 ]

yaml() {   # yaml FILE ARGS EXTRA_KEY: the attacker in slot 1, hello in slot 2
	cat >"$1" <<Y
cVMs:
- name: attacker
  runtime: $T/tattack
  args: tattack $2
  $3
  isolation:
  - base: 0x40000000
    size: 0x40000000
    begin: 0x40000000
    end: 0x80000000
  wait: 0
- name: hello
  runtime: $G/hybrid/hello
  args: hello
  isolation:
  - base: 0x80000000
    size: 0x40000000
    begin: 0x80000000
    end: 0xc0000000
  wait: -1
Y
}
CASE="threads: 4"
yaml "$TMP/l.yaml" many "threads: 4"
out=$(timeout 60 "$IV" -q -y "$TMP/l.yaml" 2>"$TMP/err"); st=$?
check grep -q "^created 3, then EAGAIN$" <<<"$out"
check grep -q "^joined 3$" <<<"$out"
check grep -q "^fib(63)=6557470319842$" <<<"$out"
check [ "$st" = 0 ]
CASE="threads: 0"
yaml "$TMP/z.yaml" many "threads: 0"
"$IV" -q -y "$TMP/z.yaml" >/dev/null 2>"$TMP/err"; st=$?
check [ "$st" = 1 ]
check grep -q "threads 0" "$TMP/err"

CASE="futex outside the slot, into another cVM's"
yaml "$TMP/f.yaml" futex ""
out=$(timeout 60 "$IV" -q -y "$TMP/f.yaml" 2>"$TMP/err"); st=$?
check [ "$(grep -c '^futex wa[ik][te] .*: -1 Bad address$' <<<"$out")" = 8 ]
check grep -q "^futex wait on a changed word: EAGAIN$" <<<"$out"
check grep -q "^fib(63)=6557470319842$" <<<"$out"
check [ "$st" = 0 ]

# through a handler cVM (callback_out: first of examples/two-pure, which forwards every Linux
# number): clone starts the thread from the caller's registers at its ecall (the switcher's
# bottom frame), and every thread's system calls go through first
hyaml() {   # hyaml FILE PROGRAM ARGS: PROGRAM in slot 2, first its handler in slot 1
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
- name: threads
  runtime: $T/$2
  args: $2 $3
  callback_out: $ROOT/examples/two-pure/libfirst.so
  isolation:
  - base: 0x440000000
    size: 0x40000000
    begin: 0x440000000
    end: 0x480000000
  wait: -1
Y
}
hyaml "$TMP/h.yaml" threads ""
for jit in ""; do   # the interpreter runs the same program above (make test time)
	CASE="pthreads through the handler $jit"
	out=$(timeout 60 "$IV" -q $jit -y "$TMP/h.yaml" 2>"$TMP/err"); st=$?
	check [ "$out" = "hello first(syscall-handler) 
$OUT" ]
	check [ "$st" = 0 ]
	check [ ! -s "$TMP/err" ]
done
CASE="exit-group through the handler"
hyaml "$TMP/h.yaml" threads exit-group
out=$(timeout 60 "$IV" -y "$TMP/h.yaml" 2>"$TMP/err"); st=$?
check [ "$(grep -c "^summary: cvm='threads' id=[0-9]* thread=[0-9]* end=exit " <<<"$out")" = 10 ]
check grep -q "^summary: cvm='threads' id=[0-9]* thread=0 end=exit exit_value=9 " <<<"$out"
check grep -q "^summary: cvm='threads' id=[0-9]* thread=9 end=exit exit_value=9 " <<<"$out"
check [ "$st" = 0 ]
CASE="clone stack outside the slot through the handler"
hyaml "$TMP/h.yaml" tattack stack
out=$(timeout 60 "$IV" -q -y "$TMP/h.yaml" 2>"$TMP/err"); st=$?
check [ "$out" = "hello first(syscall-handler) 
cloning" ]
check [ "$st" = 2 ]
check grep -q "cVM 'threads' (id [0-9]*, .*tattack) thread 1 faulted: CHERI exception" "$TMP/err"
check grep -q "Length violation on ddc" "$TMP/err"
check [ "$(grep -c 'faulted' "$TMP/err")" = 1 ]

CASE=fork
out=$(timeout 30 "$IV" run "$T/tattack" fork 2>&1); st=$?
check [ "$out" = "fork: -1 Function not implemented" ]
check [ "$st" = 0 ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
