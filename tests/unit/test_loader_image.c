/* test_loader_image.c - builds the test image of test_loader.h. */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "test_loader.h"

void ti_w16(uint8_t *buf, size_t off, uint16_t v) { memcpy(buf + off, &v, 2); }
void ti_w32(uint8_t *buf, size_t off, uint32_t v) { memcpy(buf + off, &v, 4); }
void ti_w64(uint8_t *buf, size_t off, uint64_t v) { memcpy(buf + off, &v, 8); }

static void phdr(uint8_t *b, unsigned i, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
		 uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr p = { .p_type = type, .p_flags = flags, .p_offset = off, .p_vaddr = vaddr, .p_paddr = vaddr,
			 .p_filesz = filesz, .p_memsz = memsz, .p_align = 0x1000 };
	memcpy(b + ti_ph(i), &p, sizeof p);
}

static void shdr(uint8_t *b, unsigned i, uint32_t name, uint32_t type, uint64_t flags, uint64_t addr,
		 uint64_t off, uint64_t size, uint32_t link, uint64_t entsize)
{
	Elf64_Shdr s = { .sh_name = name, .sh_type = type, .sh_flags = flags, .sh_addr = addr, .sh_offset = off,
			 .sh_size = size, .sh_link = link, .sh_addralign = 8, .sh_entsize = entsize };
	memcpy(b + ti_sh(i), &s, sizeof s);
}

static void sym(uint8_t *b, size_t off, uint32_t name, unsigned type, uint16_t shndx, uint64_t value, uint64_t size)
{
	Elf64_Sym s = { .st_name = name, .st_info = ELF64_ST_INFO(STB_GLOBAL, type), .st_shndx = shndx,
			.st_value = value, .st_size = size };
	memcpy(b + off, &s, sizeof s);
}

static void caprel(uint8_t *b, unsigned i, uint64_t loc, uint64_t base, uint64_t off, uint64_t len, uint64_t perms)
{
	ti_w64(b, ti_caprel(i), loc);
	ti_w64(b, ti_caprel(i) + 8, base);
	ti_w64(b, ti_caprel(i) + 16, off);
	ti_w64(b, ti_caprel(i) + 24, len);
	ti_w64(b, ti_caprel(i) + 32, perms);
}

static void rela(uint8_t *b, unsigned i, uint64_t off, uint32_t symi, uint32_t type, int64_t addend)
{
	Elf64_Rela r = { .r_offset = off, .r_info = ELF64_R_INFO(symi, type), .r_addend = addend };
	memcpy(b + ti_rela(i), &r, sizeof r);
}

void ti_build(uint8_t *b)
{
	memset(b, 0, TI_SIZE);
	Elf64_Ehdr e = {
		.e_type = ET_DYN, .e_machine = EM_RISCV, .e_version = EV_CURRENT, .e_entry = TI_ENTRY,
		.e_phoff = TI_PHOFF, .e_shoff = TI_SHOFF, .e_flags = 5, .e_ehsize = 64, .e_phentsize = 56,
		.e_phnum = TI_PHNUM, .e_shentsize = 64, .e_shnum = TI_SHNUM, .e_shstrndx = TI_SHNUM - 1,
	};
	memcpy(e.e_ident, ELFMAG, SELFMAG);
	e.e_ident[EI_CLASS] = ELFCLASS64;
	e.e_ident[EI_DATA] = ELFDATA2LSB;
	e.e_ident[EI_VERSION] = EV_CURRENT;
	memcpy(b, &e, sizeof e);
	phdr(b, 0, PT_LOAD, PF_R | PF_X, 0, 0, TI_SEG0_SIZE, TI_SEG0_SIZE);
	phdr(b, 1, PT_NOTE, PF_R, 0x100, 0x100, 0x10, 0x10);
	phdr(b, 2, PT_LOAD, PF_R | PF_W, TI_DATA, TI_DATA, TI_SEG1_FILESZ, TI_SEG1_MEMSZ);
	/* code: recognisable words (nop = 0x00000013) */
	for (unsigned a = TI_ENTRY; a < TI_FUNC + 16; a += 4)
		ti_w32(b, a, 0x00000013);
	memcpy(b + TI_RODATA, "hello\n", 7);
	ti_w64(b, TI_COUNTER, 7);
	ti_w64(b, TI_PTR, 0x1234); /* overwritten by R_RISCV_RELATIVE */
	for (unsigned k = 0; k < 32; k++)
		b[TI_OBJ + k] = (uint8_t)(0xa0 + k);
	/* __cap_relocs: const, object, cap store (0xabba), function */
	caprel(b, 0, TI_DATA + 0, TI_RODATA, 0, 7, 0x4000000000000000ULL);
	caprel(b, 1, TI_DATA + 16, TI_OBJ, 4, 32, 0);
	caprel(b, 2, TI_DATA + 32, 0x1100, 0, 0xabba, 0);
	caprel(b, 3, TI_DATA + 48, TI_FUNC, 0, 16, 0x8000000000000000ULL);
	rela(b, 0, TI_PTR, 0, R_RISCV_RELATIVE, TI_COUNTER);
	rela(b, 1, TI_PTR64, 1, R_RISCV_64, 8);
	/* .dynsym: null, obj;  .dynstr "\0obj\0" */
	sym(b, TI_DYNSYM + 24, 1, STT_OBJECT, 2, TI_OBJ, 32);
	memcpy(b + TI_DYNSTR, "\0obj\0", 5);
	/* .symtab: null, outer_c, ret_from_monitor, syscall_handler */
	static const char strtab[] = "\0outer_c\0ret_from_monitor\0syscall_handler\0";
	memcpy(b + TI_STRTAB, strtab, sizeof strtab);
	sym(b, TI_SYMTAB + 24, 1, STT_FUNC, 1, TI_ENTRY, 16);
	sym(b, TI_SYMTAB + 48, 9, STT_FUNC, 1, TI_RET, 16);
	sym(b, TI_SYMTAB + 72, 26, STT_FUNC, 1, TI_HANDLER, 16);
	static const char shstr[] = "\0.text\0.data\0__cap_relocs\0.rela.dyn\0.dynsym\0.dynstr\0.symtab\0.strtab\0.shstrtab\0";
	memcpy(b + TI_SHSTRTAB, shstr, sizeof shstr);
	/* name offsets in shstr: .text 1, .data 7, __cap_relocs 13, .rela.dyn 26, .dynsym 36,
	 * .dynstr 44, .symtab 52, .strtab 60, .shstrtab 68 */
	shdr(b, 1, 1, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, TI_ENTRY, TI_ENTRY, 0x40, 0, 0);
	shdr(b, 2, 7, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, TI_DATA, TI_DATA, TI_SEG1_FILESZ, 0, 0);
	shdr(b, 3, 13, SHT_PROGBITS, SHF_ALLOC, 0, TI_CAPRELOCS, 4 * 40, 0, 0);
	shdr(b, 4, 26, SHT_RELA, SHF_ALLOC, 0, TI_RELA, 2 * 24, TI_SH_DYNSYM, 24);
	shdr(b, 5, 36, SHT_DYNSYM, SHF_ALLOC, 0, TI_DYNSYM, 2 * 24, 6, 24);
	shdr(b, 6, 44, SHT_STRTAB, SHF_ALLOC, 0, TI_DYNSTR, 5, 0, 0);
	shdr(b, 7, 52, SHT_SYMTAB, 0, 0, TI_SYMTAB, 4 * 24, TI_SH_STRTAB, 24);
	shdr(b, 8, 60, SHT_STRTAB, 0, 0, TI_STRTAB, sizeof strtab, 0, 0);
	shdr(b, 9, 68, SHT_STRTAB, 0, 0, TI_SHSTRTAB, sizeof shstr, 0, 0);
}

int ti_write_file(const char *dir, const char *name, const uint8_t *buf, size_t len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(buf, 1, len, f);
	return fclose(f) == 0 && n == len ? 0 : -1;
}
