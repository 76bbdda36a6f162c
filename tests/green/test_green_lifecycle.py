"""zmq.green across a gevent hub's lifetime: a destroyed hub leaves sockets closable and usable.

gevent's hub owns the io watchers on libzmq's ``ZMQ_FD`` but never the descriptor; destroying the
hub (``hub.destroy(destroy_loop=True)``, as apps and test runners do between runs) frees the
watchers with its loop. Run in a child process: the hub of pytest's own thread stays intact.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD_TIMEOUT = 60

SCRIPT = """
import gevent
import zmq.green as zmq

ctx = zmq.Context()
pull = ctx.socket(zmq.PULL)
port = pull.bind_to_random_port("tcp://127.0.0.1")
push = ctx.socket(zmq.PUSH)
push.linger = 0
push.connect(f"tcp://127.0.0.1:{port}")
waiting = gevent.spawn(pull.recv)
gevent.sleep(0.05)  # the greenlet waits: pull has a watcher on the hub's loop
push.send(b"before")
assert waiting.get(timeout=5) == b"before"
assert pull._watcher is not None

gevent.get_hub().destroy(destroy_loop=True)

# a new hub: the socket waits on it as before
waiting = gevent.spawn(pull.recv)
gevent.sleep(0.05)
push.send(b"after")
assert waiting.get(timeout=5) == b"after"

gevent.get_hub().destroy(destroy_loop=True)
pull.close()  # its watcher belonged to the destroyed loop
push.close()
with gevent.Timeout(10):
    ctx.term()
print("ok")
"""


def test_sockets_survive_a_destroyed_hub() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
    )
    assert proc.returncode == 0, f"exit status {proc.returncode}\n{proc.stderr}"
    assert proc.stdout.strip() == "ok"
