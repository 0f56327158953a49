// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "ksyms": the embedded symbol table resolves addresses the
 * way backtraces print them, "name+0xoff/0xsize", and anything outside
 * the kernel's text stays a plain address.
 */
#include <mosaic/backtrace.h>
#include <mosaic/ctype.h>
#include <mosaic/ktest.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

extern char _text[], _etext[];

/* Two functions the compiler must keep apart and in this order. */
static __noinline int ksyms_probe_first(int x)
{
	barrier();
	return x * 3 + 1;
}

static __noinline int ksyms_probe_second(int x)
{
	barrier();
	return x * 5 + 2;
}

/* "0x<hex digits>" at *s; advances *s past them. */
static bool parse_hex(const char **s, unsigned long *val)
{
	const char *p = *s;

	if (p[0] != '0' || p[1] != 'x' || !isxdigit(p[2]))
		return false;
	*val = 0;
	for (p += 2; isxdigit(*p); p++)
		*val = *val * 16 +
		       (isdigit(*p) ? *p - '0' : (*p | 0x20) - 'a' + 10);
	*s = p;
	return true;
}

/* The "+0xoff/0xsize" of a formatted symbol; false if there is none. */
static bool parse_offsets(const char *s, unsigned long *off,
			  unsigned long *size)
{
	const char *p = strchr(s, '+');

	if (!p++ || !parse_hex(&p, off) || *p++ != '/')
		return false;
	return parse_hex(&p, size) && *p == '\0';
}

static void expect_symbol(struct ktest *t, unsigned long addr, const char *name,
			  unsigned long want_off)
{
	char buf[128];
	unsigned long off = ~0UL, size = 0;
	size_t n = strlen(name);

	ksym_format(buf, sizeof(buf), addr);
	if (strncmp(buf, name, n) != 0 || buf[n] != '+') {
		ktest_fail_at(t, __FILE__, __LINE__, "0x%lx is \"%s\", not %s+",
			      addr, buf, name);
		return;
	}
	KT_EXPECT(t, parse_offsets(buf, &off, &size));
	KT_EXPECT_EQ(t, off, want_off);
	KT_EXPECT(t, size > off);
}

static void test_function_start_and_offset(struct ktest *t)
{
	unsigned long f = (unsigned long)ksym_format;

	expect_symbol(t, f, "ksym_format", 0);
	expect_symbol(t, f + 3, "ksym_format", 3);
}

static void test_static_functions(struct ktest *t)
{
	expect_symbol(t, (unsigned long)ksyms_probe_first, "ksyms_probe_first",
		      0);
	expect_symbol(t, (unsigned long)ksyms_probe_second,
		      "ksyms_probe_second", 0);
	KT_EXPECT_EQ(t, ksyms_probe_first(1) + ksyms_probe_second(1), 11);
}

/* The size printed is the distance to the next symbol, so the last byte
 * of a function still belongs to it and the next byte does not. */
static void test_size_reaches_next_symbol(struct ktest *t)
{
	unsigned long f = (unsigned long)ksyms_probe_first;
	unsigned long off, size;
	char buf[128], next[128];

	ksym_format(buf, sizeof(buf), f);
	KT_ASSERT(t, parse_offsets(buf, &off, &size));
	expect_symbol(t, f + size - 1, "ksyms_probe_first", size - 1);
	ksym_format(next, sizeof(next), f + size);
	KT_EXPECT(t, strncmp(next, "ksyms_probe_first+", 18) != 0);
}

static void test_outside_text_is_an_address(struct ktest *t)
{
	static const int not_code = 7;
	char buf[64], want[64];
	unsigned long addrs[] = { 0, (unsigned long)&not_code,
				  (unsigned long)_etext,
				  (unsigned long)_text - 1 };

	for (unsigned int i = 0; i < ARRAY_SIZE(addrs); i++) {
		ksym_format(buf, sizeof(buf), addrs[i]);
		snprintf(want, sizeof(want), "0x%016lx", addrs[i]);
		KT_EXPECT_STREQ(t, buf, want);
	}
}

static void test_truncates_to_buffer(struct ktest *t)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	ksym_format(buf, 6, (unsigned long)ksym_format);
	KT_EXPECT_STREQ(t, buf, "ksym_");
	KT_EXPECT_EQ(t, buf[6], 'x');
}

static struct ktest_case ksyms_cases[] = {
	KTEST_CASE(test_function_start_and_offset),
	KTEST_CASE(test_static_functions),
	KTEST_CASE(test_size_reaches_next_symbol),
	KTEST_CASE(test_outside_text_is_an_address),
	KTEST_CASE(test_truncates_to_buffer),
	{}
};
KTEST_SUITE(ksyms, ksyms_cases);
