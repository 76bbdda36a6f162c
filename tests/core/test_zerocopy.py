"""Zero-copy sends: the buffer lives until libzmq is done, without libzmq's IO thread taking the GIL."""

from __future__ import annotations

import array
import gc
import sys
import time
import weakref

import pytest

import zmq

# PyPy frees an object when its GC runs, not when the last reference goes: where a test drops the
# last holder of a message, it waits with _wait_for, which runs the GC.
IS_PYPY = sys.implementation.name == "pypy"

BIG = 200_000  # well above the default copy_threshold (64 kB): really shared, not copied


def _pattern(n: int, seed: int = 0) -> bytes:
    return bytes((i * 7 + seed) % 251 for i in range(256)) * (n // 256) + b"z" * (n % 256)


def _wait_for(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        gc.collect()
        time.sleep(0.005)
    return predicate()


def _vm_rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


class WeakBuf(bytearray):
    """A bytearray that can be weakly referenced (and so observed being collected)."""


def _make(kind: str, payload: bytes):
    if kind == "bytes":
        return bytes(payload)
    if kind == "bytearray":
        return bytearray(payload)
    if kind == "memoryview":
        return memoryview(bytearray(payload))
    if kind == "memoryview-slice":
        return memoryview(bytearray(b"head" + payload + b"tail"))[4:-4]
    if kind == "array":
        return array.array("B", payload)
    if kind == "array-int":
        return array.array("i", payload[: len(payload) // 4 * 4])
    raise ValueError(kind)


KINDS = ["bytes", "bytearray", "memoryview", "memoryview-slice", "array", "array-int"]


@pytest.mark.parametrize("transport", ["inproc", "tcp"])
@pytest.mark.parametrize("kind", KINDS)
def test_zero_copy_send_survives_dropped_references(pair, kind: str, transport: str) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, transport)
    pull.rcvtimeo = 5000
    payload = _pattern(BIG, seed=len(kind))
    data = _make(kind, payload)
    expected = bytes(memoryview(data).cast("B"))
    tracker = push.send(data, copy=False, track=True)
    assert isinstance(tracker, zmq.MessageTracker)
    del data
    gc.collect()
    # churn the allocator: if the buffer had been freed, its memory would likely be reused now
    junk = [bytearray(BIG) for _ in range(20)]
    del junk
    assert pull.recv() == expected
    tracker.wait(5)
    assert tracker.done


@pytest.mark.parametrize("kind", KINDS)
def test_zero_copy_frame_received_without_copy(pair, kind: str) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    data = _make(kind, _pattern(BIG, seed=3))
    expected = bytes(memoryview(data).cast("B"))
    tracker = push.send(data, copy=False, track=True)
    del data
    gc.collect()
    frame = pull.recv(copy=False)
    assert not tracker.done  # inproc: the received Frame still shares the sender's memory
    assert frame.bytes == expected
    assert bytes(frame.buffer) == expected
    del frame
    assert _wait_for(lambda: tracker.done)
    assert tracker.done


def test_multipart_zero_copy_tracked(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    parts = [bytearray(_pattern(BIG, seed=i)) for i in range(4)]
    expected = [bytes(p) for p in parts]
    tracker = push.send_multipart(parts, copy=False, track=True)
    del parts
    gc.collect()
    frames = pull.recv_multipart(copy=False)
    assert [f.bytes for f in frames] == expected
    del frames
    assert _wait_for(lambda: tracker.done)
    assert tracker.done


def test_tracked_frame_object(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    buf = WeakBuf(_pattern(BIG, seed=9))
    ref = weakref.ref(buf)
    frame = zmq.Frame(buf, copy=False, track=True)
    assert frame.tracker is not None
    push.send(frame, copy=False)
    del buf
    gc.collect()
    assert ref() is not None  # the Frame (and the queued message) hold it
    got = pull.recv(copy=False)
    del frame
    gc.collect()
    assert ref() is not None  # the received Frame shares it still
    del got
    assert _wait_for(lambda: ref() is None), "buffer never released after every message was closed"


def test_weakrefable_buffer_collected_only_after_tracker_done(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    buf = WeakBuf(_pattern(BIG, seed=1))
    expected = bytes(buf)
    ref = weakref.ref(buf)
    tracker = push.send(buf, copy=False, track=True)
    del buf
    for _ in range(3):
        gc.collect()
        time.sleep(0.01)
        assert not tracker.done
        assert ref() is not None, "buffer collected while libzmq still holds the message"
    frame = pull.recv(copy=False)
    gc.collect()
    assert ref() is not None and not tracker.done
    assert frame.bytes == expected
    del frame
    assert _wait_for(lambda: tracker.done)
    assert _wait_for(lambda: ref() is None), "buffer kept alive after the tracker was done"


def test_zero_copy_over_tcp_releases_after_send(pair) -> None:
    """Over tcp the IO thread drops the message once written: the tracker finishes by itself."""
    push, pull = pair(zmq.PUSH, zmq.PULL, "tcp")
    pull.rcvtimeo = 5000
    buf = WeakBuf(_pattern(BIG))
    ref = weakref.ref(buf)
    tracker = push.send(buf, copy=False, track=True)
    del buf
    assert pull.recv() == _pattern(BIG)
    tracker.wait(5)
    assert _wait_for(lambda: ref() is None)


def test_untracked_zero_copy_send_returns_none_and_releases(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    buf = WeakBuf(_pattern(BIG))
    ref = weakref.ref(buf)
    assert push.send(buf, copy=False) is None
    del buf
    assert pull.recv() == _pattern(BIG)
    assert _wait_for(lambda: ref() is None)


def test_bytearray_exports_released(pair) -> None:
    """After libzmq is done, the bytearray has no buffer exports left: it can be resized again."""
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    buf = bytearray(_pattern(BIG))
    trackers = [push.send(buf, copy=False, track=True) for _ in range(10)]
    if not IS_PYPY:  # PyPy's bytearray does not refuse resizing while its buffer is exported
        with pytest.raises(BufferError):
            buf.extend(b"x")  # exported to libzmq: resizing must be refused
    for _ in range(10):
        assert pull.recv() == bytes(buf)
    for t in trackers:
        t.wait(5)

    def resizable() -> bool:
        try:
            buf.extend(b"x")
        except BufferError:
            return False
        return True

    assert _wait_for(resizable), "buffer exports never released"


def test_no_gil_needed_by_io_thread(pair) -> None:
    """libzmq's IO thread frees sent messages without the GIL.

    The main thread holds the GIL in a busy loop (switch interval 0.5 s) while it waits, with
    non-blocking recvs only, for 30 zero-copy messages over tcp. If the sender's IO thread had to take
    the GIL to release each message, it would stall ~0.5 s per message (> 15 s).
    """
    push, pull = pair(zmq.PUSH, zmq.PULL, "tcp")
    pull.rcvtimeo = 5000
    push.send(b"warm-up")
    assert pull.recv() == b"warm-up"
    n = 30
    payloads = [bytearray(_pattern(100_000, seed=i)) for i in range(n)]
    expected = [bytes(p) for p in payloads]
    old = sys.getswitchinterval()
    sys.setswitchinterval(0.5)
    try:
        trackers = [push.send(p, copy=False, track=True) for p in payloads]
        del payloads
        got = []
        deadline = time.monotonic() + 5.0
        while len(got) < n and time.monotonic() < deadline:
            try:
                got.append(pull.recv(zmq.NOBLOCK))
            except zmq.Again:
                pass
    finally:
        sys.setswitchinterval(old)
    assert len(got) == n, f"only {len(got)} of {n} messages arrived while the GIL was busy"
    assert got == expected
    for t in trackers:
        t.wait(5)


@pytest.mark.skipif(
    IS_PYPY, reason="PyPy's GC returns memory on its own schedule: RSS says nothing"
)
def test_many_zero_copy_frames_leak_nothing(pair) -> None:
    """100k zero-copy sends of 70 kB buffers: every buffer is released and RSS does not grow."""
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    size = 70_000  # above the default copy_threshold: zero-copy for real
    batch = 500
    freed = [0]

    class Counted(bytearray):
        __slots__ = ()  # not tracked by the cyclic GC: keeps 110k allocations cheap

        def __del__(self) -> None:
            freed[0] += 1

    def run(total: int) -> None:
        for _ in range(total // batch):
            tracker = None
            for i in range(batch):
                tracker = push.send(Counted(size), copy=False, track=(i == batch - 1))
            for _ in range(batch):
                pull.recv(copy=False)  # dropped at once: the message closes in this thread
            assert tracker is not None
            if IS_PYPY:
                gc.collect()
            tracker.wait(5)

    def settle(expected_freed: int) -> None:
        assert _wait_for(lambda: freed[0] == expected_freed, timeout=10), (
            f"{expected_freed - freed[0]} zero-copy buffers never released"
        )
        gc.collect()

    warmup = 10_000
    run(warmup)
    settle(warmup)
    rss_before = _vm_rss_kb()
    total = 100_000
    run(total)
    settle(warmup + total)
    growth_mb = (_vm_rss_kb() - rss_before) / 1024
    assert growth_mb < 20, f"RSS grew by {growth_mb:.1f} MB over {total} zero-copy frames"


def test_small_buffers_below_threshold_are_copied(pair) -> None:
    """Below copy_threshold a 'zero-copy' send copies: the tracker is done at once, buffer reusable."""
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    buf = bytearray(b"small" * 10)
    tracker = push.send(buf, copy=False, track=True)
    assert tracker.done
    buf[:5] = b"XXXXX"  # the message already has its own copy
    assert pull.recv() == b"small" * 10
