/* mem_safepoint.c - attached threads, first-tag handshakes and stop-the-world (mem.c, steps 3-5).
 *
 * One mutex + one condition variable (broadcast on every change) guard the thread list, the
 * epoch and the stop-the-world state. A thread's state says whether it may be inside an inline
 * fast-path access: only MEM_T_ONLINE threads may; PARKED, WAITING and OFFLINE threads may not.
 * A handshake for epoch E is complete when every other thread is not ONLINE or has ack >= E.
 * A stop-the-world is in force when every other thread is not ONLINE; threads leave PARKED,
 * WAITING and OFFLINE only when no stop-the-world is active (or they own it).
 * Two counts (online threads, online threads behind the epoch) keep every state change O(1):
 * a hart goes offline and online around each blocking host call, and a process may hold
 * thousands of harts.
 */
#include <errno.h>
#include <linux/membarrier.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "mem/mem_priv.h"
#include "mem/mem_test.h"

int mem_safepoint_init(struct mem_private *p)
{
	if (pthread_mutex_init(&p->sp_lock, NULL) != 0)
		return -1;
	if (pthread_cond_init(&p->sp_cond, NULL) != 0) {
		pthread_mutex_destroy(&p->sp_lock);
		return -1;
	}
	return 0;
}

void mem_safepoint_destroy(struct mem_private *p)
{
	while (p->threads) { /* threads the caller forgot to detach */
		struct mem_thread *t = p->threads;
		p->threads = t->next;
		free(t);
	}
	pthread_cond_destroy(&p->sp_cond);
	pthread_mutex_destroy(&p->sp_lock);
}

/* All of the following run under sp_lock. */

static bool stw_blocks(const struct mem_private *p)
{
	return p->stw_active && !pthread_equal(p->stw_owner, pthread_self());
}

static void update_flag(struct mem_private *p)
{
	__atomic_store_n(&p->sp_flag, p->stw_active || p->n_unacked, __ATOMIC_RELAXED);
}

/* t enters (+1) or leaves (-1) the counts its state and ack put it in */
static void count(struct mem_private *p, const struct mem_thread *t, int d)
{
	if (t->state == MEM_T_ONLINE) {
		p->n_online += (unsigned)d;
		if (t->ack < p->sp_epoch)
			p->n_unacked += (unsigned)d;
	}
}

/* Every thread but the caller (which is not online while it waits) acknowledged the current
 * epoch. A newer epoch than the caller's counts too: waiting for it is merely conservative. */
static bool all_acked(const struct mem_private *p)
{
	return p->n_unacked == 0;
}

static bool all_stopped(const struct mem_private *p)
{
	return p->n_online == 0;
}

static struct mem_thread *find_self(const struct mem_private *p)
{
	for (struct mem_thread *t = p->threads; t; t = t->next)
		if (pthread_equal(t->owner, pthread_self()))
			return t;
	return NULL;
}

/* t may be NULL (an unattached caller): then only the flag and the waiters are refreshed. */
static void set_state(struct mem_private *p, struct mem_thread *t, enum mem_thread_state s)
{
	if (t) {
		count(p, t, -1);
		t->state = s;
		if (s != MEM_T_OFFLINE)
			t->ack = p->sp_epoch; /* not inside a fast-path access right now */
		count(p, t, +1);
	}
	update_flag(p);
	pthread_cond_broadcast(&p->sp_cond);
}

/* --- public thread API --- */

static uint64_t next_id = MEM_OWNER_FIRST;

bool mem_id_attached(struct mem *m, uint32_t id)
{
	struct mem_private *p = m->priv;
	bool found = false;
	pthread_mutex_lock(&p->sp_lock);
	for (struct mem_thread *t = p->threads; t && !found; t = t->next)
		found = t->id == id;
	pthread_mutex_unlock(&p->sp_lock);
	return found;
}

struct mem_thread *mem_thread_attach(struct mem *m)
{
	struct mem_private *p = m->priv;
	struct mem_thread *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->m = m;
	t->owner = pthread_self();
	/* 0 (owns nothing, like an unattached thread) once 2^32 ids are spent */
	uint64_t id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	t->id = id < UINT32_MAX ? (uint32_t)id : 0;
	t->state = MEM_T_OFFLINE;   /* in no count until set_state below */
	pthread_mutex_lock(&p->sp_lock);
	while (stw_blocks(p))
		pthread_cond_wait(&p->sp_cond, &p->sp_lock);
	t->next = p->threads;
	p->threads = t;
	set_state(p, t, MEM_T_ONLINE);
	pthread_mutex_unlock(&p->sp_lock);
	return t;
}

void mem_thread_detach(struct mem_thread *t)
{
	if (!t)
		return;
	struct mem_private *p = t->m->priv;
	pthread_mutex_lock(&p->sp_lock);
	count(p, t, -1);
	for (struct mem_thread **pp = &p->threads; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	update_flag(p);
	pthread_cond_broadcast(&p->sp_cond);
	pthread_mutex_unlock(&p->sp_lock);
	free(t);
}

const volatile int *mem_safepoint_flag(const struct mem *m)
{
	return &m->priv->sp_flag;
}

void mem_safepoint(struct mem_thread *t)
{
	if (!t)
		return;
	struct mem_private *p = t->m->priv;
	/* Nothing to acknowledge (the flag was raised for another thread): skip the lock. Only this
	 * thread writes t->ack. */
	if (!__atomic_load_n(&p->stw_active, __ATOMIC_ACQUIRE) &&
	    __atomic_load_n(&t->ack, __ATOMIC_RELAXED) == __atomic_load_n(&p->sp_epoch, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&p->sp_lock);
	set_state(p, t, MEM_T_PARKED);
	while (stw_blocks(p))
		pthread_cond_wait(&p->sp_cond, &p->sp_lock);
	set_state(p, t, MEM_T_ONLINE);
	pthread_mutex_unlock(&p->sp_lock);
}

void mem_thread_offline(struct mem_thread *t)
{
	if (!t)
		return;
	struct mem_private *p = t->m->priv;
	pthread_mutex_lock(&p->sp_lock);
	set_state(p, t, MEM_T_OFFLINE);
	pthread_mutex_unlock(&p->sp_lock);
}

void mem_thread_online(struct mem_thread *t)
{
	if (!t)
		return;
	struct mem_private *p = t->m->priv;
	pthread_mutex_lock(&p->sp_lock);
	while (stw_blocks(p))
		pthread_cond_wait(&p->sp_cond, &p->sp_lock);
	set_state(p, t, MEM_T_ONLINE);
	pthread_mutex_unlock(&p->sp_lock);
}

/* --- used inside mem --- */

void mem_first_tag(struct mem *m, struct mem_thread *t, uint64_t page)
{
	struct mem_private *p = m->priv;
	pthread_mutex_lock(&p->sp_lock);
	uint64_t gen = p->map_gen;
	bool stw = p->stw_active;
	pthread_mutex_unlock(&p->sp_lock);
	/* From here on every store that reads the flag takes the locked path. */
	mem_flags_dirty(m, page);
	__atomic_fetch_or(&m->page_flags[page], MEM_PAGE_TAGS, __ATOMIC_SEQ_CST);

	pthread_mutex_lock(&p->sp_lock);
	if (!t) /* an attached thread that passed NULL must not wait for itself */
		t = find_self(p);
	uint64_t epoch = p->sp_epoch + 1;
	__atomic_store_n(&p->sp_epoch, epoch, __ATOMIC_RELEASE);
	p->n_unacked = p->n_online;   /* every online thread is behind the new epoch */
	enum mem_thread_state prev = t ? t->state : MEM_T_OFFLINE;
	set_state(p, t, MEM_T_WAITING); /* counts as parked for the others: no deadlock */
	while (stw_blocks(p) ||
	       (!(m->test_break & MEM_TEST_BREAK_SAFEPOINT) && !all_acked(p)))
		pthread_cond_wait(&p->sp_cond, &p->sp_lock);
	/* Every thread that could have read the old flag has passed a safepoint. Unless a
	 * stop-the-world reset pages meanwhile (it bumps map_gen), the page is ready for tags. */
	uint8_t f = mem_flags(m, page);
	if (!stw && p->map_gen == gen && (f & MEM_PAGE_MAPPED) && (f & MEM_PAGE_TAGS))
		__atomic_fetch_or(&m->page_flags[page], MEM_PAGE_TAGS_READY, __ATOMIC_SEQ_CST);
	set_state(p, t, prev); /* an offline caller (host work) stays offline */
	pthread_mutex_unlock(&p->sp_lock);
}

/* membarrier(2) registered for this process (mem_new, once): 1, or -1 where the kernel refuses */
static int membarrier_ok;
static pthread_once_t membarrier_once = PTHREAD_ONCE_INIT;

static void membarrier_register(void)
{
	membarrier_ok = syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0 ? 1 : -1;
}

void mem_barrier_init(void)
{
	pthread_once(&membarrier_once, membarrier_register);
}

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void mem_barrier(struct mem *m, struct mem_thread *t)
{
	if (m->test_break & MEM_TEST_BREAK_BARRIER)
		return;
	mem_barrier_init();
	/* A cVM can ask for one in a loop (407 with timeout 0): each would interrupt every other
	 * CPU that runs a hart of the process, which a cVM must not be able to do as fast as it
	 * can call. One thread's barriers are MEM_BARRIER_GAP_NS apart at least (it waits, offline,
	 * for the rest): a stream side asks for one only before it sleeps, after a 1 ms poll.
	 * Measured here (a host thread calling membarrier in a loop, another computing on the
	 * other CPU): the computation took 1.78x as long; with 20 us between calls 1.05x, with
	 * 100 us no measurable change. */
	static __thread int64_t last;
	int64_t now = mono_ns();
	if (last && now - last < MEM_BARRIER_GAP_NS) {
		int64_t left = MEM_BARRIER_GAP_NS - (now - last);
		struct timespec ts = { .tv_sec = 0, .tv_nsec = left };
		mem_thread_offline(t);
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		mem_thread_online(t);
		now = mono_ns();
	}
	last = now;
	if (membarrier_ok > 0 && !(m->test_break & MEM_TEST_HANDSHAKE) &&
	    syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
		return;
	struct mem_private *p = m->priv;
	pthread_mutex_lock(&p->sp_lock);
	if (!t)
		t = find_self(p);
	__atomic_store_n(&p->sp_epoch, p->sp_epoch + 1, __ATOMIC_RELEASE);
	p->n_unacked = p->n_online;   /* every online thread is behind the new epoch */
	enum mem_thread_state prev = t ? t->state : MEM_T_OFFLINE;
	set_state(p, t, MEM_T_WAITING);   /* not counted: it does not wait for itself */
	while (stw_blocks(p) || !all_acked(p))   /* and back online only outside a stop-the-world */
		pthread_cond_wait(&p->sp_cond, &p->sp_lock);
	set_state(p, t, prev);
	pthread_mutex_unlock(&p->sp_lock);
}

void mem_stw_begin(struct mem *m)
{
	struct mem_private *p = m->priv;
	pthread_mutex_lock(&p->sp_lock);
	struct mem_thread *self = find_self(p);
	enum mem_thread_state prev = self ? self->state : MEM_T_OFFLINE;
	set_state(p, self, MEM_T_WAITING);
	while (p->stw_active)
		pthread_cond_wait(&p->sp_cond, &p->sp_lock);
	__atomic_store_n(&p->stw_active, true, __ATOMIC_RELEASE);
	p->stw_owner = pthread_self();
	p->stw_owner_prev = prev;
	p->map_gen++;
	update_flag(p);
	while (!all_stopped(p))
		pthread_cond_wait(&p->sp_cond, &p->sp_lock);
	pthread_mutex_unlock(&p->sp_lock);
}

void mem_stw_end(struct mem *m)
{
	struct mem_private *p = m->priv;
	pthread_mutex_lock(&p->sp_lock);
	p->map_gen++;
	__atomic_store_n(&p->stw_active, false, __ATOMIC_RELEASE);
	set_state(p, find_self(p), p->stw_owner_prev);
	pthread_cond_broadcast(&p->sp_cond);
	pthread_mutex_unlock(&p->sp_lock);
}
