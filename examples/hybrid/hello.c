/* hello.c - a plain C program for a hybrid cVM (intravisor.md 9): built with Debian's
 * riscv64-linux-gnu-gcc -static, no CHERI compiler. stdio, a file in a read-only mount (YAML
 * mounts: examples/hybrid/data at /data), malloc and a loop. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	printf("hello from a hybrid cVM: argc=%d argv[0]=%s\n", argc, argv[0]);
	for (int i = 1; i < argc; i++)
		printf("  argv[%d]=%s\n", i, argv[i]);
	const char *greeting = getenv("GREETING");
	printf("GREETING=%s\n", greeting ? greeting : "(unset)");
	/* a file in the mount: read it, then try to create one (the mount is read-only) */
	FILE *f = fopen("/data/motd.txt", "r");
	if (f) {
		char line[160];
		int n = 0;
		while (fgets(line, sizeof line, f))
			printf("motd %d: %s", ++n, line);
		fclose(f);
	} else {
		printf("/data/motd.txt: %s\n", strerror(errno));
	}
	FILE *w = fopen("/data/new.txt", "w");
	printf("create /data/new.txt: %s\n", w ? "created" : strerror(errno));
	if (w)
		fclose(w);
	/* malloc: small (brk) and large (mmap) blocks */
	unsigned long sum = 0;
	for (int round = 0; round < 4; round++) {
		size_t n = round == 3 ? (1u << 20) : 1000u * (unsigned)(round + 1);
		unsigned char *p = malloc(n);
		if (!p) {
			printf("malloc(%zu) failed\n", n);
			return 1;
		}
		memset(p, round + 1, n);
		for (size_t k = 0; k < n; k += 97)
			sum += p[k];
		free(p);
	}
	printf("sum=%lu\n", sum);
	unsigned long long fib[64] = { 0, 1 };
	for (int i = 2; i < 64; i++)
		fib[i] = fib[i - 1] + fib[i - 2];
	printf("fib(63)=%llu\n", fib[63]);
	fflush(stdout);
	fprintf(stderr, "to stderr\n");
	return 7;
}
