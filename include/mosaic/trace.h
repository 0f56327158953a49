/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events (kernel/trace/, Documentation/tracing.md): fixed-size
 * binary records of policy decisions and kernel events, timestamped with
 * the TSC, in one ring buffer, dumped to the host at the end of a run.
 *
 *	trace_event(sched_switch, prev->tid, next->tid, prev->state);
 *
 * With CONFIG_TRACING off the call compiles to nothing; compiled in but
 * not enabled (trace= on the command line, /proc/trace/set_event) it is
 * one no-op instruction, a static key's site (<mosaic/jump_label.h>)
 * that enabling the event rewrites into a jump to the recording call.
 */
#ifndef _MOSAIC_TRACE_H
#define _MOSAIC_TRACE_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

enum trace_event_id {
#define TRACE_EVENT_DEF(grp, name, fa, fb, fc) TRACE_##name,
#include <mosaic/trace_events.h>
#undef TRACE_EVENT_DEF
	TRACE_NR_EVENTS
};

/* One record: 32 bytes, the dump's unit. */
struct trace_record {
	u64 tsc;
	u16 event;		/* enum trace_event_id */
	u16 cpu;
	u32 a;
	u64 b;
	u64 c;
};

#ifdef CONFIG_TRACING
#include <mosaic/jump_label.h>

/*
 * Bit n set: event n is recorded. Written only by the selection code,
 * which sets trace_event_keys[n] to match: the fast path tests the key
 * (a patched no-op), not this word.
 */
extern u64 trace_enabled_events;
extern struct static_key trace_event_keys[TRACE_NR_EVENTS];

#define trace_on(id) static_branch_unlikely(&trace_event_keys[id])

void __trace_record(enum trace_event_id id, u64 a, u64 b, u64 c);

#define trace_event(name, a, b, c)                                          \
	do {                                                                \
		if (trace_on(TRACE_##name))                                 \
			__trace_record(TRACE_##name, (u64)(a), (u64)(b),    \
				       (u64)(c));                           \
	} while (0)

/*
 * Enable events by a trace= list: groups (sched, irq, mm, syscalls,
 * test), event names, group:name, "all", "none"; 0 or -EINVAL naming
 * nothing known. Allocates the buffer on first use (needs the frame
 * allocator).
 */
int trace_enable(const char *spec);
void trace_disable_all(void);
/* The events one word names (as set_event reads it); 0: none. */
u64 trace_events_matching(const char *word, size_t len);
/* Select exactly @mask (allocating the buffer); 0 or -errno. */
int trace_set_events(u64 mask);
u64 trace_selected_events(void);
/* tracing_on: pause and resume recording, the selection kept. */
void trace_set_recording(bool on);
bool trace_recording(void);
/* Event @id's name and group; NULL past the last. */
const char *trace_event_name(unsigned int id, const char **group);
/* Records the rings hold at most; whether a full one refuses. */
unsigned long trace_capacity(void);
bool trace_stops_when_full(void);
/* Forget every record (and the counts of lost ones). */
void trace_reset(void);
/* Records held, and lost (overwritten or refused when full). */
unsigned long trace_count(void);
unsigned long trace_lost(void);
/* The i-th oldest record held; false past the end. */
bool trace_read(unsigned long i, struct trace_record *out);
/* Write header, thread names and records to the dump channel. */
void trace_dump(void);
/* True when trace= asked for events at boot: the run ends with a dump. */
bool trace_requested(void);
/* The boot's trace= setting, applied once the frame allocator runs. */
void trace_init(void);
/* /proc/trace/ (kernel/trace/trace_proc.c), from procfs's init. */
void trace_proc_init(void);
#else
#define trace_event(name, a, b, c)                                          \
	do {                                                                \
	} while (0)

static inline void trace_init(void)
{
}

static inline void trace_proc_init(void)
{
}

static inline bool trace_requested(void)
{
	return false;
}

static inline void trace_dump(void)
{
}
#endif

#endif /* _MOSAIC_TRACE_H */
