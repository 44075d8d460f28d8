# tests/sharing: the sharing examples (examples/capfile, examples/stream) with exact output, and
# bigstream.S (a stream of mixed-size writes and reads, every byte checked).
include sdk/cvm.mk
BIGS_OUT := $(G)/sharing
BIGS_SRC := examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_STREAM)
$(BIGS_OUT)/libbigw.so: tests/sharing/bigstream.S $(SDK_DEPS)
	$(call cvm_link,$@,-DPRODUCER $< $(BIGS_SRC))
$(BIGS_OUT)/libbigr.so: tests/sharing/bigstream.S $(SDK_DEPS)
	$(call cvm_link,$@,$< $(BIGS_SRC))
$(BIGS_OUT)/libbigshort.so: tests/sharing/bigstream.S $(SDK_DEPS)
	$(call cvm_link,$@,-DSHORT $< $(BIGS_SRC))
# a producer that writes 20,000 bytes (less than its ring), closes and ends at once, and its
# consumer (deployed after it ended)
$(BIGS_OUT)/libbiglatew.so: tests/sharing/bigstream.S $(SDK_DEPS)
	$(call cvm_link,$@,-DPRODUCER -DTOTAL=20000 $< $(BIGS_SRC))
$(BIGS_OUT)/libbiglater.so: tests/sharing/bigstream.S $(SDK_DEPS)
	$(call cvm_link,$@,-DTOTAL=20000 $< $(BIGS_SRC))
# the same through bigger rings: 64 KiB (32 KiB chunks) and 128 KiB (64 KiB chunks)
define BIGS_RING
$(BIGS_OUT)/libbigw$(1).so: tests/sharing/bigstream.S $(SDK_DEPS)
	$$(call cvm_link,$$@,-DPRODUCER -DRING=$(1) $$< $(BIGS_SRC))
$(BIGS_OUT)/libbigr$(1).so: tests/sharing/bigstream.S $(SDK_DEPS)
	$$(call cvm_link,$$@,-DRING=$(1) $$< $(BIGS_SRC))
GUEST += $(BIGS_OUT)/libbigw$(1).so $(BIGS_OUT)/libbigr$(1).so
endef
$(foreach r,65536 131072,$(eval $(call BIGS_RING,$(r))))
GUEST += $(BIGS_OUT)/libbigw.so $(BIGS_OUT)/libbigr.so $(BIGS_OUT)/libbigshort.so $(BIGS_OUT)/libbiglatew.so \
	$(BIGS_OUT)/libbiglater.so
TEST_SUITES += sharing=tests/sharing/run.sh\ $(O)/intravisor\ $(G)
