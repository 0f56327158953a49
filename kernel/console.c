// SPDX-License-Identifier: GPL-2.0
/*
 * The list of consoles printk writes to. Console ownership (see
 * <mosaic/console.h>) protects the list and the drivers' state: it is
 * changed and walked only by the owner.
 */
#include <mosaic/console.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>

static struct console *consoles;

void register_console(struct console *con)
{
	struct console **pos = &consoles;

	/* Thread context at boot: only an interrupted owner could refuse. */
	bool owned = console_trylock();

	while (*pos)
		pos = &(*pos)->next;
	con->next = NULL;
	*pos = con;
	if (owned)
		console_unlock();
}

void unregister_console(struct console *con)
{
	struct console **pos = &consoles;

	bool owned = console_trylock();

	while (*pos && *pos != con)
		pos = &(*pos)->next;
	if (*pos)
		*pos = con->next;
	if (owned)
		console_unlock();
}

void console_emit(const char *s, size_t len)
{
	for (struct console *con = consoles; con; con = con->next)
		con->write(con, s, len);
}

void console_write(const char *s, size_t len)
{
	if (!console_trylock()) {
		/* We interrupted the owner: it prints these before it leaves. */
		printk_store_raw(s, len);
		return;
	}
	console_flush();	/* what printk queued goes first */
	console_emit(s, len);
	console_unlock();
}

static void console_set_color_owned(enum console_color fg,
				    enum console_color bg)
{
	for (struct console *con = consoles; con; con = con->next)
		if (con->set_color)
			con->set_color(con, fg, bg);
}

void console_set_color(enum console_color fg, enum console_color bg)
{
	if (!console_trylock())
		return;		/* colour is cosmetic: never wait for it */
	console_set_color_owned(fg, bg);
	console_unlock();
}

void console_color_println(enum console_color fg, enum console_color bg,
			   const char *s)
{
	if (!console_trylock()) {
		printk_store_raw(s, strlen(s));
		printk_store_raw("\n", 1);
		return;
	}
	console_flush();	/* pending records before the colour */
	console_set_color_owned(fg, bg);
	console_emit(s, strlen(s));
	console_emit("\n", 1);
	console_set_color_owned(COLOR_LIGHT_GREY, COLOR_BLACK);
	console_unlock();
}
