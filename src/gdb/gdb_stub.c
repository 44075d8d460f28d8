/* gdb_stub.c - the stub: listening, the server thread, threads = harts, all-stop, breakpoints,
 * watchpoints and the packets (gdb.h).
 *
 * Breakpoints are software ones written into guest memory: ebreak (kind 4) or c.ebreak
 * (kind 2) through mem_write, which bumps mem's code epoch like any store to decoded code, so
 * every hart drops its decoded and translated code at its next block boundary; reads by the
 * debugger see the original bytes. A hart that traps on an ebreak the stub placed stops with
 * SIGTRAP (swbreak). Write watchpoints: while one is set every hart runs one instruction per
 * hart_run and the stub compares the watched bytes (and their tags) after each: a change stops
 * with watch:ADDR (a write of the same value is not seen; documented in README).
 *
 * Locking: g->lock guards the run state, the stop record, the thread list, breakpoints and
 * watchpoints. The server thread reads and writes registers and memory only while every
 * thread it touches is parked or outside hart_run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gdb/gdb_priv.h"

enum { SIG_INT = 2, SIG_ILL = 4, SIG_TRAP = 5, SIG_BUS = 10, SIG_SEGV = 11 };

/* ---- opening ---- */

int gdb_open(struct gdb **out, struct mem *m, const char *addr, const struct gdb_ops *ops, char *err, size_t n)
{
	*out = NULL;
	char host[256] = "127.0.0.1";
	const char *colon = strrchr(addr, ':');
	const char *port = colon ? colon + 1 : addr;
	if (colon && colon != addr) {
		size_t hl = (size_t)(colon - addr);
		if (hl >= sizeof host) {
			snprintf(err, n, "--gdb %s: the host name is too long", addr);
			return -1;
		}
		memcpy(host, addr, hl);
		host[hl] = 0;
	}
	char *end;
	unsigned long p = strtoul(port, &end, 10);
	if (!port[0] || *end || p > 65535) {
		snprintf(err, n, "--gdb %s: expected [HOST:]PORT with PORT a number 0-65535 (e.g. --gdb 1234)", addr);
		return -1;
	}
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *ai = NULL;
	int r = getaddrinfo(host, port, &hints, &ai);
	if (r != 0) {
		snprintf(err, n, "--gdb %s: cannot resolve '%s': %s", addr, host, gai_strerror(r));
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1) != 0) {
		snprintf(err, n, "--gdb %s: cannot listen on %s port %s: %s (choose another port, or free this one)",
			 addr, host, port, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	struct gdb *g = calloc(1, sizeof *g);
	if (!g || pipe2(g->evpipe, O_CLOEXEC) != 0) {
		free(g);
		close(fd);
		snprintf(err, n, "--gdb: out of memory");
		return -1;
	}
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
		g->port = ntohs(sa.sin_port);
	g->m = m;
	g->ops = *ops;
	g->lfd = fd;
	g->fd = -1;
	g->next_id = 1;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	*out = g;
	return 0;
}

unsigned gdb_port(const struct gdb *g) { return g->port; }

/* ---- threads and stops (called with g->lock held) ---- */

static struct gdb_thread *thread_by_id(struct gdb *g, unsigned id)
{
	for (struct gdb_thread *t = g->threads; t; t = t->next)
		if (!t->gone && t->id == id)
			return t;
	return NULL;
}

static struct gdb_thread *first_thread(struct gdb *g)
{
	for (struct gdb_thread *t = g->threads; t; t = t->next)
		if (!t->gone)
			return t;
	return NULL;
}

static void wake_server(struct gdb *g)
{
	char b = 1;
	(void)!write(g->evpipe[1], &b, 1);
}

/* record a stop of t (the first one wins) and ask every other running hart to stop */
static void record_stop(struct gdb *g, struct gdb_thread *t, int sig, bool swbreak, bool has_watch, uint64_t watch,
			const char *text)
{
	if (!g->running || g->detached)
		return;
	g->running = false;
	g->stop = (struct gdb_stop){ .valid = true, .sig = sig, .tid = t->id, .swbreak = swbreak,
				     .has_watch = has_watch, .watch = watch, .text = text ? strdup(text) : NULL };
	for (struct gdb_thread *o = g->threads; o; o = o->next)
		if (o != t && !o->gone && !o->parked) {
			o->stop_asked = true;
			hart_request_stop(o->h);
		}
	wake_server(g);
}

/* park t until the debugger resumes it (or goes away) */
static void park(struct gdb *g, struct gdb_thread *t)
{
	if (g->detached || (g->running && t->act != GDB_ACT_STOP))
		return;
	t->parked = true;
	pthread_cond_broadcast(&g->cond);
	/* offline while parked: another thread's stop-the-world (mem.h) must not wait for us */
	struct mem_thread *mt = hart_mem_thread(t->h);
	pthread_mutex_unlock(&g->lock);
	mem_thread_offline(mt);
	pthread_mutex_lock(&g->lock);
	while (!g->detached && (!g->running || t->act == GDB_ACT_STOP))
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
	mem_thread_online(mt);
	pthread_mutex_lock(&g->lock);
	t->parked = false;
}

struct gdb_thread *gdb_thread_add(struct gdb *g, struct hart *h, const char *name, uint64_t gate_lo, uint64_t gate_hi)
{
	struct gdb_thread *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	t->gate_lo = gate_lo;
	t->gate_hi = gate_hi;
	t->g = g;
	t->h = h;
	snprintf(t->name, sizeof t->name, "%s", name);
	pthread_mutex_lock(&g->lock);
	t->id = g->next_id++;
	struct gdb_thread **p = &g->threads;
	while (*p)
		p = &(*p)->next;
	*p = t;
	if (!g->stop.valid && !g->running && !g->detached) {
		/* the first thread: the debugger's initial stop, before its first instruction */
		g->stop = (struct gdb_stop){ .valid = true, .sig = SIG_TRAP, .tid = t->id };
		wake_server(g);
	} else if (g->running && g->thread_events) {
		char text[sizeof t->name + 40];
		snprintf(text, sizeof text, "intravisor: thread started: %s\n", t->name);
		t->act = GDB_ACT_CONT;
		record_stop(g, t, SIG_TRAP, false, false, 0, text);
	} else {
		/* a thread born while stopped stays stopped; while running it runs */
		t->act = g->running ? GDB_ACT_CONT : GDB_ACT_STOP;
	}
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
	return t;
}

void gdb_thread_exit(struct gdb_thread *t)
{
	struct gdb *g = t->g;
	pthread_mutex_lock(&g->lock);
	if (g->thread_events && g->running) {
		char text[sizeof t->name + 40];
		snprintf(text, sizeof text, "intravisor: thread ends: %s\n", t->name);
		record_stop(g, t, SIG_TRAP, false, false, 0, text);
		park(g, t);
	}
	t->gone = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

uint64_t gdb_slice(struct gdb_thread *t, uint64_t budget)
{
	struct gdb *g = t->g;
	pthread_mutex_lock(&g->lock);
	if (t->step_done && t->act == GDB_ACT_STEP) {
		t->step_done = false;
		record_stop(g, t, SIG_TRAP, false, false, 0, NULL);
	}
	park(g, t);
	if (!g->detached && (t->act == GDB_ACT_STEP || g->nwp) && budget > 1)
		budget = 1;
	t->in_run = true;
	pthread_mutex_unlock(&g->lock);
	return budget;
}

static bool is_our_break(struct gdb *g, uint64_t pc)
{
	for (unsigned i = 0; i < GDB_BP_MAX; i++)
		if (g->bp[i].used && g->bp[i].addr == pc)
			return true;
	return false;
}

/* a watched range changed (and the snapshot is updated): its address, else false */
static bool watch_hit(struct gdb *g, uint64_t *addr)
{
	bool hit = false;
	for (unsigned i = 0; i < GDB_WP_MAX; i++) {
		struct gdb_wp *w = &g->wp[i];
		uint8_t now[GDB_WP_LEN];
		if (!w->used || mem_read(g->m, w->addr, now, w->len) != MEM_OK)
			continue;
		if (memcmp(now, w->old, w->len)) {
			memcpy(w->old, now, w->len);
			if (!hit)
				*addr = w->shown;
			hit = true;
		}
	}
	return hit;
}

static uint64_t pc_of(struct hart *h)
{
	struct cap p;
	hart_get_pcc(h, &p);
	return p.addr;
}

enum gdb_verdict gdb_event(struct gdb_thread *t, enum hart_exit e, const struct hart_trap *tr, bool monitor_stop)
{
	struct gdb *g = t->g;
	enum gdb_verdict v = GDB_PASS;
	pthread_mutex_lock(&g->lock);
	t->in_run = false;
	uint64_t waddr = 0;
	if (g->detached) {
		if (e == HART_EXIT_STOP && t->stop_asked && !monitor_stop) {
			t->stop_asked = false;
			v = GDB_RUN_ON;
		}
	} else if (g->nwp && watch_hit(g, &waddr)) {
		record_stop(g, t, SIG_TRAP, false, true, waddr, NULL);
		v = e == HART_EXIT_BUDGET || (e == HART_EXIT_STOP && !monitor_stop) ? GDB_RUN_ON : GDB_PASS;
		if (e == HART_EXIT_STOP)
			t->stop_asked = false;
	} else if (e == HART_EXIT_STOP && t->stop_asked && !monitor_stop) {
		t->stop_asked = false;
		v = GDB_RUN_ON;
	} else if (e == HART_EXIT_TRAP && tr->cause == HART_CAUSE_BREAKPOINT && is_our_break(g, tr->pc)) {
		record_stop(g, t, SIG_TRAP, true, false, 0, NULL);
		v = GDB_RUN_ON;
	} else if (t->act == GDB_ACT_STEP && e == HART_EXIT_BUDGET && pc_of(t->h) >= t->gate_lo && pc_of(t->h) < t->gate_hi) {
		t->step_done = true;   /* the embedder serves the gate; the step ends after it */
	} else if (t->act == GDB_ACT_STEP && e == HART_EXIT_BUDGET) {
		record_stop(g, t, SIG_TRAP, false, false, 0, NULL);
		v = GDB_RUN_ON;
	} else if (t->act == GDB_ACT_STEP && e == HART_EXIT_TRAP && tr->cause == HART_CAUSE_ECALL_U) {
		t->step_done = true;   /* the embedder serves it; the step ends after that */
	}
	pthread_mutex_unlock(&g->lock);
	return v;
}

static int trap_signal(const struct hart_trap *tr)
{
	switch (tr->cause) {
	case HART_CAUSE_ILLEGAL: return SIG_ILL;
	case HART_CAUSE_BREAKPOINT: return SIG_TRAP;
	case HART_CAUSE_FETCH_MISALIGNED: case HART_CAUSE_LOAD_MISALIGNED: case HART_CAUSE_STORE_MISALIGNED:
		return SIG_BUS;
	}
	return SIG_SEGV;   /* CHERI faults and access faults (GDB has no SIGPROT for this target) */
}

void gdb_fault(struct gdb_thread *t, const struct hart_trap *tr, const char *report)
{
	struct gdb *g = t->g;
	pthread_mutex_lock(&g->lock);
	/* another thread's stop may be on record: wait for the resume, then report this one */
	while (!g->detached) {
		if (g->running) {
			record_stop(g, t, trap_signal(tr), false, false, 0, report);
			park(g, t);
			break;
		}
		park(g, t);
	}
	pthread_mutex_unlock(&g->lock);
}

void gdb_stop_park(struct gdb *g, struct gdb_thread *t, int sig, const char *text, uint8_t syscall, uint64_t sysno)
{
	while (!g->detached) {
		if (g->running) {
			record_stop(g, t, sig, false, false, 0, text);
			g->stop.syscall = syscall;
			g->stop.sysno = sysno;
			park(g, t);
			break;
		}
		park(g, t);
	}
}

/* ---- the server: memory, breakpoints ---- */

/* bytes [addr, addr+len) as the guest's code had them before our breakpoints */
static int mem_read_debug(struct gdb *g, uint64_t addr, uint8_t *out, uint64_t len)
{
	/* the readable prefix: gdb reads ahead (disassembly) across the end of a mapping */
	uint64_t ok = 0;
	while (ok < len) {
		uint64_t a = addr + ok, n = MEM_PAGE_SIZE - (a & (MEM_PAGE_SIZE - 1));
		if (n > len - ok)
			n = len - ok;
		if (a < addr || !mem_is_mapped(g->m, a, n) || mem_read(g->m, a, out + ok, n) != MEM_OK)
			break;
		ok += n;
	}
	for (unsigned i = 0; i < GDB_BP_MAX; i++) {
		struct gdb_bp *b = &g->bp[i];
		for (unsigned k = 0; b->used && k < b->kind; k++)
			if (b->addr + k >= addr && b->addr + k < addr + ok)
				out[b->addr + k - addr] = b->orig[k];
	}
	return (int)ok;
}

static void bp_write(struct gdb *g, struct gdb_bp *b, bool insert)
{
	static const uint8_t ebreak[4] = { 0x73, 0x00, 0x10, 0x00 }, cebreak[2] = { 0x02, 0x90 };
	/* mem_write bumps the code epoch of a decoded page: every hart re-decodes it */
	if (insert)
		(void)!mem_write(g->m, b->addr, b->kind == 2 ? cebreak : ebreak, b->kind);
	else
		(void)!mem_write(g->m, b->addr, b->orig, b->kind);
}

static const char *bp_insert(struct gdb *g, uint64_t addr, uint64_t shown, unsigned kind)
{
	if (kind != 2 && kind != 4)
		return "E22";
	for (unsigned i = 0; i < GDB_BP_MAX; i++)
		if (g->bp[i].used && g->bp[i].addr == addr)
			return "OK";
	for (unsigned i = 0; i < GDB_BP_MAX; i++) {
		struct gdb_bp *b = &g->bp[i];
		if (b->used)
			continue;
		if (!mem_is_mapped(g->m, addr, kind) || mem_read(g->m, addr, b->orig, kind) != MEM_OK)
			return "E14";
		b->addr = addr;
		b->shown = shown;
		b->kind = kind;
		b->used = true;
		bp_write(g, b, true);
		return "OK";
	}
	return "E28";
}

static const char *bp_remove(struct gdb *g, uint64_t shown)
{
	for (unsigned i = 0; i < GDB_BP_MAX; i++)
		if (g->bp[i].used && g->bp[i].shown == shown) {
			bp_write(g, &g->bp[i], false);
			g->bp[i].used = false;
		}
	return "OK";
}

static const char *wp_insert(struct gdb *g, uint64_t addr, uint64_t shown, uint64_t len)
{
	if (len == 0 || len > GDB_WP_LEN)
		return "E22";
	for (unsigned i = 0; i < GDB_WP_MAX; i++) {
		struct gdb_wp *w = &g->wp[i];
		if (w->used)
			continue;
		if (mem_read(g->m, addr, w->old, len) != MEM_OK)
			return "E14";
		w->addr = addr;
		w->shown = shown;
		w->len = (unsigned)len;
		w->used = true;
		g->nwp++;
		return "OK";
	}
	return "E28";
}

static const char *wp_remove(struct gdb *g, uint64_t shown, uint64_t len)
{
	for (unsigned i = 0; i < GDB_WP_MAX; i++)
		if (g->wp[i].used && g->wp[i].shown == shown && g->wp[i].len == len) {
			g->wp[i].used = false;
			g->nwp--;
		}
	return "OK";
}

static void remove_all_points(struct gdb *g)
{
	for (unsigned i = 0; i < GDB_BP_MAX; i++)
		if (g->bp[i].used) {
			bp_write(g, &g->bp[i], false);
			g->bp[i].used = false;
		}
	for (unsigned i = 0; i < GDB_WP_MAX; i++)
		g->wp[i].used = false;
	g->nwp = 0;
}

static int mem_write_debug(struct gdb *g, uint64_t addr, const uint8_t *data, uint64_t len)
{
	if (addr + len < addr || !mem_is_mapped(g->m, addr, len))
		return -1;
	/* lift our breakpoints in the range, write, put them back over the new bytes */
	bool lifted[GDB_BP_MAX] = { false };
	for (unsigned i = 0; i < GDB_BP_MAX; i++) {
		struct gdb_bp *b = &g->bp[i];
		if (b->used && b->addr < addr + len && b->addr + b->kind > addr) {
			bp_write(g, b, false);
			lifted[i] = true;
		}
	}
	int r = mem_write(g->m, addr, data, len) == MEM_OK ? 0 : -1;   /* clears tags like a data store */
	for (unsigned i = 0; i < GDB_BP_MAX; i++)
		if (lifted[i]) {
			(void)!mem_read(g->m, g->bp[i].addr, g->bp[i].orig, g->bp[i].kind);
			bp_write(g, &g->bp[i], true);
		}
	return r;
}

/* ---- the server: packets ---- */

struct srv {
	struct gdb *g;
	char in[GDB_PKT_MAX + 1];
	char out[GDB_PKT_MAX + 1];
};

static struct gdb_thread *cur_thread(struct gdb *g)
{
	struct gdb_thread *t = g->cur ? thread_by_id(g, g->cur) : NULL;
	if (!t && g->stop.valid)
		t = thread_by_id(g, g->stop.tid);
	return t ? t : first_thread(g);
}

/* XML-escape into out (thread names come from the configuration, but never trust bytes) */
static size_t xml_escape(char *out, size_t n, const char *s)
{
	size_t k = 0;
	for (; *s && k + 7 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '<')
			k += (size_t)snprintf(out + k, n - k, "&lt;");
		else if (c == '>')
			k += (size_t)snprintf(out + k, n - k, "&gt;");
		else if (c == '&')
			k += (size_t)snprintf(out + k, n - k, "&amp;");
		else if (c == '"')
			k += (size_t)snprintf(out + k, n - k, "&quot;");
		else if (c < 0x20 || c >= 0x7f)
			out[k++] = '?';
		else
			out[k++] = (char)c;
	}
	out[k] = 0;
	return k;
}

/* qXfer reply for [off, off+len) of a document */
static void xfer(struct srv *s, const char *doc, size_t dlen, const char *args)
{
	unsigned long long off, len;
	if (sscanf(args, "%llx,%llx", &off, &len) != 2) {
		snprintf(s->out, sizeof s->out, "E16");
		return;
	}
	if (len > GDB_PKT_MAX - 16)
		len = GDB_PKT_MAX - 16;
	if (off >= dlen) {
		snprintf(s->out, sizeof s->out, "l");
		return;
	}
	size_t k = dlen - off < len ? dlen - off : len;
	s->out[0] = off + k < dlen ? 'm' : 'l';
	/* binary data: escape #, $, } and * */
	size_t o = 1;
	for (size_t i = 0; i < k && o + 2 < sizeof s->out; i++) {
		char c = doc[off + i];
		if (c == '#' || c == '$' || c == '}' || c == '*') {
			s->out[o++] = '}';
			c ^= 0x20;
		}
		s->out[o++] = c;
	}
	s->out[o] = 0;
}

static void threads_xml(struct gdb *g, char *doc, size_t n)
{
	size_t k = (size_t)snprintf(doc, n, "<?xml version=\"1.0\"?>\n<threads>\n");
	for (struct gdb_thread *t = g->threads; t && k < n; t = t->next) {
		if (t->gone)
			continue;
		char name[300];
		xml_escape(name, sizeof name, t->name);
		k += (size_t)snprintf(doc + k, n - k, "<thread id=\"%x\" name=\"%s\"/>\n", t->id, name);
	}
	if (k < n)
		snprintf(doc + k, n - k, "</threads>\n");
}

static void stop_reply(struct gdb *g, char *out, size_t n)
{
	const struct gdb_stop *st = &g->stop;
	int k = snprintf(out, n, "T%02xthread:%x;", st->sig, st->tid);
	if (st->swbreak)
		k += snprintf(out + k, n - (size_t)k, "swbreak:;");
	if (st->has_watch)
		k += snprintf(out + k, n - (size_t)k, "watch:%" PRIx64 ";", st->watch);
	if (st->syscall && g->catch.rsp)
		snprintf(out + k, n - (size_t)k, "%s:%" PRIx64 ";",
			 st->syscall == GDB_SYSCALL_ENTRY ? "syscall_entry" : "syscall_return", st->sysno);
}

static void resume(struct gdb *g, int step_tid, bool others_run)
{
	for (struct gdb_thread *t = g->threads; t; t = t->next) {
		t->step_done = false;
		if ((int)t->id == step_tid)
			t->act = GDB_ACT_STEP;
		else
			t->act = others_run ? GDB_ACT_CONT : GDB_ACT_STOP;
	}
	free(g->stop.text);
	g->stop = (struct gdb_stop){ 0 };
	g->running = true;
	g->awaiting = true;
	pthread_cond_broadcast(&g->cond);
}

/* vCont;ACTION[:TID]... : one step action (s) for a thread, continue (c) for the rest */
static bool vcont(struct gdb *g, const char *a)
{
	int step = -1;
	bool others = false;
	while (*a == ';') {
		a++;
		char act = *a++;
		if (act == 'C' || act == 'S')   /* signals are not delivered: treated as c/s */
			while (*a && *a != ':' && *a != ';')
				a++;
		int tid = -1;
		if (*a == ':') {
			tid = (int)strtol(a + 1, (char **)&a, 16);
		}
		if (act == 's' || act == 'S') {
			struct gdb_thread *t = tid > 0 ? thread_by_id(g, (unsigned)tid) : cur_thread(g);
			if (t && step < 0)
				step = (int)t->id;
		} else if (act == 'c' || act == 'C') {
			if (tid <= 0)
				others = true;
			else if (step < 0 || tid != step)
				others = true;   /* all-stop: continuing one thread continues all */
		} else if (act != 't') {
			return false;
		}
	}
	resume(g, step, others);
	return true;
}

static void monitor_cmd(struct srv *s, const char *hex)
{
	struct gdb *g = s->g;
	char cmd[512];
	size_t n = strlen(hex) / 2;
	if (n >= sizeof cmd || rsp_unhex((uint8_t *)cmd, hex, n) != 0) {
		snprintf(s->out, sizeof s->out, "E16");
		return;
	}
	cmd[n] = 0;
	char *text = NULL;
	size_t tlen = 0;
	FILE *f = open_memstream(&text, &tlen);
	if (!f) {
		snprintf(s->out, sizeof s->out, "E12");
		return;
	}
	struct gdb_thread *t = cur_thread(g);
	struct hart *h = t ? t->h : NULL;
	char reg[64];
	unsigned long long a, l;
	if (sscanf(cmd, "cap %63s", reg) == 1) {
		struct cap c;
		if (!h)
			fprintf(f, "no thread\n");
		else if (gdb_cap_by_name(h, reg, &c) != 0)
			fprintf(f, "monitor cap: no register '%s' (c0-c31, csp, ca0, ..., pcc, ddc)\n", reg);
		else if (g->ops.print_cap)
			g->ops.print_cap(g->ops.ctx, f, reg, &c);
		else {
			char buf[256];
			cap_format(buf, sizeof buf, &c);
			fprintf(f, "%s %s\n", reg, buf);
		}
	} else if (sscanf(cmd, "tags %lli %lli", &a, &l) == 2) {
		uint64_t lo = a & ~(uint64_t)(MEM_GRANULE - 1), hi = a + l;
		if (l == 0 || l > 65536 || hi < a) {
			fprintf(f, "monitor tags ADDR LEN: LEN must be 1..65536\n");
		} else {
			for (uint64_t p = lo; p < hi; p += 8 * MEM_GRANULE) {
				fprintf(f, "0x%016" PRIx64 ":", p);
				for (uint64_t q = p; q < p + 8 * MEM_GRANULE && q < hi; q += MEM_GRANULE)
					fprintf(f, " %s", mem_is_mapped(g->m, q, 1) ? (mem_get_tag(g->m, q) ? "1" : "0") : "-");
				fputc('\n', f);
			}
		}
	} else if (!strcmp(cmd, "thread-events on") || !strcmp(cmd, "thread-events off")) {
		g->thread_events = cmd[15] == 'n';
		fprintf(f, "stop at thread start and exit: %s\n", g->thread_events ? "on" : "off");
	} else if (!strcmp(cmd, "jit")) {
		for (struct gdb_thread *u = g->threads; u; u = u->next)
			if (!u->gone)
				fprintf(f, "%s: %" PRIu64 " translations\n", u->name, hart_jit_blocks(u->h));
	} else if (gdb_catch_monitor(g, cmd, f)) {
		/* catch hostcall ..., catch off: printed */
	} else if (!(g->ops.monitor && g->ops.monitor(g->ops.ctx, h, cmd, f))) {
		if (strcmp(cmd, "help"))
			fprintf(f, "unknown monitor command '%s'\n", cmd);
		fprintf(f, "monitor commands:\n"
			   "  cap REG             the capability in REG (c0-c31, csp, ca0, ..., pcc, ddc), decoded\n"
			   "  tags ADDR LEN       the tag of every 16-byte granule of [ADDR, ADDR+LEN) (- = unmapped)\n"
			   "  cvms                the cVMs, their slots and the add-symbol-file command of each\n"
			   "  thread-events on|off  stop when a thread starts or ends (default off)\n"
			   "  catch hostcall [NR...]  stop at the entry and return of these hostcalls (or all);\n"
			   "                      a hybrid cVM's system calls by their Linux number\n"
			   "  catch off           stop catching\n"
			   "  jit                 blocks translated so far, per thread\n");
	}
	fclose(f);
	if (text && rsp_console(g, text) != 0) {
		free(text);
		s->out[0] = 0;
		return;
	}
	free(text);
	snprintf(s->out, sizeof s->out, "OK");
}

/* Serve one packet while stopped. Returns 1 when the harts now run, 0 to read the next packet,
 * -1 when the client is done (detach, kill). g->lock is held. */
static int serve_packet(struct srv *s, int len)
{
	struct gdb *g = s->g;
	char *p = s->in, *out = s->out;
	size_t on = sizeof s->out;
	unsigned long long a, l;
	out[0] = 0;
	struct gdb_thread *t = cur_thread(g);
	switch (p[0]) {
	case '?':
		while (!g->stop.valid && !g->exited)   /* attached before the first hart started */
			pthread_cond_wait(&g->cond, &g->lock);
		if (g->stop.valid)
			stop_reply(g, out, on);
		else
			snprintf(out, on, "W00");
		break;
	case 'g':
		if (t)
			gdb_regs_read_all(t->h, out, on);
		else
			snprintf(out, on, "E01");
		break;
	case 'G':
		snprintf(out, on, t && gdb_regs_write_all(t->h, p + 1) == 0 ? "OK" : "E01");
		break;
	case 'p':
		if (!t || gdb_reg_read(t->h, (unsigned)strtoul(p + 1, NULL, 16), out, on) != 0)
			snprintf(out, on, "E01");
		break;
	case 'P': {
		char *eq = strchr(p, '=');
		snprintf(out, on, t && eq && gdb_reg_write(t->h, (unsigned)strtoul(p + 1, NULL, 16), eq + 1) == 0 ? "OK" : "E01");
		break;
	}
	case 'm':
		if (sscanf(p + 1, "%llx,%llx", &a, &l) == 2) {
			uint8_t buf[GDB_PKT_MAX / 2];
			if (l > sizeof buf - 1)
				l = sizeof buf - 1;
			int k = mem_read_debug(g, gdb_view_addr(t ? t->h : NULL, a, l), buf, l);
			if (k > 0)
				rsp_hex(out, buf, (size_t)k);
			else
				snprintf(out, on, "E14");
		} else {
			snprintf(out, on, "E16");
		}
		break;
	case 'M': {
		char *colon = strchr(p, ':');
		uint8_t buf[GDB_PKT_MAX / 2];
		if (sscanf(p + 1, "%llx,%llx", &a, &l) == 2 && colon && l <= sizeof buf && strlen(colon + 1) == 2 * l &&
		    rsp_unhex(buf, colon + 1, l) == 0)
			snprintf(out, on, mem_write_debug(g, gdb_view_addr(t ? t->h : NULL, a, l), buf, l) == 0 ? "OK" : "E14");
		else
			snprintf(out, on, "E16");
		break;
	}
	case 'Z': case 'z':
		if (sscanf(p + 1, "%*c,%llx,%llx", &a, &l) != 2) {
			snprintf(out, on, "E16");
		} else if (p[1] == '0') {
			uint64_t abs = gdb_view_addr(t ? t->h : NULL, a, l);
			snprintf(out, on, "%s", p[0] == 'Z' ? bp_insert(g, abs, a, (unsigned)l) : bp_remove(g, a));
		} else if (p[1] == '2') {
			uint64_t abs = gdb_view_addr(t ? t->h : NULL, a, l);
			snprintf(out, on, "%s", p[0] == 'Z' ? wp_insert(g, abs, a, l) : wp_remove(g, a, l));
		}
		break;   /* others (hardware breakpoints, read/access watchpoints): "" = unsupported */
	case 'H':
		if (p[1] == 'g') {
			long id = strtol(p + 2, NULL, 16);
			if (id > 0 && !thread_by_id(g, (unsigned)id)) {
				snprintf(out, on, "E01");
				break;
			}
			g->cur = id > 0 ? (unsigned)id : 0;
		}
		snprintf(out, on, "OK");
		break;
	case 'T':
		snprintf(out, on, thread_by_id(g, (unsigned)strtoul(p + 1, NULL, 16)) ? "OK" : "E01");
		break;
	case 'c':
		resume(g, -1, true);
		return 1;
	case 's':
		resume(g, t ? (int)t->id : -1, false);
		return 1;
	case 'D':
		rsp_puts(g, "OK");
		return -1;
	case 'k':
		if (g->ops.kill)
			g->ops.kill(g->ops.ctx);
		return -1;
	case 'v':
		if (!strcmp(p, "vCont?"))
			snprintf(out, on, "vCont;c;C;s;S;t");
		else if (!strncmp(p, "vCont;", 6)) {
			if (vcont(g, p + 5))
				return 1;
			snprintf(out, on, "E16");
		} else if (!strncmp(p, "vKill", 5)) {
			if (g->ops.kill)
				g->ops.kill(g->ops.ctx);
			rsp_puts(g, "OK");
			return -1;
		}
		break;
	case 'q':
		if (!strncmp(p, "qSupported", 10))
			snprintf(out, on, "PacketSize=%x;qXfer:features:read+;qXfer:threads:read+;swbreak+;"
				 "vContSupported+;QStartNoAckMode+;QThreadEvents+;QCatchSyscalls+", GDB_PKT_MAX);
		else if (!strncmp(p, "qXfer:features:read:target.xml:", 31))
			xfer(s, gdb_target_xml, gdb_target_xml_len(), p + 31);
		else if (!strncmp(p, "qXfer:threads:read::", 20)) {
			static const size_t dn = 65536;
			char *doc = malloc(dn);
			if (doc) {
				threads_xml(g, doc, dn);
				xfer(s, doc, strlen(doc), p + 20);
				free(doc);
			}
		} else if (!strcmp(p, "qfThreadInfo")) {
			size_t k = (size_t)snprintf(out, on, "m");
			for (struct gdb_thread *u = g->threads; u && k + 20 < on; u = u->next)
				if (!u->gone)
					k += (size_t)snprintf(out + k, on - k, "%s%x", k > 1 ? "," : "", u->id);
			if (k == 1)
				snprintf(out, on, "l");
		} else if (!strcmp(p, "qsThreadInfo"))
			snprintf(out, on, "l");
		else if (!strcmp(p, "qC"))
			snprintf(out, on, t ? "QC%x" : "", t ? t->id : 0);
		else if (!strcmp(p, "qAttached"))
			snprintf(out, on, "1");
		else if (!strncmp(p, "qRcmd,", 6))
			monitor_cmd(s, p + 6);
		else if (!strcmp(p, "qSymbol::"))
			snprintf(out, on, "OK");
		break;
	case 'Q':
		if (!strcmp(p, "QStartNoAckMode")) {
			rsp_puts(g, "OK");
			g->noack = true;
			return 0;
		}
		if (!strncmp(p, "QCatchSyscalls:", 15))
			gdb_catch_packet(g, p + 15, out, on);
		if (!strncmp(p, "QThreadEvents:", 14)) {
			g->thread_events = p[14] == '1';
			snprintf(out, on, "OK");
		}
		break;
	}
	(void)len;
	if (rsp_puts(g, out) != 0)
		return -1;
	return 0;
}

/* wait until every live thread is parked or outside hart_run (blocked in a host call); a hart
 * in hart_run answers a stop within POLL_EVERY instructions, so the bound (10 s) only matters
 * on a starved host */
static void wait_all_stopped(struct gdb *g)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	for (;;) {
		bool all = true;
		for (struct gdb_thread *t = g->threads; t; t = t->next)
			if (!t->gone && !t->parked && t->in_run)
				all = false;
		if (all || pthread_cond_timedwait(&g->cond, &g->lock, &until) == ETIMEDOUT)
			return;
	}
}

static void drain_pipe(struct gdb *g)
{
	char b[64];
	struct pollfd p = { .fd = g->evpipe[0], .events = POLLIN };
	while (poll(&p, 1, 0) == 1 && read(g->evpipe[0], b, sizeof b) > 0)
		;
}

/* the client went away or detached: every hart runs on, no point stays */
static void detach(struct gdb *g, const char *why)
{
	remove_all_points(g);
	for (struct gdb_thread *t = g->threads; t; t = t->next) {
		t->act = GDB_ACT_CONT;
		t->step_done = false;
	}
	free(g->stop.text);
	g->stop = (struct gdb_stop){ 0 };
	g->thread_events = false;   /* a debugger that attaches later starts afresh */
	gdb_catch_clear(g);
	g->detached = true;
	g->running = true;
	pthread_cond_broadcast(&g->cond);
	if (why)
		fprintf(stderr, "intravisor: gdb: %s; the cVMs run on without the debugger (another may attach)\n", why);
}

/* A second client while one is attached: its first packet gets an error reply that gdb shows
 * ("Remote failure reply: E.…"), then the connection closes. On a thread of its own, so that
 * a client that sends nothing delays nobody (at most 2 s). */
static _Atomic unsigned refusing;   /* refuse_main threads alive: at most 4, others just closed */

static void *refuse_main(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char b[512];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	if (poll(&p, 1, 2000) == 1 && read(fd, b, sizeof b) > 0) {
		static const char msg[] = "E.intravisor: a debugger is attached already (one at a time: detach it first)";
		unsigned sum = 0;
		for (const char *c = msg; *c; c++)
			sum += (unsigned char)*c;
		char out[sizeof msg + 8];
		int n = snprintf(out, sizeof out, "+$%s#%02x", msg, sum & 0xff);
		(void)!write(fd, out, (size_t)n);
		/* a lingering close: the reply, then our end, then whatever it still sends until it
		 * closes (at most 2 s). A close with its ack unread would send a reset, which can
		 * reach gdb before the reply does ("Connection reset by peer"). */
		shutdown(fd, SHUT_WR);
		for (int k = 0; k < 20 && poll(&p, 1, 100) == 1 && read(fd, b, sizeof b) > 0; k++)
			;
	}
	close(fd);
	atomic_fetch_sub(&refusing, 1);
	return NULL;
}

static void refuse_client(struct gdb *g)
{
	int fd = accept4(g->lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	fprintf(stderr, "intravisor: gdb: a second debugger was refused (one at a time: detach the first)\n");
	if (atomic_fetch_add(&refusing, 1) >= 4) {   /* a flood of connections: no reply, no thread */
		atomic_fetch_sub(&refusing, 1);
		close(fd);
		return;
	}
	pthread_t t;
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &at, refuse_main, (void *)(intptr_t)fd) != 0) {
		atomic_fetch_sub(&refusing, 1);
		close(fd);
	}
	pthread_attr_destroy(&at);
}

/* A debugger attaches again after the last one went away or detached: every hart stops as for
 * Ctrl-C (the stop is the first live thread's), before the client's first packet is served. */
static void reattach(struct gdb *g)
{
	g->detached = false;
	g->running = true;
	g->awaiting = false;
	g->cur = 0;
	struct gdb_thread *t = first_thread(g);
	if (t) {
		t->stop_asked = true;
		hart_request_stop(t->h);
		record_stop(g, t, SIG_INT, false, false, 0, NULL);
		wait_all_stopped(g);
	}
}

/* One client until it detaches, goes away or every hart has ended: true when it ended by
 * the client (another may attach), false at the end. g->lock held. */
static bool serve_session(struct srv *s)
{
	struct gdb *g = s->g;
	for (;;) {
		/* wait for something: a stop or the end (the pipe), or a byte from the client */
		if (g->exited) {
			if (g->awaiting) {
				char w[8];
				snprintf(w, sizeof w, "W%02x", g->exit_status & 0xff);
				rsp_puts(g, w);
			}
			return false;
		}
		if (g->awaiting && g->stop.valid) {
			/* a stop: every hart stopped, then the reply (console text first) */
			wait_all_stopped(g);
			g->cur = 0;
			char reply[128];
			stop_reply(g, reply, sizeof reply);
			if ((g->stop.text && rsp_console(g, g->stop.text) != 0) || rsp_puts(g, reply) != 0) {
				detach(g, "the debugger went away");
				return true;
			}
			g->awaiting = false;
			continue;
		}
		pthread_mutex_unlock(&g->lock);
		struct pollfd p[3] = { { .fd = g->fd, .events = POLLIN }, { .fd = g->evpipe[0], .events = POLLIN },
				       { .fd = g->lfd, .events = POLLIN } };
		int n = g->rpos < g->rlen ? 1 : poll(p, 3, -1);
		pthread_mutex_lock(&g->lock);
		if (n < 0 && errno == EINTR)
			continue;
		if (g->rpos >= g->rlen && p[2].revents) {
			refuse_client(g);
			continue;
		}
		if (g->rpos >= g->rlen && p[1].revents) {
			drain_pipe(g);
			continue;
		}
		if (g->rpos >= g->rlen && !p[0].revents)
			continue;
		pthread_mutex_unlock(&g->lock);
		int len = rsp_get(g, s->in, sizeof s->in);
		pthread_mutex_lock(&g->lock);
		if (len == -1) {
			detach(g, "the debugger went away");
			return true;
		}
		if (len == -2) {   /* Ctrl-C */
			if (g->running && !g->stop.valid) {
				struct gdb_thread *t = cur_thread(g);
				if (t) {
					/* stop every hart; the stop is the current thread's */
					t->stop_asked = true;
					hart_request_stop(t->h);
					record_stop(g, t, SIG_INT, false, false, 0, NULL);
				}
			}
			continue;
		}
		if (g->running)
			continue;   /* all-stop: no packet but 0x03 while running */
		int r = serve_packet(s, len);
		if (r < 0) {
			detach(g, NULL);
			return true;
		}
	}
}

/* Sessions: after one ends by the client, the harts run on and the port stays open; the next
 * client to connect stops them again (reattach). Ends when every hart has ended. */
static void *server_main(void *arg)
{
	struct srv *s = arg;
	struct gdb *g = s->g;
	pthread_mutex_lock(&g->lock);
	while (serve_session(s)) {
		pthread_mutex_unlock(&g->lock);
		close(g->fd);
		g->fd = -1;
		g->rlen = g->rpos = 0;
		g->noack = false;
		int fd = -1;
		for (;;) {
			struct pollfd p[2] = { { .fd = g->lfd, .events = POLLIN }, { .fd = g->evpipe[0], .events = POLLIN } };
			int n = poll(p, 2, -1);
			if (n < 0 && errno == EINTR)
				continue;
			pthread_mutex_lock(&g->lock);
			bool done = g->exited;
			drain_pipe(g);
			pthread_mutex_unlock(&g->lock);
			if (done)
				break;
			if (p[0].revents && (fd = accept4(g->lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
				break;
		}
		pthread_mutex_lock(&g->lock);
		if (fd < 0)
			break;
		int one = 1;
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		g->fd = fd;
		fprintf(stderr, "intravisor: gdb attached again: every cVM stopped\n");
		reattach(g);
	}
	pthread_mutex_unlock(&g->lock);
	if (g->fd >= 0)
		close(g->fd);
	g->fd = -1;
	free(s);
	return NULL;
}

int gdb_accept(struct gdb *g, char *err, size_t n)
{
	int fd;
	do
		fd = accept4(g->lfd, NULL, NULL, SOCK_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		snprintf(err, n, "--gdb: accepting the debugger failed: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	g->fd = fd;
	struct srv *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, n, "--gdb: out of memory");
		return -1;
	}
	s->g = g;
	if (pthread_create(&g->server, NULL, server_main, s) != 0) {
		free(s);
		snprintf(err, n, "--gdb: cannot start the server thread");
		return -1;
	}
	g->has_server = true;
	return 0;
}

void gdb_close(struct gdb *g, int status)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->exited = true;
	g->exit_status = status;
	pthread_cond_broadcast(&g->cond);
	wake_server(g);
	pthread_mutex_unlock(&g->lock);
	if (g->has_server)
		pthread_join(g->server, NULL);
	if (g->lfd >= 0)
		close(g->lfd);
	close(g->evpipe[0]);
	close(g->evpipe[1]);
	for (struct gdb_thread *t = g->threads; t;) {
		struct gdb_thread *n = t->next;
		free(t);
		t = n;
	}
	free(g->stop.text);
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->cond);
	free(g);
}
