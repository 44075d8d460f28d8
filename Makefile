# intravisor - one plain Makefile; modes are output folders (STYLE 20).
#   make            build the monitor, rvrun and the tests (MODE=rel, into build/)
#   make test       build and run every test suite; last line "N passed, N failed"
#   make demo       install deps, build, run the two-pure deployment
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
PKGS := yaml-0.1 libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lcrypto)
CFLAGS := -std=gnu17 -g $(MODE_CFLAGS) -Wall -Wextra -Werror -MMD -MP -Isrc $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS := $(MODE_LDFLAGS)
LDLIBS := $(PKG_LIBS) -lpthread -lm

# Guest (riscv64) toolchain: Debian's binutils and gcc. Guest outputs do not depend on MODE.
RV_CC := riscv64-linux-gnu-gcc
RV_OBJCOPY := riscv64-linux-gnu-objcopy
G := build/guest

LIB_SRCS := $(wildcard src/cap/*.c src/mem/*.c src/hart/*.c src/loader/*.c src/linux/*.c src/monitor/*.c)
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

.PHONY: all test demo bench clean deps guest
all: $(PROGS) guest

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
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJS) $(LIB) $(LDLIBS)

$(O)/intravisor: $(O)/src/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/rvrun: $(O)/src/rvrun.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

test: all
	@scripts/run-tests.sh $(TEST_SUITES)

deps:
	@scripts/deps.sh

demo: deps
	$(MAKE) all
	$(DEMO_CMD)

DEMO_CMD ?= $(O)/unit cap_print_demo

clean:
	rm -rf build

-include $(LIB_OBJS:.o=.d) $(UNIT_OBJS:.o=.d) $(O)/src/main.d $(O)/src/rvrun.d
