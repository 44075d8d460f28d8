/* int_store_victim - integer mode, DDC = our slot: `sw` over the victim's secret: Length
 * violation on DDC (index 33).
 * EXPECT: fault cause=28 cheri=0x01 idx=33 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC t1
	cspecialw ddc, ct1
	auipcc ct0, 0
	li t1, 0
	csetflags ct0, ct0, t1
	cincoffset ct0, ct0, 20         /* -> the instruction after cjr */
	cjr ct0
	li a0, VICTIM_SECRET
	li a1, 0x41414141
FAULT_HERE
	sw a1, 0(a0)
	AFTER_FAULT
CVM_END cvm_main
