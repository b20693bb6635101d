# The two commands: `make run` and `make test`. Both create .venv and install what they need,
# at the exact versions CI passes with (constraints.txt; `make lock` writes it anew).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK_VENV := .venv-lock
LFORMS_VERSION := 40.1.3
LFORMS := .lforms/package/dist/lforms
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint bench clean lock lforms messages

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "WholeChild needs Python 3.11 or newer: make PYTHON=python3.12 …")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --constraint constraints.txt --editable .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/wholechild serve

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint $(LFORMS)/webcomponent/main.js
	$(BIN)/pytest

# LHC-Forms, for the browser test that answers the check's FHIR Questionnaire in another form
# tool (tests/browser/test_lforms.py). The npm package ships it built; the test serves it to
# Chromium itself, and the app never does. A gitignored folder, at the version pinned here.
lforms: $(LFORMS)/webcomponent/main.js

$(LFORMS)/webcomponent/main.js:
	rm -rf .lforms
	mkdir -p .lforms
	cd .lforms && npm pack --silent lforms@$(LFORMS_VERSION) >/dev/null && tar -xzf lforms-$(LFORMS_VERSION).tgz
	touch $@

# The Spanish catalogue (wholechild/locale/es): read anew from the code and the templates, then
# compiled. The clinic's pages are in English, so their folder is not read (docs/decisions.md).
# Fill in the entries it adds or marks fuzzy, run it again, and commit the .po with its .mo;
# tests/i18n checks that nothing is missing and that this would change nothing. Needs gettext.
MAKEMESSAGES := makemessages --locale es --ignore 'clinic/*' --add-location file --no-obsolete

messages: $(VENV)/.installed-dev
	cd wholechild && DJANGO_SETTINGS_MODULE=wholechild.settings ../$(BIN)/django-admin $(MAKEMESSAGES)
	cd wholechild && DJANGO_SETTINGS_MODULE=wholechild.settings ../$(BIN)/django-admin compilemessages --locale es

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/inbox.py
	$(BIN)/python bench/emails.py
	$(BIN)/python bench/records.py
	$(BIN)/python bench/plan.py

# The newest versions pyproject.toml allows, installed into a fresh environment and written
# down. Review what changed (git diff constraints.txt), run `make test`, then commit it.
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --editable '.[dev,postgres,redis]'
	{ echo "# The exact versions CI passes with: make run, make test and .ci/run install through"; \
	  echo "# this file. Written by make lock with $$($(LOCK_VENV)/bin/python -V); see the README."; \
	  $(LOCK_VENV)/bin/pip freeze --exclude-editable; \
	} > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(LOCK_VENV)

clean:
	rm -rf $(VENV) $(LOCK_VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis .lforms
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
