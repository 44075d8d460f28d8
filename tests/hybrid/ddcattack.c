/* ddcattack.c - a hybrid cVM against its own stack region (the capability store with the
 * switcher's sealed pairs, the TP areas): its DDC and PCC end below it (intravisor.md 9,
 * docs/config.md "Hybrid cVMs"). System calls with pointers there give -EFAULT, widening DDC
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

static long sc(long nr, long a0_, long a1_, long a2_)
{
	register long a0 asm("a0") = a0_, a1 asm("a1") = a1_, a2 asm("a2") = a2_, a7 asm("a7") = nr;
	asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

int main(int argc, char **argv)
{
	printf("write from the call pair: %ld\n", sc(SYS_write, 1, CAP_STORE + CS_HC_PCC, 16));
	printf("read into the capability store: %ld\n", sc(SYS_read, 0, CAP_STORE, 16));
	printf("write from a TP area: %ld\n", sc(SYS_write, 1, REGION + 0x80000 + 0x1000, 16));
	printf("write straddling into the region: %ld\n", sc(SYS_write, 1, REGION - 8, 16));
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
