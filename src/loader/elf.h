/* elf.h - ELF64 RISC-V shared objects (ET_DYN) as cVM images.
 *
 * Two steps (STYLE 9):
 *   elf_parse()        checks every header, table and relocation of the file bytes and decodes
 *                      them into a struct elf_image (no side effects beyond its own allocations);
 *   elf_derive_caps()  computes, still without side effects, every capability the relocations
 *                      will store (may fail: a request outside the authority);
 *   elf_load()         copies the segments into the emulated memory at `base`;
 *   elf_relocate()     writes the integer and capability relocations.
 * elf_load/elf_relocate cannot fail once parse and derive succeeded and the caller mapped
 * [base, base + elf_map_extent(img)) fresh (zero-filled: that zero is the BSS and the gaps).
 *
 * Capability relocations come from the `__cap_relocs` section (40-byte entries
 * {location, base, offset, length, permissions}, offsets from the image base; CHERI LLD's
 * legacy format) or from R_RISCV_CHERI_CAPABILITY dynamic relocations (bounds = the symbol,
 * address = symbol + addend); both are decoded into the same struct elf_cap_reloc.
 */
#ifndef INTRAVISOR_LOADER_ELF_H
#define INTRAVISOR_LOADER_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cap/cap.h"
#include "mem/mem.h"

#define ELF_MAX_SEGMENTS   16
#define ELF_CAP_RELOC_SIZE 40
#define ELF_CAP_FUNCTION   0x8000000000000000ULL   /* __cap_relocs perms word: function */
#define ELF_CAP_READONLY   0x4000000000000000ULL   /* __cap_relocs perms word: constant */
#define ELF_CAP_STORE_LENGTH 0xabbaULL  /* object length meaning "the cVM's capability store" */

/* Permission sets of relocated capabilities (STYLE 11; cheri-riscv.md section 2). Stricter than
 * the reference: functions are sentries without Store/CInvoke, constants have no Store perms. */
#define ELF_PERMS_FUNC   (CAP_PERM_GLOBAL | CAP_PERM_EXECUTE | CAP_PERM_LOAD | CAP_PERM_LOAD_CAP | \
			  CAP_PERM_SW0)                                                  /* 0x8017 */
#define ELF_PERMS_CONST  (CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_LOAD_CAP | CAP_PERM_SW0) /* 0x8015 */
#define ELF_PERMS_OBJECT (CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_LOAD_CAP | \
			  CAP_PERM_STORE_CAP | CAP_PERM_STORE_LOCAL_CAP | CAP_PERM_CINVOKE | \
			  CAP_PERM_SW0)                                                  /* 0x817d */

#define ELF_R_RISCV_CHERI_CAPABILITY 193  /* glibc elf.h does not name it */

/* ELF errors, one sentence each (STYLE 12). The detail string of struct elf_error adds the
 * numbers (which segment, which entry, which offset). */
#define ELF_ERRORS(ERR) \
	ERR(ELF_OK, "no error") \
	ERR(ELF_E_NOMEM, "out of memory") \
	ERR(ELF_E_SHORT, "file is shorter than an ELF header") \
	ERR(ELF_E_MAGIC, "not an ELF file (bad magic)") \
	ERR(ELF_E_CLASS, "not a 64-bit ELF (ELFCLASS64 required)") \
	ERR(ELF_E_DATA, "not little-endian (ELFDATA2LSB required)") \
	ERR(ELF_E_VERSION, "unknown ELF version") \
	ERR(ELF_E_TYPE, "not a shared object (ET_DYN required)") \
	ERR(ELF_E_TYPE_HYBRID, "not an executable (ET_EXEC or ET_DYN required)") \
	ERR(ELF_E_INTERP, "the program needs a dynamic loader (PT_INTERP): build with -static") \
	ERR(ELF_E_NEEDED, "the program needs shared libraries (DT_NEEDED), which a cVM cannot load: link it with -static, or -nostdlib") \
	ERR(ELF_E_MACHINE, "not a RISC-V image (EM_RISCV required)") \
	ERR(ELF_E_PHDR, "program header table is malformed or outside the file") \
	ERR(ELF_E_SHDR, "section header table is malformed or outside the file") \
	ERR(ELF_E_NO_LOAD, "no PT_LOAD segment") \
	ERR(ELF_E_SEGMENTS, "too many PT_LOAD segments") \
	ERR(ELF_E_SEG_FILE, "segment bytes lie outside the file") \
	ERR(ELF_E_SEG_FILESZ, "segment filesz is larger than its memsz") \
	ERR(ELF_E_SEG_SLOT, "segment does not fit in the cVM slot") \
	ERR(ELF_E_SEG_ORDER, "PT_LOAD segments are not sorted by address") \
	ERR(ELF_E_SEG_OVERLAP, "PT_LOAD segments overlap") \
	ERR(ELF_E_ENTRY, "entry point is not in an executable segment") \
	ERR(ELF_E_ENTRY_SYMBOL, "the entry symbol is missing or not in an executable segment") \
	ERR(ELF_E_SECTION, "section lies outside the file") \
	ERR(ELF_E_STRTAB, "string table is malformed") \
	ERR(ELF_E_SYMTAB, "symbol table is malformed") \
	ERR(ELF_E_SYMBOL, "symbol lies outside the image") \
	ERR(ELF_E_CAPRELOCS, "__cap_relocs section is malformed") \
	ERR(ELF_E_CAPRELOC_LOCATION, "capability relocation location is outside the image or not 16-byte aligned") \
	ERR(ELF_E_CAPRELOC_TARGET, "capability relocation target is outside the image") \
	ERR(ELF_E_CAPRELOC_LENGTH, "capability relocation has an impossible length") \
	ERR(ELF_E_CAPRELOC_PERMS, "capability relocation has an unknown permissions word") \
	ERR(ELF_E_RELA, "relocation section is malformed") \
	ERR(ELF_E_RELA_TYPE, "unsupported relocation type") \
	ERR(ELF_E_RELA_OFFSET, "relocation writes outside the image") \
	ERR(ELF_E_RELA_SYMBOL, "relocation refers to an undefined or invalid symbol") \
	ERR(ELF_E_CAP_DERIVE, "capability relocation cannot be derived from the cVM's authority")

enum elf_err {
#define ELF_ERR_ENUM(name, msg) name,
	ELF_ERRORS(ELF_ERR_ENUM)
#undef ELF_ERR_ENUM
	ELF_E_COUNT
};

struct elf_error {
	enum elf_err code;
	char detail[200];    /* e.g. "segment [3]: vaddr 0x1000 memsz 0x40000000, slot 0x3e000000" */
};

const char *elf_strerror(enum elf_err code);   /* never NULL */

struct elf_segment {
	unsigned index;        /* index in the program header table (printed as [i]) */
	uint64_t offset;       /* file offset */
	uint64_t vaddr;        /* offset from the image base */
	uint64_t filesz, memsz;
	uint32_t flags;        /* PF_R | PF_W | PF_X */
};

enum elf_cap_kind { ELF_CAP_OBJECT, ELF_CAP_CONST, ELF_CAP_FUNC, ELF_CAP_STORE };

struct elf_cap_reloc {
	uint64_t location;     /* where the 16-byte capability goes (offset, 16-aligned) */
	uint64_t base;         /* bounds base (offset) */
	uint64_t offset;       /* address = base + offset */
	uint64_t length;       /* bounds length */
	uint64_t perms;        /* the perms word as in the file (__cap_relocs) or synthesised */
	enum elf_cap_kind kind;/* STORE: length 0xabba (local_cap_store) -> the cVM's cap store */
};

struct elf_reloc {
	uint64_t offset;       /* where the 64-bit value goes (offset) */
	uint64_t value;        /* value relative to the image base (added to base at load) */
	bool absolute;         /* value is absolute (weak undefined -> 0), do not add base */
};

struct elf_sym {
	bool found;
	uint64_t value;        /* offset from the image base */
	uint64_t size;
};

struct elf_image {
	const uint8_t *bytes;  /* the file (not owned; must outlive load) */
	uint64_t len;
	uint64_t entry;        /* where execution starts (offset): e_entry, `main` or the asked
	                        * symbol (intravisor.md 10, elf_parse_opts) */
	uint64_t e_entry;      /* the header's e_entry */
	const char *entry_from;/* "e_entry", "main" or the asked symbol's name (not owned) */
	struct elf_segment seg[ELF_MAX_SEGMENTS];  /* PT_LOADs in program header order (= address order) */
	unsigned nseg;
	uint64_t map_size;     /* last PT_LOAD vaddr + memsz ("MAP SIZE") */
	int first_writable;    /* index into seg[] of the first PF_W segment, -1 if none */
	bool has_cap_relocs_section;   /* __cap_relocs present (pure-cap image) */
	struct elf_cap_reloc *caps;    /* __cap_relocs entries, then R_RISCV_CHERI_CAPABILITY ones */
	size_t ncaps;
	struct elf_reloc *relocs;      /* R_RISCV_RELATIVE / _64 / _JUMP_SLOT */
	size_t nrelocs;
	struct elf_sym ret_from_monitor, syscall_handler, cvm_heap_begin, cvm_heap_size;
	const char *interp;    /* a pure-cap program's PT_INTERP (not owned; "?" if unreadable), which
	                        * nothing uses: it needs no library (elf_parse_opts), or NULL */
	/* hybrid images (elf_parse_hybrid): what the Linux start state's auxv needs */
	bool hybrid;
	uint64_t phdr;         /* address of the program headers in the image (AT_PHDR), 0 if not loaded */
	uint16_t phnum, phent; /* AT_PHNUM, AT_PHENT */
};

/* EF_RISCV_CHERIABI / EF_RISCV_CAP_MODE (intravisor.md 9): either set = a pure-cap image */
#define ELF_EF_RISCV_CHERIABI 0x10000u
#define ELF_EF_RISCV_CAP_MODE 0x20000u
/* e_flags of an ELF64 header, or 0 if the bytes are too short to hold one. */
uint32_t elf_header_flags(const uint8_t *bytes, uint64_t len);

/* What a capability relocation may be derived from (the cVM's own authority). */
struct elf_authority {
	struct cap code;       /* cVM code cap (unsealed, cap mode); functions derive from it */
	struct cap data;       /* cVM data cap (unsealed); objects, constants, the cap store */
	uint64_t cap_store;    /* guest address of the cVM's 4 KiB capability store */
	uint32_t perm_mask;    /* AND-ed into every permission set (clean_room drops SW0) */
};

/* How to choose the entry (intravisor.md 10) and which file types to accept. */
struct elf_parse_options {
	const char *entry_symbol;  /* NULL: e_entry if it is inside an executable segment, else
	                            * the symbol `main`; else this symbol (it must be in one) */
	bool allow_exec;           /* accept ET_EXEC too (a static pure-cap program: rvrun) */
};

/* Decode and check. `max_size` bounds the image extent (the part of the slot below the stacks).
 * On success img owns two arrays (elf_image_free). On failure img holds nothing. */
int elf_parse(const uint8_t *bytes, uint64_t len, uint64_t max_size, struct elf_image *img,
	      struct elf_error *err) __attribute__((warn_unused_result));
/* The same with options (opt may be NULL: the defaults). */
int elf_parse_opts(const uint8_t *bytes, uint64_t len, uint64_t max_size, const struct elf_parse_options *opt,
		   struct elf_image *img, struct elf_error *err) __attribute__((warn_unused_result));
void elf_image_free(struct elf_image *img);
/* A hybrid image (intravisor.md 9): a static executable (ET_EXEC) or a position-independent
 * image without PT_INTERP, built by a stock compiler. Segments at their addresses (within
 * max_size); no capability or integer relocations are read (a static program applies its own),
 * no section table or symbol is required. */
int elf_parse_hybrid(const uint8_t *bytes, uint64_t len, uint64_t max_size, struct elf_image *img,
		     struct elf_error *err) __attribute__((warn_unused_result));

/* Bytes to map at base for the image: map_size rounded up to a page. */
static inline uint64_t elf_map_extent(const struct elf_image *img)
{
	return (img->map_size + MEM_PAGE_SIZE - 1) & ~(MEM_PAGE_SIZE - 1);
}

/* Compute the capability of every img->caps[i] for an image at `base` into out[i] (tagged).
 * Pure. Bounds that are not exactly representable are rounded outward as CSetBounds rounds
 * (intravisor.md 10; the caller compares out[i]'s bounds with the request to say so). Fails
 * (ELF_E_CAP_DERIVE) if a capability, rounded, is not inside the authority. */
int elf_derive_caps(const struct elf_image *img, uint64_t base, const struct elf_authority *auth,
		    struct cap *out, struct elf_error *err) __attribute__((warn_unused_result));

/* Copy the PT_LOAD bytes to base + vaddr. Precondition: [base, base + elf_map_extent) mapped
 * fresh. Crashes (security CHECK) if that does not hold, never returns half-done. */
void elf_load(struct mem *m, uint64_t base, const struct elf_image *img);
/* SHA-256 of the map_size bytes at base (call after elf_load, before elf_relocate). */
void elf_sha256(const struct mem *m, uint64_t base, const struct elf_image *img, uint8_t out[32]);
/* The same hash from the file alone (what elf_load would leave in a fresh mapping), touching
 * no guest page: 0, or -1 (no memory). */
int elf_sha256_image(const struct elf_image *img, uint8_t out[32]) __attribute__((warn_unused_result));
/* Write the integer relocations (base + value) and the capabilities from elf_derive_caps. */
void elf_relocate(struct mem *m, uint64_t base, const struct elf_image *img, const struct cap *caps);

#endif
