// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for fs/elf.c: on any input, elf_parse() returns 0 or
 * one of the three documented errors, and a layout it accepts keeps
 * every promise the loader relies on: segments ascending and disjoint,
 * file ranges inside the file, addresses below the user top, the entry
 * inside a segment.
 */
#include <mosaic/elf.h>
#include <mosaic/errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_layout(const struct elf_layout *l, size_t size)
{
	bool entry_in = false;

	if (!l->nr_loads || l->nr_loads > ELF_MAX_LOADS || l->lo > l->hi ||
	    l->hi > ELF_USER_TOP)
		abort();
	for (unsigned int i = 0; i < l->nr_loads; i++) {
		const struct elf_segment *s = &l->loads[i];

		if (s->filesz > s->memsz || s->offset > size ||
		    s->filesz > size - s->offset ||
		    s->vaddr + s->memsz > l->hi || s->vaddr < l->lo)
			abort();
		if (i && s->vaddr < l->loads[i - 1].vaddr + l->loads[i - 1].memsz)
			abort();
		if (l->entry >= s->vaddr && l->entry < s->vaddr + s->memsz)
			entry_in = true;
	}
	if (!entry_in)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private, aligned copy, so ASan sees any read past the end. */
	uint8_t *buf = malloc(size ? size : 1);
	struct elf_layout l;
	int ret;

	memcpy(buf, data, size);
	ret = elf_parse(buf, size, size, &l);
	if (ret == 0)
		check_layout(&l, size);
	else if (ret != -ENOEXEC && ret != -EINVAL && ret != -ENOMEM)
		abort();
	free(buf);
	return 0;
}
