#!/usr/bin/env bash
# replay.sh BIN SEEDS HARNESS... : run every regression input (tests/fuzz/regress/<h>/),
# committed corpus input (tests/fuzz/corpus/<h>/) and built seed (SEEDS/<h>/) through
# BIN/fuzz_<h>, one process per file. BIN holds either the libFuzzer harnesses (build/fuzz: they
# run the files given as arguments once each, no fuzzing) or the plain ones of make test
# ($(O)/fuzz-replay, tests/fuzz/replay_main.c), which take the same arguments.
# A file passes when the harness exits 0 (no sanitizer report, leak or broken invariant).
# Last line: "N passed, N failed".
set -u
fz=$1 seeds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
for h in "$@"; do
	bin=$fz/fuzz_$h
	if [ ! -x "$bin" ]; then
		echo "FAIL $h: $bin not built (make fuzz-replay-build)"
		fail=$((fail + 1))
		continue
	fi
	n=0
	for f in "$here/regress/$h"/* "$here/corpus/$h"/* "$seeds/$h"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if out=$("$bin" -runs=1 -timeout=30 "$f" 2>&1); then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $h: ${f#"$here"/}"
			printf '%s\n' "$out" | grep -E 'ERROR: |runtime error|invariant broken|CHECK failed|#[0-9]+ 0x' | head -n 8
		fi
	done
	echo "$h: $n inputs"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
