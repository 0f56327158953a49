// SPDX-License-Identifier: GPL-2.0
/*
 * 16550 UART on COM1: the printk console and the tty ttyS0. Output is
 * polled and waits for the transmit holding register with a bounded
 * spin, so a missing or wedged UART slows the console down instead of
 * hanging the kernel (panic output included). Input is interrupt-driven
 * (IRQ 4, received-data interrupt, FIFO trigger at 14 bytes or the
 * FIFO's character timeout) into ttyS0's line discipline.
 */
#include <asm/io.h>
#include <mosaic/compiler.h>
#include <mosaic/console.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>
#include <mosaic/serial.h>
#include <mosaic/tty.h>

/* Register offsets from the base port. */
#define UART_RBR 0	/* receive buffer (read, DLAB=0) */
#define UART_THR 0	/* transmit holding (write, DLAB=0) */
#define UART_DLL 0	/* divisor latch low (DLAB=1) */
#define UART_IER 1	/* interrupt enable (DLAB=0) */
#define UART_DLM 1	/* divisor latch high (DLAB=1) */
#define UART_FCR 2	/* FIFO control (write) */
#define UART_IIR 2	/* interrupt identification (read) */
#define UART_IIR_FIFO 0xc0	/* both bits: the FIFOs are on (16550A) */
#define UART_FIFO_SIZE 16
#define UART_LCR 3	/* line control */
#define UART_MCR 4	/* modem control */
#define UART_LSR 5	/* line status */
#define UART_SCR 7	/* scratch */

#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
/* enable FIFOs, clear both, interrupt at 14 bytes */
#define UART_FCR_INIT 0xc7
/* DTR, RTS, OUT2 (OUT2 gates the IRQ line on PCs) */
#define UART_MCR_INIT 0x0b
#define UART_LSR_DR 0x01	/* data ready */
#define UART_LSR_OE 0x02	/* overrun: the FIFO was full */
#define UART_LSR_THRE 0x20	/* transmit holding register empty */
#define UART_IER_RDI 0x01	/* interrupt on received data (and timeout) */
#define IRQ_COM1 4
/* Bytes taken per interrupt: more than a FIFO, bounded if RBR floats. */
#define RX_BATCH 64

#define UART_CLOCK_BAUD 115200	/* 1.8432 MHz / 16 */
/* ~1 ms of port reads; one character at 9600 baud takes about 1 ms. */
#define TX_SPIN 20000

static const u16 port = SERIAL_COM1;
static bool ready;
/* After a timeout, don't wait again per character until the UART recovers. */
static bool stalled;
/*
 * THRE means the whole transmit FIFO is empty, so after one wait a
 * 16550A takes 16 bytes: printk, which runs with interrupts off, waits
 * once per 16 characters instead of once per character.
 */
static unsigned int fifo_size = 1;
static unsigned int fifo_room;

static void program_divisor(unsigned int divisor)
{
	outb(port + UART_LCR, UART_LCR_DLAB);
	outb(port + UART_DLL, divisor & 0xff);
	outb(port + UART_DLM, (divisor >> 8) & 0xff);
	outb(port + UART_LCR, UART_LCR_8N1);	/* also clears DLAB */
}

static void wait_for_thre(void)
{
	int i;

	for (i = 0; i < TX_SPIN; i++) {
		if (inb(port + UART_LSR) & UART_LSR_THRE) {
			stalled = false;
			return;
		}
		if (stalled)
			return;
	}
	stalled = true;
}

static void tx_byte(u8 b)
{
	if (!fifo_room) {
		wait_for_thre();
		fifo_room = fifo_size;
	}
	outb(port + UART_THR, b);
	fifo_room--;
}

void serial_putc(char c)
{
	if (!ready)
		return;
	if (c == '\n')
		tx_byte('\r');
	tx_byte((u8)c);
}

void serial_write(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		serial_putc(s[i]);
}

static struct tty ttyS0;
static bool tty_up;
static unsigned long rx_overruns;

/* Drain the receive FIFO into ttyS0's input buffer. Interrupts off. */
static void serial_interrupt(unsigned int irq, void *dev)
{
	u8 buf[RX_BATCH];
	size_t n = 0;
	u8 lsr;

	while (n < sizeof(buf) && ((lsr = inb(port + UART_LSR)) & UART_LSR_DR)) {
		if (lsr & UART_LSR_OE)
			rx_overruns++;
		buf[n++] = inb(port + UART_RBR);
	}
	if (n)
		tty_queue_input(&ttyS0, buf, n);
}

static struct tty_console_out ttyS0_out;

/* The line discipline did OPOST: bytes go out as they are. */
static void serial_emit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		tx_byte((u8)s[i]);
}

/*
 * Under console ownership, as printk's writes: the FIFO count is the
 * console's state, and echo from IRQ 4 must not cut into a printk.
 */
static void serial_tty_write(struct tty *tty, const char *s, size_t len)
{
	if (ready)
		tty_console_out(&ttyS0_out, serial_emit, s, len);
}

/* One divisor for both directions: the input speed follows the output. */
static void serial_set_termios(struct tty *tty, const struct termios2 *old)
{
	struct termios2 *t = &tty->ldisc.termios;
	speed_t speed = t->c_ospeed;

	if (speed && !(UART_CLOCK_BAUD % speed)) {
		if (speed != old->c_ospeed)
			program_divisor(UART_CLOCK_BAUD / speed);
		t->c_ispeed = speed;
		t->c_cflag &= ~CIBAUD;
		return;
	}
	/* B0 or a speed the clock cannot divide to: keep the line's speed. */
	t->c_cflag = (t->c_cflag & ~(CBAUD | CIBAUD)) |
		     (old->c_cflag & (CBAUD | CIBAUD));
	t->c_ospeed = old->c_ospeed;
	t->c_ispeed = old->c_ispeed;
}

static const struct tty_operations serial_tty_ops = {
	.write = serial_tty_write,
	.set_termios = serial_set_termios,
};

/* termios says the speed the UART runs at. */
static void set_line_speed(void)
{
	struct termios2 t;

	tty_get_termios(&ttyS0, &t);
	t.c_cflag = (t.c_cflag & ~(CBAUD | CIBAUD)) |
		    tty_baud_code(CONFIG_SERIAL_BAUD);
	t.c_ispeed = t.c_ospeed = CONFIG_SERIAL_BAUD;
	ttyS0.ldisc.termios = t;	/* not yet visible to anyone */
}

struct tty *serial_tty(void)
{
	return tty_up ? &ttyS0 : NULL;
}

unsigned long serial_rx_overruns(void)
{
	return READ_ONCE(rx_overruns);
}

void serial_tty_init(void)
{
	int err;

	if (!ready)
		return;
	tty_register(&ttyS0, "ttyS0", TTY_MAJOR, TTYS_MINOR_BASE,
		     &serial_tty_ops, NULL);
	set_line_speed();
	tty_up = true;
	err = request_irq(IRQ_COM1, serial_interrupt, NULL);
	if (err) {
		pr_warn("serial: cannot get IRQ %d (%d): ttyS0 has no input\n",
			IRQ_COM1, err);
		return;
	}
	while (inb(port + UART_LSR) & UART_LSR_DR)	/* stale bytes */
		inb(port + UART_RBR);
	outb(port + UART_IER, UART_IER_RDI);
	pr_info("serial: ttyS0 at I/O %#x, IRQ %d, %s\n", port, IRQ_COM1,
		fifo_size > 1 ? "16550A FIFO" : "no FIFO");
}

static void serial_con_write(struct console *con, const char *s, size_t len)
{
	serial_write(s, len);
}

static struct console serial_console = {
	.name = "serial",
	.write = serial_con_write,
};

/* A UART keeps what is written to its scratch register; an empty bus doesn't. */
static bool uart_present(void)
{
	outb(port + UART_SCR, 0x5a);
	if (inb(port + UART_SCR) != 0x5a)
		return false;
	outb(port + UART_SCR, 0xa5);
	return inb(port + UART_SCR) == 0xa5;
}

int serial_init(void)
{
	unsigned int divisor = UART_CLOCK_BAUD / CONFIG_SERIAL_BAUD;
	bool first = !ready;

	BUILD_BUG_ON(CONFIG_SERIAL_BAUD <= 0 ||
		     CONFIG_SERIAL_BAUD > UART_CLOCK_BAUD);
	if (!uart_present())
		return -ENODEV;
	/* No interrupts until ttyS0 asks for receive interrupts. */
	outb(port + UART_IER, 0x00);
	program_divisor(divisor);
	outb(port + UART_FCR, UART_FCR_INIT);
	/* An 8250/16450 has no FIFO: then one byte per wait. */
	fifo_size = (inb(port + UART_IIR) & UART_IIR_FIFO) == UART_IIR_FIFO ?
			    UART_FIFO_SIZE : 1;
	fifo_room = 0;
	outb(port + UART_MCR, UART_MCR_INIT);
	ready = true;
	stalled = false;
	if (first)
		register_console(&serial_console);
	return 0;
}
