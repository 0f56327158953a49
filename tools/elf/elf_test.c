// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of fs/elf.c: a small valid image and one broken variant for
 * every rule, each with the errno execve must give; and the real static
 * executables named in ELF_SAMPLES (musl ET_EXEC and static PIE built by
 * the Makefile, Debian's busybox-static), which must parse with the
 * layout readelf shows.
 */
#include <mosaic/elf.h>
#include <mosaic/errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "hosttest.h"

/* ehdr, 4 phdrs, then the file body up to 0x3000 bytes. */
#define IMG_SIZE 0x3000
static _Alignas(8) unsigned char img[IMG_SIZE];
static Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
static Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof(Elf64_Ehdr));
static struct elf_layout lay;

/* text RX at 0x400000 (file 0..0x1000), data RW at 0x401000 + bss. */
static void good(void)
{
	memset(img, 0, sizeof(img));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x400100;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 3;
	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
			      .p_offset = 0, .p_vaddr = 0x400000,
			      .p_filesz = 0x1000, .p_memsz = 0x1000,
			      .p_align = 0x1000 };
	ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
			      .p_offset = 0x1010, .p_vaddr = 0x401010,
			      .p_filesz = 0x100, .p_memsz = 0x5000,
			      .p_align = 0x1000 };
	ph[2] = (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W };
}

static int parse(void)
{
	return elf_parse(img, sizeof(img), sizeof(img), &lay);
}

HOSTTEST(valid_exec_layout)
{
	good();
	CHECK_EQ(parse(), 0);
	CHECK_EQ(lay.type, ET_EXEC);
	CHECK_EQ(lay.entry, 0x400100);
	CHECK_EQ(lay.nr_loads, 2);
	CHECK_EQ(lay.lo, 0x400000);
	CHECK_EQ(lay.hi, 0x407000);
	CHECK_EQ(lay.loads[1].prot, PF_R | PF_W);
	CHECK_EQ(lay.loads[1].filesz, 0x100);
	CHECK_EQ(lay.phdr_vaddr, 0x400040);	/* via the first PT_LOAD */
	CHECK_EQ(lay.phnum, 3);
	CHECK(!lay.exec_stack);
	ph[2].p_flags |= PF_X;
	CHECK_EQ(parse(), 0);
	CHECK(lay.exec_stack);
}

HOSTTEST(static_pie_at_zero)
{
	good();
	eh->e_type = ET_DYN;
	ph[0].p_vaddr = 0;
	ph[1].p_vaddr = 0x1010;
	eh->e_entry = 0x100;
	CHECK_EQ(parse(), 0);
	CHECK_EQ(lay.type, ET_DYN);
	CHECK_EQ(lay.lo, 0);
	/* A fixed image cannot sit at page 0. */
	eh->e_type = ET_EXEC;
	CHECK_EQ(parse(), -EINVAL);
}

HOSTTEST(not_an_x86_64_executable)
{
	good(); img[0] = 0x7e; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_ident[EI_CLASS] = 1; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_ident[EI_DATA] = 2; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_ident[EI_VERSION] = 0; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_machine = 3; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_type = 1; CHECK_EQ(parse(), -ENOEXEC);	/* ET_REL */
	good(); eh->e_type = 4; CHECK_EQ(parse(), -ENOEXEC);	/* ET_CORE */
	good(); eh->e_phentsize = 32; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_phnum = 0; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_phnum = ELF_MAX_PHNUM + 1; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_ehsize = 10; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_phoff = IMG_SIZE - 8; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_phoff = ~0ULL - 4; CHECK_EQ(parse(), -ENOEXEC);
	good(); eh->e_phoff = 65; CHECK_EQ(parse(), -ENOEXEC);	/* unaligned */
	good(); ph[0].p_type = 4; ph[1].p_type = 4;
	CHECK_EQ(parse(), -ENOEXEC);				/* no PT_LOAD */
	good(); ph[2].p_type = PT_INTERP; CHECK_EQ(parse(), -ENOEXEC);
}

HOSTTEST(truncated_files)
{
	good();
	CHECK_EQ(elf_parse(img, 63, 63, &lay), -ENOEXEC);
	CHECK_EQ(elf_parse(img, 100, 100, &lay), -ENOEXEC);	/* phdrs cut */
	CHECK_EQ(elf_parse(img, 0, 0, &lay), -ENOEXEC);
	/* The header fits, the segments' bytes are not in the file. */
	CHECK_EQ(elf_parse(img, 0x400, 0x400, &lay), -EINVAL);
	CHECK_EQ(elf_parse(img, 0x400, 0x1110, &lay), 0);
	CHECK_EQ(elf_parse(img, 0x400, 0x110f, &lay), -EINVAL);
}

HOSTTEST(malformed_segments)
{
	good(); ph[1].p_filesz = 0x6000; CHECK_EQ(parse(), -EINVAL);
	good(); ph[1].p_vaddr = 0x400800; ph[1].p_offset = 0x800;
	CHECK_EQ(parse(), -EINVAL);				/* overlap */
	good(); ph[1].p_vaddr = 0x300010; CHECK_EQ(parse(), -EINVAL);
	good(); ph[1].p_offset = 0x1020; CHECK_EQ(parse(), -EINVAL);
	good(); ph[1].p_offset = ~0ULL - 0xfef; ph[1].p_vaddr = 0x401010;
	CHECK_EQ(parse(), -EINVAL);
	good(); eh->e_entry = 0x300000; CHECK_EQ(parse(), -EINVAL);
	good(); eh->e_entry = 0x407000; CHECK_EQ(parse(), -EINVAL);
}

HOSTTEST(addresses_outside_the_user_half)
{
	good(); ph[1].p_vaddr = 0xffffffff80001010ULL;
	CHECK_EQ(parse(), -EINVAL);
	good(); ph[1].p_vaddr = ELF_USER_TOP - 0x1000 + 0x10;
	CHECK_EQ(parse(), -EINVAL);			/* runs past the top */
	good(); ph[1].p_vaddr = ~0ULL - 0xfef; CHECK_EQ(parse(), -EINVAL);
	good(); ph[1].p_memsz = ~0ULL; CHECK_EQ(parse(), -ENOMEM);
	good(); ph[1].p_memsz = ELF_USER_TOP + 1; CHECK_EQ(parse(), -ENOMEM);
	good(); ph[1].p_memsz = ELF_USER_TOP - 0x401010;
	CHECK_EQ(parse(), 0);			/* ends right at the top */
	CHECK_EQ(lay.hi, ELF_USER_TOP);
	good(); ph[1].p_memsz = ELF_USER_TOP - 0x401010 + 1;
	CHECK_EQ(parse(), -EINVAL);
}

static void check_sample(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	unsigned char *buf;
	size_t n;

	if (!f || fstat(fileno(f), &st)) {
		hosttest_fail(__FILE__, __LINE__, "cannot read %s", path);
		if (f)
			fclose(f);
		return;
	}
	buf = malloc(st.st_size);
	n = fread(buf, 1, st.st_size, f);
	fclose(f);
	CHECK_EQ(n, (size_t)st.st_size);
	CHECK_EQ(elf_parse(buf, n, n, &lay), 0);
	CHECK(lay.nr_loads >= 1);
	CHECK(lay.type == ET_EXEC || lay.type == ET_DYN);
	CHECK(lay.phdr_vaddr >= lay.lo && lay.phdr_vaddr < lay.hi);
	CHECK(!lay.exec_stack);
	if (hosttest_verbose)
		printf("%s: type %u, %u loads, entry %#llx, span %#llx-%#llx\n",
		       path, lay.type, lay.nr_loads,
		       (unsigned long long)lay.entry,
		       (unsigned long long)lay.lo, (unsigned long long)lay.hi);
	free(buf);
}

HOSTTEST(real_static_executables)
{
	const char *list = getenv("ELF_SAMPLES");
	char *copy, *path, *save;
	int count = 0;

	CHECK(list && *list);
	BAIL();
	copy = strdup(list);
	for (path = strtok_r(copy, " ", &save); path;
	     path = strtok_r(NULL, " ", &save), count++)
		check_sample(path);
	free(copy);
	CHECK(count >= 3);
}

int main(int argc, char **argv)
{
	return hosttest_main("elf", argc, argv);
}
