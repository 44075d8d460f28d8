/* fetch_straddle_top - a code capability (from our PCC) bounded to the first 2 bytes of a
 * 4-byte instruction, and a jump to it. The jump check passes (target + 2 <= top: RVC can be
 * enabled, min_instruction_bytes = 2, cheri-riscv.md 4.4), the fetch of the second parcel
 * [pc+2, pc+4) does not: Length violation on PCC (index 32) at the target.
 * EXPECT: fault cause=28 cheri=0x01 idx=32 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	auipcc ca0, 0
	cincoffset ca0, ca0, 20
	csetboundsimm ca0, ca0, 2
	cjalr cra, ca0
	AFTER_FAULT
FAULT_HERE
	addi a0, a0, 1
	AFTER_FAULT
CVM_END cvm_main
