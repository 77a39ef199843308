# faircase: two commands matter. `make demo` runs it; `make test` tests it. Both are safe to run again.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

PYTHON312 := $(shell scripts/find-python312)
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON312) -m uv")
RUN := .venv/bin
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk

.PHONY: messages demo test test-sqlite test-postgres bench install assets lint format clean

install: .venv/.installed node_modules/.installed assets messages

# The Welsh messages files, compiled for Django where a .po is newer than its .mo (ADR 41).
messages: .venv/.installed
	@$(RUN)/python -m faircase.core.catalogues compile

.venv/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON312) -m pip install --quiet uv
	$(UV) sync --frozen --extra s3 --python "$(PYTHON312)"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Copy only what the pages use out of nhsuk-frontend (the whole dist is 21 MB).
assets: node_modules/.installed
	@mkdir -p faircase/core/static/nhsuk var/assets-root
	@cp $(NHSUK)/nhsuk-frontend.min.css $(NHSUK)/nhsuk-frontend.min.css.map $(NHSUK)/nhsuk-frontend.min.js $(NHSUK)/nhsuk-frontend.min.js.map faircase/core/static/nhsuk/
	@rm -rf var/assets-root/assets && cp -r $(NHSUK)/assets var/assets-root/assets

demo: install
	$(RUN)/faircase demo

# The whole suite, browser journeys included, on SQLite and on a throwaway PostgreSQL cluster: side by side on
# a machine with two or more processors (scripts/test-suites; FAIRCASE_TEST_SEQUENTIAL=1 runs them in turn).
# Both runs happen even when one fails; the target fails when either does.
# PYTEST_ARGS passes options through, e.g. `make test PYTEST_ARGS="-x -k sign_in"`.
# Each run measures coverage into var/coverage/ (reported, not a gate: see docs/testing.md).
test: install
	@scripts/ensure-test-system
	@scripts/test-suites

COVERAGE_DIR := var/coverage

test-sqlite:
	@echo "== test suite on SQLite =="
	@mkdir -p $(COVERAGE_DIR)
	env -u DATABASE_URL COVERAGE_FILE=$(COVERAGE_DIR)/sqlite.coverage $(RUN)/pytest --cov --cov-report= --durations=20 $(PYTEST_ARGS); \
	status=$$?; scripts/coverage-report sqlite; exit $$status

test-postgres:
	@echo "== test suite on PostgreSQL (a throwaway cluster) =="
	@mkdir -p $(COVERAGE_DIR)
	COVERAGE_FILE=$(COVERAGE_DIR)/postgres.coverage scripts/with-postgres $(RUN)/pytest --cov --cov-report= --durations=20 $(PYTEST_ARGS); \
	status=$$?; scripts/coverage-report postgres; exit $$status

bench: install
	$(RUN)/python -m faircase.bench

lint:
	$(RUN)/ruff check faircase
	$(RUN)/ruff format --check faircase
	$(RUN)/mypy

format:
	$(RUN)/ruff format faircase
	$(RUN)/ruff check --fix faircase

clean:
	rm -rf .venv node_modules var faircase/core/static/nhsuk
