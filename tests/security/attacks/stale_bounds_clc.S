/* stale_bounds_clc - a load through ca0 at offset 32 succeeds, then ca0 is replaced by a
 * capability loaded from memory (CLC: a 16-byte object): the same load must fail: Length
 * violation on ca0.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 64
small:	.space 16
	.text
CVM_CAP_GLOBAL obj_slot, obj, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL small_slot, small, 16, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	CVM_LOAD_GLOBAL a2, small_slot
	csc ca2, 0(ca0)
	cld a1, 32(ca0)
	cld a1, 32(ca0)
	clc ca0, 0(ca0)
FAULT_HERE
	cld a1, 32(ca0)
	AFTER_FAULT
CVM_END cvm_main
