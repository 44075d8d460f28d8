/* sieve.c - sieve of Eratosthenes up to 4,000,000, repeated; checksum mixes the prime
 * counts and the sum of the primes found. */
#include "bench.h"

#define MAXN 4000000
#define ROUNDS 20

static unsigned char composite[MAXN + 1];

int main(void)
{
	uint64_t sum = 0;
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i <= MAXN; i++)
			composite[i] = 0;
		uint64_t count = 0, psum = 0;
		for (uint64_t i = 2; i <= MAXN; i++) {
			if (composite[i])
				continue;
			count++;
			psum += i;
			for (uint64_t j = i * i; j <= MAXN; j += i)
				composite[j] = 1;
		}
		sum = sum * 31 + count + psum;
	}
	bench_result("sieve", sum);
	return 0;
}
