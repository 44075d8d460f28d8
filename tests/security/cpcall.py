"""cpcall.py - CP_Call (hostcalls 403, 411-413) and thread (40/41/42) attack scenarios, run by
run.py. The cVMs are tests/security/cpcall/*.S, built as GUEST/cp_*.so:
  callee   registers functions that misbehave on purpose (a bounds fault, a loop, exit inside
           the call, recursion through its own key, a capability returned in ca0, an attempt to
           register the switcher's return sentry) and one that checks that it received nothing
           but its arguments; waits for "quit"
  caller   forged, untagged, sealed and Load-less keys; others' keys overwritten or withdrawn;
           registering data, untagged, sealed and monitor capabilities; arguments with Execute
           or sealed; dirty registers; then each misbehaving function: every one ends the call
           with an error, never the caller's thread; its registers come back. THREADS: thread
           create with data and monitor capabilities, joins of unknown, context and read-only
           targets, a join of its own thread.
Exact lines (sorted: the two cVMs print at once), exit status 0 (no thread faulted: the
callee's fault ended a call only), exactly one fault report on stderr at the callee's
peek_load and one exit line, and the switcher's counts (no context left taken).
Each runs with the translator and with --no-jit.
"""
import os

from scenario import copy_as, nm, run_scenario

SLOT = 0x40000000
SYNC = "capfiles:\n- name: sync\n  size: 0x10\n"

CALLER_OK = """unknown-key unknown-id sealed-key key-without-load untagged-key-is-an-id capfile-is-not-a-function
others-key-not-overwritten others-function-not-withdrawn register-data-cap register-untagged
register-monitor-sealed callee-cra-is-a-sentry register-monitor-sentry stolen-return-not-registered
own-function-callable own-function-withdrawn withdrawn-is-gone arg-with-execute arg-sealed arg-monitor-sealed
callee-registers-clear caller-registers-preserved callee-bounds-fault-ends-the-call preserved-after-fault
callee-budget callee-exit-ends-the-call reentrancy-bounded-by-contexts no-capability-back callee-still-works
quit callee-gone""".split()
THREADS_OK = """thread-data-cap thread-monitor-sealed join-unknown join-context-slot join-value-read-only
join-own-thread""".split()


def y(name, runtime, base, wait):
    return (f"- name: {name}\n  runtime: {runtime}\n  isolation:\n"
            f"  - base: {base:#x}\n    size: {SLOT:#x}\n    begin: {base:#x}\n    end: {base + SLOT:#x}\n"
            f"  callback_out: monitor\n  wait: {wait}\n")


def run_caller(iv, guest, tmp, caller_so, oks, label_base, faults=True):
    bad = []
    for mode in ((), ("--no-jit",)):
        d = os.path.join(tmp, label_base)
        os.makedirs(d, exist_ok=True)
        copy_as(guest, d, "cp_callee.so", "libcallee.so")
        copy_as(guest, d, caller_so, "libcaller.so")
        text = "cVMs:\n" + y("callee", "libcallee.so", 0x400000000, 0) + y("caller", "libcaller.so", 0x440000000, -1) + SYNC
        p, r = run_scenario(iv, d, text, extra=mode)
        label = label_base + (" --no-jit" if mode else "")
        want = sorted(["callee: quit"] + [f"ok {t}" for t in oks])
        got = sorted(l for l in p.stdout.split("\n") if l)
        if p.returncode != 0:
            bad.append(f"{label}: exit {p.returncode}, want 0: {p.stderr.strip()[-300:]}")
        if got != want:
            bad.append(f"{label}: lines differ: extra {sorted(set(got) - set(want))[:6]}, "
                       f"missing {sorted(set(want) - set(got))[:6]}")
        reports = [l for l in p.stderr.split("\n") if "during a CP_Call: the call ends" in l]
        exits = [l for l in p.stderr.split("\n") if "called exit (13) during a CP_Call" in l]
        peek = nm(os.path.join(d, "libcallee.so"), "peek_load")
        if not faults:
            if reports or exits:
                bad.append(f"{label}: unexpected fault or exit lines: {reports + exits}")
        elif len(reports) != 1 or "Length violation" not in p.stderr or peek is None or \
                f"pc 0x{0x400000000 + peek:016x}" not in p.stderr:
            bad.append(f"{label}: want one fault report at the callee's peek_load (bounds): {reports}")
        if faults and (len(exits) != 1 or "cVM 'callee' called exit (13)" not in exits[0]):
            bad.append(f"{label}: want one exit-in-a-call line: {exits}")
        sw = (r or {}).get("switcher") or {}
        if sw.get("contexts_in_use") != 0 or sw.get("calls") != sw.get("returns", 0) + sw.get("unwound", 0) or \
                (sw.get("unwound", 0) < 3 if faults else sw.get("calls", 0) < 4000):
            bad.append(f"{label}: switcher counts {sw}: want no context left, calls = returns + unwound, "
                       f"3+ unwound (fault, budget, exit)")
        if (r or {}).get("faults"):
            bad.append(f"{label}: {len(r['faults'])} faults in the JSON, want 0 (a CP_Call fault ends the call)")
    return not bad, bad


def cpcall_attacks(iv, guest, tmp):
    return run_caller(iv, guest, tmp, "cp_caller.so", CALLER_OK, "cp_call")


def cpcall_thread_attacks(iv, guest, tmp):
    return run_caller(iv, guest, tmp, "cp_caller_threads.so", CALLER_OK + THREADS_OK, "cp_threads")


def cpcall_stress(iv, guest, tmp):
    return run_caller(iv, guest, tmp, "cp_caller_stress.so", ["stress-all-calls-returned-1", "quit", "callee-gone"],
                      "cp_stress", faults=False)


def pthread_slots(iv, guest, tmp):
    """A handler cVM's threads (40) never get a stack slot its handler contexts may use: with
    `threads: 30` (contexts in slots 1..30) it gets 32 threads (slots 32..63), with the default
    16 contexts 46; every thread joins with its value."""
    bad = []
    for contexts, want in ((30, 32), (None, 46)):
        for mode in ((), ("--no-jit",)):
            d = os.path.join(tmp, f"slots{contexts}")
            os.makedirs(d, exist_ok=True)
            copy_as(guest, d, "cp_slots.so", "libslots.so")
            text = "cVMs:\n" + y("slots", "libslots.so", 0x400000000, -1) + \
                (f"  threads: {contexts}\n" if contexts else "")
            p, _ = run_scenario(iv, d, text, extra=mode)
            label = f"threads: {contexts or 'default'}" + (" --no-jit" if mode else "")
            lines = [l for l in p.stdout.split("\n") if l]
            exp = [f"created {want}", "ok refused-with-eagain", f"joined {want}"]
            if p.returncode != 0 or lines != exp:
                bad.append(f"{label}: exit {p.returncode}, lines {lines}, want {exp}: {p.stderr.strip()[-300:]}")
    return not bad, bad


def scenarios():
    return [(f.__name__, f) for f in (cpcall_attacks, cpcall_thread_attacks, cpcall_stress, pthread_slots)]
