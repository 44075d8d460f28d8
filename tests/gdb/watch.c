/* watch.c - a hybrid cVM for the gdb tests (tests/gdb/run.sh): writes `counter` in a loop, so a
 * write watchpoint on it fires with exact old and new values. */
volatile int counter;

int main(void)
{
	for (int i = 1; i <= 5; i++)
		counter = i * 10;
	return counter == 50 ? 0 : 1;
}
