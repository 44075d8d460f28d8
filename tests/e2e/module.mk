include tests/e2e/bad/badinput.mk
# tests/e2e (runtime part): YAML scenarios run end to end by tests/e2e/run.sh.
include sdk/cvm.mk
E2E_OUT := $(G)/e2e
E2E_CVMS := third fault badarg unknown badret spin exitval cfunc chatter

define E2E_CVM_RULE
$(E2E_OUT)/lib$(1).so: tests/e2e/cvms/$(1).S tests/e2e/cvms/cap_store.c $(SDK_DEPS)
	$$(call cvm_link,$$@,tests/e2e/cvms/$(1).S tests/e2e/cvms/cap_store.c $(SDK_CRT))
endef
$(foreach c,$(E2E_CVMS),$(eval $(call E2E_CVM_RULE,$(c))))

# libloop: the benchmark cVM with 20000 null hostcalls, for the concurrency scenario
$(E2E_OUT)/libloop.so: bench/hostcall_bench.S tests/e2e/cvms/cap_store.c $(SDK_DEPS)
	$(call cvm_link,$@,-DITER=20000 bench/hostcall_bench.S tests/e2e/cvms/cap_store.c $(SDK_CRT))

GUEST += $(E2E_CVMS:%=$(E2E_OUT)/lib%.so) $(E2E_OUT)/libloop.so
TEST_SUITES += e2e=tests/e2e/run.sh\ $(O)/intravisor\ $(G)
-include bench/hostcall_bench.mk
