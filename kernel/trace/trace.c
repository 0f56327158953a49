// SPDX-License-Identifier: GPL-2.0
/*
 * Tracing: the events of <mosaic/trace_events.h> recorded into one ring
 * buffer of fixed-size records with TSC timestamps (exact instruction
 * time under QEMU -icount), and dumped to the host at the end of a run
 * through a channel that never mixes with the console: QEMU's debug
 * console, port 0xe9 (`-debugcon file:...`; scripts/qemu-run
 * --trace-out). scripts/trace.py decodes the dump into the Trace Event
 * Format Perfetto reads and a timeline plot. Documentation/tracing.md.
 *
 * trace=sched,mm (groups or event names, "all") on the command line
 * enables events from boot; trace.full=stop keeps the first records
 * instead of the newest.
 */
#include <asm/io.h>
#include <asm/page.h>
#include <mosaic/page.h>
#include <asm/processor.h>
#include <mosaic/clocksource.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/irq.h>
#include <mosaic/kmalloc.h>
#include <mosaic/params.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/trace_ring.h>

#define DEBUGCON_PORT 0xe9
#define DUMP_MAGIC "MOSTRACE"
#define DUMP_END "MOSTREND"
#define DUMP_VERSION 1
#define DUMP_MAX_THREADS 512
#define TRACE_BUFFER_BYTES ((unsigned long)CONFIG_TRACE_BUFFER_KB * 1024)

struct trace_event_desc {
	const char *group, *name, *field[3];
};

static const struct trace_event_desc events[TRACE_NR_EVENTS] = {
#define TRACE_EVENT_DEF(grp, ename, fa, fb, fc) \
	[TRACE_##ename] = { #grp, #ename, { fa, fb, fc } },
#include <mosaic/trace_events.h>
#undef TRACE_EVENT_DEF
};

u64 trace_enabled_events;
static struct trace_ring ring;
static bool ring_ready;
static char boot_spec[PARAM_VALUE_MAX];
static bool stop_when_full;

static int trace_param(const char *val)
{
	strscpy(boot_spec, val, sizeof(boot_spec));
	return 0;
}
KERNEL_PARAM(trace, trace_param);

static int trace_full_param(const char *val)
{
	if (!strcmp(val, "stop"))
		stop_when_full = true;
	else if (!strcmp(val, "overwrite"))
		stop_when_full = false;
	else
		return -EINVAL;
	return 0;
}
KERNEL_PARAM_NAMED(trace_full, "trace.full", trace_full_param);

static unsigned int buffer_order(void)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << (order + 1)) <= TRACE_BUFFER_BYTES &&
	       order + 1 <= frame_max_order())
		order++;
	return order;
}

static int ring_setup(void)
{
	unsigned int order = buffer_order();
	phys_addr_t pa;
	int err;

	if (ring_ready)
		return 0;
	err = frame_alloc(order, &pa);
	if (err) {
		pr_warn("trace: no %lu KiB for the buffer (error %d)\n",
			(PAGE_SIZE << order) / 1024, err);
		return err;
	}
	err = trace_ring_init(&ring, phys_to_virt(pa),
			      (PAGE_SIZE << order) / sizeof(struct trace_record),
			      stop_when_full);
	if (err)
		return err;
	ring_ready = true;
	pr_info("trace: %lu records (%lu KiB), %s when full\n", ring.size,
		(PAGE_SIZE << order) / 1024,
		stop_when_full ? "stop" : "overwrite");
	return 0;
}

/* The events a trace= word names: a group, an event, "all"; 0 if none. */
static u64 events_named(const char *word, size_t len)
{
	u64 mask = 0;

	if (len == 3 && !memcmp(word, "all", 3))
		return (1ULL << TRACE_NR_EVENTS) - 1;
	for (unsigned int i = 0; i < TRACE_NR_EVENTS; i++)
		if ((strlen(events[i].group) == len &&
		     !memcmp(events[i].group, word, len)) ||
		    (strlen(events[i].name) == len &&
		     !memcmp(events[i].name, word, len)))
			mask |= 1ULL << i;
	return mask;
}

int trace_enable(const char *spec)
{
	u64 mask = 0;
	int err;

	BUILD_BUG_ON(TRACE_NR_EVENTS > 64);
	BUILD_BUG_ON(sizeof(struct trace_record) != 32);
	if (!strcmp(spec, "none")) {
		trace_disable_all();
		return 0;
	}
	for (const char *p = spec; *p;) {
		size_t len = 0;
		u64 m;

		while (p[len] && p[len] != ',')
			len++;
		m = events_named(p, len);
		if (!m) {
			pr_warn("trace: no event or group '%.*s'\n", (int)len,
				p);
			return -EINVAL;
		}
		mask |= m;
		p += len + (p[len] == ',');
	}
	err = ring_setup();
	if (err)
		return err;
	WRITE_ONCE(trace_enabled_events, trace_enabled_events | mask);
	return 0;
}

void trace_disable_all(void)
{
	WRITE_ONCE(trace_enabled_events, 0);
}

bool trace_requested(void)
{
	return boot_spec[0] && ring_ready;
}

void trace_init(void)
{
	if (boot_spec[0] && trace_enable(boot_spec))
		pr_warn("trace: trace=%s not enabled\n", boot_spec);
}

void __trace_record(enum trace_event_id id, u64 a, u64 b, u64 c)
{
	struct trace_record rec = {
		.tsc = rdtsc(), .event = id, .cpu = 0, .a = (u32)a,
		.b = b, .c = c,
	};
	unsigned long flags = local_irq_save();

	if (ring_ready)
		trace_ring_put(&ring, &rec);
	local_irq_restore(flags);
}

void trace_reset(void)
{
	unsigned long flags = local_irq_save();

	trace_ring_reset(&ring);
	local_irq_restore(flags);
}

unsigned long trace_count(void)
{
	return ring_ready ? trace_ring_count(&ring) : 0;
}

unsigned long trace_lost(void)
{
	return ring_ready ? ring.lost : 0;
}

bool trace_read(unsigned long i, struct trace_record *out)
{
	return ring_ready && trace_ring_get(&ring, i, out);
}

/* ----------------------------------------------------------- the dump */

static void dump_bytes(const void *p, size_t n)
{
	const u8 *b = p;

	/* QEMU's debug console takes bytes; a PC without one ignores them. */
	while (n--)
		outb(DEBUGCON_PORT, *b++);
}

static void dump_u32(u32 v)
{
	dump_bytes(&v, sizeof(v));
}

static void dump_u64(u64 v)
{
	dump_bytes(&v, sizeof(v));
}

static void dump_str(const char *s)
{
	dump_bytes(s, strlen(s) + 1);
}

static void dump_threads(void)
{
	struct thread_snapshot *snap;
	unsigned int n;

	snap = kmalloc(DUMP_MAX_THREADS * sizeof(*snap));
	n = snap ? MIN(sched_snapshot(snap, DUMP_MAX_THREADS),
		       (unsigned int)DUMP_MAX_THREADS) : 0;
	dump_u32(n);
	for (unsigned int i = 0; i < n; i++) {
		char name[THREAD_NAME_LEN] = { 0 };

		strscpy(name, snap[i].name, sizeof(name));
		dump_u32((u32)snap[i].tid);
		dump_bytes(name, sizeof(name));
	}
	kfree(snap);
}

/*
 * Little-endian: magic, version, record size, TSC Hz, records, lost;
 * the event table (id, group, name, three field names, NUL-terminated);
 * the threads (tid, 16-byte name); the records, oldest first; the end
 * marker. scripts/trace.py reads exactly this.
 */
void trace_dump(void)
{
	struct clocksource *cs = clocksource_current();
	unsigned long saved = trace_enabled_events, n, lost;
	struct trace_record rec;

	if (!ring_ready)
		return;
	trace_disable_all();	/* the dump itself is not traced */
	n = trace_ring_count(&ring);
	lost = ring.lost;
	dump_bytes(DUMP_MAGIC, 8);
	dump_u32(DUMP_VERSION);
	dump_u32(sizeof(struct trace_record));
	dump_u64(cs ? cs->freq_hz : 0);
	dump_u64(n);
	dump_u64(lost);
	dump_u32(TRACE_NR_EVENTS);
	for (unsigned int i = 0; i < TRACE_NR_EVENTS; i++) {
		dump_u32(i);
		dump_str(events[i].group);
		dump_str(events[i].name);
		for (int f = 0; f < 3; f++)
			dump_str(events[i].field[f]);
	}
	dump_threads();
	for (unsigned long i = 0; trace_ring_get(&ring, i, &rec); i++)
		dump_bytes(&rec, sizeof(rec));
	dump_bytes(DUMP_END, 8);
	pr_info("trace: dumped %lu records, %lu lost\n", n, lost);
	WRITE_ONCE(trace_enabled_events, saved);
}
