/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every ctype class and conversion by number, written once and compiled
 * twice: against <mosaic/ctype.h> in t_ctype.c and against libc's
 * <ctype.h> in t_ctype_ref.c (the two headers cannot share a translation
 * unit). Include after one of them.
 */
#ifndef _LIBTEST_CTYPE_CLASSES_H
#define _LIBTEST_CTYPE_CLASSES_H

#define CTYPE_CLASSES 13	/* which = 0 .. 12 */

static inline int ctype_class(int which, int c)
{
	switch (which) {
	case 0: return !!isdigit(c);
	case 1: return !!isspace(c);
	case 2: return !!isxdigit(c);
	case 3: return !!isalpha(c);
	case 4: return !!isalnum(c);
	case 5: return !!isupper(c);
	case 6: return !!islower(c);
	case 7: return !!isprint(c);
	case 8: return !!isgraph(c);
	case 9: return !!ispunct(c);
	case 10: return !!iscntrl(c);
	case 11: return tolower(c);
	default: return toupper(c);
	}
}

#endif /* _LIBTEST_CTYPE_CLASSES_H */
