#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Usage: kconfig_defaults.sh KCONFIG [-DCONFIG_SYM=VALUE...]
# Print -DCONFIG_<SYM>=<default> for every int option of KCONFIG that has
# a plain numeric default, except those given as arguments, which are
# printed as given: host builds take a policy's parameters from Kconfig,
# as the kernel does, without naming them anywhere else.
kconfig=$1
shift
printf '%s\n' "$@" | awk -v kconfig="$kconfig" '
$0 ~ /^-D/ { sub(/^-D/, ""); split($0, kv, "="); over[kv[1]] = 1;
	     print "-D" $0; next }
END {
	while ((getline line < kconfig) > 0) {
		n = split(line, f, /[ \t]+/)
		if (line ~ /^config /) { sym = "CONFIG_" f[2]; isint = 0 }
		else if (line ~ /^[ \t]+int/) isint = 1
		else if (line ~ /^[ \t]+default [0-9]+[ \t]*$/ && isint &&
			 !(sym in over) && !(sym in seen)) {
			print "-D" sym "=" f[3]
			seen[sym] = 1
		}
	}
}'
