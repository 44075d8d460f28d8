#!/usr/bin/env bash
# run-tests.sh NAME=COMMAND ... : run each suite, show its output, sum the "N passed, N failed"
# lines each suite ends with, and print the total as the last line. Exit 1 if anything failed
# or a suite exited non-zero or printed no summary.
set -u
total_p=0 total_f=0 bad=0
for suite in "$@"; do
	name=${suite%%=*}
	cmd=${suite#*=}
	echo "=== $name: $cmd"
	out=$(bash -c "$cmd" 2>&1)
	rc=$?
	printf '%s\n' "$out" | tail -n 40
	line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "=== $name: no summary line (exit $rc)"
		bad=1
		total_f=$((total_f + 1))
		continue
	fi
	p=$(printf '%s' "$line" | sed -E 's/.*\b([0-9]+) passed, ([0-9]+) failed.*/\1/')
	f=$(printf '%s' "$line" | sed -E 's/.*\b([0-9]+) passed, ([0-9]+) failed.*/\2/')
	total_p=$((total_p + p))
	total_f=$((total_f + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "=== $name: exit $rc"
		bad=1
		total_f=$((total_f + 1))
	fi
done
echo "total: $total_p passed, $total_f failed"
[ "$total_f" -eq 0 ] && [ "$bad" -eq 0 ]
