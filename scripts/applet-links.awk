# SPDX-License-Identifier: GPL-2.0
# `busybox --list-full` (bin/ls, usr/sbin/chroot, ...) -> usr/gen_initramfs.py
# list lines: every parent directory once, then a link per applet to the
# binary (bb), leaving out the binary's own name.
{
	path = "/" $0
	if (path == bb)
		next
	n = split($0, part, "/")
	dir = ""
	for (i = 1; i < n; i++) {
		dir = dir "/" part[i]
		if (!(dir in seen)) {
			seen[dir] = 1
			print "dir " dir " 0755 0 0"
		}
	}
	links[++nlinks] = "slink " path " " bb " 0777 0 0"
}
END {
	for (i = 1; i <= nlinks; i++)
		print links[i]
}
