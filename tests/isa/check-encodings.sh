#!/usr/bin/env bash
# check-encodings.sh OUTDIR: check the sdk/include/cheri.S macros.
#  1. tests/isa/encoding-vectors.txt: "asm | word" (cheri-riscv.md §8.6); every line is
#     assembled with the macros, disassembled with objdump and the word compared exactly.
#  2. tests/isa/encoding-aliases.txt: "macro form | reference form"; both columns are assembled
#     (the reference with plain binutils mnemonics or .insn) and the words must be equal.
# Prints one line per mismatch and a final "N passed, N failed".
set -u
here=$(dirname "$0")
out=${1:-build/guest/isa}
mkdir -p "$out"
pass=0 fail=0

# words SRC-LINES... : assemble the lines (one instruction each), print one word per line
words() {
	local name=$1
	shift
	{
		echo '#include "cheri.S"'
		# explicit compressed mnemonics need RVC; everything else must not be compressed
		printf '%s\n' "$@" | sed -e 's/^\(c\.c*[a-z]*[ 0-9].*\)$/.option rvc; \1; .option norvc/'
	} >"$out/$name.S"
	if ! riscv64-linux-gnu-gcc -march=rv64gc -c -Isdk/include "$out/$name.S" -o "$out/$name.o"; then
		echo "encodings: assembling $name failed" >&2
		return 1
	fi
	riscv64-linux-gnu-objdump -d "$out/$name.o" | awk '/^ *[0-9a-f]+:\t/ { print $2 }'
}

mapfile -t asm < <(grep -v '^#' "$here/encoding-vectors.txt" | sed -e 's/ *|.*//')
mapfile -t want < <(grep -v '^#' "$here/encoding-vectors.txt" | sed -e 's/.*| *//')
mapfile -t got < <(words vectors '.option norvc' "${asm[@]}")
for i in "${!want[@]}"; do
	if [ "${got[$i]:-none}" = "${want[$i]}" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL ${asm[$i]}: got ${got[$i]:-none}, want ${want[$i]}"
		fail=$((fail + 1))
	fi
done

mapfile -t asm < <(grep -v '^#' "$here/encoding-aliases.txt" | sed -e 's/ *|.*//')
mapfile -t ref < <(grep -v '^#' "$here/encoding-aliases.txt" | sed -e 's/.*| *//')
mapfile -t got < <(words aliases '.option norvc' "${asm[@]}")
mapfile -t want < <(words aliases-ref '.option norvc' "${ref[@]}")
for i in "${!asm[@]}"; do
	if [ -n "${want[$i]:-}" ] && [ "${got[$i]:-none}" = "${want[$i]}" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL ${asm[$i]}: got ${got[$i]:-none}, want ${want[$i]:-none} (${ref[$i]})"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
