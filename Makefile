# Two commands do all set-up on a fresh Linux machine with Python 3.11+:
#   make run    creates .venv, installs unclench (only what the app needs) into it, opens the app
#   make test   the same install plus the dev tools, then lint, type-check and the tests
# Each install has its own stamp, so switching between the two reinstalls only when the
# sources changed since that install (make run ARGS="list" passes arguments to unclench).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := pyproject.toml $(shell find src routines assets -type f -not -name '*.pyc' 2>/dev/null)

.PHONY: run test lint typecheck screenshots bench clean

run: $(VENV)/.installed-app
	$(BIN)/unclench $(ARGS)

$(VENV)/.installed-app: $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet .
	touch $@

$(VENV)/.installed-dev: $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest -q

screenshots: $(VENV)/.installed-dev
	SDL_VIDEODRIVER=dummy $(BIN)/python scripts/screenshots.py docs/screenshots
	SDL_VIDEODRIVER=dummy $(BIN)/python scripts/body_shots.py docs/screenshots
	SDL_VIDEODRIVER=dummy $(BIN)/python scripts/demo_shots.py docs/screenshots/demos

bench: $(VENV)/.installed-dev
	for b in benchmarks/*.py; do [ $$b = benchmarks/naive_pacer.py ] && continue; echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
