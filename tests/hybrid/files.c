/* files.c - a hybrid cVM's file calls in mounts (intravisor.md 9 "Files"), printed for exact
 * comparison by run.sh. argv[1]: "basic" (/data read-write, /ro read-only), "escape" (paths and
 * links that try to leave /data, pointer arguments out of the slot, fd exhaustion), "strace"
 * (a few calls whose --strace lines run.sh compares). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define SLOT 0x40000000UL

#include "raw_syscall.h"

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	char buf[1024], *names[64];
	int n = 0;
	long k;
	while ((k = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		for (long i = 0; i < k;) {
			unsigned short rl;
			memcpy(&rl, buf + i + 16, 2);
			if (strcmp(buf + i + 19, ".") && strcmp(buf + i + 19, "..") && n < 64)
				names[n++] = strdup(buf + i + 19);
			i += rl;
		}
	close(fd);
	qsort(names, (size_t)n, sizeof names[0], cmp);
	printf("ls %s:", dir);
	for (int i = 0; i < n; i++)
		printf(" %s", names[i]);
	printf("\n");
}

static int basic(void)
{
	int fd = open("/data/new.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	printf("open new: %s\n", fd >= 3 ? "ok" : strerror(errno));
	printf("write: %zd\n", write(fd, "hello, mount\n", 13));
	printf("close: %d\n", close(fd));
	printf("write closed: %ld\n", sc(SYS_write, fd, (long)"x", 1, 0));
	fd = open("/data/new.txt", O_RDWR);
	char b[64] = { 0 };
	printf("read: %zd '%.*s'\n", read(fd, b, sizeof b), 12, b);
	printf("lseek: %ld\n", (long)lseek(fd, 7, SEEK_SET));
	printf("read at 7: %zd '%.5s'\n", read(fd, b, 5), b);
	printf("pread: %zd '%.5s'\n", pread(fd, b, 5, 0), b);
	struct stat st;
	printf("fstat: %d size=%ld reg=%d\n", fstat(fd, &st), (long)st.st_size, S_ISREG(st.st_mode));
	int d = dup(fd);
	printf("dup: %d lseek via dup: %ld\n", d > fd, (long)lseek(d, 0, SEEK_END));
	printf("ftruncate: %d\n", ftruncate(fd, 5));
	printf("stat: %d size=%ld\n", stat("/data/new.txt", &st), (long)st.st_size);
	close(d);
	close(fd);
	printf("mkdir: %d\n", mkdir("/data/sub", 0755));
	printf("mkdir again: %d %s\n", mkdir("/data/sub", 0755), strerror(errno));
	printf("rename: %d\n", rename("/data/new.txt", "/data/sub/moved.txt"));
	printf("chdir: %d\n", chdir("/data/sub"));
	char cwd[256];
	printf("getcwd: %s\n", getcwd(cwd, sizeof cwd));
	FILE *f = fopen("moved.txt", "r");
	printf("fopen relative: %s\n", f && fgets(b, sizeof b, f) ? b : "fail");
	if (f)
		fclose(f);
	printf("chdir ..: %d\n", chdir(".."));
	list("/data");
	list("/data/sub");
	printf("access: %d\n", access("sub/moved.txt", R_OK));
	printf("unlink: %d\n", unlink("/data/sub/moved.txt"));
	printf("rmdir: %d\n", rmdir("/data/sub"));
	list("/data");
	int p[2];
	printf("pipe2: %d\n", pipe2(p, O_CLOEXEC));
	printf("pipe write: %zd\n", write(p[1], "through a pipe", 14));
	memset(b, 0, sizeof b);
	printf("pipe read: %zd '%s'\n", read(p[0], b, sizeof b), b);
	printf("fcntl getfd: %d getfl wr: %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFL) & O_ACCMODE);
	printf("ro read: ");
	f = fopen("/ro/in.txt", "r");
	printf("%s", f && fgets(b, sizeof b, f) ? b : "fail\n");
	if (f)
		fclose(f);
	printf("ro write: %s\n", open("/ro/in.txt", O_WRONLY) < 0 ? strerror(errno) : "opened");
	printf("ro create: %s\n", open("/ro/x", O_CREAT | O_WRONLY, 0644) < 0 ? strerror(errno) : "opened");
	printf("ro mkdir: %s\n", mkdir("/ro/d", 0755) ? strerror(errno) : "made");
	printf("ro unlink: %s\n", unlink("/ro/in.txt") ? strerror(errno) : "unlinked");
	printf("outside: %s\n", open("/etc/passwd", O_RDONLY) < 0 ? strerror(errno) : "opened");
	printf("ioctl on a file: %s\n", isatty(3) ? "tty" : strerror(errno));
	return 0;
}

static void try_open(const char *what, const char *path)
{
	int fd = open(path, O_RDONLY);
	char b[16] = { 0 };
	if (fd < 0) {
		printf("%s: %s\n", what, strerror(errno));
		return;
	}
	printf("%s: OPENED '%.*s'\n", what, (int)read(fd, b, sizeof b - 1), b);
	close(fd);
}

static int escape(void)
{
	try_open("dotdot", "/data/../../../../../secret.txt");
	try_open("dotdot relative", "../../../../secret.txt");
	try_open("absolute outside", "/secret.txt");
	try_open("proc self", "/proc/self/environ");
	try_open("symlink relative", "/data/rel_link");
	try_open("symlink absolute", "/data/abs_link");
	try_open("symlink dir", "/data/dir_link/secret.txt");
	try_open("dotdot in symlinked dir", "/data/inner/../../secret.txt");
	printf("mkdir through link: %s\n", mkdir("/data/dir_link/made", 0755) ? strerror(errno) : "MADE");
	printf("unlink through link: %s\n", unlink("/data/dir_link/secret.txt") ? strerror(errno) : "UNLINKED");
	printf("rename out: %s\n", rename("/data/inner/f", "/data/dir_link/stolen") ? strerror(errno) : "RENAMED");
	/* race: run.sh swaps /data/race between a file inside and a link to the outside */
	int opened_out = 0;
	for (int i = 0; i < 3000; i++) {
		int fd = open("/data/race", O_RDONLY);
		char b[8] = { 0 };
		if (fd >= 0) {
			if (read(fd, b, 6) > 0 && !strcmp(b, "secret"))
				opened_out++;
			close(fd);
		}
	}
	printf("race: outside opened %d times\n", opened_out);
	/* pointer kinds out of the slot, straddling its end, huge */
	long fd = open("/data/inner/f", O_RDWR);
	printf("PATH out: %ld\n", sc(SYS_openat, AT_FDCWD, SLOT + 0x1000, O_RDONLY, 0));
	/* the slot's last bytes are in its stack region (capability store, TP areas), which a hybrid
	 * cVM's DDC does not cover: -EFAULT, nothing read */
	printf("PATH at the end: %ld\n", sc(SYS_openat, AT_FDCWD, SLOT - 2, O_RDONLY, 0));
	printf("IN out: %ld\n", sc(SYS_write, fd, SLOT + 16, 4, 0));
	printf("IN straddling: %ld\n", sc(SYS_write, fd, SLOT - 2, 4, 0));
	printf("OUT straddling: %ld\n", sc(SYS_read, fd, SLOT - 2, 4, 0));
	printf("OUT huge: %ld\n", sc(SYS_read, fd, 0x10000, 0x7fffffffffffffffL, 0));
	printf("pread huge: %ld\n", sc(SYS_pread64, fd, 0x10000, 0x7fffffffffffffffL, 0));
	printf("STRUCT out: %ld\n", sc(SYS_fstat, fd, SLOT - 8, 0, 0));
	printf("statx out: %ld\n", syscall(SYS_statx, AT_FDCWD, "/data", 0, 0x7ff, (void *)(SLOT - 16)) < 0 ? -(long)errno : 0L);
	printf("getdents out: %ld\n", sc(SYS_getdents64, open("/data", O_RDONLY), SLOT - 8, 4096, 0));
	long iov[2] = { (long)(SLOT - 4), 8 };
	printf("IOV buffer straddling: %ld\n", sc(SYS_writev, fd, (long)iov, 1, 0));
	printf("IOV array out: %ld\n", sc(SYS_writev, fd, SLOT - 8, 1, 0));
	printf("pipe2 out: %ld\n", sc(SYS_pipe2, SLOT - 4, 0, 0, 0));
	printf("getcwd out: %ld\n", sc(SYS_getcwd, SLOT - 2, 100, 0, 0));
	/* exhaustion */
	int n = 0, last = 0;
	for (;;) {
		int k = open("/data/inner/f", O_RDONLY);
		if (k < 0) {
			last = errno;
			break;
		}
		n++;
	}
	printf("fds until failure: %d (%s)\n", n + 4 + 1, strerror(last));
	printf("write to a closed fd: %ld\n", sc(SYS_write, 1023 + 1, (long)"x", 1, 0));
	return 0;
}

static int trace(void)
{
	int fd = open("/data/t.txt", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	write(fd, "traced\tline\n", 12);
	struct iovec v[2] = { { "vec", 3 }, { "tor\n", 4 } };
	writev(fd, v, 2);
	close(fd);
	fd = open("/data/t.txt", O_RDONLY);
	char b1[3], b2[100];
	struct iovec r[2] = { { b1, 3 }, { b2, sizeof b2 } };
	readv(fd, r, 2);
	close(fd);
	open("/nowhere", O_RDONLY);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *m = argc > 1 ? argv[1] : "basic";
	return !strcmp(m, "escape") ? escape() : !strcmp(m, "strace") ? trace() : basic();
}
