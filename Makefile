# slicalc - log-based SLI calculator.
#
#   make            build ./slicalc (installs missing -dev packages when root)
#   make demo       build and report on fixtures/ with the embedded rules
#   make test       unit, CLI golden, fuzz-replay and corpus tests, then the
#                   same suite under ASan+UBSan, a clang -Werror build, the
#                   gzip tests over the zlib fallback (NO_ISAL=1), and the
#                   unit and golden tests without Hyperscan (build/nohs:
#                   NO_HYPERSCAN=1)
#   make bench      throughput and memory next to wc -l and zcat (bench/)
#   make soak       slicalc tail on a busy rotating log: memory, exact count
#   make fuzz       libFuzzer targets (clang), run each for FUZZ_SECONDS
#   make format     clang-format the sources; make format-check checks them
#   make screenshot docs/report.png, the HTML report README shows (chromium)
#   make install    the binary, slicalc(1), bash completion, the example
#                   rules and the systemd unit under PREFIX (/usr/local),
#                   DESTDIR honoured; make uninstall removes them

CC      ?= cc
# ---- ISA-L (gzip) -----------------------------------------------------------
# gzip is inflated by ISA-L (Debian's libisal-dev: about three times zlib's
# speed, the speed of `igzip -dc`) when pkg-config finds libisal, else by
# zlib; `make NO_ISAL=1` builds the zlib fallback on purpose (build it in a
# BUILD of its own: the objects do not know which they were built with).
NO_ISAL ?=
ISAL_PKG = $(if $(NO_ISAL),,$(shell pkg-config --exists libisal 2>/dev/null && echo libisal))
ISAL_DEF = $(if $(ISAL_PKG),,-DSLICALC_NO_ISAL)
# ---- end ISA-L ----------------------------------------------------------------
# the library's packages; the command layer also links libmicrohttpd
LIB_PKGS = libpcre2-8 zlib libzstd yaml-0.1 nettle $(ISAL_PKG)
PKGS    = $(LIB_PKGS) libmicrohttpd
DEBPKGS  = libpcre2-dev zlib1g-dev libzstd-dev libyaml-dev libjsmn-dev libmicrohttpd-dev nettle-dev pkg-config $(HS_DEB)
TESTPKGS := jq curl tzdata mandoc man-db
BUILD   ?= build/release
CFLAGS  ?= -O2 -g
WERROR  ?= -Werror
WARN    := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wcast-qual \
           -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wundef \
           -Wvla -Wwrite-strings -Wimplicit-fallthrough
SAN     := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer

# ---- Hyperscan (issue 13, src/multimatch.c) --------------------------------
# All SLIs' patterns of a field scanned at once. Debian packages Hyperscan
# for amd64 (libhyperscan-dev) and its port vectorscan, same API, for
# arm64 and others (libvectorscan-dev); pkg-config's libhs decides. Without
# it, or with `make NO_HYPERSCAN=1`, the build defines SLICALC_NO_HYPERSCAN
# and matches each SLI's patterns with PCRE2 in turn (the same results).
# `make test` builds both ways (build/nohs).
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null)
HS_DEB   := $(if $(NO_HYPERSCAN),,$(if $(filter amd64,$(DEB_ARCH)),libhyperscan-dev,$(if $(filter arm64 ppc64el,$(DEB_ARCH)),libvectorscan-dev)))
HS_PKG   = $(if $(NO_HYPERSCAN),,$(shell pkg-config --exists libhs 2>/dev/null && echo libhs))
HS_CFLAGS = $(if $(HS_PKG),,-DSLICALC_NO_HYPERSCAN)
# ---- end Hyperscan

# Recursive on purpose: pkg-config is asked when a recipe runs, i.e. after
# the deps step below has had a chance to install what is missing.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(HS_PKG)) $(HS_CFLAGS)
LIB_LIBS   = $(shell pkg-config --libs $(LIB_PKGS) $(HS_PKG)) -lm -lpthread
LDLIBS     = $(shell pkg-config --libs $(PKGS) $(HS_PKG)) -lm -lpthread
ALL_CFLAGS = $(WARN) $(WERROR) -D_POSIX_C_SOURCE=200809L $(CFLAGS) \
             $(PKG_CFLAGS) $(ISAL_DEF) -Isrc -MMD -MP

# The command layer: the only code that reads argv, prints to the user or
# exits. Everything else is libslicalc.a, which the commands, the unit
# tests, the fuzz targets link (`make lib-check` proves it never touches
# stdout/stderr nor exits).
CLI_SRCS  := $(wildcard src/cli/*.c)
SRCS      := $(wildcard src/*.c)
CLI_OBJS  := $(patsubst src/cli/%.c,$(BUILD)/cli/%.o,$(CLI_SRCS))
LIB_OBJS  := $(patsubst src/%.c,$(BUILD)/%.o,$(SRCS)) \
             $(BUILD)/default_rules.o
LIB       := $(BUILD)/libslicalc.a
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/%,$(UNIT_SRCS))
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BINS := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/replay_%,$(FUZZ_SRCS))

.PHONY: all deps test-deps demo test check lib-check bench soak fuzz format format-check clean screenshot install uninstall
all: slicalc

# Install the libraries when pkg-config cannot find them and we may
# (root on Debian/Ubuntu); otherwise say what to install.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || \
	    ! pkg-config --exists $(PKGS) $(if $(HS_DEB),libhs) || \
	    ! printf '#include <jsmn.h>\n' | $(CC) -E -x c - >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $(DEBPKGS)"; \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBPKGS); \
	  else \
	    echo "missing libraries: install $(DEBPKGS) (as root: apt-get install $(DEBPKGS))" >&2; \
	    exit 1; \
	  fi; \
	fi
	@# ISA-L is optional: installed when we may, else zlib inflates gzip
	@if [ -z "$(NO_ISAL)" ] && ! pkg-config --exists libisal 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing libisal-dev"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libisal-dev || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libisal-dev; } || \
	    echo "libisal-dev not installed: gzip is inflated with zlib (slower)" >&2; \
	  else \
	    echo "note: libisal-dev not installed: gzip is inflated with zlib (slower; as root: apt-get install libisal-dev)" >&2; \
	  fi; \
	fi

# What the tests need beyond the build: jq reads the JSON reports, tzdata
# has the zones calendar windows are tested in, mandoc and man lint and
# render the man page (tests/install.sh).
test-deps: deps
	@if ! command -v jq >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1 || \
	    ! command -v mandoc >/dev/null 2>&1 || ! command -v man >/dev/null 2>&1 || \
	    [ ! -e /usr/share/zoneinfo/Europe/Paris ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $(TESTPKGS)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TESTPKGS) || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TESTPKGS); }; \
	  else \
	    echo "the tests need: $(TESTPKGS) (as root: apt-get install $(TESTPKGS))" >&2; \
	    exit 1; \
	  fi; \
	fi

slicalc: deps $(BUILD)/slicalc
	cp $(BUILD)/slicalc $@.tmp && mv -f $@.tmp $@

$(BUILD)/slicalc: $(CLI_OBJS) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

# The library computes and returns errors; only the command layer prints
# or exits. A library object that refers to stdout, stderr, exit or printf
# (and friends) fails this check.
lib-check: $(LIB)
	@bad=$$(for o in $(LIB_OBJS); do \
	  nm -u $$o | awk -v o=$$o '$$2 ~ /^(stdout|stderr|exit|_exit|_Exit|printf|puts|putchar|perror|vprintf)$$/ { print o ": " $$2 }'; \
	done); \
	if [ -n "$$bad" ]; then echo "library objects that print or exit:"; echo "$$bad"; exit 1; fi; \
	echo "lib-check: $(words $(LIB_OBJS)) library objects neither print nor exit"

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The command layer sees its own headers; the library cannot include them.
$(BUILD)/cli/%.o: src/cli/%.c | $(BUILD)/cli
	$(CC) $(ALL_CFLAGS) -Isrc/cli -c -o $@ $<

# The default rules are compiled in from rules/default.yaml so the file
# and the binary can never disagree.
$(BUILD)/default_rules.c: rules/default.yaml | $(BUILD)
	awk 'BEGIN { print "#include \"rules.h\""; \
	             print "const char rules_default_yaml[] =" } \
	     { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); print "\"" $$0 "\\n\"" } \
	     END { print ";" }' $< > $@

$(BUILD)/default_rules.o: $(BUILD)/default_rules.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/test_%: tests/unit/test_%.c tests/unit/check.h $(LIB)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(LIB_LIBS)

# Unit tests of the command layer (test_cli_*) link it too.
$(BUILD)/test_cli_%: tests/unit/test_cli_%.c tests/unit/check.h $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJS)) $(LIB)
	$(CC) $(ALL_CFLAGS) -Isrc/cli -Itests/unit -o $@ $< $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJS)) $(LIB) $(LDLIBS)

$(BUILD)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(LIB_LIBS)

$(BUILD) $(BUILD)/cli:
	mkdir -p $@

# Everything one test run needs, built in $(BUILD).
check: deps $(BUILD)/slicalc $(UNIT_BINS) $(REPLAY_BINS)
	@$(MAKE) --no-print-directory lib-check BUILD=$(BUILD)

demo: slicalc
	./slicalc report fixtures/access.log fixtures/access-rotated.log.gz

test: test-deps
	$(MAKE) --no-print-directory slicalc
	$(MAKE) --no-print-directory check BUILD=build/release
	$(MAKE) --no-print-directory check BUILD=build/asan CFLAGS="$(SAN)"
	$(MAKE) --no-print-directory check BUILD=build/nohs NO_HYPERSCAN=1
	@if command -v clang >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory build/clang/slicalc BUILD=build/clang CC=clang \
	    && echo "clang -Werror build: ok"; \
	else echo "clang not installed: clang build skipped"; \
	  if [ "$$CI" = true ]; then echo "CI=true: a skip is a failure" >&2; exit 1; fi; fi
	@if command -v clang-format >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory format-check && echo "clang-format: ok"; \
	else echo "clang-format not installed: format check skipped"; \
	  if [ "$$CI" = true ]; then echo "CI=true: a skip is a failure" >&2; exit 1; fi; fi
	@# ISA-L: the zlib fallback, built and tested too (what reads gzip)
	$(MAKE) --no-print-directory build/noisal/slicalc build/noisal/test_reader BUILD=build/noisal NO_ISAL=1
	bash tests/run.sh build/release build/asan build/noisal:corpus build/nohs:merge,limits

bench: slicalc
	bash bench/run.sh $(BENCH_LINES)
	bash bench/year.sh

# slicalc tail under a busy, rotating log: memory over time, exact count
soak: slicalc
	bash bench/soak.sh $(SOAK_LINES)

# The HTML report's picture in README: the page of a rules file with
# several SLIs (met, at risk, spent) over a fixture, as headless Chromium
# draws it at 1100 px (the first 1500 px of it).
screenshot: slicalc
	@mkdir -p docs build
	./slicalc report -q -o html -r fixtures/rules/html.yaml fixtures/access.log >build/report.html
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	  --window-size=1100,1500 --screenshot=$(CURDIR)/docs/report.png \
	  file://$(CURDIR)/build/report.html 2>/dev/null
	@ls -l docs/report.png

# ---- install (issue 14) ------------------------------------------------------
# GNU's names: PREFIX (default /usr/local) and DESTDIR (a staging root,
# for packages and tests/install.sh). The man page, the unit and the env
# example name the installed paths: /usr/local/bin in them becomes BINDIR,
# /usr/local/share/slicalc DATADIR, /usr/local/lib/systemd/system
# SYSTEMDDIR, and any other /usr/local PREFIX.
# INSTALL_BIN installs another build's binary as is (tests/install.sh
# installs the one under test); by default ./slicalc, built first.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
DATADIR     ?= $(PREFIX)/share/slicalc
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDDIR  ?= $(PREFIX)/lib/systemd/system
INSTALL     ?= install
INSTALL_BIN ?= slicalc
RULES_YAML  := $(notdir $(wildcard rules/*.yaml))
# Each path becomes a placeholder first, and the placeholders the
# values last: a value that itself holds /usr/local (PREFIX=/usr/local/stow/x,
# BINDIR=/usr/local/sbin) is never rewritten again.
SUBST_PREFIX = sed -e 's|/usr/local/bin|@BINDIR@|g' \
  -e 's|/usr/local/share/slicalc|@DATADIR@|g' \
  -e 's|/usr/local/lib/systemd/system|@SYSTEMDDIR@|g' \
  -e 's|/usr/local|@PREFIX@|g' \
  -e 's|@BINDIR@|$(BINDIR)|g; s|@DATADIR@|$(DATADIR)|g' \
  -e 's|@SYSTEMDDIR@|$(SYSTEMDDIR)|g; s|@PREFIX@|$(PREFIX)|g'

install: $(filter slicalc,$(INSTALL_BIN))
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(SYSTEMDDIR)
	$(INSTALL) -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/slicalc
	$(SUBST_PREFIX) docs/slicalc.1 >$(DESTDIR)$(MANDIR)/man1/slicalc.1
	$(INSTALL) -m 644 contrib/completion/slicalc.bash $(DESTDIR)$(BASHCOMPDIR)/slicalc
	$(INSTALL) -m 644 $(addprefix rules/,$(RULES_YAML)) $(DESTDIR)$(DATADIR)/rules
	$(SUBST_PREFIX) contrib/systemd/tail.env.example >$(DESTDIR)$(DATADIR)/tail.env.example
	$(SUBST_PREFIX) contrib/systemd/slicalc-tail@.service \
	  >$(DESTDIR)$(SYSTEMDDIR)/slicalc-tail@.service
	chmod 644 $(DESTDIR)$(MANDIR)/man1/slicalc.1 $(DESTDIR)$(DATADIR)/tail.env.example \
	  $(DESTDIR)$(SYSTEMDDIR)/slicalc-tail@.service

# Exactly what install put, and the directories of our own when empty.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/slicalc $(DESTDIR)$(MANDIR)/man1/slicalc.1 \
	  $(DESTDIR)$(BASHCOMPDIR)/slicalc $(DESTDIR)$(DATADIR)/tail.env.example \
	  $(addprefix $(DESTDIR)$(DATADIR)/rules/,$(RULES_YAML)) \
	  $(DESTDIR)$(SYSTEMDDIR)/slicalc-tail@.service
	rmdir $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR) 2>/dev/null || true
# ---- end install

FUZZ_SECONDS ?= 60
fuzz: deps
	@for t in $(FUZZ_SRCS:tests/fuzz/fuzz_%.c=%); do \
	  $(MAKE) --no-print-directory build/fuzz/fuzz_$$t BUILD=build/fuzz CC=clang \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" || exit 1; \
	  mkdir -p build/fuzz/corpus_$$t; \
	  build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    build/fuzz/corpus_$$t tests/fuzz/corpus/$$t || exit 1; \
	done

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(LIB)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(LIB) $(LIB_LIBS)

format:
	clang-format -i src/*.c src/*.h src/cli/*.c src/cli/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c bench/*.c

format-check:
	clang-format --dry-run --Werror src/*.c src/*.h src/cli/*.c src/cli/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c bench/*.c

clean:
	rm -rf build slicalc

-include $(wildcard $(BUILD)/*.d $(BUILD)/cli/*.d)
