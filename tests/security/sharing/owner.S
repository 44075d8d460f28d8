/* owner.S - the advertiser of the sharing scenarios: shares "ro" (read-only, 64 bytes of its
 * data, next to its private bytes), "rw" (read/write, 64 bytes) and a stream "pipe"; wakes the
 * YAML capfile "sync"; then waits for a wake on "rw" and checks that its private bytes are
 * intact and that "rw" holds what the other side wrote (-DOWNER_EXITS: ends at once). */
#include "sh.h"

	.data
	.balign 64
ro:	.ascii "owner data, read-only\n"
	.balign 64
private: .ascii "PRIVATE!"
	.balign 64
rw:	.space 64
	.balign 128
pipe:	.space STREAM_DATA + 64

	.text
CVM_CAP_GLOBAL ro_slot, ro, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL private_slot, private, 8, CVM_RELOC_DATA
CVM_CAP_GLOBAL rw_slot, rw, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL pipe_slot, pipe, STREAM_DATA + 64, CVM_RELOC_DATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -64
	CVM_LOAD_GLOBAL a0, ro_slot
	li a1, 64
	KEY_CAP a2, "ro"
	li a3, HC_CF_READONLY
	HC 4, HC_CAPFILE_ADV
	bltz a0, bad
	CVM_LOAD_GLOBAL a0, rw_slot
	li a1, 64
	KEY_CAP a2, "rw"
	li a3, 0
	HC 4, HC_CAPFILE_ADV
	bltz a0, bad
	mv s2, a0                       /* rw's id */
	CVM_LOAD_GLOBAL a0, pipe_slot
	li a1, STREAM_DATA + 64
	KEY_CAP a2, "pipe"
	HC 3, HC_STREAM_ADV
	bltz a0, bad
	/* sync: probe it (a user), wake it */
	KEY_CAP a0, "sync"
	cincoffsetimm ca1, csp, 0
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	bltz a0, bad
	HC 1, HC_CAP_WAKE
	bltz a0, bad
	SAY "owner: shared"
	/* built three times: OWNER_EXITS ends at once (sh_owner_exit.so); OWNER_CLOSES puts "hello"
	 * into the stream, closes it with plain stores (head 5, STREAM_CLOSED 1) and ends
	 * (sh_owner_close.so); else it waits for the prober */
#ifdef OWNER_CLOSES
	CVM_LOAD_GLOBAL a0, pipe_slot
	li t0, 0x6f6c6c6568             /* "hello" */
	csd t0, STREAM_DATA(ca0)
	li t0, 5
	csd t0, STREAM_HEAD(ca0)
	li t0, 1
	csd t0, STREAM_CLOSED(ca0)
	EXIT0
#elif defined(OWNER_EXITS)
	EXIT0
#else
	mv a0, s2
	li a1, 0
	li a2, 20000000000
	HC 3, HC_CAP_WAIT
	EXPECT 1, owner-woken
	CVM_LOAD_GLOBAL a0, private_slot
	cld t1, 0(ca0)
	li t2, 0x2145544156495250       /* "PRIVATE!" */
	beq t1, t2, 1f
	SAY "BAD owner private bytes changed"
1:	CVM_LOAD_GLOBAL a0, rw_slot
	clbu t1, 0(ca0)
	li t2, 'X'
	beq t1, t2, 2f
	SAY "BAD owner rw not written by the prober"
	j 3f
2:	SAY "owner: rw written by the prober"
3:	EXIT0
#endif
bad:
	SAY "BAD owner setup"
	EXIT0
CVM_END cvm_main
