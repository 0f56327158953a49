// SPDX-License-Identifier: GPL-2.0
/*
 * Freestanding string and memory functions with their standard names: the
 * compiler emits calls to memcpy/memset/memmove/memcmp even in
 * -ffreestanding code. Bulk copies move 8-byte words through an
 * alignment-1 type so unaligned access stays defined behaviour.
 */
#include <mosaic/compiler.h>
#include <mosaic/ctype.h>
#include <mosaic/errno.h>
#include <mosaic/string.h>

typedef u64 __attribute__((__may_alias__, __aligned__(1))) word_unaligned;

/*
 * gcc may turn the byte loops below back into calls to memset/memcpy,
 * which inside memset itself would recurse forever.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define __no_loop_idiom __attribute__((__optimize__("no-tree-loop-distribute-patterns")))
#else
#define __no_loop_idiom
#endif

__no_loop_idiom void *memcpy(void *dest, const void *src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(word_unaligned *)d = *(const word_unaligned *)s;
	while (n--)
		*d++ = *s++;
	return dest;
}

__no_loop_idiom void *memmove(void *dest, const void *src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	/* Copying forwards is safe unless dest starts inside src. */
	if ((uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dest, src, n);

	d += n;
	s += n;
	for (; n >= 8; n -= 8) {
		d -= 8;
		s -= 8;
		*(word_unaligned *)d = *(const word_unaligned *)s;
	}
	while (n--)
		*--d = *--s;
	return dest;
}

__no_loop_idiom void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	u64 w = (u64)(unsigned char)c * 0x0101010101010101ULL;

	for (; n >= 8; n -= 8, p += 8)
		*(word_unaligned *)p = w;
	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	/* Skip equal words quickly, then find the differing byte. */
	for (; n >= 8; n -= 8, x += 8, y += 8)
		if (*(const word_unaligned *)x != *(const word_unaligned *)y)
			break;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return (*x > *y) - (*x < *y);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	char ch = (char)c;
	const char *last = NULL;

	for (;; s++) {
		if (*s == ch)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t nlen = strlen(needle);

	if (!nlen)
		return (char *)haystack;
	for (; *haystack; haystack++)
		if (*haystack == *needle && !strncmp(haystack, needle, nlen))
			return (char *)haystack;
	return NULL;
}

long strscpy(char *dest, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i < size; i++) {
		dest[i] = src[i];
		if (!src[i])
			return (long)i;
	}
	dest[size - 1] = '\0';
	return -E2BIG;
}

static unsigned int digit_value(char c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 36; /* larger than any valid base */
}

/* Strip a base prefix per the kstrtoull rules; returns the base to use. */
static unsigned int parse_prefix(const char **sp, unsigned int base)
{
	const char *s = *sp;
	bool hex_prefix = s[0] == '0' && tolower(s[1]) == 'x' &&
			  digit_value(s[2]) < 16;

	if (base == 0) {
		if (hex_prefix)
			base = 16;
		else if (s[0] == '0')
			base = 8;
		else
			base = 10;
	}
	if (base == 16 && hex_prefix)
		*sp = s + 2;
	return base;
}

int kstrtoull(const char *s, unsigned int base, u64 *res)
{
	u64 val = 0;
	bool any = false, overflow = false;

	if (base == 1 || base > 36)
		return -EINVAL;
	if (*s == '+')
		s++;
	base = parse_prefix(&s, base);
	for (; *s; s++) {
		unsigned int d = digit_value(*s);

		if (d >= base)
			break;
		if (val > (~0ULL - d) / base)
			overflow = true;
		val = val * base + d;
		any = true;
	}
	if (*s == '\n')
		s++;
	/* Malformed beats too large: "99999999999999999999x" is not a number. */
	if (!any || *s)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	*res = val;
	return 0;
}

int kstrtoll(const char *s, unsigned int base, s64 *res)
{
	u64 mag;
	int ret;

	if (*s == '-') {
		if (s[1] == '+')
			return -EINVAL;
		ret = kstrtoull(s + 1, base, &mag);
		if (ret)
			return ret;
		if (mag > (u64)INT64_MAX + 1)
			return -ERANGE;
		*res = (s64)(0 - mag);
		return 0;
	}
	ret = kstrtoull(s, base, &mag);
	if (ret)
		return ret;
	if (mag > (u64)INT64_MAX)
		return -ERANGE;
	*res = (s64)mag;
	return 0;
}

/*
 * Is the word [word, word + len) one of the comma-separated items of
 * list? Used for command-line selections such as ktest=a,b.
 */
bool strlist_has(const char *list, const char *word, size_t len)
{
	for (;;) {
		const char *end = strchr(list, ',');
		size_t item = end ? (size_t)(end - list) : strlen(list);

		if (item == len && !strncmp(list, word, len))
			return true;
		if (!end)
			return false;
		list = end + 1;
	}
}

/* Calls fn for every comma-separated item of list; returns the sum. */
int strlist_for_each(const char *list, int (*fn)(const char *item, size_t len))
{
	int sum = 0;

	for (;;) {
		const char *end = strchr(list, ',');
		size_t item = end ? (size_t)(end - list) : strlen(list);

		sum += fn(list, item);
		if (!end)
			return sum;
		list = end + 1;
	}
}
