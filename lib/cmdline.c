// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel command line tokenizer. A word's extent is found first (spaces
 * inside double quotes do not end it), then the word is checked and split
 * into key and value. Quotes are only allowed around a whole word or a
 * whole value, so key and value are always contiguous in the input and no
 * copy is needed.
 *
 * A backslash escapes the next character, as GRUB writes a command line
 * (it turns bar='x"y' into bar=x\"y): an escaped quote or space belongs
 * to the word, and cmdline_unescape() drops the backslashes from values.
 */
#include <mosaic/cmdline.h>
#include <mosaic/ctype.h>
#include <mosaic/errno.h>
#include <mosaic/string.h>

/* Is s[i] preceded by an odd number of backslashes? */
static bool is_escaped(const char *s, size_t i)
{
	size_t slashes = 0;

	while (i > slashes && s[i - slashes - 1] == '\\')
		slashes++;
	return slashes % 2;
}

static bool has_quote(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '"' && !is_escaped(s, i))
			return true;
	return false;
}

/*
 * If [*s, *s + *n) is wrapped in quotes, strip them. Returns false when
 * quotes appear anywhere else (including a lone '"').
 */
static bool unquote(const char **s, size_t *n)
{
	if (*n && (*s)[0] == '"') {
		if (*n < 2 || (*s)[*n - 1] != '"' || is_escaped(*s, *n - 1))
			return false;
		(*s)++;
		*n -= 2;
	}
	return !has_quote(*s, *n);
}

/* Split "key[=value]" in [s, s + n); the key must be free of quotes. */
static bool split_word(const char *s, size_t n, struct cmdline_token *tok)
{
	const char *eq = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			eq = s + i;
			break;
		}
	}
	tok->key = s;
	tok->key_len = eq ? (size_t)(eq - s) : n;
	tok->value = NULL;
	tok->value_len = 0;
	if (!tok->key_len || has_quote(tok->key, tok->key_len))
		return false;
	if (eq) {
		tok->value = eq + 1;
		tok->value_len = n - tok->key_len - 1;
	}
	return true;
}

int cmdline_next(const char **pos, struct cmdline_token *tok)
{
	const char *p = *pos, *start;
	bool in_quote = false;
	size_t n;

	while (*p && isspace(*p))
		p++;
	if (!*p) {
		*pos = p;
		return 0;
	}

	start = p;
	for (; *p && (in_quote || !isspace(*p)); p++) {
		if (*p == '\\' && p[1]) {
			p++;	/* the escaped character, whatever it is */
			continue;
		}
		if (*p == '"')
			in_quote = !in_quote;
	}
	*pos = p;
	n = p - start;
	tok->word = start;
	tok->word_len = n;
	tok->key = NULL;
	tok->key_len = 0;
	tok->value = NULL;
	tok->value_len = 0;
	if (in_quote)
		return -EINVAL;	/* unterminated quote */

	if (start[0] == '"') {
		/* "key=value with spaces": one pair of quotes, nothing inside. */
		if (!unquote(&start, &n) || !split_word(start, n, tok))
			return -EINVAL;
		return 1;
	}
	if (!split_word(start, n, tok))
		return -EINVAL;
	if (tok->value && !unquote(&tok->value, &tok->value_len))
		return -EINVAL;
	return 1;
}

/* As in Linux, '-' and '_' are the same character in a key. */
static char key_char(char c)
{
	return c == '-' ? '_' : c;
}

bool cmdline_key_is(const struct cmdline_token *tok, const char *key)
{
	size_t i;

	for (i = 0; i < tok->key_len; i++)
		if (!key[i] || key_char(key[i]) != key_char(tok->key[i]))
			return false;
	return key[i] == '\0';
}

int cmdline_get(const char *cmdline, const char *key, char *buf, size_t size)
{
	struct cmdline_token tok, found = { .key = NULL };
	bool present = false;

	/* The last occurrence wins, so later words override earlier ones. */
	cmdline_for_each(cmdline, tok) {
		if (cmdline_key_is(&tok, key)) {
			found = tok;
			present = true;
		}
	}
	if (!present)
		return -ENOENT;

	return cmdline_unescape(buf, size, found.value ? found.value : "",
				found.value_len);
}

int cmdline_unescape(char *buf, size_t size, const char *src, size_t n)
{
	size_t out = 0;

	if (!size)
		return -E2BIG;
	for (size_t i = 0; i < n; i++) {
		if (src[i] == '\\' && i + 1 < n)
			i++;
		if (out + 1 >= size) {
			buf[out] = '\0';
			return -E2BIG;
		}
		buf[out++] = src[i];
	}
	buf[out] = '\0';
	return (int)out;
}

bool cmdline_has_flag(const char *cmdline, const char *flag)
{
	struct cmdline_token tok;

	cmdline_for_each(cmdline, tok)
		if (!tok.value && cmdline_key_is(&tok, flag))
			return true;
	return false;
}

size_t cmdline_drop_cut_word(char *line, char next)
{
	struct cmdline_token tok, last = { .word = NULL };
	const char *pos = line;
	size_t len = strlen(line), keep;
	int ret, last_ret = 0;

	while ((ret = cmdline_next(&pos, &tok)) != 0) {
		last = tok;
		last_ret = ret;
	}
	if (!last.word || last.word + last.word_len != line + len)
		return len;	/* the line ends in spaces: no word was cut */
	/* A trailing lone backslash escaped what was cut off. */
	if (last_ret > 0 && !is_escaped(line, len) &&
	    (next == '\0' || isspace(next)))
		return len;	/* whole word, cut just after it */
	keep = last.word - line;
	while (keep && isspace(line[keep - 1]))
		keep--;
	line[keep] = '\0';
	return keep;
}
