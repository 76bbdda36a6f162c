"""PUSH/PULL throughput: message sizes x copy modes x transports, multipart, CURVE."""

from __future__ import annotations

from functools import partial

from harness import SIZES, batch_for, bind_measured, case, cpus, peer, pinned, raw_pin, timed_recv

import zmq


def pull_rate(
    duration: float, transport: str, size: int, copy: bool = True, parts: int = 1, **extra
) -> float:
    """Messages/s received by a PULL socket fed by a PUSH peer (a thread for inproc, else a process
    on a CPU of its own)."""
    tcp = transport == "tcp"
    pair = cpus() if tcp else None
    with pinned(pair[0] if pair else None):
        return _pull_rate(duration, transport, size, copy, parts, **extra)


def _pull_rate(
    duration: float, transport: str, size: int, copy: bool, parts: int, **extra
) -> float:
    ctx = zmq.Context()
    try:
        curve = {}
        if "server_secret" in extra:
            curve = dict(curve_server=True, curve_secretkey=extra.pop("server_secret").encode())
        s, endpoint = bind_measured(ctx, zmq.PULL, transport, **curve)
        tcp = transport == "tcp"
        with peer("push", ctx, endpoint, tcp, pin=tcp, size=size, copy=copy, parts=parts, **extra):
            s.recv_multipart()  # the peer is up
            rate = timed_recv(s, duration, batch_for(size * parts), copy, parts)
        s.close()
        return rate
    finally:
        ctx.destroy(linger=0)


def _register() -> None:
    for transport in ("inproc", "tcp"):
        for label, size in SIZES.items():
            for copy in (True, False):
                mode = "copy" if copy else "nocopy"
                case(
                    f"pushpull {transport} {label} {mode}",
                    raw=[
                        "pushpull",
                        "--transport",
                        transport,
                        "--size",
                        str(size),
                        "--copy",
                        str(int(copy)),
                        *(raw_pin() if transport == "tcp" else []),
                    ],
                )(partial(pull_rate, transport=transport, size=size, copy=copy))
        case(
            f"multipart {transport} 3x64B",
            raw=[
                "pushpull",
                "--transport",
                transport,
                "--size",
                "64",
                "--parts",
                "3",
                *(raw_pin() if transport == "tcp" else []),
            ],
        )(partial(pull_rate, transport=transport, size=64, parts=3))


_register()


@case(
    "curve tcp 1KiB",
    raw=["pushpull", "--transport", "tcp", "--size", "1024", "--curve", *raw_pin()],
)
def curve(duration: float) -> float:
    server_public, server_secret = zmq.curve_keypair()
    client_public, client_secret = zmq.curve_keypair()
    keys = dict(
        server_public=server_public.decode(),
        server_secret=server_secret.decode(),
        client_public=client_public.decode(),
        client_secret=client_secret.decode(),
    )
    return pull_rate(duration, "tcp", 1024, **keys)
