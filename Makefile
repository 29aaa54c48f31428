# dtreport: run `make` or `make help` for the list of targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PERIOD ?= 2024-H1
STAMP := $(VENV)/.installed
LAB_VENV ?= .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
# Where the lab's server reads its environment's settings (sys.prefix/etc/jupyter).
LAB_CONFIG := $(LAB_VENV)/etc/jupyter/jupyter_server_config.py
AIRFLOW_VENV ?= .venv-airflow
AIRFLOW_STAMP := $(AIRFLOW_VENV)/.installed
PIP_FLAGS := --disable-pip-version-check --no-input -q

.PHONY: help env report run-all test lint typecheck pytest bench lab test-airflow lock clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-13s %s\n", $$1, $$2}'

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
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

typecheck: $(STAMP) ## mypy --strict on src/
	$(BIN)/mypy src

pytest: $(STAMP) ## Run the tests
	$(BIN)/pytest

bench: $(STAMP) ## Time each stage and compare with the naive papermill + nbconvert chain
	$(BIN)/python tools/bench.py

# JupyterLab lives in its own environment (.venv-lab): its dependencies would slow every
# scheduled run. Its "python3" kernel is the project's .venv, so notebooks run as papermill runs them.
$(LAB_STAMP): requirements-lab.lock $(STAMP)
	@test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install $(PIP_FLAGS) -r requirements-lab.lock 2> >(grep -v "is ignored: it is neither" >&2)
	$(BIN)/python -m ipykernel install --prefix $(LAB_VENV) --name python3 --display-name "Python 3 (dtreport)" >/dev/null
	@touch $(LAB_STAMP)

# The server's settings: notebooks under notebooks/ are saved without outputs.
$(LAB_CONFIG): deploy/jupyter/jupyter_server_config.py $(LAB_STAMP)
	install -D -m 644 $< $@

# The server's root is the project folder, so data/, params/ and output/ open beside the
# notebooks; the file browser starts in notebooks/.
lab: $(LAB_STAMP) $(LAB_CONFIG) ## Start JupyterLab (in .venv-lab) at the project folder; LAB_FLAGS=--allow-root as root
	$(LAB_VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks $(LAB_FLAGS)

# Airflow lives in its own environment (.venv-airflow): its few hundred packages would slow
# and could break the project's. Its kernelspec "dtreport" is the project's .venv, so the
# papermill tasks run the notebook where dtreport is installed, as `dtreport run` does.
$(AIRFLOW_STAMP): requirements-airflow.lock $(STAMP)
	@test -x $(AIRFLOW_VENV)/bin/python || $(PYTHON) -m venv $(AIRFLOW_VENV)
	$(AIRFLOW_VENV)/bin/python -m pip install $(PIP_FLAGS) -r requirements-airflow.lock 2> >(grep -v "is ignored: it is neither" >&2)
	$(BIN)/python -m ipykernel install --prefix $(AIRFLOW_VENV) --name dtreport --display-name "Python 3 (dtreport)" >/dev/null 2> >(grep -v "The kernelspec may not be found" >&2)
	@touch $(AIRFLOW_STAMP)

# The DAG's helper package is checked like src/; the tests run `airflow dags test` on a copy
# of the project (deploy/airflow/tests), in .venv-airflow, never in the project's .venv.
test-airflow: $(AIRFLOW_STAMP) ## Run the Airflow DAG (deploy/airflow/) with `airflow dags test` on a copy of the project
	$(BIN)/ruff check deploy/airflow
	$(BIN)/ruff format --check deploy/airflow
	$(BIN)/mypy deploy/airflow/dtreport_airflow
	cd deploy/airflow && $(abspath $(AIRFLOW_VENV))/bin/pytest

lock: ## Re-resolve the lock files and environment.yml from pyproject.toml
	rm -rf .venv-lock .venv-lock-lab && $(PYTHON) -m venv .venv-lock && $(PYTHON) -m venv .venv-lock-lab
	.venv-lock/bin/pip install $(PIP_FLAGS) -e '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e' | sort -f > requirements.lock
	.venv-lock-lab/bin/pip install $(PIP_FLAGS) jupyterlab
	.venv-lock-lab/bin/pip freeze | sort -f > requirements-lab.lock
	rm -rf .venv-lock .venv-lock-lab
	PYTHONPATH=src $(PYTHON) tools/lockfile.py requirements.lock requirements-lab.lock environment.yml

clean: ## Remove generated outputs (not the environment)
	rm -rf output/*/ output/index.html .pytest_cache .mypy_cache .ruff_cache
