/* cap_copy - HC_CAP_COPY (1000, the monitor's memmove between two capabilities, used by
 * sdk/crt/stream.S for long runs): the monitor must check both capabilities whole (tag, seal,
 * Store on the destination, Load on the source, bounds of [address, address + length)) before a
 * byte moves, move bytes and never a tag, clear the tags it writes over, and make a copy over
 * code visible to the next fetch. A refused copy returns HC_EFAULT (a length above 2^63 - 1
 * HC_EINVAL) and writes nothing; a host access outside a capability would change the victim's
 * secret, print BAD or crash the monitor.
 * EXPECT: exit
 * OUT: ok   untagged-src
 * OUT: ok   untagged-dst
 * OUT: ok   sealed-src
 * OUT: ok   dst-read-only
 * OUT: ok   src-no-load
 * OUT: ok   src-length+1
 * OUT: ok   dst-length+1
 * OUT: ok   length-2^63
 * OUT: ok   below-base
 * OUT: ok   src-guard-page
 * OUT: ok   dst-guard-page
 * OUT: ok   wrote-nothing
 * OUT: ok   copy-ok
 * OUT: ok   bytes-arrived
 * OUT: ok   overlap-up
 * OUT: ok   overlap-down
 * OUT: ok   tag-not-copied
 * OUT: ok   cap-bytes-moved
 * OUT: ok   tag-cleared
 * OUT: ok   byte-clears-tag
 * OUT: ok   smc-before
 * OUT: ok   smc-seen
 * OUT: ok   zero-length
 */
#define CAP_PERM_GLOBAL_ASM 1
#include "attack.h"

	.section .rodata
obj:	.ascii "0123456789abcdef"
names:
	.ascii "untagged-src   "     /* 0 */
	.ascii "untagged-dst   "     /* 1 */
	.ascii "sealed-src     "     /* 2 */
	.ascii "dst-read-only  "     /* 3 */
	.ascii "src-no-load    "     /* 4 */
	.ascii "src-length+1   "     /* 5 */
	.ascii "dst-length+1   "     /* 6 */
	.ascii "length-2^63    "     /* 7 */
	.ascii "below-base     "     /* 8 */
	.ascii "src-guard-page "     /* 9 */
	.ascii "dst-guard-page "     /* 10 */
	.ascii "wrote-nothing  "     /* 11 */
	.ascii "copy-ok        "     /* 12 */
	.ascii "bytes-arrived  "     /* 13 */
	.ascii "overlap-up     "     /* 14 */
	.ascii "overlap-down   "     /* 15 */
	.ascii "tag-not-copied "     /* 16 */
	.ascii "cap-bytes-moved"     /* 17 */
	.ascii "tag-cleared    "     /* 18 */
	.ascii "byte-clears-tag"     /* 19 */
	.ascii "smc-before     "     /* 20 */
	.ascii "smc-seen       "     /* 21 */
	.ascii "zero-length    "     /* 22 */
names_end:

	.data
	.balign 16
dst:	.ascii "DDDDDDDDDDDDDDDD"
	.balign 16
big:	.space 64
	.balign 16
capa:	.space 16
capb:	.space 16

	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_CAP_GLOBAL names_slot, names, names_end - names, CVM_RELOC_RODATA
CVM_CAP_GLOBAL dst_slot, dst, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL big_slot, big, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL capa_slot, capa, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL capb_slot, capb, 16, CVM_RELOC_DATA
/* a data capability over patchme's first instruction, and the instruction to put there */
CVM_CAP_GLOBAL patch_slot, patchme, 4, CVM_RELOC_DATA
CVM_CAP_GLOBAL tmpl_slot, template, 4, CVM_RELOC_RODATA

#define OBJ_LO 0x3736353433323130   /* "01234567" */
#define OBJ_HI 0x6665646362613938   /* "89abcdef" */

/* COPY: ca0 = destination, ca1 = source, a2 = length set by the caller */
.macro COPY
	li t5, HC_CAP_COPY
	cjal c_out_3
.endm
.macro CASE n, want
	COPY
	VERDICT \n, \want
.endm
/* HOLDS_OBJ slot: t0 = 0 when the 16 bytes of slot's object are obj's; clobbers a1, t1, t2 */
.macro HOLDS_OBJ slot
	CVM_LOAD_GLOBAL a1, \slot
	cld t0, 0(ca1)
	cld t1, 8(ca1)
	li t2, OBJ_LO
	xor t0, t0, t2
	li t2, OBJ_HI
	xor t1, t1, t2
	or t0, t0, t1
.endm
/* COPIED_UNTAGGED n, len, slot: after a COPY of len bytes, a0 = 0 when it returned len and the
 * capability at slot's object is untagged; then VERDICT n */
.macro COPIED_UNTAGGED n, len, slot
	addi s1, a0, -\len
	CVM_LOAD_GLOBAL a1, \slot
	clc ca2, 0(ca1)
	cgettag t0, ca2
	or a0, s1, t0
	VERDICT \n, 0
.endm

/* a0 <- the number of bytes of big (64) that differ from their expected value: byte i holds i,
 * but bytes [lo, hi) hold i + delta */
.macro BIG_MISMATCHES lo, hi, delta
	CVM_LOAD_GLOBAL a1, big_slot
	li a0, 0
	li t0, 0
	li t3, 64
1:	clbu t1, 0(ca1)
	mv t2, t0
	li t4, \lo
	blt t0, t4, 2f
	li t4, \hi
	bge t0, t4, 2f
	addi t2, t0, \delta
2:	beq t1, t2, 3f
	addi a0, a0, 1
3:	cincoffsetimm ca1, ca1, 1
	addi t0, t0, 1
	blt t0, t3, 1b
.endm
/* big[i] <- i */
.macro BIG_INIT
	CVM_LOAD_GLOBAL a1, big_slot
	li t0, 0
	li t3, 64
1:	csb t0, 0(ca1)
	cincoffsetimm ca1, ca1, 1
	addi t0, t0, 1
	blt t0, t3, 1b
.endm

CVM_FUNC cvm_main
	/* 0: an integer (untagged) source: the victim's secret */
	CVM_LOAD_GLOBAL a0, big_slot
	li a1, VICTIM_SECRET
	li a2, 16
	CASE 0, HC_EFAULT
	/* 1: an integer destination: the victim's secret (the victim checks it afterwards) */
	li a0, VICTIM_SECRET
	CVM_LOAD_GLOBAL a1, obj_slot
	li a2, 16
	CASE 1, HC_EFAULT
	/* 2: our own sealed data capability as the source */
	CVM_LOAD_GLOBAL a0, big_slot
	FROM_STORE a1, CS_RET_DDC
	li a2, 16
	CASE 2, HC_EFAULT
	/* 3: a read-only destination */
	CVM_LOAD_GLOBAL a0, obj_slot
	CVM_LOAD_GLOBAL a1, dst_slot
	li a2, 16
	CASE 3, HC_EFAULT
	/* 4: a source without Permit_Load */
	CVM_LOAD_GLOBAL a0, big_slot
	CVM_LOAD_GLOBAL a1, obj_slot
	li t0, CAP_PERM_GLOBAL_ASM
	candperm ca1, ca1, t0
	li a2, 16
	CASE 4, HC_EFAULT
	/* 5: one byte more than the source covers */
	CVM_LOAD_GLOBAL a0, big_slot
	CVM_LOAD_GLOBAL a1, obj_slot
	li a2, 17
	CASE 5, HC_EFAULT
	/* 6: one byte more than the destination covers (dst: 16 bytes, big as the source) */
	CVM_LOAD_GLOBAL a0, dst_slot
	CVM_LOAD_GLOBAL a1, big_slot
	li a2, 17
	CASE 6, HC_EFAULT
	/* 7: a length that is not an int64 (address + length would also wrap) */
	CVM_LOAD_GLOBAL a0, big_slot
	CVM_LOAD_GLOBAL a1, obj_slot
	li a2, 1
	slli a2, a2, 63
	CASE 7, HC_EINVAL
	/* 8: a source one byte below its base (still tagged) */
	CVM_LOAD_GLOBAL a0, big_slot
	CVM_LOAD_GLOBAL a1, obj_slot
	cincoffsetimm ca1, ca1, -1
	li a2, 2
	CASE 8, HC_EFAULT
	/* 9, 10: a capability that allows the access (our stack's, at its base) over the unmapped
	 * guard page: refused, no host fault */
	CVM_LOAD_GLOBAL a0, big_slot
	cgetbase t0, csp
	csetaddr ca1, csp, t0
	li a2, 16
	CASE 9, HC_EFAULT
	cgetbase t0, csp
	csetaddr ca0, csp, t0
	CVM_LOAD_GLOBAL a1, obj_slot
	li a2, 16
	CASE 10, HC_EFAULT
	/* 11: the refused copies wrote nothing: dst and obj hold their bytes */
	CVM_LOAD_GLOBAL a1, dst_slot
	cld t0, 0(ca1)
	cld t1, 8(ca1)
	li t2, 0x4444444444444444
	xor t0, t0, t2
	xor t1, t1, t2
	or a0, t0, t1
	HOLDS_OBJ obj_slot
	or a0, a0, t0
	VERDICT 11, 0
	/* 12, 13: a valid copy returns the length and the bytes arrive */
	CVM_LOAD_GLOBAL a0, dst_slot
	CVM_LOAD_GLOBAL a1, obj_slot
	li a2, 16
	CASE 12, 16
	HOLDS_OBJ dst_slot
	mv a0, t0
	VERDICT 13, 0
	/* 14: overlapping, destination above (memmove): big[8..48) <- old big[0..40) */
	BIG_INIT
	CVM_LOAD_GLOBAL a0, big_slot
	cincoffsetimm ca0, ca0, 8
	CVM_LOAD_GLOBAL a1, big_slot
	li a2, 40
	COPY
	addi s1, a0, -40
	BIG_MISMATCHES 8, 48, -8
	or a0, a0, s1
	VERDICT 14, 0
	/* 15: overlapping, destination below: big[0..40) <- old big[8..48) */
	BIG_INIT
	CVM_LOAD_GLOBAL a0, big_slot
	CVM_LOAD_GLOBAL a1, big_slot
	cincoffsetimm ca1, ca1, 8
	li a2, 40
	COPY
	addi s1, a0, -40
	BIG_MISMATCHES 0, 40, 8
	or a0, a0, s1
	VERDICT 15, 0
	/* 16: a tagged capability copied as bytes arrives untagged */
	CVM_LOAD_GLOBAL a0, obj_slot
	CVM_LOAD_GLOBAL a1, capa_slot
	csc ca0, 0(ca1)
	CVM_LOAD_GLOBAL a0, capb_slot
	CVM_LOAD_GLOBAL a1, capa_slot
	li a2, 16
	COPY
	COPIED_UNTAGGED 16, 16, capb_slot
	/* 17: ... with its 16 bytes, and the source keeps its tag */
	CVM_LOAD_GLOBAL a1, capa_slot
	CVM_LOAD_GLOBAL a2, capb_slot
	cld t0, 0(ca1)
	cld t1, 0(ca2)
	xor a0, t0, t1
	cld t0, 8(ca1)
	cld t1, 8(ca2)
	xor t0, t0, t1
	or a0, a0, t0
	clc ca2, 0(ca1)
	cgettag t0, ca2
	xori t0, t0, 1
	or a0, a0, t0
	VERDICT 17, 0
	/* 18: bytes copied over a tagged capability clear its tag, even its own bytes (capb holds
	 * them since 16) */
	CVM_LOAD_GLOBAL a0, capa_slot
	CVM_LOAD_GLOBAL a1, capb_slot
	li a2, 16
	COPY
	COPIED_UNTAGGED 18, 16, capa_slot
	/* 19: so does one byte into its last byte (the same byte again) */
	CVM_LOAD_GLOBAL a0, obj_slot
	CVM_LOAD_GLOBAL a1, capa_slot
	csc ca0, 0(ca1)
	CVM_LOAD_GLOBAL a0, capa_slot
	cincoffsetimm ca0, ca0, 15
	CVM_LOAD_GLOBAL a1, capb_slot
	cincoffsetimm ca1, ca1, 15
	li a2, 1
	COPY
	COPIED_UNTAGGED 19, 1, capa_slot
	/* 20, 21: a copy over code that has run (translated, after 200 calls) is what runs next,
	 * without FENCE.I (as a store would be, hart/jit.c) */
	li s1, 200
1:	cjal patchme
	addi s1, s1, -1
	bnez s1, 1b
	VERDICT 20, 1
	CVM_LOAD_GLOBAL a0, patch_slot
	CVM_LOAD_GLOBAL a1, tmpl_slot
	li a2, 4
	COPY
	addi s1, a0, -4
	cjal patchme
	xori a0, a0, 2
	or a0, a0, s1
	VERDICT 21, 0
	/* 22: control: zero bytes */
	CVM_LOAD_GLOBAL a0, dst_slot
	CVM_LOAD_GLOBAL a1, obj_slot
	li a2, 0
	CASE 22, 0
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main

	.option push
	.option norvc
	.balign 4
patchme:
	li a0, 1
	cret
template:
	li a0, 2
	.option pop
