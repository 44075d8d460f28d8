#!/usr/bin/env bash
# stream_bench.sh [INTRAVISOR [GUEST_DIR [RUNS]]] - CP_Stream throughput between two cVMs
# (bench/stream_bench.S, 4 KiB ring, 4 MiB per run) for 64 B, 4 KiB and 64 KiB messages,
# beside two riscv64 processes under qemu-riscv64 passing the same messages over a pipe.
# Wall time of the whole run (both sides run at once), best of RUNS (default 3); MB/s.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 0 ] && make -s -C "$ROOT" stream-bench
IV=$(realpath "${1:-$ROOT/build/intravisor}"); G=$(realpath "${2:-$ROOT/build/guest}"); RUNS=${3:-3}
TOTAL=4194304
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
printf '%-8s %12s %12s %8s %8s\n' msg "cVMs MB/s" "qemu MB/s" ratio target
for m in 64 4096 65536; do
	cp "$G/bench/libstb_w$m.so" "$G/bench/libstb_r$m.so" "$TMP/"
	{ echo "cVMs:"; cvm w libstb_w$m.so 0x400000000 0x400000000 0x440000000 0
	  cvm r libstb_r$m.so 0x440000000 0x440000000 0x480000000 -1; } > "$TMP/s$m.yaml"
	"$IV" -q -y "$TMP/s$m.yaml" || { echo "stream run failed ($m)"; exit 1; }
	tc=$(best "$IV" -q -y "$TMP/s$m.yaml")
	tq=$(best pipe $m)
	awk -v m=$m -v a="$tc" -v b="$tq" -v n=$TOTAL 'BEGIN { x = n / a / 1e6; y = n / b / 1e6;
		printf "%-8s %12.1f %12.1f %8.2f %8s\n", m, x, y, x / y, ">= 3" }'
done
