"""The built site's object inventory holds the public names, so other projects' links to them work.

Intersphinx (in any project's docs) resolves ``zmq.Socket`` through build/docs/objects.inv: a name
missing there is a dead link in every site that mentions it. Runs against the site ``make docs``
just built (it sets PYZMQ_DOCS_BUILD and runs this file); under plain ``make test`` it is skipped,
since building the site there would double the time of every test run.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest

PUBLIC_NAMES = [
    # the core classes, where users look for them, with the methods implemented in the backend
    "zmq.Context",
    "zmq.Context.socket",
    "zmq.Context.term",
    "zmq.Context.destroy",
    "zmq.Context.instance",
    "zmq.Socket",
    "zmq.Socket.send",
    "zmq.Socket.recv",
    "zmq.Socket.send_multipart",
    "zmq.Socket.recv_multipart",
    "zmq.Socket.recv_into",
    "zmq.Socket.bind",
    "zmq.Socket.connect",
    "zmq.Socket.close",
    "zmq.Socket.setsockopt",
    "zmq.Socket.send_string",
    "zmq.Socket.poll",
    "zmq.Frame",
    "zmq.Frame.bytes",
    "zmq.Frame.more",
    "zmq.Message",
    "zmq.MessageTracker",
    "zmq.MessageTracker.wait",
    "zmq.Poller",
    "zmq.Poller.poll",
    "zmq.select",
    "zmq.proxy",
    "zmq.has",
    "zmq.zmq_version",
    "zmq.pyzmq_version_info",
    "zmq.COPY_THRESHOLD",
    # constants (with their members) and errors
    "zmq.SocketType",
    "zmq.SocketType.PUB",
    "zmq.SocketOption.LINGER",
    "zmq.Errno.EAGAIN",
    "zmq.Event",
    "zmq.ZMQError",
    "zmq.Again",
    "zmq.ContextTerminated",
    # the plugins
    "zmq.asyncio.Socket",
    "zmq.asyncio.Context",
    "zmq.asyncio.Poller",
    "zmq.eventloop.zmqstream.ZMQStream",
    "zmq.eventloop.future.Socket",
    "zmq.green.Socket",
    "zmq.auth.Authenticator",
    "zmq.auth.create_certificates",
    "zmq.auth.load_certificates",
    "zmq.auth.thread.ThreadAuthenticator",
    "zmq.auth.asyncio.AsyncioAuthenticator",
    "zmq.ssh.open_tunnel",
    "zmq.ssh.tunnel_connection",
    "zmq.log.handlers.PUBHandler",
    "zmq.devices.ThreadDevice",
    "zmq.integration.FutureSocket",
    "zmq.utils.monitor.recv_monitor_message",
]

# Documenting these would shadow Python's own objects in every link to them.
NOT_DOCUMENTED = ["zmq.utils.strtypes.bytes", "zmq.utils.strtypes.unicode"]


SITE = os.environ.get("PYZMQ_DOCS_BUILD")
if not SITE:
    pytest.skip(
        "checks the built docs: `make docs` builds them and runs it", allow_module_level=True
    )


@pytest.fixture(scope="module")
def inventory() -> dict[str, dict[str, str]]:
    """role -> name -> URI, from the objects.inv of the site make docs built."""
    path = Path(SITE or "") / "objects.inv"
    assert path.is_file(), f"{path} is missing: the docs build did not finish"
    from sphinx.util.inventory import InventoryFile

    with path.open("rb") as f:
        loaded = InventoryFile.load(f, "", posixpath.join)
    return {
        role: {name: getattr(item, "uri", None) or item[2] for name, item in items.items()}
        for role, items in loaded.items()
    }


def _roles_of(inventory: dict[str, dict[str, str]], name: str) -> list[str]:
    return [role for role, items in inventory.items() if name in items]


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_public_name_is_documented(inventory: dict[str, dict[str, str]], name: str) -> None:
    assert _roles_of(inventory, name), f"{name} has no entry in objects.inv"


@pytest.mark.parametrize("name", NOT_DOCUMENTED)
def test_builtin_aliases_are_not_documented(
    inventory: dict[str, dict[str, str]], name: str
) -> None:
    assert not _roles_of(inventory, name)


def test_core_classes_live_on_the_zmq_page(inventory: dict[str, dict[str, str]]) -> None:
    """send/recv are on the page of zmq.Socket, not on a backend page of their own."""
    classes = inventory["py:class"]
    methods = inventory["py:method"]
    socket_page = classes["zmq.Socket"].partition("#")[0]
    assert socket_page == "api/zmq.html"
    for method in ("zmq.Socket.send", "zmq.Socket.recv", "zmq.Socket.bind", "zmq.Context.socket"):
        assert methods[method].partition("#")[0] == socket_page, method
