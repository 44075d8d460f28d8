#!/usr/bin/env bash
# stream_bench.sh [INTRAVISOR [GUEST_DIR [RUNS]]] - CP_Stream throughput between two cVMs
# (bench/stream_bench.S; each row's ring, bench/stream_bench.mk STB_RING_*: 32 KiB, 128 KiB
# for 64 KiB messages; and a 4 KiB ring in the "4K-ring" column) for 64 B, 4 KiB and 64 KiB
# messages, beside two riscv64 processes under qemu-riscv64 passing the same messages over a
# pipe (Linux's 64 KiB buffer, or the ring's size where that is more: F_SETPIPE_SZ). MB/s of
# the transfer alone: each side's wall time for TOTAL bytes (bench/stream_bench.mk: 32 MiB of
# 64 B messages, 256 MiB of the others) less its time for one message (process start, deploy,
# exit: the "start ms" columns), best of RUNS (default 5) each, the runs of both sides
# interleaved (round by round). ratio = cVMs / qemu. "native" is the machine's own ceiling
# (bench/stream_native.c: two host threads, the same ring protocol, ring and chunks, memcpy at
# both ends, no emulation); "of native" = cVMs / native. With BASELINE_G=DIR (a guest folder
# holding bench/libstb_*.so built from an older sdk/crt/stream.S, e.g. make stream-bench
# STB_OUT=DIR/bench SDK_STREAM=old/stream.S) the same runs with those cVMs come first, in a
# "before" column, under BASELINE_IV (default: the same intravisor; give the older monitor
# when the ring's header layout, sdk/include/cvm_abi.h STREAM_*, changed: it writes STREAM_ID).
set -eu
export LC_ALL=C   # EPOCHREALTIME with a decimal point
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 0 ] && make -s -C "$ROOT" stream-bench
IV=$(realpath "${1:-$ROOT/build/intravisor}"); G=$(realpath "${2:-$ROOT/build/guest}"); RUNS=${3:-5}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
total() { sed -n "s/^STB_TOTAL_$1 := //p" "$ROOT/bench/stream_bench.mk"; }
ring() { sed -n "s/^STB_RING_$1 := //p" "$ROOT/bench/stream_bench.mk"; }
cvm() {
	printf -- '- name: %s\n  runtime: %s\n  isolation:\n  - base: %s\n    size: 0x40000000\n    begin: %s\n    end: %s\n  callback_out: monitor\n  wait: %s\n' "$@"
}
declare -A BEST
timed() {  # timed KEY CMD...: one run of CMD, its wall seconds kept in BEST[KEY] if the best
	# so far (EPOCHREALTIME: `time` gives milliseconds, 3 % of a 30 ms run)
	local key=$1 t t0 t1; shift
	t0=$EPOCHREALTIME
	"$@" > /dev/null
	t1=$EPOCHREALTIME
	t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
	if [ -z "${BEST[$key]:-}" ] || awk -v a="$t" -v b="${BEST[$key]}" 'BEGIN { exit !(a < b) }'; then BEST[$key]=$t; fi
}
NATIVE=$(realpath "$(dirname "$IV")/bench/stream_native")
pipe() {  # pipe MSG TOTAL RING: the pipe's buffer as big as the ring where that is more than 64 KiB
	qemu-riscv64 "$G/bench/stream_pipe" w "$1" "$2" $([ "$3" -gt 65536 ] && echo "$3") |
		qemu-riscv64 "$G/bench/stream_pipe" r "$1" "$2"
}
config() {  # config DIR KIND: DIR/sKIND.yaml runs libstb_{w,r}KIND.so from DIR
	cp "$3/bench/libstb_w$2.so" "$3/bench/libstb_r$2.so" "$1/"
	{ echo "cVMs:"; cvm w libstb_w$2.so 0x400000000 0x400000000 0x440000000 0
	  cvm r libstb_r$2.so 0x440000000 0x440000000 0x480000000 -1; } > "$1/s$2.yaml"
}
BG=${BASELINE_G:+$(realpath "$BASELINE_G")}
BIV=$(realpath "${BASELINE_IV:-$IV}")
printf '%-8s %10s' msg MiB
[ -n "$BG" ] && printf ' %12s' "before MB/s"
printf ' %12s %12s' "cVMs MB/s" "qemu MB/s"
[ -n "$BG" ] && printf ' %8s' before
printf ' %8s %8s %14s %14s %14s %12s %9s\n' ratio target "4K-ring MB/s" "start ms cVMs" "start ms qemu" "native MB/s" "of native"
for m in 64 4096 65536; do
	n=$(total $m); rg=$(ring $m)
	for k in $m ${m}_4k ${m}_1; do
		config "$TMP" $k "$G"
		"$IV" -q -y "$TMP/s$k.yaml" || { echo "stream run failed ($k)"; exit 1; }
	done
	rate() { awk -v n=$n -v m=$m -v a="$1" -v b="$2" 'BEGIN {
		if (a <= b) { print "stream_bench: " m "-byte messages: a run of " n " bytes (" a " s) took no longer than one of a message (" b " s)" > "/dev/stderr"; exit 1 }
		printf "%.1f", (n - m) / (a - b) / 1e6 }'; }
	tb=
	[ -n "$BG" ] && { mkdir -p "$TMP/b"; config "$TMP/b" $m "$BG"; config "$TMP/b" ${m}_1 "$BG"; }
	# RUNS rounds, each running every command once: the machine's slow and fast phases (this
	# one's qemu column moves by 1.8x between minutes) fall on both sides alike
	BEST=()
	for ((i = 0; i < RUNS; i++)); do
		if [ -n "$BG" ]; then
			timed b "$BIV" -q -y "$TMP/b/s$m.yaml"
			timed b1 "$BIV" -q -y "$TMP/b/s${m}_1.yaml"
		fi
		timed c1 "$IV" -q -y "$TMP/s${m}_1.yaml"
		timed c "$IV" -q -y "$TMP/s$m.yaml"
		timed c4 "$IV" -q -y "$TMP/s${m}_4k.yaml"
		timed q1 pipe $m $m $rg
		timed q pipe $m $n $rg
		timed n1 "$NATIVE" $m $m $rg
		timed n "$NATIVE" $m $n $rg
	done
	[ -n "$BG" ] && tb=$(rate "${BEST[b]}" "${BEST[b1]}")
	t1=${BEST[c1]}
	tc=$(rate "${BEST[c]}" "$t1")
	t4=$(rate "${BEST[c4]}" "$t1")
	tq1=${BEST[q1]}
	tq=$(rate "${BEST[q]}" "$tq1")
	tn=$(rate "${BEST[n]}" "${BEST[n1]}")
	awk -v m=$m -v n=$n -v b="$tb" -v c="$tc" -v q="$tq" -v f="$t4" -v s="$t1" -v sq="$tq1" -v nat="$tn" 'BEGIN {
		printf "%-8s %10d", m, n / 1048576
		if (b != "") printf " %12.1f", b
		printf " %12.1f %12.1f", c, q
		if (b != "") printf " %8.2f", b / q
		printf " %8.2f %8s %14.1f %14.1f %14.1f %12.1f %9.2f\n", c / q, ">= 3", f, s * 1000, sq * 1000, nat, c / nat }'
done
