# Two commands on a fresh machine (Debian, Python 3.11):
#   make report   build everything: virtual environment, system packages, the DVC pipeline
#   make test     run every test, slow end-to-end ones included
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: report test test-fast lab bench lock system-deps env

report: env system-deps
	dvc repro

test: env system-deps
	python -m pytest

test-fast: env
	python -m pytest -m "not slow"

env: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

lab: env
	bash scripts/lab.sh

bench: env system-deps
	python benchmarks/bench.py

# Regenerate the pinned, hashed lock and environment.yml from requirements.in.
lock:
	$(PY) -m venv .lock-venv && .lock-venv/bin/pip install --quiet uv
	.lock-venv/bin/uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock --quiet \
		&& $(PY) scripts/environment_yml.py; status=$$?; rm -rf .lock-venv; exit $$status
