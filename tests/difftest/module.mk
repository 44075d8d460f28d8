# tests/difftest: random RV64GC programs, build/rvrun vs qemu-riscv64, byte-for-byte.
#   make difftest N=1000 [START=1]     run N seeds
# The CI suite runs 300 seeds (about 10 s on 2 cores with qemu alone).
N ?= 100
START ?= 1
DIFFTEST := python3 tests/difftest/difftest.py -j 2 --rvrun $(O)/rvrun --out $(G)/difftest

.PHONY: difftest
difftest: $(O)/rvrun
	$(DIFFTEST) -n $(N) --start $(START)

ifneq ($(wildcard src/rvrun.c),)
TEST_SUITES += difftest=$(subst $() ,\ ,$(DIFFTEST))\ -n\ 300
endif
