/* fuzz_check.h - what the harnesses share: an invariant check that crashes (so libFuzzer
 * records the input), and the folder of the running harness binary.
 *
 * A harness prints nothing for an input that keeps every invariant; FUZZ_CHECK prints one line
 * naming the broken invariant and aborts.
 */
#ifndef INTRAVISOR_FUZZ_CHECK_H
#define INTRAVISOR_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_CHECK(x) ((x) ? (void)0 : fuzz_check_failed(#x, __FILE__, __LINE__))

__attribute__((noreturn)) static inline void fuzz_check_failed(const char *what, const char *file, int line)
{
	fprintf(stderr, "fuzz: invariant broken: %s at %s:%d\n", what, file, line);
	abort();
}

/* The folder holding this executable (from /proc/self/exe), into buf; "." if unknown. */
static inline void fuzz_exe_dir(char *buf, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", buf, n - 1);
	if (len <= 0) {
		snprintf(buf, n, ".");
		return;
	}
	buf[len] = 0;
	char *slash = strrchr(buf, '/');
	if (slash && slash != buf)
		*slash = 0;
}

#endif
