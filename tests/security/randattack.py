"""randattack.py - random attack cVMs (run.py calls run_all).

Each program starts from every capability a cVM can get (its data capability, its PCC, its
stack, the sealed hostcall pair, its own sealed data capability, the victim's sealed pair when
the victim serves it) and runs 10..150 random capability manipulations, loads and stores (at
random offsets, at the victim's secret, the monitor's gate, far addresses), then prints "done"
and exits. Whatever happens (a fault anywhere, or the end), the run must end with exit status
0 or 2, a valid JSON report whose faults are all on the attacker's thread, and
the victim (run afterwards) must find its secret intact. (A fault on the attacker's thread
inside the victim's handler is the attacker's own: e.g. after it overwrote its own return pair.) Reproducible: seed = case number.
"""
import json
import os
import random
import subprocess

SELF_BASE = 0x440000000
VICTIM_BASE = 0x400000000

CAPS = ["ca0", "ca1", "ca2", "ca3", "ca4", "ca5", "cs2", "cs3"]
INTS = ["t0", "t1", "t2"]


def values(secret):
    return [secret, secret + 8, SELF_BASE, SELF_BASE - 16, SELF_BASE + 0x3ffffff0, VICTIM_BASE,
            0x482cc, 0x48000, 0, 1, 16, 17, 0x1000, 0x7fffffff, (1 << 63), (1 << 64) - 1, (1 << 64) - 16,
            0x817d, 0x8117, 0x78fff, 0xffff, 16, 17, 18, 0x3ffff, 0x3fffe, 43962]


def program(seed, secret, cb_victim):
    rnd = random.Random(seed)
    vals = values(secret)
    out = ['#include "attack.h"', "\t.data", "\t.balign 16", "scratch:\t.space 256", "\t.section .rodata",
           'done_msg:\t.ascii "done\\n"', "\t.text",
           "CVM_CAP_GLOBAL scratch_slot, scratch, 256, CVM_RELOC_DATA",
           "CVM_CAP_GLOBAL done_slot, done_msg, 5, CVM_RELOC_RODATA",
           "CVM_FUNC cvm_main",
           "\tSELF_DDC a0", "\tauipcc ca1, 0", "\tcmove ca2, csp",
           "\tFROM_STORE a3, CS_HC_PCC", "\tFROM_STORE a4, CS_HC_DDC", "\tFROM_STORE a5, CS_RET_DDC",
           "\tCVM_LOAD_GLOBAL s2, scratch_slot", "\tFROM_STORE s3, CS_RET_PCC"]

    def c():
        return rnd.choice(CAPS)

    def m():   # the base of a load or store: mostly one that may still be usable
        return rnd.choice(["ca0", "ca2", "cs2", "ca1"]) if rnd.random() < 0.8 else c()

    def t():
        return rnd.choice(INTS)

    for _ in range(10 + (seed % 5) * 35):
        if rnd.random() < 0.15:   # a fresh base now and then, so that programs get deeper
            out.append(rnd.choice(["\tCVM_LOAD_GLOBAL s2, scratch_slot", "\tSELF_DDC a0", "\tcmove ca2, csp"]))
            continue
        k = rnd.randrange(20)
        if k < 3:
            out.append(f"\tli {t()}, {rnd.choice(vals):#x}")
        elif k == 3:
            out.append(f"\tcincoffset {c()}, {c()}, {t()}")
        elif k == 4:
            out.append(f"\tcincoffset {c()}, {c()}, {rnd.choice([-16, -1, 1, 8, 16, 2047, -2048])}")
        elif k == 5:
            out.append(f"\tcsetaddr {c()}, {c()}, {t()}")
        elif k == 6:
            out.append(f"\tcsetbounds {c()}, {c()}, {t()}")
        elif k == 7:
            out.append(f"\tcandperm {c()}, {c()}, {t()}")
        elif k == 8:
            out.append(f"\t{rnd.choice(['cseal', 'cunseal', 'ccseal', 'cbuildcap', 'ccopytype'])} {c()}, {c()}, {c()}")
        elif k == 9:
            out.append(f"\t{rnd.choice(['csealentry', 'ccleartag', 'cmove'])} {c()}, {c()}")
        elif k == 10:
            out.append(f"\tcsethigh {c()}, {c()}, {t()}")
        elif k == 11:
            out.append(f"\tcgethigh {t()}, {c()}")
        elif k == 12:
            out.append(f"\tcgetaddr {t()}, {c()}")
        elif k in (13, 14):
            op = rnd.choice(["cld", "clw", "clb", "clbu"])
            out.append(f"\t{op} {t()}, {rnd.choice([0, 0, 8, 8, 16, -8, 2032])}({m()})")
        elif k == 15:
            out.append(f"\tclc {c()}, {rnd.choice([0, 16, -16, 32])}({m()})")
        elif k in (16, 17):
            op = rnd.choice(["csd", "csw", "csb"])
            out.append(f"\t{op} {t()}, {rnd.choice([0, 0, 8, 8, 16, -8])}({m()})")
        elif k == 18:
            out.append(f"\tcsc {c()}, {rnd.choice([0, 16, -16])}({m()})")
        else:
            out.append(f"\tcspecialw ddc, {c()}")
            out.append(f"\tld.ddc {t()}, ({t()})")
    out += ["\tCVM_LOAD_GLOBAL a0, done_slot", "\tli a1, 5", "\tli t5, HC_WRITE", "\tcjal c_out_2",
            "\tli t5, HC_EXIT", "\tcjal c_out_0", "1:\tj 1b", "CVM_END cvm_main"]
    return "\n".join(out) + "\n"


def run_all(iv, guest, src, tmp, n, cvm_yaml, cvm_flags):
    """-> (passed, failed)"""
    d = os.path.join(tmp, "random")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(guest, "victim.h")) as f:
        off = [int(l.split()[2], 16) for l in f if "VICTIM_SECRET_OFF" in l][0]
    secret = VICTIM_BASE + off
    passed = failed = 0
    outcomes = {}
    for seed in range(n):
        cb = "libvictim.so" if seed % 3 == 2 else "monitor"
        s = os.path.join(d, f"r{seed}.S")
        so = os.path.join(d, f"libr{seed}.so")
        with open(s, "w") as f:
            f.write(program(seed, secret, cb != "monitor"))
        b = subprocess.run(["riscv64-linux-gnu-gcc"] + cvm_flags + ["-I" + os.path.join(src, "cvms"), "-I" + guest,
                            "-o", so, s, os.path.join(src, "cvms", "common.S"),
                            os.path.join(src, "..", "..", "examples", "two-pure", "cap_store.c"),
                            os.path.join(src, "..", "..", "sdk", "crt", "crt.S")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if b.returncode:
            failed += 1
            print(f"FAIL  random attack {seed}: does not build: {b.stdout[:300]}")
            continue
        y = "cVMs:\n" + cvm_yaml("attacker", f"libr{seed}.so", SELF_BASE, cb) + \
            cvm_yaml("victim", "libvictim.so", VICTIM_BASE, "monitor")
        subprocess.run(["cp", os.path.join(guest, "libvictim.so"), d])
        with open(os.path.join(d, f"r{seed}.yaml"), "w") as f:
            f.write(y)
        rep = os.path.join(d, f"r{seed}.json")
        try:
            p = subprocess.run([iv, "-q", "--budget", "1000000", "--report", rep, "-y", os.path.join(d, f"r{seed}.yaml")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=20)
        except subprocess.TimeoutExpired:
            failed += 1
            print(f"FAIL  random attack {seed}: timeout")
            continue
        bad = []
        try:
            with open(rep) as f:
                r = json.load(f)
        except (OSError, ValueError) as e:
            r = None
            bad.append(f"no valid JSON report ({e})")
        if p.returncode not in (0, 2, 4):
            bad.append(f"exit status {p.returncode}")
        if p.stdout.splitlines().count("victim: secret intact") != 1:
            bad.append("the victim's secret check did not pass")
        if r:
            for flt in r["faults"]:
                pc = int(flt["pc"], 16)
                if flt["cvm"] != "attacker":
                    bad.append(f"a fault on the thread of {flt['cvm']}")
                where = "" if SELF_BASE <= pc < SELF_BASE + 0x40000000 else " (in the handler)"
                key = f"{flt['cause_name']}/{flt['cheri_cause_name']}{where}"
                outcomes[key] = outcomes.get(key, 0) + 1
            if not r["faults"]:
                outcomes["completed"] = outcomes.get("completed", 0) + 1
        if bad:
            failed += 1
            print(f"FAIL  random attack {seed} ({s}): " + "; ".join(bad))
        else:
            passed += 1
    print(f"random attacks: {n} programs of 10..150 operations, outcomes: "
          + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    return passed, failed
