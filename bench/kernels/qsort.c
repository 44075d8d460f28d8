/* qsort.c - recursive quicksort (median of three, insertion sort below 16) of 200,000
 * pseudo-random 32-bit keys, repeated; checksum = position-weighted sum of the sorted keys. */
#include "bench.h"

#define LEN 200000
#define ROUNDS 24

static uint32_t v[LEN];

static void isort(uint32_t *p, long n)
{
	for (long i = 1; i < n; i++) {
		uint32_t x = p[i];
		long j = i - 1;
		while (j >= 0 && p[j] > x) {
			p[j + 1] = p[j];
			j--;
		}
		p[j + 1] = x;
	}
}

static void swap(uint32_t *x, uint32_t *y)
{
	uint32_t t = *x;
	*x = *y;
	*y = t;
}

static void quicksort(uint32_t *p, long n)
{
	while (n > 16) {
		long m = n / 2;
		if (p[m] < p[0])
			swap(&p[m], &p[0]);
		if (p[n - 1] < p[0])
			swap(&p[n - 1], &p[0]);
		if (p[n - 1] < p[m])
			swap(&p[n - 1], &p[m]);
		uint32_t pivot = p[m];
		long i = 0, j = n - 1;
		for (;;) {
			while (p[i] < pivot)
				i++;
			while (p[j] > pivot)
				j--;
			if (i >= j)
				break;
			swap(&p[i], &p[j]);
			i++;
			j--;
		}
		/* recurse into the smaller part, loop on the larger */
		if (j + 1 < n - j - 1) {
			quicksort(p, j + 1);
			p += j + 1;
			n -= j + 1;
		} else {
			quicksort(p + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	isort(p, n);
}

int main(void)
{
	uint64_t s = 42, sum = 0;
	for (int r = 0; r < ROUNDS; r++) {
		for (long i = 0; i < LEN; i++)
			v[i] = (uint32_t)lcg_next(&s);
		quicksort(v, LEN);
		for (long i = 1; i < LEN; i++)
			if (v[i - 1] > v[i])
				sum ^= 0xbad0000 + (uint64_t)i; /* not sorted: poison the checksum */
		for (long i = 0; i < LEN; i += 97)
			sum += v[i] * (uint64_t)(i + 1);
	}
	bench_result("qsort", sum);
	return 0;
}
