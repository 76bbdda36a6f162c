"""Run by tests/dist inside throwaway venvs: import zmq, exchange messages, report what was loaded.

Usage: python smoke.py [--curve] [--expect-hidden]. Prints one JSON object on stdout.
--expect-hidden first checks that the system's libzmq.so.5 cannot be loaded (the mount namespace the
test set up hides it), so a pass cannot come from the system library.
"""

from __future__ import annotations

import ctypes
import json
import sys


def system_libzmq_loadable() -> bool:
    try:
        ctypes.CDLL("libzmq.so.5")
    except OSError:
        return False
    return True


def main() -> None:
    report: dict[str, object] = {}
    if "--expect-hidden" in sys.argv and system_libzmq_loadable():
        sys.exit("the system libzmq.so.5 is still loadable: it was not hidden")

    import zmq

    report.update(
        python=sys.version.split()[0],
        zmq_file=zmq.__file__,
        pyzmq_version=zmq.pyzmq_version(),
        libzmq_version=zmq.zmq_version(),
    )
    ctx = zmq.Context()
    try:
        push, pull = ctx.socket(zmq.PUSH), ctx.socket(zmq.PULL)
        for s in (push, pull):
            s.linger = 0
            s.rcvtimeo = s.sndtimeo = 10_000
        push.bind("tcp://127.0.0.1:0")
        pull.connect(push.last_endpoint)
        push.send_multipart([b"over", b"tcp"])
        assert pull.recv_multipart() == [b"over", b"tcp"]
        report["tcp"] = True

        if "--curve" in sys.argv:
            assert zmq.has("curve"), "libzmq without CURVE"
            server_public, server_secret = zmq.curve_keypair()
            client_public, client_secret = zmq.curve_keypair()
            server, client = ctx.socket(zmq.REP), ctx.socket(zmq.REQ)
            for s in (server, client):
                s.linger = 0
                s.rcvtimeo = s.sndtimeo = 10_000
            server.curve_server = True
            server.curve_secretkey = server_secret
            server.bind("tcp://127.0.0.1:0")
            client.curve_serverkey = server_public
            client.curve_publickey = client_public
            client.curve_secretkey = client_secret
            client.connect(server.last_endpoint)
            client.send(b"secret hello")
            assert server.recv() == b"secret hello"
            server.send(b"secret reply")
            assert client.recv() == b"secret reply"
            report["curve"] = True
    finally:
        ctx.destroy(linger=0)

    # which shared libraries this process mapped: proves where libzmq really came from
    with open("/proc/self/maps") as maps:
        paths = {line.split(None, 5)[5].strip() for line in maps if len(line.split(None, 5)) == 6}
    report["libs"] = sorted(p for p in paths if ".so" in p)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
