# sdk/module.mk - the guest SDK: assembler macros for Xcheri (sdk/include/cheri.S) and
# constants (sdk/include/cheri_regs.h). Guest builds add $(SDK_CFLAGS) and depend on $(SDK_DEPS).
SDK_CFLAGS := -Isdk/include
SDK_DEPS := sdk/include/cheri.S sdk/include/cheri_regs.h
