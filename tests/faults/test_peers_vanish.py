"""Peers that vanish: killed with SIGKILL, or silent behind a partition.

- ROUTER with ROUTER_MANDATORY raises EHOSTUNREACH for a peer that is gone, instead of dropping
  the message silently, and routes to it again once it is back under the same routing id. That
  takes ROUTER_HANDOVER: without it, a peer that reconnects before the ROUTER has reaped its old
  connection (the ROUTER reaps when the application next calls it) is silently ignored, every
  message it sends lost (libzmq#2892, libzmq#4503).
- ZMTP heartbeats (HEARTBEAT_IVL / HEARTBEAT_TIMEOUT) notice a peer that went silent, which TCP
  alone does not for many minutes: both ends' monitors report DISCONNECTED while the partition
  lasts, and CONNECTED / HANDSHAKE_SUCCEEDED once it heals; a message queued meanwhile arrives.
- CURVE: a client reconnecting to a restarted server does the whole handshake again; a server on
  the same address with another key never gets a message.

How long detection took is reported ("fault figures"), not asserted: the assertion is that it
happens, within a bound that only catches hangs.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest

import zmq

from .conftest import Net, Peer

APIS = ["blocking", "asyncio"]
HEARTBEAT = {"HEARTBEAT_IVL": 200, "HEARTBEAT_TIMEOUT": 1000, "HEARTBEAT_TTL": 1000}
#: A ROUTER whose peers have fixed routing ids and come back after a failure (see above).
ROUTER_OPTIONS = {"ROUTER_MANDATORY": 1, "ROUTER_HANDOVER": 1, "LINGER": 0}
#: After a failed connection attempt (the SYN lost in the partition), try again this soon rather
#: than after the kernel's own SYN retries (1 s, 3 s, 7 s ...).
RECONNECT = {"CONNECT_TIMEOUT": 500, "RECONNECT_IVL": 100}


def hexes(*frames: bytes) -> list[str]:
    return [f.hex() for f in frames]


def send_until_unreachable(router: Peer, to: bytes, tries: int = 100) -> dict[str, Any]:
    """The router learns of a closed connection asynchronously: a send right after the monitor's
    DISCONNECTED may still find the pipe. Bounded."""
    for _ in range(tries):
        result = router.call("send", frames=hexes(to, b"anyone?"))
        if not result["ok"]:
            return result
        time.sleep(0.05)
    raise AssertionError(f"ROUTER kept accepting messages for {to!r}")


def send_until_routed(router: Peer, to: bytes, data: bytes, tries: int = 100) -> None:
    """The same, the other way: the peer is back once the router accepts a message for it."""
    for _ in range(tries):
        result = router.call("send", frames=hexes(to, data))
        if result["ok"]:
            return
        assert result["error"] == "EHOSTUNREACH", result
        time.sleep(0.05)
    raise AssertionError(f"ROUTER never routed to {to!r} again")


@pytest.mark.parametrize("api", APIS)
def test_router_mandatory_reports_a_killed_peer(net: Net, api: str) -> None:
    router = net.socket(
        "b",
        "ROUTER",
        api=api,
        bind=net.url("b"),
        monitor=True,
        options=ROUTER_OPTIONS,
    )

    def worker() -> Peer:
        w = net.socket("a", "DEALER", connect=router.endpoint, options={"ROUTING_ID": "w1"})
        assert w.call("send", frames=hexes(b"ready"))["ok"]
        assert router.call("recv")["frames"] == hexes(b"w1", b"ready")
        return w

    w1 = worker()
    assert router.call("send", frames=hexes(b"w1", b"job 1"))["ok"]
    assert w1.call("recv")["frames"] == hexes(b"job 1")
    unknown = router.call("send", frames=hexes(b"nobody", b"job"))
    assert unknown["error"] == "EHOSTUNREACH", unknown

    w1.kill()
    router.wait("monitor", name="DISCONNECTED")
    gone = send_until_unreachable(router, b"w1")
    assert gone["error"] == "EHOSTUNREACH", gone

    w1 = worker()  # started again, under the same routing id
    send_until_routed(router, b"w1", b"job 2")
    assert w1.call("recv")["frames"] == hexes(b"job 2")
    w1.stop()
    router.stop()


@pytest.mark.parametrize("api", APIS)
def test_heartbeats_detect_a_silent_peer(net: Net, api: str, figure: Callable[[str], None]) -> None:
    router = net.socket(
        "b",
        "ROUTER",
        api=api,
        bind=net.url("b"),
        monitor=True,
        options={**ROUTER_OPTIONS, **HEARTBEAT},
    )
    options = {"ROUTING_ID": "w1", "LINGER": 0, **HEARTBEAT, **RECONNECT}
    w1 = net.socket("a", "DEALER", api=api, connect=router.endpoint, monitor=True, options=options)
    # the same without heartbeats: nothing tells it that the link went silent
    w2 = net.socket("a", "DEALER", connect=router.endpoint, monitor=True, options={"LINGER": 0})
    assert w1.call("send", frames=hexes(b"ready"))["ok"]
    assert router.call("recv")["frames"] == hexes(b"w1", b"ready")
    assert w2.call("send", frames=hexes(b"ready"))["ok"]
    router.call("recv")
    for peer in (w1, w2):
        peer.wait("monitor", name="CONNECTED")
        peer.wait("monitor", name="HANDSHAKE_SUCCEEDED")

    cut = time.monotonic()
    net.partition()
    w1_lost = w1.wait("monitor", name="DISCONNECTED")["received"] - cut
    router_lost = router.wait("monitor", name="DISCONNECTED")["received"] - cut
    assert w2.seen("monitor", name="DISCONNECTED") == [], "no heartbeats: nothing noticed"
    gone = send_until_unreachable(router, b"w1")
    assert gone["error"] == "EHOSTUNREACH", gone
    # queued on the worker's side of its connection, for when it is back
    assert w1.call("send", frames=hexes(b"result, sent while cut off"))["ok"]
    assert net.dropped("partition") > 0

    healed = time.monotonic()
    net.heal("partition")
    w1.wait("monitor", name="CONNECTED")
    back = w1.wait("monitor", name="HANDSHAKE_SUCCEEDED")["received"] - healed
    assert router.call("recv")["frames"] == hexes(b"w1", b"result, sent while cut off")
    send_until_routed(router, b"w1", b"job 2")
    assert w1.call("recv")["frames"] == hexes(b"job 2")
    for peer in (w1, w2, router):
        peer.stop()
    figure(
        f"heartbeats/{api}: IVL={HEARTBEAT['HEARTBEAT_IVL']} ms TIMEOUT="
        f"{HEARTBEAT['HEARTBEAT_TIMEOUT']} ms: partition noticed after {w1_lost:.1f} s (connecting "
        f"side), {router_lost:.1f} s (ROUTER); without heartbeats: not noticed; reconnected "
        f"{back:.1f} s after the heal (CONNECT_TIMEOUT={RECONNECT['CONNECT_TIMEOUT']} ms)"
    )


@pytest.mark.parametrize("api", APIS)
def test_curve_handshake_again_after_the_server_restarts(
    net: Net, api: str, figure: Callable[[str], None]
) -> None:
    server_public, server_secret = zmq.curve_keypair()
    client_public, client_secret = zmq.curve_keypair()
    _, impostor_secret = zmq.curve_keypair()

    def server(secret: bytes, endpoint: str) -> Peer:
        options = {"CURVE_SERVER": 1, "CURVE_SECRETKEY": secret.decode(), "LINGER": 0}
        return net.socket("b", "REP", bind=endpoint, options=options)

    first = server(server_secret, net.url("b"))
    client = net.socket(
        "a",
        "REQ",
        api=api,
        connect=first.endpoint,
        monitor=True,
        options={
            "CURVE_SERVERKEY": server_public.decode(),
            "CURVE_PUBLICKEY": client_public.decode(),
            "CURVE_SECRETKEY": client_secret.decode(),
            "REQ_RELAXED": 1,
            "REQ_CORRELATE": 1,
            "RCVTIMEO": 1000,
            "LINGER": 0,
            **RECONNECT,
        },
    )

    def round_trip(srv: Peer, data: bytes) -> None:
        assert client.call("send", frames=hexes(data))["ok"]
        assert srv.call("recv")["frames"] == hexes(data)
        assert srv.call("send", frames=hexes(data))["ok"]
        assert client.call("recv")["frames"] == hexes(data)

    round_trip(first, b"before")
    first.kill()
    client.wait("monitor", name="DISCONNECTED")
    restarted = time.monotonic()
    second = server(server_secret, first.endpoint)
    round_trip(second, b"after")
    again = client.seen("monitor", name="HANDSHAKE_SUCCEEDED")
    assert len(again) == 2

    second.kill()
    impostor = server(impostor_secret, first.endpoint)
    failed = client.wait("monitor", name=lambda n: n.startswith("HANDSHAKE_FAILED"))
    assert client.call("send", frames=hexes(b"secret"))["ok"]  # queued, never delivered
    assert client.call("recv")["error"] == "EAGAIN"
    assert impostor.call("recv", noblock=True)["error"] == "EAGAIN"
    assert client.monitor_events().count("HANDSHAKE_SUCCEEDED") == 2, failed
    client.stop()
    impostor.stop()
    figure(
        f"curve/{api}: server killed and restarted: handshake done again "
        f"{again[1]['received'] - restarted:.2f} s after the restart began; a server with another "
        f"key: {failed['name']}, nothing delivered"
    )
