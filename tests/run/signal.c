/* signal.c - signals a hybrid cVM sends itself (intravisor.md 9 "Signals"; linux_signal.c).
 * argv[1] picks the case; each prints what it saw, so the expected output is exact:
 *   abort      abort(): status 134
 *   assert     a failed assert(): glibc's message on stderr, status 134
 *   handled    abort() with a SIGABRT handler recorded (not delivered): still 134
 *   term       kill(getpid(), SIGTERM): 143          kill9    tgkill(pid, tid, SIGKILL): 137
 *   rt         raise(SIGRTMIN + 1): 128 + 35 = 163
 *   ignored    SIGUSR1 with SIG_IGN, SIGCHLD, SIGWINCH, SIGCONT, signal 0: nothing happens
 *   others     kill of pid 2 / tgkill of tid 999 / tgkill of tgid 2 / bad signal: ESRCH, EINVAL
 *   thread     abort() on a second thread while main waits in pthread_join: 134 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void on_abrt(int sig)
{
	(void)sig;
	printf("handler ran\n");   /* never: signals are recorded, not delivered */
}

static void *aborter(void *arg)
{
	(void)arg;
	printf("thread aborts\n");
	fflush(stdout);
	abort();
}

static void show(const char *what, long r)
{
	printf("%s: %ld %s\n", what, r, r < 0 ? strerror(errno) : "ok");
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";
	printf("case %s\n", c);
	fflush(stdout);
	if (!strcmp(c, "abort"))
		abort();
	if (!strcmp(c, "assert"))
		assert(argc == 7);
	if (!strcmp(c, "handled")) {
		signal(SIGABRT, on_abrt);
		abort();
	}
	if (!strcmp(c, "term"))
		kill(getpid(), SIGTERM);
	if (!strcmp(c, "kill9"))
		syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGKILL);
	if (!strcmp(c, "rt"))
		raise(SIGRTMIN + 1);
	if (!strcmp(c, "ignored")) {
		signal(SIGUSR1, SIG_IGN);
		show("SIGUSR1 ignored", raise(SIGUSR1));
		show("SIGCHLD", raise(SIGCHLD));
		show("SIGWINCH", raise(SIGWINCH));
		show("SIGCONT", kill(getpid(), SIGCONT));
		show("signal 0", kill(getpid(), 0));
	}
	if (!strcmp(c, "others")) {
		show("kill pid 2", kill(2, SIGKILL));
		show("tgkill tid 999", syscall(SYS_tgkill, getpid(), 999, SIGKILL));
		show("tgkill tgid 2", syscall(SYS_tgkill, 2, syscall(SYS_gettid), SIGKILL));
		show("tkill tid 0", syscall(SYS_tkill, 0, SIGKILL));
		show("signal 65", kill(getpid(), 65));
	}
	if (!strcmp(c, "thread")) {
		pthread_t t;
		pthread_create(&t, NULL, aborter, NULL);
		pthread_join(t, NULL);
	}
	printf("still here\n");
	return 5;
}
