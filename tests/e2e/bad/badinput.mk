# tests/e2e/bad (loader helper): the badinput suite and the loader's test images.
BAD_OUT := $(G)/bad
$(BAD_OUT)/good.so: tests/e2e/bad/good.S
	@mkdir -p $(dir $@)
	$(RV_CC) -shared -nostdlib -fPIC -Wl,-eouter_c -o $@ $<
$(BAD_OUT)/nohandler.so: tests/e2e/bad/good.S
	@mkdir -p $(dir $@)
	$(RV_CC) -shared -nostdlib -fPIC -Wl,-eouter_c -DNO_HANDLER -o $@ $<
# a plain RV64 .so without the SDK's crt (no ret_from_monitor, no __cap_relocs)
$(BAD_OUT)/plain.so: tests/e2e/bad/plain.c
	@mkdir -p $(dir $@)
	$(RV_CC) -shared -nostdlib -fPIC -O2 -o $@ $<
GUEST += $(BAD_OUT)/good.so $(BAD_OUT)/nohandler.so $(BAD_OUT)/plain.so
TEST_SUITES += badinput=tests/e2e/bad/run.sh\ $(O)/intravisor\ $(G)
