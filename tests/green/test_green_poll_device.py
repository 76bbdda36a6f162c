"""zmq.green Poller, select, devices and proxies on real gevent."""

from __future__ import annotations

import os
import time
from typing import Any, Callable

import gevent
import pytest

import zmq.green as zmq

Factory = Callable[..., zmq.Socket]


def _pulls(gsockets: Factory, n: int) -> tuple[list[zmq.Socket], list[zmq.Socket]]:
    pulls, pushes = [], []
    for _ in range(n):
        pull, push = gsockets(zmq.PULL), gsockets(zmq.PUSH)
        pull.bind("tcp://127.0.0.1:0")
        push.connect(pull.last_endpoint.decode())
        pulls.append(pull)
        pushes.append(push)
    return pulls, pushes


def test_poller_wakes_on_the_first_ready_socket(gsockets: Factory, start_ticker: Any) -> None:
    pulls, pushes = _pulls(gsockets, 4)
    poller = zmq.Poller()
    for pull in pulls:
        poller.register(pull, zmq.POLLIN)
    with gevent.Timeout(10):
        ticker = start_ticker()
        g = gevent.spawn(poller.poll, 5000)
        gevent.sleep(0.1)
        assert not g.ready()
        assert ticker.count > 20  # the poll waits on the hub
        pushes[2].send(b"third")
        start = time.monotonic()
        assert g.get() == [(pulls[2], zmq.POLLIN)]
        assert time.monotonic() - start < 2
        assert pulls[2].recv() == b"third"


def test_poller_timeout_and_raw_fds(gsockets: Factory) -> None:
    (pull,), (push,) = _pulls(gsockets, 1)
    r, w = os.pipe()
    try:
        poller = zmq.Poller()
        poller.register(pull, zmq.POLLIN)
        poller.register(r, zmq.POLLIN)
        with gevent.Timeout(10):
            start = time.monotonic()
            assert poller.poll(150) == []
            assert time.monotonic() - start >= 0.12
            g = gevent.spawn(poller.poll)
            gevent.sleep(0.05)
            assert not g.ready()
            os.write(w, b"x")
            assert g.get() == [(r, zmq.POLLIN)]
            os.read(r, 1)
            poller.register(w, zmq.POLLOUT)
            assert poller.poll(1000) == [(w, zmq.POLLOUT)]
            poller.unregister(w)
            push.send(b"m")
            assert poller.poll(1000) == [(pull, zmq.POLLIN)]
    finally:
        os.close(r)
        os.close(w)


def test_poller_interrupted_by_gevent_timeout(gsockets: Factory) -> None:
    (pull,), (push,) = _pulls(gsockets, 1)
    poller = zmq.Poller()
    poller.register(pull, zmq.POLLIN)
    with pytest.raises(gevent.Timeout), gevent.Timeout(0.1):
        poller.poll()
    assert not pull._ready.waiting()  # nothing left registered on the socket
    push.send(b"after")
    with gevent.Timeout(5):
        assert poller.poll() == [(pull, zmq.POLLIN)]
        assert pull.recv() == b"after"


def test_select(gsockets: Factory) -> None:
    pulls, pushes = _pulls(gsockets, 2)
    with gevent.Timeout(5):
        assert zmq.select(pulls, [], [], 0.05) == ([], [], [])
        g = gevent.spawn(zmq.select, pulls, [], [], 5)
        gevent.sleep(0.05)
        pushes[1].send(b"x")
        assert g.get() == ([pulls[1]], [], [])
        _, wlist, _ = zmq.select([], pushes, [], 1)
        assert wlist == pushes


def test_green_proxy_and_device(gsockets: Factory) -> None:
    front, back = gsockets(zmq.PULL), gsockets(zmq.PUSH)
    capture = gsockets(zmq.PUSH)
    front.bind("inproc://front")
    back.bind("inproc://back")
    capture.bind("inproc://capture")
    src, dst, cap = gsockets(zmq.PUSH), gsockets(zmq.PULL), gsockets(zmq.PULL)
    src.connect("inproc://front")
    dst.connect("inproc://back")
    cap.connect("inproc://capture")
    with gevent.Timeout(10):
        p = gevent.spawn(zmq.proxy, front, back, capture)
        for i in range(50):
            src.send_multipart([b"m", b"%d" % i])
        assert [dst.recv_multipart() for _ in range(50)] == [[b"m", b"%d" % i] for i in range(50)]
        assert cap.recv_multipart() == [b"m", b"0"]
        p.kill()  # the green proxy is a greenlet: kill stops it between messages
        assert p.dead

    # device(QUEUE) between ROUTER and DEALER, serving REQ clients and a REP worker
    router, dealer = gsockets(zmq.ROUTER), gsockets(zmq.DEALER)
    router.bind("tcp://127.0.0.1:0")
    dealer.bind("tcp://127.0.0.1:0")
    rep = gsockets(zmq.REP)
    rep.connect(dealer.last_endpoint.decode())

    def worker() -> None:
        while True:
            rep.send(rep.recv().upper())

    def client(i: int) -> bytes:
        req = gsockets(zmq.REQ)
        req.connect(router.last_endpoint.decode())
        req.send(b"hi%d" % i)
        return bytes(req.recv())

    with gevent.Timeout(10):
        d = gevent.spawn(zmq.device, zmq.QUEUE, router, dealer)
        w = gevent.spawn(worker)
        clients = [gevent.spawn(client, i) for i in range(10)]
        gevent.joinall(clients, raise_error=True)
        assert [c.value for c in clients] == [b"HI%d" % i for i in range(10)]
        gevent.killall([d, w])


def test_proxy_steerable_runs_in_the_threadpool(gsockets: Factory, start_ticker: Any) -> None:
    front, back, control = gsockets(zmq.PULL), gsockets(zmq.PUSH), gsockets(zmq.PAIR)
    front.bind("inproc://sfront")
    back.bind("inproc://sback")
    control.bind("inproc://sctl")
    src, dst, steer = gsockets(zmq.PUSH), gsockets(zmq.PULL), gsockets(zmq.PAIR)
    src.connect("inproc://sfront")
    dst.connect("inproc://sback")
    steer.connect("inproc://sctl")
    with gevent.Timeout(10):
        ticker = start_ticker()
        p = gevent.spawn(zmq.proxy_steerable, front, back, None, control)
        src.send(b"through")
        assert dst.recv() == b"through"
        gevent.sleep(0.05)
        assert ticker.count > 5 and not p.ready()  # the C proxy does not hold the hub
        steer.send(b"TERMINATE")
        p.get()


def test_eventloop_modules_import() -> None:
    pytest.importorskip("tornado")
    from zmq.green.eventloop import ioloop, zmqstream

    assert ioloop.IOLoop is not None
    from zmq.eventloop import zmqstream as tornado_zmqstream

    assert issubclass(zmqstream.ZMQStream, tornado_zmqstream.ZMQStream)


ZMQSTREAM_SCRIPT = r"""
from gevent import monkey
monkey.patch_all()
import gevent
import zmq.green as zmq
from zmq.green.eventloop.ioloop import IOLoop
from zmq.green.eventloop.zmqstream import ZMQStream

ctx = zmq.Context()
pull, push = ctx.socket(zmq.PULL), ctx.socket(zmq.PUSH)
pull.linger = push.linger = 0
pull.bind("tcp://127.0.0.1:0")
push.connect(pull.last_endpoint.decode())
loop = IOLoop()
got = []

def on_recv(msg):
    got.append(msg)
    if len(got) == 20:
        loop.stop()

def sender():  # another greenlet, running while the tornado loop waits
    for i in range(20):
        push.send_multipart([b"m", b"%d" % i])
        gevent.sleep(0.005)

stream = ZMQStream(pull, io_loop=loop)
stream.on_recv(on_recv)
g = gevent.spawn(sender)
loop.call_later(10, loop.stop)
loop.start()
assert got == [[b"m", b"%d" % i] for i in range(20)], got
stream.close()
push.close()
loop.close()
ctx.term()
print("ok")
"""


def test_zmqstream_on_a_green_socket_with_monkey_patching(run_script: Any) -> None:
    pytest.importorskip("tornado")
    proc = run_script(ZMQSTREAM_SCRIPT, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("ok")


ZEROCOPY_SCRIPT = r"""
import faulthandler, sys
faulthandler.dump_traceback_later(10, exit=True)  # a blocked hub cannot honour gevent.Timeout
from gevent import monkey
monkey.patch_all()
import threading, gevent
import zmq.green as zmq

if "--native-collector" in sys.argv:
    # what the core should do: start the collector on a native thread even under monkey-patching
    import types
    from zmq.backend.cython import _zmq

    start_native = monkey.get_original("_thread", "start_new_thread")

    class NativeThread:
        def __init__(self, target, args=(), name=None, daemon=None):
            self._run = (target, args)

        def start(self):
            start_native(*self._run)

    _zmq.threading = types.SimpleNamespace(
        Thread=NativeThread, Event=threading.Event, Lock=threading.Lock
    )

assert threading.Event.__module__.startswith("gevent"), threading.Event
ctx = zmq.Context()
push, pull = ctx.socket(zmq.PUSH), ctx.socket(zmq.PULL)
push.linger = pull.linger = 0
pull.bind("tcp://127.0.0.1:0")
push.connect(pull.last_endpoint.decode())
big = [bytes([i]) * 300_000 for i in range(8)]

def receiver():
    return [pull.recv() for _ in big]

with gevent.Timeout(8):
    r = gevent.spawn(receiver)
    trackers = [push.send(buf, copy=False, track=True) for buf in big]
    assert r.get() == big
    for t in trackers:
        t.wait(10)  # gevent Events, set by the zero-copy collector
    assert all(t.done for t in trackers)
push.close()
pull.close()
ctx.term()
print("ok")
"""


def test_zero_copy_after_monkey_patch_all(run_script: Any) -> None:
    proc = run_script(ZEROCOPY_SCRIPT, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("ok")


def test_zero_copy_after_monkey_patch_all_with_a_native_collector(run_script: Any) -> None:
    """The fix proposed for the core works: trackers (gevent Events) are set from a native thread."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", ZEROCOPY_SCRIPT, "--native-collector"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("ok")
