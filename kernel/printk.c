// SPDX-License-Identifier: GPL-2.0
/*
 * printk: format a message, store it as a record in the log ring, then
 * feed the consoles from the ring. Messages start with KERN_<LEVEL> (an
 * SOH byte and a digit); those without one are "default" messages.
 * KERN_RAW lines (KTAP, BENCH) always reach the consoles, since test
 * runners parse them. See Documentation/printk.md.
 *
 * Two locks, in this order:
 * - logbuf_lock (irqsave, taken from interrupts) protects the ring, the
 *   consoles' read position and the console owner flag. It is held only
 *   to format and copy one record, never while a console writes.
 * - console ownership (console_trylock/console_unlock) serialises the
 *   console drivers. The owner runs with preemption off but interrupts
 *   in the caller's state: a slow console does not keep interrupts off
 *   for a thread's printk. A printk that finds the consoles owned (an
 *   interrupt that arrived while the owner wrote) only stores its
 *   record; the owner prints it before it lets go.
 * panic() bypasses both (printk_enter_panic) and flushes synchronously.
 */
#include <mosaic/console.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/params.h>
#include <mosaic/printk.h>
#include <mosaic/spinlock.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/vsprintf.h>

#define DEFAULT_MESSAGE_LEVEL 6
#define LEVEL_RAW (-1)
#define TRUNCATION_MARK " [truncated]\n"

int console_loglevel = CONFIG_CONSOLE_LOGLEVEL_DEFAULT;

/*
 * A record in the ring: this header, then text_len bytes, padded to 8.
 * A header with rec_len 0 marks the unused end: the next record is at 0.
 */
struct log_record {
	u64 seq;
	u64 ts_nsec;
	u32 rec_len;
	u16 text_len;
	s8 level;
	u8 flags;
};

#define REC_HDR sizeof(struct log_record)

static u8 log_buf[PRINTK_LOG_BUF_SIZE] __aligned(8);
static DEFINE_SPINLOCK_IRQ(logbuf_lock);
/* Oldest record kept and where the next one goes; logbuf_lock. */
static u64 log_first_seq, log_next_seq;
static u32 log_first_idx, log_next_idx;
/* The next record the consoles will print; logbuf_lock. */
static u64 console_seq;
static u32 console_idx;
static u64 console_dropped;
static bool console_owned;
static bool in_panic;

/* Scratch for the record being formatted (logbuf_lock) and printed (owner). */
static char format_buf[PRINTK_LINE_MAX];
static char console_buf[PRINTK_LINE_MAX + 64];

/* Returns the level (LEVEL_RAW for raw) and skips the prefix. */
static int printk_level(const char **fmt)
{
	const char *s = *fmt;

	if (s[0] != KERN_SOH[0] || !s[1])
		return DEFAULT_MESSAGE_LEVEL;
	*fmt = s + 2;
	if (s[1] == 'r')
		return LEVEL_RAW;
	if (s[1] >= '0' && s[1] <= '7')
		return s[1] - '0';
	return DEFAULT_MESSAGE_LEVEL;
}

static struct log_record *log_at(u32 idx)
{
	struct log_record *r = (struct log_record *)&log_buf[idx];

	/* The end-of-ring marker: the record really starts at 0. */
	return r->rec_len ? r : (struct log_record *)log_buf;
}

static u32 log_idx_of(const struct log_record *r)
{
	return (u32)((const u8 *)r - log_buf);
}

static u32 log_next(u32 idx)
{
	struct log_record *r = log_at(idx);

	return log_idx_of(r) + r->rec_len;
}

/* Contiguous space for a record of len, dropping the oldest ones. */
static void log_make_room(u32 len)
{
	while (log_first_seq < log_next_seq) {
		u32 avail;

		if (log_next_idx > log_first_idx)
			avail = MAX(PRINTK_LOG_BUF_SIZE - log_next_idx,
				    log_first_idx);
		else
			avail = log_first_idx - log_next_idx;
		/* Room for it and for the marker after it. */
		if (avail >= len + REC_HDR)
			break;
		log_first_idx = log_next(log_first_idx);
		log_first_seq++;
	}
	if (log_first_seq == log_next_seq)
		log_first_idx = log_next_idx = 0;
	if (log_next_idx + len + REC_HDR > PRINTK_LOG_BUF_SIZE) {
		memset(&log_buf[log_next_idx], 0, REC_HDR);
		log_next_idx = 0;
	}
}

/* Append one record; logbuf_lock held. */
static void log_store(int level, const char *text, u16 len)
{
	u32 rec_len = ALIGN_UP((u32)(REC_HDR + len), 8);
	struct log_record *r;

	log_make_room(rec_len);
	r = (struct log_record *)&log_buf[log_next_idx];
	r->seq = log_next_seq++;
	r->ts_nsec = ktime_get_ns();
	r->rec_len = rec_len;
	r->text_len = len;
	r->level = (s8)level;
	r->flags = 0;
	memcpy(r + 1, text, len);
	log_next_idx += rec_len;
}

/*
 * Format into format_buf. A message too long for a record keeps its
 * start and ends in a visible mark and a newline, so the next message
 * still starts its own line.
 */
static __printf(1, 0) u16 format_record(const char *fmt, va_list args)
{
	int n = vsnprintf(format_buf, sizeof(format_buf), fmt, args);
	size_t mark = sizeof(TRUNCATION_MARK) - 1;

	if (n < 0)
		return 0;
	if ((size_t)n < sizeof(format_buf))
		return (u16)n;
	memcpy(format_buf + sizeof(format_buf) - 1 - mark, TRUNCATION_MARK,
	       mark);
	return sizeof(format_buf) - 1;
}

static bool level_shown(int level)
{
	return level == LEVEL_RAW || level < console_loglevel;
}

/* A record the consoles have not yet printed, or false; logbuf_lock. */
static bool console_next_record(size_t *len)
{
	struct log_record *r;

	for (;;) {
		if (console_seq < log_first_seq) {
			console_dropped += log_first_seq - console_seq;
			console_seq = log_first_seq;
			console_idx = log_first_idx;
		}
		if (console_seq == log_next_seq)
			return false;
		r = log_at(console_idx);
		console_idx = log_idx_of(r) + r->rec_len;
		console_seq++;
		if (level_shown(r->level))
			break;
	}
	*len = 0;
	if (console_dropped) {
		*len = scnprintf(console_buf, sizeof(console_buf),
				 "** %llu printk messages dropped **\n",
				 (unsigned long long)console_dropped);
		console_dropped = 0;
	}
	memcpy(console_buf + *len, r + 1, r->text_len);
	*len += r->text_len;
	return true;
}

/* Print every pending record. Caller owns the consoles (or panics). */
static void __console_flush(bool release)
{
	unsigned long flags;
	size_t len;

	for (;;) {
		flags = spin_lock_irqsave(&logbuf_lock);
		if (!console_next_record(&len)) {
			/* Same lock as the check: no record is left behind. */
			if (release)
				console_owned = false;
			spin_unlock_irqrestore(&logbuf_lock, flags);
			return;
		}
		spin_unlock_irqrestore(&logbuf_lock, flags);
		console_emit(console_buf, len);
	}
}

bool console_trylock(void)
{
	unsigned long flags;
	bool got;

	if (in_panic)
		return true;
	flags = spin_lock_irqsave(&logbuf_lock);
	got = !console_owned;
	console_owned = true;
	spin_unlock_irqrestore(&logbuf_lock, flags);
	/* The owner must not be switched away: others' output would wait. */
	if (got)
		preempt_disable();
	return got;
}

void console_unlock(void)
{
	if (in_panic) {
		__console_flush(false);
		return;
	}
	__console_flush(true);
	preempt_enable();
}

void console_flush(void)
{
	__console_flush(false);
}

void printk_enter_panic(void)
{
	in_panic = true;
	/* The CPU stopped whoever held them: they will never let go. */
	logbuf_lock = (spinlock_t)SPINLOCK_INIT_IRQ(logbuf_lock);
	console_owned = false;
}

static void log_store_locked(int level, const char *text, u16 len)
{
	unsigned long flags = spin_lock_irqsave(&logbuf_lock);

	log_store(level, text, len);
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

int vprintk(const char *fmt, va_list args)
{
	int level = printk_level(&fmt);
	unsigned long flags;
	u16 len;

	flags = spin_lock_irqsave(&logbuf_lock);
	len = format_record(fmt, args);
	log_store(level, format_buf, len);
	spin_unlock_irqrestore(&logbuf_lock, flags);
	if (console_trylock())
		console_unlock();
	return level_shown(level) ? len : 0;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vprintk(fmt, args);
	va_end(args);
	return len;
}

void printk_store_raw(const char *s, size_t len)
{
	while (len) {
		u16 n = (u16)MIN(len, (size_t)PRINTK_LINE_MAX - 1);

		log_store_locked(LEVEL_RAW, s, n);
		s += n;
		len -= n;
	}
}

u64 printk_next_seq(void)
{
	unsigned long flags = spin_lock_irqsave(&logbuf_lock);
	u64 seq = log_next_seq;

	spin_unlock_irqrestore(&logbuf_lock, flags);
	return seq;
}

/* The record numbered seq, or the oldest after it; NULL if none. */
static struct log_record *log_find(u64 seq)
{
	u64 s = MAX(seq, log_first_seq);
	u32 idx = log_first_idx;

	if (s >= log_next_seq)
		return NULL;
	for (u64 i = log_first_seq; i < s; i++)
		idx = log_next(idx);
	return log_at(idx);
}

int printk_read_record(u64 *seq, struct printk_info *info, char *text,
		       size_t size)
{
	unsigned long flags = spin_lock_irqsave(&logbuf_lock);
	struct log_record *r = log_find(*seq);

	if (!r) {
		spin_unlock_irqrestore(&logbuf_lock, flags);
		return -EAGAIN;
	}
	info->seq = r->seq;
	info->ts_nsec = r->ts_nsec;
	info->level = r->level;
	info->len = r->text_len;
	if (size) {
		size_t n = MIN((size_t)r->text_len, size - 1);

		memcpy(text, r + 1, n);
		text[n] = '\0';
	}
	spin_unlock_irqrestore(&logbuf_lock, flags);
	*seq = info->seq + 1;
	return 0;
}

/* "[    1.234567] text\n": one record as a dmesg line, or 0 if it does not fit. */
static size_t dmesg_line(const struct log_record *r, char *buf, size_t size)
{
	const char *text = (const char *)(r + 1);
	bool newline = r->text_len && text[r->text_len - 1] == '\n';
	size_t n = scnprintf(buf, size, "[%5llu.%06llu] ",
			     (unsigned long long)(r->ts_nsec / 1000000000),
			     (unsigned long long)(r->ts_nsec / 1000 % 1000000));

	if (n + r->text_len + !newline >= size)
		return 0;
	memcpy(buf + n, text, r->text_len);
	n += r->text_len;
	if (!newline)
		buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

size_t dmesg_read(u64 *seq, char *buf, size_t size)
{
	unsigned long flags = spin_lock_irqsave(&logbuf_lock);
	struct log_record *r = log_find(*seq);
	size_t pos = 0;

	if (size)
		buf[0] = '\0';
	while (r) {
		size_t n = dmesg_line(r, buf + pos, size - pos);

		if (!n)
			break;
		pos += n;
		*seq = r->seq + 1;
		r = r->seq + 1 < log_next_seq ? log_at(log_next(log_idx_of(r))) : NULL;
	}
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return pos;
}

void dmesg_dump(void)
{
	static char chunk[2 * PRINTK_LINE_MAX];
	u64 seq = 0, end = printk_next_seq();
	size_t n;

	/* Records printed from here on are not part of the dump. */
	while (seq < end && (n = dmesg_read(&seq, chunk, sizeof(chunk))))
		console_write(chunk, n);
}

static int loglevel_param(const char *val)
{
	u64 level;

	if (!val || kstrtoull(val, 10, &level) || level > 8)
		return -EINVAL;
	console_loglevel = (int)level;
	return 0;
}
KERNEL_PARAM(loglevel, loglevel_param);
