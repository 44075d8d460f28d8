/* attack.c - a hybrid cVM against /dev/capstream (tests/security/capstream.py). Each check
 * prints "ok TAG" or "BAD TAG: why".
 *   probe  (beside examples/stream's producer "raw" and the YAML capfile "sync"): the wrong
 *          direction, path tricks, overlong keys, a NUL in the key, a capfile key, a second
 *          consumer, the calls a stream refuses, a bad buffer (nothing taken from the ring),
 *          dup/close, the end, and ENOENT once the producer has ended
 *   quit   (beside examples/stream's producer): 4 bytes, then close while the producer is
 *          blocked on its full ring: its write ends with -EPIPE; a reopen fails
 *   half   (beside half.S, a producer that writes 13 bytes and ends without closing): the
 *          bytes, then 0 once the producer is gone, never a hang
 *   garble (beside half.S -DGARBLE, a producer that fills its 256-byte ring with 'g' and sets
 *          its head 2^40 bytes ahead): 64 reads return bytes of the ring only, at most its
 *          capacity each */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

static void check(int cond, const char *tag, const char *why)
{
	if (cond)
		printf("ok %s\n", tag);
	else
		printf("BAD %s: %s (errno %d)\n", tag, why, errno);
	fflush(stdout);
}

/* open that fails with err */
static void refused(const char *path, int flags, int err, const char *tag)
{
	errno = 0;
	int fd = open(path, flags);
	check(fd < 0 && errno == err, tag, fd >= 0 ? "opened" : "another errno");
	if (fd >= 0)
		close(fd);
}

static int open_wait(const char *path)
{
	int fd = open(path, O_RDONLY);
	for (int i = 0; fd < 0 && errno == ENOENT && i < 10000; i++) {
		usleep(1000);
		fd = open(path, O_RDONLY);
	}
	return fd;
}

static int probe_main(void)
{
	/* the producer advertises "raw"; take nothing before the direction and path checks */
	int fd = -1;
	for (int i = 0; i < 10000; i++) {
		errno = 0;
		int w = open("/dev/capstream/raw", O_WRONLY);
		if (w >= 0 || errno != ENOENT) {
			check(w < 0 && errno == EACCES, "write-direction-refused", "not EACCES");
			break;
		}
		usleep(1000);
	}
	refused("/dev/capstream/raw", O_RDWR, EACCES, "rdwr-refused");
	refused("/dev/capstream/../x", O_RDONLY, ENOENT, "dotdot-out");
	refused("/dev/capstream/raw/..", O_RDONLY, ENOENT, "dotdot-back-to-folder");
	refused("/dev/capstream/raw/x", O_RDONLY, ENOENT, "below-a-key");
	refused("/dev/capstream", O_RDONLY, ENOENT, "folder-itself");
	refused("/dev/capstream/", O_RDONLY, ENOENT, "folder-slash");
	char longkey[128] = "/dev/capstream/";
	memset(longkey + strlen(longkey), 'k', 65);
	refused(longkey, O_RDONLY, ENAMETOOLONG, "key-65-bytes");
	longkey[strlen(longkey) - 1] = 0;
	refused(longkey, O_RDONLY, ENOENT, "key-64-bytes-unknown");
	refused("/dev/capstream/ra\0w", O_RDONLY, ENOENT, "nul-ends-key");
	refused("/dev/capstream/sync", O_RDONLY, ENXIO, "capfile-is-not-a-stream");
	refused("/dev/capstream/raw", O_RDONLY | O_DIRECTORY, ENOTDIR, "directory-flag");
	refused("/dev/capstream/raw", O_RDONLY | O_CREAT, EINVAL, "create-flag");
	fd = open("/dev/capstream/./raw", O_RDONLY);
	check(fd >= 0, "open-consumer", "open failed");
	refused("/dev/capstream/raw", O_RDONLY, EBUSY, "second-consumer-busy");
	char b[400];
	errno = 0;
	check(write(fd, "x", 1) < 0 && errno == EBADF, "write-ebadf", "write");
	errno = 0;
	check(lseek(fd, 0, SEEK_SET) < 0 && errno == ESPIPE, "lseek-espipe", "lseek");
	errno = 0;
	check(pread(fd, b, 4, 0) < 0 && errno == ESPIPE, "pread-espipe", "pread");
	struct iovec v = { b, 4 };
	errno = 0;
	check(readv(fd, &v, 1) < 0 && errno == EINVAL, "readv-einval", "readv");
	errno = 0;
	check(read(fd, (void *)0x7ff000000000ul, 10) < 0 && errno == EFAULT, "read-outside-slot-efault", "read");
	errno = 0;
	volatile size_t huge = 1ul << 40;   /* past the slot: its capability is untagged */
	check(read(fd, b, huge) < 0 && errno == EFAULT, "read-huge-efault", "read");
	ssize_t n = read(fd, b, 4);
	check(n == 4 && !memcmp(b, "one:", 4), "refused-reads-took-nothing", "first bytes differ");
	int fd2 = dup(fd);
	check(fd2 >= 0 && close(fd) == 0, "dup-then-close", "dup");
	long total = 4;
	for (;;) {
		n = read(fd2, b, sizeof b);
		if (n <= 0)
			break;
		total += n;
	}
	check(n == 0 && total == 361, "read-to-end-361", "not 361 bytes then 0");
	check(read(fd2, b, sizeof b) == 0, "end-stays-end", "not 0");
	check(close(fd2) == 0, "close-last", "close");
	/* EBUSY until the producer (which closed the stream) has ended; then its key is gone */
	int again = -1;
	for (int i = 0; i < 10000; i++) {
		errno = 0;
		again = open("/dev/capstream/raw", O_RDONLY);
		if (again >= 0 || errno != EBUSY)
			break;
		usleep(1000);
	}
	check(again < 0 && errno == ENOENT, "reopen-after-producer-ended", again >= 0 ? "opened" : "another errno");
	return 0;
}

/* take 4 bytes and close while the producer (361 bytes into a 256-byte ring) is blocked: its
 * write must end (-EPIPE), and nobody can be the consumer again */
static int quit(void)
{
	int fd = open_wait("/dev/capstream/raw");
	char b[4];
	check(fd >= 0 && read(fd, b, 4) == 4 && !memcmp(b, "one:", 4), "read-4-bytes", "read");
	check(close(fd) == 0, "close-early", "close");
	/* EBUSY while the producer is still there, ENOENT once its -EPIPE ended it */
	errno = 0;
	int again = open("/dev/capstream/raw", O_RDONLY);
	check(again < 0 && (errno == EBUSY || errno == ENOENT), "no-second-consumer-after-close", "opened");
	return 0;
}

static int half(const char *key)
{
	char path[96];
	snprintf(path, sizeof path, "/dev/capstream/%s", key);
	int fd = open_wait(path);
	check(fd >= 0, "open-half", "open");
	char b[4096];
	long total = 0;
	ssize_t n;
	int reads = 0;
	int garble = !strcmp(key, "garble");
	while ((n = read(fd, b, sizeof b)) > 0) {
		total += n;
		reads++;
		if (!garble)
			continue;
		int ring_bytes = n <= 256;
		for (ssize_t i = 0; i < n && ring_bytes; i++)
			ring_bytes = b[i] == 'g';
		if (!ring_bytes) {
			printf("BAD garbled-read: %zd bytes\n", n);
			return 1;
		}
		if (reads == 64) {   /* the head is 2^40 ahead: it would go on for 2^32 reads */
			printf("ok garbled-head-64-reads-of-ring-bytes-only\n");
			return 0;
		}
	}
	if (garble) {
		printf("BAD garbled: read gave %zd after %d reads\n", n, reads);
		return 1;
	}
	if (!strcmp(key, "half"))
		check(n == 0 && total == 13 && !memcmp(b, "partial line\n", 13), "producer-died-13-bytes-then-eof",
		      "not 13 bytes then 0");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "half"))
		return half("half");
	if (argc > 1 && !strcmp(argv[1], "quit"))
		return quit();
	if (argc > 1 && !strcmp(argv[1], "garble"))
		return half("garble");
	return probe_main();
}
