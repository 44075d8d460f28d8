# bench/stream_bench.mk - CP_Stream throughput cVMs (MSG = 64, 4096, 65536) and the qemu pipe
# baseline (included from bench/module.mk). Run: bench/stream_bench.sh
include sdk/cvm.mk
STB_OUT := $(G)/bench
STB_TOTAL := 33554432
STB_SRC := bench/stream_bench.S examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_STREAM)
# a 32 KiB ring (the default of stream_bench.S) and, suffix _4k, a 4 KiB one
define STB_RULE
$(STB_OUT)/libstb_w$(1).so: bench/stream_bench.S $(SDK_DEPS)
	$$(call cvm_link,$$@,-DPRODUCER -DMSG=$(1) -DTOTAL=$(STB_TOTAL) $(STB_SRC))
$(STB_OUT)/libstb_r$(1).so: bench/stream_bench.S $(SDK_DEPS)
	$$(call cvm_link,$$@,-DMSG=$(1) -DTOTAL=$(STB_TOTAL) $(STB_SRC))
$(STB_OUT)/libstb_w$(1)_4k.so: bench/stream_bench.S $(SDK_DEPS)
	$$(call cvm_link,$$@,-DPRODUCER -DMSG=$(1) -DTOTAL=$(STB_TOTAL) -DRING=4096 $(STB_SRC))
$(STB_OUT)/libstb_r$(1)_4k.so: bench/stream_bench.S $(SDK_DEPS)
	$$(call cvm_link,$$@,-DMSG=$(1) -DTOTAL=$(STB_TOTAL) -DRING=4096 $(STB_SRC))
endef
$(foreach m,64 4096 65536,$(eval $(call STB_RULE,$(m))))
$(STB_OUT)/stream_pipe: bench/stream_pipe.c
	@mkdir -p $(dir $@)
	$(RV_CC) -O2 -static -o $@ $<
STB_ALL := $(foreach m,64 4096 65536,$(foreach k,$(m) $(m)_4k,$(STB_OUT)/libstb_w$(k).so $(STB_OUT)/libstb_r$(k).so)) \
	$(STB_OUT)/stream_pipe
stream-bench: $(O)/intravisor $(STB_ALL)
.PHONY: stream-bench
