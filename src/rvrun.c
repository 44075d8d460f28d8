/* rvrun - run a static RV64 Linux ELF executable on one emulated hart (integer mode, PCC over
 * the program, DDC over the address space), serving the few Linux syscalls a static glibc
 * program needs. A test and benchmark tool; the monitor is src/main.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "hart/hart.h"

#define SPACE_SIZE   (1ULL << 40)
#define STACK_TOP    0x7ff00000ULL
#define STACK_SIZE   (8ULL << 20)
#define MMAP_BASE    0x1000000000ULL
#define PAGE         4096ULL
#define EXIT_BUDGET  124
#define EXIT_LOAD    127

struct elf64_ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct proc {
	struct mem *m;
	struct hart *h;
	uint64_t lo, hi;          /* program image span */
	uint64_t entry, phdr;
	uint16_t phnum;
	uint64_t brk_start, brk;
	uint64_t mmap_next;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rvrun [--legacy] [--no-jit] [--budget N] [--trace] [--stats] PROG.elf [ARGS...]\n"
		"Run a static RV64GC(+Xcheri) Linux ELF executable on one emulated hart.\n"
		"  --legacy    pre-v9 trapping capability semantics\n"
		"  --no-jit    interpret only (no translation of hot blocks to host code)\n"
		"  --budget N  stop after N instructions\n"
		"  --trace     print one line per retired instruction to stderr\n"
		"  --stats     print instret, MIPS and translated blocks to stderr\n"
		"exit status: the guest's exit code; 128+cause on an unhandled trap (e.g. 130 illegal\n"
		"instruction, 131 ebreak, 133 load access fault, 135 store access fault, 156 CHERI\n"
		"exception), with the trap record and registers on stderr; %d when the budget ran out;\n"
		"%d when the program cannot be loaded.\n", EXIT_BUDGET, EXIT_LOAD);
}

static int map_range(struct mem *m, uint64_t lo, uint64_t hi)
{
	for (uint64_t p = lo & ~(PAGE - 1); p < hi; p += PAGE)
		if (!mem_is_mapped(m, p, PAGE) && mem_map(m, p, PAGE) != MEM_OK)
			return -1;
	return 0;
}

static int load_elf(struct proc *p, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "rvrun: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *img = size > 0 ? malloc((size_t)size) : NULL;
	if (!img || fread(img, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "rvrun: %s: cannot read\n", path);
		fclose(f);
		free(img);
		return -1;
	}
	fclose(f);
	struct elf64_ehdr eh;
	int rc = -1;
	if ((size_t)size < sizeof eh)
		goto bad;
	memcpy(&eh, img, sizeof eh);
	if (memcmp(eh.ident, "\177ELF", 4) || eh.ident[4] != 2 || eh.ident[5] != 1 || eh.machine != 243 || eh.type != 2 ||
	    eh.phentsize != sizeof(struct elf64_phdr) || eh.phoff + (uint64_t)eh.phnum * sizeof(struct elf64_phdr) > (uint64_t)size)
		goto bad;
	p->lo = UINT64_MAX;
	p->hi = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < eh.phnum; i++) {
			struct elf64_phdr ph;
			memcpy(&ph, img + eh.phoff + i * sizeof ph, sizeof ph);
			if (ph.type != 1 /* PT_LOAD */)
				continue;
			if (ph.filesz > ph.memsz || ph.offset + ph.filesz > (uint64_t)size || ph.vaddr + ph.memsz > STACK_TOP - STACK_SIZE)
				goto bad;
			if (pass == 0) {
				if (map_range(p->m, ph.vaddr, ph.vaddr + ph.memsz))
					goto bad;
				if (ph.vaddr < p->lo)
					p->lo = ph.vaddr;
				if (ph.vaddr + ph.memsz > p->hi)
					p->hi = ph.vaddr + ph.memsz;
				if (eh.phoff >= ph.offset && eh.phoff < ph.offset + ph.filesz)
					p->phdr = ph.vaddr + (eh.phoff - ph.offset);
			} else if (mem_write(p->m, ph.vaddr, img + ph.offset, ph.filesz) != MEM_OK) {
				goto bad;
			}
		}
	}
	if (p->hi == 0)
		goto bad;
	p->entry = eh.entry;
	p->phnum = eh.phnum;
	p->brk_start = p->brk = (p->hi + PAGE - 1) & ~(PAGE - 1);
	rc = 0;
	free(img);
	return rc;
bad:
	fprintf(stderr, "rvrun: %s: not a loadable static RV64 ELF executable\n", path);
	free(img);
	return rc;
}

/* Linux initial stack: argc, argv[], NULL, envp[] (empty), NULL, auxv */
static uint64_t build_stack(struct proc *p, int argc, char **argv)
{
	uint64_t sp = STACK_TOP;
	uint64_t strs[64];
	int n = argc < 64 ? argc : 64;
	for (int i = n - 1; i >= 0; i--) {
		size_t l = strlen(argv[i]) + 1;
		sp -= l;
		if (mem_write(p->m, sp, argv[i], l) != MEM_OK)
			return 0;
		strs[i] = sp;
	}
	unsigned char rnd[16];
	for (int i = 0; i < 16; i++)
		rnd[i] = (unsigned char)(i * 37 + 11);
	sp = (sp - 16) & ~15ULL;
	uint64_t random_at = sp;
	if (mem_write(p->m, sp, rnd, 16) != MEM_OK)
		return 0;
	uint64_t aux[][2] = {
		{ 3, p->phdr }, { 4, sizeof(struct elf64_phdr) }, { 5, p->phnum }, { 6, PAGE }, { 9, p->entry },
		{ 11, 0 }, { 12, 0 }, { 13, 0 }, { 14, 0 }, { 16, 0x112d }, { 17, 100 }, { 23, 0 }, { 25, random_at },
		{ 31, strs[0] }, { 0, 0 },
	};
	size_t words = 1 + (size_t)n + 1 + 1 + 2 * (sizeof aux / sizeof aux[0]);
	sp = (sp - words * 8) & ~15ULL;
	uint64_t w = sp, v = (uint64_t)n;
	int ok = mem_write(p->m, w, &v, 8) == MEM_OK;
	w += 8;
	for (int i = 0; i < n; i++, w += 8)
		ok &= mem_write(p->m, w, &strs[i], 8) == MEM_OK;
	v = 0;
	ok &= mem_write(p->m, w, &v, 8) == MEM_OK;
	w += 8;
	ok &= mem_write(p->m, w, &v, 8) == MEM_OK;
	w += 8;
	ok &= mem_write(p->m, w, aux, sizeof aux) == MEM_OK;
	return ok ? sp : 0;
}

/* ---- syscalls (riscv64 / asm-generic numbers) ---- */
static int64_t sys_write(struct proc *p, uint64_t fd, uint64_t buf, uint64_t len)
{
	if (fd != 1 && fd != 2)
		return -EBADF;
	if (len > (1u << 24))
		len = 1u << 24;
	char *tmp = malloc(len ? len : 1);
	if (!tmp)
		return -ENOMEM;
	int64_t r = -EFAULT;
	if (mem_read(p->m, buf, tmp, len) == MEM_OK) {
		fflush(fd == 1 ? stdout : stderr);
		r = write((int)fd, tmp, len);
		if (r < 0)
			r = -errno;
	}
	free(tmp);
	return r;
}

static int64_t sys_mmap(struct proc *p, uint64_t addr, uint64_t len, uint64_t flags)
{
	if (!(flags & 0x20 /* MAP_ANONYMOUS */))
		return -ENODEV;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	if (len == 0 || len > (1ULL << 36))
		return -EINVAL;
	if (!(flags & 0x10 /* MAP_FIXED */) || addr & (PAGE - 1)) {
		addr = p->mmap_next;
		p->mmap_next += len + PAGE;
	}
	if (addr + len > SPACE_SIZE || mem_map(p->m, addr, len) != MEM_OK)
		return -ENOMEM;
	return (int64_t)addr;
}

static int64_t syscall_serve(struct proc *p, bool *exited, int *code)
{
	struct hart *h = p->h;
	uint64_t n = hart_get_x(h, 17), a0 = hart_get_x(h, 10), a1 = hart_get_x(h, 11), a2 = hart_get_x(h, 12);
	uint64_t a3 = hart_get_x(h, 13);
	switch (n) {
	case 93: case 94:  /* exit, exit_group */
		*exited = true;
		*code = (int)(a0 & 0xff);
		return 0;
	case 64: return sys_write(p, a0, a1, a2);
	case 66: {  /* writev */
		int64_t total = 0;
		for (uint64_t i = 0; i < a2 && i < 1024; i++) {
			uint64_t iov[2];
			if (mem_read(p->m, a1 + 16 * i, iov, 16) != MEM_OK)
				return -EFAULT;
			int64_t r = sys_write(p, a0, iov[0], iov[1]);
			if (r < 0)
				return r;
			total += r;
		}
		return total;
	}
	case 63: {  /* read */
		if (a0 != 0)
			return -EBADF;
		char buf[4096];
		ssize_t r = read(0, buf, a2 < sizeof buf ? a2 : sizeof buf);
		if (r < 0)
			return -errno;
		return mem_write(p->m, a1, buf, (uint64_t)r) == MEM_OK ? r : -EFAULT;
	}
	case 214: {  /* brk */
		if (a0 <= p->brk_start || a0 >= p->brk_start + (1ULL << 34))
			return (int64_t)p->brk;
		if (a0 > p->brk && map_range(p->m, p->brk, (a0 + PAGE - 1) & ~(PAGE - 1)))
			return (int64_t)p->brk;
		if (a0 > p->brk)
			p->brk = (a0 + PAGE - 1) & ~(PAGE - 1);
		return (int64_t)a0;
	}
	case 222: return sys_mmap(p, a0, a1, a3);
	case 215: case 226: case 233: return 0;          /* munmap, mprotect, madvise */
	case 96: case 172: case 178: return 1;           /* set_tid_address, getpid, gettid */
	case 174: case 175: case 176: case 177: return 0; /* get[e]uid, get[e]gid */
	case 99: case 134: case 135: case 57: case 101: case 259: return 0;
	case 78: case 56: return -ENOENT;                /* readlinkat, openat */
	case 29: return -ENOTTY;                         /* ioctl */
	case 62: return -ESPIPE;
	case 129: case 131: *exited = true; *code = 128 + (int)(a1 & 0x7f); return 0;  /* kill, tgkill */
	case 160: {  /* uname */
		char u[6 * 65];
		memset(u, 0, sizeof u);
		strcpy(u, "Linux");
		strcpy(u + 65, "rvrun");
		strcpy(u + 130, "6.1.0");
		strcpy(u + 195, "#1");
		strcpy(u + 260, "riscv64");
		return mem_write(p->m, a0, u, sizeof u) == MEM_OK ? 0 : -EFAULT;
	}
	case 261: {  /* prlimit64 */
		uint64_t lim[2] = { 8ULL << 20, UINT64_MAX };
		if (a3 && mem_write(p->m, a3, lim, 16) != MEM_OK)
			return -EFAULT;
		return 0;
	}
	case 278: {  /* getrandom */
		unsigned char buf[256];
		uint64_t len = a1 < sizeof buf ? a1 : sizeof buf;
		for (uint64_t i = 0; i < len; i++)
			buf[i] = (unsigned char)rand();
		return mem_write(p->m, a0, buf, len) == MEM_OK ? (int64_t)len : -EFAULT;
	}
	case 113: {  /* clock_gettime */
		struct timespec ts;
		clock_gettime((clockid_t)a0, &ts);
		int64_t t[2] = { ts.tv_sec, ts.tv_nsec };
		return mem_write(p->m, a1, t, 16) == MEM_OK ? 0 : -EFAULT;
	}
	case 79: case 80: {  /* newfstatat(dirfd, path, st, flags), fstat(fd, st) */
		uint64_t fd = a0, st = n == 80 ? a1 : a2;
		if (fd > 2)
			return -EBADF;
		unsigned char s[128];
		memset(s, 0, sizeof s);
		uint32_t mode = 0020620;   /* S_IFCHR | 0620 */
		uint32_t blksize = 1024;
		memcpy(s + 16, &mode, 4);
		memcpy(s + 56, &blksize, 4);
		return mem_write(p->m, st, s, sizeof s) == MEM_OK ? 0 : -EFAULT;
	}
	}
	return -ENOSYS;
}

int main(int argc, char **argv)
{
	bool legacy = false, trace = false, stats = false, no_jit = false;
	uint64_t budget = UINT64_MAX;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--legacy"))
			legacy = true;
		else if (!strcmp(argv[i], "--no-jit"))
			no_jit = true;
		else if (!strcmp(argv[i], "--trace"))
			trace = true;
		else if (!strcmp(argv[i], "--stats"))
			stats = true;
		else if (!strcmp(argv[i], "--budget") && i + 1 < argc)
			budget = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return EXIT_LOAD;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_LOAD;
	}
	struct proc p = { .mmap_next = MMAP_BASE };
	p.m = mem_new(SPACE_SIZE);
	if (!p.m || load_elf(&p, argv[i]) || map_range(p.m, STACK_TOP - STACK_SIZE, STACK_TOP)) {
		fprintf(stderr, "rvrun: cannot set up the address space\n");
		return EXIT_LOAD;
	}
	uint64_t sp = build_stack(&p, argc - i, argv + i);
	struct hart_options opt = { .legacy = legacy, .no_jit = no_jit };
	p.h = hart_new(p.m, &opt);
	if (!sp || !p.h) {
		fprintf(stderr, "rvrun: cannot set up the hart\n");
		return EXIT_LOAD;
	}
	/* PCC over the program image (rounded to a representable region), DDC over everything */
	struct cap root = cap_root();
	uint64_t lo = p.lo & ~(PAGE - 1), len = cap_crrl(p.hi - lo);
	lo &= cap_cram(len);
	len = cap_crrl(p.hi - lo);
	struct cap pcc = cap_build_from_root(&root, lo, len, CAP_PERMS_ALL);
	pcc.addr = p.entry;
	struct cap ddc = cap_build_from_root(&root, 0, SPACE_SIZE, CAP_PERMS_ALL);
	hart_set_pcc(p.h, &pcc);
	hart_set_ddc(p.h, &ddc);
	hart_set_pc(p.h, p.entry);
	hart_set_x(p.h, 2, sp);
	if (trace)
		hart_set_trace(p.h, stderr);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int code = 0;
	for (;;) {
		struct hart_trap t;
		uint64_t left = budget == UINT64_MAX ? UINT64_MAX : budget - hart_instret(p.h);
		enum hart_exit e = hart_run(p.h, left, &t);
		if (e == HART_EXIT_TRAP && t.cause == HART_CAUSE_ECALL_U) {
			bool exited = false;
			int64_t r = syscall_serve(&p, &exited, &code);
			if (exited)
				break;
			hart_set_x(p.h, 10, (uint64_t)r);
			hart_set_pc(p.h, t.pc + 4);
			continue;
		}
		fflush(stdout);
		struct cap pc_now;
		hart_get_pcc(p.h, &pc_now);
		if (e == HART_EXIT_BUDGET) {
			fprintf(stderr, "rvrun: instruction budget exhausted at pc 0x%llx\n",
				(unsigned long long)pc_now.addr);
			code = EXIT_BUDGET;
			break;
		}
		hart_print_trap(stderr, &t, cap_flags(&pc_now));
		hart_print_regs(stderr, p.h);
		code = 128 + (int)(e == HART_EXIT_TRAP ? t.cause : 0);
		break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fflush(stdout);
	if (stats) {
		double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
		fprintf(stderr, "instret %llu  time %.3f s  %.1f MIPS  translated blocks %llu\n",
			(unsigned long long)hart_instret(p.h), s, (double)hart_instret(p.h) / s / 1e6,
			(unsigned long long)hart_jit_blocks(p.h));
	}
	hart_free(p.h);
	mem_free(p.m);
	return code;
}
