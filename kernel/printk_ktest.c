// SPDX-License-Identifier: GPL-2.0
/*
 * The printk log ring: records keep their order and numbers, a long line
 * ends in a truncation mark and its newline, the ring wraps dropping the
 * oldest records, and the consoles are fed by their owner: a printk that
 * finds them owned (an interrupt of the owner) is printed when the owner
 * lets go, with a count of records the ring dropped meanwhile.
 */
#include <mosaic/console.h>
#include <mosaic/ctype.h>
#include <mosaic/errno.h>
#include <mosaic/ktest.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

static char rec_text[PRINTK_LINE_MAX];
static char captured[4096];
static size_t captured_len;

static void capture_write(struct console *con, const char *s, size_t len)
{
	size_t n = MIN(len, sizeof(captured) - 1 - captured_len);

	memcpy(captured + captured_len, s, n);
	captured_len += n;
	captured[captured_len] = '\0';
}

static struct console capture_console = {
	.name = "ktest-capture",
	.write = capture_write,
};

static int saved_loglevel;

/* Capture what the consoles print; every level shows meanwhile, so the
 * tests do not depend on the configured CONSOLE_LOGLEVEL_DEFAULT. */
static void capture_start(void)
{
	captured_len = 0;
	captured[0] = '\0';
	saved_loglevel = console_loglevel;
	console_loglevel = 8;
	register_console(&capture_console);
}

static void capture_stop(void)
{
	unregister_console(&capture_console);
	console_loglevel = saved_loglevel;
}

static void test_printk_records_in_order(struct ktest *t)
{
	u64 seq = printk_next_seq(), first = seq, last_ts = 0;
	struct printk_info info;
	char want[32];

	for (int i = 0; i < 5; i++)
		printk(KERN_DEBUG "printk-ktest order %d\n", i);
	for (int i = 0; i < 5; i++) {
		KT_ASSERT(t, !printk_read_record(&seq, &info, rec_text,
						 sizeof(rec_text)));
		snprintf(want, sizeof(want), "printk-ktest order %d\n", i);
		KT_EXPECT_EQ(t, info.seq, first + i);
		KT_EXPECT_EQ(t, info.level, 7);
		KT_EXPECT(t, !strcmp(rec_text, want));
		KT_EXPECT(t, info.ts_nsec >= last_ts);
		last_ts = info.ts_nsec;
	}
	KT_EXPECT_EQ(t, printk_read_record(&seq, &info, rec_text, 0), -EAGAIN);
}

static void test_printk_long_line_marked(struct ktest *t)
{
	static char longline[PRINTK_LINE_MAX + 500];
	const char *mark = "[truncated]\n";
	u64 seq = printk_next_seq();
	struct printk_info info;

	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	printk(KERN_DEBUG "%s\n", longline);
	printk(KERN_DEBUG "printk-ktest after the long line\n");
	KT_ASSERT(t, !printk_read_record(&seq, &info, rec_text,
					 sizeof(rec_text)));
	KT_EXPECT_EQ(t, info.len, PRINTK_LINE_MAX - 1);
	KT_EXPECT(t, info.len > strlen(mark) &&
		     !strcmp(rec_text + info.len - strlen(mark), mark));
	KT_EXPECT_EQ(t, rec_text[0], 'x');
	/* The next message is a record of its own, on its own line. */
	KT_ASSERT(t, !printk_read_record(&seq, &info, rec_text,
					 sizeof(rec_text)));
	KT_EXPECT(t, !strcmp(rec_text, "printk-ktest after the long line\n"));
}

/*
 * Fill the ring with debug records; the caller hides them (loglevel 7)
 * until the consoles have passed them.
 */
static u64 fill_ring(unsigned int bytes)
{
	u64 n = 0;

	for (unsigned int done = 0; done < bytes; done += 100, n++)
		printk(KERN_DEBUG "printk-ktest wrap %08llu %.70s\n",
		       (unsigned long long)n,
		       "......................................................................");
	return n;
}

static void test_printk_ring_wraps(struct ktest *t)
{
	u64 start = printk_next_seq(), seq = start, n, end;
	struct printk_info info;
	char want[32];
	int saved = console_loglevel;

	console_loglevel = 7;
	n = fill_ring(2 * PRINTK_LOG_BUF_SIZE);
	console_loglevel = saved;
	end = printk_next_seq();
	KT_EXPECT_EQ(t, end - start, n);
	/* The first of ours was overwritten: the oldest kept comes instead. */
	KT_ASSERT(t, !printk_read_record(&seq, &info, rec_text,
					 sizeof(rec_text)));
	KT_EXPECT(t, info.seq > start);
	/* Nothing kept can be more than the ring holds. */
	KT_EXPECT(t, (end - info.seq) * 100 <= PRINTK_LOG_BUF_SIZE);
	KT_EXPECT(t, (end - info.seq) * 150 >= PRINTK_LOG_BUF_SIZE / 2);
	snprintf(want, sizeof(want), "printk-ktest wrap %08llu",
		 (unsigned long long)(info.seq - start));
	KT_EXPECT(t, !strncmp(rec_text, want, strlen(want)));
	/* And the newest is intact. */
	seq = end - 1;
	KT_ASSERT(t, !printk_read_record(&seq, &info, rec_text,
					 sizeof(rec_text)));
	snprintf(want, sizeof(want), "printk-ktest wrap %08llu",
		 (unsigned long long)(n - 1));
	KT_EXPECT(t, !strncmp(rec_text, want, strlen(want)));
}

static void test_printk_owner_prints_deferred(struct ktest *t)
{
	capture_start();
	KT_ASSERT(t, console_trylock());
	/* As an interrupt of the owner would: stored, not printed. */
	KT_EXPECT(t, !console_trylock());
	printk(KERN_ERR "printk-ktest deferred\n");
	KT_EXPECT(t, !strstr(captured, "printk-ktest deferred"));
	console_unlock();
	KT_EXPECT(t, strstr(captured, "printk-ktest deferred\n") != NULL);
	capture_stop();
}

static void test_printk_flush_prints_owned_pending(struct ktest *t)
{
	/* The panic path's flush prints what an owner still had queued. */
	capture_start();
	KT_ASSERT(t, console_trylock());
	printk(KERN_ERR "printk-ktest flushed while owned\n");
	KT_EXPECT_EQ(t, captured_len, 0);
	console_flush();
	KT_EXPECT(t, strstr(captured, "printk-ktest flushed while owned\n") != NULL);
	captured_len = 0;
	console_unlock();
	KT_EXPECT_EQ(t, captured_len, 0);	/* printed once, not twice */
	capture_stop();
}

static void test_printk_console_reports_dropped(struct ktest *t)
{
	int saved = console_loglevel;

	capture_start();
	KT_ASSERT(t, console_trylock());
	console_loglevel = 7;
	fill_ring(2 * PRINTK_LOG_BUF_SIZE);
	printk(KERN_ERR "printk-ktest after the drop\n");
	console_unlock();
	console_loglevel = saved;
	KT_EXPECT(t, strstr(captured, "printk messages dropped **\n") != NULL);
	KT_EXPECT(t, strstr(captured, "printk-ktest after the drop\n") != NULL);
	capture_stop();
}

/* "[" five places of seconds "." six digits of microseconds "] " */
static bool is_dmesg_prefix(const char *s)
{
	if (s[0] != '[' || s[6] != '.' || s[13] != ']' || s[14] != ' ')
		return false;
	for (int i = 1; i < 13; i++)
		if (i != 6 && !isdigit(s[i]) && !(i < 6 && s[i] == ' '))
			return false;
	return true;
}

static void test_dmesg_read_lines(struct ktest *t)
{
	static char buf[512];
	u64 seq = printk_next_seq(), first = seq;
	int saved = console_loglevel;
	size_t n;

	/* Hidden: a line without newline would run into the KTAP output. */
	console_loglevel = 7;
	printk(KERN_DEBUG "printk-ktest dmesg one\n");
	printk(KERN_DEBUG "printk-ktest dmesg two");	/* no newline */
	console_loglevel = saved;
	n = dmesg_read(&seq, buf, sizeof(buf));
	KT_ASSERT(t, n > 0);
	KT_EXPECT_EQ(t, n, strlen(buf));
	KT_EXPECT_EQ(t, seq, first + 2);
	KT_EXPECT_EQ(t, buf[0], '[');
	KT_EXPECT(t, strstr(buf, "] printk-ktest dmesg one\n[") != NULL);
	/* Every line ends in a newline, even a record without one. */
	KT_EXPECT(t, n >= 4 && !strcmp(buf + n - 4, "two\n"));
	KT_EXPECT(t, is_dmesg_prefix(buf));
	/* Too small for one line: nothing, and seq stays. */
	seq = first;
	KT_EXPECT_EQ(t, dmesg_read(&seq, buf, 16), 0);
	KT_EXPECT_EQ(t, seq, first);
}

static struct ktest_case printk_cases[] = {
	KTEST_CASE(test_printk_records_in_order),
	KTEST_CASE(test_printk_long_line_marked),
	KTEST_CASE(test_dmesg_read_lines),
	KTEST_CASE(test_printk_ring_wraps),
	KTEST_CASE(test_printk_owner_prints_deferred),
	KTEST_CASE(test_printk_flush_prints_owned_pending),
	KTEST_CASE(test_printk_console_reports_dropped),
	{}
};
KTEST_SUITE(printk, printk_cases);
