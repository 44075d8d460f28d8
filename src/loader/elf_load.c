/* elf_load.c - act on a parsed image: derive the relocated capabilities (pure), copy the
 * segments, hash, relocate. Only elf_derive_caps can fail, and it has no side effects.
 */
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/elf.h"

/* Security invariant (STYLE 13): checked in every build, crashes the monitor. */
#define ELF_CHECK(x) ((x) ? (void)0 : elf_check_failed(#x, __FILE__, __LINE__))
__attribute__((noreturn)) static void elf_check_failed(const char *what, const char *file, int line)
{
	fprintf(stderr, "intravisor: CHECK failed: %s at %s:%d\n", what, file, line);
	abort();
}

/* One capability relocation, cheri-riscv.md sections 5.4-5.6, intravisor.md section 3:
 *   function: bounds = the whole image (its code reaches its captable PC-relatively), address
 *             = the function, capability mode, sealed as a sentry (callable, not readable
 *             through the pointer, not modifiable);
 *   constant: the requested bounds, no Store permissions;
 *   object:   the requested bounds, data permissions;
 *   (bounds that are not exactly representable are rounded outward as CSetBounds rounds,
 *   intravisor.md 10, like CHERI's own start-up code; still inside the cVM's authority)
 *   0xabba:   the cVM's 4 KiB capability store instead of the object (RISC-V "outdated ABI").
 * Every value is derived from the cVM's own authority with cap_build_from_root (STYLE 11), so a
 * malicious image can only ever obtain capabilities inside its own slot. */
static struct cap derive_one(const struct elf_image *img, uint64_t base, const struct elf_authority *a,
			     const struct elf_cap_reloc *r)
{
	struct cap c, t;
	switch (r->kind) {
	case ELF_CAP_FUNC: {
		uint64_t len = cap_crrl(elf_map_extent(img));
		c = cap_build_from_root(&a->code, base, len, ELF_PERMS_FUNC & a->perm_mask);
		(void)cap_set_addr(&t, &c, base + r->base + r->offset, CAP_V9);
		(void)cap_set_flags(&c, &t, 1, CAP_V9);
		(void)cap_seal_entry(&t, &c, CAP_V9);
		return t;
	}
	case ELF_CAP_STORE:
		return cap_build_from_root(&a->data, a->cap_store, MEM_PAGE_SIZE, ELF_PERMS_OBJECT & a->perm_mask);
	case ELF_CAP_CONST:
	case ELF_CAP_OBJECT:
		break;
	}
	uint32_t perms = r->kind == ELF_CAP_CONST ? ELF_PERMS_CONST : ELF_PERMS_OBJECT;
	c = cap_build_rounded_from_root(&a->data, base + r->base, r->length, perms & a->perm_mask);
	(void)cap_set_addr(&t, &c, base + r->base + r->offset, CAP_V9);
	return t;
}

int elf_derive_caps(const struct elf_image *img, uint64_t base, const struct elf_authority *auth,
		    struct cap *out, struct elf_error *err)
{
	for (size_t i = 0; i < img->ncaps; i++) {
		out[i] = derive_one(img, base, auth, &img->caps[i]);
		if (!out[i].tag) {
			err->code = ELF_E_CAP_DERIVE;
			snprintf(err->detail, sizeof err->detail,
				 "entry %zu: base 0x%llx length %llu (its bounds, rounded as CSetBounds rounds, leave the cVM)",
				 i, (unsigned long long)img->caps[i].base, (unsigned long long)img->caps[i].length);
			return -1;
		}
	}
	return 0;
}

/* Largest span of capability locations backed ahead in one call (elf_relocate): beyond it the
 * shadow pages between far-apart capabilities would be backed for nothing. */
#define ELF_POPULATE_CAPS_MAX (64u << 10)

/* Back the pages the segments' file bytes go to before copying them (mem_populate: one call
 * per run of adjacent pages instead of a fault per page; BSS pages stay untouched). */
static void populate_segments(struct mem *m, uint64_t base, const struct elf_image *img)
{
	uint64_t lo = 0, hi = 0, mask = MEM_PAGE_SIZE - 1;
	for (unsigned k = 0; k <= img->nseg; k++) {
		const struct elf_segment *s = k < img->nseg ? &img->seg[k] : NULL;
		uint64_t a = s ? (s->vaddr & ~mask) : 0, b = s ? ((s->vaddr + s->filesz + mask) & ~mask) : 0;
		if (s && s->filesz == 0)
			continue;
		if (s && hi > lo && a <= hi && b >= lo) {
			lo = a < lo ? a : lo;
			hi = b > hi ? b : hi;
			continue;
		}
		if (hi > lo)
			mem_populate(m, base + lo, hi - lo, MEM_POPULATE_DATA);
		lo = a, hi = b;
	}
}

/* [lo, hi) lies in the pages of one segment's file bytes: populate_segments backed them */
static bool in_file_pages(const struct elf_image *img, uint64_t lo, uint64_t hi)
{
	uint64_t mask = MEM_PAGE_SIZE - 1;
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		if (s->filesz && lo >= (s->vaddr & ~mask) && hi <= ((s->vaddr + s->filesz + mask) & ~mask))
			return true;
	}
	return false;
}

void elf_load(struct mem *m, uint64_t base, const struct elf_image *img)
{
	ELF_CHECK(mem_is_mapped(m, base, elf_map_extent(img)));
	populate_segments(m, base, img);
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		/* BSS (memsz - filesz) and the gaps are the zero of the fresh mapping. */
		ELF_CHECK(mem_write(m, base + s->vaddr, img->bytes + s->offset, s->filesz) == MEM_OK);
	}
}

static void sha256_of(const void *p, uint64_t n, uint8_t out[32])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

void elf_sha256(const struct mem *m, uint64_t base, const struct elf_image *img, uint8_t out[32])
{
	ELF_CHECK(mem_is_mapped(m, base, elf_map_extent(img)));
	sha256_of(mem_host(m, base), img->map_size, out);
}

/* The segments' file ranges [vaddr, vaddr + filesz) in ascending, disjoint order: then the
 * bytes elf_load leaves are a stream (zeros, segment bytes, zeros, ...) that can be hashed
 * without building them. */
static bool segments_stream(const struct elf_image *img)
{
	uint64_t at = 0;
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		if (s->filesz == 0)
			continue;
		if (s->vaddr < at || s->vaddr > img->map_size || s->filesz > img->map_size - s->vaddr)
			return false;
		at = s->vaddr + s->filesz;
	}
	return true;
}

static void digest_zeros(struct sha256_ctx *ctx, uint64_t n)
{
	static const uint8_t zeros[4096];
	for (; n; ) {
		uint64_t k = n < sizeof zeros ? n : sizeof zeros;
		sha256_update(ctx, k, zeros);
		n -= k;
	}
}

/* One pass over the file's bytes, no copy: a flat buffer of MAP SIZE bytes would cost a fresh
 * allocation (its page faults) per image. */
static void sha256_stream(const struct elf_image *img, uint8_t out[32])
{
	struct sha256_ctx ctx;
	uint64_t at = 0;
	sha256_init(&ctx);
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		if (s->filesz == 0)
			continue;
		digest_zeros(&ctx, s->vaddr - at);
		sha256_update(&ctx, s->filesz, img->bytes + s->offset);
		at = s->vaddr + s->filesz;
	}
	digest_zeros(&ctx, img->map_size - at);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

int elf_sha256_image(const struct elf_image *img, uint8_t out[32])
{
	if (segments_stream(img)) {
		sha256_stream(img, out);
		return 0;
	}
	/* overlapping segments: the bytes elf_load leaves in a fresh mapping, each segment's file
	 * bytes at its vaddr, in segment order as elf_load writes them, zero elsewhere */
	uint8_t *flat = calloc(img->map_size ? img->map_size : 1, 1);
	if (!flat)
		return -1;
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		ELF_CHECK(s->vaddr <= img->map_size && s->filesz <= img->map_size - s->vaddr);
		memcpy(flat + s->vaddr, img->bytes + s->offset, s->filesz);
	}
	sha256_of(flat, img->map_size, out);
	free(flat);
	return 0;
}

void elf_relocate(struct mem *m, uint64_t base, const struct elf_image *img, const struct cap *caps)
{
	for (size_t i = 0; i < img->nrelocs; i++) {
		const struct elf_reloc *r = &img->relocs[i];
		ELF_CHECK(mem_store64(m, base + r->offset, r->absolute ? r->value : base + r->value) == MEM_OK);
	}
	uint64_t lo = UINT64_MAX, hi = 0;
	for (size_t i = 0; i < img->ncaps; i++) {
		lo = img->caps[i].location < lo ? img->caps[i].location : lo;
		hi = img->caps[i].location + 16 > hi ? img->caps[i].location + 16 : hi;
	}
	if (hi > lo && hi - lo <= ELF_POPULATE_CAPS_MAX) /* the shadow, tag and lock pages written below,
							 * and the data pages unless elf_load backed them */
		mem_populate(m, base + lo, hi - lo,
			     MEM_POPULATE_CAPS | (in_file_pages(img, lo, hi) ? 0 : MEM_POPULATE_DATA));
	for (size_t i = 0; i < img->ncaps; i++) {
		const struct cap *c = &caps[i];
		ELF_CHECK(c->tag);
		ELF_CHECK(mem_store_cap(m, NULL, base + img->caps[i].location, c->addr, cap_to_mem_pesbt(c),
					c->tag) == MEM_OK);
	}
}
