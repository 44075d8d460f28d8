/* linux_start.c - the initial stack of a Linux process, as the kernel lays it out (the
 * riscv64 ELF psABI process entry, intravisor.md 9 "Start"). From the top down: the strings
 * (AT_EXECFN's first), AT_RANDOM's 16 bytes, then, 16-aligned, at sp: argc, argv[argc] and
 * NULL, envp[] and NULL, the auxv pairs ending in AT_NULL. Every pointer is an offset in the
 * slot (the cVM's integer view). */
#include <string.h>

#include "linux/linux.h"

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8,
       AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_HWCAP = 16, AT_CLKTCK = 17,
       AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31 };

/* RV64IMAFDC: one bit per extension letter (bit = letter - 'a') */
#define HWCAP_IMAFDC ((1u << ('i' - 'a')) | (1u << ('m' - 'a')) | (1u << ('a' - 'a')) | (1u << ('f' - 'a')) | \
		      (1u << ('d' - 'a')) | (1u << ('c' - 'a')))

#define NAUX 17
#define MAX_WORDS (1 + 2 * 64 + 2 + 2 * NAUX)

int linux_write_start(struct mem *m, uint64_t base, uint64_t stack_lo, uint64_t stack_hi, const struct linux_start *s,
		      uint64_t *sp)
{
	if (s->argc < 1 || s->argc > 32 || s->envc > 32)
		return -1;
	uint64_t p = stack_hi;
	uint64_t argv[33], envp[33];
	/* strings, from the top: envp last-to-first, then argv, so argv[0] (AT_EXECFN) is lowest */
	for (unsigned i = s->envc; i-- > 0;) {
		size_t n = strlen(s->envp[i]) + 1;
		if (p - stack_lo < n + 4096)
			return -1;
		p -= n;
		if (mem_write(m, base + p, s->envp[i], n) != MEM_OK)
			return -1;
		envp[i] = p;
	}
	for (unsigned i = s->argc; i-- > 0;) {
		size_t n = strlen(s->argv[i]) + 1;
		if (p - stack_lo < n + 4096)
			return -1;
		p -= n;
		if (mem_write(m, base + p, s->argv[i], n) != MEM_OK)
			return -1;
		argv[i] = p;
	}
	p = (p - 16) & ~15ULL;
	uint64_t random = p;
	if (mem_write(m, base + random, s->random16, 16) != MEM_OK)
		return -1;
	const uint64_t aux[NAUX][2] = {
		{ AT_HWCAP, HWCAP_IMAFDC }, { AT_PAGESZ, 4096 }, { AT_CLKTCK, 100 }, { AT_PHDR, s->phdr },
		{ AT_PHENT, s->phent }, { AT_PHNUM, s->phnum }, { AT_BASE, 0 }, { AT_FLAGS, 0 },
		{ AT_ENTRY, s->entry }, { AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
		{ AT_SECURE, 0 }, { AT_RANDOM, random }, { AT_EXECFN, argv[0] }, { AT_NULL, 0 },
	};
	uint64_t w[MAX_WORDS];
	unsigned n = 0;
	w[n++] = s->argc;
	for (unsigned i = 0; i < s->argc; i++)
		w[n++] = argv[i];
	w[n++] = 0;
	for (unsigned i = 0; i < s->envc; i++)
		w[n++] = envp[i];
	w[n++] = 0;
	for (unsigned i = 0; i < NAUX; i++) {
		w[n++] = aux[i][0];
		w[n++] = aux[i][1];
	}
	p = (p - 8 * (uint64_t)n) & ~15ULL;   /* sp 16-byte aligned at argc */
	if (p < stack_lo + 4096 || mem_write(m, base + p, w, 8 * (uint64_t)n) != MEM_OK)
		return -1;
	*sp = p;
	return 0;
}
