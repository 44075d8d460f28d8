#!/usr/bin/env bash
# gdb_bench.sh BASE_INTRAVISOR INTRAVISOR GUESTDIR KERNEL... - what the GDB stub costs when no
# debugger is attached (the target: nothing measurable): each bench kernel as a hybrid cVM
# (`intravisor run`) and the two-pure example, under a base build (BASE, e.g. main, or a build
# without the stub) and this one, best of 7 wall times (runs alternate) side by side, and the
# ratio; then this build with gdb-multiarch attached (`--gdb`, `intravisor run --gdb` for the
# kernels; `-batch -ex continue`: no breakpoint), whose time includes gdb's own start and
# attach (the two-pure row is mostly that).
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
ERR=$(mktemp)
trap 'rm -f "$ERR"' EXIT
# under_gdb ARGS...: this build with --gdb on a free port, gdb-multiarch attached: continue
under_gdb() {
	: > "$ERR"   # no stale port from the run before
	"$IV" "$@" > /dev/null 2>> "$ERR" &
	local pid=$! port=
	for _ in $(seq 200); do
		port=$(sed -n 's/.*waiting for gdb on port \([0-9]*\):.*/\1/p' "$ERR")
		[ -n "$port" ] && break
		sleep 0.01
	done
	gdb-multiarch -nx -batch -ex "target remote 127.0.0.1:$port" -ex continue > /dev/null 2>&1
	wait "$pid"
}
min() { echo "$1 $2" | awk '{print ($1 < $2) ? $1 : $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b != "-") printf "%.3f", b / a; else print "-" }'; }
row() {   # name, the arguments before the program's, the program's: base, this, attached; best of 7
	local name=$1 pre=$2
	shift 2
	local a=999999 b=999999 c=999999
	for _ in 1 2 3 4 5 6 7; do
		a=$(min "$(wall "$BASE" $pre "$@")" "$a")
		b=$(min "$(wall "$IV" $pre "$@")" "$b")
		if command -v gdb-multiarch > /dev/null; then
			c=$(min "$(wall under_gdb $pre --gdb 127.0.0.1:0 "$@")" "$c")
		fi
	done
	[ "$c" = 999999 ] && c=-
	printf '%-12s %10s %12s %8s %12s %8s\n' "$name" "$a" "$b" "$(ratio "$a" "$b")" "$c" "$(ratio "$a" "$c")"
}
printf '%-12s %10s %12s %8s %12s %8s\n' kernel "base s" "this s" ratio "attached s" ratio
for k in "$@"; do
	row "$k" run "$G/bench/$k.elf"
done
row two-pure "-q -y $ROOT/examples/two-pure/two-pure.yaml"
