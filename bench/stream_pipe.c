/* stream_pipe.c - the baseline of bench/stream_bench.sh: a riscv64 Linux program run twice
 * under qemu-riscv64, "w" writing TOTAL bytes in MSG-byte messages to stdout and "r" reading
 * them from stdin, joined by a pipe. stream_pipe w MSG TOTAL [BYTES]: the writer first makes
 * the pipe's buffer BYTES (F_SETPIPE_SZ; Linux's default is 64 KiB). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4 && argc != 5)
		return 2;
	size_t msg = strtoul(argv[2], NULL, 0), total = strtoul(argv[3], NULL, 0), done = 0;
	char *buf = calloc(1, msg);
	if (!buf)
		return 2;
	if (argv[1][0] == 'w') {
		if (argc == 5 && fcntl(1, F_SETPIPE_SZ, atoi(argv[4])) < atoi(argv[4])) {
			perror("stream_pipe: F_SETPIPE_SZ");
			return 2;
		}
		while (done < total) {
			size_t off = 0;
			while (off < msg) {
				ssize_t k = write(1, buf + off, msg - off);
				if (k <= 0)
					return 1;
				off += (size_t)k;
			}
			done += msg;
		}
		return 0;
	}
	for (;;) {
		ssize_t k = read(0, buf, msg);
		if (k < 0)
			return 1;
		if (k == 0)
			break;
		done += (size_t)k;
	}
	return done == total ? 0 : 1;
}
