/* cinvoke_unsealed - CInvoke an unsealed pair (our PCC from auipcc, our unsealed data
 * capability): the code operand has a reserved otype (unsealed): Seal violation on ct3
 * (cheri-riscv.md 7 step 3).
 * EXPECT: fault cause=28 cheri=0x03 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	auipcc ct3, 0
	SELF_DDC t4
FAULT_HERE
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
