/* iovspy.c - drives the handler cVM tests/hybrid/iovspy.S through writev's fd and a3: what a
 * handler cVM sees of a writev's iovecs (a read-only array of capabilities, each bounded to its
 * buffer), and what the monitor does with arrays the handler forged (intravisor.md 9). With
 * argv[1] = "store": the handler stores through the array's capability (it must fault). */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static long writev4(long fd, const struct iovec *v, long n, long a3_)
{
	register long a0 asm("a0") = fd, a1 asm("a1") = (long)v, a2 asm("a2") = n, a3 asm("a3") = a3_,
		a7 asm("a7") = SYS_writev;
	asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
	return a0;
}

static char s1[] = "abc";
static char s2[] = "Xdefgh";

int main(int argc, char **argv)
{
	struct iovec v[3] = { { s1, 3 }, { s2 + 1, 5 }, { s1, 0 } };
	if (argc > 1 && !strcmp(argv[1], "store")) {
		long r = writev4(119, v, 3, 0);
		printf("store through the array: %ld\n", r);   /* not reached */
		return 0;
	}
	printf("array perms %#lx length %ld\n", writev4(100, v, 3, 0), writev4(101, v, 3, 0));
	for (long i = 0; i < 3; i++)
		printf("entry %ld: tag %ld length %ld perms %#lx base ok %d len word %ld\n", i, writev4(102, v, 3, i),
		       writev4(103, v, 3, i), writev4(104, v, 3, i),
		       writev4(105, v, 3, i) == (long)v[i].iov_base, writev4(106, v, 3, i));
	static const char *what[] = { "as given", "without LoadCap", "copied", "length + 1", "moved past its end",
				      "widened", "entry 1 = entry 0", "array moved before", "array widened" };
	for (long k = 0; k < 9; k++) {
		fflush(stdout);
		long r = writev4(110 + k, v, 2, 0);
		printf(" <- %s: %ld\n", what[k], r);
	}
	return 0;
}
