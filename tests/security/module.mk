# tests/security: attack cVMs (attacks/*.S, raw/*.S), the victim and helper cVMs (cvms/), the
# mem-level race test (race.c) and bad input; tests/security/run.py runs them all.
include sdk/cvm.mk
SEC_OUT := $(G)/security
SEC_CAP_STORE := examples/two-pure/cap_store.c
SEC_ATTACKS := $(patsubst tests/security/attacks/%.S,%,$(wildcard tests/security/attacks/*.S))
SEC_RAW := $(patsubst tests/security/raw/%.S,%,$(wildcard tests/security/raw/*.S))
SEC_HDR := $(wildcard tests/security/cvms/*.h) $(SEC_OUT)/victim.h

$(SEC_OUT)/libvictim.so: tests/security/cvms/victim.S $(SEC_CAP_STORE) examples/two-pure/forward.S $(SDK_DEPS)
	$(call cvm_link,$@,tests/security/cvms/victim.S examples/two-pure/forward.S $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_HANDLER))
$(SEC_OUT)/libbuggy.so: tests/security/cvms/buggy.S $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,tests/security/cvms/buggy.S $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_HANDLER))

# the victim's secret and handler offsets, for the attackers (nm of the built victim)
$(SEC_OUT)/victim.h: $(SEC_OUT)/libvictim.so
	@riscv64-linux-gnu-nm $< | awk '$$3 == "victim_secret" { print "#define VICTIM_SECRET_OFF 0x" $$1 } \
		$$3 == "syscall_handler" { print "#define VICTIM_HANDLER_OFF 0x" $$1 }' > $@.tmp
	@test $$(wc -l < $@.tmp) -eq 2 && mv $@.tmp $@

define SEC_ATTACK_RULE
$(SEC_OUT)/lib$(1).so: tests/security/attacks/$(1).S tests/security/cvms/common.S $(SEC_CAP_STORE) $(SEC_HDR) $(SDK_DEPS)
	$$(call cvm_link,$$@,-Itests/security/cvms -I$(SEC_OUT) tests/security/attacks/$(1).S tests/security/cvms/common.S $(SEC_CAP_STORE) $(SDK_CRT))
endef
$(foreach a,$(SEC_ATTACKS),$(eval $(call SEC_ATTACK_RULE,$(a))))

# raw attacks bring their own entry and return landing (no sdk/crt/crt.S)
define SEC_RAW_RULE
$(SEC_OUT)/lib$(1).so: tests/security/raw/$(1).S $(SEC_CAP_STORE) $(SEC_HDR) $(SDK_DEPS)
	$$(call cvm_link,$$@,-Itests/security/cvms -I$(SEC_OUT) tests/security/raw/$(1).S $(SEC_CAP_STORE))
endef
$(foreach a,$(SEC_RAW),$(eval $(call SEC_RAW_RULE,$(a))))

# two threads racing at the mem level: a tag can never be forged through shared memory
$(O)/security_race: tests/security/race.c $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

GUEST += $(SEC_OUT)/libvictim.so $(SEC_OUT)/libbuggy.so \
	$(SEC_ATTACKS:%=$(SEC_OUT)/lib%.so) $(SEC_RAW:%=$(SEC_OUT)/lib%.so)
all: $(O)/security_race
TEST_SUITES += security=tests/security/run.py\ --intravisor\ $(O)/intravisor\ --guest\ $(SEC_OUT)\ --src\ tests/security\ --race\ $(O)/security_race

# the switcher scenarios (tests/security/switcher.py): relay (a handler cVM), client, attacker
SW_CVMS := relay client attacker peek leaky
define SEC_SW_RULE
$(SEC_OUT)/sw_$(1).so: tests/security/switcher/$(1).S tests/security/switcher/sw.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$$(call cvm_link,$$@,-Itests/security/switcher tests/security/switcher/$(1).S $(SEC_CAP_STORE) $(SDK_CRT) $(2))
endef
$(eval $(call SEC_SW_RULE,relay,$(SDK_HANDLER)))
$(eval $(call SEC_SW_RULE,attacker,$(SDK_HANDLER)))
$(eval $(call SEC_SW_RULE,client,))
$(eval $(call SEC_SW_RULE,peek,))
$(eval $(call SEC_SW_RULE,leaky,))
GUEST += $(SW_CVMS:%=$(SEC_OUT)/sw_%.so)

# the sharing scenarios (tests/security/sharing.py): capfiles, streams, wait/wake (issue 13)
SH_SRC := tests/security/sharing
$(SEC_OUT)/sh_owner.so: $(SH_SRC)/owner.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/sh_owner_exit.so: $(SH_SRC)/owner.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DOWNER_EXITS $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/sh_prober.so: $(SH_SRC)/prober.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/sh_late.so: $(SH_SRC)/prober.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DLATE $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/sh_waiter.so: $(SH_SRC)/prober.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DWAITER $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/sh_owner_close.so: $(SH_SRC)/owner.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DOWNER_CLOSES $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/sh_orphan.so: $(SH_SRC)/orphan.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/sh_thief.so: $(SH_SRC)/orphan.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DTHIEF $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/sh_lonely.so: $(SH_SRC)/lonely.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/sh_snap.so: $(SH_SRC)/lonely.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DSNAPSHOTS $< $(SEC_CAP_STORE) $(SDK_CRT))
GUEST += $(SEC_OUT)/sh_owner.so $(SEC_OUT)/sh_owner_exit.so $(SEC_OUT)/sh_prober.so $(SEC_OUT)/sh_late.so \
	$(SEC_OUT)/sh_waiter.so $(SEC_OUT)/sh_owner_close.so $(SEC_OUT)/sh_orphan.so $(SEC_OUT)/sh_thief.so \
	$(SEC_OUT)/sh_lonely.so $(SEC_OUT)/sh_snap.so

# the CP_Call scenarios (tests/security/cpcall.py): a misbehaving callee, an attacking caller
CP_SRC := tests/security/cpcall
CP_HELP := examples/cpcall/num.S
$(SEC_OUT)/cp_callee.so: $(CP_SRC)/callee.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) $< $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_CALL))
$(SEC_OUT)/cp_caller.so: $(CP_SRC)/caller.S $(CP_HELP) $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) $< $(CP_HELP) $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_CALL))
$(SEC_OUT)/cp_caller_threads.so: $(CP_SRC)/caller.S $(CP_HELP) $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DTHREADS $< $(CP_HELP) $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_CALL))
GUEST += $(SEC_OUT)/cp_callee.so $(SEC_OUT)/cp_caller.so $(SEC_OUT)/cp_caller_threads.so
$(SEC_OUT)/cp_caller_stress.so: $(CP_SRC)/caller.S $(CP_HELP) $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DSTRESS $< $(CP_HELP) $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_CALL))
GUEST += $(SEC_OUT)/cp_caller_stress.so
# thread slots of a handler cVM with more contexts than the default (cpcall.py pthread_slots)
$(SEC_OUT)/cp_slots.so: $(CP_SRC)/slots.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) $< $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_HANDLER) $(SDK_CALL))
GUEST += $(SEC_OUT)/cp_slots.so
# upstream's file hostcalls 801..814 (tests/security/files.py): the cVM, and another that leaves
# descriptors open
FI_SRC := tests/security/files
$(SEC_OUT)/fi_files.so: $(FI_SRC)/files.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/fi_other.so: $(FI_SRC)/files.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DOTHER $< $(SEC_CAP_STORE) $(SDK_CRT))
GUEST += $(SEC_OUT)/fi_files.so $(SEC_OUT)/fi_other.so
$(SEC_OUT)/fi_legacy.so: $(FI_SRC)/legacy.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) $< $(SEC_CAP_STORE) $(SDK_CRT))
$(SEC_OUT)/fi_legacy_libvirt.so: $(FI_SRC)/legacy.S $(SH_SRC)/sh.h $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-I$(SH_SRC) -DLIBVIRT $< $(SEC_CAP_STORE) $(SDK_CRT))
GUEST += $(SEC_OUT)/fi_legacy.so $(SEC_OUT)/fi_legacy_libvirt.so

# /dev/capstream attacks (tests/security/capstream.py): a hybrid attacker, misbehaving producers
# and consumers
CS_SRC := tests/security/capstream
$(SEC_OUT)/cs_attack: $(CS_SRC)/attack.c
	@mkdir -p $(dir $@)
	$(RV_CC) -static -O2 -o $@ $<
$(SEC_OUT)/cs_half.so: $(CS_SRC)/half.S $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,$< $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_STREAM))
$(SEC_OUT)/cs_garble.so: $(CS_SRC)/half.S $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-DGARBLE $< $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_STREAM))
$(SEC_OUT)/cs_wgarble.so: $(CS_SRC)/wgarble.S $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,$< $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_STREAM))
$(SEC_OUT)/cs_sink.so: $(CS_SRC)/sink.S $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,$< $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_STREAM))
$(SEC_OUT)/cs_pgarble_w.so: $(CS_SRC)/pgarble.S $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,-DPRODUCER $< $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_STREAM))
$(SEC_OUT)/cs_pgarble_r.so: $(CS_SRC)/pgarble.S $(SEC_CAP_STORE) $(SDK_DEPS)
	$(call cvm_link,$@,$< $(SEC_CAP_STORE) $(SDK_CRT) $(SDK_STREAM))
GUEST += $(SEC_OUT)/cs_attack $(SEC_OUT)/cs_half.so $(SEC_OUT)/cs_garble.so $(SEC_OUT)/cs_wgarble.so \
	$(SEC_OUT)/cs_sink.so $(SEC_OUT)/cs_pgarble_w.so $(SEC_OUT)/cs_pgarble_r.so
