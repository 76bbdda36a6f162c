"""zmq.eventloop.future: future-returning sockets on tornado's IOLoop; and importing without tornado."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import pytest

import zmq

pytest.importorskip("tornado")

from tornado import gen

from zmq.eventloop import future


@pytest.fixture
def fctx(context: zmq.Context) -> future.Context:
    """A future Context shadowing the per-test context (terminated with a deadline by its fixture)."""
    return future.Context(context)


def test_recv_send_with_await(io_loop, run, fctx) -> None:
    async def main() -> None:
        pull, push = fctx.socket(zmq.PULL), fctx.socket(zmq.PUSH)
        assert isinstance(pull, future.Socket)
        port = pull.bind_to_random_port("tcp://127.0.0.1")
        push.connect(f"tcp://127.0.0.1:{port}")
        waiting = pull.recv_multipart()  # nothing there yet: resolves on arrival
        assert not waiting.done()
        await push.send_multipart([b"a", b"b"])
        assert await asyncio.wait_for(waiting, 5) == [b"a", b"b"]
        await push.send_string("text")
        assert await pull.recv_string() == "text"
        await push.send_json({"k": 1})
        assert await pull.recv_json() == {"k": 1}
        pull.close(linger=0)
        push.close(linger=0)

    run(main)


def test_gen_coroutine_yield(io_loop, run, fctx) -> None:
    @gen.coroutine
    def exchange():  # type: ignore[no-untyped-def]
        rep, req = fctx.socket(zmq.REP), fctx.socket(zmq.REQ)
        port = rep.bind_to_random_port("tcp://127.0.0.1")
        req.connect(f"tcp://127.0.0.1:{port}")
        yield req.send(b"ping")
        msg = yield rep.recv()
        yield rep.send(msg + b"-pong")
        reply = yield req.recv()
        rep.close(linger=0)
        req.close(linger=0)
        return reply

    assert run(exchange) == b"ping-pong"


def test_futures_belong_to_the_tornado_loop(io_loop, run, fctx) -> None:
    async def main() -> None:
        sock = fctx.socket(zmq.PULL)
        fut = sock.recv()
        assert fut.get_loop() is io_loop.asyncio_loop
        sock.close(linger=0)
        assert fut.cancelled()

    run(main)


def test_explicit_io_loop_argument(io_loop, run, context) -> None:
    sock = future.Socket(context, zmq.PULL, io_loop=io_loop)  # a tornado IOLoop is accepted
    sock.linger = 0

    async def main() -> None:
        fut = sock.recv()
        assert fut.get_loop() is io_loop.asyncio_loop
        fut.cancel()

    run(main)
    sock.close()


def test_poller_and_socket_poll(io_loop, run, fctx) -> None:
    async def main() -> None:
        pull, push = fctx.socket(zmq.PULL), fctx.socket(zmq.PUSH)
        port = pull.bind_to_random_port("tcp://127.0.0.1")
        push.connect(f"tcp://127.0.0.1:{port}")
        poller = future.Poller()
        poller.register(pull, zmq.POLLIN)
        assert await poller.poll(10) == []
        pending = poller.poll(5000)
        await push.send(b"x")
        assert await pending == [(pull, zmq.POLLIN)]
        assert await pull.poll(1000) == zmq.POLLIN
        assert await pull.recv() == b"x"
        pull.close(linger=0)
        push.close(linger=0)

    run(main)


def test_cancelled_recv_raises_the_modules_cancelled_error(io_loop, run, fctx) -> None:
    """future.CancelledError is what awaiting a cancelled recv raises; the message stays queued."""

    async def main() -> None:
        pull, push = fctx.socket(zmq.PULL), fctx.socket(zmq.PUSH)
        port = pull.bind_to_random_port("tcp://127.0.0.1")
        push.connect(f"tcp://127.0.0.1:{port}")
        dropped = pull.recv_json()
        dropped.cancel()
        await gen.sleep(0)
        await push.send_json([1, 2])
        with pytest.raises(future.CancelledError):
            await dropped
        assert await asyncio.wait_for(pull.recv_json(), 5) == [1, 2]
        pull.close(linger=0)
        push.close(linger=0)

    run(main)


def test_context_io_loop_argument_is_deprecated(io_loop) -> None:
    with pytest.warns(DeprecationWarning):
        ctx = future.Context(io_loop=io_loop)
    ctx.term()


def test_from_socket(io_loop, run, pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)

    async def main() -> None:
        apull = future.Socket.from_socket(pull)
        push.send(b"sync to async")
        assert await asyncio.wait_for(apull.recv(), 5) == b"sync to async"

    run(main)


@pytest.mark.parametrize(
    "statement",
    [
        "import zmq.eventloop.zmqstream",
        "import zmq.eventloop.ioloop",
        "import zmq.eventloop.future",
        "from zmq.eventloop import IOLoop",
    ],
)
def test_without_tornado_the_error_says_what_to_install(statement: str) -> None:
    code = textwrap.dedent(f"""
        import sys
        sys.modules["tornado"] = None  # as if tornado were not installed
        import zmq.eventloop  # the package itself imports fine
        try:
            {statement}
        except ModuleNotFoundError as e:
            assert e.name == "tornado", e.name
            print(e)
        else:
            raise SystemExit("imported without tornado")
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "pip install pyzmq-tornado[tornado]" in proc.stdout


def test_context_io_loop_is_none(fctx) -> None:
    # pyzmq's attribute: sockets always use the IOLoop current when they run
    assert future.Context.io_loop is None
    assert fctx.io_loop is None
