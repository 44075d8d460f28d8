# scripts/install.mk - make install / make uninstall / make install-check (included by Makefile).
#   make install [PREFIX=/usr/local] [DESTDIR=]   the release build's programs and:
#     bin/intravisor bin/rvrun
#     share/intravisor/sdk/       include/ crt/ cvm.ld cvm.mk README.md (cvm.mk finds the rest
#                                 from its own folder: include $(PREFIX)/share/intravisor/sdk/cvm.mk)
#     share/man/man1/             intravisor.1 rvrun.1 (docs/man/)
#     share/bash-completion/completions/   intravisor rvrun (scripts/completion/)
#     share/doc/intravisor/       config.md (docs/config.md)
#   make uninstall                removes exactly those files, then our own folders
#                                 (share/intravisor, share/doc/intravisor) when they are empty
#   make install-check            tests/install/run.sh: install into a temporary DESTDIR, check the
#                                 file list, build two-pure against the installed SDK out of the
#                                 tree and run it with the installed intravisor, uninstall
PREFIX ?= /usr/local
DESTDIR ?=
INST_BIN := $(DESTDIR)$(PREFIX)/bin
INST_SDK := $(DESTDIR)$(PREFIX)/share/intravisor/sdk
INST_MAN := $(DESTDIR)$(PREFIX)/share/man/man1
INST_COMP := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
INST_DOC := $(DESTDIR)$(PREFIX)/share/doc/intravisor

# The SDK as cVM authors use it: everything under sdk/ except the tree's own fragment.
INST_SDK_FILES := $(patsubst sdk/%,%,$(sort $(wildcard sdk/include/* sdk/crt/*) sdk/cvm.ld sdk/cvm.mk sdk/README.md))
INST_PROGS := intravisor rvrun

.PHONY: install uninstall install-check
install: $(INST_PROGS:%=$(O)/%)
	install -d $(INST_BIN) $(INST_MAN) $(INST_COMP) $(INST_DOC) $(INST_SDK)/include $(INST_SDK)/crt
	install -m 755 $(INST_PROGS:%=$(O)/%) $(INST_BIN)/
	$(foreach f,$(INST_SDK_FILES),install -m 644 sdk/$(f) $(INST_SDK)/$(f) &&) true
	install -m 644 $(INST_PROGS:%=docs/man/%.1) $(INST_MAN)/
	install -m 644 $(INST_PROGS:%=scripts/completion/%) $(INST_COMP)/
	install -m 644 docs/config.md $(INST_DOC)/

uninstall:
	rm -f $(INST_PROGS:%=$(INST_BIN)/%) $(INST_PROGS:%=$(INST_MAN)/%.1) $(INST_PROGS:%=$(INST_COMP)/%)
	rm -f $(INST_SDK_FILES:%=$(INST_SDK)/%) $(INST_DOC)/config.md
	for d in $(INST_SDK)/include $(INST_SDK)/crt $(INST_SDK) $(dir $(INST_SDK)) $(INST_DOC); do \
		[ ! -d "$$d" ] || rmdir --ignore-fail-on-non-empty "$$d"; done

install-check: $(INST_PROGS:%=$(O)/%) $(G)/two-pure/libfirst.so $(G)/two-pure/libsecond.so
	@scripts/run-tests.sh install=tests/install/run.sh\ $(O)\ $(G)
