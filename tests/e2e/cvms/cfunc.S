/* cfunc.S - what a C function compiled for integer mode (riscv64-linux-gnu-gcc) does in a
 * pure-cap cVM: `addi sp, sp, -16` writes an integer into csp (the capability becomes an
 * untagged, NULL-derived value), and `sd ra, 8(sp)`, read in capability mode as a store
 * through csp, faults with a tag violation. The fault report adds a hint pointing to
 * sdk/README.md (tests/e2e/run.sh). */
#include "cvm.S"

	.text
CVM_FUNC cvm_main
	addi sp, sp, -16
	sd ra, 8(sp)
1:	j 1b
CVM_END cvm_main
