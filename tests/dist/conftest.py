"""Release checks on the artefacts `make wheels` puts in dist/ (run by `make check-dist`).

Everything here is real: fresh venvs, pip installs from dist/ (PyPI only for third-party libraries
and build dependencies), source builds, a mount namespace hiding the system libzmq. Each venv is made
without pip; the test runner's pip installs into it with ``--python``. Every subprocess has a timeout.
These tests need no zmq in the test runner's own environment (`make check-dist` runs them with
--confcutdir, so tests/conftest.py, which imports zmq, is not loaded).
"""

from __future__ import annotations

import pytest

from .distenv import DIST


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not any(DIST.glob("pyzmq_core-*.whl")):
        skip = pytest.mark.skip(reason=f"no wheels in {DIST}: run make wheels (or make check-dist)")
        for item in items:
            if "tests/dist/" in str(item.path):
                item.add_marker(skip)
