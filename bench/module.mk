# --- mem_bench (owner: mem helper): ns per memory operation. Always -O2, whatever MODE is. ---
BENCH_DEPS += $(O)/mem_bench
.PHONY: mem-bench
$(O)/mem_bench: bench/mem_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -O%,$(CFLAGS)) -O2 -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
mem-bench: $(O)/mem_bench
	$(O)/mem_bench
-include $(O)/mem_bench.d
# --- end mem_bench ---
