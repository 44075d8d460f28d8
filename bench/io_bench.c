/* io_bench.c - bulk I/O of a hybrid cVM (bench/hybrid_bench.sh): "write N" writes a 1 MiB buffer
 * N times to stdout (the runner sends it to /dev/null); "read FILE" reads FILE to its end in
 * 1 MiB reads. Prints the bytes moved and MB/s measured inside the program (to stderr). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	static char buf[CHUNK];
	if (argc < 3)
		return 2;
	long long moved = 0;
	double t0 = now();
	if (!strcmp(argv[1], "write")) {
		memset(buf, 'x', sizeof buf);
		for (long i = 0, n = atol(argv[2]); i < n; i++) {
			ssize_t w = write(1, buf, sizeof buf);
			if (w != (ssize_t)sizeof buf)
				return 1;
			moved += w;
		}
	} else {
		int fd = open(argv[2], O_RDONLY);
		if (fd < 0)
			return 1;
		for (ssize_t r; (r = read(fd, buf, sizeof buf)) > 0;)
			moved += r;
		close(fd);
	}
	double s = now() - t0;
	fprintf(stderr, "%lld bytes %.0f MB/s\n", moved, (double)moved / s / 1e6);
	return 0;
}
