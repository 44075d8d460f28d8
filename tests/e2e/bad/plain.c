/* plain.c - a plain RV64 shared object, as riscv64-linux-gnu-gcc -shared builds it without the
 * SDK: no ret_from_monitor, no __cap_relocs. Deploy refuses it and points to sdk/README.md
 * (plain-so.yaml). */
int counter;

int outer_c(int x)
{
	counter += x;
	return counter;
}
