# Set-up and run on a fresh machine: `make drafts` builds every draft, `make test` checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: drafts test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

drafts: $(STAMP)
	$(BIN)/drafts build --story cancelled-crimes

# PYTEST_ARGS passes options on, e.g. `make test PYTEST_ARGS="-n 2 --dist loadfile"` (pytest-xdist).
test: $(STAMP) lint
	$(BIN)/pytest $(PYTEST_ARGS)

# The inner loop: everything but the tests marked slow (whole-story builds, the browser, Word
# through LibreOffice, espeak-ng, fuzzing, anything over ~0.3 s), in under 30 seconds.
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow" -x $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy generator

# One table: the build against its floor, show, a no-change rebuild, synthetic stories of
# 400, 4,000 and 40,000 places. BENCH_ARGS="--sizes 400,4000 --repeat 3" for a quick one.
bench: $(STAMP)
	$(BIN)/python bench/bench_build.py $(BENCH_ARGS)

clean:
	rm -rf out $(VENV)
