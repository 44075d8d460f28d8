#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - the badinput suite: bad command lines, bad configs and bad
# images must each stop intravisor before anything is deployed, with exit status 1 and exactly
# one error line on stderr (the "# expect:" line of each tests/e2e/bad/*.yaml; @DIR@ = the
# folder holding the config and images), and stdout holding only "Using yaml.cfg = ...".
# Ends with "N passed, N failed".
set -u
IV=$(realpath "$1")
G=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# images: good ones, and broken copies of good.so
cp "$G/bad/good.so" "$TMP/libfirst.so"
cp "$G/bad/good.so" "$TMP/libsecond.so"
cp "$G/bad/nohandler.so" "$TMP/libnohandler.so"
head -c 512 "$G/bad/good.so" > "$TMP/libtrunc.so"
cp "$G/bad/good.so" "$TMP/libx86.so"
printf '\076' | dd of="$TMP/libx86.so" bs=1 seek=18 conv=notrunc status=none     # e_machine = 62
cp "$G/bad/good.so" "$TMP/libexec.so"
printf '\002' | dd of="$TMP/libexec.so" bs=1 seek=16 conv=notrunc status=none     # e_type = ET_EXEC
: > "$TMP/libempty.so"
cp "$G/bad/plain.so" "$TMP/libplain.so"
# an example's runtime in a fresh clone: a link into build/ that make has not filled yet
ln -s ../../build/guest/two-pure/libfirst.so "$TMP/libdangling.so"
le() { od -An -t u"$2" -j "$1" -N "$2" "$G/bad/good.so" | tr -d ' '; }
SHOFF=$(printf '%x' "$(le 40 8)")
SHNUM=$(le 60 2)
SHSTRNDX=$(le 62 2)

# run NAME EXPECTED_STATUS EXPECTED_STDERR EXPECTED_STDOUT ARGS...
run() {
	local name=$1 want_rc=$2 want_err=$3 want_out=$4
	shift 4
	(cd "$TMP" && "$IV" "$@" > "$TMP/out" 2> "$TMP/err")
	local rc=$?
	local got_err got_out
	got_err=$(sed "s|$TMP|@DIR@|g" "$TMP/err")
	got_out=$(sed "s|$TMP|@DIR@|g" "$TMP/out")
	if [ "$rc" -ne "$want_rc" ]; then bad "$name: exit $rc, want $want_rc"; else ok; fi
	if [ "$got_err" != "$want_err" ]; then
		bad "$name: stderr"
		echo "  got:  $got_err"
		echo "  want: $want_err"
	else ok; fi
	if [ -n "$want_out" ] && [ "$got_out" != "$want_out" ]; then
		bad "$name: stdout"
		echo "  got:  $got_out"
		echo "  want: $want_out"
	else ok; fi
}

for y in "$HERE"/*.yaml; do
	name=$(basename "$y")
	cp "$y" "$TMP/$name"
	want=$(sed -n 's/^# expect: //p' "$y" | sed "s|@SHOFF@|$SHOFF|; s|@SHNUM@|$SHNUM|; s|@SHSTRNDX@|$SHSTRNDX|")
	run "$name" 1 "$want" "Using yaml.cfg = @DIR@/$name" -y "$TMP/$name"
	run "$name (-q)" 1 "$want" "" -q --yaml "$TMP/$name"
done

# command line
U="Try 'intravisor --help'."
run "no arguments" 1 "intravisor: a config is required: intravisor -y CONFIG.yaml
$U" ""
run "unknown option" 1 "intravisor: unknown option '--bogus'
$U" "" --bogus
run "stray argument" 1 "intravisor: unexpected argument 'cvm.yaml'
$U" "" cvm.yaml
run "-y without file" 1 "intravisor: option '-y' needs a file name
$U" "" -y
run "-y twice" 1 "intravisor: option '-y' given twice
$U" "" -y a.yaml -y b.yaml
run "missing config" 1 "intravisor: error: @DIR@/none.yaml: cannot read the config file: No such file or directory" \
	"Using yaml.cfg = @DIR@/none.yaml" -y "$TMP/none.yaml"
mkdir -p "$TMP/empty-dir"
run "config is a folder" 1 "intravisor: error: @DIR@/empty-dir: cannot read the config file: is a directory, not a YAML file" \
	"Using yaml.cfg = @DIR@/empty-dir" -y "$TMP/empty-dir"
run "config is a folder with YAML files" 1 "intravisor: error: @DIR@: cannot read the config file: is a directory: give the YAML file, e.g. -y @DIR@/bad-size.yaml" \
	"Using yaml.cfg = @DIR@" -y "$TMP"
run "--report -y FILE" 1 "intravisor: option '--report' took '-y' as its value: give it one first, e.g. --report FILE -y CONFIG.yaml
$U" "" --report -y "$TMP/bad-size.yaml"
run "-y --report FILE" 1 "intravisor: option '-y' took '--report' as its value: give it one first, e.g. -y CONFIG.yaml
$U" "" -y --report r.json
run "--yaml=FILE" 1 "$(sed -n 's/^# expect: //p' "$HERE/bad-size.yaml" | sed "s|@DIR@|@DIR@|")" \
	"Using yaml.cfg = @DIR@/bad-size.yaml" --yaml="$TMP/bad-size.yaml"
run "unwritable --report" 3 "intravisor: error: @DIR@/no/such/dir/r.json: cannot write the report: No such file or directory" "" \
	--report "$TMP/no/such/dir/r.json" -y "$TMP/bad-size.yaml"
run "--timeout 0" 1 "intravisor: option '--timeout' needs a number of seconds > 0
$U" "" --timeout 0 -y "$TMP/bad-size.yaml"
run "--help" 0 "" "" --help
# the version is the tree's git description (Makefile: build/gen/version.h)
ver=$( { [ -e "$HERE/../../../.git" ] && git -C "$HERE" describe --always --dirty --tags 2>/dev/null; } ||
	head -n 1 "$HERE/../../../VERSION" 2>/dev/null || echo unknown)
run "--version" 0 "" "intravisor $ver" --version
if grep -q "^usage: intravisor -y CONFIG.yaml" "$TMP/out" 2>/dev/null || "$IV" --help | grep -q "^usage: intravisor -y CONFIG.yaml"; then ok; else bad "--help prints the usage"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
