# tests/hybrid: hybrid cVMs end to end (examples/hybrid, pointer and integer-access attacks).
$(G)/hybrid/attack: tests/hybrid/attack.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/hybrid/attack
TEST_SUITES += hybrid=tests/hybrid/run.sh\ $(O)/intravisor\ $(G)

$(G)/hybrid/files: tests/hybrid/files.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/hybrid/files

$(G)/hybrid/fmap: tests/hybrid/fmap.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/hybrid/fmap
