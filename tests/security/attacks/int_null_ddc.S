/* int_null_ddc - integer mode with DDC = NULL: any load is unauthorised: Tag violation on DDC
 * (index 33).
 * EXPECT: fault cause=28 cheri=0x02 idx=33 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	li t1, 0
	cspecialw ddc, ct1              /* DDC <- NULL (cspecialw with c0 would only read) */
	auipcc ct0, 0
	li t1, 0
	csetflags ct0, ct0, t1
	cincoffset ct0, ct0, 20         /* -> the instruction after cjr */
	cjr ct0
	li a0, SELF_BASE
FAULT_HERE
	ld a1, 0(a0)
	AFTER_FAULT
CVM_END cvm_main
