#!/usr/bin/env python3
"""run.py --intravisor IV --guest DIR --src tests/security [--race BIN] [-v]

The security suite (issue "Isolation you can trust").

1. Attacks: every tests/security/attacks/NAME.S and raw/NAME.S is a cVM (DIR/libNAME.so) that
   tries one way out. Its header says how it must end:
     EXPECT: fault cause=N [cheri=0xNN] [idx=N] [pc=LABEL|LIB:LABEL|0xADDR] [in=CVM] [kind=K]
                                  (K: trap (default), bad-return, gate: report.h)
     EXPECT: exit                 (a hostcall attack: the monitor refuses, the cVM carries on)
     EXPECT: budget               (stopped by --budget)
     CALLBACK: victim|buggy|monitor   who serves the attacker's hostcalls (default monitor)
     VICTIM_CALLBACK: attacker    the victim's hostcalls go to the attacker (default monitor)
     ORDER: victim-first          the victim runs first (default: the attacker first)
     WAIT: 0                      the attacker's wait (0: the victim starts at once, concurrently)
     BUDGET: N                    run with --budget N
     OUT: TEXT                    a line the run must print (in order; several allowed)
     XFAIL: WHY                   a known escape (FINDINGS.md): counted and shown, not a failure
     SLOTS: small                 16 MiB slots at the top of the id (otype) space: victim id
                                  0x3fffa, attacker 0x3fffb, adjacent (attack.h SMALL_*)
   Each runs as "attacker" (id 17) before "victim" (id 16, libvictim.so), which then checks its
   secret and must print "victim: secret intact". The verdict comes from the JSON report
   (--report): exactly one fault, in the attacker, with the expected cause, CHERI cause,
   capability index, pc (LABEL looked up with nm in the attacker, or in LIB) and call chain;
   the exit status (2 fault, 4 budget, 0 exit); the victim's line; and no "ESCAPED"/"BAD" line.
2. Bad input (badinput.py): malformed configs and images, each must stop intravisor with exit
   status 1, one error line naming the file and the problem, nothing deployed. Also run under
   the ASan build (build/asan/intravisor) when it exists.
3. The race (--race BIN): see race.c.
4. Random attacks (--random N, default 24): randattack.py.
5. Scenarios with handler chains (handler_exhaustion, handler_exhaustion_concurrent,
   handler_exhaustion_nested: FINDINGS.md F3) and the switcher's (switcher.py: a return from
   another thread, an exit while a call is in flight, 100 threads over three-level chains, a
   --budget sweep over a call path); also selectable by name as `only` arguments.
Last line: "N passed, N failed" (expected failures are listed, not counted as failures; an
XFAIL attack that passes is a failure: remove its mark).
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import badinput  # noqa: E402
import randattack  # noqa: E402
import files  # noqa: E402
import sharing  # noqa: E402
import capstream  # noqa: E402
import cpcall  # noqa: E402
import switcher  # noqa: E402
from scenario import copy_as, nm, run_scenario  # noqa: E402

VICTIM_BASE = 0x400000000
SELF_BASE = 0x440000000
SMALL = 0x1000000               # "SLOTS: small": 16 MiB slots, ids 0x3fffa / 0x3fffb (attack.h)
SMALL_VICTIM_BASE = 0x3fffa000000
SMALL_SELF_BASE = 0x3fffb000000
BUGGY_BASE = 0x480000000
VICTIM_LINE = "victim: secret intact"
GUEST_DIR = [None]


def header(path):
    h = {"out": []}
    with open(path) as f:
        for line in f:
            m = re.match(r"^\s*\*?\s*(EXPECT|CALLBACK|VICTIM_CALLBACK|ORDER|WAIT|BUDGET|OUT|XFAIL|SLOTS|ISOLATION):\s*(.*?)\s*$", line)
            if not m:
                continue
            key, val = m.group(1), m.group(2)
            if key == "OUT":
                h["out"].append(val)
            elif key == "EXPECT":
                words = val.split()
                h["expect"] = words[0]
                h["kv"] = dict(w.split("=", 1) for w in words[1:])
            else:
                h[key.lower()] = val
    return h


def cvm_yaml(name, runtime, base, callback, wait=-1, size=0x40000000):
    return (f"- name: {name}\n  runtime: {runtime}\n  args: /ld.so /app/sc_main\n  isolation:\n"
            f"  - base: {base:#x}\n    size: {size:#x}\n    begin: {base:#x}\n"
            f"    end: {base + size:#x}\n  callback_out: {callback}\n  wait: {wait}\n")


def faulting_callers(guest, d, base, handler, concurrent=False):
    """17 copies of chain_fault_in_handler (a0..a16) in consecutive slots from base, each calling
    through handler, one after the other (wait -1) or all at once (wait 0, the 17th 1).
    -> (names, their YAML)"""
    callers, y = [f"a{i}" for i in range(17)], ""
    for i, a in enumerate(callers):
        copy_as(guest, d, "libchain_fault_in_handler.so", f"lib{a}.so")
        wait = (1 if i == 16 else 0) if concurrent else -1
        y += cvm_yaml(a, f"lib{a}.so", base + i * 0x40000000, handler, wait)
    return callers, y

def run_attack(iv, guest, name, src, tmp, verbose):
    """-> (ok, [problems], log)"""
    h = header(src)
    lib = f"lib{name}.so"
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    for so in (lib, "libvictim.so", "libbuggy.so"):
        shutil.copy(os.path.join(guest, so), d)
    cb = h.get("callback", "monitor")
    cb_rt = {"victim": "libvictim.so", "buggy": "libbuggy.so", "monitor": "monitor"}[cb]
    vcb = {"attacker": lib, "monitor": "monitor"}[h.get("victim_callback", "monitor")]
    small = h.get("slots") == "small"
    self_base, victim_base, size = (SMALL_SELF_BASE, SMALL_VICTIM_BASE, SMALL) if small else (SELF_BASE, VICTIM_BASE, 0x40000000)
    self_id = self_base // size
    ya = cvm_yaml("attacker", lib, self_base, cb_rt, h.get("wait", "-1"), size)
    wide = h.get("isolation") == "wide"
    if wide:   # begin one slot below, end one slot above: a warning each, the slot's bounds kept
        ya = ya.replace(f"begin: {self_base:#x}", f"begin: {self_base - size:#x}")
        ya = ya.replace(f"end: {self_base + size:#x}", f"end: {self_base + 2 * size:#x}")
    yv = cvm_yaml("victim", "libvictim.so", victim_base, vcb, size=size)
    y = "cVMs:\n" + (yv + ya if h.get("order") == "victim-first" else ya + yv)
    if cb == "buggy":
        y += cvm_yaml("buggy", "libbuggy.so", BUGGY_BASE, "monitor")
    with open(os.path.join(d, "s.yaml"), "w") as f:
        f.write(y)
    rep = os.path.join(d, "report.json")
    cmd = [iv, "-q", "--report", rep, "-y", os.path.join(d, "s.yaml")]
    if "budget" in h:
        cmd[1:1] = ["--budget", h["budget"]]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return False, ["timeout (20 s)"], ""
    bad = []
    log = f"$ {' '.join(cmd)}\nexit {p.returncode}\n--- stdout\n{p.stdout}--- stderr\n{p.stderr}"
    try:
        with open(rep) as f:
            r = json.load(f)
    except (OSError, ValueError) as e:
        return False, [f"no JSON report: {e}"], log
    out = p.stdout.splitlines()
    cfg_warning = re.compile(r"^intravisor: warning: \S+\.yaml:\d+:\d+: ")
    warned = [l for l in p.stderr.splitlines() if cfg_warning.match(l)]
    want_warn = [f"intravisor: warning: {d}/s.yaml:8:12: cVM 'attacker': begin {self_base - size:#x} is ignored: "
                 f"its capabilities cover its slot from base {self_base:#x}",
                 f"intravisor: warning: {d}/s.yaml:9:10: cVM 'attacker': end {self_base + 2 * size:#x} is ignored: "
                 f"its capabilities cover its slot to base + size {self_base + size:#x}"] if wide else []
    if warned != want_warn:
        bad.append(f"config warnings {warned}, want {want_warn}")
    p.stderr = "".join(l + "\n" for l in p.stderr.splitlines() if not cfg_warning.match(l))
    if "ESCAPED: the attack did not fault" in out:
        bad.append("the attack ran past the instruction that must fault (ESCAPED)")
    if any(l.startswith("BAD ") for l in out):
        bad.append("a hostcall check failed: " + "; ".join(l for l in out if l.startswith("BAD ")))
    if out.count(VICTIM_LINE) != 1:
        bad.append(f"the victim did not print '{VICTIM_LINE}' exactly once (its secret changed, or it did not run)")
    ends = {c["name"]: c["end"] for c in r["cvms"]}
    if ends.get("victim") != "exit":
        bad.append(f"victim ended with '{ends.get('victim')}', not exit")
    if r["exit_status"] != p.returncode:
        bad.append(f"report exit_status {r['exit_status']} != process exit {p.returncode}")
    k = h.get("expect")
    faults = r["faults"]
    if k == "exit":
        if p.returncode != 0:
            bad.append(f"exit status {p.returncode}, want 0")
        if faults:
            bad.append(f"{len(faults)} fault(s) reported, want none: {faults[0]['cause_name']} at {faults[0]['pc']}")
    elif k in ("fault", "budget"):
        want_rc = 2 if k == "fault" else 4
        if p.returncode != want_rc:
            bad.append(f"exit status {p.returncode}, want {want_rc}")
        if len(faults) != 1:
            bad.append(f"{len(faults)} faults reported, want 1")
        if faults:
            f0 = faults[0]
            if f0["cvm"] != "attacker":
                bad.append(f"the fault is in '{f0['cvm']}', not the attacker")
            if ends.get("attacker") != ("fault" if k == "fault" else "budget"):
                bad.append(f"attacker ended with '{ends.get('attacker')}'")
            if k == "budget":
                if f0["kind"] != "budget" or f0["cause_name"] != "instruction budget exhausted":
                    bad.append(f"kind {f0['kind']} / {f0['cause_name']}, want the budget")
                elif "budget" in h and f0["instret"] != int(h["budget"], 0):
                    bad.append(f"stopped after {f0['instret']} instructions, want {h['budget']}")
            else:
                kv = h["kv"]
                got = {"cause": f0["cause"], "cheri": f0["cheri_cause"], "idx": f0["cap_index"]}
                for key in ("cause", "cheri", "idx"):
                    if key in kv and got[key] != int(kv[key], 0):
                        bad.append(f"{key} {got[key]}, want {kv[key]} "
                                   f"(got {f0['cause_name']} / {f0['cheri_cause_name']} on {f0['cap_reg']} at {f0['pc']}: {f0['disasm']})")
                if kv.get("kind", "trap") != f0["kind"]:
                    bad.append(f"kind {f0['kind']}, want {kv.get('kind', 'trap')}")
                if "pc" in kv and kv["pc"].startswith("0x"):
                    if int(f0["pc"], 16) != int(kv["pc"], 16):
                        bad.append(f"pc {f0['pc']}, want {kv['pc']}")
                elif "pc" in kv:
                    where, label = (kv["pc"].split(":", 1) + [None])[:2] if ":" in kv["pc"] else (lib, kv["pc"])
                    so = os.path.join(d, where if where.endswith(".so") else f"lib{where}.so")
                    base = {f"lib{name}.so": self_base, "libvictim.so": victim_base, "libbuggy.so": BUGGY_BASE}[os.path.basename(so)]
                    off = nm(so, label)
                    if off is None:
                        bad.append(f"no symbol {label} in {so}")
                    elif int(f0["pc"], 16) != base + off:
                        bad.append(f"pc {f0['pc']}, want {label} = {base + off:#x}")
                want_in = kv.get("in")
                got_in = f0["in_cvm"]["name"] if f0["in_cvm"] else None
                if want_in != got_in:
                    bad.append(f"call chain: fault in cVM {got_in}, want {want_in}")
                # the text report names the cVM (and the chain)
                first = p.stderr.splitlines()[0] if p.stderr else ""
                if not first.startswith(f"intravisor: cVM 'attacker' (id {self_id}, {lib}) thread 0 faulted"):
                    bad.append(f"stderr does not start with the fault line: {first!r}")
                last = p.stderr.splitlines()[-1] if p.stderr else ""
                if not last.startswith("intravisor: exit status 2 (") or f"cVM 'attacker' (id {self_id}) thread 0" not in last:
                    bad.append(f"stderr does not end with the exit status summary: {last[:160]!r}")
                if want_in and f"in cVM '{want_in}'" not in p.stderr:
                    bad.append("stderr does not name the cVM the fault happened in")
    else:
        bad.append(f"no EXPECT line in {src}")
    pos = 0
    stripped = [l.rstrip() for l in out]
    for line in h["out"]:
        try:
            pos = stripped.index(line, pos) + 1
        except ValueError:
            bad.append(f"missing output line {line!r}")
    return not bad, bad, log



def check_faults_in(r, callers, in_cvm, pc, bad):
    """Every caller in `callers` faulted once, with a CHERI tag fault at pc in cVM in_cvm."""
    got = sorted(f["cvm"] for f in r["faults"])
    if got != sorted(callers):
        bad.append(f"{len(got)} faults ({', '.join(got[:4])}...), want one per caller ({len(callers)}): "
                   "a caller that found no free context got HC_EAGAIN")
    for f in r["faults"]:
        where = f["in_cvm"]["name"] if f["in_cvm"] else None
        if f["cause"] != 28 or f["cheri_cause"] != 2 or where != in_cvm or int(f["pc"], 16) != pc:
            bad.append(f"{f['cvm']}: {f['cause_name']}/{f['cheri_cause_name']} at {f['pc']} in {where}, "
                       f"want the tag fault at {pc:#x} in {in_cvm}")
            break


def handler_exhaustion(iv, guest, tmp):
    """F3: 17 cVMs each fault inside the handler cVM "buggy" they call (one after the other);
    then the victim calls buggy for its write. Each fault ends a thread that holds one of
    buggy's 16 contexts: the monitor must release it (run_release.c). Must: all 17 callers are
    served (each faults in buggy at buggy_fault: none gets HC_EAGAIN), the victim's write
    arrives, exit status 2. -> (ok, problems)"""
    d = os.path.join(tmp, "exhaustion")
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "libbuggy.so", "libbuggy.so")
    copy_as(guest, d, "libvictim.so", "libvictim.so")
    y = "cVMs:\n" + cvm_yaml("buggy", "libbuggy.so", 0x400000000, "monitor")
    callers, ys = faulting_callers(guest, d, 0x440000000, "libbuggy.so")
    y += ys + cvm_yaml("victim", "libvictim.so", 0x440000000 + 17 * 0x40000000, "libbuggy.so")
    p, r = run_scenario(iv, d, y)
    if r is None:
        return False, ["no JSON report"]
    bad = []
    check_faults_in(r, callers, "buggy", 0x400000000 + nm(os.path.join(d, "libbuggy.so"), "buggy_fault"), bad)
    out = p.stdout.splitlines()
    if out.count(VICTIM_LINE) != 1:
        bad.append("the victim's write through the handler was lost (HC_EAGAIN: every context is held by a faulted caller)")
    if "ESCAPED: the attack did not fault" in out:
        bad.append("a caller's call came back (HC_EAGAIN) instead of faulting in buggy")
    ends = {c["name"]: c["end"] for c in r["cvms"]}
    if ends.get("victim") != "exit" or ends.get("buggy") != "exit":
        bad.append(f"victim ended with {ends.get('victim')}, buggy with {ends.get('buggy')}, want exit")
    if p.returncode != 2:
        bad.append(f"exit status {p.returncode}, want 2")
    return not bad, bad


def handler_exhaustion_concurrent(iv, guest, tmp):
    """F3 with the callers at once (wait: 0): 17 callers fault in buggy concurrently, so the
    monitor releases contexts while other threads take them (run_release.c: atomic swaps and a
    compare-and-swap on the busy word). A caller may find all 16 contexts taken at that moment
    (HC_EAGAIN: it prints ESCAPED and exits); one second after the last one starts, the victim
    writes through buggy. Must: every caller either faulted in buggy or got HC_EAGAIN, the
    victim's write arrives (no context stays taken), exit status 2. -> (ok, problems)"""
    d = os.path.join(tmp, "exhaustion-concurrent")
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "libbuggy.so", "libbuggy.so")
    copy_as(guest, d, "libvictim.so", "libvictim.so")
    y = "cVMs:\n" + cvm_yaml("buggy", "libbuggy.so", 0x400000000, "monitor")
    callers, ys = faulting_callers(guest, d, 0x440000000, "libbuggy.so", concurrent=True)
    y += ys + cvm_yaml("victim", "libvictim.so", 0x440000000 + 17 * 0x40000000, "libbuggy.so")
    p, r = run_scenario(iv, d, y)
    if r is None:
        return False, ["no JSON report"]
    bad = []
    out = p.stdout.splitlines()
    pc = 0x400000000 + nm(os.path.join(d, "libbuggy.so"), "buggy_fault")
    eagain = out.count("ESCAPED: the attack did not fault")
    if len(r["faults"]) + eagain != 17:
        bad.append(f"{len(r['faults'])} faults + {eagain} HC_EAGAIN, want 17 callers")
    for f in r["faults"]:
        where = f["in_cvm"]["name"] if f["in_cvm"] else None
        if f["cvm"] not in callers or where != "buggy" or int(f["pc"], 16) != pc:
            bad.append(f"fault of {f['cvm']} at {f['pc']} in {where}, want a caller's at {pc:#x} in buggy")
            break
    if out.count(VICTIM_LINE) != 1:
        bad.append("the victim's write through buggy was lost (a context stayed taken)")
    if p.returncode != 2:
        bad.append(f"exit status {p.returncode}, want 2")
    return not bad, bad


def handler_exhaustion_nested(iv, guest, tmp):
    """F3 through two handlers: 17 callers call "mid" (a handler cVM, libvictim.so: it forwards
    write to its own callback), which forwards their untagged buffer to "buggy", which faults
    on it. Each thread ends holding a context of buggy (the one it ran on) and one of mid (in a
    call: released because its call-in-flight word is taken by the monitor). Then "check" (a
    third copy of the victim) writes through mid and buggy. Must: 17 faults in buggy, mid's
    and check's lines both arrive. -> (ok, problems)"""
    d = os.path.join(tmp, "exhaustion-nested")
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "libbuggy.so", "libbuggy.so")
    copy_as(guest, d, "libvictim.so", "libmid.so")
    copy_as(guest, d, "libvictim.so", "libcheck.so")
    y = "cVMs:\n" + cvm_yaml("buggy", "libbuggy.so", 0x400000000, "monitor")
    y += cvm_yaml("mid", "libmid.so", 0x440000000, "libbuggy.so")
    callers, ys = faulting_callers(guest, d, 0x480000000, "libmid.so")
    y += ys + cvm_yaml("check", "libcheck.so", 0x480000000 + 17 * 0x40000000, "libmid.so")
    p, r = run_scenario(iv, d, y)
    if r is None:
        return False, ["no JSON report"]
    bad = []
    check_faults_in(r, callers, "buggy", 0x400000000 + nm(os.path.join(d, "libbuggy.so"), "buggy_fault"), bad)
    out = p.stdout.splitlines()
    if out.count(VICTIM_LINE) != 2:
        bad.append(f"{out.count(VICTIM_LINE)} of 2 writes through mid arrived (mid's own, check's through mid and buggy)")
    ends = {c["name"]: c["end"] for c in r["cvms"]}
    for n in ("buggy", "mid", "check"):
        if ends.get(n) != "exit":
            bad.append(f"{n} ended with {ends.get(n)}, want exit")
    if p.returncode != 2:
        bad.append(f"exit status {p.returncode}, want 2")
    return not bad, bad


def cli_checks(iv, tmp):
    """--help documents every exit status; a bad --budget is a usage error (1), an unwritable --report
    file the monitor's (3), before anything is deployed."""
    p = f = 0
    helptext = subprocess.run([iv, "--help"], stdout=subprocess.PIPE, text=True).stdout
    for code in ("0  every cVM thread ended", "1  usage, config or image error", "2  a cVM thread trapped",
                 "3  the monitor could not", "4  a cVM thread used its --budget"):
        if code in helptext:
            p += 1
        else:
            f += 1
            print(f"FAIL  --help does not document exit status '{code}'")
    cfg = os.path.join(tmp, "cli.yaml")
    with open(cfg, "w") as fh:
        fh.write("cVMs: []\n")
    for args, want, status in ((["--budget", "0"], "needs a number", 1), (["--budget", "x"], "needs a number", 1),
                               (["--budget"], "needs a number", 1),
                               (["--report", os.path.join(tmp, "no", "such", "dir.json")], "cannot write the report", 3)):
        r = subprocess.run([iv, "-y", cfg] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode == status and want in r.stderr and not r.stdout:
            p += 1
        else:
            f += 1
            print(f"FAIL  intravisor {' '.join(args)}: exit {r.returncode}, stderr {r.stderr.strip()!r}")
    # a cVM name that needs JSON escaping (quote, backslash, tab) still gives a valid report
    d = os.path.join(tmp, "cli-name")
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(GUEST_DIR[0], "libload_one_past.so"), d)
    y = "cVMs:\n" + cvm_yaml("x", "libload_one_past.so", SELF_BASE, "monitor").replace("name: x", 'name: "q\\"b\\\\s\\tt"')
    with open(os.path.join(d, "s.yaml"), "w") as fh:
        fh.write(y)
    rep = os.path.join(d, "r.json")
    r = subprocess.run([iv, "-q", "--report", rep, "-y", os.path.join(d, "s.yaml")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with open(rep) as fh:
            ok = json.load(fh)["faults"][0]["cvm"] == 'q"b\\s\tt'
    except (OSError, ValueError, KeyError, IndexError):
        ok = False
    if ok and r.returncode == 2:
        p += 1
    else:
        f += 1
        print(f"FAIL  a cVM name with a quote, a backslash and a tab: exit {r.returncode}, report not valid JSON or wrong name")
    # a config error with --report: the JSON says so
    rep = os.path.join(tmp, "cli-report.json")
    r = subprocess.run([iv, "-q", "--report", rep, "-y", cfg], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with open(rep) as fh:
            j = json.load(fh)
        ok = r.returncode == 1 and j["exit_status"] == 1 and j["error"] and j["faults"] == []
    except (OSError, ValueError, KeyError):
        ok = False
    if ok:
        p += 1
    else:
        f += 1
        print(f"FAIL  --report with a config error: exit {r.returncode}, report {open(rep).read()[:200]!r}")
    return p, f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--intravisor", required=True)
    ap.add_argument("--guest", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--race")
    ap.add_argument("--random", type=int, default=24, help="random attack programs (randattack.py)")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    iv = os.path.abspath(a.intravisor)
    GUEST_DIR[0] = a.guest
    passed = failed = 0
    xfails, xpasses = [], []
    with tempfile.TemporaryDirectory() as tmp:
        srcs = sorted(glob.glob(os.path.join(a.src, "attacks", "*.S")) + glob.glob(os.path.join(a.src, "raw", "*.S")))
        n_attacks = 0
        for src in srcs:
            name = os.path.basename(src)[:-2]
            if a.only and name not in a.only:
                continue
            n_attacks += 1
            ok, problems, log = run_attack(iv, a.guest, name, src, tmp, a.v)
            xf = header(src).get("xfail")
            if xf:
                if ok:
                    xpasses.append(name)
                    failed += 1
                    print(f"XPASS {name}: marked XFAIL ({xf}) but it passes: remove the mark")
                else:
                    xfails.append((name, xf, problems))
                continue
            if ok:
                passed += 1
                if a.v:
                    print(f"ok    {name}")
            else:
                failed += 1
                print(f"FAIL  {name}: " + "; ".join(problems))
                if a.v:
                    print(log)
        print(f"attacks: {n_attacks} run, {n_attacks - len(xfails) - len(xpasses) - (failed - len(xpasses))} as expected")
        for name, why, problems in xfails:
            print(f"XFAIL {name} ({why}): " + "; ".join(problems))
        # scenarios with several cVMs in other roles (handler chains, the switcher): F2, F3
        scenarios = [(f.__name__, f) for f in (handler_exhaustion, handler_exhaustion_concurrent,
                                               handler_exhaustion_nested)] + switcher.scenarios() + sharing.scenarios() \
            + cpcall.scenarios() + files.scenarios() + capstream.scenarios()
        for name, scenario in scenarios:
            if a.only and name not in a.only:
                continue
            ok, problems = scenario(iv, a.guest, tmp)
            if ok:
                passed += 1
                if a.v:
                    print(f"ok    {name}")
            else:
                failed += 1
                print(f"FAIL  {name}: " + "; ".join(problems))
        if not a.only:
            ivs = [iv]
            asan = os.path.join(os.path.dirname(iv), "asan", "intravisor")
            if os.path.exists(asan) and os.path.realpath(asan) != os.path.realpath(iv):
                if os.path.getmtime(asan) >= os.path.getmtime(iv):
                    ivs.append(asan)
                else:   # left over from an older tree: it would test old code
                    print(f"note  {asan} is older than {iv}: skipped (make MODE=asan rebuilds it)")
            for exe in ivs:
                p, f = badinput.run_all(exe, a.guest, os.path.join(tmp, "bad-" + os.path.basename(os.path.dirname(exe))), a.v)
                passed += p
                failed += f
            root = os.path.abspath(os.path.join(a.src, "..", ".."))
            flags = ["-march=rv64imafd", "-mabi=lp64d", "-shared", "-nostdlib", "-fPIC", f"-I{root}/sdk/include",
                     f"-Wl,-T,{root}/sdk/cvm.ld", "-Wl,-e,outer_c", "-Wl,-Bsymbolic", "-Wl,-x", "-Wl,--no-undefined",
                     "-Wl,--build-id=none"]
            p, f = randattack.run_all(iv, os.path.abspath(a.guest), os.path.abspath(a.src), tmp, a.random, cvm_yaml, flags)
            passed += p
            failed += f
            p, f = cli_checks(iv, tmp)
            passed += p
            failed += f
            if a.race:
                r = subprocess.run([a.race], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
                print("\n".join(r.stdout.strip().splitlines()[:-1]) if r.stdout.strip() else "race: no output")
                if r.returncode == 0:
                    passed += 1
                else:
                    failed += 1
                    print("FAIL  race: " + r.stdout.strip())
    print(f"expected failures (tests/security/FINDINGS.md): {len(xfails)}" + (": " + ", ".join(n for n, _, _ in xfails) if xfails else ""))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
