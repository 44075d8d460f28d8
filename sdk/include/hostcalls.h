/* hostcalls.h - hostcall numbers (the value a cVM puts in t5), usable from C and assembly.
 *
 * The numbers are upstream Intravisor's (lsds/intravisor src/hostcalls.c, see
 * shared/spec/intravisor.md section 5 and intravisor-reference.md section 5), so a cVM written
 * for the reference keeps its numbers. HC_NOP is ours (upstream leaves 0 unused).
 *
 * Calling convention (sdk/README.md): t5 = number, ca0..ca6 = arguments as capabilities (a
 * buffer is a capability bounded to the buffer with the permission the call needs; an integer
 * is an untagged capability whose address is the value), ct0/ct1 = the caller's sealed return
 * pair. Result in a0: >= 0 success, < 0 a negated errno (HC_E*).
 */
#ifndef INTRAVISOR_SDK_HOSTCALLS_H
#define INTRAVISOR_SDK_HOSTCALLS_H

/* served by this monitor */
#define HC_NOP              0    /* ours: no operation, returns 0 (benchmarks) */
#define HC_WRITE            1    /* write(ca0 = buffer cap [Load], a1 = length) to stdout -> length */
#define HC_EXIT             13   /* end the calling thread; does not return */
#define HC_CAP_COPY         1000 /* ours: ca0 = destination [Store, a2 bytes], ca1 = source [Load, a2 bytes],
                                  * a2 = length -> a2, as memmove: the bytes alone (the destination's tags
                                  * are cleared), at the host's memcpy speed; both checked before a byte moves */

/* sharing between cVMs (src/monitor/share.h; upstream's numbers, safe arguments) */
#define HC_CAPFILE_ADV      405  /* ca0 = buffer [Load, Store to share it writable], a1 = size, ca2 = key
                                  * [Load], a3 = flags (HC_CF_READONLY) -> the entry's id */
#define HC_CAPFILE_PROBE    406  /* ca0 = key, ca1 = where the data cap goes [Store, StoreCap, 16 bytes,
                                  * 16-aligned], ca2 = where the size goes [Store, 8 bytes] or NULL -> id */
#define HC_CAP_WAIT         407  /* a0 = id, a1 = the wake count last seen, a2 = timeout in ns (0: do not
                                  * block, -1: no limit) -> the wake count once it differs from a1;
                                  * timeout 0 is also a memory barrier across every cVM thread */
#define HC_CAP_WAKE         408  /* a0 = id -> the new wake count (wakes every waiter of id) */
#define HC_STREAM_ADV       409  /* ca0 = ring [Load, Store], a1 = size (STREAM_DATA + a power of two
                                  * >= 16), ca2 = key -> id; the monitor zeroes the ring header */
#define HC_STREAM_PROBE     410  /* ca0 = key, ca1 = cap location, ca2 = size location (as 406) -> id;
                                  * one prober per stream (single producer, single consumer) */
#define HC_CF_READONLY      1    /* 405 a3: probers get no Store permission */

/* A key is the bytes of the key capability from its address up to the first NUL or its top,
 * whichever comes first: 1..64 bytes. */
#define HC_KEY_MAX          64

#define HC_NANOSLEEP        200  /* ca0 = timespec [Load, 16 bytes], ca1 = remaining [Store, 16] or NULL
                                  * -> 0, or HC_EINTR when the thread is stopped */

/* threads of a pure-cap cVM (src/monitor/run_pthread.c; upstream's numbers, safe arguments) */
#define HC_THREAD_CREATE    40   /* ca0 = function [a sentry or code cap of the caller's own cVM, capability
                                  * mode], ca1 = its argument (ca0 of the new thread) -> thread id > 0 */
#define HC_THREAD_JOIN      41   /* a0 = thread id, ca1 = where its exit value goes [Store, 8 bytes] or
                                  * NULL -> 0 once it has ended */
#define HC_THREAD_EXIT      42   /* a0 = exit value: ends the calling thread (as 13); does not return */

/* calls between cVMs (CP_Call; src/monitor/run_call.c; upstream's numbers, safe arguments) */
#define HC_MAKE_CALL        403  /* ca0 = key [Load] or an untagged id, a1 = instruction budget (0: none),
                                  * ca2..ca6 = the callee's ca0..ca4 -> the callee's a0 (an integer) */
#define HC_CALL_REGISTER    411  /* ca0 = function [a sentry or code cap of the caller's own cVM, capability
                                  * mode], ca1 = key [Load] -> id */
#define HC_CALL_UNREGISTER  412  /* a0 = id (the caller's own) -> 0 */
#define HC_CALL_LOOKUP      413  /* ca0 = key [Load] -> id (403 by id skips reading the key) */

/* upstream's older numbers (src/monitor/hc_legacy.c) */
#define HC_DEPLOY_YAML      29   /* ca0 = YAML, a1 = size: refused (no deploying at run time): HC_EPERM
                                  * without `libvirt: 1` (upstream's -1), else HC_ENOSYS; warned once */
#define HC_OPEN_TAP         300  /* ca0 = path -> fd: open(path, O_RDWR|O_NONBLOCK) through the mounts (811) */
#define HC_PIPE             301  /* ca0 = int[2] [Store, 8 bytes] -> 0: a pipe in the cVM's own fd table */
#define HC_SET_NONBLOCK     302  /* a0 = fd -> 0: O_NONBLOCK added to its flags */
#define HC_DEPRECATED_400   400  /* deprecated upstream (it hangs): HC_ENOSYS, warned once */
#define HC_DEPRECATED_401   401
#define HC_DEPRECATED_402   402
#define HC_DEPRECATED_404   404

/* upstream numbers, reserved here (the monitor answers HC_ENOSYS) */
#define HC_GET_INNER        700
#define HC_PROBE_HANDLER    701
#define HC_GET_SCO_CAPS     702
#define HC_GETTIMEOFDAY     800  /* served: ca0 = timeval [Store, 16 bytes: sec, usec] -> 0 */

/* files (src/monitor/hc_files.c): the calling cVM's own descriptors (0, 1, 2 = the monitor's
 * stdin, stdout, stderr), its mounts (YAML `mounts:`, --mount) and cwd "/", as the Linux
 * personality serves them (every lookup beneath a mounted folder; elsewhere -ENOENT, a link out
 * -EXDEV, a change on a read-only mount -EROFS). A path is a capability [Load] holding its NUL;
 * buffers are checked whole before a byte moves. Flags, modes, whence, struct stat: riscv64
 * Linux's (asm-generic). Result: >= 0, or a negated errno. */
#define HC_LSTAT            801  /* ca0 = path, ca1 = struct stat [Store, 128 bytes] -> 0 (the link itself) */
#define HC_UNLINK           802  /* ca0 = path -> 0 */
#define HC_CLOSE            803  /* a0 = fd -> 0 */
#define HC_ACCESS           804  /* ca0 = path, a1 = mode (R_OK 4, W_OK 2, X_OK 1, F_OK 0) -> 0 */
#define HC_805              805  /* unused upstream */
#define HC_STAT             806  /* ca0 = path, ca1 = struct stat [Store, 128] -> 0 */
#define HC_FSTAT            807  /* a0 = fd, ca1 = struct stat [Store, 128] -> 0 */
#define HC_TRUNCATE         808  /* ca0 = path, a1 = length -> 0 */
#define HC_READ             809  /* a0 = fd, ca1 = buffer [Store, a2 bytes], a2 = count -> bytes read */
#define HC_FWRITE           810  /* a0 = fd, ca1 = buffer [Load, a2 bytes], a2 = count -> bytes written */
#define HC_OPEN             811  /* ca0 = path, a1 = O_ flags, a2 = mode -> fd (upstream ignores the flags) */
#define HC_LSEEK            812  /* a0 = fd, a1 = offset, a2 = whence -> the new offset */
#define HC_ERRNO            813  /* -> the errno (positive) of this thread's last failed 801..814 call, or 0 */
#define HC_FCNTL            814  /* a0 = fd, a1 = F_GETFD/SETFD/GETFL/SETFL/DUPFD(_CLOEXEC), a2 = arg */

/* results (negated Linux errno values) */
#define HC_EFAULT           (-14)  /* an argument capability fails its check (tag, seal, perm, bounds) */
#define HC_EINVAL           (-22)  /* an integer argument is out of range */
#define HC_EAGAIN           (-11)  /* a handler cVM has no free context for this caller */
#define HC_ENOSYS           (-38)  /* unknown or unserved number */
#define HC_EIO              (-5)   /* the host write failed */
#define HC_EPERM            (-1)   /* not yours: wait/wake on an id the caller neither owns nor probed */
#define HC_ENOENT           (-2)   /* no entry under this key or id (never was, or its owner ended) */
#define HC_EINTR            (-4)   /* the calling thread is being stopped */
#define HC_EBUSY            (-16)  /* a stream already has its consumer */
#define HC_EEXIST           (-17)  /* the key is taken */
#define HC_ENOSPC           (-28)  /* the registry is full (64 entries) */
#define HC_EPIPE            (-32)  /* nobody alive can end this wait any more */
#define HC_ENAMETOOLONG     (-36)  /* a key of more than HC_KEY_MAX bytes */
#define HC_ETIMEDOUT        (-110) /* the wait's timeout passed; a CP_Call's budget ran out */
#define HC_ECONNABORTED     (-103) /* the callee of a CP_Call faulted (its report is on stderr) */
#define HC_ESRCH            (-3)   /* no such thread (41), or it is joined already */

#endif
