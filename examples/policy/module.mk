# examples/policy: a pure-cap handler cVM with a policy (policy.S: refuses openat for writing,
# counts calls by number) serving a hybrid C program (reader.c).
POLICY_OUT := $(G)/policy

$(POLICY_OUT)/libpolicy.so: examples/policy/policy.S examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_HANDLER) $(SDK_DEPS)
	$(call cvm_link,$@,examples/policy/policy.S examples/two-pure/cap_store.c $(SDK_CRT) $(SDK_HANDLER))

$(POLICY_OUT)/reader: examples/policy/reader.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<

GUEST += $(POLICY_OUT)/libpolicy.so $(POLICY_OUT)/reader
