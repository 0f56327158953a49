// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `acpi`: the tables the firmware gave this boot, checked
 * against the hardware and against themselves: the boot CPU's APIC id
 * (CPUID) is among the MADT's CPUs, every table listed valid still sums
 * to zero, the I/O APIC and HPET answer at the addresses the tables give,
 * and a table copied and corrupted in memory is refused.
 */
#include <mosaic/acpi.h>
#include <mosaic/direct_map.h>
#include <mosaic/ktest.h>
#include <mosaic/string.h>
#include <mosaic/vmm.h>

static int acpi_suite_init(struct ktest *t)
{
	if (!acpi_info.present) {
		ktest_skip(t, "no ACPI tables on this boot");
		return 1;
	}
	return 0;
}

static u32 boot_apic_id(void)
{
	u32 a = 1, b, c = 0, d;

	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return b >> 24;
}

static void test_boot_cpu_listed(struct ktest *t)
{
	unsigned int i;
	bool found = false;

	KT_ASSERT(t, acpi_info.has_madt);
	KT_EXPECT(t, acpi_info.ncpus >= 1);
	for (i = 0; i < acpi_info.ncpus; i++)
		found |= acpi_info.cpus[i].apic_id == boot_apic_id() &&
			 acpi_info.cpus[i].enabled;
	KT_EXPECT(t, found);
	KT_EXPECT_EQ(t, acpi_info.lapic_addr, 0xfee00000);
}

static void test_tables_checksum(struct ktest *t)
{
	unsigned int i;

	for (i = 0; i < acpi_info.ntables; i++) {
		const struct acpi_table_ref *ref = &acpi_info.tables[i];
		const u8 *p;

		if (!ref->valid)
			continue;
		p = direct_map_range(ref->addr, ref->length, VMM_NX);
		KT_ASSERT(t, p);
		KT_EXPECT(t, acpi_checksum_ok(p, ref->length));
		KT_EXPECT(t, !memcmp(p, ref->sig, 4));
	}
	KT_EXPECT(t, acpi_find_table(&acpi_info, "APIC"));
	KT_EXPECT(t, acpi_find_table(&acpi_info, "FACP"));
}

/* IOAPIC version register: index 1 through IOREGSEL/IOWIN. */
static void test_ioapic_answers(struct ktest *t)
{
	volatile u32 *io;
	u32 ver;

	KT_ASSERT(t, acpi_info.nioapics >= 1);
	io = direct_map_range(acpi_info.ioapics[0].addr, 0x20,
			      VMM_WRITE | VMM_NX);
	KT_ASSERT(t, io);
	io[0] = 1;
	ver = io[4];
	/* version 0x1x or 0x20, and at least 16 redirection entries */
	KT_EXPECT(t, (ver & 0xff) >= 0x11 && (ver & 0xff) <= 0x20);
	KT_EXPECT(t, ((ver >> 16) & 0xff) >= 15);
}

static void test_hpet_answers(struct ktest *t)
{
	const volatile u32 *h;

	if (!acpi_info.has_hpet) {
		ktest_skip(t, "no HPET table");
		return;
	}
	h = direct_map_range(acpi_info.hpet_addr, 0x10, VMM_NX);
	KT_ASSERT(t, h);
	/* capabilities: vendor id in the top half, a period in the next word */
	KT_EXPECT(t, (h[0] >> 16) != 0 && (h[0] >> 16) != 0xffff);
	KT_EXPECT(t, h[1] != 0 && h[1] <= 100000000);	/* <= 100 ns in fs */
}

/* The MADT copied, then broken in two ways: the parser must refuse it. */
static const void *copy_map(void *ctx, phys_addr_t pa, size_t len)
{
	const u8 *base = ctx;

	return pa + len <= 4096 ? base + pa : NULL;
}

static void test_corrupted_copy_refused(struct ktest *t)
{
	static u8 mem[4096];
	const struct acpi_table_ref *madt = acpi_find_table(&acpi_info, "APIC");
	static struct acpi_info copy;
	u8 rsdp[20] = "RSD PTR ";
	u32 rsdt_len = 40, madt_at = 1024;
	const u8 *p;
	unsigned int i;
	u8 sum = 0;

	KT_ASSERT(t, madt && madt->length <= sizeof(mem) - madt_at);
	p = direct_map_range(madt->addr, madt->length, VMM_NX);
	KT_ASSERT(t, p);
	/* An RSDT at 512 with one entry pointing at the MADT copy. */
	memcpy(mem + 512, "RSDT", 4);
	memcpy(mem + 516, &rsdt_len, 4);
	memcpy(mem + 512 + 36, &madt_at, 4);
	for (i = 0; i < rsdt_len; i++)
		sum += mem[512 + i];
	mem[512 + 9] = -sum;
	memcpy(mem + madt_at, p, madt->length);
	*(u32 *)(rsdp + 16) = 512;
	for (i = 0, sum = 0; i < 20; i++)
		sum += rsdp[i];
	rsdp[8] = -sum;
	KT_ASSERT(t, acpi_parse(&copy, rsdp, 20, copy_map, mem) == 0);
	KT_EXPECT_EQ(t, copy.ncpus, acpi_info.ncpus);
	mem[madt_at + 40] ^= 1;		/* flags bit flipped: bad checksum */
	KT_ASSERT(t, acpi_parse(&copy, rsdp, 20, copy_map, mem) == 0);
	KT_EXPECT(t, !copy.has_madt && copy.warnings == 1);
	mem[madt_at + 40] ^= 1;
	*(u32 *)(mem + madt_at + 4) = 8192;	/* length past the mapping */
	KT_ASSERT(t, acpi_parse(&copy, rsdp, 20, copy_map, mem) == 0);
	KT_EXPECT(t, !copy.has_madt && copy.warnings == 1);
}

static struct ktest_case acpi_cases[] = {
	KTEST_CASE(test_boot_cpu_listed),
	KTEST_CASE(test_tables_checksum),
	KTEST_CASE(test_ioapic_answers),
	KTEST_CASE(test_hpet_answers),
	KTEST_CASE(test_corrupted_copy_refused),
	{}
};
KTEST_SUITE_FULL(acpi, acpi_cases, acpi_suite_init, NULL, 0);
