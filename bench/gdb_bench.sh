#!/usr/bin/env bash
# gdb_bench.sh BASE_INTRAVISOR INTRAVISOR GUESTDIR KERNEL... - what the GDB stub costs when no
# debugger is attached (the target: nothing measurable): each bench kernel as a hybrid cVM
# (`intravisor run`) and the two-pure example, under a build without the stub (BASE, e.g. main)
# and this one, best of 7 wall times (runs alternate) side by side, and the ratio.
#   bench/gdb_bench.sh ../wt-base/build/intravisor build/intravisor build/guest crc32 sieve
set -u
BASE=$1 IV=$2 G=$(realpath "$3")
shift 3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
wall() {   # wall CMD...: seconds
	local t TIMEFORMAT=%R
	t=$( { time "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
	echo "$t"
}
row() {   # name, then the command after the binary: base and this run alternately, best of 7
	local name=$1
	shift
	local a=999999 b=999999 t
	for _ in 1 2 3 4 5 6 7; do
		t=$(wall "$BASE" "$@")
		a=$(echo "$t $a" | awk '{print ($1 < $2) ? $1 : $2}')
		t=$(wall "$IV" "$@")
		b=$(echo "$t $b" | awk '{print ($1 < $2) ? $1 : $2}')
	done
	printf '%-12s %10s %12s %8s\n' "$name" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.3f", b / a; else print "-" }')"
}
printf '%-12s %10s %12s %8s\n' kernel "base s" "this s" ratio
for k in "$@"; do
	row "$k" run "$G/bench/$k.elf"
done
row two-pure -q -y "$ROOT/examples/two-pure/two-pure.yaml"
