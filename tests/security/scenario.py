"""scenario.py - helpers shared by run.py and switcher.py: run one config, look up a symbol."""
import json
import os
import shutil
import subprocess


def run_scenario(iv, d, y, budget=None, extra=()):
    """Write config y (the whole YAML text) to d/s.yaml and run it with --report.
    -> (process, report dict or None). A run that hangs (60 s) is a failure, not a hang."""
    with open(os.path.join(d, "s.yaml"), "w") as f:
        f.write(y)
    rep = os.path.join(d, "r.json")
    if os.path.exists(rep):
        os.unlink(rep)
    cmd = [iv, "-q", *extra, "--report", rep, "-y", os.path.join(d, "s.yaml")]
    if budget:
        cmd[1:1] = ["--budget", str(budget)]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, -1, "", "timeout (60 s)"), None
    try:
        with open(rep) as f:
            return p, json.load(f)
    except (OSError, ValueError):
        return p, None


def nm(lib, name):
    """The value of symbol name in lib (riscv64 nm), or None."""
    p = subprocess.run(["riscv64-linux-gnu-nm", lib], stdout=subprocess.PIPE, text=True)
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    return None


def copy_as(guest, d, src, dst):
    shutil.copy(os.path.join(guest, src), os.path.join(d, dst))
