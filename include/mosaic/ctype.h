/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Character classes for the "C" locale, ASCII only. Arguments are
 * treated as unsigned char values; EOF and bytes >= 0x80 belong to no
 * class. Host code must not include this together with libc's <ctype.h>.
 */
#ifndef _MOSAIC_CTYPE_H
#define _MOSAIC_CTYPE_H

static inline int isdigit(int c) { return (unsigned int)c - '0' < 10; }
static inline int islower(int c) { return (unsigned int)c - 'a' < 26; }
static inline int isupper(int c) { return (unsigned int)c - 'A' < 26; }
static inline int isalpha(int c) { return islower(c) || isupper(c); }
static inline int isalnum(int c) { return isalpha(c) || isdigit(c); }
static inline int isxdigit(int c)
{
	return isdigit(c) || (unsigned int)(c | 0x20) - 'a' < 6;
}
static inline int isspace(int c)
{
	return c == ' ' || (unsigned int)c - '\t' < 5; /* \t \n \v \f \r */
}
static inline int iscntrl(int c) { return (unsigned int)c < 0x20 || c == 0x7f; }
static inline int isprint(int c) { return (unsigned int)c - 0x20 < 0x5f; }
static inline int isgraph(int c) { return (unsigned int)c - 0x21 < 0x5e; }
static inline int ispunct(int c) { return isgraph(c) && !isalnum(c); }
static inline int tolower(int c) { return isupper(c) ? c | 0x20 : c; }
static inline int toupper(int c) { return islower(c) ? c & ~0x20 : c; }

#endif /* _MOSAIC_CTYPE_H */
