/* int_load_victim - integer mode (PCC flag 0): loads and stores are authorised by DDC (set to
 * our whole-slot data capability). A plain `ld` of the victim's secret address is outside
 * DDC's bounds: Length violation on DDC (index 33) (cheri-riscv.md 4.3, 4.4).
 * EXPECT: fault cause=28 cheri=0x01 idx=33 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC t1
	cspecialw ddc, ct1
	auipcc ct0, 0
	li t1, 0
	csetflags ct0, ct0, t1          /* integer mode */
	cincoffset ct0, ct0, 20         /* -> the instruction after cjr */
	cjr ct0
	/* integer mode from here */
	li a0, VICTIM_SECRET
FAULT_HERE
	ld a1, 0(a0)
	AFTER_FAULT
CVM_END cvm_main
