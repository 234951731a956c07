# vrpsh — one build for everything.
#   make            build/vrpsh
#   make check      unit suites, transcript and integration tests, then the
#                   same again built with AddressSanitizer + UBSan
#   make bench      benchmarks (bench/)
#   make fuzz       the libFuzzer targets of fuzz/, FUZZ_SECONDS each (with clang)
#   make install    PREFIX=/usr/local DESTDIR=
#   make deps       the Debian packages of .ci/packages (sudo when not root)

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc
PKG_CONFIG ?= pkg-config

PKGS_NL := libnl-3.0 libnl-route-3.0
NL_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS_NL) 2>/dev/null)
NL_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS_NL) 2>/dev/null)
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
RL_CFLAGS := $(shell $(PKG_CONFIG) --cflags readline 2>/dev/null)
RL_LIBS := $(shell $(PKG_CONFIG) --libs readline 2>/dev/null || echo -lreadline)
# libxcrypt (password hashes) has a .pc file; libcli (the telnet VTY server)
# has none on Debian.
CRYPT_LIBS := $(shell $(PKG_CONFIG) --libs libcrypt 2>/dev/null || echo -lcrypt)
CLI_LIBS := $(shell $(PKG_CONFIG) --libs libcli 2>/dev/null || echo -lcli) -pthread

VERSION := 0.1.0
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# Link-time optimisation for the release build: the handlers, the matcher
# and the configuration tree call each other across files once a line,
# and inlining across them saves about a tenth of a replay's time.  The
# sanitizer and fuzzing builds set OPT without it.
OPT ?= -O2 -g -flto=auto
CFLAGS ?= $(OPT)
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -DVRPSH_VERSION='"$(VERSION)"' $(WARN) $(CFLAGS) \
	$(SAN_FLAGS) $(FUZZ_CFLAGS) -I. $(NL_CFLAGS)
ALL_LDFLAGS := $(LDFLAGS) $(filter -O% -flto%,$(CFLAGS)) $(SAN_FLAGS)

LIB_SRCS := $(wildcard parser/*.c config/*.c store/*.c views/*.c views/gen/*.c shell/*.c backend/*.c)
CLI_SRCS := $(wildcard cli/*.c)
TEST_SRCS := $(wildcard tests/unit/*.c)
BENCH_SRCS := $(wildcard bench/*.c)

LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/obj/%.o)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

LIB := $(BUILD)/libvrpsh.a
# The command graph, compiled at build time by graphgen and embedded.
GRAPHGEN := $(BUILD)/graphgen
GRAPH_BIN := $(BUILD)/gen/graph.bin
GRAPH_OBJ := $(BUILD)/obj/gen/graph.o
VRPSH := $(BUILD)/vrpsh
UNIT := $(BUILD)/unit-tests

.PHONY: all check check-plain check-asan test bench fuzz fuzz-targets install clean deps \
	regen-syntax gen-check regen-guide
all: $(VRPSH)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(if $(filter tests/%,$<),$(CHECK_CFLAGS)) \
		$(if $(filter cli/%,$<),$(RL_CFLAGS)) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(GRAPHGEN): $(BUILD)/obj/tools/graphgen.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(NL_LIBS) $(CRYPT_LIBS)

$(GRAPH_BIN): $(GRAPHGEN)
	@mkdir -p $(dir $@)
	$(GRAPHGEN) $@

$(GRAPH_OBJ): tools/graph.S $(GRAPH_BIN)
	@mkdir -p $(dir $@)
	$(CC) -c -DGRAPH_BIN='"$(abspath $(GRAPH_BIN))"' -o $@ tools/graph.S

$(VRPSH): $(CLI_OBJS) $(GRAPH_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(GRAPH_OBJ) $(LIB) $(RL_LIBS) $(CLI_LIBS) $(NL_LIBS) $(CRYPT_LIBS)

# The front-end parts the unit tests exercise on their own (the login line
# reader, the VTY relay against libcli).
UNIT_CLI_OBJS := $(BUILD)/obj/cli/telnet_line.o $(BUILD)/obj/cli/vty_relay.o

$(UNIT): $(TEST_OBJS) $(UNIT_CLI_OBJS) $(GRAPH_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(TEST_OBJS) $(UNIT_CLI_OBJS) $(GRAPH_OBJ) $(LIB) $(CHECK_LIBS) \
		$(NL_LIBS) $(CRYPT_LIBS) $(CLI_LIBS)

# Replays the reference's Example lines (tests/gen/examples.txt).
GEN_EXAMPLES := $(BUILD)/tests/gen-examples
$(GEN_EXAMPLES): tests/gen/examples.c $(GRAPH_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP $(ALL_LDFLAGS) -o $@ $< $(GRAPH_OBJ) $(LIB) $(NL_LIBS) $(CRYPT_LIBS)

$(BUILD)/bench/%: bench/%.c $(GRAPH_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(GRAPH_OBJ) $(LIB) $(NL_LIBS) $(CRYPT_LIBS)

# The suite: unit tests, transcripts, integration scripts.  tests/run prints
# per-part counts and a closing "N passed, N failed" line; it exits non-zero
# on any failure or sanitizer report.
test: $(VRPSH) $(UNIT) $(GEN_EXAMPLES)
	tests/run $(BUILD)

check-plain:
	$(MAKE) BUILD=build test

check-asan:
	$(MAKE) BUILD=build/asan OPT='-O1 -g -fno-omit-frame-pointer' \
		SAN_FLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all' test

check:
	@tests/run-check

bench: $(VRPSH) $(BENCH_BINS)
	bench/run $(BUILD)

# Fuzzing: fuzz/run builds the targets below with clang, ASan and UBSan in
# build/fuzz (the library with libFuzzer's coverage, FUZZ_CFLAGS) and runs
# each for FUZZ_SECONDS on a copy of its seed corpus; without clang's
# libFuzzer it says so and does nothing.
CLANG ?= clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES := cmdline replay netlink statedir telnet
FUZZ_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_CLI_OBJS := $(BUILD)/obj/cli/telnet_line.o $(BUILD)/obj/cli/vty_relay.o

$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_session.c fuzz/fuzz_session.h $(FUZZ_CLI_OBJS) \
		$(GRAPH_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $< fuzz/fuzz_session.c \
		$(FUZZ_CLI_OBJS) $(GRAPH_OBJ) $(LIB) $(NL_LIBS) $(CRYPT_LIBS) -pthread

fuzz-targets: $(FUZZ_BINS)

fuzz:
	@fuzz/run $(FUZZ_SECONDS)

# The generated command tables (views/gen/*.c), the Example fixture and the
# summary (tests/gen/) come from the command reference's markdown, run on
# demand; a normal build never needs the corpus.  gen-check compiles the
# tables alone and validates them (also part of `make test`).
regen-syntax:
	@test -n "$(CORPUS)" || { echo "usage: make regen-syntax CORPUS=DIR" >&2; exit 2; }
	python3 tools/gensyntax/gensyntax.py --corpus "$(CORPUS)"

gen-check:
	tests/gen/check $(BUILD)

# The configuration guide's device scripts (tests/guide/scripts.txt), from
# the guide's Configuration_Guide folder, on demand; the model checks need
# vrpsh.  tests/run replays the committed file.
regen-guide: $(VRPSH)
	@test -n "$(CORPUS)" || { echo "usage: make regen-guide CORPUS=DIR" >&2; exit 2; }
	python3 tests/guide/extract.py --corpus "$(CORPUS)" --vrpsh $(VRPSH)

SYSUSERS_DIR ?= $(PREFIX)/lib/sysusers.d

install: $(VRPSH)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(SYSTEMD_UNIT_DIR) $(DESTDIR)$(SYSUSERS_DIR)
	install -m 0755 $(VRPSH) $(DESTDIR)$(PREFIX)/bin/vrpsh
	install -m 0644 doc/vrpsh.1 $(DESTDIR)$(PREFIX)/share/man/man1/vrpsh.1
	sed -e 's|@BINDIR@|$(PREFIX)/bin|g' -e 's|@SYSUSERSDIR@|$(SYSUSERS_DIR)|g' \
		cli/vrpsh-vty.service >$(DESTDIR)$(SYSTEMD_UNIT_DIR)/vrpsh-vty.service
	chmod 0644 $(DESTDIR)$(SYSTEMD_UNIT_DIR)/vrpsh-vty.service
	install -m 0644 cli/vrpsh.sysusers $(DESTDIR)$(SYSUSERS_DIR)/vrpsh.conf

clean:
	rm -rf build

deps:
	sh .ci/deps

-include backend/backend.mk
-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(BUILD)/obj/tools/graphgen.d
