/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel command line tokenizer (lib/cmdline.c). Pure: no allocation, no
 * modification of the input; tokens point into the command line.
 *
 * Words are separated by spaces and tabs (and newlines). A word is
 * `key`, `key=value` or `key=` (empty value). Double quotes may enclose
 * a whole value (`msg="hello world"`) or a whole word
 * (`"msg=hello world"`); they are not part of the token. A quote
 * anywhere else, an unterminated quote, or an empty key is malformed.
 */
#ifndef _MOSAIC_CMDLINE_H
#define _MOSAIC_CMDLINE_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

/*
 * The longest command line the kernel keeps, NUL included: Linux's x86
 * COMMAND_LINE_SIZE. The boot information parser cuts a longer one at a
 * word boundary (cmdline_drop_cut_word()) and the kernel warns.
 */
#define COMMAND_LINE_SIZE 2048

struct cmdline_token {
	const char *key;	/* not NUL-terminated */
	size_t key_len;
	const char *value;	/* NULL for a bare flag */
	size_t value_len;
	const char *word;	/* the whole word as written, for messages */
	size_t word_len;
};

/*
 * Read the next word at *pos and advance *pos past it. Returns 1 with
 * *tok filled, 0 at the end of the line, or -EINVAL for a malformed word
 * (tok->word/word_len then describe it and *pos is past it, so the caller
 * can report it and continue).
 */
int cmdline_next(const char **pos, struct cmdline_token *tok);

/* Iterate over well-formed tokens only, silently skipping malformed ones. */
#define cmdline_for_each(pos, tok)                                          \
	for (int __cl_ret; (__cl_ret = cmdline_next(&(pos), &(tok))) != 0;) \
		if (__cl_ret > 0)

/*
 * Copy a token's value (src, n bytes) to buf without its backslash
 * escapes and NUL-terminate it. Returns the length, or -E2BIG if it was
 * truncated to fit size.
 */
int cmdline_unescape(char *buf, size_t size, const char *src, size_t n);

/* Does the token's key equal @key? '-' and '_' match each other, as in Linux. */
bool cmdline_key_is(const struct cmdline_token *tok, const char *key);

/*
 * Copy the value of the last occurrence of @key into buf (NUL-terminated,
 * "" for a bare flag). Returns the value length, -ENOENT when the key is
 * absent, or -E2BIG when the value did not fit (buf holds a truncated
 * copy when size > 0). Malformed words are skipped.
 */
int cmdline_get(const char *cmdline, const char *key, char *buf, size_t size);

/*
 * @line is the start of a longer command line cut to fit a buffer and
 * @next the first character that did not fit. Drop the last word if the
 * cut went through it (it reaches the end of @line and @next continues
 * it, or it is inside an unterminated quote), and the spaces before it,
 * so no half word is ever parsed. Returns the new length of @line.
 */
size_t cmdline_drop_cut_word(char *line, char next);

/* Is @flag present as a bare word (without '=')? */
bool cmdline_has_flag(const char *cmdline, const char *flag);

#endif /* _MOSAIC_CMDLINE_H */
