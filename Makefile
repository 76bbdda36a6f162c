# The verbs of this project. `make test` and `make bench` do all set-up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WHEELHOUSE := build/wheelhouse
PLUGINS := asyncio tornado green auth ssh log
PLUGIN_DIRS := $(addprefix packages/pyzmq-,$(PLUGINS))
PYTEST_ARGS ?=
ARGS ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: test bench lint dev build install setup clean help

help:
	@echo "make test   build every distribution, install them into .venv, run all tests"
	@echo "make bench  measure messaging throughput and latency (ARGS=--quick for a short run)"
	@echo "make lint   ruff and mypy"
	@echo "make dev    editable installs for day-to-day work"
	@echo "make clean  remove build products (keeps .venv)"

setup: $(VENV)/.ready

$(VENV)/.ready: requirements/dev.txt scripts/ensure-system-deps.sh
	PYTHON=$(PYTHON) scripts/ensure-system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/dev.txt
	touch $@

# Wheels are built without build isolation from .venv's tools, in persistent build directories,
# so a rebuild with no change recompiles nothing.
# flock: concurrent builds (two shells, a helper script) would share the CMake build directory.
build: setup
	mkdir -p build && flock build/.lock sh -c '\
	  rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE) && \
	  $(PY) -m pip wheel -q --no-build-isolation --no-deps -w $(WHEELHOUSE) packages/pyzmq-core $(PLUGIN_DIRS) .'

install: build
	flock build/.lock $(PY) -m pip install -q --no-deps --force-reinstall $(WHEELHOUSE)/*.whl

test: install
	PYZMQ_WHEELHOUSE=$(abspath $(WHEELHOUSE)) $(PY) -m pytest tests $(PYTEST_ARGS); \
	rc=$$?; [ $$rc -eq 5 ] && echo "no tests ran" && exit 1; exit $$rc

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

dev: setup
	mkdir -p build && flock build/.lock $(PY) -m pip install -q --no-build-isolation --no-deps \
	  -C build-dir=build/editable-{wheel_tag} -e packages/pyzmq-core
	$(PY) -m pip install -q --no-deps $(addprefix -e ,$(PLUGIN_DIRS))

bench: install
	$(PY) bench/run.py $(ARGS)

clean:
	rm -rf build dist packages/*/build
