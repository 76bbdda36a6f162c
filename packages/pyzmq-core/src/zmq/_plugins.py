"""Say which distribution to install when a plugin subpackage of ``zmq`` is missing.

``zmq`` is split across distributions: core ships ``zmq`` itself, each plugin ships one subpackage.
The finder below sits last on ``sys.meta_path``, so it is only asked after every real finder failed
to find a plugin: it never shadows an installed one.
"""

from __future__ import annotations

import os
import sys
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


class MissingPluginFinder:
    """Turns 'No module named zmq.asyncio' into a message that names the distribution.

    A meta path finder needs only find_spec; not subclassing importlib.abc.MetaPathFinder keeps
    importlib.abc (and importlib.resources behind it) out of ``import zmq``.
    """

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        dist = PLUGINS.get(fullname)
        if dist is not None:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: install {dist} (or pyzmq, which includes it)",
                name=fullname,
            )
        return None


def extend_path(path: list[str], name: str) -> list[str]:
    """Add every ``name`` directory on sys.path to a package's ``__path__``.

    What ``pkgutil.extend_path`` does for directory entries, without importing pkgutil, which cost a
    third of ``import zmq``. Plugins installed in another sys.path entry (user site, ``--target``,
    editable installs) so join the ``zmq`` package.
    """
    for entry in sys.path:
        if not isinstance(entry, str) or not entry:
            continue
        candidate = os.path.join(entry, name)
        if candidate not in path and os.path.isdir(candidate):
            path.append(candidate)
    return path


def install() -> None:
    """Append the finder once (importing zmq twice, e.g. after a reload, adds nothing)."""
    if not any(isinstance(f, MissingPluginFinder) for f in sys.meta_path):
        sys.meta_path.append(MissingPluginFinder())
