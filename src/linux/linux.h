/* linux.h - the Linux system-call personality of hybrid cVMs (intravisor.md 9).
 *
 * A service the monitor plugs in (STYLE layout): it uses cap and mem, never the monitor or the
 * hart. One table (linux_table.c) gives, per riscv64 Linux number, the name and the kind of
 * every argument; from it come
 *   - linux_derive(): the ecall's integer arguments a0..a5 as hostcall argument capabilities,
 *     every pointer a capability derived from the caller's DDC, bounded to the bytes the call
 *     reads or writes (Load to read, Store to write);
 *   - linux_serve(): dispatch, each handler reading and writing guest memory only through the
 *     capabilities of the request (a bad one: -EFAULT);
 *   - linux_strace(): --strace decoding (linux_strace.c), from the same kinds.
 * A hostcall number for Linux call n is LINUX_HOSTCALL_BASE + n.
 */
#ifndef INTRAVISOR_LINUX_H
#define INTRAVISOR_LINUX_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cap/cap.h"
#include "mem/mem.h"

#define LINUX_HOSTCALL_BASE 0x1000u
#define LINUX_NR_MAX        512u     /* numbers >= this are -ENOSYS */
#define LINUX_ARGS          6        /* a0..a5 */
#define LINUX_REQ_ARGS      7        /* capabilities in a request (ca0..ca6): ca6 = an iovec's span */
#define LINUX_PATH_MAX      4096
#define LINUX_IOV_MAX       1024
#define LINUX_MAX_MOUNTS    16
#define LINUX_FD_MAX        1024     /* descriptors per cVM: openat beyond gives -EMFILE */

/* Argument kinds (the table's vocabulary). */
enum linux_kind {
	LK_NONE,     /* not an argument */
	LK_INT,      /* an integer */
	LK_FD,       /* a file descriptor (an integer) */
	LK_IN,       /* a buffer the call reads: length from argument `n` */
	LK_OUT,      /* a buffer the call writes: length from argument `n` */
	LK_PATH,     /* a NUL-terminated path read by the call (at most LINUX_PATH_MAX bytes) */
	LK_IOV_IN,   /* an iovec array (count from argument `n`) whose buffers the call reads */
	LK_IOV_OUT,  /* ... whose buffers the call writes */
	LK_SIN,      /* a struct of `n` bytes the call reads */
	LK_SOUT,     /* a struct of `n` bytes the call writes */
	LK_ADDR,     /* an address in the slot that is not dereferenced (brk, mmap, munmap) */
	LK_IOCTL,    /* an ioctl's out-struct: its size from the request in argument `n` (TCGETS:
	              * the kernel termios, TIOCGWINSZ: a winsize; other requests: an integer) */
};

/* The bytes an ioctl request writes at its argument (linux_ioctl_out), or 0 (not a pointer
 * this personality serves). */
#define LINUX_TCGETS         0x5401u
#define LINUX_TIOCGWINSZ     0x5413u
#define LINUX_KTERMIOS_SIZE  36u     /* asm-generic struct termios: 4 x u32, c_line, c_cc[19] */
#define LINUX_WINSIZE_SIZE   8u      /* struct winsize: 4 x u16 */
uint64_t linux_ioctl_out(uint64_t request);

struct linux_arg {
	uint8_t kind;     /* enum linux_kind */
	uint16_t n;       /* length argument index (LK_IN/OUT/IOV_*) or size (LK_SIN/SOUT); LK_INT:
	                   * how --strace names its values (enum linux_names) */
};

/* symbolic integer arguments, as strace prints them (linux_strace.c) */
enum linux_names {
	LN_NONE, LN_IOCTL, LN_RLIMIT, LN_FCNTL, LN_PROT, LN_MAP, LN_WHENCE, LN_CLOCK, LN_FUTEX, LN_SIG, LN_SIGHOW,
	LN_MADV,
};

struct linux_proc;
struct linux_env;
struct hostcall_request;

typedef int64_t (*linux_fn)(const struct linux_env *e, const struct cap a[LINUX_REQ_ARGS]);

struct linux_syscall {
	uint16_t nr;
	const char *name;
	struct linux_arg arg[LINUX_ARGS];
	linux_fn fn;          /* NULL: -ENOSYS (named, for --strace) */
	bool exits;           /* exit / exit_group: the thread ends with a0 as its status */
};

/* The row for a number, or NULL. */
const struct linux_syscall *linux_syscall(uint64_t nr);

/* Threads of one hybrid cVM (linux_thread.c, linux_futex.c): counts, tids, exit_group, and
 * the futex waiters (a list under futex_lock; each waiter lives on its host thread's stack). */
struct linux_futex_waiter;
struct linux_threads {
	_Atomic unsigned count;     /* threads alive (the main one included) */
	unsigned max;               /* YAML threads: (clone beyond it: -EAGAIN) */
	_Atomic uint32_t next_tid;  /* the main thread is tid 1 (= the pid) */
	_Atomic int group_exit;     /* 0, or 1 + the exit_group status */
	_Atomic int killed_by;      /* 0, or the signal that ended the cVM (kill/tgkill to itself) */
	pthread_mutex_t futex_lock;
	struct linux_futex_waiter *waiters;
};

/* One thread's Linux state: its tid and its clear_child_tid (CLONE_CHILD_CLEARTID,
 * set_tid_address): at exit 0 is written there and one futex waiter woken; its alternate
 * signal stack (sigaltstack), recorded only, as signal handlers never run. */
struct linux_thread {
	uint32_t tid;
	struct cap clear_tid;       /* a 4-byte Store capability, or untagged */
	uint64_t ss_sp, ss_size;    /* sigaltstack, recorded (offsets, as given); */
	uint32_t ss_flags;          /* SS_DISABLE (2) or 0, | SS_AUTODISARM; 0 size: never set */
};

/* What clone asks the monitor to start: a new thread of the caller's cVM whose registers are
 * the caller's, except a0 = 0, sp = sp, tp = tls (if set_tls), pc after the ecall. */
struct linux_clone {
	uint64_t flags, sp, tls;    /* sp, tls: integers of the caller's view, as given */
	bool set_tls;
	uint32_t tid;
	struct cap clear_tid;       /* the child's clear_child_tid, or untagged */
};

/* The monitor's side of threads (the monitor registers these; linux never calls it directly). */
struct linux_thread_ops {
	/* start the thread; 0, or -1 (host resources: clone gives -EAGAIN) */
	int (*spawn)(void *ctx, const struct linux_clone *c);
	/* exit_group: stop every other thread of the caller's cVM */
	void (*stop_group)(void *ctx);
	/* the calling thread is being stopped (a long wait returns early) */
	bool (*stopping)(void *ctx);
};

/* One hybrid cVM's process state (memory layout offsets, brk, mmap, recorded signals). */
struct linux_proc {
	uint64_t base, size;        /* what its DDC covers: [base, base + size) (absolute) */
	uint64_t brk_lo, brk;       /* offsets: initial and current break */
	uint64_t mmap_lo, mmap_hi;  /* offsets: anonymous mappings come from [mmap_lo, mmap_hi), top down */
	uint64_t mmap_next;         /* lowest mapping so far (mmap_hi when none) */
	uint64_t sigactions;        /* bit n: rt_sigaction recorded a handler for signal n */
	uint64_t sigignored;        /* bit n: ... SIG_IGN for signal n */
	uint64_t rlim[16][2];       /* prlimit64's soft and hard limits (RLIMIT_NOFILE: files->nofile) */
	struct linux_files *files;  /* fd table, mounts, cwd (linux_files_new), or NULL */
	pthread_mutex_t lock;
	struct linux_threads thr;
};

/* brk from the first page after the image; mmap below the stack (offsets). */
void linux_proc_init(struct linux_proc *p, uint64_t base, uint64_t size, uint64_t brk_lo, uint64_t mmap_hi);
void linux_proc_free(struct linux_proc *p);

/* Streams (/dev/capstream/KEY, linux_stream.c): the monitor's registry (share.h). probe: the
 * stream `key` for the calling cVM as its consumer: id and *ring, or -errno (ENOENT, EBUSY,
 * EINVAL: not a stream); create: advertise `key` as the calling cVM's stream (its producer)
 * with a fresh ring of STREAM_DATA + cap_bytes bytes in memory no slot owns: id and *ring, or
 * -errno (EEXIST: the key is taken, ENOSPC); wait / wake: hostcalls 407 / 408 (timeout ns; 0:
 * the count now); release: the consumer closed its last descriptor; consumer: the producer's
 * view of its consumer: 1 there, 0 none yet, -1 closed or ended (a write can only fail). */
struct linux_stream_ops {
	int64_t (*probe)(void *ctx, const char *key, struct cap *ring);
	int64_t (*create)(void *ctx, const char *key, uint64_t cap_bytes, struct cap *ring);
	int64_t (*wait)(void *ctx, int64_t id, uint64_t seen, int64_t timeout_ns);
	int64_t (*wake)(void *ctx, int64_t id);
	void (*release)(void *ctx, int64_t id);
	int (*consumer)(void *ctx, int64_t id);
};

struct linux_env {
	struct mem *m;
	struct mem_thread *t;       /* offline around blocking host work */
	struct linux_proc *proc;    /* the calling thread's hybrid cVM, or NULL (then memory calls fail) */
	FILE *out;                  /* flushed before a write to fd 1 or 2 */
	int fds[3];                 /* the host descriptors behind 0, 1, 2 */
	FILE *strace;               /* --strace: each call printed here after it is served, or NULL */
	struct linux_thread *self;  /* the calling thread (NULL: no thread calls) */
	const struct linux_thread_ops *ops;   /* NULL: clone is -ENOSYS */
	void *ops_ctx;
	const struct linux_stream_ops *streams;   /* NULL: /dev/capstream is empty */
	void *streams_ctx;
	bool iov_caps;              /* an iovec array (a[1]) holds CheriABI iovecs (a hostcall: a
	                             * handler forwarding the call), not the ecall's integer ones */
};

/* Files (intravisor.md 9): a host folder seen by a cVM at an absolute guest path. The strings
 * must outlive the cVM's run. */
struct linux_mount {
	const char *host;           /* a folder (absolute, or relative to the monitor's cwd) */
	const char *guest;          /* absolute */
	bool readonly;
};

/* Open the mounts' host folders (O_PATH) and make the fd table: 0, 1, 2 duplicate std[0..2].
 * 0, or -1 with why (a sentence with the folder) filled. */
int linux_files_new(const struct linux_mount *mounts, unsigned n, const int std[3], struct linux_files **out,
		    char *why, size_t why_len) __attribute__((warn_unused_result));
void linux_files_free(struct linux_files *f);

/* Threads (linux_thread.c): the limit, and the main thread's state. */
void linux_threads_init(struct linux_proc *p, unsigned max);
void linux_thread_main(struct linux_thread *t);
/* A thread of p has ended (any way): one fewer alive. */
void linux_thread_gone(struct linux_proc *p);
/* exit_group's status + 1, or 0 when no thread called it. */
int linux_group_exit(const struct linux_proc *p);
/* End every thread of p with status (exit_group, or a trap: 139); the first call wins. Wakes
 * every futex waiter; the monitor stops the harts. */
void linux_group_kill(struct linux_proc *p, int status);
/* The signal a thread of p sent itself that ended the cVM (status 128 + it), or 0
 * (linux_signal.c); and a signal's name ("SIGABRT"). */
int linux_killed_by(const struct linux_proc *p);
const char *linux_signal_name(int sig);
/* Wake every futex waiter of p (they return and see the stop). */
void linux_futex_wake_all(struct linux_proc *p);

/* Write n bytes of monitor memory to host fd (at pos + offset, or the file position if pos <
 * 0), retrying short writes and EINTR, with t offline around the host calls (a blocked pipe
 * does not hold a safepoint): the count written; *err = errno (or EIO) when it is < n. Shared
 * by the Linux write calls and the monitor's hostcall 1. */
uint64_t linux_write_all(struct mem_thread *t, int fd, const void *p, uint64_t n, int64_t pos, int *err);

/* An ecall's arguments (a0..a5) as capabilities (request order ca0..ca6), derived from ddc
 * (the caller's DDC; integer = capability address - DDC.base). A pointer that DDC does not
 * cover gives an untagged capability (the call then fails with -EFAULT). Reads guest memory
 * only for path lengths and iovec arrays, inside DDC. */
/* Whether linux_derive reads ddc for call nr (a pointer argument): when not, the caller need
 * not fetch its DDC (the null system call's path). */
bool linux_derive_needs_ddc(uint64_t nr);
void linux_derive(const struct mem *m, const struct cap *ddc, uint64_t nr, const uint64_t a[LINUX_ARGS],
		  struct cap out[LINUX_REQ_ARGS]);

/* Iovec arrays (linux_iov.c). Whether call nr takes one (readv, writev, preadv, pwritev: as
 * a[1], its count in a[2]). */
bool linux_has_iovecs(uint64_t nr);
/* A derived ecall request of call nr (linux_derive) as a handler cVM gets it: the caller's
 * iovecs written at area's address as CheriABI iovecs (sdk/include/cvm_abi.h IOVEC_*: per
 * buffer a capability bounded to it, derived from the span a[6], and its length), a[1] = a
 * read-only (Load, LoadCap) capability to exactly them, a[6] = NULL: the span, which covers
 * the gaps between the buffers, never leaves the monitor. a[1] is untagged when the caller's
 * array cannot be read or the count is 0 or over LINUX_IOV_MAX (the call then fails as it
 * would from the monitor). view_base: the caller's DDC base (its integers are offsets). area:
 * a data capability to a handler context's argument area (HCTX_ARGS_SIZE bytes). */
void linux_iov_to_caps(struct mem *m, struct mem_thread *t, uint64_t nr, uint64_t view_base, struct cap a[LINUX_REQ_ARGS],
		       const struct cap *area);

/* Serve Linux call nr (the hostcall number minus LINUX_HOSTCALL_BASE). *exits: the thread ends
 * with the result as its status. */
int64_t linux_serve(const struct linux_env *e, uint64_t nr, const struct cap a[LINUX_REQ_ARGS], bool *exits);

/* The Linux start state (intravisor.md 9): argc, argv, envp, auxv at the top of the stack
 * [stack_lo, stack_hi) (offsets in the slot at base), as the kernel lays them out. */
struct linux_start {
	unsigned argc, envc;
	const char *const *argv, *const *envp;
	uint64_t phdr, phent, phnum, entry;   /* AT_PHDR (offset), AT_PHENT, AT_PHNUM, AT_ENTRY (offset) */
	const uint8_t *random16;              /* AT_RANDOM's 16 bytes */
};
/* 0 and *sp (an offset, 16-aligned, at argc), or -1 if it does not fit or memory fails. */
int linux_write_start(struct mem *m, uint64_t base, uint64_t stack_lo, uint64_t stack_hi, const struct linux_start *s,
		      uint64_t *sp) __attribute__((warn_unused_result));

#endif
