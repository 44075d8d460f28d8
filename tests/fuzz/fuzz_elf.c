/* fuzz_elf.c - libFuzzer harness for the ELF loader incl. capability relocations
 * (src/loader/elf.h).
 *
 * Input: the bytes of an ELF file. The harness runs the loader as deploy does: elf_parse with
 * a small room, elf_derive_caps from a cVM-like authority (code and data capabilities over one
 * slot, both derived from cap_root() with cap_build_from_root), then, if both succeed, maps
 * [base, base + elf_map_extent) fresh in a struct mem and runs elf_load, elf_sha256 and
 * elf_relocate. The mapping is removed again after each input.
 *
 * Invariants (beyond ASan/UBSan/LeakSanitizer and the loader's own CHECKs):
 *   - parse failure: an error code other than ELF_OK, the image holds no arrays;
 *   - parse success: segments sorted, inside the room, filesz <= memsz, inside the file;
 *     entry in an executable segment; every relocation inside the image;
 *   - every derived capability is tagged and a subset of its authority (code for functions,
 *     data otherwise) and lies in the slot;
 *   - after relocation, every tagged granule of the image is a capability that lies in the
 *     slot with permissions the authority holds, and every capability relocation location holds
 *     exactly the derived capability;
 *   - the image's file bytes were copied (outside relocated words).
 */
#include <stdint.h>

#include "cap/cap.h"
#include "fuzz_check.h"
#include "loader/elf.h"
#include "mem/mem.h"

/* A 16 MiB slot at 16 MiB; images get a 2 MiB room (deploy gives ~1 GiB: the checks do not
 * depend on the size, and a small room keeps the hashing and mapping cheap). */
#define SLOT_BASE  0x1000000ULL
#define SLOT_SIZE  0x1000000ULL
#define ROOM       0x200000ULL
#define CAP_STORE  (SLOT_BASE + 0x800000ULL)
#define MEM_SIZE   (SLOT_BASE + SLOT_SIZE + 0x1000000ULL)

#define CODE_PERMS (CAP_PERM_GLOBAL | CAP_PERM_EXECUTE | CAP_PERM_LOAD | CAP_PERM_LOAD_CAP | CAP_PERM_SW0)
#define DATA_PERMS (CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_LOAD_CAP | CAP_PERM_STORE_CAP | \
		    CAP_PERM_STORE_LOCAL_CAP | CAP_PERM_CINVOKE | CAP_PERM_SW0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Made once: the address space and the authority (the harness's only state). */
static struct mem *fuzz_mem;
static struct elf_authority fuzz_auth[2];   /* [0]: as deploy; [1]: clean_room (no SW0) */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_mem = mem_new(MEM_SIZE);
	FUZZ_CHECK(fuzz_mem != NULL);
	struct cap root = cap_root();
	for (int k = 0; k < 2; k++) {
		uint32_t mask = k ? ~CAP_PERM_SW0 : ~0u;
		struct cap code = cap_build_from_root(&root, SLOT_BASE, SLOT_SIZE, CODE_PERMS & mask);
		FUZZ_CHECK(code.tag && cap_set_flags(&fuzz_auth[k].code, &code, 1, CAP_V9) == 0);
		fuzz_auth[k].data = cap_build_from_root(&root, SLOT_BASE, SLOT_SIZE, DATA_PERMS & mask);
		fuzz_auth[k].cap_store = CAP_STORE;
		fuzz_auth[k].perm_mask = mask;
		FUZZ_CHECK(fuzz_auth[k].code.tag && fuzz_auth[k].data.tag);
	}
	return 0;
}

static void check_parsed(const struct elf_image *img, const uint8_t *data, size_t size)
{
	FUZZ_CHECK(img->nseg >= 1 && img->nseg <= ELF_MAX_SEGMENTS);
	FUZZ_CHECK(img->map_size > 0 && img->map_size <= ROOM && elf_map_extent(img) <= ROOM);
	FUZZ_CHECK(img->bytes == data && img->len == size);
	bool entry_ok = false;
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		FUZZ_CHECK(s->filesz <= s->memsz && s->offset <= size && s->filesz <= size - s->offset);
		FUZZ_CHECK(s->vaddr <= img->map_size && s->memsz <= img->map_size - s->vaddr);
		if (k)
			FUZZ_CHECK(s->vaddr >= img->seg[k - 1].vaddr + img->seg[k - 1].memsz);
		entry_ok |= (s->flags & 1 /* PF_X */) && img->entry >= s->vaddr && img->entry - s->vaddr < s->filesz;
	}
	FUZZ_CHECK(entry_ok);
	FUZZ_CHECK(img->first_writable < (int)img->nseg);
	for (size_t i = 0; i < img->nrelocs; i++)
		FUZZ_CHECK(img->relocs[i].offset <= img->map_size - 8 && img->map_size >= 8);
	for (size_t i = 0; i < img->ncaps; i++) {
		const struct elf_cap_reloc *r = &img->caps[i];
		FUZZ_CHECK(r->location % 16 == 0 && img->map_size >= 16 && r->location <= img->map_size - 16);
	}
	const struct elf_sym *syms[] = { &img->ret_from_monitor, &img->syscall_handler, &img->cvm_heap_begin,
					 &img->cvm_heap_size };
	for (unsigned k = 0; k < 4; k++)
		if (syms[k]->found)
			FUZZ_CHECK(syms[k]->value <= img->map_size && syms[k]->size <= img->map_size - syms[k]->value);
}

/* A tagged capability the image may hold: inside the slot, permissions the authority has. */
static void check_cap_in_slot(const struct cap *c, const struct elf_authority *a)
{
	FUZZ_CHECK(c->tag);
	FUZZ_CHECK(c->base >= SLOT_BASE && c->top <= (cap_u128)SLOT_BASE + SLOT_SIZE);
	uint32_t allowed = cap_perms(&a->code) | cap_perms(&a->data);
	FUZZ_CHECK((cap_perms(c) & ~allowed) == 0);
	FUZZ_CHECK(cap_test_subset(&a->code, c) || cap_test_subset(&a->data, c));
}

static void check_derived(const struct elf_image *img, const struct elf_authority *a, const struct cap *caps)
{
	for (size_t i = 0; i < img->ncaps; i++) {
		const struct cap *c = &caps[i];
		check_cap_in_slot(c, a);
		if (img->caps[i].kind == ELF_CAP_FUNC) {
			FUZZ_CHECK(cap_test_subset(&a->code, c) && cap_is_sentry(c));
			FUZZ_CHECK(!cap_has_perm(c, CAP_PERM_STORE));
		} else {
			FUZZ_CHECK(cap_test_subset(&a->data, c) && !cap_is_sealed(c));
			FUZZ_CHECK(!cap_has_perm(c, CAP_PERM_EXECUTE));
		}
		if (img->caps[i].kind == ELF_CAP_CONST)
			FUZZ_CHECK(!cap_has_perm(c, CAP_PERM_STORE) && !cap_has_perm(c, CAP_PERM_STORE_CAP));
		if (img->caps[i].kind == ELF_CAP_CONST || img->caps[i].kind == ELF_CAP_OBJECT) {
			/* rounded as CSetBounds rounds: never narrower than asked (intravisor.md 10) */
			const struct elf_cap_reloc *r = &img->caps[i];
			FUZZ_CHECK(c->base <= SLOT_BASE + r->base && c->top >= (cap_u128)SLOT_BASE + r->base + r->length);
			FUZZ_CHECK(c->addr == SLOT_BASE + r->base + r->offset);
		}
		if (img->caps[i].kind == ELF_CAP_STORE)
			FUZZ_CHECK(c->base == a->cap_store && c->top == (cap_u128)a->cap_store + MEM_PAGE_SIZE);
	}
}

static void check_loaded(const struct elf_image *img, const struct elf_authority *a, const struct cap *caps)
{
	struct mem *m = fuzz_mem;
	uint64_t extent = elf_map_extent(img);
	/* every tagged granule: a capability in the slot; the last relocation at a location wins */
	for (uint64_t off = 0; off < extent; off += MEM_GRANULE) {
		uint64_t lo, hi;
		bool tag;
		FUZZ_CHECK(mem_load_cap(m, SLOT_BASE + off, &lo, &hi, &tag) == MEM_OK);
		if (!tag)
			continue;
		struct cap c = cap_from_mem(hi, lo, tag);
		check_cap_in_slot(&c, a);
		size_t last = img->ncaps;
		for (size_t i = 0; i < img->ncaps; i++)
			if (img->caps[i].location == off)
				last = i;
		FUZZ_CHECK(last < img->ncaps);
		FUZZ_CHECK(lo == caps[last].addr && hi == cap_to_mem_pesbt(&caps[last]));
	}
	/* file bytes copied, except the 8-byte words that integer relocations rewrote and the
	 * granules that capability relocations rewrote */
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		const uint8_t *host = mem_host(m, SLOT_BASE + s->vaddr), *file = img->bytes + s->offset;
		for (uint64_t j = 0; j < s->filesz; j++) {
			if (host[j] == file[j])
				continue;
			uint64_t at = s->vaddr + j;
			bool rewritten = false;
			for (size_t i = 0; i < img->nrelocs && !rewritten; i++)
				rewritten = at >= img->relocs[i].offset && at - img->relocs[i].offset < 8;
			for (size_t i = 0; i < img->ncaps && !rewritten; i++)
				rewritten = at >= img->caps[i].location && at - img->caps[i].location < 16;
			/* a later segment may overwrite nothing (no overlap), so this is a real difference */
			FUZZ_CHECK(rewritten);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	struct elf_error err;
	if (elf_parse(data, size, ROOM, &img, &err)) {
		FUZZ_CHECK(err.code != ELF_OK && err.code < ELF_E_COUNT);
		FUZZ_CHECK(!img.caps && !img.relocs && !img.ncaps && !img.nrelocs);
		FUZZ_CHECK(memchr(err.detail, 0, sizeof err.detail) != NULL);
		return 0;
	}
	check_parsed(&img, data, size);
	/* the last byte chooses the clean_room authority, so both are covered */
	const struct elf_authority *a = &fuzz_auth[size && (data[size - 1] & 1)];
	struct cap *caps = calloc(img.ncaps ? img.ncaps : 1, sizeof *caps);
	FUZZ_CHECK(caps != NULL);
	if (elf_derive_caps(&img, SLOT_BASE, a, caps, &err) == 0) {
		check_derived(&img, a, caps);
		uint64_t extent = elf_map_extent(&img);
		FUZZ_CHECK(mem_map(fuzz_mem, SLOT_BASE, extent) == MEM_OK);
		elf_load(fuzz_mem, SLOT_BASE, &img);
		uint8_t sha[32];
		elf_sha256(fuzz_mem, SLOT_BASE, &img, sha);
		elf_relocate(fuzz_mem, SLOT_BASE, &img, caps);
		check_loaded(&img, a, caps);
		FUZZ_CHECK(mem_unmap(fuzz_mem, SLOT_BASE, extent) == MEM_OK);
	} else {
		FUZZ_CHECK(err.code == ELF_E_CAP_DERIVE);
	}
	free(caps);
	elf_image_free(&img);
	return 0;
}
