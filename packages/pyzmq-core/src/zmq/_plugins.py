"""Say which distribution to install when a plugin subpackage of ``zmq`` is missing.

``zmq`` is split across distributions: core ships ``zmq`` itself, each plugin ships one subpackage.
The finder below sits last on ``sys.meta_path``, so it is only asked after every real finder failed
to find a plugin: it never shadows an installed one.
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder
from typing import Any

# subpackage -> distribution that provides it
PLUGINS = {
    "zmq.asyncio": "pyzmq-asyncio",
    "zmq.eventloop": "pyzmq-tornado",
    "zmq.green": "pyzmq-green",
    "zmq.auth": "pyzmq-auth",
    "zmq.ssh": "pyzmq-ssh",
    "zmq.log": "pyzmq-log",
}


class MissingPluginFinder(MetaPathFinder):
    """Turns 'No module named zmq.asyncio' into a message that names the distribution."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        dist = PLUGINS.get(fullname)
        if dist is not None:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: install {dist} (or pyzmq, which includes it)",
                name=fullname,
            )
        return None


def install() -> None:
    """Append the finder once (importing zmq twice, e.g. after a reload, adds nothing)."""
    if not any(isinstance(f, MissingPluginFinder) for f in sys.meta_path):
        sys.meta_path.append(MissingPluginFinder())
