"""files.py - upstream's file hostcalls 801..814 from pure-cap cVMs, run by run.py. The cVMs
are tests/security/files/files.S, built as GUEST/fi_files.so and (-DOTHER) GUEST/fi_other.so:
  other   runs first and leaves descriptors 3, 4, 5 open in its own table
  files   uses every call as a program does, then tries every way out of its mounts (.., relative,
          absolute and directory symbolic links, host paths), writes to the read-only mount,
          bad buffers (read-only, short, straddling, below base, untagged, without Load, an
          integer), paths without a NUL in bounds, and the other cVM's descriptors
Exact lines (sorted), exit status, and what the host folders hold afterwards: the secret next to
the mount untouched, the new and truncated files exactly as the cVM left them. Each runs with
the translator and with --no-jit.
"""
import os
import shutil

from scenario import copy_as, run_scenario

SLOT = 0x40000000

FILES_OK = """open-hello read-hello-20-bytes write-stdout lseek-6 read-4-more read-from-offset-6 fstat fstat-size-20
fcntl-getfl-rdonly close close-twice-ebadf errno-ebadf create-new write-new-19 fcntl-getfl-wronly close-new stat-new
stat-size-19 access-new access-missing errno-enoent truncate-cut-5 unlink-gone unlinked-is-gone lstat-link
lstat-is-a-link open-ro-for-reading close-ro dotdot-out dotdot-deep-out relative-link-out absolute-link-out
directory-link-out stat-follows-no-link-out host-path root-outside-mounts truncate-through-link ro-open-write
ro-create ro-unlink ro-truncate open-again read-into-read-only read-short-buffer short-buffer-untouched
read-straddling-top read-below-base read-untagged refused-reads-did-not-move-the-offset create-w write-without-load
write-past-buffer write-huge-count write-from-integer refused-writes-wrote-nothing stat-buffer-127
lstat-into-read-only path-without-nul path-untagged path-without-load other-cvms-fd-read other-cvms-fd-close
other-cvms-fd-fstat fd-out-of-range fd-negative unused-805""".split()


def y(name, runtime, base, wait, extra=""):
    return (f"- name: {name}\n  runtime: {runtime}\n  isolation:\n"
            f"  - base: {base:#x}\n    size: {SLOT:#x}\n    begin: {base:#x}\n    end: {base + SLOT:#x}\n"
            f"  callback_out: monitor\n  wait: {wait}\n{extra}"
            f"  mounts:\n  - host: data\n    guest: /data\n  - host: ro\n    guest: /ro\n    readonly: true\n")


def make_tree(d):
    for sub in ("data", "ro", "outside"):
        shutil.rmtree(os.path.join(d, sub), ignore_errors=True)
        os.makedirs(os.path.join(d, sub))
    data = os.path.join(d, "data")

    def put(path, text):
        with open(path, "w") as f:
            f.write(text)
    put(os.path.join(data, "hello.txt"), "hello from the host\n")
    put(os.path.join(data, "cut.txt"), "0123456789")
    put(os.path.join(data, "gone.txt"), "bye")
    put(os.path.join(d, "ro", "file.txt"), "read-only")
    put(os.path.join(d, "secret.txt"), "SECRET")
    put(os.path.join(d, "outside", "secret.txt"), "SECRET")
    os.symlink("../secret.txt", os.path.join(data, "link_out"))
    os.symlink(os.path.join(d, "secret.txt"), os.path.join(data, "abs_out"))
    os.symlink(os.path.join(d, "outside"), os.path.join(data, "dir_out"))


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError as e:
        return f"<{e.strerror}>"


def file_calls(iv, guest, tmp):
    bad = []
    for mode in ((), ("--no-jit",)):
        label = "files" + (" --no-jit" if mode else "")
        d = os.path.join(tmp, "fi_files")
        os.makedirs(d, exist_ok=True)
        make_tree(d)
        copy_as(guest, d, "fi_other.so", "libother.so")
        copy_as(guest, d, "fi_files.so", "libfiles.so")
        text = "cVMs:\n" + y("other", "libother.so", 0x400000000, -1) + y("files", "libfiles.so", 0x440000000, -1)
        p, _ = run_scenario(iv, d, text, extra=mode)
        want = sorted(["hello from the host"] + [f"ok other-open-{i}" for i in (3, 4, 5)] +
                      [f"ok {t}" for t in FILES_OK])
        got = sorted(l for l in p.stdout.split("\n") if l)
        if p.returncode != 0:
            bad.append(f"{label}: exit {p.returncode}: {p.stderr.strip()[-300:]}")
        if got != want:
            bad.append(f"{label}: lines differ: extra {sorted(set(got) - set(want))[:6]}, "
                       f"missing {sorted(set(want) - set(got))[:6]}")
        host = {"data/new.txt": "written by the cVM\n", "data/cut.txt": "01234", "data/w.txt": "",
                "data/gone.txt": "<No such file or directory>", "secret.txt": "SECRET",
                "outside/secret.txt": "SECRET", "ro/file.txt": "read-only",
                "ro/made.txt": "<No such file or directory>", "data/hello.txt": "hello from the host\n"}
        for rel, text in host.items():
            if read(os.path.join(d, rel)) != text:
                bad.append(f"{label}: host {rel} holds {read(os.path.join(d, rel))!r}, want {text!r}")
        warn = "hostcall 805 is not served by this monitor"
        if warn not in p.stderr:
            bad.append(f"{label}: no warning for 805 on stderr")
    return not bad, bad


LEGACY_OK = """pipe-into-read-only pipe-into-7-bytes pipe pipe-fds-3-4 pipe-write pipe-read pipe-carried-ping
set-nonblock nonblock-flag empty-nonblocking-read set-nonblock-bad-fd open-tap-in-mount open-tap-rdwr-nonblock
open-tap-host-device deploy-refused deploy-refused-again deprecated-400 deprecated-401 deprecated-402 deprecated-404
deprecated-400-again""".split()

W = "intravisor: warning: cVM 'legacy' thread 0: hostcall "


def legacy_calls(iv, guest, tmp):
    """29 refused (with and without libvirt: 1), 300..302 served, 400..404 -ENOSYS: exact lines
    on stdout (in order: one cVM) and exactly one warning per refused number on stderr."""
    bad = []
    for libvirt in (False, True):
        label = "legacy" + (" libvirt" if libvirt else "")
        d = os.path.join(tmp, "fi_legacy")
        os.makedirs(d, exist_ok=True)
        make_tree(d)
        copy_as(guest, d, "fi_legacy_libvirt.so" if libvirt else "fi_legacy.so", "liblegacy.so")
        text = "cVMs:\n" + y("legacy", "liblegacy.so", 0x400000000, -1, "  libvirt: 1\n" if libvirt else "")
        p, _ = run_scenario(iv, d, text)
        want = [f"ok {t}" for t in LEGACY_OK]
        got = [l for l in p.stdout.split("\n") if l]
        if p.returncode != 0 or got != want:
            bad.append(f"{label}: exit {p.returncode}, lines {[l for l in got if not l.startswith('ok ')][:6]}, "
                       f"missing {sorted(set(want) - set(got))[:6]}")
        deploy = ("is refused: deploying a cVM at run time is not supported by this monitor: it returns -38 (ENOSYS)" if libvirt
                  else "is refused: it needs `libvirt: 1` in the cVM's config: it returns -1 (EPERM)")
        dep = "is deprecated (upstream hangs on it): it returns -38 (ENOSYS); said once per number"
        want_err = [W + f"29 (deploy_yaml) {deploy}; said once per number"] + [W + f"{n} {dep}" for n in (400, 401, 402, 404)]
        if libvirt:   # the config's own warning (config_check.c): still true, 29 deploys nothing
            want_err.insert(0, f"intravisor: warning: {d}/s.yaml:11:12: cVM 'legacy': 'libvirt: 1' is ignored "
                               "(hostcall 29, deploy from a cVM, is not served)")
        got_err = [l for l in p.stderr.split("\n") if l]
        if got_err != want_err:
            bad.append(f"{label}: stderr {got_err!r}, want {want_err!r}")
    return not bad, bad


def scenarios():
    return [("file_calls", file_calls), ("legacy_calls", legacy_calls)]
