/* bench.h - the tiny runtime the benchmark kernels use, so that the same source builds as a
 * -nostdlib static RV64 executable (crt/rv_start.S + crt/rt.c) and as a native program. */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

long bench_write(int fd, const void *buf, size_t n);
void out_str(const char *s);
void out_hex(uint64_t v);
/* print "NAME checksum=0x...\n" */
void bench_result(const char *name, uint64_t checksum);

/* a fixed pseudo-random sequence (64-bit LCG, Knuth MMIX constants) */
static inline uint64_t lcg_next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 17;
}

#endif
