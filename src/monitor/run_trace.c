/* run_trace.c - --trace (README "Debugging"): per cVM thread, its instructions (the hart's
 * traced instantiation: pc, bits, disassembly, the register written) and the hostcalls the
 * monitor serves (number, capability arguments decoded, result), to stderr or --trace-file.
 * Filtered by cVM (--trace-cvm NAME) and bounded: at most --trace-limit instructions per thread
 * (default 100000), then one "limit reached" line and the thread runs untraced at full speed.
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
	if (!run_trace_wants(rt, RUN_TRACE_INSN))
		return;
	rt->trace_left = rt->mon->trace_limit ? rt->mon->trace_limit : RUN_TRACE_DEFAULT_LIMIT;
	fprintf(run_trace_out(rt->mon), "# trace: cVM '%s' thread %u: at most %" PRIu64 " instructions\n", rt->v->name,
		rt->j, rt->trace_left);
	hart_set_trace(h, run_trace_out(rt->mon));
}

uint64_t run_trace_slice(struct run_thread *rt, struct hart *h, uint64_t slice)
{
	rt->trace_mark = hart_instret(h);
	return rt->trace_left && slice > rt->trace_left ? rt->trace_left : slice;
}

void run_trace_after(struct run_thread *rt, struct hart *h)
{
	if (!rt->trace_left)
		return;
	uint64_t done = hart_instret(h) - rt->trace_mark;
	rt->trace_left = done < rt->trace_left ? rt->trace_left - done : 0;
	if (!rt->trace_left) {
		hart_set_trace(h, NULL);
		fprintf(run_trace_out(rt->mon), "# trace: cVM '%s' thread %u: --trace-limit reached, untraced from here\n",
			rt->v->name, rt->j);
	}
}

void run_trace_hostcall(struct run_thread *rt, const struct hostcall_request *r, int64_t result)
{
	if (!run_trace_wants(rt, RUN_TRACE_HOSTCALL))
		return;
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
