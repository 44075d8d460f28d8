/* cheri_regs.h - CHERI-RISC-V (v9) constants for guest C and assembly (cpp only: no C types).
 * Values from cheri-riscv.md: §2.1 permissions, §3 object types, §4.2 SCRs, §6 causes. */
#ifndef SDK_CHERI_REGS_H
#define SDK_CHERI_REGS_H

/* §2.1 permission bits, CGetPerm/CAndPerm numbering */
#define CHERI_PERM_GLOBAL 0x1
#define CHERI_PERM_EXECUTE 0x2
#define CHERI_PERM_LOAD 0x4
#define CHERI_PERM_STORE 0x8
#define CHERI_PERM_LOAD_CAP 0x10
#define CHERI_PERM_STORE_CAP 0x20
#define CHERI_PERM_STORE_LOCAL_CAP 0x40
#define CHERI_PERM_SEAL 0x80
#define CHERI_PERM_INVOKE 0x100
#define CHERI_PERM_UNSEAL 0x200
#define CHERI_PERM_SYSTEM_REGS 0x400
#define CHERI_PERM_SET_CID 0x800
#define CHERI_PERM_SW0 0x8000
#define CHERI_PERM_SW1 0x10000
#define CHERI_PERM_SW2 0x20000
#define CHERI_PERM_SW3 0x40000
#define CHERI_PERMS_ALL 0x78fff /* the root capability */

/* §3 object types as CGetType returns them */
#define CHERI_OTYPE_UNSEALED (-1)
#define CHERI_OTYPE_SENTRY (-2)
#define CHERI_OTYPE_MAX 0x3fffb

/* §4.2 special capability registers */
#define CHERI_SCR_PCC 0
#define CHERI_SCR_DDC 1

/* §6.1 exception cause for CHERI faults; §6.2 xtval = (cap_index << 5) | cheri_cause */
#define CAUSE_CHERI 28
#define CHERI_CAP_INDEX_PCC 32
#define CHERI_CAP_INDEX_DDC 33

/* §6.3 CHERI cause codes */
#define CHERI_CAUSE_LENGTH 0x01
#define CHERI_CAUSE_TAG 0x02
#define CHERI_CAUSE_SEAL 0x03
#define CHERI_CAUSE_TYPE 0x04
#define CHERI_CAUSE_EXECUTE 0x11
#define CHERI_CAUSE_LOAD 0x12
#define CHERI_CAUSE_STORE 0x13
#define CHERI_CAUSE_LOAD_CAP 0x14
#define CHERI_CAUSE_STORE_CAP 0x15
#define CHERI_CAUSE_STORE_LOCAL_CAP 0x16
#define CHERI_CAUSE_SYSTEM_REGS 0x18
#define CHERI_CAUSE_INVOKE 0x19

#endif
