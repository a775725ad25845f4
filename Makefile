# Two commands matter: `make run` and `make test`. Everything else is what they build on.
VENV    ?= .venv
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app quiz
HOST    ?= 127.0.0.1
PORT    ?= 5000
WORKERS ?= 2
# Threads let a worker serve pages while one of its requests waits for SQLite's write lock
# (5 s at most, then a "try again" page); a request is never slower than a second, so a
# worker stuck for 15 s is frozen, and gunicorn replaces it.
THREADS ?= 4
TIMEOUT ?= 15
PYTEST_FAST := --ignore=tests/browser --ignore=tests/rush

.PHONY: run test test-sqlite test-postgres test-redis lint chromium bench eval-drafts clean

# What the app needs to run; the test tools (pytest, Playwright, Hypothesis, linters) come
# on top, for `make test` only, so `make run` on a new machine waits for less.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(FLASK) init
	$(FLASK) questions import questions/
	@echo "Serving the quiz on http://$(HOST):$(PORT)/"
	@echo "Teachers: create an account with  $(FLASK) teachers create you@school.example"
	@echo "          then sign in at http://$(HOST):$(PORT)/teacher/login"
	@# The grade-passback worker runs beside the server and stops with it (with no LMS
	@# registered it only idles); cron can run `lti send-grades --once` instead.
	$(FLASK) lti send-grades & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn --workers $(WORKERS) --threads $(THREADS) --timeout $(TIMEOUT) --bind $(HOST):$(PORT) --access-logfile - 'quiz:create_app()'

# Everything but the benchmark: lint, security lint, the suite on SQLite (with real Chromium
# and a real gunicorn), then the database tests again on a real PostgreSQL server, and the
# rate-limit tests on a real Redis server.
test: lint chromium test-sqlite test-postgres test-redis

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check quiz tests $(wildcard bench)
	$(VENV)/bin/bandit -q -r quiz -ll

test-sqlite: $(VENV)/.installed-test
	$(VENV)/bin/pytest -p no:cacheprovider

test-postgres: $(VENV)/.installed-test
	scripts/with-postgres.sh $(VENV)/bin/pytest -p no:cacheprovider $(PYTEST_FAST)

# The tests marked `redis` (skipped without a server) against Debian's redis-server.
test-redis: $(VENV)/.installed-test
	scripts/with-redis.sh $(VENV)/bin/pytest -p no:cacheprovider -m redis $(PYTEST_FAST)

# Browser tests drive Debian's Chromium; a browser is never downloaded.
chromium:
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

bench: $(VENV)/.installed-test
	$(PY) bench/run.py

# How well the drafting suggestions agree with the hand-labelled articles in
# tests/data/articles/ and with questions/iran-drones.md: measured figures, not a test.
eval-drafts: $(VENV)/.installed
	$(PY) scripts/eval_drafts.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
