/* legacy.S - upstream's 29, 300..302 and deprecated numbers from a pure-cap cVM
 * (tests/security/files.py): a pipe in the cVM's own table (301) carries "ping", 302 makes its
 * read end non-blocking, 300 opens only beneath the mounts, 29 is refused, 400..404 answer
 * -ENOSYS (twice 400: warned once). Each check prints "ok TAG" or "BAD TAG". */
#include "sh.h"

#define EAGAIN (-11)
#define ENOENT (-2)

	.data
	.balign 16
fds:	.space 16
	.balign 16
buf:	.space 16
	.section .rodata
	.balign 16
ping:	.ascii "ping"

	.text
CVM_CAP_GLOBAL fds_slot, fds, 8, CVM_RELOC_DATA
CVM_CAP_GLOBAL fds7_slot, fds, 7, CVM_RELOC_DATA
CVM_CAP_GLOBAL buf_slot, buf, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL ping_slot, ping, 4, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, ping_slot
	HC 1, HC_PIPE
	EXPECT HC_EFAULT, pipe-into-read-only
	CVM_LOAD_GLOBAL a0, fds7_slot
	HC 1, HC_PIPE
	EXPECT HC_EFAULT, pipe-into-7-bytes
	CVM_LOAD_GLOBAL a0, fds_slot
	HC 1, HC_PIPE
	EXPECT 0, pipe
	CVM_LOAD_GLOBAL a0, fds_slot
	cld a0, 0(ca0)
	li t1, 0x0000000400000003
	EXPECT 0x0000000400000003, pipe-fds-3-4
	li a0, 4
	CVM_LOAD_GLOBAL a1, ping_slot
	li a2, 4
	HC 3, HC_FWRITE
	EXPECT 4, pipe-write
	li a0, 3
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, 16
	HC 3, HC_READ
	EXPECT 4, pipe-read
	CVM_LOAD_GLOBAL a0, buf_slot
	clwu a0, 0(ca0)
	EXPECT 0x676e6970, pipe-carried-ping
	li a0, 3
	HC 1, HC_SET_NONBLOCK
	EXPECT 0, set-nonblock
	li a0, 3
	li a1, 3                        /* F_GETFL */
	li a2, 0
	HC 3, HC_FCNTL
	EXPECT 04000, nonblock-flag
	li a0, 3
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, 16
	HC 3, HC_READ
	EXPECT EAGAIN, empty-nonblocking-read
	li a0, 99
	HC 1, HC_SET_NONBLOCK
	EXPECT -9, set-nonblock-bad-fd
	KEY_CAP a0, "/data/hello.txt"
	HC 1, HC_OPEN_TAP
	EXPECT 5, open-tap-in-mount
	li a0, 5
	li a1, 3
	li a2, 0
	HC 3, HC_FCNTL
	EXPECT 04002, open-tap-rdwr-nonblock
	KEY_CAP a0, "/dev/net/tun"
	HC 1, HC_OPEN_TAP
	EXPECT ENOENT, open-tap-host-device
#ifdef LIBVIRT
#define DEPLOY_RESULT HC_ENOSYS
#else
#define DEPLOY_RESULT HC_EPERM
#endif
	CVM_LOAD_GLOBAL a0, ping_slot
	li a1, 4
	HC 2, HC_DEPLOY_YAML
	EXPECT DEPLOY_RESULT, deploy-refused
	CVM_LOAD_GLOBAL a0, ping_slot
	li a1, 4
	HC 2, HC_DEPLOY_YAML
	EXPECT DEPLOY_RESULT, deploy-refused-again
	HC 0, 400
	EXPECT HC_ENOSYS, deprecated-400
	HC 0, 401
	EXPECT HC_ENOSYS, deprecated-401
	HC 0, 402
	EXPECT HC_ENOSYS, deprecated-402
	HC 0, 404
	EXPECT HC_ENOSYS, deprecated-404
	HC 0, 400
	EXPECT HC_ENOSYS, deprecated-400-again
	EXIT0
CVM_END cvm_main
