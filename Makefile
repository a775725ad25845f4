# Two commands matter: `make run` and `make test`. Everything else is what they build on.
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app quiz
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(FLASK) init
	$(FLASK) questions import questions/
	@echo "Serving the quiz on http://$(HOST):$(PORT)/"
	@echo "Teachers: create an account with  $(FLASK) teachers create you@school.example"
	@echo "          then sign in at http://$(HOST):$(PORT)/teacher/login"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed
	$(VENV)/bin/ruff check quiz tests
	$(VENV)/bin/pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check quiz tests

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
