/* capmode.S - a fuzz_hart seed: capability-mode code that derives, stores, loads, seals,
 * unseals, rebuilds and jumps through capabilities of the slot. Assembled at address 0 and
 * written out raw (objcopy -O binary); the first 20 bytes are the fuzz_hart header.
 * Registers from the recipes: c1 = the authority at the slot base, c2 = a 256-byte object at
 * slot + 0xf00, c3 = a capability-mode sentry to slot + 0, c5 = an object at slot + 0x1000. */
#include "cheri.S"
	.text
	.byte 0x21, 0, 0, 0       /* capability mode, resume after traps */
	.byte 0x01, 0x01, 0x3e, 0x07, 0x81, 0x42, 0x09, 0x0e, 0x10, 0x05, 0x0a, 0x11, 0x16, 0x1d, 0x21, 0x26
code:
	li t0, 64
	csetbounds ca0, c1, t0
	cincoffsetimm ca1, c1, 0x100
	csetboundsimm ca1, ca1, 32
	csc ca1, 0(ca0)
	clc ca2, 0(ca0)
	csc ca1, 16(c2)
	clc ca2, 16(c2)
	li t1, 0x20010
	csetaddr ca3, c1, t1
	cseal ca4, ca1, ca3
	cunseal ca5, ca4, ca3
	cgettag a6, ca5
	ccleartag ca6, ca1
	cbuildcap ca7, c1, ca6
	li t2, 0x7
	candperm cs2, ca7, t2
	csealentry cs3, ca0
	cspecialr cs4, ddc
	cspecialr cs5, pcc
	auipcc cs6, 0
	cld t4, 8(ca0)
	csd t4, 16(ca0)
	csw t4, 4(c2)
	clr.c cs7, (c2)
	csc.c t3, cs7, (c2)
	camoswap.c cs8, ca1, (c2)
	jal ra, 1f               /* cjal in capability mode: cra = a sentry */
	ebreak
1:	ecall
	cjalr cra, c3            /* the sentry to the start: run again until the budget ends */
