# Coding-Panda: `make run` starts the whole cluster locally, `make test` runs the suite.
# Both install whatever is missing first (system packages via apt-get when root,
# Python packages into .venv), so they work on a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Reinstall the Python packages only when setup.cfg changes.
STAMP  := $(VENV)/.installed-$(shell cat setup.cfg pyproject.toml | sha1sum | cut -c1-12)
SYSTEM_STAMP := var/.system-deps-$(shell sha1sum scripts/install_system_deps.sh | cut -c1-12)
# The UI's npm packages, reinstalled only when the lockfile changes.
UI_STAMP := frontend/node_modules/.installed-$(shell sha1sum frontend/package-lock.json | cut -c1-12)
# Tests in parallel: one xdist worker per core.
PYTEST_WORKERS ?= auto
# The private Docker engine of the docker sandbox backend (scripts/docker_engine.sh).
export DOCKER_HOST := unix://$(or $(PANDA_DOCKER_SOCKET),/run/panda-docker.sock)

.PHONY: run test unit ui lint format bench bench-docker bench-dmoj bench-import bench-pair setup services clean openapi images docker-engine docker-engine-stop

setup: $(SYSTEM_STAMP) $(STAMP)

$(SYSTEM_STAMP): scripts/install_system_deps.sh
	bash scripts/install_system_deps.sh
	mkdir -p var && rm -f var/.system-deps-* && touch $@

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

# The web UI's bundles (frontend/build.mjs): rebuilt only when frontend/ changed.
ui: $(SYSTEM_STAMP) $(UI_STAMP)
	cd frontend && node build.mjs

$(UI_STAMP): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	rm -f frontend/node_modules/.installed-* && touch $@

services: setup
	bash scripts/ensure_services.sh

run: services ui
	bash scripts/run.sh

# The suite runs with a Docker engine for the docker sandbox backend: started if
# none answers, its missing images built, stopped at the end (pass or fail) if
# this run started it.
test: setup ui
	bash scripts/install_browser.sh
	NEED_POSTGRES=1 bash scripts/ensure_services.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	bash scripts/docker_engine.sh run $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Pure logic only (tests/unit): no root, Redis, PostgreSQL, sandbox or network, in
# seconds. Needs the venv only, not setup's system packages, so it runs anywhere.
unit: $(STAMP)
	$(BIN)/pytest -q tests/unit -p no:cacheprovider

# The docker sandbox's images (images/): builds what is missing, reuses what is built.
images: docker-engine
	bash images/build.sh

docker-engine:
	bash scripts/docker_engine.sh start

docker-engine-stop:
	bash scripts/docker_engine.sh stop

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: setup
	$(BIN)/panda-web openapi --output docs/openapi.json

# Starts the private Docker engine (and leaves it running) so both backends are measured.
bench: services images
	$(BIN)/python bench/sandbox_overhead.py --runs 40

bench-docker: setup images
	$(BIN)/python bench/container_start.py --runs 50 --cold-runs 15

# Our judge and DMOJ's on the same submissions (DMOJ goes into its own venv under var/dmoj).
bench-dmoj: setup
	$(BIN)/python bench/vs_dmoj.py --runs 5

# GET /api/problems while a 256 MiB package imports and four clients hammer login (issue 17).
bench-import: services
	$(BIN)/python bench/import_under_load.py

# Pair rooms' remote edit latency: 2 web processes, 50 rooms of 3 clients (issue 19).
bench-pair: services
	$(BIN)/python bench/pair_latency.py --rooms 50 --edits 20

clean:
	rm -rf var/judge-cache var/testdata var/*.db
