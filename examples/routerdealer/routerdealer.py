"""ROUTER/DEALER: an asynchronous server that knows which client sent each request.

A ROUTER prefixes every message it receives with the sender's routing id, and routes every message
it sends by that first frame. DEALER clients may send several requests without waiting for replies.
"""

import threading

import zmq


def server(router: zmq.Socket, n: int) -> None:
    for _ in range(n):
        ident, request = router.recv_multipart()
        router.send_multipart([ident, request.upper()])


def main() -> None:
    clients = [b"alpha", b"beta"]
    with zmq.Context() as ctx, ctx.socket(zmq.ROUTER) as router:
        router.bind("tcp://127.0.0.1:0")  # port 0: the OS picks a free port
        url = router.last_endpoint.decode()
        dealers = []
        for name in clients:
            d = ctx.socket(zmq.DEALER)
            d.routing_id = name  # otherwise libzmq picks a random id
            d.rcvtimeo = 2000
            d.connect(url)
            dealers.append(d)
        t = threading.Thread(target=server, args=(router, 2 * len(clients)))
        t.start()  # the thread owns the router until it ends (sockets are not thread-safe)
        for d in dealers:  # two requests each, before reading any reply
            d.send(d.routing_id + b" one")
            d.send(d.routing_id + b" two")
        for d in dealers:
            print(d.routing_id.decode(), "got", [d.recv().decode(), d.recv().decode()])
            d.close()
        t.join()
    print("routerdealer: every reply reached its sender")


if __name__ == "__main__":
    main()
