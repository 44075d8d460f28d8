/* atomics.c - a hybrid program for --trace=mem (tests/gdb/run.sh, case trace-atomics): one AMO,
 * one LR/SC compare-and-swap, one swap, on known values. Exits with 5 + 8 + 9 = 22. */
static volatile long cell = 5;
static int word;

int main(void)
{
	long old = __atomic_fetch_add(&cell, 3, __ATOMIC_SEQ_CST);      /* amoadd.d: 5, operand 3 */
	int expected = 0;
	__atomic_compare_exchange_n(&word, &expected, 7, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);   /* lr.w 0, sc.w 7 */
	int was = __atomic_exchange_n(&word, 9, __ATOMIC_SEQ_CST);      /* amoswap.w: 7, operand 9 */
	return (int)(old + cell + word) + (was == 7 ? 0 : 100);
}
