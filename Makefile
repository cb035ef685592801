# make site / make serve / make test work on a fresh machine with Python 3.11+:
# each creates .venv and installs the project into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TOOLS_STAMP := node_modules/.installed

PORT ?= 8000
# The installers' own output is kept in a log and shown only when they fail.
QUIETLY = bash tools/quietly.sh

.PHONY: site serve test check new-commune lint golden clean

$(STAMP): pyproject.toml
	@echo "Installation des outils Python dans $(VENV)/ (une seule fois, quelques minutes)…"
	@$(QUIETLY) $(PYTHON) -m venv $(VENV)
	@$(QUIETLY) $(BIN)/pip install --upgrade pip
	@$(QUIETLY) $(BIN)/pip install -e '.[test]'
	@touch $(STAMP)

# Chromium, Java and the npm test tools, for the browser harness (see tools/install_test_tools.sh).
$(TOOLS_STAMP): package-lock.json tools/install_test_tools.sh
	@$(QUIETLY) bash tools/install_test_tools.sh
	@touch $(TOOLS_STAMP)

site: $(STAMP)
	@$(BIN)/python build.py build

serve: $(STAMP)
	@$(BIN)/python build.py serve --port $(PORT)

check: $(STAMP)
	@$(BIN)/python build.py check

# make new-commune NAME="Kloto 4" PREFECTURE=Kloto REGION=Plateaux
new-commune: $(STAMP)
	@$(BIN)/python build.py new commune "$(NAME)" --prefecture "$(PREFECTURE)" --region "$(REGION)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy

test: $(STAMP) $(TOOLS_STAMP) lint
	$(BIN)/python -m pytest

# Rewrite the golden snapshot after an intended change to the page it covers.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

clean:
	rm -rf site .cache .pytest_cache .ruff_cache .mypy_cache
