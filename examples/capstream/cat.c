/* cat.c - examples/capstream: a hybrid cVM (riscv64-linux-gnu-gcc -static) that reads a
 * CP_Stream through the Linux personality: open("/dev/capstream/raw") (or argv[1]), read until
 * 0 (the producer closed the stream), and copies the bytes to stdout (intravisor.md 9, issue
 * 13). Its producer: examples/stream/producer.S (pure-cap, capstream.yaml) or writer.c
 * (hybrid, pipe.yaml). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/capstream/raw";
	int fd = open(path, O_RDONLY);
	/* the producer may not have advertised it yet (as cvm_stream_connect: retry for 10 s;
	 * sched_yield, as the personality serves no clock_nanosleep) */
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (fd < 0 && errno == ENOENT && clock_gettime(CLOCK_MONOTONIC, &t) == 0 && t.tv_sec - t0.tv_sec < 10) {
		sched_yield();
		fd = open(path, O_RDONLY);
	}
	if (fd < 0) {
		printf("cat: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	char buf[100];   /* less than the text: several reads, some while the ring is empty */
	long total = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0) {
			printf("cat: read: %s\n", strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		if (write(1, buf, (size_t)n) != n)
			return 1;
		total += n;
	}
	close(fd);
	printf("cat: end of stream after %ld bytes\n", total);
	return 0;
}
