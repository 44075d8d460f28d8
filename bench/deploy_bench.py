#!/usr/bin/env python3
"""deploy_bench.py GUEST_DIR INTRAVISOR [BASELINE_INTRAVISOR] [--rounds R] - deploy time and
RSS per cVM (issue 12 items 4-5), two monitors side by side in one run.

Scenarios (pure-cap cVMs of examples/two-pure, run to their end, wait: -1):
  two-pure         the seed: first and second in 1 GiB slots
  1 GiB x 100      100 cVMs in 1 GiB slots (one runtime)
  16 MiB x 130     130 cVMs in 16 MiB slots (ids 64..193: main can deploy them too)
  16 MiB x 1000    1000 cVMs in 16 MiB slots (ids 64..1063: past the reference's 199)
Per scenario and monitor: the mean deploy time per cVM (parse -> ready, from --timings, the
best of R rounds), its largest phase, and the monitor's peak RSS divided by the number of
cVMs (the whole process, from wait4). A monitor that refuses a scenario (e.g. ids past 199
on main) shows its error instead.
Usage (make bench-deploy): bench/deploy_bench.py build/guest build/intravisor OTHER/intravisor
"""
import os
import re
import subprocess
import sys
import tempfile

args = [a for a in sys.argv[1:] if not a.startswith("--")]
ROUNDS = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
if "--rounds" in sys.argv:
    args.remove(str(ROUNDS))
G = os.path.realpath(args[0])
MONITORS = [os.path.realpath(a) for a in args[1:]]
FIRST, SECOND = os.path.join(G, "two-pure", "libfirst.so"), os.path.join(G, "two-pure", "libsecond.so")


def cvm(name, rt, base, size, cb=None):
    return (f"- name: {name}\n  runtime: {rt}\n  isolation:\n  - base: {base:#x}\n    size: {size:#x}\n"
            + (f"  callback_out: {cb}\n" if cb else "") + "  wait: -1\n")


def scenarios(tmp):
    os.symlink(FIRST, os.path.join(tmp, "libfirst.so"))
    out = []
    yaml = "cVMs:\n" + cvm("first", "libfirst.so", 0x400000000, 0x40000000) + \
        cvm("second", SECOND, 0x440000000, 0x40000000, "libfirst.so")
    out.append(("two-pure", 2, yaml))
    out.append(("1 GiB x 100", 100, "cVMs:\n" + "".join(cvm(f"c{i}", SECOND, (16 + i) << 30, 1 << 30) for i in range(100))))
    out.append(("16 MiB x 130", 130, "cVMs:\n" + "".join(cvm(f"c{i}", SECOND, (64 + i) << 24, 1 << 24) for i in range(130))))
    out.append(("16 MiB x 1000", 1000, "cVMs:\n" + "".join(cvm(f"c{i}", SECOND, (64 + i) << 24, 1 << 24) for i in range(1000))))
    return out


def measure(iv, path, n):
    """(mean deploy us per cVM, {phase: mean us}, peak RSS bytes) or an error string"""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([iv, "-q", "--timings", "-y", path], stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        err.seek(0)
        text = err.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        return text.strip().splitlines()[0][:70] if text.strip() else f"exit {status}"
    totals, phases = [], {}
    for line in text.splitlines():
        m = re.match(r"deploy \d+ '[^']*': total ([\d.]+) us = (.*)", line)
        if not m:
            continue
        totals.append(float(m.group(1)))
        for name, us in re.findall(r"([a-z/]+) ([\d.]+)", m.group(2)):
            phases[name] = phases.get(name, 0.0) + float(us)
    if len(totals) != n:
        return f"{len(totals)} deploy lines, want {n}"
    return sum(totals) / n, {k: v / n for k, v in phases.items()}, ru.ru_maxrss * 1024


def main():
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, n, yaml in scenarios(tmp):
            path = os.path.join(tmp, name.replace(" ", "_") + ".yaml")
            with open(path, "w") as f:
                f.write(yaml)
            cells = []
            for iv in MONITORS:
                best = None
                for _ in range(ROUNDS):
                    r = measure(iv, path, n)
                    if isinstance(r, str):
                        best = r
                        break
                    if best is None or r[0] < best[0]:
                        best = r
                cells.append(best)
            rows.append((name, n, cells))
    heads = ["this build"] + (["baseline"] if len(MONITORS) > 1 else [])
    print(f"deploy per cVM (parse -> ready, best mean of {ROUNDS}) and peak RSS / cVMs; monitors: "
          + ", ".join(f"{h} = {m}" for h, m in zip(heads, MONITORS)))
    print(f"{'scenario':<16}" + "".join(f"| {h + ' us/cVM':<15}{'largest phase':<22}{'KiB/cVM':>8} " for h in heads))
    for name, n, cells in rows:
        line = f"{name:<16}"
        for c in cells:
            if isinstance(c, str):
                line += f"| {c:<46} "
            else:
                big = max(c[1].items(), key=lambda kv: kv[1])
                line += f"| {c[0]:<15.1f}{big[0] + ' ' + format(big[1], '.1f'):<22}{c[2] / n / 1024:>8.1f} "
        print(line)


main()
