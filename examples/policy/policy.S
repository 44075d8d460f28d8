/* policy.S - a handler cVM that enforces a policy on the system calls of the hybrid cVMs it
 * serves (intravisor.md 5 and 9; README "A handler with a policy"). Pure-cap, with the SDK's
 * syscall_handler (sdk/crt/handler.S), which calls `syscall` below on a context of ours.
 *
 *   - every Linux call (t5 = 0x1000 + nr, nr < 512) is counted by number (an atomic add:
 *     several threads of a caller can be inside at once, each on its own context);
 *   - openat with O_WRONLY, O_RDWR, O_CREAT or O_TRUNC in its flags (ca2, an integer) is
 *     refused with -EACCES, without reaching the monitor;
 *   - exit_group prints the counts (one line per number called), then is forwarded;
 *   - everything else (and pure-cap hostcalls: write, nop) goes up to our callback_out with
 *     the caller's capabilities unchanged: we never hold more than the caller gave us.
 * A demonstration of why a handler cVM is useful, not a sandbox by itself: mkdirat, unlinkat,
 * renameat2 pass; a read-only mount (`readonly: true`) is how a folder is made read-only.
 *
 * Register atlas of print_counts: cs0 = the line buffer (64 bytes of our stack), cs1 = the
 * cursor in it, s2 = the number, cs3 = the counts array at that number.
 */
#include "cvm.S"

#define LX(n)        (0x1000 + (n))
#define LX_NR_MAX    512
#define NR_OPENAT    56
#define NR_EXIT_GRP  94
#define O_WRITING    0x243        /* O_WRONLY 1 | O_RDWR 2 | O_CREAT 0x40 | O_TRUNC 0x200 */
#define EACCES       13
#define LINE_MAX     64

	.data
	.balign 16
counts:	.space 8 * LX_NR_MAX      /* calls by Linux number */
refused: .space 8                 /* openat calls refused */

	.section .rodata
ready:	.ascii "policy: openat for writing is refused\n"
ready_end:
s_nr:	.ascii "policy: nr "
s_colon: .ascii " count "
s_calls: .ascii "\n"
s_refused: .ascii "policy: refused "
s_openat: .ascii " openat for writing\n"
s_end:
	.equ ready_len, ready_end - ready
	.equ s_nr_len, s_colon - s_nr
	.equ s_colon_len, s_calls - s_colon
	.equ s_calls_len, s_refused - s_calls
	.equ s_refused_len, s_openat - s_refused
	.equ s_openat_len, s_end - s_openat

	.text
CVM_CAP_GLOBAL counts_slot, counts, 8 * LX_NR_MAX, CVM_RELOC_DATA
CVM_CAP_GLOBAL refused_slot, refused, 8, CVM_RELOC_DATA
CVM_CAP_GLOBAL ready_slot, ready, ready_end - ready, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_nr_slot, s_nr, s_colon - s_nr, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_colon_slot, s_colon, s_calls - s_colon, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_calls_slot, s_calls, s_refused - s_calls, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_refused_slot, s_refused, s_openat - s_refused, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_openat_slot, s_openat, s_end - s_openat, CVM_RELOC_RODATA

/* Our own thread: one line, then exit. FROM: outer_c. */
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, ready_slot
	li a1, ready_len
	li t5, HC_WRITE
	cjal c_out_2
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
1:	j 1b
CVM_END cvm_main

/* FROM: sdk/crt/handler.S (a call of another cVM, through the switcher).
 * LIVE IN: t5 = number, ca0..ca6 = the caller's arguments, csp/ctp = our handler context.
 * OUT: a0 = result. */
CVM_FUNC syscall
	cincoffset csp, csp, -48
	csc cra, csp, 0
	csc ca0, csp, 16                  /* exit_group's status, for after the printing */
	sd t5, 32(sp)
	li t0, LX(0)
	sub t1, t5, t0
	li t2, LX_NR_MAX
	bgeu t1, t2, .Lforward            /* not a Linux number: forward as it is */
	CVM_LOAD_GLOBAL t0, counts_slot
	slli t1, t1, 3
	cincoffset ct0, ct0, t1
	li t2, 1
	amoadd.d zero, t2, (t0)           /* counts[nr]++, through ct0 (bounded to that word's array) */
	li t0, LX(NR_OPENAT)
	bne t5, t0, 1f
	li t0, O_WRITING
	and t0, a2, t0                    /* a2: the flags (an integer: ca2's address) */
	beqz t0, .Lforward
	CVM_LOAD_GLOBAL t0, refused_slot
	li t2, 1
	amoadd.d zero, t2, (t0)
	li a0, -EACCES                    /* refused here: the monitor never sees it */
	j .Lreturn
1:	li t0, LX(NR_EXIT_GRP)
	bne t5, t0, .Lforward
	cjal print_counts
	clc ca0, csp, 16
	ld t5, 32(sp)
	cjal c_out_1                      /* exit_group(status): does not come back unless refused */
	j .Lreturn
.Lforward:
	cjal c_call                       /* t5, ca0..ca6 as they came */
.Lreturn:
	clc cra, csp, 0
	cincoffset csp, csp, 48
	cret
CVM_END syscall

/* One line per number called ("policy: nr 56 count 3"), then the refusals. Preserves
 * cs0..cs4 (c_out_2 keeps them across each write). */
print_counts:
	cincoffset csp, csp, -176
	csc cra, csp, 0
	csc cs0, csp, 16
	csc cs1, csp, 32
	csc cs2, csp, 48
	csc cs3, csp, 64
	csc cs4, csp, 80
	cincoffset cs0, csp, 96
	csetbounds cs0, cs0, LINE_MAX     /* the line buffer: nothing else of the stack */
	CVM_LOAD_GLOBAL s3, counts_slot
	li s2, 0
.Lcount:
	ld t0, 0(s3)
	beqz t0, .Lnext
	cmove cs1, cs0
	CVM_LOAD_GLOBAL a2, s_nr_slot
	li a3, s_nr_len
	cjal emit_str
	mv a0, s2
	cjal emit_num
	CVM_LOAD_GLOBAL a2, s_colon_slot
	li a3, s_colon_len
	cjal emit_str
	ld a0, 0(s3)
	cjal emit_num
	CVM_LOAD_GLOBAL a2, s_calls_slot
	li a3, s_calls_len
	cjal emit_str
	cjal write_line
.Lnext:
	cincoffset cs3, cs3, 8
	addi s2, s2, 1
	li t0, LX_NR_MAX
	bltu s2, t0, .Lcount
	cmove cs1, cs0
	CVM_LOAD_GLOBAL a2, s_refused_slot
	li a3, s_refused_len
	cjal emit_str
	CVM_LOAD_GLOBAL t0, refused_slot
	ld a0, 0(t0)
	cjal emit_num
	CVM_LOAD_GLOBAL a2, s_openat_slot
	li a3, s_openat_len
	cjal emit_str
	cjal write_line
	clc cs4, csp, 80
	clc cs3, csp, 64
	clc cs2, csp, 48
	clc cs1, csp, 32
	clc cs0, csp, 16
	clc cra, csp, 0
	cincoffset csp, csp, 176
	cret

/* Copy a3 bytes from ca2 to the cursor cs1 (advanced). Leaf; clobbers t0, ca2, a3. */
emit_str:
	beqz a3, 2f
1:	lbu t0, 0(a2)
	sb t0, 0(s1)
	cincoffset ca2, ca2, 1
	cincoffset cs1, cs1, 1
	addi a3, a3, -1
	bnez a3, 1b
2:	cret

/* a0 in decimal at the cursor cs1 (advanced). Leaf; clobbers t0, t1, t2, a0. */
emit_num:
	li t1, 1                          /* t1: the largest power of ten <= a0 (a0 < 10^19) */
	li t2, 10
1:	divu t0, a0, t1
	bltu t0, t2, 2f
	mul t1, t1, t2
	j 1b
2:	divu t0, a0, t1
	remu a0, a0, t1
	addi t0, t0, '0'
	sb t0, 0(s1)
	cincoffset cs1, cs1, 1
	divu t1, t1, t2
	bnez t1, 2b
	cret

/* Write [cs0, cs1) to stdout (hostcall 1) through a capability bounded to the line. */
write_line:
	cincoffset csp, csp, -16
	csc cra, csp, 0
	csub a1, cs1, cs0
	csetbounds ca0, cs0, a1
	li t5, HC_WRITE
	cjal c_out_2
	clc cra, csp, 0
	cincoffset csp, csp, 16
	cret
