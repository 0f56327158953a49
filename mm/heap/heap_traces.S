/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The synthetic heap traces (tools/heap/traces/), embedded for the heap
 * benchmark: a table of {name, start, end} from heap_trace_table to
 * heap_trace_table_end. Paths are relative to $(srctree), which the
 * Makefile passes to the assembler with -I.
 */
	.macro TRACE name
	.section .rodata.heap_traces, "a"
heap_trace_\name\()_start:
	.incbin "tools/heap/traces/\name\().trace"
heap_trace_\name\()_end:
	.byte 0
heap_trace_\name\()_name:
	.asciz "\name"
	.section .rodata.heap_trace_table, "a"
	.quad heap_trace_\name\()_name
	.quad heap_trace_\name\()_start
	.quad heap_trace_\name\()_end
	.endm

	.section .rodata.heap_trace_table, "a"
	.balign 8
	.globl heap_trace_table
heap_trace_table:
	TRACE churn
	TRACE realloc
	TRACE mixed
	TRACE frag
	TRACE longshort
	.section .rodata.heap_trace_table, "a"
	.globl heap_trace_table_end
heap_trace_table_end:

	.section .note.GNU-stack, "", @progbits
