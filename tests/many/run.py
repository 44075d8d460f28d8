#!/usr/bin/env python3
"""run.py INTRAVISOR GUEST_DIR [N [CALLERS]] [--no-rss] - many small cVMs in one process (issue 12 item 5).

  many-N     N pure-cap cVMs (default 1000) in 16 MiB slots, ids 64 .. 63+N (past the reference's
             199), each deployed, run (it prints "hello second "), exit 0: exactly N hello
             lines, N summary lines in file order with their exact id, end=exit exit_value=0,
             exit status 0, and at most 128 KiB of the monitor's peak RSS per added cVM (and
             per cVM in all from N = 1000 on)
  ctx-wait   CALLERS cVMs (default 1000) at once through one handler cVM with 4 contexts
             (threads: 4): every line arrives (exact count), exit status 0
  ctx-scale  a handler with threads: 100 gets 100 contexts (its stack region grows to 102
             slots) and serves 100 callers at once; threads: 1024 in a 16 MiB slot is a config
             error at its line:col, nothing deployed
  ctx-timeout  a handler that never returns holds its only context (threads: 1): the second
             caller's write returns -EAGAIN (-11) after --context-wait 0.3, its exit (no context
             either) is served by the monitor, so it ends with exit value -11 while the first
             is stopped by --timeout (124); the --report JSON's switcher counts say so exactly
  map-limit  vm.max_map_count / 6 + 50 cVMs (more host mappings than the kernel allows) are
             refused before anything is deployed, at the first cVM past the limit (exact
             message; skipped where the limit is above 70,000)
Prints one line per failed check and ends with "N passed, N failed".
"""
import json
import os
import re
import subprocess
import sys
import tempfile

args = [a for a in sys.argv[1:] if not a.startswith("--")]
NO_RSS = "--no-rss" in sys.argv   # ASan builds: the sanitizer's memory is not the monitor's
IV = os.path.realpath(args[0])
G = os.path.realpath(args[1])
N = int(args[2]) if len(args) > 2 else 1000
CALLERS = int(args[3]) if len(args) > 3 else 1000
SLOT = 0x1000000        # 16 MiB, the smallest slot (intravisor.md 10)
FIRST_ID = 64           # above upstream's capfile area [0x10000000, 0x40000000)
RSS_PER_CVM = 128 * 1024

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def cvm(name, runtime, base, extra="", wait=-1):
    return (f"- name: {name}\n  runtime: {runtime}\n  isolation:\n  - base: {base:#x}\n    size: {SLOT:#x}\n"
            f"  wait: {wait}\n{extra}")


def run(cfg, *opts):
    """(completed process, the monitor's peak RSS in bytes)"""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pr = subprocess.Popen([IV, *opts, "-y", cfg], stdout=out, stderr=err)
        _, status, ru = os.wait4(pr.pid, 0)
        pr.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        p = subprocess.CompletedProcess(pr.args, pr.returncode, out.read().decode(), err.read().decode())
    return p, ru.ru_maxrss * 1024


with tempfile.TemporaryDirectory() as tmp:
    second = os.path.join(G, "two-pure", "libsecond.so")
    cfg = os.path.join(tmp, "many.yaml")
    with open(cfg, "w") as f:
        f.write("cVMs:\n" + cvm("c0", second, FIRST_ID * SLOT))
    _, rss1 = run(cfg)
    with open(cfg, "w") as f:
        f.write("cVMs:\n" + "".join(cvm(f"c{i}", second, (FIRST_ID + i) * SLOT) for i in range(N)))
    p, rss = run(cfg)
    out = p.stdout.splitlines()
    hello = [l for l in out if l.startswith("hello")]
    summary = [l for l in out if l.startswith("summary:")]
    check(p.returncode == 0, f"many-{N}: exit status {p.returncode}, stderr {p.stderr[-300:]!r}")
    check(hello == ["hello second "] * N, f"many-{N}: {len(hello)} hello lines, want {N} of 'hello second '")
    want = [f"summary: cvm='c{i}' id={FIRST_ID + i} thread=0 end=exit exit_value=0 " for i in range(N)]
    got = [re.sub(r"instructions=.*", "", l) for l in summary]
    check(got == want, f"many-{N}: summary lines differ: first bad {next((g for g, w in zip(got, want) if g != w), len(got))!r}")
    check(len([l for l in out if l.startswith("Deploy ")]) == N, f"many-{N}: not {N} 'Deploy' lines")
    marginal = (rss - rss1) / max(N - 1, 1)
    print(f"many-{N}: peak RSS {rss / 1024 / 1024:.1f} MiB = {rss / N / 1024:.1f} KiB per cVM "
          f"(one cVM: {rss1 / 1024 / 1024:.1f} MiB; each more: {marginal / 1024:.1f} KiB)")
    check(NO_RSS or marginal <= RSS_PER_CVM, f"many-{N}: {marginal:.0f} bytes of RSS per added cVM > {RSS_PER_CVM}")
    check(NO_RSS or N < 1000 or rss <= RSS_PER_CVM * N, f"many-{N}: peak RSS {rss} > {RSS_PER_CVM} per cVM")

    # ctx-wait: 1000 callers at once (wait: 0) through first's syscall_handler, which has 4
    # contexts (threads: 4): most calls wait for a context, none is lost
    os.symlink(os.path.join(G, "two-pure", "libfirst.so"), os.path.join(tmp, "libfirst.so"))
    first = "libfirst.so"   # callback_out names a runtime as written: relative to the config
    callers = CALLERS
    cfg = os.path.join(tmp, "callers.yaml")
    with open(cfg, "w") as f:
        f.write("cVMs:\n" + cvm("first", first, FIRST_ID * SLOT, "  threads: 4\n")
                + "".join(cvm(f"s{i}", second, (FIRST_ID + 1 + i) * SLOT, "  callback_out: libfirst.so\n",
                              wait=0 if i < callers - 1 else -1) for i in range(callers)))
    p, _ = run(cfg, "-q")
    out = p.stdout.splitlines()
    check(p.returncode == 0, f"ctx-wait: exit status {p.returncode}, stderr {p.stderr[-300:]!r}")
    check(out.count("hello second ") == callers and out.count("hello first(syscall-handler) ") == 1 and len(out) == callers + 1,
          f"ctx-wait: {out.count('hello second ')} of {callers} hello lines, {len(out)} lines in all")

    # ctx-scale: the handler's contexts come from threads: (issue 11 item 3): 100 of them need
    # 102 stack slots of 64 KiB in a 16 MiB slot, more than the 64 of the default region, so
    # the region grows to 102 slots; 100 callers at once all get through
    cfg = os.path.join(tmp, "scale.yaml")
    with open(cfg, "w") as f:
        f.write("cVMs:\n" + cvm("first", first, FIRST_ID * SLOT, "  threads: 100\n")
                + "".join(cvm(f"s{i}", second, (FIRST_ID + 1 + i) * SLOT, "  callback_out: libfirst.so\n",
                              wait=0 if i < 99 else -1) for i in range(100)))
    p, _ = run(cfg)
    out = p.stdout.splitlines()
    top = (FIRST_ID + 1) * SLOT
    check(p.returncode == 0 and out.count("hello second ") == 100, f"ctx-scale: exit {p.returncode}, {out.count('hello second ')} lines")
    check(f"cVM size 1000000 (CVM_MAX_SIZE is 40000000): id {FIRST_ID}, stacks 102 x 10000" in out
          and f"[cVM STACKs] = [{top - 102 * 0x10000:#x} -- {top:x}]" in out, "ctx-scale: the stack region is not 102 slots of 64 KiB")
    # ... and 1024 of them (1026 slots, 64 MiB) do not fit a 16 MiB slot: an error at threads:
    with open(cfg, "w") as f:
        f.write("cVMs:\n" + cvm("first", first, FIRST_ID * SLOT, "  threads: 1024\n"))
    p, _ = run(cfg)
    want = (f"intravisor: error: {cfg}:8:12: too many entries: cVM 'first': 1024 handler contexts need 1026 stack "
            "slots of 0x10000 bytes; with its image (0xcdaa bytes) they do not fit its slot of 0x1000000: lower 'threads' "
            "or use a larger slot")
    check(p.returncode == 1 and p.stderr.strip() == want and p.stdout.count("Deploy") == 0,
          f"ctx-too-many: exit {p.returncode}: {p.stderr.strip()!r}")

    # ctx-timeout: stuck's only context (threads: 1) is held by one caller forever; the other
    # waits --context-wait 0.3 s per call and gets -11; --timeout ends both
    os.symlink(os.path.join(G, "many", "libstuck.so"), os.path.join(tmp, "libstuck.so"))
    stuck = "libstuck.so"
    caller = os.path.join(G, "many", "libcaller.so")
    cfg = os.path.join(tmp, "stuck.yaml")
    with open(cfg, "w") as f:
        f.write("cVMs:\n" + cvm("stuck", stuck, FIRST_ID * SLOT, "  threads: 1\n")
                + cvm("a", caller, (FIRST_ID + 1) * SLOT, "  callback_out: libstuck.so\n", wait=0)
                + cvm("b", caller, (FIRST_ID + 2) * SLOT, "  callback_out: libstuck.so\n"))
    rep = os.path.join(tmp, "stuck.json")
    p, _ = run(cfg, "-q", "--context-wait", "0.3", "--timeout", "1.5", "--report", rep)
    summary = [re.sub(r" instructions=.*", "", l) for l in p.stdout.splitlines() if l.startswith("summary:")]
    with open(rep) as f:
        report = json.load(f)
    sw = report.get("switcher")
    # a and b start together: one enters stuck (1 call, unwound at the timeout), the other's
    # write waits and is refused with -11; its exit (which also goes through stuck) waits too,
    # finds no context and is served by the monitor: that caller exits with the write's -11.
    # stuck's write and exit were the monitor's; no context is left taken
    want = {"calls": 1, "returns": 0, "served": 3, "refused": 1, "waited": 2, "unwound": 1, "contexts_in_use": 0}
    check(p.returncode == 124 and sw == want, f"ctx-timeout: exit {p.returncode}, switcher {sw}")
    ends = {c["name"]: (c["end"], c["exit_value"]) for c in report.get("cvms", [])}
    check(ends.get("stuck") == ("exit", 0) and sorted([ends.get("a"), ends.get("b")], key=str) ==
          [("exit", -11), ("timeout", None)], f"ctx-timeout: the refused caller did not exit with -11: {ends}")
    check(p.stderr.count("a0   0xfffffffffffffff5") == 0, "ctx-timeout: a caller still spins with a0 = -11 (HC_EAGAIN)")
    check(p.stdout == "stuck ready\n", f"ctx-timeout: -q output {p.stdout!r}")

    # map-limit: a config whose cVMs would need more host mappings than vm.max_map_count
    # (6 per cVM: 2 for the slot, 4 for its running thread; map_budget.c) is refused before
    # anything is deployed, at the line of the first cVM past the limit
    with open("/proc/sys/vm/max_map_count") as f:
        limit = int(f.read())
    if limit > 70000:
        print(f"SKIP: map-limit: vm.max_map_count is {limit}: the config would need {limit // 6} cVMs")
    else:
        n = limit // 6 + 50
        cfg = os.path.join(tmp, "maplimit.yaml")
        with open(cfg, "w") as f:
            f.write("cVMs:\n" + "".join(cvm(f"c{i}", second, (FIRST_ID + i) * SLOT) for i in range(n)))
        p, _ = run(cfg, "-q")
        m = re.search(r"(\d+) in use now\)", p.stderr)
        used = int(m.group(1)) if m else 0
        k = (limit - used) // 6          # the first cVM index past the limit
        need = used + 6 * n
        want = (f"intravisor: error: {cfg}:{2 + 6 * k}:9: the config needs more host memory mappings than the kernel "
                f"allows (vm.max_map_count): cVM 'c{k}' ({k + 1} of {n}) does not fit: the {n} cVMs need about {need} "
                f"mappings (6 per cVM, 2 per context of a handler cVM, {used} in use now), vm.max_map_count is {limit}; "
                f"deploy fewer cVMs or handler 'threads', or raise the limit (sysctl -w vm.max_map_count="
                f"{(need + need // 4 + 4095) // 4096 * 4096})")
        check(p.returncode == 1 and p.stderr.strip() == want and p.stdout == "" and 10 < used < 1000,
              f"map-limit: exit {p.returncode}: {p.stderr.strip()[:400]!r}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
