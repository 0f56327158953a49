// SPDX-License-Identifier: GPL-2.0
/*
 * The MC146818-compatible CMOS clock of every PC (ports 0x70/0x71).
 *
 * The chip updates its registers once a second; while status A's UIP bit
 * is set a read may see a half-updated time, so we wait for it to clear
 * and then read until two consecutive readings agree. Status B says
 * whether the registers are BCD or binary and whether the hour is 12-hour
 * (bit 7 then means PM). The century register is not at a standard index
 * without ACPI's FADT, so two-digit years are taken as 1970..2069.
 */
#include <asm/io.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>
#include <mosaic/rtc.h>
#include <mosaic/spinlock.h>
#include <mosaic/timer.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_OFF 0x80	/* index bit 7: keep NMIs off while we read */

#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b

#define RTC_UIP 0x80		/* status A: update in progress */
#define RTC_24H 0x02		/* status B: 24-hour mode */
#define RTC_BINARY 0x04		/* status B: binary, not BCD */
#define RTC_PM 0x80		/* hours register in 12-hour mode */

/* An update lasts under 2 ms; this bounds the wait far beyond that. */
#define RTC_UIP_SPINS 1000000
#define RTC_READ_TRIES 10

/* Serialises the index/data port pair. */
static DEFINE_SPINLOCK(cmos_lock);

static s64 boot_unix_time;
static u64 boot_uptime_ns;

static u8 cmos_read(u8 reg)
{
	outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
	return inb(CMOS_DATA);
}

struct cmos_regs {
	u8 sec, min, hour, mday, mon, year;
};

static bool cmos_wait_update_done(void)
{
	for (long i = 0; i < RTC_UIP_SPINS; i++)
		if (!(cmos_read(RTC_STATUS_A) & RTC_UIP))
			return true;
	return false;
}

static void cmos_read_regs(struct cmos_regs *r)
{
	r->sec = cmos_read(RTC_SECONDS);
	r->min = cmos_read(RTC_MINUTES);
	r->hour = cmos_read(RTC_HOURS);
	r->mday = cmos_read(RTC_DAY);
	r->mon = cmos_read(RTC_MONTH);
	r->year = cmos_read(RTC_YEAR);
}

static bool regs_equal(const struct cmos_regs *a, const struct cmos_regs *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->mday == b->mday && a->mon == b->mon && a->year == b->year;
}

/* A register's value: BCD (two decimal digits) unless status B says binary. */
static int reg_value(u8 v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 0x0f);
}

static void cmos_decode(const struct cmos_regs *r, u8 status_b,
			struct rtc_time *tm)
{
	bool binary = status_b & RTC_BINARY;
	bool h24 = status_b & RTC_24H;
	bool pm = !h24 && (r->hour & RTC_PM);

	tm->sec = reg_value(r->sec, binary);
	tm->min = reg_value(r->min, binary);
	tm->hour = reg_value(h24 ? r->hour : r->hour & ~RTC_PM, binary);
	tm->mday = reg_value(r->mday, binary);
	tm->mon = reg_value(r->mon, binary);
	tm->year = reg_value(r->year, binary);
	if (!h24)	/* 12 AM is 0h, 12 PM is 12h */
		tm->hour = tm->hour % 12 + (pm ? 12 : 0);
	tm->year += tm->year < 70 ? 2000 : 1900;
}

int rtc_read_time(struct rtc_time *tm)
{
	struct cmos_regs a, b;
	bool stable = false;
	unsigned long flags;
	u8 status_b = 0;

	flags = spin_lock_irqsave(&cmos_lock);
	for (int tries = 0; tries < RTC_READ_TRIES && !stable; tries++) {
		if (!cmos_wait_update_done())
			break;
		cmos_read_regs(&a);
		if (!cmos_wait_update_done())
			break;
		cmos_read_regs(&b);
		status_b = cmos_read(RTC_STATUS_B);
		stable = regs_equal(&a, &b);
	}
	spin_unlock_irqrestore(&cmos_lock, flags);
	if (!stable)
		return -EIO;
	cmos_decode(&b, status_b, tm);
	return rtc_valid_tm(tm) ? 0 : -EIO;
}

void rtc_init(void)
{
	struct rtc_time tm;
	int err = rtc_read_time(&tm);

	boot_uptime_ns = ktime_get_ns();
	if (err) {
		pr_warn("rtc: cannot read the CMOS clock (error %d); time starts at 1970\n",
			err);
		return;
	}
	boot_unix_time = rtc_tm_to_unix(&tm);
	pr_info("rtc: %04d-%02d-%02d %02d:%02d:%02d UTC\n", tm.year, tm.mon,
		tm.mday, tm.hour, tm.min, tm.sec);
}

s64 ktime_real_offset_ns(void)
{
	return boot_unix_time * (s64)NSEC_PER_SEC - (s64)boot_uptime_ns;
}

u64 ktime_get_real_ns(void)
{
	return (u64)((s64)ktime_get_ns() + ktime_real_offset_ns());
}

void ktime_get_real_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get_real_ns());
}
