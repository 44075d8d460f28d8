/* getppid_bench.c - the null system call round trip: N getppid calls, ns per call measured
 * inside the program (built natively and for riscv64; bench/hybrid_bench.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	long s = 0;
	for (long i = 0; i < n; i++)
		s += syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (double)n;
	printf("%.1f\n", ns + (double)(s & 0) * 0.0);
	return 0;
}
