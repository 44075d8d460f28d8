/* hostcall.h - the monitor's hostcall service (intravisor.md section 5).
 *
 * Decode, then invoke (STYLE 9): run.c copies t5 and ca0..ca6 out of the calling hart into a
 * struct hostcall_request; hostcall_serve() checks every argument capability exactly as the
 * hardware would check an access through it (tag, seal, permission, bounds: cheri-riscv.md
 * 4.4) before it touches guest memory, and copies guest bytes into monitor memory before using
 * them (STYLE 10). The numbers are sdk/include/hostcalls.h.
 */
#ifndef INTRAVISOR_MONITOR_HOSTCALL_H
#define INTRAVISOR_MONITOR_HOSTCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cap/cap.h"
#include "mem/mem.h"

#define HOSTCALL_ARGS 7  /* ca0..ca6 */

struct share;
struct linux_proc;
struct linux_mount;

struct hostcall_request {
	uint64_t nr;                      /* t5 */
	struct cap arg[HOSTCALL_ARGS];    /* ca0..ca6, copied from the hart */
};

struct hostcall_env {
	struct mem *m;
	struct mem_thread *t;   /* the calling hart's thread: offline around blocking host work */
	FILE *out;              /* flushed before a cVM write so monitor lines keep their order */
	int out_fd;             /* where HC_WRITE goes (1) */
	/* sharing between cVMs (share.h): the registry, the calling cVM (the switcher's domain),
	 * and whether the calling thread is being stopped (a blocking wait ends then) */
	struct share *share;
	unsigned domain;
	bool (*stopping)(void *ctx);
	void *stopping_ctx;
	/* files 801..814 (hc_files.c): the calling thread's cVM's process state, whose fd table
	 * (mounts, cwd) the first file call makes when it has none yet; its mounts; and where 813
	 * finds the errno of the thread's last failed file call (or NULL) */
	struct linux_proc *proc;
	const struct linux_mount *mounts;
	unsigned nmounts;
	int *last_errno;
	bool libvirt;           /* the calling thread's cVM has `libvirt: 1` (hostcall 29) */
};

enum hostcall_action {
	HOSTCALL_RETURN,        /* return *result to the caller */
	HOSTCALL_EXIT_THREAD,   /* HC_EXIT: end the calling thread; *result = a0, its exit value */
};

/* 0 when an access of `len` bytes needing `perm` through c would be allowed, else the CHERI
 * cause the hardware would raise first (CAP_CAUSE_TAG, _SEAL, _LOAD/_STORE, _LENGTH). */
unsigned hostcall_check_cap(const struct cap *c, uint32_t perm, uint64_t len);

/* How many of ca0..ca6 call nr reads (run.c copies only those out of the hart). */
unsigned hostcall_nargs(uint64_t nr);

enum hostcall_action hostcall_serve(const struct hostcall_env *e, const struct hostcall_request *r,
				    int64_t *result);

/* Whether hostcall_serve does something for nr (else it answers HC_ENOSYS). */
bool hostcall_is_served(uint64_t nr);
/* exit, thread exit, and a hybrid cVM's exit / exit_group: calls that end the caller's thread
 * (a caller refused a handler context still gets them from the monitor, switcher.c). */
bool hostcall_is_exit(uint64_t nr);

/* Why a number the monitor refuses is refused, for the one-time warning (" is not served by
 * this monitor: it returns -38 (ENOSYS)", or the reason for 29 and the deprecated numbers). */
const char *hostcall_refusal(uint64_t nr, bool libvirt);

/* "write", "exit", ... or NULL for a number this monitor does not know. */
const char *hostcall_name(uint64_t nr);

#endif
