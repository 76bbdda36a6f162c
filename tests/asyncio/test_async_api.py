"""zmq.asyncio's API: Context, Socket, shadowing, and every awaitable send/recv flavour."""

from __future__ import annotations

import asyncio
import pickle
from typing import Any

import pytest

import zmq
import zmq.asyncio


def test_context_makes_async_sockets(actx: zmq.asyncio.Context) -> None:
    assert isinstance(actx, zmq.Context)
    with actx.socket(zmq.PULL) as s:
        assert isinstance(s, zmq.asyncio.Socket)
        assert isinstance(s, zmq.Socket)


def test_instance_is_separate_from_sync_instance() -> None:
    a = zmq.asyncio.Context.instance()
    assert a is zmq.asyncio.Context.instance()
    assert isinstance(a, zmq.asyncio.Context)
    s = zmq.Context.instance()
    assert s is not a
    assert type(s) is zmq.Context
    assert zmq.Context.instance() is s


def test_context_shadowing_sync_context(run: Any, term_with_deadline: Any) -> None:
    sync_ctx = zmq.Context()
    try:
        actx = zmq.asyncio.Context(sync_ctx)
        assert actx.underlying == sync_ctx.underlying
        assert zmq.asyncio.Context.shadow(sync_ctx).underlying == sync_ctx.underlying
        assert zmq.asyncio.Context(shadow=sync_ctx.underlying).underlying == sync_ctx.underlying
        pull = actx.socket(zmq.PULL)
        push = sync_ctx.socket(zmq.PUSH)
        pull.bind("inproc://shared-ctx")  # inproc only works within one libzmq context
        push.connect("inproc://shared-ctx")

        async def main() -> bytes:
            push.send(b"across")
            return await pull.recv()

        assert run(main()) == b"across"
        pull.close(linger=0)
        push.close(linger=0)
    finally:
        assert term_with_deadline(sync_ctx)


def test_socket_shadowing_sync_socket(run: Any, context: zmq.Context) -> None:
    pull = context.socket(zmq.PULL)
    push = context.socket(zmq.PUSH)
    pull.linger = push.linger = 0
    port = pull.bind_to_random_port("tcp://127.0.0.1")
    push.connect(f"tcp://127.0.0.1:{port}")
    apull = zmq.asyncio.Socket(pull)
    apull2 = zmq.asyncio.Socket.from_socket(pull)
    apush = zmq.asyncio.Socket(push)
    assert apull.underlying == pull.underlying == apull2.underlying
    assert apull.context is context

    async def main() -> None:
        await apush.send(b"1")
        push.send(b"2")
        await apush.send(b"3")
        await apush.send(b"4")
        assert await apull.recv() == b"1"
        assert pull.recv() == b"2"  # the sync socket sees the same queue
        assert await apull2.recv() == b"3"
        fut = apull.recv()
        assert await asyncio.wait_for(fut, 5) == b"4"

    run(main())
    push.close()
    pull.close()  # the owners close; the shadows only borrowed the libzmq sockets


def test_async_socket_made_by_sync_context(run: Any, context: zmq.Context) -> None:
    a = context.socket(zmq.PAIR, socket_class=zmq.asyncio.Socket)
    b = zmq.asyncio.Socket(context, zmq.PAIR)
    a.linger = b.linger = 0
    try:
        a.bind("inproc://sync-ctx")
        b.connect("inproc://sync-ctx")

        async def main() -> list[bytes]:
            await a.send_multipart([b"x", b"y"])
            return await b.recv_multipart()

        assert run(main()) == [b"x", b"y"]
    finally:
        a.close()
        b.close()


def test_send_recv(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PAIR, zmq.PAIR)

    async def main() -> None:
        assert await a.send(b"hi") is None
        assert await b.recv() == b"hi"
        await b.send(memoryview(b"view"))
        assert await a.recv() == b"view"
        await a.send(b"frame", copy=False)
        frame = await b.recv(copy=False)
        assert isinstance(frame, zmq.Frame)
        assert frame.bytes == b"frame"
        big = b"x" * 100_000
        tracker = await a.send(big, copy=False, track=True)
        assert isinstance(tracker, zmq.MessageTracker)
        assert await b.recv() == big
        await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(None, tracker.wait, 5), 6)
        assert tracker.done

    run(main())


def test_recv_into_is_awaitable(run: Any, apair: Any) -> None:
    """recv_into waits on the loop like recv: the sender's queued send gets to run meanwhile."""
    push, pull = apair(zmq.PUSH, zmq.PULL)
    pull.rcvtimeo = 5000

    async def main() -> None:
        buf = bytearray(8)
        waiting = pull.recv_into(buf)
        assert not waiting.done()
        await push.send_multipart([b"abc", b"longer than eight", b"ignored", b"zzz"])
        assert await waiting == 3 and buf[:3] == b"abc"
        # the size returned is the frame's, so a caller can tell it was truncated
        assert await pull.recv_into(buf) == 17 and bytes(buf) == b"longer t"
        small = bytearray(b"......")
        assert await pull.recv_into(small, nbytes=2, flags=zmq.DONTWAIT) == 7
        assert small == b"ig...."
        assert await pull.recv_into(memoryview(small)[:0]) == 3  # an empty view discards
        with pytest.raises(zmq.Again):
            await pull.recv_into(buf, flags=zmq.DONTWAIT)
        await push.send(b"x")
        with pytest.raises(ValueError):
            await pull.recv_into(buf, nbytes=-1)

    run(main())


def test_recv_into_cancelled_leaves_the_message(run: Any, apair: Any) -> None:
    push, pull = apair(zmq.PUSH, zmq.PULL)

    async def main() -> None:
        first = bytearray(4)
        cancelled = pull.recv_into(first)
        cancelled.cancel()
        await push.send(b"kept")
        assert await pull.recv() == b"kept"
        assert first == bytearray(4)

    run(main())


def test_send_recv_multipart(run: Any, apair: Any) -> None:
    router, dealer = apair(zmq.ROUTER, zmq.DEALER)

    async def main() -> None:
        await dealer.send_multipart([b"a", b"", b"c"])
        ident, *rest = await router.recv_multipart()
        assert rest == [b"a", b"", b"c"]
        await router.send_multipart([ident, b"reply"])
        frames = await dealer.recv_multipart(copy=False)
        assert [f.bytes for f in frames] == [b"reply"]
        await dealer.send_multipart(iter([b"gen", b"erator"]))
        assert (await router.recv_multipart())[1:] == [b"gen", b"erator"]

    run(main())


def test_strings_json_pyobj_serialized(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PAIR, zmq.PAIR)

    async def main() -> None:
        await a.send_string("héllo")
        assert await b.recv_string() == "héllo"
        await a.send_string("latin", encoding="latin-1")
        assert await b.recv_string(encoding="latin-1") == "latin"
        await a.send_json({"a": [1, 2]})
        assert await b.recv_json() == {"a": [1, 2]}
        await a.send_pyobj({1, 2, 3})
        assert await b.recv_pyobj() == {1, 2, 3}
        await a.send_serialized({"k": 1}, lambda m: [pickle.dumps(m), b"tail"])
        got = await b.recv_serialized(lambda frames: (pickle.loads(frames[0]), frames[1]))
        assert got == ({"k": 1}, b"tail")

    run(main())


def test_deserialize_error_goes_to_the_future(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PAIR, zmq.PAIR)

    async def main() -> None:
        await a.send(b"not json{")
        with pytest.raises(ValueError):
            await b.recv_json()
        # a pending recv_json fails the same way once the message arrives
        fut = b.recv_json()
        await a.send(b"\xff")
        with pytest.raises(ValueError):
            await asyncio.wait_for(fut, 5)

    run(main())


def test_recv_returns_asyncio_futures(run: Any, apair: Any) -> None:
    _a, b = apair(zmq.PAIR, zmq.PAIR)

    async def main() -> None:
        for fut in (b.recv(), b.recv_multipart(), b.recv_string(), b.poll(0)):
            assert isinstance(fut, asyncio.Future)
            fut.cancel()

    run(main())


def test_socket_made_before_the_loop_runs(actx: zmq.asyncio.Context, loop_kind: str) -> None:
    """A socket created outside any loop, then used in two successive loops (asyncio.run style)."""
    from .conftest import _new_loop

    a = actx.socket(zmq.PAIR)
    b = actx.socket(zmq.PAIR)
    a.linger = b.linger = 0
    a.bind("inproc://two-loops")
    b.connect("inproc://two-loops")

    async def main(msg: bytes) -> bytes:
        fut = b.recv()
        await asyncio.sleep(0.01)
        await a.send(msg)
        return await asyncio.wait_for(fut, 5)

    try:
        for msg in (b"first", b"second"):
            loop = _new_loop(loop_kind)
            try:
                assert loop.run_until_complete(main(msg)) == msg
            finally:
                loop.close()
    finally:
        a.close()
        b.close()


def test_copy_threshold_kwarg(actx: zmq.asyncio.Context) -> None:
    with actx.socket(zmq.PUSH, copy_threshold=10) as s:
        assert s.copy_threshold == 10


# --- pyzmq's deprecated names, still importable -----------------------------------------------


def test_install_is_deprecated_and_harmless() -> None:
    with pytest.warns(DeprecationWarning, match="install"):
        zmq.asyncio.install()


def test_zmq_event_loop_is_deprecated_but_works(term_with_deadline: Any) -> None:
    with pytest.warns(DeprecationWarning, match="ZMQEventLoop"):
        loop = zmq.asyncio.ZMQEventLoop()
    assert isinstance(loop, asyncio.SelectorEventLoop)
    ctx = zmq.asyncio.Context()

    async def roundtrip() -> bytes:
        pull, push = ctx.socket(zmq.PULL), ctx.socket(zmq.PUSH)
        pull.linger = push.linger = 0
        port = pull.bind_to_random_port("tcp://127.0.0.1")
        push.connect(f"tcp://127.0.0.1:{port}")
        await push.send(b"on a ZMQEventLoop")
        msg = await asyncio.wait_for(pull.recv(), 10)
        pull.close()
        push.close()
        return msg

    try:
        assert loop.run_until_complete(roundtrip()) == b"on a ZMQEventLoop"
    finally:
        loop.close()
        assert term_with_deadline(ctx)


def test_proactor_selector_thread_warning() -> None:
    assert issubclass(zmq.asyncio.ProactorSelectorThreadWarning, RuntimeWarning)
    assert {"ProactorSelectorThreadWarning", "ZMQEventLoop", "install"} <= set(zmq.asyncio.__all__)
