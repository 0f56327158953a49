/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every trace event, declared once: TRACE_EVENT_DEF(group, name, a, b, c)
 * with the names of its three fields (an empty name: unused). The list
 * gives the event ids (their order here), the names the dump's header
 * carries, and so what scripts/trace.py prints: adding an event is one
 * line here and one trace_event() call where it happens
 * (Documentation/tracing.md). No include guard: included once per use.
 */
/* sched: the core's decisions */
/* c: prev's state in the low half, next's before it ran in the high */
TRACE_EVENT_DEF(sched, sched_switch, "prev_tid", "next_tid",
		"prev_state/next_state")
TRACE_EVENT_DEF(sched, sched_wakeup, "tid", "", "")
/* a thread's first 16 name bytes ride in b and c, for the timeline */
TRACE_EVENT_DEF(sched, sched_thread_create, "tid", "name0", "name8")
TRACE_EVENT_DEF(sched, sched_thread_exit, "tid", "status", "")
/* sched: each policy's own */
TRACE_EVENT_DEF(sched, rr_slice_expired, "tid", "slice_units", "")
TRACE_EVENT_DEF(sched, mlfq_demote, "tid", "level", "")
TRACE_EVENT_DEF(sched, mlfq_boost, "queued", "generation", "")
TRACE_EVENT_DEF(sched, eevdf_pick, "tid", "vdeadline", "vruntime")
/* placed on waking or creation: its new deadline and the lag it kept */
TRACE_EVENT_DEF(sched, eevdf_place, "tid", "vdeadline", "lag")
/* a request used up: the next one's deadline */
TRACE_EVENT_DEF(sched, eevdf_deadline, "tid", "vdeadline", "vruntime")
/* stopped being runnable: the lag it keeps */
TRACE_EVENT_DEF(sched, eevdf_save_lag, "tid", "lag", "vruntime")
/* irq */
TRACE_EVENT_DEF(irq, irq_entry, "irq", "", "")
TRACE_EVENT_DEF(irq, irq_exit, "irq", "", "")
TRACE_EVENT_DEF(irq, timer_tick, "tick", "", "")
/* mm */
TRACE_EVENT_DEF(mm, frame_alloc, "pfn", "order", "")
TRACE_EVENT_DEF(mm, frame_free, "pfn", "order", "")
/* the size asked for, the block's size (its class) and where */
TRACE_EVENT_DEF(mm, heap_alloc, "size", "class_size", "ptr")
TRACE_EVENT_DEF(mm, heap_free, "class_size", "ptr", "")
/* a user page fault: error code bits (VM_FAULT_*), address, result */
TRACE_EVENT_DEF(mm, page_fault, "flags", "address", "result")
/* syscalls: the number and the first arguments, then the result */
TRACE_EVENT_DEF(syscalls, sys_enter, "nr", "arg0", "arg1")
TRACE_EVENT_DEF(syscalls, sys_exit, "nr", "ret", "")
/* the tests' own marker */
TRACE_EVENT_DEF(test, trace_marker, "value", "b", "c")
