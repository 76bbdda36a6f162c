"""Python bindings for ZeroMQ (libzmq).

This package (from the ``pyzmq-core`` distribution) holds the compiled backend and the core API;
subpackages such as ``zmq.asyncio`` or ``zmq.auth`` come from their own distributions and join this
namespace when installed.
"""

from pkgutil import extend_path

# Plugins may be installed into other sys.path entries (user site, editable installs).
__path__ = extend_path(__path__, __name__)

from zmq import _plugins

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
from zmq.sugar.version import VERSION, VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH

COPY_THRESHOLD = 65536
"""Default ``copy_threshold`` of new sockets and Frames: smaller zero-copy sends are copied."""

_FINISHED_TRACKER = MessageTracker()  # noqa: F405  (a tracker with nothing to wait for)


def get_includes() -> list[str]:
    """Directories to add to the include path when compiling Cython code against this package."""
    import os

    here = os.path.dirname(__file__)
    return [os.path.dirname(here), os.path.join(here, "backend", "cython")]


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


def get_library_dirs() -> list[str]:
    """Directories holding the libzmq this package was built against (for linking extensions)."""
    import os

    return [os.path.join(os.path.dirname(__file__), os.pardir, "pyzmq_core.libs")]
