// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for drivers/acpi/tables.c. The input is physical
 * memory from address 0 (an exact-size heap block, so ASan sees any read
 * past it); the RSDP points at an RSDT at address 0. Each input is parsed
 * twice: as it is (the checksums mostly fail), and with the checksums of
 * the RSDT and of every table it lists fixed up, so the fuzzer reaches
 * the MADT, FADT, HPET and MCFG parsers. A fault, a sanitizer report or
 * a count above its array's size is a bug.
 */
#include <mosaic/acpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct image {
	u8 *bytes;
	size_t len;
};

static const void *map(void *ctx, phys_addr_t pa, size_t len)
{
	struct image *m = ctx;

	if (pa > m->len || len > m->len - pa)
		return NULL;
	return m->bytes + pa;
}

static void fix(struct image *m, u64 pa)
{
	u32 len, i;
	u8 sum = 0, *t;

	if (pa + ACPI_HEADER_LEN > m->len)
		return;
	t = m->bytes + pa;
	memcpy(&len, t + 4, 4);
	if (len < ACPI_HEADER_LEN || len > m->len - pa)
		return;
	t[9] = 0;
	for (i = 0; i < len; i++)
		sum += t[i];
	t[9] = (u8)-sum;
}

static void check(const struct acpi_info *info)
{
	if (info->ntables > ACPI_MAX_TABLES || info->ncpus > ACPI_MAX_CPUS ||
	    info->nioapics > ACPI_MAX_IOAPICS ||
	    info->noverrides > ACPI_MAX_OVERRIDES ||
	    info->nnmis > ACPI_MAX_NMIS || info->nmcfg > ACPI_MAX_MCFG)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 rsdp[ACPI_RSDP_V1_LEN] = "RSD PTR ";
	struct image m = { malloc(size ? size : 1), size };
	struct acpi_info info;
	u32 rsdt_len, i;
	u8 sum = 0;

	if (!m.bytes)
		return 0;
	memcpy(m.bytes, data, size);
	for (i = 0; i < ACPI_RSDP_V1_LEN; i++)
		sum += rsdp[i];
	rsdp[8] = (u8)-sum;		/* root at 0, revision 0 */
	acpi_parse(&info, rsdp, sizeof(rsdp), map, &m);
	check(&info);
	if (size >= ACPI_HEADER_LEN) {
		memcpy(&rsdt_len, m.bytes + 4, 4);
		for (i = ACPI_HEADER_LEN; i + 4 <= rsdt_len && i + 4 <= size; i += 4) {
			u32 pa;

			memcpy(&pa, m.bytes + i, 4);
			if (pa >= rsdt_len)	/* not the RSDT's own bytes */
				fix(&m, pa);
		}
		fix(&m, 0);
		acpi_parse(&info, rsdp, sizeof(rsdp), map, &m);
		check(&info);
	}
	free(m.bytes);
	return 0;
}
