/* cat.c - examples/capstream: a hybrid cVM (riscv64-linux-gnu-gcc -static) that reads the
 * CP_Stream "raw" of a pure-cap producer (examples/stream/producer.S) through the Linux
 * personality: open("/dev/capstream/raw"), read until 0 (the producer closed the stream), and
 * copies the bytes to stdout (intravisor.md 9, issue 13). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/capstream/raw";
	int fd = open(path, O_RDONLY);
	/* the producer may not have advertised it yet (as cvm_stream_connect: retry for 10 s) */
	for (int i = 0; fd < 0 && errno == ENOENT && i < 10000; i++) {
		usleep(1000);
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
