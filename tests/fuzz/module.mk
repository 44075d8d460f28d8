# tests/fuzz: libFuzzer harnesses, one per concern (STYLE "Tests" 6), built with clang
# -fsanitize=fuzzer,address,undefined from the library sources (not the gcc archive) into
# build/fuzz/.
#   make fuzz-build                 build build/fuzz/fuzz_<harness> and the seeds
#   make fuzz-smoke [FUZZ_SECS=60]  run every harness FUZZ_SECS seconds from its seed corpus
#   make fuzz T=3600                the same, T seconds each
#   make fuzz FUZZ_ONLY=elf T=600   one harness
#   build/fuzz/fuzz_<h> FILE...     replay inputs (FUZZ_TRACE=1 build/fuzz/fuzz_hart FILE traces)
#   build/fuzz-replay/fuzz_<h> FILE...  the same without clang/libFuzzer (make fuzz-replay-build)
# Seeds: tests/fuzz/corpus/<harness>/ (committed) and, for elf, images built from the loader's
# test image source and tests/fuzz/seeds/*.S into build/fuzz/seeds/elf/. New inputs go to
# build/fuzz/corpus/<harness>/, crashes to build/fuzz/artifacts/<harness>/.
# Suite fuzzregress (make test): every file of tests/fuzz/regress/<h>/, tests/fuzz/corpus/<h>/
# and the built seeds, run through a plain build of each harness (one process per file): the
# harness's LLVMFuzzerTestOneInput linked with tests/fuzz/replay_main.c and $(LIB), by $(CC), into
# $(O)/fuzz-replay/ (no clang, no libFuzzer; under MODE=asan it is the ASan+UBSan build).
# The libFuzzer binaries (clang, ASan+UBSan) are built and run by make check (fuzz-smoke).

FZ := build/fuzz
FUZZ_CC := clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The harnesses build with -Werror; the library sources without it, because clang warns about
# a few things gcc accepts (those warnings are printed, and reported, not hidden).
FUZZ_CFLAGS := -std=gnu17 -g -O1 -Wall -Wextra -MMD -MP -Isrc $(PKG_CFLAGS) \
	-fsanitize=fuzzer-no-link $(FUZZ_SAN)
FUZZ_LDFLAGS := -fsanitize=fuzzer $(FUZZ_SAN)
FUZZ_SECS ?= 60
T ?= 3600

FUZZ_CAP_SRCS := $(wildcard src/cap/*.c)
FUZZ_MEM_SRCS := $(filter-out src/mem/mem_test.c,$(wildcard src/mem/*.c))
FUZZ_config_SRCS := src/monitor/config.c src/monitor/config_check.c src/monitor/config_index.c src/monitor/config_slots.c src/monitor/config_mount.c src/monitor/errors.c
FUZZ_elf_SRCS := $(wildcard src/loader/*.c) $(FUZZ_MEM_SRCS) $(FUZZ_CAP_SRCS)
FUZZ_hart_SRCS := $(wildcard src/hart/*.c) $(FUZZ_MEM_SRCS) $(FUZZ_CAP_SRCS)

FUZZ_HARNESSES := config elf
ifneq ($(wildcard tests/fuzz/fuzz_hart.c),)
FUZZ_HARNESSES += hart
endif
FUZZ_ONLY ?= $(FUZZ_HARNESSES)
FUZZ_BINS := $(FUZZ_HARNESSES:%=$(FZ)/fuzz_%)

# ELF seeds: the loader's good image and our own variants (hybrid, tiny), linked like a cVM.
FUZZ_ELF_SEED_SRCS := tests/e2e/bad/good.S $(wildcard tests/fuzz/seeds/elf/*.S)
FUZZ_ELF_SEEDS := $(patsubst %.S,$(FZ)/seeds/elf/%.so,$(notdir $(FUZZ_ELF_SEED_SRCS)))
# ... and hybrid.so with an R_RISCV_CHERI_CAPABILITY relocation (GNU ld does not make them),
# and the example's real cVM images (examples/two-pure, built into $(G)/two-pure/).
FUZZ_ELF_SEEDS += $(FZ)/seeds/elf/hybrid-cheri-rela.so
ifneq ($(wildcard examples/two-pure/module.mk),)
FUZZ_ELF_SEEDS += $(FZ)/seeds/elf/two-pure-libfirst.so $(FZ)/seeds/elf/two-pure-libsecond.so
endif
# Hart seeds: the first 4 KiB of the code of the ISA test programs (tests/isa, built into
# $(G)/isa/), behind a fuzz_hart header: integer mode (flags 0x20) and capability mode compared
# fast vs traced (0x61), both resuming after traps, and the same 16 register recipes (see
# fuzz_hart.c); and hand-written ones (tests/fuzz/seeds/hart/*.S). Octal escapes: /bin/sh's
# printf has no \x.
FUZZ_HART_RECIPES := \001\006\013\100\201\042\007\003\105\212\014\021\077\122\235\344
FUZZ_HART_SEED_NAMES := $(basename $(notdir $(wildcard $(patsubst %,tests/isa/%.S,\
	rv64i rv64m rv64a rv64c rv64fd csr cheri_cap cheri_mem cheri_invoke))))
FUZZ_HART_SEEDS := $(foreach n,$(FUZZ_HART_SEED_NAMES),$(FZ)/seeds/hart/$(n)-int.bin $(FZ)/seeds/hart/$(n)-cap.bin)
FUZZ_HART_SEEDS += $(patsubst tests/fuzz/seeds/hart/%.S,$(FZ)/seeds/hart/%.bin,$(wildcard tests/fuzz/seeds/hart/*.S))
ifneq ($(wildcard src/hart/*.c),)
fuzz-seeds: $(FUZZ_HART_SEEDS)
endif

# hand-written seeds: raw code assembled at 0, the header is in the source
$(FZ)/seeds/hart/%.bin: tests/fuzz/seeds/hart/%.S $(SDK_DEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) -march=rv64gc -mabi=lp64d -nostdlib $(SDK_CFLAGS) -c -o $@.o $<
	$(RV_OBJCOPY) -O binary -j .text $@.o $@
	rm -f $@.o

define FUZZ_HART_SEED_RULE
$(FZ)/seeds/hart/%-$(1).bin: $(G)/isa/%.elf
	@mkdir -p $$(dir $$@)
	$(RV_OBJCOPY) -O binary -j .text $$< $$@.text
	{ printf '$(2)\000\000\000$(FUZZ_HART_RECIPES)'; head -c 4096 $$@.text; } > $$@
	rm -f $$@.text
endef
$(eval $(call FUZZ_HART_SEED_RULE,int,\040))
$(eval $(call FUZZ_HART_SEED_RULE,cap,\141))

# Runtime files the config harness's YAMLs name (config-root/ is the config's folder, next to
# the harness binary).
FUZZ_CONFIG_ROOT := $(FZ)/config-root/.stamp
FR := $(O)/fuzz-replay
FUZZ_REPLAY_BINS := $(FUZZ_HARNESSES:%=$(FR)/fuzz_%)
FUZZ_REPLAY_OBJS := $(FUZZ_HARNESSES:%=$(O)/tests/fuzz/fuzz_%.o) $(O)/tests/fuzz/replay_main.o

.PHONY: fuzz-build fuzz-smoke fuzz fuzz-seeds fuzz-replay-build
fuzz-seeds: $(FUZZ_ELF_SEEDS)
fuzz-build: $(FUZZ_BINS) fuzz-seeds $(FUZZ_CONFIG_ROOT)
fuzz-replay-build: $(FUZZ_REPLAY_BINS) fuzz-seeds $(FR)/config-root/.stamp

define FUZZ_REPLAY_RULE
$(FR)/fuzz_$(1): $(O)/tests/fuzz/fuzz_$(1).o $(O)/tests/fuzz/replay_main.o $(LIB)
	@mkdir -p $$(dir $$@)
	$(CC) $(LDFLAGS) -o $$@ $$^ $(LDLIBS)
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call FUZZ_REPLAY_RULE,$(h))))

$(FZ)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FZ)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -c $< -o $@

define FUZZ_HARNESS_RULE
$(FZ)/fuzz_$(1): $(FZ)/tests/fuzz/fuzz_$(1).o $(FUZZ_$(1)_SRCS:%.c=$(FZ)/%.o)
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $$@ $$^ $(LDLIBS)
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call FUZZ_HARNESS_RULE,$(h))))

define FUZZ_SEED_RULE
$(FZ)/seeds/elf/$(basename $(notdir $(1))).so: $(1) $(SDK_DEPS)
	@mkdir -p $$(dir $$@)
	$(RV_CC) -shared -nostdlib -fPIC $(SDK_CFLAGS) -Wl,--build-id=none -Wl,-e,outer_c -o $$@ $$<
endef
$(foreach s,$(FUZZ_ELF_SEED_SRCS),$(eval $(call FUZZ_SEED_RULE,$(s))))
$(FZ)/seeds/elf/hybrid-cheri-rela.so: $(FZ)/seeds/elf/hybrid.so tests/fuzz/seeds/elf/cheri_rela.py
	python3 tests/fuzz/seeds/elf/cheri_rela.py $< $@

$(FZ)/seeds/elf/two-pure-%.so: $(G)/two-pure/%.so
	@mkdir -p $(dir $@)
	cp $< $@

$(FUZZ_CONFIG_ROOT) $(FR)/config-root/.stamp:
	@mkdir -p $(dir $@)
	touch $(dir $@)libfirst.so $(dir $@)libsecond.so $(dir $@)libthird.so $@

fuzz-smoke: fuzz-build
	tests/fuzz/run.sh $(FZ) $(FUZZ_SECS) $(FUZZ_ONLY)

fuzz: fuzz-build
	tests/fuzz/run.sh $(FZ) $(T) $(FUZZ_ONLY)

test: fuzz-replay-build
TEST_SUITES += fuzzregress=tests/fuzz/replay.sh\ $(FR)\ $(FZ)/seeds\ $(subst $() ,\ ,$(FUZZ_HARNESSES))

-include $(patsubst %.c,$(FZ)/%.d,$(sort $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_$(h)_SRCS) tests/fuzz/fuzz_$(h).c)))
-include $(FUZZ_REPLAY_OBJS:.o=.d)
