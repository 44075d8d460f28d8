"""badinput.py - malformed configs and images for the security suite (run.py calls run_all).

tests/e2e/bad (the loader helper's suite) covers: YAML syntax error, unknown key, duplicate
key, wrong type, missing runtime key and file, empty config, size != CVM_MAX_SIZE, slot 0,
overlap, unknown and cyclic callback_out, a callback without syscall_handler, and images that
are empty, truncated once (512 bytes), x86, ET_EXEC. This file adds what the issue asks for on
top: unaligned or out-of-range regions (begin/end other than the slot: a warning, tests/security
attacks/begin_below_base.S), duplicate names, self callback,
bad numbers and waits, YAML aliases, a directory / device as runtime; images truncated at every
header boundary, wrong class / data / version, huge counts, offsets and sizes in the ELF,
program and section headers, segments outside the slot or overlapping, capability relocations
outside the image, misaligned, with impossible lengths or unknown permissions, a malformed
__cap_relocs section, broken symbol tables, a missing ret_from_monitor.

Every case must stop intravisor with exit status 1, exactly one stderr line
"intravisor: error: ..." that names the file (config or image) and contains the expected
problem text, stdout holding only "Using yaml.cfg = ..." (nothing deployed), within 20 s.
Under ASan the same (a sanitizer report would add stderr lines).
"""
import os
import shutil
import struct
import subprocess

GOOD = "libload_one_past.so"   # a pure-cap attack image: __cap_relocs, ret_from_monitor


def cvm(name, runtime, base=0x400000000, size=0x40000000, begin=None, end=None, cb="monitor", wait="-1", extra=""):
    begin = base if begin is None else begin
    end = base + size if end is None else end
    return (f"- name: {name}\n  runtime: {runtime}\n  isolation:\n  - base: {base:#x}\n    size: {size:#x}\n"
            f"    begin: {begin:#x}\n    end: {end:#x}\n  callback_out: {cb}\n  wait: {wait}\n{extra}")


def config_cases():
    """(name, yaml, problem substring, file named in the error: 'cfg' or an image name)"""
    two = lambda a, b: "cVMs:\n" + a + b  # noqa: E731
    c = []
    c.append(("unaligned-base", "cVMs:\n" + cvm("first", "libgood.so", base=0x400001000), "multiple of the slot size", "cfg"))
    c.append(("base-beyond-space", "cVMs:\n" + cvm("first", "libgood.so", base=0x7fffc0000000), "outside the address space", "cfg"))
    c.append(("base-wraps", "cVMs:\n" + cvm("first", "libgood.so", base=0xffffffffc0000000), "not a valid number", "cfg"))
    c.append(("size-zero", "cVMs:\n" + cvm("first", "libgood.so", size=0), "power of two", "cfg"))
    c.append(("size-3g", "cVMs:\n" + cvm("first", "libgood.so", size=0xc0000000), "power of two", "cfg"))
    c.append(("size-8m", "cVMs:\n" + cvm("first", "libgood.so", size=0x800000), "power of two", "cfg"))
    c.append(("size-128g", "cVMs:\n" + cvm("first", "libgood.so", base=0x2000000000, size=0x2000000000), "power of two", "cfg"))
    c.append(("small-slot-in-big", two(cvm("first", "libgood.so", base=0x40000000), cvm("second", "libgood2.so", base=0x7f000000, size=0x1000000)),
              "overlap", "cfg"))
    c.append(("same-id-two-sizes", two(cvm("first", "libgood.so"), cvm("second", "libgood2.so", base=0x10000000, size=0x1000000)),
              "same id", "cfg"))
    c.append(("duplicate-names", two(cvm("first", "libgood.so"), cvm("first", "libgood2.so", base=0x440000000)), "duplicate cVM name", "cfg"))
    c.append(("self-callback", "cVMs:\n" + cvm("first", "libgood.so", cb="libgood.so"), "itself", "cfg"))
    c.append(("partial-overlap-order", two(cvm("first", "libgood.so", base=0x440000000), cvm("second", "libgood2.so", base=0x440000000)), "overlap", "cfg"))
    c.append(("number-overflow", "cVMs:\n" + cvm("first", "libgood.so").replace("base: 0x400000000", "base: 0x1400000000000000000"), "not a valid number", "cfg"))
    c.append(("number-garbage", "cVMs:\n" + cvm("first", "libgood.so").replace("size: 0x40000000", "size: 1GiB"), "not a valid number", "cfg"))
    c.append(("negative-size", "cVMs:\n" + cvm("first", "libgood.so").replace("size: 0x40000000", "size: -0x40000000"), "", "cfg"))
    c.append(("wait-bad", "cVMs:\n" + cvm("first", "libgood.so", wait="-2"), "wait", "cfg"))
    c.append(("wait-text", "cVMs:\n" + cvm("first", "libgood.so", wait="soon"), "", "cfg"))
    c.append(("no-isolation", "cVMs:\n- name: first\n  runtime: libgood.so\n  callback_out: monitor\n", "missing required key", "cfg"))
    c.append(("no-name", "cVMs:\n" + cvm("first", "libgood.so").replace("- name: first\n  runtime", "- runtime"), "missing required key", "cfg"))
    c.append(("cvms-not-list", "cVMs: 3\n", "", "cfg"))
    c.append(("root-is-list", "- cVMs\n", "", "cfg"))
    c.append(("tab-indent", "cVMs:\n\t- name: first\n", "YAML", "cfg"))
    c.append(("unterminated-quote", "cVMs:\n- name: 'first\n", "YAML", "cfg"))
    c.append(("binary-garbage", "\x00\x01\x02\xff\xfe" * 20, "", "cfg"))
    c.append(("alias-bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
              "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
              "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ncVMs: *f\n", "", "cfg"))
    c.append(("runtime-is-directory", "cVMs:\n" + cvm("first", "adir"), "", "adir"))
    c.append(("runtime-dev-zero", "cVMs:\n" + cvm("first", "/dev/zero"), "", "/dev/zero"))
    c.append(("runtime-empty-name", "cVMs:\n" + cvm("first", "''"), "", "cfg"))
    # ids are otypes: 0x3fffb is the largest sealing otype (cheri-riscv.md 3); the one after it is refused,
    # even after 300 good cVMs (no constant limit on their number)
    c.append(("id-past-otype-space", "cVMs:\n" + "".join(cvm(f"c{i}", "libgood.so", base=0x1000000 * (i + 1), size=0x1000000) for i in range(300))
              + cvm("last", "libgood.so", base=0x3fffc000000, size=0x1000000), "slots 1..262139", "cfg"))
    c.append(("two-documents", "cVMs:\n" + cvm("first", "libgood.so") + "---\ncVMs:\n" + cvm("second", "libgood2.so", base=0x440000000),
              "duplicate key", "cfg"))
    c.append(("hex-without-0x", "cVMs:\n" + cvm("first", "libgood.so").replace("size: 0x40000000", "size: 40000000"), "has no 0x", "cfg"))
    c.append(("callback-cvm-name", two(cvm("first", "libgood.so"), cvm("second", "libgood2.so", base=0x440000000, cb="first")),
              "use its runtime file name, e.g. libgood.so", "cfg"))
    c.append(("runtime-typo-named-by-callback", two(cvm("first", "libgodo.so"), cvm("second", "libgood2.so", base=0x440000000, cb="libgood.so")),
              ":3:12: cannot read the runtime file", "cfg"))
    # the second cVM is bad: nothing of the first may be deployed or run
    c.append(("second-image-bad", two(cvm("first", "libgood.so"), cvm("second", "libtrunc64.so", base=0x440000000)), "", "libtrunc64.so"))
    return c


# ---- ELF surgery on a good image ----

def le(fmt, b, off):
    return struct.unpack_from("<" + fmt, b, off)[0]


def put(b, fmt, off, v):
    struct.pack_into("<" + fmt, b, off, v)


class Elf:
    def __init__(self, data):
        self.d = bytearray(data)
        d = self.d
        self.phoff, self.shoff = le("Q", d, 32), le("Q", d, 40)
        self.phnum, self.shnum, self.shstrndx = le("H", d, 56), le("H", d, 60), le("H", d, 62)
        stro = le("Q", d, self.shoff + self.shstrndx * 64 + 24)
        self.sec = {}
        for i in range(self.shnum):
            o = self.shoff + i * 64
            n = le("I", d, o)
            name = bytes(d[stro + n:d.index(0, stro + n)]).decode()
            self.sec[name] = o
        self.loads = [self.phoff + i * 56 for i in range(self.phnum) if le("I", d, self.phoff + i * 56) == 1]

    def copy(self):
        e = Elf.__new__(Elf)
        e.__dict__.update(self.__dict__)
        e.d = bytearray(self.d)
        return e

    def sec_off(self, name):
        return le("Q", self.d, self.sec[name] + 24)

    def sec_size(self, name):
        return le("Q", self.d, self.sec[name] + 32)


def image_cases(good):
    """(name, bytes, problem substring)"""
    e = Elf(good)
    out = []

    def mut(name, problem, f):
        x = e.copy()
        f(x)
        out.append((name, bytes(x.d), problem))

    # truncated at every header boundary
    cuts = {0: "shorter than an ELF header", 1: "", 4: "", 16: "", 63: "shorter than an ELF header", 64: "",
            e.phoff + 28: "program header", e.phoff + e.phnum * 56 - 1: "program header",
            e.shoff: "section header", e.shoff + 64 * (e.shnum // 2): "section header", len(good) - 1: ""}
    for i in range(e.phnum):
        cuts.setdefault(e.phoff + i * 56, "")
    for o in e.loads:
        end = le("Q", e.d, o + 8) + le("Q", e.d, o + 32)
        if 64 < end < len(good):
            cuts.setdefault(end - 1, "")
    for s in ("__cap_relocs", ".symtab", ".strtab"):
        if s in e.sec:
            cuts.setdefault(e.sec_off(s) + 1, "")
    for n, prob in sorted(cuts.items()):
        out.append((f"trunc-{n}", bytes(good[:n]), prob))
    # identification
    mut("class32", "ELFCLASS64", lambda x: put(x.d, "B", 4, 1))
    mut("class-none", "ELFCLASS64", lambda x: put(x.d, "B", 4, 0))
    mut("big-endian", "little-endian", lambda x: put(x.d, "B", 5, 2))
    mut("version0", "version", lambda x: put(x.d, "B", 6, 0))
    mut("magic", "magic", lambda x: put(x.d, "B", 1, ord("X")))
    mut("machine-arm", "EM_RISCV", lambda x: put(x.d, "H", 18, 183))
    mut("type-rel", "ET_DYN", lambda x: put(x.d, "H", 16, 1))
    # header tables
    mut("phentsize-32", "program header", lambda x: put(x.d, "H", 54, 32))
    mut("phnum-65535", "", lambda x: put(x.d, "H", 56, 0xffff))
    mut("phoff-huge", "program header", lambda x: put(x.d, "Q", 32, 1 << 63))
    mut("phoff-wrap", "program header", lambda x: put(x.d, "Q", 32, (1 << 64) - 56))
    mut("phnum-0", "", lambda x: put(x.d, "H", 56, 0))
    mut("shentsize-0", "", lambda x: put(x.d, "H", 58, 0))
    mut("shnum-65535", "section header", lambda x: put(x.d, "H", 60, 0xffff))
    mut("shoff-huge", "section header", lambda x: put(x.d, "Q", 40, 1 << 62))
    mut("shstrndx-out", "", lambda x: put(x.d, "H", 62, x.shnum + 5))
    mut("entry-outside", "entry point", lambda x: put(x.d, "Q", 24, 0x7fffffff0))
    mut("entry-in-data", "entry point", lambda x: put(x.d, "Q", 24, le("Q", x.d, x.loads[-1] + 16)))
    # segments
    lo = e.loads[0]
    mut("seg-filesz-gt-memsz", "filesz", lambda x: put(x.d, "Q", lo + 32, le("Q", x.d, lo + 40) + 0x1000))
    mut("seg-offset-beyond-file", "outside the file", lambda x: put(x.d, "Q", lo + 8, len(good) + 0x10000))
    mut("seg-filesz-huge", "", lambda x: (put(x.d, "Q", lo + 32, 1 << 62), put(x.d, "Q", lo + 40, 1 << 62)))
    mut("seg-memsz-2g", "slot", lambda x: put(x.d, "Q", lo + 40, 0x80000000))
    mut("seg-memsz-wraps", "", lambda x: put(x.d, "Q", lo + 40, (1 << 64) - 0x1000))
    mut("seg-vaddr-beyond-slot", "", lambda x: put(x.d, "Q", lo + 16, 0x40000000))
    mut("seg-vaddr-in-stacks", "", lambda x: put(x.d, "Q", e.loads[-1] + 16, 0x3f000000))
    if len(e.loads) > 1:
        l2 = e.loads[1]
        mut("seg-overlap", "", lambda x: put(x.d, "Q", l2 + 16, le("Q", x.d, lo + 16)))
    # capability relocations (entry: location, base, offset, length, perms)
    if "__cap_relocs" in e.sec:
        cr = e.sec_off("__cap_relocs")
        n = e.sec_size("__cap_relocs") // 40
        last = cr + (n - 1) * 40
        mut("caprel-location-outside", "location", lambda x: put(x.d, "Q", cr, 0x3ffffff0))
        mut("caprel-location-huge", "location", lambda x: put(x.d, "Q", cr, 1 << 63))
        mut("caprel-location-misaligned", "location", lambda x: put(x.d, "Q", cr, le("Q", x.d, cr) + 8))
        mut("caprel-target-outside", "target", lambda x: put(x.d, "Q", cr + 8, 0x20000000))
        mut("caprel-target-wraps", "", lambda x: put(x.d, "Q", cr + 8, (1 << 64) - 8))
        mut("caprel-length-huge", "length", lambda x: put(x.d, "Q", cr + 24, 1 << 62))
        mut("caprel-length-max", "", lambda x: put(x.d, "Q", cr + 24, (1 << 64) - 1))
        mut("caprel-length-past-image", "", lambda x: put(x.d, "Q", cr + 24, 0x40000000))
        mut("caprel-offset-huge", "", lambda x: put(x.d, "Q", cr + 16, 1 << 40))
        mut("caprel-perms-unknown", "permissions", lambda x: put(x.d, "Q", cr + 32, 0x2000000000000000))
        mut("caprel-perms-both", "permissions", lambda x: put(x.d, "Q", cr + 32, 0xc000000000000000))
        mut("caprel-last-location-outside", "location", lambda x: put(x.d, "Q", last, 0x7ffffff0))
        mut("caprel-size-not-40", "__cap_relocs", lambda x: put(x.d, "Q", x.sec["__cap_relocs"] + 32, n * 40 - 8))
        mut("caprel-size-huge", "", lambda x: put(x.d, "Q", x.sec["__cap_relocs"] + 32, 1 << 60))
        mut("caprel-offset-beyond-file", "", lambda x: put(x.d, "Q", x.sec["__cap_relocs"] + 24, len(good) + 0x1000))
    # symbols
    if ".symtab" in e.sec:
        st = e.sec[".symtab"]
        mut("symtab-entsize-0", "", lambda x: put(x.d, "Q", st + 56, 0))
        mut("symtab-size-huge", "", lambda x: put(x.d, "Q", st + 32, 1 << 60))
        mut("symtab-link-out", "", lambda x: put(x.d, "I", st + 40, 0xffff))
        so = e.sec_off(".symtab")
        ns = e.sec_size(".symtab") // 24
        strtab = e.sec_off(".strtab")

        # (an image without ret_from_monitor deploys since issue 11, intravisor.md 10: its
        # return pair is untagged, a hostcall is a fault; tests/images/run.sh "hostcall")

        def ret_outside(x):
            for i in range(ns):
                nm = le("I", x.d, so + i * 24)
                if bytes(x.d[strtab + nm:x.d.index(0, strtab + nm)]) == b"ret_from_monitor":
                    put(x.d, "Q", so + i * 24 + 8, 0x3fff0000)
        mut("ret-from-monitor-outside", "", ret_outside)

        def names_out(x):
            for i in range(ns):
                put(x.d, "I", so + i * 24, 0x7fffffff)
        mut("symbol-names-out-of-range", "", names_out)
    return out


def run_case(iv, d, name, cfg_text, files, problem, named):
    cfg = os.path.join(d, name + ".yaml")
    with open(cfg, "w") as f:
        f.write(cfg_text)
    for fn, data in files.items():
        with open(os.path.join(d, fn), "wb") as f:
            f.write(data)
    try:
        p = subprocess.run([iv, "-y", cfg], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
    except subprocess.TimeoutExpired:
        return [f"timeout (20 s)"]
    err = p.stderr.decode(errors="replace")
    out = p.stdout.decode(errors="replace")
    bad = []
    if p.returncode != 1:
        bad.append(f"exit status {p.returncode}, want 1")
    lines = err.splitlines()
    if len(lines) != 1:
        bad.append(f"{len(lines)} stderr lines, want 1: {err[:300]!r}")
    first = lines[0] if lines else ""
    if not first.startswith("intravisor: error: "):
        bad.append(f"stderr is not an error line: {first[:200]!r}")
    want_file = cfg if named == "cfg" else (named if named.startswith("/") else os.path.join(d, named))
    if want_file not in first:
        bad.append(f"the error does not name {want_file}: {first[:200]!r}")
    if problem and problem not in first:
        bad.append(f"the error does not say {problem!r}: {first[:200]!r}")
    if out != f"Using yaml.cfg = {cfg}\n":
        bad.append(f"stdout is not only the 'Using yaml.cfg' line (something was deployed): {out[:200]!r}")
    return bad


def run_all(iv, guest, tmp, verbose):
    os.makedirs(tmp, exist_ok=True)
    os.makedirs(os.path.join(tmp, "adir"), exist_ok=True)
    with open(os.path.join(guest, GOOD), "rb") as f:
        good = f.read()
    for n in ("libgood.so", "libgood2.so"):
        shutil.copy(os.path.join(guest, GOOD), os.path.join(tmp, n))
    with open(os.path.join(tmp, "libtrunc64.so"), "wb") as f:
        f.write(good[:64])
    passed = failed = 0
    tag = os.path.basename(os.path.dirname(iv)) or "build"
    for name, text, problem, named in config_cases():
        bad = run_case(iv, tmp, "cfg-" + name, text, {}, problem, named)
        if bad:
            failed += 1
            print(f"FAIL  bad input ({tag}) config {name}: " + "; ".join(bad))
        else:
            passed += 1
            if verbose:
                print(f"ok    bad input ({tag}) config {name}")
    for name, data, problem in image_cases(good):
        img = f"lib-{name}.so"
        text = "cVMs:\n" + cvm("first", img)
        bad = run_case(iv, tmp, "img-" + name, text, {img: data}, problem, img)
        if bad:
            failed += 1
            print(f"FAIL  bad input ({tag}) image {name}: " + "; ".join(bad))
        else:
            passed += 1
            if verbose:
                print(f"ok    bad input ({tag}) image {name}")
    print(f"bad input ({iv}): {passed + failed} cases, {failed} not rejected cleanly")
    return passed, failed
