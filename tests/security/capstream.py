"""capstream.py - /dev/capstream/KEY attacks (issue 13: a CP_Stream as a hybrid cVM's
descriptor), run by run.py. The cVMs are tests/security/capstream/attack.c (GUEST/cs_attack, a
hybrid C program) and half.S (GUEST/cs_half.so, cs_garble.so), beside examples/stream's producer:
  probe   the wrong direction (O_WRONLY, O_RDWR: EACCES), path tricks (.., below a key, the
          folder itself), a 65-byte key, a NUL in the key, a capfile's key (ENXIO), open flags,
          a second consumer (EBUSY), write/lseek/pread/readv, bad buffers (nothing taken from
          the ring), dup then close, the exact end, and ENOENT once the producer has ended
  quit    the consumer closes after 4 bytes while the producer is blocked on its full ring: the
          producer's write ends (-EPIPE: it prints its failure line), a reopen fails (EBUSY or ENOENT)
  half    the producer writes 13 bytes and ends without closing while the consumer reads:
          13 bytes, then 0 (no hang)
  garble  the producer sets its head 2^40 ahead: every read gives bytes of its ring only
Exact lines (sorted), exit status 0, no fault. Each runs with the translator and with --no-jit.
"""
import os

from scenario import copy_as, run_scenario

SLOT = 0x40000000

PROBE_OK = """write-direction-refused rdwr-refused dotdot-out dotdot-back-to-folder below-a-key folder-itself
folder-slash key-65-bytes key-64-bytes-unknown nul-ends-key capfile-is-not-a-stream directory-flag create-flag
open-consumer second-consumer-busy write-ebadf lseek-espipe pread-espipe readv-einval read-outside-slot-efault
read-huge-efault refused-reads-took-nothing dup-then-close read-to-end-361 end-stays-end close-last
reopen-after-producer-ended""".split()


def y(name, runtime, base, wait, args=""):
    return (f"- name: {name}\n  runtime: {runtime}\n" + (f"  args: {args}\n" if args else "") +
            f"  isolation:\n  - base: {base:#x}\n    size: {SLOT:#x}\n    begin: {base:#x}\n"
            f"    end: {base + SLOT:#x}\n  callback_out: monitor\n  wait: {wait}\n")


def run(iv, guest, tmp, name, producer, args, want):
    bad = []
    d = os.path.join(tmp, "cs_" + name)
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "cs_attack", "attack")
    os.chmod(os.path.join(d, "attack"), 0o755)
    if producer.startswith("/"):
        copy_as(os.path.dirname(producer), d, os.path.basename(producer), "libproducer.so")
    else:
        copy_as(guest, d, producer, "libproducer.so")
    text = ("cVMs:\n" + y("producer", "libproducer.so", 0x400000000, 0) +
            y("attack", "attack", 0x440000000, -1, args) + "capfiles:\n- name: sync\n  size: 0x10\n")
    for mode in ((), ("--no-jit",)):
        p, rep = run_scenario(iv, d, text, extra=mode)
        got = sorted(l for l in p.stdout.split("\n") if l)
        if p.returncode != 0:
            bad.append(f"{name} {mode}: exit {p.returncode}: {p.stderr.strip()[-300:]}")
        if got != sorted(want):
            extra = sorted(set(got) - set(want))
            missing = sorted(set(want) - set(got))
            bad.append(f"{name} {mode}: lines differ: extra {extra[:6]}, missing {missing[:6]}")
    return bad


def capstream_probe(iv, guest, tmp):
    prod = os.path.join(os.path.dirname(os.path.abspath(guest)), "stream", "libproducer.so")
    bad = run(iv, guest, tmp, "probe", prod, "attack probe", [f"ok {t}" for t in PROBE_OK])
    return not bad, bad


def capstream_consumer_quits(iv, guest, tmp):
    prod = os.path.join(os.path.dirname(os.path.abspath(guest)), "stream", "libproducer.so")
    bad = run(iv, guest, tmp, "quit", prod, "attack quit",
              ["ok read-4-bytes", "ok close-early", "ok no-second-consumer-after-close", "producer: a hostcall failed"])
    return not bad, bad


def capstream_producer_dies(iv, guest, tmp):
    bad = run(iv, guest, tmp, "half", "cs_half.so", "attack half",
              ["ok open-half", "ok producer-died-13-bytes-then-eof"])
    return not bad, bad


def capstream_garbled_head(iv, guest, tmp):
    bad = run(iv, guest, tmp, "garble", "cs_garble.so", "attack garble",
              ["ok open-half", "ok garbled-head-64-reads-of-ring-bytes-only"])
    return not bad, bad


def scenarios():
    return [(f.__name__, f) for f in (capstream_probe, capstream_consumer_quits, capstream_producer_dies, capstream_garbled_head)]
