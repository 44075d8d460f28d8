"""capstream.py - /dev/capstream/KEY attacks (issue 13: a CP_Stream as a hybrid cVM's
descriptor), run by run.py. The cVMs are tests/security/capstream/attack.c (GUEST/cs_attack, a
hybrid C program), half.S (GUEST/cs_half.so, cs_garble.so), wgarble.S and sink.S (cs_wgarble.so,
cs_sink.so), beside examples/stream's producer:
  probe   a key another cVM holds (O_WRONLY: EEXIST, also a capfile's), O_RDWR (EACCES), path
          tricks (.., below a key, the folder itself), a 65-byte key, a NUL in the key, a
          capfile's key (ENXIO), open flags, a second consumer (EBUSY), write/lseek/pread/readv,
          bad buffers (nothing taken from the ring), dup then close, the exact end (the failed
          takeovers changed nothing: 361 bytes), and ENOENT once the producer has ended
  quit    the consumer closes after 4 bytes while the producer is blocked on its full ring: the
          producer's write ends (-EPIPE: it prints its failure line), a reopen fails (EBUSY or ENOENT)
  half    the producer writes 13 bytes and ends without closing while the consumer reads:
          13 bytes, then 0 (no hang)
  garble  the producer sets its head 2^40 ahead: every read gives bytes of its ring only
A hybrid producer (O_WRONLY):
  wgarble a pure-cap consumer garbles the header between the hybrid writer's steps: head, id,
          flags and closed change nothing (its own head is published), a tail ahead or a ring
          behind is EIO, O_NONBLOCK fills exactly the 32 KiB ring (wrapping, every byte inside
          it) then EAGAIN, bytes past the ring's end land masked (index 8), 409 on the
          writer's key is EEXIST, the writer cannot consume its own
          stream nor open its key twice, and after the consumer ended a write is EPIPE
  wpipe   hybrid -> hybrid: bad buffers (outside the slot, 2^40 bytes, across the DDC's top)
          are EFAULT and write nothing; after the reader closed, a write is EPIPE though the
          ring has room; the reader closes while the writer blocks on the full ring: the write
          ends, the next is EPIPE (no SIGPIPE kill)
  wclose  a thread blocks writing into the full ring; main closes the descriptor: the close
          does not wait, the write returns the 32768 bytes that fitted, the reader gets them
          and then 0 while the writer is still alive
  wstall  a consumer that never reads: a thread blocked in write does not keep the cVM from
          ending (exit_group); a main thread blocked in write ends at --timeout (exit 124)
Two pure-cap cVMs (sdk/crt/stream.S on both sides, pgarble.S: GUEST/cs_pgarble_{w,r}.so):
  pgarble the producer sets its head more than a ring ahead: the consumer's read (a buffer of
          16 rings) waits, without a fault or a byte, until a sane head gives it "hello\n";
          the consumer sets the tail ahead of the head: the producer's 4096-byte write waits
          until a sane tail, then every byte arrives in order, then the end
Exact lines (sorted), exit status 0 (124 for the timeout), no fault. Each runs with the
translator and with --no-jit.
"""
import os

from scenario import copy_as, run_scenario

SLOT = 0x40000000

PROBE_OK = """open-consumer write-key-of-another-cvm-eexist write-nonblock-eexist write-capfile-key-eexist
rdwr-refused write-directory-flag dotdot-out dotdot-back-to-folder below-a-key folder-itself
folder-slash key-65-bytes key-64-bytes-unknown nul-ends-key capfile-is-not-a-stream directory-flag create-flag
second-consumer-busy write-ebadf getfl-rdonly lseek-espipe pread-espipe readv-einval read-outside-slot-efault
read-huge-efault refused-reads-took-nothing dup-then-close read-to-end-361 end-stays-end close-last
reopen-after-producer-ended""".split()


def y(name, runtime, base, wait, args=""):
    return (f"- name: {name}\n  runtime: {runtime}\n" + (f"  args: {args}\n" if args else "") +
            f"  isolation:\n  - base: {base:#x}\n    size: {SLOT:#x}\n    begin: {base:#x}\n"
            f"    end: {base + SLOT:#x}\n  callback_out: monitor\n  wait: {wait}\n")


def run(iv, guest, tmp, name, producer, args, want, rc=0, extra=(), consumer=None):
    """producer: a pure-cap library (a path, or a name in guest) deployed first, or a list of
    attack.c argument strings: hybrid cVMs deployed in order (the last one is waited for).
    consumer: a pure-cap library in guest deployed after the producer instead of attack.c."""
    bad = []
    d = os.path.join(tmp, "cs_" + name)
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "cs_attack", "attack")
    os.chmod(os.path.join(d, "attack"), 0o755)
    if consumer:
        copy_as(guest, d, producer, "libproducer.so")
        copy_as(guest, d, consumer, "libconsumer.so")
        text = "cVMs:\n" + y("producer", "libproducer.so", 0x400000000, 0) + y("consumer", "libconsumer.so", 0x440000000, -1)
    elif isinstance(producer, list):
        n = len(producer)
        text = "cVMs:\n" + "".join(y(f"attack{i}", "attack", 0x400000000 + i * SLOT, -1 if i == n - 1 else 0, a)
                                   for i, a in enumerate(producer))
    else:
        if producer.startswith("/"):
            copy_as(os.path.dirname(producer), d, os.path.basename(producer), "libproducer.so")
        else:
            copy_as(guest, d, producer, "libproducer.so")
        text = "cVMs:\n" + y("producer", "libproducer.so", 0x400000000, 0) + y("attack", "attack", 0x440000000, -1, args)
    text += "capfiles:\n- name: sync\n  size: 0x10\n"
    for mode in ((), ("--no-jit",)):
        p, rep = run_scenario(iv, d, text, extra=(*extra, *mode))
        got = sorted(l for l in p.stdout.split("\n") if l)
        if p.returncode != rc:
            bad.append(f"{name} {mode}: exit {p.returncode}: {p.stderr.strip()[-300:]}")
        if got != sorted(want):
            extra_l = sorted(set(got) - set(want))
            missing = sorted(set(want) - set(got))
            bad.append(f"{name} {mode}: lines differ: extra {extra_l[:6]}, missing {missing[:6]}")
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


WGARBLE_OK = """open-nonblock-at-once own-stream-not-its-consumer own-key-twice-eexist read-on-writer-ebadf
open-writers first-write-4 consumer-garbled-header garbled-header-write-4 bytes-after-abcd-and-our-own-head-8
tail-ahead-of-head-eio consumer-set-tail-a-ring-behind tail-a-ring-behind-eio consumer-set-sane-tail-garbled-head
nonblock-partial-32768 nonblock-full-eagain consumer-saw-32768-w-in-ring-only-and-409-eexist write-past-the-ring-end
consumer-saw-zz-at-index-8 consumer-ended-epipe
close-all""".split()

WPIPE_OK = """wp-open-writers write-outside-slot-efault write-huge-efault write-across-ddc-top-efault write-hello
write-q reader-closed-wq write-after-close-epipe epipe-stays blocked-write-ended-by-close full-ring-after-close-epipe
wp-close-writers wp-open-readers first-bytes-hello-only read-q-close reader-closed""".split()


def capstream_writer_garbled(iv, guest, tmp):
    bad = run(iv, guest, tmp, "wgarble", "cs_wgarble.so", "attack wgarble", [f"ok {t}" for t in WGARBLE_OK])
    return not bad, bad


def capstream_writer_pipe(iv, guest, tmp):
    bad = run(iv, guest, tmp, "wpipe", ["attack wpipe-w", "attack wpipe-r"], "", [f"ok {t}" for t in WPIPE_OK])
    return not bad, bad


def capstream_writer_closed_while_blocked(iv, guest, tmp):
    bad = run(iv, guest, tmp, "wclose", ["attack wclose-w", "attack wclose-r"], "",
              ["ok wc-open", "ok wc-writer-thread", "ok close-while-writer-blocked", "ok blocked-writer-returned-32768",
               "ok reader-saw-32768-then-eof", "ok wc-open-reader"])
    return not bad, bad


def capstream_writer_stalled(iv, guest, tmp):
    bad = run(iv, guest, tmp, "wstall", "cs_sink.so", "attack wstall",
              ["ok ws-open-writer", "ok writer-thread", "ok exit-group-while-writer-blocked"])
    bad += run(iv, guest, tmp, "wstallmain", "cs_sink.so", "attack wstall-main",
               ["ok ws-open-writer", "ok blocking-in-main"], rc=124, extra=("--timeout", "2"))
    return not bad, bad


def capstream_pure_garbled(iv, guest, tmp):
    bad = run(iv, guest, tmp, "pgarble", "cs_pgarble_w.so", "",
              ["ok pg-" + t for t in ("reader-memo-saw-garbled-head", "write-4096-after-garbled-tail",
                                      "garbled-head-waited-then-hello", "writer-memo-saw-garbled-tail",
                                      "read-4096-in-order-then-end")], consumer="cs_pgarble_r.so")
    return not bad, bad


def scenarios():
    return [(f.__name__, f) for f in (capstream_probe, capstream_consumer_quits, capstream_producer_dies, capstream_garbled_head,
                                      capstream_writer_garbled, capstream_writer_pipe, capstream_writer_closed_while_blocked,
                                      capstream_writer_stalled, capstream_pure_garbled)]
