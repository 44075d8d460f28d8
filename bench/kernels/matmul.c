/* matmul.c - C = A * B for 120x120 doubles (i-k-j order), repeated; checksum = the bits of
 * the sum of C. Exact IEEE results, so every platform must agree bit for bit. */
#include "bench.h"

#define N 120
#define ROUNDS 15

static double a[N][N], b[N][N], c[N][N];

int main(void)
{
	uint64_t s = 7;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[i][j] = (double)(lcg_next(&s) % 1000) / 64.0;
			b[i][j] = (double)(lcg_next(&s) % 1000) / 128.0 - 3.0;
		}
	double total = 0;
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				c[i][j] = 0;
		for (int i = 0; i < N; i++)
			for (int k = 0; k < N; k++) {
				double x = a[i][k];
				for (int j = 0; j < N; j++)
					c[i][j] += x * b[k][j];
			}
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				total += c[i][j];
		a[r][r] += 1.0;
	}
	union {
		double d;
		uint64_t u;
	} v = {.d = total};
	bench_result("matmul", v.u);
	return 0;
}
