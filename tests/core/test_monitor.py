"""Socket monitoring: real monitor events parsed by zmq.utils.monitor."""

from __future__ import annotations

import asyncio
import concurrent.futures
import struct
import time
from collections.abc import Iterator
from typing import Any, Callable

import pytest

import zmq
from zmq.utils.monitor import parse_monitor_message, recv_monitor_message

TIMEOUT_MS = 5000


@pytest.fixture
def monitor_of() -> Iterator[Callable[..., zmq.Socket]]:
    """Factory: the monitor PAIR socket of a socket, disabled and closed after the test."""
    made: list[tuple[zmq.Socket, zmq.Socket]] = []

    def make(sock: zmq.Socket, events: int | None = None) -> zmq.Socket:
        mon = sock.get_monitor_socket(events)
        mon.linger = 0
        mon.rcvtimeo = TIMEOUT_MS
        made.append((sock, mon))
        return mon

    yield make
    for sock, mon in made:
        if not sock.closed:
            sock.disable_monitor()
        mon.close(linger=0)


def _events_until(
    mon: zmq.Socket, wanted: set[int], deadline_s: float = 5.0
) -> list[dict[str, Any]]:
    """Collect events from mon until every event type in wanted has been seen (bounded)."""
    mon.rcvtimeo = TIMEOUT_MS
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + deadline_s
    while not wanted <= {e["event"] for e in seen}:
        assert time.monotonic() < deadline, f"missing events; saw {seen}"
        seen.append(recv_monitor_message(mon))
    return seen


def test_listening_connected_accepted(sockets, monitor_of) -> None:
    server = sockets(zmq.PULL)
    client = sockets(zmq.PUSH)
    server.linger = client.linger = 0
    server_mon = monitor_of(server)
    client_mon = monitor_of(client)
    server.bind("tcp://127.0.0.1:0")
    url = server.last_endpoint
    client.connect(url.decode())

    server_events = _events_until(server_mon, {zmq.EVENT_LISTENING, zmq.EVENT_ACCEPTED})
    client_events = _events_until(client_mon, {zmq.EVENT_CONNECTED})

    listening = next(e for e in server_events if e["event"] == zmq.EVENT_LISTENING)
    assert listening["endpoint"] == url
    assert isinstance(listening["event"], zmq.Event)
    assert listening["event"] is zmq.Event.LISTENING
    assert isinstance(listening["value"], int)
    accepted = next(e for e in server_events if e["event"] == zmq.EVENT_ACCEPTED)
    assert accepted["endpoint"] == url
    assert accepted["value"] >= 0  # the accepted connection's file descriptor
    connected = next(e for e in client_events if e["event"] == zmq.EVENT_CONNECTED)
    assert connected["endpoint"] == url
    assert isinstance(connected["endpoint"], bytes)


def test_disconnected_when_the_peer_goes(sockets, monitor_of, context) -> None:
    server = sockets(zmq.PULL)
    server.linger = 0
    mon = monitor_of(server)
    server.bind("tcp://127.0.0.1:0")
    url = server.last_endpoint
    client = context.socket(zmq.PUSH)
    client.linger = 0
    client.connect(url.decode())
    _events_until(mon, {zmq.EVENT_ACCEPTED})
    client.close()
    events = _events_until(mon, {zmq.EVENT_DISCONNECTED})
    disconnected = next(e for e in events if e["event"] == zmq.EVENT_DISCONNECTED)
    assert disconnected["endpoint"] == url


def test_parse_real_frames(sockets, monitor_of) -> None:
    server = sockets(zmq.REP)
    server.linger = 0
    mon = monitor_of(server, zmq.EVENT_LISTENING)
    server.bind("tcp://127.0.0.1:0")
    frames = mon.recv_multipart()
    assert len(frames) == 2 and len(frames[0]) == 6
    event = parse_monitor_message(frames)
    assert event == {
        "event": zmq.Event.LISTENING,
        "value": event["value"],
        "endpoint": server.last_endpoint,
    }
    event_id, value = struct.unpack("=Hi", frames[0])
    assert event_id == zmq.EVENT_LISTENING and value == event["value"]


def test_parse_frame_objects(sockets, monitor_of) -> None:
    server = sockets(zmq.PULL)
    server.linger = 0
    mon = monitor_of(server, zmq.EVENT_LISTENING)
    server.bind("tcp://127.0.0.1:0")
    frames = mon.recv_multipart(copy=False)
    assert all(isinstance(f, zmq.Frame) for f in frames)
    event = parse_monitor_message(frames)
    assert event["event"] == zmq.EVENT_LISTENING
    assert event["endpoint"] == server.last_endpoint


def test_closed_event_after_unbind(sockets, monitor_of) -> None:
    server = sockets(zmq.PULL)
    server.linger = 0
    mon = monitor_of(server, zmq.EVENT_LISTENING | zmq.EVENT_CLOSED)
    server.bind("tcp://127.0.0.1:0")
    url = server.last_endpoint
    server.unbind(url)
    events = _events_until(mon, {zmq.EVENT_LISTENING, zmq.EVENT_CLOSED})
    assert [e["event"] for e in events] == [zmq.Event.LISTENING, zmq.Event.CLOSED]
    assert all(e["endpoint"] == url for e in events)


def test_recv_monitor_message_noblock_raises_again(sockets, monitor_of) -> None:
    server = sockets(zmq.PULL)
    server.linger = 0
    mon = monitor_of(server, zmq.EVENT_ACCEPTED)
    with pytest.raises(zmq.Again):
        recv_monitor_message(mon, zmq.NOBLOCK)


@pytest.mark.parametrize(
    "msg",
    [
        [b"\x01\x00\x00\x00\x00\x00"],
        [b"\x01\x00\x00", b"tcp://x"],
        [b"\x01\x00\x00\x00\x00\x00", b"tcp://x", b"extra"],
    ],
)
def test_parse_rejects_malformed(msg: list[bytes]) -> None:
    with pytest.raises(ValueError, match="Invalid event message format") as info:
        parse_monitor_message(msg)
    assert isinstance(info.value, RuntimeError)  # what code written for pyzmq catches


@pytest.mark.parametrize("frame", [6, 2**70, None, 1.5])
@pytest.mark.parametrize("position", [0, 1])
def test_parse_rejects_frames_that_are_not_buffers(frame: object, position: int) -> None:
    # bytes(6) is six zero bytes: an int frame was parsed as event 0 (and 2**70 overflowed)
    msg: list[object] = [struct.pack("=Hi", zmq.EVENT_CONNECTED, 1), b"tcp://x"]
    msg[position] = frame
    with pytest.raises(TypeError, match="bytes or Frames"):
        parse_monitor_message(msg)  # type: ignore[arg-type]


def test_parse_accepts_other_buffers() -> None:
    header = struct.pack("=Hi", zmq.EVENT_CONNECTED, 7)
    event = parse_monitor_message([bytearray(header), memoryview(b"tcp://x")])
    assert event == {"event": zmq.Event.CONNECTED, "value": 7, "endpoint": b"tcp://x"}


def test_parse_synthetic_value() -> None:
    header = struct.pack("=Hi", zmq.EVENT_CONNECT_RETRIED, 200)
    event = parse_monitor_message([header, b"tcp://127.0.0.1:1"])
    assert event == {
        "event": zmq.Event.CONNECT_RETRIED,
        "value": 200,
        "endpoint": b"tcp://127.0.0.1:1",
    }


class _FutureSocket:
    """A wrapper whose recv_multipart returns a future, as future-returning sockets do."""

    def __init__(self, sock: zmq.Socket, make_future: Any) -> None:
        self.sock = sock
        self.make_future = make_future

    def recv_multipart(self, flags: int = 0) -> Any:
        fut = self.make_future()
        try:
            fut.set_result(self.sock.recv_multipart(flags))
        except zmq.ZMQError as e:
            fut.set_exception(e)
        return fut


def test_recv_monitor_message_concurrent_future(sockets, monitor_of) -> None:
    server = sockets(zmq.PULL)
    server.linger = 0
    mon = monitor_of(server, zmq.EVENT_LISTENING)
    server.bind("tcp://127.0.0.1:0")
    fut = recv_monitor_message(_FutureSocket(mon, concurrent.futures.Future))
    assert isinstance(fut, concurrent.futures.Future)
    event = fut.result(timeout=5)
    assert event["event"] == zmq.Event.LISTENING
    assert event["endpoint"] == server.last_endpoint
    # errors travel through the future too
    fut = recv_monitor_message(_FutureSocket(mon, concurrent.futures.Future), zmq.NOBLOCK)
    with pytest.raises(zmq.Again):
        fut.result(timeout=5)


def test_recv_monitor_message_asyncio_future(sockets, monitor_of) -> None:
    server = sockets(zmq.PULL)
    server.linger = 0
    mon = monitor_of(server, zmq.EVENT_LISTENING)
    server.bind("tcp://127.0.0.1:0")

    async def main() -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        result = recv_monitor_message(_FutureSocket(mon, loop.create_future))
        assert isinstance(result, asyncio.Future)
        return await asyncio.wait_for(result, 5)

    event = asyncio.run(main())
    assert event["event"] == zmq.Event.LISTENING
    assert event["endpoint"] == server.last_endpoint


def test_recv_monitor_message_zmq_asyncio(context) -> None:
    zmq_asyncio = pytest.importorskip("zmq.asyncio")

    async def main() -> tuple[dict[str, Any], bytes]:
        actx = zmq_asyncio.Context(context)
        server = actx.socket(zmq.PULL)
        server.linger = 0
        mon = server.get_monitor_socket(zmq.EVENT_LISTENING)
        mon.linger = 0
        try:
            server.bind("tcp://127.0.0.1:0")
            result = recv_monitor_message(mon)
            assert not isinstance(result, dict)
            event = await asyncio.wait_for(result, 5)
            return event, server.last_endpoint
        finally:
            server.disable_monitor()
            mon.close()
            server.close()

    event, url = asyncio.run(main())
    assert event["event"] == zmq.Event.LISTENING
    assert event["endpoint"] == url
