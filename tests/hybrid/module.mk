# tests/hybrid: hybrid cVMs end to end (examples/hybrid, pointer and integer-access attacks).
$(G)/hybrid/attack: tests/hybrid/attack.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/hybrid/attack
TEST_SUITES += hybrid=tests/hybrid/run.sh\ $(O)/intravisor\ $(G)

$(G)/hybrid/files: tests/hybrid/files.c tests/hybrid/raw_syscall.h
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/hybrid/files

$(G)/hybrid/fmap: tests/hybrid/fmap.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/hybrid/fmap

# iovspy: a handler cVM that inspects and forges a writev's iovec capabilities, and its driver
include sdk/cvm.mk
$(G)/hybrid/libiovspy.so: tests/hybrid/iovspy.S examples/two-pure/cap_store.c $(SDK_DEPS)
	$(call cvm_link,$@,tests/hybrid/iovspy.S examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_HANDLER))

$(G)/hybrid/iovspy: tests/hybrid/iovspy.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/hybrid/libiovspy.so $(G)/hybrid/iovspy

# ddcattack: a hybrid cVM against its own stack region with CHERI instructions (sdk macros)
$(G)/hybrid/ddcattack: tests/hybrid/ddcattack.c tests/hybrid/raw_syscall.h tests/hybrid/ddcattack.S $(wildcard sdk/include/*)
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -Isdk/include -o $@ tests/hybrid/ddcattack.c tests/hybrid/ddcattack.S

GUEST += $(G)/hybrid/ddcattack

# sys: sleeps, clocks, sysinfo, getrlimit, sched_getaffinity, sigaltstack, mremap
$(G)/hybrid/sys: tests/hybrid/sys.c tests/hybrid/raw_syscall.h
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -pthread -o $@ $<

GUEST += $(G)/hybrid/sys

# allregs: every register a hybrid cVM had before a system call is there after it
$(G)/hybrid/allregs: tests/hybrid/allregs.c tests/hybrid/allregs.S $(wildcard sdk/include/*)
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -Isdk/include -o $@ tests/hybrid/allregs.c tests/hybrid/allregs.S

GUEST += $(G)/hybrid/allregs
