/* jit_lazy_return_data - a hot call loop whose callee spills its return sentry and returns
 * through the copy it loads back (translated: the loaded capability's bounds are decoded when
 * CJALR needs them, hart_priv.h CV_LAZY). In the 60th round the callee loads a data
 * capability (the object's: no Execute) instead: the return must fail with Permit_Execute on
 * cra (index 1).
 * EXPECT: fault cause=28 cheri=0x11 idx=1 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 64
	.text
CVM_CAP_GLOBAL obj_slot, obj, 64, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a3, obj_slot
	csc ca3, 32(ca3)         /* the data capability the last round returns through */
	li s1, 100
1:	cjal callee
	addi s1, s1, -1
	bnez s1, 1b
	AFTER_FAULT
callee:
	csc cra, 0(ca3)
	clc cra, 0(ca3)
	li t2, 41
	bne s1, t2, 2f
	clc cra, 32(ca3)
2:
FAULT_HERE
	cjalr cnull, cra
CVM_END cvm_main
