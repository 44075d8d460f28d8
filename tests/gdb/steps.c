/* steps.c - a hybrid program for `intravisor run --gdb` (tests/gdb/run.sh, case run): built
 * with -O0 so that its locals live in its stack frame, which gdb reads through sp and fp, i.e.
 * through the hybrid view (offsets in the slot). Exits with 14. */
#include <stdio.h>

static int square(int x)
{
	int y = x * x;
	return y;
}

int main(void)
{
	int total = 0;
	for (int i = 1; i <= 3; i++)
		total += square(i);
	printf("total %d\n", total);
	return total;
}
