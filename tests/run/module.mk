# tests/run: `intravisor run PROGRAM [ARGS...]` (intravisor.md 9 "One command"): exact output,
# argv and --env as given, exit status passthrough, a trap -> 139, --budget -> 152, errors,
# signals to itself (abort -> 134).
$(G)/run/prog: tests/run/prog.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

$(G)/run/signal: tests/run/signal.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -pthread -o $@ $<

GUEST += $(G)/run/prog $(G)/run/signal
TEST_SUITES += run=tests/run/run.sh\ $(O)/intravisor\ $(G)
