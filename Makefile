# Karsplan: `make run` sets up and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: run test lint worker venv demo format clean bench fixture-check messages

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

# The embedded default: SQLite and Celery eager (no REDIS_URL), with demo data.
run: export KARSPLAN_DEMO=1
run: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_plan
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: venv
	$(BIN)/celery -A karsplan worker -Q default,reports --loglevel=INFO --concurrency=2

# The benchmarks (docs/performance.md): one database with the Kars plan and a plan 20x larger,
# built once per run and shared by the scripts (BENCH_DB); `uptime` first, as the figures depend
# on the machine's load.
bench: venv
	@uptime
	@export BENCH_DB=$${BENCH_DB:-$$(mktemp -d)/bench.sqlite3}; \
	for f in bench/plan_load.py bench/scale.py bench/throughput.py bench/report_render.py; do \
		echo "== $$f"; $(BIN)/python $$f || exit 1; done
	@uptime

fixture-check:
	$(PYTHON) fixtures/build_kars.py --check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-artifacts

# Extract new strings into the Turkish catalogue, then (after translating) compile it.
messages: venv
	$(MANAGE) makemessages -l tr --no-obsolete --ignore=.venv --ignore=tests --ignore=fixtures --ignore=bench
	$(BIN)/python -c "import polib; po = polib.pofile('locale/tr/LC_MESSAGES/django.po'); po.save_as_mofile('locale/tr/LC_MESSAGES/django.mo'); print(len(po.untranslated_entries()), 'untranslated,', len(po.fuzzy_entries()), 'fuzzy')"
