# Thin wrapper over CMake presets; every target installs missing Debian packages first.
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc)
WERROR ?= OFF
BIN := build/needlescreen

.PHONY: all deps build test demo docs bench fuzz asan tsan format format-check tidy clean install deb

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset default -DNS_WERROR=$(WERROR) >/dev/null
	@cmake --build --preset default -j $(JOBS)

test: build
	@ctest --preset default -j $(JOBS)

demo: build
	@scripts/demo.sh $(BIN)

# cmake --install of the test build: the binary, man pages, shell completions
# and docs under PREFIX (default /usr/local), all below DESTDIR when given:
#   make install PREFIX=/usr DESTDIR=/tmp/stage
install: build
	@DESTDIR="$(DESTDIR)" cmake --install build $(if $(PREFIX),--prefix "$(PREFIX)")

# The Debian package (CPack DEB) from a Release build without the tests
# (the `package` preset, hardened): build-package/needlescreen_<version>_<arch>.deb.
# At -O2, as Debian builds its packages (GCC 12 at -O3 warns a false
# -Wrestrict inside std::string's operator+ in src/authoring/schema.cc).
deb: deps
	@cmake --preset package -DNS_WERROR=$(WERROR) >/dev/null
	@cmake --build --preset package -j $(JOBS)
	@cpack --preset package >/dev/null
	@ls build-package/needlescreen_*.deb

# Regenerates docs/rules.md and docs/decision.svg from the built-in pack; commit
# both (ctest authoring.docs_fresh fails while docs/rules.md is stale).
docs: build
	@$(BIN) rules doc --format md > docs/rules.md.tmp && mv docs/rules.md.tmp docs/rules.md
	@$(BIN) rules doc --format dot > docs/decision.dot.tmp && \
	  dot -Tsvg docs/decision.dot.tmp -o docs/decision.svg; s=$$?; rm -f docs/decision.dot.tmp; exit $$s

bench:
	@scripts/install-deps.sh libbenchmark-dev time
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@bench/run.sh

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (at -O1,
# as the ASan docs advise: the suite runs in half the time of -O0, the reports
# keep their line numbers), less
# the tests ASan adds nothing to (a ctest -E regex):
#   stream.memory_flat: ASan's quarantine keeps freed memory on purpose;
#   layers.upward_include_fails: compiles a header per stage with the build's
#     include paths and runs none of our code (~40 s under ASan);
#   fault.pack_limits: its probes are bounds on memory (ulimit -v, which ASan's
#     reserved address space rules out, so there they are off), time and
#     output, all checked by `make test`; the loader's memory safety on hostile
#     packs stays under ASan in the PackLimits unit tests (here) and fuzz_pack
#     (`make fuzz`) (~105 s under ASan);
#   serve.hostile: its probes are timings (answered "at once", a slow client
#     cut off) and a ulimit -v run, which ASan's speed and reserved address
#     space make meaningless; serve.http and fuzz_cds keep serve under ASan;
#   scale.*: GNU parallel and ssh around `check`; the shard options' code runs
#     under ASan in the Batch unit tests and goldens (~110 s saved).
ASAN_SKIP ?= ^stream\.memory_flat$$|^layers\.upward_include_fails$$|^fault\.pack_limits$$|^serve\.hostile$$|^scale\.
asan: deps
	@cmake --preset asan -DNS_WERROR=$(WERROR) >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan -j $(JOBS) -E '$(ASAN_SKIP)'

# The multi-threaded pipeline (--jobs) under ThreadSanitizer: the batch unit
# tests and the --jobs 1 vs --jobs 2 identity test.
tsan: deps
	@cmake --preset tsan -DNS_WERROR=$(WERROR) >/dev/null
	@cmake --build --preset tsan -j $(JOBS)
	@ctest --preset tsan -j $(JOBS)

# Every fuzz target for FUZZ_SECONDS (default 60) each.
fuzz: deps
	@scripts/install-deps.sh clang-14 libclang-rt-14-dev
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@scripts/fuzz.sh

format:
	@scripts/install-deps.sh clang-format
	@clang-format -i $$(git ls-files '*.cc' '*.h')

# Fails when a tracked file is not as clang-format (.clang-format) writes it.
format-check:
	@scripts/install-deps.sh clang-format
	@clang-format --dry-run -Werror $$(git ls-files '*.cc' '*.h')

# clang-tidy with .clang-tidy over src/ (warnings are errors); TIDY_JOBS threads.
tidy: deps
	@TIDY_JOBS=$(JOBS) scripts/tidy.sh

clean:
	rm -rf build build-release build-asan build-tsan build-fuzz build-package
