# tests/domains: one code image in two slots (per-domain translation validity, jit.h): twin
# hybrid cVMs whose system calls go through the pure-cap handler cVM first, so each hart moves
# between two translation domains on every call; each twin must fault with its own bounds.
TEST_SUITES += domains=tests/domains/run.sh\ $(O)/intravisor\ $(G)
