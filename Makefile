# SPDX-License-Identifier: GPL-2.0
#
# Mosaic top-level Makefile, in the manner of Linux's kbuild.
# `make help` lists the targets and knobs.

VERSION = 0
PATCHLEVEL = 1
KERNELRELEASE = $(VERSION).$(PATCHLEVEL)

MAKEFLAGS += -rR --no-print-directory

# ---------------------------------------------------------------------------
# O=dir: build in another directory. This first pass re-runs make inside
# the output directory; everything below then runs with objtree = ".".

this-makefile := $(lastword $(MAKEFILE_LIST))
abs_srctree := $(realpath $(dir $(this-makefile)))

ifeq ($(origin V),command line)
KBUILD_VERBOSE := $(V)
endif
KBUILD_VERBOSE ?= 0
export KBUILD_VERBOSE
ifeq ($(KBUILD_VERBOSE),1)
Q :=
else
Q := @
endif

ifeq ($(origin C),command line)
KBUILD_CHECKSRC := $(C)
endif
KBUILD_CHECKSRC ?= 0
export KBUILD_CHECKSRC

ifeq ($(origin W),command line)
KBUILD_EXTRA_WARN := $(W)
endif
export KBUILD_EXTRA_WARN

ifneq ($(sub_make_done),1)
# A path the user gave is relative to where they ran make.
ifneq ($(KCONFIG_ALLCONFIG),)
export KCONFIG_ALLCONFIG := $(abspath $(KCONFIG_ALLCONFIG))
endif
ifneq ($(O),)
abs_objtree := $(shell mkdir -p $(O) && cd $(O) && pwd)
$(if $(abs_objtree),,$(error cannot create output directory "$(O)"))
else
abs_objtree := $(CURDIR)
endif
ifneq ($(abs_objtree),$(CURDIR))
need-sub-make := 1
endif
export sub_make_done := 1
endif

ifeq ($(need-sub-make),1)
PHONY := __all
__all:
$(filter-out __all $(this-makefile),$(MAKECMDGOALS)) __all: __sub-make
	@:
PHONY += __sub-make
__sub-make:
	$(Q)$(MAKE) -C $(abs_objtree) -f $(abs_srctree)/Makefile $(MAKECMDGOALS)
.PHONY: $(PHONY)
else # need-sub-make

srctree := $(if $(abs_srctree),$(abs_srctree),$(CURDIR))
objtree := .
export srctree objtree

include $(srctree)/scripts/Kbuild.include

PHONY := all
all: mosaic mosaic.iso

# ---------------------------------------------------------------------------
# Tools. CROSS_COMPILE prefixes every tool; LLVM=1 selects clang and lld.

PYTHON := /usr/bin/python3
ifneq ($(LLVM),)
CC := $(CROSS_COMPILE)clang
LD := $(CROSS_COMPILE)ld.lld
AR := $(CROSS_COMPILE)llvm-ar
NM := $(CROSS_COMPILE)llvm-nm
OBJCOPY := $(CROSS_COMPILE)llvm-objcopy
else
CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
AR := $(CROSS_COMPILE)ar
NM := $(CROSS_COMPILE)nm
OBJCOPY := $(CROSS_COMPILE)objcopy
endif
HOSTCC := cc
CHECK := sparse
CHECKFLAGS := -D__x86_64__ -m64 -Wbitwise -Wno-return-void \
	-Wno-unknown-attribute $(CF)
QEMU := qemu-system-x86_64
export CC LD AR NM OBJCOPY HOSTCC CHECK CHECKFLAGS PYTHON

# ---------------------------------------------------------------------------
# Flags

KBUILD_CPPFLAGS := -D__KERNEL__ -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-I$(srctree)/arch/x86/include -I$(srctree)/include -Iinclude \
	-include include/generated/autoconf.h

KBUILD_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-common \
	-fno-strict-aliasing -fno-pic -fno-pie -mcmodel=kernel \
	-mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-3dnow -mno-avx \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls \
	-Wall -Wundef -Wstrict-prototypes -Wno-unused-parameter \
	-Werror=implicit-function-declaration -Werror=return-type \
	-ffile-prefix-map=$(srctree)/= -ffile-prefix-map=$(CURDIR)=.
KBUILD_AFLAGS := -D__ASSEMBLER__ -g -ffile-prefix-map=$(srctree)/= \
	-ffile-prefix-map=$(CURDIR)=.
ifeq ($(LLVM),)
KBUILD_CFLAGS += -mgeneral-regs-only
# gcc does not pass the prefix map on to the assembler for .S files.
KBUILD_AFLAGS += -Wa,--debug-prefix-map,$(CURDIR)=.
else
KBUILD_AFLAGS += --target=x86_64-pc-none-elf
KBUILD_CFLAGS += --target=x86_64-pc-none-elf -Wno-gnu-variable-sized-type-not-at-end
endif

# W=1: extra warnings; W=e: warnings are errors (combine as W=1e).
ifneq ($(findstring 1,$(KBUILD_EXTRA_WARN)),)
KBUILD_CFLAGS += -Wextra -Wmissing-prototypes -Wmissing-declarations \
	-Wold-style-definition -Wmissing-include-dirs -Wunused \
	-Wunused-but-set-variable -Wunused-const-variable -Wno-sign-compare \
	-Wmissing-format-attribute -Wformat=2 -Wno-format-nonliteral
endif
ifneq ($(findstring e,$(KBUILD_EXTRA_WARN)),)
KBUILD_CFLAGS += -Werror
CHECKFLAGS += -Wsparse-error
endif

# After W=1's -Wextra: callbacks legitimately ignore parameters.
KBUILD_CFLAGS += -Wno-unused-parameter
KBUILD_CFLAGS += $(KCFLAGS)
KBUILD_AFLAGS += $(KAFLAGS)
KBUILD_LDFLAGS := -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 \
	--build-id=none -z noexecstack --no-warn-rwx-segments
ifneq ($(LLVM),)
KBUILD_LDFLAGS := $(filter-out --no-warn-rwx-segments,$(KBUILD_LDFLAGS))
endif

export KBUILD_CPPFLAGS KBUILD_CFLAGS KBUILD_AFLAGS

# ---------------------------------------------------------------------------
# Configuration targets (kconfiglib)

KCONFIG := srctree=$(srctree) KCONFIG_CONFIG=.config KERNELVERSION=$(KERNELRELEASE) \
	$(PYTHON) $(srctree)/scripts/kconfig/conf.py
defconfigs := $(notdir $(wildcard $(srctree)/configs/*_defconfig))
fragments := $(notdir $(wildcard $(srctree)/configs/*.config))
config-targets := config menuconfig defconfig savedefconfig oldconfig \
	olddefconfig allnoconfig allyesconfig alldefconfig randconfig \
	listnewconfig $(defconfigs)

# `make qemu_defconfig debug.config` merges fragments on top.
config-fragments := $(filter $(fragments),$(MAKECMDGOALS))
config-frag-paths := $(addprefix $(srctree)/configs/,$(config-fragments))

PHONY += $(config-targets) $(fragments) install-deps
$(defconfigs): install-deps
	$(Q)$(KCONFIG) defconfig $(srctree)/configs/$@ $(config-frag-paths)
defconfig: install-deps
	$(Q)$(KCONFIG) defconfig $(srctree)/configs/qemu_defconfig \
		$(config-frag-paths)
config menuconfig: install-deps
	$(Q)$(KCONFIG) menuconfig
savedefconfig oldconfig olddefconfig allnoconfig allyesconfig alldefconfig \
randconfig listnewconfig: install-deps
	$(Q)$(KCONFIG) $@ $(if $(filter savedefconfig,$@),defconfig)

# A fragment alone applies on top of the current .config.
$(fragments): install-deps
	$(Q)$(if $(filter $(config-targets),$(MAKECMDGOALS)),:,\
		$(KCONFIG) defconfig .config $(srctree)/configs/$@)

install-deps:
	$(Q)$(if $(SKIP_DEPS),:,$(srctree)/scripts/install-deps)

# Goals that need no configuration.
no-config-targets := $(config-targets) $(fragments) help clean mrproper \
	distclean hosttest tools fuzz install-deps check compare tags
need-config := $(if $(MAKECMDGOALS),$(filter-out $(no-config-targets),$(MAKECMDGOALS)),all)

ifneq ($(need-config),)
ifeq ($(wildcard .config),)
$(info *** No .config: using configs/qemu_defconfig (see 'make help'))
$(shell $(KCONFIG) defconfig $(srctree)/configs/qemu_defconfig >/dev/null)
endif
# auto.conf gives Make the CONFIG_ values; it is regenerated (and Make
# restarts) whenever .config or a Kconfig file changes.
-include include/config/auto.conf
-include include/config/auto.conf.cmd
include/config/auto.conf: .config
	$(Q)$(KCONFIG) syncconfig
	$(Q)touch $@
endif

# ---------------------------------------------------------------------------
# The kernel

core-dirs := arch/x86 kernel mm drivers lib
core-builtins := $(addsuffix /built-in.a,$(core-dirs))

PHONY += $(core-dirs) prepare
prepare: include/config/auto.conf scripts/basic/fixdep

quiet_cmd_host_fixdep = HOSTCC  $@
      cmd_host_fixdep = $(HOSTCC) -O2 -Wall -o $@ $<
scripts/basic/fixdep: $(srctree)/scripts/basic/fixdep.c
	$(Q)mkdir -p $(dir $@)
	$(call cmd,host_fixdep)

$(core-builtins): %/built-in.a: % ;
$(core-dirs): prepare
	$(Q)$(MAKE) $(build)=$@

lds := $(srctree)/arch/x86/boot/mosaic.lds
link-objs := --whole-archive $(core-builtins) --no-whole-archive

# Two links: the first finds the symbol addresses, the second embeds the
# symbol table for backtraces. The table is placed after everything else,
# so no other address moves (checked below).
quiet_cmd_link = LD      $@
      cmd_link = \
	$(LD) $(KBUILD_LDFLAGS) -T $(lds) -o .tmp_mosaic1 $(link-objs); \
	$(NM) -n .tmp_mosaic1 | $(PYTHON) $(srctree)/scripts/kallsyms.py \
		> .tmp_ksyms.S; \
	$(CC) $(KBUILD_AFLAGS) -c -o .tmp_ksyms.o .tmp_ksyms.S; \
	$(LD) $(KBUILD_LDFLAGS) -T $(lds) -o $@ $(link-objs) .tmp_ksyms.o; \
	$(PYTHON) $(srctree)/scripts/kallsyms.py --verify .tmp_mosaic1 $@ $(NM)

mosaic: $(core-builtins) $(lds) $(srctree)/scripts/kallsyms.py FORCE
	$(call if_changed,link)

# Kconfig strings arrive quoted in auto.conf.
KCONFIG_CMDLINE := $(CONFIG_CMDLINE:"%"=%)
ISO_CMDLINE := $(KCONFIG_CMDLINE)
quiet_cmd_mkiso = ISO     $@
      cmd_mkiso = $(srctree)/scripts/mkiso mosaic $@ '$(call escsq,$(ISO_CMDLINE))'

mosaic.iso: mosaic $(srctree)/scripts/mkiso FORCE
	$(call if_changed,mkiso)

# ---------------------------------------------------------------------------
# Running and testing

QEMU_ACCEL ?= tcg
RUN := $(PYTHON) $(srctree)/scripts/qemu-run --accel $(QEMU_ACCEL) \
	$(if $(QEMU_ARGS),--qemu-args '$(call escsq,$(QEMU_ARGS))') \
	$(if $(UEFI),--uefi) $(if $(ICOUNT),--icount)
KTEST ?= all

# A test or benchmark run needs its code, a console the runner reads and
# the exit device; say so at once rather than time out.
run-needs = $(strip $(foreach s,$(1) SERIAL_CONSOLE QEMU_EXIT,$(if $(CONFIG_$(s)),,CONFIG_$(s))))
check-run-needs = $(if $(call run-needs,$(1)),@echo "$@: this configuration lacks $(call run-needs,$(1)); merge configs/ktest.config (make ktest.config) or use scripts/config -e" >&2; exit 1)

PHONY += run debug ktest bench
# An image with the configured command line plus $(2), e.g. ktest=all.
mkiso-with = $(Q)$(srctree)/scripts/mkiso mosaic $(1) \
	'$(call escsq,$(strip $(KCONFIG_CMDLINE) $(2) $(KCMDLINE)))'

# A judged run: $(1) mode (ktest/bench), $(2) the command-line selection,
# $(3) the symbol the mode needs, $(4) extra runner options.
define judged-run
	$(call check-run-needs,$(3))
	$(call mkiso-with,$(1).iso,$(1)=$(2))
	$(Q)$(RUN) --mode $(1) --iso $(1).iso --log $(1).log \
		--label $(notdir $(CURDIR)) $(4)
endef

run: install-deps all
	$(call mkiso-with,run.iso)
	$(Q)$(RUN) --interactive $(if $(GUI),--gui) --iso run.iso

debug: install-deps all
	$(call mkiso-with,run.iso)
	$(Q)$(RUN) --interactive --gdb --elf $(CURDIR)/mosaic --iso run.iso

ktest: all
	$(call judged-run,ktest,$(KTEST),KTEST,\
		$(if $(KTEST_TIMEOUT),--timeout $(KTEST_TIMEOUT)) \
		$(if $(EXPECT_PANIC),--expect-panic '$(call escsq,$(EXPECT_PANIC))'))

BENCH ?= all
bench: all
	$(call judged-run,bench,$(BENCH),BENCH,--bench-out bench.json \
		$(if $(BENCH_TIMEOUT),--timeout $(BENCH_TIMEOUT)))

# ---------------------------------------------------------------------------
# Host programs and the whole test suite

PHONY += tools hosttest fuzz check
tools hosttest fuzz: install-deps
	$(Q)$(MAKE) -k -C $(srctree)/tools srctree=$(srctree) \
		objtree=$(abspath $(CURDIR)) \
		$(patsubst tools,all,$(patsubst hosttest,check,$@))

check: install-deps
	$(Q)$(PYTHON) $(srctree)/scripts/check --srctree $(srctree) \
		--objtree $(abspath $(CURDIR)) --make '$(MAKE)'

# ---------------------------------------------------------------------------
# Policy comparison: every selected frame x heap x scheduler combination
# built in its own O= directory, booted with bench=all under -icount, and
# reported in $(O)/compare/. The + passes make's -jN on to the script.

PHONY += compare
compare: install-deps
	+$(Q)$(PYTHON) $(srctree)/scripts/compare --srctree $(srctree) \
		--objtree $(abspath $(CURDIR)) \
		$(if $(FRAME),--frame '$(call escsq,$(FRAME))') \
		$(if $(HEAP),--heap '$(call escsq,$(HEAP))') \
		$(if $(SCHED),--sched '$(call escsq,$(SCHED))') \
		$(if $(COMPARE_JOBS),--jobs $(COMPARE_JOBS)) \
		$(if $(SMALL),--small) $(if $(NO_HOST),--no-host)

# ---------------------------------------------------------------------------
# For clangd users: one entry per compiled file.

PHONY += compile_commands.json
compile_commands.json: all
	$(Q)$(PYTHON) $(srctree)/scripts/gen_compile_commands.py . > $@
	@echo '  GEN     $@'

# ---------------------------------------------------------------------------

PHONY += clean mrproper distclean help
clean:
	$(Q)rm -rf $(core-builtins) mosaic .tmp_* *.iso ktest.log bench.log \
		bench.json compile_commands.json
	$(Q)$(MAKE) -C $(srctree)/tools srctree=$(srctree) \
		objtree=$(abspath $(CURDIR)) clean
	$(Q)find . \( -name '*.o' -o -name '*.a' -o -name '.*.cmd' \
		-o -name '.*.d' \) -not -path './.git/*' -delete

mrproper distclean: clean
	$(Q)rm -rf .config .config.old include/config include/generated \
		scripts/basic/fixdep check compare

help:
	@$(PYTHON) $(srctree)/scripts/help.py $(srctree)

PHONY += FORCE
FORCE:

existing-cmds := $(wildcard .mosaic.cmd .mosaic.iso.cmd)
ifneq ($(existing-cmds),)
include $(existing-cmds)
endif

.PHONY: $(PHONY)

endif # need-sub-make
