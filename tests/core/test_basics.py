"""The first working backend: a context, sockets, bytes through real libzmq."""

import threading

import pytest

import zmq


def test_versions() -> None:
    assert zmq.zmq_version_info() >= (4, 3, 0)
    assert zmq.zmq_version() == "%d.%d.%d" % zmq.zmq_version_info()
    assert zmq.__version__ == zmq.pyzmq_version()
    assert zmq.pyzmq_version_info()[0] >= 25  # real consumers pin pyzmq>=25


def test_version_details() -> None:
    from zmq.sugar import version

    assert zmq.__revision__ == ""  # a release: pyzmq_version() is the plain version
    info = zmq.pyzmq_version_info()
    assert all(isinstance(n, int) for n in info[:3])
    assert info[:3] == (version.VERSION_MAJOR, version.VERSION_MINOR, version.VERSION_PATCH)
    assert zmq.__version__.startswith("%d.%d.%d" % info[:3])
    if version.VERSION_EXTRA:  # a pre-release sorts after every release of the same numbers
        assert info == (*info[:3], float("inf")) and version.VERSION_EXTRA in zmq.__version__
    else:
        assert len(info) == 3
    # zmq.VERSION* stay the linked libzmq's, as libzmq's ZMQ_VERSION macros
    major, minor, patch = zmq.zmq_version_info()
    assert (major, minor, patch) == (zmq.VERSION_MAJOR, zmq.VERSION_MINOR, zmq.VERSION_PATCH)
    assert major * 10000 + minor * 100 + patch == zmq.VERSION


@pytest.mark.parametrize("transport", ["inproc", "ipc", "tcp"])
def test_push_pull_bytes(pair, transport: str) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, transport)
    push.send(b"hello")
    assert pull.recv() == b"hello"
    push.send_multipart([b"a", b"", b"c" * 1000])
    assert pull.recv_multipart() == [b"a", b"", b"c" * 1000]


def test_req_rep_roundtrip(pair) -> None:
    rep, req = pair(zmq.REP, zmq.REQ)
    for i in range(10):
        req.send(b"ping %d" % i)
        assert rep.recv() == b"ping %d" % i
        rep.send(b"pong %d" % i)
        assert req.recv() == b"pong %d" % i


def test_bind_port_zero_reports_endpoint(sockets) -> None:
    s = sockets(zmq.PULL)
    s.bind("tcp://127.0.0.1:0")
    url = s.last_endpoint.decode()
    assert url.startswith("tcp://127.0.0.1:") and not url.endswith(":0")


def test_closed_socket_raises_enotsock(context) -> None:
    s = context.socket(zmq.PUSH)
    s.close()
    assert s.closed
    with pytest.raises(zmq.ZMQError) as info:
        s.send(b"x")
    assert info.value.errno == zmq.ENOTSOCK


def test_receives_after_waiting_keep_order_flags_and_timeouts(pair) -> None:
    # A receive that had to wait makes the next few go straight to waiting (no try first): they
    # must behave exactly as the others do, whether or not a message is already queued.
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = 5000
    sender = threading.Timer(0.05, push.send, (b"late",))
    sender.start()
    assert pull.recv() == b"late"  # waited
    sender.join()
    for i in range(20):
        push.send(b"%d" % i)
    push.send_multipart([b"a", b"b"])
    assert [pull.recv() for _ in range(20)] == [b"%d" % i for i in range(20)]
    assert pull.recv_multipart() == [b"a", b"b"]
    with pytest.raises(zmq.Again):
        pull.recv(zmq.NOBLOCK)  # never waits
    pull.rcvtimeo = 30
    for _ in range(3):
        with pytest.raises(zmq.Again):
            pull.recv()  # the timeout still ends each wait
    push.send(b"x")
    frame = pull.recv(copy=False)
    assert frame.bytes == b"x"
    buf = bytearray(4)
    push.send(b"into")
    assert pull.recv_into(buf) == 4 and buf == b"into"


def test_receives_into_a_buffer_after_waiting(pair) -> None:
    # recv_into follows the same rule as recv: after a wait it goes straight to waiting a few times
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = 5000
    buf = bytearray(8)
    sender = threading.Timer(0.05, push.send, (b"late",))
    sender.start()
    assert pull.recv_into(buf) == 4 and buf[:4] == b"late"  # waited
    sender.join()
    for i in range(12):
        push.send(b"%d" % i)
    got = []
    for _ in range(12):
        n = pull.recv_into(buf)
        got.append(bytes(buf[:n]))
    assert got == [b"%d" % i for i in range(12)]
    with pytest.raises(zmq.Again):
        pull.recv_into(buf, flags=zmq.NOBLOCK)
    pull.rcvtimeo = 30
    with pytest.raises(zmq.Again):
        pull.recv_into(buf)
