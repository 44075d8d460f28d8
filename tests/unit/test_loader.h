/* test_loader.h - a small, valid ELF64 RISC-V ET_DYN image built byte by byte for the loader
 * and deploy tests (test_loader_image.c), with the offsets of everything in it so a test can
 * break one field at a time. */
#ifndef INTRAVISOR_TEST_LOADER_H
#define INTRAVISOR_TEST_LOADER_H

#include <stddef.h>
#include <stdint.h>

/* File layout (file offset == vaddr for segment 0; segment 1 file 0x1000 -> vaddr 0x1000) */
#define TI_PHOFF        0x40      /* 3 program headers: [0] PT_LOAD RX, [1] PT_NOTE, [2] PT_LOAD RW */
#define TI_PHNUM        3
#define TI_ENTRY        0x200     /* outer_c */
#define TI_RET          0x210     /* ret_from_monitor */
#define TI_HANDLER      0x220     /* syscall_handler */
#define TI_FUNC         0x230     /* a function, 16 bytes */
#define TI_RODATA       0x300     /* "hello\n", 7 bytes */
#define TI_SEG0_SIZE    0x400
#define TI_DATA         0x1000    /* segment 1: captable (4 caps) */
#define TI_COUNTER      0x1040
#define TI_PTR          0x1048    /* R_RISCV_RELATIVE -> TI_COUNTER */
#define TI_OBJ          0x1050    /* 32-byte object (dynsym 'obj') */
#define TI_PTR64        0x1078    /* R_RISCV_64 -> obj + 8 */
#define TI_SEG1_FILESZ  0x100
#define TI_SEG1_MEMSZ   0x200     /* BSS 0x1100..0x1200 */
#define TI_MAP_SIZE     0x1200
#define TI_CAPRELOCS    0x1200    /* __cap_relocs: 4 x 40 bytes */
#define TI_RELA         0x12a0    /* .rela.dyn: 2 x 24 */
#define TI_DYNSYM       0x1300    /* 2 symbols */
#define TI_DYNSTR       0x1340
#define TI_SYMTAB       0x1380    /* 4 symbols */
#define TI_STRTAB       0x13e0
#define TI_SHSTRTAB     0x1440
#define TI_SHOFF        0x1500
#define TI_SHNUM        10        /* null .text .data __cap_relocs .rela.dyn .dynsym .dynstr .symtab .strtab .shstrtab */
#define TI_SIZE         (TI_SHOFF + TI_SHNUM * 64)
#define TI_SH_CAPRELOCS 3
#define TI_SH_RELA      4
#define TI_SH_DYNSYM    5
#define TI_SH_SYMTAB    7
#define TI_SH_STRTAB    8

/* Build the image into buf (TI_SIZE bytes). */
void ti_build(uint8_t *buf);
/* Little-endian field writers for mutations. */
void ti_w16(uint8_t *buf, size_t off, uint16_t v);
void ti_w32(uint8_t *buf, size_t off, uint32_t v);
void ti_w64(uint8_t *buf, size_t off, uint64_t v);
/* Offsets of fields */
static inline size_t ti_ph(unsigned i) { return TI_PHOFF + 56 * i; }      /* program header i */
static inline size_t ti_sh(unsigned i) { return TI_SHOFF + 64 * i; }      /* section header i */
static inline size_t ti_caprel(unsigned i) { return TI_CAPRELOCS + 40 * i; } /* cap reloc i */
static inline size_t ti_rela(unsigned i) { return TI_RELA + 24 * i; }
/* Write the image to dir/name; returns 0 on success. */
int ti_write_file(const char *dir, const char *name, const uint8_t *buf, size_t len);

#endif
