"""asyncio: one coroutine serves requests while others send them, on one event loop.

``zmq.asyncio.Context`` makes sockets whose ``send*``/``recv*``/``poll`` return awaitables, so
waiting for a message never blocks the loop.
"""

import asyncio

import zmq
import zmq.asyncio


async def server(sock: zmq.asyncio.Socket, n: int) -> None:
    for _ in range(n):
        ident, request = await sock.recv_multipart()
        await asyncio.sleep(0.01)  # pretend to work; other coroutines keep running
        await sock.send_multipart([ident, b"done: " + request])


async def client(ctx: zmq.asyncio.Context, url: str, name: str) -> str:
    with ctx.socket(zmq.DEALER) as sock:
        sock.connect(url)
        await sock.send(name.encode())
        reply = await asyncio.wait_for(sock.recv(), timeout=2)
        return reply.decode()


async def main() -> None:
    ctx = zmq.asyncio.Context()
    try:
        with ctx.socket(zmq.ROUTER) as router:
            router.bind("tcp://127.0.0.1:0")
            url = router.last_endpoint.decode()
            names = [f"client-{i}" for i in range(5)]
            serving = asyncio.create_task(server(router, len(names)))
            replies = await asyncio.gather(*(client(ctx, url, n) for n in names))
            await serving
        for reply in replies:
            print(reply)
    finally:
        ctx.destroy()
    print(f"asyncio: {len(replies)} concurrent requests answered")


if __name__ == "__main__":
    asyncio.run(main())
