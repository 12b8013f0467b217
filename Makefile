# Two commands: `make run` serves the site on embedded defaults; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint format setup serve messages clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

setup: $(BIN)/activate
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo

run: setup
	@echo ""
	@echo "Fluentory:  http://$(HOST):$(PORT)/en/   (Arabic: http://$(HOST):$(PORT)/ar/)"
	@echo "Back office: http://$(HOST):$(PORT)/admin/"
	@echo "Portals:    /learn/ (students)  /teach/ (teachers)  /partner/ (partners)"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A fluentory worker --loglevel=warning --concurrency=2 & \
	$(BIN)/celery -A fluentory beat --loglevel=warning & \
	$(PY) manage.py runserver $(HOST):$(PORT)

# One session on every core: each pytest-xdist worker has its own test database and seeds the demo site
# once (tests/demo_tree.py). The slowest tests are listed at the end.
TEST_WORKERS ?= auto
test: $(BIN)/activate
	$(BIN)/pytest -n $(TEST_WORKERS) --durations=15 $(PYTEST_ARGS)

bench: $(BIN)/activate
	$(PY) bench/run.py

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/activate
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(BIN)/activate
	$(PY) manage.py makemessages -l ar --ignore=.venv --ignore=tests --ignore=bench
	$(BIN)/pybabel compile -D django -d locale -l ar

clean:
	rm -rf var/ staticfiles/
