/* share.c - the registry of capability files and streams, and wait/wake (share.h).
 * Trust boundary: every capability and integer in a request comes from a cVM. Each call first
 * copies and checks all its arguments (decode), then acts (invoke) and cannot fail halfway. */
#include "monitor/share.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../sdk/include/cvm_abi.h"
#include "../../sdk/include/hostcalls.h"

#define WAIT_SLICE_NS 100000000LL   /* a blocked waiter looks at its thread's stop flag this often */

/* Permissions a probe may hand out: data only. */
#define SHARE_PERMS_RW (CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_STORE)

static void set_bit(uint64_t *b, unsigned i) { b[i / 64] |= 1ull << (i % 64); }
static bool has_bit(const uint64_t *b, unsigned i) { return b[i / 64] >> (i % 64) & 1; }

struct share *share_new(FILE *log, unsigned max_id)
{
	/* 13 KiB cleared: its pages backed in one call first, not a fault each (mem_populate.c) */
	struct share *s = malloc(sizeof *s);
	if (!s)
		return NULL;
	mem_host_populate(s, sizeof *s);
	memset(s, 0, sizeof *s);
	s->nids = max_id + 1;
	s->nwords = (s->nids + 63) / 64;
	s->bits = calloc((size_t)(SHARE_MAX + 1) * s->nwords, sizeof *s->bits);
	if (!s->bits) {
		free(s);
		return NULL;
	}
	for (unsigned i = 0; i < SHARE_MAX; i++)
		s->e[i].users = s->bits + (size_t)i * s->nwords;
	s->gone = s->bits + (size_t)SHARE_MAX * s->nwords;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_mutex_init(&s->lock, NULL) || pthread_cond_init(&s->cond, &ca)) {
		pthread_condattr_destroy(&ca);
		free(s->bits);
		free(s);
		return NULL;
	}
	pthread_condattr_destroy(&ca);
	s->log = log;
	return s;
}

void share_free(struct share *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	free(s->bits);
	free(s);
}

/* ---- under s->lock ---- */

static struct share_entry *find_key(struct share *s, const char *key)
{
	for (unsigned i = 0; i < SHARE_MAX; i++)
		if (s->e[i].kind != SHARE_FREE && !strcmp(s->e[i].key, key))
			return &s->e[i];
	return NULL;
}

static struct share_entry *find_id(struct share *s, int64_t id)
{
	for (unsigned i = 0; i < SHARE_MAX; i++)
		if (s->e[i].kind != SHARE_FREE && s->e[i].id == id)
			return &s->e[i];
	return NULL;
}

static struct share_entry *free_slot(struct share *s)
{
	for (unsigned i = 0; i < SHARE_MAX; i++)
		if (s->e[i].kind == SHARE_FREE)
			return &s->e[i];
	return NULL;
}

/* Make e free, its users bitmap empty (the bitmap stays e's). */
static void entry_clear(struct share *s, struct share_entry *e)
{
	uint64_t *users = e->users;
	memset(e, 0, sizeof *e);
	memset(users, 0, (size_t)s->nwords * sizeof *users);
	e->users = users;
}

/* Fill a free entry (no failure past this point). */
static int64_t add(struct share *s, struct share_entry *e, enum share_kind kind, const char *key,
		   const struct cap *c, unsigned owner)
{
	entry_clear(s, e);
	e->kind = kind;
	e->id = s->next_id++;
	snprintf(e->key, sizeof e->key, "%s", key);
	e->cap = *c;
	e->owner = owner;
	set_bit(e->users, owner);
	return e->id;
}

static void log_adv(struct share *s, const struct share_entry *e)
{
	if (!s->log)
		return;
	/* upstream's host_cap_file_adv lines (CF_DEBUG), with our id as the index */
	fprintf(s->log, "CF_ADV: 0x%" PRIx64 ", %" PRIu64 ", %s\n", e->cap.base, cap_get_len(&e->cap), e->key);
	fprintf(s->log, "MON: CF[%" PRId64 "] 0x%" PRIx64 " %s %" PRIu64 "\n", e->id, e->cap.base, e->key,
		cap_get_len(&e->cap));
	fflush(s->log);
}

int64_t share_add_monitor_file(struct share *s, const struct cap *c, const char *name)
{
	if (strlen(name) == 0 || strlen(name) > SHARE_KEY_MAX)
		return HC_ENAMETOOLONG;
	pthread_mutex_lock(&s->lock);
	int64_t r;
	struct share_entry *e;
	if (find_key(s, name))
		r = HC_EEXIST;
	else if (!(e = free_slot(s)))
		r = HC_ENOSPC;
	else {
		r = add(s, e, SHARE_CAPFILE, name, c, 0);
		log_adv(s, e);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

static bool someone_else_alive(const struct share *s, const struct share_entry *e, unsigned self);

/* The producer of stream e closed it (its STREAM_CLOSED word, written by the producer's own
 * store or cvm_stream_close: a hint that can only keep the producer's own entry alive). */
static bool stream_closed(const struct mem *m, const struct share_entry *e)
{
	uint64_t v = 0;
	return mem_load64(m, e->cap.base + STREAM_CLOSED, &v) == MEM_OK && v != 0;
}

void share_cvm_gone(struct share *s, const struct mem *m, unsigned id)
{
	if (!s || id == 0 || id >= s->nids)
		return;
	pthread_mutex_lock(&s->lock);
	set_bit(s->gone, id);
	for (unsigned i = 0; i < SHARE_MAX; i++) {
		struct share_entry *e = &s->e[i];
		if (e->kind == SHARE_FREE)
			continue;
		if (e->owner == id && e->kind == SHARE_STREAM && !e->orphan && !e->released &&
		    (e->nprobes == 0 || someone_else_alive(s, e, id)) && stream_closed(m, e))
			e->orphan = true;   /* its bytes are complete: kept for the consumer */
		else if (e->owner == id || (e->orphan && has_bit(e->users, id)))
			entry_clear(s, e);
	}
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

/* ---- decoding the arguments ---- */

/* The key: the bytes of c from its address up to the first NUL or its top, whichever comes
 * first, 1..SHARE_KEY_MAX of them. Copied into out (NUL-terminated) before it is used. */
static int64_t read_key(const struct hostcall_env *env, const struct cap *c, char out[SHARE_KEY_MAX + 1])
{
	if (!c->tag || cap_is_sealed(c) || !cap_has_perm(c, CAP_PERM_LOAD))
		return HC_EFAULT;
	uint64_t top = cap_get_top(c);
	if (c->addr < c->base || c->addr >= top)
		return HC_EFAULT;
	uint64_t n = top - c->addr;
	if (n > SHARE_KEY_MAX + 1)
		n = SHARE_KEY_MAX + 1;
	char buf[SHARE_KEY_MAX + 1];
	if (mem_read(env->m, c->addr, buf, n) != MEM_OK)
		return HC_EFAULT;
	uint64_t len = 0;
	while (len < n && buf[len])
		len++;
	if (len == 0)
		return HC_EINVAL;
	if (len > SHARE_KEY_MAX)
		return HC_ENAMETOOLONG;
	memcpy(out, buf, len);
	out[len] = 0;
	return 0;
}

/* ca1/ca2 of a probe: where the capability and the size go. */
struct probe_out {
	struct cap loc, size_loc;
	bool has_size;
};

static int64_t check_probe_out(const struct hostcall_request *r, struct probe_out *o)
{
	o->loc = r->arg[1];
	o->size_loc = r->arg[2];
	if (hostcall_check_cap(&o->loc, CAP_PERM_STORE, 16) != CAP_CAUSE_NONE ||
	    !cap_has_perm(&o->loc, CAP_PERM_STORE_CAP) || (o->loc.addr & 15))
		return HC_EFAULT;
	o->has_size = o->size_loc.tag || o->size_loc.addr != 0;
	if (o->has_size && hostcall_check_cap(&o->size_loc, CAP_PERM_STORE, 8) != CAP_CAUSE_NONE)
		return HC_EFAULT;
	return 0;
}

/* The monitor's own buffer capability for an advertisement: exact bounds on [addr, addr+size)
 * of the advertiser's capability, data permissions only, no more than it had. */
static int64_t derive(const struct cap *buf, uint64_t size, bool readonly, struct cap *out)
{
	if (size == 0)
		return HC_EINVAL;
	if (hostcall_check_cap(buf, CAP_PERM_LOAD, size) != CAP_CAUSE_NONE)
		return HC_EFAULT;
	struct cap c;
	(void)cap_set_bounds(&c, buf, size, true, CAP_V9);
	if (!c.tag)
		return HC_EINVAL;   /* not exactly representable: align the buffer (CRRL/CRAM) */
	uint32_t keep = SHARE_PERMS_RW & ~(readonly ? CAP_PERM_STORE : 0u);
	(void)cap_and_perm(&c, &c, keep, CAP_V9);
	if (!c.tag || c.base != buf->addr || cap_get_len(&c) != size)
		return HC_EINVAL;
	*out = c;
	return 0;
}

/* ---- 405 / 409: advertise ---- */

static int64_t serve_adv(struct share *s, const struct hostcall_env *env, const struct hostcall_request *r, enum share_kind kind)
{
	char key[SHARE_KEY_MAX + 1];
	uint64_t size = r->arg[1].addr;
	bool readonly = kind == SHARE_CAPFILE && (r->arg[3].addr & HC_CF_READONLY);
	if (kind == SHARE_CAPFILE && (r->arg[3].addr & ~(uint64_t)HC_CF_READONLY))
		return HC_EINVAL;
	struct cap c;
	int64_t err = derive(&r->arg[0], size, readonly, &c);
	if (err)
		return err;
	if (kind == SHARE_STREAM) {
		uint64_t cap_bytes = size - STREAM_DATA;
		if (size <= STREAM_DATA || cap_bytes < STREAM_MIN_CAP || (cap_bytes & (cap_bytes - 1)) ||
		    !cap_has_perm(&c, CAP_PERM_STORE) || (c.base & 7))
			return HC_EINVAL;
	}
	if ((err = read_key(env, &r->arg[2], key)))
		return err;
	pthread_mutex_lock(&s->lock);
	struct share_entry *e;
	int64_t id;
	if (find_key(s, key))
		id = HC_EEXIST;
	else if (!(e = free_slot(s)))
		id = HC_ENOSPC;
	else {
		id = add(s, e, kind, key, &c, env->domain);
		if (kind == SHARE_CAPFILE)
			log_adv(s, e);
	}
	pthread_mutex_unlock(&s->lock);
	if (id >= 0 && kind == SHARE_STREAM) {
		/* a fresh ring; the prober cannot have it before 410 returns (it needs the id) */
		uint64_t hdr[STREAM_DATA / 8] = { 0 };
		hdr[STREAM_ID / 8] = (uint64_t)id;
		if (mem_write(env->m, c.base, hdr, sizeof hdr) != MEM_OK)
			return HC_EFAULT;   /* cannot happen: checked above */
	}
	return id;
}

/* ---- 406 / 410: probe ---- */

/* The entry `key` of `kind` for cVM `domain`: its id and *c, the prober recorded; or HC_E*.
 * local_ok: where c goes may hold a local capability. */
static int64_t probe(struct share *s, unsigned domain, const char *key, enum share_kind kind, bool local_ok,
		     struct cap *c)
{
	pthread_mutex_lock(&s->lock);
	struct share_entry *e = find_key(s, key);
	int64_t id;
	if (!e)
		id = HC_ENOENT;
	else if (e->kind != kind)
		id = HC_EINVAL;
	else if (kind == SHARE_STREAM && (e->nprobes > 0 || domain == e->owner))
		id = HC_EBUSY;     /* its one consumer (or producer) is there already */
	else if (!cap_has_perm(&e->cap, CAP_PERM_GLOBAL) && !local_ok)
		id = HC_EFAULT;    /* a local capability stored without StoreLocalCap */
	else {
		id = e->id;
		*c = e->cap;
		e->nprobes++;
		set_bit(e->users, domain);
		e->lonely_since = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return id;
}

int64_t share_probe_stream(struct share *s, unsigned domain, const char *key, struct cap *ring)
{
	if (!s || domain == 0 || domain >= s->nids)
		return HC_ENOENT;
	/* the ring stays in the monitor (a Linux descriptor): where it goes may hold anything */
	return probe(s, domain, key, SHARE_STREAM, true, ring);
}

void share_release_stream(struct share *s, unsigned domain, int64_t id)
{
	pthread_mutex_lock(&s->lock);
	struct share_entry *e = find_id(s, id);
	if (e && e->kind == SHARE_STREAM && e->owner != domain && has_bit(e->users, domain)) {
		e->released = true;
		if (e->orphan)
			entry_clear(s, e);   /* its producer has ended: nobody needs it any more */
		pthread_cond_broadcast(&s->cond);
	}
	pthread_mutex_unlock(&s->lock);
}

static int64_t serve_probe(struct share *s, const struct hostcall_env *env,   const struct hostcall_request *r, enum share_kind kind)
{
	char key[SHARE_KEY_MAX + 1];
	struct probe_out o;
	int64_t err = read_key(env, &r->arg[0], key);
	if (err || (err = check_probe_out(r, &o)))
		return err;
	struct cap c = { 0 };
	int64_t id = probe(s, env->domain, key, kind, cap_has_perm(&o.loc, CAP_PERM_STORE_LOCAL_CAP), &c);
	if (id < 0)
		return id;
	uint64_t size = cap_get_len(&c);
	if (mem_store_cap(env->m, env->t, o.loc.addr, c.addr, cap_to_mem_pesbt(&c), c.tag) != MEM_OK ||
	    (o.has_size && mem_write(env->m, o.size_loc.addr, &size, sizeof size) != MEM_OK))
		return HC_EFAULT;  /* cannot happen: checked above */
	return id;
}

/* ---- 407 / 408: wait and wake ---- */

/* Whether a cVM other than `self` that can still wake id is alive: a user of the entry that
 * has not ended (the monitor wakes nobody). An entry whose owner ended is gone, or an orphan
 * whose owner is among the ended. */
static bool someone_else_alive(const struct share *s, const struct share_entry *e, unsigned self)
{
	for (unsigned w = 0; w < s->nwords; w++) {
		uint64_t b = e->users[w] & ~s->gone[w];
		if (w == 0)
			b &= ~1ull;   /* the monitor */
		if (self / 64 == w)
			b &= ~(1ull << (self % 64));
		if (b)
			return true;
	}
	return false;
}

static bool ever_had_peer(const struct share *s, const struct share_entry *e, unsigned self)
{
	for (unsigned w = 0; w < s->nwords; w++) {
		uint64_t b = e->users[w];
		if (w == 0)
			b &= ~1ull;   /* the monitor */
		if (self / 64 == w)
			b &= ~(1ull << (self % 64));
		if (b)
			return true;
	}
	return false;
}

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int64_t share_wait(struct share *s, const struct hostcall_env *env, int64_t id, uint64_t seen, int64_t timeout)
{
	if (timeout < -1)
		return HC_EINVAL;
	/* A snapshot (timeout 0) is also a barrier across every hart (mem_barrier): the waiter's
	 * flag, set before it, is seen by a peer's next look, or the peer's counter, published
	 * before, by the waiter's look after it; so a peer publishes with no fence
	 * (sdk/crt/stream.S STREAM_WAKE_READER). */
	if (timeout == 0 && env->m)
		mem_barrier(env->m, env->t);
	int64_t deadline = timeout == -1 ? INT64_MAX : now_ns() + timeout;
	if (timeout > INT64_MAX / 2)
		deadline = INT64_MAX;
	pthread_mutex_lock(&s->lock);
	struct share_entry *e = find_id(s, id);
	int64_t res;
	if (!e) {
		pthread_mutex_unlock(&s->lock);
		return HC_ENOENT;
	}
	if (!has_bit(e->users, env->domain)) {
		pthread_mutex_unlock(&s->lock);
		return HC_EPERM;
	}
	bool offline = false;
	for (;;) {
		e = find_id(s, id);   /* it may have gone while we slept */
		if (!e) {
			res = HC_EPIPE;
			break;
		}
		if (e->seq != seen) {
			res = (int64_t)e->seq;
			break;
		}
		if (ever_had_peer(s, e, env->domain) && !someone_else_alive(s, e, env->domain)) {
			res = HC_EPIPE;
			break;
		}
		if (e->released && env->domain == e->owner) {
			res = HC_EPIPE;    /* the stream's consumer closed its descriptor */
			break;
		}
		int64_t t = now_ns();
		if (t >= deadline) {
			res = HC_ETIMEDOUT;
			break;
		}
		if (env->stopping && env->stopping(env->stopping_ctx)) {
			res = HC_EINTR;
			break;
		}
		if (e->lonely_since == 0 && !ever_had_peer(s, e, env->domain)) {
			e->lonely_since = t;
			e->lonely_who = env->domain;
		}
		if (!offline && env->t) {
			mem_thread_offline(env->t);
			offline = true;
		}
		int64_t until = deadline - t < WAIT_SLICE_NS ? deadline : t + WAIT_SLICE_NS;
		struct timespec ts = { .tv_sec = until / 1000000000LL, .tv_nsec = until % 1000000000LL };
		pthread_cond_timedwait(&s->cond, &s->lock, &ts);
	}
	pthread_mutex_unlock(&s->lock);
	if (offline)
		mem_thread_online(env->t);
	return res;
}

int64_t share_wake(struct share *s, unsigned domain, int64_t id)
{
	pthread_mutex_lock(&s->lock);
	struct share_entry *e = find_id(s, id);
	int64_t res;
	if (!e)
		res = HC_ENOENT;
	else if (!has_bit(e->users, domain))
		res = HC_EPERM;
	else {
		res = (int64_t)++e->seq;
		e->lonely_since = 0;
		pthread_cond_broadcast(&s->cond);
	}
	pthread_mutex_unlock(&s->lock);
	return res;
}

bool share_lonely_wait(struct share *s, unsigned domain, int64_t min_ns, char key[SHARE_KEY_PRINT_MAX + 1],
		       const char **kind)
{
	int64_t t = now_ns();
	bool found = false;
	pthread_mutex_lock(&s->lock);
	for (unsigned i = 0; i < SHARE_MAX && !found; i++) {
		const struct share_entry *e = &s->e[i];
		if (e->kind == SHARE_FREE || !e->lonely_since || e->lonely_who != domain || t - e->lonely_since < min_ns ||
		    ever_had_peer(s, e, domain))
			continue;
		char *k = key;
		for (const unsigned char *c = (const unsigned char *)e->key; *c; c++)
			k += *c >= ' ' && *c <= '~' && *c != '\\' ? (*k = (char)*c, 1) : sprintf(k, "\\x%02x", *c);
		*k = 0;
		*kind = e->kind == SHARE_STREAM ? "stream" : e->kind == SHARE_CAPFILE ? "capfile" : "call";
		found = true;
	}
	pthread_mutex_unlock(&s->lock);
	return found;
}

/* ---- streams with a monitor ring (a hybrid producer, linux_stream.c) ---- */

void share_set_ring_area(struct share *s, const struct cap *area)
{
	pthread_mutex_lock(&s->lock);
	s->ring_area = *area;
	s->ring_next = area->base;
	pthread_mutex_unlock(&s->lock);
}

int64_t share_create_stream(struct share *s, struct mem *m, unsigned domain, const char *key, uint64_t cap_bytes,
			    struct cap *ring)
{
	if (!s || domain == 0 || domain >= s->nids)
		return HC_ENOENT;
	uint64_t size = STREAM_DATA + cap_bytes;
	if (cap_bytes < STREAM_MIN_CAP || (cap_bytes & (cap_bytes - 1)) || cap_crrl(size) != size)
		return HC_EINVAL;   /* the caller's constant: cannot happen */
	uint64_t align = ~cap_cram(size) + 1, map = (size + 0xfff) & ~0xfffull;
	if (align < 0x1000)
		align = 0x1000;
	/* carve first (under the lock: two creators get different pages), map outside it:
	 * mem_map stops the world, and a thread blocked on this lock could not reach its
	 * safepoint */
	pthread_mutex_lock(&s->lock);
	uint64_t top = s->ring_area.tag ? cap_get_top(&s->ring_area) : 0;
	uint64_t base = (s->ring_next + align - 1) & ~(align - 1);
	int64_t r = 0;
	if (find_key(s, key))
		r = HC_EEXIST;
	else if (!free_slot(s))
		r = HC_ENOSPC;
	else if (!s->ring_area.tag || base < s->ring_next || base > top || top - base < map)
		r = HC_ENOSPC;    /* the ring area is used up: rings are never reused in a run */
	else
		s->ring_next = base + map;
	pthread_mutex_unlock(&s->lock);
	if (r)
		return r;
	struct cap c = cap_build_from_root(&s->ring_area, base, size, SHARE_PERMS_RW);
	if (!c.tag || cap_get_len(&c) != size || mem_map(m, base, map) != MEM_OK)
		return HC_ENOSPC;   /* the host refused the pages (they stay carved, unused) */
	pthread_mutex_lock(&s->lock);
	struct share_entry *e;
	int64_t id;
	if (find_key(s, key))
		id = HC_EEXIST;   /* taken while we mapped (the pages stay carved, unused) */
	else if (!(e = free_slot(s)))
		id = HC_ENOSPC;
	else {
		/* the id goes into the header before the entry can be found: a prober never sees
		 * the ring without it (mem_write neither stops the world nor waits at a safepoint,
		 * so it may run under the lock; serve_adv writes its header after the unlock) */
		uint64_t hdr[STREAM_DATA / 8] = { 0 };
		hdr[STREAM_ID / 8] = (uint64_t)s->next_id;
		if (mem_write(m, base, hdr, sizeof hdr) != MEM_OK)
			id = HC_ENOSPC;   /* cannot happen: just mapped */
		else
			id = add(s, e, SHARE_STREAM, key, &c, domain);
	}
	pthread_mutex_unlock(&s->lock);
	if (id >= 0)
		*ring = c;
	return id;
}

int share_stream_consumer(struct share *s, unsigned domain, int64_t id)
{
	pthread_mutex_lock(&s->lock);
	const struct share_entry *e = find_id(s, id);
	int r;
	/* no entry: its owner (the caller) ended, nobody can read it any more */
	if (!e || e->kind != SHARE_STREAM || e->owner != domain || e->released ||
	    (e->nprobes > 0 && !someone_else_alive(s, e, domain)))
		r = -1;
	else
		r = e->nprobes > 0;
	pthread_mutex_unlock(&s->lock);
	return r;
}

int64_t share_serve(struct share *s, const struct hostcall_env *env, const struct hostcall_request *r)
{
	if (!s || env->domain == 0 || env->domain >= s->nids)
		return HC_ENOSYS;
	switch (r->nr) {
	case HC_CAPFILE_ADV: return serve_adv(s, env, r, SHARE_CAPFILE);
	case HC_CAPFILE_PROBE: return serve_probe(s, env, r, SHARE_CAPFILE);
	case HC_STREAM_ADV: return serve_adv(s, env, r, SHARE_STREAM);
	case HC_STREAM_PROBE: return serve_probe(s, env, r, SHARE_STREAM);
	case HC_CAP_WAIT: return share_wait(s, env, (int64_t)r->arg[0].addr, r->arg[1].addr, (int64_t)r->arg[2].addr);
	case HC_CAP_WAKE: return share_wake(s, env->domain, (int64_t)r->arg[0].addr);
	default: return HC_ENOSYS;
	}
}

/* ---- CP_Call functions (run_call.c) ---- */

int64_t share_key(const struct hostcall_env *env, const struct cap *c, char out[SHARE_KEY_MAX + 1])
{
	return read_key(env, c, out);
}

int64_t share_add_call(struct share *s, const char *key, const struct cap *entry, unsigned owner)
{
	pthread_mutex_lock(&s->lock);
	struct share_entry *e;
	int64_t id;
	if (find_key(s, key))
		id = HC_EEXIST;
	else if (!(e = free_slot(s)))
		id = HC_ENOSPC;
	else
		id = add(s, e, SHARE_CALL, key, entry, owner);
	pthread_mutex_unlock(&s->lock);
	return id;
}

int64_t share_find_call(struct share *s, const char *key, int64_t id, struct cap *entry, unsigned *owner)
{
	pthread_mutex_lock(&s->lock);
	const struct share_entry *e = key ? find_key(s, key) : find_id(s, id);
	int64_t r;
	if (!e)
		r = HC_ENOENT;
	else if (e->kind != SHARE_CALL)
		r = HC_EINVAL;
	else {
		r = e->id;
		*entry = e->cap;
		*owner = e->owner;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int64_t share_remove_call(struct share *s, int64_t id, unsigned owner)
{
	pthread_mutex_lock(&s->lock);
	struct share_entry *e = find_id(s, id);
	int64_t r = 0;
	if (!e || e->kind != SHARE_CALL)
		r = HC_ENOENT;
	else if (e->owner != owner)
		r = HC_EPERM;
	else
		memset(e, 0, sizeof *e);
	pthread_mutex_unlock(&s->lock);
	return r;
}
