/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 16550 UART console on COM1 (I/O port 0x3F8), 8N1 at CONFIG_SERIAL_BAUD.
 * This is where KTAP, BENCH lines and panics go, so it is registered as
 * early as possible and never blocks forever. Input goes to the tty
 * ttyS0 (<mosaic/tty.h>: serial_tty()), interrupt-driven.
 */
#ifndef _MOSAIC_SERIAL_H
#define _MOSAIC_SERIAL_H

#include <mosaic/errno.h>
#include <mosaic/types.h>

#define SERIAL_COM1 0x3f8

#ifdef CONFIG_SERIAL_CONSOLE
/*
 * Program COM1 and register the "serial" console. Returns 0, or a
 * negative errno when no UART answers (the console is then not
 * registered). Safe to call again: it only reprograms the port.
 */
int serial_init(void);
/* Polled output; '\n' becomes "\r\n". No-ops before serial_init(). */
void serial_putc(char c);
void serial_write(const char *s, size_t len);
/* Receive overruns seen by the ttyS0 interrupt (bytes the UART lost). */
unsigned long serial_rx_overruns(void);
#else
static inline int serial_init(void) { return 0; }
static inline void serial_putc(char c) { (void)c; }
static inline void serial_write(const char *s, size_t len)
{
	(void)s;
	(void)len;
}
static inline unsigned long serial_rx_overruns(void) { return 0; }
#endif

#endif /* _MOSAIC_SERIAL_H */
