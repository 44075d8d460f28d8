/* gdb_catch.c - stops at hostcalls and system calls (README "Debugging"): gdb's `catch
 * syscall` (the QCatchSyscalls packet; stop replies T05syscall_entry:NR; / syscall_return:NR;)
 * and `monitor catch hostcall [NR...]` for the gdb that will not send it: Debian's gdb-multiarch
 * 13 refuses `catch syscall` on RISC-V ("not supported on this architecture yet": it has no
 * syscall-number hook for the architecture), whatever the stub offers.
 *
 * The embedder asks gdb_catches(t, nr) around every call it serves (one relaxed load when
 * nothing is caught) and calls gdb_syscall before serving it and after, with the hart at the
 * caller's state: the numbers are the embedder's (hostcall numbers; a hybrid cVM's Linux
 * system-call numbers). The guest chooses nr, and nr only selects whether to stop: it is
 * printed as a number, never as guest text.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "gdb/gdb_priv.h"

static void catch_set(struct gdb *g, bool all, bool rsp, const uint64_t *nr, unsigned n)
{
	g->catch.all = all;
	g->catch.rsp = rsp;
	g->catch.n = n;
	if (n)
		memcpy(g->catch.nr, nr, n * sizeof *nr);
	__atomic_store_n(&g->catch_on, all || n, __ATOMIC_RELEASE);
}

void gdb_catch_clear(struct gdb *g) { catch_set(g, false, false, NULL, 0); }

/* "0" | "1" | "1;NR;NR..." (hex numbers) */
void gdb_catch_packet(struct gdb *g, const char *p, char *out, size_t n)
{
	uint64_t nr[GDB_CATCH_MAX];
	unsigned k = 0;
	if (!strcmp(p, "0")) {
		catch_set(g, false, false, NULL, 0);
		snprintf(out, n, "OK");
		return;
	}
	if (p[0] != '1' || (p[1] && p[1] != ';')) {
		snprintf(out, n, "E22");
		return;
	}
	for (const char *q = p + 1; *q == ';';) {
		char *end;
		if (k == GDB_CATCH_MAX || !((q[1] >= '0' && q[1] <= '9') || (q[1] >= 'a' && q[1] <= 'f'))) {
			snprintf(out, n, "E22");
			return;
		}
		nr[k++] = strtoull(q + 1, &end, 16);
		q = end;
		if (*q && *q != ';') {
			snprintf(out, n, "E22");
			return;
		}
	}
	catch_set(g, k == 0, true, nr, k);
	snprintf(out, n, "OK");
}

bool gdb_catch_monitor(struct gdb *g, const char *cmd, FILE *f)
{
	if (!strcmp(cmd, "catch off")) {
		catch_set(g, false, false, NULL, 0);
		fprintf(f, "catching no hostcalls\n");
		return true;
	}
	if (strncmp(cmd, "catch hostcall", 14) || (cmd[14] && cmd[14] != ' '))
		return false;
	uint64_t nr[GDB_CATCH_MAX];
	unsigned k = 0;
	for (const char *q = cmd + 14; *q;) {
		while (*q == ' ')
			q++;
		if (!*q)
			break;
		char *end;
		unsigned long long v = strtoull(q, &end, 0);
		if (end == q || (*end && *end != ' ') || *q == '-') {
			fprintf(f, "monitor catch hostcall [NR...]: '%s' is not a number\n", q);
			return true;
		}
		if (k == GDB_CATCH_MAX) {
			fprintf(f, "monitor catch hostcall: at most %u numbers\n", GDB_CATCH_MAX);
			return true;
		}
		nr[k++] = v;
		q = end;
	}
	catch_set(g, k == 0, false, nr, k);
	if (!k) {
		fprintf(f, "catching every hostcall and system call, at entry and return\n");
		return true;
	}
	fprintf(f, "catching, at entry and return:");
	for (unsigned i = 0; i < k; i++)
		fprintf(f, " %" PRIu64, nr[i]);
	fputc('\n', f);
	return true;
}

bool gdb_catches(struct gdb_thread *t, uint64_t nr)
{
	struct gdb *g = t->g;
	if (!__atomic_load_n(&g->catch_on, __ATOMIC_ACQUIRE))
		return false;
	pthread_mutex_lock(&g->lock);
	bool hit = !g->detached && g->catch.all;
	for (unsigned i = 0; i < g->catch.n && !hit && !g->detached; i++)
		hit = g->catch.nr[i] == nr;
	pthread_mutex_unlock(&g->lock);
	return hit;
}

void gdb_syscall(struct gdb_thread *t, uint64_t nr, bool entry, const char *text)
{
	struct gdb *g = t->g;
	pthread_mutex_lock(&g->lock);
	gdb_stop_park(g, t, 5 /* SIGTRAP */, g->catch.rsp ? NULL : text, entry ? GDB_SYSCALL_ENTRY : GDB_SYSCALL_RETURN, nr);
	if (t->act == GDB_ACT_STEP) {
		/* a step from here: leave hart_run (this runs inside it, in the embedder's gate hook)
		 * at once, so that the next slice is the one-instruction step */
		t->stop_asked = true;
		hart_request_stop(t->h);
	}
	pthread_mutex_unlock(&g->lock);
}
