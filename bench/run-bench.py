#!/usr/bin/env python3
"""run-bench.py GUESTDIR NATIVEDIR RVRUN KERNEL... - time each benchmark kernel under rvrun,
qemu-riscv64 and natively (monotonic clock, best of 3), check that the three print the same
checksum line, and print the comparison table:

  kernel, time rvrun, time qemu, time native, guest MIPS (instret from `rvrun --stats` / rvrun
  time), rvrun/qemu speed ratio (= t_qemu / t_rvrun), rvrun as % of native speed
  (= t_native / t_rvrun), the interpreter alone (`rvrun --no-jit`: time and speed-up of the
  translator over it), and the geometric means of the ratios.

Missing rvrun: its columns print "-". Exit status 1 if any checksum differs or a run fails.
"""
import math
import os
import re
import subprocess
import sys
import time

REPS = int(os.environ.get("BENCH_REPS", "3"))


def best_of(cmd):
    """(best wall time, stdout, stderr of the last run, ok)"""
    best, out, err, ok = None, b"", b"", True
    for _ in range(REPS):
        t0 = time.monotonic()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        t = time.monotonic() - t0
        out, err = p.stdout, p.stderr
        ok = ok and p.returncode == 0
        best = t if best is None else min(best, t)
    return best, out, err, ok


def instret_of(stderr):
    m = re.search(rb"instret\D{0,3}(\d+)", stderr)
    return int(m.group(1)) if m else None


def main():
    gdir, ndir, rvrun = sys.argv[1:4]
    kernels = sys.argv[4:]
    have_rvrun = os.access(rvrun, os.X_OK)
    rows, ratios, gains, bad = [], [], [], 0
    for k in kernels:
        elf = os.path.join(gdir, k + ".elf")
        tq, oq, eq, okq = best_of(["qemu-riscv64", elf])
        tn, on, en, okn = best_of([os.path.join(ndir, k)])
        tr = orr = ti = oi = None
        mips = None
        okr = oki = True
        if have_rvrun:
            tr, orr, er, okr = best_of([rvrun, "--stats", elf])
            n = instret_of(er)
            if n is not None:
                mips = n / tr / 1e6
            ti, oi, _, oki = best_of([rvrun, "--no-jit", elf])
        note = ""
        if not (okq and okn and okr and oki):
            note = "FAILED RUN"
            bad += 1
        elif oq != on or (orr is not None and orr != oq) or (oi is not None and oi != oq):
            note = "CHECKSUM MISMATCH"
            bad += 1
        ratio = tq / tr if tr else None
        gain = ti / tr if tr and ti else None
        if ratio:
            ratios.append(ratio)
        if gain:
            gains.append(gain)
        rows.append((k, tr, tq, tn, mips, ratio, (tn / tr * 100) if tr else None, ti, gain, note))

    def f(v, fmt):
        return "-" if v is None else fmt % v

    print("%-10s %10s %10s %10s %10s %12s %10s %10s %10s" % ("kernel", "rvrun s", "qemu s", "native s",
                                                           "guest MIPS", "rvrun/qemu", "% native",
                                                           "interp s", "jit gain"))
    for k, tr, tq, tn, mips, ratio, pct, ti, gain, note in rows:
        print("%-10s %10s %10s %10s %10s %12s %10s %10s %10s %s" % (
            k, f(tr, "%.3f"), f(tq, "%.3f"), f(tn, "%.3f"), f(mips, "%.0f"),
            f(ratio, "%.3f"), f(pct, "%.1f%%"), f(ti, "%.3f"), f(gain, "%.2fx"), note))
    if ratios:
        g = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print("geomean rvrun/qemu speed ratio: %.3f" % g)
        if gains:
            print("geomean translator gain over the interpreter: %.2fx" %
                  math.exp(sum(math.log(r) for r in gains) / len(gains)))
    else:
        print("geomean rvrun/qemu speed ratio: - (%s not built)" % rvrun)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
