/* files.S - upstream's file hostcalls 801..814 from a pure-cap cVM (tests/security/files.py).
 * The cVM sees /data (a read/write mount) and /ro (a read-only one). The first half uses each
 * call the way a program would (open, read, write, lseek, fstat, stat, lstat, access, truncate,
 * unlink, fcntl, errno, close) and prints what it read; the second half tries every way out:
 * paths escaping the mount (.., symbolic links, absolute paths), writes to the read-only mount,
 * buffers that are read-only, short, straddling, untagged or without Load, paths without a NUL
 * in bounds, and the descriptors another cVM left open (-DOTHER: that cVM). Each check prints
 * "ok TAG" or "BAD TAG". */
#include "sh.h"

#define O_RDONLY 0
#define O_WRONLY 01
#define O_RDWR   02
#define O_CREAT  0100
#define O_TRUNC  01000
#define EBADF    (-9)
#define EROFS    (-30)
#define EXDEV    (-18)
#define ENOENT   (-2)
#define MSG_LEN  19       /* "written by the cVM\n" */

	.data
	.balign 64
buf:	.space 256
	.balign 64
st:	.space 128
	.balign 16
ropath:	.ascii "/data/hello.txt"   /* no NUL inside its capability */
	.section .rodata
	.balign 16
rotext:	.ascii "0123456789abcdef"
msg:	.ascii "written by the cVM\n"
msg_end:

	.text
CVM_CAP_GLOBAL buf_slot, buf, 256, CVM_RELOC_DATA
CVM_CAP_GLOBAL st_slot, st, 128, CVM_RELOC_DATA
CVM_CAP_GLOBAL nonul_slot, ropath, 15, CVM_RELOC_DATA
CVM_CAP_GLOBAL rotext_slot, rotext, 16, CVM_RELOC_RODATA
CVM_CAP_GLOBAL msg_slot, msg, msg_end - msg, CVM_RELOC_RODATA

/* OPEN "path", flags -> a0 */
.macro OPEN path, flags
	KEY_CAP a0, "\path"
	li a1, \flags
	li a2, 0644
	HC 3, HC_OPEN
.endm

/* a0 <- the 64-bit word at offset off of st */
.macro ST_WORD off
	CVM_LOAD_GLOBAL a0, st_slot
	cld a0, \off(ca0)
.endm

CVM_FUNC cvm_main
#ifdef OTHER
	/* another cVM: opens three descriptors (3, 4, 5) and leaves them open */
	OPEN /data/hello.txt, O_RDONLY
	EXPECT 3, other-open-3
	OPEN /data/hello.txt, O_RDONLY
	EXPECT 4, other-open-4
	OPEN /data/hello.txt, O_RDWR
	EXPECT 5, other-open-5
	EXIT0
#else
	/* --- the calls as a program uses them --- */
	OPEN /data/hello.txt, O_RDONLY
	mv s1, a0
	EXPECT 3, open-hello
	mv a0, s1
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, 64
	HC 3, HC_READ
	EXPECT 20, read-hello-20-bytes
	li a0, 1                        /* what it read, to our stdout through 810 */
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, 20
	HC 3, HC_FWRITE
	EXPECT 20, write-stdout
	mv a0, s1
	li a1, 6
	li a2, 0                        /* SEEK_SET */
	HC 3, HC_LSEEK
	EXPECT 6, lseek-6
	mv a0, s1
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, 4
	HC 3, HC_READ
	EXPECT 4, read-4-more
	CVM_LOAD_GLOBAL a0, buf_slot
	clwu a0, 0(ca0)
	EXPECT 0x6d6f7266, read-from-offset-6   /* "from" */
	mv a0, s1
	CVM_LOAD_GLOBAL a1, st_slot
	HC 2, HC_FSTAT
	EXPECT 0, fstat
	ST_WORD 48
	EXPECT 20, fstat-size-20
	mv a0, s1
	li a1, 3                        /* F_GETFL */
	li a2, 0
	HC 3, HC_FCNTL
	EXPECT 0, fcntl-getfl-rdonly
	mv a0, s1
	HC 1, HC_CLOSE
	EXPECT 0, close
	mv a0, s1
	HC 1, HC_CLOSE
	EXPECT EBADF, close-twice-ebadf
	HC 0, HC_ERRNO
	EXPECT 9, errno-ebadf

	OPEN /data/new.txt, O_WRONLY|O_CREAT|O_TRUNC
	mv s1, a0
	EXPECT 3, create-new
	mv a0, s1
	CVM_LOAD_GLOBAL a1, msg_slot
	li a2, MSG_LEN
	HC 3, HC_FWRITE
	EXPECT 19, write-new-19
	mv a0, s1
	li a1, 3
	li a2, 0
	HC 3, HC_FCNTL
	EXPECT 1, fcntl-getfl-wronly
	mv a0, s1
	HC 1, HC_CLOSE
	EXPECT 0, close-new
	KEY_CAP a0, "/data/new.txt"
	CVM_LOAD_GLOBAL a1, st_slot
	HC 2, HC_STAT
	EXPECT 0, stat-new
	ST_WORD 48
	EXPECT 19, stat-size-19
	KEY_CAP a0, "/data/new.txt"
	li a1, 4                        /* R_OK */
	HC 2, HC_ACCESS
	EXPECT 0, access-new
	KEY_CAP a0, "/data/nope"
	li a1, 0
	HC 2, HC_ACCESS
	EXPECT ENOENT, access-missing
	HC 0, HC_ERRNO
	EXPECT 2, errno-enoent
	KEY_CAP a0, "/data/cut.txt"
	li a1, 5
	HC 2, HC_TRUNCATE
	EXPECT 0, truncate-cut-5
	KEY_CAP a0, "/data/gone.txt"
	HC 1, HC_UNLINK
	EXPECT 0, unlink-gone
	KEY_CAP a0, "/data/gone.txt"
	li a1, 0
	HC 2, HC_ACCESS
	EXPECT ENOENT, unlinked-is-gone
	KEY_CAP a0, "/data/link_out"
	CVM_LOAD_GLOBAL a1, st_slot
	HC 2, HC_LSTAT
	EXPECT 0, lstat-link
	CVM_LOAD_GLOBAL a0, st_slot
	clwu a0, 16(ca0)
	li t0, 0170000
	and a0, a0, t0
	EXPECT 0120000, lstat-is-a-link
	OPEN /ro/file.txt, O_RDONLY
	mv s1, a0
	EXPECT 3, open-ro-for-reading
	mv a0, s1
	HC 1, HC_CLOSE
	EXPECT 0, close-ro

	/* --- paths out of the mounts --- */
	OPEN /data/../secret.txt, O_RDONLY
	EXPECT ENOENT, dotdot-out
	OPEN /data/sub/../../secret.txt, O_RDONLY
	EXPECT ENOENT, dotdot-deep-out
	OPEN /data/link_out, O_RDONLY
	EXPECT EXDEV, relative-link-out
	OPEN /data/abs_out, O_RDONLY
	EXPECT EXDEV, absolute-link-out
	OPEN /data/dir_out/secret.txt, O_RDONLY
	EXPECT EXDEV, directory-link-out
	KEY_CAP a0, "/data/link_out"
	CVM_LOAD_GLOBAL a1, st_slot
	HC 2, HC_STAT
	EXPECT EXDEV, stat-follows-no-link-out
	OPEN /etc/passwd, O_RDONLY
	EXPECT ENOENT, host-path
	OPEN /, O_RDONLY
	EXPECT ENOENT, root-outside-mounts
	KEY_CAP a0, "/data/link_out"
	li a1, 1
	HC 2, HC_TRUNCATE
	EXPECT EXDEV, truncate-through-link

	/* --- the read-only mount --- */
	OPEN /ro/file.txt, O_WRONLY
	EXPECT EROFS, ro-open-write
	OPEN /ro/made.txt, O_WRONLY|O_CREAT
	EXPECT EROFS, ro-create
	KEY_CAP a0, "/ro/file.txt"
	HC 1, HC_UNLINK
	EXPECT EROFS, ro-unlink
	KEY_CAP a0, "/ro/file.txt"
	li a1, 0
	HC 2, HC_TRUNCATE
	EXPECT EROFS, ro-truncate

	/* --- buffers --- */
	OPEN /data/hello.txt, O_RDONLY
	mv s1, a0
	EXPECT 3, open-again
	mv a0, s1
	CVM_LOAD_GLOBAL a1, rotext_slot
	li a2, 4
	HC 3, HC_READ
	EXPECT HC_EFAULT, read-into-read-only
	CVM_LOAD_GLOBAL a0, buf_slot
	li t0, 16
	csetbounds cs2, ca0, t0         /* a 16-byte buffer */
	li t1, 0x5858585858585858
	csd t1, 0(cs2)
	csd t1, 8(cs2)
	mv a0, s1
	cmove ca1, cs2
	li a2, 17
	HC 3, HC_READ
	EXPECT HC_EFAULT, read-short-buffer
	cld a0, 0(cs2)
	li t1, 0x5858585858585858
	EXPECT 0x5858585858585858, short-buffer-untouched
	li t0, 12
	cincoffset ca1, cs2, t0          /* 4 bytes left */
	mv a0, s1
	li a2, 5
	HC 3, HC_READ
	EXPECT HC_EFAULT, read-straddling-top
	li t0, -1
	cincoffset ca1, cs2, t0          /* below the base */
	mv a0, s1
	li a2, 2
	HC 3, HC_READ
	EXPECT HC_EFAULT, read-below-base
	ccleartag ca1, cs2
	mv a0, s1
	li a2, 1
	HC 3, HC_READ
	EXPECT HC_EFAULT, read-untagged
	mv a0, s1
	li a1, 0
	li a2, 0
	HC 3, HC_LSEEK
	EXPECT 0, refused-reads-did-not-move-the-offset
	mv a0, s1
	HC 1, HC_CLOSE

	OPEN /data/w.txt, O_WRONLY|O_CREAT|O_TRUNC
	mv s1, a0
	EXPECT 3, create-w
	CVM_LOAD_GLOBAL a0, msg_slot
	li t0, 8                        /* Store only: no Load */
	candperm cs3, ca0, t0
	mv a0, s1
	cmove ca1, cs3
	li a2, 4
	HC 3, HC_FWRITE
	EXPECT HC_EFAULT, write-without-load
	mv a0, s1
	CVM_LOAD_GLOBAL a1, msg_slot
	li a2, MSG_LEN + 1
	HC 3, HC_FWRITE
	EXPECT HC_EFAULT, write-past-buffer
	mv a0, s1
	CVM_LOAD_GLOBAL a1, msg_slot
	li a2, -1
	HC 3, HC_FWRITE
	EXPECT HC_EFAULT, write-huge-count
	mv a0, s1
	li a1, 0x10000                  /* an integer, not a capability */
	li a2, 4
	HC 3, HC_FWRITE
	EXPECT HC_EFAULT, write-from-integer
	mv a0, s1
	CVM_LOAD_GLOBAL a1, st_slot
	HC 2, HC_FSTAT
	ST_WORD 48
	EXPECT 0, refused-writes-wrote-nothing
	mv a0, s1
	HC 1, HC_CLOSE

	CVM_LOAD_GLOBAL a0, st_slot
	li t0, 127
	csetbounds ca1, ca0, t0
	KEY_CAP a0, "/data/hello.txt"
	HC 2, HC_STAT
	EXPECT HC_EFAULT, stat-buffer-127
	KEY_CAP a0, "/data/hello.txt"
	CVM_LOAD_GLOBAL a1, rotext_slot
	HC 2, HC_LSTAT
	EXPECT HC_EFAULT, lstat-into-read-only
	CVM_LOAD_GLOBAL a0, nonul_slot
	li a1, O_RDONLY
	li a2, 0
	HC 3, HC_OPEN
	EXPECT HC_EFAULT, path-without-nul
	KEY_CAP a0, "/data/hello.txt"
	ccleartag ca0, ca0
	li a1, O_RDONLY
	li a2, 0
	HC 3, HC_OPEN
	EXPECT HC_EFAULT, path-untagged
	KEY_CAP a0, "/data/hello.txt"
	li t0, 8                        /* no Load */
	candperm ca0, ca0, t0
	li a1, O_RDONLY
	li a2, 0
	HC 3, HC_OPEN
	EXPECT HC_EFAULT, path-without-load

	/* --- descriptors: the other cVM's 3, 4, 5 are not ours --- */
	li a0, 5
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, 4
	HC 3, HC_READ
	EXPECT EBADF, other-cvms-fd-read
	li a0, 4
	HC 1, HC_CLOSE
	EXPECT EBADF, other-cvms-fd-close
	li a0, 3
	CVM_LOAD_GLOBAL a1, st_slot
	HC 2, HC_FSTAT
	EXPECT EBADF, other-cvms-fd-fstat
	li a0, 1000000
	HC 1, HC_CLOSE
	EXPECT EBADF, fd-out-of-range
	li a0, -1
	li a1, 0
	li a2, 0
	HC 3, HC_LSEEK
	EXPECT EBADF, fd-negative
	HC 0, 805
	EXPECT HC_ENOSYS, unused-805
	EXIT0
#endif
CVM_END cvm_main
