#!/usr/bin/env bash
# run.sh INTRAVISOR GUEST_DIR - hybrid cVMs end to end (intravisor.md 9): the static C example
# with its exact output, served by the monitor and through the handler cVM first; pointer
# attacks that must give -EFAULT (-14) with the monitor alive; integer accesses past the slot,
# below it and into another cVM's slot end that cVM with a report (status 2) while the other
# cVM finishes; a dynamically linked program is refused with "build it with -static"; the
# policy handler example (examples/policy) with its exact output, and with 4 pthreads; file
# mmap (MAP_PRIVATE: exact bytes, the host file unchanged; MAP_SHARED, directory, write-only
# fd, MAP_FIXED over the image/stack/last page/past the slot refused).
# iovec attacks (readv/writev/preadv/pwritev: buffers or the array out of the slot, straddling,
# huge, negative, too many; a gap between two buffers untouched; overlapping buffers), by the
# monitor and via first; the iovec capabilities a handler cVM gets (tests/hybrid/iovspy.S);
# the stack region outside a hybrid cVM's DDC and PCC (tests/hybrid/ddcattack.S).
set -u
IV=$(realpath "$1")
G=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $CASE: $*"; fi; }

HELLO_OUT='hello from a hybrid cVM: argc=3 argv[0]=hello
  argv[1]=one
  argv[2]=two
GREETING=hi
motd 1: a file in a read-only mount: examples/hybrid/data on the host, /data in the cVM
motd 2: the cVM sees no other host file
create /data/new.txt: Read-only file system
sum=43390
fib(63)=6557470319842'

CASE=monitor
out=$(cd "$ROOT/examples/hybrid" && "$IV" -q -y monitor.yaml 2>"$TMP/err"); st=$?
check [ "$out" = "$HELLO_OUT" ]
check [ "$st" = 0 ]
check [ "$(cat "$TMP/err")" = "to stderr" ]
check [ ! -e "$ROOT/examples/hybrid/data/new.txt" ]   # the read-only mount: EROFS, nothing created
CASE=monitor-summary
out=$(cd "$ROOT/examples/hybrid" && "$IV" -y monitor.yaml 2>/dev/null)
check grep -q "hybrid cVM: integer mode" <<<"$out"
check grep -Eq "exit value 7|exit 7|exited 7|\\b7\\b" <<<"$(grep -i hello <<<"$out" | tail -1)"

CASE=handler
out=$(cd "$ROOT/examples/hybrid" && "$IV" -q -y hybrid.yaml 2>"$TMP/err"); st=$?
check [ "$out" = "hello first(syscall-handler) 
$HELLO_OUT" ]
check [ "$st" = 0 ]
for jit in "" --no-jit; do
	CASE="handler $jit"
	out=$(cd "$ROOT/examples/hybrid" && "$IV" -q $jit -y hybrid.yaml 2>/dev/null)
	check [ "$out" = "hello first(syscall-handler) 
$HELLO_OUT" ]
done

# attacks: one cVM, then the handler layout (attacker second, first its handler)
ATK_OUT='write out of the slot: -14
write straddling the end: -14
write huge length: -14
write negative pointer: -14'
yaml() {   # yaml FILE ARGS CALLBACK [PROGRAM NAME]: PROGRAM (default attack) as NAME, first its handler
	local prog=${4:-attack} name=${5:-attacker}
	cat >"$1" <<Y
cVMs:
- name: first
  runtime: $ROOT/examples/two-pure/libfirst.so
  isolation:
  - base: 0x400000000
    size: 0x40000000
    begin: 0x400000000
    end: 0x440000000
  wait: -1
- name: $name
  runtime: $G/hybrid/$prog
  args: $prog $2
  isolation:
  - base: 0x440000000
    size: 0x40000000
    begin: 0x440000000
    end: 0x480000000
  callback_out: $3
  wait: -1
Y
}
# every register back from a system call (tests/hybrid/allregs.S), from the monitor and
# through the handler cVM (the switcher's frame), translated and interpreted
for cb in monitor "$ROOT/examples/two-pure/libfirst.so"; do
	for jit in "" --no-jit; do
		CASE="allregs ($cb) $jit"
		yaml "$TMP/r.yaml" "" "$cb" allregs allregs
		out=$("$IV" -q $jit -y "$TMP/r.yaml" 2>"$TMP/err"); st=$?
		check [ "$(grep -v '^hello first' <<<"$out")" = "allregs: 0 differ" ]
		check [ "$st" = 0 ]
	done
done
for cb in monitor "$ROOT/examples/two-pure/libfirst.so"; do
	CASE="pointers ($cb)"
	yaml "$TMP/a.yaml" none "$cb"
	out=$("$IV" -q -y "$TMP/a.yaml" 2>"$TMP/err"); st=$?
	check [ "$(grep -v '^hello first' <<<"$out")" = "$ATK_OUT" ]
	check [ "$st" = 0 ]
	for m in end neg other; do
		CASE="integer access $m ($cb)"
		yaml "$TMP/b.yaml" "$m" "$cb"
		out=$("$IV" -q -y "$TMP/b.yaml" 2>"$TMP/err"); st=$?
		check [ "$st" = 2 ]
		check [ "$(grep -v '^hello first' <<<"$out")" = "$ATK_OUT" ]
		check grep -q "hello first" <<<"$out"          # the other cVM ran
		check grep -q "Length" "$TMP/err"
		check grep -q "capability ddc (index 33)" "$TMP/err"
		check grep -q "offset 0x" "$TMP/err"
	done
done

IOV_OUT=""
for w in "out of the slot" "straddling the end" "huge length" "negative pointer"; do
	IOV_OUT+="writev $w: -14
readv $w: -14
pwritev $w: -14
preadv $w: -14
"
done
IOV_OUT+="writev array outside the slot: -14
writev array straddling the end: -14
writev 1025 entries: -22
readv with a gap: 8 [ABC.....DEFGH...]
kokookok <- writev overlapping: 8
readv overlapping: 8 [IJMNOP..]
writev good then next slot: -14"
for cb in monitor "$ROOT/examples/two-pure/libfirst.so"; do
	CASE="iovec attacks ($cb)"
	yaml "$TMP/i.yaml" iov "$cb"
	out=$(printf ABCDEFGHIJKLMNOP | "$IV" -q -y "$TMP/i.yaml" 2>"$TMP/err"); st=$?
	check [ "$(grep -v '^hello first' <<<"$out" | sed -n '5,$p')" = "$IOV_OUT" ]
	check [ "$st" = 0 ]
	check [ ! -s "$TMP/err" ]
done

# what a handler cVM gets for a writev (tests/hybrid/iovspy.S): a read-only array of
# capabilities, each bounded to its buffer; forged arrays are refused by the monitor (-14),
# re-packed legitimate ones served; a store through the array's capability faults in the handler
spy_yaml() {   # spy_yaml FILE ARGS
	cat >"$1" <<Y
cVMs:
- name: spy
  runtime: $G/hybrid/libiovspy.so
  isolation:
  - base: 0x400000000
    size: 0x40000000
    begin: 0x400000000
    end: 0x440000000
  wait: -1
- name: caller
  runtime: $G/hybrid/iovspy
  args: $2
  isolation:
  - base: 0x440000000
    size: 0x40000000
    begin: 0x440000000
    end: 0x480000000
  callback_out: $G/hybrid/libiovspy.so
  wait: -1
Y
}
SPY_OUT='array perms 0x15 length 96
entry 0: tag 1 length 3 perms 0x5 base ok 1 len word 3
entry 1: tag 1 length 5 perms 0x5 base ok 1 len word 5
entry 2: tag 0 length -1 perms 0 base ok 0 len word 0
abcdefgh <- as given: 8
 <- without LoadCap: -14
abcdefgh <- copied: 8
 <- length + 1: -14
 <- moved past its end: -14
 <- widened: -14
abcabc <- entry 1 = entry 0: 6
 <- array moved before: -14
 <- array widened: -14'
spy_yaml "$TMP/s.yaml" iovspy
for jit in "" --no-jit; do
	CASE="iovec capabilities in the handler $jit"
	out=$("$IV" -q $jit -y "$TMP/s.yaml" 2>"$TMP/err"); st=$?
	check [ "$out" = "$SPY_OUT" ]
	check [ "$st" = 0 ]
	check [ ! -s "$TMP/err" ]
done
CASE="iovec capabilities in the handler, --strace"
"$IV" -q --strace -y "$TMP/s.yaml" >/dev/null 2>"$TMP/err"
check [ "$(grep -cxF 'writev(1, [{iov_base="abc", iov_len=3}, {iov_base="defgh", iov_len=5}], 2) = 8' "$TMP/err")" = 2 ]
check grep -qxF 'writev(1, [{iov_base="abc", iov_len=3}, {iov_base="abc", iov_len=3}], 2) = 6' "$TMP/err"
check [ "$(grep -c '^writev(1, 0x[0-9a-f]*, 2) = -1 EFAULT (Bad address)$' "$TMP/err")" = 6 ]
CASE="iovec array is read-only"
spy_yaml "$TMP/s.yaml" "iovspy store"
out=$("$IV" -q --report "$TMP/s.json" -y "$TMP/s.yaml" 2>"$TMP/err"); st=$?
check [ "$st" = 2 ]
check [ -z "$out" ]
check grep -q "Permit_Store violation on ca1" "$TMP/err"
check grep -q '"contexts_in_use": 0' "$TMP/s.json"

# a hybrid cVM's DDC and PCC end below its stack region (capability store, TP areas): system
# calls with pointers there -EFAULT, DDC cannot be widened, and CHERI instructions from the
# SDK's macros (clc via DDC or PCC, csc over the call pair, CInvoke) fault (tests/hybrid/ddcattack.S)
DDC_OUT='write from the call pair: -14
read into the capability store: -14
write from a TP area: -14
write straddling into the region: -14
munmap the capability store: -22
mprotect the capability store: -12
mmap MAP_FIXED over the capability store: -12
brk into the region: unchanged
DDC widened to the slot: tag 0
DDC as it is: tag 1'
while read -r m cause reg; do
	for jit in "" --no-jit; do
		CASE="ddc attack $m $jit"
		out=$("$IV" run $jit "$G/hybrid/ddcattack" $m </dev/null 2>"$TMP/err"); st=$?
		check [ "$out" = "$DDC_OUT" ]
		if [ "$m" = none ]; then
			check [ "$st" = 0 ]
		else
			check [ "$st" = 139 ]
			check grep -q "CHERI cause ${cause//_/ }, capability $reg" "$TMP/err"
		fi
	done
done <<'T'
none - -
load 0x01_(Length_violation) ddc
clc 0x01_(Length_violation) ddc
pcc 0x01_(Length_violation) ct1
csc 0x01_(Length_violation) ddc
cinvoke 0x03_(Seal_violation) ct1
T

CASE=dynamic
riscv64-linux-gnu-gcc -O2 -o "$TMP/dyn" "$ROOT/examples/hybrid/hello.c" 2>/dev/null
cat >"$TMP/d.yaml" <<Y
cVMs:
- name: dyn
  runtime: $TMP/dyn
  isolation:
  - base: 0x400000000
    size: 0x40000000
    begin: 0x400000000
    end: 0x440000000
Y
err=$("$IV" -q -y "$TMP/d.yaml" 2>&1); st=$?
check [ "$st" != 0 ]
check grep -q "build it with -static" <<<"$err"
check [ "$(wc -l <<<"$err")" = 1 ]

# files in mounts (intravisor.md 9 "Files"): the calls with exact results, EROFS, ENOENT outside
fyaml() {   # fyaml FILE MODE MOUNTS-YAML [EXTRA]
	cat >"$1" <<Y
cVMs:
- name: files
  runtime: $G/hybrid/files
  args: files $2
  mounts:
$3
  isolation:
  - base: 0x400000000
    size: 0x40000000
    begin: 0x400000000
    end: 0x440000000
${4:-}
Y
}
FILES_OUT="open new: ok
write: 13
close: 0
write closed: -9
read: 13 'hello, mount'
lseek: 7
read at 7: 5 'mount'
pread: 5 'hello'
fstat: 0 size=13 reg=1
dup: 1 lseek via dup: 13
ftruncate: 0
stat: 0 size=5
mkdir: 0
mkdir again: -1 File exists
rename: 0
chdir: 0
getcwd: /data/sub
fopen relative: hello
chdir ..: 0
ls /data: sub
ls /data/sub: moved.txt
access: 0
unlink: 0
rmdir: 0
ls /data:
pipe2: 0
pipe write: 14
pipe read: 14 'through a pipe'
fcntl getfd: 1 getfl wr: 1
ro read: read-only text
ro write: Read-only file system
ro create: Read-only file system
ro mkdir: Read-only file system
ro unlink: Read-only file system
outside: No such file or directory
ioctl on a file: Inappropriate ioctl for device"
for jit in "" --no-jit; do
	CASE="files $jit"
	rm -rf "$TMP/f" && mkdir -p "$TMP/f/data" "$TMP/f/ro" && echo "read-only text" >"$TMP/f/ro/in.txt"
	fyaml "$TMP/f/f.yaml" basic "  - {host: data, guest: /data}
  - {host: ro, guest: /ro, readonly: true}"
	out=$("$IV" -q $jit -y "$TMP/f/f.yaml" 2>"$TMP/err"); st=$?
	check [ "$out" = "$FILES_OUT" ]
	check [ "$st" = 0 ]
	check [ "$(ls "$TMP/f/data")" = "" ]
	check [ "$(cat "$TMP/f/ro/in.txt")" = "read-only text" ]
done
CASE="files --mount"
rm -rf "$TMP/f" && mkdir -p "$TMP/f/data" "$TMP/f/ro" && echo "read-only text" >"$TMP/f/ro/in.txt"
fyaml "$TMP/f/f.yaml" basic "  - {host: data, guest: /data}"
out=$("$IV" -q --mount "$TMP/f/ro:/ro:ro" -y "$TMP/f/f.yaml" 2>"$TMP/err"); st=$?
check [ "$out" = "$FILES_OUT" ]
check [ "$st" = 0 ]

# config errors with line:col
CASE="mount errors"
mkdir -p "$TMP/f/data"
fyaml "$TMP/f/e.yaml" basic "  - {host: nothere, guest: /data}"
err=$("$IV" -q -y "$TMP/f/e.yaml" 2>&1); check grep -q "e.yaml:6:12: bad mount: cVM 'files': host '.*nothere': No such file or directory" <<<"$err"
fyaml "$TMP/f/e.yaml" basic "  - {host: data, guest: data}"
err=$("$IV" -q -y "$TMP/f/e.yaml" 2>&1); check grep -q "e.yaml:6:25: bad mount: cVM 'files': guest 'data' is not absolute" <<<"$err"
fyaml "$TMP/f/e.yaml" basic "  - {host: data, guest: /d}
  - {host: data, guest: /d/}"
err=$("$IV" -q -y "$TMP/f/e.yaml" 2>&1); check grep -q "e.yaml:7:25: bad mount: cVM 'files': guest '/d/' is mounted twice (first at line 6)" <<<"$err"
err=$("$IV" -q --mount "$TMP/none:/x" -y "$TMP/f/f.yaml" 2>&1); st=$?
check [ "$st" = 1 ]
check grep -q "^intravisor: error: --mount: bad mount: host '.*none': No such file or directory" <<<"$err"

# --strace: exact lines for a small program (and YAML strace: true)
STRACE_OUT='openat(AT_FDCWD, "/data/t.txt", O_WRONLY|O_CREAT|O_TRUNC, 0600) = 3
write(3, "traced\tline\n", 12) = 12
writev(3, [{iov_base="vec", iov_len=3}, {iov_base="tor\n", iov_len=4}], 2) = 7
close(3) = 0
openat(AT_FDCWD, "/data/t.txt", O_RDONLY) = 3
readv(3, [{iov_base=0x3dfffc10, iov_len=3}, {iov_base=0x3dfffc58, iov_len=100}], 2) = 19
close(3) = 0
openat(AT_FDCWD, "/nowhere", O_RDONLY) = -1 ENOENT (No such file or directory)
exit_group(0) = ?
+++ exited with 0 +++'
CASE=strace
fyaml "$TMP/f/s.yaml" strace "  - {host: data, guest: /data}"
"$IV" -q --strace -y "$TMP/f/s.yaml" >/dev/null 2>"$TMP/err"; st=$?
check [ "$st" = 0 ]
check [ "$(sed -n '/^openat(AT_FDCWD, "\/data/,$p' "$TMP/err")" = "$STRACE_OUT" ]
check [ "$(cat "$TMP/f/data/t.txt")" = "traced	line
vector" ]
CASE="strace yaml"
fyaml "$TMP/f/s.yaml" strace "  - {host: data, guest: /data}" "  strace: true"
"$IV" -q -y "$TMP/f/s.yaml" >/dev/null 2>"$TMP/err"
check [ "$(sed -n '/^openat(AT_FDCWD, "\/data/,$p' "$TMP/err")" = "$STRACE_OUT" ]
fyaml "$TMP/f/s.yaml" strace "  - {host: data, guest: /data}"
"$IV" -q -y "$TMP/f/s.yaml" >/dev/null 2>"$TMP/err"
check [ ! -s "$TMP/err" ]

# confinement (issue 10 "Security"): ".." chains, absolute paths, /proc/self, symbolic links
# out (relative, absolute, a directory), a link swapped during the calls by a host process,
# pointer arguments of every kind out of the slot / straddling / huge, fd exhaustion, a closed
# fd. The host file outside the mount must stay unchanged and unread (atime kept by noatime-free
# check: its content and the count of opens that returned it).
CASE=escape
E="$TMP/e"; rm -rf "$E"; mkdir -p "$E/data/inner"
echo secret >"$E/secret.txt"; echo inside >"$E/data/inner/f"
ln -s ../secret.txt "$E/data/rel_link"; ln -s "$E/secret.txt" "$E/data/abs_link"; ln -s .. "$E/data/dir_link"
ln -s ../secret.txt "$E/data/race"
python3 -c '
import os, sys, time
d = sys.argv[1]; end = time.time() + 30
while time.time() < end and not os.path.exists(d + "/../stop"):
    try: os.symlink("../secret.txt", d + "/race_l")
    except FileExistsError: pass
    os.rename(d + "/race_l", d + "/race")
    with open(d + "/race_f", "w") as f: f.write("inside")
    os.rename(d + "/race_f", d + "/race")
' "$E/data" & swapper=$!
fyaml "$E/f.yaml" escape "  - {host: data, guest: /data}"
out=$("$IV" -q -y "$E/f.yaml" 2>"$TMP/err"); st=$?
touch "$E/stop"; wait "$swapper"
ESC_OUT="dotdot: No such file or directory
dotdot relative: No such file or directory
absolute outside: No such file or directory
proc self: No such file or directory
symlink relative: Invalid cross-device link
symlink absolute: Invalid cross-device link
symlink dir: Invalid cross-device link
dotdot in symlinked dir: No such file or directory
mkdir through link: Invalid cross-device link
unlink through link: Invalid cross-device link
rename out: Invalid cross-device link
race: outside opened 0 times
PATH out: -14
PATH at the end: -14
IN out: -14
IN straddling: -14
OUT straddling: -14
OUT huge: -14
pread huge: -14
STRUCT out: -14
statx out: -14
getdents out: -14
IOV buffer straddling: -14
IOV array out: -14
pipe2 out: -14
getcwd out: -14
fds until failure: 1024 (Too many open files)
write to a closed fd: -9"
check [ "$out" = "$ESC_OUT" ]
check [ "$st" = 0 ]
check [ "$(cat "$E/secret.txt")" = secret ]
check [ ! -e "$E/made" ]
check [ ! -e "$E/stolen" ]
check [ "$(cat "$E/data/inner/f")" = inside ]

# examples/policy: the policy handler cVM (refuses openat for writing, counts calls by number)
# in front of a C program, with its exact output; the refused opens never reach the monitor
# (--strace shows only the two reads) and create nothing in the writable mount
CASE=policy
POLICY_OUT=$(cat <<'E'
policy: openat for writing is refused
read: a handler cVM sees every system call
read: and decides
fopen for writing: Permission denied
open /data/motd.txt flags 0x2: Permission denied
open /data/new.txt flags 0x40: Permission denied
open /data/motd.txt flags 0x0: ok
policy: nr 56 count 5
policy: nr 57 count 2
policy: nr 63 count 2
policy: nr 64 count 1
policy: nr 78 count 1
policy: nr 79 count 2
policy: nr 94 count 1
policy: nr 96 count 1
policy: nr 99 count 1
policy: nr 214 count 5
policy: nr 226 count 1
policy: nr 261 count 1
policy: nr 278 count 1
policy: refused 3 openat for writing
E
)
for jit in ""; do   # translator only: the interpreter runs the same handler in CASE=handler
	out=$(cd "$ROOT/examples/policy" && "$IV" -q $jit --strace -y policy.yaml 2>"$TMP/err"); st=$?
	check [ "$out" = "$POLICY_OUT" ]
	check [ "$st" = 0 ]
	check [ "$(grep -c '^openat(' "$TMP/err")" = 2 ]
	check [ "$(grep -c '^openat(AT_FDCWD, "/data/motd.txt", O_RDONLY) = 3$' "$TMP/err")" = 2 ]
	check [ "$(ls "$ROOT/examples/policy/data")" = motd.txt ]
done
CASE="policy with threads"
sed -e "s#runtime: ../../build/guest/policy/reader#runtime: $G/threads/threads#" -e "s#args: reader#args: threads#" \
	-e "s#runtime: ../../build#runtime: $ROOT/build#" -e "s#^  callback_out: ../../build#  callback_out: $ROOT/build#" \
	-e "s#host: data#host: $ROOT/examples/policy/data#" "$ROOT/examples/policy/policy.yaml" >"$TMP/pt.yaml"
out=$("$IV" -q -y "$TMP/pt.yaml" 2>"$TMP/err"); st=$?
check [ "$(sed -n 2,7p <<<"$out")" = "mutex counter 80000
atomic counter 80000
return values 60
gettid distinct 1, main tid == pid 1
consumed sum 101001000
timedwait ETIMEDOUT" ]
check grep -qx "policy: nr 220 count 8" <<<"$out"     # clone: 4 adders, 2 producers, 2 consumers
check grep -qx "policy: refused 0 openat for writing" <<<"$out"
check [ "$st" = 0 ]

# file mappings (MAP_PRIVATE copies the file in; tests/hybrid/fmap.c says what each line is)
FMAP_OUT='read-only: first abcdefgh, bytes exact, after the end zero
private writable: CHANGEDhij
offset 4096: opq (904 bytes), then 0
offset past the end: mapped, first byte 0
MAP_SHARED: No such device
unaligned offset: Invalid argument
bad fd: Bad file descriptor
a directory: No such device
write-only fd: Permission denied
MAP_FIXED over the image: Cannot allocate memory
MAP_FIXED over the stack: Cannot allocate memory
MAP_FIXED on the last page of the slot: Cannot allocate memory
MAP_FIXED past the slot: Cannot allocate memory
stack intact: 5
pwritev 13, preadv 12: [ell|o vectors], position 0'
mkdir -p "$TMP/fm"
python3 -c "import sys; open(sys.argv[1], 'wb').write(bytes(97 + i % 26 for i in range(5000)))" "$TMP/fm/f.bin"
sum=$(sha256sum <"$TMP/fm/f.bin")
for jit in ""; do   # no guest-side difference between translator and interpreter here
	CASE="file mmap $jit"
	rm -f "$TMP/fm/w.bin" "$TMP/fm/v.bin"
	out=$("$IV" run $jit --mount "$TMP/fm:/data" "$G/hybrid/fmap" 2>"$TMP/err"); st=$?
	check [ "$out" = "$FMAP_OUT" ]
	check [ "$st" = 0 ]
	check [ ! -s "$TMP/err" ]
	check [ "$(sha256sum <"$TMP/fm/f.bin")" = "$sum" ]   # MAP_PRIVATE: the file is not written
	check [ "$(cat -v "$TMP/fm/v.bin")" = "^@^@^@^@^@hello vectors" ]
done

# sleeps, clocks and the machine (src/linux/linux_time.c, sigaltstack, mremap): exact results,
# bad pointers -EFAULT; by the monitor, interpreted too, and through the handler cVM first
SYS_OUT='nanosleep 0.12 s: 0 slept>=0.12 1 <1.0 1 rem untouched 1
usleep 0.05 s: 0 slept>=0.05 1 <1.0 1
clock_nanosleep abs monotonic: 0 reached 1
clock_nanosleep abs realtime in the past: 0 at once 1
nanosleep 0: 0
nanosleep nsec 1e9: -22
nanosleep negative: -22
clock_nanosleep cputime: 22
clock_nanosleep clock 99: -22
nanosleep req out of the slot: -14
nanosleep req NULL: -14
nanosleep req straddling the end: -14
clock_getres monotonic: 0 0.000000001
clock_getres NULL: 0
clock_getres clock 99: -22
clock_getres out of the slot: -14
gettimeofday: 0 close 1 usec<1e6 1
gettimeofday tz: 0 0 0
gettimeofday out of the slot: -14
sysinfo: 0 totalram 1040187392 unit 1 procs 1 free<=total 1 free>0 1
phys pages: 253952
sysinfo out of the slot: -14
sysinfo straddling: -14
getrlimit NOFILE: 0 1024 1024
getrlimit STACK: 0 8388608
getrlimit AS infinite: 0 1
getrlimit 99: -22
getrlimit out of the slot: -14
sched_getaffinity: 0 count>=1 1 nprocs==count 1
sched_getaffinity raw 16: 8 (tail untouched 1)
sched_getaffinity len 4: -22
sched_getaffinity len 12: -22
sched_getaffinity pid 77: -3
sched_getaffinity out of the slot: -14
setrlimit NOFILE 8 16: 0
getrlimit NOFILE: 8 16
descriptors until EMFILE: 5, last 7
dup3 to 8: -9, to 7 taken: 7
F_DUPFD 8: -22
raise hard to 32: -1
soft above hard: -22
soft up to hard: 0, old 8 16
prlimit new out of the slot: -14
prlimit new straddling the end: -14
prlimit old out of the slot: -14, unchanged 1
prlimit pid 1: -3, resource 16: -22
setrlimit CORE: 0, read back 1048576 2097152, raised again: -1 EPERM
sigaltstack first old: 0 flags 2 size 0
sigaltstack set: 0
sigaltstack read: 0 same 1 flags 0
sigaltstack small: -12
sigaltstack bad flags: -22
sigaltstack old out of the slot: -14
sigaltstack disable: 0
sigaltstack after: 0 flags 2 size 0
mremap shrink: same 1 byte x
mremap grow: Cannot allocate memory
mremap unaligned: -22
mremap bad flags: -22
mremap outside: -14
realloc large: ok
mmap 0: EINVAL
mmap 2 GiB: ENOMEM
mmap -4096: ENOMEM
syscall 999: -38, rseq: -38, 36: -38'
for jit in "" --no-jit; do
	CASE="sys calls $jit"
	out=$("$IV" run $jit "$G/hybrid/sys" calls 2>"$TMP/err"); st=$?
	check [ "$out" = "$SYS_OUT" ]
	check [ "$st" = 0 ]
	check [ ! -s "$TMP/err" ]
done
# --strace names integer arguments as strace does (the table's NAMED kinds)
CASE="sys calls --strace names"
"$IV" run --strace "$G/hybrid/sys" calls >/dev/null 2>"$TMP/err"
for l in "mmap(NULL, 0, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 EINVAL (Invalid argument)" \
	 "mmap(NULL, 2147483648, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)" \
	 "fcntl(1, F_DUPFD, 8) = -1 EINVAL (Invalid argument)" "clock_getres(CLOCK_REALTIME, NULL) = 0"; do
	check grep -qxF "$l" "$TMP/err"
done
check grep -qE '^prlimit64\(0, RLIMIT_NOFILE, 0x[0-9a-f]+, NULL\) = -1 EPERM \(Operation not permitted\)$' "$TMP/err"
check grep -qE '^clock_getres\(99, 0x[0-9a-f]+\) = -1 EINVAL \(Invalid argument\)$' "$TMP/err"
check grep -qE '^prlimit64\(0, 16, NULL, 0x[0-9a-f]+\) = -1 EINVAL \(Invalid argument\)$' "$TMP/err"
check grep -qE '^mprotect\(0x[0-9a-f]+, [0-9]+, PROT_READ\) = 0$' "$TMP/err"
yaml "$TMP/sys.yaml" calls "$ROOT/examples/two-pure/libfirst.so" sys sys
CASE="sys calls via first"
out=$("$IV" -q -y "$TMP/sys.yaml" 2>"$TMP/err"); st=$?
check [ "$out" = "hello first(syscall-handler) 
$SYS_OUT" ]
check [ "$st" = 0 ]
# a thread asleep for 60 s does not hold the cVM when another calls exit_group (status 5), by
# the monitor and via first; nor does it outlive --timeout
CASE="sleeper exit_group"
SECONDS=0
out=$("$IV" run "$G/hybrid/sys" sleeper 2>"$TMP/err"); st=$?
check [ "$out" = "exit_group while the other thread sleeps" ]
check [ "$st" = 5 ]
check [ "$SECONDS" -lt 20 ]
CASE="sleeper exit_group via first"
yaml "$TMP/sys.yaml" sleeper "$ROOT/examples/two-pure/libfirst.so" sys sys
SECONDS=0
out=$("$IV" -q -y "$TMP/sys.yaml" 2>"$TMP/err"); st=$?
check [ "$(grep -v '^hello first' <<<"$out")" = "exit_group while the other thread sleeps" ]
check [ "$SECONDS" -lt 20 ]
# the main thread ends first (pthread_exit, or exit with 4): a later exit_group's status is
# the program's, as on Linux
for m in "mainexit 3" "mainsysexit 9"; do
	CASE="exit status: ${m% *}"
	"$IV" run "$G/hybrid/sys" ${m% *} >/dev/null 2>&1; st=$?
	check [ "$st" = "${m#* }" ]
done
CASE="sleeper --timeout"
SECONDS=0
"$IV" run --timeout 0.5 "$G/hybrid/sys" nap >/dev/null 2>&1; st=$?
check [ "$st" = 124 ]
check [ "$SECONDS" -lt 20 ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
