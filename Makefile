# Two commands matter: `make serve` (set up, ingest the corpus, serve the web chat) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export OMP_WAIT_POLICY ?= PASSIVE

.PHONY: setup setup-test lock ingest serve ask chat lint test test-fast eval clean load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The lock files hold the exact versions the tests passed with (`make lock` writes them from the test venv);
# the project itself is installed on top without resolving anything anew.
setup: $(VENV)/.setup
$(VENV)/.setup: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# torch is pinned and installed in a step of its own: an unpinned torch resolves to a multi-GB CUDA build.
setup-test: $(VENV)/.setup-test
$(VENV)/.setup-test: pyproject.toml requirements-test.lock | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -r requirements-test.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| echo "Chromium could not be installed: the browser test will be skipped"
	touch $(VENV)/.setup $@

# after a dependency change in pyproject.toml: install it into the test venv, run the tests, then lock
lock:
	$(BIN)/python tools/lock.py

ingest: setup
	$(BIN)/assistant ingest

# one worker process per core (at most 4); WORKERS=1 serves from a single process
serve: setup
	$(BIN)/assistant serve --host $(or $(HOST),127.0.0.1) --port $(or $(PORT),8000) --workers $(or $(WORKERS),0)

chat: ingest
	$(BIN)/assistant chat

ask: ingest
	@test -n "$(Q)" || (echo 'Bruk: make ask Q="Hvem har ansvaret for ettervern for unge mellom 18 og 23?"' && exit 2)
	$(BIN)/assistant ask "$(Q)"

eval: ingest
	$(BIN)/assistant eval

# 50 clients for 60 s against `assistant serve` on 127.0.0.1 (the script starts and stops the server).
load: ingest
	$(BIN)/python eval/load.py --clients $(or $(CLIENTS),50) --seconds $(or $(DURATION),60)

# ruff's rules and the import contracts are in pyproject.toml; the tests also run `lint-imports`.
lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

test-fast: lint
	$(BIN)/python -m pytest -m "not slow"

clean:
	rm -rf .data
