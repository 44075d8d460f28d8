# tests/gdb: the GDB stub against the real gdb-multiarch (run.sh); watch is a hybrid cVM.
GDB_TEST_OUT := $(G)/gdb

$(GDB_TEST_OUT)/watch: tests/gdb/watch.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O1 -g -o $@ $<

GUEST += $(GDB_TEST_OUT)/watch
