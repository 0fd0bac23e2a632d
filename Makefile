# catalogd: the two commands a new machine needs are `make run` and `make test`.
SWIFT      ?= swift
STATE_DIR  ?= .catalogd
DEB_PACKAGES = libsqlite3-dev libxml2-dev zlib1g-dev libsystemd-dev libcurl4-openssl-dev pkg-config systemd
# The tests also drive the review pages in a real headless browser.
TEST_DEB_PACKAGES = $(DEB_PACKAGES) chromium python3

PREFIX     ?= /usr
SYSCONFDIR ?= /etc
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
DOCDIR     ?= $(PREFIX)/share/doc/catalogd
MANDIR     ?= $(PREFIX)/share/man
# Installed binaries carry the Swift runtime (no dependency on the toolchain's directory).
STATIC_BUILD = .build/static

.PHONY: deps test-deps install-packages build run test clean static install deb test-systemd

# Installs the Debian packages that are missing (with sudo when not root).
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_DEB_PACKAGES)"

install-packages:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "installing $$missing"; \
		$$sudo apt-get update && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product catalogd
	$(SWIFT) build -c release --product catalogctl

# Runs catalogd in the foreground on its embedded defaults, with the sample exports in its inbox.
run: build
	mkdir -p $(STATE_DIR)/inbox
	cp samples/akeneo/*.csv $(STATE_DIR)/inbox/
	.build/release/catalogd --state-dir $(STATE_DIR)

# The whole suite, then a short libFuzzer run of every reader (docs/reliability.md); .ci/run
# calls exactly this.
FUZZ_SECONDS ?= 15
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/fuzz.sh $(FUZZ_SECONDS)

static: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(STATIC_BUILD) --product catalogd
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(STATIC_BUILD) --product catalogctl

# Binaries, units, sysusers/tmpfiles, the sample configuration (kept if one exists) and the
# documentation. DESTDIR and PREFIX are honoured; then: systemctl enable --now catalogd.
install: static
	install -Dm755 $(STATIC_BUILD)/release/catalogd $(DESTDIR)$(PREFIX)/bin/catalogd
	install -Dm755 $(STATIC_BUILD)/release/catalogctl $(DESTDIR)$(PREFIX)/bin/catalogctl
	# Debug info out, symbols kept: crash backtraces in the journal still name functions.
	strip --strip-debug $(DESTDIR)$(PREFIX)/bin/catalogd $(DESTDIR)$(PREFIX)/bin/catalogctl
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(DOCDIR)
	for unit in catalogd.service catalogd@.service; do \
		sed 's|/usr/bin/catalogd|$(PREFIX)/bin/catalogd|; s|/etc/catalogd|$(SYSCONFDIR)/catalogd|g' systemd/$$unit > $(DESTDIR)$(UNITDIR)/$$unit; \
		chmod 644 $(DESTDIR)$(UNITDIR)/$$unit; \
	done
	install -Dm644 systemd/sysusers.d/catalogd.conf $(DESTDIR)$(SYSUSERSDIR)/catalogd.conf
	sed 's|/etc/catalogd|$(SYSCONFDIR)/catalogd|g' systemd/tmpfiles.d/catalogd.conf > $(DESTDIR)$(TMPFILESDIR)/catalogd.conf
	install -d $(DESTDIR)$(SYSCONFDIR)/catalogd
	# No state_dir: catalogd.toml and a copy named TENANT.toml each derive their own
	# (/var/lib/catalogd, /var/lib/catalogd/TENANT), so copying it for a tenant is safe.
	[ -e $(DESTDIR)$(SYSCONFDIR)/catalogd/catalogd.toml ] || \
		install -m644 samples/catalogd.toml $(DESTDIR)$(SYSCONFDIR)/catalogd/catalogd.toml
	# systemd-analyze verify checks the units' Documentation=man:catalogd(8).
	install -Dm644 man/catalogd.8 $(DESTDIR)$(MANDIR)/man8/catalogd.8
	install -m644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m644 docs/*.md $(DESTDIR)$(DOCDIR)/
	$(DESTDIR)$(PREFIX)/bin/catalogd --help > $(DESTDIR)$(DOCDIR)/catalogd.txt
	$(DESTDIR)$(PREFIX)/bin/catalogctl --help > $(DESTDIR)$(DOCDIR)/catalogctl.txt
	@if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers >/dev/null; then \
		systemd-sysusers $(SYSUSERSDIR)/catalogd.conf && systemd-tmpfiles --create $(TMPFILESDIR)/catalogd.conf && systemctl daemon-reload || true; \
	fi

# catalogd_VERSION_amd64.deb (dpkg-deb, no network): binaries, units, sysusers/tmpfiles, man
# pages, completions, the sample as a conffile. Install with: sudo apt install ./catalogd_*.deb
deb: static
	@$(MAKE) --no-print-directory install-packages PACKAGES="python3"
	scripts/build-deb.sh

# Boots a real systemd (Debian 12 in systemd-nspawn) with catalogd installed and checks start,
# reload, watchdog, stop and journald (root; several minutes the first time). See docs/operations.md.
test-systemd:
	DEBIAN_FRONTEND=noninteractive apt-get install -y systemd-container debootstrap zstd >/dev/null
	scripts/test-systemd.sh

clean:
	rm -rf .build $(STATE_DIR)
