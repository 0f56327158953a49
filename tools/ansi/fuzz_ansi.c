// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the ANSI parser and the screen model: the first
 * two bytes pick the screen size (1..80 x 1..25), the rest is the byte
 * stream. Any write outside the grid trips ASan or the guard cells; the
 * cursor and the scroll region must stay on the screen after every byte.
 */
#include <mosaic/ansi.h>
#include <mosaic/vga.h>
#include <stdint.h>
#include <stdlib.h>

#define GUARD 0xdead

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ansi_parser p;
	struct vga_screen s;
	unsigned int cols, rows;
	u16 *mem;
	size_t i;

	if (size < 2)
		return 0;
	cols = data[0] % 80 + 1;
	rows = data[1] % 25 + 1;
	mem = calloc(cols * rows + 2, sizeof(*mem));
	if (!mem)
		return 0;
	mem[0] = GUARD;
	mem[cols * rows + 1] = GUARD;
	vga_screen_init(&s, mem + 1, cols, rows, 0x07);
	vga_screen_clear(&s);
	ansi_init(&p);
	for (i = 2; i < size; i++) {
		ansi_putc(&p, &s, (char)data[i]);
		if (s.x >= cols || s.y >= rows || s.bottom >= rows ||
		    s.top > s.bottom)
			abort();
	}
	if (mem[0] != GUARD || mem[cols * rows + 1] != GUARD)
		abort();
	free(mem);
	return 0;
}
