// SPDX-License-Identifier: GPL-2.0
/*
 * vsnprintf and friends. One pass over the format; every character goes
 * through emit(), which counts it and stores it only while it fits, so
 * the C99 "would-be length" falls out for free.
 */
#include <mosaic/compiler.h>
#include <mosaic/ctype.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

#define F_LEFT 0x01	/* '-' */
#define F_ZERO 0x02	/* '0' */
#define F_PLUS 0x04	/* '+' */
#define F_SPACE 0x08	/* ' ' */
#define F_ALT 0x10	/* '#' */

/* Widths and precisions beyond this are clamped: no real format needs more. */
#define FIELD_MAX 1000000

/* %zd and %tu borrow long's signedness counterpart. */
BUILD_BUG_ON(sizeof(size_t) != sizeof(long));
BUILD_BUG_ON(sizeof(ptrdiff_t) != sizeof(unsigned long));

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

struct out {
	char *buf;
	size_t size;
	size_t pos;
};

struct spec {
	unsigned int flags;
	int width;
	int precision;	/* -1: none given */
	enum length len;
};

static void emit(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void emit_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

static void emit_str(struct out *o, const char *s, size_t n)
{
	while (n--)
		emit(o, *s++);
}

static void format_number(struct out *o, u64 val, bool negative,
			  const struct spec *sp, unsigned int base, bool upper,
			  bool force_prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];	/* 64 bits in octal is 22 digits */
	char prefix[3];
	int ndig = 0, nprefix = 0, zeros, pad;

	if (!(val == 0 && sp->precision == 0)) {
		do {
			tmp[ndig++] = digits[val % base];
			val /= base;
		} while (val);
	}

	zeros = sp->precision > ndig ? sp->precision - ndig : 0;
	/* '#' with 'o': the first digit printed must be a zero. */
	if ((sp->flags & F_ALT) && base == 8 && !zeros &&
	    (ndig == 0 || tmp[ndig - 1] != '0'))
		zeros = 1;

	if (negative)
		prefix[nprefix++] = '-';
	else if (sp->flags & F_PLUS)
		prefix[nprefix++] = '+';
	else if (sp->flags & F_SPACE)
		prefix[nprefix++] = ' ';
	if (base == 16 && (force_prefix || ((sp->flags & F_ALT) && ndig &&
					    !(ndig == 1 && tmp[0] == '0')))) {
		prefix[nprefix++] = '0';
		prefix[nprefix++] = upper ? 'X' : 'x';
	}

	pad = sp->width - (nprefix + zeros + ndig);
	if (!(sp->flags & F_LEFT)) {
		/* '0' pads after the sign/prefix, but only without a precision. */
		if ((sp->flags & F_ZERO) && sp->precision < 0)
			zeros += pad > 0 ? pad : 0;
		else
			emit_repeat(o, ' ', pad);
	}
	emit_str(o, prefix, nprefix);
	emit_repeat(o, '0', zeros);
	while (ndig)
		emit(o, tmp[--ndig]);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

/* n characters of s, padded to the field width. */
static void format_chars(struct out *o, const char *s, size_t n,
			 const struct spec *sp)
{
	int pad;

	pad = sp->width > (long)n ? sp->width - (int)n : 0;
	if (!(sp->flags & F_LEFT))
		emit_repeat(o, ' ', pad);
	emit_str(o, s, n);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

static void format_string(struct out *o, const char *s, const struct spec *sp)
{
	if (!s)
		s = "(null)";
	format_chars(o, s, strnlen(s, sp->precision >= 0 ?
				   (size_t)sp->precision : (size_t)-1), sp);
}

/* Parse a decimal field (width or precision) at *fmt, clamped. */
static int parse_field(const char **fmt)
{
	int v = 0;

	while (isdigit(**fmt)) {
		if (v < FIELD_MAX)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v < FIELD_MAX ? v : FIELD_MAX;
}

static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	sp->flags = 0;
	sp->width = 0;
	sp->precision = -1;
	sp->len = LEN_NONE;

	for (;; fmt++) {
		if (*fmt == '-')
			sp->flags |= F_LEFT;
		else if (*fmt == '0')
			sp->flags |= F_ZERO;
		else if (*fmt == '+')
			sp->flags |= F_PLUS;
		else if (*fmt == ' ')
			sp->flags |= F_SPACE;
		else if (*fmt == '#')
			sp->flags |= F_ALT;
		else
			break;
	}

	if (*fmt == '*') {
		int w = va_arg(*ap, int);

		fmt++;
		if (w < 0) {
			sp->flags |= F_LEFT;
			w = w == INT32_MIN ? FIELD_MAX : -w;
		}
		sp->width = w < FIELD_MAX ? w : FIELD_MAX;
	} else {
		sp->width = parse_field(&fmt);
	}

	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			int p = va_arg(*ap, int);

			fmt++;
			/* A negative precision is taken as if omitted. */
			sp->precision = p < 0 ? -1 : (p < FIELD_MAX ? p : FIELD_MAX);
		} else {
			sp->precision = parse_field(&fmt);
		}
	}

	switch (*fmt) {
	case 'h':
		fmt++;
		sp->len = LEN_H;
		if (*fmt == 'h') {
			fmt++;
			sp->len = LEN_HH;
		}
		break;
	case 'l':
		fmt++;
		sp->len = LEN_L;
		if (*fmt == 'l') {
			fmt++;
			sp->len = LEN_LL;
		}
		break;
	case 'z':
		fmt++;
		sp->len = LEN_Z;
		break;
	case 'j':
		fmt++;
		sp->len = LEN_J;
		break;
	case 't':
		fmt++;
		sp->len = LEN_T;
		break;
	}
	return fmt;
}

static s64 fetch_signed(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:	/* the signed type matching size_t */
		return va_arg(*ap, long);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static u64 fetch_unsigned(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	case LEN_T:	/* the unsigned type matching ptrdiff_t */
		return va_arg(*ap, unsigned long);
	default:
		return va_arg(*ap, unsigned int);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { .buf = buf, .size = size, .pos = 0 };
	struct spec sp;
	va_list ap;

	/* Work on a copy so helpers can take its address portably. */
	va_copy(ap, args);
	while (*fmt) {
		if (*fmt != '%') {
			emit(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &ap);
		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 v = fetch_signed(sp.len, &ap);
			u64 mag = v < 0 ? 0 - (u64)v : (u64)v;

			format_number(&o, mag, v < 0, &sp, 10, false, false);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			u64 v = fetch_unsigned(sp.len, &ap);
			unsigned int base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;

			/* '+' and ' ' only apply to signed conversions. */
			sp.flags &= ~(F_PLUS | F_SPACE);
			format_number(&o, v, false, &sp, base, *fmt == 'X', false);
			break;
		}
		case 'p':
			sp.flags &= ~(F_PLUS | F_SPACE | F_ZERO | F_ALT);
			sp.precision = 16;
			format_number(&o, (uintptr_t)va_arg(ap, void *), false,
				      &sp, 16, false, true);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			format_chars(&o, &c, 1, &sp);
			break;
		}
		case 's':
			format_string(&o, va_arg(ap, const char *), &sp);
			break;
		case '%':
			emit(&o, '%');
			break;
		case '\0':
			/* A lone '%' at the end: print it rather than drop it. */
			emit(&o, '%');
			continue;
		default:
			/* Unknown (or unsupported, like %n): show it verbatim. */
			emit(&o, '%');
			emit(&o, *fmt);
			break;
		}
		fmt++;
	}
	va_end(ap);

	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return o.pos > INT32_MAX ? INT32_MAX : (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = vsnprintf(buf, size, fmt, args);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}
