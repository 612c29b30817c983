# Two entry points for a fresh clone: `make sample` renders the sample plan,
# `make test` runs the test suite. Both create the virtual environment first.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: sample test clean

$(BIN)/docgen: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

sample: $(BIN)/docgen
	$(BIN)/docgen render content/ke-hoach-2024.yaml

test: $(BIN)/docgen
	$(BIN)/python -m pytest

clean:
	rm -rf output/*.docx output/*.pdf
