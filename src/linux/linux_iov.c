/* linux_iov.c - the iovec arrays of readv, writev, preadv, pwritev (intravisor.md 9: every
 * pointer becomes a capability bounded to exactly the bytes used).
 *
 * Two forms of one request, by where it comes from:
 *   - an ecall served by the monitor: a[1] = a Load capability to the caller's own array of
 *     integer iovecs (16 bytes each, offsets in its view), a[6] = the span of their buffers
 *     (linux_derive). Each buffer gets a capability of its own, derived from the span; the
 *     span never leaves the monitor;
 *   - a hostcall (a handler cVM forwarding the call, or any cVM making it): a[1] = a capability
 *     to an array of CheriABI iovecs (sdk/include/cvm_abi.h IOVEC_*: a capability bounded to the
 *     buffer and its length). linux_iov_to_caps makes that array in a handler context's
 *     argument area when the switcher hands a hybrid cVM's call to a handler cVM.
 * Trust boundary: both arrays are guest memory another hart may change; each entry is copied
 * into monitor memory, then checked (STYLE 10), and every entry is checked before any byte
 * moves (Linux's import_iovec: a bad one fails the call with nothing done).
 */
#include <stdlib.h>

#include "linux/linux_priv.h"

#include "../../sdk/include/cvm_abi.h"

_Static_assert(HCTX_ARGS_SIZE == LINUX_IOV_MAX * IOVEC_SIZE, "the argument area holds IOV_MAX iovecs");
_Static_assert(IOVEC_BASE == 0 && IOVEC_LEN == 16 && IOVEC_SIZE == 32, "CheriABI struct iovec");

/* The capability for the integer iovec {off, len} of a caller whose view starts at view_base:
 * derived from span (the buffers' span, linux_derive), bounded as CSetBounds bounds (exactly
 * when representable); untagged when it is not inside the span (or wraps). */
static struct cap iov_from_int(const struct cap *span, uint64_t view_base, uint64_t off, uint64_t len)
{
	uint64_t abs = view_base + off;
	struct cap at, buf;
	if (len == 0 || abs < view_base || cap_set_addr(&at, span, abs, CAP_V9) != 0 ||
	    cap_set_bounds(&buf, &at, len, false, CAP_V9) != 0 || !buf.tag) {
		buf = cap_from_int(abs);
		buf.tag = false;
	}
	return buf;
}

bool linux_has_iovecs(uint64_t nr)
{
	const struct linux_syscall *s = linux_syscall(nr);
	return s && (s->arg[1].kind == LK_IOV_IN || s->arg[1].kind == LK_IOV_OUT);
}

void linux_iov_to_caps(struct mem *m, struct mem_thread *t, uint64_t nr, uint64_t view_base, struct cap a[LINUX_REQ_ARGS],
		       const struct cap *area)
{
	struct cap span = a[LINUX_REQ_ARGS - 1];
	a[LINUX_REQ_ARGS - 1] = cap_from_int(0);   /* the span covers the gaps: never to a cVM */
	uint64_t cnt = a[2].addr;
	struct cap array = a[1];
	a[1].tag = false;                          /* unless every entry is written below */
	if (!linux_has_iovecs(nr) || cnt == 0 || cnt > LINUX_IOV_MAX || !array.tag || !area->tag ||
	    cap_check_access(area, CAP_PERM_STORE | CAP_PERM_LOAD, cnt * IOVEC_SIZE) != CAP_CAUSE_NONE)
		return;
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t v[2];
		struct cap at = array;
		at.addr += IOVEC_SIZE / 2 * i;
		if (cap_check_access(&at, CAP_PERM_LOAD, sizeof v) != CAP_CAUSE_NONE ||
		    mem_read(m, at.addr, v, sizeof v) != MEM_OK)
			return;
		struct cap buf = iov_from_int(&span, view_base, v[0], v[1]);
		uint64_t tail[2] = { v[1], 0 };
		uint64_t to = area->addr + i * IOVEC_SIZE;
		if (mem_store_cap(m, t, to + IOVEC_BASE, buf.addr, cap_to_mem_pesbt(&buf), buf.tag) != MEM_OK ||
		    mem_write(m, to + IOVEC_LEN, tail, sizeof tail) != MEM_OK)
			return;
	}
	/* read-only: the handler (and whoever it forwards to) reads the capabilities, never
	 * writes through this one */
	a[1] = cap_build_from_root(area, area->addr, cnt * IOVEC_SIZE,
				   CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_LOAD_CAP);
}

int64_t lx_iov_gather(const struct linux_env *e, const struct cap a[LINUX_REQ_ARGS], uint32_t perm, struct lx_iov **out)
{
	uint64_t cnt = a[2].addr;
	*out = NULL;
	if (cnt > LINUX_IOV_MAX)
		return -LX_EINVAL;
	if (cnt == 0)
		return 0;
	if (!e->iov_caps && !e->proc)
		return -LX_EFAULT;
	struct lx_iov *v = calloc(cnt, sizeof *v);
	if (!v)
		return -LX_ENOMEM;
	for (uint64_t i = 0; i < cnt; i++) {
		if (e->iov_caps) {
			/* a CheriABI iovec: the capability as a capability load through a[1] gives it
			 * (aligned, Load; the tag only with LoadCap), then its length */
			struct cap at = a[1];
			at.addr += i * IOVEC_SIZE;
			uint64_t lo, hi, len;
			bool tag;
			if ((at.addr & 15) || cap_check_access(&at, CAP_PERM_LOAD, IOVEC_SIZE) != CAP_CAUSE_NONE ||
			    mem_load_cap(e->m, at.addr + IOVEC_BASE, &lo, &hi, &tag) != MEM_OK ||
			    mem_read(e->m, at.addr + IOVEC_LEN, &len, sizeof len) != MEM_OK)
				goto fault;
			v[i].buf = cap_from_mem(hi, lo, tag && cap_has_perm(&a[1], CAP_PERM_LOAD_CAP));
			v[i].len = len;
		} else {
			uint64_t w[2];
			if (lx_get(e, &a[1], 16 * i, w, sizeof w))
				goto fault;
			v[i].buf = iov_from_int(&a[LINUX_REQ_ARGS - 1], e->proc->base, w[0], w[1]);
			v[i].len = w[1];
		}
		/* copied; now checked, all before anything moves */
		if (v[i].len && cap_check_access(&v[i].buf, perm, v[i].len) != CAP_CAUSE_NONE)
			goto fault;
	}
	*out = v;
	return 0;
fault:
	free(v);
	return -LX_EFAULT;
}
