"""Consumer code for zmq.auth, zmq.ssh and zmq.log (pyzmq-auth, pyzmq-ssh, pyzmq-log).

Type-checked only (``make typecheck``), never run.
"""

from __future__ import annotations

import logging
from typing import Any, assert_type

import zmq
import zmq.auth
from zmq.auth.asyncio import AsyncioAuthenticator
from zmq.auth.ioloop import IOLoopAuthenticator
from zmq.auth.thread import AuthenticationThread, ThreadAuthenticator
from zmq.log.handlers import PUBHandler, TopicLogger
from zmq.ssh import forward, tunnel


def authenticators(ctx: zmq.SyncContext) -> None:
    auth = ThreadAuthenticator(ctx)
    assert_type(auth.start(), None)
    assert_type(auth.allow("127.0.0.1"), None)
    assert_type(auth.deny("10.0.0.1"), None)
    assert_type(auth.configure_plain(domain="*", passwords={"admin": "secret"}), None)
    assert_type(auth.configure_curve(domain="*", location=zmq.auth.CURVE_ALLOW_ANY), None)
    assert_type(auth.curve_user_id(b"k" * 32), str)
    assert_type(auth.is_alive(), bool)
    assert_type(auth.context, zmq.Context[Any])
    assert_type(auth.thread, AuthenticationThread | None)
    assert_type(auth.stop(), None)
    for other in (AsyncioAuthenticator(ctx), IOLoopAuthenticator(ctx)):
        assert_type(other.start(), None)
        assert_type(other.stop(), None)
    base = zmq.auth.Authenticator(ctx)
    assert_type(base.zap_socket, zmq.Socket[Any] | None)
    assert_type(zmq.auth.VERSION, bytes)


def certificates() -> None:
    public_file, secret_file = zmq.auth.create_certificates("/tmp/keys", "server")
    assert_type(public_file, str)
    assert_type(zmq.auth.load_certificate(secret_file), tuple[bytes, bytes | None])
    assert_type(zmq.auth.load_certificates("/tmp/keys"), dict[bytes, bool])


def tunnels(sock: zmq.SyncSocket) -> None:
    # the tunnel is an ssh pid (openssh) or a Forwarder thread (paramiko)
    assert_type(
        tunnel.tunnel_connection(sock, "tcp://10.0.0.1:5555", "server"), int | forward.Forwarder
    )
    assert_type(
        tunnel.tunnel_connection(sock, "tcp://10.0.0.1:5555", "server", paramiko=True),
        forward.Forwarder,
    )
    assert_type(
        tunnel.open_tunnel("tcp://10.0.0.1:5555", "server", paramiko=False), tuple[str, int]
    )
    assert_type(tunnel.openssh_tunnel(5555, 5555, "server"), int)
    fwd = tunnel.paramiko_tunnel(5555, 5555, "server")
    assert_type(fwd, forward.Forwarder)
    assert_type(fwd.local_port, int)
    assert_type(fwd.active_connections, int)
    assert_type(fwd.terminate(), None)
    assert_type(tunnel.select_random_ports(2), list[int])
    assert_type(tunnel.try_passwordless_ssh("server", None), bool)
    assert_type(tunnel.SSHTunnelError("x"), tunnel.SSHTunnelError)


def logging_handlers(sock: zmq.SyncSocket) -> None:
    handler = PUBHandler(sock)
    assert_type(PUBHandler("tcp://127.0.0.1:5555"), PUBHandler)
    assert_type(handler.socket, zmq.Socket[Any])
    assert_type(handler.root_topic, str)
    assert_type(handler.setRootTopic("app"), None)
    assert_type(handler.format(logging.makeLogRecord({})), str)
    assert_type(handler.dropped, int)
    logger = TopicLogger("app")
    assert_type(logger.info("topic", "message"), None)
    logging.getLogger("app").addHandler(handler)
