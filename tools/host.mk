# SPDX-License-Identifier: GPL-2.0
#
# Shared settings for host builds under tools/. Include after setting
# srctree and objtree (absolute). A tool's outputs go to $(out).

HOSTCC ?= cc
HOSTCLANG ?= clang
out := $(objtree)/tools/$(notdir $(CURDIR))

HOST_CPPFLAGS := -D__MOSAIC_HOST__ -I$(srctree)/include -I$(srctree)/tools/include
HOST_WARN := -Wall -Wextra -Werror -Wno-unused-parameter
HOST_CFLAGS := -std=gnu11 -O2 -g $(HOST_WARN) \
	-ffile-prefix-map=$(srctree)/= $(HOSTCFLAGS)
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

$(out):
	@mkdir -p $@
