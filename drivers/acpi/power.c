// SPDX-License-Identifier: GPL-2.0
/*
 * Switching the machine off and resetting it the ACPI way: the S5 (soft
 * off) sleep state entered through the PM1 control registers with the
 * SLP_TYP values of the DSDT's \_S5 package, and the FADT's reset
 * register. Both return only when the firmware lacks what they need or
 * the write did not take; the caller (arch/x86/kernel/power.c) then
 * tries the next way.
 */
#include <asm/io.h>
#include <mosaic/acpi.h>
#include <mosaic/errno.h>
#include <mosaic/printk.h>
#include <mosaic/vmm.h>

#define PM1_SCI_EN (1U << 0)
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK (7U << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN (1U << 13)
/* Polls of SCI_EN after asking the firmware for ACPI mode. */
#define ACPI_ENABLE_POLLS 1000000UL
#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc

/* In legacy (SMM) mode the PM1 writes may be ignored: ask for ACPI mode. */
static void acpi_enter_acpi_mode(const struct acpi_info *info)
{
	unsigned long polls = 0;

	if (inw(info->pm1a_cnt) & PM1_SCI_EN)
		return;
	if (!info->smi_cmd || !info->acpi_enable)
		return;		/* hardware-reduced, or always in ACPI mode */
	outb(info->smi_cmd, info->acpi_enable);
	while (!(inw(info->pm1a_cnt) & PM1_SCI_EN) &&
	       polls++ < ACPI_ENABLE_POLLS)
		io_wait();
}

static void pm1_sleep(u32 port, u8 slp_typ)
{
	u16 val = inw(port) & ~PM1_SLP_TYP_MASK;

	outw(port, val | (slp_typ << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN);
}

int acpi_power_off(void)
{
	const struct acpi_info *info = &acpi_info;

	if (!info->has_fadt || !info->pm1a_cnt || info->pm1_cnt_len < 2)
		return -ENODEV;
	if (!info->has_s5)
		return -ENOENT;
	acpi_enter_acpi_mode(info);
	pr_notice("reboot: ACPI S5 (SLP_TYPa %u)\n", info->s5_slp_typa);
	/* PM1b first: on split designs PM1a's write is the one that acts. */
	if (info->pm1b_cnt)
		pm1_sleep(info->pm1b_cnt, info->s5_slp_typb);
	pm1_sleep(info->pm1a_cnt, info->s5_slp_typa);
	return -EIO;	/* still running */
}

/* The reset register in PCI configuration space: bus 0 (ACPI 5.2.3.2). */
static void pci_config_write8(u64 gas_address, u8 value)
{
	u32 dev = (gas_address >> 32) & 0x1f;
	u32 fn = (gas_address >> 16) & 0x7;
	u32 off = gas_address & 0xff;

	outl(PCI_CONFIG_ADDRESS,
	     0x80000000U | dev << 11 | fn << 8 | (off & 0xfc));
	outb(PCI_CONFIG_DATA + (off & 3), value);
}

static int reset_reg_write(const struct acpi_gas *reg, u8 value)
{
	void __iomem *p;

	switch (reg->space_id) {
	case ACPI_GAS_IO:
		outb((u16)reg->address, value);
		return 0;
	case ACPI_GAS_MEMORY:
		p = ioremap(reg->address, 1, VMM_UC);
		if (!p)
			return -ENOMEM;
		writeb(value, p);
		return 0;
	case ACPI_GAS_PCI_CONFIG:
		pci_config_write8(reg->address, value);
		return 0;
	}
	return -EINVAL;
}

int acpi_reboot(void)
{
	const struct acpi_info *info = &acpi_info;
	int err;

	if (!info->has_reset_reg)
		return -ENODEV;
	pr_notice("reboot: ACPI reset register (space %u, %#llx <- %#x)\n",
		  info->reset_reg.space_id,
		  (unsigned long long)info->reset_reg.address,
		  info->reset_value);
	err = reset_reg_write(&info->reset_reg, info->reset_value);
	return err ? err : -EIO;	/* still running */
}
