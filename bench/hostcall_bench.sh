#!/usr/bin/env bash
# hostcall_bench.sh INTRAVISOR GUEST_DIR [RUNS] - null hostcall round trips, ns per call.
#   direct: bench cVM -> monitor -> bench cVM (callback_out: monitor)
#   nested: bench cVM -> first (syscall_handler, forwards) -> monitor -> first -> bench cVM
# Each is timed with 10^6 calls and with 0 calls (same deployment otherwise); the difference
# divided by 10^6 is the cost of one call. Best of RUNS (default 3).
set -eu
IV=$(realpath "$1"); G=$(realpath "$2"); RUNS=${3:-3}
N=1000000
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
cp "$G/two-pure/libfirst.so" "$G/bench/libhcbench.so" "$G/bench/libhcbench0.so" "$TMP/"
cvm() {
	printf -- '- name: %s\n  runtime: %s\n  isolation:\n  - base: %s\n    size: 0x40000000\n    begin: %s\n    end: %s\n  callback_out: %s\n  wait: -1\n' "$@"
}
for n in "" 0; do
	{ echo "cVMs:"; cvm bench libhcbench$n.so 0x400000000 0x400000000 0x440000000 monitor; } > "$TMP/direct$n.yaml"
	{ echo "cVMs:"; cvm first libfirst.so 0x400000000 0x400000000 0x440000000 monitor
	  cvm bench libhcbench$n.so 0x440000000 0x440000000 0x480000000 libfirst.so; } > "$TMP/nested$n.yaml"
done
best() {  # best wall time in ns of RUNS runs of: intravisor -q -y $1
	local b=0 t0 t1 d i
	for ((i = 0; i < RUNS; i++)); do
		t0=$(date +%s%N); "$IV" -q -y "$1" > /dev/null; t1=$(date +%s%N)
		d=$((t1 - t0)); if [ $b -eq 0 ] || [ $d -lt $b ]; then b=$d; fi
	done
	echo $b
}
printf '%-8s %14s %14s %12s %10s\n' path "t(1e6) ns" "t(0) ns" "ns/call" target
for p in direct nested; do
	tn=$(best "$TMP/$p.yaml"); t0=$(best "$TMP/${p}0.yaml")
	target=20; [ $p = nested ] && target=60
	awk -v p=$p -v a=$tn -v b=$t0 -v n=$N -v t=$target 'BEGIN { printf "%-8s %14d %14d %12.1f %10s\n", p, a, b, (a - b) / n, "<= " t }'
done
