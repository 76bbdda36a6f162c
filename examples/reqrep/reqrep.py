"""Request/reply: a REP server in a thread answers three requests from a REQ client.

REQ and REP enforce strict alternation: the client must receive a reply before it sends again.
"""

import threading

import zmq


def server(ctx: zmq.Context, url: str, n: int) -> None:
    with ctx.socket(zmq.REP) as rep:
        rep.connect(url)
        for _ in range(n):
            name = rep.recv_string()
            rep.send_string(f"hello, {name}")


def main() -> None:
    names = ["ada", "grace", "linus"]
    with zmq.Context() as ctx, ctx.socket(zmq.REQ) as req:
        # the client binds here only so that the port comes from the OS; either side may bind
        port = req.bind_to_random_port("tcp://127.0.0.1")
        t = threading.Thread(target=server, args=(ctx, f"tcp://127.0.0.1:{port}", len(names)))
        t.start()
        req.rcvtimeo = 2000  # milliseconds; a lost server raises zmq.Again instead of hanging
        for name in names:
            req.send_string(name)
            print("reply:", req.recv_string())
        t.join()
    print("reqrep: done")


if __name__ == "__main__":
    main()
