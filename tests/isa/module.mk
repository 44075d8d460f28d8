# tests/isa: self-checking guest programs (riscv-tests style, tests/isa/isa.h).
#   NAME.S                      -> $(G)/isa/NAME.elf (exit 0 = pass, else the failing check)
#   NAME.S with EXPECT-TRAP(n)  -> $(G)/isa/NAME-n.elf, one per case, built with -DCASE=n
# Suites: isa-enc (the cheri.S encodings, needs only binutils) and isa (needs build/rvrun).
ISA_CFLAGS := -march=rv64gc -mabi=lp64d -nostdlib -static -Isdk/include -Itests/isa
ISA_DEPS := tests/isa/isa.h sdk/include/cheri.S sdk/include/cheri_regs.h
ISA_SRCS := $(wildcard tests/isa/*.S)
ISA_TRAP_SRCS := $(shell grep -l 'EXPECT-TRAP.[0-9]' $(ISA_SRCS) /dev/null 2>/dev/null)
ISA_PLAIN_SRCS := $(filter-out $(ISA_TRAP_SRCS),$(ISA_SRCS))
ISA_CASES = $(shell sed -n 's/.*EXPECT-TRAP.\([0-9]*\).*/\1/p' $(1))
ISA_ELFS := $(ISA_PLAIN_SRCS:tests/isa/%.S=$(G)/isa/%.elf) \
	$(foreach f,$(ISA_TRAP_SRCS),$(foreach c,$(call ISA_CASES,$(f)),$(G)/isa/$(basename $(notdir $(f)))-$(c).elf))
GUEST += $(ISA_ELFS)

$(G)/isa/%.elf: tests/isa/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) $(ISA_CFLAGS) -o $@ $<

define ISA_TRAP_RULE
$(G)/isa/$(1)-$(2).elf: tests/isa/$(1).S $(ISA_DEPS)
	@mkdir -p $$(dir $$@)
	$(RV_CC) $(ISA_CFLAGS) -DCASE=$(2) -o $$@ $$<
endef
$(foreach f,$(ISA_TRAP_SRCS),$(foreach c,$(call ISA_CASES,$(f)),$(eval $(call ISA_TRAP_RULE,$(basename $(notdir $(f))),$(c)))))

TEST_SUITES += isa-enc=tests/isa/check-encodings.sh\ $(G)/isa/enc
ifneq ($(wildcard src/rvrun.c),)
TEST_SUITES += isa=tests/isa/run-isa.py\ --runner\ $(O)/rvrun\ --src\ tests/isa\ --elfdir\ $(G)/isa
# the same programs on the interpreter alone (rvrun --no-jit): both engines must pass
TEST_SUITES += isa-interp=tests/isa/run-isa.py\ --runner\ \"$(O)/rvrun\ --no-jit\"\ --src\ tests/isa\ --elfdir\ $(G)/isa
endif

.PHONY: isa-qemu
# validate the base-ISA programs against qemu-riscv64 (no rvrun needed)
isa-qemu: $(ISA_ELFS)
	tests/isa/run-isa.py --runner qemu-riscv64 --src tests/isa --elfdir $(G)/isa --base-only -v
