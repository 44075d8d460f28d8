/* csr_privileged - read a supervisor CSR (sstatus) in user mode. cheri-riscv.md 4.2 (CSR
 * access control): every CSR but the whitelist (counters, fflags/frm/fcsr) needs PCC's
 * Access_System_Registers permission, which no cVM has: 0x18 on PCC (index 32). (Sail checks
 * the CSR's privilege first and would say illegal instruction; either way the cVM ends here:
 * FINDINGS.md, notes.)
 * EXPECT: fault cause=28 cheri=0x18 idx=32 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
FAULT_HERE
	csrr a0, sstatus
	AFTER_FAULT
CVM_END cvm_main
