/* jit_cinvoke_warm_moved - a warm translated CInvoke (300 null hostcalls through it), then the
 * call pair's code half moved by 4 (CIncOffset of a sealed capability: v9 clears its tag,
 * cheri-riscv.md 5.4) to reach past the switcher's entry: Tag violation on ct3, before any
 * effect; the monitor is never entered at another address.
 * EXPECT: fault cause=28 cheri=0x02 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	JIT_WARM_CALLS 300
	cincoffset cs2, cs2, 4
	li t5, HC_NOP
	cjal do_call
	AFTER_FAULT
CVM_END cvm_main

CVM_FUNC do_call
	cmove ct3, cs2
	cmove ct4, cs3
FAULT_HERE
	cinvoke ct3, ct4
CVM_END do_call
