/* test_loader_deploy.c - monitor_init + monitor_deploy_all on the test image (test_loader.h):
 * the printed log (two-pure.expected format), the start capabilities of intravisor.md
 * section 4, the slot layout of section 3, and deploys that must fail without mapping anything. */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/elf.h"
#include "monitor/cvm.h"
#include "test.h"
#include "test_loader.h"

static char ddir[64];

static void setup(const uint8_t *first, const uint8_t *second)
{
	snprintf(ddir, sizeof ddir, "/tmp/intravisor-test-deploy-XXXXXX");
	if (!mkdtemp(ddir)) {
		perror("mkdtemp");
		exit(2);
	}
	if (ti_write_file(ddir, "libfirst.so", first, TI_SIZE) || ti_write_file(ddir, "libsecond.so", second, TI_SIZE)) {
		perror("write");
		exit(2);
	}
}

static void teardown(void)
{
	char p[128];
	snprintf(p, sizeof p, "%s/libfirst.so", ddir);
	unlink(p);
	snprintf(p, sizeof p, "%s/libsecond.so", ddir);
	unlink(p);
	rmdir(ddir);
}

static const char two_yaml[] =
	"cVMs:\n"
	"- name: first\n"
	"  runtime: libfirst.so\n"
	"  args: /ld.so /app/sc_main\n"
	"  isolation:\n"
	"  - base: 0x400000000\n"
	"    size: 0x040000000\n"
	"    begin: 0x400000000\n"
	"    end: 0x440000000\n"
	"  callback_out: monitor\n"
	"  wait: -1\n"
	"- name: second\n"
	"  runtime: libsecond.so\n"
	"  args: /ld.so /app/sc_main\n"
	"  isolation:\n"
	"  - base: 0x440000000\n"
	"    size: 0x040000000\n"
	"  callback_out: libfirst.so\n"
	"  clean_room: %d\n"
	"  wait: -1\n";

struct deployed {
	struct monitor mon;
	char *log;
	size_t log_len;
	char msg[1200];
	int rc;
};

/* Parse, validate, init, deploy; d->rc = 0 or -1 with d->msg (folder removed). */
static void deploy(struct deployed *d, int clean_room)
{
	char path[128], text[1024];
	snprintf(path, sizeof path, "%s/t.yaml", ddir);
	snprintf(text, sizeof text, two_yaml, clean_room);
	struct config cfg;
	struct error err;
	memset(d, 0, sizeof *d);
	FILE *out = open_memstream(&d->log, &d->log_len);
	struct monitor_options opt = { .out = out };
	d->rc = -1;
	if (config_parse_string(path, text, strlen(text), &cfg, &err) == 0) {
		if (config_validate(&cfg, &err) == 0 && monitor_init(&d->mon, &cfg, &opt, &err) == 0) {
			d->rc = monitor_deploy_all(&d->mon, &err);
		}
		config_free(&cfg);
	}
	fclose(out);
	if (d->rc) {
		char full[1200];
		error_format(full, sizeof full, &err);
		size_t k = 0, tl = strlen(ddir);
		for (const char *s = full; *s && k + 1 < sizeof d->msg;) {
			if (!strncmp(s, ddir, tl) && s[tl] == '/') {
				s += tl + 1;
				continue;
			}
			d->msg[k++] = *s++;
		}
		d->msg[k] = 0;
	}
}

static void undeploy(struct deployed *d)
{
	if (d->mon.mem)
		monitor_free(&d->mon);
	free(d->log);
}

/* The log with the host addresses of the [i] lines and the deploy time replaced by X. */
static void mask_log(const char *log, char *out, size_t n)
{
	size_t k = 0;
	out[0] = 0;
	for (const char *line = log; *line && k < n - 200;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		unsigned i;
		unsigned long long h1, g, fs, ms, h2, c;
		const char *dep = strstr(line, " in ");
		if (sscanf(line, "[%u]: %llx %llx %llx %llx %llx %llx", &i, &h1, &g, &fs, &ms, &h2, &c) == 7)
			k += (size_t)snprintf(out + k, n - k, "[%u]: X %llx %llx %llx X %llx\n", i, g, fs, ms, c);
		else if (!strncmp(line, "Deploy ", 7) && dep && dep < line + len)
			k += (size_t)snprintf(out + k, n - k, "%.*s in X,%.*s\n", (int)(dep - line), line,
					      (int)(len - (size_t)(strchr(dep, ',') - line) - 1), strchr(dep, ',') + 1);
		else
			k += (size_t)snprintf(out + k, n - k, "%.*s\n", (int)len, line);
		line += len + (nl ? 1 : 0);
	}
}

static void flat_hash(const uint8_t *b, char hex[65])
{
	static uint8_t flat[TI_MAP_SIZE];
	memset(flat, 0, sizeof flat);
	memcpy(flat, b, TI_SEG0_SIZE);
	memcpy(flat + TI_DATA, b + TI_DATA, TI_SEG1_FILESZ);
	uint8_t h[32];
	EVP_Digest(flat, TI_MAP_SIZE, h, NULL, EVP_sha256(), NULL);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
}

static void check_cap(const char *what, const struct cap *c, bool sealed, uint32_t otype, uint32_t perms,
		      uint64_t base, uint64_t len, uint64_t addr)
{
	t_case("%s", what);
	T_TRUE(c->tag);
	T_EQ(cap_is_sealed(c), sealed);
	if (sealed)
		T_EQ(cap_otype(c), otype);
	T_EQ(cap_perms(c), perms);
	T_EQ(c->base, base);
	T_EQ(cap_get_len(c), len);
	T_EQ(c->addr, addr);
}

TEST(deploy_two)
{
	static uint8_t b[TI_SIZE];
	ti_build(b);
	setup(b, b);
	struct deployed d;
	deploy(&d, 0);
	t_case("deploy succeeds");
	if (!T_EQ(d.rc, 0)) {
		printf("  %s\n", d.msg);
		teardown();
		return;
	}
	char hash[65], want[6000], got[6000];
	flat_hash(b, hash);
	snprintf(want, sizeof want,
		 "***************** [16] Deploy 'first' ***************\n"
		 "BUILDING cvm: name=first, disk=(null), runtime=libfirst.so, net=(null), args='/ld.so /app/sc_main', "
		 "base=0x400000000, size=0x40000000, begin=0x400000000, end=0x440000000, cb_in = '(null)', "
		 "cb_out = 'monitor' wait = -1s clean_room = 0, libvirt = 0\n"
		 "requested cVM size matches CVM_MAX_SIZE (40000000)\n"
		 "[0]: X 400000000 400 400 X 400\n"
		 "end of RO: 400001000\n"
		 "[2]: X 400001000 100 200 X 100\n"
		 "ELF BASE = 0x400000000, MAP SIZE = 1200, ENTRY = 0x200\n"
		 "encl_map.entry = 0x200\n"
		 "encl_map.ret = 0x210\n"
		 "we have __cap_relocs, it is a purecap binary\n"
		 "create cap: 0x400001000 Base: 0x300 Length: 7 Perms: 4000000000000000 Unk = 0\n"
		 "create cap: 0x400001010 Base: 0x1050 Length: 32 Perms: 0 Unk = 4\n"
		 "create cap: 0x400001020 Base: 0x1100 Length: 43962 Perms: 0 Unk = 0\n"
		 "ACHTUNG: RISCV USES OUTDATED ABI\n"
		 "create cap: 0x400001030 Base: 0x230 Length: 16 Perms: 8000000000000000 Unk = 0\n"
		 "[cVM STACKs] = [0x43e000000 -- 440000000]\n"
		 "Convrting free memory into cVM Heap: 400002000 -- 43e000000 +3dffe000 ( 991.992188 MB)\n"
		 "cVM doesn't use heap or has a built-in one\n"
		 "SEALED RET FROM MON 0x43e0010b0 0x43e0010c0\n"
		 "ACHTUNG: 'libfirst.so' has syscall handler 'syscall_handler' at 0x220\n"
		 "Deploy 16 in X, SHA-256 Hash: %s\n"
		 "***************** [17] Deploy 'second' ***************\n"
		 "BUILDING cvm: name=second, disk=(null), runtime=libsecond.so, net=(null), args='/ld.so /app/sc_main', "
		 "base=0x440000000, size=0x40000000, begin=0x440000000, end=0x480000000, cb_in = '(null)', "
		 "cb_out = 'libfirst.so' wait = -1s clean_room = 0, libvirt = 0\n"
		 "requested cVM size matches CVM_MAX_SIZE (40000000)\n"
		 "[0]: X 440000000 400 400 X 400\n"
		 "end of RO: 440001000\n"
		 "[2]: X 440001000 100 200 X 100\n"
		 "ELF BASE = 0x440000000, MAP SIZE = 1200, ENTRY = 0x200\n"
		 "encl_map.entry = 0x200\n"
		 "encl_map.ret = 0x210\n"
		 "we have __cap_relocs, it is a purecap binary\n"
		 "create cap: 0x440001000 Base: 0x300 Length: 7 Perms: 4000000000000000 Unk = 0\n"
		 "create cap: 0x440001010 Base: 0x1050 Length: 32 Perms: 0 Unk = 4\n"
		 "create cap: 0x440001020 Base: 0x1100 Length: 43962 Perms: 0 Unk = 0\n"
		 "ACHTUNG: RISCV USES OUTDATED ABI\n"
		 "create cap: 0x440001030 Base: 0x230 Length: 16 Perms: 8000000000000000 Unk = 0\n"
		 "[cVM STACKs] = [0x47e000000 -- 480000000]\n"
		 "Convrting free memory into cVM Heap: 440002000 -- 47e000000 +3dffe000 ( 991.992188 MB)\n"
		 "cVM doesn't use heap or has a built-in one\n"
		 "SEALED RET FROM MON 0x47e0010b0 0x47e0010c0\n"
		 "ACHTUNG: 'libsecond.so' has syscall handler 'syscall_handler' at 0x220\n"
		 "Deploy 17 in X, SHA-256 Hash: %s\n"
		 "***************** Link Inner<-->Outer ***************\n"
		 "***************** ALL cVMs loaded ***************\n",
		 hash, hash);
	mask_log(d.log, got, sizeof got);
	t_case("log = two-pure.expected lines for this image");
	T_STREQ(got, want);

	const struct monitor *mon = &d.mon;
	const struct cvm *f = &mon->cvms[0], *s = &mon->cvms[1];
	t_case("ids, otypes, layout fields");
	T_EQ(f->id, 16);
	T_EQ(s->id, 17);
	T_EQ(f->otype, 16);
	T_TRUE(monitor_cvm_by_id(mon, 16) == f && monitor_cvm_by_id(mon, 17) == s && !monitor_cvm_by_id(mon, 18));
	T_EQ(f->cap_store, 0x43e001000ULL);
	T_EQ(f->heap_lo, 0x400002000ULL);
	T_EQ(f->image_size, TI_MAP_SIZE);
	T_EQ(f->end_of_ro, TI_DATA);
	T_TRUE(f->callback == NULL && s->callback == f);
	T_TRUE(f->deploy_seconds > 0 && f->deploy_seconds < 0.02); /* target 1 ms; reference 1.343 s */

	const uint64_t B = 0x400000000ULL, S = 0x40000000ULL, T = B + S;
	check_cap("first ca0 sealed COMP PCC", &f->ca[0], true, 16, 0x8117, B, S, B + TI_ENTRY);
	T_EQ(cap_flags(&f->ca[0]), 1);
	check_cap("first ca1 sealed COMP DDC", &f->ca[1], true, 16, 0x817d, B, S, B);
	check_cap("first ca2 COMP DDC", &f->ca[2], false, 0, 0x817d, B, S, B);
	check_cap("first ca3 sealed HC PCC = monitor entry", &f->ca[3], true, 0, 0x68117, 0, 0x800000000000ULL, 0x482cc);
	check_cap("first ca4 sealed HC DDC = monitor data", &f->ca[4], true, 0, 0x7817d, 0, 0x800000000000ULL, 0);
	check_cap("first ca5 sealed OCALL PCC", &f->ca[5], true, 0, 0x68117, 0, 0x800000000000ULL, 0x482a4);
	check_cap("first ca6 sealed ret from mon", &f->ca[6], true, 16, 0x8117, B, S, B + TI_RET);
	check_cap("first ca7 SP cap", &f->ca[7], false, 0, 0x817d, T - 0x80000, 0x80000, T - 0x4000);
	check_cap("first ca8 TP cap", &f->ca[8], false, 0, 0x817d, T - 0x80000 + 0x1000, 0x1000, T - 0x80000 + 0x1000);
	const uint64_t B2 = 0x440000000ULL;
	check_cap("second ca0 (own otype 17)", &s->ca[0], true, 17, 0x8117, B2, S, B2 + TI_ENTRY);
	/* intravisor.md 5.1: a handler cVM's entry is never handed out; every cVM holds the
	 * switcher's call pair, whoever its callback is */
	check_cap("second ca3 = the switcher's call pair (monitor entry), not first's handler", &s->ca[3], true, 0,
		  0x68117, 0, 0x800000000000ULL, 0x482cc);
	check_cap("second ca4 = monitor data, not first's DDC", &s->ca[4], true, 0, 0x7817d, 0, 0x800000000000ULL, 0);
	t_case("second ca5 untagged (callback is a cVM)");
	T_TRUE(!s->ca[5].tag);

	struct mem *m = mon->mem;
	t_case("image, heap, cap store mapped");
	T_TRUE(mem_is_mapped(m, B, 0x2000));
	T_TRUE(mem_is_mapped(m, 0x400002000ULL, 0x1000));
	T_TRUE(mem_is_mapped(m, 0x43dfff000ULL, 0x1000));
	T_TRUE(mem_is_mapped(m, 0x43e000000ULL, 0x2000));
	t_case("lazy stacks: thread 0's slot mapped but its guard page, slot 0 of the area mapped, "
	       "every other slot unmapped (handler contexts are mapped when first used)");
	T_EQ(cvm_thread_slot(f, 0), T - 0x80000);
	T_TRUE(!mem_is_mapped(m, T - 0x80000, 0x1000));
	T_TRUE(mem_is_mapped(m, T - 0x80000 + 0x1000, 0x80000 - 0x1000));
	T_TRUE(mem_is_mapped(m, 0x43e000000ULL, 0x80000));
	unsigned unmapped = 0;
	for (unsigned j = 1; j < CVM_MAX_THREADS; j++)
		unmapped += !mem_is_mapped(m, cvm_thread_slot(f, j), 0x1000) && !mem_is_mapped(m, cvm_thread_slot(f, j) + 0x1000, 0x1000) &&
			    !mem_is_mapped(m, cvm_thread_slot(f, j) + 0x7f000, 0x1000);
	T_EQ(unmapped, 62);
	t_case("outside the slots nothing mapped");
	T_TRUE(!mem_is_mapped(m, 0x48000, 0x1000));      /* the gate */
	T_TRUE(!mem_is_mapped(m, B - 0x1000, 0x1000));
	t_case("relocation cap in memory: the cap store");
	uint64_t lo = 0, hi = 0;
	bool tag = false;
	T_EQ(mem_load_cap(m, B + TI_DATA + 32, &lo, &hi, &tag), MEM_OK);
	struct cap c = cap_from_mem(hi, lo, tag);
	T_TRUE(c.tag);
	T_EQ(c.base, 0x43e001000ULL);
	T_EQ(cap_get_len(&c), 0x1000);
	t_case("second's function cap is bounded to second's image");
	T_EQ(mem_load_cap(m, B2 + TI_DATA + 48, &lo, &hi, &tag), MEM_OK);
	c = cap_from_mem(hi, lo, tag);
	T_TRUE(c.tag && cap_is_sentry(&c));
	T_EQ(c.base, B2);
	undeploy(&d);

	t_case("clean_room drops SW0 from that cVM only");
	deploy(&d, 1);
	if (T_EQ(d.rc, 0)) {
		T_EQ(cap_perms(&d.mon.cvms[1].ca[0]), 0x0117);
		T_EQ(cap_perms(&d.mon.cvms[1].ca[7]), 0x017d);
		T_EQ(cap_perms(&d.mon.cvms[0].ca[0]), 0x8117);
		T_EQ(cap_perms(&d.mon.cvms[1].ca[3]), 0x68117); /* the switcher's pair, not ours */
	}
	undeploy(&d);
	teardown();
}

struct bad_row {
	const char *what;
	void (*mutate)(uint8_t *first, uint8_t *second);
	const char *want;
};

static void second_x86(uint8_t *f, uint8_t *s) { (void)f; ti_w16(s, 18, 62); }
static void first_no_handler(uint8_t *f, uint8_t *s) { (void)s; f[TI_STRTAB + 26] = 'x'; }
static void second_no_ret(uint8_t *f, uint8_t *s) { (void)f; s[TI_STRTAB + 9] = 'x'; }
static void second_capreloc(uint8_t *f, uint8_t *s) { (void)f; ti_w64(s, ti_caprel(1) + 24, 0x100000); }

static const struct bad_row bad_rows[] = {
	{ "second image is not RISC-V", second_x86,
	  "cVM 'second' (libsecond.so): bad runtime image: not a RISC-V image (EM_RISCV required): e_machine = 62 (EM_RISCV = 243)" },
	{ "callback target has no syscall_handler", first_no_handler,
	  "t.yaml:18:17: callback_out names a cVM whose image has no 'syscall_handler': cVM 'second': callback_out 'libfirst.so' (cVM 'first')" },
	{ "cap reloc length past the image", second_capreloc,
	  "cVM 'second' (libsecond.so): bad runtime image: capability relocation has an impossible length: __cap_relocs entry 1: length 1048576, image size 0x1200" },
};

TEST(deploy_bad_images)
{
	static uint8_t f[TI_SIZE], s[TI_SIZE];
	for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
		ti_build(f);
		ti_build(s);
		bad_rows[i].mutate(f, s);
		setup(f, s);
		struct deployed d;
		deploy(&d, 0);
		t_case("%s", bad_rows[i].what);
		T_EQ(d.rc, -1);
		T_STREQ(d.msg, bad_rows[i].want);
		T_EQ(d.log_len, 0); /* validated before anything is printed */
		if (d.mon.mem) {      /* and before anything is mapped */
			T_TRUE(!mem_is_mapped(d.mon.mem, 0x400000000ULL, 0x1000));
			T_TRUE(!mem_is_mapped(d.mon.mem, 0x43e000000ULL, 0x1000));
		}
		undeploy(&d);
		teardown();
	}
}

/* An image that declares cvm_heap_begin (16-byte slot) and cvm_heap_size (8 bytes): deploy
 * stores a heap capability and the heap size there (reference section 2.3 step 11). The two
 * symbols are added in a new .symtab/.strtab appended to the file. */
/* intravisor.md 10: ret_from_monitor is optional; without it the return pair is untagged */
TEST(deploy_without_ret_from_monitor)
{
	static uint8_t f[TI_SIZE], s[TI_SIZE];
	ti_build(f);
	ti_build(s);
	second_no_ret(f, s);
	setup(f, s);
	struct deployed d;
	deploy(&d, 0);
	t_case("deploys");
	T_EQ(d.rc, 0);
	if (d.rc == 0) {
		const struct cvm *v = &d.mon.cvms[1];
		t_case("no landing, untagged return pair, a line that says so");
		T_TRUE(!v->has_ret && d.mon.cvms[0].has_ret);
		T_TRUE(!v->ca[CVM_CA_SEALED_RET].tag && d.mon.cvms[0].ca[CVM_CA_SEALED_RET].tag);
		T_TRUE(strstr(d.log, "encl_map.ret = 0x0\nno ret_from_monitor: the return pair is untagged, a hostcall "
				     "ends the cVM with a fault\nwe have __cap_relocs") != NULL);
	}
	undeploy(&d);
	teardown();
}

TEST(deploy_heap_symbols)
{
	enum { EXTRA = 0x200, HEAP_BEGIN = 0x1080, HEAP_SIZE = 0x1090 };
	static uint8_t f[TI_SIZE + EXTRA];
	ti_build(f);
	static const char names[] = "\0outer_c\0ret_from_monitor\0syscall_handler\0cvm_heap_begin\0cvm_heap_size\0";
	const size_t symtab = TI_SIZE, strtab = TI_SIZE + 6 * 24;
	memcpy(f + symtab, f + TI_SYMTAB, 4 * 24);               /* null, outer_c, ret, handler */
	memcpy(f + symtab + 4 * 24, f + TI_SYMTAB + 24, 24);     /* copies of outer_c's entry ... */
	memcpy(f + symtab + 5 * 24, f + TI_SYMTAB + 24, 24);
	ti_w32(f, symtab + 4 * 24, 42);                          /* ... renamed and moved */
	ti_w64(f, symtab + 4 * 24 + 8, HEAP_BEGIN);
	ti_w32(f, symtab + 5 * 24, 57);
	ti_w64(f, symtab + 5 * 24 + 8, HEAP_SIZE);
	ti_w64(f, symtab + 5 * 24 + 16, 8);
	memcpy(f + strtab, names, sizeof names);
	ti_w64(f, ti_sh(TI_SH_SYMTAB) + 24, symtab);
	ti_w64(f, ti_sh(TI_SH_SYMTAB) + 32, 6 * 24);
	ti_w64(f, ti_sh(TI_SH_STRTAB) + 24, strtab);
	ti_w64(f, ti_sh(TI_SH_STRTAB) + 32, sizeof names);
	static uint8_t s[TI_SIZE];
	ti_build(s);
	setup(s, s);
	t_case("write image");
	T_EQ(ti_write_file(ddir, "libfirst.so", f, sizeof f), 0);
	struct deployed d;
	deploy(&d, 0);
	t_case("deploy with heap symbols");
	if (!T_EQ(d.rc, 0)) {
		printf("  %s\n", d.msg);
		undeploy(&d);
		teardown();
		return;
	}
	T_TRUE(strstr(d.log, "Convrting free memory into cVM Heap: 400002000 -- 43e000000 +3dffe000 ( 991.992188 MB)\n"
			     "cVM has cvm_heap_begin (0x1080) and cvm_heap_size (0x1090)\n") != NULL);
	T_TRUE(strstr(d.log, "[17] Deploy 'second'") && strstr(d.log, "cVM doesn't use heap or has a built-in one\n"));
	t_case("heap capability stored at cvm_heap_begin, inside the heap, its length at cvm_heap_size");
	uint64_t lo = 0, hi = 0, size = 0;
	bool tag = false;
	T_EQ(mem_load_cap(d.mon.mem, 0x400000000ULL + HEAP_BEGIN, &lo, &hi, &tag), MEM_OK);
	struct cap c = cap_from_mem(hi, lo, tag);
	T_TRUE(c.tag && !cap_is_sealed(&c));
	T_EQ(cap_perms(&c), 0x817d);
	T_TRUE(c.base >= 0x400002000ULL && c.top <= 0x43e000000ULL);
	if (!T_TRUE(cap_get_len(&c) >= 0x3dffe000ULL - 0x200000)) /* all but the alignment slack (1 MiB granules at this size) */
		printf("  heap cap base 0x%llx len 0x%llx\n", (unsigned long long)c.base, (unsigned long long)cap_get_len(&c));
	T_EQ(mem_load64(d.mon.mem, 0x400000000ULL + HEAP_SIZE, &size), MEM_OK);
	T_EQ(size, cap_get_len(&c));
	undeploy(&d);
	teardown();
}

/* Phase 2 failure: an address space that ends before the second slot makes its mem_map fail;
 * the first cVM, already mapped and loaded, must be unmapped again. */
TEST(deploy_rollback)
{
	static uint8_t b[TI_SIZE];
	ti_build(b);
	setup(b, b);
	char path[128], text[1024];
	snprintf(path, sizeof path, "%s/t.yaml", ddir);
	snprintf(text, sizeof text, two_yaml, 0);
	struct config cfg;
	struct error err;
	struct monitor mon;
	char *log = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&log, &len);
	struct monitor_options opt = { .out = out };
	t_case("init");
	if (T_EQ(config_parse_string(path, text, strlen(text), &cfg, &err), 0) && T_EQ(config_validate(&cfg, &err), 0) &&
	    T_EQ(monitor_init(&mon, &cfg, &opt, &err), 0)) {
		mem_free(mon.mem);
		mon.mem = mem_new(17 * CVM_MAX_SIZE); /* slot 17 is outside */
		t_case("second cVM cannot be mapped: error, first rolled back");
		T_EQ(monitor_deploy_all(&mon, &err), -1);
		T_EQ(err.code, E_MEM);
		T_TRUE(!mem_is_mapped(mon.mem, 0x400000000ULL, 0x1000));
		T_TRUE(!mem_is_mapped(mon.mem, 0x43e000000ULL, 0x1000));
		T_TRUE(!mem_is_mapped(mon.mem, 0x43fff0000ULL, 0x1000));
		monitor_free(&mon);
	}
	config_free(&cfg);
	fclose(out);
	free(log);
	teardown();
}
