"""ThreadAuthenticator's lifecycle: start, stop, restart, errors from the thread, context end."""

from __future__ import annotations

import threading
from typing import Any

import pytest

import zmq
from zmq.auth.thread import ThreadAuthenticator


def test_start_stop_is_alive(context: zmq.Context[Any]) -> None:
    auth = ThreadAuthenticator(context)
    assert not auth.is_alive()
    auth.start()
    try:
        assert auth.is_alive()
        assert auth.thread is not None and auth.thread.daemon
        assert auth.pipe is not None and auth.pipe_endpoint.startswith("inproc://")
        with pytest.raises(RuntimeError, match="already started"):
            auth.start()
    finally:
        auth.stop()
    assert not auth.is_alive()
    assert auth.zap_socket is None and auth.pipe is None
    auth.stop()  # again: nothing to do


def test_restart(context: zmq.Context[Any], peers: Any) -> None:
    auth = ThreadAuthenticator(context)
    auth.start()
    auth.stop()
    auth.configure_plain("*", {"admin": "secret"})
    auth.start()
    try:
        peers.plain("admin", "secret")
        peers.expect_allowed()
    finally:
        auth.stop()


def test_bind_error_is_raised_by_start(context: zmq.Context[Any]) -> None:
    first, second = ThreadAuthenticator(context), ThreadAuthenticator(context)
    first.start()
    try:
        with pytest.raises(zmq.ZMQError, match="already running"):
            second.start()
        assert not second.is_alive() and second.pipe is None
        assert first.is_alive()
    finally:
        first.stop()


def test_thread_exits_when_context_terminates() -> None:
    ctx: zmq.Context[Any] = zmq.Context()
    auth = ThreadAuthenticator(ctx)
    auth.start()
    thread = auth.thread
    assert thread is not None
    terminated = threading.Event()

    def term() -> None:
        ctx.term()
        terminated.set()

    t = threading.Thread(target=term, daemon=True)
    t.start()
    thread.join(5)
    assert not thread.is_alive(), "authentication thread ignored context termination"
    assert not terminated.is_set()  # still waiting for our end of the pipe
    auth.stop()
    assert terminated.wait(5), "context did not terminate after stop()"


def test_thread_poller_attribute(context: zmq.Context[Any], peers: Any) -> None:
    """pyzmq's AuthenticationThread.poller polls the pipe and the ZAP socket."""
    auth = ThreadAuthenticator(context)
    auth.configure_plain("*", {"admin": "secret"})
    auth.start()
    try:
        thread = auth.thread
        assert thread is not None
        assert isinstance(thread.poller, zmq.Poller)
        polled = {sock for sock, _ in thread.poller.sockets}
        assert thread.pipe in polled
        assert auth.zap_socket in polled
        peers.plain("admin", "secret")
        peers.expect_allowed()  # and the thread serves requests through it
    finally:
        auth.stop()
