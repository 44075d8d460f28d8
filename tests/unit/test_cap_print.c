/* test_cap_print.c - cap_print in the reference's format (two-pure.expected) and cap_format.
 * TEST(cap_print_demo) is what `make demo` runs: it prints the capabilities to stdout too.
 */
#include <stdlib.h>
#include <string.h>

#include "cap/cap.h"
#include "test.h"

/* cap_print into a string (caller frees) */
static char *print_to_string(const struct cap *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	cap_print(f, c);
	fclose(f);
	return buf;
}

TEST(cap_print_demo)
{
	struct cap root = cap_root(), code, data, sealer, sealed0, sealed16, s;
	code = cap_build_from_root(&root, 0x400000000ULL, 0x40000000ULL, 0x8117);
	T_EQ(cap_set_addr(&code, &code, 0x4000013b4ULL, CAP_V9), 0); /* entry, as ca0 of two-pure */
	data = cap_build_from_root(&root, 0x400000000ULL, 0x40000000ULL, 0x817d);
	sealer = cap_build_from_root(&root, 0, 0x100, CAP_PERM_GLOBAL | CAP_PERM_SEAL | CAP_PERM_UNSEAL);
	T_EQ(cap_set_addr(&s, &sealer, 0, CAP_V9), 0);
	T_EQ(cap_seal(&sealed0, &code, &s, CAP_V9), 0);  /* the reference seals with otype 0 */
	T_EQ(cap_set_addr(&s, &sealer, 16, CAP_V9), 0);
	T_EQ(cap_seal(&sealed16, &code, &s, CAP_V9), 0); /* ours: one otype per cVM */
	struct cap integer = cap_from_int(0x2470);
	static const char *const source[] = {
		"cheri-riscv.md 1.3",
		"two-pure.expected line 59-60 (ca2: COMP DDC)",
		"entry 0x13b4 (ca0 before sealing)",
		"two-pure.expected line 53-54 (ca0: sealed COMP PCC, otype 0)",
		"ca0 sealed with otype 16",
		"two-pure.expected line 102-103 (ca5 of second: untagged integer)",
	};
	const char *labels[] = { "root", "first data", "first code", "first code sealed (otype 0)",
				 "first code sealed (otype 16)", "NULL-derived integer 0x2470" };
	const struct cap *caps[] = { &root, &data, &code, &sealed0, &sealed16, &integer };
	static const char *const want[] = {
		"tag 1 s 0 perms 00078fff type ffffffffffffffff\n"
		"    base 0000000000000000 length ffffffffffffffff ofset 0000000000000000\n",
		"tag 1 s 0 perms 0000817d type ffffffffffffffff\n"
		"    base 0000000400000000 length 0000000040000000 ofset 0000000000000000\n",
		"tag 1 s 0 perms 00008117 type ffffffffffffffff\n"
		"    base 0000000400000000 length 0000000040000000 ofset 00000000000013b4\n",
		"tag 1 s 1 perms 00008117 type 0000000000000000\n"
		"    base 0000000400000000 length 0000000040000000 ofset 00000000000013b4\n",
		"tag 1 s 1 perms 00008117 type 0000000000000010\n"
		"    base 0000000400000000 length 0000000040000000 ofset 00000000000013b4\n",
		"tag 0 s 0 perms 00000000 type ffffffffffffffff\n"
		"    base 0000000000000000 length ffffffffffffffff ofset 0000000000002470\n",
	};
	for (int i = 0; i < 6; i++) {
		t_case("cap_print %s (%s)", labels[i], source[i]);
		printf("%s:\n", labels[i]);
		cap_print(stdout, caps[i]);
		char *got = print_to_string(caps[i]);
		T_STREQ(got, want[i]);
		free(got);
	}
}

TEST(cap_format_line)
{
	struct cap root = cap_root(), d;
	d = cap_build_from_root(&root, 0x400000000ULL, 0x40000000ULL, 0x817d);
	T_EQ(cap_set_addr(&d, &d, 0x400001000ULL, CAP_V9), 0);
	char buf[200];
	t_case("cap_format data cap");
	int n = cap_format(buf, sizeof buf, &d);
	T_STREQ(buf, "v:1 s:0 p:0000817d(G,L,S,LC,SC,SLC,I,SW0) b:0x400000000 t:0x440000000 a:0x400001000 o:-1");
	T_EQ(n, strlen(buf));
	t_case("cap_format root: 65-bit top");
	cap_format(buf, sizeof buf, &root);
	T_STREQ(buf, "v:1 s:0 p:00078fff(G,X,L,S,LC,SC,SLC,Se,I,U,ASR,CID,SW0,SW1,SW2,SW3) b:0x0 "
		     "t:0x10000000000000000 a:0x0 o:-1");
	t_case("cap_format truncates like snprintf and returns the full length");
	char small[12];
	int m = cap_format(small, sizeof small, &d);
	T_EQ(m, n);
	T_STREQ(small, "v:1 s:0 p:0");
	T_EQ(cap_format(NULL, 0, &d), n);
	t_case("cap_format_perms of nothing is empty");
	T_EQ(cap_format_perms(buf, sizeof buf, 0), 0);
	T_STREQ(buf, "");
}
