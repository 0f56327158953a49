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
 * instead of the newest. At run time /proc/trace/ has Linux tracefs's
 * set_event, available_events and tracing_on (trace_proc.c).
 *
 * Per CPU by design: each CPU records into its own ring with its
 * interrupts off, so recording takes no lock shared between CPUs; the
 * dump writes every CPU's records and the decoder merges them by
 * timestamp. One CPU today (TRACE_CPUS).
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
#include <mosaic/percpu.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/trace_ring.h>

#define DEBUGCON_PORT 0xe9
#define DUMP_MAGIC "MOSTRACE"
#define DUMP_END "MOSTREND"
#define DUMP_VERSION 2
#define DUMP_MAX_THREADS 512
#define TRACE_BUFFER_BYTES ((unsigned long)CONFIG_TRACE_BUFFER_KB * 1024)
#define TRACE_CPUS 1

struct trace_event_desc {
	const char *group, *name, *field[3];
};

static const struct trace_event_desc events[TRACE_NR_EVENTS] = {
#define TRACE_EVENT_DEF(grp, ename, fa, fb, fc) \
	[TRACE_##ename] = { #grp, #ename, { fa, fb, fc } },
#include <mosaic/trace_events.h>
#undef TRACE_EVENT_DEF
};

/* The selected events while tracing_on; the keys follow it. */
u64 trace_enabled_events;
struct static_key trace_event_keys[TRACE_NR_EVENTS];
static u64 selected_events;
static bool recording = true;
static struct trace_ring rings[TRACE_CPUS];
static bool ring_ready;
/*
 * The TSC when the trace began (the buffer set up, or the last reset):
 * the dump's timestamps count from it, so a run that starts its trace at
 * the same point of its work dumps the same bytes under -icount however
 * long the firmware took before the kernel.
 */
static u64 epoch;
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
	for (unsigned int cpu = 0; cpu < TRACE_CPUS; cpu++) {
		err = frame_alloc(order, &pa);
		if (err) {
			pr_warn("trace: no %lu KiB for the buffer (error %d)\n",
				(PAGE_SIZE << order) / 1024, err);
			return err;	/* the rings set up so far stay */
		}
		err = trace_ring_init(&rings[cpu], phys_to_virt(pa),
				      (PAGE_SIZE << order) /
					      sizeof(struct trace_record),
				      stop_when_full);
		if (err)
			return err;
	}
	ring_ready = true;
	epoch = rdtsc();
	pr_info("trace: %lu records (%lu KiB) per CPU, %s when full\n",
		rings[0].size, (PAGE_SIZE << order) / 1024,
		stop_when_full ? "stop" : "overwrite");
	return 0;
}

/* The fast path's keys (and the word) become @mask. */
static void set_enabled(u64 mask)
{
	WRITE_ONCE(trace_enabled_events, mask);
	for (unsigned int id = 0; id < TRACE_NR_EVENTS; id++)
		static_key_set(&trace_event_keys[id], mask & (1ULL << id));
}

/* The fast path follows the selection and tracing_on. */
static void publish(void)
{
	set_enabled(recording ? selected_events : 0);
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

/*
 * Linux's set_event words: "name", "group", "group:name", "group:*",
 * "*:name", "*:*" (and "all"); 0 if nothing matches.
 */
u64 trace_events_matching(const char *word, size_t len)
{
	const char *colon;
	size_t glen = 0, nlen;
	u64 mask = 0;

	while (glen < len && word[glen] != ':')
		glen++;
	if (glen == len)
		return events_named(word, len);
	colon = word + glen;
	nlen = len - glen - 1;
	for (unsigned int i = 0; i < TRACE_NR_EVENTS; i++) {
		bool g = (glen == 1 && *word == '*') ||
			 (strlen(events[i].group) == glen &&
			  !memcmp(events[i].group, word, glen));
		bool n = (nlen == 1 && colon[1] == '*') ||
			 (strlen(events[i].name) == nlen &&
			  !memcmp(events[i].name, colon + 1, nlen));

		if (g && n)
			mask |= 1ULL << i;
	}
	return mask;
}

int trace_set_events(u64 mask)
{
	int err = mask ? ring_setup() : 0;

	if (err)
		return err;
	selected_events = mask & ((1ULL << TRACE_NR_EVENTS) - 1);
	publish();
	return 0;
}

u64 trace_selected_events(void)
{
	return selected_events;
}

int trace_enable(const char *spec)
{
	u64 mask = 0;

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
		m = trace_events_matching(p, len);
		if (!m) {
			pr_warn("trace: no event or group '%.*s'\n", (int)len,
				p);
			return -EINVAL;
		}
		mask |= m;
		p += len + (p[len] == ',');
	}
	return trace_set_events(selected_events | mask);
}

void trace_disable_all(void)
{
	selected_events = 0;
	publish();
}

void trace_set_recording(bool on)
{
	recording = on;
	publish();
}

bool trace_recording(void)
{
	return recording;
}

const char *trace_event_name(unsigned int id, const char **group)
{
	if (id >= TRACE_NR_EVENTS)
		return NULL;
	*group = events[id].group;
	return events[id].name;
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
	unsigned long flags = local_irq_save();
	unsigned int cpu = smp_processor_id();
	/* Read with interrupts off: an interrupt's record comes after. */
	struct trace_record rec = {
		.tsc = rdtsc(), .event = id, .cpu = (u16)cpu, .a = (u32)a,
		.b = b, .c = c,
	};

	if (ring_ready && cpu < TRACE_CPUS)
		trace_ring_put(&rings[cpu], &rec);
	local_irq_restore(flags);
}

void trace_reset(void)
{
	unsigned long flags = local_irq_save();

	for (unsigned int cpu = 0; cpu < TRACE_CPUS; cpu++)
		trace_ring_reset(&rings[cpu]);
	epoch = rdtsc();
	local_irq_restore(flags);
}

/* Of every CPU's ring. */
unsigned long trace_count(void)
{
	unsigned long n = 0;

	for (unsigned int cpu = 0; ring_ready && cpu < TRACE_CPUS; cpu++)
		n += trace_ring_count(&rings[cpu]);
	return n;
}

unsigned long trace_lost(void)
{
	unsigned long n = 0;

	for (unsigned int cpu = 0; ring_ready && cpu < TRACE_CPUS; cpu++)
		n += rings[cpu].lost;
	return n;
}

unsigned long trace_capacity(void)
{
	return ring_ready ? rings[0].size * TRACE_CPUS : 0;
}

bool trace_stops_when_full(void)
{
	return stop_when_full;
}

/* CPU by CPU, each one's oldest first. */
bool trace_read(unsigned long i, struct trace_record *out)
{
	for (unsigned int cpu = 0; ring_ready && cpu < TRACE_CPUS; cpu++) {
		unsigned long n = trace_ring_count(&rings[cpu]);

		if (i < n)
			return trace_ring_get(&rings[cpu], i, out);
		i -= n;
	}
	return false;
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
 * the thread states (count, then each name NUL-terminated, in value
 * order: what sched_switch's states mean); the threads (tid, 16-byte
 * name); the records, each CPU's oldest first, their TSC counted from
 * the trace's start; the end marker.
 * scripts/trace.py reads exactly this.
 */
void trace_dump(void)
{
	struct clocksource *cs = clocksource_current();
	unsigned long n, lost;
	struct trace_record rec;

	if (!ring_ready)
		return;
	set_enabled(0);	/* the dump is not traced */
	n = trace_count();
	lost = trace_lost();
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
	dump_u32(THREAD_DEAD + 1);
	for (unsigned int s = 0; s <= THREAD_DEAD; s++)
		dump_str(thread_state_name(s));
	dump_threads();
	for (unsigned long i = 0; trace_read(i, &rec); i++) {
		rec.tsc -= MIN(rec.tsc, epoch);
		dump_bytes(&rec, sizeof(rec));
	}
	dump_bytes(DUMP_END, 8);
	pr_info("trace: dumped %lu records, %lu lost\n", n, lost);
	publish();
}
