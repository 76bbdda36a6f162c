"""A push/pull pipeline: a ventilator fans tasks out to workers, a sink collects the results.

PUSH load-balances round-robin over the connected PULL sockets; the sink's PULL fair-queues from
every worker. Each stage is a thread here; they could as well be processes or machines.

Stopping workers: a "stop" task pushed to each worker is not enough, since PUSH gives it to
whichever worker is next, not to every worker. A separate control channel (PUB/SUB) reaches them
all; the control socket is an XPUB so that the ventilator can wait for every worker's subscription.
"""

import threading

import zmq

N_WORKERS = 3
N_TASKS = 30


def worker(ctx: zmq.Context, urls: dict, ident: int) -> None:
    tasks, results, control = ctx.socket(zmq.PULL), ctx.socket(zmq.PUSH), ctx.socket(zmq.SUB)
    with tasks, results, control:
        tasks.connect(urls["tasks"])
        results.connect(urls["results"])
        control.connect(urls["control"])
        control.subscribe(b"")
        poller = zmq.Poller()
        poller.register(tasks, zmq.POLLIN)
        poller.register(control, zmq.POLLIN)
        while True:
            ready = dict(poller.poll(timeout=5000))
            if control in ready or not ready:
                return
            n = int(tasks.recv_string())
            results.send_json({"worker": ident, "n": n, "square": n * n})


def main() -> None:
    with zmq.Context() as ctx:
        vent, sink, control = ctx.socket(zmq.PUSH), ctx.socket(zmq.PULL), ctx.socket(zmq.XPUB)
        control.xpub_verbose = True  # report every subscription, not only the first per topic
        urls = {}
        for name, sock in (("tasks", vent), ("results", sink), ("control", control)):
            sock.bind("tcp://127.0.0.1:0")
            urls[name] = sock.last_endpoint.decode()
        workers = [threading.Thread(target=worker, args=(ctx, urls, i)) for i in range(N_WORKERS)]
        for w in workers:
            w.start()
        control.rcvtimeo = 2000
        for _ in workers:
            control.recv()  # one subscription per worker: all are listening
        for n in range(N_TASKS):
            vent.send_string(str(n))
        sink.rcvtimeo = 2000
        results = [sink.recv_json() for _ in range(N_TASKS)]
        control.send(b"stop")
        for w in workers:
            w.join()
        for sock in (vent, sink, control):
            sock.close()  # leaving the with block would close them too, with a ResourceWarning
    total = sum(r["square"] for r in results)
    per_worker = {i: sum(r["worker"] == i for r in results) for i in range(N_WORKERS)}
    print("tasks per worker:", per_worker)
    assert total == sum(n * n for n in range(N_TASKS))
    print(f"pipeline: sum of squares = {total}")


if __name__ == "__main__":
    main()
