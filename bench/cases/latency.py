"""REQ/REP round-trip latency, 64 B, against an echoing REP peer."""

from __future__ import annotations

from functools import partial

from harness import bind_measured, case, cpus, peer, pinned, raw_pin, timed_loop

import zmq


def reqrep_latency(duration: float, transport: str) -> float:
    """Mean round trip in microseconds (tcp: the peer process on a CPU of its own)."""
    pair = cpus() if transport == "tcp" else None
    with pinned(pair[0] if pair else None):
        return _reqrep_latency(duration, transport)


def _reqrep_latency(duration: float, transport: str) -> float:
    ctx = zmq.Context()
    try:
        s, endpoint = bind_measured(ctx, zmq.REQ, transport)
        payload = b"x" * 64

        def round_trip() -> None:
            s.send(payload)
            s.recv()

        tcp = transport == "tcp"
        with peer("echo", ctx, endpoint, tcp, pin=tcp, type="REP"):
            rate = timed_loop(round_trip, duration)
        s.close()
        return 1e6 / rate
    finally:
        ctx.destroy(linger=0)


for _transport in ("inproc", "tcp"):
    case(
        f"reqrep latency {_transport} 64B",
        unit="us",
        higher_is_better=False,
        raw=[
            "reqrep",
            "--transport",
            _transport,
            "--size",
            "64",
            *(raw_pin() if _transport == "tcp" else []),
        ],
    )(partial(reqrep_latency, transport=_transport))
