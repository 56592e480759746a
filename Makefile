# The two commands the README promises: `make run` (main job) and `make test` (the test suite).
# Both create .venv with the project installed on first use, so a fresh machine needs only Python 3.11.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint clean fit-model bench-model heavy-model mutation

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(MAKE) --no-print-directory heavy-model
	touch $(STAMP)

# BlazePose's heavy model (`psoas analyze --model heavy|auto`) is not in mediapipe's wheel; the npm package
# @mediapipe/pose (Apache-2.0) ships it. It goes into mediapipe's own model folder, checked against its
# SHA-256, so mediapipe never downloads it at run time. Optional: without npm or a network, psoas runs
# the bundled full model and this prints a note instead of failing the install.
HEAVY_NPM := @mediapipe/pose@0.5.1675469404
heavy-model:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT; \
	if $(BIN)/python -m psoas.vision.models installed; then \
	  echo "the heavy pose model is installed."; \
	elif ! command -v npm >/dev/null 2>&1; then \
	  echo "note: npm not found, so the heavy pose model was not installed; psoas uses the full model."; \
	elif (cd "$$tmp" && npm pack --silent $(HEAVY_NPM) >/dev/null 2>&1 && tar -xzf mediapipe-pose-*.tgz); then \
	  $(BIN)/python -m psoas.vision.models install "$$tmp/package/pose_landmark_heavy.tflite"; \
	else \
	  echo "note: could not fetch $(HEAVY_NPM) with npm, so the heavy pose model was not installed; psoas uses the full model."; \
	fi

# The web app on the embedded SQLite database; it prints its URL (Ctrl+C stops it).
run: $(STAMP)
	$(BIN)/psoas serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# Mutation testing of the core modules (trackers, counting, form rules, kinematics, plan rules, check-in,
# security): mutmut changes one thing at a time and runs that module's tests; prints each score as JSON.
# Slow (about 5 s a mutant on two cores, hours for all), so not part of `make test` or CI; MODULES picks
# some, e.g. `make mutation MODULES="trackers plan-rules"`. mutmut 2 mutates the files in place.
MODULES ?=
mutation: $(STAMP)
	$(BIN)/python -m pip install -q 'mutmut==2.5.1'
	$(BIN)/python benchmarks/mutation.py $(MODULES)

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
