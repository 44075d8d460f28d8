/* int_jump_monitor - integer mode: `jalr` straight to the monitor's hostcall entry address
 * (0x482cc). Integer jumps are checked against PCC's bounds at the jump (cheri-riscv.md 4.4,
 * 5.9): Length violation on PCC (index 32) at the jalr.
 * EXPECT: fault cause=28 cheri=0x01 idx=32 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	auipcc ct0, 0
	li t1, 0
	csetflags ct0, ct0, t1
	cincoffset ct0, ct0, 20         /* -> the instruction after cjr */
	cjr ct0
	li a0, MONITOR_HOSTCALL
FAULT_HERE
	jalr ra, 0(a0)
	AFTER_FAULT
CVM_END cvm_main
