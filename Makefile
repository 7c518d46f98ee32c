# greenmfg — the two commands of the README: `make run` and `make test`.
# Python 3.11+ (python3 on PATH); on Debian the browser tests use the chromium package.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: install system-packages run serve setup test test-fast test-browser lint format messages catalogue clean bench bench-full bench-load

install: system-packages $(VENV)/.installed messages ## create .venv and install everything

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# Debian packages: chromium for the browser tests (never a downloaded browser),
# CJK fonts for screenshots and PDFs, gettext for the translations.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	[ -d /usr/share/fonts/opentype/noto ] || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "please install the Debian packages:$$missing"; fi; \
	fi

messages: $(VENV)/.installed ## compile the translation catalogues (greenmfg/locale/*/LC_MESSAGES/*.po)
	@if ls greenmfg/locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
	  $(BIN)/python manage.py compilemessages -v 0 --ignore='.venv/*' --ignore='var/*'; fi

# the English catalogue from the source, without line numbers (branches merge cleanly), then
# the msgids still untranslated (fill them with `python scripts/po_fill.py new.json`)
catalogue: $(VENV)/.installed ## update greenmfg/locale/en/LC_MESSAGES/django.po and list what is untranslated
	$(BIN)/python manage.py makemessages -l en --no-location --no-obsolete \
	  --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='bench/*'
	$(BIN)/python scripts/po_fill.py

setup: install ## migrate and load reference data, rulesets and national lists
	$(BIN)/greenmfg setup

run: setup ## set up the database and serve the demo platform on http://127.0.0.1:$(PORT)
	$(BIN)/greenmfg simulate --jurisdiction national --year 2025 --units 60 --seed 2025 --skip-if-done
	$(BIN)/greenmfg open-data snapshot
	$(BIN)/greenmfg demo-green-codes --listed-year 2025
	GREENMFG_DEMO_CLOCK=1 $(BIN)/greenmfg demo-accounts
	$(BIN)/greenmfg collectstatic --noinput -v 0
	@echo "serving on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	GREENMFG_DEMO_CLOCK=1 $(BIN)/gunicorn greenmfg.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile -

test: install ## the whole suite (unit, API, browser) on SQLite, or on DATABASE_URL
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

lint: install ## ruff (with PLC0415: an import inside a function says why) and the import contract
	$(BIN)/ruff check greenmfg tests
	$(BIN)/ruff format --check greenmfg tests
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format greenmfg tests
	$(BIN)/ruff check --fix greenmfg tests

clean:
	rm -rf var/static artifacts .pytest_cache

# National-scale benchmarks (docs/performance.md) on a throwaway PostgreSQL database;
# `make bench` runs 1/10 of national in under 15 minutes, `make bench-full` the full scale.
BENCH_DB ?= greenmfg_bench
BENCH_SCALE ?= 0.1
BENCH_LOAD ?= 1
bench: install ## benchmarks at 1/10 of national scale → bench/results.md, then the load test (BENCH_LOAD=0 skips it)
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	dropdb -h 127.0.0.1 -U postgres --if-exists $(BENCH_DB)
	createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --lc-ctype=C.UTF-8 --lc-collate=C.UTF-8 $(BENCH_DB)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) BENCH_SCALE=$(BENCH_SCALE) $(BIN)/python bench/run.py; \
	  status=$$?; dropdb -h 127.0.0.1 -U postgres --if-exists $(BENCH_DB); exit $$status
	@[ "$(BENCH_LOAD)" = "0" ] || $(MAKE) --no-print-directory bench-load

# Load test (docs/performance.md): 100 users for LOAD_SECONDS on two gunicorn servers, a
# Celery worker, PostgreSQL and Redis → bench/load_results.md; fails on any error.
LOAD_SECONDS ?= 300
bench-load: install ## 100 concurrent users for LOAD_SECONDS (default 300) → bench/load_results.md
	LOAD_SECONDS=$(LOAD_SECONDS) $(BIN)/python bench/load.py

bench-full: ## the full national scale (hours of machine time; not run in CI)
	$(MAKE) bench BENCH_SCALE=1
