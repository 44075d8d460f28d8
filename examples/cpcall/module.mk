# examples/cpcall: calls between cVMs by key (issue 13, CP_Call). The .so files are built into
# $(G)/cpcall; examples/cpcall/lib*.so are symlinks to them (as capfile's).
include sdk/cvm.mk

CPCALL_OUT := $(G)/cpcall
CPCALL_COMMON := examples/cpcall/num.S examples/common/print.S examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_CALL)

$(CPCALL_OUT)/lib%.so: examples/cpcall/%.S examples/cpcall/num.S examples/common/print.S $(SDK_DEPS)
	$(call cvm_link,$@,$< $(CPCALL_COMMON))

GUEST += $(CPCALL_OUT)/libservice.so $(CPCALL_OUT)/libclient.so
