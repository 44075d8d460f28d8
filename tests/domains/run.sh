#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - twin hybrid cVMs: the same program (tests/hybrid/attack.c, mode
# "end") in two slots, both with callback_out: the pure-cap handler cVM first, so each of their
# harts switches domains (hybrid, relocated at its slot <-> pure-cap first) on every system call,
# and the translator keeps both sets of translations. Each twin must see exactly what it would
# alone: -EFAULT for its four bad pointers, then a length fault on its own DDC at its own
# slot's end (offset 0x40000000), the same registers and instruction count as its twin, and the
# same with --no-jit. A translation used with another domain's bounds would show as a fault at
# the wrong address, no fault, or different registers.
set -u
IV=$(realpath "$1")
G=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $CASE: $*"; fi; }

twin() {   # twin NAME BASE CALLBACK
	printf -- '- name: %s\n  runtime: %s\n  args: attack end\n  isolation:\n  - base: %s\n    size: 0x40000000\n    begin: %s\n    end: 0x%x\n  callback_out: %s\n  wait: -1\n' \
		"$1" "$G/hybrid/attack" "$2" "$2" $(($2 + 0x40000000)) "$3"
}
{
	printf 'cVMs:\n- name: first\n  runtime: %s\n  isolation:\n  - base: 0x400000000\n    size: 0x40000000\n    begin: 0x400000000\n    end: 0x440000000\n  wait: -1\n' \
		"$ROOT/examples/two-pure/libfirst.so"
	twin twin-a 0x440000000 "$ROOT/examples/two-pure/libfirst.so"
	twin twin-b 0x480000000 "$ROOT/examples/two-pure/libfirst.so"
	twin twin-c 0x4c0000000 monitor
} >"$TMP/t.yaml"

ATK='write out of the slot: -14
write straddling the end: -14
write huge length: -14
write negative pointer: -14'
# the part of a twin's report that does not depend on its slot: registers (offsets) and instret
regs() { awk -v n="cVM '$1'" 'index($0, n) && /faulted/ { f = 1; next } f && /^intravisor:/ { f = 0 }
	f && (/^  [a-z0-9]+ +0x/ || /instret/) && !/^  (pc|address) /' "$2"; }
for jit in "" --no-jit; do
	"$IV" -q $jit -y "$TMP/t.yaml" >"$TMP/out$jit" 2>"$TMP/err$jit"; st=$?
	CASE="twins $jit: status and output"
	check [ "$st" = 2 ]
	check [ "$(grep -v '^hello first' "$TMP/out$jit")" = "$ATK
$ATK
$ATK" ]
	for t in a:0x440000000:0x480000000 b:0x480000000:0x4c0000000 c:0x4c0000000:0x500000000; do
		IFS=: read -r n base end <<<"$t"
		CASE="twins $jit: twin-$n faults on its own DDC at its own end"
		r=$(awk -v n="cVM 'twin-$n'" 'index($0, n) && /faulted/ { f = 1 } f && /^intravisor:/ && !index($0, n) { f = 0 } f' "$TMP/err$jit")
		check grep -q "CHERI cause 0x01 (Length violation), capability ddc (index 33)" <<<"$r"
		check grep -q "address $end = offset 0x40000000 from DDC.base $base" <<<"$r"
		check grep -q "hybrid cVM: pc offset 0x[0-9a-f]* in the slot at $base" <<<"$r"
	done
	CASE="twins $jit: the same registers (offsets) and instret in every slot"
	check [ -n "$(regs twin-a "$TMP/err$jit")" ]
	check [ "$(regs twin-a "$TMP/err$jit")" = "$(regs twin-b "$TMP/err$jit")" ]
	# twin-c calls the monitor directly: the handler's instructions are not on its hart
	check [ "$(regs twin-a "$TMP/err$jit" | grep -v instret)" = "$(regs twin-c "$TMP/err$jit" | grep -v instret)" ]
done
CASE="twins: translator and interpreter agree"
check [ "$(regs twin-a "$TMP/err")" = "$(regs twin-a "$TMP/err--no-jit")" ]
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
