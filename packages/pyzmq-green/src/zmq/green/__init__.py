"""gevent-cooperative ZeroMQ (the ``pyzmq-green`` distribution): ``import zmq.green as zmq``.

The whole ``zmq`` namespace is re-exported, with Context, Socket, Poller, select, device and proxy
replaced by versions whose blocking calls wait on the gevent hub, so other greenlets keep running.
It needs gevent, which ``pip install pyzmq-green[gevent]`` (or ``pyzmq[green]``) brings.
"""

from __future__ import annotations

import typing as _typing

try:
    import gevent  # noqa: F401
except ImportError as e:
    raise ImportError(
        "zmq.green needs gevent, which is not installed: pip install pyzmq-green[gevent] "
        "(or pyzmq[green])",
        name="gevent",
    ) from e

if _typing.TYPE_CHECKING:
    # Type checkers keep a name's first binding (the run time its last): for them the green names
    # come before ``from zmq import *``.
    from zmq.green.core import Context as Context
    from zmq.green.core import Socket as Socket
    from zmq.green.device import device as device
    from zmq.green.device import proxy as proxy
    from zmq.green.device import proxy_steerable as proxy_steerable
    from zmq.green.poll import Poller as Poller
    from zmq.green.poll import select as select

from zmq import *  # type: ignore[assignment]  # noqa: F403  (replaced by the green names below)

# explicit re-exports (``as``): these replace the sync names that ``from zmq import *`` brought
from zmq.green.core import Context as Context
from zmq.green.core import Socket as Socket
from zmq.green.device import device as device
from zmq.green.device import proxy as proxy
from zmq.green.device import proxy_steerable as proxy_steerable
from zmq.green.poll import Poller as Poller
from zmq.green.poll import select as select

#: the green classes under their historical private names
_Context, _Socket, _Poller = Context, Socket, Poller

# hidden from type checkers, as zmq's own __all__ is: they export every public name above
if not _typing.TYPE_CHECKING:
    from zmq import __all__ as _zmq_all

    __all__ = list(_zmq_all)
