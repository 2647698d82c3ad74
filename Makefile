# The two commands a newcomer needs: `make demo` and `make test`. Both install what they need.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The interpreter the venv is made from. Debian's python3-evdev (the card reader) is built for
# /usr/bin/python3; a venv from another minor version works but has no evdev card reader.
PYTHON ?= python3

.PHONY: demo test fresh-check check lint typecheck fmt bench bench-startup bench-scan bench-scan-to-screen bench-print bench-wheel bench-api clean

$(STAMP): pyproject.toml scripts/bootstrap.sh
	VENV=$(VENV) PYTHON=$(PYTHON) bash scripts/bootstrap.sh

demo: $(STAMP)
	$(PY) -m kiosk.dev.demo

# One test process per core (-n auto): every test owns its ports, databases and folders.
test: check
	$(PY) -m pytest -q -n auto

check: lint typecheck

# The two commands above on a fresh Debian 12 root (debootstrap; root only): see docs/operations.md.
# ARCH=arm64 runs under qemu-user (20-40 minutes).
ARCH ?= amd64
fresh-check:
	ARCH=$(ARCH) bash scripts/fresh-check.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy

fmt: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Each benchmark prints a table and a last JSON line; results are kept in docs/benchmarks.md.
bench: bench-startup bench-scan bench-scan-to-screen bench-print bench-wheel bench-api

bench-startup: $(STAMP)
	$(PY) -m bench.startup --runs 5

# Decoders over the real scan photos (shared/testdata beside the checkout) and a generated set.
SCAN_PHOTOS ?= ../shared/testdata/scan-photos
bench-scan: $(STAMP)
	$(PY) -m bench.scan --images $(SCAN_PHOTOS) --repeat 3

bench-scan-to-screen: $(STAMP)
	$(PY) -m bench.scan_to_screen --scans 100

bench-print: $(STAMP)
	$(PY) -m bench.print --repeat 50

bench-wheel: $(STAMP)
	SDL_AUDIODRIVER=dummy $(PY) -m bench.wheel

# The API with 2 workers on SQLite and PostgreSQL (POINTSAPI_BENCH_PG_URL) vs a bare Starlette app.
bench-api: $(STAMP)
	$(PY) -m bench.api

clean:
	rm -rf $(VENV) demo-out .pytest_cache .mypy_cache .ruff_cache
