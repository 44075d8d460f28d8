/* decode_bench.c - ns per hart_decode call on three instruction mixes (printed figures, not a
 * test): "valid" = every insns.def row's match with random don't-care bits, "rand32" = random
 * 32-bit words (mostly illegal), "rvc" = all 65536 16-bit words. Each mix runs in integer and
 * capability mode. With -DDECODE_BENCH_SLOW the linear reference hart_decode_slow (decode.c) is
 * timed too, on the same words. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hart/hart_priv.h"

#ifdef DECODE_BENCH_SLOW
bool hart_decode_slow(uint32_t insn, bool capmode, struct decoded *d);
#endif

#define N_WORDS (1u << 20)

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12; *s ^= *s << 25; *s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

typedef bool (*decode_fn)(uint32_t, bool, struct decoded *);

/* best of 5 passes over the words, ns per call; *sink keeps the results live */
static double time_decode(decode_fn fn, const uint32_t *w, unsigned n, bool capmode, unsigned *sink)
{
	double best = 1e30;
	for (int pass = 0; pass < 5; pass++) {
		double t0 = now_ns();
		unsigned acc = 0;
		for (unsigned i = 0; i < n; i++) {
			struct decoded d;
			acc += fn(w[i], capmode, &d) + (unsigned)d.id + d.rd;
		}
		double t = (now_ns() - t0) / n;
		*sink += acc;
		if (t < best)
			best = t;
	}
	return best;
}

int main(void)
{
	uint32_t *valid = malloc(N_WORDS * sizeof *valid), *rand32 = malloc(N_WORDS * sizeof *rand32);
	uint32_t *rvc = malloc(65536 * sizeof *rvc);
	if (!valid || !rand32 || !rvc)
		return 1;
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	for (unsigned i = 0; i < N_WORDS; i++) {
		const struct insn_row *r = &hart_insns[rnd(&s) % ID_COUNT];
		uint32_t w = (r->match | ((uint32_t)rnd(&s) & ~r->mask));
		valid[i] = (r->match & 3) != 3 ? (w & 0xffff) : w;
		rand32[i] = (uint32_t)rnd(&s) | 3;
	}
	for (unsigned i = 0; i < 65536; i++)
		rvc[i] = i;
	struct { const char *name; const uint32_t *w; unsigned n; } mix[] = {
		{ "valid", valid, N_WORDS }, { "rand32", rand32, N_WORDS }, { "rvc", rvc, 65536 },
	};
	unsigned sink = 0;
	printf("%-8s %-4s %12s", "mix", "mode", "ns/decode");
#ifdef DECODE_BENCH_SLOW
	printf(" %12s %8s", "ns/linear", "speedup");
#endif
	printf("\n");
	for (unsigned m = 0; m < sizeof mix / sizeof mix[0]; m++)
		for (int cap = 0; cap < 2; cap++) {
			double fast = time_decode(hart_decode, mix[m].w, mix[m].n, cap, &sink);
			printf("%-8s %-4s %12.2f", mix[m].name, cap ? "cap" : "int", fast);
#ifdef DECODE_BENCH_SLOW
			double slow = time_decode(hart_decode_slow, mix[m].w, mix[m].n, cap, &sink);
			printf(" %12.2f %7.1fx", slow, slow / fast);
#endif
			printf("\n");
		}
	fprintf(stderr, "(sink %u)\n", sink);
	free(valid);
	free(rand32);
	free(rvc);
	return 0;
}
