/* rspish.c - an attack program for `intravisor run --gdb` (tests/gdb/run.sh, case run-attack):
 * it writes bytes shaped like RSP packets and like the stub's own console lines, makes a system
 * call numbered 2^64-1 (-ENOSYS) and exits with 7. The debugger must see the bytes nowhere (they
 * are the program's stdout), stop only at the calls it asked for, and print the number as a
 * number. */
#include <unistd.h>

static long raw_syscall(long nr)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = 0;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
	return a0;
}

int main(void)
{
	static const char forged[] = "$T05thread:1;swbreak:;#00+$W00#b7\n"
				     "intravisor: system call 64 entry: cVM 'forged' thread 9\n"
				     "$O696e7472617669736f723a#00\n";
	if (write(1, forged, sizeof forged - 1) != (long)(sizeof forged - 1))
		return 1;
	return raw_syscall(-1) == -38 ? 7 : 2;   /* -ENOSYS */
}
