/* test.h - the in-house table-driven test runner (tests/unit/runner.c).
 *
 * A test function is registered with TEST(name). Inside it, each table row (or each property)
 * is a *case*: t_case("fmt", ...) opens one and describes its inputs; the T_* checks that fail
 * mark the open case failed and print the inputs, the expression, the value got and the value
 * expected. A test that opens no case counts as one case. The runner prints
 * "N passed, N failed" over all cases and exits 1 if any failed.
 */
#ifndef INTRAVISOR_TEST_H
#define INTRAVISOR_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

void test_register(const char *name, void (*fn)(void));
void t_case(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool t_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define TEST(name) \
	static void test_##name(void); \
	__attribute__((constructor)) static void test_reg_##name(void) { test_register(#name, test_##name); } \
	static void test_##name(void)

/* Each check evaluates to true when it held. */
#define T_EQ(got, want) ({ \
	unsigned long long t_g_ = (unsigned long long)(got), t_w_ = (unsigned long long)(want); \
	t_g_ == t_w_ || t_fail(__FILE__, __LINE__, "%s = 0x%llx, want 0x%llx", #got, t_g_, t_w_); })
#define T_EQ128(got, want) ({ \
	unsigned __int128 t_g_ = (got), t_w_ = (want); \
	t_g_ == t_w_ || t_fail(__FILE__, __LINE__, "%s = 0x%llx_%016llx, want 0x%llx_%016llx", #got, \
		(unsigned long long)(t_g_ >> 64), (unsigned long long)t_g_, \
		(unsigned long long)(t_w_ >> 64), (unsigned long long)t_w_); })
#define T_TRUE(cond) ({ (cond) || t_fail(__FILE__, __LINE__, "%s is false", #cond); })
#define T_STREQ(got, want) ({ \
	const char *t_g_ = (got), *t_w_ = (want); \
	(t_g_ && t_w_ && strcmp(t_g_, t_w_) == 0) || \
		t_fail(__FILE__, __LINE__, "%s = \"%s\", want \"%s\"", #got, t_g_ ? t_g_ : "(null)", t_w_ ? t_w_ : "(null)"); })

/* Deterministic PRNG for property tests (xorshift64*), seeded per property. */
static inline uint64_t t_rand(uint64_t *s)
{
	*s ^= *s >> 12; *s ^= *s << 25; *s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

#endif
