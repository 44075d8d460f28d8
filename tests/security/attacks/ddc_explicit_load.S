/* ddc_explicit_load - in capability mode, the explicit DDC-relative load LD.DDC (cheri-riscv.md
 * 5.11) of the victim's secret, with DDC = our whole-slot data capability: Length violation on
 * DDC (index 33).
 * EXPECT: fault cause=28 cheri=0x01 idx=33 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC t1
	cspecialw ddc, ct1
	li a0, VICTIM_SECRET
FAULT_HERE
	ld.ddc a1, (a0)
	AFTER_FAULT
CVM_END cvm_main
