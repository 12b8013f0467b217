# Two commands: `make run` serves the site on embedded defaults; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Every absolute link (canonical, sitemap, emails, calendars) starts with it; follows HOST and PORT unless set.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test bench lint format setup serve messages clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

setup: $(BIN)/activate
	$(PY) manage.py migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=fluentory.settings.local SITE_URL="$(SITE_URL)" $(PY) manage.py seed_demo

run: setup
	@echo ""
	@echo "Fluentory:  $(SITE_URL)/en/   (Arabic: $(SITE_URL)/ar/)"
	@echo "Back office: $(SITE_URL)/admin/"
	@echo "Portals:    /learn/ (students)  /teach/ (teachers)  /partner/ (partners)"
	@echo ""
	@# Ctrl-C: the worker stops cold (running tasks go back to the broker, acks are late), the rest on
	@# SIGTERM; whatever still runs after 10 s is killed, so the prompt returns only once all have stopped.
	@export DJANGO_SETTINGS_MODULE=fluentory.settings.local SITE_URL="$(SITE_URL)"; \
	$(BIN)/celery -A fluentory worker --loglevel=warning --concurrency=2 & worker=$$!; \
	$(BIN)/celery -A fluentory beat --loglevel=warning & beat=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT) & web=$$!; \
	stop() { [ -n "$$stopping" ] && return; stopping=1; kill -QUIT $$worker 2>/dev/null; kill -TERM $$beat $$web 2>/dev/null; \
	  ( sleep 10 & nap=$$!; trap 'kill $$nap; exit' TERM; wait $$nap; kill -KILL $$worker $$beat $$web 2>/dev/null ) & \
	  watchdog=$$!; wait $$worker $$beat $$web; kill $$watchdog; wait; }; \
	trap stop INT TERM; \
	wait $$web; stop

# Tests marked `alone` start web, worker and beat processes of their own and time them, so they run first, on
# an idle machine with the services as fresh as they come. Then one session on every core: each pytest-xdist
# worker has its own test database and seeds the demo site once (tests/demo_tree.py); the slowest tests are
# listed at the end. Browser tests restore a snapshot of the database before each test, so they get databases
# that no flush of another transactional test has touched: a session of their own.
TEST_WORKERS ?= auto
test: $(BIN)/activate
	$(BIN)/pytest -m alone $(PYTEST_ARGS)
	$(BIN)/pytest -n $(TEST_WORKERS) --durations=15 -m "not alone" --ignore=tests/e2e $(PYTEST_ARGS)
	$(BIN)/pytest -n $(TEST_WORKERS) tests/e2e $(PYTEST_ARGS)

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
