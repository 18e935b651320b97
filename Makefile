# The command index. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Everything the local site writes: the SQLite database, media, the secret key.
VAR := var
# The local accounts' passwords, shown by `manage.py welcome` once the server is up.
ACCOUNTS := $(VAR)/local-accounts.json
DEV_SETTINGS := cms.settings.dev
TEST_SETTINGS := cms.settings.test

.DEFAULT_GOAL := help
.PHONY: help run test fuzz lint format check-migrations serve demo clean messages

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt ".[dev]"
	@touch $@

run: $(INSTALLED) demo ## Install, migrate, load the demo content and serve http://127.0.0.1:$(PORT)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@# The web server and the scheduler (scheduled publishing, expiry, webhook retries) of
	@# Procfile.dev, together; webhooks go out at once from the web process. Its welcome
	@# process prints the addresses and the accounts ($(ACCOUNTS)) once the server answers.
	PATH="$(CURDIR)/$(BIN):$$PATH" DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) \
		$(BIN)/honcho --procfile Procfile.dev start --port $(PORT)

# Feeds, the API and webhooks write absolute links: to this server unless told otherwise.
run demo: export BASE_URL ?= http://127.0.0.1:$(PORT)

$(VAR)/secret_key:
	@mkdir -p $(VAR)
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

demo: $(INSTALLED) $(VAR)/secret_key ## Migrate the local database, load the demo content, make sure an admin exists
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py migrate --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py load_demo
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py load_demo_portals
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py ensure_admin --remember $(ACCOUNTS)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py ensure_demo_accounts --remember $(ACCOUNTS)

# One worker per core, each running whole modules (the demo is built once per module).
TEST_WORKERS ?= auto

test: $(INSTALLED) lint check-migrations ## Lint, check, and run the whole test suite
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

fuzz: $(INSTALLED) ## Fuzz the API from its schema (schemathesis; bounded, under a minute or two)
	RUN_FUZZ=1 $(BIN)/pytest -p no:randomly tests/api/test_fuzz.py

lint: $(INSTALLED) ## ruff (lint and format check)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED) ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(INSTALLED) ## Django's system checks; fail on a model change without a migration
	@mkdir -p $(VAR)
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/python manage.py makemigrations --check --dry-run

# The site's catalogs: the strings of the public sources (templates, feeds, widget)
# into locale/<language>/LC_MESSAGES/django.po, translations kept, then compiled to
# the django.mo files that are committed beside them. Extracting needs GNU gettext
# (xgettext, msgmerge: apt-get install gettext); compiling is Babel's, pure Python.
# `make test` fails while a catalog misses a string or a translation, or is stale.
messages: $(INSTALLED) ## Update the translation catalogs (locale/) from the sources and compile them
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/python manage.py makemessages --all --no-location --no-obsolete
	$(BIN)/pybabel compile --directory locale --domain django --statistics

clean: ## Remove the virtualenv and the local database, media and static files
	rm -rf $(VENV) var
