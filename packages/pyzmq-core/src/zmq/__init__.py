"""Python bindings for ZeroMQ (libzmq).

This package (from the ``pyzmq-core`` distribution) holds the compiled backend and the core API;
subpackages such as ``zmq.asyncio`` or ``zmq.auth`` come from their own distributions and join this
namespace when installed.
"""

from zmq import _plugins

# First: a zmq written over a one-piece pyzmq (< 28) fails here, naming the repair command.
_plugins.check_not_over_one_piece(__file__)

# Plugins may be installed into other sys.path entries (user site, editable installs).
__path__ = _plugins.extend_path(__path__, __name__)
_plugins.install()

from zmq import backend, constants, error, sugar
from zmq.backend import (
    DRAFT_API,
    IPC_PATH_MAX_LEN,
    curve_keypair,
    curve_public,
    device,
    has,
    proxy,
    proxy_steerable,
    strerror,
    zmq_errno,
    zmq_poll,
)
from zmq.constants import *  # noqa: F403
from zmq.error import *  # noqa: F403
from zmq.sugar import *  # noqa: F403
from zmq.sugar.tracker import _FINISHED_TRACKER as _FINISHED_TRACKER

# the linked libzmq's version, as the ZMQ_VERSION* macros spell it
VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH = zmq_version_info()  # noqa: F405
VERSION = VERSION_MAJOR * 10000 + VERSION_MINOR * 100 + VERSION_PATCH

COPY_THRESHOLD = 65536
"""Default ``copy_threshold`` of new sockets and Frames: smaller zero-copy sends are copied."""


def get_includes() -> list[str]:
    """Include directories for compiling a Cython extension against this package.

    They hold the ``.pxd`` declarations (``from zmq cimport Socket``), the backend's C headers, and
    libzmq's own headers. As in pyzmq, the first is the directory holding the ``zmq`` package and
    the second ``zmq/utils``.
    """
    import os

    from zmq.backend.cython import _build_config

    here = os.path.dirname(os.path.abspath(__file__))
    return [
        os.path.dirname(here),
        os.path.join(here, "utils"),
        os.path.join(here, "backend", "cython"),
        *_build_config.LIBZMQ_INCLUDE_DIRS,
    ]


def get_library_dirs() -> list[str]:
    """Directories holding the libzmq this package links (link the extension with ``-lzmq``)."""
    import os

    from zmq.backend.cython import _build_config

    bundled = os.path.join(os.path.dirname(os.path.dirname(__file__)), "pyzmq_core.libs")
    return [bundled] if os.path.isdir(bundled) else list(_build_config.LIBZMQ_LIBRARY_DIRS)


__all__ = [
    "COPY_THRESHOLD",
    "DRAFT_API",
    "IPC_PATH_MAX_LEN",
    "VERSION",
    "VERSION_MAJOR",
    "VERSION_MINOR",
    "VERSION_PATCH",
    "backend",
    "constants",
    "curve_keypair",
    "curve_public",
    "device",
    "error",
    "get_includes",
    "get_library_dirs",
    "has",
    "proxy",
    "proxy_steerable",
    "strerror",
    "sugar",
    "zmq_errno",
    "zmq_poll",
    *constants.__all__,
    *error.__all__,
    *sugar.__all__,
]
