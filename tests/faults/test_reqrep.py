"""The lazy pirate: a REQ client that retries on the same socket (REQ_RELAXED) and ignores late
replies to earlier tries (REQ_CORRELATE), against a server that remembers which request ids it
processed. Whatever the link does, every request is processed once and answered once.

The server's memory is a journal file that outlives the server process, so a server killed with
SIGKILL and started again still recognises a request it processed but never got to answer.
"""

from __future__ import annotations

import collections
import time
from pathlib import Path
from typing import Callable

import pytest

from .conftest import LONG, Net, Peer

APIS = ["blocking", "asyncio", "zmqstream"]
N = 1000 if LONG else 40
N_SLOW = 200 if LONG else 10  # each takes a few hundred ms on the slow link
LOSS = 25 if LONG else 10  # percent of TCP segments dropped, each way
TIMEOUT = 100  # ms to wait for the first reply; doubled on each retry
MAX_TIMEOUT = 2000
RETRIES = 30  # per request: far more than any run here needs; only there to bound the loop
EPISODES = 10 if LONG else 3  # resets or restarts, spread over the run
MOMENTS = [N * k // (EPISODES + 1) for k in range(1, EPISODES + 1)]  # the request ids they precede
SLOW_RATE = "256kbit"
SLOW_BURST = "1600"  # bytes: about one packet, so that every message waits for the rate
SLOW_SIZE = 4000  # bytes per request and per reply: over 100 ms each way at SLOW_RATE


def start_server(net: Net, journal: Path, endpoint: str, stall_on: list[int]) -> Peer:
    server = net.spawn("b", "rep-server", bind=endpoint, journal=str(journal), stall_on=stall_on)
    server.wait("ready")
    return server


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("fault", ["loss", "resets", "restarts", "slow"])
def test_lazy_pirate_exactly_once(
    net: Net, tmp_path: Path, fault: str, api: str, figure: Callable[[str], None]
) -> None:
    journal = tmp_path / "journal"
    stall_on = MOMENTS if fault == "restarts" else []
    servers = [start_server(net, journal, net.url("b"), stall_on)]
    endpoint = servers[0].seen("ready")[0]["endpoint"]  # the port stays: restarts bind it again
    size, n = (SLOW_SIZE, N_SLOW) if fault == "slow" else (100, N)
    if fault == "loss":
        net.loss(LOSS)
    elif fault == "slow":
        net.slow(SLOW_RATE, burst=SLOW_BURST)
    client = net.spawn(
        "a",
        "lazy-pirate",
        api=api,
        connect=endpoint,
        n=n,
        size=size,
        timeout=TIMEOUT,
        max_timeout=MAX_TIMEOUT,
        retries=RETRIES,
        pause_at=MOMENTS if fault == "resets" else [],
    )
    faulted = 0
    for _ in MOMENTS:
        if fault == "resets":
            # while the client waits before its next request: connections reset, reconnections
            # refused, for a moment
            client.wait("paused")
            net.resets("b")
            client.command("go")
            time.sleep(0.3)
            faulted += net.dropped("resets")
            net.heal("resets")
        elif fault == "restarts":
            # the server dies between processing a request and answering it
            servers[-1].wait("stalled")
            servers[-1].kill()
            faulted += 1
            servers.append(start_server(net, journal, endpoint, stall_on))

    done = client.wait("done", within=3000 if LONG else 120)
    if fault == "loss":
        faulted = net.dropped("loss")
    client.stop()
    servers[-1].stop()

    assert done["gave_up"] is None, done
    assert done["mismatched"] == [], "a reply was taken for another request"
    assert done["answers"] == list(range(n)), "every request answered once, in order"
    processed = collections.Counter(int(line, 16) for line in journal.read_text().split())
    assert sorted(processed) == list(range(n)), "every request processed"
    assert max(processed.values()) == 1, "no request processed twice"
    duplicates = sum(len(s.seen("duplicate")) for s in servers)
    if fault == "restarts":
        assert duplicates >= len(MOMENTS), "each restarted server answered from the journal"
    elif fault != "slow":
        assert faulted > 0, f"the fault ({fault}) never hit"
    what = {
        "loss": f"{LOSS}% loss each way ({faulted} segments dropped)",
        "resets": f"{len(MOMENTS)} times resets for 0.3 s ({faulted} segments reset)",
        "restarts": f"server killed (SIGKILL) after processing, before replying, {faulted} times",
        "slow": f"{SLOW_RATE} link, {size}-byte requests and replies",
    }[fault]
    figure(
        f"lazy pirate/{api}: {what}: {n} requests in {done['elapsed']:.1f} s, "
        f"{done['retries']} retries, {duplicates} repeats answered from the journal; "
        "each processed once, answered once"
    )
