"""ZMQStream on a real tornado IOLoop, over real sockets."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import warnings
from typing import Any

import pytest

import zmq

pytest.importorskip("tornado")

from zmq.eventloop.zmqstream import ZMQStream

TIMEOUT_MS = 5000


def deliver(sock: zmq.Socket, n: int = 1, timeout_ms: int = TIMEOUT_MS) -> None:
    """Block (bounded) until sock has at least one message queued, so tests start from a known state."""
    assert sock.poll(timeout_ms, zmq.POLLIN), "message did not arrive"


def test_echo_and_socket_interface(io_loop, run, until, sockets) -> None:
    server, client = sockets(zmq.ROUTER), sockets(zmq.DEALER)
    stream = ZMQStream(server, io_loop)
    assert stream.socket is server and stream.io_loop is io_loop
    port = stream.bind_to_random_port("tcp://127.0.0.1")
    assert stream.getsockopt(zmq.TYPE) == zmq.ROUTER
    assert stream.socket_type == zmq.ROUTER  # anything else of the socket but recv
    with pytest.raises(AttributeError):
        stream.recv  # noqa: B018
    client.connect(f"tcp://127.0.0.1:{port}")
    client_stream = ZMQStream(client, io_loop)
    replies: list[list[bytes]] = []

    stream.on_recv(lambda msg: stream.send_multipart(msg))
    client_stream.on_recv(replies.append)

    async def main() -> None:
        for i in range(5):
            client_stream.send_multipart([b"hello", str(i).encode()])
        await until(lambda: len(replies) == 5)

    run(main)
    assert replies == [[b"hello", str(i).encode()] for i in range(5)]
    assert stream.receiving() and not stream.sending()
    stream.close()
    client_stream.close()
    assert stream.closed() and client_stream.closed()
    assert server.closed and client.closed


@pytest.mark.parametrize("reply_later", [False, True])
def test_rep_echo_replying_from_the_callback(
    io_loop, run, until, pair, caplog, reply_later
) -> None:
    """REQ/REP alternate: a stream must send the callback's reply before it receives again."""
    rep, req = pair(zmq.REP, zmq.REQ)
    server, client = ZMQStream(rep, io_loop), ZMQStream(req, io_loop)
    replies: list[list[bytes]] = []

    def echo(msg: list[bytes]) -> None:
        if reply_later:  # a reply sent on a later loop turn: nothing may be received meanwhile
            io_loop.add_callback(server.send_multipart, msg)
        else:
            server.send_multipart(msg)

    def next_request(msg: list[bytes]) -> None:
        replies.append(msg)
        if len(replies) < 200:
            client.send(b"%d" % len(replies))

    server.on_recv(echo)
    client.on_recv(next_request)

    async def main() -> None:
        client.send(b"0")
        await until(lambda: len(replies) == 200)

    with caplog.at_level("ERROR"):
        run(main)
    assert replies == [[b"%d" % i] for i in range(200)]
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text
    server.close()
    client.close()


def test_default_loop_is_current(run, sockets) -> None:
    sock = sockets(zmq.PULL)

    async def main() -> None:
        from tornado.ioloop import IOLoop

        stream = ZMQStream(sock)
        assert stream.io_loop is IOLoop.current()
        stream.close()

    run(main)


def test_messages_queued_before_on_recv_are_delivered(io_loop, run, until, pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    stream = ZMQStream(pull, io_loop)
    got: list[list[bytes]] = []

    async def main() -> None:
        for i in range(10):
            push.send(b"%d" % i)
        # let the loop run without a callback: the messages must stay queued, not be dropped
        await asyncio.sleep(0.1)
        assert got == []
        stream.on_recv(got.append)
        await until(lambda: len(got) == 10)

    run(main)
    assert got == [[b"%d" % i] for i in range(10)]
    stream.close()


def test_stop_on_recv_keeps_queued_messages(io_loop, run, until, pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH, "inproc")
    stream = ZMQStream(pull, io_loop)
    first: list[bytes] = []
    second: list[bytes] = []

    def on_first(msg: list[bytes]) -> None:
        first.append(msg[0])
        if len(first) == 3:
            stream.stop_on_recv()  # mid-batch: the rest must stay in the socket

    for i in range(10):
        push.send(b"%d" % i)
    stream.on_recv(on_first)

    async def main() -> None:
        await until(lambda: len(first) == 3)
        await asyncio.sleep(0.05)
        assert len(first) == 3 and not stream.receiving()
        stream.on_recv(lambda msg: second.append(msg[0]))
        await until(lambda: len(second) == 7)

    run(main)
    assert first + second == [b"%d" % i for i in range(10)]
    stream.close()


def test_send_order_from_callback_and_coroutine(io_loop, run, until, pair) -> None:
    a, b = pair(zmq.PAIR, zmq.PAIR)
    sender = ZMQStream(a, io_loop)
    peer = ZMQStream(b, io_loop)
    sent_log: list[bytes] = []
    on_send_log: list[tuple[list[bytes], Any]] = []
    received: list[bytes] = []

    def send(data: bytes) -> None:
        sent_log.append(data)
        sender.send(data)

    sender.on_send(lambda msg, status: on_send_log.append((list(msg), status)))
    # every message the peer sends back triggers a send from the callback
    sender.on_recv(lambda msg: send(b"cb-" + msg[0]))
    peer.on_recv(lambda msg: received.append(msg[0]) if msg[0] != b"go" else None)

    async def producer() -> None:
        for i in range(200):
            send(b"co-%d" % i)
            if i % 7 == 0:
                await asyncio.sleep(0)

    async def main() -> None:
        task = asyncio.ensure_future(producer())
        for i in range(100):
            peer.send(b"%d" % i)
            if i % 5 == 0:
                await asyncio.sleep(0)
        await task
        await until(lambda: len(received) == 300)

    run(main)
    assert received == sent_log
    assert [m for m, _ in on_send_log] == [[d] for d in sent_log]  # once per message, in order
    assert all(status is None for _, status in on_send_log)
    sender.close()
    peer.close()


def test_send_callback_argument_and_serializers(io_loop, run, until, pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    out, inp = ZMQStream(push, io_loop), ZMQStream(pull, io_loop)
    got: list[list[bytes]] = []
    sends: list[Any] = []
    inp.on_recv_stream(lambda stream, msg: got.append(msg) if stream is inp else None)

    out.send(b"raw", callback=lambda msg, status: sends.append(msg))
    out.send_string("text")
    out.send_json({"a": 1})
    out.send_pyobj((1, 2))
    out.send_multipart([b"x", memoryview(b"y")], track=True)
    with pytest.raises(TypeError):
        out.send_string(b"not str")  # type: ignore[arg-type]

    async def main() -> None:
        await until(lambda: len(got) == 5)

    run(main)
    import json
    import pickle

    assert got[0] == [b"raw"] and got[1] == [b"text"]
    assert json.loads(got[2][0]) == {"a": 1}
    assert pickle.loads(got[3][0]) == (1, 2)
    assert got[4] == [b"x", b"y"]
    # the callback given to send() stays registered as the on_send callback
    assert len(sends) == 5
    out.close()
    inp.close()


def test_on_send_stream_and_tracker(io_loop, run, until, pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    out = ZMQStream(push, io_loop)
    seen: list[tuple[Any, Any, Any]] = []
    out.on_send_stream(lambda stream, msg, status: seen.append((stream, msg, status)))
    out.send_multipart([b"x" * 100_000], copy=False, track=True)

    async def main() -> None:
        await until(lambda: len(seen) == 1)

    run(main)
    stream, msg, status = seen[0]
    assert stream is out and len(msg) == 1
    assert isinstance(status, zmq.MessageTracker)
    assert pull.recv(zmq.NOBLOCK if pull.poll(TIMEOUT_MS) else 0) == b"x" * 100_000
    out.stop_on_send()
    out.close()


def test_recv_copy_false_gives_frames(io_loop, run, until, pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    stream = ZMQStream(pull, io_loop)
    got: list[Any] = []
    stream.on_recv(got.append, copy=False)
    push.send_multipart([b"a", b"b"])

    async def main() -> None:
        await until(lambda: len(got) == 1)

    run(main)
    assert all(isinstance(f, zmq.Frame) for f in got[0])
    assert [f.bytes for f in got[0]] == [b"a", b"b"]
    stream.close()


def test_flush(io_loop, pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH, "inproc")
    out, inp = ZMQStream(push, io_loop), ZMQStream(pull, io_loop)
    sends: list[Any] = []
    out.on_send(lambda msg, status: sends.append(msg))
    for i in range(10):
        out.send(b"%d" % i)
    assert out.sending()
    # the loop never runs: flush does the work now
    assert out.flush(zmq.POLLIN) == 0  # nothing to receive, and sends not asked for
    assert out.flush() == 10
    assert not out.sending() and len(sends) == 10

    got: list[bytes] = []
    inp.on_recv(lambda msg: got.append(msg[0]))
    assert inp.flush(limit=4) == 4
    assert got == [b"0", b"1", b"2", b"3"]
    assert inp.flush(zmq.POLLIN) == 6
    assert got == [b"%d" % i for i in range(10)]
    assert inp.flush() == 0

    # without a recv callback, flush drains and discards
    inp.stop_on_recv()
    push.send(b"dropped")
    deliver(pull)
    assert inp.flush(zmq.POLLIN) == 1
    assert pull.poll(0) == 0
    out.close()
    inp.close()
    assert inp.flush() == 0


def test_close_with_pending_sends_honours_linger(io_loop, context) -> None:
    pull = context.socket(zmq.PULL)
    pull.linger = 0
    port = pull.bind_to_random_port("tcp://127.0.0.1")
    push = context.socket(zmq.PUSH)
    push.connect(f"tcp://127.0.0.1:{port}")
    stream = ZMQStream(push, io_loop)
    closed: list[bool] = []
    stream.set_close_callback(lambda: closed.append(True))
    for i in range(100):
        stream.send(b"%d" % i)
    # the loop never ran: everything is still in the stream's queue
    stream.close(linger=5000)
    assert closed == [True] and stream.closed() and push.closed
    pull.rcvtimeo = TIMEOUT_MS
    assert [pull.recv() for _ in range(100)] == [b"%d" % i for i in range(100)]
    pull.close()


def test_close_linger_zero_drops_pending_sends(io_loop, context) -> None:
    # a peer that never answers: pending messages could only wait forever
    dead = context.socket(zmq.PULL)
    port = dead.bind_to_random_port("tcp://127.0.0.1")
    dead.close(linger=0)
    push = context.socket(zmq.PUSH)
    push.linger = (
        -1
    )  # the socket's own setting would wait forever: close(linger=0) must override it
    push.connect(f"tcp://127.0.0.1:{port}")
    stream = ZMQStream(push, io_loop)
    for _ in range(10):
        stream.send(b"x")
    stream.close(linger=0)
    assert push.closed
    # the context fixture's deadline-bounded term() fails the test if anything lingers


def test_close_with_socket_default_linger_zero(io_loop, context) -> None:
    push = context.socket(zmq.PUSH)
    push.linger = 0
    push.connect("tcp://127.0.0.1:1")  # nothing listens there
    stream = ZMQStream(push, io_loop)
    stream.send(b"x")
    stream.close()
    assert push.closed


def test_operations_on_closed_stream(io_loop, pair) -> None:
    pull, _ = pair(zmq.PULL, zmq.PUSH)
    stream = ZMQStream(pull, io_loop)
    stream.close()
    stream.close()  # twice is fine
    with pytest.raises(zmq.ZMQError):
        stream.send(b"x")
    with pytest.raises(zmq.ZMQError):
        stream.on_recv(print)


def test_socket_closed_under_the_stream(io_loop, run, pair) -> None:
    pull, _ = pair(zmq.PULL, zmq.PUSH)
    stream = ZMQStream(pull, io_loop)
    closed: list[bool] = []
    stream.set_close_callback(lambda: closed.append(True))
    pull.close()
    with pytest.warns(RuntimeWarning):
        assert stream.closed()
    assert closed == [True]


def test_shadow_closed_while_events_pending_warns_and_logs(io_loop, run, pair, caplog) -> None:
    """The stream's socket is a shadow of one that gets closed while a check is already scheduled."""
    pull, push = pair(zmq.PULL, zmq.PUSH)
    stream = ZMQStream(zmq.Socket.shadow(pull), io_loop)
    for i in range(3):
        push.send(b"%d" % i)
    assert pull.poll(TIMEOUT_MS)
    got: list[Any] = []

    async def close_underneath() -> None:
        stream.on_recv(got.append)  # schedules a check of the socket's events on the loop...
        pull.close()  # ...which finds the socket closed
        await asyncio.sleep(0.1)

    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        run(close_underneath)
    assert stream.closed() and got == []
    assert any("after closing socket" in str(w.message) for w in caught)
    assert "closed socket" in caplog.text


def test_callbacks_must_be_callable(io_loop, pair) -> None:
    pull, _ = pair(zmq.PULL, zmq.PUSH)
    stream = ZMQStream(pull, io_loop)
    for register in (stream.on_recv, stream.on_send, stream.on_recv_stream, stream.on_send_stream):
        with pytest.raises(TypeError, match="callable"):
            register(42)  # type: ignore[arg-type]
        # code written for pyzmq, which asserted, catches AssertionError
        with pytest.raises(AssertionError):
            register(zmq)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        stream.send(b"x", callback="not a function")  # type: ignore[arg-type]
    assert not stream.sending()
    stream.on_recv(print)
    stream.on_recv(None)
    stream.on_send(lambda msg, status: None)
    stream.close()


def test_callback_exception_is_logged_and_stream_survives(
    io_loop, run, until, pair, caplog
) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    stream = ZMQStream(pull, io_loop)
    got: list[bytes] = []

    def callback(msg: list[bytes]) -> None:
        got.append(msg[0])
        if msg[0] == b"boom":
            raise ValueError("callback failure")

    stream.on_recv(callback)

    async def main() -> None:
        push.send(b"before")
        push.send(b"boom")
        push.send(b"after")
        await until(lambda: len(got) == 3)
        # the loop keeps running other work too
        await asyncio.sleep(0.01)

    with caplog.at_level(logging.ERROR, logger="tornado.general"):
        run(main)
    assert got == [b"before", b"boom", b"after"]
    assert any(r.exc_info and isinstance(r.exc_info[1], ValueError) for r in caplog.records), (
        caplog.text
    )
    stream.close()


def test_coroutine_callbacks(io_loop, run, until, pair, caplog) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    stream = ZMQStream(pull, io_loop)
    done: list[bytes] = []

    async def callback(msg: list[bytes]) -> None:
        await asyncio.sleep(0.001)
        if msg[0] == b"boom":
            raise KeyError("async failure")
        done.append(msg[0])

    stream.on_recv(callback)

    async def main() -> None:
        for m in (b"a", b"boom", b"b"):
            push.send(m)
        await until(lambda: len(done) == 2)
        await until(lambda: "async failure" in caplog.text)

    with caplog.at_level(logging.ERROR, logger="tornado.general"):
        run(main)
    assert sorted(done) == [b"a", b"b"]
    stream.close()


def test_async_socket_warns_and_works(io_loop, run, until, context) -> None:
    import zmq.asyncio

    asock = context.socket(zmq.PULL, socket_class=zmq.asyncio.Socket)
    asock.linger = 0
    port = asock.bind_to_random_port("tcp://127.0.0.1")
    push = context.socket(zmq.PUSH)
    push.linger = 0
    push.connect(f"tcp://127.0.0.1:{port}")
    with pytest.warns(RuntimeWarning, match="zmq.Socket"):
        stream = ZMQStream(asock, io_loop)
    assert type(stream.socket) is zmq.Socket
    got: list[list[bytes]] = []
    stream.on_recv(got.append)

    async def main() -> None:
        push.send_multipart([b"a", b"b"])
        await until(lambda: len(got) == 1)

    run(main)
    assert got == [[b"a", b"b"]]
    stream.close()
    assert asock.closed
    push.close()


def test_deprecated_on_err(io_loop, pair) -> None:
    pull, _ = pair(zmq.PULL, zmq.PUSH)
    stream = ZMQStream(pull, io_loop)
    with pytest.warns(DeprecationWarning):
        stream.on_err(print)
    with pytest.warns(DeprecationWarning):
        stream.stop_on_err()
    stream.close()


def test_many_round_trips_never_lose_a_wakeup(io_loop, run, until, pair) -> None:
    """Request/reply ping-pong: each step depends on the previous wakeup, so a lost edge hangs."""
    router, dealer = pair(zmq.ROUTER, zmq.DEALER)
    rs, ds = ZMQStream(router, io_loop), ZMQStream(dealer, io_loop)
    count = [0]
    rounds = 2000

    rs.on_recv(rs.send_multipart)

    def on_reply(msg: list[bytes]) -> None:
        count[0] += 1
        if count[0] < rounds:
            ds.send(msg[0])

    ds.on_recv(on_reply)

    async def main() -> None:
        ds.send(b"ping")
        await until(lambda: count[0] == rounds)

    run(main, timeout=30)
    rs.close()
    ds.close()


def test_busy_stream_does_not_starve_others(io_loop, run, until, pair) -> None:
    busy_pull, busy_push = pair(zmq.PULL, zmq.PUSH, "inproc")
    busy_pull.rcvhwm = busy_push.sndhwm = 0
    quiet_pull, quiet_push = pair(zmq.PULL, zmq.PUSH, "inproc")
    total = 20_000
    for i in range(total):
        busy_push.send(b"%d" % i)
    quiet_push.send(b"hello")
    busy, quiet = ZMQStream(busy_pull, io_loop), ZMQStream(quiet_pull, io_loop)
    busy_count = [0]
    busy_at_quiet: list[int] = []
    ticks_at: list[int] = []

    def on_busy(msg: list[bytes]) -> None:
        busy_count[0] += 1

    busy.on_recv(on_busy)
    quiet.on_recv(lambda msg: busy_at_quiet.append(busy_count[0]))

    async def main() -> None:
        io_loop.add_callback(lambda: ticks_at.append(busy_count[0]))
        await until(lambda: busy_count[0] == total)

    run(main, timeout=30)
    assert busy_at_quiet and busy_at_quiet[0] < total
    assert ticks_at and ticks_at[0] < total
    busy.close()
    quiet.close()


def test_20k_messages_push_pull(io_loop, run, until, pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    out, inp = ZMQStream(push, io_loop), ZMQStream(pull, io_loop)
    n = 20_000
    got = [0]
    last: list[bytes] = []

    def on_recv(msg: list[bytes]) -> None:
        got[0] += 1
        if got[0] == n:
            last.append(msg[0])

    inp.on_recv(on_recv)

    async def main() -> None:
        for i in range(n):
            out.send(b"%d" % i)
            if i % 1000 == 0:
                await asyncio.sleep(0)
        await until(lambda: got[0] == n, timeout=60)

    run(main, timeout=60)
    assert last == [b"%d" % (n - 1)]
    out.close()
    inp.close()


def test_loop_in_another_thread(context) -> None:
    """ipykernel's IOPub pattern: stream made in one thread, its IOLoop running in another."""
    from tornado.ioloop import IOLoop

    loop = IOLoop(make_current=False)
    pull = context.socket(zmq.PULL)
    pull.linger = 0
    port = pull.bind_to_random_port("tcp://127.0.0.1")
    push = context.socket(zmq.PUSH)
    push.linger = 0
    push.connect(f"tcp://127.0.0.1:{port}")
    in_stream = ZMQStream(pull, loop)
    out_stream = ZMQStream(push, loop)
    got: list[bytes] = []
    finished = threading.Event()

    def on_recv(msg: list[bytes]) -> None:
        got.append(msg[0])
        if len(got) == 50:
            finished.set()

    in_stream.on_recv(on_recv)
    thread = threading.Thread(target=loop.start, daemon=True)
    thread.start()
    try:
        for i in range(50):
            out_stream.send(b"%d" % i)  # from this thread: scheduling must reach the loop
        assert finished.wait(10), f"only {len(got)} messages arrived"
    finally:

        def stop() -> None:
            in_stream.close()
            out_stream.close()
            loop.stop()

        loop.add_callback(stop)
        thread.join(10)
        loop.close()
    assert got == [b"%d" % i for i in range(50)]


def test_no_busy_loop_while_idle_with_queued_messages(io_loop, run, pair) -> None:
    """Messages waiting with no callback must not keep the loop spinning on the FD."""
    pull, push = pair(zmq.PULL, zmq.PUSH, "inproc")
    stream = ZMQStream(pull, io_loop)
    calls = [0]
    handle = stream._handle_events

    def counting() -> None:
        calls[0] += 1
        handle()

    stream._handle_events = counting  # type: ignore[method-assign]
    io_loop.remove_handler(stream._fd)
    io_loop.add_handler(stream._fd, lambda fd, ev: counting(), io_loop.READ)
    for i in range(10):
        push.send(b"%d" % i)

    async def main() -> None:
        await asyncio.sleep(0.2)

    start = time.monotonic()
    run(main)
    assert time.monotonic() - start < 5
    assert calls[0] < 20, calls[0]
    stream.close()


def test_ioloop_module() -> None:
    import tornado.ioloop

    import zmq.eventloop
    from zmq.eventloop import ioloop

    assert ioloop.IOLoop is tornado.ioloop.IOLoop
    assert ioloop.ZMQIOLoop is tornado.ioloop.IOLoop
    assert zmq.eventloop.IOLoop is tornado.ioloop.IOLoop
    assert zmq.eventloop.zmqstream.ZMQStream is ZMQStream
    with pytest.warns(DeprecationWarning):
        ioloop.install()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from zmq.eventloop.ioloop import IOLoop  # noqa: F401  importing alone does not warn
