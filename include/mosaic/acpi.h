/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables: the RSDP, RSDT/XSDT, MADT, FADT, HPET and MCFG, read into
 * struct acpi_info for the platform code (interrupt controllers, timers,
 * power off and reset, the 8042).
 *
 * The parser (drivers/acpi/tables.c) is freestanding: it reaches firmware
 * memory only through a map callback that returns a pointer to @len bytes
 * at a physical address, or NULL when they are not accessible. The kernel
 * maps them (drivers/acpi/boot.c); tools/acpi hands it table dumps. Every
 * checksum and length is checked before a byte is used; a table that
 * fails is skipped with a warning (counted in info->warnings) and the
 * rest goes on, so a broken firmware loses a table, never the boot.
 */
#ifndef _MOSAIC_ACPI_H
#define _MOSAIC_ACPI_H

#include <mosaic/errno.h>
#include <mosaic/types.h>

#define ACPI_MAX_TABLES 32
#define ACPI_MAX_CPUS 64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_OVERRIDES 16
#define ACPI_MAX_NMIS 16
#define ACPI_MAX_MCFG 4
/* A table longer than this is taken as corrupt. */
#define ACPI_TABLE_MAX_LEN (16U << 20)

#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36
#define ACPI_HEADER_LEN 36

/* FADT IAPC_BOOT_ARCH bits */
#define ACPI_FADT_LEGACY_DEVICES (1U << 0)
#define ACPI_FADT_8042 (1U << 1)
#define ACPI_FADT_NO_VGA (1U << 2)
/* FADT flags */
#define ACPI_FADT_RESET_REG_SUP (1U << 10)
#define ACPI_FADT_HW_REDUCED (1U << 20)
/* MADT flags */
#define ACPI_MADT_PCAT_COMPAT (1U << 0)
/* Generic address space ids */
#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO 1
#define ACPI_GAS_PCI_CONFIG 2

typedef const void *(*acpi_map_fn)(void *ctx, phys_addr_t pa, size_t len);

struct acpi_gas {
	u8 space_id;		/* ACPI_GAS_* */
	u8 bit_width;
	u8 bit_offset;
	u8 access_size;
	u64 address;
};

struct acpi_table_ref {
	char sig[5];		/* NUL-terminated */
	phys_addr_t addr;
	u32 length;
	bool valid;		/* checksum and length good */
};

struct acpi_cpu {
	u32 acpi_uid;		/* processor UID (x2APIC) or ACPI id */
	u32 apic_id;
	bool enabled;		/* usable now (or online-capable) */
};

struct acpi_ioapic {
	u8 id;
	u32 addr;
	u32 gsi_base;
};

struct acpi_override {
	u8 bus;
	u8 source;		/* ISA IRQ */
	u32 gsi;
	u16 flags;		/* MPS INTI: polarity bits 0-1, trigger 2-3 */
};

struct acpi_nmi {
	u32 acpi_uid;		/* 0xff/0xffffffff: all processors */
	u16 flags;
	u8 lint;		/* LINT0 or LINT1 */
};

struct acpi_mcfg {
	u64 base;
	u16 segment;
	u8 bus_start;
	u8 bus_end;
};

struct acpi_info {
	bool present;		/* a valid RSDP and RSDT/XSDT were found */
	u8 revision;		/* RSDP revision: 0 (ACPI 1.0) or 2 */
	char oem_id[7];
	bool use_xsdt;
	phys_addr_t root;	/* the RSDT or XSDT */
	unsigned int ntables;
	struct acpi_table_ref tables[ACPI_MAX_TABLES];

	bool has_madt;
	u64 lapic_addr;
	u32 madt_flags;
	unsigned int ncpus;
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	unsigned int nioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	unsigned int noverrides;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];
	unsigned int nnmis;
	struct acpi_nmi nmis[ACPI_MAX_NMIS];
	unsigned int nmi_sources;	/* NMI source entries (type 3) */

	bool has_fadt;
	u8 fadt_revision;
	u32 fadt_flags;
	u16 boot_arch;		/* IAPC_BOOT_ARCH, 0 when the FADT lacks it */
	bool has_8042;		/* true unless the FADT says there is none */
	u16 sci_irq;
	u32 smi_cmd;
	u8 acpi_enable;
	u32 pm1a_cnt;		/* I/O port of PM1a control, 0 if none */
	u32 pm1b_cnt;
	u8 pm1_cnt_len;
	u64 dsdt;
	bool has_reset_reg;	/* RESET_REG_SUP and a usable address */
	struct acpi_gas reset_reg;
	u8 reset_value;
	bool has_s5;		/* \_S5 found in a valid DSDT */
	u8 s5_slp_typa;		/* its SLP_TYP values for PM1a/PM1b */
	u8 s5_slp_typb;

	bool has_hpet;
	u64 hpet_addr;
	u8 hpet_number;
	u16 hpet_min_tick;

	unsigned int nmcfg;
	struct acpi_mcfg mcfg[ACPI_MAX_MCFG];

	unsigned int warnings;	/* problems met (each also printed) */
};

/* Sum of @len bytes is zero? */
bool acpi_checksum_ok(const void *p, size_t len);
/*
 * Find an RSDP the legacy way: the first KiB of the EBDA (segment at
 * 0x40E), then 0xE0000-0xFFFFF, on 16-byte boundaries. 0 and *pa, or
 * -ENOENT.
 */
int acpi_find_rsdp(acpi_map_fn map, void *ctx, phys_addr_t *pa);
/*
 * Parse everything reachable from the RSDP at @rsdp (@len bytes, a copy
 * or mapped). 0 when the root table was usable (info->present), -EINVAL
 * for a bad RSDP, -ENOENT when no root table is usable; the tables found
 * are in @info either way. Individual bad tables only warn.
 */
int acpi_parse(struct acpi_info *info, const void *rsdp, size_t len,
	       acpi_map_fn map, void *ctx);
/*
 * The SLP_TYPa/b values of the \_S5 (soft off) package in AML (a DSDT's
 * body): 0, or -ENOENT when no constant \_S5 package is there.
 */
int acpi_find_s5(const void *aml, size_t len, u8 *typa, u8 *typb);
/* The first valid table with signature @sig, or NULL. */
const struct acpi_table_ref *acpi_find_table(const struct acpi_info *info,
					     const char *sig);

struct bootinfo;
#ifdef CONFIG_ACPI
/* Boot: find and parse the tables, print the summary. */
int acpi_init(const struct bootinfo *bi);
/* The parsed tables (present == false when there were none). */
extern struct acpi_info acpi_info;
/*
 * Enter S5 (soft off) / write the FADT's reset register. They return
 * only when that did not happen: -ENODEV/-ENOENT when the tables lack
 * what is needed, -EIO when the write did not take.
 */
int acpi_power_off(void);
int acpi_reboot(void);
#else
static inline int acpi_init(const struct bootinfo *bi)
{
	(void)bi;
	return -ENODEV;
}

static inline int acpi_power_off(void)
{
	return -ENODEV;
}

static inline int acpi_reboot(void)
{
	return -ENODEV;
}
#endif

#endif /* _MOSAIC_ACPI_H */
