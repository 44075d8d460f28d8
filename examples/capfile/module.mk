# examples/capfile: two cVMs share a capfile (issue 13). The .so files are built into
# $(G)/capfile; examples/capfile/lib*.so are symlinks to them (as two-pure's).
include sdk/cvm.mk

CAPFILE_OUT := $(G)/capfile
CAPFILE_COMMON := examples/common/print.S examples/two-pure/cap_store.c $(SDK_CRT)

$(CAPFILE_OUT)/lib%.so: examples/capfile/%.S examples/common/print.S $(SDK_DEPS)
	$(call cvm_link,$@,$< $(CAPFILE_COMMON))

GUEST += $(CAPFILE_OUT)/libwriter.so $(CAPFILE_OUT)/libreader.so
