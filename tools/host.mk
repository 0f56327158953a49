# SPDX-License-Identifier: GPL-2.0
#
# Shared settings for host builds under tools/. Include after setting
# srctree and objtree (absolute). A tool's outputs go to $(out).

# `make -C tools/<name>` with no goal builds; $(out): below is not the goal.
.DEFAULT_GOAL := all

HOSTCC ?= cc
HOSTCLANG ?= clang
# With O=dir a tool's outputs go to dir/tools/<name>/. In-tree they go to
# tools/.out/<name>/, never into the tool's own source directory (whose
# `clean` removes $(out)).
ifeq ($(abspath $(objtree)),$(abspath $(srctree)))
out := $(objtree)/tools/.out/$(notdir $(CURDIR))
else
out := $(objtree)/tools/$(notdir $(CURDIR))
endif

HOST_CPPFLAGS := -D__MOSAIC_HOST__ -I$(srctree)/include -I$(srctree)/tools/include
HOST_WARN := -Wall -Wextra -Werror -Wno-unused-parameter
HOST_CFLAGS := -std=gnu11 -O2 -g $(HOST_WARN) \
	-ffile-prefix-map=$(srctree)/= $(HOSTCFLAGS)
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

$(out):
	@mkdir -p $@

# The shared host test harness and kernel-service stubs
# (tools/include/hosttest.h): link these into every test binary.
HOSTTEST_SRCS := $(srctree)/tools/lib/hosttest.c $(srctree)/tools/lib/hoststubs.c
HOSTTEST_DEPS := $(HOSTTEST_SRCS) $(wildcard $(srctree)/include/mosaic/*.h \
	$(srctree)/tools/include/*.h)

# A suite that is one sanitized test binary, $(out)/$(1), built from the
# sources $(2) plus the harness; `check` runs it, `bench` and `fuzz` do
# nothing. Use as: $(eval $(call host_test_suite,kbd_test,a.c b.c))
define host_test_suite
.PHONY: all check bench fuzz clean
all: $(out)/$(1)

$(out)/$(1): $(2) $$(HOSTTEST_DEPS) | $(out)
	$$(HOSTCC) $$(HOST_CPPFLAGS) $$(HOST_CFLAGS) $$(SANITIZE) -o $$@ \
		$(2) $$(HOSTTEST_SRCS)

check: $(out)/$(1)
	$(out)/$(1)

bench fuzz:
	@:

clean:
	rm -rf $(out)
endef

# A suite written in Python: $(1) the test script (given the source and
# output directories), $(2) extra environment. Use as:
#   $(eval $(call python_test_suite,$(srctree)/tools/x/test_x.py))
PYTHON ?= /usr/bin/python3
define python_test_suite
.PHONY: all check bench fuzz clean
all:

check: | $(out)
	@PYTHONDONTWRITEBYTECODE=1 $(2) $$(PYTHON) $(1) $$(srctree) $$(out)

bench fuzz:
	@:

clean:
	@rm -rf $(out)
endef

# A suite of one sanitized test binary plus one libFuzzer target:
#   $(1) suite name (the summary line), $(2) test sources (harness added),
#   $(3) fuzzer sources, $(4) seed directory, $(5) environment of the test.
# `check` runs the tests and CHECK_FUZZ_TIME (default 5) s of fuzzing (one
# more case); `fuzz` fuzzes for FUZZ_TIME (default 60) s. Outputs:
# $(out)/$(1)_test and $(out)/fuzz_$(1). Use as:
#   $(eval $(call host_fuzz_suite,ansi,a_test.c a.c,fuzz_a.c a.c,$(srctree)/tools/a/seeds))
define host_fuzz_suite
.PHONY: all check bench fuzz clean
all: $(out)/$(1)_test $(out)/fuzz_$(1)

$(out)/$(1)_test: $(2) $$(HOSTTEST_DEPS) | $(out)
	$$(HOSTCC) $$(HOST_CPPFLAGS) $$(HOST_CFLAGS) $$(SANITIZE) -o $$@ \
		$(2) $$(HOSTTEST_SRCS)

$(out)/fuzz_$(1): $(3) $$(HOSTTEST_DEPS) | $(out)
	$$(HOSTCLANG) $$(HOST_CPPFLAGS) -std=gnu11 -O1 -g $$(HOST_WARN) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $$@ $(3) $(srctree)/tools/lib/hoststubs.c

check: $(out)/$(1)_test $(out)/fuzz_$(1)
	@mkdir -p $(out)/corpus; \
	$(5) $(out)/$(1)_test >$(out)/test.log 2>&1; rc=$$$$?; \
	grep -v '^hosttest ' $(out)/test.log; \
	p=$$$$(sed -n 's/^hosttest $(1): \([0-9]*\) passed.*/\1/p' $(out)/test.log); \
	f=$$$$(sed -n 's/^hosttest $(1): .* \([0-9]*\) failed/\1/p' $(out)/test.log); \
	if [ -z "$$$$p" ]; then p=0; f=1; echo "FAIL: $(1)_test crashed"; fi; \
	if [ $$$$rc -ne 0 ] && [ "$$$$f" = 0 ]; then f=1; fi; \
	if $(out)/fuzz_$(1) -max_total_time=$$(or $$(CHECK_FUZZ_TIME),5) -seed=1 \
		-max_len=8192 -artifact_prefix=$(out)/ $(out)/corpus $(4) \
		>$(out)/fuzz.log 2>&1; then p=$$$$((p+1)); \
	else f=$$$$((f+1)); echo "FAIL: fuzz_$(1), see $(out)/fuzz.log"; \
		tail -20 $(out)/fuzz.log; fi; \
	echo "hosttest $(1): $$$$p passed, $$$$f failed"; test $$$$f -eq 0

bench:
	@:

fuzz: $(out)/fuzz_$(1)
	mkdir -p $(out)/corpus
	$(out)/fuzz_$(1) -max_total_time=$$(or $$(FUZZ_TIME),60) -max_len=8192 \
		-artifact_prefix=$(out)/ $(out)/corpus $(4)

clean:
	rm -rf $(out)
endef
