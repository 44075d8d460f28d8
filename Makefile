# intravisor - one plain Makefile; modes are output folders (STYLE 20).
#   make            build the monitor, rvrun and the tests (MODE=rel, into build/)
#   make test       build and run every test suite; last line "N passed, N failed" (<= 5 min)
#   make check      make test + the ASan+UBSan build's suites, fuzz smoke, long difftest,
#                   install check
#   make demo       install deps, build, run the two-pure deployment
#   make install PREFIX=/usr/local DESTDIR=   /  make uninstall  (scripts/install.mk)
#   make fresh-check  make demo + make test in a fresh bookworm root (scripts/fresh-check.sh)
#   MODE=asan       the same with ASan+UBSan, into build/asan/
# Folders contribute fragments (module.mk) for guest programs and test suites.

MODE ?= rel
ifeq ($(MODE),rel)
O := build
MODE_CFLAGS := -O2
else ifeq ($(MODE),dbg)
O := build/dbg
MODE_CFLAGS := -O0
else ifeq ($(MODE),asan)
O := build/asan
MODE_CFLAGS := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
MODE_LDFLAGS := -fsanitize=address,undefined
else
$(error unknown MODE=$(MODE): rel, dbg or asan)
endif

CC := gcc
# SHA-256 (the image hash) from Nettle: OpenSSL 3's start (relocating a 4.7 MB library, its
# provider set-up) cost ~5 ms of every run. The unit tests check the hash against OpenSSL's.
PKGS := yaml-0.1 nettle
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lnettle)
CFLAGS := -std=gnu17 -g $(MODE_CFLAGS) -Wall -Wextra -Werror -MMD -MP -Isrc -Ibuild/gen $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS := $(MODE_LDFLAGS)
LDLIBS := $(PKG_LIBS) -lpthread -lm

# Guest (riscv64) toolchain: Debian's binutils and gcc. Guest outputs do not depend on MODE.
RV_CC := riscv64-linux-gnu-gcc
RV_OBJCOPY := riscv64-linux-gnu-objcopy
G := build/guest

LIB_SRCS := $(wildcard src/cap/*.c src/mem/*.c src/hart/*.c src/loader/*.c src/linux/*.c src/gdb/*.c src/monitor/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
LIB := $(O)/libintravisor.a
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(O)/%.o)

PROGS := $(O)/unit
ifneq ($(wildcard src/main.c),)
PROGS += $(O)/intravisor
endif
ifneq ($(wildcard src/rvrun.c),)
PROGS += $(O)/rvrun
endif

# Fragments append to: GUEST (guest artifacts), TEST_SUITES ("name=command" words run by
# scripts/run-tests.sh), BENCH_DEPS.
GUEST :=
TEST_SUITES := unit=$(O)/unit
BENCH_DEPS :=

.PHONY: all test check demo bench clean deps guest FORCE
all: $(PROGS) guest

# --version: build/gen/version.h from `git describe` in a git checkout, else the first line of
# a VERSION file, else "unknown". Rewritten only when the text changes (no needless rebuilds).
VERSION_STR := $(or $(if $(wildcard .git),$(shell git describe --always --dirty --tags 2>/dev/null)),\
	$(shell head -n 1 VERSION 2>/dev/null),unknown)
build/gen/version.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define INTRAVISOR_VERSION "$(VERSION_STR)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(O)/src/main.o $(O)/src/rvrun.o: build/gen/version.h

include $(wildcard sdk/module.mk tests/*/module.mk bench/module.mk examples/*/module.mk)

guest: $(GUEST)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(O)/unit: $(UNIT_OBJS) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJS) $(LIB) $(LDLIBS) -lcrypto

$(O)/intravisor: $(O)/src/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/rvrun: $(O)/src/rvrun.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# make test: the release build and every suite (fuzz regression inputs through the plain
# harness build); make check: make test, then the ASan+UBSan build and the same suites in it,
# the libFuzzer smoke run, a long difftest and the install check (README: "Testing").
test: all
	@scripts/run-tests.sh $(TEST_SUITES)

# check = test + check-extra (.ci/run runs the two halves, so make test's suites run once).
CHECK_DIFFTEST_N ?= 2000
.PHONY: check-extra
check: test
	$(MAKE) check-extra
check-extra:
	$(MAKE) MODE=asan test
	$(MAKE) fuzz-smoke
	$(MAKE) difftest N=$(CHECK_DIFFTEST_N) START=301
	$(MAKE) install-check
	$(MAKE) gdb-check
	$(MAKE) many-check

deps:
	@scripts/deps.sh

demo: deps
	$(MAKE) all
	$(DEMO_CMD)

DEMO_CMD ?= $(O)/unit cap_print_demo

clean:
	rm -rf build

include scripts/install.mk

# make demo + make test in a minimal Debian bookworm root (as a new user would); the base root
# is cached in /var/cache/intravisor-fresh. Needs root and mmdebstrap (scripts/fresh-check.sh).
.PHONY: fresh-check
fresh-check:
	scripts/fresh-check.sh

-include $(LIB_OBJS:.o=.d) $(UNIT_OBJS:.o=.d) $(O)/src/main.d $(O)/src/rvrun.d
