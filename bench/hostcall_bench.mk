# bench/hostcall_bench.mk - the null-hostcall round-trip benchmark cVMs (included from
# tests/e2e/module.mk). Run: bench/hostcall_bench.sh (defaults: build/intravisor build/guest)
include sdk/cvm.mk
HCB_OUT := $(G)/bench
HCB_SRC := bench/hostcall_bench.S bench/hostcall_bench_store.c $(SDK_CRT)

$(HCB_OUT)/libhcbench.so: $(HCB_SRC) $(SDK_DEPS)
	$(call cvm_link,$@,-DITER=1000000 $(HCB_SRC))
$(HCB_OUT)/libhcbench0.so: $(HCB_SRC) $(SDK_DEPS)
	$(call cvm_link,$@,-DITER=0 $(HCB_SRC))

GUEST += $(HCB_OUT)/libhcbench.so $(HCB_OUT)/libhcbench0.so
BENCH_DEPS += $(HCB_OUT)/libhcbench.so $(HCB_OUT)/libhcbench0.so
