# modelbind — common tasks. `make demo` and `make test` are the two set-up commands of README.md.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
PLUGINDIR ?= $(PREFIX)/lib/docker/cli-plugins
SWIFT ?= swift

.PHONY: deps compose-bin build release test integration registry-bin lint format demo install uninstall

deps:
	@./scripts/ensure-libyaml.sh

build: deps
	$(SWIFT) build

# The Swift runtime and Foundation are linked statically: the binary then starts in about 60%
# of the time (no dynamic loading of a dozen Swift libraries), and needs no Swift toolchain to run.
# Linked with the toolchain's lld rather than gold, and without exporting every symbol to the
# dynamic loader: the same code starts about 1.5 ms (15%) faster (docs/performance.md, "The CLI's
# start-up").
RELEASE_FLAGS = -c release --product modelbind --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker --no-export-dynamic
release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# Docker Compose v2.40.3 for the differential tests (Tests/ComposeDifferentialTests): fetched once
# from PyPI into .build/compose, unless COMPOSE_BIN names a copy.
compose-bin:
	@if [ -z "$$COMPOSE_BIN" ]; then ./scripts/ensure-compose.sh >/dev/null; fi

test: deps compose-bin
	$(SWIFT) test

# The real Docker Model Runner (Tests/IntegrationTests): a registry (Debian's docker-registry,
# installed if missing) and the real daemon started on loopback in a temporary directory, test
# models pushed with dmr-pack, the built modelbind run against it over TCP and a unix socket.
# The daemon is MODEL_RUNNER_BIN (default ../shared/real-dmr/model-runner), or
# MODELBIND_TEST_RUNNER=URL names a runner already running (only models the suite pushed itself are
# used, and deleted at the end). `make test` and a plain `swift test` never start it.
REAL_DMR ?= $(abspath ../shared/real-dmr)
MODEL_RUNNER_BIN ?= $(REAL_DMR)/model-runner
DMR_PACK_BIN ?= $(REAL_DMR)/dmr-pack
TINY_GGUF ?= $(REAL_DMR)/tiny.gguf
registry-bin:
	@./scripts/ensure-docker-registry.sh

integration: deps registry-bin
	@if [ -z "$$MODELBIND_TEST_RUNNER" ] && [ ! -x "$(MODEL_RUNNER_BIN)" ]; then \
		echo "make integration: no model runner: $(MODEL_RUNNER_BIN) is missing. Put the real DMR beside the" >&2; \
		echo "repository (../shared/real-dmr/model-runner), set MODEL_RUNNER_BIN=/path/to/model-runner, or set" >&2; \
		echo "MODELBIND_TEST_RUNNER=http://HOST:PORT to use a runner already running (Docker Desktop with TCP on)." >&2; \
		exit 2; \
	fi
	@if [ ! -x "$(DMR_PACK_BIN)" ]; then \
		echo "make integration: $(DMR_PACK_BIN) is missing (set DMR_PACK_BIN); it pushes the test models" >&2; exit 2; \
	fi
	MODELBIND_INTEGRATION=1 MODEL_RUNNER_BIN="$(MODEL_RUNNER_BIN)" DMR_PACK_BIN="$(DMR_PACK_BIN)" \
		TINY_GGUF="$(TINY_GGUF)" $(SWIFT) test --filter IntegrationTests

lint:
	$(SWIFT) format lint --strict -r Sources Tests

format:
	$(SWIFT) format -i -r Sources Tests

demo: deps
	./scripts/demo.sh

# Installs the binary and links it as a Docker CLI plugin (`docker modelbind ...`).
install: release
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(PLUGINDIR)"
	install -m 0755 "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/modelbind" "$(DESTDIR)$(BINDIR)/modelbind"
	ln -sf "$(BINDIR)/modelbind" "$(DESTDIR)$(PLUGINDIR)/docker-modelbind"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/modelbind" "$(DESTDIR)$(PLUGINDIR)/docker-modelbind"

# Fuzzing (Fuzz/ is its own package): builds every libFuzzer target with ASan, then runs each
# in turn for SECONDS seconds on its seed corpus (Fuzz/corpus/NAME, read-only) plus a working
# corpus in Fuzz/.work/NAME. Crashes land in Fuzz/artifacts/. FUZZ_ARGS adds libFuzzer flags.
SECONDS ?= 60
FUZZ_TARGETS ?= yaml interpolation dotenv loader progress
FUZZ_FLAGS = -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
FUZZ_BIN_yaml = FuzzYAML
FUZZ_BIN_interpolation = FuzzInterpolation
FUZZ_BIN_dotenv = FuzzDotEnv
FUZZ_BIN_loader = FuzzLoader
FUZZ_BIN_progress = FuzzProgressStream

.PHONY: fuzz fuzz-build sanitize

fuzz-build: deps
	cd Fuzz && $(SWIFT) build $(FUZZ_FLAGS)

fuzz: fuzz-build
	@bin="$$(cd Fuzz && $(SWIFT) build $(FUZZ_FLAGS) --show-bin-path)"; \
	mkdir -p Fuzz/artifacts; \
	for target in $(FUZZ_TARGETS); do \
		case $$target in \
			yaml) exe=$(FUZZ_BIN_yaml);; interpolation) exe=$(FUZZ_BIN_interpolation);; \
			dotenv) exe=$(FUZZ_BIN_dotenv);; loader) exe=$(FUZZ_BIN_loader);; \
			progress) exe=$(FUZZ_BIN_progress);; *) echo "unknown fuzz target $$target"; exit 2;; \
		esac; \
		mkdir -p Fuzz/.work/$$target; \
		echo "== $$target ($$exe) for $(SECONDS) s"; \
		"$$bin/$$exe" -max_total_time=$(SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
			-artifact_prefix=Fuzz/artifacts/$$target- -print_final_stats=1 $(FUZZ_ARGS) \
			Fuzz/.work/$$target Fuzz/corpus/$$target || exit $$?; \
	done

# The whole test suite under AddressSanitizer, then ThreadSanitizer (each in its own build folder).
sanitize: deps
	$(SWIFT) test --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan
