/* fmap.c - file mappings of a hybrid cVM (linux_fmap.c): MAP_PRIVATE read-only and writable
 * mappings of a file in the mount /data (exact bytes; the host file unchanged), an offset, an
 * offset past the end (zeros), and the refusals: MAP_SHARED, a directory, a write-only fd, a bad
 * fd, an unaligned offset, MAP_FIXED over the image, the stack, the last page of the slot (stack
 * region and capability store of a 1 GiB slot) and past the slot. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

static void refuse(const char *what, void *p)
{
	printf("%s: %s\n", what, p == MAP_FAILED ? strerror(errno) : "mapped");
}

int main(void)
{
	int fd = open("/data/f.bin", O_RDONLY);
	if (fd < 0) {
		perror("/data/f.bin");
		return 1;
	}
	/* f.bin: 5000 bytes, byte i = 'a' + i % 26 */
	unsigned char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	int ok = 1;
	for (int i = 0; i < 5000; i++)
		ok &= p[i] == 'a' + i % 26;
	int zeros = 1;
	for (int i = 5000; i < 8192; i++)
		zeros &= p[i] == 0;
	printf("read-only: first %.8s, bytes %s, after the end %s\n", p, ok ? "exact" : "WRONG", zeros ? "zero" : "NOT ZERO");
	munmap(p, 8192);

	char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	memcpy(w, "CHANGED", 7);
	printf("private writable: %.10s\n", w);

	unsigned char *o = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
	printf("offset 4096: %c%c%c (904 bytes), then %d\n", o[0], o[1], o[2], o[904]);
	unsigned char *b = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 1 << 20);
	printf("offset past the end: %s, first byte %d\n", b == MAP_FAILED ? strerror(errno) : "mapped", b == MAP_FAILED ? -1 : b[0]);

	refuse("MAP_SHARED", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0));
	refuse("unaligned offset", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100));
	refuse("bad fd", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 77, 0));
	int d = open("/data", O_RDONLY | O_DIRECTORY);
	refuse("a directory", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, d, 0));
	int wo = open("/data/w.bin", O_WRONLY | O_CREAT, 0644);
	refuse("write-only fd", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wo, 0));
	refuse("MAP_FIXED over the image", mmap((void *)0x10000, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0));
	int local;
	void *stack = (void *)(((unsigned long)&local & ~4095UL));
	refuse("MAP_FIXED over the stack", mmap(stack, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0));
	refuse("MAP_FIXED on the last page of the slot", mmap((void *)0x3ffff000UL, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0));
	refuse("MAP_FIXED past the slot", mmap((void *)0x40000000UL, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0));
	printf("stack intact: %d\n", local = 5);
	/* preadv/pwritev at an offset (the file position does not move) */
	int rw = open("/data/v.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct iovec out[2] = { { "hello ", 6 }, { "vectors", 7 } };
	char in1[4] = { 0 }, in2[16] = { 0 };
	struct iovec back[2] = { { in1, 3 }, { in2, 10 } };
	long wn = pwritev(rw, out, 2, 5);
	long rn = preadv(rw, back, 2, 6);
	printf("pwritev %ld, preadv %ld: [%s|%s], position %ld\n", wn, rn, in1, in2, (long)lseek(rw, 0, SEEK_CUR));
	return 0;
}
