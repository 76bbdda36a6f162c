# The verbs of this project. `make test` and `make bench` do all set-up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WHEELHOUSE := build/wheelhouse
# a distribution per folder of packages/ (the folder name is its name), the metapackage at the root
PLUGIN_DIRS := $(filter-out packages/pyzmq-core,$(wildcard packages/pyzmq-*))
PYTEST_ARGS ?=
ARGS ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: test test-cffi test-pypy bench bench-pyzmq bench-instr bench-cffi bench-pypy lint typecheck dev build \
	install setup clean help wheels check-dist docs fuzz check-leaks

help:
	@echo "make test   build every distribution, install them into .venv, run all tests"
	@echo "make test-cffi  the same tests on the CFFI backend (PYZMQ_BACKEND=cffi), in .venv"
	@echo "make test-pypy  build the core for PyPy into .venv-pypy and run the tests there"
	@echo "make bench  measure messaging throughput and latency (ARGS=--quick for a short run)"
	@echo "make bench-pyzmq  the same, side by side with pyzmq built from its sdist"
	@echo "make bench-instr  instructions per message (callgrind): ours, pyzmq, raw libzmq (BASELINE=<rev>)"
	@echo "make bench-cffi   the CFFI backend against the Cython backend on this CPython"
	@echo "make bench-pypy   ours on PyPy against pyzmq on PyPy (its CFFI backend)"
	@echo "make lint   ruff and mypy"
	@echo "make typecheck  the typing corpus (tests/typing) under mypy --strict, against the wheels"
	@echo "make docs   build the documentation into build/docs (warnings, dead references and links are errors)"
	@echo "make wheels  release artefacts of all eight distributions in dist/ (core: manylinux, per Python)"
	@echo "make check-dist  make wheels, then test them in fresh venvs (tests/dist)"
	@echo "make fuzz   coverage-guided fuzzing, FUZZ_SECONDS per target (or FUZZ_RUNS inputs each)"
	@echo "make check-leaks  a churn workload under valgrind, and natively with RSS/threads/fds sampled"
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
# The stamps make an unchanged tree skip both steps (a `make bench` after `make test` starts at once).
SOURCES := $(shell find packages -path '*/build' -prune -o -type f -print) pyproject.toml README.md

build: $(WHEELHOUSE)/.built
install: $(VENV)/.installed

$(WHEELHOUSE)/.built: $(VENV)/.ready $(SOURCES)
	mkdir -p build && flock build/.lock sh -c '\
	  rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE) && \
	  $(PY) -m pip wheel -q --no-build-isolation --no-deps -w $(WHEELHOUSE) packages/pyzmq-core $(PLUGIN_DIRS) .'
	touch $@

$(VENV)/.installed: $(WHEELHOUSE)/.built
	flock build/.lock $(PY) -m pip install -q --no-deps --force-reinstall $(WHEELHOUSE)/*.whl
	touch $@

# Real consumers (Jupyter) for tests/consumers: after the wheels, whose `pyzmq` meets their requirement.
$(VENV)/.consumers-ready: $(VENV)/.installed requirements/consumers.txt
	$(PY) -m pip install -q --find-links $(WHEELHOUSE) -r requirements/consumers.txt
	touch $@

test: install $(VENV)/.consumers-ready
	PYZMQ_WHEELHOUSE=$(abspath $(WHEELHOUSE)) $(PY) -m pytest tests --ignore=tests/dist $(PYTEST_ARGS); \
	rc=$$?; [ $$rc -eq 5 ] && echo "no tests ran" && exit 1; exit $$rc

# The CFFI backend on CPython: the same wheels (the core carries both backends), the same tests.
test-cffi: install $(VENV)/.consumers-ready
	PYZMQ_BACKEND=cffi PYZMQ_WHEELHOUSE=$(abspath $(WHEELHOUSE)) $(PY) -m pytest tests --ignore=tests/dist \
	  $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && echo "no tests ran" && exit 1; exit $$rc

# PyPy (Debian's pypy3, installed by ensure-system-deps.sh): the core built for PyPy (CFFI backend
# only) in its own venv, with the pure wheels of `make build`; its wheelhouse holds both, for
# tests/packaging. Tests needing what PyPy lacks (requirements/pypy.txt) skip.
PYPY ?= pypy3
PYPY_VENV := .venv-pypy
PYPY_PY := $(PYPY_VENV)/bin/python
PYPY_WHEELHOUSE := build/wheelhouse-pypy

$(PYPY_VENV)/.ready: requirements/pypy.txt scripts/ensure-system-deps.sh
	PYTHON=$(PYTHON) scripts/ensure-system-deps.sh pypy
	test -x $(PYPY_PY) || $(PYPY) -m venv $(PYPY_VENV)
	$(PYPY_PY) -m pip install -q --upgrade pip
	$(PYPY_PY) -m pip install -q -r requirements/pypy.txt
	touch $@

$(PYPY_VENV)/.installed: $(PYPY_VENV)/.ready $(WHEELHOUSE)/.built
	mkdir -p build && flock build/.lock sh -c '\
	  rm -rf $(PYPY_WHEELHOUSE) && mkdir -p $(PYPY_WHEELHOUSE) && \
	  $(PYPY_PY) -m pip wheel -q --no-build-isolation --no-deps -w $(PYPY_WHEELHOUSE) packages/pyzmq-core && \
	  cp $$(ls $(WHEELHOUSE)/*.whl | grep -v /pyzmq_core-) $(PYPY_WHEELHOUSE)/ && \
	  $(PYPY_PY) -m pip install -q --no-deps --force-reinstall $(PYPY_WHEELHOUSE)/*.whl'
	touch $@

test-pypy: $(PYPY_VENV)/.installed
	PYZMQ_WHEELHOUSE=$(abspath $(PYPY_WHEELHOUSE)) $(PYPY_PY) -m pytest tests --ignore=tests/dist \
	  $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && echo "no tests ran" && exit 1; exit $$rc

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# typecheck: consumer-style code with assert_type on every precisely typed call, checked as a user's
# project is (mypy --strict; zmq from the installed wheels, so the shipped stubs are what is checked).
typecheck: install
	$(PY) -m mypy --config-file tests/typing/mypy.ini tests/typing

dev: setup
	mkdir -p build && flock build/.lock $(PY) -m pip install -q --no-build-isolation --no-deps \
	  -C build-dir=build/editable-{wheel_tag} -e packages/pyzmq-core
	$(PY) -m pip install -q --no-deps $(addprefix -e ,$(PLUGIN_DIRS))

# bench: ours vs raw libzmq (bench/c, built by bench/run.py); BASELINE=<git-rev> also builds that
# revision in build/bench-baseline/ and interleaves it. bench-pyzmq: the same against pyzmq built
# from its sdist on the system libzmq (PYZMQ_NO_BUNDLE: fail rather than bundle its own libzmq).
BASELINE ?=
BENCH_PYZMQ_VENV := build/bench-pyzmq-venv
BENCH_PYZMQ_SPEC ?= pyzmq>=26,<28

$(VENV)/.bench-ready: $(VENV)/.ready requirements/bench.txt
	$(PY) -m pip install -q -r requirements/bench.txt
	touch $@

$(BENCH_PYZMQ_VENV)/.ready:
	test -x $(BENCH_PYZMQ_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_PYZMQ_VENV)
	CMAKE_ARGS="-DPYZMQ_NO_BUNDLE=ON" $(BENCH_PYZMQ_VENV)/bin/pip install -q --no-binary pyzmq \
	  "$(BENCH_PYZMQ_SPEC)" tornado gevent
	$(BENCH_PYZMQ_VENV)/bin/python -c "import sys, zmq; print('pyzmq', zmq.__version__, 'on libzmq', \
	  zmq.zmq_version()); sys.exit(zmq.zmq_version() != sys.argv[1])" "$$(pkg-config --modversion libzmq)"
	touch $@

bench: install $(VENV)/.bench-ready
	$(PY) bench/run.py $(if $(BASELINE),--baseline $(BASELINE)) $(ARGS)

bench-pyzmq: install $(VENV)/.bench-ready $(BENCH_PYZMQ_VENV)/.ready
	$(PY) bench/run.py --compare $(BENCH_PYZMQ_VENV)/bin/python=pyzmq $(if $(BASELINE),--baseline $(BASELINE)) $(ARGS)

# bench-instr: instructions per message under callgrind (bench/instr.py), ours, pyzmq and raw libzmq
# (and BASELINE=<git-rev>): deterministic, so every optimisation is judged by these counts.
bench-instr: install $(VENV)/.bench-ready $(BENCH_PYZMQ_VENV)/.ready
	$(PY) bench/instr.py --compare $(BENCH_PYZMQ_VENV)/bin/python=pyzmq $(if $(BASELINE),--baseline $(BASELINE)) $(ARGS)

# bench-cffi: our two backends on this CPython. bench-pypy: ours on PyPy against pyzmq on PyPy
# (built from its sdist on the system libzmq: its CFFI backend).
BENCH_PYZMQ_PYPY_VENV := build/bench-pyzmq-pypy-venv
BENCH_PYZMQ_PYPY_SPEC ?= pyzmq==27.3.*

bench-cffi: install $(VENV)/.bench-ready
	$(PY) bench/run.py --backend cffi --label cffi --compare-backend cython $(ARGS)

$(BENCH_PYZMQ_PYPY_VENV)/.ready: $(PYPY_VENV)/.ready
	test -x $(BENCH_PYZMQ_PYPY_VENV)/bin/python || $(PYPY) -m venv $(BENCH_PYZMQ_PYPY_VENV)
	CMAKE_ARGS="-DPYZMQ_NO_BUNDLE=ON" $(BENCH_PYZMQ_PYPY_VENV)/bin/pip install -q --no-binary pyzmq \
	  "$(BENCH_PYZMQ_PYPY_SPEC)" tornado
	$(BENCH_PYZMQ_PYPY_VENV)/bin/python -c "import sys, zmq; print('pyzmq', zmq.__version__, 'on libzmq', \
	  zmq.zmq_version()); sys.exit(zmq.zmq_version() != sys.argv[1])" "$$(pkg-config --modversion libzmq)"
	touch $@

bench-pypy: $(PYPY_VENV)/.installed $(VENV)/.bench-ready $(BENCH_PYZMQ_PYPY_VENV)/.ready
	$(PY) bench/run.py --python $(PYPY_PY) --label "ours (PyPy)" \
	  --compare $(BENCH_PYZMQ_PYPY_VENV)/bin/python="pyzmq (PyPy)" $(ARGS)

# wheels: sdists and wheels of all eight distributions in dist/; the core is built from its sdist for
# every CPython >= 3.9 found (pyenv) and repaired with auditwheel (scripts/build-dist.sh).
# check-dist: those artefacts installed into fresh venvs (tests/dist; --confcutdir: no zmq needed here).
DIST := dist

$(VENV)/.dist-ready: $(VENV)/.ready requirements/dist.txt
	$(PY) -m pip install -q -r requirements/dist.txt
	touch $@

wheels: $(VENV)/.dist-ready
	mkdir -p build && flock build/.dist-lock env PY=$(PY) scripts/build-dist.sh $(DIST)

check-dist: wheels
	PYZMQ_DIST=$(abspath $(DIST)) $(PY) -m pytest tests/dist --confcutdir=tests/dist \
	  --durations=10 $(PYTEST_ARGS)

# docs: the Sphinx site, from docs/ into build/docs; autodoc imports the installed wheels. -E: Sphinx
# does not see changes in installed modules, so every build reads all sources (and reports every warning).
# conf.py is nitpicky, so a reference to nothing fails the build too. Then the site is checked: every
# local link and image resolves (tools/check_links.py), and its objects.inv, which other projects'
# docs link through, holds the public names (tests/docs/test_inventory.py).
$(VENV)/.docs-ready: $(VENV)/.ready requirements/docs.txt
	$(PY) -m pip install -q -r requirements/docs.txt
	touch $@

docs: install $(VENV)/.docs-ready
	$(VENV)/bin/sphinx-build -E -W --keep-going -b html docs build/docs
	$(PY) tools/check_links.py build/docs
	PYZMQ_DOCS_BUILD=$(abspath build/docs) $(PY) -m pytest tests/docs/test_inventory.py -q

# fuzz: tests/fuzz/fuzz.py runs each target of tests/fuzz/targets.py under atheris; findings are saved
# under tests/fuzz/corpus/<target>/ and replayed by `make test`. CI: FUZZ_SECONDS=10; by hand, e.g.
# FUZZ_RUNS=1000000. FUZZ_TARGETS: a subset. check-leaks: tools/check_leaks.py (LEAKS_ARGS=--long).
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?=
FUZZ_TARGETS ?=
LEAKS_ARGS ?=

$(VENV)/.harness-ready: $(VENV)/.ready requirements/harness.txt
	$(PY) -m pip install -q -r requirements/harness.txt
	touch $@

fuzz: install $(VENV)/.harness-ready
	$(PY) tests/fuzz/fuzz.py $(if $(FUZZ_RUNS),--runs $(FUZZ_RUNS),--seconds $(FUZZ_SECONDS)) $(FUZZ_TARGETS)

check-leaks: install
	$(PY) tools/check_leaks.py $(LEAKS_ARGS)

clean:
	rm -rf build dist packages/*/build
