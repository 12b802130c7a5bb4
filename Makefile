# Gongkai: set-up, demo, tests. `make help` lists the targets.
#
# Everything lands in .venv; nothing is installed by hand. `make setup` is idempotent: the
# Python packages are reinstalled only when pyproject.toml or requirements.lock changed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.gongkai-installed
# pytest-xdist workers: `make test JOBS=0` runs in one process.
JOBS      ?= auto
PYTEST_ARGS ?=
PG_URL    ?= postgres://postgres@127.0.0.1:5432/gongkai

.PHONY: help setup system-packages lock demo test test-sqlite test-postgres lint format check clean-venv

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: system-packages $(STAMP)  ## create .venv with everything installed (idempotent, starts nothing)

system-packages:  ## install the Debian packages that are missing (fonts-noto-cjk, chromium, poppler-utils, gettext)
	@scripts/install-system-packages

$(STAMP): pyproject.toml requirements.lock
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV); \
		python="$$(scripts/find-python)"; \
		echo "Creating $(VENV) with $$python"; \
		"$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

lock: $(STAMP)  ## regenerate requirements.lock from the packages installed in .venv
	{ echo '# pip constraints: the versions CI and `make setup` install. Regenerate: make lock'; \
	  $(PY) -m pip freeze --exclude-editable | grep -viE '^gongkai([=@ ]|$$)'; } > requirements.lock
	@touch $(STAMP)
	@echo "requirements.lock: $$(wc -l < requirements.lock) packages"

demo: setup  ## build a demo city on SQLite (first run only) and serve it on 127.0.0.1:8000
	@scripts/demo

# Lint and tests both run even when the other fails, so one run reports everything.
test: setup  ## lint and run the whole test suite on SQLite (the README's test command)
	@lint=0; $(VENV)/bin/ruff check . || lint=$$?; \
	tests=0; GONGKAI_TESTING=1 DATABASE_URL= $(VENV)/bin/pytest -n $(JOBS) $(PYTEST_ARGS) || tests=$$?; \
	if [ $$lint -ne 0 ]; then echo "make test: ruff check found problems (see above)"; fi; \
	exit $$(( lint || tests ))

test-sqlite: test

test-postgres: setup  ## run the whole test suite on PostgreSQL (PG_URL=..., default the local server)
	GONGKAI_TESTING=1 DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n $(JOBS) $(PYTEST_ARGS)

lint:  ## ruff check
	$(VENV)/bin/ruff check .

format:  ## ruff format and fix what can be fixed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean-venv:  ## remove .venv (the next `make setup` rebuilds it)
	rm -rf $(VENV)
