"""Versions: of this package (pyzmq-core) and of the linked libzmq."""

from __future__ import annotations

from zmq._version import __version__
from zmq.backend import zmq_version_info


def _split(version: str) -> tuple[int, int, int, str]:
    """'28.1.0' -> (28, 1, 0, ''), '28.1.0.dev1' / '28.1.0b1' -> (28, 1, 0, 'dev1' / 'b1').

    (Without re, whose import would cost more than the rest of this module.)
    """
    numbers = version.split(".", 3)
    patch = numbers[2]
    digits = len(patch) - len(patch.lstrip("0123456789"))
    extra = patch[digits:] + ("." + numbers[3] if len(numbers) > 3 else "")
    return int(numbers[0]), int(numbers[1]), int(patch[:digits]), extra.lstrip(".")


# This package's version (pyzmq's meaning of these names; ``zmq.VERSION_MAJOR`` & co. are libzmq's).
VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH, VERSION_EXTRA = _split(__version__)
"""What follows the three numbers in a pre-release or development version (e.g. ``'dev0'``), or ''."""

version_info: tuple[int, int, int] | tuple[int, int, int, float] = (
    (VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH, float("inf"))
    if VERSION_EXTRA
    else (VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH)
)

__revision__: str = ""
"""The source revision of a development build, '' for releases."""


def pyzmq_version() -> str:
    """This package's version, e.g. ``'28.0.0'``."""
    return f"{__version__}+{__revision__[:6]}" if __revision__ else __version__


def pyzmq_version_info() -> tuple[int, int, int] | tuple[int, int, int, float]:
    """This package's version as a tuple, e.g. ``(28, 0, 0)``; ``inf`` is appended for pre-releases."""
    return version_info


def zmq_version() -> str:
    """The linked libzmq's version, e.g. ``'4.3.4'``."""
    return "%i.%i.%i" % zmq_version_info()


__all__ = [
    "__revision__",
    "__version__",
    "pyzmq_version",
    "pyzmq_version_info",
    "zmq_version",
    "zmq_version_info",
]
