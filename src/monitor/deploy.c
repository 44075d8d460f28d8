/* deploy.c - deploy every cVM (intravisor.md section 3) and link them, printing the log of
 * two-pure.expected up to "ALL cVMs loaded".
 *
 * Decode, then invoke (STYLE 9):
 *   phase 1, silent, no side effect on the address space: read and elf_parse every image,
 *           check the symbols deploy needs, check that every callback_out target exports
 *           syscall_handler, derive every capability (start caps, relocation caps, heap cap);
 *   phase 2, per cVM in file order: print, map, copy, hash, relocate, map stacks and heap.
 *           Only mem_map can fail there; then everything mapped so far is unmapped.
 *
 * Printed values that are host artefacts in the reference, and what we print instead:
 *   [i]: field 1 = host address of the segment's bytes in our file buffer, field 5 = host
 *        address of their destination in our arena (mem->arena + base + vaddr);
 *   SEALED RET FROM MON = the guest addresses where the sealed return pair is kept: the cap
 *        store slots RET_PCC (store + 176) and RET_DDC (store + 192);
 *   Deploy <id> in <s> = phase 1 + phase 2 of that cVM, measured with CLOCK_MONOTONIC.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "loader/elf.h"
#include "monitor/cvm.h"
#include "monitor/image_cache.h"
#include "monitor/layout.h"

#include "../../sdk/include/cvm_abi.h"

#define DEPLOY_MAX_IMAGE_FILE (256u << 20)

/* Security invariant (STYLE 13): a tagged capability given to a cVM lies inside its slot. */
#define DEPLOY_CHECK(x) ((x) ? (void)0 : deploy_check_failed(#x, __FILE__, __LINE__))
__attribute__((noreturn)) static void deploy_check_failed(const char *what, const char *file, int line)
{
	fprintf(stderr, "intravisor: CHECK failed: %s at %s:%d\n", what, file, line);
	abort();
}

struct plan {
	struct image_file *src; /* the file, read once per deployment (image_cache.h) */
	const uint8_t *file;    /* src->bytes */
	uint64_t file_len;
	struct elf_image img;
	struct cap *relocs;     /* img.ncaps derived capabilities */
	struct cap heap_cap;    /* when the image has cvm_heap_begin/cvm_heap_size */
	bool has_heap_syms;
	double t_start;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

__attribute__((format(printf, 2, 3)))
static void say(const struct monitor *mon, const char *fmt, ...)
{
	if (mon->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(mon->out, fmt, ap);
	va_end(ap);
}

static const char *nz(const char *s)
{
	return s ? s : "(null)";
}

static int image_error(const struct cvm *v, struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int image_error(const struct cvm *v, struct error *err, const char *fmt, ...)
{
	char where[sizeof err->where];
	snprintf(where, sizeof where, "cVM '%s' (%s)", v->name, v->runtime_path);
	error_set(err, E_IMAGE, where, NULL);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof err->detail, fmt, ap);
	va_end(ap);
	return -1;
}

static int read_file(const struct cvm *v, struct image_cache *cache, struct plan *p, struct error *err)
{
	struct image_file *cached = image_cache_find(cache, v->runtime_path);
	if (cached) {
		p->src = cached;
		p->file = cached->bytes;
		p->file_len = cached->len;
		return 0;
	}
	/* open, fstat, read: no stdio buffer, and the bytes' pages backed in one call before the
	 * read fills them (a fault costs 18-29 us here: mem_populate.c) */
	int fd = open(v->runtime_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, E_CFG_RUNTIME, v->runtime_path, "%s", strerror(errno));
	int rc = -1;
	uint8_t *bytes = NULL;
	struct stat st;
	if (fstat(fd, &st) == 0) {
		long n = (long)st.st_size;
		if (n < 0 || (unsigned long)n > DEPLOY_MAX_IMAGE_FILE) {
			error_set(err, E_IMAGE, v->runtime_path, "file size %ld (at most %u)", n, DEPLOY_MAX_IMAGE_FILE);
		} else if ((bytes = malloc(n ? (size_t)n : 1)) == NULL) {
			error_set(err, E_NOMEM, v->runtime_path, NULL);
		} else {
			mem_host_populate(bytes, (size_t)n);
			size_t got = 0;
			while (got < (size_t)n) {
				ssize_t k = read(fd, bytes + got, (size_t)n - got);
				if (k < 0 && errno == EINTR)
					continue;
				if (k <= 0)
					break;   /* an error, or the file shrank */
				got += (size_t)k;
			}
			if (got != (size_t)n) {
				error_set(err, E_CFG_RUNTIME, v->runtime_path, "read error");
			} else {
				p->src = image_cache_add(cache, v->runtime_path, bytes, (uint64_t)n);
				p->file = bytes;
				p->file_len = (uint64_t)n;
				bytes = NULL;
				rc = 0;
			}
		}
	} else {
		error_set(err, E_CFG_RUNTIME, v->runtime_path, "%s", strerror(errno));
	}
	free(bytes);
	close(fd);
	return rc;
}

/* The cVM's own capabilities (intravisor.md section 4): everything but the callback triple. */
static int derive_own_caps(const struct monitor *mon, struct cvm *v)
{
	uint32_t mask = v->clean_room ? ~CAP_PERM_SW0 : ~0u;
	uint64_t slot0 = cvm_thread_slot(v, 0);
	struct cap code = cap_build_from_root(&mon->root_code, v->begin, v->end - v->begin, CVM_CODE_PERMS & mask);
	/* pure-cap: capability mode; hybrid: integer mode (intravisor.md 9) */
	(void)cap_set_flags(&v->code, &code, v->is_hybrid ? 0 : 1, CAP_V9);
	v->data = cap_build_from_root(&mon->root_data, v->begin, v->end - v->begin, CVM_DATA_PERMS & mask);
	v->ca[CVM_CA_COMP_DDC] = v->data;
	struct cap sp = cap_build_from_root(&v->data, slot0, v->stack_slot, CVM_DATA_PERMS & mask);
	(void)cap_set_addr(&v->ca[CVM_CA_SP], &sp, slot0 + v->sp_off, CAP_V9);
	v->ca[CVM_CA_TP] = cap_build_from_root(&v->data, slot0 + CVM_TP_OFF, CVM_TP_SIZE, CVM_DATA_PERMS & mask);
	if (!v->code.tag || !v->data.tag || !v->ca[CVM_CA_SP].tag || !v->ca[CVM_CA_TP].tag ||
	    monitor_seal_at(mon, &v->code, v->base + v->entry, v->otype, &v->ca[CVM_CA_SEALED_COMP_PCC]) ||
	    monitor_seal(mon, &v->data, v->otype, &v->ca[CVM_CA_SEALED_COMP_DDC]))
		return -1;
	/* no ret_from_monitor (intravisor.md 10): an untagged return pair, and a hostcall is a fault */
	if (!v->has_ret)
		v->ca[CVM_CA_SEALED_RET] = cap_null();
	else if (monitor_seal_at(mon, &v->code, v->base + v->ret, v->otype, &v->ca[CVM_CA_SEALED_RET]))
		return -1;
	return 0;
}

/* Hostcall pair: always the switcher's call pair (intravisor.md 5.1). A handler cVM's entry is
 * never handed to another cVM: only the switcher enters it, on a context it chose. The ocall
 * entry as the reference: the monitor's for "monitor", an untagged value otherwise. */
static void derive_callback_caps(const struct monitor *mon, struct cvm *v)
{
	v->ca[CVM_CA_SEALED_HC_PCC] = mon->hc_pcc;
	v->ca[CVM_CA_SEALED_HC_DDC] = mon->hc_ddc;
	v->ca[CVM_CA_SEALED_OCALL_PCC] = v->callback ? cap_null() : mon->ocall_pcc;
}

/* Largest representable sub-range of [lo, hi): base aligned up, length rounded down. */
static void representable_within(uint64_t lo, uint64_t hi, uint64_t *base, uint64_t *len)
{
	uint64_t l = hi - lo;
	for (int k = 0; k < 4; k++) {
		uint64_t mask = cap_cram(l);
		uint64_t b = (lo + ~mask) & mask;
		l = b < hi ? (hi - b) & mask : 0;
		if (cap_crrl(l) == l) {
			*base = b;
			*len = l;
			return;
		}
	}
	*base = lo;
	*len = 0;
}

/* The image hash, once per file (image_cache.h): from the file alone, so that no BSS page of
 * the cVM is touched for it. */
static int plan_hash(struct cvm *v, struct plan *p, struct error *err)
{
	double t0 = now();
	if (!p->src->hashed || p->src->map_size != p->img.map_size) {
		if (elf_sha256_image(&p->img, p->src->sha256))
			return error_set(err, E_NOMEM, v->runtime_path, NULL);
		p->src->map_size = p->img.map_size;
		p->src->hashed = true;
	}
	v->times.hash = now() - t0;
	return 0;
}

/* A handler cVM serves each concurrent call on a context of its own: `threads:` of them
 * (HCTX_COUNT when absent), in stack slots 1..n; the stack region grows when they do not fit
 * its 64 slots (layout.h). The image must still fit below it. */
static int layout_contexts(struct cvm *v, const char *cfg_path, struct error *err)
{
	unsigned n = v->cfg->has_threads ? (unsigned)v->cfg->threads : HCTX_COUNT;
	struct cvm_layout l;
	cvm_layout_of(v->base, v->size, n, &l);
	if (l.stacks_lo < v->heap_lo || l.stacks_lo - v->heap_lo < MEM_PAGE_SIZE)
		return config_fail_at(cfg_path, v->cfg->threads_pos, err, E_CFG_TOO_MANY,
				      "cVM '%s': %u handler contexts need %u stack slots of 0x%llx bytes; with its image "
				      "(0x%llx bytes) they do not fit its slot of 0x%llx: lower 'threads' or use a larger slot",
				      v->name, n, n + HCTX_FIRST_SLOT + 1, (unsigned long long)l.stack_slot,
				      (unsigned long long)v->image_size, (unsigned long long)v->size);
	v->ncontexts = n;
	v->stacks_lo = l.stacks_lo;
	v->cap_store = l.cap_store;
	v->heap_hi = v->stacks_lo;
	return 0;
}

/* Phase 1 for one cVM: no side effect outside *p and *v. */
static int plan_cvm(struct cvm *v, const char *cfg_path, struct image_cache *cache, struct plan *p,
		    struct error *err)
{
	double t0 = now();
	p->t_start = t0;
	if (read_file(v, cache, p, err))
		return -1;
	double t1 = now();
	/* The image and its +1 page must stay below the stack area (heap_lo <= stacks_lo). */
	uint64_t room = v->stacks_lo - v->base - MEM_PAGE_SIZE;
	struct elf_error ee;
	/* hybrid or pure-cap: YAML `mode`, else the ELF flags (intravisor.md 9) */
	uint32_t flags = elf_header_flags(p->file, p->file_len);
	struct elf_error pure_ee = { 0 };
	bool pure_failed = false;
	const char *mode = v->cfg->mode;
	const struct elf_parse_options opts = { .entry_symbol = v->cfg->entry };
	v->is_hybrid = mode ? !strcmp(mode, "hybrid") : !(flags & (ELF_EF_RISCV_CHERIABI | ELF_EF_RISCV_CAP_MODE));
	if (v->is_hybrid && !mode) {
		/* NOTE: the SDK links pure-cap cVMs with stock binutils, which leave the CHERI flags
		 * clear: a shared object with the SDK's landing or capability relocations is one, and
		 * so is one whose pure-cap parse fails for another reason than its type or PT_INTERP
		 * (its error is the one to report) */
		if (elf_parse_opts(p->file, p->file_len, room, &opts, &p->img, &ee) == 0) {
			/* ... and a shared object with entry 0 is a library, not a program (a PIE program's
			 * entry is never its ELF header): reported as a plain .so without the SDK's crt */
			v->is_hybrid = !p->img.ret_from_monitor.found && !p->img.has_cap_relocs_section && p->img.ncaps == 0 &&
				       p->img.entry != 0;
			elf_image_free(&p->img);
		} else {
			v->is_hybrid = ee.code == ELF_E_TYPE || ee.code == ELF_E_INTERP || ee.code == ELF_E_NEEDED;
			pure_ee = ee;
			pure_failed = true;
		}
	}
	if (pure_failed && pure_ee.code == ELF_E_NEEDED) {   /* pure-cap or hybrid: no shared libraries */
		char where[sizeof err->where];
		snprintf(where, sizeof where, "cVM '%s' (%s)", v->name, v->runtime_path);
		return error_set(err, E_IMAGE_DYNAMIC, where, "%s", pure_ee.detail);
	}
	if (v->is_hybrid && v->cfg->entry)
		return config_fail_at(cfg_path, v->cfg->entry_pos, err, E_IMAGE,
				      "cVM '%s' (%s): 'entry' is for pure-cap images; a hybrid program starts at e_entry",
				      v->name, v->runtime_path);
	if (v->is_hybrid) {
		if (elf_parse_hybrid(p->file, p->file_len, room, &p->img, &ee)) {
			if (ee.code == ELF_E_INTERP) {
				char where[sizeof err->where];
				snprintf(where, sizeof where, "cVM '%s' (%s)", v->name, v->runtime_path);
				return error_set(err, E_IMAGE_DYNAMIC, where, NULL);
			}
			return image_error(v, err, "%s%s%s", elf_strerror(ee.code), ee.detail[0] ? ": " : "", ee.detail);
		}
		const struct elf_image *img = &p->img;
		if (!mode && pure_failed && (img->ret_from_monitor.found || img->has_cap_relocs_section)) {
			/* built with the SDK's crt, but not as a shared object: the pure-cap error */
			elf_image_free(&p->img);
			return image_error(v, err, "%s%s%s", elf_strerror(pure_ee.code), pure_ee.detail[0] ? ": " : "",
					   pure_ee.detail);
		}
		v->entry = v->ret = img->entry;   /* no landing: a hybrid caller resumes after its ecall */
		v->has_syscall_handler = false;
		v->image_size = img->map_size;
		v->image_lo = img->seg[0].vaddr & ~(MEM_PAGE_SIZE - 1);
		v->end_of_ro = img->first_writable >= 0 ? img->seg[img->first_writable].vaddr : 0;
		v->is_purecap = false;
		v->phdr = img->phdr;
		v->phnum = img->phnum;
		v->phent = img->phent;
		v->heap_lo = (((v->base + img->map_size) >> MEM_PAGE_SHIFT) + 1) << MEM_PAGE_SHIFT;
		v->heap_hi = v->stacks_lo;
		v->times.read = t1 - t0;
		v->times.parse = now() - t1;
		return plan_hash(v, p, err);
	}
	if (elf_parse_opts(p->file, p->file_len, room, &opts, &p->img, &ee)) {
		if (ee.code == ELF_E_ENTRY_SYMBOL)
			return config_fail_at(cfg_path, v->cfg->entry_pos, err, E_IMAGE, "cVM '%s' (%s): %s: %s",
					      v->name, v->runtime_path, elf_strerror(ee.code), ee.detail);
		return image_error(v, err, "%s%s%s", elf_strerror(ee.code), ee.detail[0] ? ": " : "", ee.detail);
	}
	const struct elf_image *img = &p->img;
	if (!img->ret_from_monitor.found && !img->has_cap_relocs_section && img->ncaps == 0)
		return image_error(v, err, "no symbol 'ret_from_monitor' and no __cap_relocs: not a cVM built with the "
				   "SDK's crt (a plain riscv64 .so?); see sdk/README.md");
	/* ret_from_monitor is needed only for hostcalls (intravisor.md 10) */
	v->entry = img->entry;
	v->entry_from = img->entry_from;
	v->has_ret = img->ret_from_monitor.found;
	v->ret = v->has_ret ? img->ret_from_monitor.value : 0;
	v->has_syscall_handler = img->syscall_handler.found;
	v->syscall_handler = img->syscall_handler.value;
	v->image_size = img->map_size;
	v->end_of_ro = img->first_writable >= 0 ? img->seg[img->first_writable].vaddr : 0;
	v->is_purecap = img->has_cap_relocs_section || img->ncaps > 0;
	v->heap_lo = (((v->base + img->map_size) >> MEM_PAGE_SHIFT) + 1) << MEM_PAGE_SHIFT;
	v->heap_hi = v->stacks_lo;
	if (v->has_syscall_handler && layout_contexts(v, cfg_path, err))
		return -1;
	p->has_heap_syms = img->cvm_heap_begin.found && img->cvm_heap_size.found &&
			   img->cvm_heap_begin.value && img->cvm_heap_size.value;
	if (p->has_heap_syms) {
		v->heap_begin_sym = img->cvm_heap_begin.value;
		v->heap_size_sym = img->cvm_heap_size.value;
		if (v->heap_begin_sym % 16 || v->heap_begin_sym + 16 > img->map_size || v->heap_size_sym % 8 ||
		    v->heap_size_sym + 8 > img->map_size)
			return image_error(v, err, "cvm_heap_begin 0x%llx (needs 16 aligned bytes), cvm_heap_size 0x%llx (needs 8)",
					   (unsigned long long)v->heap_begin_sym, (unsigned long long)v->heap_size_sym);
	}
	v->times.read = t1 - t0;
	v->times.parse = now() - t1;
	return plan_hash(v, p, err);
}

static int derive_cvm(const struct monitor *mon, struct cvm *v, struct plan *p, struct error *err)
{
	double t0 = now();
	char where[sizeof err->where];
	snprintf(where, sizeof where, "cVM '%s'", v->name);
	derive_callback_caps(mon, v);
	uint32_t mask = v->clean_room ? ~CAP_PERM_SW0 : ~0u;
	struct elf_authority auth = { .code = v->code, .data = v->data, .cap_store = v->cap_store, .perm_mask = mask };
	p->relocs = calloc(p->img.ncaps ? p->img.ncaps : 1, sizeof *p->relocs);
	if (!p->relocs)
		return error_set(err, E_NOMEM, where, NULL);
	struct elf_error ee;
	if (elf_derive_caps(&p->img, v->base, &auth, p->relocs, &ee))
		return image_error(v, err, "%s: %s", elf_strerror(ee.code), ee.detail);
	if (p->has_heap_syms) {
		uint64_t b, l;
		representable_within(v->heap_lo, v->heap_hi, &b, &l);
		p->heap_cap = cap_build_from_root(&v->data, b, l, CVM_DATA_PERMS & mask);
		if (!p->heap_cap.tag)
			return error_set(err, E_CAP, where, "heap [0x%llx, 0x%llx)", (unsigned long long)b,
					 (unsigned long long)(b + l));
	}
	/* Every tagged capability this cVM receives lies in its own slot, or is the monitor's
	 * sealed entry pair (the switcher's: useless but through CInvoke). */
	for (unsigned i = 0; i < CVM_NCA; i++)
		if (i != CVM_CA_SEALED_HC_PCC && i != CVM_CA_SEALED_HC_DDC && i != CVM_CA_SEALED_OCALL_PCC &&
		    (i != CVM_CA_SEALED_RET || v->has_ret))
			DEPLOY_CHECK(v->ca[i].tag && v->ca[i].base >= v->begin && v->ca[i].top <= v->end);
	for (size_t i = 0; i < p->img.ncaps; i++)
		DEPLOY_CHECK(p->relocs[i].tag && p->relocs[i].base >= v->begin && p->relocs[i].top <= v->end);
	v->times.derive = now() - t0;
	return 0;
}

static int map(struct monitor *mon, struct cvm *v, uint64_t lo, uint64_t hi, struct error *err)
{
	if (mem_map(mon->mem, lo, hi - lo) == MEM_OK)
		return 0;
	char where[sizeof err->where];
	snprintf(where, sizeof where, "cVM '%s'", v->name);
	return error_set(err, E_MEM, where, "mem_map [0x%llx, 0x%llx) failed", (unsigned long long)lo, (unsigned long long)hi);
}

static void print_building(const struct monitor *mon, const struct cvm *v)
{
	const struct config_cvm *c = v->cfg;
	say(mon, "***************** [%u] Deploy '%s' ***************\n", v->id, v->name);
	say(mon, "BUILDING cvm: name=%s, disk=%s, runtime=%s, net=%s, args='%s', base=0x%llx, size=0x%llx, "
		 "begin=0x%llx, end=0x%llx, cb_in = '%s', cb_out = '%s' wait = %lds clean_room = %ld, libvirt = %ld\n",
	    v->name, nz(c->disk), v->runtime, nz(c->net), nz(c->args), (unsigned long long)v->base,
	    (unsigned long long)v->size, (unsigned long long)v->begin, (unsigned long long)v->end, nz(c->callback_in),
	    nz(c->callback_out), c->wait, c->clean_room, c->libvirt);
	if (v->size == CVM_MAX_SIZE)
		say(mon, "requested cVM size matches CVM_MAX_SIZE (%llx)\n", (unsigned long long)CVM_MAX_SIZE);
	else   /* intravisor.md 10: other slot sizes print what was chosen */
		say(mon, "cVM size %llx (CVM_MAX_SIZE is %llx): id %u, stacks %llu x %llx\n", (unsigned long long)v->size,
		    (unsigned long long)CVM_MAX_SIZE, v->id, (unsigned long long)((v->stacks_hi - v->stacks_lo) / v->stack_slot),
		    (unsigned long long)v->stack_slot);
}

/* Phase 2 for one cVM. Fails only if mem_map fails (the caller unmaps). */
static int act_cvm(struct monitor *mon, struct cvm *v, struct plan *p, struct error *err)
{
	const struct elf_image *img = &p->img;
	struct mem *m = mon->mem;
	print_building(mon, v);

	double t0 = now();
	if (map(mon, v, v->base, v->base + elf_map_extent(img), err))
		return -1;
	double t1 = now();
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		if ((int)k == img->first_writable)
			say(mon, "end of RO: %llx\n", (unsigned long long)(v->base + s->vaddr));
		say(mon, "[%u]: %llx %llx %llx %llx %llx %llx\n", s->index,
		    (unsigned long long)(uintptr_t)(p->file + s->offset), (unsigned long long)(v->base + s->vaddr),
		    (unsigned long long)s->filesz, (unsigned long long)s->memsz,
		    (unsigned long long)(uintptr_t)mem_host(m, v->base + s->vaddr), (unsigned long long)s->filesz);
	}
	elf_load(m, v->base, img);
	double t2 = now();
	say(mon, "ELF BASE = 0x%llx, MAP SIZE = %llx, ENTRY = 0x%llx\n", (unsigned long long)v->base,
	    (unsigned long long)img->map_size, (unsigned long long)v->entry);
	say(mon, "encl_map.entry = 0x%llx\n", (unsigned long long)v->entry);
	say(mon, "encl_map.ret = 0x%llx\n", (unsigned long long)v->ret);
	if (v->entry_from && strcmp(v->entry_from, "e_entry"))
		say(mon, "entry: '%s' at 0x%llx (e_entry 0x%llx%s)\n", v->entry_from, (unsigned long long)v->entry,
		    (unsigned long long)img->e_entry,
		    strcmp(v->entry_from, "main") ? ", YAML entry:" : " is not in an executable segment");
	if (!v->is_hybrid && img->interp)
		say(mon, "PT_INTERP '%s' ignored: the program needs no shared library and the monitor applies its "
		    "relocations\n", img->interp);
	if (!v->is_hybrid && !v->has_ret)
		say(mon, "no ret_from_monitor: the return pair is untagged, a hostcall ends the cVM with a fault\n");
	/* of the MAP SIZE bytes before relocation (intravisor.md section 3): a function of the
	 * file's bytes, computed from them once per file in phase 1 (plan_hash) */
	memcpy(v->sha256, p->src->sha256, sizeof v->sha256);
	double t3 = now();
	if (v->is_purecap)
		say(mon, "we have __cap_relocs, it is a purecap binary\n");
	if (v->is_hybrid)
		say(mon, "hybrid cVM: integer mode, DDC/PCC-relative addresses [0, 0x%llx), Linux system calls\n",
		    (unsigned long long)v->size);
	for (size_t i = 0; i < img->ncaps; i++) {
		const struct elf_cap_reloc *r = &img->caps[i];
		say(mon, "create cap: 0x%llx Base: 0x%llx Length: %llu Perms: %llx Unk = %llu\n",
		    (unsigned long long)(v->base + r->location), (unsigned long long)r->base,
		    (unsigned long long)r->length, (unsigned long long)r->perms, (unsigned long long)r->offset);
		if (r->kind == ELF_CAP_STORE)
			say(mon, "ACHTUNG: RISCV USES OUTDATED ABI\n");
		const struct cap *c = &p->relocs[i];
		if ((r->kind == ELF_CAP_OBJECT || r->kind == ELF_CAP_CONST) &&
		    (c->base != v->base + r->base || c->top != (cap_u128)v->base + r->base + r->length))
			say(mon, "  rounded as CSetBounds rounds: Base: 0x%llx Length: %llu (requested [0x%llx, 0x%llx) is not "
				 "representable)\n", (unsigned long long)(c->base - v->base),
			    (unsigned long long)cap_get_len(c), (unsigned long long)r->base,
			    (unsigned long long)(r->base + r->length));
	}
	elf_relocate(m, v->base, img, p->relocs);
	/* a hybrid image linked at 0x10000: nothing below its first page (a NULL access faults) */
	if (v->is_hybrid && v->image_lo && mem_unmap(m, v->base, v->image_lo) != MEM_OK)
		return error_set(err, E_MEM, v->name, "unmap below the image");
	double t4 = now();

	/* Lazy stacks (intravisor.md 3): heap and stack slot 0 (the capability store) are one
	 * mapping, thread 0's slot another, its lowest page left unmapped as its guard. Every
	 * other slot of the region stays unmapped (a guard as a whole) until the switcher makes a
	 * handler context there (run_layout.c run_make_context). */
	if (map(mon, v, v->heap_lo, v->stacks_lo + v->stack_slot, err) ||
	    map(mon, v, cvm_thread_slot(v, 0) + CVM_GUARD_SIZE, v->stacks_hi, err))
		return -1;
	/* the pages thread 0's start stores capabilities to (TP area, initial stack and its
	 * strings: run_layout.c) are ready for tags now, while no hart runs: not a first-tag
	 * handshake with every running hart at its start (1,000 cVMs started at once) */
	if (!v->is_hybrid) {
		uint64_t slot0 = cvm_thread_slot(v, 0), sp_page = (slot0 + v->sp_off) & ~(MEM_PAGE_SIZE - 1);
		mem_ready_tags(m, slot0 + CVM_TP_OFF, MEM_PAGE_SIZE);
		mem_ready_tags(m, sp_page, (sp_page + 2 * MEM_PAGE_SIZE <= v->stacks_hi ? 2 : 1) * MEM_PAGE_SIZE);
	}
	say(mon, "[cVM STACKs] = [0x%llx -- %llx]\n", (unsigned long long)v->stacks_lo, (unsigned long long)v->stacks_hi);
	uint64_t heap_size = v->heap_hi - v->heap_lo;
	say(mon, "Convrting free memory into cVM Heap: %llx -- %llx +%llx ( %f MB)\n", (unsigned long long)v->heap_lo,
	    (unsigned long long)v->heap_hi, (unsigned long long)heap_size, (double)heap_size / (1024.0 * 1024.0));
	if (p->has_heap_syms) {
		say(mon, "cVM has cvm_heap_begin (0x%llx) and cvm_heap_size (0x%llx)\n",
		    (unsigned long long)v->heap_begin_sym, (unsigned long long)v->heap_size_sym);
		DEPLOY_CHECK(mem_store_cap(m, NULL, v->base + v->heap_begin_sym, p->heap_cap.addr,
					   cap_to_mem_pesbt(&p->heap_cap), true) == MEM_OK);
		DEPLOY_CHECK(mem_store64(m, v->base + v->heap_size_sym, cap_get_len(&p->heap_cap)) == MEM_OK);
	} else {
		say(mon, "cVM doesn't use heap or has a built-in one\n");
	}
	if (!v->cfg->callback_out)
		say(mon, "callback_out is empty, use default 'monitor'\n");
	say(mon, "SEALED RET FROM MON 0x%llx 0x%llx\n", (unsigned long long)(v->cap_store + CVM_STORE_RET_PCC),
	    (unsigned long long)(v->cap_store + CVM_STORE_RET_DDC));
	if (v->has_syscall_handler)
		say(mon, "ACHTUNG: '%s' has syscall handler 'syscall_handler' at 0x%llx\n", v->runtime,
		    (unsigned long long)v->syscall_handler);
	double t5 = now();
	v->times.map = t1 - t0;
	v->times.load = t2 - t1;
	v->times.hash += t3 - t2;   /* phase 1 computed it (plan_hash) */
	v->times.relocate = t4 - t3;
	v->times.layout = t5 - t4;
	v->deploy_seconds = v->times.read + v->times.parse + v->times.derive + (v->times.hash - (t3 - t2)) + (t5 - t0);
	char hex[65];
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", v->sha256[i]);
	say(mon, "Deploy %u in %f, SHA-256 Hash: %s\n", v->id, v->deploy_seconds, hex);
	return 0;
}

static void print_timings(const struct monitor *mon)
{
	for (unsigned i = 0; i < mon->ncvms; i++) {
		const struct cvm *v = &mon->cvms[i];
		const struct cvm_deploy_times *t = &v->times;
		fprintf(stderr,
			"deploy %u '%s': total %.1f us = read %.1f + parse %.1f + derive %.1f + map %.1f + load %.1f + "
			"hash %.1f + relocate %.1f + stacks/heap %.1f\n",
			v->id, v->name, v->deploy_seconds * 1e6, t->read * 1e6, t->parse * 1e6, t->derive * 1e6,
			t->map * 1e6, t->load * 1e6, t->hash * 1e6, t->relocate * 1e6, t->layout * 1e6);
	}
}

static void free_plans(struct plan *plans, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		elf_image_free(&plans[i].img);
		free(plans[i].relocs);
	}
	free(plans);
}

int monitor_deploy_all(struct monitor *mon, struct error *err)
{
	struct image_cache cache;
	if (image_cache_init(&cache, mon->ncvms))
		return error_set(err, E_NOMEM, "", NULL);
	struct plan *plans = calloc(mon->ncvms ? mon->ncvms : 1, sizeof *plans);
	if (!plans) {
		image_cache_free(&cache);
		return error_set(err, E_NOMEM, "", NULL);
	}
	/* Phase 1: everything that can fail because of the input. */
	for (unsigned i = 0; i < mon->ncvms; i++)
		if (plan_cvm(&mon->cvms[i], mon->cfg->path, &cache, &plans[i], err))
			goto fail;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		struct cvm *v = &mon->cvms[i];
		const char *cb = v->cfg->callback_out;
		if (!cb || !strcmp(cb, "monitor"))
			continue;
		v->callback = &mon->cvms[config_find_runtime(mon->cfg, cb)]; /* validated: exists, unique */
		if (!v->callback->has_syscall_handler) {
			char where[sizeof err->where];
			snprintf(where, sizeof where, "%s:%u:%u", mon->cfg->path, v->cfg->callback_out_pos.line,
				 v->cfg->callback_out_pos.col);
			error_set(err, E_CALLBACK_NO_HANDLER, where, "cVM '%s': callback_out '%s' (cVM '%s')", v->name, cb,
				  v->callback->name);
			goto fail;
		}
	}
	if (monitor_check_map_budget(mon, err))   /* map_budget.c: before anything is mapped */
		goto fail;
	/* Own caps of every cVM first: a callback triple uses the handler's caps. */
	for (unsigned i = 0; i < mon->ncvms; i++) {
		double t0 = now();
		if (derive_own_caps(mon, &mon->cvms[i])) {
			error_set(err, E_CAP, mon->cvms[i].name, "start capabilities");
			goto fail;
		}
		mon->cvms[i].times.derive = now() - t0;
	}
	for (unsigned i = 0; i < mon->ncvms; i++) {
		double before = mon->cvms[i].times.derive;
		if (derive_cvm(mon, &mon->cvms[i], &plans[i], err))
			goto fail;
		mon->cvms[i].times.derive += before;
	}
	/* Phase 2 */
	if (monitor_deploy_capfiles(mon, err))   /* capfiles.c: first, as upstream */
		goto fail;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		if (act_cvm(mon, &mon->cvms[i], &plans[i], err)) {
			for (unsigned j = 0; j <= i; j++)
				(void)!mem_unmap(mon->mem, mon->cvms[j].base, mon->cvms[j].size);
			goto fail;
		}
	}
	say(mon, "***************** Link Inner<-->Outer ***************\n");
	for (unsigned i = 0; i < mon->ncvms; i++) {
		const struct cvm *v = &mon->cvms[i];
		int k = v->cfg->callback_in ? config_find_runtime(mon->cfg, v->cfg->callback_in) : -1;
		if (k < 0)
			continue;   /* names no cVM: a config warning said so */
		const struct cvm *in = &mon->cvms[k];
		say(mon, "%s[%u] is inner for %s[%u]\n", v->cfg->callback_in, in->id, v->runtime, v->id);
	}
	say(mon, "***************** ALL cVMs loaded ***************\n");
	fflush(mon->out);
	if (mon->timings)
		print_timings(mon);
	free_plans(plans, mon->ncvms);
	image_cache_free(&cache);
	return 0;
fail:
	free_plans(plans, mon->ncvms);
	image_cache_free(&cache);
	return -1;
}
