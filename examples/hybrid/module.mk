# examples/hybrid: a static C program as a hybrid cVM (intravisor.md 9), built with Debian's
# riscv64-linux-gnu-gcc (no CHERI compiler), served by the monitor (monitor.yaml) or through the
# pure-cap handler first of examples/two-pure (hybrid.yaml).
HYBRID_OUT := $(G)/hybrid

$(HYBRID_OUT)/hello: examples/hybrid/hello.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(HYBRID_OUT)/hello
