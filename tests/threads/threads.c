/* threads.c - 4 pthreads in one hybrid cVM (intravisor.md 9 "Threads"): a mutex-protected
 * counter, a C11 atomic counter, a bounded producer/consumer queue with two condition
 * variables, distinct gettid values, pthread_join (CLONE_CHILD_CLEARTID + futex wake), a
 * timed wait that times out, and exit_group from a thread while others are blocked. Every
 * result is exact. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NT 4
#define ITERS 20000
#define ITEMS 1000
#define QCAP 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static atomic_long acounter;
static pid_t tids[NT];

static struct {
	pthread_mutex_t m;
	pthread_cond_t not_full, not_empty;
	int buf[QCAP], head, n;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, { 0 }, 0, 0 };

static void *adder(void *arg)
{
	long id = (long)arg;
	tids[id] = (pid_t)syscall(SYS_gettid);
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		atomic_fetch_add(&acounter, 1);
	}
	return (void *)(id * 10);
}

static void put(int v)
{
	pthread_mutex_lock(&q.m);
	while (q.n == QCAP)
		pthread_cond_wait(&q.not_full, &q.m);
	q.buf[(q.head + q.n++) % QCAP] = v;
	pthread_cond_signal(&q.not_empty);
	pthread_mutex_unlock(&q.m);
}

static int get(void)
{
	pthread_mutex_lock(&q.m);
	while (q.n == 0)
		pthread_cond_wait(&q.not_empty, &q.m);
	int v = q.buf[q.head];
	q.head = (q.head + 1) % QCAP;
	q.n--;
	pthread_cond_signal(&q.not_full);
	pthread_mutex_unlock(&q.m);
	return v;
}

static void *producer(void *arg)
{
	long base = (long)arg;
	for (int i = 1; i <= ITEMS; i++)
		put((int)(base + i));
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	long sum = 0;
	for (int i = 0; i < ITEMS; i++)
		sum += get();
	return (void *)sum;
}

static void *blocker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&q.m);
	for (;;)
		pthread_cond_wait(&q.not_empty, &q.m);   /* until exit_group ends it */
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[NT];
	for (long i = 0; i < NT; i++)
		if (pthread_create(&t[i], NULL, adder, (void *)i) != 0) {
			puts("pthread_create failed");
			return 1;
		}
	long rets = 0;
	for (int i = 0; i < NT; i++) {
		void *r;
		pthread_join(t[i], &r);
		rets += (long)r;
	}
	printf("mutex counter %ld\natomic counter %ld\nreturn values %ld\n", counter, atomic_load(&acounter), rets);
	int distinct = 1;
	pid_t me = (pid_t)syscall(SYS_gettid);
	for (int i = 0; i < NT; i++)
		for (int j = 0; j < NT; j++)
			distinct &= (i == j || tids[i] != tids[j]) && tids[i] != me && tids[i] > 0;
	printf("gettid distinct %d, main tid == pid %d\n", distinct, me == getpid());

	/* two producers, two consumers through one 8-slot queue */
	pthread_t p[2], c[2];
	pthread_create(&c[0], NULL, consumer, NULL);
	pthread_create(&c[1], NULL, consumer, NULL);
	pthread_create(&p[0], NULL, producer, (void *)0L);
	pthread_create(&p[1], NULL, producer, (void *)100000L);
	long total = 0;
	for (int i = 0; i < 2; i++) {
		void *r;
		pthread_join(p[i], NULL);
		pthread_join(c[i], &r);
		total += (long)r;
	}
	printf("consumed sum %ld\n", total);

	/* a timed wait that times out */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20 * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&q.m);
	int r = pthread_cond_timedwait(&q.not_empty, &q.m, &ts);
	pthread_mutex_unlock(&q.m);
	printf("timedwait %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r));

	if (argc > 1 && !strcmp(argv[1], "exit-group")) {
		pthread_t b;
		pthread_create(&b, NULL, blocker, NULL);
		fflush(stdout);
		exit(9);   /* exit_group with a thread blocked in futex wait */
	}
	return 0;
}
