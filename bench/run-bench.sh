#!/usr/bin/env bash
# run-bench.sh GUESTDIR NATIVEDIR RVRUN KERNEL... : the benchmark table (see run-bench.py).
exec python3 "$(dirname "$0")/run-bench.py" "$@"
