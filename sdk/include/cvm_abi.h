/* cvm_abi.h - the byte layout shared by the monitor (src/monitor/run.c) and the SDK assembly
 * (sdk/crt/ assembly): the capability store, the handler contexts and the per-context TP area.
 * Declared once here (STYLE 6); run.c checks every value against offsetof() of its C structs.
 * Plain #defines only, so that this file can be included from C and from assembly.
 * sdk/README.md explains what each field is for.
 */
#ifndef INTRAVISOR_SDK_CVM_ABI_H
#define INTRAVISOR_SDK_CVM_ABI_H

/* Capability store: one per cVM, 4 KiB at stack-region bottom + 0x1000, 16-byte slots.
 * Offsets 32..208 are the reference's (intravisor.md section 5). */
#define CS_COMP_DDC     32    /* unsealed data capability of the cVM (its DDC) */
#define CS_HC_PCC       48    /* sealed code half of the hostcall pair (monitor or handler cVM) */
#define CS_HC_DDC       64    /* sealed data half of the hostcall pair */
#define CS_RET_PCC      176   /* sealed ret-from-mon code capability (code half of every return pair) */
#define CS_RET_DDC      192   /* sealed COMP DDC (kept for the reference's layout; the SDK does not use it) */
#define CS_OCALL_PCC    208   /* monitor's ocall entry, or an untagged value */
#define CS_SIZE         4096

/* Handler contexts (ours): a cVM that exports syscall_handler serves each incoming call on one
 * context of its own: a stack and a TP area, made by the monitor before any cVM starts.
 * Context k is at CS_HCTX + k * HCTX_SIZE in the capability store. */
#define CS_HCTX         0x400
#define HCTX_COUNT      16    /* concurrent incoming calls per handler cVM */
#define HCTX_SIZE       48
#define HCTX_BUSY       0     /* u32: bit 0 = taken; bits 31..1 = generation. handler.S takes with
                               * amoor.w.aq 1 (old bit 0 clear: ours) and releases with amoadd.w.rl 1
                               * (clears bit 0, bumps the generation); the monitor releases the
                               * contexts of a thread that ended with a compare-and-swap (run_release.c) */
#define HCTX_TP         16    /* TP capability of the context */
#define HCTX_SP         32    /* stack capability of the context (address = initial sp) */

/* TP area: one per thread and one per handler context, 4 KiB, reached through ctp. The
 * monitor writes everything below TP_FREE before the context first runs. */
#define TP_CAP_STORE    0     /* u64: capability store address (reference TP word 0) */
#define TP_CID          8     /* u64: cVM id (reference TP word 1) */
#define TP_RET_PCC      16    /* return pair, code half: sealed code cap at ret_from_monitor */
#define TP_RET_DATA     32    /* return pair, data half: sealed cap to this context's save area */
#define TP_HC_PCC       48    /* copy of CS_HC_PCC (one load less per hostcall) */
#define TP_HC_DDC       64    /* copy of CS_HC_DDC */
#define TP_CONTEXT      80    /* u64: thread number j, or 0x100 + k for handler context k */
#define TP_SAVE         96    /* save area: what the caller needs to resume */
#define SAVE_CALL       0     /* u64 "call in flight" word: nonzero while a call made from this
                               * context is in flight (c_call stores its resume address there),
                               * taken (amoswap.d 0) by ret_from_monitor, which traps when it finds
                               * 0; cleared by the monitor when the thread ends. At offset 0: the
                               * AMO takes no offset, the unsealed data half points here. */
#define SAVE_CSP        16    /* caller's csp */
#define SAVE_CTP        32    /* caller's ctp */
#define SAVE_RESUME     48    /* where ret_from_monitor continues (a sentry: c_call's cra) */
#define SAVE_SIZE       64
#define TP_CALLER       160   /* handler contexts: the return pair of the call being served (code
                               * half, data half: 32 bytes), written by handler.S when it takes the
                               * context; the data half is cleared before it releases it. The monitor
                               * reads it to find the contexts a thread that ended still holds. */
#define TP_FREE         192   /* first byte of the TP area the cVM may use freely */
#define TP_SIZE         4096

/* Stack region (intravisor.md section 3): 64 slots of 512 KiB at the top of the slot. */
#define STACK_REGION    0x2000000
#define STACK_SLOT      0x80000
#define STACK_SLOTS     64
#define STACK_SP_OFFSET 0x7c000  /* initial sp of a thread: slot base + 0x7c000 (top - 16 KiB) */
#define HCTX_FIRST_SLOT 1        /* handler context k uses slot HCTX_FIRST_SLOT + k from the bottom */

#endif
