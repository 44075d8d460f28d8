/* sys.c - the time, sleep and machine calls of the Linux personality (src/linux/linux_time.c,
 * sigaltstack, mremap), printed for exact comparison by run.sh: through glibc as a program
 * calls them (setrlimit NOFILE bounding descriptors too), and raw (ecall) with bad pointers, which must be -EFAULT (-14) with nothing
 * written outside the slot. argv[1]: "calls" or "sleeper" (sleeps 60 s in one thread while
 * another calls exit_group: the sleep must not hold the cVM), "nap" (60 s, for --timeout),
 * "mainexit" / "mainsysexit" (the main thread ends first, with pthread_exit or exit(4); a
 * thread's exit_group later decides the status: 3, 9). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SLOT 0x40000000UL

#include "raw_syscall.h"

static double secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void sleeps(void)
{
	struct timespec t0, t1, req = { 0, 120000000 }, rem = { 7, 7 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = nanosleep(&req, &rem);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double d = secs(&t0, &t1);
	printf("nanosleep 0.12 s: %d slept>=0.12 %d <1.0 %d rem untouched %d\n", r, d >= 0.12, d < 1.0,
	       rem.tv_sec == 7 && rem.tv_nsec == 7);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = usleep(50000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	d = secs(&t0, &t1);
	printf("usleep 0.05 s: %d slept>=0.05 %d <1.0 %d\n", r, d >= 0.05, d < 1.0);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += 80000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("clock_nanosleep abs monotonic: %d reached %d\n", r, t1.tv_sec > until.tv_sec ||
	       (t1.tv_sec == until.tv_sec && t1.tv_nsec >= until.tv_nsec));
	struct timespec past = { 1, 0 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &past, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("clock_nanosleep abs realtime in the past: %d at once %d\n", r, secs(&t0, &t1) < 0.5);
	struct timespec zero = { 0, 0 };
	printf("nanosleep 0: %d\n", nanosleep(&zero, NULL));
	struct timespec bad = { 0, 1000000000 }, neg = { -1, 0 };
	printf("nanosleep nsec 1e9: %ld\n", sc(SYS_nanosleep, (long)&bad, 0, 0, 0));
	printf("nanosleep negative: %ld\n", sc(SYS_nanosleep, (long)&neg, 0, 0, 0));
	printf("clock_nanosleep cputime: %d\n", clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &zero, NULL));
	printf("clock_nanosleep clock 99: %ld\n", sc(SYS_clock_nanosleep, 99, 0, (long)&zero, 0));
	printf("nanosleep req out of the slot: %ld\n", sc(SYS_nanosleep, (long)(SLOT + 64), 0, 0, 0));
	printf("nanosleep req NULL: %ld\n", sc(SYS_nanosleep, 0, 0, 0, 0));
	printf("nanosleep req straddling the end: %ld\n", sc(SYS_nanosleep, (long)(SLOT - 8), 0, 0, 0));
}

static void clocks(void)
{
	struct timespec res = { 9, 9 };
	printf("clock_getres monotonic: %d %ld.%09ld\n", clock_getres(CLOCK_MONOTONIC, &res), (long)res.tv_sec,
	       res.tv_nsec);
	printf("clock_getres NULL: %ld\n", sc(SYS_clock_getres, 0, 0, 0, 0));
	printf("clock_getres clock 99: %ld\n", sc(SYS_clock_getres, 99, (long)&res, 0, 0));
	printf("clock_getres out of the slot: %ld\n", sc(SYS_clock_getres, 1, (long)(SLOT + 8), 0, 0));
	struct timeval tv = { 0, 0 };
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	long r = sc(SYS_gettimeofday, (long)&tv, 0, 0, 0);
	printf("gettimeofday: %ld close %d usec<1e6 %d\n", r, labs((long)tv.tv_sec - (long)now.tv_sec) <= 1,
	       tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	uint32_t tz[2] = { 5, 5 };
	printf("gettimeofday tz: %ld %u %u\n", sc(SYS_gettimeofday, 0, (long)tz, 0, 0), tz[0], tz[1]);
	printf("gettimeofday out of the slot: %ld\n", sc(SYS_gettimeofday, (long)(SLOT + 16), 0, 0, 0));
}

static void machine(void)
{
	struct sysinfo si;
	memset(&si, 0xa5, sizeof si);
	int r = sysinfo(&si);
	printf("sysinfo: %d totalram %lu unit %u procs %u free<=total %d free>0 %d\n", r, si.totalram, si.mem_unit,
	       si.procs, si.freeram <= si.totalram, si.freeram > 0);
	printf("phys pages: %ld\n", sysconf(_SC_PHYS_PAGES));
	printf("sysinfo out of the slot: %ld\n", sc(SYS_sysinfo, (long)(SLOT + 64), 0, 0, 0));
	printf("sysinfo straddling: %ld\n", sc(SYS_sysinfo, (long)(SLOT - 100), 0, 0, 0));
	struct rlimit rl;
	r = (int)sc(SYS_getrlimit, RLIMIT_NOFILE, (long)&rl, 0, 0);
	printf("getrlimit NOFILE: %d %lu %lu\n", r, (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max);
	r = (int)sc(SYS_getrlimit, RLIMIT_STACK, (long)&rl, 0, 0);
	printf("getrlimit STACK: %d %lu\n", r, (unsigned long)rl.rlim_cur);
	r = (int)sc(SYS_getrlimit, RLIMIT_AS, (long)&rl, 0, 0);
	printf("getrlimit AS infinite: %d %d\n", r, rl.rlim_cur == RLIM_INFINITY);
	printf("getrlimit 99: %ld\n", sc(SYS_getrlimit, 99, (long)&rl, 0, 0));
	printf("getrlimit out of the slot: %ld\n", sc(SYS_getrlimit, RLIMIT_NOFILE, (long)(SLOT + 8), 0, 0));
	cpu_set_t set;
	CPU_ZERO(&set);
	r = sched_getaffinity(0, sizeof set, &set);
	printf("sched_getaffinity: %d count>=1 %d nprocs==count %d\n", r, CPU_COUNT(&set) >= 1,
	       get_nprocs() == CPU_COUNT(&set));
	uint64_t m[2] = { 0, 0x5a5a };
	printf("sched_getaffinity raw 16: %ld (tail untouched %d)\n", sc(SYS_sched_getaffinity, 0, 16, (long)m, 0),
	       m[1] == 0x5a5a);
	printf("sched_getaffinity len 4: %ld\n", sc(SYS_sched_getaffinity, 0, 4, (long)m, 0));
	printf("sched_getaffinity len 12: %ld\n", sc(SYS_sched_getaffinity, 0, 12, (long)m, 0));
	printf("sched_getaffinity pid 77: %ld\n", sc(SYS_sched_getaffinity, 77, 8, (long)m, 0));
	printf("sched_getaffinity out of the slot: %ld\n", sc(SYS_sched_getaffinity, 0, 8, (long)(SLOT + 8), 0));
}

/* setrlimit/prlimit64: RLIMIT_NOFILE bounds new descriptors (open, dup, F_DUPFD, dup3); a raised
 * hard limit is EPERM, soft > hard EINVAL; other limits are kept and read back */
static void limits(void)
{
	struct rlimit rl = { 8, 16 }, old;
	printf("setrlimit NOFILE 8 16: %d\n", setrlimit(RLIMIT_NOFILE, &rl));
	getrlimit(RLIMIT_NOFILE, &old);
	printf("getrlimit NOFILE: %lu %lu\n", (unsigned long)old.rlim_cur, (unsigned long)old.rlim_max);
	int fds[16], n = 0, e = 0;
	while (n < 16) {
		int fd = open("/dev/null", O_RDONLY);   /* outside every mount: ENOENT, not a descriptor */
		if (fd < 0) {
			fd = dup(1);
			if (fd < 0) {
				e = errno;
				break;
			}
		}
		fds[n++] = fd;
	}
	printf("descriptors until %s: %d, last %d\n", strerrorname_np(e), n, n ? fds[n - 1] : -1);
	printf("dup3 to 8: %ld, to 7 taken: %ld\n", sc(SYS_dup3, 1, 8, 0, 0), sc(SYS_dup3, 1, 7, 0, 0));
	printf("F_DUPFD 8: %ld\n", sc(SYS_fcntl, 1, F_DUPFD, 8, 0));
	for (int i = 0; i < n; i++)
		close(fds[i]);
	rl = (struct rlimit){ 4, 32 };
	printf("raise hard to 32: %ld\n", sc(SYS_prlimit64, 0, RLIMIT_NOFILE, (long)&rl, 0));
	rl = (struct rlimit){ 12, 10 };
	printf("soft above hard: %ld\n", sc(SYS_prlimit64, 0, RLIMIT_NOFILE, (long)&rl, 0));
	rl = (struct rlimit){ 16, 16 };
	printf("soft up to hard: %ld, old %lu %lu\n", sc(SYS_prlimit64, 0, RLIMIT_NOFILE, (long)&rl, (long)&old),
	       (unsigned long)old.rlim_cur, (unsigned long)old.rlim_max);
	printf("prlimit new out of the slot: %ld\n", sc(SYS_prlimit64, 0, RLIMIT_NOFILE, (long)(SLOT + 8), 0));
	printf("prlimit new straddling the end: %ld\n", sc(SYS_prlimit64, 0, RLIMIT_NOFILE, (long)(SLOT - 8), 0));
	printf("prlimit old out of the slot: %ld, unchanged %d\n",
	       sc(SYS_prlimit64, 0, RLIMIT_NOFILE, (long)&(struct rlimit){ 2, 2 }, (long)(SLOT - 8)),
	       getrlimit(RLIMIT_NOFILE, &old) == 0 && old.rlim_cur == 16);
	printf("prlimit pid 1: %ld, resource 16: %ld\n", sc(SYS_prlimit64, 1, RLIMIT_NOFILE, 0, (long)&old),
	       sc(SYS_prlimit64, 0, 16, 0, (long)&old));
	rl = (struct rlimit){ 1 << 20, 2 << 20 };
	printf("setrlimit CORE: %d", setrlimit(RLIMIT_CORE, &rl));
	getrlimit(RLIMIT_CORE, &old);
	printf(", read back %lu %lu", (unsigned long)old.rlim_cur, (unsigned long)old.rlim_max);
	rl.rlim_max = RLIM_INFINITY;
	printf(", raised again: %d %s\n", setrlimit(RLIMIT_CORE, &rl), strerrorname_np(errno));
}

static void altstack(void)
{
	stack_t old, ss = { .ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0 };
	memset(&old, 0x5a, sizeof old);
	printf("sigaltstack first old: %d flags %d size %zu\n", sigaltstack(NULL, &old), old.ss_flags, old.ss_size);
	printf("sigaltstack set: %d\n", sigaltstack(&ss, NULL));
	printf("sigaltstack read: %d same %d flags %d\n", sigaltstack(NULL, &old), old.ss_sp == ss.ss_sp &&
	       old.ss_size == 65536, old.ss_flags);
	stack_t small = { .ss_sp = ss.ss_sp, .ss_size = 100 };
	printf("sigaltstack small: %ld\n", sc(SYS_sigaltstack, (long)&small, 0, 0, 0));
	stack_t badf = { .ss_sp = ss.ss_sp, .ss_size = 65536, .ss_flags = 8 };
	printf("sigaltstack bad flags: %ld\n", sc(SYS_sigaltstack, (long)&badf, 0, 0, 0));
	printf("sigaltstack old out of the slot: %ld\n", sc(SYS_sigaltstack, 0, (long)(SLOT + 8), 0, 0));
	stack_t off = { .ss_flags = SS_DISABLE };
	printf("sigaltstack disable: %d\n", sigaltstack(&off, NULL));
	printf("sigaltstack after: %d flags %d size %zu\n", sigaltstack(NULL, &old), old.ss_flags, old.ss_size);
}

static void remap(void)
{
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'x';
	char *q = mremap(p, 3 * 4096, 4096, 0);
	printf("mremap shrink: same %d byte %c\n", q == p, q == MAP_FAILED ? '?' : q[0]);
	q = mremap(p, 4096, 1 << 20, MREMAP_MAYMOVE);
	printf("mremap grow: %s\n", q == MAP_FAILED ? strerror(errno) : "moved");
	printf("mremap unaligned: %ld\n", sc(SYS_mremap, (long)p + 1, 4096, 4096, 0));
	printf("mremap bad flags: %ld\n", sc(SYS_mremap, (long)p, 4096, 4096, 64));
	printf("mremap outside: %ld\n", sc(SYS_mremap, 0x1000, 4096, 4096, 0));
	/* realloc of a large (mmapped) block: glibc tries mremap, then copies */
	char *big = malloc(1 << 20);
	memset(big, 'b', 1 << 20);
	big = realloc(big, 4 << 20);
	printf("realloc large: %s\n", big && big[(1 << 20) - 1] == 'b' ? "ok" : "fail");
	free(big);
	/* lengths: 0 is EINVAL; more than the slot (or the address space) ENOMEM, as Linux */
	void *m0 = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap 0: %s\n", m0 == MAP_FAILED ? strerrorname_np(errno) : "mapped");
	void *m1 = mmap(NULL, 2UL << 30, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap 2 GiB: %s\n", m1 == MAP_FAILED ? strerrorname_np(errno) : "mapped");
	void *m2 = mmap(NULL, -4096UL, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap -4096: %s\n", m2 == MAP_FAILED ? strerrorname_np(errno) : "mapped");
}

static void *exiter(void *arg)
{
	(void)arg;
	usleep(100000);
	printf("exit_group while the other thread sleeps\n");
	fflush(stdout);
	_exit(5);
}

static void *late_exit(void *arg)
{
	usleep(100000);
	exit((int)(long)arg);   /* exit_group, after the main thread has ended */
}

int main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "mainexit") == 0 || strcmp(argv[1], "mainsysexit") == 0)) {
		pthread_t t;
		bool sys = argv[1][4] == 's';
		pthread_create(&t, NULL, late_exit, (void *)(long)(sys ? 9 : 3));
		if (sys)
			syscall(SYS_exit, 4);   /* the main thread alone, with its own status */
		pthread_exit(NULL);
	}
	if (argc > 1 && strcmp(argv[1], "nap") == 0)
		return sleep(60) == 0 ? 1 : 2;
	if (argc > 1 && strcmp(argv[1], "sleeper") == 0) {
		pthread_t t;
		pthread_create(&t, NULL, exiter, NULL);
		sleep(60);
		printf("not reached\n");
		return 1;
	}
	sleeps();
	clocks();
	machine();
	limits();
	altstack();
	remap();
	/* numbers outside the table: -ENOSYS, the program goes on (also through a handler cVM) */
	printf("syscall 999: %ld, rseq: %ld, 36: %ld\n", sc(999, 0, 0, 0, 0), sc(293, 0, 0, 0, 0), sc(36, 0, 0, 0, 0));
	return 0;
}
