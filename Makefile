# catalogd: the two commands a new machine needs are `make run` and `make test`.
SWIFT      ?= swift
STATE_DIR  ?= .catalogd
DEB_PACKAGES = libsqlite3-dev libxml2-dev zlib1g-dev libsystemd-dev libcurl4-openssl-dev pkg-config

.PHONY: deps build run test clean

# Installs the Debian build packages that are missing (with sudo when not root).
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
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

# The whole suite; .ci/run calls exactly this.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build $(STATE_DIR)
