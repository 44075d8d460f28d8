/* lonely.S - a cVM that chooses the bytes of a monitor diagnostic (tests/security/sharing.py
 * "lonely"): it advertises a stream under a key with an escape sequence and a newline, says
 * so, and waits on it with no time limit. Listed first with `wait: -1`, it holds back the
 * cVM after it, and the monitor's line about that (run.c run_join_holding) names the key:
 * the key's bytes must reach the terminal escaped (\xNN), the line must stay one line. */
#include "sh.h"

	.data
	.balign 128
ring:	.space STREAM_DATA + 64

	.text
CVM_CAP_GLOBAL ring_slot, ring, STREAM_DATA + 64, CVM_RELOC_DATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, ring_slot
	li a1, STREAM_DATA + 64
	KEY_CAP a2, "k\033[2J\nfake: line"
	HC 3, HC_STREAM_ADV
	mv s1, a0
	SAY "lonely: advertised"
	mv a0, s1
	li a1, -1
	li a2, 0
	HC 3, HC_CAP_WAIT               /* the wake count now */
	mv a1, a0
	mv a0, s1
	li a2, -1
	HC 3, HC_CAP_WAIT               /* until it changes: never (nobody else knows the key) */
	EXIT0
CVM_END cvm_main
