# ZVH Procesregie. `make run` for a first look, `make test` for the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install migrate seed web worker beat bench benchmark collectstatic clean faults lock lock-check

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is nodig ($(PYTHON) niet gevonden)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Every dependency, transitive ones included, from the hash-checked lock (see README "Lock file").
$(STAMP): requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

.env:
	cp .env.example .env

migrate: install .env
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py setup_periodic_tasks

## Web server, Celery worker and beat in one terminal (Ctrl-C stops all three).
run: seed
	$(BIN)/honcho start -f Procfile

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r zvh cases notifications planning monitoring privacy dashboards faults -x '*/tests/*,*/migrations/*' --severity-level high

## The national-scale benchmark (README "Benchmark"): PostgreSQL only, BENCH_DATABASE_URL=postgres://…/zvh_bench.
## BENCH_CASES (100000), BENCH_USERS (10), BENCH_WORKERS (3), BENCH_DURATION (90s), BENCH_REUSE=1 keeps the data.
bench: install
	nice -n $${BENCH_NICE:-10} $(BIN)/python -m bench.run

benchmark: bench

collectstatic: install
	$(BIN)/python manage.py collectstatic --noinput

## The lock files from pyproject.toml (keeps existing pins; add --upgrade-package X to move one).
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header \
	--no-emit-index-url --no-emit-find-links
lock: install
	$(PIP_COMPILE) --extra dev --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --output-file requirements-prod.lock pyproject.toml

## Fails when the lock files do not match pyproject.toml (run in CI).
lock-check: install
	@tmp=$$(mktemp -d) && cp requirements.lock requirements-prod.lock $$tmp/ \
	 && $(PIP_COMPILE) --extra dev --output-file $$tmp/requirements.lock pyproject.toml \
	 && $(PIP_COMPILE) --output-file $$tmp/requirements-prod.lock pyproject.toml \
	 && diff -u requirements.lock $$tmp/requirements.lock && diff -u requirements-prod.lock $$tmp/requirements-prod.lock \
	 && echo "requirements.lock en requirements-prod.lock passen bij pyproject.toml" \
	 || { echo "De lock-bestanden passen niet bij pyproject.toml: draai 'make lock'"; exit 1; }

## The fault suite: real worker, beat, web, SMTP, broker and a cut database (a few minutes).
faults: install
	$(BIN)/python faults/run.py

clean:
	rm -rf $(VENV) staticfiles var db.sqlite3* faults/work
