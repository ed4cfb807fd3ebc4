# Two commands a newcomer needs:  `make serve`  and  `make test`.
# Every target creates (or reuses) the virtual environment .venv in this folder and
# installs exactly the pinned set from constraints.txt; nothing else is installed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
export MPLBACKEND := Agg

.PHONY: help install serve build test bench lock clean

help:
	@echo "make serve  - serve the site at http://127.0.0.1:8000 (rebuilds on edits to docs/ and src/)"
	@echo "make test   - run the whole test suite (unit, doctests, strict site build, browser)"
	@echo "make build  - build the static site into site/ (strict)"
	@echo "make bench  - print the benchmark tables (numerics, site build, page weight, Lighthouse)"
	@echo "make lock   - refresh constraints.txt from the newest allowed versions"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[docs,test]"
	@touch $(STAMP)

install: $(STAMP)

# Python must not write __pycache__ under the watched src/: each write would trigger a second rebuild.
serve: export PYTHONDONTWRITEBYTECODE := 1
serve: $(STAMP)
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/python tools/build_site.py site

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/numerics.py
	$(BIN)/python benchmarks/site.py
	$(BIN)/python benchmarks/page_weight.py
	$(BIN)/python benchmarks/lighthouse.py --runs 1

lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[docs,test]"
	echo '# Exact versions installed by make install/test/serve. Refresh with make lock.' > constraints.txt
	.lock-venv/bin/python -m pip freeze --exclude-editable --all | grep -vE '^(pip|setuptools|wheel)==' >> constraints.txt
	rm -rf .lock-venv
	@echo "constraints.txt refreshed; run 'make test' before committing it."

clean:
	rm -rf $(VENV) site .pytest_cache .cache .hypothesis
