"""A queue device in a background thread: clients and workers meet through a broker.

Clients connect REQ sockets to the device's ROUTER front end; workers connect REP sockets to its
DEALER back end. ``zmq.proxy`` (run by ThreadProxy) shuttles messages both ways, and the envelope
frames ROUTER adds bring each reply back to the right client. The monitor socket sees every
message that crosses the device.
"""

import threading

import zmq
from zmq.devices import ThreadProxy


def worker(ctx: zmq.Context, url: str, name: str, stop: threading.Event) -> None:
    with ctx.socket(zmq.REP) as rep:
        rep.connect(url)
        rep.rcvtimeo = 100
        while not stop.is_set():
            try:
                request = rep.recv_string()
            except zmq.Again:
                continue
            rep.send_string(f"{request} handled by {name}")


def main() -> None:
    dev = ThreadProxy(zmq.ROUTER, zmq.DEALER, zmq.PUB)
    dev.context_factory = zmq.Context  # its own context, so that we can stop it alone
    front = dev.bind_in_to_random_port("tcp://127.0.0.1")
    back = dev.bind_out_to_random_port("tcp://127.0.0.1")
    mon = dev.bind_mon_to_random_port("tcp://127.0.0.1")
    dev.start()

    ctx = zmq.Context()
    stop = threading.Event()
    workers = [
        threading.Thread(target=worker, args=(ctx, f"tcp://127.0.0.1:{back}", f"w{i}", stop))
        for i in range(2)
    ]
    for w in workers:
        w.start()

    with ctx.socket(zmq.SUB) as watcher, ctx.socket(zmq.REQ) as client:
        watcher.connect(f"tcp://127.0.0.1:{mon}")
        watcher.subscribe(b"")
        client.connect(f"tcp://127.0.0.1:{front}")
        client.rcvtimeo = 2000
        # the monitor is a PUB socket: it drops what it captures until our subscription arrives.
        # Send pings until the watcher sees one, then forget them.
        for _ in range(50):
            client.send_string("ping")
            client.recv_string()
            if watcher.poll(timeout=50):
                break
        while watcher.poll(timeout=100):
            watcher.recv_multipart()

        for i in range(4):
            client.send_string(f"job {i}")
            print(client.recv_string())
        watcher.rcvtimeo = 500
        seen = 0
        try:
            while True:
                watcher.recv_multipart()
                seen += 1
        except zmq.Again:
            pass
        print(f"monitor saw {seen} messages cross the device")

    stop.set()
    for w in workers:
        w.join()
    ctx.destroy()
    # the proxy loop runs until its context is terminated; the device then closes its sockets
    dev.context.term()
    dev.join(timeout=2)
    assert dev.done
    print("devices: proxy stopped")


if __name__ == "__main__":
    main()
