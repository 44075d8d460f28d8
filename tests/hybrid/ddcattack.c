/* ddcattack.c - a hybrid cVM against its own stack region (the capability store with the
 * switcher's sealed pairs, the TP areas): its DDC and PCC end below it (intravisor.md 9,
 * docs/config.md "Hybrid cVMs"). System calls with pointers there give -EFAULT, munmap,
 * mprotect, mmap MAP_FIXED and brk there fail (nothing there is the program's), widening DDC
 * gives an untagged capability; then, by argv[1], one access that must fault:
 *   load (an integer load), clc (DDC-relative capability load), pcc (a capability load through
 *   PCC), csc (a capability store over the call pair), cinvoke (CInvoke of our PCC and DDC). */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SLOT      0x40000000L      /* a 1 GiB slot */
#define REGION    0x3e000000L      /* its stack region: the top 32 MiB */
#define CAP_STORE (REGION + 0x1000)
#define CS_HC_PCC 48

long atk_clc(long off);
long atk_pcc_clc(long off);
long atk_csc(long off);
long atk_cinvoke(void);
long atk_widen(long len);

#include "raw_syscall.h"

int main(int argc, char **argv)
{
	printf("write from the call pair: %ld\n", sc(SYS_write, 1, CAP_STORE + CS_HC_PCC, 16, 0));
	printf("read into the capability store: %ld\n", sc(SYS_read, 0, CAP_STORE, 16, 0));
	printf("write from a TP area: %ld\n", sc(SYS_write, 1, REGION + 0x80000 + 0x1000, 16, 0));
	printf("write straddling into the region: %ld\n", sc(SYS_write, 1, REGION - 8, 16, 0));
	printf("munmap the capability store: %ld\n", sc(SYS_munmap, CAP_STORE, 4096, 0, 0));
	printf("mprotect the capability store: %ld\n", sc(SYS_mprotect, CAP_STORE, 4096, 3, 0));
	long fixed[6] = { CAP_STORE, 4096, 3, 0x32, -1, 0 };   /* MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS */
	register long m0 asm("a0") = fixed[0], m1 asm("a1") = fixed[1], m2 asm("a2") = fixed[2],
		m3 asm("a3") = fixed[3], m4 asm("a4") = fixed[4], m5 asm("a5") = fixed[5], m7 asm("a7") = SYS_mmap;
	asm volatile("ecall" : "+r"(m0) : "r"(m1), "r"(m2), "r"(m3), "r"(m4), "r"(m5), "r"(m7) : "memory");
	printf("mmap MAP_FIXED over the capability store: %ld\n", m0);
	long cur = sc(SYS_brk, 0, 0, 0, 0);
	printf("brk into the region: %s\n", sc(SYS_brk, CAP_STORE, 0, 0, 0) == cur ? "unchanged" : "moved");
	printf("DDC widened to the slot: tag %ld\n", atk_widen(SLOT));
	printf("DDC as it is: tag %ld\n", atk_widen(REGION));
	fflush(stdout);
	const char *m = argc > 1 ? argv[1] : "";
	long r = -1;
	if (!strcmp(m, "load"))
		r = *(volatile long *)(CAP_STORE + CS_HC_PCC);
	else if (!strcmp(m, "clc"))
		r = atk_clc(CAP_STORE + CS_HC_PCC);
	else if (!strcmp(m, "pcc"))
		r = atk_pcc_clc(CAP_STORE + CS_HC_PCC);
	else if (!strcmp(m, "csc"))
		r = atk_csc(CAP_STORE + CS_HC_PCC);
	else if (!strcmp(m, "cinvoke"))
		r = atk_cinvoke();
	else
		return 0;
	printf("%s: not stopped (%ld)\n", m, r);
	return 1;
}
