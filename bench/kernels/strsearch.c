/* strsearch.c - Boyer-Moore-Horspool search of 16 patterns (taken from the text and mutated)
 * in a 256 KiB text over a 4-letter alphabet, repeated; checksum = match positions mixed. */
#include "bench.h"

#define TLEN 262144
#define NPAT 16
#define PLEN 12
#define ROUNDS 32

static char text[TLEN];
static char pat[NPAT][PLEN];

static uint64_t search(const char *t, long n, const char *p, long m)
{
	long skip[256];
	for (int i = 0; i < 256; i++)
		skip[i] = m;
	for (long i = 0; i < m - 1; i++)
		skip[(unsigned char)p[i]] = m - 1 - i;
	uint64_t h = 0;
	long i = 0;
	while (i <= n - m) {
		long j = m - 1;
		while (j >= 0 && t[i + j] == p[j])
			j--;
		if (j < 0)
			h = h * 1000003 + (uint64_t)i + 1;
		i += skip[(unsigned char)t[i + m - 1]];
	}
	return h;
}

int main(void)
{
	uint64_t s = 11, sum = 0;
	for (long i = 0; i < TLEN; i++)
		text[i] = "acgt"[lcg_next(&s) & 3];
	for (int k = 0; k < NPAT; k++) {
		long at = (long)(lcg_next(&s) % (TLEN - PLEN));
		for (int j = 0; j < PLEN; j++)
			pat[k][j] = text[at + j];
		if (k & 1)
			pat[k][lcg_next(&s) % PLEN] = "acgt"[lcg_next(&s) & 3];
	}
	for (int r = 0; r < ROUNDS; r++)
		for (int k = 0; k < NPAT; k++)
			sum = sum * 31 + search(text, TLEN, pat[k], PLEN - (r & 3));
	bench_result("strsearch", sum);
	return 0;
}
