"""Waiting on several sockets at once with zmq.Poller.

One thread reads from a PULL socket and a SUB socket, whichever has a message, until both
senders have said they are done. A Poller can watch plain file descriptors too.
"""

import zmq


def main() -> None:
    with zmq.Context() as ctx:
        pull, push = ctx.socket(zmq.PULL), ctx.socket(zmq.PUSH)
        sub, pub = ctx.socket(zmq.SUB), ctx.socket(zmq.XPUB)
        pull.bind("tcp://127.0.0.1:0")
        push.connect(pull.last_endpoint)
        pub.bind("tcp://127.0.0.1:0")
        sub.connect(pub.last_endpoint)
        sub.subscribe(b"")
        pub.rcvtimeo = 2000
        pub.recv()  # the subscription arrived: nothing published from now on is lost

        for i in range(3):
            push.send_string(f"task {i}")
            pub.send_string(f"event {i}")
        push.send_string("done")
        pub.send_string("done")

        poller = zmq.Poller()
        poller.register(pull, zmq.POLLIN)
        poller.register(sub, zmq.POLLIN)
        open_sockets = {pull: "pull", sub: "sub"}
        received = 0
        while open_sockets:
            events = dict(poller.poll(timeout=2000))  # milliseconds
            if not events:
                raise SystemExit("poller: timed out")
            for sock in events:
                msg = sock.recv_string()
                print(f"{open_sockets[sock]}: {msg}")
                if msg == "done":
                    poller.unregister(sock)
                    del open_sockets[sock]
                else:
                    received += 1
        for sock in (pull, push, sub, pub):
            sock.close()  # leaving the with block would close them too, with a ResourceWarning
        print(f"poller: {received} messages from two sockets")


if __name__ == "__main__":
    main()
