# tests/gdb: the GDB stub against the real gdb-multiarch (run.sh); watch is a hybrid cVM.
GDB_TEST_OUT := $(G)/gdb

$(GDB_TEST_OUT)/watch: tests/gdb/watch.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O1 -g -o $@ $<

GUEST += $(GDB_TEST_OUT)/watch

# intravisor run --gdb: -O0 keeps the locals in the stack frame (read through the hybrid view)
$(GDB_TEST_OUT)/steps: tests/gdb/steps.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O0 -g -o $@ $<

GUEST += $(GDB_TEST_OUT)/steps

$(GDB_TEST_OUT)/atomics: tests/gdb/atomics.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O1 -o $@ $<

GUEST += $(GDB_TEST_OUT)/atomics

$(GDB_TEST_OUT)/rspish: tests/gdb/rspish.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O1 -o $@ $<

GUEST += $(GDB_TEST_OUT)/rspish

# make test: the quick cases (all but the ones run.sh fences off: ~5 s of CPU); make check-extra: every case (gdb-check)
TEST_SUITES += gdb=tests/gdb/run.sh\ $(O)/intravisor\ $(G)\ quick
.PHONY: gdb-check
gdb-check: all
	tests/gdb/run.sh $(O)/intravisor $(G)

include sdk/cvm.mk
$(GDB_TEST_OUT)/libforge.so: tests/gdb/forge.S tests/e2e/cvms/cap_store.c $(SDK_DEPS)
	$(call cvm_link,$@,tests/gdb/forge.S tests/e2e/cvms/cap_store.c $(SDK_CRT))
GUEST += $(GDB_TEST_OUT)/libforge.so
$(GDB_TEST_OUT)/libmischief.so: tests/gdb/mischief.S tests/e2e/cvms/cap_store.c $(SDK_DEPS)
	$(call cvm_link,$@,tests/gdb/mischief.S tests/e2e/cvms/cap_store.c $(SDK_CRT))
GUEST += $(GDB_TEST_OUT)/libmischief.so
$(GDB_TEST_OUT)/libhotloop.so: tests/gdb/hotloop.S tests/e2e/cvms/cap_store.c $(SDK_DEPS)
	$(call cvm_link,$@,tests/gdb/hotloop.S tests/e2e/cvms/cap_store.c $(SDK_CRT))
GUEST += $(GDB_TEST_OUT)/libhotloop.so
$(GDB_TEST_OUT)/libcapatomics.so: tests/gdb/capatomics.S tests/e2e/cvms/cap_store.c $(SDK_DEPS)
	$(call cvm_link,$@,tests/gdb/capatomics.S tests/e2e/cvms/cap_store.c $(SDK_CRT))
GUEST += $(GDB_TEST_OUT)/libcapatomics.so
