#!/usr/bin/env bash
# run.sh O G - make install / make uninstall, checked (make install-check, part of make check).
#   files      make install DESTDIR=tmp PREFIX=/usr/local puts exactly the expected files
#   version    the installed programs print the build's --version
#   man        both man pages render with groff -man -ww, no warning, and have the main sections
#   complete   the bash completions load and complete options and YAML files
#   sdk        two-pure built out of the tree with the installed SDK's cvm.mk: the images equal
#              the tree's byte for byte, and the installed intravisor runs them as the tree's
#              runs its own (same -q output, exit 0)
#   uninstall  make uninstall leaves no file and none of our folders
# Prints one line per failed check and ends with "N passed, N failed".
set -u
O=$(realpath "$1")
G=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() {  # check NAME COMMAND...: passes when COMMAND exits 0
	local name=$1
	shift
	if "$@"; then ok; else bad "$name"; fi
}

D=$TMP/dest
P=/usr/local
I=$D$P
# make as a user runs it, not as a sub-make of make check (no inherited -w, jobserver, MAKELEVEL)
umake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory "$@"; }
mk() { umake -s -C "$ROOT" "$@" PREFIX=$P DESTDIR="$D" > "$TMP/make.log" 2>&1; }

# --- files
if mk install; then ok; else bad "make install"; cat "$TMP/make.log"; fi
{
	printf '%s\n' bin/intravisor bin/rvrun share/man/man1/intravisor.1 share/man/man1/rvrun.1 \
		share/bash-completion/completions/intravisor share/bash-completion/completions/rvrun \
		share/doc/intravisor/config.md
	(cd "$ROOT/sdk" && find include crt -type f && printf '%s\n' cvm.ld cvm.mk README.md) | sed 's,^,share/intravisor/sdk/,'
} | sort > "$TMP/want"
(cd "$I" 2>/dev/null && find . -not -type d | sed 's,^\./,,' | sort) > "$TMP/got"
if diff -u "$TMP/want" "$TMP/got" > "$TMP/diff"; then ok; else bad "installed files (- expected, + installed):"; cat "$TMP/diff"; fi
check "bin/intravisor is executable" test -x "$I/bin/intravisor"
check "sdk/crt/crt.S equals the tree's" cmp -s "$ROOT/sdk/crt/crt.S" "$I/share/intravisor/sdk/crt/crt.S"

# --- version
want=$("$O/intravisor" --version)
check "intravisor --version: '$want'" [ "$("$I/bin/intravisor" --version)" = "$want" ]
check "intravisor --version names a version" bash -c '[[ $1 =~ ^intravisor\ [0-9a-zA-Z.+~-]+$ ]] && [[ $1 != *unknown ]]' _ "$want"
check "rvrun --version" [ "$("$I/bin/rvrun" --version)" = "rvrun ${want#intravisor }" ]

# --- man
for m in intravisor rvrun; do
	out=$(groff -man -Tutf8 -ww -z "$I/share/man/man1/$m.1" 2>&1)
	check "$m.1 renders without warnings: $out" [ -z "$out" ]
	check "$m.1 has NAME, SYNOPSIS, OPTIONS, EXIT STATUS" bash -c \
		'grep -c -E "^\.SH (NAME|SYNOPSIS|OPTIONS|EXIT STATUS)$" "$1" | grep -qx 4' _ "$I/share/man/man1/$m.1"
done

# --- complete
mkdir -p "$TMP/cfg"
touch "$TMP/cfg/app.yaml" "$TMP/cfg/app.txt"
comp() {  # comp FILE WORDS...: COMPREPLY for the last word, sorted, one line
	PATH="$I/bin:$PATH" bash -c 'shopt -s extglob; cd "$1"; source "$2"; shift 2
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _${1}; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		_ "$TMP/cfg" "$@"
}
C=$I/share/bash-completion/completions
check "complete intravisor --ver" [ "$(comp "$C/intravisor" intravisor --ver)" = "--version " ]
check "complete intravisor -y app" [ "$(comp "$C/intravisor" intravisor -y app)" = "app.yaml " ]
check "complete rvrun --no" [ "$(comp "$C/rvrun" rvrun --no)" = "--no-jit " ]

# --- sdk: out of the tree, only the installed SDK
S=$TMP/cvm
mkdir -p "$S"
cp "$ROOT"/examples/two-pure/first/first.S "$ROOT"/examples/two-pure/second/second.S \
	"$ROOT"/examples/two-pure/forward.S "$ROOT"/examples/two-pure/cap_store.c "$ROOT"/examples/two-pure/two-pure.yaml "$S/"
cat > "$S/Makefile" <<EOF
include $I/share/intravisor/sdk/cvm.mk
COMMON := forward.S cap_store.c \$(SDK_CRT) \$(SDK_HANDLER)
all: libfirst.so libsecond.so
lib%.so: %.S \$(COMMON) \$(SDK_DEPS)
	\$(call cvm_link,\$@,\$< \$(COMMON))
EOF
umake -n -C "$S" > "$TMP/sdk.cmds" 2>&1
check "the build uses the installed SDK only" bash -c \
	'grep -q -- "-I$1/include .*$1/crt/crt.S" "$3" && ! grep -q "$2" "$3"' _ "$I/share/intravisor/sdk" "$ROOT" "$TMP/sdk.cmds"
if umake -s -C "$S" > "$TMP/sdk.log" 2>&1; then ok; else bad "make with the installed cvm.mk"; cat "$TMP/sdk.log"; fi
for so in libfirst.so libsecond.so; do
	check "$so equals the tree's build" cmp -s "$S/$so" "$G/two-pure/$so"
done
(cd "$ROOT/examples/two-pure" && "$O/intravisor" -q -y two-pure.yaml) > "$TMP/tree.out" 2>&1
(cd "$S" && "$I/bin/intravisor" -q -y two-pure.yaml) > "$TMP/inst.out" 2>&1
rc=$?
check "installed intravisor runs the installed-SDK cVMs: exit $rc" [ $rc -eq 0 ]
check "same output as the tree's run" cmp -s "$TMP/tree.out" "$TMP/inst.out"
check "the cVMs printed" grep -q 'hello' "$TMP/inst.out"

# --- uninstall
if mk uninstall; then ok; else bad "make uninstall"; cat "$TMP/make.log"; fi
left=$(cd "$D" && find . -not -type d)
check "uninstall left files: $left" [ -z "$left" ]
check "uninstall left share/intravisor" [ ! -e "$I/share/intravisor" ]
check "uninstall left share/doc/intravisor" [ ! -e "$I/share/doc/intravisor" ]
mk uninstall
check "a second uninstall succeeds" [ $? -eq 0 ]

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
