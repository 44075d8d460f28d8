/* tattack.c - bad thread requests (intravisor.md 9 "Threads"; issue 10 "Security"): argv[1]
 *   stack  clone with a stack outside the slot: the new thread faults (139), not the monitor
 *   tls    clone with a TLS pointer outside the slot: the same
 *   many   10,000 pthread_create: EAGAIN after the cVM's limit, every created thread joined
 *   futex  futex on addresses outside the slot (another cVM's, negative): EFAULT
 *   fork   fork (clone without CLONE_VM): ENOSYS */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)
#define OUTSIDE 0x40010000UL   /* 64 KiB past the end of a 1 GiB slot: the next cVM's */

/* clone(flags, sp, 0, tls, 0); the child stores at sp - 8 and at tp (both must fault outside) */
static long raw_clone(unsigned long flags, unsigned long sp, unsigned long tls)
{
	register long a0 __asm__("a0") = (long)flags;
	register long a1 __asm__("a1") = (long)sp;
	register long a2 __asm__("a2") = 0;
	register long a3 __asm__("a3") = (long)tls;
	register long a4 __asm__("a4") = 0;
	register long a7 __asm__("a7") = SYS_clone;
	__asm__ volatile("ecall\n"
			 "bnez a0, 1f\n"
			 "sd zero, -8(sp)\n"
			 "sd zero, 0(tp)\n"
			 "2: j 2b\n"
			 "1:\n"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7)
			 : "memory");
	return a0;
}

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;

static void *wait_gate(void *arg)
{
	pthread_mutex_lock(&gate);
	pthread_mutex_unlock(&gate);
	return arg;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (!strcmp(what, "stack") || !strcmp(what, "tls")) {
		static char stack[16384] __attribute__((aligned(16)));
		unsigned long tp;
		__asm__ volatile("mv %0, tp" : "=r"(tp));
		int st = !strcmp(what, "stack");
		puts("cloning");   /* the child's fault may end the cVM before the parent runs on */
		fflush(stdout);
		long r = raw_clone(FLAGS | (st ? 0 : CLONE_SETTLS), st ? OUTSIDE : (unsigned long)(stack + sizeof stack),
				   st ? tp : OUTSIDE);
		if (r <= 0)
			printf("clone failed: %ld\n", r);
		fflush(stdout);
		for (;;)
			sched_yield();   /* until the child's fault ends the cVM */
	}
	if (!strcmp(what, "many")) {
		pthread_attr_t a;
		pthread_attr_init(&a);
		pthread_attr_setstacksize(&a, 65536);
		static pthread_t t[10000];
		int n = 0, err = 0;
		pthread_mutex_lock(&gate);
		for (int i = 0; i < 10000; i++) {
			err = pthread_create(&t[n], &a, wait_gate, NULL);
			if (err)
				break;
			n++;
		}
		printf("created %d, then %s\n", n, err == EAGAIN ? "EAGAIN" : err ? strerror(err) : "no error");
		pthread_mutex_unlock(&gate);
		int joined = 0;
		for (int i = 0; i < n; i++)
			joined += pthread_join(t[i], NULL) == 0;
		printf("joined %d\n", joined);
		/* the slots are free again */
		pthread_t again;
		printf("after the joins: %s\n", pthread_create(&again, &a, wait_gate, NULL) == 0 &&
						pthread_join(again, NULL) == 0 ? "created" : "failed");
		return 0;
	}
	if (!strcmp(what, "futex")) {
		unsigned long addrs[] = { OUTSIDE, 0x3ffffffeUL, (unsigned long)-4096, 0 };
		for (int i = 0; i < 4; i++) {
			long r = syscall(SYS_futex, addrs[i], 0 /* WAIT */, 0, NULL, NULL, 0);
			printf("futex wait %#lx: %ld %s\n", addrs[i], r, r < 0 ? strerror(errno) : "");
			r = syscall(SYS_futex, addrs[i], 1 /* WAKE */, 1, NULL, NULL, 0);
			printf("futex wake %#lx: %ld %s\n", addrs[i], r, r < 0 ? strerror(errno) : "");
		}
		int word = 5;
		long r = syscall(SYS_futex, &word, 0, 4, NULL, NULL, 0);
		printf("futex wait on a changed word: %s\n", r < 0 && errno == EAGAIN ? "EAGAIN" : "wrong");
		return 0;
	}
	if (!strcmp(what, "fork")) {
		pid_t p = fork();
		printf("fork: %d %s\n", p, p < 0 ? strerror(errno) : "");
		return 0;
	}
	return 2;
}
