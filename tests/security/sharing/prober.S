/* prober.S - the other side of the sharing scenarios: every way a cVM might get more from the
 * registry than the advertiser allowed. Each check prints "ok TAG" or "BAD TAG"; the last
 * step stores through the read-only capability it was given, which must fault (Permit_Store
 * violation). -DLATE: the owner has ended before we run: its keys are gone. -DWAITER: a wait
 * with no timeout on an id whose only other user ends returns HC_EPIPE. */
#include "sh.h"

	.data
	.balign 64
mine:	.space 64
	.balign 16
long_key: .ascii "0123456789012345678901234567890123456789012345678901234567890123X"
	.balign 16
key64:	.ascii "0123456789012345678901234567890123456789012345678901234567890123"

	.text
CVM_CAP_GLOBAL mine_slot, mine, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL long_key_slot, long_key, 65, CVM_RELOC_DATA
CVM_CAP_GLOBAL key64_slot, key64, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL func_slot, cvm_main, 4, CVM_RELOC_FUNCTION

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -128
	/* 0(csp): probe results; 16(csp): sizes; 32(csp): scratch; 64(csp): sync cap */
#ifdef LATE
	KEY_CAP a0, "ro"
	cincoffsetimm ca1, csp, 0
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_ENOENT, stale-key-after-owner-exit
	KEY_CAP a0, "pipe"
	cincoffsetimm ca1, csp, 0
	li a2, 0
	HC 3, HC_STREAM_PROBE
	EXPECT HC_ENOENT, stale-stream-after-owner-exit
	/* the key is free again: ours now */
	CVM_LOAD_GLOBAL a0, mine_slot
	li a1, 64
	KEY_CAP a2, "ro"
	li a3, 0
	HC 4, HC_CAPFILE_ADV
	EXPECT 4, readvertise-freed-key
	EXIT0
#elif defined(WAITER)
	/* a wait nobody can end any more: the owner ends without a wake */
	KEY_CAP a0, "sync"
	cincoffsetimm ca1, csp, 64
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT 0, probe-sync
	li a0, 0                        /* sync's id */
	li a1, 0
	li a2, 10000000000
	HC 3, HC_CAP_WAIT
	EXPECT 1, owner-ready
	li a0, 0
	li a1, 1
	li a2, -1                       /* no timeout */
	HC 3, HC_CAP_WAIT
	EXPECT HC_EPIPE, wait-ends-when-the-peer-exits
	EXIT0
#else
	KEY_CAP a0, "sync"
	cincoffsetimm ca1, csp, 64
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT 0, probe-sync
	li a0, 0                        /* sync's id */
	li a1, 0
	li a2, 10000000000
	HC 3, HC_CAP_WAIT
	EXPECT 1, owner-ready

	/* --- ro: exactly the advertised bytes, data only, no Store --- */
	KEY_CAP a0, "ro"
	cincoffsetimm ca1, csp, 0
	cincoffsetimm ca2, csp, 16
	HC 3, HC_CAPFILE_PROBE
	EXPECT 1, probe-ro
	clc cs1, 0(csp)
	cgetperm a0, cs1
	EXPECT 0x5, ro-perms-global-load-only
	cgetlen a0, cs1
	EXPECT 64, ro-length
	cld a0, 16(csp)
	EXPECT 64, ro-size-stored
	cgettype a0, cs1
	EXPECT -1, ro-unsealed
	/* growing it past the advertised bytes (the owner's private ones) clears the tag */
	li t1, 128
	csetbounds ct2, cs1, t1
	cgettag a0, ct2
	EXPECT 0, ro-cannot-grow
	/* re-advertising it without the read-only flag grants no Store */
	cmove ca0, cs1
	li a1, 64
	KEY_CAP a2, "laundered"
	li a3, 0
	HC 4, HC_CAPFILE_ADV
	EXPECT 4, readvertise-ro
	KEY_CAP a0, "laundered"
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT 4, probe-laundered
	clc ct0, 32(csp)
	cgetperm a0, ct0
	EXPECT 0x5, laundered-still-read-only

	/* --- keys --- */
	CVM_LOAD_GLOBAL a0, mine_slot
	li a1, 64
	KEY_CAP a2, "rw"
	li a3, 0
	HC 4, HC_CAPFILE_ADV
	EXPECT HC_EEXIST, duplicate-key-refused
	KEY_CAP a0, "nosuchkey"
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_ENOENT, unknown-key
	li a0, 0x400002000              /* the owner's address as an integer: no key */
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EFAULT, untagged-key
	CVM_LOAD_GLOBAL a0, func_slot   /* a sentry: sealed */
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EFAULT, sealed-key
	KEY_CAP a0, "rw"
	li t1, ~4                       /* no Load */
	candperm ca0, ca0, t1
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EFAULT, key-without-load
	CVM_LOAD_GLOBAL a0, long_key_slot
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_ENAMETOOLONG, key-65-bytes
	CVM_LOAD_GLOBAL a0, key64_slot  /* 64 bytes, no NUL: the key ends at the top */
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_ENOENT, key-64-bytes-to-top
	KEY_CAP a0, ""
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EINVAL, empty-key

	/* --- where the probe writes: checked before anything is written --- */
	csc cnull, 32(csp)
	KEY_CAP a0, "rw"
	cincoffsetimm ca1, csp, 32
	li t1, ~8                       /* no Store */
	candperm ca1, ca1, t1
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EFAULT, location-read-only
	KEY_CAP a0, "rw"
	cincoffsetimm ca1, csp, 32
	li t1, ~0x20                    /* no StoreCap */
	candperm ca1, ca1, t1
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EFAULT, location-without-storecap
	KEY_CAP a0, "rw"
	cincoffsetimm ca1, csp, 40
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EFAULT, location-misaligned
	KEY_CAP a0, "rw"
	cincoffsetimm ca1, csp, 32
	li t1, 8
	csetbounds ca1, ca1, t1
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EFAULT, location-too-small
	KEY_CAP a0, "rw"
	cincoffsetimm ca1, csp, 32
	KEY_CAP a2, "rw"                /* read-only size location */
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EFAULT, size-location-read-only
	clc ct0, 32(csp)                /* nothing was written at 32(csp) by the refused probes */
	cgettag a0, ct0
	EXPECT 0, refused-probe-wrote-nothing

	/* --- advertising: only what the buffer capability allows --- */
	CVM_LOAD_GLOBAL a0, mine_slot
	li a1, 65
	KEY_CAP a2, "toolong"
	li a3, 0
	HC 4, HC_CAPFILE_ADV
	EXPECT HC_EFAULT, adv-past-buffer
	CVM_LOAD_GLOBAL a0, mine_slot
	li t1, ~4
	candperm ca0, ca0, t1
	li a1, 16
	KEY_CAP a2, "noload"
	li a3, 0
	HC 4, HC_CAPFILE_ADV
	EXPECT HC_EFAULT, adv-without-load
	CVM_LOAD_GLOBAL a0, mine_slot
	li a1, 0
	KEY_CAP a2, "empty"
	li a3, 0
	HC 4, HC_CAPFILE_ADV
	EXPECT HC_EINVAL, adv-size-zero
	CVM_LOAD_GLOBAL a0, mine_slot
	li a1, 16
	KEY_CAP a2, "flags"
	li a3, 6
	HC 4, HC_CAPFILE_ADV
	EXPECT HC_EINVAL, adv-unknown-flags
	li a0, 0x400002000
	li a1, 16
	KEY_CAP a2, "forged"
	li a3, 0
	HC 4, HC_CAPFILE_ADV
	EXPECT HC_EFAULT, adv-untagged-buffer
	/* a local buffer: probers get it only where StoreLocalCap allows, and stay local */
	CVM_LOAD_GLOBAL a0, mine_slot
	li t1, ~1                       /* no Global */
	candperm ca0, ca0, t1
	li a1, 64
	KEY_CAP a2, "local"
	li a3, 0
	HC 4, HC_CAPFILE_ADV
	EXPECT 5, adv-local
	KEY_CAP a0, "local"
	cincoffsetimm ca1, csp, 32
	li t1, ~0x40                    /* no StoreLocalCap */
	candperm ca1, ca1, t1
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EFAULT, local-cap-needs-storelocalcap
	KEY_CAP a0, "local"
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT 5, probe-local
	clc ct0, 32(csp)
	cgetperm a0, ct0
	EXPECT 0xc, local-stays-local

	/* --- wait/wake: only on ids the caller took part in --- */
	li a0, 2                        /* rw: not probed yet */
	li a1, 0
	li a2, 0
	HC 3, HC_CAP_WAIT
	EXPECT HC_EPERM, wait-on-others-id
	li a0, 2
	HC 1, HC_CAP_WAKE
	EXPECT HC_EPERM, wake-on-others-id
	li a0, 9999
	HC 1, HC_CAP_WAKE
	EXPECT HC_ENOENT, wake-unknown-id
	li a0, 5                        /* ours: nobody wakes it; 50 ms */
	li a1, 0
	li a2, 50000000
	HC 3, HC_CAP_WAIT
	EXPECT HC_ETIMEDOUT, wait-timeout
	li a0, 5
	li a1, 0
	li a2, -2
	HC 3, HC_CAP_WAIT
	EXPECT HC_EINVAL, wait-bad-timeout

	/* --- streams: one consumer --- */
	KEY_CAP a0, "pipe"
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_STREAM_PROBE
	EXPECT 3, probe-stream
	KEY_CAP a0, "pipe"
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_STREAM_PROBE
	EXPECT HC_EBUSY, second-consumer-refused
	KEY_CAP a0, "pipe"
	cincoffsetimm ca1, csp, 32
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT HC_EINVAL, stream-is-not-a-capfile
	CVM_LOAD_GLOBAL a0, mine_slot
	li a1, 64 + 48                  /* not STREAM_DATA + a power of two */
	KEY_CAP a2, "badring"
	HC 3, HC_STREAM_ADV
	EXPECT HC_EFAULT, stream-past-buffer

	/* --- rw: write with our own stores, wake the owner --- */
	KEY_CAP a0, "rw"
	cincoffsetimm ca1, csp, 0
	li a2, 0
	HC 3, HC_CAPFILE_PROBE
	EXPECT 2, probe-rw
	clc cs2, 0(csp)
	cgetperm a0, cs2
	EXPECT 0xd, rw-perms-global-load-store
	li t1, 'X'
	csb t1, 0(cs2)
	li a0, 2
	HC 1, HC_CAP_WAKE
	EXPECT 1, wake-owner
	/* last: a store through the read-only capability must fault */
	li t1, 'Y'
	.globl ro_store
ro_store:
	csb t1, 0(cs1)
	SAY "BAD stored through the read-only capability"
	EXIT0
#endif
CVM_END cvm_main
