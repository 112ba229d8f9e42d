# modelbind — common tasks. `make demo` and `make test` are the two set-up commands of README.md.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
PLUGINDIR ?= $(PREFIX)/lib/docker/cli-plugins
SWIFT ?= swift

.PHONY: deps build release test lint format demo install uninstall

deps:
	@./scripts/ensure-libyaml.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product modelbind

test: deps
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict -r Sources Tests

format:
	$(SWIFT) format -i -r Sources Tests

demo: deps
	./scripts/demo.sh

# Installs the binary and links it as a Docker CLI plugin (`docker modelbind ...`).
install: release
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(PLUGINDIR)"
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/modelbind" "$(DESTDIR)$(BINDIR)/modelbind"
	ln -sf "$(BINDIR)/modelbind" "$(DESTDIR)$(PLUGINDIR)/docker-modelbind"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/modelbind" "$(DESTDIR)$(PLUGINDIR)/docker-modelbind"
