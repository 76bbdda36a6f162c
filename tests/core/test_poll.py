"""zmq.Poller, zmq.select and zmq.zmq_poll over sockets, raw fds and objects with fileno()."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator

import pytest

import zmq

TIMEOUT_MS = 2000


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    r, w = os.pipe()
    yield r, w
    os.close(r)
    os.close(w)


class HasFileno:
    """Any object with fileno() can be polled; poll() reports it by its fd."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def fileno(self) -> int:
        return self.fd


def test_poll_timeout_returns_empty_list(pair) -> None:
    pull, _ = pair(zmq.PULL, zmq.PUSH)
    poller = zmq.Poller()
    poller.register(pull, zmq.POLLIN)
    start = time.monotonic()
    assert poller.poll(50) == []
    elapsed = time.monotonic() - start
    assert 0.03 < elapsed < 2
    assert poller.poll(0) == []


def test_poll_socket_ready(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    poller = zmq.Poller()
    poller.register(pull, zmq.POLLIN)
    push.send(b"x")
    assert poller.poll(TIMEOUT_MS) == [(pull, zmq.POLLIN)]
    assert dict(poller.poll(0)) == {pull: zmq.POLLIN}
    assert poller.poll(None) == [(pull, zmq.POLLIN)]  # ready: no wait without a timeout
    pull.recv()
    assert poller.poll(0) == []


def test_poll_several_sockets(pair) -> None:
    pull1, push1 = pair(zmq.PULL, zmq.PUSH, "inproc")
    pull2, push2 = pair(zmq.PULL, zmq.PUSH, "tcp")
    poller = zmq.Poller()
    poller.register(pull1, zmq.POLLIN)
    poller.register(pull2, zmq.POLLIN)
    poller.register(push1)  # default flags: POLLIN | POLLOUT
    push2.send(b"x")
    assert pull2.poll(TIMEOUT_MS)
    events = dict(poller.poll(TIMEOUT_MS))
    assert events == {pull2: zmq.POLLIN, push1: zmq.POLLOUT}


def test_modify(pair) -> None:
    _pull, push = pair(zmq.PULL, zmq.PUSH)
    poller = zmq.Poller()
    poller.register(push, zmq.POLLIN)
    assert poller.poll(0) == []
    poller.modify(push, zmq.POLLOUT)
    assert poller.poll(TIMEOUT_MS) == [(push, zmq.POLLOUT)]
    poller.register(push, zmq.POLLIN | zmq.POLLOUT)  # registering again also modifies
    assert poller.poll(TIMEOUT_MS) == [(push, zmq.POLLOUT)]
    assert len(poller.sockets) == 1


def test_unregister(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    poller = zmq.Poller()
    poller.register(pull, zmq.POLLIN)
    poller.register(push, zmq.POLLOUT)
    assert pull in poller and push in poller
    poller.unregister(pull)
    assert pull not in poller
    push.send(b"x")
    assert pull.poll(TIMEOUT_MS)
    assert poller.poll(TIMEOUT_MS) == [(push, zmq.POLLOUT)]
    poller.register(push, 0)  # flags=0 unregisters
    assert push not in poller
    assert poller.poll(0) == []
    with pytest.raises(KeyError):
        poller.unregister(pull)


def test_unregister_keeps_the_others(pair) -> None:
    pulls = []
    for _ in range(3):
        pull, push = pair(zmq.PULL, zmq.PUSH, "inproc")
        push.send(b"x")
        pulls.append(pull)
    poller = zmq.Poller()
    for pull in pulls:
        poller.register(pull, zmq.POLLIN)
    poller.unregister(pulls[0])
    poller.modify(pulls[2], zmq.POLLIN)
    assert dict(poller.poll(TIMEOUT_MS)) == {pulls[1]: zmq.POLLIN, pulls[2]: zmq.POLLIN}


def test_poll_raw_fd(pipe) -> None:
    r, w = pipe
    poller = zmq.Poller()
    poller.register(r, zmq.POLLIN)
    assert poller.poll(10) == []
    os.write(w, b"x")
    assert poller.poll(TIMEOUT_MS) == [(r, zmq.POLLIN)]
    poller.register(w, zmq.POLLOUT)
    assert dict(poller.poll(TIMEOUT_MS)) == {r: zmq.POLLIN, w: zmq.POLLOUT}


def test_poll_object_with_fileno(pipe) -> None:
    r, w = pipe
    obj = HasFileno(r)
    poller = zmq.Poller()
    poller.register(obj, zmq.POLLIN)
    assert poller.poll(10) == []
    os.write(w, b"x")
    # as select.poll does, and as pyzmq documents: the int fd, not the registered object
    assert poller.poll(TIMEOUT_MS) == [(r, zmq.POLLIN)]


def test_poll_file_object_reports_its_fd(pipe) -> None:
    r, w = pipe
    reader = os.fdopen(os.dup(r), "rb", buffering=0)
    with reader:
        poller = zmq.Poller()
        poller.register(reader, zmq.POLLIN)
        os.write(w, b"x")
        events = dict(poller.poll(TIMEOUT_MS))
        assert events == {reader.fileno(): zmq.POLLIN}
        assert all(type(key) is int for key in events)
        # select() hands back what it was given, like select.select
        assert zmq.select([reader], [], [], 1) == ([reader], [], [])


def test_poll_python_socket() -> None:
    a, b = socket.socketpair()
    with a, b:
        poller = zmq.Poller()
        poller.register(a, zmq.POLLIN)
        assert poller.poll(10) == []
        b.send(b"x")
        assert poller.poll(TIMEOUT_MS) == [(a.fileno(), zmq.POLLIN)]


def test_poll_mixed_sockets_and_fds(pair, pipe) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    r, w = pipe
    poller = zmq.Poller()
    poller.register(pull, zmq.POLLIN)
    poller.register(r, zmq.POLLIN)
    push.send(b"x")
    os.write(w, b"x")
    assert pull.poll(TIMEOUT_MS)
    assert dict(poller.poll(TIMEOUT_MS)) == {pull: zmq.POLLIN, r: zmq.POLLIN}


def test_poll_closed_socket_raises(context: zmq.Context) -> None:
    s = context.socket(zmq.PULL)
    poller = zmq.Poller()
    poller.register(s, zmq.POLLIN)
    s.close()
    with pytest.raises(zmq.ZMQError):
        poller.poll(0)


def test_poll_unpollable_object_raises() -> None:
    poller = zmq.Poller()
    poller.register(object(), zmq.POLLIN)
    with pytest.raises(TypeError):
        poller.poll(0)


def test_select(pair, pipe) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    r, w = pipe
    start = time.monotonic()
    assert zmq.select([pull, r], [], [], 0.05) == ([], [], [])
    assert 0.03 < time.monotonic() - start < 2  # timeout is in seconds
    push.send(b"x")
    os.write(w, b"y")
    assert pull.poll(TIMEOUT_MS)
    rlist, wlist, xlist = zmq.select([pull, r], [push], [], 2)
    assert rlist == [pull, r]
    assert wlist == [push]
    assert xlist == []
    rlist, _, _ = zmq.select([pull], [], [])  # timeout None: ready, so no wait
    assert rlist == [pull]


def test_zmq_poll(pair, pipe) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    r, w = pipe
    assert zmq.zmq_poll([(pull, zmq.POLLIN), (r, zmq.POLLIN)], 10) == []
    push.send(b"x")
    os.write(w, b"y")
    assert pull.poll(TIMEOUT_MS)
    assert zmq.zmq_poll([(pull, zmq.POLLIN), (r, zmq.POLLIN)], TIMEOUT_MS) == [
        (pull, zmq.POLLIN),
        (r, zmq.POLLIN),
    ]
    assert zmq.zmq_poll([(push, zmq.POLLOUT)], 0) == [(push, zmq.POLLOUT)]
