# bench/cpcall_bench.mk - the CP_Call null round-trip cVMs (bench/hostcall_bench.sh, path
# "cpcall"): a callee and the caller with ITER = 10^6 and 0 calls.
include sdk/cvm.mk
CPB_SRC := bench/cpcall_bench.S bench/hostcall_bench_store.c $(SDK_CRT) $(SDK_CALL)

$(G)/bench/libcpcallee.so: $(CPB_SRC) $(SDK_DEPS)
	$(call cvm_link,$@,-DCALLEE $(CPB_SRC))
$(G)/bench/libcpbench.so: $(CPB_SRC) $(SDK_DEPS)
	$(call cvm_link,$@,-DITER=1000000 $(CPB_SRC))
$(G)/bench/libcpbench0.so: $(CPB_SRC) $(SDK_DEPS)
	$(call cvm_link,$@,-DITER=0 $(CPB_SRC))

GUEST += $(G)/bench/libcpcallee.so $(G)/bench/libcpbench.so $(G)/bench/libcpbench0.so
BENCH_DEPS += $(G)/bench/libcpcallee.so $(G)/bench/libcpbench.so $(G)/bench/libcpbench0.so
