# The backend's part of the build, included by the top Makefile (which
# compiles backend/*.c into $(LIB) with the rest of the library):
#   $(BUILD)/vrp-sockd            the daemon, from backend/sockd/*.c + $(LIB)
#   $(BUILD)/tests/backend-tool   listener, dump and raw-message sender for
#                                 the integration scripts
SOCKD := $(BUILD)/vrp-sockd
SOCKD_SRCS := $(wildcard backend/sockd/*.c)
SOCKD_OBJS := $(SOCKD_SRCS:%.c=$(BUILD)/obj/%.o)
BACKEND_TOOL := $(BUILD)/tests/backend-tool
SYSTEMD_UNIT_DIR ?= $(PREFIX)/lib/systemd/system

$(SOCKD): $(SOCKD_OBJS) $(GRAPH_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(SOCKD_OBJS) $(GRAPH_OBJ) $(LIB) $(NL_LIBS) $(CRYPT_LIBS)

$(BACKEND_TOOL): tests/integration/backend_tool.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP $(ALL_LDFLAGS) -o $@ $< $(LIB) $(NL_LIBS) $(CRYPT_LIBS)

all: $(SOCKD)
test: $(SOCKD) $(BACKEND_TOOL)
bench: $(SOCKD) $(BACKEND_TOOL)

.PHONY: install-sockd
install: install-sockd
install-sockd: $(SOCKD)
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(DESTDIR)$(SYSTEMD_UNIT_DIR)
	install -m 0755 $(SOCKD) $(DESTDIR)$(PREFIX)/sbin/vrp-sockd
	install -m 0644 doc/vrp-sockd.8 $(DESTDIR)$(PREFIX)/share/man/man8/vrp-sockd.8
	sed 's|@SBINDIR@|$(PREFIX)/sbin|g' backend/vrp-sockd.service \
		>$(DESTDIR)$(SYSTEMD_UNIT_DIR)/vrp-sockd.service
	chmod 0644 $(DESTDIR)$(SYSTEMD_UNIT_DIR)/vrp-sockd.service

-include $(SOCKD_OBJS:.o=.d) $(BACKEND_TOOL).d
