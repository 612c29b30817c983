# Two entry points for a fresh clone: `make sample` renders the sample plan,
# `make test` runs the whole test suite (as CI does). Both create the virtual environment first.
# `make quick` is the loop while coding: every test but the slow ones (marked `slow` or
# `libreoffice`: other programs started, many random inputs), in under 20 s on two cores.
VENV ?= .venv
BIN := $(VENV)/bin
# The tests spread over every core; the wheel's tests share one worker (xdist_group). Compiled
# modules are kept between runs even where the shell turns bytecode off (PYTHONDONTWRITEBYTECODE):
# otherwise every worker compiles docgen and pytest rewrites ~250 modules (the tests, hypothesis…)
# again on every run, a quarter of `make quick`'s time.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist loadgroup

.PHONY: sample test quick clean

$(BIN)/docgen: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

sample: $(BIN)/docgen
	$(BIN)/docgen render content/ke-hoach-2024.yaml

test: $(BIN)/docgen
	$(PYTEST)

quick: $(BIN)/docgen
	$(PYTEST) -m "not slow and not libreoffice"

clean:
	rm -rf output/*.docx output/*.pdf
