/* share.h - sharing between cVMs (intravisor.md 5, issue 13): the registry of capability files
 * (CP_File, hostcalls 405/406, YAML `capfiles:`) and streams (CP_Stream, 409/410), and the
 * wait/wake events on their ids (407/408).
 *
 * A registry entry is a key (1..64 bytes), a capability the monitor derived from the
 * advertiser's own buffer capability (exact bounds, Load, Store unless read-only, Global if the
 * advertiser's had it; never Execute, LoadCap, StoreCap or StoreLocalCap: the bytes are shared,
 * capabilities are not), its owner (a cVM id, or 0 = the monitor for YAML capfiles) and the
 * cVMs that probed it. A probe stores a copy of that capability where the prober asks: two
 * cVMs then read and write the same bytes with their own loads and stores, nothing is copied
 * through the monitor.
 *
 * Ids are never reused in a run (YAML capfiles get 0, 1, ... as upstream's indices), so a
 * stale id cannot name someone else's newer entry. When a cVM ends, its entries leave the
 * registry (a later probe: -ENOENT; but a stream it closed stays for its consumer,
 * share_cvm_gone) and every waiter re-checks: a wait that nobody alive can end any more returns
 * -EPIPE instead of blocking forever.
 *
 * Locking: one mutex and one condition variable for the whole registry (a few dozen entries;
 * wait/wake is not a hot path compared with the ring copies). A waiter goes offline
 * (mem_thread_offline) while it blocks, and wakes every WAIT_SLICE to see whether its thread
 * is being stopped.
 */
#ifndef INTRAVISOR_MONITOR_SHARE_H
#define INTRAVISOR_MONITOR_SHARE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cap/cap.h"
#include "monitor/hostcall.h"

#define SHARE_MAX          64      /* entries alive at once */
#define SHARE_KEY_MAX      64      /* key bytes */

enum share_kind { SHARE_FREE = 0, SHARE_CAPFILE, SHARE_STREAM, SHARE_CALL };

struct share_entry {
	enum share_kind kind;
	int64_t id;                        /* unique in the run */
	char key[SHARE_KEY_MAX + 1];
	struct cap cap;                    /* what a probe hands out */
	unsigned owner;                    /* cVM id, 0 = the monitor */
	uint64_t *users;                   /* owner and probers (bit = cVM id), share.nwords words */
	unsigned nprobes;
	uint64_t seq;                      /* wake count (407/408) */
	bool released;                     /* a stream whose consumer closed its Linux descriptor */
	bool orphan;                       /* a stream its producer closed and then ended: kept for its
	                                    * consumer until that one ends (share_cvm_gone) */
	/* since when (ns, CLOCK_MONOTONIC; 0: not) cVM lonely_who has waited (407) on it while no
	 * other cVM had ever used it; a probe or a wake ends it (share_lonely_wait) */
	int64_t lonely_since;
	unsigned lonely_who;
};

struct share {
	pthread_mutex_t lock;
	pthread_cond_t cond;               /* broadcast on every wake and every cVM end */
	struct share_entry e[SHARE_MAX];
	int64_t next_id;
	unsigned nids;                     /* ids tracked: 0 (the monitor) .. the config's largest */
	unsigned nwords;                   /* words of each id bitmap */
	uint64_t *gone;                    /* cVMs that have ended (nwords words) */
	uint64_t *bits;                    /* the bitmaps: SHARE_MAX users, then gone */
	FILE *log;                         /* CF_ADV / MON: CF[i] lines, NULL with -q */
	struct cap ring_area;              /* where share_create_stream carves rings (untagged: none) */
	uint64_t ring_next;                /* its first address not carved yet */
};

/* max_id: the largest cVM id of the run (the bitmaps are sized by it). */
struct share *share_new(FILE *log, unsigned max_id);
void share_free(struct share *s);

/* A YAML capfile: register [addr, addr + size) (monitor memory, read/write) under name,
 * owner the monitor. Prints the CF_ADV / MON: CF[i] lines. id >= 0, or a negative HC_E*. */
int64_t share_add_monitor_file(struct share *s, const struct cap *c, const char *name);

/* cVM `id` has ended: its entries go, waiters re-check. A stream it produced and closed
 * (STREAM_CLOSED set in the ring, read from m) whose consumer has not ended or released it
 * stays, as an orphan, until its consumer ends: a consumer that connects after the producer
 * ended still reads every byte (the ring's memory stays: slots are never unmapped in a run).
 * Orphans whose consumer is `id` go. */
void share_cvm_gone(struct share *s, const struct mem *m, unsigned id);

/* 405..410 (sdk/include/hostcalls.h documents the arguments), for cVM e->domain. */
int64_t share_serve(struct share *s, const struct hostcall_env *e, const struct hostcall_request *r);

/* Streams as Linux descriptors (/dev/capstream/KEY, run_stream.c): probe `key` as cVM
 * domain's consumer (410's checks, nothing stored in guest memory): the id and *ring, or
 * HC_ENOENT / HC_EINVAL (not a stream) / HC_EBUSY (it has its consumer, or domain is its
 * producer). Release: the consumer closed it (the producer's waits then end with HC_EPIPE). */
int64_t share_probe_stream(struct share *s, unsigned domain, const char *key, struct cap *ring);
void share_release_stream(struct share *s, unsigned domain, int64_t id);

/* Streams whose ring the monitor provides (a hybrid producer's /dev/capstream/KEY opened
 * O_WRONLY, linux_stream.c). The rings are carved from `area` (memory no cVM slot owns: the
 * capfile area after the YAML capfiles, capfiles.c), each page aligned, mapped when carved and
 * never reused in the run: a consumer keeps its ring capability (there is no revocation), so a
 * ring reused for a later stream would show that stream's bytes to an earlier consumer. */
void share_set_ring_area(struct share *s, const struct cap *area);
/* Advertise `key` as a stream of cVM `domain`, as 409 does, with a fresh zeroed ring of
 * STREAM_DATA + cap_bytes bytes (cap_bytes: a power of two, the ring exactly representable)
 * that the monitor maps: the id and *ring (Global, Load, Store; exactly the ring), or HC_EEXIST
 * (the key is taken: a stream, capfile or call of anyone), HC_ENOSPC (the registry or the ring
 * area is full, or the host refused the memory). mem_map stops the world: the caller is an
 * attached thread holding no lock. */
int64_t share_create_stream(struct share *s, struct mem *m, unsigned domain, const char *key, uint64_t cap_bytes,
			    struct cap *ring) __attribute__((warn_unused_result));
/* The producer's view of its stream id's consumer: 1 there, 0 none yet (nobody probed it),
 * -1 gone for good (it closed its descriptor or ended: a write can only fail, -EPIPE). */
int share_stream_consumer(struct share *s, unsigned domain, int64_t id);
/* 407 and 408 for cVM env->domain (wait: timeout ns, -1 none, 0 the count now) */
int64_t share_wait(struct share *s, const struct hostcall_env *env, int64_t id, uint64_t seen, int64_t timeout);
int64_t share_wake(struct share *s, unsigned domain, int64_t id);
/* Whether cVM `domain` has waited for at least min_ns on an id that no other cVM has ever
 * used (then only a cVM not started yet could end the wait): its key, printable (a byte
 * outside ' '..'~', and a backslash, as \xNN: the cVM chose the bytes), and kind ("stream", "capfile") into
 * key / *kind. For a `wait: -1` cVM that holds back the rest (run.c). */
#define SHARE_KEY_PRINT_MAX (4 * SHARE_KEY_MAX)
bool share_lonely_wait(struct share *s, unsigned domain, int64_t min_ns, char key[SHARE_KEY_PRINT_MAX + 1],
		       const char **kind);

/* CP_Call functions (run_call.c): the entry is an unsealed code capability of the owner, never
 * handed out. Keys share the namespace of capfiles and streams. */
/* Copy the key of c (the bytes up to its first NUL or its top) into out: 0 or HC_E*. */
int64_t share_key(const struct hostcall_env *env, const struct cap *c, char out[SHARE_KEY_MAX + 1])
	__attribute__((warn_unused_result));
/* id, HC_EEXIST (the key is taken) or HC_ENOSPC */
int64_t share_add_call(struct share *s, const char *key, const struct cap *entry, unsigned owner);
/* By key (key != NULL) or by id: the id, *entry and *owner; HC_ENOENT (none, or its owner
 * ended) or HC_EINVAL (the key names a capfile or a stream). */
int64_t share_find_call(struct share *s, const char *key, int64_t id, struct cap *entry, unsigned *owner);
/* The owner withdraws its function: 0, HC_ENOENT or HC_EPERM (not the owner's). */
int64_t share_remove_call(struct share *s, int64_t id, unsigned owner);

#endif
