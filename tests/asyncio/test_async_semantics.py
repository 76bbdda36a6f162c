"""What an awaitable socket guarantees: fast paths, cancellation without loss, FIFO service,
timeouts, close and term under pending awaitables, and the same errors as the sync socket."""

from __future__ import annotations

import asyncio
from typing import Any, Callable

import pytest

import zmq
import zmq.asyncio

# --- fast paths: a message already queued costs no loop round-trip


def test_recv_of_a_queued_message_is_done_at_once(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PAIR, zmq.PAIR)

    async def main() -> None:
        await a.send(b"one")
        await a.send_multipart([b"two", b"parts"])
        await a.send_string("three")
        await a.send_json([4])
        assert await b.poll(5000) == zmq.POLLIN  # everything is queued on b now
        await asyncio.sleep(0.05)
        fut = b.recv()
        assert fut.done()
        assert fut.result() == b"one"
        fut = b.recv_multipart()
        assert fut.done()
        assert fut.result() == [b"two", b"parts"]
        fut = b.recv_string()
        assert fut.done()
        assert fut.result() == "three"
        fut = b.recv_json()
        assert fut.done()
        assert fut.result() == [4]

    run(main())


def test_send_with_room_is_done_at_once(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PAIR, zmq.PAIR, "inproc")

    async def main() -> None:
        for fut in (a.send(b"x"), a.send_multipart([b"y", b"z"]), a.send_string("s")):
            assert fut.done()
            assert fut.result() is None
        assert await b.recv() == b"x"

    run(main())


# --- cancellation never loses a message


def test_cancelled_recv_loses_no_message(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PUSH, zmq.PULL)

    async def main() -> None:
        fut = b.recv()
        await asyncio.sleep(0.01)
        fut.cancel()
        await a.send(b"kept")
        assert await asyncio.wait_for(b.recv(), 5) == b"kept"

    run(main())


def test_wait_for_timeout_loses_no_message(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PUSH, zmq.PULL)

    async def main() -> None:
        for flavour in (b.recv, b.recv_multipart, b.recv_string):
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(flavour(), 0.05)
        await a.send(b"kept")
        assert await asyncio.wait_for(b.recv(), 5) == b"kept"

    run(main())


def test_cancel_after_the_message_arrived_but_before_delivery(run: Any, apair: Any) -> None:
    """The message is in the socket and the loop has not served the future yet: cancel wins."""
    a, b = apair(zmq.PAIR, zmq.PAIR, "inproc")

    async def main() -> None:
        fut = b.recv()
        chained = b.recv_string()
        await asyncio.sleep(0)
        a.send(b"first")
        a.send(b"second")
        fut.cancel()
        chained.cancel()
        assert await asyncio.wait_for(b.recv(), 5) == b"first"
        assert await asyncio.wait_for(b.recv(), 5) == b"second"

    run(main())


def test_concurrent_recvs_are_served_in_order(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PUSH, zmq.PULL)

    async def main() -> None:
        futs = [b.recv() for _ in range(20)]
        futs[5].cancel()  # a cancelled one in the middle takes nothing
        for i in range(19):
            await a.send(b"%d" % i)
        got = await asyncio.wait_for(asyncio.gather(*(f for i, f in enumerate(futs) if i != 5)), 5)
        assert got == [b"%d" % i for i in range(19)]

    run(main())


def test_concurrent_recv_tasks_get_one_message_each(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PUSH, zmq.PULL)

    async def one() -> bytes:
        return await b.recv()

    async def main() -> None:
        tasks = [asyncio.ensure_future(one()) for _ in range(10)]
        await asyncio.sleep(0.01)
        for i in range(10):
            await a.send(b"%d" % i)
        got = await asyncio.wait_for(asyncio.gather(*tasks), 5)
        assert got == [b"%d" % i for i in range(10)]

    run(main())


def test_concurrent_sends_keep_their_order(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PAIR, zmq.PAIR, "inproc")
    a.sndhwm = b.rcvhwm = 2

    async def main() -> None:
        futs = [a.send(b"%d" % i) for i in range(50)]
        got = [await asyncio.wait_for(b.recv(), 5) for _ in range(50)]
        await asyncio.wait_for(asyncio.gather(*futs), 5)
        assert got == [b"%d" % i for i in range(50)]

    run(main())


# --- timeouts, DONTWAIT, close, term


def test_rcvtimeo_raises_again(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PUSH, zmq.PULL)
    b.rcvtimeo = 50

    async def main() -> None:
        with pytest.raises(zmq.Again):
            await asyncio.wait_for(b.recv(), 5)
        with pytest.raises(zmq.Again):
            await asyncio.wait_for(b.recv_json(), 5)
        await a.send(b"after")  # the timed out recvs took nothing
        assert await asyncio.wait_for(b.recv(), 5) == b"after"

    run(main())


def test_sndtimeo_raises_again(run: Any, asockets: Callable[..., zmq.asyncio.Socket]) -> None:
    push = asockets(zmq.PUSH)  # no peer: a send can never complete
    push.sndtimeo = 50

    async def main() -> None:
        with pytest.raises(zmq.Again):
            await asyncio.wait_for(push.send(b"x"), 5)
        with pytest.raises(zmq.Again):
            await asyncio.wait_for(push.send_multipart([b"x", b"y"]), 5)

    run(main())


def test_dontwait_raises_again_at_once(run: Any, apair: Any) -> None:
    _a, b = apair(zmq.PUSH, zmq.PULL)

    async def main() -> None:
        fut = b.recv(zmq.DONTWAIT)
        assert fut.done()
        with pytest.raises(zmq.Again):
            fut.result()

    run(main())


def test_close_cancels_pending(run: Any, asockets: Callable[..., zmq.asyncio.Socket]) -> None:
    pull = asockets(zmq.PULL)
    push = asockets(zmq.PUSH)
    pull.bind("inproc://close-cancels")

    async def waiter() -> bytes:
        return await pull.recv()

    async def main() -> None:
        fut = pull.recv()
        multi = pull.recv_multipart()
        task = asyncio.ensure_future(waiter())
        send = push.send(b"never")  # no peer yet: pending
        await asyncio.sleep(0.01)
        pull.close()
        push.close()
        assert fut.cancelled()
        assert multi.cancelled()
        assert send.cancelled()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, 5)

    run(main())


def test_term_under_pending_raises_context_terminated(run: Any) -> None:
    ctx = zmq.asyncio.Context()
    pull = ctx.socket(zmq.PULL)
    push = ctx.socket(zmq.PUSH)
    pull.linger = push.linger = 0

    async def main() -> None:
        loop = asyncio.get_running_loop()
        recv = pull.recv()
        send = push.send(b"no peer")
        await asyncio.sleep(0.01)
        term = loop.run_in_executor(None, ctx.term)
        with pytest.raises(zmq.ContextTerminated):
            await asyncio.wait_for(recv, 5)
        with pytest.raises(zmq.ContextTerminated):
            await asyncio.wait_for(send, 5)
        pull.close()
        push.close()
        await asyncio.wait_for(term, 5)

    try:
        run(main())
    finally:
        pull.close()
        push.close()


# --- bad input: the same errors as the sync socket


def _error_of(call: Callable[[], Any]) -> BaseException:
    try:
        call()
    except BaseException as e:
        return e
    raise AssertionError("no error")


async def _async_error_of(call: Callable[[], Any]) -> BaseException:
    try:
        await asyncio.wait_for(call(), 5)
    except asyncio.TimeoutError:
        raise
    except BaseException as e:
        return e
    raise AssertionError("no error")


def _same(sync_err: BaseException, async_err: BaseException) -> None:
    assert type(async_err) is type(sync_err), (sync_err, async_err)
    assert getattr(async_err, "errno", None) == getattr(sync_err, "errno", None)


BAD_CALLS: list[tuple[str, int, Callable[[Any], Any]]] = [
    ("send str", zmq.PUSH, lambda s: s.send("text")),
    ("send int", zmq.PUSH, lambda s: s.send(12)),
    ("send_multipart str part", zmq.PUSH, lambda s: s.send_multipart([b"ok", "text"])),
    ("send_string bytes", zmq.PUSH, lambda s: s.send_string(b"bytes")),
    ("send_json unserializable", zmq.PUSH, lambda s: s.send_json(object())),
    ("send on PULL", zmq.PULL, lambda s: s.send(b"x")),
    ("recv on PUSH", zmq.PUSH, lambda s: s.recv()),
    ("recv_multipart on PUSH", zmq.PUSH, lambda s: s.recv_multipart()),
]


@pytest.mark.parametrize("name,socket_type,call", BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
def test_bad_input_same_error_as_sync(
    run: Any,
    context: zmq.Context,
    asockets: Callable[..., zmq.asyncio.Socket],
    name: str,
    socket_type: int,
    call: Callable[[Any], Any],
) -> None:
    sync = context.socket(socket_type)
    sync.linger = 0
    sync.bind("inproc://bad-input-sync")
    peer = context.socket(zmq.PULL if socket_type == zmq.PUSH else zmq.PUSH)
    peer.linger = 0
    peer.connect("inproc://bad-input-sync")
    asock = asockets(socket_type)
    try:
        sync_err = _error_of(lambda: call(sync))
        async_err = run(_async_error_of(lambda: call(asock)))
        _same(sync_err, async_err)
    finally:
        sync.close()
        peer.close()


def test_closed_socket_same_errors_as_sync(
    run: Any, context: zmq.Context, asockets: Callable[..., zmq.asyncio.Socket]
) -> None:
    sync = context.socket(zmq.PAIR)
    sync.close()
    asock = asockets(zmq.PAIR)
    asock.close()
    for call in (
        lambda s: s.send(b"x"),
        lambda s: s.recv(),
        lambda s: s.send_multipart([b"x"]),
        lambda s: s.recv_multipart(),
        lambda s: s.recv_string(),
    ):
        sync_err = _error_of(lambda c=call: c(sync))  # type: ignore[misc]
        assert isinstance(sync_err, zmq.ZMQError)
        assert sync_err.errno == zmq.ENOTSOCK
        _same(sync_err, run(_async_error_of(lambda c=call: c(asock))))  # type: ignore[misc]
    _same(_error_of(lambda: sync.poll(0)), _error_of(lambda: asock.poll(0)))
