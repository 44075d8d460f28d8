# examples/capstream: hybrid C programs at either end of a CP_Stream through /dev/capstream/KEY
# (issue 13): cat reads a pure-cap producer's stream, writer produces one for a pure-cap or a
# hybrid consumer. Run by tests/sharing/run.sh.
$(G)/capstream/cat: examples/capstream/cat.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<
$(G)/capstream/writer: examples/capstream/writer.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(G)/capstream/cat $(G)/capstream/writer
