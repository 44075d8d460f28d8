/* gdb_priv.h - the stub's state, shared by gdb_rsp.c (socket, packets), gdb_regs.c (registers,
 * target description) and gdb_stub.c (threads, stops, commands). */
#ifndef INTRAVISOR_GDB_PRIV_H
#define INTRAVISOR_GDB_PRIV_H

#include <pthread.h>

#include "gdb/gdb.h"

#define GDB_PKT_MAX 16384   /* PacketSize we announce (hex-encoded payload bytes) */
#define GDB_BP_MAX 64
#define GDB_WP_MAX 8
#define GDB_WP_LEN 64       /* bytes one watchpoint may cover */

enum gdb_act { GDB_ACT_STOP, GDB_ACT_CONT, GDB_ACT_STEP };

struct gdb_thread {
	struct gdb *g;
	struct hart *h;
	unsigned id;              /* GDB thread id, from 1 */
	char name[128];
	bool gone;                /* gdb_thread_exit ran: not listed, never resumed */
	bool parked;              /* waiting in gdb_slice / a stop */
	bool in_run;              /* between gdb_slice's return and gdb_event */
	bool stop_asked;          /* the stub called hart_request_stop on it */
	bool step_done;           /* a step ended outside hart_run (an ecall served): stop next */
	enum gdb_act act;
	uint64_t gate_lo, gate_hi;
	struct gdb_thread *next;
};

struct gdb_stop {
	bool valid;
	int sig;                  /* GDB signal number */
	unsigned tid;
	bool swbreak, has_watch;
	uint64_t watch;
	char *text;               /* console output to send first (malloc), or NULL */
	uint8_t syscall;          /* GDB_SYSCALL_ENTRY / _RETURN: a caught call (gdb_catch.c) */
	uint64_t sysno;
};
enum { GDB_SYSCALL_ENTRY = 1, GDB_SYSCALL_RETURN = 2 };

/* which calls stop the thread that makes them (gdb_catch.c): set by gdb's QCatchSyscalls
 * (rsp: stop replies say syscall_entry/syscall_return) or by `monitor catch` (a SIGTRAP with
 * a console line) */
#define GDB_CATCH_MAX 64
struct gdb_catch {
	bool all, rsp;
	unsigned n;
	uint64_t nr[GDB_CATCH_MAX];
};

/* addr: absolute; shown: as the debugger gave it (the hybrid view, gdb_view_addr) */
struct gdb_bp { uint64_t addr, shown; unsigned kind; uint8_t orig[4]; bool used; };
struct gdb_wp { uint64_t addr, shown; unsigned len; uint8_t old[GDB_WP_LEN]; bool used; };

struct gdb {
	struct mem *m;
	struct gdb_ops ops;
	int lfd, fd;              /* listening socket (until gdb_close), the client (-1: none now) */
	unsigned port;
	pthread_t server;
	bool has_server;
	int evpipe[2];            /* a hart wrote: a stop is recorded, or every hart ended */
	/* input buffer of the client's bytes */
	char rbuf[4096];
	size_t rlen, rpos;
	bool noack;

	pthread_mutex_t lock;     /* everything below */
	pthread_cond_t cond;
	bool running;             /* the debugger resumed and no stop is recorded yet */
	bool awaiting;            /* the debugger waits for a stop reply (it resumed the harts) */
	bool detached;            /* no debugger any more: every hart runs freely */
	bool exited;              /* gdb_close: every hart has ended */
	int exit_status;
	bool thread_events;       /* stop at thread start and exit (monitor thread-events on) */
	struct gdb_stop stop;
	struct gdb_thread *threads;
	unsigned next_id;
	unsigned cur;             /* Hg thread (0 = the stop's) */
	struct gdb_bp bp[GDB_BP_MAX];
	struct gdb_wp wp[GDB_WP_MAX];
	unsigned nwp;
	struct gdb_catch catch;
	int catch_on;             /* catch.all || catch.n: read without the lock by gdb_catches */
};

/* gdb_rsp.c: packets. get: the payload (NUL-terminated) and its length; -1 = the client went
 * away; -2 = an interrupt byte (0x03) came instead. */
int rsp_get(struct gdb *g, char *buf, size_t n);
int rsp_put(struct gdb *g, const char *payload, size_t len);
int rsp_puts(struct gdb *g, const char *payload);
int rsp_console(struct gdb *g, const char *text);   /* O packets (hex) */
void rsp_hex(char *out, const uint8_t *in, size_t n);
int rsp_unhex(uint8_t *out, const char *in, size_t n);   /* n bytes from 2n digits; -1 bad */

/* gdb_stub.c: record a stop of t with its console text (when none is on record; else wait for
 * the resume first) and park t until the debugger resumes it. g->lock held. */
void gdb_stop_park(struct gdb *g, struct gdb_thread *t, int sig, const char *text, uint8_t syscall, uint64_t sysno);

/* gdb_catch.c (g->lock held): QCatchSyscalls:... -> "OK" or an error reply in out; `monitor
 * catch ...` -> true when it was one (printed to f) */
void gdb_catch_packet(struct gdb *g, const char *p, char *out, size_t n);
void gdb_catch_clear(struct gdb *g);   /* catch nothing (a client detached or went away) */
bool gdb_catch_monitor(struct gdb *g, const char *cmd, FILE *f);

/* gdb_regs.c */
extern const char gdb_target_xml[];
size_t gdb_target_xml_len(void);
/* 'g' payload of h into out (hex); 'p' of one register: its hex, or -1 unknown number */
void gdb_regs_read_all(struct hart *h, char *out, size_t n);
int gdb_reg_read(struct hart *h, unsigned regno, char *out, size_t n);
/* 'P': 0, or -1 (unknown register, or a capability register changed: those are read-only) */
int gdb_reg_write(struct hart *h, unsigned regno, const char *hex);
int gdb_regs_write_all(struct hart *h, const char *hex);
/* The hybrid view. A hart that relocates (a hybrid cVM, intravisor.md 9) sees its slot as
 * [0, S): its registers hold offsets, so the stub shows it as it sees itself: pc is PCC.address
 * - PCC.base, and memory, breakpoint and watchpoint addresses of the debugger's current thread
 * in [0, DDC length) are offsets from DDC.base. Addresses above that are absolute, as for every
 * other hart (a slot's base is at least a slot's length: the views cannot collide). Then a
 * program linked at 0x10000 is debugged with its own symbols (`file PROG`): locals, frames and
 * `next` work. gdb_view_addr: the absolute address of [addr, addr+len) for h (NULL: as is). */
uint64_t gdb_view_addr(struct hart *h, uint64_t addr, uint64_t len);
/* a register by name for `monitor cap` (c0..c31, psABI names, pcc, ddc): 0 or -1 */
int gdb_cap_by_name(struct hart *h, const char *name, struct cap *out);

#endif
