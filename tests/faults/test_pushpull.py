"""PUSH/PULL across a partition that heals: every message the PUSH socket accepted arrives, once
and in order, after the link comes back.

During the partition the pusher sends without blocking until its high-water mark stops it (the
blocking and asyncio pushers), or hands a ZMQStream more than the socket can hold (the stream
queues the rest). No heartbeats are configured, so the TCP connection survives the partition and
retransmits what it had buffered: nothing libzmq accepted may be lost.
"""

from __future__ import annotations

import time
from typing import Callable

import pytest

from .conftest import LONG, Net

APIS = ["blocking", "asyncio", "zmqstream"]
HWM = 1000
SIZE = 100  # bytes per message
BEFORE = 5000 if LONG else 500  # messages over the healthy link, before and after
STREAM_FILL = 50_000 if LONG else 5000  # messages handed to the ZMQStream while partitioned
FILL_MAX = 1_000_000  # only a bound: the high-water mark stops the pusher long before
FILL_WAIT = 500  # ms without POLLOUT after which the pusher takes the high-water mark as reached


@pytest.mark.parametrize("api", APIS)
def test_partition_heals_and_every_message_arrives(
    net: Net, api: str, figure: Callable[[str], None]
) -> None:
    puller = net.spawn("b", "puller", api=api, bind=net.url("b"), hwm=HWM, every=1000)
    endpoint = puller.wait("ready")["endpoint"]
    pusher = net.spawn("a", "pusher", api=api, connect=endpoint, hwm=HWM, size=SIZE)
    pusher.wait("ready")

    total = pusher.call("send", n=BEFORE)["total"]
    assert puller.wait("got", count=lambda c: c >= total)["count"] == total

    net.partition()
    fill = pusher.call("fill", max=STREAM_FILL if api == "zmqstream" else FILL_MAX, wait=FILL_WAIT)
    assert fill["error"] is None, fill
    if api != "zmqstream":
        assert fill["hwm"], "the high-water mark stopped the pusher"
    total = fill["total"]
    assert net.dropped("partition") > 0
    healed = time.monotonic()
    net.heal("partition")
    got = puller.wait("got", count=lambda c: c >= total)
    delay = got["received"] - healed
    assert got["count"] == total, "nothing more than was sent"
    assert got["bad"] == [], "in order, no gaps, no repeats"

    total = pusher.call("send", n=BEFORE)["total"]
    got = puller.wait("got", count=lambda c: c >= total)
    assert got["count"] == total
    assert got["bad"] == []
    pusher.stop()
    puller.stop()
    held = "queued by the stream" if api == "zmqstream" else "accepted before the HWM stopped it"
    figure(
        f"push/pull/{api}: partitioned: {fill['sent']} messages of {SIZE} bytes {held} "
        f"(SNDHWM=RCVHWM={HWM}); all delivered in order {delay:.1f} s after the heal"
    )
