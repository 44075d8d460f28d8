#!/usr/bin/env python3
"""gen.py SEED [N_ITEMS] > prog.S - a random RV64GC user program for differential testing.

The program sets every integer and FP register and fcsr to seeded values, runs N_ITEMS random
items (single instructions or short fixed groups) drawn from RV64I, M, A, F, D and Zicsr (the
assembler compresses whatever has an RVC form: build with -march=rv64gc), then writes the
512-byte scratch buffer, x1..x31, f0..f31 and fcsr to stdout with write(1) and exits with
exit(0). Control flow is forward branches/jumps plus counted backward loops, so every program
terminates.

Excluded, because the spec lets implementations differ or the value is not reproducible:
  - misaligned loads/stores/AMOs (platform policy: emulate, trap, or anything in between);
  - LR/SC other than an LR immediately followed (after at most two ALU ops) by an SC to the
    same address: reservation loss on other accesses is implementation-defined, and qemu
    implements SC as a compare-and-swap against the LR value;
  - cycle/time/instret CSRs (not reproducible) and writes of 5..7 to frm (the next dynamic
    rounding-mode instruction would be illegal);
  - fence.i / ecall / ebreak in the body, and any syscall besides the final write/exit.
Everything else is deterministic in the spec and in qemu (div by zero and overflow, NaN
boxing, canonical NaNs, fcvt saturation, fclass, fflags accumulation, rounding modes).

Register roles: s0 (x8) = scratch buffer base, sp (x2) = buffer + 256 (both reserved, so
c.lw/c.ld/c.fld and the sp-relative compressed forms appear); every other register is fair game.
"""
import random
import sys

BUF = 512
DUMP_OFF = BUF           # x0..x31 at +512, f0..f31 at +768, fcsr at +1024
TOTAL = BUF + 32 * 8 + 32 * 8 + 8

XREGS = [r for r in range(32) if r not in (2, 8)]        # writable
XSRC = list(range(32))                                    # readable
RM = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]

INT_POOL = [0, 1, 2, 3, 7, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
            0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
            0xffffffffffffffff, 0xfffffffffffffffe, 0xffffffff80000000, 31, 32, 63, 64]

D_POOL = [0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
          0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0x7ff4000000000000,
          0x0000000000000001, 0x000fffffffffffff, 0x7fefffffffffffff, 0x3ff8000000000000,
          0x43e0000000000000, 0xc3e0000000000000, 0x41dfffffffc00000, 0x41f0000000000000,
          0x4330000000000001, 0x3fe0000000000000, 0xc00921fb54442d18]
S_POOL = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
          0x7fa00000, 0x00000001, 0x007fffff, 0x7f7fffff, 0x3fc00000, 0x4f000000, 0xcf000000,
          0x5f000000, 0xdf000000, 0x3f000000, 0x4b000001, 0x40490fdb]

ALU_R = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
         "addw", "subw", "sllw", "srlw", "sraw",
         "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
         "mulw", "divw", "divuw", "remw", "remuw"]
ALU_I = ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"]
SHIFT_I = [("slli", 63), ("srli", 63), ("srai", 63), ("slliw", 31), ("srliw", 31), ("sraiw", 31)]
LOADS = [("lb", 1), ("lh", 2), ("lw", 4), ("ld", 8), ("lbu", 1), ("lhu", 2), ("lwu", 4)]
STORES = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)]
AMOS = ["amoswap", "amoadd", "amoand", "amoor", "amoxor", "amomax", "amomaxu", "amomin", "amominu"]
BRANCH = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]
FP3 = ["fadd", "fsub", "fmul", "fdiv"]          # with rm
FP3N = ["fmin", "fmax", "fsgnj", "fsgnjn", "fsgnjx"]  # no rm
FP4 = ["fmadd", "fmsub", "fnmadd", "fnmsub"]
FCMP = ["feq", "flt", "fle"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.label = 0

    def xd(self, avoid=()):
        return "x%d" % self.r.choice([x for x in XREGS if x not in avoid])

    def xs(self):
        # bias towards the compressible registers x8..x15 a little
        if self.r.random() < 0.3:
            return "x%d" % self.r.randrange(8, 16)
        return "x%d" % self.r.choice(XSRC)

    def f(self):
        if self.r.random() < 0.3:
            return "f%d" % self.r.randrange(8, 16)
        return "f%d" % self.r.randrange(32)

    def rm(self):
        return self.r.choice(RM)

    def int_value(self):
        c = self.r.random()
        if c < 0.4:
            return self.r.choice(INT_POOL)
        if c < 0.6:
            return self.r.randrange(-2048, 2048) & 0xffffffffffffffff
        return self.r.getrandbits(64)

    def fp_bits(self):
        c = self.r.random()
        if c < 0.35:
            return self.r.choice(D_POOL)
        if c < 0.7:  # NaN-boxed single
            return 0xffffffff00000000 | self.r.choice(S_POOL + [self.r.getrandbits(32)])
        if c < 0.8:  # a single that is NOT properly NaN-boxed (reads as canonical NaN)
            return (self.r.getrandbits(32) << 32) | self.r.choice(S_POOL)
        return self.r.getrandbits(64)

    # ---- items: each returns a list of lines; `avoid` = registers that must not be written
    def compressible(self, avoid):
        """forms the assembler turns into RVC: rd == rs1 (c.addi, c.addiw, c.slli, c.srli,
        c.srai, c.andi, c.add, c.sub, c.xor, c.or, c.and, c.addw, c.subw) and the sp forms
        (c.addi4spn; c.addi16sp as an adjust/restore pair, sp stays the buffer base)"""
        rd = self.r.choice([x for x in range(8, 16) if x not in avoid and x != 8])
        c = self.r.random()
        if c < 0.3:
            op = self.r.choice(["addi", "addiw", "andi"])
            return ["%s x%d, x%d, %d" % (op, rd, rd, self.r.randrange(-32, 32))]
        if c < 0.45:
            op = self.r.choice(["slli", "srli", "srai"])
            return ["%s x%d, x%d, %d" % (op, rd, rd, self.r.randrange(1, 64))]
        if c < 0.8:
            op = self.r.choice(["add", "sub", "xor", "or", "and", "addw", "subw"])
            return ["%s x%d, x%d, x%d" % (op, rd, rd, self.r.randrange(8, 16))]
        if c < 0.9:
            return ["addi x%d, sp, %d" % (rd, 4 * self.r.randrange(1, 256))]
        k = 16 * self.r.choice([x for x in range(-32, 32) if x])
        return ["addi sp, sp, %d" % k, "addi sp, sp, %d" % -k]

    def alu(self, avoid):
        if self.r.random() < 0.25:
            return self.compressible(avoid)
        c = self.r.random()
        if c < 0.45:
            return ["%s %s, %s, %s" % (self.r.choice(ALU_R), self.xd(avoid), self.xs(), self.xs())]
        if c < 0.7:
            return ["%s %s, %s, %d" % (self.r.choice(ALU_I), self.xd(avoid), self.xs(),
                                       self.r.randrange(-2048, 2048))]
        if c < 0.85:
            op, mx = self.r.choice(SHIFT_I)
            return ["%s %s, %s, %d" % (op, self.xd(avoid), self.xs(), self.r.randrange(mx + 1))]
        if c < 0.9:
            return ["lui %s, %d" % (self.xd(avoid), self.r.randrange(1 << 20))]
        if c < 0.93:
            return ["auipc %s, %d" % (self.xd(avoid), self.r.randrange(1 << 20))]
        return ["li %s, %d" % (self.xd(avoid), self.int_value())]

    def mem_addr(self, size):
        """(offset, base) for an aligned access inside the buffer"""
        if self.r.random() < 0.5:
            return self.r.randrange(0, BUF, size) // size * size, "s0"
        return self.r.randrange(-256, 256 - size + 1, size) // size * size, "sp"

    def load_store(self, avoid):
        c = self.r.random()
        if c < 0.35:
            op, size = self.r.choice(LOADS)
            off, base = self.mem_addr(size)
            return ["%s %s, %d(%s)" % (op, self.xd(avoid), off, base)]
        if c < 0.7:
            op, size = self.r.choice(STORES)
            off, base = self.mem_addr(size)
            return ["%s %s, %d(%s)" % (op, self.xs(), off, base)]
        size = self.r.choice([4, 8])
        off, base = self.mem_addr(size)
        if c < 0.85:
            return ["%s %s, %d(%s)" % ("flw" if size == 4 else "fld", self.f(), off, base)]
        return ["%s %s, %d(%s)" % ("fsw" if size == 4 else "fsd", self.f(), off, base)]

    def amo(self, avoid):
        size = self.r.choice([4, 8])
        sfx = ".w" if size == 4 else ".d"
        order = self.r.choice(["", "", ".aq", ".rl", ".aqrl"])
        t = self.xd(avoid + (0,))
        off = self.r.randrange(0, BUF, size)
        lines = ["addi %s, s0, %d" % (t, off)]
        if self.r.random() < 0.75:
            lines.append("%s%s%s %s, %s, (%s)" % (self.r.choice(AMOS), sfx, order,
                                                 self.xd(avoid), self.xs(), t))
            return lines
        rd = self.xd(avoid + (int(t[1:]),))
        lines.append("lr%s%s %s, (%s)" % (sfx, order, rd, t))
        for _ in range(self.r.randrange(3)):
            lines += self.alu(avoid + (int(t[1:]),))
        lines.append("sc%s%s %s, %s, (%s)" % (sfx, order, self.xd(avoid), self.xs(), t))
        return lines

    def fp(self, avoid):
        p = self.r.choice(["s", "d"])
        c = self.r.random()
        if c < 0.25:
            return ["%s.%s %s, %s, %s, %s" % (self.r.choice(FP3), p, self.f(), self.f(), self.f(), self.rm())]
        if c < 0.35:
            return ["%s.%s %s, %s, %s" % (self.r.choice(FP3N), p, self.f(), self.f(), self.f())]
        if c < 0.45:
            return ["%s.%s %s, %s, %s, %s, %s" % (self.r.choice(FP4), p, self.f(), self.f(), self.f(),
                                                  self.f(), self.rm())]
        if c < 0.5:
            return ["fsqrt.%s %s, %s, %s" % (p, self.f(), self.f(), self.rm())]
        if c < 0.57:
            return ["%s.%s %s, %s, %s" % (self.r.choice(FCMP), p, self.xd(avoid), self.f(), self.f())]
        if c < 0.6:
            return ["fclass.%s %s, %s" % (p, self.xd(avoid), self.f())]
        if c < 0.72:  # fp -> int (saturating)
            it = self.r.choice(["w", "wu", "l", "lu"])
            return ["fcvt.%s.%s %s, %s, %s" % (it, p, self.xd(avoid), self.f(), self.rm())]
        if c < 0.8:   # int -> fp
            it = self.r.choice(["w", "wu", "l", "lu"])
            if p == "d" and it in ("w", "wu"):  # exact: binutils takes no rounding mode
                return ["fcvt.d.%s %s, %s" % (it, self.f(), self.xs())]
            return ["fcvt.%s.%s %s, %s, %s" % (p, it, self.f(), self.xs(), self.rm())]
        if c < 0.85:
            if p == "s":
                return ["fcvt.s.d %s, %s, %s" % (self.f(), self.f(), self.rm())]
            return ["fcvt.d.s %s, %s" % (self.f(), self.f())]
        if c < 0.9:
            return ["fmv.x.%s %s, %s" % ("w" if p == "s" else "d", self.xd(avoid), self.f())]
        if c < 0.94:
            return ["fmv.%s.x %s, %s" % ("w" if p == "s" else "d", self.f(), self.xs())]
        return self.fcsr(avoid)

    def fcsr(self, avoid):
        c = self.r.random()
        if c < 0.25:
            return ["fsrmi %s, %d" % (self.xd(avoid), self.r.randrange(5))]
        if c < 0.45:
            return ["frflags %s" % self.xd(avoid)]
        if c < 0.6:
            return ["fsflagsi %s, %d" % (self.xd(avoid), self.r.randrange(32))]
        if c < 0.7:
            return ["fsflags %s, %s" % (self.xd(avoid), self.xs())]
        if c < 0.8:
            return ["frcsr %s" % self.xd(avoid)]
        if c < 0.9:
            return ["csrrci %s, fflags, %d" % (self.xd(avoid), self.r.randrange(32))]
        return ["csrrs %s, fflags, %s" % (self.xd(avoid), self.xs())]

    def special(self, avoid):
        """set up an edge case for the next M instruction: INT_MIN / -1 / 0 operands"""
        a, b = self.xd(avoid), self.xd(avoid)
        va = self.r.choice([0x8000000000000000, 0xffffffff80000000, 0x80000000, 5, 0xffffffffffffffff])
        vb = self.r.choice([0, 0xffffffffffffffff, 0xffffffff, 0x100000000])
        op = self.r.choice(["div", "divu", "rem", "remu", "divw", "divuw", "remw", "remuw",
                            "mulh", "mulhsu", "mulhu", "mulw"])
        return ["li %s, %d" % (a, va), "li %s, %d" % (b, vb),
                "%s %s, %s, %s" % (op, self.xd(avoid), a, b)]

    def simple(self, avoid=()):
        c = self.r.random()
        if c < 0.35:
            return self.alu(avoid)
        if c < 0.55:
            return self.load_store(avoid)
        if c < 0.62:
            return self.amo(avoid)
        if c < 0.67:
            return self.special(avoid)
        return self.fp(avoid)

    def new_label(self):
        self.label += 1
        return ".Lg%d" % self.label

    def program(self, n):
        items = []    # list of (lines, forward-target label or None)
        pending = []  # (label, remaining items before placing it)
        while len(items) < n:
            c = self.r.random()
            if c < 0.08:  # forward conditional branch
                lab = self.new_label()
                op = self.r.choice(BRANCH)
                items.append(["%s %s, %s, %s" % (op, self.xs(), self.xs(), lab)])
                pending.append([lab, self.r.randrange(1, 8)])
            elif c < 0.1:  # forward jump, jal with link, or jalr through a register
                lab = self.new_label()
                k = self.r.random()
                if k < 0.4:
                    items.append(["j %s" % lab])
                elif k < 0.7:
                    items.append(["jal %s, %s" % (self.xd(), lab)])
                else:
                    t = self.xd((0,))
                    items.append(["la %s, %s" % (t, lab), "jalr %s, 0(%s)" % (self.xd(), t)])
                pending.append([lab, self.r.randrange(1, 6)])
            elif c < 0.13:  # counted backward loop
                cnt = self.r.choice([x for x in XREGS if x != 0])
                lab = self.new_label()
                body = ["li x%d, %d" % (cnt, self.r.randrange(1, 6)), "%s:" % lab]
                for _ in range(self.r.randrange(1, 6)):
                    body += self.simple(avoid=(0, cnt))
                body += ["addi x%d, x%d, -1" % (cnt, cnt), "bnez x%d, %s" % (cnt, lab)]
                items.append(body)
            else:
                items.append(self.simple())
            for p in pending:
                p[1] -= 1
            for p in [p for p in pending if p[1] <= 0]:
                items.append(["%s:" % p[0]])
                pending.remove(p)
        for p in pending:
            items.append(["%s:" % p[0]])
        return items

    def emit(self, n):
        out = []
        w = out.append
        w("/* generated by tests/difftest/gen.py */")
        w(".section .data")
        w(".balign 64")
        w("buf:")
        for i in range(0, BUF, 8):
            w(".8byte 0x%016x" % self.r.getrandbits(64))
        w(".space %d" % (TOTAL - BUF))
        w(".section .text")
        w(".globl _start")
        w("_start:")
        w("la s0, buf")
        w("addi sp, s0, 256")
        for i in range(32):
            w("li t0, 0x%016x" % self.fp_bits())
            w("fmv.d.x f%d, t0" % i)
        w("fscsr zero, x0")
        w("fsrmi %d" % self.r.randrange(5))
        for x in XREGS:
            if x:
                w("li x%d, 0x%016x" % (x, self.int_value()))
        for item in self.program(n):
            out.extend(item)
        # dump: x1..x31 at buf+512 (x8 and x2 are their known values), f0..f31, fcsr
        for x in range(32):
            w("sd x%d, %d(s0)" % (x, DUMP_OFF + 8 * x))
        for i in range(32):
            w("fsd f%d, %d(s0)" % (i, DUMP_OFF + 256 + 8 * i))
        w("frcsr t0")
        w("li t1, %d" % (DUMP_OFF + 512))
        w("add t1, t1, s0")
        w("sd t0, 0(t1)")
        w("li a0, 1")
        w("mv a1, s0")
        w("li a2, %d" % TOTAL)
        w("li a7, 64")
        w("ecall")
        w("li a0, 0")
        w("li a7, 93")
        w("ecall")
        return "\n".join(out) + "\n"


def main():
    seed = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    sys.stdout.write(Gen(seed).emit(n))


if __name__ == "__main__":
    main()
