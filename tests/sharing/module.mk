# tests/sharing: the sharing examples (examples/capfile, examples/stream) with exact output.
TEST_SUITES += sharing=tests/sharing/run.sh\ $(O)/intravisor
