/* prog.c - the program of tests/run (intravisor run): prints its arguments and environment,
 * then does what argv[1] says: "exit N" exits with N, "return N" returns N from main, "trap"
 * stores past its slot (a trap: 139), "spin" loops (for --budget). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv, char **envp)
{
	for (int i = 1; i < argc; i++)
		printf("arg%d=[%s]\n", i, argv[i]);
	for (char **e = envp; *e; e++)
		printf("env [%s]\n", *e);
	fflush(stdout);
	if (argc > 2 && !strcmp(argv[1], "exit"))
		exit(atoi(argv[2]));
	if (argc > 2 && !strcmp(argv[1], "return"))
		return atoi(argv[2]);
	if (argc > 1 && !strcmp(argv[1], "trap")) {
		volatile unsigned long *p = (volatile unsigned long *)0x40000000UL;   /* the slot's end */
		*p = 1;
		puts("not reached");
	}
	if (argc > 1 && !strcmp(argv[1], "spin"))
		for (volatile unsigned long i = 0;; i++)
			;
	return 0;
}
