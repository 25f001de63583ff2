# The two commands a new user needs (see README):
#   make site   build the wiki from content/ into site/ (strict)   | make serve: live preview
#   make test   run the whole test suite
# Each sets up .venv on first use; only Python 3.11+ is required.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve check test lint fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload

check: $(STAMP)
	$(BIN)/goldenthread check

LINTED := plugins tests bench scripts .github/scripts

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

fuzz: $(STAMP)
	GOLDENTHREAD_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q tests/core/test_fuzz.py tests/views/test_fuzz_render.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache

# Site builds of 1,000 / 5,000 / 10,000 plan items against plain MkDocs builds, and the
# performance record (bench/README.md); serve: one-item edit rebuilds as `mkdocs serve` does them.
# bench-peer: the same campaigns built, loaded and filtered by goldenthread and by sphinx-needs.
.PHONY: bench-site bench-serve bench-peer
bench-site: $(STAMP)
	$(BIN)/python bench/site.py

bench-serve: $(STAMP)
	$(BIN)/python bench/serve.py

bench-peer: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python bench/peer.py

# Screenshots of the example's main pages at 390, 1280 and 1920 px into screenshots/ (not
# committed), to look at before calling a page done. FULL=1 for whole pages.
.PHONY: screenshots
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py $(if $(FULL),--full-page)
