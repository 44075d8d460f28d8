/* test_config.c - config_parse / config_validate: one row per rule, exact messages with
 * line:col (rules: src/monitor/config.c, config_check.c; schema: intravisor.md section 2). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor/config.h"
#include "monitor/config_index.h"
#include "test.h"

/* A temporary folder holding the runtimes the rows name. */
static char tdir[64];

static void make_dir(void)
{
	if (tdir[0])
		return;
	snprintf(tdir, sizeof tdir, "/tmp/intravisor-test-config-XXXXXX");
	if (!mkdtemp(tdir)) {
		perror("mkdtemp");
		exit(2);
	}
	const char *files[] = { "libfirst.so", "libsecond.so", "libthird.so" };
	for (unsigned i = 0; i < 3; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s/%s", tdir, files[i]);
		FILE *f = fopen(p, "w");
		if (!f || fputs("x", f) < 0 || fclose(f)) {
			perror(p);
			exit(2);
		}
	}
	char d[128];
	snprintf(d, sizeof d, "%s/adir.so", tdir);
	mkdir(d, 0700);
	snprintf(d, sizeof d, "%s/libdangling.so", tdir);   /* an example's runtime before make */
	if (symlink("build/nowhere/libdangling.so", d) != 0) {
		perror(d);
		exit(2);
	}
}

static void remove_dir(void)
{
	const char *files[] = { "libfirst.so", "libsecond.so", "libthird.so" };
	char p[128];
	for (unsigned i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s", tdir, files[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/adir.so", tdir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/libdangling.so", tdir);
	unlink(p);
	rmdir(tdir);
	tdir[0] = 0;
}

/* Parse + validate text as tdir/t.yaml; the message with the folder removed ("" if ok). */
static int run(const char *text, struct config *cfg, char *msg, size_t n)
{
	char path[128];
	snprintf(path, sizeof path, "%s/t.yaml", tdir);
	struct error err;
	int rc = config_parse_string(path, text, strlen(text), cfg, &err);
	if (!rc && (rc = config_validate(cfg, &err)) != 0)
		config_free(cfg);
	msg[0] = 0;
	if (rc) {
		char full[1200];
		error_format(full, sizeof full, &err);
		size_t k = 0, tl = strlen(tdir);
		for (const char *s = full; *s && k + 1 < n;) {
			if (!strncmp(s, tdir, tl) && s[tl] == '/') { /* drop every "<tdir>/" */
				s += tl + 1;
				continue;
			}
			msg[k++] = *s++;
		}
		msg[k] = 0;
	}
	return rc;
}

#define ISO(base) "  isolation:\n  - base: " base "\n    size: 0x40000000\n"
/* one cVM = 5 lines: name, runtime, isolation, base, size (then `extra` lines) */
#define CVM(name, rt, base, extra) "- name: " name "\n  runtime: " rt "\n" ISO(base) extra

static const char good[] =
	"cVMs:\n"
	"- name: first\n"
	"  runtime: libfirst.so\n"
	"  args: /ld.so /app/sc_main\n"
	"  isolation:\n"
	"  - base: 0x400000000\n"
	"    size: 0x040000000\n"
	"    begin: 0x400000000\n"
	"    end:   0x440000000\n"
	"  callback_out: monitor\n"
	"  wait: -1\n"
	"- name: second\n"
	"  runtime: libsecond.so\n"
	"  disk: disk.img\n"
	"  net: tap0\n"
	"  isolation:\n"
	"  - base: 0x440000000\n"
	"    size: 0X40000000\n"
	"  callback_out: libfirst.so\n"
	"  callback_in: libfirst.so\n"
	"  clean_room: 1\n"
	"  libvirt: 0\n"
	"  fork: 0\n"
	"capfiles:\n"
	"- name: cf1\n"
	"  size: 0x1000\n"
	"  data: hello\n";

TEST(config_good)
{
	make_dir();
	struct config cfg;
	char msg[1200];
	t_case("two-pure-like config parses and validates");
	if (!T_EQ(run(good, &cfg, msg, sizeof msg), 0)) {
		printf("  %s\n", msg);
		return;
	}
	T_EQ(cfg.ncvms, 2);
	t_case("first: fields");
	const struct config_cvm *a = &cfg.cvms[0], *b = &cfg.cvms[1];
	T_STREQ(a->name, "first");
	T_STREQ(a->runtime, "libfirst.so");
	T_STREQ(a->args, "/ld.so /app/sc_main");
	T_EQ(a->isolation.base, 0x400000000ULL);
	T_EQ(a->isolation.size, 0x40000000ULL);
	T_EQ(a->isolation.end, 0x440000000ULL);
	T_STREQ(a->callback_out, "monitor");
	T_EQ(a->wait, -1);
	T_EQ(a->name_pos.line, 2);
	T_EQ(a->name_pos.col, 9);
	T_TRUE(a->disk == NULL && a->net == NULL && a->callback_in == NULL);
	char want[128];
	snprintf(want, sizeof want, "%s/libfirst.so", tdir);
	T_STREQ(a->runtime_path, want);
	t_case("second: 0X, defaults, flags");
	T_EQ(b->isolation.base, 0x440000000ULL);
	T_TRUE(!b->isolation.has_begin);
	T_EQ(b->wait, 0);
	T_EQ(b->clean_room, 1);
	T_STREQ(b->disk, "disk.img");
	T_STREQ(b->net, "tap0");
	T_STREQ(b->callback_in, "libfirst.so");
	T_EQ(config_find_runtime(&cfg, "libfirst.so"), 0);
	T_EQ(config_find_runtime(&cfg, "libnone.so"), -1);
	t_case("capfiles");
	T_EQ(cfg.ncapfiles, 1);
	T_STREQ(cfg.capfiles[0].name, "cf1");
	T_EQ(cfg.capfiles[0].size, 0x1000);
	T_STREQ(cfg.capfiles[0].data, "hello");
	config_free(&cfg);
	remove_dir();
}

struct row {
	const char *what, *yaml, *want;
};

static const struct row rows[] = {
	/* --- syntax and schema (config.c) --- */
	{ "empty file", "", "t.yaml:1:1: config has no 'cVMs' list, or it is empty: the file is empty" },
	{ "top level is a list", "- a\n", "t.yaml:1:1: the config must be a mapping with the keys 'cVMs' and 'capfiles': found a list" },
	{ "not YAML", "cVMs: [\n", "t.yaml:2:1: the config is not valid YAML: did not find expected node content while parsing a flow node" },
	{ "tab indentation", "cVMs:\n\t- name: a\n", "t.yaml:2:1: the config is not valid YAML: found character that cannot start any token while scanning for the next token" },
	{ "unknown top key", "cvms:\n- name: a\n", "t.yaml:1:1: unknown key: 'cvms' in the top level (known: cVMs, capfiles)" },
	{ "duplicate top key", "cVMs: []\ncVMs: []\n", "t.yaml:2:1: duplicate key: 'cVMs' in the top level (first at line 1)" },
	{ "empty cVMs", "cVMs: []\n", "t.yaml:1:1: config has no 'cVMs' list, or it is empty" },
	{ "cVMs is a mapping", "cVMs: {}\n", "t.yaml:1:7: wrong type: 'cVMs' must be a list, not a mapping" },
	{ "cVM is a scalar", "cVMs:\n- first\n", "t.yaml:2:3: wrong type: 'a cVM' must be a mapping, not a scalar" },
	{ "unknown cVM key", "cVMs:\n- name: a\n  color: red\n",
	  "t.yaml:3:3: unknown key: 'color' in a cVM (known: name, disk, runtime, net, args, isolation, callback_in, callback_out, wait, clean_room, libvirt, fork, mode, env, mounts, strace, threads, entry)" },
	{ "mount without guest", "cVMs:\n- name: a\n  mounts:\n  - host: d\n", "t.yaml:4:5: missing required key: a mount needs 'guest'" },
	{ "mount readonly not a bool", "cVMs:\n- name: a\n  mounts:\n  - {host: d, guest: /d, readonly: maybe}\n",
	  "t.yaml:4:36: flag must be 0 or 1: 'readonly: maybe' (true or false)" },
	{ "duplicate cVM key", "cVMs:\n- name: a\n  name: b\n", "t.yaml:3:3: duplicate key: 'name' in a cVM (first at line 2)" },
	{ "key is a list", "cVMs:\n- [a]: b\n", "t.yaml:2:3: wrong type: keys of a cVM must be scalars, not a list" },
	{ "name is a list", "cVMs:\n- name: [a]\n", "t.yaml:2:9: wrong type: 'name' must be a scalar, not a list" },
	{ "runtime is a mapping", "cVMs:\n- runtime: {a: b}\n", "t.yaml:2:12: wrong type: 'runtime' must be a scalar, not a mapping" },
	{ "isolation is a mapping", "cVMs:\n- name: a\n  isolation: {base: 1}\n", "t.yaml:3:14: wrong type: 'isolation' must be a list, not a mapping" },
	{ "isolation item is a scalar", "cVMs:\n- name: a\n  isolation: [1]\n", "t.yaml:3:15: wrong type: 'an isolation item' must be a mapping, not a scalar" },
	{ "unknown isolation key", "cVMs:\n- name: a\n  isolation:\n  - bsae: 0x400000000\n",
	  "t.yaml:4:5: unknown key: 'bsae' in an isolation item (known: base, size, begin, end)" },
	{ "duplicate isolation key", "cVMs:\n- name: a\n  isolation:\n  - base: 1\n    base: 2\n",
	  "t.yaml:5:5: duplicate key: 'base' in an isolation item (first at line 4)" },
	{ "base not hex", "cVMs:\n- name: a\n  isolation:\n  - base: 0xzz\n", "t.yaml:4:11: not a valid number: 'base: 0xzz' (hex with 0x, 64-bit)" },
	{ "base negative", "cVMs:\n- name: a\n  isolation:\n  - base: -1\n", "t.yaml:4:11: not a valid number: 'base: -1' (hex with 0x, 64-bit)" },
	{ "base too big", "cVMs:\n- name: a\n  isolation:\n  - base: 0x10000000000000000\n",
	  "t.yaml:4:11: not a valid number: 'base: 0x10000000000000000' (hex with 0x, 64-bit)" },
	{ "size empty", "cVMs:\n- name: a\n  isolation:\n  - size: 0x\n", "t.yaml:4:11: not a valid number: 'size: 0x' (hex with 0x, 64-bit)" },
	{ "hex without 0x (upstream: hex; a reader: decimal)", "cVMs:\n- name: a\n  isolation:\n  - base: 400000000\n",
	  "t.yaml:4:11: not a valid number: 'base: 400000000' has no 0x: upstream reads it as hex, a reader as decimal; write 0x400000000" },
	{ "hex letters without 0x", "cVMs:\n- name: a\n  isolation:\n  - size: 4000000a\n",
	  "t.yaml:4:11: not a valid number: 'size: 4000000a' has no 0x: upstream reads it as hex, a reader as decimal; write 0x4000000a" },
	{ "capfile size without 0x", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "capfiles:\n- name: c\n  size: 4096\n",
	  "t.yaml:9:9: not a valid number: 'size: 4096' has no 0x: upstream reads it as hex, a reader as decimal; write 0x4096" },
	{ "cVMs in two YAML documents (read as one mapping: a duplicate key)",
	  "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "---\ncVMs:\n" CVM("b", "libsecond.so", "0x440000000", ""),
	  "t.yaml:8:1: duplicate key: 'cVMs' in the top level (first at line 1, an earlier document)" },
	{ "capfiles in two YAML documents", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "")
	  "---\ncapfiles:\n- name: c\n  size: 0x10\n---\ncapfiles:\n- name: d\n  size: 0x10\n",
	  "t.yaml:12:1: duplicate key: 'capfiles' in the top level (first at line 8, an earlier document)" },
	{ "a second document that is not a mapping", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "---\n- x\n",
	  "t.yaml:8:1: the config must be a mapping with the keys 'cVMs' and 'capfiles': found a list" },
	{ "only empty documents", "---\n---\n", "t.yaml:1:1: config has no 'cVMs' list, or it is empty: the file is empty" },
	{ "a broken second document", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "---\ncVMs: [\n",
	  "t.yaml:9:1: the config is not valid YAML: did not find expected node content while parsing a flow node" },
	{ "wait not a number", "cVMs:\n- name: a\n  wait: soon\n", "t.yaml:3:9: not a valid number: 'wait: soon' (decimal integer)" },
	{ "wait hex", "cVMs:\n- name: a\n  wait: 0x10\n", "t.yaml:3:9: not a valid number: 'wait: 0x10' (decimal integer)" },
	{ "clean_room word", "cVMs:\n- name: a\n  clean_room: yes\n", "t.yaml:3:15: not a valid number: 'clean_room: yes' (decimal integer)" },
	{ "missing name", "cVMs:\n- runtime: libfirst.so\n", "t.yaml:2:3: missing required key: 'name' in cVM #1" },
	{ "empty name", "cVMs:\n- name: ''\n  runtime: libfirst.so\n", "t.yaml:2:3: missing required key: 'name' in cVM #1" },
	{ "missing runtime", "cVMs:\n- name: a\n" ISO("0x400000000"), "t.yaml:2:3: missing required key: 'runtime' in cVM 'a'" },
	{ "null runtime", "cVMs:\n- name: a\n  runtime: ~\n", "t.yaml:2:3: missing required key: 'runtime' in cVM 'a'" },
	{ "missing isolation", "cVMs:\n- name: a\n  runtime: libfirst.so\n", "t.yaml:2:3: missing required key: 'isolation' in cVM 'a'" },
	{ "missing base", "cVMs:\n- name: a\n  runtime: libfirst.so\n  isolation:\n  - size: 0x40000000\n",
	  "t.yaml:5:5: missing required key: 'base' in the isolation of cVM 'a'" },
	{ "missing size", "cVMs:\n- name: a\n  runtime: libfirst.so\n  isolation:\n  - base: 0x400000000\n",
	  "t.yaml:5:5: missing required key: 'size' in the isolation of cVM 'a'" },
	{ "unknown capfile key", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "capfiles:\n- name: c\n  adr: 1\n",
	  "t.yaml:9:3: unknown key: 'adr' in a capfile (known: name, size, data, addr)" },
	{ "capfile missing size", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "capfiles:\n- name: c\n",
	  "t.yaml:8:3: missing required key: 'size' in capfile 'c'" },
	{ "capfiles is a scalar", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "capfiles: none\n",
	  "t.yaml:7:11: wrong type: 'capfiles' must be a list, not a scalar" },
	/* --- validation (config_check.c) --- */
	{ "size is not a power of two",
	  "cVMs:\n- name: a\n  runtime: libfirst.so\n  isolation:\n  - base: 0x400000000\n    size: 0x30000000\n",
	  "t.yaml:6:11: isolation size must be a power of two from 16 MiB (0x1000000) to 64 GiB (0x1000000000): cVM 'a' asks for 0x30000000" },
	{ "size below 16 MiB",
	  "cVMs:\n- name: a\n  runtime: libfirst.so\n  isolation:\n  - base: 0x800000\n    size: 0x800000\n",
	  "t.yaml:6:11: isolation size must be a power of two from 16 MiB (0x1000000) to 64 GiB (0x1000000000): cVM 'a' asks for 0x800000" },
	{ "size above 64 GiB",
	  "cVMs:\n- name: a\n  runtime: libfirst.so\n  isolation:\n  - base: 0x2000000000\n    size: 0x2000000000\n",
	  "t.yaml:6:11: isolation size must be a power of two from 16 MiB (0x1000000) to 64 GiB (0x1000000000): cVM 'a' asks for 0x2000000000" },
	{ "base not slot aligned", "cVMs:\n" CVM("a", "libfirst.so", "0x410000000", ""),
	  "t.yaml:5:11: isolation base must be a multiple of the slot size: cVM 'a' has base 0x410000000, size 0x40000000" },
	{ "slot 0 (holds the gate)", "cVMs:\n" CVM("a", "libfirst.so", "0", ""),
	  "t.yaml:5:11: cVM region outside the address space: cVM 'a': base 0x0 is slot 0 of size 0x40000000; slots 1..65534 (the address space ends at 0x3fffc0000000), i.e. base 0x40000000..0x3fff80000000" },
	/* 2^46 - 1 GiB (CVM_SPACE_TOP): the last GiB is the capfile area's */
	{ "1 GiB slot 65535: past the address space", "cVMs:\n" CVM("a", "libfirst.so", "0x3fffc0000000", ""),
	  "t.yaml:5:11: cVM region outside the address space: cVM 'a': base 0x3fffc0000000 is slot 65535 of size 0x40000000; slots 1..65534 (the address space ends at 0x3fffc0000000), i.e. base 0x40000000..0x3fff80000000" },
	/* cheri-riscv.md 3: otypes 0x3fffc..0x3ffff are reserved, so id 0x3fffc (262140) cannot be an otype */
	{ "16 MiB slot id 262140: past the otype space",
	  "cVMs:\n- name: a\n  runtime: libfirst.so\n  isolation:\n  - base: 0x3fffc000000\n    size: 0x1000000\n",
	  "t.yaml:5:11: cVM region outside the address space: cVM 'a': base 0x3fffc000000 is slot 262140 of size 0x1000000; slots 1..262139 (the id is the cVM's otype: 0x3fffb is the largest), i.e. base 0x1000000..0x3fffb000000" },
	{ "a small slot inside a big one",
	  "cVMs:\n" CVM("a", "libfirst.so", "0x40000000", "")
	  "- name: b\n  runtime: libsecond.so\n  isolation:\n  - base: 0x7f000000\n    size: 0x1000000\n",
	  "t.yaml:10:11: cVM regions overlap: cVM 'b' [0x7f000000, 0x80000000) and cVM 'a' [0x40000000, 0x80000000)" },
	{ "two slot sizes, one id",
	  "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "")
	  "- name: b\n  runtime: libsecond.so\n  isolation:\n  - base: 0x10000000\n    size: 0x1000000\n",
	  "t.yaml:10:11: two cVMs have the same id (base / size): cVM 'b' and cVM 'a' are both id 16" },
	{ "same slot twice", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") CVM("b", "libsecond.so", "0x400000000", ""),
	  "t.yaml:10:11: cVM regions overlap: cVM 'b' and cVM 'a' both use [0x400000000, 0x440000000)" },
	{ "duplicate name", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") CVM("a", "libsecond.so", "0x440000000", ""),
	  "t.yaml:7:9: duplicate cVM name: 'a' (first at line 2)" },
	{ "16 args", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "  args: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"),
	  "t.yaml:7:9: bad args: cVM 'a': 16 words, 38 bytes (at most 15 and 2048)" },
	{ "wait -2", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "  wait: -2\n"),
	  "t.yaml:7:9: wait must be -1 or a number of seconds >= 0: cVM 'a': wait -2" },
	{ "clean_room 2", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "  clean_room: 2\n"),
	  "t.yaml:7:15: flag must be 0 or 1: cVM 'a': clean_room 2" },
	{ "fork -1", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "  fork: -1\n"),
	  "t.yaml:7:9: flag must be 0 or 1: cVM 'a': fork -1" },
	{ "runtime missing", "cVMs:\n" CVM("a", "libnone.so", "0x400000000", ""),
	  "t.yaml:3:12: cannot read the runtime file: cVM 'a': 'libnone.so': No such file or directory" },
	{ "runtime typo: reported on its line, not on a callback_out naming the right file",
	  "cVMs:\n" CVM("a", "libfrist.so", "0x400000000", "") CVM("b", "libsecond.so", "0x440000000", "  callback_out: libfirst.so\n"),
	  "t.yaml:3:12: cannot read the runtime file: cVM 'a': 'libfrist.so': No such file or directory" },
	{ "runtime is a dangling symbolic link", "cVMs:\n" CVM("a", "libdangling.so", "0x400000000", ""),
	  "t.yaml:3:12: cannot read the runtime file: cVM 'a': 'libdangling.so' is a symbolic link to "
	  "'build/nowhere/libdangling.so', which does not exist: run make first (it builds the examples' runtimes)" },
	{ "callback_out names a cVM by its config name",
	  "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") CVM("b", "libsecond.so", "0x440000000", "  callback_out: a\n"),
	  "t.yaml:12:17: callback_out names no cVM runtime and is not 'monitor': cVM 'b': callback_out 'a' is a cVM name: "
	  "use its runtime file name, e.g. libfirst.so" },
	{ "runtime is a folder", "cVMs:\n" CVM("a", "adir.so", "0x400000000", ""),
	  "t.yaml:3:12: cannot read the runtime file: cVM 'a': 'adir.so' is not a regular file" },
	{ "callback_out unknown", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "  callback_out: libnone.so\n"),
	  "t.yaml:7:17: callback_out names no cVM runtime and is not 'monitor': cVM 'a': callback_out 'libnone.so'" },
	{ "callback_out self", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "  callback_out: libfirst.so\n"),
	  "t.yaml:7:17: callback_out names the cVM itself: cVM 'a': callback_out 'libfirst.so'" },
	{ "callback_out cycle", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "  callback_out: libsecond.so\n")
	  CVM("b", "libsecond.so", "0x440000000", "  callback_out: libfirst.so\n"),
	  "t.yaml:7:17: callback_out links form a cycle: a -> b -> a" },
	{ "callback_out cycle not through the first", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "  callback_out: libsecond.so\n")
	  CVM("b", "libsecond.so", "0x440000000", "  callback_out: libthird.so\n")
	  CVM("c", "libthird.so", "0x480000000", "  callback_out: libsecond.so\n"),
	  "t.yaml:7:17: callback_out links form a cycle: a -> b -> c -> b -> c" },
	{ "callback_out ambiguous", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "")
	  CVM("b", "libfirst.so", "0x440000000", "") CVM("c", "libsecond.so", "0x480000000", "  callback_out: libfirst.so\n"),
	  "t.yaml:17:17: callback name is ambiguous: several cVMs use that runtime: cVM 'c': callback_out 'libfirst.so' (2 cVMs)" },
	{ "capfile duplicate", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "capfiles:\n- name: c\n  size: 0x10\n- name: c\n  size: 0x10\n",
	  "t.yaml:10:9: bad capfile: duplicate name 'c' (first at line 8)" },
	{ "capfile size 0", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "capfiles:\n- name: c\n  size: 0\n",
	  "t.yaml:9:9: bad capfile: 'c': size 0x0 (1..0x10000000)" },
	{ "capfile data too long", "cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "capfiles:\n- name: c\n  size: 4\n  data: abcd\n",
	  "t.yaml:10:9: bad capfile: 'c': data (4 bytes + NUL) larger than size 0x4" },
};

TEST(config_index)
{
	make_dir();
	struct config cfg;
	char msg[1200];
	/* runtimes: third, first, third, second (unsorted, one twice); names all different */
	const char *text = "cVMs:\n" CVM("d", "libthird.so", "0x400000000", "") CVM("b", "libfirst.so", "0x440000000", "")
		CVM("c", "libthird.so", "0x480000000", "") CVM("a", "libsecond.so", "0x4c0000000", "");
	t_case("a valid config: the index answers as a scan would");
	if (!T_EQ(run(text, &cfg, msg, sizeof msg), 0)) {
		printf("  %s\n", msg);
		return;
	}
	unsigned n = 99;
	T_EQ(config_index_runtime(&cfg, "libthird.so", &n), 0);
	T_EQ(n, 2);
	T_EQ(config_index_runtime(&cfg, "libsecond.so", &n), 3);
	T_EQ(n, 1);
	T_EQ(config_index_runtime(&cfg, "libnone.so", &n), -1);
	T_EQ(n, 0);
	T_EQ(config_index_runtime(&cfg, "", &n), -1);
	T_EQ(config_index_name(&cfg, "a", &n), 3);
	T_EQ(config_index_name(&cfg, "d", &n), 0);
	T_EQ(config_index_name(&cfg, "e", NULL), -1);
	T_EQ(config_find_runtime(&cfg, "libfirst.so"), 1);
	t_case("without an index (a config made by hand): the same answers by a scan");
	free(cfg.by_name);
	free(cfg.by_runtime);
	cfg.by_name = cfg.by_runtime = NULL;
	T_EQ(config_index_runtime(&cfg, "libthird.so", &n), 0);
	T_EQ(n, 2);
	T_EQ(config_index_name(&cfg, "a", &n), 3);
	T_EQ(n, 1);
	config_free(&cfg);
}

TEST(config_errors)
{
	make_dir();
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_case("%s", rows[i].what);
		struct config cfg;
		char msg[1200];
		T_EQ(run(rows[i].yaml, &cfg, msg, sizeof msg), -1);
		T_STREQ(msg, rows[i].want);
		T_TRUE(cfg.cvms == NULL && cfg.path == NULL); /* nothing left allocated */
	}
	remove_dir();
}

TEST(config_warnings)
{
	make_dir();
	struct config cfg;
	char msg[1200], want[400];
	t_case("a second isolation item: accepted as upstream (the last wins), with a warning at it");
	T_EQ(run("cVMs:\n- name: a\n  runtime: libfirst.so\n  isolation:\n  - base: 0x400000000\n    size: 0x40000000\n"
		 "  - base: 0x440000000\n    size: 0x40000000\n", &cfg, msg, sizeof msg), 0);
	T_EQ(cfg.cvms[0].isolation.base, 0x440000000ULL);
	T_EQ(cfg.nwarnings, 1);
	snprintf(want, sizeof want, "%s/t.yaml:7:5: cVM 'a': a second 'isolation' item: only the last one is used (as upstream)", tdir);
	T_STREQ(cfg.warnings[0], want);
	config_free(&cfg);
	t_case("ids past the reference's 199: 16 MiB slot 262139 (the largest otype) and 1 GiB slot 65534 are accepted");
	T_EQ(run("cVMs:\n- name: a\n  runtime: libfirst.so\n  isolation:\n  - base: 0x3fffb000000\n    size: 0x1000000\n"
		 "- name: b\n  runtime: libsecond.so\n  isolation:\n  - base: 0x3fff80000000\n    size: 0x40000000\n",
		 &cfg, msg, sizeof msg), 0);
	T_EQ(cfg.ncvms, 2);
	T_EQ(cfg.cvms[0].isolation.base / cfg.cvms[0].isolation.size, 262139);
	T_EQ(cfg.cvms[1].isolation.base / cfg.cvms[1].isolation.size, 65534);
	config_free(&cfg);
	t_case("begin/end other than the slot, callback_in naming no cVM or two, a capfile's addr: warnings, accepted");
	T_EQ(run("cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "    begin: 0x3c0000000\n    end: 0x480000000\n  callback_in: libnone.so\n")
		 CVM("b", "libsecond.so", "0x440000000", "  callback_in: libthird.so\n")
		 CVM("c", "libthird.so", "0x480000000", "")
		 CVM("d", "libthird.so", "0x4c0000000", "")
		 "capfiles:\n- name: cf\n  size: 4\n  addr: 0x1000\n", &cfg, msg, sizeof msg), 0);
	T_EQ(cfg.nwarnings, 5);
	const char *const want5[] = {
		"t.yaml:7:12: cVM 'a': begin 0x3c0000000 is ignored: its capabilities cover its slot from base 0x400000000",
		"t.yaml:8:10: cVM 'a': end 0x480000000 is ignored: its capabilities cover its slot to base + size 0x440000000",
		"t.yaml:9:16: cVM 'a': callback_in 'libnone.so' names no cVM's runtime: no inner link (as upstream)",
		"t.yaml:15:16: cVM 'b': callback_in 'libthird.so' is the runtime of 2 cVMs: the first is the inner one (as upstream)",
		"t.yaml:29:9: capfile 'cf': capfiles with pre-defined addresses are not supported: addr is ignored, the "
		"monitor places it (as upstream)",
	};
	for (unsigned i = 0; i < 5 && i < cfg.nwarnings; i++) {
		snprintf(want, sizeof want, "%s/%s", tdir, want5[i]);
		T_STREQ(cfg.warnings[i], want);
	}
	T_EQ(config_find_runtime(&cfg, "libthird.so"), 2);
	config_free(&cfg);
	t_case("one item, a single digit without 0x (same in hex and decimal), a document end: no warning");
	T_EQ(run("cVMs:\n" CVM("a", "libfirst.so", "0x400000000", "") "capfiles:\n- name: c\n  size: 8\n...\n", &cfg, msg, sizeof msg), 0);
	T_EQ(cfg.nwarnings, 0);
	T_EQ(cfg.capfiles[0].size, 8);
	config_free(&cfg);
	remove_dir();
}

TEST(config_file)
{
	make_dir();
	struct config cfg;
	struct error err;
	char msg[1200];
	t_case("missing config file");
	T_EQ(config_parse("/nonexistent/cvm.yaml", &cfg, &err), -1);
	error_format(msg, sizeof msg, &err);
	T_STREQ(msg, "/nonexistent/cvm.yaml: cannot read the config file: No such file or directory");
	t_case("config file read from disk, runtime relative to its folder");
	char path[128];
	snprintf(path, sizeof path, "%s/t.yaml", tdir);
	FILE *f = fopen(path, "w");
	T_TRUE(f && fputs(good, f) >= 0 && fclose(f) == 0);
	T_EQ(config_parse(path, &cfg, &err), 0);
	T_EQ(config_validate(&cfg, &err), 0);
	char want[128];
	snprintf(want, sizeof want, "%s/libsecond.so", tdir);
	T_STREQ(cfg.cvms[1].runtime_path, want);
	T_STREQ(cfg.dir, tdir);
	config_free(&cfg);
	unlink(path);
	t_case("a folder as the config: said so, with a YAML file in it");
	char dirmsg[400];
	T_EQ(config_parse(tdir, &cfg, &err), -1);
	error_format(msg, sizeof msg, &err);
	snprintf(dirmsg, sizeof dirmsg, "%s: cannot read the config file: is a directory, not a YAML file", tdir);
	T_STREQ(msg, dirmsg);
	f = fopen(path, "w");
	T_TRUE(f && fclose(f) == 0);
	T_EQ(config_parse(tdir, &cfg, &err), -1);
	error_format(msg, sizeof msg, &err);
	snprintf(dirmsg, sizeof dirmsg, "%s: cannot read the config file: is a directory: give the YAML file, e.g. -y %s/t.yaml", tdir, tdir);
	T_STREQ(msg, dirmsg);
	unlink(path);
	t_case("every error code has a sentence");
	for (int c = 0; c < E_COUNT; c++)
		T_TRUE(strlen(error_message((enum err_code)c)) > 5);
	T_STREQ(error_message(E_COUNT), "unknown error");
	remove_dir();
}

/* Property: random corruptions of a valid config never crash the parser (ASan build), leave
 * nothing allocated on failure, and any accepted config passes its own invariants. */
TEST(config_random_corruptions)
{
	make_dir();
	uint64_t seed = 0xc0ff1e;
	char text[sizeof good];
	unsigned accepted = 0, violations = 0;
	static const char alphabet[] = " :-\n\t\"'[]{}#&*!|>0x1fa~";
	t_case("5000 configs with 1-3 bytes replaced");
	for (int iter = 0; iter < 5000; iter++) {
		memcpy(text, good, sizeof good);
		unsigned n = 1 + (unsigned)(t_rand(&seed) % 3);
		for (unsigned k = 0; k < n; k++)
			text[t_rand(&seed) % (sizeof good - 1)] = alphabet[t_rand(&seed) % (sizeof alphabet - 1)];
		struct config cfg;
		char msg[1200];
		if (run(text, &cfg, msg, sizeof msg) != 0) {
			violations += cfg.cvms != NULL || msg[0] == 0;
			continue;
		}
		accepted++;
		for (unsigned i = 0; i < cfg.ncvms; i++)
			violations += !cfg.cvms[i].name || !cfg.cvms[i].runtime_path ||
				      cfg.cvms[i].isolation.size < CVM_SLOT_MIN || cfg.cvms[i].isolation.size > CVM_SLOT_MAX ||
				      (cfg.cvms[i].isolation.size & (cfg.cvms[i].isolation.size - 1)) ||
				      cfg.cvms[i].isolation.base % cfg.cvms[i].isolation.size;
		config_free(&cfg);
	}
	T_EQ(violations, 0);
	T_TRUE(accepted > 50);
	remove_dir();
}
