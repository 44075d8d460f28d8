#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - end-to-end scenarios of the runtime (issue 4).
#
#   two-pure     the seed, line by line against the structure of shared/spec/two-pure.expected:
#                exact where the value follows from our layout and images (bases, lengths,
#                perms, otypes, stacks, heap, ids, ELF segments and cap relocations read back
#                from the .so files with readelf/nm/od), a pattern where it is a host address
#   -q           only what the cVMs print
#   hash         same SHA-256 on two runs; another one when one byte of libfirst.so changes
#   chain        third -> second -> first -> monitor
#   direct       a cVM whose callback_out is the monitor
#   fault        a faulting cVM is reported (stderr) and the others finish; exit status 2
#   concurrent   four cVMs at once through one handler cVM (its handler contexts)
#   unknown      an unserved number: -38 from the monitor; "unknown t5" and exit from first
#   badret       a return with no call in flight ends that cVM with a report
#   badarg       bad argument capabilities make write return -14, the cVM keeps running
#   summary      the summary lines after the run (two-pure, --budget, exit value 42, -q: none)
#   unserved     a hostcall nobody serves: one warning per number, not per call
#   timeout      --timeout: exit 124, "timeout" in the report, later cVMs not started
#   sigint/term  SIGINT (130) and SIGTERM (143) stop a spinning cVM within a second, the
#                report says "interrupted"; a `wait: N` sleep ends too; a second SIGINT
#                ends a run whose stop is stuck (a blocked write) at once
#   cfunc        integer-mode C code in a pure-cap cVM: the fault report adds a hint
#   isolation-twice  a second isolation item: the last wins, with a warning (as upstream)
#   upstream-flags   -d -t -c -a -r and words after -y: ignored with one warning each
# Prints one line per failed check and ends with "N passed, N failed".
set -u
IV=$(realpath "$1")
G=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EX="$ROOT/examples/two-pure"
RE=riscv64-linux-gnu-readelf
NM=riscv64-linux-gnu-nm
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if "$@"; then ok; else bad "$CASE: $*"; fi; }

# ---- expected lines, built from the images ----

esc() { printf '%s' "$1" | sed -e 's/[]\/$*.^[()|+?{}]/\\&/g'; }   # regex-quote a literal
hex() { printf '%x' "$1"; }
hex16() { printf '%016x' "$1"; }

# cap_re TAG S PERMS TYPE BASE LEN OFF: the two cap_print lines (values as numbers; '' = any)
cap_re() {
	local v=(); local a
	for a in "$3" "$4" "$5" "$6" "$7"; do
		if [ -z "$a" ]; then v+=('[0-9a-f]+'); else v+=("$a"); fi
	done
	local perms=${v[0]} type=${v[1]} base=${v[2]} len=${v[3]} off=${v[4]}
	[ -n "$3" ] && perms=$(printf '%08x' "$3")
	[ -n "$4" ] && type=$(hex16 "$4")
	[ -n "$5" ] && base=$(hex16 "$5")
	[ -n "$6" ] && len=$(hex16 "$6")
	[ -n "$7" ] && off=$(hex16 "$7")
	echo "^tag $1 s $2 perms $perms type $type\$"
	echo "^    base $base length $len ofset $off\$"
}

sym() { $NM "$1" | awk -v s="$2" '$3 == s { print "0x" $1 }'; }

# deploy_re SO NAME RUNTIME BASE CB_OUT: the deploy block of one cVM (intravisor.md section 3)
deploy_re() {
	local so=$1 name=$2 rt=$3 base=$4 cb=$5
	local id=$((base / 0x40000000)) top=$((base + 0x40000000))
	echo "^\*{17} \[$id\] Deploy '$name' \*{15}\$"
	echo "^$(esc "BUILDING cvm: name=$name, disk=(null), runtime=$rt, net=(null), args='/ld.so /app/sc_main', base=0x$(hex $base), size=0x40000000, begin=0x$(hex $base), end=0x$(hex $top), cb_in = '(null)', cb_out = '$cb' wait = -1s clean_room = 0, libvirt = 0")\$"
	echo "^requested cVM size matches CVM_MAX_SIZE \(40000000\)\$"
	# one line per PT_LOAD: [i]: host vaddr filesz memsz host copied; "end of RO" first
	local i=0 seen_w=0 mapsize=0 line
	while read -r type off vaddr paddr filesz memsz flags; do
		if [ "$type" = LOAD ]; then
			if [ $seen_w = 0 ] && [[ $flags == *W* ]]; then
				echo "^end of RO: $(hex $((base + vaddr)))\$"
				seen_w=1
			fi
			echo "^\[$i\]: [0-9a-f]+ $(hex $((base + vaddr))) $(hex $((filesz))) $(hex $((memsz))) [0-9a-f]+ $(hex $((filesz)))\$"
			local e=$((vaddr + memsz))
			[ $e -gt $mapsize ] && mapsize=$e
		fi
		i=$((i + 1))
	done < <($RE -lW "$so" | awk '/^Program Headers:/ { on = 1; getline; next } on && NF == 0 { exit } on { f = $7; if (NF > 8) f = $7 $8; print $1, $2, $3, $4, $5, $6, f }')
	local entry; entry=$($RE -h "$so" | awk '/Entry point/ { print $4 }')
	echo "^ELF BASE = 0x$(hex $base), MAP SIZE = $(hex $mapsize), ENTRY = 0x$(hex $((entry)))\$"
	echo "^encl_map.entry = 0x$(hex $((entry)))\$"
	echo "^encl_map.ret = 0x$(hex $(($(sym "$so" ret_from_monitor))))\$"
	echo "^we have __cap_relocs, it is a purecap binary\$"
	local secoff secsize
	read -r secoff secsize < <($RE -SW "$so" | awk '{ for (i = 1; i < NF; i++) if ($i == "__cap_relocs") print "0x" $(i + 3), "0x" $(i + 4) }')
	local words; words=($(od -An -v -tx8 -j $((secoff)) -N $((secsize)) "$so"))
	local k
	for ((k = 0; k + 4 < ${#words[@]}; k += 5)); do
		local loc=$((0x${words[k]})) b=$((0x${words[k + 1]})) len=$((0x${words[k + 3]})) p=${words[k + 4]}
		p=$(echo "$p" | sed 's/^0*//'); [ -z "$p" ] && p=0
		echo "^create cap: 0x$(hex $((base + loc))) Base: 0x$(hex $b) Length: $len Perms: $p Unk = 0\$"
		[ $len = 43962 ] && echo "^ACHTUNG: RISCV USES OUTDATED ABI\$"
	done
	local slo=$((top - 0x2000000))
	echo "^$(esc "[cVM STACKs] = [0x$(hex $slo) -- $(hex $top)]")\$"
	local hlo=$(( (((base + mapsize) >> 12) + 1) << 12 ))
	local mb; mb=$(awk -v s=$((slo - hlo)) 'BEGIN { printf "%f", s / 1048576 }')
	echo "^$(esc "Convrting free memory into cVM Heap: $(hex $hlo) -- $(hex $slo) +$(hex $((slo - hlo))) ( $mb MB)")\$"
	echo "^cVM doesn't use heap or has a built-in one\$"
	echo "^SEALED RET FROM MON 0x[0-9a-f]+ 0x[0-9a-f]+\$"
	local sh; sh=$(sym "$so" syscall_handler)
	[ -n "$sh" ] && echo "^ACHTUNG: '$rt' has syscall handler 'syscall_handler' at 0x$(hex $((sh)))\$"
	echo "^Deploy $id in [0-9]+\.[0-9]{6}, SHA-256 Hash: [0-9a-f]{64}\$"
}

# start_re SO BASE HANDLER_SO HANDLER_BASE: the start block (intravisor.md section 4)
start_re() {
	local so=$1 base=$2 hso=$3 hbase=$4
	local id=$((base / 0x40000000)) top=$((base + 0x40000000))
	local slot=$((top - 0x80000)) sp=$((top - 0x4000)) S=0x40000000
	echo "^target SP = $(hex $sp), old TP = [0-9a-f]+ sp_read = 0x$(hex $top), me->stacl = 0x$(hex $slot), getSP\(\)=0x[0-9a-f]+, me->c_tp = 0x[0-9a-f]+ [0-9a-f]+\$"
	echo "^\[1\] '/app/sc_main'\$"
	echo "^&env0 = 0x$(hex $((sp + 0x40))), &env2=0x$(hex $((sp + 0x50)))\$"
	local entry; entry=$($RE -h "$so" | awk '/Entry point/ { print $4 }')
	local ret; ret=$(sym "$so" ret_from_monitor)
	echo "^ca0: sealed COMP PCC\$"; cap_re 1 1 0x8117 $id "$base" "$S" "$entry"
	echo "^ca1: sealed COMP DDC\$"; cap_re 1 1 0x817d $id "$base" "$S" 0
	echo "^ca2: COMP DDC\$"; cap_re 1 0 0x817d -1 "$base" "$S" 0
	# the switcher's call pair for every cVM (intravisor.md 5.1): a handler cVM's entry is
	# never handed to another cVM
	echo "^ca3: sealed HC PCC\$"; cap_re 1 1 0x68117 0 "0" "0x800000000000" 0x482cc
	echo "^ca4: sealed HC DDC \(mon.DDC\)\$"; cap_re 1 1 0x7817d 0 "0" "0x800000000000" 0
	if [ -z "$hso" ]; then
		echo "^ca5: sealed OCALL PCC \$"; cap_re 1 1 0x68117 0 "0" "0x800000000000" 0x482a4
	else
		echo "^ca5: sealed OCALL PCC \$"; cap_re 0 0 0 -1 "0" "-1" ''
	fi
	echo "^ca6: sealed ret from mon\$"; cap_re 1 1 0x8117 $id "$base" "$S" "$ret"
	echo "^ca7: SP cap for purecap cVMs\$"; cap_re 1 0 0x817d -1 "$slot" "0x80000" 0x7c000
	echo "^ca8: TP cap for purecap cVMs, me->c_tp = [0-9a-f]+\$"; cap_re 1 0 0x817d -1 "$((slot + 0x1000))" "0x1000" 0
	echo "^HW: sp = 0x$(hex $sp), tp = 0x[0-9a-f]+, &cinv_args = 0x[0-9a-f]+\$"
	echo "^TP_ARGS: $(hex $((top - 0x2000000 + 0x1000))), $(hex $id), $(hex $((slot + 0x1000)))\$"
	echo "^-{47}\$"
}

# match PATTERNS OUTPUT: line i of OUTPUT must match regex i of PATTERNS, same count
match() {
	local n=0 bad_lines=0
	local -a P O
	mapfile -t P < "$1"
	mapfile -t O < "$2"
	if [ ${#P[@]} -ne ${#O[@]} ]; then
		echo "  $CASE: ${#O[@]} lines, expected ${#P[@]}"
		bad_lines=1
	fi
	for ((n = 0; n < ${#P[@]} && n < ${#O[@]}; n++)); do
		if ! printf '%s\n' "${O[n]}" | grep -Eq -- "${P[n]}"; then
			echo "  $CASE: line $((n + 1)): '${O[n]}'"
			echo "  $CASE: expected /${P[n]}/"
			bad_lines=1
			break
		fi
	done
	return $bad_lines
}

# ---- two-pure ----
CASE=two-pure
F=$EX/libfirst.so S2=$EX/libsecond.so
(cd "$ROOT" && "$IV" -y examples/two-pure/two-pure.yaml) > "$TMP/out" 2> "$TMP/err"
check [ $? -eq 0 ]
{
	echo "^Using yaml.cfg = examples/two-pure/two-pure.yaml\$"
	deploy_re "$F" first libfirst.so 0x400000000 monitor
	deploy_re "$S2" second libsecond.so 0x440000000 libfirst.so
	echo "^\*{17} Link Inner<-->Outer \*{15}\$"
	echo "^\*{17} ALL cVMs loaded \*{15}\$"
	start_re "$F" 0x400000000 "" 0
	echo "^hello first\(syscall-handler\) \$"
	start_re "$S2" 0x440000000 "$F" 0x400000000
	echo "^hello second \$"
	# the summary: both exit with 0 (the crt's exit passes no value); write and exit reach the
	# monitor on each thread (second's through first's handler); instructions are the crt's
	echo "^summary: cvm='first' id=16 thread=0 end=exit exit_value=0 instructions=[0-9]+ wall=[0-9]+\.[0-9]{6}s hostcalls=2\$"
	echo "^summary: cvm='second' id=17 thread=0 end=exit exit_value=0 instructions=[0-9]+ wall=[0-9]+\.[0-9]{6}s hostcalls=2\$"
} > "$TMP/pat"
check match "$TMP/pat" "$TMP/out"
check [ ! -s "$TMP/err" ]

# ---- -q ----
CASE=quiet
out=$(cd "$ROOT" && "$IV" -q -y examples/two-pure/two-pure.yaml 2>&1)
check [ $? -eq 0 ]
check [ "$out" = "$(printf 'hello first(syscall-handler) \nhello second ')" ]

# ---- --no-jit: the interpreter alone gives the same run ----
CASE="--no-jit"
out=$(cd "$ROOT" && "$IV" -q --no-jit -y examples/two-pure/two-pure.yaml 2>&1)
check [ $? -eq 0 ]
check [ "$out" = "$(printf 'hello first(syscall-handler) \nhello second ')" ]

# ---- hash ----
CASE=hash
hash_of() { grep -E "^Deploy $2 in" "$1" | sed 's/.*Hash: //'; }
(cd "$ROOT" && "$IV" -y examples/two-pure/two-pure.yaml) > "$TMP/out2" 2>/dev/null
h1=$(hash_of "$TMP/out" 16) h2=$(hash_of "$TMP/out2" 16)
check [ -n "$h1" ]
check [ "$h1" = "$h2" ]
check [ "$(hash_of "$TMP/out" 17)" = "$(hash_of "$TMP/out2" 17)" ]
check [ "$h1" != "$(hash_of "$TMP/out" 17)" ]
mkdir -p "$TMP/h"
cp "$EX/two-pure.yaml" "$TMP/h/"
cp -L "$F" "$S2" "$TMP/h/"
# flip one byte of first's message (inside a loaded segment): "hello" -> "jello"
off=$(grep -abo 'hello first' "$TMP/h/libfirst.so" | head -n 1 | cut -d: -f1)
printf 'j' | dd of="$TMP/h/libfirst.so" bs=1 seek="$off" conv=notrunc status=none
"$IV" -y "$TMP/h/two-pure.yaml" > "$TMP/out3" 2>/dev/null
check [ $? -eq 0 ]
h3=$(hash_of "$TMP/out3" 16)
check [ -n "$h3" ]
check [ "$h3" != "$h1" ]
check [ "$(hash_of "$TMP/out3" 17)" = "$(hash_of "$TMP/out" 17)" ]
check grep -q '^jello first' "$TMP/out3"

# ---- scenarios in a temp dir ----
cvm_yaml() {  # name runtime base callback [wait]
	cat <<EOF
- name: $1
  runtime: $2
  args: /ld.so /app/sc_main
  isolation:
  - base: $(printf '0x%x' $3)
    size: 0x40000000
    begin: $(printf '0x%x' $3)
    end: $(printf '0x%x' $(($3 + 0x40000000)))
  callback_out: $4
  wait: ${5:--1}
EOF
}
mkdir -p "$TMP/s"
cp -L "$F" "$S2" "$G"/e2e/lib*.so "$TMP/s/"

CASE=chain
{ echo "cVMs:"; cvm_yaml first libfirst.so 0x400000000 monitor
  cvm_yaml second libsecond.so 0x440000000 libfirst.so
  cvm_yaml third libthird.so 0x480000000 libsecond.so; } > "$TMP/s/chain.yaml"
out=$("$IV" -q -y "$TMP/s/chain.yaml" 2> "$TMP/err")
check [ $? -eq 0 ]
check [ "$out" = "$(printf 'hello first(syscall-handler) \nhello second \nhello third ')" ]
check [ ! -s "$TMP/err" ]
# the non-quiet run shows every cVM's hostcall pair: the switcher's (monitor otype 0), never
# a handler cVM's sealed entry (which would let a caller enter it on a stack of its choice)
"$IV" -y "$TMP/s/chain.yaml" > "$TMP/out" 2>/dev/null
check [ "$(grep -A1 -E '^ca3: sealed HC PCC' "$TMP/out" | grep -c 'perms 00068117 type 0000000000000000')" = 3 ]

CASE=direct
{ echo "cVMs:"; cvm_yaml third libthird.so 0x500000000 monitor; } > "$TMP/s/direct.yaml"
out=$("$IV" -q -y "$TMP/s/direct.yaml" 2> "$TMP/err")
check [ $? -eq 0 ]
check [ "$out" = "hello third " ]
check [ ! -s "$TMP/err" ]

CASE=fault
{ echo "cVMs:"; cvm_yaml first libfirst.so 0x400000000 monitor
  cvm_yaml fault libfault.so 0x440000000 libfirst.so
  cvm_yaml third libthird.so 0x480000000 libfirst.so; } > "$TMP/s/fault.yaml"
out=$("$IV" -q -y "$TMP/s/fault.yaml" 2> "$TMP/err")
check [ $? -eq 2 ]
check [ "$out" = "$(printf 'hello first(syscall-handler) \nfault: before\nhello third ')" ]
check grep -q "cVM 'fault' (id 17, libfault.so) thread 0 faulted" "$TMP/err"
check grep -qi "length violation" "$TMP/err"
check grep -qE "cause 28" "$TMP/err"
fpc=$(grep -E '^  pc 0x' "$TMP/err" | head -n 1 | awk '{ print $2 }' | tr -d ':')
check [ -n "$fpc" ]
# the faulting pc is the clb in cvm_main: inside libfault's text, at base + offset
clb_off=$(riscv64-linux-gnu-objdump -d "$TMP/s/libfault.so" | awk '/<cvm_main>:/ { on = 1; next } on && NF == 0 { exit } on && /\tlb\t/ { print $1 }' | tr -d ':' | tail -n 1)
check [ "$((fpc))" = "$((0x440000000 + 0x$clb_off))" ]

CASE=concurrent
# four cVMs started together (wait: 0), each making 20000 null calls through first's handler
# (one handler context each) and the monitor, while first's own thread has already ended
{ echo "cVMs:"; cvm_yaml first libfirst.so 0x400000000 monitor
  for k in 1 2 3 4; do cvm_yaml loop$k libloop$k.so $((0x400000000 + k * 0x40000000)) libfirst.so 0; done
} > "$TMP/s/concurrent.yaml"
for k in 1 2 3 4; do cp "$TMP/s/libloop.so" "$TMP/s/libloop$k.so"; done   # runtimes are unique names
out=$("$IV" -q -y "$TMP/s/concurrent.yaml" 2> "$TMP/err")
check [ $? -eq 0 ]
check [ "$out" = "hello first(syscall-handler) " ]
check [ ! -s "$TMP/err" ]

CASE=unknown
# an unserved number: the monitor answers -38; first prints "unknown t5" and ends the caller
{ echo "cVMs:"; cvm_yaml unknown libunknown.so 0x400000000 monitor; } > "$TMP/s/unknown1.yaml"
out=$("$IV" -q -y "$TMP/s/unknown1.yaml" 2> "$TMP/err")
check [ $? -eq 0 ]
check [ "$out" = "enosys ok" ]
{ echo "cVMs:"; cvm_yaml first libfirst.so 0x400000000 monitor
  cvm_yaml unknown libunknown.so 0x440000000 libfirst.so
  cvm_yaml third libthird.so 0x480000000 libfirst.so; } > "$TMP/s/unknown2.yaml"
out=$("$IV" -q -y "$TMP/s/unknown2.yaml" 2> "$TMP/err")
check [ $? -eq 0 ]
check [ "$out" = "$(printf 'hello first(syscall-handler) \nunknown t5\nhello third ')" ]
check [ ! -s "$TMP/err" ]

CASE=badret
# a return through the switcher with no call in flight: reported, the next cVM still runs, exit 2
{ echo "cVMs:"; cvm_yaml badret libbadret.so 0x400000000 monitor
  cvm_yaml third libthird.so 0x440000000 monitor; } > "$TMP/s/badret.yaml"
out=$("$IV" -q -y "$TMP/s/badret.yaml" 2> "$TMP/err")
check [ $? -eq 2 ]
check [ "$out" = "hello third " ]
check grep -q "cVM 'badret' (id 16, libbadret.so) thread 0 faulted: a return through the switcher with no call in flight on this thread" "$TMP/err"
check grep -q "pc 0x00000000000482f0: (no instruction fetched)" "$TMP/err"

CASE=badarg
{ echo "cVMs:"; cvm_yaml badarg libbadarg.so 0x400000000 monitor; } > "$TMP/s/badarg.yaml"
out=$("$IV" -q -y "$TMP/s/badarg.yaml" 2> "$TMP/err")
check [ $? -eq 0 ]
check [ "$out" = "$(printf 'ok   length\nok   untag \nok   sealed\nok   noload')" ]

# ---- summary, exit values, unserved hostcalls ----
one_cvm() {  # name runtime [wait]: a config with one cVM served by the monitor
	echo "cVMs:"; cvm_yaml "$1" "$2" 0x400000000 monitor "${3:--1}"
}
json() {  # FILE EXPR: print a Python expression over the JSON document j
	python3 -c "import json, sys; j = json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null
}
W='wall=[0-9]+\.[0-9]{6}s'

CASE=exitval
one_cvm ev libexitval.so > "$TMP/s/ev.yaml"
"$IV" -y "$TMP/s/ev.yaml" --report "$TMP/ev.json" > "$TMP/out" 2> "$TMP/err"
check [ $? -eq 0 ]
check grep -qE "^summary: cvm='ev' id=16 thread=0 end=exit exit_value=42 instructions=[0-9]+ $W hostcalls=4\$" "$TMP/out"
check [ "$(json "$TMP/ev.json" 'j["cvms"][0]["exit_value"], j["cvms"][0]["end"], j["cvms"][0]["hostcalls"], j["exit_status"]')" = "42 exit 4 0" ]

CASE=unserved
# 12345 twice and 700 once: one warning per number, in the order of the calls
check [ "$(cat "$TMP/err")" = "intravisor: warning: cVM 'ev' thread 0: hostcall 12345 is not served by this monitor: it returns -38 (ENOSYS); said once per number
intravisor: warning: cVM 'ev' thread 0: hostcall 700 (get_inner) is not served by this monitor: it returns -38 (ENOSYS); said once per number" ]

CASE=summary-quiet
out=$("$IV" -q -y "$TMP/s/ev.yaml" 2>/dev/null)
check [ $? -eq 0 ]
check [ -z "$out" ]

# spin prints "spin started" and loops; later (third) would print "hello third "
{ echo "cVMs:"; cvm_yaml spin libspin.so 0x400000000 monitor
  cvm_yaml later libthird.so 0x440000000 monitor; } > "$TMP/s/spin.yaml"
CASE=summary-budget
"$IV" --budget 100000 -y "$TMP/s/spin.yaml" > "$TMP/out" 2> "$TMP/err"
check [ $? -eq 4 ]
check [ "$(grep -c '^summary: ' "$TMP/out")" = 2 ]
check grep -qE "^summary: cvm='spin' id=16 thread=0 end=budget exit_value=- instructions=100000 $W hostcalls=1\$" "$TMP/out"
check grep -qE "^summary: cvm='later' id=17 thread=0 end=exit exit_value=0 instructions=[0-9]+ $W hostcalls=2\$" "$TMP/out"
check [ "$(tail -n 1 "$TMP/out" | cut -d' ' -f1-4)" = "summary: cvm='later' id=17 thread=0" ]

now() { date +%s%N; }
ms_since() { echo $(( ($(now) - $1) / 1000000 )); }

CASE=timeout
t0=$(now)
"$IV" --timeout 0.5 --report "$TMP/t.json" -y "$TMP/s/spin.yaml" > "$TMP/out" 2> "$TMP/err"
check [ $? -eq 124 ]
ms=$(ms_since "$t0")
check [ "$ms" -ge 500 ] && check [ "$ms" -lt 3000 ]
check grep -qE "^summary: cvm='spin' id=16 thread=0 end=timeout exit_value=- instructions=[0-9]+ $W hostcalls=1\$" "$TMP/out"
check grep -qx "summary: cvm='later' id=17 thread=0 end=not-started exit_value=- instructions=0 wall=0.000000s hostcalls=0" "$TMP/out"
check [ "$(grep -c 'hello third' "$TMP/out")" = 0 ]
check [ "$(json "$TMP/t.json" 'j["exit_status"], len(j["cvms"]), j["cvms"][0]["end"], j["faults"][0]["kind"], j["faults"][0]["why"]')" = "124 1 timeout stopped --timeout 0.5 s expired" ]
check [ "$(tail -n 1 "$TMP/err")" = "intravisor: exit status 124 (--timeout expired: every cVM thread was stopped): cVM 'spin' (id 16) thread 0: --timeout 0.5 s expired" ]
for t in 0 -1 x 1e99 nan; do
	"$IV" --timeout "$t" -y "$TMP/s/spin.yaml" > /dev/null 2> "$TMP/err"
	check [ $? -eq 1 ]
	check grep -qx "intravisor: option '--timeout' needs a number of seconds > 0" "$TMP/err"
done

# start_bg ARGS...: intravisor in the background (pid in $bg), stdout/stderr to $TMP/out, err;
# returns once the cVM printed "spin started" (at most 10 s)
start_bg() {
	"$IV" "$@" > "$TMP/out" 2> "$TMP/err" &
	bg=$!
	for _ in $(seq 100); do grep -q "spin started" "$TMP/out" 2>/dev/null && return 0; sleep 0.1; done
	return 1
}
# signal_run NAME SIGNAL STATUS YAML: stop a spinning run with SIGNAL; exit STATUS in < 2 s
signal_run() {
	CASE=$1
	check start_bg --report "$TMP/$1.json" -y "$TMP/s/$4"
	local t0; t0=$(now)
	kill -"$2" "$bg"
	wait "$bg"
	check [ $? -eq "$3" ]
	check [ "$(ms_since "$t0")" -lt 2000 ]
	check [ "$(json "$TMP/$1.json" 'j["exit_status"], j["cvms"][0]["end"], j["faults"][0]["why"]')" = "$3 interrupted interrupted by SIG$2" ]
	check grep -qE "^summary: cvm='spin' id=16 thread=0 end=interrupted exit_value=- instructions=[0-9]+ $W hostcalls=1\$" "$TMP/out"
	check grep -qx "summary: cvm='later' id=17 thread=0 end=not-started exit_value=- instructions=0 wall=0.000000s hostcalls=0" "$TMP/out"
	check grep -qE "^intravisor: cVM 'spin' \(id 16, libspin.so\) thread 0 stopped: interrupted by SIG$2 \([0-9]+ instructions\)\$" "$TMP/err"
}
signal_run sigint INT 130 spin.yaml
signal_run sigterm TERM 143 spin.yaml
# spin started with `wait: 30`: the monitor sleeps 30 s before starting later; SIGINT ends
# the sleep too
{ echo "cVMs:"; cvm_yaml spin libspin.so 0x400000000 monitor 30
  cvm_yaml later libthird.so 0x440000000 monitor; } > "$TMP/s/spinwait.yaml"
signal_run sigint-wait INT 130 spinwait.yaml

CASE=sigint-twice
# nobody reads stdout: chatter's write blocks, its hart cannot stop; a second SIGINT exits at once
one_cvm chatter libchatter.so > "$TMP/s/chatter.yaml"
mkfifo "$TMP/fifo"
exec 3<> "$TMP/fifo"
"$IV" -q --report "$TMP/twice.json" -y "$TMP/s/chatter.yaml" > "$TMP/fifo" 2> "$TMP/err" &
bg=$!
# wait (up to 20 s: ASan on a loaded machine) until a thread of it blocks writing to the full pipe
for _ in $(seq 200); do
	grep -qs pipe_write /proc/"$bg"/task/*/wchan && break
	sleep 0.1
done
kill -INT "$bg"
sleep 0.5
check kill -0 "$bg"          # still stuck in the write: the first SIGINT cannot finish
t0=$(now)
kill -INT "$bg"
wait "$bg"
check [ $? -eq 130 ]
check [ "$(ms_since "$t0")" -lt 1000 ]
check [ ! -s "$TMP/twice.json" ]   # no report: it ended at once
exec 3<&-

CASE=cfunc
# integer-mode C code in a pure-cap cVM: the tag violation on csp comes with a hint
one_cvm cfunc libcfunc.so > "$TMP/s/cfunc.yaml"
"$IV" -q --report "$TMP/cfunc.json" -y "$TMP/s/cfunc.yaml" > "$TMP/out" 2> "$TMP/err"
check [ $? -eq 2 ]
HINT="csp held an integer (0x43fffbff0), not a capability: integer-mode code (C from riscv64-linux-gnu-gcc?) in a pure-cap cVM; integer-mode C code needs a hybrid cVM or the SDK's capability-mode assembly, see sdk/README.md"
check grep -qxF "  hint: $HINT" "$TMP/err"
check [ "$(json "$TMP/cfunc.json" 'j["faults"][0]["hint"]')" = "$HINT" ]
# no hint on other faults
check [ "$(json "$TMP/t.json" 'j["faults"][0]["hint"]')" = "None" ]
check [ "$(grep -c 'hint:' <("$IV" -q -y "$TMP/s/fault.yaml" 2>&1))" = 0 ]

CASE=isolation-twice
# upstream accepts several isolation items (the last wins): so do we, with a warning at the second
printf '%s\n' "cVMs:" "- name: third" "  runtime: libthird.so" "  isolation:" "  - base: 0x400000000" \
	"    size: 0x40000000" "  - base: 0x440000000" "    size: 0x40000000" > "$TMP/s/iso2.yaml"
out=$("$IV" -q -y "$TMP/s/iso2.yaml" 2> "$TMP/err")
check [ $? -eq 0 ]
check [ "$out" = "hello third " ]
check [ "$(cat "$TMP/err")" = "intravisor: warning: $TMP/s/iso2.yaml:7:5: cVM 'third': a second 'isolation' item: only the last one is used (as upstream)" ]
check grep -q "^Deploy 17 in" <("$IV" -y "$TMP/s/iso2.yaml" 2>/dev/null)

CASE=upstream-flags
# upstream's command line works: its flags and the words after -y are ignored, one warning each
out=$("$IV" -q -d disk.img -t 10 -c 1 -a -r libcarrie.so --yaml="$TMP/s/direct.yaml" more words 2> "$TMP/err")
check [ $? -eq 0 ]
check [ "$out" = "hello third " ]
check [ "$(cat "$TMP/err")" = "intravisor: warning: '-d disk.img' ignored: upstream's LKL disk image, and this build has no LKL
intravisor: warning: '-t 10' ignored: upstream's LKL timer count, and this build has no LKL
intravisor: warning: '-c 1' ignored: upstream's hostcall tracing level
intravisor: warning: '-a' ignored: upstream's legacy flag (upstream stops reading options there; we read on)
intravisor: warning: '-r libcarrie.so' ignored: upstream lists it but never reads it; runtimes come from the config
intravisor: warning: 'more words' after -y $TMP/s/direct.yaml ignored (as upstream does)" ]

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
