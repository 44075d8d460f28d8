#!/usr/bin/env bash
# hybrid_bench.sh INTRAVISOR RVRUN GUESTDIR NATIVEDIR KERNEL... - hybrid cVMs side by side:
#   1. each bench kernel under rvrun and as a hybrid cVM (`intravisor run`): best of 3 wall
#      times and the ratio (target: within 5 %: DDC/PCC relocation costs nothing measurable);
#   2. the null system call (getppid) round trip: native Linux, hybrid cVM -> monitor -> back,
#      and through the handler cVM first (examples/two-pure), ns per call;
#   3. bulk I/O: 1 MiB writes to /dev/null and a 64 MiB file read in a mount, MB/s.
set -u
IV=$1 RV=$2 G=$(realpath "$3") N=$4
shift 4
ROOT=$(cd "$(dirname "$0")/.." && pwd)
best() {   # best CMD...: the smallest wall time of 3 runs, seconds
	local b=999999 t TIMEFORMAT=%R
	for _ in 1 2 3; do
		t=$( { time "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
		b=$(echo "$t $b" | awk '{print ($1 < $2) ? $1 : $2}')
	done
	echo "$b"
}
printf '%-10s %10s %12s %8s\n' kernel "rvrun s" "hybrid s" ratio
for k in "$@"; do
	r=$(best "$RV" "$G/bench/$k.elf")
	h=$(best "$IV" run "$G/bench/$k.elf")
	printf '%-10s %10s %12s %8s\n' "$k" "$r" "$h" "$(awk -v a="$r" -v b="$h" 'BEGIN { if (a > 0) printf "%.3f", b / a; else print "-" }')"
done
CALLS=200000
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
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
- name: getppid
  runtime: $G/bench/getppid_bench
  args: getppid_bench 20000
  isolation:
  - base: 0x440000000
    size: 0x40000000
    begin: 0x440000000
    end: 0x480000000
  callback_out: $ROOT/examples/two-pure/libfirst.so
  wait: -1
Y
nat=$("$N/getppid_bench" $CALLS)
mon=$("$IV" run "$G/bench/getppid_bench" $CALLS)
hdl=$("$IV" -q -y "$TMP/h.yaml" 2>"$TMP/herr" | tail -1 | sed 's/^hello first(syscall-handler) *//')
[ -n "$hdl" ] || { hdl=failed; head -3 "$TMP/herr" >&2; }
printf "\nnull system call (getppid), ns per round trip (%d calls; 20000 through the handler)\n" "$CALLS"
printf '%-14s %-22s %-22s\n' "native Linux" "hybrid cVM -> monitor" "through handler cVM"
printf '%-14s %-22s %-22s\n' "$nat" "$mon" "$hdl"
# 3. bulk I/O (bench/io_bench.c, MB/s measured inside the cVM, best of 3; target >= 1000):
#    64 writes of 1 MiB to stdout = /dev/null, and reading a 64 MiB file in a mount
IO=$G/bench/io_bench
if [ -x "$IO" ]; then
	mkdir -p "$TMP/data" && head -c $((64 << 20)) /dev/zero >"$TMP/data/big"
	bestmb() { local b=0 t; for _ in 1 2 3; do t=$("$@" 2>&1 >/dev/null | awk '{print $3}'); b=$(awk -v a="${t:-0}" -v b=$b 'BEGIN { print (a > b) ? a : b }'); done; echo "$b"; }
	w=$(bestmb "$IV" run "$IO" write 64)
	r=$(bestmb "$IV" run --mount "$TMP/data:/data" "$IO" read /data/big)
	printf "\nbulk I/O of a hybrid cVM, MB/s (target >= 1000)\n"
	printf '%-26s %-26s\n' "write 1 MiB x 64 /dev/null" "read 64 MiB in a mount"
	printf '%-26s %-26s\n' "$w" "$r"
fi
