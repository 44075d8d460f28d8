#!/usr/bin/env bash
# run.sh INTRAVISOR - the sharing examples (issue 13), exact output:
#   capfile      examples/capfile: -q output = examples/capfile/expected, with the translator
#                and with --no-jit; the full log has upstream's CF_ADV / MON: CF[i] lines for
#                the YAML capfile and for the cVM's advertisement, exactly
#   small slots  cVM slots inside upstream's capfile area [0x10000000, 0x40000000): the area
#                moves above the highest slot (0x40000000 here), the example's output is exact
#   stream       examples/stream (when built): -q output = examples/stream/expected
#   capstream    examples/capstream: a hybrid C program reads a pure-cap producer's stream as
#                /dev/capstream/raw: -q output exact (translator, --no-jit), --strace lines exact;
#                a hybrid producer (writer.c, O_WRONLY) for a pure-cap consumer and for a hybrid
#                one (pipe.yaml): -q output exact (translator, --no-jit), --strace lines exact
#   cpcall       examples/cpcall: -q output = examples/cpcall/expected (translator, --no-jit)
#   threads      examples/threads: -q output = examples/threads/expected (translator, --no-jit)
#   bigstream    tests/sharing/bigstream.S (GUEST/sharing): 1,000,003 bytes in writes and reads of
#                1 .. 70,001 bytes at mixed alignments through a 32 KiB ring, every byte checked
#                (translator, --no-jit); a consumer whose buffer is shorter than its max faults
#                with a length violation in stream_copy's loop (the monitor copy refused the run);
#                a consumer deployed after its producer closed the stream and ended reads it all
# Ends with "N passed, N failed".
set -u
IV=$(realpath "$1")
G=$(realpath "${2:-$(dirname "$0")/../../build/guest}")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# exact NAME YAML EXPECTED [FLAGS...]: the -q output of the run equals the file, exit 0
exact() {
	local name=$1 yaml=$2 want=$3
	shift 3
	local out rc
	out=$(timeout 60 "$IV" -q "$@" -y "$yaml" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ]; then
		bad "$name $*: exit $rc: $(printf '%s' "$out" | tail -n 3)"
	elif [ "$out" != "$(cat "$want")" ]; then
		bad "$name $*: output differs:"$'\n'"$(diff <(printf '%s\n' "$out") "$want")"
	else
		ok
	fi
}

EX=$ROOT/examples
exact capfile "$EX/capfile/capfile.yaml" "$EX/capfile/expected"
exact capfile "$EX/capfile/capfile.yaml" "$EX/capfile/expected" --no-jit

# the log lines of the advertisements, as upstream prints them (CF_DEBUG)
log=$(timeout 60 "$IV" -y "$EX/capfile/capfile.yaml" 2>&1 | grep -E '^(CF_ADV|MON: CF)')
want='CF_ADV: 0x10000000, 256, motd
MON: CF[0] 0x10000000 motd 256
CF_ADV: 0x400002100, 64, board
MON: CF[1] 0x400002100 board 64'
if [ "$log" = "$want" ]; then ok; else bad "capfile log: got"$'\n'"$log"; fi
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# a capfile with upstream's addr: a warning at its line, the monitor places it, all works
sed -e 's|  data: "hello from the monitor\\n"|&\n  addr: 0x2000|' -e "s|runtime: lib|runtime: $EX/capfile/lib|" \
    "$EX/capfile/capfile.yaml" > "$T/addr.yaml"
out=$(timeout 60 "$IV" -q -y "$T/addr.yaml" 2>"$T/addr.err"); rc=$?
if [ $rc -eq 0 ] && [ "$out" = "$(cat "$EX/capfile/expected")" ]; then ok; else bad "capfile addr: exit $rc: $out"; fi
want="intravisor: warning: $T/addr.yaml:28:9: capfile 'motd': capfiles with pre-defined addresses are not supported: addr is ignored, the monitor places it (as upstream)"
if [ "$(cat "$T/addr.err")" = "$want" ]; then ok; else bad "capfile addr warning: $(cat "$T/addr.err")"; fi

# callback_in naming no cVM (a warning, no inner link) and naming the reader (its log line)
sed -e "s|runtime: lib|runtime: $EX/capfile/lib|" -e "s|^  wait: -1$|&\n  callback_in: libnone.so|" \
    "$EX/capfile/capfile.yaml" > "$T/cbin.yaml"
out=$(timeout 60 "$IV" -y "$T/cbin.yaml" 2>"$T/cbin.err"); rc=$?
if [ $rc -eq 0 ] && ! grep -q "is inner for" <<<"$out" && [ "$(grep -c "callback_in 'libnone.so' names no cVM's runtime: no inner link (as upstream)" "$T/cbin.err")" = 1 ]; then ok; else bad "callback_in unknown: exit $rc: $(cat "$T/cbin.err")"; fi
sed -i "s|callback_in: libnone.so|callback_in: $EX/capfile/libreader.so|" "$T/cbin.yaml"
out=$(timeout 60 "$IV" -y "$T/cbin.yaml" 2>"$T/cbin.err"); rc=$?
if [ $rc -eq 0 ] && [ "$(grep "is inner for" <<<"$out")" = "$EX/capfile/libreader.so[17] is inner for $EX/capfile/libreader.so[17]" ]; then ok; else bad "callback_in reader: exit $rc: $(grep inner <<<"$out")"; fi

# cVM slots inside upstream's capfile area: the area moves above the highest slot, all works
sed -e 's/0x400000000/0x11000000/; s/0x440000000/0x12000000/; s/0x480000000/0x13000000/' \
    -e 's/size: 0x40000000/size: 0x1000000/' -e "s|runtime: lib|runtime: $EX/capfile/lib|" \
    "$EX/capfile/capfile.yaml" > "$T/small.yaml"
out=$(timeout 60 "$IV" -q -y "$T/small.yaml" 2>&1); rc=$?
if [ $rc -eq 0 ] && [ "$out" = "$(cat "$EX/capfile/expected")" ]; then ok; else bad "small slots: exit $rc: $out"; fi
log=$(timeout 60 "$IV" -y "$T/small.yaml" 2>&1 | grep -E '^(CF_ADV|MON: CF)')
want='CF_ADV: 0x40000000, 256, motd
MON: CF[0] 0x40000000 motd 256
CF_ADV: 0x11002100, 64, board
MON: CF[1] 0x11002100 board 64'
if [ "$log" = "$want" ]; then ok; else bad "small slots log: got"$'\n'"$log"; fi

if [ -f "$EX/stream/stream.yaml" ]; then
	exact stream "$EX/stream/stream.yaml" "$EX/stream/expected"
	exact stream "$EX/stream/stream.yaml" "$EX/stream/expected" --no-jit
	exact pipeline "$EX/stream/pipeline.yaml" "$EX/stream/pipeline.expected"
	# the producer listed first with wait: -1: it fills the ring and waits for a consumer the
	# monitor holds back. One line says so after 2 s (file:line:col of its wait), then it goes
	# on waiting until --timeout stops it (exit 124); nothing else on stderr but the stop report
	sed -e "s|runtime: lib|runtime: $EX/stream/lib|" -e '0,/^  wait: 0$/s//  wait: -1/' \
	    "$EX/stream/stream.yaml" > "$T/held.yaml"
	out=$(timeout 60 "$IV" -q --timeout 3 -y "$T/held.yaml" 2>"$T/held.err"); rc=$?
	want="intravisor: $T/held.yaml:11:9: cVM 'producer' has waited 2 s on stream 'raw', which no other cVM has used; with 'wait: -1' the cVMs after it ('consumer' first) start only when it ends: if its peer is one of them, give 'producer' 'wait: 0' or list the peer first (still waiting: Ctrl-C or --timeout stops it)"
	if [ $rc -eq 124 ] && [ -z "$out" ] && [ "$(grep -c . "$T/held.err")" -ge 3 ] &&
	   [ "$(head -n 1 "$T/held.err")" = "$want" ] && [ "$(grep -c "has waited" "$T/held.err")" = 1 ] &&
	   [ "$(tail -n 1 "$T/held.err")" = "intravisor: exit status 124 (--timeout expired: every cVM thread was stopped): cVM 'producer' (id 16) thread 0: --timeout 3 s expired" ]
	then ok; else bad "producer held before its consumer: exit $rc, stdout '$out', stderr: $(head -n 2 "$T/held.err")"; fi
	# the same order with the producer's wait: 0 (the fix the line names): the example's output
	sed -e '0,/^  wait: -1$/s//  wait: 0/' "$T/held.yaml" > "$T/held0.yaml"
	exact "producer first, wait: 0" "$T/held0.yaml" "$EX/stream/expected"
fi

# bigstream: the SDK's stream helpers over many sizes and alignments, every byte checked
cp "$G"/sharing/libbig*.so "$T"/
big_yaml() {  # big_yaml CONSUMER_LIB
	printf 'cVMs:\n'
	printf -- '- name: %s\n  runtime: %s\n  isolation:\n  - base: %s\n    size: 0x40000000\n    begin: %s\n    end: %s\n  callback_out: monitor\n  wait: %s\n' \
		producer libbigw.so 0x400000000 0x400000000 0x440000000 0 consumer "$1" 0x440000000 0x440000000 0x480000000 -1
}
big_yaml libbigr.so > "$T/big.yaml"
echo "bigstream: 1000003 bytes, every one in order" > "$T/big.expected"
exact bigstream "$T/big.yaml" "$T/big.expected"
exact bigstream "$T/big.yaml" "$T/big.expected" --no-jit
# bigger rings: half a ring (32 KiB, 64 KiB) before each publish
for r in 65536 131072; do
	big_yaml libbigr$r.so | sed -e "s/libbigw.so/libbigw$r.so/" > "$T/big$r.yaml"
	exact "bigstream-ring-$r" "$T/big$r.yaml" "$T/big.expected"
done
# a closed stream outlives its producer: the consumer is deployed after the producer ended
big_yaml libbiglater.so | sed -e 's/libbigw.so/libbiglatew.so/' -e 's/wait: 0$/wait: -1/' > "$T/late.yaml"
echo "bigstream: 20000 bytes, every one in order" > "$T/late.expected"
exact bigstream-late "$T/late.yaml" "$T/late.expected"
big_yaml libbigshort.so > "$T/short.yaml"
out=$(timeout 60 "$IV" -q -y "$T/short.yaml" 2>"$T/short.err"); rc=$?
if [ $rc -eq 2 ] && [ "$out" = "bigstream: BAD" ] && grep -q '^  pc 0x[0-9a-f]*: [0-9a-f]*  csb t1, 0(ca3)$' "$T/short.err" &&
	[ "$(tail -n 1 "$T/short.err" | sed 's/ at 0x[0-9a-f]*$//')" = "intravisor: exit status 2 (a cVM thread trapped; the others ran to their end): cVM 'consumer' (id 17) thread 0: Length violation on ca3" ]
then ok; else bad "bigstream short buffer: exit $rc, stdout '$out', stderr: $(head -n 3 "$T/short.err"; tail -n 1 "$T/short.err")"; fi

# /dev/capstream: a hybrid C consumer of a pure-cap producer's stream (examples/capstream)
exact capstream "$EX/capstream/capstream.yaml" "$EX/capstream/expected"
exact capstream "$EX/capstream/capstream.yaml" "$EX/capstream/expected" --no-jit
# --strace shows the open, the reads on the stream descriptor (how the 361 bytes split depends
# on timing: their sum is exact, the last is the end) and the close
st=$(timeout 60 "$IV" -q --strace -y "$EX/capstream/capstream.yaml" 2>&1 >/dev/null |
	grep -E '^(openat|read|close)\(' | grep -v '/proc/')
sum=0   # shell arithmetic: the fresh root has no bc
for n in $(printf '%s\n' "$st" | sed -nE 's/^read\(3, 0x[0-9a-f]+, 100\) = ([0-9]+)$/\1/p'); do sum=$((sum + n)); done
head=$(printf '%s\n' "$st" | head -n 1) tail=$(printf '%s\n' "$st" | tail -n 2)
if [ "$head" = 'openat(AT_FDCWD, "/dev/capstream/raw", O_RDONLY) = 3' ] && [ "$sum" = 361 ] &&
   [ "$tail" = $'read(3, 0x3dfffc58, 100) = 0\nclose(3) = 0' ]; then ok
else bad "capstream --strace: got"$'\n'"$st"; fi

# /dev/capstream written: a hybrid producer for a pure-cap consumer, and hybrid -> hybrid
exact capstream-writer "$EX/capstream/writer.yaml" "$EX/capstream/writer.expected"
exact capstream-writer "$EX/capstream/writer.yaml" "$EX/capstream/writer.expected" --no-jit
exact capstream-pipe "$EX/capstream/pipe.yaml" "$EX/capstream/pipe.expected"
exact capstream-pipe "$EX/capstream/pipe.yaml" "$EX/capstream/pipe.expected" --no-jit
# --strace decodes the producer's calls as for any file: the open, one write per line, the close
st=$(timeout 60 "$IV" -q --strace -y "$EX/capstream/writer.yaml" 2>&1 >/dev/null |
	grep -E '^(openat|write|close)\(' | grep -v '/proc/')
want='openat(AT_FDCWD, "/dev/capstream/raw", O_WRONLY) = 3
write(3, "one: a hybrid cVM opened /dev/ca"..., 56) = 56
write(3, "two: the monitor made the ring, "..., 55) = 55
write(3, "three: each write(2) copies the "..., 60) = 60
write(3, "four: the consumer moves the tai"..., 54) = 54
write(3, "five: close marks the stream clo"..., 60) = 60
write(3, "writer: 285 bytes before this li"..., 35) = 35
close(3) = 0'
if [ "$st" = "$want" ]; then ok; else bad "capstream-writer --strace: got"$'\n'"$st"; fi

exact cpcall "$EX/cpcall/cpcall.yaml" "$EX/cpcall/expected"
exact cpcall "$EX/cpcall/cpcall.yaml" "$EX/cpcall/expected" --no-jit
exact threads "$EX/threads/threads.yaml" "$EX/threads/expected"
exact threads "$EX/threads/threads.yaml" "$EX/threads/expected" --no-jit

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
