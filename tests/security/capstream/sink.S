/* sink.S - a pure-cap consumer that never reads (tests/security/capstream.py "wstall"): it
 * connects to "ws" (a hybrid producer's stream), then only waits on the stream's id (407, no
 * timeout) until the wait says nobody can end it any more (the producer has ended), and ends.
 * The producer's write blocks on the full ring meanwhile: only its cVM's stop can end it. */
#include "cvm.S"

	.section .rodata
key:	.asciz "ws"

	.text
CVM_CAP_GLOBAL key_slot, key, 3, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -16
	CVM_LOAD_GLOBAL a0, key_slot
	cincoffsetimm ca1, csp, 0
	cjal cvm_stream_connect
	bltz a0, 9f
	mv s2, a0                       /* the id */
	li s3, -1                       /* a count that cannot be current: the first wait returns it */
1:	mv a0, s2
	mv a1, s3
	li a2, -1
	li t5, HC_CAP_WAIT
	cjal c_out_3
	bltz a0, 8f                     /* HC_EPIPE / HC_ENOENT: the producer has ended */
	mv s3, a0
	j 1b
8:	li a0, 0
9:	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main
