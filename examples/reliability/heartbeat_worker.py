"""Heartbeats: a broker that notices a worker which stopped answering, without waiting for TCP.

A hung process, or a link that silently drops everything, leaves its TCP connection open as far
as the other end can tell, often for many minutes. With ``HEARTBEAT_IVL`` a socket sends a ZMTP
PING on each connection at that interval; when nothing at all has arrived for
``HEARTBEAT_TIMEOUT``, it closes the connection, and its monitor reports ``DISCONNECTED``.

The broker is a ROUTER with ``ROUTER_MANDATORY``, so a job sent to a worker that is gone raises
EHOSTUNREACH instead of vanishing, and ``ROUTER_HANDOVER``, so a worker that reconnects under the
same routing id is accepted at once (without it, libzmq may ignore the new connection while it
still holds the old one). The worker is a separate process, frozen with SIGSTOP and woken with
SIGCONT (POSIX only).
"""

import os
import signal
import subprocess
import sys
import time
from typing import Callable

import zmq
from zmq.utils.monitor import recv_monitor_message

WORKER = b"worker-1"
HEARTBEAT = {zmq.HEARTBEAT_IVL: 100, zmq.HEARTBEAT_TIMEOUT: 500, zmq.HEARTBEAT_TTL: 500}
PATIENCE = 10_000  # ms: how long anything here may take before the example gives up


def worker(url: str) -> None:
    """Answer jobs until told to exit (or until nothing comes for a long while)."""
    with zmq.Context() as ctx, ctx.socket(zmq.DEALER) as sock:
        sock.routing_id = WORKER
        for option, value in HEARTBEAT.items():
            sock.setsockopt(option, value)
        sock.rcvtimeo = 3 * PATIENCE
        sock.linger = 0
        sock.connect(url)
        sock.send(b"ready")
        while (job := sock.recv()) != b"exit":
            sock.send(b"done: " + job)


def wait_for(monitor: zmq.Socket, event: zmq.Event) -> float:
    """Block until the monitor reports event; returns when (time.monotonic())."""
    while recv_monitor_message(monitor)["event"] != event:
        pass
    return time.monotonic()


def send_job(router: zmq.Socket, job: bytes) -> bool:
    """True if the router took the job for the worker; False if it has no such peer (now)."""
    try:
        router.send_multipart([WORKER, job])
    except zmq.ZMQError as e:
        if e.errno != zmq.EHOSTUNREACH:
            raise
        return False
    return True


def retry(attempt: Callable[[], bool], want: bool, tries: int = 200) -> None:
    """The router learns of connections asynchronously: try a few times, briefly."""
    for _ in range(tries):
        if attempt() is want:
            return
        time.sleep(0.01)
    raise RuntimeError("the router's view of the worker did not change")


def main() -> None:
    with zmq.Context() as ctx, ctx.socket(zmq.ROUTER) as router:
        router.router_mandatory = 1
        router.router_handover = 1
        for option, value in HEARTBEAT.items():
            router.setsockopt(option, value)
        router.rcvtimeo = PATIENCE
        router.linger = 0
        monitor = router.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED | zmq.EVENT_DISCONNECTED)
        monitor.rcvtimeo = PATIENCE
        router.bind("tcp://127.0.0.1:0")
        url = router.last_endpoint.decode()
        proc = subprocess.Popen([sys.executable, __file__, "worker", url])
        try:
            print("worker says:", router.recv_multipart()[1].decode())
            send_job(router, b"job 1")
            print("worker says:", router.recv_multipart()[1].decode())

            os.kill(proc.pid, signal.SIGSTOP)  # hung: its connection stays open, but silent
            frozen = time.monotonic()
            noticed = wait_for(monitor, zmq.EVENT_DISCONNECTED)
            print(f"silent worker dropped {noticed - frozen:.1f} s after it froze")
            retry(lambda: send_job(router, b"never sent"), want=False)
            print("job 2: worker unreachable (EHOSTUNREACH), kept for later")

            os.kill(proc.pid, signal.SIGCONT)  # it finds its connection closed and reconnects
            wait_for(monitor, zmq.EVENT_HANDSHAKE_SUCCEEDED)
            retry(lambda: send_job(router, b"job 2"), want=True)
            print("worker says:", router.recv_multipart()[1].decode())
            send_job(router, b"exit")
            proc.wait(PATIENCE / 1000)
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGCONT)
                proc.kill()
                proc.wait()
            router.disable_monitor()
            monitor.close()
    print("heartbeat: the frozen worker was dropped, and served again once it resumed")


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker(sys.argv[2])
    else:
        main()
