"""zmq.Context: construction, shadowing, instance(), options, default socket options, lifecycle."""

from __future__ import annotations

import copy
import gc
import json
import os
import subprocess
import sys
import textwrap
import warnings
import weakref
from unittest import mock

import pytest

import zmq


def _inproc_roundtrip(bind_ctx: zmq.Context, connect_ctx: zmq.Context, url: str) -> bytes:
    """Send one message over inproc between sockets of two Context objects."""
    pull = bind_ctx.socket(zmq.PULL)
    push = connect_ctx.socket(zmq.PUSH)
    try:
        pull.rcvtimeo = 2000
        pull.bind(url)
        push.connect(url)
        push.send(b"across")
        return pull.recv()
    finally:
        push.close(linger=0)
        pull.close(linger=0)


@pytest.mark.parametrize("io_threads", [1, 2])
def test_io_threads(io_threads: int) -> None:
    ctx = zmq.Context(io_threads)
    try:
        assert ctx.io_threads == io_threads
        assert ctx.get(zmq.IO_THREADS) == io_threads
    finally:
        ctx.term()


def test_io_threads_keyword() -> None:
    with zmq.Context(io_threads=2) as ctx:
        assert ctx.get(zmq.IO_THREADS) == 2


def test_options_as_attributes(context: zmq.Context) -> None:
    context.max_sockets = 100
    assert context.get(zmq.MAX_SOCKETS) == 100
    assert context.max_sockets == 100
    context.set(zmq.MAX_SOCKETS, 200)
    assert context.max_sockets == 200
    assert isinstance(context.socket_limit, int) and context.socket_limit > 0


def test_unknown_attribute_raises(context: zmq.Context) -> None:
    with pytest.raises(AttributeError):
        _ = context.no_such_option
    with pytest.raises(AttributeError):
        context.no_such_option = 1


@pytest.mark.parametrize("how", ["shadow_kw_address", "shadow_kw_context", "classmethod", "copy"])
def test_shadow_shares_libzmq_context(context: zmq.Context, how: str) -> None:
    if how == "shadow_kw_address":
        other = zmq.Context(shadow=context.underlying)
    elif how == "shadow_kw_context":
        other = zmq.Context(shadow=context)
    elif how == "classmethod":
        other = zmq.Context.shadow(context.underlying)
    else:
        other = zmq.Context(context)
    assert other is not context
    assert other.underlying == context.underlying
    assert not other.closed
    # inproc only works inside one libzmq context: this proves they are the same one
    assert _inproc_roundtrip(context, other, "inproc://shadow-test") == b"across"


@pytest.mark.parametrize("how", ["copy", "deepcopy", "classmethod", "positional"])
def test_shadow_flag_and_wrapped_object(context: zmq.Context, how: str) -> None:
    assert context._shadow is False and context._shadow_obj is None
    if how == "copy":
        other = copy.copy(context)
    elif how == "deepcopy":
        other = copy.deepcopy(context)
    elif how == "classmethod":
        other = zmq.Context.shadow(context)
    else:
        other = zmq.Context(context)
    assert other._shadow is True
    assert other.underlying == context.underlying
    if how in ("classmethod", "positional"):
        assert other._shadow_obj is context  # keeps the original (and its libzmq context) alive
    # a shadow of a shadow is the same libzmq context too
    assert copy.deepcopy(other).underlying == context.underlying


def test_shadow_keeps_the_shadowed_context_alive() -> None:
    original = zmq.Context()
    shadow = zmq.Context.shadow(original)
    ref = weakref.ref(original)
    del original
    gc.collect()
    assert ref() is not None  # still usable through the shadow
    s = shadow.socket(zmq.PUSH)
    s.close()
    ref().term()


def test_dropping_a_shadow_leaves_the_original_usable(context: zmq.Context) -> None:
    shadow = zmq.Context.shadow(context)
    del shadow
    gc.collect()
    assert not context.closed
    s = context.socket(zmq.PUSH)
    s.close()


def test_underlying_is_int(context: zmq.Context) -> None:
    assert isinstance(context.underlying, int) and context.underlying > 0


def test_instance_is_a_singleton() -> None:
    a = zmq.Context.instance()
    b = zmq.Context.instance()
    assert a is b
    assert isinstance(a, zmq.Context)
    assert not a.closed


def test_instance_replaced_after_term() -> None:
    class Private(zmq.Context):  # its own instance: other tests' use of the global one is safe
        _instance = None

    a = Private.instance()
    a.term()
    b = Private.instance()
    try:
        assert b is not a and not b.closed
    finally:
        b.term()


def test_instance_is_new_in_forked_child() -> None:
    parent = zmq.Context.instance()
    parent_id = id(parent)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: report, never return into pytest
        code = 1
        try:
            child = zmq.Context.instance()
            ok = child is not parent and id(child) != parent_id and not child.closed
            ok = ok and zmq.Context.instance() is child
            # the child's instance must actually work
            if ok:
                a, b = child.socket(zmq.PAIR), child.socket(zmq.PAIR)
                a.bind("inproc://fork-child")
                b.connect("inproc://fork-child")
                a.send(b"x")
                b.rcvtimeo = 2000
                ok = b.recv() == b"x"
                a.close(linger=0)
                b.close(linger=0)
                child.term()
            code = 0 if ok else 2
        except BaseException:
            code = 3
        finally:
            os.write(w, bytes([code]))
            os._exit(code)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    result = os.read(r, 1)
    os.close(r)
    assert os.WIFEXITED(status)
    assert result == b"\x00", f"child exit code {result!r}"
    assert zmq.Context.instance() is parent


def test_term_sets_closed() -> None:
    ctx = zmq.Context()
    assert not ctx.closed
    ctx.term()
    assert ctx.closed
    ctx.term()  # a second term is harmless


def test_socket_after_term_raises() -> None:
    ctx = zmq.Context()
    ctx.term()
    with pytest.raises(zmq.ZMQError):
        ctx.socket(zmq.PUSH)


# Contexts collected while open are terminated on a background thread each. Measured in a child
# process: after a warm-up (libzmq's and malloc's per-thread arenas settle), more rounds must not grow
# the address space, the memory mappings or the thread count (each thread used to keep its stack).
COLLECTED_CONTEXTS = textwrap.dedent(
    """
    import gc, json, os, sys, time
    import zmq

    def sample():
        with open("/proc/self/status") as f:
            vm = next(int(line.split()[1]) for line in f if line.startswith("VmSize:"))
        with open("/proc/self/maps") as f:
            maps = sum(1 for _ in f)
        return {"vm_kb": vm, "maps": maps, "threads": len(os.listdir("/proc/self/task"))}

    def settled():
        # the last term threads may still be finishing: wait for them (bounded)
        for _ in range(500):
            if len(os.listdir("/proc/self/task")) == 1:
                break
            gc.collect()  # PyPy finalises a socket's context only at a later collection
            time.sleep(0.01)
        return sample()

    def rounds(n):
        for _ in range(n):
            c = zmq.Context()
            c.socket(zmq.PUSH).close()
            del c
            gc.collect()

    rounds(int(sys.argv[1]))
    before = settled()
    rounds(int(sys.argv[1]))
    print(json.dumps({"before": before, "after": settled()}))
    """
)


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs Linux /proc")
def test_collected_contexts_leave_no_threads_or_mappings() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", COLLECTED_CONTEXTS, "1000"],
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    before, after = result["before"], result["after"]
    # one leaked thread stack is two mappings and 8 MiB: 1000 rounds would add 2000 and 8 GiB.
    # (glibc may still reserve another 64 MiB malloc arena for a new thread: allowed for.)
    assert after["maps"] - before["maps"] < 50, result
    assert after["vm_kb"] - before["vm_kb"] < 512 * 1024, result
    assert after["threads"] == before["threads"] == 1, result


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.exists("/proc/self/fd"), reason="needs Linux /proc")
@pytest.mark.parametrize("io_threads", [-1, -100])
def test_failed_construction_leaks_no_context(io_threads: int) -> None:
    zmq.Context().term()  # anything created once per process exists before we count
    before = _open_fds()
    for _ in range(20):
        with pytest.raises(zmq.ZMQError) as info:
            zmq.Context(io_threads=io_threads)
        assert info.value.errno == zmq.EINVAL
    gc.collect()
    assert _open_fds() == before


def test_init_twice_is_refused(context: zmq.Context) -> None:
    sock = context.socket(zmq.PUSH)
    try:
        with pytest.raises(RuntimeError):
            context.__init__()
        with pytest.raises(RuntimeError):
            sock.__init__(context, zmq.PULL)
        assert sock.socket_type == zmq.PUSH  # the socket we had is still ours
    finally:
        sock.close()


def test_destroy_closes_sockets() -> None:
    ctx = zmq.Context()
    socks = [ctx.socket(zmq.PUSH) for _ in range(3)]
    socks.append(zmq.Socket(ctx, zmq.PULL))  # made without ctx.socket(): still tracked
    ctx.destroy()
    assert ctx.closed
    assert all(s.closed for s in socks)


def test_destroy_linger_drops_pending_messages() -> None:
    ctx = zmq.Context()
    s = ctx.socket(zmq.PUSH)
    s.connect("tcp://127.0.0.1:1")  # never reachable: the message stays queued
    s.send(b"pending")
    ctx.destroy(linger=0)  # with the default LINGER (-1) term() would wait forever
    assert ctx.closed and s.closed


def test_context_manager_destroys() -> None:
    with pytest.warns(ResourceWarning, match="left open"), zmq.Context() as ctx:
        s = ctx.socket(zmq.PUSH)
        s.linger = 0
        assert not ctx.closed
    assert ctx.closed
    assert s.closed


def test_context_manager_is_quiet_when_sockets_were_closed() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        with zmq.Context() as ctx:
            with ctx.socket(zmq.PUSH) as s:
                s.linger = 0
            ctx.socket(zmq.PULL).close()
    assert ctx.closed


def test_explicit_destroy_closes_open_sockets_quietly() -> None:
    ctx = zmq.Context()
    s = ctx.socket(zmq.PUSH)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        ctx.destroy(linger=0)
    assert s.closed and ctx.closed


def test_default_socket_options(context: zmq.Context) -> None:
    context.linger = 0
    context.setsockopt(zmq.SNDHWM, 42)
    assert context.linger == 0
    assert context.getsockopt(zmq.SNDHWM) == 42
    s = context.socket(zmq.PUSH)
    try:
        assert s.linger == 0
        assert s.sndhwm == 42
    finally:
        s.close()


def test_default_subscribe_applies_only_where_it_fits(context: zmq.Context) -> None:
    context.setsockopt(zmq.SUBSCRIBE, b"")
    context.linger = 0
    sub = context.socket(zmq.SUB)  # gets the subscription
    push = context.socket(zmq.PUSH)  # SUBSCRIBE is not valid here: silently skipped
    pub = context.socket(zmq.PUB)
    try:
        url = "inproc://default-subscribe"
        pub.bind(url)
        sub.connect(url)
        sub.rcvtimeo = 100
        for _ in range(50):
            pub.send(b"hello")
            try:
                assert sub.recv() == b"hello"
                break
            except zmq.Again:
                continue
        else:
            pytest.fail("SUB socket never received: default SUBSCRIBE not applied")
    finally:
        for s in (sub, push, pub):
            s.close()


def test_unset_default_option(context: zmq.Context) -> None:
    context.linger = 5
    del context.linger
    s = context.socket(zmq.PUSH)
    try:
        assert s.linger == -1  # libzmq's default again
    finally:
        s.close()


def test_socket_class(context: zmq.Context) -> None:
    class MySocket(zmq.Socket):
        pass

    s = context.socket(zmq.PUSH, socket_class=MySocket)
    try:
        assert type(s) is MySocket
        assert s.context is context
        assert s.socket_type == zmq.PUSH
    finally:
        s.close()


def test_socket_kwargs_reach_the_constructor(context: zmq.Context) -> None:
    s = context.socket(zmq.PUSH, copy_threshold=7)
    try:
        assert s.copy_threshold == 7
    finally:
        s.close()


def test_repr() -> None:
    ctx = zmq.Context()
    r = repr(ctx)
    assert r.startswith("<zmq.Context() at 0x")
    assert "closed" not in r
    s = ctx.socket(zmq.PUSH)
    assert repr(ctx).startswith("<zmq.Context(1 socket) at 0x")
    s2 = ctx.socket(zmq.PULL)
    assert repr(ctx).startswith("<zmq.Context(2 sockets) at 0x")
    s.close()
    s2.close()
    ctx.term()
    assert repr(ctx).startswith("<zmq.Context() at 0x")
    assert repr(ctx).endswith(" closed>")


def test_dir_lists_context_options(context: zmq.Context) -> None:
    names = dir(context)
    assert "socket" in names and "destroy" in names
    assert {"IO_THREADS", "MAX_SOCKETS", "SOCKET_LIMIT"} <= set(names)


def test_context_can_be_a_mock_spec(context: zmq.Context) -> None:
    fake = mock.Mock(spec=context)
    fake.socket(zmq.PUSH)
    fake.socket.assert_called_once_with(zmq.PUSH)


def test_instance_of_subclass_shares_an_existing_base_instance() -> None:
    class Base(zmq.Context):
        _instance = None  # (isolates this test from the process-wide zmq.Context.instance())

    class Inheriting(Base):
        pass

    class Separate(Base):
        _instance = None

    base = Base.instance()
    try:
        assert Inheriting.instance() is base
        separate = Separate.instance()
        assert type(separate) is Separate and separate is not base
        separate.term()
    finally:
        base.term()


def test_instance_of_subclass_asked_first_is_its_own() -> None:
    class Base(zmq.Context):
        _instance = None

    class Sub(Base):
        pass

    sub = Sub.instance()
    base = Base.instance()
    try:
        assert type(sub) is Sub and Sub.instance() is sub
        assert type(base) is Base and base is not sub
    finally:
        sub.term()
        base.term()


def test_subclass_may_set_its_declared_attributes() -> None:
    class Annotated(zmq.Context):
        label: str

        def __init__(self, label: str) -> None:
            super().__init__()
            self.label = label

    ctx = Annotated("x")
    try:
        assert ctx.label == "x"
        with pytest.raises(AttributeError):
            ctx.undeclared = 1
    finally:
        ctx.term()


def test_context_subclass_repr_and_instance() -> None:
    class MyContext(zmq.Context):
        _instance = None

    inst = MyContext.instance()
    try:
        assert type(inst) is MyContext
        assert MyContext.instance() is inst
        assert zmq.Context.instance() is not inst
        assert "MyContext" in repr(inst)
    finally:
        inst.term()
