// SPDX-License-Identifier: GPL-2.0
/*
 * cpio "newc" reader (see include/mosaic/cpio.h). Layout of one entry:
 * a 110-byte ASCII header ("070701" or "070702", then thirteen 8-digit
 * hex fields), the NUL-terminated name, padding to 4 bytes, the data,
 * padding to 4 bytes. Freestanding.
 */
#include <mosaic/cpio.h>
#include <mosaic/errno.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>
#include <uapi/linux/fs.h>
#include <uapi/linux/stat.h>

enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	F_COUNT
};

void cpio_reader_init(struct cpio_reader *r, const void *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->pos = 0;
	r->error[0] = '\0';
}

static int fail(struct cpio_reader *r, const char *fmt, ...) __printf(2, 3);

static int fail(struct cpio_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
	r->pos = r->len;	/* nothing more is read after an error */
	return -EINVAL;
}

static bool parse_hex8(const u8 *p, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		u8 c = p[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = (v << 4) | d;
	}
	*out = v;
	return true;
}

/* Zero padding may follow an archive (and separate concatenated ones). */
static void skip_padding(struct cpio_reader *r)
{
	r->pos = ALIGN_UP(r->pos, 4);
	while (r->pos < r->len && r->len - r->pos >= 4 &&
	       !memcmp(r->buf + r->pos, "\0\0\0\0", 4))
		r->pos += 4;
	if (r->pos < r->len && r->len - r->pos < 4) {
		size_t i = r->pos;

		while (i < r->len && !r->buf[i])
			i++;
		if (i == r->len)
			r->pos = r->len;
	}
}

/* Refuse names that would leave the directory being unpacked into. */
static const char *name_problem(const char *name, size_t len)
{
	size_t i = 0;

	if (name[0] == '/')
		return "is absolute";
	while (i < len) {
		size_t start = i;

		while (i < len && name[i] != '/')
			i++;
		if (i - start == 2 && name[start] == '.' &&
		    name[start + 1] == '.')
			return "has a '..' component";
		if (i - start > NAME_MAX)
			return "has a component over 255 bytes";
		i++;
	}
	return NULL;
}

static bool known_type(u32 mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: case S_IFDIR: case S_IFLNK: case S_IFCHR:
	case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		return true;
	}
	return false;
}

static int parse_header(struct cpio_reader *r, u32 *f)
{
	const u8 *h = r->buf + r->pos;

	if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0)
		return fail(r, "bad magic at offset %zu (not a newc cpio archive)",
			    r->pos);
	for (int i = 0; i < F_COUNT; i++)
		if (!parse_hex8(h + 6 + 8 * i, &f[i]))
			return fail(r, "bad header field %d at offset %zu", i,
				    r->pos);
	return 0;
}

/* The name: inside the buffer, NUL-terminated where namesize says. */
static int parse_name(struct cpio_reader *r, const u32 *f,
		      struct cpio_entry *e)
{
	size_t start = r->pos + CPIO_HEADER_SIZE;
	u32 namesize = f[F_NAMESIZE];
	const char *name = (const char *)r->buf + start;

	if (namesize == 0 || namesize > PATH_MAX)
		return fail(r, "entry at offset %zu: name size %u out of range",
			    r->pos, namesize);
	if (namesize > r->len - start)
		return fail(r, "entry at offset %zu: name runs past the end of the archive",
			    r->pos);
	if (name[namesize - 1] != '\0' || strnlen(name, namesize) != namesize - 1)
		return fail(r, "entry at offset %zu: name is not NUL-terminated",
			    r->pos);
	e->name = name;
	e->namelen = namesize - 1;
	return 0;
}

/* Header and name of the entry at r->pos; 1 if it is a trailer. */
static int read_head(struct cpio_reader *r, u32 *f, struct cpio_entry *e)
{
	int err;

	if (r->len - r->pos < CPIO_HEADER_SIZE)
		return fail(r, "truncated header at offset %zu (%zu bytes left)",
			    r->pos, r->len - r->pos);
	err = parse_header(r, f);
	if (!err)
		err = parse_name(r, f, e);
	if (err)
		return err;
	e->offset = r->pos;
	return strcmp(e->name, "TRAILER!!!") == 0;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	u32 f[F_COUNT];
	size_t data;
	const char *why;
	int err;

	for (;;) {	/* past trailers: archives may be concatenated */
		skip_padding(r);
		if (r->pos >= r->len)
			return 0;
		err = read_head(r, f, e);
		if (err < 0)
			return err;
		data = ALIGN_UP(r->pos + CPIO_HEADER_SIZE +
					(size_t)f[F_NAMESIZE], 4);
		if (err == 0)
			break;
		r->pos = MIN(data, r->len);
	}
	if (data > r->len || f[F_FILESIZE] > r->len - data)
		return fail(r, "entry '%s': data of %u bytes runs past the end of the archive",
			    e->name, f[F_FILESIZE]);
	why = name_problem(e->name, e->namelen);
	if (why)
		return fail(r, "entry '%s': name %s", e->name, why);
	if (!known_type(f[F_MODE]))
		return fail(r, "entry '%s': unknown file type (mode %o)",
			    e->name, f[F_MODE]);
	if (S_ISLNK(f[F_MODE]) && (f[F_FILESIZE] == 0 ||
				   f[F_FILESIZE] >= PATH_MAX))
		return fail(r, "entry '%s': symlink target of %u bytes",
			    e->name, f[F_FILESIZE]);
	e->ino = f[F_INO];
	e->mode = f[F_MODE];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	e->dev_major = f[F_DEVMAJOR];
	e->dev_minor = f[F_DEVMINOR];
	e->rdev_major = f[F_RDEVMAJOR];
	e->rdev_minor = f[F_RDEVMINOR];
	e->data = r->buf + data;
	e->size = f[F_FILESIZE];
	r->pos = data + e->size;
	return 1;
}

int cpio_put_entry(void *buf, size_t size, size_t *pos,
		   const struct cpio_entry *e)
{
	size_t start = ALIGN_UP(*pos, 4);
	size_t name_end = start + CPIO_HEADER_SIZE + e->namelen + 1;
	size_t end = ALIGN_UP(ALIGN_UP(name_end, 4) + e->size, 4);
	char *p = (char *)buf;
	char hdr[CPIO_HEADER_SIZE + 1];

	if (end > size || end < start)
		return -ENOSPC;
	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 e->ino, e->mode, e->uid, e->gid, e->nlink, (u32)e->mtime,
		 (u32)e->size, e->dev_major, e->dev_minor, e->rdev_major,
		 e->rdev_minor, (u32)(e->namelen + 1), 0U);
	memset(p + *pos, 0, end - *pos);
	memcpy(p + start, hdr, CPIO_HEADER_SIZE);
	memcpy(p + start + CPIO_HEADER_SIZE, e->name, e->namelen);
	if (e->size)
		memcpy(p + ALIGN_UP(name_end, 4), e->data, e->size);
	*pos = end;
	return 0;
}

int cpio_put_trailer(void *buf, size_t size, size_t *pos)
{
	struct cpio_entry e = { .name = "TRAILER!!!", .namelen = 10,
				.nlink = 1 };

	return cpio_put_entry(buf, size, pos, &e);
}
