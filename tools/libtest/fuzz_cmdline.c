// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the tokenizer on arbitrary bytes must terminate, make
 * progress and return slices inside its input; cmdline_get must agree
 * with the tokenizer.
 */
#include <mosaic/cmdline.h>
#include <mosaic/errno.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *line = malloc(size + 1), buf[16];
	struct cmdline_token tok;
	const char *pos, *prev;
	int ret;

	memcpy(line, data, size);
	line[size] = '\0';
	pos = line;
	for (;;) {
		prev = pos;
		ret = cmdline_next(&pos, &tok);
		if (!ret)
			break;
		if (pos <= prev || tok.word < line ||
		    tok.word + tok.word_len > line + size)
			abort();
		if (ret > 0) {
			char key[64];

			if (!tok.key_len || memchr(tok.key, '"', tok.key_len))
				abort();
			if (tok.key_len < sizeof(key) && !memchr(tok.key, '\0', tok.key_len)) {
				memcpy(key, tok.key, tok.key_len);
				key[tok.key_len] = '\0';
				ret = cmdline_get(line, key, buf, sizeof(buf));
				if (ret == -ENOENT)
					abort();
			}
		} else if (ret != -EINVAL) {
			abort();
		}
	}
	free(line);
	return 0;
}
