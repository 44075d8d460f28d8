# tests/many: many small cVMs in one process, handler contexts under load (issue 12 item 5).
# make test: 1,000 cVMs and 250 callers of one handler; make check-extra (many-check): 10,000
# cVMs and 1,000 callers (tests/many/run.py).
MANY_OUT := $(G)/many
MANY_CVMS := stuck caller
$(MANY_OUT)/libstuck.so: MANY_EXTRA := $(SDK_HANDLER)   # it serves calls

define MANY_CVM_RULE
$(MANY_OUT)/lib$(1).so: tests/many/cvms/$(1).S tests/e2e/cvms/cap_store.c $(SDK_DEPS)
	$$(call cvm_link,$$@,tests/many/cvms/$(1).S tests/e2e/cvms/cap_store.c $$(MANY_EXTRA) $(SDK_CRT))
endef
$(foreach c,$(MANY_CVMS),$(eval $(call MANY_CVM_RULE,$(c))))

GUEST += $(MANY_CVMS:%=$(MANY_OUT)/lib%.so)
# under ASan the monitor's own RSS is not the product's: no RSS bound there
MANY_OPTS := $(if $(filter asan,$(MODE)),--no-rss)
TEST_SUITES += many=tests/many/run.py\ $(O)/intravisor\ $(G)\ 1000\ 250\ $(MANY_OPTS)

.PHONY: many-check
many-check: all
	tests/many/run.py $(O)/intravisor $(G) 10000 1000
