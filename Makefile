# Adviesarchief: `make site` builds and shows the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8000

.PHONY: site serve check test test-tools browser bench clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(INSTALLED)
	$(BIN)/python build.py build
	@echo
	@echo "The site is in site/. Preview it with: make serve  (http://127.0.0.1:$(PORT)/)"

serve: $(INSTALLED)
	$(BIN)/python build.py serve --port $(PORT)

check: $(INSTALLED)
	$(BIN)/python build.py check

# Browser and checkers for the tests: Debian's chromium (never a downloaded browser) and Java
# for the Nu Html Checker, from apt; axe-core and the checker's jar from npm. --ignore-scripts
# keeps vnu-jar's postinstall from fetching a Java runtime from outside the registries.
DEBIAN_TOOLS := $(if $(wildcard /usr/bin/chromium),,chromium) $(if $(shell command -v java),,default-jre-headless)

browser:
	@[ -z "$(strip $(DEBIAN_TOOLS))" ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(DEBIAN_TOOLS) >/dev/null; }

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test-tools: $(INSTALLED) browser node_modules/.installed

# On every core: each test file runs in one worker, so its fixtures are built once (conftest.py).
# The tests that signal a build while its workers fork and work run after, alone: they time the
# build's reaction, which another worker's load must not blur.
test: test-tools
	$(BIN)/python -m pytest -n auto --dist loadgroup --ignore=tests/test_no_traceback.py
	$(BIN)/python -m pytest tests/test_no_traceback.py

# Benchmark against Hugo + Pagefind (1k and 10k letters; `make bench BENCH_ARGS=--100k` adds 100k).
bench: $(INSTALLED)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf site .site.tmp-* .site.old-* .site.spare .cache test-output
