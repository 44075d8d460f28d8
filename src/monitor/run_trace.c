/* run_trace.c - --trace (README "Debugging"): per cVM thread, its instructions (the hart's
 * traced instantiation: pc, bits, disassembly, the register written), the capabilities
 * capability-creating instructions make (cap) and the loads and stores (mem) (hart/trace.c),
 * the hostcalls the monitor serves (number, capability arguments decoded, result) and the
 * cross-cVM calls (caller -> handler, number; return, result), to stderr or --trace-file.
 * Filtered by cVM (--trace-cvm NAME: a call or return is shown when either side is that cVM)
 * and by pc (--trace-pc LO-HI), and bounded: at most --trace-limit traced instructions per
 * thread (default 100000), then one "limit reached" line and the thread runs untraced at full
 * speed. Every name printed comes from the configuration; the guest only chooses numbers.
 */
#include <inttypes.h>
#include <string.h>

#include "monitor/hostcall.h"
#include "monitor/run_priv.h"

static bool run_trace_wants(const struct run_thread *rt, unsigned what)
{
	const struct monitor *mon = rt->mon;
	return (mon->trace & what) && (!mon->trace_cvm || !strcmp(mon->trace_cvm, rt->v->name));
}

static FILE *run_trace_out(const struct monitor *mon) { return mon->trace_file ? mon->trace_file : stderr; }

void run_trace_begin(struct run_thread *rt, struct hart *h)
{
	const struct monitor *mon = rt->mon;
	if (!run_trace_wants(rt, RUN_TRACE_INSN | RUN_TRACE_CAP | RUN_TRACE_MEM))
		return;
	rt->trace_left = mon->trace_limit ? mon->trace_limit : RUN_TRACE_DEFAULT_LIMIT;
	fprintf(run_trace_out(mon), "# trace: cVM '%s' thread %u: at most %" PRIu64 " instructions", rt->v->name, rt->j,
		rt->trace_left);
	if (mon->trace_pc_len)
		fprintf(run_trace_out(mon), " at pc [0x%" PRIx64 ", 0x%" PRIx64 ")", mon->trace_pc_lo,
			mon->trace_pc_lo + mon->trace_pc_len);
	fputc('\n', run_trace_out(mon));
	unsigned what = (mon->trace & RUN_TRACE_INSN ? HART_TRACE_INSN : 0) | (mon->trace & RUN_TRACE_CAP ? HART_TRACE_CAP : 0) |
			(mon->trace & RUN_TRACE_MEM ? HART_TRACE_MEM : 0);
	hart_set_trace_filter(h, what, mon->trace_pc_lo, mon->trace_pc_len);
	hart_set_trace(h, run_trace_out(mon));
}

uint64_t run_trace_slice(struct run_thread *rt, struct hart *h, uint64_t slice)
{
	rt->trace_mark = hart_traced(h);
	return rt->trace_left && slice > rt->trace_left ? rt->trace_left : slice;
}

void run_trace_after(struct run_thread *rt, struct hart *h)
{
	if (!rt->trace_left)
		return;
	uint64_t done = hart_traced(h) - rt->trace_mark;
	rt->trace_left = done < rt->trace_left ? rt->trace_left - done : 0;
	if (!rt->trace_left) {
		hart_set_trace(h, NULL);
		fprintf(run_trace_out(rt->mon), "# trace: cVM '%s' thread %u: --trace-limit reached, untraced from here\n",
			rt->v->name, rt->j);
	}
}

static __attribute__((noinline)) void trace_hostcall(struct run_thread *rt, const struct hostcall_request *r,
						   int64_t result)
{
	FILE *f = run_trace_out(rt->mon);
	char buf[200];
	flockfile(f);
	fprintf(f, "hostcall cVM '%s' thread %u nr %" PRIu64 " = %" PRId64 "\n", rt->v->name, rt->j, r->nr, result);
	for (unsigned i = 0; i < HOSTCALL_ARGS; i++)
		if (r->arg[i].tag || r->arg[i].addr) {   /* only the arguments printed are decoded */
			cap_format(buf, sizeof buf, &r->arg[i]);
			fprintf(f, "  ca%u %s\n", i, buf);
		}
	funlockfile(f);
}

void run_trace_hostcall(struct run_thread *rt, const struct hostcall_request *r, int64_t result)
{
	if (run_trace_wants(rt, RUN_TRACE_HOSTCALL))
		trace_hostcall(rt, r, result);
}

void run_trace_call(struct run_thread *rt, const struct cvm *from, const struct cvm *to, uint64_t nr, bool is_return,
		    int64_t result)
{
	const struct monitor *mon = rt->mon;
	if (!(mon->trace & RUN_TRACE_CALL) ||
	    (mon->trace_cvm && strcmp(mon->trace_cvm, from->name) && strcmp(mon->trace_cvm, to->name)))
		return;
	if (is_return)
		fprintf(run_trace_out(mon), "return cVM '%s' -> cVM '%s' thread %u nr %" PRIu64 " = %" PRId64 " (depth %u)\n",
			from->name, to->name, rt->j, nr, result, rt->sw.depth);
	else
		fprintf(run_trace_out(mon), "call cVM '%s' thread %u -> cVM '%s' nr %" PRIu64 " (depth %u)\n", from->name,
			rt->j, to->name, nr, rt->sw.depth);
}
