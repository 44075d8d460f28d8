# bench/stream_bench.mk - CP_Stream throughput cVMs (MSG = 64, 4096, 65536) and the qemu pipe
# baseline (included from bench/module.mk). Run: bench/stream_bench.sh
include sdk/cvm.mk
STB_OUT := $(G)/bench
# bytes per run, by message size (bench/stream_bench.sh reads the same numbers from here): big
# enough that the transfer, not the start, is most of a run; 64-byte messages go ~100x slower
STB_TOTAL_64 := 33554432
STB_TOTAL_4096 := 268435456
STB_TOTAL_65536 := 268435456
# the ring of each row (bench/stream_bench.sh reads these too): 32 KiB, or two messages where
# a message is bigger (a ring smaller than a message makes every message wait for the consumer
# half-way); the qemu pipe never gets less (Linux's 64 KiB, or as much as the ring)
STB_RING_64 := 32768
STB_RING_4096 := 32768
STB_RING_65536 := 131072
STB_SRC := bench/stream_bench.S examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_STREAM)
# per message size: the row's ring (STB_RING_*), suffix _4k a 4 KiB one, and
# suffix _1 the same pair moving one message (its time is the start and the end of a run)
define STB_RULE
$(STB_OUT)/libstb_w$(1).so: bench/stream_bench.S bench/stream_bench.mk $(SDK_DEPS)
	$$(call cvm_link,$$@,-DPRODUCER -DMSG=$(1) -DTOTAL=$(STB_TOTAL_$(1)) -DRING=$(STB_RING_$(1)) $(STB_SRC))
$(STB_OUT)/libstb_r$(1).so: bench/stream_bench.S bench/stream_bench.mk $(SDK_DEPS)
	$$(call cvm_link,$$@,-DMSG=$(1) -DTOTAL=$(STB_TOTAL_$(1)) -DRING=$(STB_RING_$(1)) $(STB_SRC))
$(STB_OUT)/libstb_w$(1)_4k.so: bench/stream_bench.S bench/stream_bench.mk $(SDK_DEPS)
	$$(call cvm_link,$$@,-DPRODUCER -DMSG=$(1) -DTOTAL=$(STB_TOTAL_$(1)) -DRING=4096 $(STB_SRC))
$(STB_OUT)/libstb_r$(1)_4k.so: bench/stream_bench.S bench/stream_bench.mk $(SDK_DEPS)
	$$(call cvm_link,$$@,-DMSG=$(1) -DTOTAL=$(STB_TOTAL_$(1)) -DRING=4096 $(STB_SRC))
$(STB_OUT)/libstb_w$(1)_1.so: bench/stream_bench.S bench/stream_bench.mk $(SDK_DEPS)
	$$(call cvm_link,$$@,-DPRODUCER -DMSG=$(1) -DTOTAL=$(1) $(STB_SRC))
$(STB_OUT)/libstb_r$(1)_1.so: bench/stream_bench.S bench/stream_bench.mk $(SDK_DEPS)
	$$(call cvm_link,$$@,-DMSG=$(1) -DTOTAL=$(1) $(STB_SRC))
endef
$(foreach m,64 4096 65536,$(eval $(call STB_RULE,$(m))))
$(STB_OUT)/stream_pipe: bench/stream_pipe.c
	@mkdir -p $(dir $@)
	$(RV_CC) -O2 -static -o $@ $<
# the host's own ceiling: two host threads, the same ring protocol, memcpy at both ends
$(O)/bench/stream_native: bench/stream_native.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu17 -O2 -Wall -Wextra -Werror -pthread -o $@ $<
STB_ALL := $(foreach m,64 4096 65536,$(foreach k,$(m) $(m)_4k $(m)_1,$(STB_OUT)/libstb_w$(k).so $(STB_OUT)/libstb_r$(k).so)) \
	$(STB_OUT)/stream_pipe $(O)/bench/stream_native
stream-bench: $(O)/intravisor $(STB_ALL)
.PHONY: stream-bench
