# examples/two-pure: the seed deployment, two pure-cap cVMs (intravisor.md sections 2, 6).
# The .so files are built into $(G)/two-pure; examples/two-pure/lib*.so are symlinks to them
# so that two-pure.yaml names its runtimes relative to its own folder, as the reference does.
include sdk/cvm.mk

TWO_PURE_OUT := $(G)/two-pure
TWO_PURE_COMMON := examples/two-pure/forward.S examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_HANDLER)

$(TWO_PURE_OUT)/libfirst.so: examples/two-pure/first/first.S $(TWO_PURE_COMMON) $(SDK_DEPS)
	$(call cvm_link,$@,examples/two-pure/first/first.S $(TWO_PURE_COMMON))

$(TWO_PURE_OUT)/libsecond.so: examples/two-pure/second/second.S $(TWO_PURE_COMMON) $(SDK_DEPS)
	$(call cvm_link,$@,examples/two-pure/second/second.S $(TWO_PURE_COMMON))

GUEST += $(TWO_PURE_OUT)/libfirst.so $(TWO_PURE_OUT)/libsecond.so

DEMO_CMD := $(O)/intravisor -y examples/two-pure/two-pure.yaml
