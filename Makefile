# Every target creates .venv on first use and installs the project with its dev extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint serve bench bench-full bench-all clean lock messages

$(STAMP): pyproject.toml requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements-dev.lock -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/maturity-bot demo

serve: $(STAMP)
	$(BIN)/maturity-bot serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy questionnaire scoring storage bot devkit bench
	$(BIN)/lint-imports

# The bot's modules are compiled to bytecode first, as an installed bot is: many tests start
# real processes (serve, the command line), and where PYTHONDONTWRITEBYTECODE is set each of
# them, and each test worker, compiled every module from source (a sixth of the suite's CPU).
# pytest may write bytecode whatever that variable says: it keeps each test module as it
# rewrote its asserts only then, and otherwise every worker rewrites them all again each run.
test: lint
	$(BIN)/python -m compileall -q bot questionnaire scoring storage devkit
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto

# One table: every measure against its floor measured in the same run, and the ratio (a few
# minutes on two cores; PostgreSQL rows need the test server, see bench/run.py).
bench: $(STAMP)
	PYTHONPATH=.:bench $(BIN)/python bench/run.py --quick

bench-full: $(STAMP)
	PYTHONPATH=.:bench $(BIN)/python bench/run.py

# Every benchmark script on its own, the table's and the others (scoring, storage, acks...).
bench-all: $(STAMP)
	for f in bench/bench_*.py; do PYTHONPATH=.:bench $(BIN)/python $$f || exit 1; done

# Re-extract the strings marked for translation and merge them into every catalog; then translate
# what is new in bot/i18n/locale/*/LC_MESSAGES/messages.po (tests/i18n fails on an empty one).
messages: $(STAMP)
	$(BIN)/pybabel --quiet extract -F babel.cfg -k N_ --no-location --sort-output -o bot/i18n/messages.pot .
	$(BIN)/pybabel --quiet update --no-fuzzy-matching --ignore-obsolete -i bot/i18n/messages.pot -d bot/i18n/locale

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info

# Re-pin requirements*.lock from pyproject.toml's ranges: fresh throw-away environments, newest
# allowed versions. Review the diff, run `make test`, commit both files.
lock:
	rm -rf .lock-env && $(PYTHON) -m venv .lock-env/run && $(PYTHON) -m venv .lock-env/dev
	.lock-env/run/bin/pip install --quiet --disable-pip-version-check .
	.lock-env/dev/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	{ echo "# Pinned versions of everything the bot needs at run time, as tested (Python 3.11)."; \
	  echo "# The Docker image installs with it as constraints; regenerate with 'make lock'."; \
	  .lock-env/run/bin/pip freeze --exclude-editable | grep -v '^maturity-bot'; } > requirements.lock
	{ echo "# Pinned versions of everything 'make' installs (run time, tests, lint), as tested (Python 3.11)."; \
	  echo "# Used as constraints by the Makefile; regenerate with 'make lock'."; \
	  .lock-env/dev/bin/pip freeze --exclude-editable | grep -v '^maturity-bot'; } > requirements-dev.lock
	rm -rf .lock-env
