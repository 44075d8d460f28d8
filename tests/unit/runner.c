/* runner.c - see test.h. Usage: unit [SUBSTRING] runs the tests whose name contains it. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define MAX_TESTS 1024

struct test_entry {
	const char *name;
	void (*fn)(void);
};

struct runner {
	struct test_entry tests[MAX_TESTS];
	int ntests;
	const char *current_test;
	char case_desc[512];
	bool case_open, case_failed;
	long passed, failed;
};

static struct runner R; /* test-only global: the registry filled by constructors */

void test_register(const char *name, void (*fn)(void))
{
	if (R.ntests == MAX_TESTS) {
		fprintf(stderr, "too many tests\n");
		exit(2);
	}
	R.tests[R.ntests++] = (struct test_entry){ name, fn };
}

static void close_case(void)
{
	if (!R.case_open)
		return;
	if (R.case_failed)
		R.failed++;
	else
		R.passed++;
	R.case_open = false;
}

void t_case(const char *fmt, ...)
{
	close_case();
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(R.case_desc, sizeof R.case_desc, fmt, ap);
	va_end(ap);
	R.case_open = true;
	R.case_failed = false;
}

bool t_fail(const char *file, int line, const char *fmt, ...)
{
	if (!R.case_open) {
		R.case_open = true;
		R.case_desc[0] = 0;
	}
	if (!R.case_failed)
		printf("FAIL %s [%s]\n", R.current_test, R.case_desc);
	R.case_failed = true;
	va_list ap;
	va_start(ap, fmt);
	printf("  %s:%d: ", file, line);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	return false;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct test_entry *)a)->name, ((const struct test_entry *)b)->name);
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	qsort(R.tests, (size_t)R.ntests, sizeof R.tests[0], cmp_entry);
	for (int i = 0; i < R.ntests; i++) {
		if (filter && !strstr(R.tests[i].name, filter))
			continue;
		R.current_test = R.tests[i].name;
		long before = R.passed + R.failed;
		R.case_open = false;
		R.tests[i].fn();
		if (!R.case_open && R.passed + R.failed == before)
			t_case("%s", R.tests[i].name); /* a test with no cases counts as one */
		close_case();
		fflush(stdout);
	}
	printf("%ld passed, %ld failed\n", R.passed, R.failed);
	return R.failed ? 1 : 0;
}
