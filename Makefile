# variorum: everything a fresh clone needs, from python3 >= 3.11 alone.
#   make edition   build the sample edition into _site/
#   make test      run the test suite
#   make accept    rewrite the golden files from the current output (then read git diff)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: edition test accept venv system-packages chromium axe-core clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

edition: $(STAMP) system-packages
	$(BIN)/variorum build . --out _site

# Fonts for the print edition (Noto Serif with Latin, Cyrillic, Greek; Noto Serif CJK),
# pdftoppm and pdftotext for the page tests, jing for the schema's tests against tei_all:
# Debian packages, installed when missing.
DEBIAN_PACKAGES := fonts-noto-core fonts-noto-cjk fonts-dejavu-core poppler-utils jing
system-packages:
	@{ fc-list 2>/dev/null | grep -q "Noto Serif CJK" && fc-list | grep -q "NotoSerif-Regular" && command -v pdftoppm >/dev/null \
	   && command -v jing >/dev/null; } \
	  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; } \
	  || echo "warning: could not install $(DEBIAN_PACKAGES); PDFs fall back to other fonts"

# Browser tests drive Debian's Chromium (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "warning: could not install chromium; the browser tests will be skipped"

# axe-core (MPL-2.0) for the accessibility test, from the npm registry, pinned; never shipped in a site.
AXE_VERSION := 4.14.1
AXE := tests/vendor/axe-core/axe.min.js
$(AXE):
	@mkdir -p tests/vendor/axe-core
	@{ tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz) \
	  && cp $$tmp/package/axe.min.js $$tmp/package/LICENSE tests/vendor/axe-core/ && rm -rf $$tmp; } \
	  || echo "warning: could not fetch axe-core $(AXE_VERSION) with npm; the accessibility test will be skipped"
axe-core: $(AXE)

test: $(STAMP) system-packages chromium axe-core
	$(BIN)/python -m pytest -q

# The golden tests (every test using tests/conftest.py's golden fixture), writing their expected files.
accept: $(STAMP)
	$(BIN)/python -m pytest -q --accept-golden -m golden

clean:
	rm -rf $(VENV) _site build *.egg-info
