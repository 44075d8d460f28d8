/* cvm_abi.h - the byte layout shared by the monitor (src/monitor/run_layout.c) and the SDK
 * assembly (sdk/crt/): the capability store and the TP area of every context.
 * Declared once here (STYLE 6); run_layout.c checks every value against offsetof() of its C
 * structs. Plain #defines only, so that this file can be included from C and from assembly.
 * sdk/README.md explains what each field is for.
 *
 * Call and return state is not here: it lives in the monitor's switcher (intravisor.md 5.1,
 * src/monitor/switcher.c), in host memory no cVM can reach. Nothing in this file decides a
 * return or the release of a context.
 */
#ifndef INTRAVISOR_SDK_CVM_ABI_H
#define INTRAVISOR_SDK_CVM_ABI_H

/* Capability store: one per cVM, 4 KiB at stack-region bottom + 0x1000, 16-byte slots.
 * Offsets 32..208 are the reference's (intravisor.md section 5); 80 and 96 are ours. */
#define CS_COMP_DDC     32    /* unsealed data capability of the cVM (its DDC) */
#define CS_HC_PCC       48    /* the switcher's call pair, code half (sealed, monitor otype) */
#define CS_HC_DDC       64    /* the switcher's call pair, data half */
#define CS_SW_RET_PCC   80    /* the switcher's return pair, code half (a handler returns with it) */
#define CS_SW_RET_DDC   96    /* the switcher's return pair, data half */
#define CS_RET_PCC      176   /* sealed code cap at ret_from_monitor (the reference's; unused by the SDK) */
#define CS_RET_DDC      192   /* sealed COMP DDC (the reference's layout; unused by the SDK) */
#define CS_OCALL_PCC    208   /* monitor's ocall entry, or an untagged value */
#define CS_SIZE         4096

/* TP area: one per thread and one per handler context, 4 KiB, reached through ctp. The
 * monitor writes everything below TP_FREE before the context first runs; it is the cVM's own
 * memory (a convenience: one load per pair), and the switcher never reads it back. */
#define TP_CAP_STORE    0     /* u64: capability store address (reference TP word 0) */
#define TP_CID          8     /* u64: cVM id (reference TP word 1) */
#define TP_HC_PCC       16    /* copy of CS_HC_PCC: the switcher's call pair */
#define TP_HC_DDC       32    /* copy of CS_HC_DDC */
#define TP_RET_PCC      48    /* copy of CS_SW_RET_PCC: the switcher's return pair */
#define TP_RET_DDC      64    /* copy of CS_SW_RET_DDC */
#define TP_CONTEXT      80    /* u64: thread number j, or 0x100 + k for handler context k */
#define TP_FREE         96    /* first byte of the TP area the cVM may use freely */
#define TP_SIZE         4096

/* Handler contexts: a cVM that exports syscall_handler serves each incoming call on a stack
 * and TP area of its own, chosen by the switcher (as many as its YAML `threads:`, HCTX_COUNT
 * when absent, in stack slots 1..n from the bottom of the stack region; made when first
 * needed). Which ones are taken is the switcher's (host memory). */
#define HCTX_COUNT      16
#define HCTX_FIRST_SLOT 1

/* A handler context's argument area: where the switcher puts what a call passes by reference
 * that cannot be one capability register, in the context's own stack slot, below its stack
 * (context slot + 8 KiB, after the TP area). Today: the iovec array of a hybrid cVM's readv,
 * writev, preadv, pwritev (Linux 65, 66, 69, 70), as CheriABI lays out struct iovec: per
 * buffer a capability bounded to it (Load for writev, Store for readv) and its length. The
 * handler gets ca1 = a read-only capability (Load, LoadCap) to exactly count * IOVEC_SIZE
 * bytes; count stays in a2 (sdk/README.md "Serving a hybrid cVM's readv and writev"). */
#define HCTX_ARGS       0x2000
#define HCTX_ARGS_SIZE  0x8000   /* 1024 (Linux IOV_MAX) iovecs */
#define IOVEC_BASE      0        /* capability: the buffer, address = its first byte */
#define IOVEC_LEN       16       /* u64: its length in bytes */
#define IOVEC_SIZE      32       /* 8 bytes of padding at 24 (zero) */

/* Stack region (intravisor.md section 3): 64 slots of 512 KiB at the top of a 1 GiB slot
 * (other slot sizes and handlers with many contexts: src/monitor/layout.h). */
#define STACK_REGION    0x2000000
#define STACK_SLOT      0x80000
#define STACK_SLOTS     64
#define STACK_SP_OFFSET 0x7c000  /* initial sp of a thread: slot base + 0x7c000 (top - 16 KiB) */

/* Stream ring (CP_Stream, hostcalls 409/410; sdk/crt/stream.S): a single-producer
 * single-consumer byte ring in a buffer both cVMs hold a capability to. u64 counters that only
 * grow; byte n lives at STREAM_DATA + (n & (capacity - 1)), capacity = size - STREAM_DATA, a
 * power of two. The monitor zeroes the header at 409 and writes STREAM_ID. A hybrid cVM's
 * stream (/dev/capstream/KEY opened O_WRONLY) has the same layout in a ring the monitor
 * provides: STREAM_DATA + 32 KiB (src/linux/linux_stream.c).
 * The header is three 64-byte cache lines, one per writer, so that a side's accesses per
 * message stay in its own cache (a line moving between two cores costs ~290 ns on the 2-core
 * VM of bench/stream_bench.sh, more than copying 4 KiB): the producer's (its head, and the tail
 * it last read), the read-mostly one (id, closed, the wait flags: written only around a sleep),
 * and 64 bytes further, not beside the producer's in a 128-byte pair (the spatial prefetcher
 * fetches lines in pairs), the consumer's (its tail, and the head it last read). The *_SEEN
 * words are each side's own memo: the other side never reads them, and a side that does not
 * keep one (the monitor's end of a hybrid stream) leaves it alone. */
#define STREAM_HEAD      0     /* u64: bytes written so far (the producer's) */
#define STREAM_TAIL_SEEN 8     /* u64: the tail the producer last read (<= STREAM_TAIL) */
#define STREAM_ID        64    /* u64: the stream's id (for 407/408) */
#define STREAM_CLOSED    72    /* u64: nonzero once the producer closed it */
#define STREAM_RWAIT     80    /* u64: nonzero while the consumer may be waiting (it sets, the
                                * producer clears with an AMO swap and wakes) */
#define STREAM_WWAIT     88    /* u64: nonzero while the producer may be waiting: the tail it
                                * waits for (it sets; the consumer, once its tail reaches it,
                                * clears and wakes) */
#define STREAM_TAIL      192   /* u64: bytes read so far (the consumer's) */
#define STREAM_HEAD_SEEN 200   /* u64: the head the consumer last read (<= STREAM_HEAD) */
#define STREAM_DATA      256
#define STREAM_MIN_CAP  16

#endif
