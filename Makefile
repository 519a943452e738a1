# Coding-Panda: `make run` starts the whole cluster locally, `make test` runs the suite.
# Both install whatever is missing first (system packages via apt-get when root,
# Python packages into .venv), so they work on a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Reinstall the Python packages only when setup.cfg changes.
STAMP  := $(VENV)/.installed-$(shell cat setup.cfg pyproject.toml | sha1sum | cut -c1-12)
SYSTEM_STAMP := var/.system-deps-$(shell sha1sum scripts/install_system_deps.sh | cut -c1-12)
# Tests in parallel: one xdist worker per core.
PYTEST_WORKERS ?= auto

.PHONY: run test lint format bench setup services clean openapi

setup: $(SYSTEM_STAMP) $(STAMP)

$(SYSTEM_STAMP): scripts/install_system_deps.sh
	bash scripts/install_system_deps.sh
	mkdir -p var && rm -f var/.system-deps-* && touch $@

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

services: setup
	bash scripts/ensure_services.sh

run: services
	bash scripts/run.sh

test: setup
	NEED_POSTGRES=1 bash scripts/ensure_services.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: setup
	$(BIN)/panda-web openapi --output docs/openapi.json

bench: services
	$(BIN)/python bench/sandbox_overhead.py

clean:
	rm -rf var/judge-cache var/testdata var/*.db
