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
 *          capacity each
 * As a producer (O_WRONLY):
 *   wgarble (beside wgarble.S, a pure-cap consumer that garbles the header between our
 *          writes; "ack" and "wg2" carry one byte per step between us): a garbled head, id,
 *          flags and closed word change nothing; a tail ahead of the head or more than a ring
 *          behind is -EIO; O_NONBLOCK fills exactly the 32 KiB ring (wrapping) then -EAGAIN;
 *          our key cannot be taken (409, O_WRONLY) nor consumed by ourselves; once the consumer
 *          ended, a write on the full ring is -EPIPE
 *   wpipe-w / wpipe-r (two hybrid cVMs; wpack carries the reader's 'c' back): bad buffers
 *          are -EFAULT and write nothing (the reader's first bytes are "hello"); once the
 *          reader closed wq, a write is -EPIPE though the ring has room; the reader closes wp
 *          while the writer is blocked on the full ring: that write ends, the next is -EPIPE
 *          (no SIGPIPE kill)
 *   wclose-w / wclose-r: a thread blocks writing into the full ring; main closes the
 *          descriptor (at once): the write returns the 32768 bytes it wrote, and the reader
 *          reads them, then 0, while the writer is alive
 *   wstall (beside sink.S, a consumer that never reads): a thread blocks writing into the
 *          full ring; main returns (exit_group) and the run ends
 *   wstall-main: main blocks writing; only --timeout ends the run */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/uio.h>
#include <unistd.h>

/* the personality serves no clock_nanosleep (usleep): yield until ms have passed */
static void sleep_ms(long ms)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

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
		sleep_ms(1);
		fd = open(path, O_RDONLY);
	}
	return fd;
}

static int probe_main(void)
{
	/* the producer advertises "raw"; we become its consumer first (an O_WRONLY open of a key
	 * nobody holds yet would make it ours) */
	int fd = open_wait("/dev/capstream/./raw");
	check(fd >= 0, "open-consumer", "open failed");
	refused("/dev/capstream/raw", O_WRONLY, EEXIST, "write-key-of-another-cvm-eexist");
	refused("/dev/capstream/raw", O_WRONLY | O_NONBLOCK, EEXIST, "write-nonblock-eexist");
	refused("/dev/capstream/sync", O_WRONLY, EEXIST, "write-capfile-key-eexist");
	refused("/dev/capstream/raw", O_RDWR, EACCES, "rdwr-refused");
	refused("/dev/capstream/raw", O_WRONLY | O_DIRECTORY, ENOTDIR, "write-directory-flag");
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
	refused("/dev/capstream/raw", O_RDONLY, EBUSY, "second-consumer-busy");
	char b[400];
	errno = 0;
	check(write(fd, "x", 1) < 0 && errno == EBADF, "write-ebadf", "write");
	errno = 0;
	check(fcntl(fd, F_GETFL) == O_RDONLY, "getfl-rdonly", "F_GETFL");
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
		sleep_ms(1);
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

/* a byte on the stream fd must be want */
static void expect(int fd, char want, const char *tag)
{
	char c = 0;
	errno = 0;
	ssize_t n = read(fd, &c, 1);
	check(n == 1 && c == want, tag, n != 1 ? "read" : c == 'X' ? "the consumer's check failed" : "another byte");
}

static void send(int fd, char c)
{
	if (write(fd, &c, 1) != 1)
		printf("BAD send-%c: errno %d\n", c, errno);
}

static void nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

static int wgarble(void)
{
	/* our own key, before anyone probed it: not ours to consume, not ours twice */
	int mine = open("/dev/capstream/mine", O_WRONLY | O_NONBLOCK);
	check(mine >= 0 && fcntl(mine, F_GETFL) == (O_WRONLY | O_NONBLOCK), "open-nonblock-at-once", "open");
	refused("/dev/capstream/mine", O_RDONLY, EBUSY, "own-stream-not-its-consumer");
	refused("/dev/capstream/mine", O_WRONLY | O_NONBLOCK, EEXIST, "own-key-twice-eexist");
	errno = 0;
	char b[4];
	check(read(mine, b, 1) < 0 && errno == EBADF, "read-on-writer-ebadf", "read");
	close(mine);
	int fd = open("/dev/capstream/wg", O_WRONLY);   /* returns once the consumer probed it */
	int fd2 = open("/dev/capstream/wg2", O_WRONLY);
	int ack = open_wait("/dev/capstream/ack");
	check(fd >= 0 && fd2 >= 0 && ack >= 0, "open-writers", "open");
	check(write(fd, "abcd", 4) == 4, "first-write-4", "write");
	expect(ack, '1', "consumer-garbled-header");
	check(write(fd, "efgh", 4) == 4, "garbled-header-write-4", "write");
	expect(ack, '2', "bytes-after-abcd-and-our-own-head-8");
	errno = 0;
	check(write(fd, "x", 1) < 0 && errno == EIO, "tail-ahead-of-head-eio", "not EIO");
	send(fd2, '3');
	expect(ack, '4', "consumer-set-tail-a-ring-behind");
	errno = 0;
	check(write(fd, "x", 1) < 0 && errno == EIO, "tail-a-ring-behind-eio", "not EIO");
	send(fd2, '5');
	expect(ack, '6', "consumer-set-sane-tail-garbled-head");
	static char big[40000];
	memset(big, 'w', sizeof big);
	nonblock(fd, 1);
	errno = 0;
	ssize_t n = write(fd, big, sizeof big);
	check(n == 32768, "nonblock-partial-32768", "not 32768");
	errno = 0;
	check(write(fd, big, 1) < 0 && errno == EAGAIN, "nonblock-full-eagain", "not EAGAIN");
	send(fd2, '7');
	expect(ack, '8', "consumer-saw-32768-w-in-ring-only-and-409-eexist");
	check(write(fd, "zz", 2) == 2, "write-past-the-ring-end", "write");
	send(fd2, '9');
	expect(ack, 'A', "consumer-saw-zz-at-index-8");
	nonblock(fd, 0);
	errno = 0;
	check(write(fd, "y", 1) < 0 && errno == EPIPE, "consumer-ended-epipe", "not EPIPE");
	check(close(fd) == 0 && close(fd2) == 0 && close(ack) == 0, "close-all", "close");
	return 0;
}

/* wp: bad buffers, then "hello"; later a write blocked on the full ring when the reader
 * closes. wq: one byte, then the reader closes it and says so on wpack: the ring has room, and
 * still every write is -EPIPE. */
static int wpipe_writer(void)
{
	int fd = open("/dev/capstream/wp", O_WRONLY);   /* each returns once the reader probed it */
	int q = open("/dev/capstream/wq", O_WRONLY);
	int ack = open_wait("/dev/capstream/wpack");
	check(fd >= 0 && q >= 0 && ack >= 0, "wp-open-writers", "open");
	char b[16] = "hello";
	errno = 0;
	check(write(fd, (void *)0x7ff000000000ul, 10) < 0 && errno == EFAULT, "write-outside-slot-efault", "write");
	errno = 0;
	volatile size_t huge = 1ul << 40;   /* past the slot: its capability is untagged */
	check(write(fd, b, huge) < 0 && errno == EFAULT, "write-huge-efault", "write");
	/* the last bytes below the DDC's top (the stack region), then past it */
	char *top = (char *)0x3e000000ul;
	errno = 0;
	check(write(fd, top - 4, 8) < 0 && errno == EFAULT, "write-across-ddc-top-efault", "write");
	check(write(fd, b, 5) == 5, "write-hello", "write");
	check(write(q, "q", 1) == 1, "write-q", "write");
	expect(ack, 'c', "reader-closed-wq");
	errno = 0;
	check(write(q, "x", 1) < 0 && errno == EPIPE, "write-after-close-epipe", "not EPIPE");
	errno = 0;
	check(write(q, "x", 1) < 0 && errno == EPIPE, "epipe-stays", "not EPIPE");
	/* the reader closes wp while this write blocks on the full ring: it ends (the bytes
	 * that fitted, or -EPIPE if the close came first) */
	static char big[40000];
	errno = 0;
	ssize_t n = write(fd, big, sizeof big);
	check((n > 0 && n < (ssize_t)sizeof big) || (n < 0 && errno == EPIPE), "blocked-write-ended-by-close",
	      "neither partial nor EPIPE");
	errno = 0;
	check(write(fd, "x", 1) < 0 && errno == EPIPE, "full-ring-after-close-epipe", "not EPIPE");
	check(close(fd) == 0 && close(q) == 0 && close(ack) == 0, "wp-close-writers", "close");
	return 0;
}

static int wpipe_reader(void)
{
	int ack = open("/dev/capstream/wpack", O_WRONLY | O_NONBLOCK);
	int fd = open_wait("/dev/capstream/wp");
	int q = open_wait("/dev/capstream/wq");
	check(fd >= 0 && q >= 0 && ack >= 0, "wp-open-readers", "open");
	char b[5];   /* 5 bytes: the first ones, whatever follows */
	ssize_t n = read(fd, b, sizeof b);
	check(n == 5 && !memcmp(b, "hello", 5), "first-bytes-hello-only", "bad buffers wrote something");
	check(read(q, b, 1) == 1 && b[0] == 'q' && close(q) == 0, "read-q-close", "read");
	send(ack, 'c');
	sleep_ms(300);   /* the writer fills wp meanwhile and blocks */
	check(close(fd) == 0 && close(ack) == 0, "reader-closed", "close");
	return 0;
}

static int wc_fd;
static ssize_t wc_n;

static void *wc_thread(void *arg)
{
	(void)arg;
	static char big[40000];
	memset(big, 'c', sizeof big);
	wc_n = write(wc_fd, big, sizeof big);   /* 32768 fit, then it blocks until the close */
	return NULL;
}

/* a thread blocks writing into the full ring of wc; main closes the descriptor: the close does
 * not wait, the write returns what it wrote, and the reader (wclose-r) gets those bytes, then
 * 0, while we are still alive (the closed mark was set by the writer on its way out) */
static int wclose_writer(void)
{
	wc_fd = open("/dev/capstream/wc", O_WRONLY);
	int ack = open_wait("/dev/capstream/wcack");
	check(wc_fd >= 0 && ack >= 0, "wc-open", "open");
	pthread_t t;
	check(pthread_create(&t, NULL, wc_thread, NULL) == 0, "wc-writer-thread", "pthread_create");
	sleep_ms(300);
	check(close(wc_fd) == 0, "close-while-writer-blocked", "close");
	pthread_join(t, NULL);
	check(wc_n == 32768, "blocked-writer-returned-32768", "not 32768");
	expect(ack, 'e', "reader-saw-32768-then-eof");
	return 0;
}

static int wclose_reader(void)
{
	int ack = open("/dev/capstream/wcack", O_WRONLY | O_NONBLOCK);
	int fd = open_wait("/dev/capstream/wc");
	check(fd >= 0 && ack >= 0, "wc-open-reader", "open");
	sleep_ms(600);   /* the writer filled the ring, blocked, and its descriptor was closed */
	static char b[4096];
	long total = 0;
	ssize_t n;
	int only_c = 1;
	while ((n = read(fd, b, sizeof b)) > 0) {
		total += n;
		for (ssize_t i = 0; i < n; i++)
			only_c &= b[i] == 'c';
	}
	send(ack, n == 0 && total == 32768 && only_c ? 'e' : 'X');
	return 0;
}

static void *stall_thread(void *arg)
{
	static char big[40000];
	ssize_t n = write(*(int *)arg, big, sizeof big);
	printf("BAD stalled-write-returned: %zd\n", n);   /* nobody reads: never */
	fflush(stdout);
	return NULL;
}

static int wstall(int in_main)
{
	static int fd;
	fd = open("/dev/capstream/ws", O_WRONLY);
	check(fd >= 0, "ws-open-writer", "open");
	if (in_main) {
		printf("ok blocking-in-main\n");
		fflush(stdout);
		stall_thread(&fd);
		return 1;
	}
	pthread_t t;
	check(pthread_create(&t, NULL, stall_thread, &fd) == 0, "writer-thread", "pthread_create");
	sleep_ms(300);
	printf("ok exit-group-while-writer-blocked\n");
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "wgarble"))
		return wgarble();
	if (argc > 1 && !strcmp(argv[1], "wpipe-w"))
		return wpipe_writer();
	if (argc > 1 && !strcmp(argv[1], "wpipe-r"))
		return wpipe_reader();
	if (argc > 1 && !strcmp(argv[1], "wclose-w"))
		return wclose_writer();
	if (argc > 1 && !strcmp(argv[1], "wclose-r"))
		return wclose_reader();
	if (argc > 1 && !strcmp(argv[1], "wstall"))
		return wstall(0);
	if (argc > 1 && !strcmp(argv[1], "wstall-main"))
		return wstall(1);
	if (argc > 1 && !strcmp(argv[1], "half"))
		return half("half");
	if (argc > 1 && !strcmp(argv[1], "quit"))
		return quit();
	if (argc > 1 && !strcmp(argv[1], "garble"))
		return half("garble");
	return probe_main();
}
