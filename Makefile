# variorum: everything a fresh clone needs, from python3 >= 3.11 alone.
#   make edition   build the sample edition into _site/
#   make test      run the test suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: edition test venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

edition: $(STAMP)
	$(BIN)/variorum build . --out _site

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) _site build *.egg-info
