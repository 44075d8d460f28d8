# tests/threads: hybrid cVM threads (intravisor.md 9): pthreads with mutex, condvar, atomics,
# exact results; clone/futex attacks; the thread limit.
$(G)/threads/%: tests/threads/%.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -pthread -o $@ $<

GUEST += $(G)/threads/threads $(G)/threads/tattack
TEST_SUITES += threads=tests/threads/run.sh\ $(O)/intravisor\ $(G)
