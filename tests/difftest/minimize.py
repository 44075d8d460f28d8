#!/usr/bin/env python3
"""minimize.py SEED [--rvrun PATH] [--items K]: find the shortest prefix of the random program
of SEED (gen.py emits items in order, so a program with fewer items is a prefix) for which
rvrun and qemu-riscv64 still differ, and print its last items and the first difference."""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difftest  # noqa: E402
import gen  # noqa: E402


def differs(seed, n, rvrun, tmp):
    src, elf = os.path.join(tmp, "p.S"), os.path.join(tmp, "p.elf")
    g = gen.Gen(seed)
    with open(src, "w") as f:
        f.write(g.emit(n))
    subprocess.run(["riscv64-linux-gnu-gcc", "-march=rv64gc", "-mabi=lp64d", "-nostdlib", "-static",
                    "-o", elf, src], check=True)
    a = subprocess.run([rvrun, elf], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    b = subprocess.run(["qemu-riscv64", elf], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if a.returncode != b.returncode:
        return "exit status rvrun %d, qemu %d" % (a.returncode, b.returncode)
    return difftest.first_diff(a.stdout, b.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seed", type=int)
    ap.add_argument("--rvrun", default="build/rvrun")
    ap.add_argument("--items", type=int, default=600)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not differs(args.seed, args.items, args.rvrun, tmp):
            print("seed %d: no difference with %d items" % (args.seed, args.items))
            return 0
        lo, hi = 0, args.items          # differs(hi) is true
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if differs(args.seed, mid, args.rvrun, tmp):
                hi = mid
            else:
                lo = mid
        msg = differs(args.seed, hi, args.rvrun, tmp)
        items = gen.Gen(args.seed)
        items.emit(0)   # consume the same random numbers as emit(hi) does before the body
        prog = gen.Gen(args.seed)
        text = prog.emit(hi).splitlines()
        body_end = max(i for i, l in enumerate(text) if l.startswith("sd x0,"))
        print("seed %d: first differs with %d items: %s" % (args.seed, hi, msg))
        print("last lines before the dump:")
        for line in text[max(0, body_end - 8):body_end]:
            print("    " + line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
