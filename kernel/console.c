// SPDX-License-Identifier: GPL-2.0
/* The list of consoles printk writes to. */
#include <mosaic/console.h>
#include <mosaic/irq.h>
#include <mosaic/string.h>

static struct console *consoles;

void register_console(struct console *con)
{
	struct console **pos = &consoles;

	while (*pos)
		pos = &(*pos)->next;
	con->next = NULL;
	*pos = con;
}

void console_write(const char *s, size_t len)
{
	unsigned long flags = local_irq_save();

	for (struct console *con = consoles; con; con = con->next)
		con->write(con, s, len);
	local_irq_restore(flags);
}

void console_set_color(enum console_color fg, enum console_color bg)
{
	for (struct console *con = consoles; con; con = con->next)
		if (con->set_color)
			con->set_color(con, fg, bg);
}

void console_color_println(enum console_color fg, enum console_color bg,
			   const char *s)
{
	unsigned long flags = local_irq_save();

	console_set_color(fg, bg);
	console_write(s, strlen(s));
	console_write("\n", 1);
	console_set_color(COLOR_LIGHT_GREY, COLOR_BLACK);
	local_irq_restore(flags);
}
