#!/usr/bin/env bash
# stream_bench.sh [INTRAVISOR [GUEST_DIR [RUNS]]] - CP_Stream throughput between two cVMs
# (bench/stream_bench.S, a 32 KiB ring, and a 4 KiB one in the last column; 32 MiB per run)
# for 64 B, 4 KiB and 64 KiB messages, beside two riscv64 processes under qemu-riscv64 passing
# the same messages over a pipe (64 KiB buffer). Wall time of the whole run (process start,
# deploy and exit included, both sides at once), best of RUNS (default 3); MB/s. ratio =
# cVMs (32 KiB ring) / qemu. With BASELINE_G=DIR (a guest folder holding bench/libstb_*.so
# built from an older sdk/crt/stream.S, e.g. make stream-bench STB_OUT=DIR/bench
# SDK_STREAM=old/stream.S) the same runs with those cVMs come first, in a "before" column.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 0 ] && make -s -C "$ROOT" stream-bench
IV=$(realpath "${1:-$ROOT/build/intravisor}"); G=$(realpath "${2:-$ROOT/build/guest}"); RUNS=${3:-3}
TOTAL=33554432
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
cvm() {
	printf -- '- name: %s\n  runtime: %s\n  isolation:\n  - base: %s\n    size: 0x40000000\n    begin: %s\n    end: %s\n  callback_out: monitor\n  wait: %s\n' "$@"
}
best() {  # best wall seconds of RUNS runs of the command
	local b="" i t
	for ((i = 0; i < RUNS; i++)); do
		t=$( { TIMEFORMAT='%3R'; time "$@" > /dev/null; } 2>&1 )
		if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$t; fi
	done
	echo "$b"
}
pipe() { qemu-riscv64 "$G/bench/stream_pipe" w "$1" $TOTAL | qemu-riscv64 "$G/bench/stream_pipe" r "$1" $TOTAL; }
BG=${BASELINE_G:+$(realpath "$BASELINE_G")}
if [ -n "$BG" ]; then
	printf '%-8s %12s %12s %12s %8s %8s %8s %14s\n' msg "before MB/s" "cVMs MB/s" "qemu MB/s" before ratio target "4K-ring MB/s"
else
	printf '%-8s %12s %12s %8s %8s %14s\n' msg "cVMs MB/s" "qemu MB/s" ratio target "4K-ring MB/s"
fi
for m in 64 4096 65536; do
	for k in $m ${m}_4k; do
		cp "$G/bench/libstb_w$k.so" "$G/bench/libstb_r$k.so" "$TMP/"
		{ echo "cVMs:"; cvm w libstb_w$k.so 0x400000000 0x400000000 0x440000000 0
		  cvm r libstb_r$k.so 0x440000000 0x440000000 0x480000000 -1; } > "$TMP/s$k.yaml"
		"$IV" -q -y "$TMP/s$k.yaml" || { echo "stream run failed ($k)"; exit 1; }
	done
	tb=
	if [ -n "$BG" ]; then
		mkdir -p "$TMP/b"
		cp "$BG/bench/libstb_w$m.so" "$BG/bench/libstb_r$m.so" "$TMP/b/"
		cp "$TMP/s$m.yaml" "$TMP/b/"
		tb=$(best "$IV" -q -y "$TMP/b/s$m.yaml")
	fi
	tc=$(best "$IV" -q -y "$TMP/s$m.yaml")
	t4=$(best "$IV" -q -y "$TMP/s${m}_4k.yaml")
	tq=$(best pipe $m)
	if [ -n "$BG" ]; then
		awk -v m=$m -v a="$tc" -v b="$tq" -v c="$t4" -v d="$tb" -v n=$TOTAL 'BEGIN { x = n / a / 1e6;
			y = n / b / 1e6; z = n / d / 1e6
			printf "%-8s %12.1f %12.1f %12.1f %8.2f %8.2f %8s %14.1f\n", m, z, x, y, z / y, x / y, ">= 3", n / c / 1e6 }'
	else
		awk -v m=$m -v a="$tc" -v b="$tq" -v c="$t4" -v n=$TOTAL 'BEGIN { x = n / a / 1e6; y = n / b / 1e6;
			printf "%-8s %12.1f %12.1f %8.2f %8s %14.1f\n", m, x, y, x / y, ">= 3", n / c / 1e6 }'
	fi
done
