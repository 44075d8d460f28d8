"""switcher.py - scenarios of the switcher (intravisor.md 5.1, issue "A trusted switcher"),
run by run.py. The cVMs are tests/security/switcher/*.S, built as GUEST/sw_*.so:
  relay     a handler cVM that forwards every call up its callback (HC_SW_FAULT + L: the L-th
            relay of the chain faults)
  client    writes whose lengths are a function of (its id, call number); a result that is not
            exactly its own length prints "BAD client"
  attacker  a handler whose own thread exits, or CInvokes the return pair, while a call it
            made for its client is in flight
  peek      a handler that looks at its registers at entry, before it writes any: only the
            arguments of leaky's call (something in every register) may be there
Every scenario checks exact values: which threads ended how, which faults (cVM, kind, pc, the
cVM the pc was in), the exact multiset of written lines (each write happened exactly once per
call: a lost, repeated or misrouted result shows), and the switcher's counts in the JSON report
(no handler context left taken, calls == returns + unwound).
Each runs with the translator and with --no-jit.
"""
import os
import random

from scenario import copy_as, nm, run_scenario

K = 20           # client.S CLIENT_K
ATTACK_REPEAT = 50   # attacker.S: each client write is made 50 times
SLOT = 0x40000000


def y(name, runtime, args, base, callback, wait):
    return (f"- name: {name}\n  runtime: {runtime}\n  args: /ld.so {args}\n  isolation:\n"
            f"  - base: {base:#x}\n    size: {SLOT:#x}\n    begin: {base:#x}\n    end: {base + SLOT:#x}\n"
            f"  callback_out: {callback}\n  wait: {wait}\n")


def lengths(cid, n):
    return [1 + ((cid * 131 + k * 17) & 1023) for k in range(n)]


def run(iv, d, text, extra=()):
    return run_scenario(iv, d, "cVMs:\n" + text, extra=extra)


def check_lines(out, want_dots, want_ok, bad):
    """out: stdout. want_dots: multiset (list) of dot-line lengths (newline included)."""
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    dots = sorted(len(l) + 1 for l in lines if set(l) <= {"."})   # "" is a write of length 1
    if dots != sorted(want_dots):
        bad.append(f"{len(dots)} written lines, want {len(want_dots)} with the exact lengths of each caller's calls"
                   + ("" if len(dots) != len(want_dots) else " (same count, other lengths: a result went astray)"))
    n_ok = out.count("client ok")
    if n_ok != want_ok:
        bad.append(f"{n_ok} 'client ok', want {want_ok}")
    bads = [l for l in lines if "BAD" in l]
    if bads:
        bad.append("; ".join(sorted(set(l[l.index("BAD"):] for l in bads))))


def check_switcher(r, bad):
    s = r.get("switcher")
    if not s:
        bad.append("no switcher counts in the report")
        return
    if s["contexts_in_use"] != 0:
        bad.append(f"{s['contexts_in_use']} handler contexts still taken at the end (leaked)")
    if s["calls"] != s["returns"] + s["unwound"]:
        bad.append(f"calls {s['calls']} != returns {s['returns']} + unwound {s['unwound']}")


def inflight(iv, guest, tmp, mode, extra):
    """The issue's scenario. H: an honest handler (relay, callback monitor). A: the attacker,
    callback H, handler of M; its thread X waits until its code runs on M's thread Y (inside
    M's call), then exits (mode x) or CInvokes the switcher's return pair to complete Y's call
    from X (mode r). Meanwhile Y makes M's write 50 times through H and I, an innocent client
    of H, makes its 20 writes: every result must be its own, every write exactly once, X's
    return refused (mode r: one bad-return fault, X's; nothing resumed on X)."""
    d = os.path.join(tmp, f"inflight-{mode}{'-nojit' if extra else ''}")
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "sw_relay.so", "libH.so")
    copy_as(guest, d, "sw_attacker.so", "libA.so")
    copy_as(guest, d, "sw_client.so", "libM.so")
    copy_as(guest, d, "sw_client.so", "libI.so")
    text = (y("H", "libH.so", "n", 0x400000000, "monitor", 0) + y("A", "libA.so", mode, 0x440000000, "libH.so", 0)
            + y("M", "libM.so", "n", 0x480000000, "libA.so", 0) + y("I", "libI.so", "n", 0x4c0000000, "libH.so", -1))
    p, r = run(iv, d, text, extra)
    if r is None:
        return False, [f"no JSON report (exit {p.returncode}): {p.stderr[-300:]}"]
    bad = []
    want = [n for n in lengths(18, K) for _ in range(ATTACK_REPEAT)] + lengths(19, K)
    check_lines(p.stdout, want, ATTACK_REPEAT + 1, bad)
    check_switcher(r, bad)
    ends = {c["name"]: c["end"] for c in r["cvms"]}
    want_ends = {"H": "exit", "A": "exit" if mode == "x" else "fault", "M": "exit", "I": "exit"}
    if ends != want_ends:
        bad.append(f"ends {ends}, want {want_ends}")
    f = [(x["cvm"], x["thread"], x["kind"], x["pc"], x["cause"]) for x in r["faults"]]
    want_f = [] if mode == "x" else [("A", 0, "bad-return", "0x482f0", 1)]
    if f != want_f:
        bad.append(f"faults {f}, want {want_f}")
    if p.returncode != (0 if mode == "x" else 2):
        bad.append(f"exit status {p.returncode}")
    return not bad, bad


def stress(iv, guest, tmp, seed, extra, nclients=100):
    """100 client threads over three-level chains (client -> mid_i -> leaf -> monitor), all at
    once, each with a random fate (seeded): all its writes (n), exit halfway (e), or fault
    halfway in its mid (f1) or in the leaf (f2). Exact checks per client; no context left."""
    d = os.path.join(tmp, f"stress-{seed}{'-nojit' if extra else ''}")
    os.makedirs(d, exist_ok=True)
    rnd = random.Random(seed)
    copy_as(guest, d, "sw_relay.so", "libleaf.so")
    text = y("leaf", "libleaf.so", "n", 0x400000000, "monitor", 0)
    for m in range(3):
        copy_as(guest, d, "sw_relay.so", f"libmid{m}.so")
        text += y(f"mid{m}", f"libmid{m}.so", "n", 0x440000000 + m * SLOT, "libleaf.so", 0)
    modes, want, base0 = {}, [], 0x440000000 + 3 * SLOT
    for i in range(nclients):
        mode = rnd.choice(["n"] * 6 + ["e", "f1", "f2"])
        name, base = f"c{i}", base0 + i * SLOT
        modes[name] = (mode, i % 3)
        copy_as(guest, d, "sw_client.so", f"lib{name}.so")
        text += y(name, f"lib{name}.so", mode, base, f"libmid{i % 3}.so", -1 if i == nclients - 1 else 0)
        want += lengths(base // SLOT, K if mode == "n" else K // 2)
    p, r = run(iv, d, text, extra)
    if r is None:
        return False, [f"no JSON report (exit {p.returncode}): {p.stderr[-300:]}"]
    bad = []
    check_lines(p.stdout, want, sum(1 for m, _ in modes.values() if m == "n"), bad)
    check_switcher(r, bad)
    ends = {c["name"]: c["end"] for c in r["cvms"]}
    fault_pc = nm(os.path.join(d, "libleaf.so"), "relay_fault")
    faults = {x["cvm"]: x for x in r["faults"]}
    for name, (mode, m) in modes.items():
        want_end = "fault" if mode[0] == "f" else "exit"
        if ends.get(name) != want_end:
            bad.append(f"{name} ({mode}) ended {ends.get(name)}, want {want_end}")
        if mode[0] != "f":
            continue
        fx = faults.get(name)
        where = f"mid{m}" if mode == "f1" else "leaf"
        base = 0x440000000 + m * SLOT if mode == "f1" else 0x400000000
        if not fx or fx["kind"] != "trap" or fx["cheri_cause"] != 2 or int(fx["pc"], 16) != base + fault_pc \
                or not fx["in_cvm"] or fx["in_cvm"]["name"] != where:
            bad.append(f"{name} ({mode}): fault {fx and (fx['kind'], fx['pc'], fx['in_cvm'])}, want a tag "
                       f"violation at relay_fault in {where}")
    extra_faults = sorted(set(faults) - {n for n, (m, _) in modes.items() if m[0] == "f"})
    if extra_faults:
        bad.append(f"unexpected faults: {extra_faults}")
    for n in ["leaf", "mid0", "mid1", "mid2"]:
        if ends.get(n) != "exit":
            bad.append(f"{n} ended {ends.get(n)}")
    want_rc = 2 if any(m[0] == "f" for m, _ in modes.values()) else 0
    if p.returncode != want_rc:
        bad.append(f"exit status {p.returncode}, want {want_rc}")
    return not bad, bad[:8]


def budget_sweep(iv, guest, tmp, extra, nmax=260):
    """Stop a thread at every instruction of a call path: client -> mid -> leaf -> monitor, one
    write, with --budget N for N = 1..nmax. Every run must end with status 4 (or 0 once the
    budget suffices), only budget records, no context left and calls == returns + unwound; the
    sweep must stop the client inside a call at depth 1 and at depth 2 (unwound 1 and 2 seen),
    and the run with the largest budget must complete ("client ok")."""
    d = os.path.join(tmp, f"sweep{'-nojit' if extra else ''}")
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "sw_relay.so", "libleaf.so")
    copy_as(guest, d, "sw_relay.so", "libmid.so")
    copy_as(guest, d, "sw_client.so", "libc.so")
    text = (y("leaf", "libleaf.so", "n", 0x400000000, "monitor", -1) + y("mid", "libmid.so", "n", 0x440000000, "libleaf.so", -1)
            + y("c", "libc.so", "1", 0x480000000, "libmid.so", -1))
    bad, unwound_seen, last = [], set(), None
    for n in range(1, nmax + 1):
        p, r = run(iv, d, text, ("--budget", str(n), *extra))
        if r is None:
            bad.append(f"budget {n}: no JSON report (exit {p.returncode})")
            break
        b = []
        check_switcher(r, b)
        if p.returncode not in (0, 4):
            b.append(f"exit status {p.returncode}")
        if any(f["kind"] != "budget" for f in r["faults"]):
            b.append("a fault that is not the budget: " + ", ".join(f"{f['cvm']} {f['kind']} {f['pc']}" for f in r["faults"]))
        if b:
            bad.append(f"budget {n}: " + "; ".join(b))
            break
        ends = {c["name"]: c["end"] for c in r["cvms"]}
        if ends.get("c") == "budget":
            unwound_seen.add(r["switcher"]["unwound"])
        last = (p, ends)
    if not bad:
        if not {1, 2} <= unwound_seen:
            bad.append(f"the sweep never stopped the client inside a call at depth 1 and 2 (unwound {sorted(unwound_seen)})")
        if not last or last[0].returncode != 0 or "client ok" not in last[0].stdout:
            bad.append(f"budget {nmax} is not enough for the call path (raise nmax): {last and last[1]}")
    return not bad, bad


def peek(iv, guest, tmp, extra):
    """What a handler cVM finds in its registers at entry (peek.S), from a caller with a tagged
    capability in every register it can fill and a pattern in every f register (leaky.S): the
    arguments ca0..ca6 and nothing else ("peek: 0007": 0 leaked * 100 + 7 arguments), and the
    caller's preserved registers back (else a BAD line)."""
    bad = []
    d = os.path.join(tmp, "sw_peek")
    os.makedirs(d, exist_ok=True)
    copy_as(guest, d, "sw_peek.so", "libpeek.so")
    copy_as(guest, d, "sw_leaky.so", "libleaky.so")
    p, r = run(iv, d, y("peek", "libpeek.so", "", 0x400000000, "monitor", -1) +
               y("leaky", "libleaky.so", "", 0x440000000, "libpeek.so", -1), extra)
    if p.returncode != 0 or p.stdout != "peek: 0007\n":
        bad.append(f"exit {p.returncode}, stdout {p.stdout!r} (want 'peek: 0007'): {p.stderr.strip()[-200:]}")
    if r:
        check_switcher(r, bad)
    return not bad, bad


def scenarios():
    """(name, function(iv, guest, tmp) -> (ok, problems))"""
    out = []
    for extra, tag in (((), ""), (("--no-jit",), "_nojit")):
        out.append((f"switcher_peek{tag}", lambda iv, g, t, e=extra: peek(iv, g, t, e)))
        out.append((f"switcher_inflight_exit{tag}", lambda iv, g, t, e=extra: inflight(iv, g, t, "x", e)))
        out.append((f"switcher_inflight_return{tag}", lambda iv, g, t, e=extra: inflight(iv, g, t, "r", e)))
        out.append((f"switcher_stress100{tag}", lambda iv, g, t, e=extra: stress(iv, g, t, 1, e)))
        out.append((f"switcher_budget_sweep{tag}", lambda iv, g, t, e=extra: budget_sweep(iv, g, t, e)))
    out.append(("switcher_stress100_seed2", lambda iv, g, t: stress(iv, g, t, 2, ())))
    return out
