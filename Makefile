# SSC Portal — the commands a newcomer needs. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# `make run` is for local use: DEBUG on unless set. Tests run as production does (DEBUG off), with a
# throwaway key.
RUN_ENV := DEBUG=$${DEBUG:-1}
TEST_ENV := DEBUG=0 SECRET_KEY=$${SECRET_KEY:-test-only-key-not-for-production}

.PHONY: run test lint browser serve bench setup-data messages clean wrk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the declared or pinned dependencies change.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

setup-data: $(STAMP)
	mkdir -p var
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_reference_data
	$(RUN_ENV) $(BIN)/python manage.py load_demo_data
	$(RUN_ENV) $(BIN)/python manage.py ensure_local_admin

run: setup-data
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests (tests/browser/) drive Debian's Chromium, never a browser build that Playwright
# downloads. Install it when it is missing and we may (root, or sudo without a password); when it cannot
# be installed, say so here and the browser tests skip with the reason.
CHROMIUM ?= /usr/bin/chromium
APT_CHROMIUM := env DEBIAN_FRONTEND=noninteractive sh -c 'apt-get update -qq \
	&& apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null'
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "=== installing Chromium (Debian package) ==="; \
		$(APT_CHROMIUM) || echo "warning: could not install Chromium; the browser tests will skip"; \
	elif sudo -n true 2>/dev/null; then echo "=== installing Chromium (Debian package, sudo) ==="; \
		sudo -n $(APT_CHROMIUM) || echo "warning: could not install Chromium; the browser tests will skip"; \
	else echo "warning: $(CHROMIUM) is missing and this user may not install packages;" \
		"the browser tests will skip (as root: apt-get install chromium)"; fi

test: lint browser
	mkdir -p var
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest -n 2 -p no:cacheprovider

# Production-style serving: gunicorn, DEBUG off, static files collected and served by whitenoise.
serve: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	DEBUG=0 $(BIN)/gunicorn sscportal.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

# The http benchmark drives gunicorn with wrk (Debian's package), installed here when missing.
APT_WRK := env DEBIAN_FRONTEND=noninteractive sh -c 'apt-get update -qq && apt-get install -y -qq wrk'
wrk:
	@if command -v wrk >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "=== installing wrk (Debian package) ==="; $(APT_WRK); \
	elif sudo -n true 2>/dev/null; then echo "=== installing wrk (Debian package, sudo) ==="; sudo -n $(APT_WRK); \
	else echo "warning: wrk is missing and this user may not install packages; the http benchmark will fail"; fi

bench: $(STAMP) wrk
	$(BIN)/python -m sscportal.bench

# Update the Spanish catalogue from the code and templates, then compile it (needs GNU gettext).
messages: $(STAMP)
	$(RUN_ENV) $(BIN)/python manage.py makemessages -l es --add-location file \
		--ignore .venv --ignore tests --ignore var --ignore staticfiles
	$(RUN_ENV) $(BIN)/python manage.py compilemessages -l es --ignore .venv

clean:
	rm -rf $(VENV) var staticfiles
