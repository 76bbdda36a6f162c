"""Helpers for zmq.log tests: loggers wired to a PUBHandler, SUB sockets past the slow joiner.

PUB/SUB drops whatever is published before a subscription reaches the publisher. ``sync`` sends
probe messages (topic ``SYNC``, subscribed last) until one arrives, which proves the subscriptions
set before it are in effect; ``recv_records`` skips any late probes.
"""

from __future__ import annotations

import itertools
import logging
import queue
import random
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import IO, Callable, Optional

import pytest

import zmq
from zmq.log.handlers import PUBHandler

SYNC = b"\x00sync"
TIMEOUT = 10.0

_names = itertools.count()


@pytest.fixture
def child_port() -> int:
    """A free loopback port, below the kernel's ephemeral range, for a child process to bind.

    A port the OS hands out (bind to 0) lies in the ephemeral range, where a zmq socket connecting
    before the child has bound can be given that very port as its own source port (a TCP
    self-connection), and the child's bind then fails with EADDRINUSE.
    """
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        ephemeral_low = int(f.read().split()[0])
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(10000, ephemeral_low)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port below the ephemeral range")


def sync(pub: zmq.Socket, sub: zmq.Socket, timeout: float = TIMEOUT) -> None:
    """Block (bounded) until sub's subscriptions have reached pub."""
    sub.setsockopt(zmq.SUBSCRIBE, SYNC)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pub.send_multipart([SYNC, b""])
        if sub.poll(50):
            while sub.poll(50):
                sub.recv_multipart()
            return
    raise AssertionError("subscription never reached the publisher")


def recv_records(sub: zmq.Socket, n: int, timeout: float = TIMEOUT) -> list[list[bytes]]:
    """Receive n non-probe messages, failing after timeout."""
    got: list[list[bytes]] = []
    deadline = time.monotonic() + timeout
    while len(got) < n:
        left = deadline - time.monotonic()
        if left <= 0 or not sub.poll(int(left * 1000) + 1):
            raise AssertionError(f"received {len(got)} of {n} records: {got}")
        msg = sub.recv_multipart()
        if msg[0] != SYNC:
            got.append(msg)
    return got


def assert_quiet(sub: zmq.Socket, wait: float = 0.3) -> None:
    """Fail if a non-probe message arrives within wait seconds."""
    deadline = time.monotonic() + wait
    while (left := deadline - time.monotonic()) > 0:
        if sub.poll(int(left * 1000) + 1):
            msg = sub.recv_multipart()
            assert msg[0] == SYNC, f"unexpected message {msg}"


class Helpers:
    """The module's helpers, handed to tests as the ``zlog`` fixture (conftest is not importable)."""

    TIMEOUT = TIMEOUT
    sync = staticmethod(sync)
    recv_records = staticmethod(recv_records)
    assert_quiet = staticmethod(assert_quiet)


@pytest.fixture
def zlog() -> type[Helpers]:
    """PUB/SUB helpers: ``zlog.sync``, ``zlog.recv_records``, ``zlog.assert_quiet``."""
    return Helpers


@pytest.fixture
def make_logger() -> Iterator[Callable[[logging.Handler], logging.Logger]]:
    """Factory: a fresh DEBUG logger that only logs to the given handler (detached after)."""
    made: list[tuple[logging.Logger, logging.Handler]] = []

    def make(handler: logging.Handler) -> logging.Logger:
        logger = logging.getLogger(f"zmqlogtest.{next(_names)}")
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        logger.addHandler(handler)
        made.append((logger, handler))
        return logger

    yield make
    for logger, handler in made:
        logger.removeHandler(handler)
        handler.close()


@pytest.fixture
def pubsub(
    sockets: Callable[..., zmq.Socket],
) -> Callable[..., tuple[PUBHandler, zmq.Socket]]:
    """Factory: a PUBHandler on a bound tcp PUB socket and a SUB connected to it, synced."""

    def make(*topics: bytes, root_topic: str = "root") -> tuple[PUBHandler, zmq.Socket]:
        pub, sub = sockets(zmq.PUB), sockets(zmq.SUB)
        pub.linger = sub.linger = 0
        pub.bind("tcp://127.0.0.1:0")
        for topic in topics or (b"",):
            sub.setsockopt(zmq.SUBSCRIBE, topic)
        sub.connect(pub.last_endpoint.decode())
        sync(pub, sub)
        return PUBHandler(pub, root_topic=root_topic), sub

    return make


class LineReader:
    """Read a pipe's lines in a thread so tests can wait for output with a timeout."""

    def __init__(self, pipe: IO[str]) -> None:
        self.lines: queue.Queue[Optional[str]] = queue.Queue()
        self._thread = threading.Thread(target=self._run, args=(pipe,), daemon=True)
        self._thread.start()

    def _run(self, pipe: IO[str]) -> None:
        for line in pipe:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def get(self, timeout: float = TIMEOUT) -> Optional[str]:
        """Next line, None at end of output; fails after timeout."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output within {timeout}s") from None


@pytest.fixture
def spawn() -> Iterator[Callable[..., tuple[subprocess.Popen[str], LineReader]]]:
    """Start a process with stdout read by a LineReader; it is killed (bounded) after the test."""
    procs: list[subprocess.Popen[str]] = []

    def start(args: list[str]) -> tuple[subprocess.Popen[str], LineReader]:
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1
        )
        procs.append(proc)
        return proc, LineReader(proc.stdout)  # type: ignore[arg-type]

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=TIMEOUT)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
