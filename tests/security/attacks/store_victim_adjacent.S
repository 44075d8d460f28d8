/* store_victim_adjacent - as load_victim_adjacent, but a store over the victim's secret.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	li t0, VICTIM_SECRET
	csetaddr ca0, ca0, t0
	li a1, 0x41414141
FAULT_HERE
	csw a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
