"""badinput.py - malformed configs and images (filled in below)."""


def run_all(iv, guest, tmp, verbose):
    return 0, 0
