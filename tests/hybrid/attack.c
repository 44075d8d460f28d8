/* attack.c - a hybrid cVM that attacks its own confinement (intravisor.md 9, issue 10):
 * system calls with pointers out of the slot, straddling its end, of huge length (each must
 * give -EFAULT with the monitor alive), then, as chosen by argv[1], one integer access that
 * must fault: "end" (offset = slot size), "neg" (offset -8: wraps below DDC.base), "other"
 * (another cVM's slot: the absolute address of the next slot, an offset past this one).
 * "iov": readv/writev/preadv/pwritev with bad iovecs (outside the slot, straddling its end,
 * huge length, a negative pointer, the array itself outside, too many): -EFAULT / -EINVAL,
 * nothing moved; and a readv into two buffers with a gap between them: the gap is untouched;
 * overlapping buffers (allowed, as on Linux); a good buffer followed by one in the next slot. */
#include <sys/uio.h>
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

static long raw6(long nr, long a0_, long a1_, long a2_, long a3_)
{
	register long a0 asm("a0") = a0_, a1 asm("a1") = a1_, a2 asm("a2") = a2_, a3 asm("a3") = a3_, a7 asm("a7") = nr;
	asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
	return a0;
}

static int iov_attacks(void)
{
	static char ok[8] = "okokokok";
	static const struct { const char *what; uintptr_t p; long n; } bad[] = {
		{ "out of the slot", SLOT + 0x1000, 4 },
		{ "straddling the end", SLOT - 2, 4 },
		{ "huge length", 0x10000, 0x7fffffffffffffffL },
		{ "negative pointer", (uintptr_t)-64, 8 },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct iovec v[2] = { { ok, 2 }, { (void *)bad[i].p, (size_t)bad[i].n } };
		printf("writev %s: %ld\n", bad[i].what, raw6(SYS_writev, 1, (long)v, 2, 0));
		printf("readv %s: %ld\n", bad[i].what, raw6(SYS_readv, 0, (long)v, 2, 0));
		printf("pwritev %s: %ld\n", bad[i].what, raw6(SYS_pwritev, 1, (long)v, 2, 0));
		printf("preadv %s: %ld\n", bad[i].what, raw6(SYS_preadv, 0, (long)v, 2, 0));
	}
	printf("writev array outside the slot: %ld\n", raw6(SYS_writev, 1, (long)(SLOT + 64), 1, 0));
	printf("writev array straddling the end: %ld\n", raw6(SYS_writev, 1, (long)(SLOT - 8), 1, 0));
	struct iovec many[2] = { { ok, 1 }, { ok, 1 } };
	printf("writev 1025 entries: %ld\n", raw6(SYS_writev, 1, (long)many, 1025, 0));
	/* a gap between two buffers: readv fills the two, never the gap (stdin: "ABCDEFGH") */
	static char buf[16];
	memset(buf, '.', sizeof buf);
	struct iovec g[2] = { { buf, 3 }, { buf + 8, 5 } };
	long r = raw6(SYS_readv, 0, (long)g, 2, 0);
	printf("readv with a gap: %ld [%.16s]\n", r, buf);
	/* overlapping buffers, as Linux allows them: writev sends both, readv fills them in order
	 * (stdin: "IJKLMNOP" next) */
	fflush(stdout);
	struct iovec o[2] = { { ok + 1, 4 }, { ok + 2, 4 } };
	r = raw6(SYS_writev, 1, (long)o, 2, 0);
	printf(" <- writev overlapping: %ld\n", r);
	memset(buf, '.', sizeof buf);
	struct iovec oi[2] = { { buf, 4 }, { buf + 2, 4 } };
	r = raw6(SYS_readv, 0, (long)oi, 2, 0);
	printf("readv overlapping: %ld [%.8s]\n", r, buf);
	/* one good buffer, then one in the next slot: nothing moves */
	struct iovec s[2] = { { ok, 8 }, { (void *)(SLOT + 16), 4 } };
	printf("writev good then next slot: %ld\n", raw6(SYS_writev, 1, (long)s, 2, 0));
	fflush(stdout);
	return 0;
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
	if (!strcmp(mode, "iov"))
		return iov_attacks();
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
