"""gevent: ``import zmq.green as zmq`` makes blocking calls yield to other greenlets.

Three greenlets wait on ``recv()`` at the same time in one thread; with plain ``zmq`` the first
one would block the whole process.
"""

import gevent

import zmq.green as zmq


def worker(ctx: zmq.Context, url: str, name: str) -> str:
    with ctx.socket(zmq.REQ) as sock:
        sock.connect(url)
        sock.send_string(name)
        return sock.recv_string()  # waits on the gevent hub, not in libzmq


def server(router: zmq.Socket, n: int) -> None:
    for _ in range(n):
        ident, empty, name = router.recv_multipart()
        gevent.sleep(0.01)
        router.send_multipart([ident, empty, f"hi {name.decode()}".encode()])


def main() -> None:
    with zmq.Context() as ctx, ctx.socket(zmq.ROUTER) as router:
        router.bind("tcp://127.0.0.1:0")
        url = router.last_endpoint.decode()
        names = ["g1", "g2", "g3"]
        srv = gevent.spawn(server, router, len(names))
        jobs = [gevent.spawn(worker, ctx, url, n) for n in names]
        gevent.joinall([*jobs, srv], timeout=3, raise_error=True)
        for job in jobs:
            print(job.value)
    print(f"gevent: {len(jobs)} greenlets served in one thread")


if __name__ == "__main__":
    main()
