// SPDX-License-Identifier: GPL-2.0
/* libc's ctype in the "C" locale (the default), for t_ctype.c. */
#include <ctype.h>

int ref_class(int which, int c);

int ref_class(int which, int c)
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
