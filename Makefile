# dtreport: run `make` or `make help` for the list of targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PERIOD ?= 2024-H1
STAMP := $(VENV)/.installed
PIP_FLAGS := --disable-pip-version-check --no-input -q

.PHONY: help env report run-all test lint typecheck pytest bench lab lock clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) -r requirements.lock 2> >(grep -v "is ignored: it is neither" >&2)
	$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps -e . 2> >(grep -v "is ignored: it is neither" >&2)
	@touch $(STAMP)

env: $(STAMP) ## Create the virtual environment (.venv) from requirements.lock if missing

report: $(STAMP) ## Render the report of PERIOD (default 2024-H1) to output/PERIOD/
	$(BIN)/dtreport run $(PERIOD)

run-all: $(STAMP) ## Render every period in params/
	$(BIN)/dtreport run --all

test: $(STAMP) lint typecheck pytest ## Lint, type-check and run every test

lint: $(STAMP) ## ruff check and format check
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP) ## mypy --strict on src/
	$(BIN)/mypy src

pytest: $(STAMP) ## Run the tests
	$(BIN)/pytest

bench: $(STAMP) ## Time each stage and compare with the naive papermill + nbconvert chain
	$(BIN)/python -m dtreport.bench

lab: $(STAMP) ## Start JupyterLab on the project's environment
	$(BIN)/jupyter lab --notebook-dir=notebooks

lock: ## Re-resolve requirements.lock and environment.yml from pyproject.toml (needs the network)
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install $(PIP_FLAGS) -e '.[dev,lab]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .venv-lock
	$(PYTHON) -m dtreport.lockfile requirements.lock environment.yml

clean: ## Remove generated outputs (not the environment)
	rm -rf output/*/ output/index.html .pytest_cache .mypy_cache .ruff_cache
