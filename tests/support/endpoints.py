"""Endpoints for tests: tcp on loopback, inproc names, and ipc paths in one directory per test run.

ipc socket files live in a private temporary directory that ``remove_ipc_dir()`` deletes at the end
of the session (tests/conftest.py does), so a run leaves no socket files behind, even those of
sockets a failing test never closed.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile

_counter = itertools.count()
_ipc_dir: str | None = None


def endpoint(transport: str) -> str:
    """A fresh endpoint for transport (tcp: port chosen by the OS on bind)."""
    global _ipc_dir
    if transport == "tcp":
        return "tcp://127.0.0.1:0"
    if transport == "ipc":
        if _ipc_dir is None:
            _ipc_dir = tempfile.mkdtemp(prefix="zmq-ipc-")
        return f"ipc://{_ipc_dir}/{next(_counter)}"
    if transport == "inproc":
        return f"inproc://test-{next(_counter)}"
    raise ValueError(transport)


def remove_ipc_dir() -> None:
    global _ipc_dir
    if _ipc_dir is not None:
        shutil.rmtree(_ipc_dir, ignore_errors=True)
        _ipc_dir = None
