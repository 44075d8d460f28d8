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

/* upstream numbers, reserved here (the monitor answers HC_ENOSYS) */
#define HC_NANOSLEEP        200
#define HC_MAKE_CALL        403
#define HC_CAPFILE_ADV      405
#define HC_CAPFILE_PROBE    406
#define HC_CAP_WAIT         407
#define HC_CAP_WAKE         408
#define HC_STREAM_ADV       409
#define HC_STREAM_PROBE     410
#define HC_GET_INNER        700
#define HC_PROBE_HANDLER    701
#define HC_GET_SCO_CAPS     702
#define HC_GETTIMEOFDAY     800
#define HC_LSTAT            801
#define HC_UNLINK           802
#define HC_CLOSE            803
#define HC_ACCESS           804
#define HC_805              805  /* unused upstream */
#define HC_STAT             806
#define HC_FSTAT            807
#define HC_TRUNCATE         808
#define HC_READ             809
#define HC_FWRITE           810
#define HC_OPEN             811
#define HC_LSEEK            812
#define HC_ERRNO            813
#define HC_FCNTL            814

/* results (negated Linux errno values) */
#define HC_EFAULT           (-14)  /* an argument capability fails its check (tag, seal, perm, bounds) */
#define HC_EINVAL           (-22)  /* an integer argument is out of range */
#define HC_EAGAIN           (-11)  /* a handler cVM has no free context for this caller */
#define HC_ENOSYS           (-38)  /* unknown or unserved number */
#define HC_EIO              (-5)   /* the host write failed */

#endif
