# The two commands the README promises: `make run` (main job) and `make test` (the test suite).
# Both create .venv with the project installed on first use, so a fresh machine needs only Python 3.11.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint clean fit-model bench-model

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# The web app on the embedded SQLite database; it prints its URL (Ctrl+C stops it).
run: $(STAMP)
	$(BIN)/psoas serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# The psoas model's fit and its benchmark need OpenSim 4.6, which needs numpy >= 2 while mediapipe
# 0.10.21 needs numpy < 2: they get their own environment, which only ever runs these two scripts.
OSIM := .venv-opensim
$(OSIM)/.installed:
	$(PY) -m venv $(OSIM)
	$(OSIM)/bin/python -m pip install -q --upgrade pip
	$(OSIM)/bin/python -m pip install -q 'opensim==4.6' numpy
	touch $@

fit-model: $(OSIM)/.installed
	$(OSIM)/bin/python tools/fit_psoas_model.py

bench-model: $(OSIM)/.installed
	$(OSIM)/bin/python benchmarks/psoas_model.py

clean:
	rm -rf $(VENV) $(OSIM) .pytest_cache .mypy_cache .ruff_cache
