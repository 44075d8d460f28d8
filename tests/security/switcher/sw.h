/* sw.h - shared by the switcher scenario cVMs (tests/security/switcher.py).
 *
 * ARGV1 xd: xd <- the address of argv[1] (the config's `args`, second word), read from the
 * initial stack that csp points at when cvm_main starts (sdk/README.md "Registers at entry":
 * argc, 0xaa, &argv[0], 0xbb, &argv[1], ...). Load its bytes through csp (csetaddr). */
#include "cvm.S"

#define HC_SW_FAULT 0x7f0   /* test-only: 0x7f0 + L makes the L-th relay of the chain fault */
#define CLIENT_K    20      /* writes of a client in mode n */

.macro ARGV1 xd
	cld \xd, 32(csp)
.endm
