// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI at boot: find the RSDP (the loader's copy in the multiboot2 tags,
 * else the legacy BIOS area scan), map firmware memory for the parser
 * and print what was found. `acpi=off` skips it all; `acpi_dump` prints
 * every table as hex for tools/acpi/capture.py (how its fixtures were
 * made).
 */
#include <mosaic/acpi.h>
#include <mosaic/bootinfo.h>
#include <mosaic/direct_map.h>
#include <mosaic/errno.h>
#include <mosaic/params.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>
#include <mosaic/vmm.h>

struct acpi_info acpi_info;

static bool acpi_off;
static bool acpi_dump;

static int acpi_param(const char *val)
{
	if (!val || strcmp(val, "off"))
		return -EINVAL;
	acpi_off = true;
	return 0;
}
KERNEL_PARAM(acpi, acpi_param);

static int acpi_dump_param(const char *val)
{
	acpi_dump = true;
	return 0;
}
KERNEL_PARAM(acpi_dump, acpi_dump_param);

/* The parser's window on physical memory: read-only, never executable. */
static const void *map_phys(void *ctx, phys_addr_t pa, size_t len)
{
	return len ? direct_map_range(pa, len, VMM_NX) : NULL;
}

#define DUMP_LINE 32

/*
 * "acpidump <address> <hex>" lines (@pa NULL: "acpidump rsdp <hex>");
 * tools/acpi/capture.py turns them into a fixture.
 */
static void dump_bytes(const phys_addr_t *pa, const u8 *p, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char line[2 * DUMP_LINE + 1];
	size_t off, i;

	for (off = 0; off < len; off += DUMP_LINE) {
		size_t n = len - off < DUMP_LINE ? len - off : DUMP_LINE;

		for (i = 0; i < n; i++) {
			line[2 * i] = hex[p[off + i] >> 4];
			line[2 * i + 1] = hex[p[off + i] & 0xf];
		}
		line[2 * n] = '\0';
		if (pa)
			pr_info("acpidump %llx %s\n",
				(unsigned long long)(*pa + off), line);
		else
			pr_info("acpidump rsdp %s\n", line);
	}
}

static void dump_table(phys_addr_t pa)
{
	const u8 *t = map_phys(NULL, pa, ACPI_HEADER_LEN);
	u32 len;

	if (!t)
		return;
	memcpy(&len, t + 4, sizeof(len));
	if (len >= ACPI_HEADER_LEN && len <= ACPI_TABLE_MAX_LEN &&
	    (t = map_phys(NULL, pa, len)))
		dump_bytes(&pa, t, len);
}

/* The RSDP, the root table and every valid table, then the DSDT. */
static void dump_tables(const struct acpi_info *info, const u8 *rsdp,
			size_t rsdp_len)
{
	unsigned int i;

	dump_bytes(NULL, rsdp, rsdp_len);
	dump_table(info->root);
	for (i = 0; i < info->ntables; i++)
		if (info->tables[i].valid)
			dump_table(info->tables[i].addr);
	if (info->dsdt)
		dump_table(info->dsdt);
	pr_info("acpidump end\n");
}

static void print_tables(const struct acpi_info *info)
{
	char list[ACPI_MAX_TABLES * 5 + 1];
	unsigned int i, n = 0;

	for (i = 0; i < info->ntables; i++) {
		memcpy(list + n, info->tables[i].sig, 4);
		list[n + 4] = ' ';
		n += 5;
	}
	list[n ? n - 1 : 0] = '\0';
	pr_info("ACPI: %s at 0x%llx, %u tables: %s\n",
		info->use_xsdt ? "XSDT" : "RSDT", (unsigned long long)info->root,
		info->ntables, list);
}

static void print_madt(const struct acpi_info *info)
{
	char ids[ACPI_MAX_CPUS * 17 + 1];	/* " 4294967295(off)" each */
	unsigned int i, n = 0;

	if (!info->has_madt) {
		pr_warn("ACPI: no MADT: one CPU, 8259 PIC only\n");
		return;
	}
	for (i = 0; i < info->ncpus; i++)
		n += snprintf(ids + n, sizeof(ids) - n, " %u%s",
			      info->cpus[i].apic_id,
			      info->cpus[i].enabled ? "" : "(off)");
	ids[n] = '\0';
	pr_info("ACPI: MADT: local APIC at 0x%llx%s, %u CPUs, APIC ids:%s\n",
		(unsigned long long)info->lapic_addr,
		info->madt_flags & ACPI_MADT_PCAT_COMPAT ? ", 8259s present" : "",
		info->ncpus, ids);
	for (i = 0; i < info->nioapics; i++)
		pr_info("ACPI: MADT: I/O APIC id %u at 0x%x, GSI base %u\n",
			info->ioapics[i].id, info->ioapics[i].addr,
			info->ioapics[i].gsi_base);
	for (i = 0; i < info->noverrides; i++)
		pr_info("ACPI: MADT: override ISA IRQ %u -> GSI %u (flags 0x%x)\n",
			info->overrides[i].source, info->overrides[i].gsi,
			info->overrides[i].flags);
	for (i = 0; i < info->nnmis; i++)
		pr_info("ACPI: MADT: NMI on LINT%u of CPU uid 0x%x\n",
			info->nmis[i].lint, info->nmis[i].acpi_uid);
}

static void print_fadt(const struct acpi_info *info)
{
	if (!info->has_fadt) {
		pr_warn("ACPI: no FADT: no ACPI power off or reset register\n");
		return;
	}
	pr_info("ACPI: FADT rev %u: SCI IRQ %u, PM1a control 0x%x, %s, 8042 %s\n",
		info->fadt_revision, info->sci_irq, info->pm1a_cnt,
		info->has_reset_reg ? "reset register" : "no reset register",
		info->has_8042 ? "present" : "absent");
	if (info->has_reset_reg)
		pr_info("ACPI: FADT: reset: write 0x%x to %s 0x%llx\n",
			info->reset_value,
			info->reset_reg.space_id == ACPI_GAS_IO ? "port" :
			info->reset_reg.space_id == ACPI_GAS_MEMORY ? "memory" :
								      "PCI config",
			(unsigned long long)info->reset_reg.address);
}

static void print_others(const struct acpi_info *info)
{
	unsigned int i;

	if (info->has_hpet)
		pr_info("ACPI: HPET %u at 0x%llx, minimum tick %u\n",
			info->hpet_number, (unsigned long long)info->hpet_addr,
			info->hpet_min_tick);
	for (i = 0; i < info->nmcfg; i++)
		pr_info("ACPI: MCFG: segment %u, buses %u-%u at 0x%llx\n",
			info->mcfg[i].segment, info->mcfg[i].bus_start,
			info->mcfg[i].bus_end,
			(unsigned long long)info->mcfg[i].base);
}

/* The RSDP: the loader's copy, else the BIOS area. */
static const u8 *find_rsdp(const struct bootinfo *bi, size_t *len)
{
	phys_addr_t pa;
	const u8 *p;

	if (bi->rsdp_len) {
		*len = bi->rsdp_len;
		pr_info("ACPI: RSDP v%u from the boot loader\n", bi->rsdp_version);
		return bi->rsdp;
	}
	if (bi->efi_boot || acpi_find_rsdp(map_phys, NULL, &pa))
		return NULL;	/* UEFI has no BIOS area to scan */
	p = map_phys(NULL, pa, ACPI_RSDP_V2_LEN);
	*len = p && p[15] >= 2 ? ACPI_RSDP_V2_LEN : ACPI_RSDP_V1_LEN;
	pr_info("ACPI: RSDP found at 0x%llx\n", (unsigned long long)pa);
	return p;
}

int acpi_init(const struct bootinfo *bi)
{
	const u8 *rsdp;
	size_t len = 0;
	int err;

	if (acpi_off) {
		pr_info("ACPI: disabled (acpi=off): 8259 PIC and PIT only\n");
		return -ENODEV;
	}
	rsdp = find_rsdp(bi, &len);
	if (!rsdp) {
		pr_warn("ACPI: no RSDP found: 8259 PIC and PIT only\n");
		return -ENOENT;
	}
	err = acpi_parse(&acpi_info, rsdp, len, map_phys, NULL);
	if (err) {
		pr_warn("ACPI: no usable tables (error %d): 8259 PIC and PIT only\n",
			err);
		return err;
	}
	pr_info("ACPI: revision %u, OEM \"%s\"\n", acpi_info.revision,
		acpi_info.oem_id);
	print_tables(&acpi_info);
	print_madt(&acpi_info);
	print_fadt(&acpi_info);
	print_others(&acpi_info);
	if (acpi_info.warnings)
		pr_warn("ACPI: %u problems in the tables (above); those tables are not used\n",
			acpi_info.warnings);
	if (acpi_dump)
		dump_tables(&acpi_info, rsdp, len);
	return 0;
}
