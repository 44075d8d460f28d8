#!/usr/bin/env bash
# hostcall_bench.sh [INTRAVISOR [GUEST_DIR [RUNS]]] - null hostcall round trips, ns per call.
# Defaults: build/intravisor and build/guest of this tree, 3 runs; with no INTRAVISOR given,
# `make` first brings the monitor and the benchmark cVMs up to date.
#   direct: bench cVM -> monitor -> bench cVM (callback_out: monitor)
#   nested: bench cVM -> first (syscall_handler, forwards) -> monitor -> first -> bench cVM
#   cpcall: bench cVM -> (switcher) -> callee's registered null function -> bench cVM (CP_Call
#           403 by id, bench/cpcall_bench.S); target: no slower than nested
# Each is timed with 10^6 calls and with 0 calls (same deployment otherwise); the difference
# divided by 10^6 is the cost of one call. CPU time (user + sys), best of RUNS (default 3).
# With BASE=another/intravisor the same runs are made with it too (a before/after column).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
	make -s -C "$ROOT" build/intravisor build/guest/two-pure/libfirst.so build/guest/bench/libhcbench.so \
		build/guest/bench/libhcbench0.so build/guest/bench/libcpcallee.so build/guest/bench/libcpbench.so \
		build/guest/bench/libcpbench0.so
fi
IV=$(realpath "${1:-$ROOT/build/intravisor}"); G=$(realpath "${2:-$ROOT/build/guest}"); RUNS=${3:-3}
N=1000000
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
cp "$G/two-pure/libfirst.so" "$G/bench/libhcbench.so" "$G/bench/libhcbench0.so" "$TMP/"
cp "$G/bench/libcpcallee.so" "$G/bench/libcpbench.so" "$G/bench/libcpbench0.so" "$TMP/"
cvm() {
	printf -- '- name: %s\n  runtime: %s\n  isolation:\n  - base: %s\n    size: 0x40000000\n    begin: %s\n    end: %s\n  callback_out: %s\n  wait: %s\n' "$@" "${WAIT:--1}"
}
for n in "" 0; do
	{ echo "cVMs:"; cvm bench libhcbench$n.so 0x400000000 0x400000000 0x440000000 monitor; } > "$TMP/direct$n.yaml"
	{ echo "cVMs:"; cvm first libfirst.so 0x400000000 0x400000000 0x440000000 monitor
	  cvm bench libhcbench$n.so 0x440000000 0x440000000 0x480000000 libfirst.so; } > "$TMP/nested$n.yaml"
	{ echo "cVMs:"; WAIT=0 cvm callee libcpcallee.so 0x400000000 0x400000000 0x440000000 monitor
	  cvm bench libcpbench$n.so 0x440000000 0x440000000 0x480000000 monitor; } > "$TMP/cpcall$n.yaml"
done
best() {  # best CPU time (user + sys, ns) of RUNS runs of: intravisor -q -y $1
	# CPU time, not wall time: the machine is shared, and the monitor is one busy thread
	local b=0 d i t
	for ((i = 0; i < RUNS; i++)); do
		t=$( { TIMEFORMAT='%3U %3S'; time "${IV}" -q -y "$1" > /dev/null; } 2>&1 )
		d=$(awk -v u="${t% *}" -v s="${t#* }" 'BEGIN { printf "%.0f", (u + s) * 1e9 }')
		if [ $b -eq 0 ] || [ $d -lt $b ]; then b=$d; fi
	done
	echo $b
}
# BASE=path/to/intravisor: a baseline monitor (e.g. main's) timed in the same run, runs
# alternating with this one; its ns/call is printed in a "base" column next to ours
BASE=${BASE:+$(realpath "$BASE")}
printf '%-8s %14s %14s %12s %10s%s\n' path "t(1e6) ns" "t(0) ns" "ns/call" target "${BASE:+     base ns/call}"
for p in direct nested cpcall; do
	tn=$(best "$TMP/$p.yaml"); t0=$(best "$TMP/${p}0.yaml")
	bn=0 b0=0
	if [ -n "$BASE" ]; then
		bn=$(IV=$BASE best "$TMP/$p.yaml"); b0=$(IV=$BASE best "$TMP/${p}0.yaml")
	fi
	target=60; [ $p = nested ] && target=150; [ $p = cpcall ] && target=nested
	awk -v p=$p -v a=$tn -v b=$t0 -v n=$N -v t=$target -v base="$BASE" -v ba=$bn -v bb=$b0 'BEGIN {
		printf "%-8s %14.0f %14.0f %12.1f %10s", p, a, b, (a - b) / n, "<= " t
		if (base != "") printf " %16.1f", (ba - bb) / n
		printf "\n" }'
done
