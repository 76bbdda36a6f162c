"""RCVTIMEO, SNDTIMEO and poll timeouts: across a link that went silent, or to a host that refuses
connections, a call with a timeout returns (zmq.Again, or no events) instead of waiting forever.

The assertions are that the calls *do* return with the documented outcome; how long they took is
only reported (the "fault figures" summary), never asserted.
"""

from __future__ import annotations

from typing import Callable

import pytest

from .conftest import Net

APIS = ["blocking", "asyncio"]


def hexes(*frames: bytes) -> list[str]:
    return [f.hex() for f in frames]


@pytest.mark.parametrize("api", APIS)
def test_recv_and_poll_time_out_while_partitioned(
    net: Net, api: str, figure: Callable[[str], None]
) -> None:
    server = net.socket("b", "REP", bind=net.url("b"))
    client = net.socket(
        "a", "REQ", api=api, connect=server.endpoint, options={"RCVTIMEO": 500, "LINGER": 0}
    )
    assert client.call("send", frames=hexes(b"ping"))["ok"]
    assert server.call("recv")["frames"] == hexes(b"ping")
    assert server.call("send", frames=hexes(b"pong"))["ok"]
    assert client.call("recv")["frames"] == hexes(b"pong")

    net.partition()
    assert client.call("send", frames=hexes(b"lost?"))["ok"]  # queued: nothing tells REQ
    recv = client.call("recv")
    assert recv["error"] == "EAGAIN", recv
    poll = client.call("poll", timeout=300)
    assert poll == dict(poll, ok=True, events=0)
    poller = client.call("poller", timeout=300)
    assert poller == dict(poller, ok=True, ready=0)
    assert server.call("recv", noblock=True)["error"] == "EAGAIN"  # the partition holds
    figure(
        f"timeouts/{api}: partitioned: RCVTIMEO=500 ms returned Again after "
        f"{recv['elapsed'] * 1000:.0f} ms, poll(300) after {poll['elapsed'] * 1000:.0f} ms, "
        f"Poller.poll(300) after {poller['elapsed'] * 1000:.0f} ms"
    )

    net.heal("partition")
    # TCP retransmits what it had sent: the request still arrives, and its reply is received
    assert server.call("recv")["frames"] == hexes(b"lost?")
    assert server.call("send", frames=hexes(b"found"))["ok"]
    assert client.call("recv")["frames"] == hexes(b"found")
    client.stop()
    server.stop()


@pytest.mark.parametrize("api", APIS)
def test_send_times_out_while_connections_are_refused(
    net: Net, api: str, figure: Callable[[str], None]
) -> None:
    """IMMEDIATE: no queueing for a peer that is not connected, so send blocks for SNDTIMEO."""
    net.refuse("b")
    server = net.socket("b", "PULL", bind=net.url("b"))
    client = net.socket(
        "a",
        "PUSH",
        api=api,
        connect=server.endpoint,
        monitor=True,
        options={"IMMEDIATE": 1, "SNDTIMEO": 500, "LINGER": 0},
    )
    client.wait("monitor", name="CONNECT_RETRIED")  # refused, and libzmq keeps trying
    send = client.call("send", frames=hexes(b"job"))
    assert send["error"] == "EAGAIN", send
    poll = client.call("poll", timeout=300, events="POLLOUT")
    assert poll == dict(poll, ok=True, events=0)
    refused = net.dropped("refuse")
    assert refused > 0
    figure(
        f"timeouts/{api}: refused ({refused} SYNs reset): SNDTIMEO=500 ms returned Again after "
        f"{send['elapsed'] * 1000:.0f} ms, poll(300, POLLOUT) after {poll['elapsed'] * 1000:.0f} ms"
    )

    net.heal("refuse")
    client.wait("monitor", name="CONNECTED")
    assert client.call("send", frames=hexes(b"job"))["ok"]
    assert server.call("recv")["frames"] == hexes(b"job")
    client.stop()
    server.stop()
