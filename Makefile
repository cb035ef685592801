# make site / make serve / make test work on a fresh machine with Python 3.11+:
# each creates .venv and installs the project into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TOOLS_STAMP := node_modules/.installed

.PHONY: site serve test check lint golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Chromium, Java and the npm test tools, for the browser harness (see tools/install_test_tools.sh).
$(TOOLS_STAMP): package-lock.json tools/install_test_tools.sh
	bash tools/install_test_tools.sh
	touch $(TOOLS_STAMP)

site: $(STAMP)
	$(BIN)/python build.py build

serve: $(STAMP)
	$(BIN)/python build.py serve

check: $(STAMP)
	$(BIN)/python build.py check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) $(TOOLS_STAMP) lint
	$(BIN)/python -m pytest

# Rewrite the golden snapshot after an intended change to the page it covers.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

clean:
	rm -rf site .cache .pytest_cache .ruff_cache
