# sdk/cvm.mk - how to build a pure-cap cVM with the SDK (included by the module.mk files that
# build cVMs; see sdk/README.md). A cVM is an ELF shared object linked with sdk/cvm.ld, entry
# outer_c, no RVC (capability mode gives several compressed encodings other meanings), symbol
# table kept for the monitor (ret_from_monitor, syscall_handler), local symbols dropped.
# Paths are relative to this file's folder (SDK_DIR), so the same file works in the source tree
# (include sdk/cvm.mk) and installed (include $(PREFIX)/share/intravisor/sdk/cvm.mk).
ifndef SDK_CVM_MK
SDK_CVM_MK := 1

SDK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
RV_CC ?= riscv64-linux-gnu-gcc
SDK_CRT := $(SDK_DIR)/crt/crt.S
SDK_HANDLER := $(SDK_DIR)/crt/handler.S
SDK_STREAM := $(SDK_DIR)/crt/stream.S
SDK_CALL := $(SDK_DIR)/crt/call.S
SDK_DEPS := $(SDK_CRT) $(SDK_HANDLER) $(SDK_STREAM) $(SDK_CALL) $(SDK_DIR)/cvm.ld $(SDK_DIR)/cvm.mk $(wildcard $(SDK_DIR)/include/*)
CVM_FLAGS := -march=rv64imafd -mabi=lp64d -shared -nostdlib -fPIC -I$(SDK_DIR)/include \
	-Wl,-T,$(SDK_DIR)/cvm.ld -Wl,-e,outer_c -Wl,-Bsymbolic -Wl,-x -Wl,--no-undefined -Wl,--build-id=none

# $(call cvm_link,output.so,sources...): sources are the cVM's .S/.c files plus the SDK's crt
# (and handler.S for a cVM that serves hostcalls).
cvm_link = @mkdir -p $(dir $(1)) && echo "  CVM   $(1)" && $(RV_CC) $(CVM_FLAGS) -o $(1) $(2)
endif
