/* allregs.c - the driver of tests/hybrid/allregs.S: prints how many registers a Linux system
 * call changed (0). */
#include <stdio.h>

long check_regs(void);

int main(void)
{
	long n = check_regs();
	printf("allregs: %ld differ\n", n);
	return n != 0;
}
