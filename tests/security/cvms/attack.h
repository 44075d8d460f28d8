/* attack.h - what every attack cVM of tests/security includes (assembly).
 *
 * Layout of every attack scenario (tests/security/run.py writes the YAML):
 *   victim   libvictim.so  base VICTIM_BASE (id 16): holds a 256-byte secret; runs AFTER the
 *            attacker (wait: -1 order) and prints "victim: secret intact" if it is unchanged.
 *            It also serves hostcalls (syscall_handler) for attackers with "CALLBACK: victim".
 *   attacker lib<name>.so  base SELF_BASE (id 17)
 * VICTIM_SECRET_OFF and VICTIM_HANDLER_OFF come from the built libvictim.so (victim.h,
 * generated with nm by module.mk).
 */
#include "cvm.S"
#include "victim.h"

#define VICTIM_BASE    0x400000000
#define VICTIM_ID      16
#define SELF_BASE      0x440000000
#define SELF_ID        17
#define VICTIM_SECRET  (VICTIM_BASE + VICTIM_SECRET_OFF)
#define VICTIM_HANDLER (VICTIM_BASE + VICTIM_HANDLER_OFF)
#define MONITOR_HOSTCALL 0x482cc
/* "SLOTS: small" attacks (run.py): 16 MiB slots at the top of the id space (ids are otypes,
 * 0x3fffb is the largest): the victim's slot ends where the attacker's begins */
#define SMALL_SLOT        0x1000000
#define SMALL_VICTIM_BASE 0x3fffa000000
#define SMALL_VICTIM_ID   0x3fffa
#define SMALL_SELF_BASE   0x3fffb000000
#define SMALL_SELF_ID     0x3fffb

/* FAULT_HERE: labels the instruction that must fault (global: run.py finds it with nm). */
.macro FAULT_HERE
	.globl fault
fault:
.endm

/* SELF_DDC xd: cd <- this cVM's data capability (whole slot, 0x817d), from the cap store. */
.macro SELF_DDC xd
	CVM_LOAD_GLOBAL \xd, __cvm_cap_store_slot
	clc \xd, \xd, CS_COMP_DDC
.endm

/* FROM_STORE xd, off: cd <- the capability at offset off of the capability store (CS_*). */
.macro FROM_STORE xd, off
	CVM_LOAD_GLOBAL \xd, __cvm_cap_store_slot
	clc \xd, \xd, \off
.endm

/* JIT_WARM_CALLS n: cs2/cs3 <- the switcher's call pair, then n null hostcalls through the
 * file's do_call (its CInvoke runs translated after the first rounds, jit_gate.c); s1 is
 * the counter. cs1..cs3 are kept across each call by the switcher (callee-saved). */
.macro JIT_WARM_CALLS n
	FROM_STORE s2, CS_HC_PCC
	FROM_STORE s3, CS_HC_DDC
	li s1, \n
1:	li t5, HC_NOP
	cjal do_call
	addi s1, s1, -1
	bnez s1, 1b
.endm

/* NARROW_CALL cd, lo, hi, short: call the code [lo, hi - short) through cd, a capability from
 * PCC bounded to it (PCC then covers part of a page: the jit_narrow_* attacks). Clobbers t1,
 * t2, t4. Addresses at run time (lla): the assembler's lengths across branches are not constants. */
.macro NARROW_CALL cd, lo, hi, short
	lla t1, \lo
	lla t2, \hi
	sub t4, t2, t1
	sub t4, t4, \short
	auipcc \cd, 0
	csetaddr \cd, \cd, t1
	csetbounds \cd, \cd, t4
	cjalr cra, \cd
.endm

/* BOUNDED_TO cd, lo, hi: cd <- a capability from PCC bounded to the code [lo, hi), its address
 * lo (the jit_far_* attacks call through it, sealed or not). t1 = lo, t2 = hi, t4 = the length;
 * addresses at run time, as for NARROW_CALL. */
.macro BOUNDED_TO cd, lo, hi
	lla t1, \lo
	lla t2, \hi
	sub t4, t2, t1
	auipcc \cd, 0
	csetaddr \cd, \cd, t1
	csetbounds \cd, \cd, t4
.endm

/* AFTER_FAULT: reached only if the instruction at `fault` did not trap: say so and exit. */
.macro AFTER_FAULT
	cjal escaped
.endm

/* ROUNDS_END action: the end of a hot loop of rounds counted down in t0 (from 100) back to
 * label 1: before round 61 (t0 = 40) the action (the swap to a bad authority) runs, so the
 * loop is translated well before the attack */
.macro ROUNDS_END action:vararg
	li t2, 40
	bne t0, t2, 2f
	\action
2:	addi t0, t0, -1
	bnez t0, 1b
.endm

/* VERDICT n, want: "ok NAME" when a0 == want, else "BAD NAME" (common.S verdict), NAME the
 * n-th 15-byte entry of the attack's `names` table (a names_slot capability over it) */
.macro VERDICT n, want
	li a1, \want
	CVM_LOAD_GLOBAL a2, names_slot
	cincoffset ca2, ca2, \n * 15
	csetboundsimm ca2, ca2, 15
	li a3, 15
	cjal verdict
.endm
