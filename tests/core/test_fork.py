"""fork(): the child gets a working zmq (new Context, zero-copy sends), the parent is not disturbed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import traceback

import pytest

import zmq

BIG = 100_000  # above the default copy_threshold: zero-copy for real
_names = iter(range(1_000_000))

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _in_child(body) -> tuple[int, int]:
    """Fork; run body() in the child (exit 0 if it returns, 1 with a traceback on stderr if not)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        code = 1
        try:
            body()
            code = 0
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(code)
    return pid, 0


def _reap(pid: int, timeout: float = 20.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail(f"forked child {pid} did not finish within {timeout}s (hung)")


def _zero_copy_roundtrips(ctx: zmq.Context, n: int, transport: str = "inproc") -> None:
    push = ctx.socket(zmq.PUSH)
    pull = ctx.socket(zmq.PULL)
    push.linger = pull.linger = 0
    pull.rcvtimeo = 5000
    try:
        if transport == "inproc":
            url = f"inproc://fork-{os.getpid()}-{next(_names)}"
        else:
            url = "tcp://127.0.0.1:0"
        pull.bind(url)
        push.connect(pull.last_endpoint.decode())
        for i in range(n):
            data = bytearray(bytes([i % 256, os.getpid() % 256]) * (BIG // 2))
            expected = bytes(data)
            tracker = push.send(data, copy=False, track=True)
            del data
            assert pull.recv() == expected
            tracker.wait(5)
            assert tracker.done
    finally:
        push.close()
        pull.close()


@pytest.mark.parametrize("transport", ["inproc", "tcp"])
def test_zero_copy_in_forked_child_and_parent(context, transport: str) -> None:
    # the parent has used zero-copy already, so its collector thread exists before the fork
    _zero_copy_roundtrips(context, 3, transport)

    def child() -> None:
        ctx = zmq.Context()
        _zero_copy_roundtrips(ctx, 20, transport)
        ctx.term()

    pid, _ = _in_child(child)
    # the parent keeps working meanwhile
    _zero_copy_roundtrips(context, 20, transport)
    assert _reap(pid) == 0, "zero-copy sends in the forked child failed (see stderr)"
    _zero_copy_roundtrips(context, 3, transport)


def test_zero_copy_pending_in_parent_at_fork(pair) -> None:
    """A zero-copy message still queued in the parent at fork() completes in the parent only."""
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    data = bytearray(b"p" * BIG)
    tracker = push.send(data, copy=False, track=True)

    def child() -> None:
        ctx = zmq.Context()
        _zero_copy_roundtrips(ctx, 5)
        ctx.term()

    pid, _ = _in_child(child)
    assert _reap(pid) == 0
    assert not tracker.done
    assert pull.recv() == b"p" * BIG
    tracker.wait(5)


def test_child_inherited_objects_are_harmless(pair) -> None:
    """The child closing/terminating its copies of the parent's sockets and context is a no-op."""
    push, pull = pair(zmq.PUSH, zmq.PULL, "tcp")
    pull.rcvtimeo = 5000
    ctx = push.context

    def child() -> None:
        push.close()
        pull.close()
        ctx.term()  # must return at once, not wait for the parent's sockets
        assert zmq.Context.instance() is not ctx
        new = zmq.Context()
        _zero_copy_roundtrips(new, 2)
        new.term()

    pid, _ = _in_child(child)
    assert _reap(pid) == 0
    push.send(b"still mine")
    assert pull.recv() == b"still mine"


FORK_AT_EXIT = textwrap.dedent(
    """
    import os, sys, time
    import zmq

    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    pull = ctx.socket(zmq.PULL)
    pull.bind("tcp://127.0.0.1:0")
    push.connect(pull.last_endpoint.decode())
    tracker = push.send(bytearray(100_000), copy=False, track=True)
    pull.recv()
    tracker.wait(5)
    pid = os.fork()
    if pid == 0:
        # child: a normal interpreter exit with the parent's context and sockets still referenced
        c = zmq.Context()
        a, b = c.socket(zmq.PAIR), c.socket(zmq.PAIR)
        a.bind("inproc://child")
        b.connect("inproc://child")
        t = a.send(bytearray(100_000), copy=False, track=True)
        assert b.recv() == bytes(100_000)
        t.wait(5)
        a.close()
        b.close()
        c.term()
        sys.exit(0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.01)
    else:
        os.kill(pid, 9)
        print("child hung at exit", flush=True)
        sys.exit(2)
    print("child exit", os.waitstatus_to_exitcode(status), flush=True)
    push.close()
    pull.close()
    ctx.term()
    """
)


def test_forked_child_exits_normally_with_inherited_context() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", FORK_AT_EXIT], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "child exit 0", proc.stdout + proc.stderr


def test_child_using_parents_socket_gets_a_clear_error(pair) -> None:
    """Every call on an inherited socket raises ZMQError(ENOTSUP) naming fork(), never EINTR."""
    push, pull = pair(zmq.PUSH, zmq.PULL, "tcp")
    pull.rcvtimeo = 5000
    push.send(b"queued before fork")

    def child() -> None:
        calls = {
            "send": lambda: push.send(b"x"),
            "send_multipart": lambda: push.send_multipart([b"x", b"y"]),
            "recv": lambda: pull.recv(),
            "recv_nonblocking": lambda: pull.recv(zmq.NOBLOCK),
            "recv_frame": lambda: pull.recv(copy=False),
            "recv_into": lambda: pull.recv_into(bytearray(8)),
            "setsockopt": lambda: pull.setsockopt(zmq.LINGER, 0),
            "getsockopt": lambda: pull.getsockopt(zmq.RCVTIMEO),
            "connect": lambda: push.connect("tcp://127.0.0.1:1"),
            "poll": lambda: zmq.zmq_poll([(pull, zmq.POLLIN)], 100),
            "proxy": lambda: zmq.proxy(pull, push),
        }
        for name, call in calls.items():
            try:
                call()
            except zmq.ZMQError as e:
                assert e.errno == zmq.ENOTSUP, (name, e)
                assert "fork" in str(e), (name, e)
            else:
                raise AssertionError(f"{name} on the parent's socket did not raise")
        push.close()  # closing the child's copies is a no-op, as before
        pull.close()

    pid, _ = _in_child(child)
    assert _reap(pid) == 0, "see the child's traceback on stderr"
    # the parent's sockets are untouched by what the child tried
    assert pull.recv() == b"queued before fork"
    push.send(b"after")
    assert pull.recv() == b"after"
