/* attack.c - a hybrid cVM that attacks its own confinement (intravisor.md 9, issue 10):
 * system calls with pointers out of the slot, straddling its end, of huge length (each must
 * give -EFAULT with the monitor alive), then, as chosen by argv[1], one integer access that
 * must fault: "end" (offset = slot size), "neg" (offset -8: wraps below DDC.base), "other"
 * (another cVM's slot: the absolute address of the next slot, an offset past this one). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#define SLOT 0x40000000UL   /* CVM_MAX_SIZE: the cVM sees [0, SLOT) */

static long raw_write(long fd, const void *p, long n)
{
	register long a0 asm("a0") = fd, a1 asm("a1") = (long)p, a2 asm("a2") = n, a7 asm("a7") = SYS_write;
	asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

int main(int argc, char **argv)
{
	static const struct { const char *what; uintptr_t p; long n; } bad[] = {
		{ "out of the slot", SLOT + 0x1000, 4 },
		{ "straddling the end", SLOT - 2, 4 },
		{ "huge length", 0x10000, 0x7fffffffffffffffL },
		{ "negative pointer", (uintptr_t)-64, 8 },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
		printf("write %s: %ld\n", bad[i].what, raw_write(1, (const void *)bad[i].p, bad[i].n));
	fflush(stdout);
	const char *mode = argc > 1 ? argv[1] : "";
	volatile uint64_t *p = 0;
	if (!strcmp(mode, "end"))
		p = (volatile uint64_t *)SLOT;
	else if (!strcmp(mode, "neg"))
		p = (volatile uint64_t *)(uintptr_t)-8;
	else if (!strcmp(mode, "other"))
		p = (volatile uint64_t *)0x400000000UL;   /* an absolute slot base: an offset far past ours */
	else
		return 0;
	printf("read %s: %lu\n", mode, (unsigned long)*p);
	return 0;
}
