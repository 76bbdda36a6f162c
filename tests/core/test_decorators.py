"""zmq.decorators: contexts and sockets injected into functions and cleaned up afterwards."""

from __future__ import annotations

from typing import Any

import pytest

import zmq
from zmq.decorators import context, socket


def test_context_positional() -> None:
    seen: list[zmq.Context] = []

    @context()
    def work(ctx: zmq.Context) -> str:
        assert isinstance(ctx, zmq.Context)
        assert not ctx.closed
        seen.append(ctx)
        return "result"

    assert work() == "result"
    assert seen[0].closed


def test_context_keyword_name_and_other_args() -> None:
    @context(name="ctx")
    def work(a: int, b: int = 0, *, ctx: zmq.Context, scale: int = 1) -> tuple[int, zmq.Context]:
        return (a + b) * scale, ctx

    total, ctx = work(1, b=2, scale=3)
    assert total == 9
    assert ctx.closed


def test_context_name_positional_string() -> None:
    @context("ctx")
    def work(ctx: zmq.Context) -> zmq.Context:
        return ctx

    assert work().closed


def test_context_passes_args_to_context() -> None:
    @context(io_threads=2, name="ctx")
    def work(ctx: zmq.Context) -> int:
        return int(ctx.get(zmq.IO_THREADS))

    assert work() == 2


def test_context_destroyed_on_exception() -> None:
    seen: list[zmq.Context] = []

    @context()
    def work(ctx: zmq.Context) -> None:
        seen.append(ctx)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        work()
    assert seen[0].closed


def test_keyword_collision_is_an_error() -> None:
    @context(name="ctx")
    def work(ctx: Any = None) -> None:
        pass

    with pytest.raises(TypeError, match="multiple values"):
        work(ctx="mine")


def test_wraps_metadata() -> None:
    @context()
    @socket(zmq.PUSH)
    def documented(ctx: zmq.Context, push: zmq.Socket) -> None:
        """Docs survive."""

    assert documented.__name__ == "documented"
    assert documented.__doc__ == "Docs survive."


def test_context_and_socket_stacked() -> None:
    seen: dict[str, Any] = {}

    @context()
    @socket(zmq.PUSH)
    @socket(zmq.PULL)
    def work(ctx: zmq.Context, push: zmq.Socket, pull: zmq.Socket) -> bytes:
        assert push.context is ctx and pull.context is ctx
        assert push.socket_type == zmq.PUSH and pull.socket_type == zmq.PULL
        seen.update(ctx=ctx, push=push, pull=pull)
        push.linger = pull.linger = 0
        pull.rcvtimeo = 5000
        pull.bind("inproc://decorated")
        push.connect("inproc://decorated")
        push.send(b"decorated")
        return pull.recv()

    assert work() == b"decorated"
    assert seen["push"].closed and seen["pull"].closed and seen["ctx"].closed


def test_socket_keyword_names_and_context_name() -> None:
    @context(name="ctx")
    @socket(zmq.PUB, name="pub", context_name="ctx")
    @socket("sub", zmq.SUB, context_name="ctx")
    def work(label: str, *, ctx: zmq.Context, pub: zmq.Socket, sub: zmq.Socket) -> str:
        assert pub.context is ctx and sub.context is ctx
        assert pub.socket_type == zmq.PUB and sub.socket_type == zmq.SUB
        pub.linger = sub.linger = 0
        return label

    assert work("x") == "x"


def test_socket_uses_context_keyword() -> None:
    ctx = zmq.Context()
    try:

        @socket(zmq.REQ, name="req")
        def work(*, context: zmq.Context, req: zmq.Socket) -> zmq.Socket:
            assert req.context is context
            return req

        req = work(context=ctx)
        assert req.closed
    finally:
        ctx.term()


def test_socket_default_is_instance() -> None:
    @socket(zmq.DEALER)
    def work(dealer: zmq.Socket) -> zmq.Socket:
        assert dealer.context is zmq.Context.instance()
        dealer.linger = 0
        return dealer

    assert work().closed


def test_socket_kwargs_go_to_socket(context) -> None:
    class Special(zmq.Socket):
        pass

    @socket(zmq.PAIR, socket_class=Special)
    def work(ctx: zmq.Context, pair: zmq.Socket) -> type:
        return type(pair)

    assert work(context) is Special


def test_socket_closed_on_exception(context) -> None:
    seen: list[zmq.Socket] = []

    @socket(zmq.PUSH)
    def work(ctx: zmq.Context, push: zmq.Socket) -> None:
        push.linger = 0
        seen.append(push)
        raise ValueError("fail")

    with pytest.raises(ValueError):
        work(context)
    assert seen[0].closed


def test_method_with_self(context) -> None:
    class Worker:
        @socket(zmq.PAIR, name="sock")
        def run(self, ctx: zmq.Context, *, sock: zmq.Socket) -> tuple[Any, zmq.Context]:
            sock.linger = 0
            return self, sock.context

    w = Worker()
    me, ctx = w.run(context)
    assert me is w and ctx is context
