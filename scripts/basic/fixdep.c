// SPDX-License-Identifier: GPL-2.0
/*
 * fixdep: turn a gcc dependency file into a kbuild .cmd file.
 *
 * Every object would otherwise depend on include/generated/autoconf.h and
 * be rebuilt whenever any option changes. Instead, each source and header
 * is scanned for CONFIG_ symbols and the object depends on the per-symbol
 * timestamp files include/config/<sym>.h that kconfiglib's sync_deps()
 * touches when that symbol's value changes. The command line is recorded
 * too, so a changed KCFLAGS rebuilds.
 *
 * usage: fixdep <depfile> <target> <cmdline>   (writes the .cmd to stdout)
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SYMS 4096

static char *seen[MAX_SYMS];
static int nr_seen;

static void die(const char *what, const char *file)
{
	fprintf(stderr, "fixdep: %s %s: %s\n", what, file, strerror(errno));
	exit(2);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		die("cannot size", path);
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
		die("cannot read", path);
	fclose(f);
	buf[size] = '\0';
	*len = (size_t)size;
	return buf;
}

static int already_seen(const char *sym, size_t len)
{
	for (int i = 0; i < nr_seen; i++)
		if (strlen(seen[i]) == len && !memcmp(seen[i], sym, len))
			return 1;
	if (nr_seen < MAX_SYMS)
		seen[nr_seen++] = strndup(sym, len);
	return 0;
}

/* MY_SYM_NAME -> include/config/my/sym/name.h, kconfiglib's layout. */
static void print_symbol_dep(const char *sym, size_t len)
{
	if (already_seen(sym, len))
		return;
	printf("    $(wildcard include/config/");
	for (size_t i = 0; i < len; i++)
		putchar(sym[i] == '_' ? '/' : tolower((unsigned char)sym[i]));
	printf(".h) \\\n");
}

static int is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static void scan_for_configs(const char *path)
{
	size_t len;
	char *buf = read_file(path, &len);
	const char *p;

	if (!buf)
		return;
	for (p = buf; (p = strstr(p, "CONFIG_")) != NULL; p += 7) {
		const char *start = p + 7, *end = start;

		if (p > buf && is_ident(p[-1]))
			continue;
		while (is_ident(*end))
			end++;
		/* Linux's MODULE suffixes do not apply here. */
		if (end > start)
			print_symbol_dep(start, (size_t)(end - start));
	}
	free(buf);
}

static int is_autoconf(const char *path)
{
	const char *suffix = "include/generated/autoconf.h";
	size_t n = strlen(path), m = strlen(suffix);

	return n >= m && !strcmp(path + n - m, suffix);
}

static void print_cmdline(const char *target, const char *cmd)
{
	/* '$' and '#' would be expanded or start a comment in Make. */
	printf("savedcmd_%s := ", target);
	for (const char *c = cmd; *c; c++) {
		if (*c == '$')
			fputs("$$", stdout);
		else if (*c == '#')
			fputs("\\#", stdout);
		else
			putchar(*c);
	}
	printf("\n\n");
}

static void parse_depfile(char *buf, const char *target)
{
	static char source[4096];
	char *p = strchr(buf, ':');
	int first = 1;

	if (!p) {
		fprintf(stderr, "fixdep: no ':' in dependency file\n");
		exit(2);
	}
	p++;
	printf("deps_%s := \\\n", target);
	for (;;) {
		char *tok;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		       (*p == '\\' && (p[1] == '\n' || p[1] == '\r')))
			p++;
		if (!*p)
			break;
		tok = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
		       !(*p == '\\' && p[1] == '\n'))
			p++;
		if (*p)
			*p++ = '\0';
		if (strchr(tok, ':'))	/* -MP phony targets: we stop here */
			break;
		if (is_autoconf(tok))
			continue;
		printf("    %s \\\n", tok);
		scan_for_configs(tok);
		if (first) {	/* the source file: for compile_commands.json */
			first = 0;
			snprintf(source, sizeof(source), "%s", tok);
		}
	}
	printf("\nsource_%s := %s\n", target, source);
	printf("\n%s: $(deps_%s)\n\n$(deps_%s):\n", target, target, target);
}

int main(int argc, char **argv)
{
	size_t len;
	char *buf;

	if (argc != 4) {
		fprintf(stderr, "usage: fixdep <depfile> <target> <cmdline>\n");
		return 2;
	}
	buf = read_file(argv[1], &len);
	if (!buf)
		die("cannot open", argv[1]);
	print_cmdline(argv[2], argv[3]);
	parse_depfile(buf, argv[2]);
	free(buf);
	return 0;
}
