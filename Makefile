# One task runner: the README, CI and developers call these targets.
# The machine's own Python 3 (3.11, 3.12 and 3.13 are checked); PYTHON=python3.13 picks another.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Three pytest-xdist workers on two cores (much of a browser test waits rather than computes), each with its own build and
# cache folders; they share one build of the shipped site (tests/conftest.py built_site). Modules that build a site of
# their own for several tests keep them on one worker (xdist_group), so that site is built once. Four workers measured
# slower and costlier than three on the shared 2-core machine.
TEST_WORKERS ?= -n 3 --dist loadgroup

.PHONY: help site validate chromium test lint serve bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "needs Python 3.11 or later: $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(PY) -m pip install --quiet -r requirements-test.lock
	touch $@

site: $(STAMP) ## create .venv, install pinned dependencies, validate all packages, build site/
	$(PY) -m pipeline build

validate: $(STAMP) ## validate every data package
	$(PY) -m pipeline validate

chromium: ## install Debian chromium when missing (as root)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "Debian chromium is missing: run 'sudo apt-get install chromium'"; exit 1; fi; fi

NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "needs npm (Debian: apt-get install npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: $(TEST_STAMP) $(NODE_STAMP) chromium ## install test dependencies (pip, npm ci), chromium, then run every test
	$(PY) -m ruff check .
	$(PY) -m pytest $(TEST_WORKERS)

lint: $(TEST_STAMP) ## ruff
	$(PY) -m ruff check .

serve: $(STAMP) ## preview at http://127.0.0.1:8000, rebuilding only what an edit changes
	$(PY) -m pipeline serve --dev-addr 127.0.0.1:8000

bench: $(TEST_STAMP) $(NODE_STAMP) chromium ## print build times, scale costs (10k/100k/1M rows), page weights, Lighthouse scores
	$(PY) -m bench.build_time
	$(PY) -m bench.scale
	$(PY) bench/page_weight.py
	$(PY) bench/lighthouse.py

clean: ## remove build products (not .venv)
	rm -rf build site
