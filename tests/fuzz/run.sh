#!/usr/bin/env bash
# run.sh FZ SECONDS HARNESS... : run each libFuzzer harness FZ/fuzz_<h> for SECONDS, one after
# the other, from its seed corpus, and print per harness: executions, exec/s, coverage (libFuzzer
# "cov:" = covered edges, "ft:" = features) after the seeds and at the end, corpus size, crashes.
# New inputs are kept in FZ/corpus/<h>/ (so a second run starts where the first ended), crash
# inputs land in FZ/artifacts/<h>/. Last line: "N passed, N failed" (a harness fails when it
# found a crash, leak or timeout). Full logs: FZ/logs/<h>.log.
set -u
fz=$1 secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0 t0=$(date +%s)
for h in "$@"; do
	bin=$fz/fuzz_$h
	mkdir -p "$fz/corpus/$h" "$fz/artifacts/$h" "$fz/logs"
	dirs=("$fz/corpus/$h")
	for d in "$here/corpus/$h" "$here/regress/$h" "$fz/seeds/$h"; do
		[ -d "$d" ] && [ -n "$(ls -A "$d")" ] && dirs+=("$d")
	done
	opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
	      -artifact_prefix="$fz/artifacts/$h/")
	[ -f "$here/$h.dict" ] && opts+=(-dict="$here/$h.dict")
	log=$fz/logs/$h.log
	start=$(date +%s)
	"$bin" "${opts[@]}" "${dirs[@]}" >"$log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	inited=$(grep -m1 -E '#[0-9]+[[:space:]]+INITED' "$log")
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov0=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$inited")
	ft0=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$inited")
	cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
	ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
	corp=$(sed -nE 's/.*corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$last")
	runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")
	eps=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log")
	crashes=$(ls -A "$fz/artifacts/$h" | wc -l)
	printf '%-7s %4ss  runs %-9s %6s exec/s  cov %s -> %s  ft %s -> %s  corpus %s  artifacts %s  exit %s\n' \
		"$h" "$took" "${runs:-?}" "${eps:-?}" "${cov0:-?}" "${cov:-?}" "${ft0:-?}" "${ft:-?}" "${corp:-?}" \
		"$crashes" "$rc"
	if [ "$rc" -ne 0 ]; then
		fail=$((fail + 1))
		grep -m1 -E 'ERROR: |runtime error|invariant broken|CHECK failed' "$log"
		grep -m1 -E 'Test unit written to' "$log"
	else
		pass=$((pass + 1))
	fi
done
echo "fuzz: $(( $(date +%s) - t0 )) s in all"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
