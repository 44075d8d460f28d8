/* buildcap_victim - CBuildCap with our whole-slot data capability as the authority and, as the
 * request, the bits of a capability to the victim's secret: not a subset of the authority, so
 * the result is the request untagged (cheri-riscv.md 5.6); the load fails on the tag.
 * EXPECT: fault cause=28 cheri=0x02 idx=12 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	cmove ca1, ca0
	li t0, VICTIM_SECRET
	csetaddr ca1, ca1, t0           /* untagged: outside the representable window */
	cgethigh t1, ca0
	csethigh ca1, ca1, t1
	cbuildcap ca2, ca0, ca1
FAULT_HERE
	cld a3, 0(ca2)
	AFTER_FAULT
CVM_END cvm_main
