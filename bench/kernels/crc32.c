/* crc32.c - table-driven CRC-32 (IEEE 802.3, reflected, poly 0xedb88320) over a 64 KiB
 * pseudo-random buffer, repeated; checksum = xor of the CRCs. */
#include "bench.h"

#define LEN 65536
#define ROUNDS 1500

static uint32_t table[256];
static unsigned char data[LEN];

int main(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
	uint64_t s = 1;
	for (int i = 0; i < LEN; i++)
		data[i] = (unsigned char)lcg_next(&s);
	uint64_t sum = 0;
	for (int r = 0; r < ROUNDS; r++) {
		data[r] ^= (unsigned char)r;
		uint32_t c = 0xffffffffu;
		for (int i = 0; i < LEN; i++)
			c = table[(c ^ data[i]) & 0xff] ^ (c >> 8);
		sum = (sum << 1 | sum >> 63) ^ (c ^ 0xffffffffu);
	}
	bench_result("crc32", sum);
	return 0;
}
