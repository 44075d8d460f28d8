# bench/module.mk - compute kernels (bench/kernels/*.c) built as static RV64 Linux executables
# (static glibc; BENCH_LIBC=0: -nostdlib with the tiny runtime in bench/crt) and natively;
# `make bench` prints the table rvrun vs qemu-riscv64 vs native (bench/run-bench.sh).
# Other benchmarks: add a prerequisite-only line `bench: your-target` (no recipe).
BENCH_KERNELS := crc32 sieve matmul qsort list interp strsearch
BENCH_LIBC ?= 1
ifeq ($(BENCH_LIBC),1)
BENCH_CRT := bench/crt/rt.c
BENCH_RVFLAGS := -O2 -static
else
BENCH_CRT := bench/crt/rv_start.S bench/crt/rt.c
BENCH_RVFLAGS := -O2 -static -nostdlib -ffreestanding -fno-builtin -DBENCH_NOSTDLIB
endif
BENCH_GUEST := $(BENCH_KERNELS:%=$(G)/bench/%.elf)
BENCH_NATIVE := $(BENCH_KERNELS:%=$(O)/bench/%)
GUEST += $(BENCH_GUEST)

$(G)/bench/%.elf: bench/kernels/%.c $(BENCH_CRT) bench/crt/bench.h
	@mkdir -p $(dir $@)
	$(RV_CC) $(BENCH_RVFLAGS) -Ibench/crt -o $@ $(BENCH_CRT) $< -lgcc

$(O)/bench/%: bench/kernels/%.c bench/crt/rt.c bench/crt/bench.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -Ibench/crt -o $@ bench/crt/rt.c $<

.PHONY: bench-kernels
bench-kernels: $(BENCH_GUEST) $(BENCH_NATIVE) $(if $(wildcard src/rvrun.c),$(O)/rvrun)
	bench/run-bench.sh $(G)/bench $(O)/bench $(O)/rvrun $(BENCH_KERNELS)
bench: bench-kernels

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
bench: mem-bench

# --- map_bench (owner: deploy helper): us to map/unmap a cVM's heap and stacks. -O2 always. ---
BENCH_DEPS += $(O)/map_bench
.PHONY: map-bench
$(O)/map_bench: bench/map_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -O%,$(CFLAGS)) -O2 -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
map-bench: $(O)/map_bench
	$(O)/map_bench
-include $(O)/map_bench.d
# --- end map_bench ---
bench: map-bench

# --- decode_bench (owner: dec helper): ns per hart_decode, indexed vs the linear reference ---
BENCH_DEPS += $(O)/decode_bench
.PHONY: decode-bench
$(O)/decode_bench: bench/decode_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -O%,$(CFLAGS)) -O2 -DDECODE_BENCH_SLOW -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
decode-bench: $(O)/decode_bench
	$(O)/decode_bench
-include $(O)/decode_bench.d
# --- end decode_bench ---
bench: decode-bench

# --- hybrid cVMs (bench/hybrid_bench.sh): kernels as hybrid cVMs vs rvrun; getppid round trip ---
$(G)/bench/getppid_bench: bench/getppid_bench.c
	@mkdir -p $(dir $@)
	$(RV_CC) -O2 -static -o $@ $<
$(O)/bench/getppid_bench: bench/getppid_bench.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $<
GUEST += $(G)/bench/getppid_bench
$(G)/bench/io_bench: bench/io_bench.c
	@mkdir -p $(dir $@)
	$(RV_CC) -O2 -static -o $@ $<
GUEST += $(G)/bench/io_bench
.PHONY: bench-hybrid
bench-hybrid: $(BENCH_GUEST) $(G)/bench/getppid_bench $(G)/bench/io_bench $(O)/bench/getppid_bench $(O)/intravisor $(if $(wildcard src/rvrun.c),$(O)/rvrun)
	bench/hybrid_bench.sh $(O)/intravisor $(O)/rvrun $(G) $(O)/bench $(BENCH_KERNELS)
bench: bench-hybrid
# --- end hybrid ---

# --- capjit_bench (owner: capjit helper): capability-mode loops vs their integer twins. -O2. ---
BENCH_DEPS += $(O)/capjit_bench
.PHONY: capjit-bench
$(O)/capjit_bench: bench/capjit_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -O%,$(CFLAGS)) -O2 -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
capjit-bench: $(O)/capjit_bench
	$(O)/capjit_bench
-include $(O)/capjit_bench.d
# --- end capjit_bench ---
bench: capjit-bench
include bench/stream_bench.mk

# --- deploy_bench (issue 12 items 4-5): deploy time and RSS per cVM; DEPLOY_BASELINE=OTHER/intravisor
# puts another monitor (e.g. a build of main) beside this one in the same run. ---
.PHONY: bench-deploy
bench-deploy: $(O)/intravisor $(GUEST)
	bench/deploy_bench.py $(G) $(O)/intravisor $(DEPLOY_BASELINE)
bench: bench-deploy
include bench/cpcall_bench.mk

# --- hostcall round trips (issue 12): direct, nested through a handler, CP_Call; with
# BASE=other/intravisor a baseline column in the same run (bench/hostcall_bench.sh) ---
.PHONY: bench-hostcall bench-stream
bench-hostcall: $(O)/intravisor $(GUEST)
	bench/hostcall_bench.sh $(O)/intravisor $(G)
bench: bench-hostcall
# --- stream throughput beside two qemu processes over a pipe (issue 13; bench/stream_bench.sh) ---
bench-stream: stream-bench
	bench/stream_bench.sh $(O)/intravisor $(G)
bench: bench-stream
