"""``IOLoop.close(all_fds=True)`` closes the zmq sockets registered with the loop, never libzmq's FD.

ipykernel ends its IOPub thread this way. tornado closes every object registered with
``add_handler``: an int is ``os.close()``d, anything else has its ``close()`` called. libzmq's
``ZMQ_FD`` is its own signaler descriptor, and closing it aborts the process in libzmq's reaper
(``Bad file descriptor (src/signaler.cpp)``), so each scenario runs in a child process: a regression
shows up as its exit status and stderr instead of killing pytest.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("tornado")

CHILD_TIMEOUT = 60

# Each scenario ends with the context terminated and "ok" printed; the preamble gives it a loop,
# a context and a connected PUSH->PULL endpoint.
PREAMBLE = """
import asyncio, gc, sys, threading
import zmq
from tornado.ioloop import IOLoop

ctx = zmq.Context()
io_loop = IOLoop(make_current=False)

def term_or_fail(ctx):
    done = threading.Event()
    threading.Thread(target=lambda: (ctx.term(), done.set()), daemon=True).start()
    assert done.wait(10), "Context.term() blocked: a socket was left open"
"""

SCENARIOS = {
    "zmqstream": """
        from zmq.eventloop.zmqstream import ZMQStream
        pull = ctx.socket(zmq.PULL)
        port = pull.bind_to_random_port("tcp://127.0.0.1")
        push = ctx.socket(zmq.PUSH)
        push.linger = 0
        push.connect(f"tcp://127.0.0.1:{port}")
        stream = ZMQStream(pull, io_loop)
        got = []
        closed = []
        stream.on_recv(lambda msg: (got.append(msg), io_loop.stop()))
        stream.set_close_callback(lambda: closed.append(True))
        push.send(b"hello")
        io_loop.call_later(10, io_loop.stop)
        io_loop.start()
        assert got == [[b"hello"]], got
        io_loop.close(all_fds=True)
        assert pull.closed, "the stream's socket stays open"
        assert stream.closed() and stream.socket is None
        assert closed == [True], "the close callback did not run"
        push.close()
        term_or_fail(ctx)
    """,
    "future": """
        from zmq.eventloop import future
        fctx = future.Context(ctx)
        pull, push = fctx.socket(zmq.PULL), fctx.socket(zmq.PUSH)
        push.linger = 0
        port = pull.bind_to_random_port("tcp://127.0.0.1")
        push.connect(f"tcp://127.0.0.1:{port}")
        pending = []

        async def main():
            await push.send(b"one")
            assert await pull.recv() == b"one"
            pending.append(pull.recv())  # still waiting when the loop closes

        io_loop.run_sync(main, timeout=10)
        io_loop.close(all_fds=True)
        assert pull.closed, "the registered future socket stays open"
        assert pending[0].cancelled(), pending[0]
        push.close()
        term_or_fail(ctx)
    """,
    "future_poller": """
        from zmq.eventloop import future
        fctx = future.Context(ctx)
        pull = fctx.socket(zmq.PULL)
        pull.bind_to_random_port("tcp://127.0.0.1")
        poller = future.Poller()
        poller.register(pull, zmq.POLLIN)
        polls = []

        async def main():
            polls.append(poller.poll(5000))
            await asyncio.sleep(0.05)

        io_loop.run_sync(main, timeout=10)
        io_loop.close(all_fds=True)
        assert pull.closed
        term_or_fail(ctx)
    """,
    "auth_ioloop": """
        import warnings
        from zmq.auth.ioloop import IOLoopAuthenticator
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            auth = IOLoopAuthenticator(ctx, io_loop=io_loop)
        server = ctx.socket(zmq.PULL)
        server.plain_server = True
        port = server.bind_to_random_port("tcp://127.0.0.1")
        client = ctx.socket(zmq.PUSH)
        client.linger = 0
        client.plain_username, client.plain_password = b"u", b"p"
        client.connect(f"tcp://127.0.0.1:{port}")

        async def main():
            auth.start()
            auth.configure_plain("*", {"u": "p"})
            client.send(b"through")
            poller = zmq.Poller()
            poller.register(server, zmq.POLLIN)
            for _ in range(200):
                if poller.poll(0):
                    break
                await asyncio.sleep(0.02)
            assert server.recv(zmq.NOBLOCK) == b"through"

        io_loop.run_sync(main, timeout=10)
        io_loop.close(all_fds=True)
        auth.stop()
        server.close()
        client.close()
        term_or_fail(ctx)
    """,
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_close_all_fds_closes_sockets_not_descriptors(scenario: str) -> None:
    code = PREAMBLE + textwrap.dedent(SCENARIOS[scenario]) + "\nprint('ok')\n"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=CHILD_TIMEOUT
    )
    assert "Bad file descriptor" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, f"exit status {proc.returncode}\n{proc.stderr}"
    assert proc.stdout.strip() == "ok"
