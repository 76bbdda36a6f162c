"""zmq.Frame (alias zmq.Message) and zmq.MessageTracker."""

from __future__ import annotations

import array
import copy
import gc
import threading
import time

import pytest

import zmq

TIMEOUT_MS = 2000

SOURCES = {
    "bytes": lambda: b"abcdef",
    "bytearray": lambda: bytearray(b"abcdef"),
    "memoryview": lambda: memoryview(b"xxabcdefxx")[2:8],
    "array": lambda: array.array("B", b"abcdef"),
}


def test_message_is_frame() -> None:
    assert zmq.Message is zmq.Frame


@pytest.mark.parametrize("copy", [None, True, False])
@pytest.mark.parametrize("kind", list(SOURCES))
def test_from_buffers(kind: str, copy: bool | None) -> None:
    frame = zmq.Frame(SOURCES[kind](), copy=copy)
    assert len(frame) == 6
    assert bytes(frame) == b"abcdef"
    assert frame.bytes == b"abcdef"
    assert memoryview(frame).tobytes() == b"abcdef"
    assert frame.buffer.tobytes() == b"abcdef"
    assert frame.more is False


def test_from_wider_array() -> None:
    data = array.array("i", [1, 2, 3])
    frame = zmq.Frame(data)
    assert len(frame) == data.itemsize * 3
    assert bytes(frame) == data.tobytes()


@pytest.mark.parametrize("size", [0, 100, 100_000])
def test_large_and_empty(size: int) -> None:
    frame = zmq.Frame(b"q" * size)
    assert len(frame) == size
    assert frame.bytes == b"q" * size


def test_empty_frame() -> None:
    frame = zmq.Frame()
    assert len(frame) == 0
    assert bytes(frame) == b""
    assert frame.tracker is None


def test_str_is_rejected() -> None:
    with pytest.raises(TypeError):
        zmq.Frame("text")


def test_non_buffer_is_rejected() -> None:
    with pytest.raises(TypeError):
        zmq.Frame(12345)


def test_equality() -> None:
    frame = zmq.Frame(b"abc")
    assert frame == b"abc"
    assert frame == b"abc"
    assert frame != b"abd"
    assert frame == zmq.Frame(b"abc")
    assert frame != zmq.Frame(b"xyz")


def test_copy_shares_content() -> None:
    frame = zmq.Frame(b"x" * 100_000)
    dup = copy.copy(frame)
    assert dup is not frame and dup == frame
    assert frame.fast_copy() == frame


def test_bytes_is_cached() -> None:
    frame = zmq.Frame(b"x" * 100_000)
    assert frame.bytes is frame.bytes


def test_repr_small() -> None:
    assert repr(zmq.Frame(b"abc")) == "<zmq.Frame(b'abc')>"
    assert str(zmq.Frame(b"abc")) == "<zmq.Frame(b'abc')>"  # pyzmq 26: str is the repr


def test_repr_summarises() -> None:
    # the example from pyzmq's changelog
    frame = zmq.Frame(b"abcdefghijklmnopqrstuvwxyz" * 2)
    assert repr(frame) == "<zmq.Frame(b'abcdefghijkl'...52B)>"


@pytest.mark.parametrize("size", [100_000, 5_000_000])
def test_repr_of_large_frame_stays_short(size: int) -> None:
    r = repr(zmq.Frame(b"a" * size))
    assert r.startswith("<zmq.Frame(b'aaaaaaaaaaaa'...")
    assert r.endswith("B)>")
    assert len(r) < 60
    assert str(zmq.Frame(b"a" * size)) == r


@pytest.mark.parametrize("export", ["memoryview", "buffer"])
def test_received_frames_are_writable(pair, export: str) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    push.send(b"abc")
    frame = pull.recv(copy=False)
    view = memoryview(frame) if export == "memoryview" else frame.buffer
    assert not view.readonly
    view[0] = ord("X")
    assert bytes(frame) == b"Xbc"


def test_more_and_get_more(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    push.send_multipart([b"a", b"b"])
    first, last = pull.recv_multipart(copy=False)
    assert first.more is True and last.more is False
    assert first.get(zmq.MORE) == 1
    assert last.get(zmq.MORE) == 0


def test_send_frame(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    frame = zmq.Frame(b"reusable")
    push.send(frame)
    push.send(frame)  # a Frame can be sent more than once
    assert pull.recv() == b"reusable"
    assert pull.recv() == b"reusable"
    assert frame.bytes == b"reusable"


def test_set_unknown_message_option_raises() -> None:
    # libzmq defines no settable message options (zmq_msg_set: EINVAL)
    with pytest.raises(zmq.ZMQError):
        zmq.Frame(b"x").set(zmq.MORE, 1)


def test_metadata(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH, "tcp")
    pull.rcvtimeo = TIMEOUT_MS
    push.send(b"with metadata")
    frame = pull.recv(copy=False)
    assert frame.get("Socket-Type") == "PUSH"
    assert frame["Socket-Type"] == "PUSH"
    assert frame.get(b"Socket-Type") == "PUSH"
    assert frame["Peer-Address"] == "127.0.0.1"
    with pytest.raises(zmq.ZMQError):
        frame.get("No-Such-Property")


def test_routing_id_and_group_need_draft() -> None:
    frame = zmq.Frame(b"x")
    if zmq.DRAFT_API:
        assert frame.routing_id is None
        frame.routing_id = 5
        assert frame.routing_id == 5
        frame.group = "g"
        assert frame.group == "g"
        return
    # pyzmq's clear error on a build without the DRAFT API, not libzmq's ENOTSUP
    with pytest.raises(RuntimeError, match=r"draft support for Frame\.routing_id"):
        _ = frame.routing_id
    with pytest.raises(RuntimeError, match=r"draft support for Frame\.group"):
        _ = frame.group
    with pytest.raises(RuntimeError, match="draft support"):
        frame.routing_id = 5
    with pytest.raises(RuntimeError, match="draft support"):
        frame.group = "g"


# --- tracking ------------------------------------------------------------------------------


def test_tracker_only_when_asked() -> None:
    assert zmq.Frame(b"x" * 100_000).tracker is None
    frame = zmq.Frame(b"x" * 100_000, track=True)
    assert isinstance(frame.tracker, zmq.MessageTracker)


def test_copied_frame_tracker_is_done() -> None:
    frame = zmq.Frame(b"small", track=True)
    assert frame.tracker.done
    frame.tracker.wait(0)


def test_tracked_frame_done_after_send_and_release(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    frame = zmq.Frame(b"z" * 200_000, track=True, copy=False)
    tracker = frame.tracker
    assert push.send(frame, copy=False, track=True) is tracker
    assert len(pull.recv()) == 200_000
    assert not tracker.done  # the Frame itself still holds the memory
    del frame
    gc.collect()
    tracker.wait(5)
    assert tracker.done


def test_send_untracked_frame_with_track_raises(pair) -> None:
    _, push = pair(zmq.PULL, zmq.PUSH)
    with pytest.raises(ValueError):
        push.send(zmq.Frame(b"x" * 100_000), copy=False, track=True)


def test_not_done_while_unsent(sockets, tmp_path) -> None:
    push = sockets(zmq.PUSH)
    push.sndhwm = 10
    # connect to an endpoint nobody listens on: libzmq queues the message and keeps retrying
    push.connect(f"ipc://{tmp_path}/nobody")
    tracker = push.send(b"u" * 100_000, copy=False, track=True)
    assert not tracker.done
    start = time.monotonic()
    with pytest.raises(zmq.NotDone):
        tracker.wait(0.05)
    assert time.monotonic() - start < 2
    push.close(linger=0)  # drops the message: libzmq releases the memory
    tracker.wait(5)
    assert tracker.done


def test_message_tracker_of_events() -> None:
    assert zmq.MessageTracker().done
    evt = threading.Event()
    tracker = zmq.MessageTracker(evt)
    assert not tracker.done
    with pytest.raises(zmq.NotDone):
        tracker.wait(0.01)
    threading.Timer(0.05, evt.set).start()
    tracker.wait(5)
    assert tracker.done


def test_message_tracker_combines() -> None:
    a, b = threading.Event(), threading.Event()
    frame = zmq.Frame(b"x", track=True)
    combined = zmq.MessageTracker(zmq.MessageTracker(a), b, frame)
    a.set()
    assert not combined.done
    b.set()
    assert combined.done


def test_message_tracker_rejects_untracked_frame() -> None:
    with pytest.raises(ValueError):
        zmq.MessageTracker(zmq.Frame(b"x"))


# --- re-initialisation (Frame.__init__ called again) and buffer writes -----------------------------


@pytest.mark.parametrize("copy", [True, False, None])
@pytest.mark.parametrize("bad", [object(), 12345, "text", None.__class__])
def test_reinit_with_bad_data_keeps_the_frame(copy: bool | None, bad: object) -> None:
    frame = zmq.Frame(b"hello")
    with pytest.raises(TypeError):
        frame.__init__(bad, copy=copy)
    assert len(frame) == 5
    assert frame.bytes == b"hello"
    assert bytes(memoryview(frame)) == b"hello"


def test_reinit_with_non_contiguous_data_keeps_the_frame() -> None:
    frame = zmq.Frame(b"hello")
    with pytest.raises(BufferError):
        frame.__init__(memoryview(bytearray(b"abcdefgh"))[::2], copy=True)
    assert frame.bytes == b"hello"


class _Forgiving(zmq.Frame):
    """A subclass that swallows its constructor's errors."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        try:
            super().__init__(*args, **kwargs)
        except (TypeError, BufferError):
            pass


def test_subclass_catching_the_error_keeps_a_valid_frame() -> None:
    frame = _Forgiving(object(), copy=True)
    assert len(frame) == 0 and frame.bytes == b""
    frame = _Forgiving(b"kept")
    frame.__init__(object())
    assert frame.bytes == b"kept"


@pytest.mark.parametrize("size", [5, 100_000])
def test_reinit_while_a_buffer_is_exported_raises(size: int) -> None:
    frame = zmq.Frame(b"A" * size)
    view = memoryview(frame)
    with pytest.raises(BufferError):
        frame.__init__(b"x")
    # the exported memory still belongs to this frame's content
    other = zmq.Frame(b"Z" * size)
    assert bytes(view[:8]) == b"A" * min(size, 8)
    assert other.bytes[:1] == b"Z"
    view.release()
    frame.__init__(b"x")  # allowed once released
    assert frame.bytes == b"x"


@pytest.mark.parametrize("copy", [True, False])
def test_reinit_from_itself(copy: bool) -> None:
    frame = zmq.Frame(b"B" * 100_000)
    if copy:
        frame.__init__(frame, copy=True)
        assert frame.bytes == b"B" * 100_000
    else:
        # sharing its own content, which re-initialising releases: refused
        with pytest.raises(BufferError):
            frame.__init__(frame, copy=False)
        assert frame.bytes == b"B" * 100_000


def test_reinit_replaces_content_and_tracker() -> None:
    frame = zmq.Frame(bytearray(b"y" * 100_000), copy=False, track=True)
    assert frame.tracker is not None
    frame.__init__(b"small")
    assert frame.bytes == b"small"
    assert frame.tracker is None
    frame.__init__()
    assert len(frame) == 0 and frame.bytes == b""


@pytest.mark.parametrize("data", [b"abc", bytearray(b"abc")])
def test_bytes_follows_writes_through_the_buffer(data: bytes | bytearray) -> None:
    frame = zmq.Frame(data)
    assert frame.bytes == b"abc"
    view = memoryview(frame)
    view[0] = ord("x")
    assert frame.bytes == b"xbc"
    view[1] = ord("y")  # still exported: every read sees the latest content
    assert frame.bytes == b"xyc"
    assert bytes(frame) == b"xyc" and frame == b"xyc"
    view.release()
    del view
    gc.collect()  # PyPy learns that a view is gone only when it collects it (CPython at once)
    assert frame.bytes == b"xyc"
    assert frame.bytes is frame.bytes  # cached again once nobody can write


def test_bytes_of_received_frame_follows_writes(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    push.send(b"abc")
    frame = pull.recv(copy=False)
    assert frame.bytes == b"abc"
    frame.buffer[2] = ord("!")
    assert frame.bytes == b"ab!"
