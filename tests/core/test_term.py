"""Context termination: term() with open sockets, ETERM in blocked calls, destroy(), exit without hangs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest

import zmq

EXIT_TIMEOUT = 15.0


class _Async:
    """Run fn in a daemon thread, remembering its result or exception."""

    def __init__(self, fn, *args) -> None:
        self.result = None
        self.error: BaseException | None = None
        self.done = threading.Event()

        def run() -> None:
            try:
                self.result = fn(*args)
            except BaseException as e:
                self.error = e
            finally:
                self.done.set()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def wait(self, timeout: float) -> bool:
        return self.done.wait(timeout)


def test_term_returns_once_sockets_closed_from_another_thread() -> None:
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.connect("tcp://127.0.0.1:1")  # nobody there
    push.send(b"pending", zmq.NOBLOCK)
    pull = ctx.socket(zmq.PULL)
    pull.bind("inproc://term-open")
    term = _Async(ctx.term)
    try:
        assert not term.wait(0.3), f"term() returned with open sockets: {term.error!r}"
        push.close(linger=0)
        assert not term.wait(0.1), "term() returned with a socket still open"
        pull.close()
        assert term.wait(5), "term() still blocked after every socket was closed"
    finally:
        for s in (push, pull):
            s.close(linger=0)
    assert term.error is None, repr(term.error)
    assert ctx.closed


def test_term_interrupts_blocked_recv_with_eterm() -> None:
    ctx = zmq.Context()
    pull = ctx.socket(zmq.PULL)
    pull.bind("inproc://term-recv")
    started = threading.Event()

    def blocked_recv():
        started.set()
        try:
            pull.recv()
        except zmq.ZMQError as e:
            return e
        finally:
            pull.close()  # as the man page asks: close after ETERM, so term() can finish

    recv = _Async(blocked_recv)
    assert started.wait(5)
    time.sleep(0.1)  # let recv() block
    term = _Async(ctx.term)
    try:
        assert recv.wait(5), "recv() did not return when the context was terminated"
        assert term.wait(5), "term() did not return once the socket was closed"
    finally:
        pull.close(linger=0)
    err = recv.result
    assert isinstance(err, zmq.ContextTerminated), repr(err or recv.error)
    assert err.errno == zmq.ETERM
    assert term.error is None


@pytest.mark.parametrize("call", ["recv", "recv_multipart", "recv_frame", "poll", "send"])
def test_term_interrupts_blocking_calls(call: str) -> None:
    ctx = zmq.Context()
    if call == "send":
        sock = ctx.socket(zmq.PUSH)  # no peer: send blocks
    else:
        sock = ctx.socket(zmq.PULL)
        sock.bind(f"inproc://term-{call}")
    sock.linger = 0
    started = threading.Event()

    def blocked():
        started.set()
        try:
            if call == "recv":
                sock.recv()
            elif call == "recv_multipart":
                sock.recv_multipart()
            elif call == "recv_frame":
                sock.recv(copy=False)
            elif call == "poll":
                poller = zmq.Poller()
                poller.register(sock, zmq.POLLIN)
                return ("polled", poller.poll(10_000))
            else:
                sock.send(b"x")
        except zmq.ZMQError as e:
            return e
        finally:
            sock.close()

    worker = _Async(blocked)
    assert started.wait(5)
    time.sleep(0.1)
    term = _Async(ctx.term)
    try:
        assert worker.wait(5), f"{call} did not return when the context was terminated"
        assert term.wait(5)
    finally:
        sock.close(linger=0)
    if call == "poll":
        # zmq_poll reports ETERM, or returns the socket as ready (then recv would raise ETERM)
        res = worker.result
        assert isinstance(res, zmq.ContextTerminated) or (
            isinstance(res, tuple) and res[1] != []
        ), repr(res or worker.error)
    else:
        assert isinstance(worker.result, zmq.ContextTerminated), repr(worker.result or worker.error)
    assert term.error is None


def test_socket_of_terminated_context_raises_on_recv() -> None:
    """After term() starts, other operations on the still-open socket fail with ETERM."""
    ctx = zmq.Context()
    pull = ctx.socket(zmq.PULL)
    pull.bind("inproc://term-later")
    term = _Async(ctx.term)
    try:
        assert not term.wait(0.2)
        with pytest.raises(zmq.ContextTerminated) as info:
            pull.recv(zmq.NOBLOCK)
        assert info.value.errno == zmq.ETERM
        with pytest.raises(zmq.ContextTerminated):
            pull.recv()
    finally:
        pull.close()
    assert term.wait(5)
    assert term.error is None


def test_destroy_closes_sockets() -> None:
    ctx = zmq.Context()
    socks = [ctx.socket(t) for t in (zmq.PUSH, zmq.PULL, zmq.DEALER, zmq.SUB)]
    socks[0].connect("tcp://127.0.0.1:1")
    socks[0].send(b"to nowhere", zmq.NOBLOCK)  # pending: destroy(linger=0) must drop it
    socks[1].bind("inproc://destroy")
    done = _Async(ctx.destroy, 0)
    assert done.wait(5), "destroy(linger=0) hung"
    assert done.error is None, repr(done.error)
    assert ctx.closed
    for s in socks:
        assert s.closed
        with pytest.raises(zmq.ZMQError) as info:
            s.send(b"x")
        assert info.value.errno == zmq.ENOTSOCK


def test_destroy_sets_linger() -> None:
    ctx = zmq.Context()
    s = ctx.socket(zmq.PUSH)
    s.connect("tcp://127.0.0.1:1")
    for _ in range(10):
        s.send(b"pending", zmq.NOBLOCK)
    done = _Async(ctx.destroy, 50)
    assert done.wait(5), "destroy(linger=50) hung on pending messages"
    assert done.error is None and s.closed


def test_context_manager_destroys() -> None:
    with zmq.Context() as ctx:
        s = ctx.socket(zmq.PUSH)
        s.linger = 0
        s.connect("tcp://127.0.0.1:1")
    assert ctx.closed and s.closed


def test_term_twice_and_socket_after_term() -> None:
    ctx = zmq.Context()
    ctx.term()
    ctx.term()  # harmless
    assert ctx.closed
    with pytest.raises(zmq.ZMQError):
        ctx.socket(zmq.PUSH)


def _run_script(code: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=EXIT_TIMEOUT,
        )
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"the interpreter hung at exit (killed after {EXIT_TIMEOUT}s): {e.stdout!r}")


_PENDING = """
import zmq
def make():
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.connect("tcp://127.0.0.1:1")   # nobody listens: messages stay pending
    for _ in range(10):
        push.send(b"to nowhere", zmq.NOBLOCK)
    dealer = ctx.socket(zmq.DEALER)
    dealer.connect("ipc:///nonexistent-dir/zmq-nowhere")
    dealer.send(b"to nowhere", zmq.NOBLOCK)
    return ctx, push, dealer
"""


def test_exit_with_open_context_and_socket() -> None:
    proc = _run_script(
        """
        import zmq
        ctx = zmq.Context()
        pull = ctx.socket(zmq.PULL)
        pull.bind("tcp://127.0.0.1:0")
        push = ctx.socket(zmq.PUSH)
        push.connect(pull.last_endpoint.decode())
        push.send(b"delivered, never received")
        print("done", flush=True)
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "done"


def test_exit_with_pending_messages_left_open() -> None:
    """Context and sockets with undeliverable messages still referenced at exit: no hang."""
    proc = _run_script(
        _PENDING
        + """
ctx, push, dealer = make()
print("done", flush=True)
"""
    )
    assert proc.stdout.strip() == "done", proc.stderr
    assert proc.returncode == 0, proc.stderr


def test_exit_with_pending_messages_garbage_collected() -> None:
    """Context and sockets with undeliverable messages dropped (garbage-collected): no hang."""
    proc = _run_script(
        _PENDING
        + """
import gc
make()
gc.collect()
print("done", flush=True)
"""
    )
    assert proc.stdout.strip() == "done", proc.stderr
    assert proc.returncode == 0, proc.stderr


def test_exit_with_context_in_reference_cycle() -> None:
    """A context kept only by a reference cycle is collected at exit without hanging."""
    proc = _run_script(
        _PENDING
        + """
class Holder:
    pass
h = Holder()
h.self = h
h.objs = make()
del h
print("done", flush=True)
"""
    )
    assert proc.stdout.strip() == "done", proc.stderr
    assert proc.returncode == 0, proc.stderr


def test_exit_while_thread_blocked_in_recv() -> None:
    """A daemon thread blocked in recv() does not keep the interpreter from exiting."""
    proc = _run_script(
        """
        import threading, time, zmq
        ctx = zmq.Context()
        pull = ctx.socket(zmq.PULL)
        pull.bind("tcp://127.0.0.1:0")
        started = threading.Event()
        def run():
            started.set()
            try:
                pull.recv()
            except zmq.ZMQError:
                pass
        threading.Thread(target=run, daemon=True).start()
        started.wait(5)
        time.sleep(0.1)
        print("done", flush=True)
        """
    )
    assert proc.stdout.strip() == "done", proc.stderr
    assert proc.returncode == 0, proc.stderr


def test_term_from_two_threads_at_once() -> None:
    """Both callers return once the context is gone; libzmq's context is terminated only once."""
    import threading

    ctx = zmq.Context()
    sock = ctx.socket(zmq.PULL)
    callers = [threading.Thread(target=ctx.term) for _ in range(2)]
    for t in callers:
        t.start()
    time.sleep(0.1)  # both are in term(), which waits for the socket
    sock.close()
    for t in callers:
        t.join(5)
    assert not any(t.is_alive() for t in callers)
    assert ctx.closed
