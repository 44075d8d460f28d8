#!/usr/bin/env python3
"""difftest.py - run random RV64GC programs (gen.py) under build/rvrun and qemu-riscv64 and
compare their outputs (scratch buffer, x1..x31, f0..f31, fcsr) and exit statuses byte for byte.

  difftest.py [-n N] [--start S] [-j JOBS] [--items K] [--rvrun PATH] [--out DIR] [--ref-only]

Seeds are S..S+N-1. On a mismatch it prints the seed and the first differing register (or
buffer offset) and keeps the program (.S/.elf) in DIR; passing programs are deleted.
--ref-only runs qemu twice (checks that the generator is deterministic and the harness works
before rvrun exists). Last line: "N passed, N failed"; exit status 1 if anything failed.
"""
import argparse
import concurrent.futures
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

ABI = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
       "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
       "t5", "t6"]


def field_name(off):
    if off < gen.BUF:
        return "buf[0x%x]" % (off & ~7)
    off -= gen.BUF
    if off < 256:
        return "x%d (%s)" % (off // 8, ABI[off // 8])
    off -= 256
    if off < 256:
        return "f%d" % (off // 8)
    return "fcsr"


def first_diff(a, b):
    """describe the first differing 8-byte field of two dumps: registers (x, f, fcsr) first,
    then the scratch buffer"""
    n = min(len(a), len(b))
    for i in list(range(gen.BUF, n)) + list(range(min(gen.BUF, n))):
        if a[i] != b[i]:
            o = i & ~7
            wa = a[o:o + 8].ljust(8, b"\0")
            wb = b[o:o + 8].ljust(8, b"\0")
            va, vb = struct.unpack("<Q", wa)[0], struct.unpack("<Q", wb)[0]
            return "%s: rvrun 0x%016x, qemu 0x%016x" % (field_name(o), va, vb)
    if len(a) != len(b):
        return "output length: rvrun %d bytes, qemu %d bytes" % (len(a), len(b))
    return None


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def one(seed, args):
    base = os.path.join(args.out, "seed%d" % seed)
    src, elf = base + ".S", base + ".elf"
    with open(src, "w") as f:
        f.write(gen.Gen(seed).emit(args.items))
    b = subprocess.run(["riscv64-linux-gnu-gcc", "-march=rv64gc", "-mabi=lp64d", "-nostdlib",
                        "-static", "-o", elf, src], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if b.returncode != 0:
        return seed, "build failed: " + b.stdout.decode(errors="replace")[:400]
    ref_rc, ref_out, ref_err = run(["qemu-riscv64", elf], args.timeout)
    if args.ref_only:
        rc, out, err = run(["qemu-riscv64", elf], args.timeout)
    else:
        rc, out, err = run([args.rvrun, elf], args.timeout)
    msg = None
    if ref_rc != 0:
        msg = "qemu exited %s: %s" % (ref_rc, ref_err.decode(errors="replace")[:200])
    elif rc != ref_rc:
        msg = "exit status: rvrun %s, qemu %s; rvrun stderr: %s" % (
            rc, ref_rc, err.decode(errors="replace").strip().replace("\n", " / ")[:300])
    else:
        msg = first_diff(out, ref_out)
    if msg is None:
        os.unlink(src)
        os.unlink(elf)
    return seed, msg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--start", type=int, default=1)
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--items", type=int, default=600)
    ap.add_argument("--rvrun", default="build/rvrun")
    ap.add_argument("--out", default="build/guest/difftest")
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--ref-only", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if not args.ref_only and not os.access(args.rvrun, os.X_OK):
        print("difftest: %s not found (build it, or use --ref-only)" % args.rvrun)
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as ex:
        futs = [ex.submit(one, s, args) for s in range(args.start, args.start + args.n)]
        for fut in futs:
            seed, msg = fut.result()
            if msg is None:
                passed += 1
            else:
                failed += 1
                print("MISMATCH seed %d: %s" % (seed, msg), flush=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
