# Two commands on a fresh machine (Debian, Python 3.11):
#   make report   build everything: virtual environment, system packages, the DVC pipeline
#   make test     run every test, slow end-to-end ones included
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Byte-code is cached (in __pycache__, ignored by git and by DVC's .dvcignore): without it every
# stage and kernel compiles the package again, about half a second each. A machine-wide
# PYTHONDONTWRITEBYTECODE is not passed on.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help report test test-fast lint lab bench lock system-deps env

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

report: env system-deps ## build everything: environment, system packages, `dvc repro`
	dvc repro

test: env system-deps ## every test, the slow end-to-end ones included (what CI runs)
	python -m pytest

test-fast: env ## unit tests only
	python -m pytest -m "not slow"

lint: env ## ruff on the package, tests and notebooks; paired notebooks in sync
	ruff check .
	python -c "import glob; from analysis.pipeline.notebooks import check_pair; [check_pair(p) for p in sorted(glob.glob('notebooks/*.py'))]"

env: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

lab: env ## JupyterLab on notebooks/ with the project's kernel
	bash scripts/lab.sh

bench: env system-deps ## the benchmark: prints times and ratios
	python benchmarks/bench.py

# Regenerate the pinned, hashed lock and environment.yml from requirements.in.
lock: ## regenerate requirements.lock, environment.yml and binder/ from requirements.in
	$(PY) -m venv .lock-venv && .lock-venv/bin/pip install --quiet uv
	.lock-venv/bin/uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock --quiet \
		&& $(PY) scripts/environment_yml.py; status=$$?; rm -rf .lock-venv; exit $$status

# Check params.yaml against its schema (src/analysis/paramspec.py): every problem, by key, or OK.
.PHONY: check-params
check-params: env ## check params.yaml against its schema
	python -m analysis.params
