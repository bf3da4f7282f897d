# amdelta — build, test, install.  `make check` is the test command.

PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
CC        ?= cc
PKGS      := odbc libxml-2.0 libpcre2-8 jansson
SHARED    ?= $(abspath ../shared)

# Debian packages the build and the tests need (make deps installs them).
DEB_BUILD := gcc make pkg-config unixodbc-dev libxml2-dev libxml2-utils libpcre2-dev \
             libjansson-dev libcmocka-dev
DEB_TEST  := odbc-postgresql odbc-mariadb postgresql mariadb-server mariadb-client perl \
             postgresql-client valgrind chromium
DEB_ALL   := $(DEB_BUILD) $(DEB_TEST)

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(WARN) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(CFLAGS) $(PKG_CFLAGS)
DATADIR ?= $(PREFIX)/share/amdelta

# src/testhooks.c goes into the test build of the binary only
# ($(BUILD)/amdelta-test, whose main.c is built with -DAMDELTA_TEST_HOOKS:
# the AMDELTA_TEST_* hooks of the integration tests).
SRCS      := $(filter-out src/testhooks.c,$(wildcard src/*.c))
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
# reports/report.css is compiled in (report_html.c writes it inline), and
# so are the SQL blocks of every dialect, sql/<dialect>/<group>/<block>.sql
# (see src/dialect.h).
SQL_FILES := $(sort $(wildcard sql/*/*/*.sql))
GEN_OBJS  := $(BUILD)/obj/report_css.o $(BUILD)/obj/sql_blocks.o
OBJS      := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS)) $(GEN_OBJS)
LIB_OBJS  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS)) $(GEN_OBJS)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all deps unit check integration asan install uninstall clean bench valgrind fuzz fuzz-deps demo FORCE

all: $(BUILD)/amdelta

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/obj
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

# config.o holds the data directory: rebuilt when PREFIX or DATADIR changes.
$(BUILD)/obj/config.o: src/config.c $(wildcard src/*.h) $(BUILD)/datadir.stamp | $(BUILD)/obj
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -DAMDELTA_DATADIR='"$(DATADIR)"' -c -o $@ $<

$(BUILD)/obj/main-test.o: src/main.c $(wildcard src/*.h) | $(BUILD)/obj
	@echo "  CC      $< (test hooks)"
	@$(CC) $(ALL_CFLAGS) -DAMDELTA_TEST_HOOKS -c -o $@ $<

# reports/report.css as the C string report_css[]: backslashes and quotes
# and '?' (trigraphs) escaped, one string literal per line (POSIX sed and
# printf only).
$(BUILD)/report_css.c: reports/report.css | $(BUILD)/obj
	@echo "  GEN     $@"
	@{ printf '/* generated from reports/report.css by make: do not edit */\n'; \
	   printf 'extern const char report_css[];\nconst char report_css[] =\n'; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$$/\\n"/' reports/report.css; \
	   printf '\t"";\n'; } >$@.tmp && mv $@.tmp $@

$(BUILD)/obj/report_css.o: $(BUILD)/report_css.c
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The SQL files as the arrays of build/sql_blocks.c (sql/embed.awk: POSIX
# awk); a file the C code does not know fails to compile.
$(BUILD)/sql_blocks.c: $(SQL_FILES) sql/embed.awk | $(BUILD)/obj
	@echo "  GEN     $@"
	@awk -f sql/embed.awk $(SQL_FILES) >$@.tmp && mv $@.tmp $@

$(BUILD)/obj/sql_blocks.o: $(BUILD)/sql_blocks.c $(wildcard src/*.h)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/datadir.stamp: FORCE | $(BUILD)/obj
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@

FORCE:

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/amdelta: $(OBJS)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS)

$(BUILD)/amdelta-test: $(LIB_OBJS) $(BUILD)/obj/main-test.o $(BUILD)/obj/testhooks.o
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB_OBJS) $(wildcard tests/unit/*.h) | $(BUILD)/tests
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc -o $@ $< $(LIB_OBJS) $(PKG_LIBS) $(CMOCKA_LIBS)

# Installs missing Debian packages when root; otherwise prints the command.
deps:
	@missing=""; for p in $(DEB_ALL); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing >/dev/null || exit 1; \
	  service mariadb stop >/dev/null 2>&1 || true; \
	else \
	  echo "make deps: missing packages; run as root:"; \
	  echo "  apt-get update && apt-get install -y$$missing"; exit 1; \
	fi

unit: deps
	@tests/layers.sh
	@$(MAKE) --no-print-directory $(UNIT_BINS) $(BUILD)/amdelta
	@pass=0; fail=0; for t in $(UNIT_BINS); do \
	  if AMDELTA_TOP=$(CURDIR) AMDELTA_SHARED=$(SHARED) $$t; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: $$t"; fi; \
	done; echo "unit: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

integration: deps $(BUILD)/amdelta $(BUILD)/amdelta-test
	@AMDELTA=$(CURDIR)/$(BUILD)/amdelta AMDELTA_TEST=$(CURDIR)/$(BUILD)/amdelta-test \
	  SHARED=$(SHARED) tests/integration/run.sh

check: unit
	@$(MAKE) --no-print-directory integration

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" check

valgrind: $(BUILD)/amdelta $(UNIT_BINS)
	@for t in $(UNIT_BINS); do AMDELTA_TOP=$(CURDIR) AMDELTA_SHARED=$(SHARED) valgrind -q --error-exitcode=9 --leak-check=full $$t >/dev/null || exit 1; done; echo "valgrind: unit tests clean"

# libFuzzer over the deployment.toml reader (not part of check): builds
# $(BUILD)/fuzz/toml_fuzz with clang, seeds $(BUILD)/fuzz-corpus with the
# config samples, runs FUZZ_SECONDS; a crash is saved in $(BUILD)/fuzz-crash/.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
DEB_FUZZ     := clang libclang-rt-dev
FUZZ_SRCS    := src/toml.c src/jdbc.c src/dialect.c src/catalog.c src/util.c $(BUILD)/sql_blocks.c
FUZZ_FLAGS   := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=all

fuzz-deps:
	@$(MAKE) --no-print-directory deps DEB_ALL="$(DEB_FUZZ)"

$(BUILD)/fuzz/toml_fuzz: fuzz/toml_fuzz.c $(FUZZ_SRCS) $(wildcard src/*.h) | fuzz-deps
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(WARN) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(PKG_CFLAGS) $(FUZZ_FLAGS) \
	  -Isrc -o $@ fuzz/toml_fuzz.c $(FUZZ_SRCS)

fuzz: $(BUILD)/fuzz/toml_fuzz
	@[ -d $(SHARED)/wso2-reference/config-samples ] || \
	  { echo "make fuzz: no $(SHARED)/wso2-reference/config-samples (set SHARED)"; exit 1; }
	@mkdir -p $(BUILD)/fuzz-corpus $(BUILD)/fuzz-crash
	@cp $(SHARED)/wso2-reference/config-samples/*.toml $(BUILD)/fuzz-corpus/
	$(BUILD)/fuzz/toml_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -dict=fuzz/toml.dict \
	  -artifact_prefix=$(BUILD)/fuzz-crash/ -print_final_stats=1 $(BUILD)/fuzz-corpus

# The whole tool on a throwaway PostgreSQL under build/demo; as root it
# first installs what it needs.
demo: $(if $(filter 0,$(shell id -u)),deps) $(BUILD)/amdelta $(BUILD)/amdelta-test
	SHARED=$(SHARED) demo/demo.sh

bench: $(BUILD)/amdelta
	SHARED=$(SHARED) AMDELTA=$(CURDIR)/$(BUILD)/amdelta bench/status.sh
	SHARED=$(SHARED) AMDELTA=$(CURDIR)/$(BUILD)/amdelta bench/apply.sh

install: $(BUILD)/amdelta
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(DATADIR)/checks \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/amdelta $(DESTDIR)$(PREFIX)/bin/amdelta
	install -m 644 man/amdelta.1 $(DESTDIR)$(PREFIX)/share/man/man1/amdelta.1
	cp -R schemas/. $(DESTDIR)$(DATADIR)/schemas/
	cp -R checks/. $(DESTDIR)$(DATADIR)/checks/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/amdelta $(DESTDIR)$(PREFIX)/share/man/man1/amdelta.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan
