# zgw-threepas: the two commands of the README, and the steps they are made of.
#   make demo   the main job end to end on embedded defaults (no services needed)
#   make test   the whole suite: lint, tests (PostgreSQL, Redis, workers), docs with -W

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PINS := requirements/openzaak-1.30-pins.txt
STAMP := $(VENV)/.installed

# Tests run against the real services of the machine (see .ci/run). Each checkout gets test
# databases of its own, so two checkouts on one machine can run `make test` at the same time.
CHECKOUT_ID := $(shell pwd | cksum | cut -d' ' -f1)
TEST_ENV := DB_ENGINE=postgresql DB_HOST=$${DB_HOST:-127.0.0.1} DB_PORT=$${DB_PORT:-5432} \
	DB_USER=$${DB_USER:-postgres} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379} \
	DB_TEST_NAME=$${DB_TEST_NAME:-test_zgw_threepas_$(CHECKOUT_ID)} \
	OPENZAAK_ENV_DB_NAME=$${OPENZAAK_ENV_DB_NAME:-zgw_threepas_openzaak_env_$(CHECKOUT_ID)}

.PHONY: help demo test lint pytest docs admin install clean messages benchmark openzaak-env

help:
	@echo "make demo   - publish a kennisgeving end to end on embedded defaults"
	@echo "make test   - lint, the whole test suite and the docs"
	@echo "make admin  - browse the demo's records in the Django admin (after make demo)"

$(STAMP): setup.cfg pyproject.toml $(PINS)
	@python="$$(bin/find-python)"; \
	echo "Using $$python ($$($$python --version))"; \
	[ -x "$(PY)" ] || "$$python" -m venv "$(VENV)"; \
	echo "Installing into $(VENV) with Open Zaak 1.30's pins (log: $(VENV)/install.log)"; \
	{ "$(PY)" -m pip install --upgrade pip setuptools wheel \
	  && "$(PY)" -m pip install -c $(PINS) -e '.[tests,docs]' ruff; } > $(VENV)/install.log 2>&1 \
	  || { tail -n 40 $(VENV)/install.log; echo "Installation failed; see $(VENV)/install.log"; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@$(PY) -m testapp.demo

admin: $(STAMP)
	@echo "Log in as demo / demo at http://127.0.0.1:8000/admin/ (Ctrl-C to stop)"
	@$(PY) testapp/manage.py runserver 127.0.0.1:8000

benchmark: $(STAMP)
	@$(PY) -m testapp.benchmark

lint: $(STAMP)
	$(VENV)/bin/ruff check zgw_threepas testapp tests
	$(VENV)/bin/ruff format --check zgw_threepas testapp tests

pytest: $(STAMP)
	@# (the maintenance database "postgres" always exists, so the history check finds a server)
	$(TEST_ENV) DB_NAME=postgres $(PY) testapp/manage.py makemigrations --check --dry-run zgw_threepas
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

docs: $(STAMP)
	$(VENV)/bin/sphinx-build -W --keep-going -q -b html docs docs/_build/html

# Installs the package into an environment of exactly Open Zaak 1.30's pins (built once and
# cached under .cache/openzaak-env; 2.5 to 3.5 minutes cold, 1 minute warm) and runs check,
# migrate and the plugin checks there. See bin/check-openzaak-env.
openzaak-env:
	$(TEST_ENV) bin/check-openzaak-env

test: lint pytest docs openzaak-env

messages: $(STAMP)
	# A guessed ("fuzzy") translation is emptied, so tests/admin/test_translation.py names it.
	cd zgw_threepas && ../$(PY) ../testapp/manage.py makemessages -l nl --no-obsolete \
	  && msgattrib --clear-fuzzy --empty --clear-previous -o locale/nl/LC_MESSAGES/django.po locale/nl/LC_MESSAGES/django.po \
	  && ../$(PY) ../testapp/manage.py compilemessages

clean:
	rm -rf $(VENV) docs/_build demo.sqlite3 demo-data .pytest_cache
