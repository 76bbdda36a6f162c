"""zmq.eventloop.zmqstream: a ZMQStream's on_recv callback fed by a PUSH peer process, tcp, 64 B."""

from __future__ import annotations

import asyncio

from harness import bind_measured, case, peer, perf


@case(
    "zmqstream pull tcp 64B",
    raw=["pushpull", "--transport", "tcp", "--size", "64"],
    needs=("zmq.eventloop.zmqstream", "tornado"),
)
def zmqstream_pull(duration: float) -> float:
    import zmq
    from zmq.eventloop.zmqstream import ZMQStream

    async def main(pull) -> float:
        done = asyncio.get_running_loop().create_future()
        warm = min(0.05, duration * 0.1)
        state = {"n": 0, "t0": None, "warm_end": None}

        def on_recv(msg) -> None:
            t = perf()
            if state["warm_end"] is None:  # the first message: warm up from here
                state["warm_end"] = t + warm
            elif state["t0"] is None:
                if t >= state["warm_end"]:
                    state["t0"] = t
            else:
                state["n"] += 1
                if t - state["t0"] >= duration and not done.done():
                    done.set_result(state["n"] / (t - state["t0"]))

        stream = ZMQStream(pull)
        stream.on_recv(on_recv)
        try:
            return await asyncio.wait_for(done, duration + 10)
        finally:
            stream.stop_on_recv()
            stream.close()

    ctx = zmq.Context()
    try:
        pull, endpoint = bind_measured(ctx, zmq.PULL, "tcp")
        with peer("push", ctx, endpoint, True, size=64):
            return asyncio.run(main(pull))
    finally:
        ctx.destroy(linger=0)
