"""zmq.green: PUSH/PULL between two greenlets of one hub, tcp, 64 B."""

from __future__ import annotations

from harness import Unavailable, batch_for, case, timed_loop


@case(
    "green pushpull tcp 64B",
    raw=["pushpull", "--transport", "tcp", "--procs", "0", "--size", "64"],
    needs=("zmq.green", "gevent"),
)
def green_push_pull(duration: float) -> float:
    import gevent

    import zmq.green as zmq

    if not hasattr(zmq, "Context"):
        raise Unavailable("zmq.green has no Context yet")
    ctx = zmq.Context()
    pull = ctx.socket(zmq.PULL)
    push = ctx.socket(zmq.PUSH)
    stop = []
    sender = None
    try:
        for s in (pull, push):
            s.linger = 0
        pull.rcvtimeo = 5000
        pull.bind("tcp://127.0.0.1:*")
        push.connect(pull.last_endpoint.decode())
        payload = b"x" * 64

        def pump() -> None:
            while not stop:
                for _ in range(256):
                    push.send(payload)

        sender = gevent.spawn(pump)
        with gevent.Timeout(duration + 10):
            pull.recv()
            return timed_loop(pull.recv, duration, batch_for(64))
    finally:
        stop.append(True)
        if sender is not None:
            sender.kill(block=True, timeout=5)
        pull.close()
        push.close()
        ctx.destroy(linger=0)
