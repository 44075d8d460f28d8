# examples/capstream: a hybrid C consumer of a pure-cap producer's CP_Stream through
# /dev/capstream/KEY (issue 13). Run by tests/sharing/run.sh.
$(G)/capstream/cat: examples/capstream/cat.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/capstream/cat
