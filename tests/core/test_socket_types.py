"""Every socket type in a real exchange, over inproc, ipc and tcp loopback."""

from __future__ import annotations

import socket

import pytest
from endpoints import endpoint

import zmq

TIMEOUT_MS = 2000
TRANSPORTS = ["inproc", "ipc", "tcp"]


def _bind_connect(sockets, bind_type: int, connect_type: int, transport: str, **opts):
    """Like the `pair` fixture, but options in opts are set on the connecting side first."""
    a, b = sockets(bind_type), sockets(connect_type)
    for s in (a, b):
        s.linger = 0
        s.rcvtimeo = s.sndtimeo = TIMEOUT_MS
    for name, value in opts.items():
        setattr(b, name, value)
    a.bind(endpoint(transport))
    b.connect(a.last_endpoint.decode())
    return a, b


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_pair(sockets, transport: str) -> None:
    a, b = _bind_connect(sockets, zmq.PAIR, zmq.PAIR, transport)
    a.send(b"ping")
    assert b.recv() == b"ping"
    b.send_multipart([b"po", b"ng"])
    assert a.recv_multipart() == [b"po", b"ng"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_pub_sub(sockets, transport: str) -> None:
    pub, sub = _bind_connect(sockets, zmq.PUB, zmq.SUB, transport)
    sub.subscribe(b"news")
    # slow joiner: publish until the subscription has reached the publisher (bounded)
    for _ in range(100):
        pub.send_multipart([b"news", b"hello"])
        if sub.poll(50):
            break
    else:
        pytest.fail("SUB never received a published message")
    assert sub.recv_multipart() == [b"news", b"hello"]
    while sub.poll(20):
        sub.recv_multipart()
    pub.send(b"sports: filtered out")
    pub.send_multipart([b"news", b"again"])
    assert sub.recv_multipart() == [b"news", b"again"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_req_rep(sockets, transport: str) -> None:
    rep, req = _bind_connect(sockets, zmq.REP, zmq.REQ, transport)
    for i in range(3):
        req.send_string(f"question {i}")
        assert rep.recv_string() == f"question {i}"
        rep.send_string(f"answer {i}")
        assert req.recv_string() == f"answer {i}"


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_req_sending_twice_is_efsm(sockets, transport: str) -> None:
    _rep, req = _bind_connect(sockets, zmq.REP, zmq.REQ, transport)
    req.send(b"first")
    with pytest.raises(zmq.ZMQError) as info:
        req.send(b"second")
    assert info.value.errno == zmq.EFSM


def test_rep_sending_first_is_efsm(sockets) -> None:
    rep, _req = _bind_connect(sockets, zmq.REP, zmq.REQ, "inproc")
    with pytest.raises(zmq.ZMQError) as info:
        rep.send(b"nobody asked")
    assert info.value.errno == zmq.EFSM


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_dealer_router(sockets, transport: str) -> None:
    router, dealer = _bind_connect(
        sockets, zmq.ROUTER, zmq.DEALER, transport, routing_id=b"dealer-1"
    )
    dealer.send_multipart([b"hello", b"router"])
    assert router.recv_multipart() == [b"dealer-1", b"hello", b"router"]
    router.send_multipart([b"dealer-1", b"hi", b"dealer"])
    assert dealer.recv_multipart() == [b"hi", b"dealer"]


def test_router_mandatory_unknown_peer(sockets) -> None:
    router = sockets(zmq.ROUTER)
    router.router_mandatory = 1
    router.bind(endpoint("inproc"))
    with pytest.raises(zmq.ZMQError) as info:
        router.send_multipart([b"nobody", b"x"], zmq.NOBLOCK)
    assert info.value.errno == zmq.EHOSTUNREACH


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_push_pull(sockets, transport: str) -> None:
    pull, push = _bind_connect(sockets, zmq.PULL, zmq.PUSH, transport)
    for i in range(5):
        push.send(b"job %d" % i)
    assert [pull.recv() for _ in range(5)] == [b"job %d" % i for i in range(5)]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_xpub_xsub(sockets, transport: str) -> None:
    xpub, xsub = _bind_connect(sockets, zmq.XPUB, zmq.XSUB, transport)
    xsub.send(b"\x01topic")  # a subscription message
    assert xpub.recv() == b"\x01topic"
    xpub.send(b"topic: data")
    xpub.send(b"other: dropped")
    xpub.send(b"topic: more")
    assert xsub.recv() == b"topic: data"
    assert xsub.recv() == b"topic: more"
    xsub.send(b"\x00topic")  # unsubscribe
    assert xpub.recv() == b"\x00topic"


def test_stream_with_raw_tcp_client(sockets) -> None:
    stream = sockets(zmq.STREAM)
    stream.linger = 0
    stream.rcvtimeo = TIMEOUT_MS
    port = stream.bind_to_random_port("tcp://127.0.0.1")
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_MS / 1000) as client:
        peer_id, empty = stream.recv_multipart()  # connect notification
        assert peer_id and empty == b""
        client.sendall(b"raw hello")
        ident, data = stream.recv_multipart()
        assert ident == peer_id
        # TCP may split the bytes; collect them (bounded by RCVTIMEO)
        while len(data) < len(b"raw hello"):
            more_id, more = stream.recv_multipart()
            assert more_id == peer_id
            data += more
        assert data == b"raw hello"
        stream.send_multipart([peer_id, b"raw reply"])
        received = b""
        while len(received) < len(b"raw reply"):
            chunk = client.recv(64)
            assert chunk, "connection closed early"
            received += chunk
        assert received == b"raw reply"


DRAFT_TYPES = ["SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "DGRAM", "PEER", "CHANNEL"]


@pytest.mark.parametrize("name", DRAFT_TYPES)
def test_draft_socket_types(context: zmq.Context, name: str) -> None:
    socket_type = getattr(zmq, name)  # the constant exists even without the DRAFT API
    try:
        s = context.socket(socket_type)
    except zmq.ZMQError:
        # a libzmq built without them refuses the type; with the DRAFT API it must work
        assert not zmq.DRAFT_API
        return
    # (Debian's libzmq 4.3.4 creates these types even though its DRAFT functions are hidden)
    try:
        assert s.socket_type == socket_type
    finally:
        s.close(linger=0)


@pytest.mark.skipif(zmq.DRAFT_API, reason="only without the DRAFT API")
def test_draft_send_options_unavailable(sockets) -> None:
    push = sockets(zmq.PUSH)
    push.bind(endpoint("inproc"))
    # without the DRAFT API: pyzmq's RuntimeError saying so, not libzmq's ENOTSUP
    error = zmq.ZMQError if zmq.DRAFT_API else RuntimeError
    with pytest.raises(error):
        push.send(b"x", routing_id=1, flags=zmq.NOBLOCK)
    with pytest.raises(error):
        push.send(b"x", group="g", flags=zmq.NOBLOCK)


@pytest.mark.skipif(zmq.DRAFT_API, reason="a build without the DRAFT API")
def test_join_leave_need_draft(context) -> None:
    with context.socket(zmq.PUSH) as sock:
        with pytest.raises(RuntimeError, match=r"draft support for Socket\.join"):
            sock.join("g")
        with pytest.raises(RuntimeError, match=r"draft support for Socket\.leave"):
            sock.leave("g")


@pytest.mark.skipif(not zmq.DRAFT_API, reason="needs the DRAFT API")
@pytest.mark.parametrize("transport", ["inproc", "tcp"])
def test_client_server(sockets, transport: str) -> None:
    server, client = _bind_connect(sockets, zmq.SERVER, zmq.CLIENT, transport)
    client.send(b"request")
    frame = server.recv(copy=False)
    assert frame.bytes == b"request"
    server.send(b"reply", routing_id=frame.routing_id)
    assert client.recv() == b"reply"


@pytest.mark.skipif(not zmq.DRAFT_API, reason="needs the DRAFT API")
def test_radio_dish(sockets) -> None:
    radio, dish = _bind_connect(sockets, zmq.RADIO, zmq.DISH, "inproc")
    dish.join("weather")
    for _ in range(100):
        radio.send(b"sunny", group="weather")
        if dish.poll(50):
            break
    frame = dish.recv(copy=False)
    assert frame.bytes == b"sunny" and frame.group == "weather"
