#!/usr/bin/env python3
"""cheri_rela.py IN OUT - an ELF seed for fuzz_elf with an R_RISCV_CHERI_CAPABILITY (193)
dynamic relocation, which GNU ld cannot make: copy IN (hybrid.so) and turn each 16-byte
aligned R_RISCV_64 (2) relocation against a defined symbol into type 193."""
import struct
import sys

data = bytearray(open(sys.argv[1], "rb").read())
shoff, = struct.unpack_from("<Q", data, 0x28)
shnum, = struct.unpack_from("<H", data, 0x3c)
changed = 0
for i in range(shnum):
    sh = shoff + 64 * i
    sh_type, = struct.unpack_from("<I", data, sh + 4)
    off, size, link = struct.unpack_from("<QQI", data, sh + 24)
    if sh_type != 4:  # SHT_RELA
        continue
    symoff, = struct.unpack_from("<Q", data, shoff + 64 * link + 24)
    for e in range(off, off + size, 24):
        r_offset, r_info = struct.unpack_from("<QQ", data, e)
        sym, typ = r_info >> 32, r_info & 0xffffffff
        shndx, = struct.unpack_from("<H", data, symoff + 24 * sym + 6)
        if typ == 2 and r_offset % 16 == 0 and shndx != 0:
            struct.pack_into("<Q", data, e + 8, (sym << 32) | 193)
            changed += 1
if not changed:
    sys.exit("cheri_rela.py: no R_RISCV_64 relocation to change in " + sys.argv[1])
open(sys.argv[2], "wb").write(data)
