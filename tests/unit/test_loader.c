/* test_loader.c - elf_parse on the test image and on one-field mutations of it; elf_load,
 * SHA-256, relocations and derived capabilities. Expected values come from the image layout
 * (test_loader.h) and from intravisor.md section 3 / cheri-riscv.md section 2 (permissions). */
#include <elf.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "loader/elf.h"
#include "test.h"
#include "test_loader.h"

#define ROOM 0x3dfff000ULL  /* slot minus stacks minus one page, as deploy passes */

static int parse(const uint8_t *b, size_t len, struct elf_image *img, struct elf_error *err)
{
	return elf_parse(b, len, ROOM, img, err);
}

TEST(loader_parse_good)
{
	static uint8_t b[TI_SIZE];
	ti_build(b);
	struct elf_image img;
	struct elf_error err;
	t_case("test image parses");
	if (!T_EQ(parse(b, TI_SIZE, &img, &err), 0)) {
		printf("  %s: %s\n", elf_strerror(err.code), err.detail);
		return;
	}
	t_case("entry, map size, segments");
	T_EQ(img.entry, TI_ENTRY);
	T_EQ(img.map_size, TI_MAP_SIZE);
	T_EQ(img.nseg, 2);
	T_EQ(img.seg[0].index, 0);
	T_EQ(img.seg[1].index, 2);
	T_EQ(img.seg[1].vaddr, TI_DATA);
	T_EQ(img.seg[1].memsz, TI_SEG1_MEMSZ);
	T_EQ(img.first_writable, 1);
	T_EQ(elf_map_extent(&img), 0x2000);
	t_case("symbols from .symtab");
	T_TRUE(img.ret_from_monitor.found);
	T_EQ(img.ret_from_monitor.value, TI_RET);
	T_TRUE(img.syscall_handler.found);
	T_EQ(img.syscall_handler.value, TI_HANDLER);
	T_TRUE(!img.cvm_heap_begin.found);
	t_case("capability relocations decoded");
	T_TRUE(img.has_cap_relocs_section);
	T_EQ(img.ncaps, 4);
	T_EQ(img.caps[0].kind, ELF_CAP_CONST);
	T_EQ(img.caps[0].location, TI_DATA);
	T_EQ(img.caps[0].base, TI_RODATA);
	T_EQ(img.caps[0].length, 7);
	T_EQ(img.caps[1].kind, ELF_CAP_OBJECT);
	T_EQ(img.caps[1].offset, 4);
	T_EQ(img.caps[2].kind, ELF_CAP_STORE);
	T_EQ(img.caps[3].kind, ELF_CAP_FUNC);
	T_EQ(img.caps[3].perms, ELF_CAP_FUNCTION);
	t_case("integer relocations decoded");
	T_EQ(img.nrelocs, 2);
	T_EQ(img.relocs[0].offset, TI_PTR);
	T_EQ(img.relocs[0].value, TI_COUNTER);
	T_EQ(img.relocs[1].offset, TI_PTR64);
	T_EQ(img.relocs[1].value, TI_OBJ + 8);
	T_TRUE(!img.relocs[1].absolute);
	elf_image_free(&img);
}

/* Every truncation fails, with the error of the first table cut. */
TEST(loader_parse_truncated)
{
	static uint8_t b[TI_SIZE];
	ti_build(b);
	const struct { size_t len; enum elf_err want; } rows[] = {
		{ 0, ELF_E_SHORT }, { 4, ELF_E_SHORT }, { 63, ELF_E_SHORT },
		{ 64, ELF_E_PHDR }, { TI_PHOFF + 56 - 1, ELF_E_PHDR }, { TI_PHOFF + 56 * TI_PHNUM - 1, ELF_E_PHDR },
		{ TI_PHOFF + 56 * TI_PHNUM, ELF_E_SHDR }, { TI_DATA, ELF_E_SHDR }, { TI_SHOFF, ELF_E_SHDR },
		{ TI_SHOFF + 64, ELF_E_SHDR }, { TI_SIZE - 1, ELF_E_SHDR },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_case("truncated to %zu bytes", rows[i].len);
		struct elf_image img;
		struct elf_error err;
		T_EQ(parse(b, rows[i].len, &img, &err), -1);
		T_EQ(err.code, rows[i].want);
	}
	t_case("every length below the full size fails and never reads past it");
	for (size_t len = 0; len < TI_SIZE; len++) {
		/* a copy of exactly len bytes so ASan catches any over-read */
		uint8_t *c = malloc(len ? len : 1);
		memcpy(c, b, len);
		struct elf_image img;
		struct elf_error err;
		if (!T_EQ(parse(c, len, &img, &err), -1))
			printf("  len %zu parsed\n", len);
		free(c);
	}
}

struct mutation {
	const char *what;
	size_t off;
	unsigned width;   /* 1, 2, 4, 8 */
	uint64_t value;
	enum elf_err want;
};

static const struct mutation mutations[] = {
	/* header */
	{ "bad magic", 1, 1, 'X', ELF_E_MAGIC },
	{ "ELFCLASS32", EI_CLASS, 1, ELFCLASS32, ELF_E_CLASS },
	{ "big-endian", EI_DATA, 1, ELFDATA2MSB, ELF_E_DATA },
	{ "EI_VERSION 0", EI_VERSION, 1, 0, ELF_E_VERSION },
	{ "e_type ET_EXEC", 16, 2, ET_EXEC, ELF_E_TYPE },
	{ "e_type ET_REL", 16, 2, ET_REL, ELF_E_TYPE },
	{ "e_machine x86-64", 18, 2, EM_X86_64, ELF_E_MACHINE },
	{ "e_machine AArch64", 18, 2, EM_AARCH64, ELF_E_MACHINE },
	{ "e_entry in data", 24, 8, TI_DATA, ELF_E_ENTRY },
	{ "e_entry outside", 24, 8, 0x100000, ELF_E_ENTRY },
	{ "e_phoff past the file", 32, 8, TI_SIZE, ELF_E_PHDR },
	{ "e_phoff huge (wraps)", 32, 8, ~0ULL - 8, ELF_E_PHDR },
	{ "e_phentsize 32", 54, 2, 32, ELF_E_PHDR },
	{ "e_phnum 0", 56, 2, 0, ELF_E_PHDR },
	{ "e_phnum 0xffff", 56, 2, 0xffff, ELF_E_PHDR },
	{ "e_shoff past the file", 40, 8, TI_SIZE - 63, ELF_E_SHDR },
	{ "e_shoff huge (wraps)", 40, 8, ~0ULL - 63, ELF_E_SHDR },
	{ "e_shentsize 40", 58, 2, 40, ELF_E_SHDR },
	{ "e_shnum 0 (no symbols)", 60, 2, 0, ELF_E_SHDR },
	{ "e_shnum 0xfff0", 60, 2, 0xfff0, ELF_E_SHDR },
	{ "e_shstrndx out of range", 62, 2, TI_SHNUM, ELF_E_SHDR },
	/* segments (program header 2 = the RW PT_LOAD) */
	{ "segment bytes past the file", TI_PHOFF + 56 * 2 + 8, 8, TI_SIZE - 0x10, ELF_E_SEG_FILE },
	{ "segment filesz wraps", TI_PHOFF + 56 * 2 + 32, 8, ~0ULL, ELF_E_SEG_FILE },
	{ "filesz > memsz", TI_PHOFF + 56 * 2 + 40, 8, TI_SEG1_FILESZ - 1, ELF_E_SEG_FILESZ },
	{ "segment past the slot", TI_PHOFF + 56 * 2 + 16, 8, ROOM - 0x100, ELF_E_SEG_SLOT },
	{ "memsz 2^63", TI_PHOFF + 56 * 2 + 40, 8, 1ULL << 63, ELF_E_SEG_SLOT },
	{ "memsz 1 GiB", TI_PHOFF + 56 * 2 + 40, 8, 0x40000000, ELF_E_SEG_SLOT },
	{ "vaddr wraps with memsz", TI_PHOFF + 56 * 2 + 16, 8, ~0ULL - 0x10, ELF_E_SEG_SLOT },
	{ "segments overlap", TI_PHOFF + 56 * 2 + 16, 8, TI_SEG0_SIZE - 0x10, ELF_E_SEG_OVERLAP },
	{ "segments unsorted", TI_PHOFF + 56 * 0 + 16, 8, 0x3000, ELF_E_SEG_ORDER },
	{ "code segment not executable", TI_PHOFF + 4, 4, PF_R, ELF_E_ENTRY },
	{ "no PT_LOAD", TI_PHOFF + 56 * 2, 4, PT_NULL, ELF_E_SEG_FILE /* replaced below */ },
	/* sections */
	{ "section past the file", TI_SHOFF + 64 * 2 + 24, 8, TI_SIZE, ELF_E_SECTION },
	{ "section size wraps", TI_SHOFF + 64 * 2 + 32, 8, ~0ULL, ELF_E_SECTION },
	{ "section name past .shstrtab", TI_SHOFF + 64 * 1, 4, 0x1000, ELF_E_STRTAB },
	{ ".shstrtab not NUL-terminated", TI_SHOFF + 64 * 9 + 32, 8, 5, ELF_E_STRTAB },
	{ ".shstrtab is not a STRTAB", TI_SHOFF + 64 * 9 + 4, 4, SHT_PROGBITS, ELF_E_STRTAB },
	{ ".symtab entsize 16", TI_SHOFF + 64 * TI_SH_SYMTAB + 56, 8, 16, ELF_E_SYMTAB },
	{ ".symtab size not a multiple", TI_SHOFF + 64 * TI_SH_SYMTAB + 32, 8, 4 * 24 - 1, ELF_E_SYMTAB },
	{ ".symtab link out of range", TI_SHOFF + 64 * TI_SH_SYMTAB + 40, 4, 77, ELF_E_SYMTAB },
	{ ".symtab linked to non-strtab", TI_SHOFF + 64 * TI_SH_SYMTAB + 40, 4, 2, ELF_E_STRTAB },
	{ "symbol name past .strtab", TI_SYMTAB + 24, 4, 0x400, ELF_E_SYMTAB },
	{ ".dynsym symbol name past .dynstr", TI_DYNSYM + 24, 4, 5, ELF_E_SYMTAB },
	{ "ret_from_monitor outside the image", TI_SYMTAB + 48 + 8, 8, TI_MAP_SIZE, ELF_E_SYMBOL },
	{ "syscall_handler size past the image", TI_SYMTAB + 72 + 16, 8, TI_MAP_SIZE, ELF_E_SYMBOL },
	/* __cap_relocs */
	{ "__cap_relocs size not a multiple of 40", TI_SHOFF + 64 * TI_SH_CAPRELOCS + 32, 8, 4 * 40 - 8, ELF_E_CAPRELOCS },
	{ "cap reloc location outside", TI_CAPRELOCS + 0, 8, TI_MAP_SIZE, ELF_E_CAPRELOC_LOCATION },
	{ "cap reloc location last 8 bytes", TI_CAPRELOCS + 0, 8, TI_MAP_SIZE - 8, ELF_E_CAPRELOC_LOCATION },
	{ "cap reloc location misaligned", TI_CAPRELOCS + 0, 8, TI_DATA + 8, ELF_E_CAPRELOC_LOCATION },
	{ "cap reloc location wraps", TI_CAPRELOCS + 0, 8, ~0ULL - 15, ELF_E_CAPRELOC_LOCATION },
	{ "cap reloc target outside", TI_CAPRELOCS + 8, 8, TI_MAP_SIZE - 2, ELF_E_CAPRELOC_TARGET },
	{ "cap reloc target wraps", TI_CAPRELOCS + 8, 8, ~0ULL - 2, ELF_E_CAPRELOC_TARGET },
	{ "cap reloc offset past length", TI_CAPRELOCS + 16, 8, 8, ELF_E_CAPRELOC_TARGET },
	{ "cap reloc length 2^63", TI_CAPRELOCS + 24, 8, 1ULL << 63, ELF_E_CAPRELOC_LENGTH },
	{ "cap reloc length > image", TI_CAPRELOCS + 24, 8, TI_MAP_SIZE + 1, ELF_E_CAPRELOC_LENGTH },
	{ "cap reloc perms both bits", TI_CAPRELOCS + 32, 8, 0xc000000000000000ULL, ELF_E_CAPRELOC_PERMS },
	{ "cap reloc perms 1", TI_CAPRELOCS + 32, 8, 1, ELF_E_CAPRELOC_PERMS },
	{ "function cap to data", TI_CAPRELOCS + 40 * 3 + 8, 8, TI_OBJ, ELF_E_CAPRELOC_TARGET },
	/* .rela.dyn */
	{ ".rela.dyn entsize 16", TI_SHOFF + 64 * TI_SH_RELA + 56, 8, 16, ELF_E_RELA },
	{ ".rela.dyn size not a multiple", TI_SHOFF + 64 * TI_SH_RELA + 32, 8, 47, ELF_E_RELA },
	{ "SHT_REL section", TI_SHOFF + 64 * TI_SH_RELA + 4, 4, SHT_REL, ELF_E_RELA },
	{ "relocation type R_RISCV_JAL", TI_RELA + 8, 4, R_RISCV_JAL, ELF_E_RELA_TYPE },
	{ "relocation type 255", TI_RELA + 8, 4, 255, ELF_E_RELA_TYPE },
	{ "RELATIVE outside the image", TI_RELA + 0, 8, TI_MAP_SIZE - 4, ELF_E_RELA_OFFSET },
	{ "RELATIVE offset wraps", TI_RELA + 0, 8, ~0ULL - 3, ELF_E_RELA_OFFSET },
	{ "R_RISCV_64 symbol index out of range", TI_RELA + 24 + 12, 4, 9, ELF_E_RELA_SYMBOL },
	{ "R_RISCV_64 symbol 0", TI_RELA + 24 + 12, 4, 0, ELF_E_RELA_SYMBOL },
	{ "R_RISCV_64 undefined symbol", TI_DYNSYM + 24 + 6, 2, SHN_UNDEF, ELF_E_RELA_SYMBOL },
	{ "R_RISCV_64 symbol outside the image", TI_DYNSYM + 24 + 8, 8, TI_MAP_SIZE + 0x10, ELF_E_RELA_SYMBOL },
	{ "CHERI_CAPABILITY misaligned", TI_RELA + 24 + 8, 4, ELF_R_RISCV_CHERI_CAPABILITY, ELF_E_CAPRELOC_LOCATION },
};

TEST(loader_parse_malformed)
{
	static uint8_t b[TI_SIZE];
	for (size_t i = 0; i < sizeof mutations / sizeof mutations[0]; i++) {
		const struct mutation *m = &mutations[i];
		ti_build(b);
		switch (m->width) {
		case 1: b[m->off] = (uint8_t)m->value; break;
		case 2: ti_w16(b, m->off, (uint16_t)m->value); break;
		case 4: ti_w32(b, m->off, (uint32_t)m->value); break;
		default: ti_w64(b, m->off, m->value); break;
		}
		enum elf_err want = m->want;
		if (!strcmp(m->what, "no PT_LOAD")) { /* also remove the first PT_LOAD */
			ti_w32(b, TI_PHOFF, PT_NULL);
			want = ELF_E_NO_LOAD;
		}
		t_case("%s", m->what);
		struct elf_image img;
		struct elf_error err = { 0 };
		T_EQ(parse(b, TI_SIZE, &img, &err), -1);
		if (!T_EQ(err.code, want))
			printf("  got %s: %s\n", elf_strerror(err.code), err.detail);
		T_TRUE(img.caps == NULL && img.relocs == NULL); /* nothing left allocated */
	}
}

TEST(loader_parse_messages)
{
	static uint8_t b[TI_SIZE];
	ti_build(b);
	ti_w64(b, TI_PHOFF + 56 * 2 + 40, 0x40000000);
	struct elf_image img;
	struct elf_error err;
	t_case("segment message names the segment and the numbers");
	T_EQ(parse(b, TI_SIZE, &img, &err), -1);
	T_STREQ(elf_strerror(err.code), "segment does not fit in the cVM slot");
	T_STREQ(err.detail, "segment [2]: vaddr 0x1000 memsz 0x40000000, room 0x3dfff000");
	t_case("every error code has a sentence");
	for (int c = 0; c < ELF_E_COUNT; c++)
		T_TRUE(elf_strerror((enum elf_err)c) && strlen(elf_strerror((enum elf_err)c)) > 5);
	T_STREQ(elf_strerror(ELF_E_COUNT), "unknown ELF error");
}

TEST(loader_parse_cheri_capability_rela)
{
	static uint8_t b[TI_SIZE];
	ti_build(b);
	/* turn R_RISCV_64 at TI_PTR64 into R_RISCV_CHERI_CAPABILITY at 16-aligned 0x1070 */
	ti_w64(b, TI_RELA + 24, 0x1070);
	ti_w32(b, TI_RELA + 24 + 8, ELF_R_RISCV_CHERI_CAPABILITY);
	struct elf_image img;
	struct elf_error err;
	t_case("R_RISCV_CHERI_CAPABILITY becomes a capability relocation bounded to the symbol");
	if (!T_EQ(parse(b, TI_SIZE, &img, &err), 0))
		return;
	T_EQ(img.ncaps, 5);
	T_EQ(img.nrelocs, 1);
	T_EQ(img.caps[4].location, 0x1070);
	T_EQ(img.caps[4].base, TI_OBJ);
	T_EQ(img.caps[4].length, 32);
	T_EQ(img.caps[4].offset, 8);
	T_EQ(img.caps[4].kind, ELF_CAP_OBJECT);
	elf_image_free(&img);
}

/* intravisor.md 10: e_entry if it is code, else `main`, or the asked symbol */
TEST(loader_parse_entry_choice)
{
	static uint8_t b[TI_SIZE];
	struct elf_image img;
	struct elf_error err;
	ti_build(b);
	t_case("e_entry in code: it is the entry");
	struct elf_parse_options none = { 0 };
	if (T_EQ(elf_parse_opts(b, TI_SIZE, 0x3dfff000, &none, &img, &err), 0)) {
		T_EQ(img.entry, TI_ENTRY);
		T_STREQ(img.entry_from, "e_entry");
		elf_image_free(&img);
	}
	t_case("an asked symbol wins over e_entry");
	struct elf_parse_options asked = { .entry_symbol = "syscall_handler" };
	if (T_EQ(elf_parse_opts(b, TI_SIZE, 0x3dfff000, &asked, &img, &err), 0)) {
		T_EQ(img.entry, TI_HANDLER);
		T_EQ(img.e_entry, TI_ENTRY);
		T_STREQ(img.entry_from, "syscall_handler");
		elf_image_free(&img);
	}
	t_case("an asked symbol that does not exist");
	struct elf_parse_options missing = { .entry_symbol = "nope" };
	T_EQ(elf_parse_opts(b, TI_SIZE, 0x3dfff000, &missing, &img, &err), -1);
	T_EQ(err.code, ELF_E_ENTRY_SYMBOL);
	T_STREQ(err.detail, "'nope' is not defined in the image");
	t_case("e_entry in a data segment (not code) and no main");
	ti_w64(b, 24, TI_DATA);
	T_EQ(elf_parse_opts(b, TI_SIZE, 0x3dfff000, &none, &img, &err), -1);
	T_EQ(err.code, ELF_E_ENTRY);
	T_STREQ(err.detail, "e_entry 0x1000, and no function 'main' to start at instead");
	t_case("e_entry not code, and the asked symbol");
	if (T_EQ(elf_parse_opts(b, TI_SIZE, 0x3dfff000, &asked, &img, &err), 0)) {
		T_EQ(img.entry, TI_HANDLER);
		elf_image_free(&img);
	}
	t_case("ET_EXEC only with allow_exec");
	ti_build(b);
	ti_w16(b, 16, ET_EXEC);
	T_EQ(elf_parse_opts(b, TI_SIZE, 0x3dfff000, &none, &img, &err), -1);
	T_EQ(err.code, ELF_E_TYPE);
	struct elf_parse_options exec = { .allow_exec = true };
	if (T_EQ(elf_parse_opts(b, TI_SIZE, 0x3dfff000, &exec, &img, &err), 0))
		elf_image_free(&img);
}

/* --- load, hash, relocate, derive --- */

#define BASE 0x40000000ULL
#define STORE (BASE + 0x3e001000ULL)

static struct elf_authority authority(void)
{
	struct cap root = cap_root();
	struct elf_authority a = { .cap_store = STORE, .perm_mask = ~0u };
	struct cap code = cap_build_from_root(&root, BASE, 0x40000000, 0x8117);
	(void)cap_set_flags(&a.code, &code, 1, CAP_V9);
	a.data = cap_build_from_root(&root, BASE, 0x40000000, 0x817d);
	return a;
}

TEST(loader_load_relocate)
{
	static uint8_t b[TI_SIZE];
	ti_build(b);
	struct elf_image img;
	struct elf_error err;
	if (!T_EQ(parse(b, TI_SIZE, &img, &err), 0))
		return;
	struct mem *m = mem_new(2 * BASE);
	t_case("mem");
	if (!T_TRUE(m != NULL))
		return;
	struct elf_authority a = authority();
	struct cap caps[4];
	t_case("derive");
	T_EQ(elf_derive_caps(&img, BASE, &a, caps, &err), 0);
	T_EQ(mem_map(m, BASE, elf_map_extent(&img)), MEM_OK);
	elf_load(m, BASE, &img);

	t_case("segments copied, BSS and gaps zero");
	uint8_t flat[TI_MAP_SIZE] = { 0 };
	memcpy(flat, b, TI_SEG0_SIZE);
	memcpy(flat + TI_DATA, b + TI_DATA, TI_SEG1_FILESZ);
	uint8_t got[TI_MAP_SIZE];
	T_EQ(mem_read(m, BASE, got, TI_MAP_SIZE), MEM_OK);
	T_EQ(memcmp(got, flat, TI_MAP_SIZE), 0);

	t_case("SHA-256 = SHA-256 of the flat image (MAP SIZE bytes, before relocation)");
	uint8_t h[32], want[32];
	elf_sha256(m, BASE, &img, h);
	EVP_Digest(flat, TI_MAP_SIZE, want, NULL, EVP_sha256(), NULL);
	T_EQ(memcmp(h, want, 32), 0);
	t_case("the same SHA-256 from the file alone (elf_sha256_image: no guest memory read)");
	uint8_t hf[32] = { 0 };
	T_EQ(elf_sha256_image(&img, hf), 0);
	T_EQ(memcmp(hf, want, 32), 0);
	t_case("SHA-256 changes with one byte");
	b[TI_RODATA] ^= 1;
	struct elf_image img2;
	T_EQ(parse(b, TI_SIZE, &img2, &err), 0);
	T_EQ(mem_map(m, BASE, elf_map_extent(&img)), MEM_OK);
	elf_load(m, BASE, &img2);
	uint8_t h2[32];
	elf_sha256(m, BASE, &img2, h2);
	T_TRUE(memcmp(h, h2, 32) != 0);
	T_EQ(elf_sha256_image(&img2, hf), 0);
	T_EQ(memcmp(hf, h2, 32), 0);
	elf_image_free(&img2);
	b[TI_RODATA] ^= 1;
	T_EQ(mem_map(m, BASE, elf_map_extent(&img)), MEM_OK);
	elf_load(m, BASE, &img);

	elf_relocate(m, BASE, &img, caps);
	t_case("R_RISCV_RELATIVE = base + addend");
	uint64_t v = 0;
	T_EQ(mem_load64(m, BASE + TI_PTR, &v), MEM_OK);
	T_EQ(v, BASE + TI_COUNTER);
	t_case("R_RISCV_64 = base + S + A");
	T_EQ(mem_load64(m, BASE + TI_PTR64, &v), MEM_OK);
	T_EQ(v, BASE + TI_OBJ + 8);

	uint64_t lo = 0, hi = 0;
	bool tag = false;
	struct cap c;
	t_case("constant: exact bounds, Load without Store (0x8015)");
	T_EQ(mem_load_cap(m, BASE + TI_DATA, &lo, &hi, &tag), MEM_OK);
	c = cap_from_mem(hi, lo, tag);
	T_TRUE(c.tag);
	T_EQ(c.base, BASE + TI_RODATA);
	T_EQ(cap_get_len(&c), 7);
	T_EQ(cap_perms(&c), 0x8015);
	T_TRUE(!cap_is_sealed(&c));
	t_case("object: exact bounds, data perms, address = base + offset");
	T_EQ(mem_load_cap(m, BASE + TI_DATA + 16, &lo, &hi, &tag), MEM_OK);
	c = cap_from_mem(hi, lo, tag);
	T_TRUE(c.tag);
	T_EQ(c.base, BASE + TI_OBJ);
	T_EQ(cap_get_len(&c), 32);
	T_EQ(c.addr, BASE + TI_OBJ + 4);
	T_EQ(cap_perms(&c), 0x817d);
	t_case("0xabba: the cap store, 4 KiB");
	T_EQ(mem_load_cap(m, BASE + TI_DATA + 32, &lo, &hi, &tag), MEM_OK);
	c = cap_from_mem(hi, lo, tag);
	T_TRUE(c.tag);
	T_EQ(c.base, STORE);
	T_EQ(cap_get_len(&c), 4096);
	T_EQ(c.addr, STORE);
	t_case("function: sentry, capability mode, executable, bounds = image");
	T_EQ(mem_load_cap(m, BASE + TI_DATA + 48, &lo, &hi, &tag), MEM_OK);
	c = cap_from_mem(hi, lo, tag);
	T_TRUE(c.tag);
	T_TRUE(cap_is_sentry(&c));
	T_EQ(cap_flags(&c), 1);
	T_EQ(cap_perms(&c), 0x8017);
	T_EQ(c.addr, BASE + TI_FUNC);
	T_EQ(c.base, BASE);
	T_EQ(cap_get_len(&c), 0x2000);
	t_case("data bytes of the image are untouched by the capability stores elsewhere");
	T_EQ(mem_load64(m, BASE + TI_COUNTER, &v), MEM_OK);
	T_EQ(v, 7);

	t_case("derive fails when the authority does not cover the image");
	struct elf_authority small = a;
	struct cap root = cap_root();
	small.data = cap_build_from_root(&root, BASE, 0x1000, 0x817d);
	struct cap tmp[4];
	T_EQ(elf_derive_caps(&img, BASE, &small, tmp, &err), -1);
	T_EQ(err.code, ELF_E_CAP_DERIVE);
	t_case("clean_room mask drops SW0");
	struct elf_authority clean = a;
	clean.perm_mask = ~CAP_PERM_SW0;
	T_EQ(elf_derive_caps(&img, BASE, &clean, tmp, &err), 0);
	T_EQ(cap_perms(&tmp[1]), 0x017d);
	mem_free(m);
	elf_image_free(&img);
}

/* Property: random corruptions of the test image never make elf_parse read outside the buffer
 * (ASan build) and whatever it accepts satisfies the invariants elf_load/elf_relocate rely on. */
TEST(loader_parse_random_corruptions)
{
	static uint8_t good[TI_SIZE], b[TI_SIZE];
	ti_build(good);
	uint64_t seed = 0x5eed10adu;
	unsigned accepted = 0, violations = 0;
	t_case("20000 images with 1-4 random bytes changed in the headers and tables");
	for (int iter = 0; iter < 20000; iter++) {
		memcpy(b, good, TI_SIZE);
		unsigned n = 1 + (unsigned)(t_rand(&seed) % 4);
		for (unsigned k = 0; k < n; k++) {
			/* headers, the non-loaded tables and the section headers: where parse looks */
			uint64_t r = t_rand(&seed);
			size_t off = (r & 1) ? (size_t)(r >> 8) % 0x100 : TI_CAPRELOCS + (size_t)(r >> 8) % (TI_SIZE - TI_CAPRELOCS);
			b[off] = (uint8_t)t_rand(&seed);
		}
		struct elf_image img;
		struct elf_error err;
		if (parse(b, TI_SIZE, &img, &err) != 0)
			continue;
		accepted++;
		bool ok = img.map_size <= ROOM && img.nseg > 0;
		for (unsigned s = 0; s < img.nseg; s++)
			ok = ok && img.seg[s].offset + img.seg[s].filesz <= TI_SIZE && img.seg[s].filesz <= img.seg[s].memsz &&
			     img.seg[s].vaddr + img.seg[s].memsz <= img.map_size;
		for (size_t c = 0; c < img.ncaps; c++)
			ok = ok && img.caps[c].location % 16 == 0 && img.caps[c].location + 16 <= img.map_size &&
			     (img.caps[c].kind == ELF_CAP_STORE ||
			      (img.caps[c].base + img.caps[c].length <= img.map_size && img.caps[c].offset <= img.caps[c].length));
		for (size_t r = 0; r < img.nrelocs; r++)
			ok = ok && img.relocs[r].offset + 8 <= img.map_size;
		violations += !ok;
		elf_image_free(&img);
	}
	T_EQ(violations, 0);
	T_TRUE(accepted > 100); /* the property saw accepted images, not only rejections */
	printf("  (random corruptions: %u of 20000 accepted)\n", accepted);
}
