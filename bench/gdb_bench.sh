#!/usr/bin/env bash
# gdb_bench.sh BASE_INTRAVISOR INTRAVISOR GUESTDIR KERNEL... - what the GDB stub costs when no
# debugger is attached (the target: nothing measurable): each bench kernel as a hybrid cVM
# (`intravisor run`) and the two-pure example, under a build without the stub (BASE, e.g. main)
# and this one, best of 5 wall times side by side, and the ratio.
#   bench/gdb_bench.sh ../wt-base/build/intravisor build/intravisor build/guest crc32 sieve
set -u
BASE=$1 IV=$2 G=$(realpath "$3")
shift 3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
best() {   # best CMD...: the smallest wall time of 5 runs, seconds
	local b=999999 t TIMEFORMAT=%R
	for _ in 1 2 3 4 5; do
		t=$( { time "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
		b=$(echo "$t $b" | awk '{print ($1 < $2) ? $1 : $2}')
	done
	echo "$b"
}
row() {   # name, then the command after the binary
	local name=$1
	shift
	local a b
	a=$(best "$BASE" "$@")
	b=$(best "$IV" "$@")
	printf '%-12s %10s %12s %8s\n' "$name" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.3f", b / a; else print "-" }')"
}
printf '%-12s %10s %12s %8s\n' kernel "base s" "this s" ratio
for k in "$@"; do
	row "$k" run "$G/bench/$k.elf"
done
row two-pure -q -y "$ROOT/examples/two-pure/two-pure.yaml"
