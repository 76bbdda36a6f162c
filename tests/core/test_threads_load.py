"""Sockets and contexts used from several threads at once: closing a socket another thread waits in,
terminating a context while threads churn sockets. Nothing may crash, and nothing may hang past
its timeout (pytest-timeout bounds each test; every wait below has its own deadline too).
"""

from __future__ import annotations

import errno
import threading
import time
from typing import Any, Callable

import pytest

import zmq

pytestmark = pytest.mark.timeout(60)

DEADLINE = 20.0  # seconds: generous, for a loaded 2-core machine
# errno values a socket may report once its context is terminating or it was closed under a call
_ENDINGS = {zmq.ETERM, zmq.ENOTSOCK, zmq.ENOTSUP, zmq.EAGAIN}


def _wait_until_blocked(thread: threading.Thread, timeout: float = 5.0) -> None:
    """Wait until thread sleeps in the kernel (state S) for a few checks in a row."""
    path = f"/proc/self/task/{thread.native_id}/stat"
    deadline = time.monotonic() + timeout
    streak = 0
    while time.monotonic() < deadline and streak < 5:
        try:
            with open(path) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            time.sleep(0.05)  # no /proc: give the thread time to block
            return
        streak = streak + 1 if state == "S" else 0
        time.sleep(0.01)


class _Waiter(threading.Thread):
    """Runs call() and keeps its outcome."""

    def __init__(self, call: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.call = call
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.call()
        except BaseException as e:
            self.error = e


def _blocking_call(kind: str, context: zmq.Context) -> tuple[zmq.Socket, Callable[[], Any]]:
    if kind == "send":
        sock = context.socket(zmq.PUSH)  # no peer: waits
        return sock, lambda: sock.send(b"x")
    sock = context.socket(zmq.PULL)
    sock.bind("tcp://127.0.0.1:0")
    if kind == "recv":
        return sock, sock.recv
    if kind == "recv_frame":
        return sock, lambda: sock.recv(copy=False)
    if kind == "recv_multipart":
        return sock, sock.recv_multipart
    if kind == "recv_into":
        return sock, lambda: sock.recv_into(bytearray(10))
    if kind == "poll":
        poller = zmq.Poller()
        poller.register(sock, zmq.POLLIN)
        return sock, poller.poll
    raise ValueError(kind)


KINDS = ["recv", "recv_frame", "recv_multipart", "recv_into", "send", "poll"]


@pytest.mark.parametrize("kind", KINDS)
def test_close_while_another_thread_waits_then_term(kind: str, term_with_deadline) -> None:
    """close() returns at once; the waiting call ends with an error when the context terminates."""
    ctx = zmq.Context()
    sock, call = _blocking_call(kind, ctx)
    sock.linger = 0
    waiter = _Waiter(call)
    waiter.start()
    _wait_until_blocked(waiter)
    sock.close()
    assert sock.closed
    with pytest.raises(zmq.ZMQError) as info:
        sock.send(b"after close")
    assert info.value.errno == zmq.ENOTSOCK
    assert term_with_deadline(ctx, DEADLINE), "term() hung with a socket closed under a call"
    waiter.join(DEADLINE)
    assert not waiter.is_alive()
    assert isinstance(waiter.error, zmq.ZMQError), waiter.error
    assert waiter.error.errno in _ENDINGS, waiter.error


@pytest.mark.parametrize("kind", ["recv", "send"])
def test_close_while_another_thread_waits_with_timeout(kind: str, term_with_deadline) -> None:
    """A call with a timeout ends by itself; the socket is closed for real then (term() is quick)."""
    ctx = zmq.Context()
    sock, call = _blocking_call(kind, ctx)
    sock.linger = 0
    sock.rcvtimeo = sock.sndtimeo = 300
    waiter = _Waiter(call)
    waiter.start()
    _wait_until_blocked(waiter)
    sock.close()
    waiter.join(DEADLINE)
    assert not waiter.is_alive()
    assert isinstance(waiter.error, zmq.ZMQError), waiter.error
    assert waiter.error.errno == zmq.ENOTSOCK, waiter.error
    assert term_with_deadline(ctx, DEADLINE)


def test_close_while_another_thread_waits_in_proxy(term_with_deadline) -> None:
    ctx = zmq.Context()
    front, back = ctx.socket(zmq.PULL), ctx.socket(zmq.PUSH)
    front.linger = back.linger = 0
    front.bind("tcp://127.0.0.1:0")
    back.bind("tcp://127.0.0.1:0")
    waiter = _Waiter(lambda: zmq.proxy(front, back))
    waiter.start()
    _wait_until_blocked(waiter)
    front.close()
    back.close()
    assert term_with_deadline(ctx, DEADLINE)
    waiter.join(DEADLINE)
    assert not waiter.is_alive()
    assert isinstance(waiter.error, zmq.ZMQError), waiter.error


def test_destroy_while_threads_wait(term_with_deadline) -> None:
    """destroy() from one thread while others wait in their sockets: they all end, nothing hangs."""
    ctx = zmq.Context()
    waiters = []
    for kind in KINDS:
        _, call = _blocking_call(kind, ctx)
        waiters.append(_Waiter(call))
    for w in waiters:
        w.start()
    for w in waiters:
        _wait_until_blocked(w)
    destroyer = _Waiter(lambda: ctx.destroy(linger=0))
    destroyer.start()
    destroyer.join(DEADLINE)
    assert not destroyer.is_alive(), "destroy() hung"
    assert destroyer.error is None, destroyer.error
    for w in waiters:
        w.join(DEADLINE)
        assert not w.is_alive()
        assert isinstance(w.error, zmq.ZMQError), w.error
        assert w.error.errno in _ENDINGS, w.error
    assert ctx.closed


def _churn(
    ctx: zmq.Context, index: int, stop: threading.Event, errors: list[BaseException]
) -> None:
    """Create, use and close sockets until the context goes away (or stop, or 5000 rounds)."""
    types = [(zmq.PUSH, zmq.PULL), (zmq.PAIR, zmq.PAIR), (zmq.DEALER, zmq.ROUTER)]
    for i in range(5000):
        if stop.is_set():
            return
        a = b = None
        try:
            a_type, b_type = types[(index + i) % len(types)]
            # one at a time: were the second to fail (ETERM), the first must still be closed below
            # (CPython would collect a lost one at once, closing it; PyPy only at its next collection)
            a = ctx.socket(a_type)
            b = ctx.socket(b_type)
            a.linger = b.linger = 0
            b.rcvtimeo = 100
            url = f"inproc://churn-{index}-{i}"
            b.bind(url)
            a.connect(url)
            a.send_multipart([b"hello", b"%d" % i], zmq.NOBLOCK)
            b.recv_multipart()
            if i % 3 == 0:
                zmq.zmq_poll([(a, zmq.POLLOUT), (b, zmq.POLLIN)], 10)
        except zmq.ZMQError as e:
            # EMFILE: ZMQ_MAX_SOCKETS reached, closed sockets not reaped yet; the next round retries
            if e.errno not in _ENDINGS and e.errno != errno.EMFILE:
                errors.append(e)
            if e.errno in (zmq.ETERM, zmq.ENOTSUP):
                return
        except BaseException as e:  # anything else is a bug
            errors.append(e)
            return
        finally:
            for s in (a, b):
                if s is not None:
                    s.close()


@pytest.mark.parametrize("how", ["term", "destroy"])
def test_churning_threads_while_context_terminates(how: str) -> None:
    ctx = zmq.Context()
    stop = threading.Event()
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_churn, args=(ctx, i, stop, errors), daemon=True) for i in range(8)
    ]
    for t in threads:
        t.start()
    time.sleep(0.3)  # let them churn for a while (no assertion depends on how long)
    ender = _Waiter(ctx.term if how == "term" else lambda: ctx.destroy(linger=0))
    ender.start()
    ender.join(DEADLINE)
    stop.set()  # (after term() returned, or gave up waiting)
    assert not ender.is_alive(), f"{how}() hung while threads churned sockets"
    assert ender.error is None, ender.error
    for t in threads:
        t.join(DEADLINE)
        assert not t.is_alive()
    assert errors == []
    assert ctx.closed


def _connect_until_terminated(
    sock: zmq.Socket, started: threading.Event, errors: list[BaseException]
) -> None:
    """Connect sock to endpoints nobody binds (each waits in libzmq for a bind) until ETERM."""
    try:
        for i in range(300):  # bounded: terminate()'s own sockets for them must fit MAX_SOCKETS
            if i == 20:
                started.set()
            try:
                sock.connect(f"inproc://nobody-binds-{i}")
            except zmq.ContextTerminated:
                return
    except BaseException as e:
        errors.append(e)
    finally:
        started.set()
        sock.close(linger=0)


def test_term_while_another_thread_connects_to_unbound_inproc() -> None:
    """term() while another thread keeps connecting to unbound inproc endpoints must not hang.

    zmq_ctx_term connects up the inproc connections still waiting for a bind before it stops the
    sockets; a connect still running then used to add one afterwards, whose socket could then never
    finish closing (the cause of destroy() hanging under churn, where the binder was closed while
    the connecting thread was inside zmq_connect).
    """
    for _ in range(5):
        ctx = zmq.Context()
        sock = ctx.socket(zmq.PUSH)
        started = threading.Event()
        errors: list[BaseException] = []
        connector = threading.Thread(
            target=_connect_until_terminated, args=(sock, started, errors), daemon=True
        )
        connector.start()
        started.wait(DEADLINE)
        ender = _Waiter(ctx.term)
        ender.start()
        ender.join(DEADLINE)
        assert not ender.is_alive(), "term() hung on an inproc connection made while it started"
        assert ender.error is None, ender.error
        connector.join(DEADLINE)
        assert not connector.is_alive()
        assert errors == []
