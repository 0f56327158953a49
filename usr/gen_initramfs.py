#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build a cpio "newc" initramfs, as Linux's usr/gen_initramfs.sh and
usr/gen_init_cpio do together.

usage: gen_initramfs.py -o OUT [--srctree DIR] SOURCE...

Each SOURCE is a directory (its contents go to "/", owned by root) or a
list file in gen_init_cpio's format (see usr/Kconfig). No SOURCE means
usr/default_cpio_list. Inode numbers are given in order and mtimes come
from the files (clamped to SOURCE_DATE_EPOCH when set), so the same
sources give the same bytes. Errors name the file and line and exit 1.
"""

import argparse
import os
import stat
import sys


class BuildError(Exception):
    pass


class Archive:
    def __init__(self, epoch):
        self.out = bytearray()
        self.ino = 721
        self.epoch = epoch
        self.names = set()

    def mtime(self, t):
        t = int(t)
        return min(t, self.epoch) if self.epoch is not None else t

    def entry(self, name, mode, uid, gid, data=b"", nlink=1, ino=None,
              rdev=(0, 0), mtime=0):
        name = name.lstrip("/")
        if not name:
            name = "."
        raw = name.encode() + b"\0"
        if ino is None:
            ino = self.ino
            self.ino += 1
        fields = [ino, mode, uid, gid, nlink, mtime, len(data), 3, 1,
                  rdev[0], rdev[1], len(raw), 0]
        self.out += b"070701" + b"".join(b"%08X" % f for f in fields)
        self.out += raw
        self.pad()
        self.out += data
        self.pad()
        self.names.add(name)

    def pad(self):
        self.out += b"\0" * (-len(self.out) % 4)

    def trailer(self):
        self.entry("TRAILER!!!", 0, 0, 0, ino=0)


def parse_mode(text, where):
    try:
        return int(text, 8)
    except ValueError:
        raise BuildError(f"{where}: bad mode '{text}'") from None


def parse_int(text, where, what):
    try:
        return int(text, 0)
    except ValueError:
        raise BuildError(f"{where}: bad {what} '{text}'") from None


def read_data(path, where):
    try:
        with open(path, "rb") as f:
            return f.read(), os.stat(path).st_mtime
    except OSError as e:
        raise BuildError(f"{where}: cannot read {path}: {e.strerror}") from None


# gen_init_cpio's line types: minimum and maximum argument counts.
LIST_ARGS = {"file": (5, None), "dir": (4, 4), "nod": (7, 7),
             "slink": (5, 5), "pipe": (4, 4), "sock": (4, 4)}


def add_list_line(ar, words, where, base):
    kind, args = words[0], words[1:]
    if kind not in LIST_ARGS:
        raise BuildError(f"{where}: unknown entry type '{kind}'")
    lo, hi = LIST_ARGS[kind]
    if len(args) < lo or (hi is not None and len(args) > hi):
        raise BuildError(f"{where}: '{kind}' takes "
                         f"{lo if lo == hi else f'at least {lo}'} fields, "
                         f"got {len(args)}")
    name = args[0]
    if kind == "file":
        loc = os.path.expandvars(args[1])
        if not os.path.isabs(loc):
            loc = os.path.join(base, loc)
        mode, uid, gid = (parse_mode(args[2], where),
                          parse_int(args[3], where, "uid"),
                          parse_int(args[4], where, "gid"))
        data, mtime = read_data(loc, where)
        names = [name] + args[5:]
        ino = ar.ino
        ar.ino += 1
        for i, n in enumerate(names):  # newc: the data goes with the last
            last = i == len(names) - 1
            ar.entry(n, stat.S_IFREG | mode, uid, gid,
                     data if last else b"", nlink=len(names), ino=ino,
                     mtime=ar.mtime(mtime))
        return
    if kind == "slink":
        mode = parse_mode(args[2], where)
        ar.entry(name, stat.S_IFLNK | mode, parse_int(args[3], where, "uid"),
                 parse_int(args[4], where, "gid"), args[1].encode())
        return
    mode, uid, gid = (parse_mode(args[1], where),
                      parse_int(args[2], where, "uid"),
                      parse_int(args[3], where, "gid"))
    if kind == "dir":
        ar.entry(name, stat.S_IFDIR | mode, uid, gid, nlink=2)
    elif kind == "pipe":
        ar.entry(name, stat.S_IFIFO | mode, uid, gid)
    elif kind == "sock":
        ar.entry(name, stat.S_IFSOCK | mode, uid, gid)
    else:
        dev = args[4]
        if dev not in ("c", "b"):
            raise BuildError(f"{where}: device type must be c or b, not '{dev}'")
        kind_bits = stat.S_IFCHR if dev == "c" else stat.S_IFBLK
        ar.entry(name, kind_bits | mode, uid, gid,
                 rdev=(parse_int(args[5], where, "major"),
                       parse_int(args[6], where, "minor")))


def add_list_file(ar, path):
    base = os.path.dirname(os.path.abspath(path))
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
    except OSError as e:
        raise BuildError(f"{path}: {e.strerror}") from None
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if words:
            add_list_line(ar, words, f"{path}:{number}", base)


def add_directory(ar, top):
    """Everything below top, parents before children, names sorted;
    hard links keep one inode with the data on the last name."""
    links = {}
    items = []
    for root, dirs, files in os.walk(top):
        dirs.sort()
        rel = os.path.relpath(root, top)
        for name in sorted(dirs + files):
            path = os.path.join(root, name)
            items.append((path, name if rel == "." else f"{rel}/{name}"))
    for path, name in items:
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
            links.setdefault((st.st_dev, st.st_ino), []).append(name)
    inos = {}
    for path, name in items:
        st = os.lstat(path)
        perm = stat.S_IMODE(st.st_mode)
        fmt = stat.S_IFMT(st.st_mode)
        mtime = ar.mtime(st.st_mtime)
        if stat.S_ISDIR(st.st_mode):
            ar.entry(name, fmt | perm, 0, 0, nlink=2, mtime=mtime)
        elif stat.S_ISLNK(st.st_mode):
            ar.entry(name, fmt | perm, 0, 0, os.readlink(path).encode(),
                     mtime=mtime)
        elif stat.S_ISREG(st.st_mode):
            group = links.get((st.st_dev, st.st_ino), [name])
            key = (st.st_dev, st.st_ino)
            if key not in inos:
                inos[key] = ar.ino
                ar.ino += 1
            data = read_data(path, path)[0] if name == group[-1] else b""
            ar.entry(name, fmt | perm, 0, 0, data, nlink=len(group),
                     ino=inos[key], mtime=mtime)
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            ar.entry(name, fmt | perm, 0, 0, mtime=mtime,
                     rdev=(os.major(st.st_rdev), os.minor(st.st_rdev)))
        else:
            ar.entry(name, fmt | perm, 0, 0, mtime=mtime)


def resolve(source, srctree):
    if os.path.isabs(source) or os.path.exists(source):
        return source
    in_src = os.path.join(srctree, source)
    if os.path.exists(in_src):
        return in_src
    raise BuildError(f"initramfs source '{source}' not found (looked in "
                     f"{os.getcwd()} and {srctree})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--srctree", default=".")
    ap.add_argument("sources", nargs="*")
    args = ap.parse_args()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    ar = Archive(int(epoch) if epoch else None)
    sources = args.sources or [os.path.join(args.srctree,
                                            "usr/default_cpio_list")]
    try:
        for source in sources:
            path = resolve(source, args.srctree)
            if os.path.isdir(path):
                add_directory(ar, path)
            else:
                add_list_file(ar, path)
    except BuildError as e:
        print(f"gen_initramfs: {e}", file=sys.stderr)
        return 1
    ar.trailer()
    try:  # unchanged bytes keep the old file, so make rebuilds nothing
        with open(args.output, "rb") as f:
            if f.read() == ar.out:
                return 0
    except OSError:
        pass
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(ar.out)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
