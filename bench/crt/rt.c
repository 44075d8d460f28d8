/* rt.c - output helpers for the benchmark kernels. Normally the kernels link against libc
 * (static glibc for RV64, the host libc natively). With -DBENCH_NOSTDLIB (RV64 only, with
 * rv_start.S) this file also provides the write/exit system calls and the
 * memcpy/memset/memmove/memcmp that gcc -O2 may call. */
#include "bench.h"

#ifdef BENCH_NOSTDLIB
static long syscall3(long n, long a, long b, long c)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a7 __asm__("a7") = n;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

long bench_write(int fd, const void *buf, size_t n)
{
	return syscall3(64, fd, (long)buf, (long)n);
}

void bench_exit(int code)
{
	syscall3(93, code, 0, 0);
	for (;;)
		;
}

/* keep gcc from turning these loops back into calls to themselves */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	while (n--)
		*dp++ = *sp++;
	return d;
}

NO_LIBCALL void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	if (dp < sp) {
		while (n--)
			*dp++ = *sp++;
	} else {
		while (n--)
			dp[n] = sp[n];
	}
	return d;
}

NO_LIBCALL void *memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;
	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

NO_LIBCALL int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
#else
#include <unistd.h>
long bench_write(int fd, const void *buf, size_t n)
{
	return write(fd, buf, n);
}
#endif

void out_str(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	bench_write(1, s, n);
}

void out_hex(uint64_t v)
{
	char b[19];
	b[0] = '0';
	b[1] = 'x';
	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
	b[18] = 0;
	out_str(b);
}

void bench_result(const char *name, uint64_t checksum)
{
	out_str(name);
	out_str(" checksum=");
	out_hex(checksum);
	out_str("\n");
}
