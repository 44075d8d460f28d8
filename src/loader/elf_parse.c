/* elf_parse.c - decode and check an ELF64 RISC-V shared object (no side effects, STYLE 9).
 *
 * Everything read from the file is bounds-checked with overflow-safe comparisons before use;
 * headers are copied out with memcpy (the file buffer has no alignment guarantee). The host is
 * little-endian, like the only data encoding we accept.
 */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/elf.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ELF fields are read in host order");
_Static_assert(sizeof(Elf64_Ehdr) == 64 && sizeof(Elf64_Phdr) == 56 && sizeof(Elf64_Shdr) == 64 &&
	       sizeof(Elf64_Sym) == 24 && sizeof(Elf64_Rela) == 24, "ELF64 layout");

#define ELF_MAX_PHNUM 256
#define ELF_MAX_RELA_SECTIONS 8

static const char *const elf_messages[ELF_E_COUNT] = {
#define ELF_ERR_MSG(name, msg) [name] = msg,
	ELF_ERRORS(ELF_ERR_MSG)
#undef ELF_ERR_MSG
};

const char *elf_strerror(enum elf_err code)
{
	return (unsigned)code < ELF_E_COUNT ? elf_messages[code] : "unknown ELF error";
}

__attribute__((format(printf, 3, 4)))
static int fail(struct elf_error *err, enum elf_err code, const char *fmt, ...)
{
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof err->detail, fmt, ap);
	va_end(ap);
	return -1;
}

/* [off, off+size) inside [0, len), without overflow */
static bool in_range(uint64_t off, uint64_t size, uint64_t len)
{
	return off <= len && size <= len - off;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* A string table: a section whose bytes are in the file and end with NUL. */
struct strtab {
	const char *s;
	uint64_t size;
};

/* A symbol table with its string table. */
struct symtab {
	const uint8_t *p;
	uint64_t n;
	struct strtab str;
	unsigned shndx;
};

struct parse {
	const uint8_t *b;
	uint64_t len, max_size;
	Elf64_Ehdr eh;
	struct elf_image *img;
	struct elf_error *err;
	struct strtab shstr;
	struct symtab symtab, dynsym;    /* n == 0: absent */
	unsigned rela[ELF_MAX_RELA_SECTIONS];
	unsigned nrela;
	int cap_relocs_shndx;            /* -1: none */
	bool hybrid;                     /* elf_parse_hybrid */
	bool allow_exec;                 /* elf_parse_options.allow_exec */
	bool entry_in_code;              /* e_entry lies in an executable segment's file bytes */
};

static Elf64_Shdr shdr(const struct parse *P, unsigned i)
{
	Elf64_Shdr sh;
	memcpy(&sh, P->b + P->eh.e_shoff + (uint64_t)i * sizeof sh, sizeof sh);
	return sh;
}

static Elf64_Sym sym_at(const struct symtab *t, uint64_t i)
{
	Elf64_Sym s;
	memcpy(&s, t->p + i * sizeof s, sizeof s);
	return s;
}

static int check_header(struct parse *P)
{
	struct elf_error *err = P->err;
	if (P->len < sizeof(Elf64_Ehdr))
		return fail(err, ELF_E_SHORT, "%llu bytes, an ELF64 header needs 64",
			    (unsigned long long)P->len);
	memcpy(&P->eh, P->b, sizeof P->eh);
	const Elf64_Ehdr *e = &P->eh;
	if (memcmp(e->e_ident, ELFMAG, SELFMAG) != 0)
		return fail(err, ELF_E_MAGIC, "first bytes %02x %02x %02x %02x", e->e_ident[0],
			    e->e_ident[1], e->e_ident[2], e->e_ident[3]);
	if (e->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(err, ELF_E_CLASS, "EI_CLASS = %u", e->e_ident[EI_CLASS]);
	if (e->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, ELF_E_DATA, "EI_DATA = %u", e->e_ident[EI_DATA]);
	if (e->e_ident[EI_VERSION] != EV_CURRENT || e->e_version != EV_CURRENT)
		return fail(err, ELF_E_VERSION, "EI_VERSION = %u, e_version = %u",
			    e->e_ident[EI_VERSION], e->e_version);
	if ((P->hybrid || P->allow_exec) ? e->e_type != ET_DYN && e->e_type != ET_EXEC : e->e_type != ET_DYN)
		return fail(err, P->hybrid ? ELF_E_TYPE_HYBRID : ELF_E_TYPE, "e_type = %u (ET_DYN = 3%s)", e->e_type,
			    P->hybrid ? ", ET_EXEC = 2" : "");
	if (e->e_machine != EM_RISCV)
		return fail(err, ELF_E_MACHINE, "e_machine = %u (EM_RISCV = 243)", e->e_machine);
	if (e->e_ehsize < sizeof(Elf64_Ehdr) || e->e_phentsize != sizeof(Elf64_Phdr) ||
	    e->e_phnum == 0 || e->e_phnum > ELF_MAX_PHNUM ||
	    !in_range(e->e_phoff, (uint64_t)e->e_phnum * sizeof(Elf64_Phdr), P->len))
		return fail(err, ELF_E_PHDR, "e_phoff 0x%llx, e_phnum %u, e_phentsize %u, file size 0x%llx",
			    (unsigned long long)e->e_phoff, e->e_phnum, e->e_phentsize,
			    (unsigned long long)P->len);
	/* The section table is required: the monitor's symbols live in .symtab (not for hybrid
	 * images, which are never asked for a symbol). */
	if (P->hybrid)
		return 0;
	if (e->e_shnum == 0 || e->e_shnum >= SHN_LORESERVE || e->e_shentsize != sizeof(Elf64_Shdr) ||
	    !in_range(e->e_shoff, (uint64_t)e->e_shnum * sizeof(Elf64_Shdr), P->len) ||
	    e->e_shstrndx == SHN_UNDEF || e->e_shstrndx >= e->e_shnum)
		return fail(err, ELF_E_SHDR, "e_shoff 0x%llx, e_shnum %u, e_shentsize %u, e_shstrndx %u, file size 0x%llx",
			    (unsigned long long)e->e_shoff, e->e_shnum, e->e_shentsize, e->e_shstrndx,
			    (unsigned long long)P->len);
	return 0;
}

/* off lies in the file bytes of an executable segment */
static bool is_code(const struct elf_image *img, uint64_t off)
{
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		if ((s->flags & PF_X) && off >= s->vaddr && off - s->vaddr < s->filesz)
			return true;
	}
	return false;
}

/* The file offset of the n bytes at vaddr, if a PT_LOAD holds them in its file bytes, else -1. */
static int64_t file_offset(const struct elf_image *img, uint64_t vaddr, uint64_t n)
{
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		if (vaddr >= s->vaddr && vaddr - s->vaddr <= s->filesz && n <= s->filesz - (vaddr - s->vaddr))
			return (int64_t)(s->offset + (vaddr - s->vaddr));
	}
	return -1;
}

/* A pure-cap program with PT_INTERP (CHERI clang links a dynamic PIE unless told -static):
 * nothing for a dynamic loader to do when it needs no library, as the monitor applies its
 * relocations; a DT_NEEDED entry (the first one is named) is an error. 0, or -1 with err. */
static int check_interp(struct parse *P, int interp, int dynamic)
{
	Elf64_Phdr ih, dh;
	memcpy(&ih, P->b + P->eh.e_phoff + (uint64_t)interp * sizeof ih, sizeof ih);
	if (in_range(ih.p_offset, ih.p_filesz, P->len) && ih.p_filesz > 1 && P->b[ih.p_offset + ih.p_filesz - 1] == 0)
		P->img->interp = (const char *)P->b + ih.p_offset;
	else
		P->img->interp = "?";
	if (dynamic < 0)
		return 0;
	memcpy(&dh, P->b + P->eh.e_phoff + (uint64_t)dynamic * sizeof dh, sizeof dh);
	if (!in_range(dh.p_offset, dh.p_filesz, P->len))
		return fail(P->err, ELF_E_SEG_FILE, "PT_DYNAMIC [%d]: offset 0x%llx filesz 0x%llx, file size 0x%llx", dynamic,
			    (unsigned long long)dh.p_offset, (unsigned long long)dh.p_filesz, (unsigned long long)P->len);
	uint64_t needed = UINT64_MAX, strtab = 0, strsz = 0;
	for (uint64_t o = 0; o + sizeof(Elf64_Dyn) <= dh.p_filesz; o += sizeof(Elf64_Dyn)) {
		Elf64_Dyn d;
		memcpy(&d, P->b + dh.p_offset + o, sizeof d);
		if (d.d_tag == DT_NULL)
			break;
		if (d.d_tag == DT_NEEDED && needed == UINT64_MAX)
			needed = d.d_un.d_val;
		else if (d.d_tag == DT_STRTAB)
			strtab = d.d_un.d_ptr;
		else if (d.d_tag == DT_STRSZ)
			strsz = d.d_un.d_val;
	}
	if (needed == UINT64_MAX)
		return 0;
	int64_t at = needed < strsz ? file_offset(P->img, strtab, strsz) : -1;
	const char *name = at >= 0 && memchr(P->b + at + needed, 0, strsz - needed) ? (const char *)P->b + at + needed : "?";
	return fail(P->err, ELF_E_NEEDED, "DT_NEEDED '%.100s' (PT_INTERP '%.100s')", name, P->img->interp);
}

static int check_segments(struct parse *P)
{
	struct elf_image *img = P->img;
	struct elf_error *err = P->err;
	int interp = -1, dynamic = -1;
	for (unsigned i = 0; i < P->eh.e_phnum; i++) {
		Elf64_Phdr ph;
		memcpy(&ph, P->b + P->eh.e_phoff + (uint64_t)i * sizeof ph, sizeof ph);
		if (ph.p_type == PT_INTERP && P->hybrid)
			return fail(err, ELF_E_INTERP, "program header [%u]", i);
		if (ph.p_type == PT_INTERP)
			interp = (int)i;
		if (ph.p_type == PT_DYNAMIC)
			dynamic = (int)i;
		if (ph.p_type != PT_LOAD)
			continue;
		if (img->nseg == ELF_MAX_SEGMENTS)
			return fail(err, ELF_E_SEGMENTS, "more than %d", ELF_MAX_SEGMENTS);
		if (!in_range(ph.p_offset, ph.p_filesz, P->len))
			return fail(err, ELF_E_SEG_FILE, "segment [%u]: offset 0x%llx filesz 0x%llx, file size 0x%llx",
				    i, (unsigned long long)ph.p_offset, (unsigned long long)ph.p_filesz,
				    (unsigned long long)P->len);
		if (ph.p_filesz > ph.p_memsz)
			return fail(err, ELF_E_SEG_FILESZ, "segment [%u]: filesz 0x%llx > memsz 0x%llx", i,
				    (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_memsz);
		if (!in_range(ph.p_vaddr, ph.p_memsz, P->max_size))
			return fail(err, ELF_E_SEG_SLOT, "segment [%u]: vaddr 0x%llx memsz 0x%llx, room 0x%llx",
				    i, (unsigned long long)ph.p_vaddr, (unsigned long long)ph.p_memsz,
				    (unsigned long long)P->max_size);
		if (img->nseg > 0) {
			const struct elf_segment *prev = &img->seg[img->nseg - 1];
			if (ph.p_vaddr < prev->vaddr)
				return fail(err, ELF_E_SEG_ORDER, "segment [%u] at 0x%llx follows [%u] at 0x%llx",
					    i, (unsigned long long)ph.p_vaddr, prev->index,
					    (unsigned long long)prev->vaddr);
			if (ph.p_vaddr < prev->vaddr + prev->memsz)
				return fail(err, ELF_E_SEG_OVERLAP, "segment [%u] at 0x%llx starts inside [%u] [0x%llx, 0x%llx)",
					    i, (unsigned long long)ph.p_vaddr, prev->index,
					    (unsigned long long)prev->vaddr,
					    (unsigned long long)(prev->vaddr + prev->memsz));
		}
		if ((ph.p_flags & PF_W) && img->first_writable < 0)
			img->first_writable = (int)img->nseg;
		img->seg[img->nseg++] = (struct elf_segment){
			.index = i, .offset = ph.p_offset, .vaddr = ph.p_vaddr,
			.filesz = ph.p_filesz, .memsz = ph.p_memsz, .flags = ph.p_flags,
		};
	}
	if (img->nseg == 0)
		return fail(err, ELF_E_NO_LOAD, "%u program headers, none PT_LOAD", P->eh.e_phnum);
	if (interp >= 0 && check_interp(P, interp, dynamic))
		return -1;
	const struct elf_segment *last = &img->seg[img->nseg - 1];
	img->map_size = last->vaddr + last->memsz;
	if (img->map_size == 0)
		return fail(err, ELF_E_NO_LOAD, "every PT_LOAD segment is empty");
	img->entry = img->e_entry = P->eh.e_entry;
	img->entry_from = "e_entry";
	P->entry_in_code = is_code(img, img->entry);
	/* a hybrid image starts at e_entry; a pure-cap one may start at `main` (choose_entry) */
	if (P->hybrid && !P->entry_in_code)
		return fail(err, ELF_E_ENTRY, "e_entry 0x%llx", (unsigned long long)img->entry);
	return 0;
}

/* Section i must be a NUL-terminated string table inside the file. */
static int get_strtab(struct parse *P, unsigned i, struct strtab *out, const char *what)
{
	Elf64_Shdr sh = shdr(P, i);
	if (sh.sh_type != SHT_STRTAB || sh.sh_size == 0 || !in_range(sh.sh_offset, sh.sh_size, P->len) ||
	    P->b[sh.sh_offset + sh.sh_size - 1] != 0)
		return fail(P->err, ELF_E_STRTAB, "%s (section %u): type %u offset 0x%llx size 0x%llx", what, i,
			    sh.sh_type, (unsigned long long)sh.sh_offset, (unsigned long long)sh.sh_size);
	out->s = (const char *)P->b + sh.sh_offset;
	out->size = sh.sh_size;
	return 0;
}

static int get_symtab(struct parse *P, unsigned i, const Elf64_Shdr *sh, struct symtab *t)
{
	const char *what = sh->sh_type == SHT_SYMTAB ? ".symtab" : ".dynsym";
	if (t->n)
		return fail(P->err, ELF_E_SYMTAB, "two %s sections (%u and %u)", what, t->shndx, i);
	if (sh->sh_entsize != sizeof(Elf64_Sym) || sh->sh_size % sizeof(Elf64_Sym) != 0 ||
	    sh->sh_size == 0 || sh->sh_link >= P->eh.e_shnum)
		return fail(P->err, ELF_E_SYMTAB, "%s (section %u): entsize %llu size 0x%llx link %u", what, i,
			    (unsigned long long)sh->sh_entsize, (unsigned long long)sh->sh_size, sh->sh_link);
	if (get_strtab(P, sh->sh_link, &t->str, "symbol names"))
		return -1;
	t->p = P->b + sh->sh_offset;
	t->n = sh->sh_size / sizeof(Elf64_Sym);
	t->shndx = i;
	for (uint64_t k = 0; k < t->n; k++) {
		Elf64_Sym s = sym_at(t, k);
		if (s.st_name >= t->str.size)
			return fail(P->err, ELF_E_SYMTAB, "%s symbol %llu: name offset 0x%x past the string table (0x%llx)",
				    what, (unsigned long long)k, s.st_name, (unsigned long long)t->str.size);
	}
	return 0;
}

static int check_sections(struct parse *P)
{
	struct elf_error *err = P->err;
	if (get_strtab(P, P->eh.e_shstrndx, &P->shstr, "section names"))
		return -1;
	P->cap_relocs_shndx = -1;
	for (unsigned i = 0; i < P->eh.e_shnum; i++) {
		Elf64_Shdr sh = shdr(P, i);
		if (sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL && !in_range(sh.sh_offset, sh.sh_size, P->len))
			return fail(err, ELF_E_SECTION, "section %u: offset 0x%llx size 0x%llx, file size 0x%llx", i,
				    (unsigned long long)sh.sh_offset, (unsigned long long)sh.sh_size,
				    (unsigned long long)P->len);
		if (sh.sh_name >= P->shstr.size)
			return fail(err, ELF_E_STRTAB, "section %u: name offset 0x%x past the section names (0x%llx)",
				    i, sh.sh_name, (unsigned long long)P->shstr.size);
		const char *name = P->shstr.s + sh.sh_name;
		if (strcmp(name, "__cap_relocs") == 0) {
			/* SHT_NULL too: its range was not checked above */
			if (sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL || sh.sh_size % ELF_CAP_RELOC_SIZE != 0 ||
			    P->cap_relocs_shndx >= 0)
				return fail(err, ELF_E_CAPRELOCS, "section %u: type %u size 0x%llx (entries are 40 bytes)",
					    i, sh.sh_type, (unsigned long long)sh.sh_size);
			P->cap_relocs_shndx = (int)i;
		} else if (sh.sh_type == SHT_SYMTAB) {
			if (get_symtab(P, i, &sh, &P->symtab))
				return -1;
		} else if (sh.sh_type == SHT_DYNSYM) {
			if (get_symtab(P, i, &sh, &P->dynsym))
				return -1;
		} else if (sh.sh_type == SHT_REL && (sh.sh_flags & SHF_ALLOC)) {
			return fail(err, ELF_E_RELA, "section %u (%s): SHT_REL is not used on RISC-V", i, name);
		} else if (sh.sh_type == SHT_RELA && (sh.sh_flags & SHF_ALLOC) && sh.sh_size > 0) {
			if (sh.sh_entsize != sizeof(Elf64_Rela) || sh.sh_size % sizeof(Elf64_Rela) != 0 ||
			    P->nrela == ELF_MAX_RELA_SECTIONS)
				return fail(err, ELF_E_RELA, "section %u (%s): entsize %llu size 0x%llx", i, name,
					    (unsigned long long)sh.sh_entsize, (unsigned long long)sh.sh_size);
			P->rela[P->nrela++] = i;
		}
	}
	return 0;
}

/* Find a defined symbol by name: .symtab first (as the reference), then .dynsym. */
static int find_symbol(struct parse *P, const char *name, struct elf_sym *out)
{
	const struct symtab *tabs[2] = { &P->symtab, &P->dynsym };
	*out = (struct elf_sym){ 0 };
	for (int t = 0; t < 2 && !out->found; t++) {
		for (uint64_t k = 1; k < tabs[t]->n; k++) {
			Elf64_Sym s = sym_at(tabs[t], k);
			if (s.st_shndx == SHN_UNDEF || strcmp(tabs[t]->str.s + s.st_name, name) != 0)
				continue;
			if (s.st_shndx == SHN_ABS || !in_range(s.st_value, s.st_size, P->img->map_size))
				return fail(P->err, ELF_E_SYMBOL, "'%s' = 0x%llx size 0x%llx, image size 0x%llx", name,
					    (unsigned long long)s.st_value, (unsigned long long)s.st_size,
					    (unsigned long long)P->img->map_size);
			*out = (struct elf_sym){ .found = true, .value = s.st_value, .size = s.st_size };
			break;
		}
	}
	return 0;
}

static const struct elf_segment *segment_of(const struct elf_image *img, uint64_t off)
{
	for (unsigned k = 0; k < img->nseg; k++)
		if (off >= img->seg[k].vaddr && off - img->seg[k].vaddr < img->seg[k].memsz)
			return &img->seg[k];
	return NULL;
}

/* Checks shared by both sources of capability relocations. */
static int check_cap_reloc(struct parse *P, const char *src, uint64_t i, const struct elf_cap_reloc *c)
{
	const struct elf_image *img = P->img;
	if (c->location % 16 != 0 || !in_range(c->location, 16, img->map_size))
		return fail(P->err, ELF_E_CAPRELOC_LOCATION, "%s entry %llu: location 0x%llx, image size 0x%llx", src,
			    (unsigned long long)i, (unsigned long long)c->location,
			    (unsigned long long)img->map_size);
	if (c->kind == ELF_CAP_STORE)
		return 0; /* bounded to the cap store, not to the object: its target is not used */
	if (c->length > img->map_size)
		return fail(P->err, ELF_E_CAPRELOC_LENGTH, "%s entry %llu: length %llu, image size 0x%llx", src,
			    (unsigned long long)i, (unsigned long long)c->length,
			    (unsigned long long)img->map_size);
	if (!in_range(c->base, c->length, img->map_size) || c->offset > c->length)
		return fail(P->err, ELF_E_CAPRELOC_TARGET, "%s entry %llu: base 0x%llx length %llu offset %llu, image size 0x%llx",
			    src, (unsigned long long)i, (unsigned long long)c->base, (unsigned long long)c->length,
			    (unsigned long long)c->offset, (unsigned long long)img->map_size);
	if (c->kind == ELF_CAP_FUNC) {
		const struct elf_segment *s = segment_of(img, c->base + c->offset);
		if (!s || !(s->flags & PF_X))
			return fail(P->err, ELF_E_CAPRELOC_TARGET, "%s entry %llu: function 0x%llx is not in an executable segment",
				    src, (unsigned long long)i, (unsigned long long)(c->base + c->offset));
	}
	return 0;
}

static enum elf_cap_kind kind_of(uint64_t perms, uint64_t length)
{
	if (perms == ELF_CAP_FUNCTION)
		return ELF_CAP_FUNC;
	if (length == ELF_CAP_STORE_LENGTH)
		return ELF_CAP_STORE;
	return perms == ELF_CAP_READONLY ? ELF_CAP_CONST : ELF_CAP_OBJECT;
}

static int decode_cap_relocs(struct parse *P, size_t *n)
{
	if (P->cap_relocs_shndx < 0)
		return 0;
	Elf64_Shdr sh = shdr(P, (unsigned)P->cap_relocs_shndx);
	const uint8_t *p = P->b + sh.sh_offset;
	size_t count = sh.sh_size / ELF_CAP_RELOC_SIZE;
	for (size_t i = 0; i < count; i++, p += ELF_CAP_RELOC_SIZE) {
		struct elf_cap_reloc c = {
			.location = rd64(p), .base = rd64(p + 8), .offset = rd64(p + 16),
			.length = rd64(p + 24), .perms = rd64(p + 32),
		};
		if (c.perms != 0 && c.perms != ELF_CAP_FUNCTION && c.perms != ELF_CAP_READONLY)
			return fail(P->err, ELF_E_CAPRELOC_PERMS, "__cap_relocs entry %zu: permissions 0x%llx", i,
				    (unsigned long long)c.perms);
		c.kind = kind_of(c.perms, c.length);
		if (check_cap_reloc(P, "__cap_relocs", i, &c))
			return -1;
		P->img->caps[(*n)++] = c;
	}
	return 0;
}

static int decode_rela(struct parse *P, size_t *ncap)
{
	struct elf_image *img = P->img;
	for (unsigned r = 0; r < P->nrela; r++) {
		Elf64_Shdr sh = shdr(P, P->rela[r]);
		const struct symtab *tab = sh.sh_link == P->dynsym.shndx && P->dynsym.n ? &P->dynsym
					 : sh.sh_link == P->symtab.shndx && P->symtab.n ? &P->symtab : NULL;
		uint64_t count = sh.sh_size / sizeof(Elf64_Rela);
		for (uint64_t i = 0; i < count; i++) {
			Elf64_Rela ra;
			memcpy(&ra, P->b + sh.sh_offset + i * sizeof ra, sizeof ra);
			uint32_t type = (uint32_t)ELF64_R_TYPE(ra.r_info), si = (uint32_t)ELF64_R_SYM(ra.r_info);
			if (type == R_RISCV_NONE)
				continue;
			if (type != R_RISCV_RELATIVE && type != R_RISCV_64 && type != R_RISCV_JUMP_SLOT &&
			    type != ELF_R_RISCV_CHERI_CAPABILITY)
				return fail(P->err, ELF_E_RELA_TYPE, "section %u entry %llu: type %u", P->rela[r],
					    (unsigned long long)i, type);
			Elf64_Sym s = { 0 };
			if (type != R_RISCV_RELATIVE) {
				if (si == 0 || !tab || si >= tab->n)
					return fail(P->err, ELF_E_RELA_SYMBOL, "section %u entry %llu: symbol %u", P->rela[r],
						    (unsigned long long)i, si);
				s = sym_at(tab, si);
				bool weak_undef = s.st_shndx == SHN_UNDEF && ELF64_ST_BIND(s.st_info) == STB_WEAK;
				if ((s.st_shndx == SHN_UNDEF && !(weak_undef && type != ELF_R_RISCV_CHERI_CAPABILITY)) ||
				    (s.st_shndx != SHN_UNDEF && (s.st_shndx == SHN_ABS ||
								 !in_range(s.st_value, s.st_size, img->map_size))))
					return fail(P->err, ELF_E_RELA_SYMBOL, "section %u entry %llu: symbol '%s' is %s",
						    P->rela[r], (unsigned long long)i, tab->str.s + s.st_name,
						    s.st_shndx == SHN_UNDEF ? "undefined (no dynamic linking)" : "outside the image");
			}
			if (type == ELF_R_RISCV_CHERI_CAPABILITY) {
				const struct elf_segment *seg = segment_of(img, s.st_value);
				struct elf_cap_reloc c = {
					.location = ra.r_offset, .base = s.st_value, .offset = (uint64_t)ra.r_addend,
					.length = s.st_size,
				};
				if (ELF64_ST_TYPE(s.st_info) == STT_FUNC)
					c.perms = ELF_CAP_FUNCTION;
				else if (seg && !(seg->flags & PF_W))
					c.perms = ELF_CAP_READONLY;
				c.kind = kind_of(c.perms, c.length);
				if (check_cap_reloc(P, "R_RISCV_CHERI_CAPABILITY", i, &c))
					return -1;
				img->caps[(*ncap)++] = c;
				continue;
			}
			if (!in_range(ra.r_offset, 8, img->map_size))
				return fail(P->err, ELF_E_RELA_OFFSET, "section %u entry %llu: offset 0x%llx, image size 0x%llx",
					    P->rela[r], (unsigned long long)i, (unsigned long long)ra.r_offset,
					    (unsigned long long)img->map_size);
			struct elf_reloc out = { .offset = ra.r_offset };
			if (type == R_RISCV_RELATIVE)
				out.value = (uint64_t)ra.r_addend;
			else if (s.st_shndx == SHN_UNDEF) /* weak undefined: 0 (+ addend for _64) */
				out = (struct elf_reloc){ ra.r_offset, type == R_RISCV_64 ? (uint64_t)ra.r_addend : 0, true };
			else
				out.value = s.st_value + (type == R_RISCV_64 ? (uint64_t)ra.r_addend : 0);
			img->relocs[img->nrelocs++] = out;
		}
	}
	return 0;
}

/* Count entries to size the two arrays. */
static void count_relocs(struct parse *P, size_t *ncap, size_t *nrel)
{
	*ncap = 0;
	*nrel = 0;
	if (P->cap_relocs_shndx >= 0)
		*ncap = shdr(P, (unsigned)P->cap_relocs_shndx).sh_size / ELF_CAP_RELOC_SIZE;
	for (unsigned r = 0; r < P->nrela; r++) {
		Elf64_Shdr sh = shdr(P, P->rela[r]);
		uint64_t count = sh.sh_size / sizeof(Elf64_Rela);
		for (uint64_t i = 0; i < count; i++) {
			Elf64_Rela ra;
			memcpy(&ra, P->b + sh.sh_offset + i * sizeof ra, sizeof ra);
			if (ELF64_R_TYPE(ra.r_info) == ELF_R_RISCV_CHERI_CAPABILITY)
				(*ncap)++;
			else
				(*nrel)++;
		}
	}
}

uint32_t elf_header_flags(const uint8_t *bytes, uint64_t len)
{
	Elf64_Ehdr e;
	if (len < sizeof e)
		return 0;
	memcpy(&e, bytes, sizeof e);
	return e.e_flags;
}

int elf_parse_hybrid(const uint8_t *bytes, uint64_t len, uint64_t max_size, struct elf_image *img,
		     struct elf_error *err)
{
	struct parse P = { .b = bytes, .len = len, .max_size = max_size, .img = img, .err = err, .hybrid = true };
	*img = (struct elf_image){ .bytes = bytes, .len = len, .first_writable = -1, .hybrid = true };
	*err = (struct elf_error){ 0 };
	if (check_header(&P) || check_segments(&P))
		return -1;
	img->phnum = P.eh.e_phnum;
	img->phent = P.eh.e_phentsize;
	/* the headers are in memory when a segment's file bytes hold them (Linux: AT_PHDR) */
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *g = &img->seg[k];
		uint64_t n = (uint64_t)P.eh.e_phnum * P.eh.e_phentsize;
		if (P.eh.e_phoff >= g->offset && P.eh.e_phoff + n <= g->offset + g->filesz) {
			img->phdr = g->vaddr + (P.eh.e_phoff - g->offset);
			break;
		}
	}
	/* best effort, for the caller's guess of the image's kind: an SDK pure-cap image linked as
	 * something else still has its landing or __cap_relocs (a hybrid program needs neither, and
	 * a section table this parser refuses is no reason to refuse a program) */
	struct elf_error serr;
	struct parse S = P;
	S.err = &serr;
	if (check_sections(&S) == 0) {
		img->has_cap_relocs_section = S.cap_relocs_shndx >= 0;
		if (find_symbol(&S, "ret_from_monitor", &img->ret_from_monitor))
			img->ret_from_monitor = (struct elf_sym){ 0 };
	}
	img->caps = calloc(1, sizeof *img->caps);
	img->relocs = calloc(1, sizeof *img->relocs);
	if (!img->caps || !img->relocs) {
		elf_image_free(img);
		return fail(err, ELF_E_NOMEM, "hybrid image");
	}
	return 0;
}

/* intravisor.md 10: the asked symbol; else e_entry when it is code; else `main` (CHERI clang
 * with -nostdlib leaves e_entry 0, the ELF header, when nothing is called _start). */
static int choose_entry(struct parse *P, const char *asked)
{
	struct elf_image *img = P->img;
	if (!asked && P->entry_in_code)
		return 0;
	const char *name = asked ? asked : "main";
	struct elf_sym s;
	if (find_symbol(P, name, &s))
		return -1;
	if (!s.found || !is_code(img, s.value)) {
		if (asked)
			return fail(P->err, ELF_E_ENTRY_SYMBOL, "'%s' %s", asked,
				    s.found ? "is not in an executable segment" : "is not defined in the image");
		return fail(P->err, ELF_E_ENTRY, "e_entry 0x%llx, and no function 'main' to start at instead",
			    (unsigned long long)img->entry);
	}
	img->entry = s.value;
	img->entry_from = asked ? asked : "main";
	return 0;
}

int elf_parse(const uint8_t *bytes, uint64_t len, uint64_t max_size, struct elf_image *img,
	      struct elf_error *err)
{
	return elf_parse_opts(bytes, len, max_size, NULL, img, err);
}

int elf_parse_opts(const uint8_t *bytes, uint64_t len, uint64_t max_size, const struct elf_parse_options *opt,
		   struct elf_image *img, struct elf_error *err)
{
	struct parse P = { .b = bytes, .len = len, .max_size = max_size, .img = img, .err = err,
			   .allow_exec = opt && opt->allow_exec };
	*img = (struct elf_image){ .bytes = bytes, .len = len, .first_writable = -1 };
	*err = (struct elf_error){ 0 };
	if (check_header(&P) || check_segments(&P) || check_sections(&P) ||
	    choose_entry(&P, opt ? opt->entry_symbol : NULL))
		goto bad;
	if (find_symbol(&P, "ret_from_monitor", &img->ret_from_monitor) ||
	    find_symbol(&P, "syscall_handler", &img->syscall_handler) ||
	    find_symbol(&P, "cvm_heap_begin", &img->cvm_heap_begin) ||
	    find_symbol(&P, "cvm_heap_size", &img->cvm_heap_size))
		goto bad;
	img->has_cap_relocs_section = P.cap_relocs_shndx >= 0;
	size_t ncap, nrel, n = 0;
	count_relocs(&P, &ncap, &nrel);
	img->caps = calloc(ncap ? ncap : 1, sizeof *img->caps);
	img->relocs = calloc(nrel ? nrel : 1, sizeof *img->relocs);
	if (!img->caps || !img->relocs) {
		fail(err, ELF_E_NOMEM, "%zu capability and %zu integer relocations", ncap, nrel);
		goto bad;
	}
	if (decode_cap_relocs(&P, &n) || decode_rela(&P, &n))
		goto bad;
	img->ncaps = n;
	return 0;
bad:
	elf_image_free(img);
	return -1;
}

void elf_image_free(struct elf_image *img)
{
	free(img->caps);
	free(img->relocs);
	img->caps = NULL;
	img->relocs = NULL;
	img->ncaps = img->nrelocs = 0;
}
