/* reader.c - the hybrid cVM of examples/policy: a C program (riscv64-linux-gnu-gcc -static)
 * whose system calls go through the policy handler cVM (policy.S). It reads a file in its
 * mount, then tries to write one: the handler refuses the open (EACCES) although the mount is
 * writable. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void try_open(const char *path, int flags)
{
	int fd = open(path, flags, 0644);
	printf("open %s flags 0x%x: %s\n", path, flags, fd < 0 ? strerror(errno) : "ok");
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	char line[128];
	FILE *f = fopen("/data/motd.txt", "r");
	if (!f) {
		perror("/data/motd.txt");
		return 1;
	}
	while (fgets(line, sizeof line, f))
		printf("read: %s", line);
	fclose(f);
	FILE *w = fopen("/data/out.txt", "w");
	printf("fopen for writing: %s\n", w ? "ok" : strerror(errno));
	try_open("/data/motd.txt", O_RDWR);
	try_open("/data/new.txt", O_RDONLY | O_CREAT);
	try_open("/data/motd.txt", O_RDONLY);
	return 0;
}
