// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI static tables: RSDP, RSDT/XSDT, MADT, FADT, HPET, MCFG (layouts
 * from the ACPI specification, 6.x). Freestanding: firmware memory is
 * reached only through the caller's map callback, every multi-byte field
 * is read with memcpy (tables are packed and unaligned), and nothing is
 * trusted before its checksum and length are.
 */
#include <mosaic/acpi.h>
#include <mosaic/errno.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>

#define acpi_warn(info, fmt, ...)                                           \
	do {                                                                \
		(info)->warnings++;                                         \
		pr_warn("ACPI: " fmt, ##__VA_ARGS__);                       \
	} while (0)

static u16 get16(const u8 *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 get64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

bool acpi_checksum_ok(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

/* ---- RSDP ---------------------------------------------------------- */

static bool rsdp_ok(const u8 *p, size_t avail)
{
	if (avail < ACPI_RSDP_V1_LEN || memcmp(p, "RSD PTR ", 8))
		return false;
	return acpi_checksum_ok(p, ACPI_RSDP_V1_LEN);
}

static int scan_for_rsdp(acpi_map_fn map, void *ctx, phys_addr_t start,
			 size_t len, phys_addr_t *pa)
{
	const u8 *p = map(ctx, start, len);
	size_t off;

	if (!p)
		return -ENOENT;
	for (off = 0; off + ACPI_RSDP_V1_LEN <= len; off += 16)
		if (rsdp_ok(p + off, len - off)) {
			*pa = start + off;
			return 0;
		}
	return -ENOENT;
}

int acpi_find_rsdp(acpi_map_fn map, void *ctx, phys_addr_t *pa)
{
	const u8 *bda = map(ctx, 0x40e, 2);

	if (bda) {
		phys_addr_t ebda = (phys_addr_t)get16(bda) << 4;

		/* The EBDA sits below 640 KiB; 0 means there is none. */
		if (ebda >= 0x80000 && ebda < 0xa0000 &&
		    !scan_for_rsdp(map, ctx, ebda, 1024, pa))
			return 0;
	}
	return scan_for_rsdp(map, ctx, 0xe0000, 0x20000, pa);
}

/* ---- tables --------------------------------------------------------- */

/*
 * Map a whole table at @pa after checking its header: length within
 * [header, ACPI_TABLE_MAX_LEN], all of it mappable, checksum zero. NULL
 * (with a warning) otherwise; *len gets the length when it was readable.
 */
static const u8 *map_table(struct acpi_info *info, acpi_map_fn map, void *ctx,
			   phys_addr_t pa, const char *what, u32 *len)
{
	const u8 *h = map(ctx, pa, ACPI_HEADER_LEN);
	const u8 *t;

	*len = 0;
	if (!h) {
		acpi_warn(info, "%s at 0x%llx: not mapped\n", what,
			  (unsigned long long)pa);
		return NULL;
	}
	*len = get32(h + 4);
	if (*len < ACPI_HEADER_LEN || *len > ACPI_TABLE_MAX_LEN) {
		acpi_warn(info, "%.4s at 0x%llx: bad length %u\n", (const char *)h,
			  (unsigned long long)pa, *len);
		return NULL;
	}
	t = map(ctx, pa, *len);
	if (!t) {
		acpi_warn(info, "%.4s at 0x%llx: length %u runs past mapped memory\n",
			  (const char *)h, (unsigned long long)pa, *len);
		return NULL;
	}
	if (!acpi_checksum_ok(t, *len)) {
		acpi_warn(info, "%.4s at 0x%llx: bad checksum, ignored\n",
			  (const char *)t, (unsigned long long)pa);
		return NULL;
	}
	return t;
}

static bool sig_printable(const u8 *s)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

static void add_table(struct acpi_info *info, acpi_map_fn map, void *ctx,
		      phys_addr_t pa)
{
	struct acpi_table_ref *ref;
	const u8 *t;
	u32 len;

	if (info->ntables == ACPI_MAX_TABLES) {
		acpi_warn(info, "more than %u tables, table at 0x%llx ignored\n",
			  ACPI_MAX_TABLES, (unsigned long long)pa);
		return;
	}
	t = map_table(info, map, ctx, pa, "table", &len);
	ref = &info->tables[info->ntables++];
	ref->addr = pa;
	ref->length = len;
	ref->valid = t != NULL;
	t = t ? t : map(ctx, pa, 4);
	if (t && sig_printable(t))
		memcpy(ref->sig, t, 4);
	else
		memcpy(ref->sig, "????", 4);
	ref->sig[4] = '\0';
}

const struct acpi_table_ref *acpi_find_table(const struct acpi_info *info,
					     const char *sig)
{
	unsigned int i;

	for (i = 0; i < info->ntables; i++)
		if (info->tables[i].valid && !memcmp(info->tables[i].sig, sig, 4))
			return &info->tables[i];
	return NULL;
}

static int parse_root(struct acpi_info *info, acpi_map_fn map, void *ctx)
{
	const char *sig = info->use_xsdt ? "XSDT" : "RSDT";
	unsigned int entry = info->use_xsdt ? 8 : 4;
	const u8 *t;
	u32 len, i, n;

	t = map_table(info, map, ctx, info->root, sig, &len);
	if (!t)
		return -ENOENT;
	if (memcmp(t, sig, 4)) {
		acpi_warn(info, "root table at 0x%llx is \"%.4s\", not %s\n",
			  (unsigned long long)info->root, (const char *)t, sig);
		return -ENOENT;
	}
	n = (len - ACPI_HEADER_LEN) / entry;
	for (i = 0; i < n; i++) {
		const u8 *e = t + ACPI_HEADER_LEN + i * entry;
		u64 pa = info->use_xsdt ? get64(e) : get32(e);

		if (!pa) {
			acpi_warn(info, "%s entry %u is null\n", sig, i);
			continue;
		}
		add_table(info, map, ctx, pa);
	}
	return 0;
}

/* ---- MADT ----------------------------------------------------------- */

#define MADT_LAPIC 0
#define MADT_IOAPIC 1
#define MADT_OVERRIDE 2
#define MADT_NMI_SOURCE 3
#define MADT_LAPIC_NMI 4
#define MADT_LAPIC_ADDR 5
#define MADT_X2APIC 9
#define MADT_X2APIC_NMI 10

#define MADT_CPU_ENABLED (1U << 0)
#define MADT_CPU_ONLINE_CAPABLE (1U << 1)

/* The length each entry type needs at least (unknown types: 2). */
static unsigned int madt_entry_min(u8 type)
{
	static const u8 min_len[] = {
		[MADT_LAPIC] = 8,	[MADT_IOAPIC] = 12,
		[MADT_OVERRIDE] = 10,	[MADT_NMI_SOURCE] = 8,
		[MADT_LAPIC_NMI] = 6,	[MADT_LAPIC_ADDR] = 12,
		[MADT_X2APIC] = 16,	[MADT_X2APIC_NMI] = 12,
	};

	return type < ARRAY_SIZE(min_len) && min_len[type] ? min_len[type] : 2;
}

static void madt_cpu(struct acpi_info *info, u32 uid, u32 apic_id, u32 flags)
{
	struct acpi_cpu *c;

	if (!(flags & (MADT_CPU_ENABLED | MADT_CPU_ONLINE_CAPABLE)))
		return;		/* not present: firmware lists spare slots */
	if (info->ncpus == ACPI_MAX_CPUS) {
		acpi_warn(info, "MADT: more than %u CPUs, APIC id %u ignored\n",
			  ACPI_MAX_CPUS, apic_id);
		return;
	}
	c = &info->cpus[info->ncpus++];
	c->acpi_uid = uid;
	c->apic_id = apic_id;
	c->enabled = flags & MADT_CPU_ENABLED;
}

static void madt_ioapic(struct acpi_info *info, const u8 *e)
{
	struct acpi_ioapic *io;

	if (info->nioapics == ACPI_MAX_IOAPICS) {
		acpi_warn(info, "MADT: more than %u I/O APICs, id %u ignored\n",
			  ACPI_MAX_IOAPICS, e[2]);
		return;
	}
	io = &info->ioapics[info->nioapics++];
	io->id = e[2];
	io->addr = get32(e + 4);
	io->gsi_base = get32(e + 8);
}

static void madt_override(struct acpi_info *info, const u8 *e)
{
	struct acpi_override *o;

	if (info->noverrides == ACPI_MAX_OVERRIDES) {
		acpi_warn(info, "MADT: more than %u overrides, IRQ %u ignored\n",
			  ACPI_MAX_OVERRIDES, e[3]);
		return;
	}
	o = &info->overrides[info->noverrides++];
	o->bus = e[2];
	o->source = e[3];
	o->gsi = get32(e + 4);
	o->flags = get16(e + 8);
}

static void madt_nmi(struct acpi_info *info, u32 uid, u16 flags, u8 lint)
{
	struct acpi_nmi *n;

	if (info->nnmis == ACPI_MAX_NMIS) {
		acpi_warn(info, "MADT: more than %u local APIC NMIs\n",
			  ACPI_MAX_NMIS);
		return;
	}
	n = &info->nmis[info->nnmis++];
	n->acpi_uid = uid;
	n->flags = flags;
	n->lint = lint;
}

static void madt_entry(struct acpi_info *info, const u8 *e)
{
	switch (e[0]) {
	case MADT_LAPIC:
		madt_cpu(info, e[2], e[3], get32(e + 4));
		break;
	case MADT_X2APIC:
		madt_cpu(info, get32(e + 12), get32(e + 4), get32(e + 8));
		break;
	case MADT_IOAPIC:
		madt_ioapic(info, e);
		break;
	case MADT_OVERRIDE:
		madt_override(info, e);
		break;
	case MADT_NMI_SOURCE:
		info->nmi_sources++;
		break;
	case MADT_LAPIC_NMI:
		madt_nmi(info, e[2], get16(e + 3), e[5]);
		break;
	case MADT_X2APIC_NMI:
		madt_nmi(info, get32(e + 4), get16(e + 2), e[8]);
		break;
	case MADT_LAPIC_ADDR:
		info->lapic_addr = get64(e + 4);
		break;
	default:
		break;		/* GIC, wakeup, ...: not for this machine */
	}
}

static void parse_madt(struct acpi_info *info, const u8 *t, u32 len)
{
	u32 off = ACPI_HEADER_LEN + 8;

	if (len < off) {
		acpi_warn(info, "MADT: length %u too short\n", len);
		return;
	}
	info->has_madt = true;
	info->lapic_addr = get32(t + 36);
	info->madt_flags = get32(t + 40);
	while (off + 2 <= len) {
		const u8 *e = t + off;
		u8 elen = e[1];

		if (elen < madt_entry_min(e[0]) || off + elen > len) {
			acpi_warn(info, "MADT: entry type %u at offset %u has length %u, rest ignored\n",
				  e[0], off, elen);
			return;
		}
		madt_entry(info, e);
		off += elen;
	}
}

/* ---- FADT ----------------------------------------------------------- */

#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_PM1_CNT_LEN 89
#define FADT_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_DSDT 140
#define FADT_V1_LEN 116

static void get_gas(struct acpi_gas *g, const u8 *p)
{
	g->space_id = p[0];
	g->bit_width = p[1];
	g->bit_offset = p[2];
	g->access_size = p[3];
	g->address = get64(p + 4);
}

static void parse_fadt(struct acpi_info *info, const u8 *t, u32 len)
{
	if (len < FADT_V1_LEN) {
		acpi_warn(info, "FADT: length %u too short (< %u)\n", len,
			  FADT_V1_LEN);
		return;
	}
	info->has_fadt = true;
	info->fadt_revision = t[8];
	info->dsdt = get32(t + FADT_DSDT);
	info->sci_irq = get16(t + FADT_SCI_INT);
	info->smi_cmd = get32(t + FADT_SMI_CMD);
	info->acpi_enable = t[FADT_ACPI_ENABLE];
	info->pm1a_cnt = get32(t + FADT_PM1A_CNT);
	info->pm1b_cnt = get32(t + FADT_PM1B_CNT);
	info->pm1_cnt_len = t[FADT_PM1_CNT_LEN];
	info->fadt_flags = get32(t + FADT_FLAGS);
	/* IAPC_BOOT_ARCH is reserved in ACPI 1.0 (revision 1) tables. */
	if (info->fadt_revision >= 2)
		info->boot_arch = get16(t + FADT_BOOT_ARCH);
	info->has_8042 = info->fadt_revision < 2 ||
			 (info->boot_arch & ACPI_FADT_8042);
	if (len >= FADT_RESET_VALUE + 1 &&
	    (info->fadt_flags & ACPI_FADT_RESET_REG_SUP)) {
		get_gas(&info->reset_reg, t + FADT_RESET_REG);
		info->reset_value = t[FADT_RESET_VALUE];
		info->has_reset_reg = info->reset_reg.address &&
				      info->reset_reg.space_id <= ACPI_GAS_PCI_CONFIG;
	}
	if (len >= FADT_X_DSDT + 8 && get64(t + FADT_X_DSDT))
		info->dsdt = get64(t + FADT_X_DSDT);
}

/* ---- HPET and MCFG -------------------------------------------------- */

static void parse_hpet(struct acpi_info *info, const u8 *t, u32 len)
{
	struct acpi_gas base;

	if (len < 56) {
		acpi_warn(info, "HPET: length %u too short (< 56)\n", len);
		return;
	}
	get_gas(&base, t + 40);
	if (base.space_id != ACPI_GAS_MEMORY || !base.address) {
		acpi_warn(info, "HPET: base not in memory space (id %u, 0x%llx)\n",
			  base.space_id, (unsigned long long)base.address);
		return;
	}
	info->has_hpet = true;
	info->hpet_addr = base.address;
	info->hpet_number = t[52];
	info->hpet_min_tick = get16(t + 53);
}

static void parse_mcfg(struct acpi_info *info, const u8 *t, u32 len)
{
	u32 off;

	for (off = ACPI_HEADER_LEN + 8; off + 16 <= len; off += 16) {
		struct acpi_mcfg *m;

		if (info->nmcfg == ACPI_MAX_MCFG) {
			acpi_warn(info, "MCFG: more than %u segments\n",
				  ACPI_MAX_MCFG);
			return;
		}
		m = &info->mcfg[info->nmcfg];
		m->base = get64(t + off);
		m->segment = get16(t + off + 8);
		m->bus_start = t[off + 10];
		m->bus_end = t[off + 11];
		if (m->bus_end < m->bus_start) {
			acpi_warn(info, "MCFG: segment %u buses %u-%u inverted\n",
				  m->segment, m->bus_start, m->bus_end);
			continue;
		}
		info->nmcfg++;
	}
}
/* ---- \_S5 in the DSDT ------------------------------------------------ */

#define AML_NAME_OP 0x08
#define AML_PACKAGE_OP 0x12
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_ROOT_CHAR '\\'

/*
 * One AML integer at p (< end): *val and the bytes it took, or 0 for
 * anything that is not a constant integer.
 */
static size_t aml_integer(const u8 *p, const u8 *end, u32 *val)
{
	switch (*p) {
	case AML_ZERO_OP:
	case AML_ONE_OP:
		*val = *p;
		return 1;
	case AML_BYTE_PREFIX:
		if (end - p < 2)
			return 0;
		*val = p[1];
		return 2;
	case AML_WORD_PREFIX:
		if (end - p < 3)
			return 0;
		*val = get16(p + 1);
		return 3;
	case AML_DWORD_PREFIX:
		if (end - p < 5)
			return 0;
		*val = get32(p + 1);
		return 5;
	}
	return 0;
}

/* PkgLength (ACPI 6.4, 20.2.4): bits 7:6 of the first byte count the
 * bytes that follow it. Returns the bytes it took, 0 if cut short. */
static size_t aml_pkg_length(const u8 *p, const u8 *end)
{
	size_t n = 1 + (*p >> 6);

	return (size_t)(end - p) >= n ? n : 0;
}

/*
 * "Name (_S5, Package () { SLP_TYPa, SLP_TYPb, ... })" without an AML
 * interpreter: the NameOp, an optional root prefix, the name, a package
 * of at least two constant integers. Every firmware writes \_S5 this way;
 * one computed by a method is not found, and power off falls back.
 */
static bool aml_match_s5(const u8 *p, const u8 *end, u8 *typa, u8 *typb)
{
	u32 a, b;
	size_t n;

	if (end - p < 4 || memcmp(p, "_S5_", 4))
		return false;
	p += 4;
	if (p >= end || *p++ != AML_PACKAGE_OP || p >= end)
		return false;
	n = aml_pkg_length(p, end);
	if (!n)
		return false;
	p += n;
	if (p >= end || *p++ < 2 || p >= end)	/* NumElements */
		return false;
	n = aml_integer(p, end, &a);
	if (!n || p + n >= end)
		return false;
	if (!aml_integer(p + n, end, &b))
		return false;
	/* SLP_TYP is a 3-bit field of PM1_CNT. */
	*typa = a & 7;
	*typb = b & 7;
	return true;
}

int acpi_find_s5(const void *aml, size_t len, u8 *typa, u8 *typb)
{
	const u8 *p = aml, *end = p + len;

	for (; p < end; p++) {
		const u8 *q = p + 1;

		if (*p != AML_NAME_OP)
			continue;
		if (q < end && *q == AML_ROOT_CHAR)
			q++;
		if (aml_match_s5(q, end, typa, typb))
			return 0;
	}
	return -ENOENT;
}

static void parse_dsdt(struct acpi_info *info, acpi_map_fn map, void *ctx)
{
	const u8 *t;
	u32 len;

	if (!info->dsdt)
		return;
	t = map_table(info, map, ctx, info->dsdt, "DSDT", &len);
	if (!t)
		return;
	if (memcmp(t, "DSDT", 4)) {
		acpi_warn(info, "DSDT at 0x%llx: signature %.4s\n",
			  (unsigned long long)info->dsdt, (const char *)t);
		return;
	}
	if (!acpi_find_s5(t + ACPI_HEADER_LEN, len - ACPI_HEADER_LEN,
			  &info->s5_slp_typa, &info->s5_slp_typb))
		info->has_s5 = true;
}

/* ---- the whole set --------------------------------------------------- */

static void parse_known(struct acpi_info *info, acpi_map_fn map, void *ctx)
{
	static const struct {
		char sig[5];
		void (*parse)(struct acpi_info *info, const u8 *t, u32 len);
	} known[] = {
		{ "APIC", parse_madt },
		{ "FACP", parse_fadt },
		{ "HPET", parse_hpet },
		{ "MCFG", parse_mcfg },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known); i++) {
		const struct acpi_table_ref *ref = acpi_find_table(info, known[i].sig);

		const u8 *t;

		if (!ref)
			continue;
		/* Checked when listed; mapped again, as a map may be transient. */
		t = map(ctx, ref->addr, ref->length);
		if (t)
			known[i].parse(info, t, ref->length);
	}
}

static int parse_rsdp(struct acpi_info *info, const u8 *r, size_t len)
{
	if (!rsdp_ok(r, len)) {
		acpi_warn(info, "RSDP: bad signature or checksum\n");
		return -EINVAL;
	}
	info->revision = r[15];
	memcpy(info->oem_id, r + 9, 6);
	info->oem_id[6] = '\0';
	info->root = get32(r + 16);
	if (info->revision >= 2) {
		u32 xlen = len >= ACPI_RSDP_V2_LEN ? get32(r + 20) : 0;

		if (xlen < ACPI_RSDP_V2_LEN || xlen > len ||
		    !acpi_checksum_ok(r, xlen)) {
			acpi_warn(info, "RSDP: bad extended checksum or length, using the RSDT\n");
		} else if (get64(r + 24)) {
			info->use_xsdt = true;
			info->root = get64(r + 24);
		}
	}
	return 0;
}

int acpi_parse(struct acpi_info *info, const void *rsdp, size_t len,
	       acpi_map_fn map, void *ctx)
{
	int err;

	memset(info, 0, sizeof(*info));
	info->has_8042 = true;	/* until a FADT says otherwise */
	err = parse_rsdp(info, rsdp, len);
	if (err)
		return err;
	err = parse_root(info, map, ctx);
	if (err && info->use_xsdt) {
		/* A broken XSDT: ACPI 2.0+ firmware still has an RSDT. */
		info->use_xsdt = false;
		info->root = get32((const u8 *)rsdp + 16);
		acpi_warn(info, "falling back to the RSDT at 0x%llx\n",
			  (unsigned long long)info->root);
		err = parse_root(info, map, ctx);
	}
	if (err)
		return err;
	info->present = true;
	parse_known(info, map, ctx);
	parse_dsdt(info, map, ctx);
	return 0;
}
