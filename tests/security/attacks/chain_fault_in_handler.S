/* chain_fault_in_handler - a fault inside a handler cVM, on the caller's thread: we call our
 * handler cVM ("buggy", it trusts its argument and reads the first byte of ca0) with an
 * untagged ca0. The load in buggy's syscall fails on the tag of ca0; the report must name both
 * cVMs: the thread is ours (attacker), the pc is in buggy (in=buggy).
 * CALLBACK: buggy
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=buggy:buggy_fault in=buggy
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	li a0, VICTIM_SECRET
	li a1, 16
	li t5, HC_WRITE
	cjal c_out_2
	AFTER_FAULT
CVM_END cvm_main
