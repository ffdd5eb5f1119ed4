# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
MANAGE := $(PYTHON) manage.py
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

# Development settings; production differs only by environment variables. Email links
# point at the address the site is served on.
DEV_ENV := DJANGO_DEBUG=1 DJANGO_SECRET_KEY=development-only-key DJANGO_SITE_URL=http://$(ADDR)
# The production stack on this machine: DEBUG off, served over plain HTTP on loopback,
# uploaded pictures (var/media) answered by gunicorn itself (hwypt/media.py).
SERVE_ENV := DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SITE_URL=http://$(ADDR) \
	DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_BEHIND_TLS_PROXY=0 DJANGO_SECURE_HSTS_SECONDS=0 \
	DJANGO_SERVE_MEDIA=1

# The locks (requirements*.txt: every package, with hashes) are written from the short
# lists of direct dependencies (requirements*.in) by `make lock`; CI runs `make lock-check`.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: install run serve superuser manage demo test lint lock lock-check format bench screenshots clean

$(STAMP): requirements.txt requirements-dev.txt package.json package-lock.json
	@bash scripts/system_packages.sh npm=npm
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	@echo "Installing the Python packages into $(VENV)/ (about a minute the first time)"
	$(PYTHON) -m pip install --progress-bar on --require-hashes -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP)

demo: install
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) import_articles
	$(DEV_ENV) $(MANAGE) load_demo_schedule
	$(DEV_ENV) $(MANAGE) newsletter_demo

# Without a mail server the emails (everyone's links) print in this terminal and, under
# `make run`, on the outbox page: serve them on this machine only.
LOOPBACK_ONLY = case "$(ADDR)" in 127.*:*|localhost:*|\[::1\]:*) ;; \
	*) echo "ADDR=$(ADDR): serve on 127.0.0.1 only; the emails here are everyone's." >&2; exit 1;; esac

run: demo
	@$(LOOPBACK_ONLY)
	@echo
	@echo "  HWY PT is running at http://$(ADDR)/"
	@echo "  Emails it sends (links, calendar files): http://$(ADDR)/dev/outbox/ and this terminal"
	@echo "  Staff admin: http://$(ADDR)/admin/ (create a login first with: make superuser)"
	@echo
	$(DEV_ENV) $(MANAGE) runserver $(ADDR)

# Any manage.py command with the development settings: make manage ARGS="send_reminders"
manage: install
	$(DEV_ENV) $(MANAGE) $(ARGS)

superuser: install
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) createsuperuser

serve: demo
	@$(LOOPBACK_ONLY)
	$(SERVE_ENV) DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		bash -c '$(MANAGE) collectstatic --noinput --verbosity 0 && \
		echo "  Production stack at http://$(ADDR)/ (emails print in this terminal)" && \
		exec $(VENV)/bin/gunicorn hwypt.wsgi --bind $(ADDR) --workers 2 --threads 4'

bench: install
	@bash scripts/system_packages.sh wrk=wrk
	$(PYTHON) bench/run.py $(BENCH_ARGS)

# The README's pictures (docs/screenshots/), from a throwaway demo site: rerun after merges.
screenshots: install
	@bash scripts/system_packages.sh chromium=/usr/bin/chromium
	$(PYTHON) scripts/screenshots.py

# Debian's Chromium for the browser tests, Java for the Nu Html Checker.
test: install
	@bash scripts/system_packages.sh chromium=/usr/bin/chromium default-jre-headless=java
	$(DEV_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run

# Write the locks again after editing requirements.in or requirements-dev.in.
lock: install
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

# Fails when a lock no longer matches its .in list (someone edited one without `make lock`).
lock-check: install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	cp requirements.txt requirements-dev.txt "$$tmp/" && \
	$(PIP_COMPILE) --output-file "$$tmp/requirements.txt" requirements.in && \
	$(PIP_COMPILE) --output-file "$$tmp/requirements-dev.txt" requirements-dev.in && \
	diff -u requirements.txt "$$tmp/requirements.txt" && \
	diff -u requirements-dev.txt "$$tmp/requirements-dev.txt" || \
	{ echo "The lock is stale: run make lock and commit requirements*.txt" >&2; exit 1; }

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .ruff_cache
