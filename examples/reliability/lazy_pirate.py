"""Lazy pirate: a client that retries a request until it is answered, and a server that does
the work of each request once, however often the request arrives.

A REQ socket is strict: after a send it must receive. With ``REQ_RELAXED`` the client may send
again when a reply is late, on the same socket; with ``REQ_CORRELATE`` a reply to an earlier try
is then dropped, so a late answer is never taken for the current request. Each try waits twice as
long as the one before, so that retries over a slow link do not pile up faster than it drains.

The server may see a request twice (its reply was lost, or it restarted after doing the work), so
it remembers what it did by request id and answers a repeat from memory. Here it "crashes" (closes
its socket without replying) right after doing every third request, and comes back on the same
port; the client's retry finds the new server, which answers from memory.
"""

import collections
import threading
import time

import zmq

REQUESTS = 10
TIMEOUT = 250  # ms to wait for the first reply; doubled on each retry ...
MAX_TIMEOUT = 2000  # ... up to this
MAX_TRIES = 10


def bind_again(ctx: zmq.Context, url: str) -> zmq.Socket:
    """A new REP socket on the old address (the old socket's port may take a moment to free)."""
    rep = ctx.socket(zmq.REP)
    for _ in range(100):
        try:
            rep.bind(url)
            return rep
        except zmq.ZMQError as e:
            if e.errno != zmq.EADDRINUSE:
                raise
            time.sleep(0.01)
    rep.close()
    raise RuntimeError(f"could not bind {url} again")


def server(
    ctx: zmq.Context, rep: zmq.Socket, stop: threading.Event, work: collections.Counter
) -> None:
    url = rep.last_endpoint.decode()
    answers: dict[bytes, bytes] = {}  # request id -> reply: the server's memory (a database)
    while not stop.is_set():
        if not rep.poll(100):
            continue
        rid, body = rep.recv_multipart()
        if rid not in answers:
            work[rid] += 1  # the work itself, done once per request id
            answers[rid] = body.upper()
            if int(rid) % 3 == 2:
                rep.close(linger=0)  # crash before replying: the reply is lost
                rep = bind_again(ctx, url)
                continue
        rep.send_multipart([rid, answers[rid]])
    rep.close(linger=0)


def request(req: zmq.Socket, rid: bytes, body: bytes) -> tuple[bytes, int]:
    """Send until answered; the reply and the number of retries it took."""
    timeout = TIMEOUT
    for tries in range(MAX_TRIES):
        req.send_multipart([rid, body])  # REQ_RELAXED: allowed although the last try is unanswered
        req.rcvtimeo = timeout
        try:
            got, reply = req.recv_multipart()
        except zmq.Again:  # no reply in time: try again, more patiently
            timeout = min(2 * timeout, MAX_TIMEOUT)
            continue
        assert got == rid  # REQ_CORRELATE: never a late reply to something else
        return reply, tries
    raise RuntimeError(f"request {rid.decode()}: no reply after {MAX_TRIES} tries")


def main() -> None:
    work: collections.Counter = collections.Counter()
    stop = threading.Event()
    with zmq.Context() as ctx:
        rep = ctx.socket(zmq.REP)
        rep.bind("tcp://127.0.0.1:0")
        url = rep.last_endpoint.decode()
        t = threading.Thread(target=server, args=(ctx, rep, stop, work))
        t.start()
        with ctx.socket(zmq.REQ) as req:
            req.req_relaxed = 1
            req.req_correlate = 1
            req.linger = 0
            req.connect(url)
            for i in range(REQUESTS):
                reply, retries = request(req, str(i).encode(), f"job {i}".encode())
                late = f" after {retries} retries" if retries else ""
                print(f"request {i}: {reply.decode()!r}{late}")
        stop.set()
        t.join()
    assert sorted(work) == [str(i).encode() for i in range(REQUESTS)]
    assert set(work.values()) == {1}
    print(f"lazy pirate: {REQUESTS} requests, each processed once and answered once")


if __name__ == "__main__":
    main()
