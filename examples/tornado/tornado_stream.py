"""tornado: a ZMQStream calls back on every message; a future socket is awaited in a coroutine.

``ZMQStream`` wraps a socket for callback-style code (``on_recv``); the sockets of
``zmq.eventloop.future`` return tornado-compatible futures for coroutine-style code. Both run on
tornado's IOLoop.
"""

import asyncio

from tornado.ioloop import IOLoop

import zmq
from zmq.eventloop.future import Context as FutureContext
from zmq.eventloop.zmqstream import ZMQStream


async def main() -> None:
    ctx = FutureContext()
    # a ZMQStream wants a plain zmq.Socket. ROUTER: the reply is addressed by the envelope
    # [routing id, empty frame] that arrives in front of each request from a REQ socket
    router = ctx.socket(zmq.ROUTER, socket_class=zmq.Socket)
    router.bind("tcp://127.0.0.1:0")
    url = router.last_endpoint.decode()

    # callback style: the stream replies to each request as it arrives
    stream = ZMQStream(router)

    def echo(msg: list) -> None:
        ident, empty, body = msg
        stream.send_multipart([ident, empty, b"echo " + body])

    stream.on_recv(echo)

    # coroutine style: a future-returning REQ socket
    req = ctx.socket(zmq.REQ)
    req.connect(url)
    for word in ["tornado", "zmq", "stream"]:
        await req.send(word.encode())
        reply = await asyncio.wait_for(req.recv(), timeout=2)
        print(reply.decode())

    stream.close()
    req.close()
    ctx.term()
    print("tornado: three echoes through a ZMQStream")


if __name__ == "__main__":
    IOLoop.current().run_sync(main, timeout=5)
