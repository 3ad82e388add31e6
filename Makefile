# Two set-up commands: `make run` and `make test`. Everything lives in a local .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint typecheck imports pytest demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/python -m bot auto

demo: $(STAMP_RUN)
	$(BIN)/python -m bot demo

# The suite runs in parallel (pytest-xdist): most tests wait on I/O, so 4 workers help on 2 cores.
# Coverage is measured in the test processes (not in the bot processes some tests start);
# the floor is in pyproject.toml ([tool.coverage.report] fail_under). `--dist loadgroup`: tests marked
# with one xdist_group share a worker (the dialogues run all at once against one bot there).
PYTEST_ARGS ?= -n 4 --dist loadgroup --cov --cov-report=term:skip-covered
# pytest exits 5 when it collected no tests: say so, and fail (a suite that ran nothing proves nothing).
# Compiled modules (and pytest's rewritten test modules) are kept between runs, under .venv, even where the
# environment sets PYTHONDONTWRITEBYTECODE: otherwise each of the 4 workers compiles every module again (~5 s of CPU each).
PYTEST = PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache $(BIN)/python -m pytest $(PYTEST_ARGS) || { status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; fi; exit $$status; }

test: $(STAMP_DEV)
	@bash .ci/ensure-postgres
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot handlers tests bench
	$(BIN)/lint-imports
	$(PYTEST)

lint: $(STAMP_DEV)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: $(STAMP_DEV)
	$(BIN)/mypy bot handlers tests bench

imports: $(STAMP_DEV)
	$(BIN)/lint-imports

pytest: $(STAMP_DEV)
	$(PYTEST)

# Benchmarks print numbers (docs/PERFORMANCE.md); they are run by hand, never by `make test`.
bench: $(STAMP_DEV)
	$(BIN)/python -m bench.bench_parse
	$(BIN)/python -m bench.faq_eval
	$(BIN)/python -m bench.intent_eval
	$(BIN)/python -m bench.triage_eval
	$(BIN)/python -m bench.bench_insights
	$(BIN)/python -m bench.bench_throughput

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .coverage build *.egg-info
