/* writer.c - examples/capstream: a hybrid cVM (riscv64-linux-gnu-gcc -static) that is a
 * CP_Stream's producer through the Linux personality: open("/dev/capstream/KEY", O_WRONLY)
 * advertises the stream (the monitor makes its ring, in memory no cVM slot owns) and returns
 * once a consumer has probed it; each write copies a line into the ring; close marks the
 * stream closed, so the consumer (pure-cap cvm_stream_read or a hybrid read) gets 0 once it is
 * drained (docs/config.md "/dev/capstream", issue 13). Everything it says goes into the stream:
 * the consumer prints it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const lines[] = {
	"one: a hybrid cVM opened /dev/capstream/KEY for writing\n",
	"two: the monitor made the ring, in memory no slot owns\n",
	"three: each write(2) copies the bytes in and moves the head\n",
	"four: the consumer moves the tail, pure-cap or hybrid\n",
	"five: close marks the stream closed; the reader then gets 0\n",
};

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/capstream/raw";
	int fd = open(path, O_WRONLY);
	if (fd < 0) {
		printf("writer: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	long total = 0;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		size_t n = strlen(lines[i]);
		if (write(fd, lines[i], n) != (ssize_t)n) {
			printf("writer: write: %s\n", strerror(errno));
			return 1;
		}
		total += (long)n;
	}
	char end[64];
	int n = snprintf(end, sizeof end, "writer: %ld bytes before this line\n", total);
	if (write(fd, end, (size_t)n) != n || close(fd) != 0) {
		printf("writer: write/close: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
