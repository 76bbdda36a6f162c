"""The shared timing harness: the case registry, time-boxed loops, and peers (threads or processes).

Written against the public ``zmq`` API only, so it runs under any pyzmq-compatible install.
Every loop here ends by time: blocking calls carry timeouts so a stop request is always seen,
and a peer process also stops on its own deadline if its parent vanishes.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

perf = time.perf_counter
HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = {"64B": 64, "1KiB": 1024, "64KiB": 65536, "1MiB": 1 << 20}
RECV_TIMEOUT_MS = 5000  # a measured recv that waits this long means the peer died: the case fails


@dataclass
class Case:
    name: str
    fn: Callable[[float], float]  # duration in seconds -> value
    unit: str = "msgs/s"
    higher_is_better: bool = True
    raw: list[str] | None = None  # zmq_bench arguments for the same exchange, if there is one
    needs: tuple[str, ...] = field(default_factory=tuple)  # modules whose absence makes it n/a


CASES: dict[str, Case] = {}


class Unavailable(Exception):
    """Raised by a case whose feature this install lacks: reported as n/a, not as a failure."""


def case(name: str, **kw) -> Callable:
    """Register ``fn(duration) -> value`` as a benchmark case."""

    def register(fn: Callable[[float], float]) -> Callable[[float], float]:
        CASES[name] = Case(name, fn, **kw)
        return fn

    return register


def batch_for(size: int) -> int:
    """How many messages go between two clock reads: about a millisecond's worth or fewer."""
    return max(1, min(256, (1 << 18) // max(size, 1)))


def timed_loop(step: Callable[[], object], duration: float, batch: int = 1) -> float:
    """Call ``step`` in batches for ``duration`` seconds (after a short warm-up); return calls/s."""
    warm = min(0.1, duration * 0.2)  # caches, allocator and the peer's pipeline filled first
    rate = 0.0
    for span in (warm, duration):
        n = 0
        t0 = perf()
        end = t0 + span
        while True:
            for _ in range(batch):
                step()
            n += batch
            t = perf()
            if t >= end:
                break
        rate = n / (t - t0)
    return rate


def timed_recv(sock, duration: float, batch: int, copy: bool = True, parts: int = 1) -> float:
    """``timed_loop`` of ``sock.recv`` (or ``recv_multipart``), called as a program does: a method
    call in the loop, not through a bound method or partial object (which every binding pays for
    differently, and no receive loop written by hand does)."""
    if parts > 1:

        def step() -> None:
            for _ in range(batch):
                sock.recv_multipart(0, copy)
    else:

        def step() -> None:
            for _ in range(batch):
                sock.recv(0, copy)

    return timed_loop(step, duration) * batch


async def timed_loop_async(step: Callable[[], object], duration: float, batch: int = 1) -> float:
    """``timed_loop`` for a coroutine function ``step``."""
    warm = min(0.1, duration * 0.2)  # caches, allocator and the peer's pipeline filled first
    rate = 0.0
    for span in (warm, duration):
        n = 0
        t0 = perf()
        end = t0 + span
        while True:
            for _ in range(batch):
                await step()
            n += batch
            t = perf()
            if t >= end:
                break
        rate = n / (t - t0)
    return rate


# ---------------------------------------------------------------------------------------------
# Peer roles. A role runs until ``stopped()`` says so; it gets a connected socket's context.


def role_push(ctx, endpoint: str, opts: dict, stopped: Callable[[], bool]) -> None:
    """Send messages of ``size`` bytes (``parts`` frames each) as fast as the receiver takes them."""
    import zmq

    s = ctx.socket(zmq.PUSH)
    s.linger = 0
    s.sndtimeo = 100  # blocked at the high-water mark: look at the stop flag again
    _curve_client(s, opts)
    s.connect(endpoint)
    payload = b"x" * opts["size"]
    parts = opts.get("parts", 1)
    copy = opts.get("copy", True)
    msg = [payload] * parts
    batch = batch_for(opts["size"])
    try:
        while not stopped():
            try:  # (method calls in the loop, as in timed_recv)
                if parts > 1:
                    for _ in range(batch):
                        s.send_multipart(msg, 0, copy)
                else:
                    for _ in range(batch):
                        s.send(payload, 0, copy)
            except zmq.Again:
                pass
    finally:
        s.close()


def role_echo(ctx, endpoint: str, opts: dict, stopped: Callable[[], bool]) -> None:
    """REP (or ROUTER): send every message straight back."""
    import zmq

    s = ctx.socket(getattr(zmq, opts.get("type", "REP")))
    s.linger = 0
    s.rcvtimeo = 100
    s.connect(endpoint)
    try:
        while not stopped():
            # stop is looked at every 256 round trips (or when idle: a recv times out), not on
            # each one: in a peer process it is a poll of the control socket, which would add a
            # system call to every round trip that zmq_bench's echo (reading a flag) does not make
            try:
                for _ in range(256):
                    s.send_multipart(s.recv_multipart(copy=False), copy=False)
            except zmq.Again:
                pass
    finally:
        s.close()


ROLES = {"push": role_push, "echo": role_echo}


def _cpus_at_start() -> list[int]:
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return []


# Read once, before any case pins this process: inside ``pinned`` it may use one CPU only, and
# ``peer`` must still find the other. (Read inside, as it was, the peer process got no CPU of its
# own and shared the measured CPU, where zmq_bench's forked peer had the other: the tcp cases
# measured two processes on one CPU against the C program's two, 0.5x of C for 1 MiB.)
_CPUS = _cpus_at_start()


def cpus() -> tuple[int, int] | None:
    """(measured side, peer process): two of the CPUs this process could use at start, or None.

    Pinning the two processes of a tcp case to a CPU each (their libzmq IO threads with them, as
    threads inherit the mask) keeps the scheduler from moving them about or stacking both on one
    CPU: without it, the 64 B tcp rate spread by 2x from round to round on two cores.
    """
    return (_CPUS[0], _CPUS[1]) if len(_CPUS) >= 2 else None


def raw_pin() -> list[str]:
    """zmq_bench's arguments for the same pinning (it puts its forked peer on the next CPU)."""
    pair = cpus()
    return ["--cpu", str(pair[0])] if pair and pair[1] == pair[0] + 1 else []


@contextlib.contextmanager
def pinned(cpu: int | None):
    """Run the block (and threads it starts, such as a Context's IO thread) on ``cpu`` only."""
    if cpu is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {cpu})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def _curve_client(s, opts: dict) -> None:
    if "server_public" in opts:
        s.curve_serverkey = opts["server_public"].encode()
        s.curve_publickey = opts["client_public"].encode()
        s.curve_secretkey = opts["client_secret"].encode()


@contextlib.contextmanager
def peer(role: str, ctx, endpoint: str, process: bool, pin: bool = False, **opts):
    """Run ``role`` against ``endpoint`` in a thread (sharing ``ctx``) or a child process of this
    interpreter (with ``pin``, on the peer's CPU of :func:`cpus`); stop it and wait for it on exit."""
    if not process:
        stop = threading.Event()
        t = threading.Thread(
            target=ROLES[role], args=(ctx, endpoint, opts, stop.is_set), daemon=True
        )
        t.start()
        try:
            yield
        finally:
            stop.set()
            t.join(10)
        return

    import zmq

    ctrl = ctx.socket(zmq.PUSH)
    ctrl.linger = 0
    ctrl.bind("tcp://127.0.0.1:*")
    pair = cpus()
    spec = dict(
        role=role,
        endpoint=endpoint,
        ctrl=ctrl.last_endpoint.decode(),
        opts=opts,
        cpu=pair[1] if pair and pin else None,
    )
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "harness.py"), json.dumps(spec)])
    try:
        yield
    finally:
        ctrl.send(b"stop")
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        ctrl.close()


def _peer_process(spec: dict) -> None:
    """Entry point of a peer process: run the role until the parent says stop (or 120 s pass)."""
    if spec.get("cpu") is not None:
        os.sched_setaffinity(0, {spec["cpu"]})  # before the Context: its IO thread inherits it
    import zmq

    ctx = zmq.Context()
    ctrl = ctx.socket(zmq.PULL)
    ctrl.linger = 0
    ctrl.connect(spec["ctrl"])
    deadline = perf() + 120
    try:
        ROLES[spec["role"]](
            ctx, spec["endpoint"], spec["opts"], lambda: bool(ctrl.poll(0)) or perf() > deadline
        )
    finally:
        ctrl.close()
        ctx.term()


def bind_measured(ctx, socket_type: int, transport: str, **sockopts):
    """A socket for the measured side with ``sockopts`` set, bound on ``transport`` (a free
    loopback port for tcp); returns (socket, endpoint)."""
    s = ctx.socket(socket_type)
    s.linger = 0
    s.rcvtimeo = RECV_TIMEOUT_MS
    for name, value in sockopts.items():
        setattr(s, name, value)
    s.bind("tcp://127.0.0.1:*" if transport == "tcp" else f"inproc://bench-{id(s)}")
    return s, s.last_endpoint.decode()


if __name__ == "__main__":
    _peer_process(json.loads(sys.argv[1]))
