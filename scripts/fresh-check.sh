#!/usr/bin/env bash
# fresh-check.sh - the README's quick start on a fresh Debian 12 machine, proven: in a minimal
# bookworm root (mmdebstrap --variant=minbase, plus make and ca-certificates, nothing of the
# project's dependencies) holding a clean clone of HEAD, run `make demo` then `make test` as
# root in a chroot, exactly as the README says. scripts/deps.sh (run by make demo) must install
# everything else. Passes when both exit 0 and the last line is "total: N passed, 0 failed".
#
#   scripts/fresh-check.sh            (make fresh-check; root, network to the mirror; installs
#                                     mmdebstrap on the host when it is missing)
#   FRESH_CACHE=DIR                   base root tarball and downloaded .debs (default
#                                     /var/cache/intravisor-fresh): the second run skips
#                                     mmdebstrap and the downloads, never the installs
#   FRESH_MIRROR=URL                  default: the first Debian (not security) URI of the host's
#                                     /etc/apt/sources.list{,.d/*}
#   FRESH_KEEP=1                      keep the root (path printed) for a look after a failure
# Log: build/fresh-check.log. Last line: "fresh-check: passed in N s" or "fresh-check: FAILED ...".
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${FRESH_CACHE:-/var/cache/intravisor-fresh}
log=$here/build/fresh-check.log
[ "$(id -u)" -eq 0 ] || { echo "fresh-check: needs root (chroot, mounts)"; exit 1; }
if ! command -v mmdebstrap >/dev/null; then  # the host's tool, not a project dependency
	echo "fresh-check: installing mmdebstrap"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap; } >/dev/null ||
		{ echo "fresh-check: needs mmdebstrap (apt-get install mmdebstrap)"; exit 1; }
fi

mirror=${FRESH_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
	2>/dev/null | sed -nE 's,^(URIs:[[:space:]]*|deb[[:space:]]+)(https?://[^[:space:]]*/debian)/?([[:space:]].*)?$,\2,p' | head -n 1)}
[ -n "$mirror" ] || { echo "fresh-check: no Debian mirror in /etc/apt/sources.list*; set FRESH_MIRROR"; exit 1; }

t0=$(date +%s)
mkdir -p "$cache/archives/partial" "$here/build"
: > "$log"
base=$cache/bookworm-minbase.tar
# a cache that is not a file (a directory left by an older run that gave mmdebstrap a target
# without a .tar suffix, which makes it write a directory) is rebuilt
if [ -e "$base" ] && [ ! -f "$base" ]; then
	echo "fresh-check: $base is not a tarball: rebuilding it"
	rm -rf "$base"
fi
if [ ! -s "$base" ]; then
	echo "fresh-check: building the base root from $mirror (cached as $base)"
	rm -rf "$base.tmp.tar"
	mmdebstrap --variant=minbase --format=tar --include=make,ca-certificates bookworm "$base.tmp.tar" "$mirror" >> "$log" 2>&1
	mv "$base.tmp.tar" "$base"
fi

work=$(mktemp -d /var/tmp/intravisor-fresh.XXXXXX)
root=$work/root
mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}"
	done
	if [ "${FRESH_KEEP:-0}" = 1 ]; then
		echo "fresh-check: root kept in $root"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mnt() {  # mnt TARGET MOUNT-ARGS...
	mkdir -p "$1"
	mount "${@:2}" "$1"
	mounts+=("$1")
}

mkdir -p "$root"
tar -xf "$base" -C "$root"
# a clean clone of HEAD: committed files only, none of this tree's build products
git clone -q --no-checkout "$here" "$root/root/intravisor"
git -C "$root/root/intravisor" checkout -q --detach "$(git -C "$here" rev-parse HEAD)"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mnt "$root/proc" -t proc proc
mnt "$root/dev" --bind /dev
mnt "$root/dev/pts" --bind /dev/pts
mnt "$root/var/cache/apt/archives" --bind "$cache/archives"

echo "fresh-check: $(git -C "$here" rev-parse --short HEAD) in $root: make demo && make test (log: $log)"
status=0
chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root LANG=C.UTF-8 TERM=dumb \
	/bin/bash -c 'cd /root/intravisor && make demo && make test' >> "$log" 2>&1 || status=$?
last=$(tail -n 1 "$log")
took=$(( $(date +%s) - t0 ))
if [ "$status" -eq 0 ] && [[ $last =~ ^total:\ [0-9]+\ passed,\ 0\ failed$ ]]; then
	echo "fresh-check: $last"
	echo "fresh-check: passed in $took s"
	exit 0
fi
grep -m 5 -E '^(FAIL|E: )|: (fatal )?error:|^make: \*\*\*' "$log" | sed 's/^/  /' || true
tail -n 5 "$log" | sed 's/^/  /'
echo "fresh-check: FAILED (exit $status) in $took s; log: $log"
exit 1
