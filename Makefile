# Newsdesk: `make run` serves the site with the sample articles; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= 1

.PHONY: install run demo test lint format migrations-check worker beat clean

# The stamp is rebuilt when pyproject.toml or the constraints change.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# newsdesk/devserver.py owns the run: one run per var/ (a lock), the port checked first, and
# Ctrl-C or SIGTERM stops worker, beat, runserver and the database it started, in bounded time.
# exec: the signals reach it directly. NEWSDESK_VAR_DIR=/elsewhere make run keeps a separate var/.
run: install
	@exec $(BIN)/python -m newsdesk.devserver run --port $(PORT)

# make run, with 24 Wikinews articles (CC BY 2.5) ingested beside the two samples.
demo: install
	@exec $(BIN)/python -m newsdesk.devserver run --port $(PORT) --demo

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

worker: install
	$(BIN)/celery -A newsdesk worker -Q default,fetch,extract --loglevel INFO

beat: install
	$(BIN)/celery -A newsdesk beat --loglevel INFO

# Refuses while a `make run` uses the database; deletes var/ (or NEWSDESK_VAR_DIR) only then.
clean:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m newsdesk.devserver stop-database; fi
	rm -rf $(or $(NEWSDESK_VAR_DIR),var)
