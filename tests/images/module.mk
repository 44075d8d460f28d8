# tests/images: pure-cap programs shaped as CHERI LLVM builds them (issue 11, intravisor.md
# section 10), linked as LLD would: entry 0 (the ELF header, in a read-only segment of its
# own: -z separate-code), no SDK crt, RVC on (the prologues are compressed).
IMG_OUT := $(G)/images
$(IMG_OUT)/libcheri.so: tests/images/cheri_llvm.S $(wildcard sdk/include/*)
	@mkdir -p $(dir $@)
	$(RV_CC) -march=rv64imafdc -mabi=lp64d -shared -nostdlib -fPIC -Isdk/include -Wl,-e,0 \
		-Wl,-z,separate-code -Wl,--build-id=none -o $@ $<
# the same program as a static executable (ET_EXEC at 0x10000, entry 0 -> main): rvrun
$(IMG_OUT)/cheri-static: tests/images/cheri_llvm.S $(wildcard sdk/include/*)
	@mkdir -p $(dir $@)
	$(RV_CC) -march=rv64imafdc -mabi=lp64d -static -nostdlib -DSTATIC_IMAGE -Isdk/include -Wl,-e,0 \
		-Wl,-z,separate-code -Wl,--build-id=none -o $@ $<
# the same with R_RISCV_CHERI_CAPABILITY dynamic relocations instead of __cap_relocs (newer
# CHERI LLVM): GNU ld writes R_RISCV_64, tests/fuzz/seeds/elf/cheri_rela.py retypes them
$(IMG_OUT)/libcheri-rela.so: tests/images/cheri_llvm.S tests/fuzz/seeds/elf/cheri_rela.py $(wildcard sdk/include/*)
	@mkdir -p $(dir $@)
	$(RV_CC) -march=rv64imafdc -mabi=lp64d -shared -nostdlib -fPIC -DCHERI_RELA -Isdk/include -Wl,-e,0 \
		-Wl,-z,separate-code -Wl,--build-id=none -o $@.tmp $<
	python3 tests/fuzz/seeds/elf/cheri_rela.py $@.tmp $@ && rm -f $@.tmp
# the same as a dynamic PIE with PT_INTERP and no DT_NEEDED (what CHERI clang links without
# -static: the monitor and rvrun ignore the interpreter), and one that needs a library
# (DT_NEEDED libcheri.so: refused, with the library named)
$(IMG_OUT)/cheri-pie: tests/images/cheri_llvm.S $(wildcard sdk/include/*)
	@mkdir -p $(dir $@)
	$(RV_CC) -march=rv64imafdc -mabi=lp64d -pie -nostdlib -fPIC -Isdk/include -Wl,-e,0 \
		-Wl,--dynamic-linker=/libexec/ld-elf.so.1 -Wl,-z,separate-code -Wl,--build-id=none -o $@ $<
$(IMG_OUT)/cheri-pie-needs: tests/images/cheri_llvm.S $(IMG_OUT)/libcheri.so $(wildcard sdk/include/*)
	@mkdir -p $(dir $@)
	$(RV_CC) -march=rv64imafdc -mabi=lp64d -pie -nostdlib -fPIC -Isdk/include -Wl,-e,0 \
		-Wl,--dynamic-linker=/libexec/ld-elf.so.1 -Wl,-z,separate-code -Wl,--build-id=none -o $@ $< \
		-Wl,--no-as-needed -L$(IMG_OUT) -lcheri
GUEST += $(IMG_OUT)/cheri-pie $(IMG_OUT)/cheri-pie-needs
$(O)/check_image: tests/images/check_image.c $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)
GUEST += $(IMG_OUT)/libcheri.so $(IMG_OUT)/cheri-static $(IMG_OUT)/libcheri-rela.so
all: $(O)/check_image
TEST_SUITES += images=tests/images/run.sh\ $(O)/intravisor\ $(O)/rvrun\ $(O)/check_image\ $(IMG_OUT)
# landing.S: attacks on the exit landing from inside handler calls (the caller and the
# handlers are this one image, by YAML entry:)
$(IMG_OUT)/liblanding.so: tests/images/landing.S $(wildcard sdk/include/*)
	@mkdir -p $(dir $@)
	$(RV_CC) -march=rv64imafd -mabi=lp64d -shared -nostdlib -fPIC -Isdk/include -Wl,-e,0 \
		-Wl,-z,separate-code -Wl,--build-id=none -o $@ $<
GUEST += $(IMG_OUT)/liblanding.so
