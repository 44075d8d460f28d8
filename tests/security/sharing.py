"""sharing.py - scenarios of sharing between cVMs (issue 13: capfiles 405/406, streams
409/410, wait/wake 407/408), run by run.py. The cVMs are tests/security/sharing/*.S, built as
GUEST/sh_*.so:
  owner       shares "ro" (read-only, next to private bytes), "rw" and the stream "pipe", wakes
              the YAML capfile "sync", waits for the prober's wake on "rw", checks its private
              bytes and that "rw" holds the prober's byte (sh_owner_exit: ends at once)
  prober      every way to get more than the owner allowed (bounds, Store on read-only,
              re-advertising to launder, StoreLocalCap/Global, key forgery: untagged, sealed,
              no Load, 65 bytes; bad locations; wait/wake on others' ids; a second stream
              consumer), each "ok TAG"; then a store through the read-only cap must fault
  late        runs after the owner ended: its keys are gone (a stale probe: -ENOENT)
  waiter      a wait with no timeout whose only peer ends returns -EPIPE, never hangs
  orphan      the owner closes its stream and ends; a late consumer gets the stream (its ring's
              bounds, data permissions, the owner's bytes) and nothing more (one consumer, the
              key kept, a wait ends with -EPIPE); after that consumer ends the stream is gone
  registry    8 cVMs at once, each 125 advertise/probe pairs of its own keys (1,000 in all)
  lonely      a stream key with an escape sequence and a newline, named by the monitor's line
              about a `wait: -1` cVM that holds back its peer: escaped, one line
  snapshots   2000 407 snapshots in a loop (each a barrier across harts): answered, and spaced
              100 us apart at least
Exact lines (sorted: the cVMs run at once), exit status, and the one fault (cVM, cause, pc).
Each runs with the translator and with --no-jit.
"""
import os

from scenario import copy_as, nm, run_scenario

SLOT = 0x40000000
SYNC = "capfiles:\n- name: sync\n  size: 0x10\n"


def y(name, runtime, base, wait):
    return (f"- name: {name}\n  runtime: {runtime}\n  isolation:\n"
            f"  - base: {base:#x}\n    size: {SLOT:#x}\n    begin: {base:#x}\n    end: {base + SLOT:#x}\n"
            f"  callback_out: monitor\n  wait: {wait}\n")


PROBER_OK = """probe-sync owner-ready probe-ro ro-perms-global-load-only ro-length ro-size-stored ro-unsealed
ro-cannot-grow readvertise-ro probe-laundered laundered-still-read-only duplicate-key-refused unknown-key
untagged-key sealed-key key-without-load key-65-bytes key-64-bytes-to-top empty-key location-read-only
location-without-storecap location-misaligned location-too-small size-location-read-only
refused-probe-wrote-nothing adv-past-buffer adv-without-load adv-size-zero adv-unknown-flags
adv-untagged-buffer adv-local local-cap-needs-storelocalcap probe-local local-stays-local wait-on-others-id
wake-on-others-id wake-unknown-id wait-timeout wait-bad-timeout probe-stream second-consumer-refused
stream-is-not-a-capfile stream-past-buffer probe-rw rw-perms-global-load-store wake-owner""".split()


def lines_of(out):
    return sorted(l for l in out.split("\n") if l)


def check(p, want_lines, want_rc, bad, label):
    if p.returncode != want_rc:
        bad.append(f"{label}: exit {p.returncode}, want {want_rc}: {p.stderr.strip()[-300:]}")
    got = lines_of(p.stdout)
    if got != sorted(want_lines):
        extra = sorted(set(got) - set(want_lines))
        missing = sorted(set(want_lines) - set(got))
        bad.append(f"{label}: lines differ: extra {extra[:6]}, missing {missing[:6]}")


def probe_attacks(iv, guest, tmp):
    bad = []
    for mode in ((), ("--no-jit",)):
        d = os.path.join(tmp, "sh_probe")
        os.makedirs(d, exist_ok=True)
        copy_as(guest, d, "sh_owner.so", "libowner.so")
        copy_as(guest, d, "sh_prober.so", "libprober.so")
        text = "cVMs:\n" + y("owner", "libowner.so", 0x400000000, 0) + y("prober", "libprober.so", 0x440000000, -1) + SYNC
        p, r = run_scenario(iv, d, text, extra=mode)
        want = ["owner: shared", "ok owner-woken", "owner: rw written by the prober"] + [f"ok {t}" for t in PROBER_OK]
        label = "probe" + (" --no-jit" if mode else "")
        check(p, want, 2, bad, label)
        faults = (r or {}).get("faults") or []
        pc = nm(os.path.join(d, "libprober.so"), "ro_store")
        if len(faults) != 1:
            bad.append(f"{label}: {len(faults)} faults, want 1 (the store through the read-only capability)")
        else:
            f = faults[0]
            if f.get("cvm") != "prober" or f.get("cheri_cause") != 0x13 or f.get("cap_reg") != "cs1" or \
                    pc is None or int(f.get("pc", "0"), 16) != 0x440000000 + pc:
                bad.append(f"{label}: fault {f.get('cvm')} cheri_cause {f.get('cheri_cause')} {f.get('cap_reg')} "
                           f"pc {f.get('pc')}, want prober Permit_Store on cs1 at ro_store")
    return not bad, bad


def stale_after_exit(iv, guest, tmp):
    bad = []
    d = os.path.join(tmp, "sh_stale")
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "sh_owner_exit.so", "libowner.so")
    copy_as(guest, d, "sh_late.so", "liblate.so")
    text = "cVMs:\n" + y("owner", "libowner.so", 0x400000000, -1) + y("late", "liblate.so", 0x440000000, -1) + SYNC
    p, _ = run_scenario(iv, d, text)
    check(p, ["owner: shared", "ok stale-key-after-owner-exit", "ok stale-stream-after-owner-exit",
              "ok readvertise-freed-key"], 0, bad, "stale")
    return not bad, bad


ORPHAN_OK = ("owner-capfile-gone orphan-probed orphan-size orphan-bounds-exact orphan-at-its-base "
             "orphan-data-perms-only orphan-head-kept orphan-bytes-kept orphan-closed orphan-one-consumer "
             "orphan-key-not-taken-over orphan-wait-ends orphan-gone-with-its-consumer orphan-key-free-again").split()


def orphan_stream(iv, guest, tmp):
    """A stream its producer closed outlives the producer for its one consumer, and no more."""
    bad = []
    for mode in ((), ("--no-jit",)):
        d = os.path.join(tmp, "sh_orphan")
        os.makedirs(d, exist_ok=True)
        copy_as(guest, d, "sh_owner_close.so", "libowner.so")
        copy_as(guest, d, "sh_orphan.so", "libconsumer.so")
        copy_as(guest, d, "sh_thief.so", "libthief.so")
        text = ("cVMs:\n" + y("owner", "libowner.so", 0x400000000, -1) + y("consumer", "libconsumer.so", 0x440000000, -1)
                + y("thief", "libthief.so", 0x480000000, -1) + SYNC)
        p, _ = run_scenario(iv, d, text, extra=mode)
        check(p, ["owner: shared"] + [f"ok {t}" for t in ORPHAN_OK], 0, bad, "orphan" + (" --no-jit" if mode else ""))
    return not bad, bad


def wait_peer_exit(iv, guest, tmp):
    bad = []
    for k in range(3):   # the owner ends before, while, or after the waiter blocks
        d = os.path.join(tmp, "sh_wait")
        os.makedirs(d, exist_ok=True)
        copy_as(guest, d, "sh_owner_exit.so", "libowner.so")
        copy_as(guest, d, "sh_waiter.so", "libwaiter.so")
        text = "cVMs:\n" + (y("waiter", "libwaiter.so", 0x440000000, 0) + y("owner", "libowner.so", 0x400000000, -1)
                            if k % 2 else
                            y("owner", "libowner.so", 0x400000000, 0) + y("waiter", "libwaiter.so", 0x440000000, -1)) + SYNC
        p, _ = run_scenario(iv, d, text, extra=("--no-jit",) if k == 2 else ())
        check(p, ["owner: shared", "ok probe-sync", "ok owner-ready", "ok wait-ends-when-the-peer-exits"], 0, bad,
              f"wait #{k}")
    return not bad, bad


def lonely_key(iv, guest, tmp):
    """A cVM chooses the key the monitor's line about a held-back run names (run.c
    run_join_holding): its escape sequence and newline reach stderr as \\xNN, in one line."""
    bad = []
    d = os.path.join(tmp, "sh_lonely")
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "sh_lonely.so", "liblonely.so")
    copy_as(guest, d, "sh_owner_exit.so", "libowner.so")
    text = "cVMs:\n" + y("lonely", "liblonely.so", 0x400000000, -1) + y("owner", "libowner.so", 0x440000000, -1) + SYNC
    p, _ = run_scenario(iv, d, text, extra=("--timeout", "3"))
    check(p, ["lonely: advertised"], 124, bad, "lonely")
    want = (f"intravisor: {d}/s.yaml:10:9: cVM 'lonely' has waited 2 s on stream 'k\\x1b[2J\\x0afake: line', "
            "which no other cVM has used; with 'wait: -1' the cVMs after it ('owner' first) start only when it "
            "ends: if its peer is one of them, give 'lonely' 'wait: 0' or list the peer first (still waiting: "
            "Ctrl-C or --timeout stops it)")
    lines = p.stderr.split("\n")
    if lines[0] != want:
        bad.append(f"lonely: first stderr line {lines[0]!r}, want {want!r}")
    if "\x1b" in p.stderr or any(l.startswith("fake: line") for l in lines):
        bad.append("lonely: the key's escape or newline reached stderr as it is")
    return not bad, bad


def snapshots(iv, guest, tmp):
    """407 with timeout 0 is a barrier across every hart (membarrier(2)): a cVM that asks for
    it in a loop gets its answers, spaced 100 us apart (it cannot interrupt the other CPUs as
    fast as it can call)."""
    bad = []
    d = os.path.join(tmp, "sh_snap")
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "sh_snap.so", "libsnap.so")
    p, _ = run_scenario(iv, d, "cVMs:\n" + y("snap", "libsnap.so", 0x400000000, -1))
    check(p, ["ok snapshots-answer-the-count", "ok snapshots-spaced"], 0, bad, "snapshots")
    return not bad, bad


def scenarios():
    return [(f.__name__, f) for f in (probe_attacks, stale_after_exit, orphan_stream, wait_peer_exit, lonely_key,
                                      snapshots)]
