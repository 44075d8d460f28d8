# examples/stream: a producer and a consumer through a CP_Stream, and a pipeline of three
# cVMs (issue 13). Built into $(G)/stream; examples/stream/lib*.so are symlinks to them.
include sdk/cvm.mk

STREAM_OUT := $(G)/stream
STREAM_COMMON := examples/common/print.S examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_STREAM)

$(STREAM_OUT)/libproducer.so: examples/stream/producer.S examples/common/print.S $(SDK_DEPS)
	$(call cvm_link,$@,$< $(STREAM_COMMON))
$(STREAM_OUT)/libfilter.so: examples/stream/filter.S examples/common/print.S $(SDK_DEPS)
	$(call cvm_link,$@,$< $(STREAM_COMMON))
$(STREAM_OUT)/libconsumer.so: examples/stream/consumer.S examples/common/print.S $(SDK_DEPS)
	$(call cvm_link,$@,'-DSTREAM_KEY="raw"' $< $(STREAM_COMMON))
$(STREAM_OUT)/libconsumer_upper.so: examples/stream/consumer.S examples/common/print.S $(SDK_DEPS)
	$(call cvm_link,$@,'-DSTREAM_KEY="upper"' $< $(STREAM_COMMON))

GUEST += $(STREAM_OUT)/libproducer.so $(STREAM_OUT)/libfilter.so $(STREAM_OUT)/libconsumer.so \
	$(STREAM_OUT)/libconsumer_upper.so
