/* replay_main.c - a main() for the fuzz harnesses without libFuzzer: `make test` links each
 * harness's LLVMFuzzerTestOneInput with this file in a plain gcc build ($(O)/fuzz-replay/) and
 * tests/fuzz/replay.sh runs every regression input, committed corpus input and built seed
 * through it. The command line is libFuzzer's replay form: options start with '-' (only
 * -timeout=N is honoured: SIGALRM after N seconds per input; the others are ignored), every
 * other word is an input file, run once.
 *
 * Exit 0 when every input ran; 1 when a file cannot be read. A broken invariant aborts inside
 * the harness (FUZZ_CHECK), a timeout dies of SIGALRM: either way the exit status is non-zero.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole file into a malloc'd buffer (size exact: the harness sees no padding). */
static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		uint8_t *bigger = realloc(buf, cap * 2);
		if (!bigger) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (!buf)
		return NULL;
	/* exact-size copy, so that ASan builds of this runner catch a harness reading past the end */
	uint8_t *exact = malloc(n ? n : 1);
	if (exact)
		memcpy(exact, buf, n);
	free(buf);
	*size = n;
	return exact;
}

int main(int argc, char **argv)
{
	unsigned timeout = 0;
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "-timeout=", 9))
			timeout = (unsigned)strtoul(argv[i] + 9, NULL, 10);
	if (LLVMFuzzerInitialize(&argc, &argv) != 0)
		return 1;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		size_t size = 0;
		uint8_t *data = read_file(argv[i], &size);
		if (!data) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno ? errno : ENOMEM));
			return 1;
		}
		alarm(timeout);
		LLVMFuzzerTestOneInput(data, size);
		alarm(0);
		free(data);
	}
	return 0;
}
