/* raw_syscall.h - a Linux system call by ecall with up to four arguments, bypassing glibc (so
 * a test can pass pointers glibc would check or fix up): the result as the kernel returns it
 * (-errno on failure). For the hybrid test programs of tests/hybrid. */
#ifndef RAW_SYSCALL_H
#define RAW_SYSCALL_H

static inline long sc(long n, long a, long b, long c, long d)
{
	register long a0 asm("a0") = a, a1 asm("a1") = b, a2 asm("a2") = c, a3 asm("a3") = d, a7 asm("a7") = n;
	asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
	return a0;
}

#endif
