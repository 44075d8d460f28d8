#!/usr/bin/env python3
"""run-isa.py --runner RVRUN --src tests/isa --elfdir build/guest/isa [--base-only] [-v]

Runs every guest program built from tests/isa (ELFDIR/NAME.elf from NAME.S, and
ELFDIR/NAME-CASE.elf from NAME.S built with -DCASE=CASE) under RUNNER.

  - A plain program passes when it exits 0; otherwise its exit status is the number of the
    failing check (isa.h).
  - A trap variant passes when RUNNER exits non-zero and its trap report on stderr matches the
    line `EXPECT-TRAP(CASE): cause=N [cheri=0xNN] [idx=N] [pc=LABEL|0xADDR]` of NAME.S.
    LABEL is looked up with nm. cause 28 checks come from xtval = idx << 5 | cheri as well.
A `RVRUN-FLAGS: ...` comment in NAME.S adds runner options (e.g. --legacy).

--base-only skips the CHERI programs (names starting with "cheri") and the trap variants, so
the base-ISA programs can be validated with qemu-riscv64 as RUNNER.
Last line: "N passed, N failed"; exit status 1 if anything failed.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

FLAGS_RE = re.compile(r"RVRUN-FLAGS:\s*(.*?)\s*(?:\*/|$)")
EXPECT_RE = re.compile(r"EXPECT-TRAP\((\d+)\):\s*(.*?)\s*(?:\*/|$)")


def expectations(src):
    """{case: {key: value}} from the EXPECT-TRAP lines of a source file"""
    out = {}
    with open(src) as f:
        for line in f:
            m = EXPECT_RE.search(line)
            if m:
                kv = dict(p.split("=", 1) for p in m.group(2).split()
                          if p.split("=", 1)[0] in ("cause", "cheri", "idx", "pc", "tval"))
                out[int(m.group(1))] = kv
    return out


def runner_flags(src):
    """extra runner options from a `RVRUN-FLAGS: ...` comment line (e.g. --legacy)"""
    with open(src) as f:
        for line in f:
            m = FLAGS_RE.search(line)
            if m:
                return m.group(1).split()
    return []


def symbol(elf, name):
    p = subprocess.run(["riscv64-linux-gnu-nm", elf], stdout=subprocess.PIPE, text=True)
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    return None


def num(text):
    return int(text, 0)


def parse_trap(stderr):
    """Pull cause / cheri cause / cap index / pc / tval out of rvrun's trap report.

    rvrun (src/rvrun.c, hart_print_trap) prints a line like
      trap: pc 0x10078 insn 0x0005b503 cause 28 (CHERI) tval 0x143 cheri 0x03 (seal) idx 10 (ca0)
    The parser accepts `key value`, `key=value` and `key: value` spellings and, when only tval is
    given for cause 28, derives cheri = tval & 0x1f and idx = tval >> 5."""
    t = {}
    pats = {
        "pc": r"\bpc\s*[=:]?\s*(0x[0-9a-fA-F]+|[0-9a-fA-F]{4,})\b",
        "cause": r"\bcause\s*[=:]?\s*(\d+)\b",
        "tval": r"\b(?:x?tval)\s*[=:]?\s*(0x[0-9a-fA-F]+|\d+)\b",
        "cheri": r"\bcheri(?:[ _-]?cause)?\s*[=:]?\s*(0x[0-9a-fA-F]+|\d+)\b",
        "idx": r"\b(?:idx|cap[ _-]?idx|cap[ _-]?index|index)\s*[=:]?\s*(\d+)\b",
    }
    for key, pat in pats.items():
        m = re.search(pat, stderr, re.IGNORECASE)
        if m:
            v = m.group(1)
            t[key] = int(v, 16) if key == "pc" and not v.startswith("0x") else int(v, 0)
    if t.get("cause") == 28 and "tval" in t:
        t.setdefault("cheri", t["tval"] & 0x1f)
        t.setdefault("idx", t["tval"] >> 5)
    return t


def run_one(runner, elf, timeout=20):
    try:
        p = subprocess.run(runner + [elf], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runner", default="build/rvrun")
    ap.add_argument("--src", default="tests/isa")
    ap.add_argument("--elfdir", default="build/guest/isa")
    ap.add_argument("--base-only", action="store_true")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    runner = args.runner.split()
    if not os.path.exists(runner[0]) and "/" in runner[0]:
        print("run-isa: %s not found" % runner[0])
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0

    def fail(name, why):
        nonlocal failed
        failed += 1
        print("FAIL %s: %s" % (name, why))

    for elf in sorted(glob.glob(os.path.join(args.elfdir, "*.elf"))):
        name = os.path.basename(elf)[:-4]
        src = os.path.join(args.src, name + ".S")
        case = None
        if not os.path.exists(src):
            m = re.match(r"(.*)-(\d+)$", name)
            if not m or not os.path.exists(os.path.join(args.src, m.group(1) + ".S")):
                continue  # not an ISA program (e.g. the encoding-check objects)
            src, case = os.path.join(args.src, m.group(1) + ".S"), int(m.group(2))
        if args.base_only and (name.startswith("cheri") or case is not None):
            continue
        rc, out, err = run_one(runner + runner_flags(src), elf)
        if case is None:
            if rc == 0:
                passed += 1
                if args.v:
                    print("ok   %s" % name)
            elif isinstance(rc, int) and 0 < rc < 256 and "trap" not in err:
                fail(name, "check %d failed%s" % (rc, (": " + err.strip().splitlines()[0]) if err.strip() else ""))
            else:
                fail(name, "exit %s: %s" % (rc, err.strip()[:300]))
            continue
        exp = expectations(src).get(case)
        if exp is None:
            fail(name, "no EXPECT-TRAP(%d) line in %s" % (case, src))
            continue
        if rc == 0 or rc == 1 and "cause" not in err:
            fail(name, "expected a trap (%s), program exited %s" % (
                " ".join("%s=%s" % kv for kv in exp.items()), rc))
            continue
        got = parse_trap(err)
        bad = []
        for key, want in exp.items():
            if key == "pc":
                w = num(want) if re.match(r"^(0x)?[0-9]", want) else symbol(elf, want)
                if w is None:
                    bad.append("label %s not found" % want)
                    continue
            else:
                w = num(want)
            if got.get(key) != w:
                bad.append("%s: got %s, want %s" % (key, hex(got[key]) if key in got else "none",
                                                    hex(w)))
        if bad:
            fail(name, "; ".join(bad) + " | stderr: " + err.strip().replace("\n", " / ")[:300])
        else:
            passed += 1
            if args.v:
                print("ok   %s" % name)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
