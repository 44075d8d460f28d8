# tests/run: `intravisor run PROGRAM [ARGS...]` (intravisor.md 9 "One command"): exact output,
# argv and --env as given, exit status passthrough, a trap -> 139, --budget -> 152, errors.
$(G)/run/prog: tests/run/prog.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/run/prog
TEST_SUITES += run=tests/run/run.sh\ $(O)/intravisor\ $(G)
