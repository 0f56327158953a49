// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for drivers/acpi/tables.c on QEMU's own tables, captured
 * from Mosaic boots with `acpi_dump` (tools/acpi/fixtures, see
 * capture.py): pc and q35 under SeaBIOS, pc under OVMF (RSDP v2, XSDT),
 * q35 without an 8042. Corrupted variants are made from the real tables
 * in memory: bad checksums, lengths too short, too long and past the
 * mapped memory, absurd entry counts, broken MADT entries, a broken XSDT.
 * Every region lives in its own heap block of the exact size, so ASan
 * catches any read outside what the map callback handed out.
 */
#include <mosaic/acpi.h>
#include <mosaic/errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest.h"

#define MAX_REGIONS 64

struct region {
	u64 addr;
	size_t len;
	u8 *bytes;
};

struct memory {
	u8 rsdp[64];
	size_t rsdp_len;
	unsigned int n;
	struct region r[MAX_REGIONS];
};

static struct memory mem;
static const char *fixtures;

static const void *map(void *ctx, phys_addr_t pa, size_t len)
{
	struct memory *m = ctx;
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (pa >= m->r[i].addr && len <= m->r[i].len &&
		    pa - m->r[i].addr <= m->r[i].len - len)
			return m->r[i].bytes + (pa - m->r[i].addr);
	return NULL;
}

static size_t unhex(const char *s, u8 *out, size_t max)
{
	size_t n = 0;
	unsigned int b;

	while (n < max && sscanf(s + 2 * n, "%2x", &b) == 1)
		out[n++] = (u8)b;
	return n;
}

static void add_bytes(struct memory *m, u64 addr, const u8 *b, size_t len)
{
	struct region *r = m->n ? &m->r[m->n - 1] : NULL;

	if (!r || r->addr + r->len != addr) {
		if (m->n == MAX_REGIONS)
			abort();
		r = &m->r[m->n++];
		r->addr = addr;
		r->len = 0;
		r->bytes = NULL;
	}
	r->bytes = realloc(r->bytes, r->len + len);
	memcpy(r->bytes + r->len, b, len);
	r->len += len;
}

static void unload(void)
{
	unsigned int i;

	for (i = 0; i < mem.n; i++)
		free(mem.r[i].bytes);
	memset(&mem, 0, sizeof(mem));
}

/* Read tools/acpi/fixtures/@name into mem (exact-size regions). */
static bool load(const char *name)
{
	char path[512], line[256];
	FILE *f;

	unload();
	snprintf(path, sizeof(path), "%s/%s", fixtures, name);
	f = fopen(path, "r");
	if (!f) {
		hosttest_fail(__FILE__, __LINE__, "cannot open %s", path);
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		u8 bytes[64];
		char word[32];
		size_t n;

		if (line[0] == '#' || sscanf(line, "%31s", word) != 1)
			continue;
		if (!strcmp(word, "rsdp")) {
			mem.rsdp_len += unhex(line + 5, mem.rsdp + mem.rsdp_len,
					      sizeof(mem.rsdp) - mem.rsdp_len);
			continue;
		}
		addr = strtoull(word, NULL, 16);
		n = unhex(line + strlen(word) + 1, bytes, sizeof(bytes));
		add_bytes(&mem, addr, bytes, n);
	}
	fclose(f);
	return mem.rsdp_len >= ACPI_RSDP_V1_LEN && mem.n > 0;
}

static int parse(struct acpi_info *info)
{
	host_printk_reset();
	return acpi_parse(info, mem.rsdp, mem.rsdp_len, map, &mem);
}

/* The bytes of the first table with @sig (through the parser's own list). */
static u8 *table(const char *sig, u32 *len)
{
	static struct acpi_info info;
	const struct acpi_table_ref *ref;

	parse(&info);
	ref = acpi_find_table(&info, sig);
	if (!ref)
		return NULL;
	*len = ref->length;
	return (u8 *)map(&mem, ref->addr, ref->length);
}

static void fix_checksum(u8 *t, u32 len)
{
	u8 sum = 0;
	u32 i;

	t[9] = 0;
	for (i = 0; i < len; i++)
		sum += t[i];
	t[9] = (u8)-sum;
}

static void fix_rsdp_checksum(u8 *r)
{
	u8 sum = 0;
	unsigned int i;

	r[8] = 0;
	for (i = 0; i < ACPI_RSDP_V1_LEN; i++)
		sum += r[i];
	r[8] = (u8)-sum;
}

static bool printed(const char *s)
{
	return strstr(host_printk_buf, s) != NULL;
}

static void check_qemu_madt(const struct acpi_info *info, unsigned int cpus)
{
	unsigned int i;

	CHECK(info->has_madt);
	CHECK_EQ(info->lapic_addr, 0xfee00000);
	CHECK(info->madt_flags & ACPI_MADT_PCAT_COMPAT);
	CHECK_EQ(info->ncpus, cpus);
	for (i = 0; i < info->ncpus && i < cpus; i++) {
		CHECK_EQ(info->cpus[i].apic_id, i);
		CHECK(info->cpus[i].enabled);
	}
	CHECK_EQ(info->nioapics, 1);
	CHECK_EQ(info->ioapics[0].addr, 0xfec00000);
	CHECK_EQ(info->ioapics[0].gsi_base, 0);
	/* The timer on GSI 2, and the PCI IRQs level-triggered active high */
	CHECK_EQ(info->noverrides, 5);
	CHECK(info->overrides[0].source == 0 && info->overrides[0].gsi == 2);
	CHECK(info->overrides[1].source == 5 && info->overrides[1].flags == 0xd);
	CHECK_EQ(info->nnmis, 1);
	CHECK(info->nmis[0].lint == 1 && info->nmis[0].acpi_uid == 0xff);
	CHECK(info->has_hpet && info->hpet_addr == 0xfed00000);
}

HOSTTEST(pc_seabios_smp4)
{
	struct acpi_info info;

	if (!load("pc-seabios-smp4.acpi"))
		return;
	CHECK_EQ(parse(&info), 0);
	CHECK(info.present && !info.use_xsdt && info.revision == 0);
	CHECK_STREQ(info.oem_id, "BOCHS ");
	CHECK_EQ(info.ntables, 4);
	CHECK(acpi_find_table(&info, "WAET") && !acpi_find_table(&info, "MCFG"));
	check_qemu_madt(&info, 4);
	CHECK(info.has_fadt && info.fadt_revision == 1);
	CHECK(info.has_8042);		/* ACPI 1.0 FADT: no flag, assume one */
	CHECK(!info.has_reset_reg);
	CHECK_EQ(info.pm1a_cnt, 0x604);
	CHECK_EQ(info.sci_irq, 9);
	CHECK(info.dsdt != 0);
	/* QEMU's \_S5 is Package (4) { 0, 0, 0, 0 }: PIIX4's soft off. */
	CHECK(info.has_s5 && info.s5_slp_typa == 0 && info.s5_slp_typb == 0);
	CHECK_EQ(info.nmcfg, 0);
	CHECK_EQ(info.warnings, 0);
}

HOSTTEST(q35_seabios_smp2)
{
	struct acpi_info info;

	if (!load("q35-seabios-smp2.acpi"))
		return;
	CHECK_EQ(parse(&info), 0);
	CHECK_EQ(info.ntables, 5);
	check_qemu_madt(&info, 2);
	CHECK(info.has_fadt && info.fadt_revision == 3);
	CHECK(info.has_8042 && (info.boot_arch & ACPI_FADT_8042));
	CHECK(info.has_reset_reg);
	CHECK(info.reset_reg.space_id == ACPI_GAS_IO &&
	      info.reset_reg.address == 0xcf9 && info.reset_value == 0xf);
	CHECK_EQ(info.nmcfg, 1);
	CHECK(info.mcfg[0].base == 0xb0000000 && info.mcfg[0].segment == 0 &&
	      info.mcfg[0].bus_start == 0 && info.mcfg[0].bus_end == 255);
	CHECK(info.has_s5 && info.s5_slp_typa == 0);
	CHECK_EQ(info.warnings, 0);
}

HOSTTEST(q35_without_8042)
{
	struct acpi_info info;

	if (!load("q35-seabios-no8042.acpi"))
		return;
	CHECK_EQ(parse(&info), 0);
	CHECK(info.has_fadt && info.fadt_revision >= 2);
	CHECK(!info.has_8042 && !(info.boot_arch & ACPI_FADT_8042));
	CHECK_EQ(info.warnings, 0);
}

HOSTTEST(pc_ovmf_xsdt)
{
	struct acpi_info info;

	if (!load("pc-ovmf-smp4.acpi"))
		return;
	CHECK_EQ(parse(&info), 0);
	CHECK(info.present && info.use_xsdt && info.revision == 2);
	CHECK_EQ(info.ntables, 5);
	CHECK(acpi_find_table(&info, "BGRT"));
	check_qemu_madt(&info, 4);
	CHECK_EQ(info.pm1a_cnt, 0xb004);
	CHECK(info.has_s5 && info.s5_slp_typa == 0);
	CHECK_EQ(info.warnings, 0);
}

/* Name (\_S5, Package () { ... }) as firmware writes it, and what is not. */
HOSTTEST(s5_scan)
{
	static const u8 root_byte[] = { 0x10, 0x08, '\\', '_', 'S', '5', '_',
					0x12, 0x08, 0x04, 0x0a, 0x07, 0x0a,
					0x05, 0x00, 0x00 };
	static const u8 plain_one[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06,
					0x02, 0x01, 0x0b, 0x06, 0x00 };
	static const u8 long_pkglen[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x40,
					  0x00, 0x02, 0x0a, 0x03, 0x00 };
	static const u8 one_element[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x03,
					  0x01, 0x0a, 0x05 };
	static const u8 computed[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x04,
				       0x02, 0x70, 0x0a, 0x05 };
	static const u8 cut_short[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06,
					0x02, 0x0a };
	static const u8 s4_only[] = { 0x08, '_', 'S', '4', '_', 0x12, 0x06,
				      0x02, 0x0a, 0x05, 0x0a, 0x05 };
	u8 a = 0xff, b = 0xff;

	CHECK_EQ(acpi_find_s5(root_byte, sizeof(root_byte), &a, &b), 0);
	CHECK(a == 7 && b == 5);
	CHECK_EQ(acpi_find_s5(plain_one, sizeof(plain_one), &a, &b), 0);
	CHECK(a == 1 && b == 6);
	CHECK_EQ(acpi_find_s5(long_pkglen, sizeof(long_pkglen), &a, &b), 0);
	CHECK(a == 3 && b == 0);
	CHECK_EQ(acpi_find_s5(one_element, sizeof(one_element), &a, &b),
		 -ENOENT);
	CHECK_EQ(acpi_find_s5(computed, sizeof(computed), &a, &b), -ENOENT);
	/* Every prefix of a valid package stops short, never reads past. */
	for (size_t n = 0; n < sizeof(cut_short); n++)
		CHECK_EQ(acpi_find_s5(cut_short, n, &a, &b), -ENOENT);
	for (size_t n = 0; n < sizeof(plain_one); n++)
		CHECK_EQ(acpi_find_s5(plain_one, n, &a, &b), -ENOENT);
	CHECK_EQ(acpi_find_s5(s4_only, sizeof(s4_only), &a, &b), -ENOENT);
}

HOSTTEST(bad_rsdp)
{
	struct acpi_info info;

	if (!load("pc-seabios-smp4.acpi"))
		return;
	mem.rsdp[8] ^= 0x55;			/* checksum byte */
	CHECK_EQ(parse(&info), -EINVAL);
	CHECK(!info.present && printed("RSDP: bad signature or checksum"));
	mem.rsdp[8] ^= 0x55;
	mem.rsdp[0] = 'X';
	CHECK_EQ(parse(&info), -EINVAL);
	mem.rsdp[0] = 'R';
	CHECK_EQ(acpi_parse(&info, mem.rsdp, 19, map, &mem), -EINVAL);	/* short */
	CHECK_EQ(parse(&info), 0);
}

HOSTTEST(bad_root_table)
{
	struct acpi_info info;
	u32 rsdt;
	u8 *t;

	if (!load("pc-seabios-smp4.acpi"))
		return;
	memcpy(&rsdt, mem.rsdp + 16, 4);
	t = (u8 *)map(&mem, rsdt, ACPI_HEADER_LEN);
	CHECK(t != NULL);
	if (!t)
		return;
	t[20] ^= 1;				/* checksum breaks */
	CHECK_EQ(parse(&info), -ENOENT);
	CHECK(!info.present && printed("RSDT at 0x") && printed("bad checksum"));
	t[20] ^= 1;
	memcpy(t, "XSDT", 4);			/* the wrong kind of table */
	fix_checksum(t, 52);
	CHECK_EQ(parse(&info), -ENOENT);
	CHECK(printed("not RSDT"));
	/* Root address nowhere in memory */
	load("pc-seabios-smp4.acpi");
	memset(mem.rsdp + 16, 0x77, 4);
	fix_rsdp_checksum(mem.rsdp);
	CHECK_EQ(parse(&info), -ENOENT);
	CHECK(printed("not mapped"));
}

HOSTTEST(broken_xsdt_falls_back)
{
	struct acpi_info info;
	u64 xsdt;
	u8 *t;

	if (!load("pc-ovmf-smp4.acpi"))
		return;
	memcpy(&xsdt, mem.rsdp + 24, 8);
	t = (u8 *)map(&mem, xsdt, ACPI_HEADER_LEN);
	if (!t)
		return;
	t[30] ^= 0xff;				/* XSDT checksum breaks */
	/* The fixture's RSDT is not in the dump: the fallback finds none */
	CHECK_EQ(parse(&info), -ENOENT);
	CHECK(printed("falling back to the RSDT"));
}

HOSTTEST(bad_table_checksum_loses_only_that_table)
{
	struct acpi_info info;
	u32 len;
	u8 *madt;

	if (!load("q35-seabios-smp2.acpi"))
		return;
	madt = table("APIC", &len);
	CHECK(madt != NULL);
	if (!madt)
		return;
	madt[44] ^= 0x10;
	CHECK_EQ(parse(&info), 0);
	CHECK(!info.has_madt && info.ncpus == 0);
	CHECK_EQ(info.warnings, 1);
	CHECK(printed("APIC at 0x") && printed("bad checksum"));
	/* the others are all there */
	CHECK(info.has_fadt && info.has_hpet && info.nmcfg == 1);
	CHECK_EQ(info.ntables, 5);
	CHECK(!acpi_find_table(&info, "APIC"));
}

HOSTTEST(bad_lengths)
{
	struct acpi_info info;
	u32 len, bad;
	u8 *madt, *fadt;

	if (!load("q35-seabios-smp2.acpi"))
		return;
	madt = table("APIC", &len);
	if (!madt)
		return;
	bad = 20;				/* shorter than a header */
	memcpy(madt + 4, &bad, 4);
	CHECK_EQ(parse(&info), 0);
	CHECK(!info.has_madt && printed("bad length 20"));
	bad = 0x7fffffff;			/* absurd */
	memcpy(madt + 4, &bad, 4);
	CHECK_EQ(parse(&info), 0);
	CHECK(!info.has_madt && printed("bad length"));
	bad = len + 4096;			/* past the mapped memory */
	memcpy(madt + 4, &bad, 4);
	CHECK_EQ(parse(&info), 0);
	CHECK(!info.has_madt && printed("runs past mapped memory"));
	/* A table cut short with a correct checksum: a FADT of 100 bytes */
	load("q35-seabios-smp2.acpi");
	fadt = table("FACP", &len);
	if (!fadt)
		return;
	bad = 100;
	memcpy(fadt + 4, &bad, 4);
	fix_checksum(fadt, 100);
	CHECK_EQ(parse(&info), 0);
	CHECK(!info.has_fadt && printed("FADT: length 100 too short"));
	CHECK(info.has_8042);			/* the fallback assumption */
}

HOSTTEST(madt_broken_entries)
{
	struct acpi_info info;
	u32 len;
	u8 *madt;

	if (!load("pc-seabios-smp4.acpi"))
		return;
	madt = table("APIC", &len);
	if (!madt)
		return;
	/* The first entry (a local APIC at offset 44) of length 0: stop */
	madt[45] = 0;
	fix_checksum(madt, len);
	CHECK_EQ(parse(&info), 0);
	CHECK(info.has_madt && info.ncpus == 0);
	CHECK(printed("entry type 0 at offset 44 has length 0"));
	/* An entry running past the table's end */
	madt[45] = 200;
	fix_checksum(madt, len);
	CHECK_EQ(parse(&info), 0);
	CHECK(info.ncpus == 0 && info.warnings == 1);
	/* Shorter than its type needs (an I/O APIC entry needs 12) */
	madt[44] = 1;
	madt[45] = 8;
	fix_checksum(madt, len);
	CHECK_EQ(parse(&info), 0);
	CHECK(info.nioapics == 0 && info.warnings == 1);
}

/* A MADT of 100 local APICs, checksummed, in place of QEMU's. */
HOSTTEST(absurd_counts)
{
	static u8 big[44 + 100 * 8 + 20 * 10];
	struct acpi_info info;
	u32 len = sizeof(big), i, rsdt;
	u8 *rs;

	if (!load("pc-seabios-smp4.acpi"))
		return;
	memcpy(big, "APIC", 4);
	memcpy(big + 4, &len, 4);
	for (i = 0; i < 100; i++) {
		u8 *e = big + 44 + i * 8;

		e[0] = 0;
		e[1] = 8;
		e[2] = (u8)i;
		e[3] = (u8)i;
		e[4] = 1;			/* enabled */
	}
	for (i = 0; i < 20; i++) {
		u8 *e = big + 44 + 800 + i * 10;

		e[0] = 2;
		e[1] = 10;
		e[3] = (u8)i;
	}
	fix_checksum(big, len);
	add_bytes(&mem, 0x40000000, big, len);
	/* Point the RSDT's MADT entry (the second) at it */
	memcpy(&rsdt, mem.rsdp + 16, 4);
	rs = (u8 *)map(&mem, rsdt, 44);
	if (!rs)
		return;
	i = 0x40000000;
	memcpy(rs + 40, &i, 4);
	fix_checksum(rs, 52);
	CHECK_EQ(parse(&info), 0);
	CHECK_EQ(info.ncpus, ACPI_MAX_CPUS);
	CHECK_EQ(info.noverrides, ACPI_MAX_OVERRIDES);
	CHECK_EQ(info.warnings, (100 - ACPI_MAX_CPUS) + (20 - ACPI_MAX_OVERRIDES));
	CHECK(printed("more than 64 CPUs"));
	/* An RSDT claiming 1000 entries: its length runs past the memory */
	len = 36 + 4000;
	memcpy(rs + 4, &len, 4);
	CHECK_EQ(parse(&info), -ENOENT);
	CHECK(printed("runs past mapped memory"));
}

HOSTTEST(rsdp_scan)
{
	static u8 ebda[1024], bios[0x20000];
	struct memory m = { 0 };
	u8 bda[2] = { 0x00, 0x9f };		/* EBDA segment 0x9f00 */
	phys_addr_t pa;

	if (!load("pc-seabios-smp4.acpi"))
		return;
	add_bytes(&m, 0x40e, bda, 2);
	add_bytes(&m, 0x9f000, ebda, sizeof(ebda));
	add_bytes(&m, 0xe0000, bios, sizeof(bios));
	CHECK_EQ(acpi_find_rsdp(map, &m, &pa), -ENOENT);
	/* In the BIOS area, on a 16-byte boundary */
	memcpy(m.r[2].bytes + 0x15a30, mem.rsdp, 20);
	CHECK_EQ(acpi_find_rsdp(map, &m, &pa), 0);
	CHECK_EQ(pa, 0xf5a30);
	/* A bad checksum is not an RSDP; a misaligned one is not looked at */
	m.r[2].bytes[0x15a30 + 8] ^= 1;
	memcpy(m.r[2].bytes + 0x100 + 4, mem.rsdp, 20);
	CHECK_EQ(acpi_find_rsdp(map, &m, &pa), -ENOENT);
	/* The EBDA comes first */
	memcpy(m.r[1].bytes + 0x40, mem.rsdp, 20);
	CHECK_EQ(acpi_find_rsdp(map, &m, &pa), 0);
	CHECK_EQ(pa, 0x9f040);
	/* Nothing mapped at all: no fault, just not found */
	CHECK_EQ(acpi_find_rsdp(map, &(struct memory){ 0 }, &pa), -ENOENT);
	unload();
	free(m.r[0].bytes);
	free(m.r[1].bytes);
	free(m.r[2].bytes);
}

int main(int argc, char **argv)
{
	fixtures = getenv("ACPI_FIXTURES");
	if (!fixtures)
		fixtures = "tools/acpi/fixtures";
	return hosttest_main("acpi", argc, argv);
}
