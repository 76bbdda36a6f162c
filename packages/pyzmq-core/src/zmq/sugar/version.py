"""Versions: of this package (pyzmq-core) and of the linked libzmq."""

from __future__ import annotations

from zmq._version import __version__
from zmq.backend import zmq_version_info

VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH = zmq_version_info()
VERSION = VERSION_MAJOR * 10000 + VERSION_MINOR * 100 + VERSION_PATCH


def pyzmq_version() -> str:
    """This package's version, e.g. ``'28.0.0'``."""
    return __version__


def pyzmq_version_info() -> tuple[int, ...]:
    """This package's version as a tuple of ints, e.g. ``(28, 0, 0)``."""
    return tuple(int(part) for part in __version__.split(".")[:3] if part.isdigit())


def zmq_version() -> str:
    """The linked libzmq's version, e.g. ``'4.3.4'``."""
    return "%i.%i.%i" % zmq_version_info()


__all__ = [
    "VERSION",
    "VERSION_MAJOR",
    "VERSION_MINOR",
    "VERSION_PATCH",
    "__version__",
    "pyzmq_version",
    "pyzmq_version_info",
    "zmq_version",
    "zmq_version_info",
]
