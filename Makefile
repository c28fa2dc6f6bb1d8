# Newsdesk: `make run` serves the site with the sample articles; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= 1

.PHONY: install run test lint format migrations-check worker beat clean

# The stamp is rebuilt when pyproject.toml or the constraints change.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	@set -euo pipefail; \
	$(BIN)/python manage.py migrate --noinput; \
	mkdir -p var/log; \
	$(BIN)/celery -A newsdesk worker -Q default,fetch,extract --concurrency 2 \
		--loglevel INFO > var/log/worker.log 2>&1 & worker=$$!; \
	$(BIN)/celery -A newsdesk beat --loglevel INFO > var/log/beat.log 2>&1 & beat=$$!; \
	cleanup() { \
		trap '' INT TERM; trap - EXIT; \
		kill $$worker $$beat 2>/dev/null || true; wait $$worker $$beat 2>/dev/null || true; \
		$(BIN)/python -m newsdesk.embedded_db stop || true; echo "stopped"; \
	}; \
	trap cleanup EXIT; trap 'cleanup; exit 130' INT TERM; \
	echo "worker (pid $$worker) and beat (pid $$beat) started; logs in var/log/"; \
	$(BIN)/python manage.py ingest articles/sample_data --timeout 300; \
	echo "Newsdesk on http://127.0.0.1:$(PORT)/  (Ctrl-C stops everything)"; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

worker: install
	$(BIN)/celery -A newsdesk worker -Q default,fetch,extract --loglevel INFO

beat: install
	$(BIN)/celery -A newsdesk beat --loglevel INFO

clean:
	-$(BIN)/python -m newsdesk.embedded_db stop
	rm -rf var
