/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Freestanding string and memory functions (lib/string.c).
 *
 * The kernel is built with -ffreestanding, yet gcc still emits calls to
 * memcpy/memset/memmove/memcmp for struct copies and large initialisers,
 * so these carry their standard names and C semantics. Host builds link
 * against libc, which defines the same names: see tools/include/mosaic_lib_rename.h.
 */
#ifndef _MOSAIC_STRING_H
#define _MOSAIC_STRING_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

/*
 * Copy a C string into a sized buffer, always NUL-terminating when
 * size > 0. Returns the number of characters copied (excluding the NUL),
 * or -E2BIG when src did not fit (dest then holds a truncated copy).
 */
long strscpy(char *dest, const char *src, size_t size);

/* Comma-separated lists, as in ktest=a,b */
bool strlist_has(const char *list, const char *word, size_t len);
int strlist_for_each(const char *list,
		     int (*fn)(const char *item, size_t len));

/*
 * Parse a whole string as an integer: optional sign ('+' for both, '-'
 * only for kstrtoll), digits in @base (2..36), an optional single
 * trailing newline, nothing else. base 0 picks 16 for "0x"/"0X", 8 for a
 * leading "0", else 10; base 16 also accepts a "0x" prefix.
 * Returns 0, -EINVAL (malformed, checked first) or -ERANGE (well-formed
 * but does not fit); *res is only written on success.
 */
int kstrtoull(const char *s, unsigned int base, u64 *res);
int kstrtoll(const char *s, unsigned int base, s64 *res);

#endif /* _MOSAIC_STRING_H */
