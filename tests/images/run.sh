#!/usr/bin/env bash
# run.sh INTRAVISOR RVRUN CHECK_IMAGE IMG_DIR - pure-cap images as CHERI LLVM builds them
# (issue 11, intravisor.md section 10), with tests/images/cheri_llvm.S:
#   deploy     intravisor -y: entry 0 -> main, no ret_from_monitor, the rounded __cap_relocs
#              lines (exact), two slot sizes (16 MiB and 1 GiB) in one config, exit values 0
#              (entry: zero_main) and 3 (main) in the summary
#   memory     check_image (the monitor's deploy and run): exact bytes and results words
#   hostcall   a hostcall without ret_from_monitor: a clean fault report, exit status 2
#   documents  the same cVMs over three YAML documents, with upstream keys (warnings)
#   rela       the same program with R_RISCV_CHERI_CAPABILITY relocations instead of __cap_relocs
#   pie        the same as a dynamic PIE with PT_INTERP and no DT_NEEDED: deployed and run (the
#              interpreter ignored, a log line says so); one with DT_NEEDED: refused by both
#   rvrun      the shared and the static image: exit 3, --entry zero_main: 0, a bad --entry: 127
#   landing    the exit landing reached from inside handler calls (tests/images/landing.S): the
#              thread ends with a report, frames unwound, contexts given back, others unaffected
# Ends with "N passed, N failed".
set -u
IV=$(realpath "$1")
RV=$(realpath "$2")
CK=$(realpath "$3")
G=$(realpath "$4")
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
eq() { if [ "$2" = "$3" ]; then ok; else bad "$1"; echo "  got:  $2"; echo "  want: $3"; fi; }
has() { if grep -qxF -- "$3" <<<"$2"; then ok; else bad "$1: no line '$3'"; fi; }

cp "$G/libcheri.so" "$TMP/"
sym() { printf '0x%x' "$((0x$(riscv64-linux-gnu-nm "$G/libcheri.so" | awk -v s="$1" '$3 == s { print $1 }')))"; }
RESULTS=$(sym results) BIG1=$(sym big1) BIG2=$(sym big2) MAIN=$(sym main) ZERO=$(sym zero_main)
# the image as the test expects it (cheri_llvm.S): big1 24 bytes into a page, big2 40 after it
eq "layout of the image" "$BIG1 $BIG2 $((BIG2 - BIG1))" "0x5018 0x18ba40 1600040"

cat > "$TMP/two.yaml" <<'Y'
cVMs:
- name: zero
  runtime: libcheri.so
  entry: zero_main
  isolation:
  - base: 0x1000000
    size: 0x1000000
- name: three
  runtime: libcheri.so
  isolation:
  - base: 0x400000000
    size: 0x40000000
Y

# ---- deploy: intravisor -y ----
out=$(cd "$TMP" && "$IV" -y two.yaml 2> "$TMP/err"); rc=$?
eq "deploy: exit status" "$rc" 0
eq "deploy: stderr" "$(cat "$TMP/err")" ""
has "deploy" "$out" "cVM size 1000000 (CVM_MAX_SIZE is 40000000): id 1, stacks 64 x 10000"
has "deploy" "$out" "[cVM STACKs] = [0x1c00000 -- 2000000]"
has "deploy" "$out" "entry: 'zero_main' at $(printf 0x%x $ZERO) (e_entry 0x0, YAML entry:)"
has "deploy" "$out" "entry: 'main' at $(printf 0x%x $MAIN) (e_entry 0x0 is not in an executable segment)"
has "deploy" "$out" "no ret_from_monitor: the return pair is untagged, a hostcall ends the cVM with a fault"
# CSetBounds rounding (cc128, cheri-riscv.md 1.7): 1,600,000 bytes need 4 KiB alignment,
# [0x5018, 0x18ba18) -> [0x5000, 0x18c000) = 1601536; 150,000 bytes need 256,
# [0x18ba40, 0x1b0430) -> [0x18ba00, 0x1b0500) = 150272
has "deploy" "$out" "create cap: 0x400004040 Base: 0x5018 Length: 1600000 Perms: 0 Unk = 0"
has "deploy" "$out" "  rounded as CSetBounds rounds: Base: 0x5000 Length: 1601536 (requested [0x5018, 0x18ba18) is not representable)"
has "deploy" "$out" "  rounded as CSetBounds rounds: Base: 0x18ba00 Length: 150272 (requested [0x18ba40, 0x1b0430) is not representable)"
has "deploy" "$out" "create cap: 0x400004060 Base: 0x2000 Length: 8 Perms: 4000000000000000 Unk = 0"
eq "deploy: rounded lines" "$(grep -c 'rounded as CSetBounds' <<<"$out")" 4
has "deploy" "$out" "ca6: sealed ret from mon"
summ=$(grep '^summary:' <<<"$out" | sed 's/ instructions=.*//')
eq "deploy: summary" "$summ" "summary: cvm='zero' id=1 thread=0 end=exit exit_value=0
summary: cvm='three' id=16 thread=0 end=exit exit_value=3"

# ---- memory: the monitor's deploy and run, then read back ----
out=$("$CK" "$TMP/two.yaml" "$RESULTS" "$BIG1" "$BIG2" 2>&1); rc=$?
eq "memory: status" "$rc" 0
# results: CGetLen/CGetBase big1, big2 (rounded, absolute), CGetPerm of the constant (0x8015:
# Global, Load, LoadCap, SW0: no Store), the constant, ret0() + 100 * ret3(), CGetType of a sentry
eq "memory" "$out" "zero base=0x1000000 big1=0x00,0x00 big2=0x00,0x00
zero results=0,0,0,0,0,0,0,0
zero ret_pair_tag=0
three base=0x400000000 big1=0x11,0x22 big2=0x33,0x44
three results=187000,400005000,24b00,40018ba00,8015,123456789abcdef,12c,fffffffffffffffe
three ret_pair_tag=0"

# ---- the same with R_RISCV_CHERI_CAPABILITY relocations (bounds = the symbols), same rule ----
cp "$G/libcheri-rela.so" "$TMP/"
sed 's/libcheri.so/libcheri-rela.so/' "$TMP/two.yaml" > "$TMP/rela.yaml"
out=$(cd "$TMP" && "$IV" -y rela.yaml 2>&1); rc=$?
eq "rela: exit status" "$rc" 0
has "rela" "$out" "create cap: 0x400004040 Base: 0x5018 Length: 1600000 Perms: 0 Unk = 0"
has "rela" "$out" "  rounded as CSetBounds rounds: Base: 0x5000 Length: 1601536 (requested [0x5018, 0x18ba18) is not representable)"
has "rela" "$out" "create cap: 0x400004060 Base: 0x2000 Length: 8 Perms: 4000000000000000 Unk = 0"
has "rela" "$out" "create cap: 0x400004090 Base: 0x1008 Length: 8 Perms: 8000000000000000 Unk = 0"
eq "rela: no __cap_relocs" "$(riscv64-linux-gnu-readelf -SW "$G/libcheri-rela.so" | grep -c __cap_relocs)" 0
out=$("$CK" "$TMP/rela.yaml" "$RESULTS" "$BIG1" "$BIG2" 2>&1); rc=$?
eq "rela: memory status" "$rc" 0
eq "rela: memory" "$(sed -n 4,5p <<<"$out")" "three base=0x400000000 big1=0x11,0x22 big2=0x33,0x44
three results=187000,400005000,24b00,40018ba00,8015,123456789abcdef,12c,fffffffffffffffe"
"$RV" "$G/libcheri-rela.so" > /dev/null 2>&1; eq "rvrun rela: main returns 3" "$?" 3

# ---- a dynamic PIE (PT_INTERP, no DT_NEEDED), as CHERI clang links without -static ----
cp "$G/cheri-pie" "$G/cheri-pie-needs" "$TMP/"
sed 's/libcheri.so/cheri-pie/' "$TMP/two.yaml" > "$TMP/pie.yaml"
out=$(cd "$TMP" && "$IV" -y pie.yaml 2>&1); rc=$?
eq "pie: exit status" "$rc" 0
has "pie" "$out" "PT_INTERP '/libexec/ld-elf.so.1' ignored: the program needs no shared library and the monitor applies its relocations"
has "pie" "$out" "  rounded as CSetBounds rounds: Base: 0x5000 Length: 1601536 (requested [0x5018, 0x18ba18) is not representable)"
eq "pie: exit values" "$(grep -o 'exit_value=[0-9]*' <<<"$out" | tr '\n' ' ')" "exit_value=0 exit_value=3 "
"$RV" "$G/cheri-pie" > /dev/null 2>&1; eq "rvrun pie: main returns 3" "$?" 3
"$RV" --entry zero_main "$G/cheri-pie" > /dev/null 2>&1; eq "rvrun pie --entry zero_main" "$?" 0
# ... and one that needs a library: refused by both, nothing deployed
sed 's/libcheri.so/cheri-pie-needs/' "$TMP/two.yaml" > "$TMP/pien.yaml"
out=$(cd "$TMP" && "$IV" -q -y pien.yaml 2>&1); rc=$?
eq "pie needing a library: exit status" "$rc" 1
eq "pie needing a library: message" "$out" "intravisor: error: cVM 'zero' (./cheri-pie-needs): the program needs a dynamic loader (PT_INTERP): build it with -static: DT_NEEDED 'libcheri.so' (PT_INTERP '/libexec/ld-elf.so.1')"
err=$("$RV" "$G/cheri-pie-needs" 2>&1 >/dev/null); rc=$?
eq "rvrun pie needing a library: status" "$rc" 127
eq "rvrun pie needing a library: message" "$err" "rvrun: $G/cheri-pie-needs: the program needs shared libraries (DT_NEEDED), which a cVM cannot load: link it with -static, or -nostdlib: DT_NEEDED 'libcheri.so' (PT_INTERP '/libexec/ld-elf.so.1')"

# ---- a hostcall without ret_from_monitor ----
sed 's/entry: zero_main/entry: hostcall_main/' "$TMP/two.yaml" > "$TMP/hc.yaml"
(cd "$TMP" && "$IV" -q -y hc.yaml > "$TMP/out" 2> "$TMP/err"); rc=$?
eq "hostcall: exit status (a fault)" "$rc" 2
if grep -q "cVM 'zero' (id 1, libcheri.so) thread 0 faulted: a hostcall from a cVM without ret_from_monitor (nowhere to return to)" "$TMP/err"; then ok; else bad "hostcall: report"; cat "$TMP/err"; fi
if grep -q "cVM 'three'" "$TMP/err"; then bad "hostcall: the other cVM faulted too"; else ok; fi

# ---- several documents, upstream keys ----
cat > "$TMP/docs.yaml" <<'Y'
cVMs:
- name: zero
  runtime: libcheri.so
  entry: zero_main
  disk: disk.img
  net: tap0
  fork: 1
  isolation:
  - base: 0x1000000
    size: 0x1000000
---
capfiles:
- name: shared
  size: 0x1000
---
Y
(cd "$TMP" && "$IV" -q -y docs.yaml > "$TMP/out" 2> "$TMP/err"); rc=$?
eq "documents: exit status" "$rc" 0
eq "documents: warnings" "$(cat "$TMP/err")" "intravisor: warning: docs.yaml:5:9: cVM 'zero': 'disk' is ignored (printed only: this build has no LKL disk images)
intravisor: warning: docs.yaml:6:8: cVM 'zero': 'net' is ignored (printed only: this build has no network)
intravisor: warning: docs.yaml:7:9: cVM 'zero': 'fork: 1' is ignored (this build does not fork cVMs)"

# ---- small slots: examples/hybrid (a pure-cap handler cVM and a hybrid Linux program) in a
# 128 MiB and a 16 MiB slot prints what it prints in 1 GiB slots ----
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ -f "$G/../hybrid/hello" ]; then
	sed -e "s|runtime: \.\./two-pure/|runtime: $G/../two-pure/|; s|runtime: \.\./\.\./build/guest/|runtime: $G/../|" \
	    -e "s|callback_out: \.\./two-pure/libfirst.so|callback_out: $G/../two-pure/libfirst.so|" \
	    -e "s|host: data|host: $ROOT/examples/hybrid/data|" \
	    "$ROOT/examples/hybrid/hybrid.yaml" > "$TMP/big.yaml"
	sed -e 's/base: 0x400000000/base: 0x8000000/; s/size: 0x40000000/size: XX/; s/begin: 0x400000000/begin: 0x8000000/' \
	    -e 's/end: 0x440000000/end: 0x10000000/; s/base: 0x440000000/base: 0x3000000/; s/begin: 0x440000000/begin: 0x3000000/' \
	    -e 's/end: 0x480000000/end: 0x4000000/' "$TMP/big.yaml" |
		awk '/size: XX/ { n++; sub(/XX/, n == 1 ? "0x8000000" : "0x1000000") } { print }' > "$TMP/smallslots.yaml"
	want=$("$IV" -q -y "$TMP/big.yaml" 2>&1); wrc=$?
	got=$("$IV" -q -y "$TMP/smallslots.yaml" 2>&1); grc=$?
	eq "small slots: exit status" "$grc $wrc" "0 0"
	eq "small slots: output" "$got" "$want"
	eq "small slots: the config has them" "$(grep -c 'size: 0x8000000\|size: 0x1000000' "$TMP/smallslots.yaml")" 2
	# `entry:` is for pure-cap images
	printf 'cVMs:\n- name: h\n  runtime: %s\n  entry: main\n  isolation:\n  - base: 0x3000000\n    size: 0x1000000\n' \
		"$G/../hybrid/hello" > "$TMP/hentry.yaml"
	err=$("$IV" -q -y "$TMP/hentry.yaml" 2>&1); rc=$?
	eq "entry on a hybrid program: status" "$rc" 1
	eq "entry on a hybrid program" "$err" "intravisor: error: $TMP/hentry.yaml:4:10: bad runtime image: cVM 'h' ($G/../hybrid/hello): 'entry' is for pure-cap images; a hybrid program starts at e_entry"
else
	bad "small slots: $G/../hybrid/hello is not built"
fi

# ---- rvrun ----
"$RV" "$G/libcheri.so" > /dev/null 2>&1; eq "rvrun shared: main returns 3" "$?" 3
"$RV" --entry zero_main "$G/libcheri.so" > /dev/null 2>&1; eq "rvrun shared --entry zero_main" "$?" 0
"$RV" --no-jit "$G/libcheri.so" > /dev/null 2>&1; eq "rvrun shared, interpreted" "$?" 3
"$RV" "$G/cheri-static" > /dev/null 2>&1; eq "rvrun static: main returns 3" "$?" 3
"$RV" --entry zero_main "$G/cheri-static" > /dev/null 2>&1; eq "rvrun static --entry zero_main" "$?" 0
err=$("$RV" --entry nope "$G/libcheri.so" 2>&1 >/dev/null); rc=$?
eq "rvrun bad --entry: status" "$rc" 127
eq "rvrun bad --entry: message" "$(head -1 <<<"$err")" "rvrun: $G/libcheri.so: the entry symbol is missing or not in an executable segment: 'nope' is not defined in the image"

# ---- landing: the exit landing reached from inside handler calls (tests/images/landing.S) ----
# caller -> handlerb -> handlerc, all three this image; a bystander runs after. A jump to the
# landing inside a call ends the caller's thread with a report naming the cVM that jumped;
# every frame is unwound, no context stays taken; the bystander runs; a kept sentry changes
# nothing for the caller's own return (exit value 42).
for n in a b c d; do cp "$G/liblanding.so" "$TMP/land$n.so"; done
land_yaml() {
	cat > "$TMP/land.yaml" <<Y
cVMs:
- name: handlerc
  runtime: landc.so
  entry: idle
  isolation:
  - base: 0x1000000
    size: 0x1000000
  wait: -1
- name: handlerb
  runtime: landb.so
  entry: idle
  callback_out: landc.so
  isolation:
  - base: 0x2000000
    size: 0x1000000
  wait: -1
- name: caller
  runtime: landa.so
  entry: $1
  callback_out: landb.so
  isolation:
  - base: 0x3000000
    size: 0x1000000
  wait: -1
- name: bystander
  runtime: landd.so
  entry: idle
  isolation:
  - base: 0x4000000
    size: 0x1000000
Y
}
# entry, exit status, who jumped (or "-"), depth, calls returns unwound
while read -r entry st who depth calls returns unwound; do
	for jit in "" --no-jit; do
		land_yaml "$entry"
		out=$(cd "$TMP" && "$IV" $jit --report "$TMP/land.json" -y land.yaml 2> "$TMP/err"); rc=$?
		eq "landing $entry $jit: status" "$rc" "$st"
		if [ "$who" = - ]; then
			eq "landing $entry $jit: stderr" "$(cat "$TMP/err")" ""
			has "landing $entry $jit: caller's exit" "$(grep "cvm='caller'" <<<"$out" | sed 's/ instructions=.*//')" \
				"summary: cvm='caller' id=3 thread=0 end=exit exit_value=42"
		else
			eq "landing $entry $jit: report" "$(head -1 "$TMP/err")" "intravisor: cVM 'caller' (id 3, landa.so) thread 0 faulted: jumped to the exit landing in cVM '$who', inside a call (depth $depth): only a thread's entry function returns there"
			has "landing $entry $jit: caller's end" "$(grep "cvm='caller'" <<<"$out" | sed 's/ instructions=.*//')" \
				"summary: cvm='caller' id=3 thread=0 end=fault exit_value=-"
		fi
		has "landing $entry $jit: the bystander ran" "$(grep "cvm='bystander'" <<<"$out" | sed 's/ instructions=.*//')" \
			"summary: cvm='bystander' id=4 thread=0 end=exit exit_value=0"
		eq "landing $entry $jit: switcher counts" \
			"$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["switcher"]; print(s["calls"], s["returns"], s["unwound"], s["contexts_in_use"])' "$TMP/land.json")" \
			"$calls $returns $unwound 0"
	done
done <<'T'
main_jump 2 handlerb 1 1 0 1
main_nested 2 handlerc 2 2 0 2
main_after 2 handlerb 1 2 1 1
main_keep 0 - 0 1 1 0
T

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
