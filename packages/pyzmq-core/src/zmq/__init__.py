"""Python bindings for ZeroMQ (libzmq).

This package (from the ``pyzmq-core`` distribution) holds the compiled backend and the core API;
subpackages such as ``zmq.asyncio`` or ``zmq.auth`` come from their own distributions and join this
namespace when installed.
"""

from types import ModuleType as _ModuleType  # (types is loaded already: enum imports it)

from zmq import _plugins

# First: a zmq written over a one-piece pyzmq (< 28) fails here, naming the repair command.
_plugins.check_not_over_one_piece(__file__)

# Plugins may be installed into other sys.path entries (user site, editable installs).
__path__ = _plugins.extend_path(__path__, __name__)
_plugins.install()

# (``X as X``: explicitly re-exported, for type checkers, which do not see __all__: see below)
from zmq import backend as backend
from zmq import constants as constants
from zmq import error as error
from zmq import sugar as sugar
from zmq.backend import DRAFT_API as DRAFT_API
from zmq.backend import IPC_PATH_MAX_LEN as IPC_PATH_MAX_LEN
from zmq.backend import PYZMQ_DRAFT_API as PYZMQ_DRAFT_API
from zmq.backend import curve_keypair as curve_keypair
from zmq.backend import curve_public as curve_public
from zmq.backend import device as device
from zmq.backend import has as has
from zmq.backend import proxy as proxy
from zmq.backend import proxy_steerable as proxy_steerable
from zmq.backend import strerror as strerror
from zmq.backend import zmq_errno as zmq_errno
from zmq.backend import zmq_poll as zmq_poll
from zmq.constants import *  # noqa: F403
from zmq.error import *  # noqa: F403
from zmq.sugar import *  # noqa: F403
from zmq.sugar.tracker import _FINISHED_TRACKER as _FINISHED_TRACKER

# the linked libzmq's version, as the ZMQ_VERSION* macros spell it
VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH = zmq_version_info()  # noqa: F405
VERSION = VERSION_MAJOR * 10000 + VERSION_MINOR * 100 + VERSION_PATCH

COPY_THRESHOLD = 65536
"""Default ``copy_threshold`` of new sockets and Frames: smaller zero-copy sends are copied."""


def _build_config() -> _ModuleType:
    """``zmq.backend.cython._build_config`` (how this core was built), loaded from its file: the
    package ``zmq.backend.cython`` imports the Cython extension, which PyPy's core lacks."""
    import importlib.util
    import os
    import sys

    name = "zmq.backend.cython._build_config"
    if name in sys.modules:
        return sys.modules[name]
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "backend", "cython", "_build_config.py")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}", name=name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def get_includes() -> list[str]:
    """Include directories for compiling a Cython extension against this package.

    They hold the ``.pxd`` declarations (``from zmq cimport Socket``), the backend's C headers, and
    libzmq's own headers. As in pyzmq, the first is the directory holding the ``zmq`` package and
    the second ``zmq/utils``.
    """
    import os

    build_config = _build_config()
    here = os.path.dirname(os.path.abspath(__file__))
    return [
        os.path.dirname(here),
        os.path.join(here, "utils"),
        os.path.join(here, "backend", "cython"),
        *build_config.LIBZMQ_INCLUDE_DIRS,
    ]


def get_library_dirs() -> list[str]:
    """Library directories for linking an extension against this package (with ``-lzmq``).

    As in pyzmq, the first is the ``zmq`` package's own directory; then comes the directory of the
    libzmq this core links (the copy bundled into a binary wheel, else the one it was built
    against), so the extension and the core use the same libzmq.
    """
    import os

    build_config = _build_config()
    here = os.path.dirname(os.path.abspath(__file__))
    bundled = os.path.join(os.path.dirname(here), "pyzmq_core.libs")
    libzmq_dirs = [bundled] if os.path.isdir(bundled) else list(build_config.LIBZMQ_LIBRARY_DIRS)
    return [here, *(d for d in libzmq_dirs if d != here)]


# Hidden from type checkers: mypy cannot follow the unpacking of the submodules' __all__, and would
# then treat their star-imported names as private (``from zmq import *``, and so ``zmq.green``,
# would lack them). Without __all__ they export every public name above: the same set.
# (typing.TYPE_CHECKING without importing typing, a third of `import zmq`: mypy takes any name
# TYPE_CHECKING as true.)
TYPE_CHECKING = False
if not TYPE_CHECKING:
    __all__ = [
        "COPY_THRESHOLD",
        "DRAFT_API",
        "IPC_PATH_MAX_LEN",
        "PYZMQ_DRAFT_API",
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
        # the sugar's own names (it also re-exports errors, devices and DeviceType, listed above)
        *(
            name
            for name in sugar.__all__
            if name not in {*error.__all__, *constants.__all__, "device", "proxy"}
        ),
    ]
del TYPE_CHECKING
