# examples/threads: threads of a pure-cap cVM (issue 13, hostcalls 40/41/42). The .so is built
# into $(G)/threads; examples/threads/libthreads.so is a symlink to it.
include sdk/cvm.mk

$(G)/threads/libthreads.so: examples/threads/threads.S examples/cpcall/num.S examples/common/print.S $(SDK_DEPS)
	$(call cvm_link,$@,$< examples/cpcall/num.S examples/common/print.S examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_CALL))

GUEST += $(G)/threads/libthreads.so
