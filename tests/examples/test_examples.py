"""Run every program under examples/ as a user would, and check that it finishes and says so.

Each example binds loopback ports chosen by the OS and ends by itself within seconds; a hang
fails here through the subprocess timeout rather than blocking the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TIMEOUT = 30  # seconds; each example needs under 5 on an idle machine

# script (relative to examples/) -> a line its successful run prints
EXPECTED = {
    "reqrep/reqrep.py": "reqrep: done",
    "pubsub/pubsub.py": "pubsub: received 6 messages, none about sports",
    "pipeline/pipeline.py": "pipeline: sum of squares = 8555",
    "routerdealer/routerdealer.py": "routerdealer: every reply reached its sender",
    "poller/poller.py": "poller: 6 messages from two sockets",
    "devices/devices.py": "monitor saw 8 messages cross the device",
    "monitoring/monitoring.py": "monitoring: saw LISTENING -> ACCEPTED",
    "asyncio/asyncio_reqrep.py": "asyncio: 5 concurrent requests answered",
    "tornado/tornado_stream.py": "tornado: three echoes through a ZMQStream",
    "gevent/gevent_green.py": "gevent: 3 greenlets served in one thread",
    "security/ironhouse.py": "security: ironhouse handshake ok",
    "logging/log_pubsub.py": "logging: only WARNING and ERROR records reached the subscriber",
    "serialization/serialization.py": "serialization: json, pyobj and a zero-copy array",
    "reliability/lazy_pirate.py": "lazy pirate: 10 requests, each processed once and answered once",
    "reliability/heartbeat_worker.py": "heartbeat: the frozen worker was dropped, and served again",
}

# what an example imports beyond the core, so that a missing library skips it with a reason
NEEDS = {
    "asyncio/asyncio_reqrep.py": ["zmq.asyncio"],
    "tornado/tornado_stream.py": ["tornado", "zmq.eventloop.zmqstream"],
    "gevent/gevent_green.py": ["gevent", "zmq.green"],
    "security/ironhouse.py": ["zmq.auth.thread"],
    "logging/log_pubsub.py": ["zmq.log.handlers"],
    "serialization/serialization.py": ["numpy"],
}


def test_every_example_is_listed() -> None:
    scripts = {
        p.relative_to(EXAMPLES).as_posix()
        for p in EXAMPLES.glob("*/*.py")
        if not p.name.startswith("_")
    }
    assert scripts == set(EXPECTED), "add new examples to EXPECTED (and remove deleted ones)"


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_example(script: str) -> None:
    for module in NEEDS.get(script, []):
        pytest.importorskip(module)
    env = dict(os.environ, PYTHONWARNINGS="error::ResourceWarning")
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        cwd=EXAMPLES / Path(script).parent,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
    )
    output = f"--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}"
    assert proc.returncode == 0, output
    assert EXPECTED[script] in proc.stdout, output
    assert proc.stderr.strip() == "", output  # no traceback, warning or logged error
