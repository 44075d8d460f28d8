/* orphan.S - a stream whose producer (owner.S -DOWNER_CLOSES) closed it and ended stays for its
 * consumer (src/monitor/share.c share_cvm_gone), and gives nobody more than a live one would:
 *   (default)  the late consumer: the owner's capfiles are gone; the stream probes, bounded to
 *              its ring (STREAM_DATA + 64 bytes), data permissions only (Global, Load, Store),
 *              with the owner's bytes; a second probe is refused (one consumer), the key cannot
 *              be taken over by advertising it, a wait ends at once (-EPIPE: nobody can wake it)
 *   -DTHIEF    runs after the consumer ended: the stream has gone with it (-ENOENT), and its key
 *              is free again */
#include "sh.h"

	.data
	.balign 128
mine:	.space STREAM_DATA + 64

	.text
CVM_CAP_GLOBAL mine_slot, mine, STREAM_DATA + 64, CVM_RELOC_DATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -64
	/* 0(csp): the probed ring; 16(csp): its size */
#ifdef THIEF
	KEY_CAP a0, "pipe"
	cincoffsetimm ca1, csp, 0
	li a2, 0
	HC 3, HC_STREAM_PROBE
	EXPECT HC_ENOENT, orphan-gone-with-its-consumer
	CVM_LOAD_GLOBAL a0, mine_slot
	li a1, STREAM_DATA + 64
	KEY_CAP a2, "pipe"
	HC 3, HC_STREAM_ADV
	EXPECT 4, orphan-key-free-again
	EXIT0
#else
	KEY_CAP a0, "ro"
	cincoffsetimm ca1, csp, 0
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_ENOENT, owner-capfile-gone
	KEY_CAP a0, "pipe"
	cincoffsetimm ca1, csp, 0
	cincoffsetimm ca2, csp, 16
	csetboundsimm ca2, ca2, 8
	HC 3, HC_STREAM_PROBE
	mv s1, a0                       /* the stream's id */
	EXPECT 3, orphan-probed
	cld a0, 16(csp)
	EXPECT STREAM_DATA + 64, orphan-size
	clc ca0, 0(csp)
	cgetlen a0, ca0
	EXPECT STREAM_DATA + 64, orphan-bounds-exact
	clc ca0, 0(csp)
	cgetoffset a0, ca0
	EXPECT 0, orphan-at-its-base
	clc ca0, 0(csp)
	cgetperm a0, ca0
	EXPECT 0xd, orphan-data-perms-only
	clc ca0, 0(csp)
	cld a0, STREAM_HEAD(ca0)
	EXPECT 5, orphan-head-kept
	clc ca0, 0(csp)
	cld a0, STREAM_DATA(ca0)
	EXPECT 0x6f6c6c6568, orphan-bytes-kept
	clc ca0, 0(csp)
	cld a0, STREAM_CLOSED(ca0)
	EXPECT 1, orphan-closed
	KEY_CAP a0, "pipe"
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_STREAM_PROBE
	EXPECT HC_EBUSY, orphan-one-consumer
	CVM_LOAD_GLOBAL a0, mine_slot
	li a1, STREAM_DATA + 64
	KEY_CAP a2, "pipe"
	HC 3, HC_STREAM_ADV
	EXPECT HC_EEXIST, orphan-key-not-taken-over
	mv a0, s1
	li a1, 0                        /* the count as it is: no wake ever came */
	li a2, 10000000000              /* 10 s: it must end at once */
	HC 3, HC_CAP_WAIT
	EXPECT HC_EPIPE, orphan-wait-ends
	EXIT0
#endif
CVM_END cvm_main
