"""Type checkers see pyzmq's types: mypy over a user's snippet, against the installed package."""

from __future__ import annotations

import importlib.resources
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SNIPPET = """
from __future__ import annotations

import zmq


def make_context() -> zmq.SyncContext:
    return zmq.Context()


def reply(sock: zmq.SyncSocket) -> bytes:
    return sock.recv()


ctx: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
sock = ctx.socket(zmq.PUSH)
with ctx.socket(zmq.PULL) as managed:
    reveal_type(managed)  # R:managed
reveal_type(zmq.Context())  # R:context
reveal_type(sock)  # R:socket
reveal_type(zmq.Socket(ctx, zmq.PAIR))  # R:socket_ctor
reveal_type(sock.recv())  # R:recv
reveal_type(sock.recv(copy=False))  # R:recv_frame
reveal_type(sock.recv(zmq.NOBLOCK, copy=True))  # R:recv_copy
reveal_type(sock.recv_multipart())  # R:recv_multipart
reveal_type(sock.recv_multipart(copy=False))  # R:recv_multipart_frames
reveal_type(sock.send(b"x"))  # R:send
reveal_type(sock.send(b"x", copy=False, track=True))  # R:send_tracked
reveal_type(sock.recv_string())  # R:recv_string
reveal_type(sock.recv_into(bytearray(10)))  # R:recv_into
reveal_type(sock.poll(10))  # R:poll
reveal_type(zmq.Poller().poll(10))  # R:poller
reveal_type(zmq.Frame(b"x"))  # R:frame
reveal_type(zmq.Frame(b"x").bytes)  # R:frame_bytes
frame: zmq.Frame = sock.recv(copy=False)
tracker: zmq.MessageTracker = sock.send(b"x", copy=False, track=True)
tracker.wait(1.0)
done: bool = tracker.done
data: bytes = reply(make_context().socket(zmq.PULL))
"""

EXPECTED = {
    "managed": r"zmq(\.sugar\.socket)?\.Socket\[bytes\]",
    "context": r"zmq(\.sugar\.context)?\.Context\[zmq(\.sugar\.socket)?\.Socket\[bytes\]\]",
    "socket": r"zmq(\.sugar\.socket)?\.Socket\[bytes\]",
    "socket_ctor": r"zmq(\.sugar\.socket)?\.Socket\[bytes\]",
    "recv": r"bytes",
    "recv_frame": r"zmq(\.[\w.]+)?\.Frame",
    "recv_copy": r"bytes",
    "recv_multipart": r"list\[bytes\]",
    "recv_multipart_frames": r"list\[zmq(\.[\w.]+)?\.Frame\]",
    "send": r"None",
    "send_tracked": r"zmq(\.sugar\.tracker)?\.MessageTracker",
    "recv_string": r"str",
    "recv_into": r"int",
    "poll": r"int",
    "poller": r"list\[tuple\[Any, int\]\]",
    "frame": r"zmq(\.[\w.]+)?\.Frame",
    "frame_bytes": r"bytes",
}


MISUSE = """
import zmq

sock = zmq.Context().socket(zmq.PULL)
text: str = sock.recv()  # E:assignment
sock.send_string(b"bytes")  # E:call-overload
parts: list[str] = sock.recv_multipart()  # E:assignment
"""


def _run_mypy(tmp: Path, source: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy")
    (tmp / "snippet.py").write_text(textwrap.dedent(source))
    # cwd=tmp: no repository config; zmq comes from the installed (site-packages) distribution
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--show-error-codes", "snippet.py"],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def mypy_result(tmp_path_factory) -> tuple[int, str, dict[str, str]]:
    """Run mypy once on SNIPPET; return (exit code, output, label -> revealed type)."""
    tmp: Path = tmp_path_factory.mktemp("typing")
    proc = _run_mypy(tmp, SNIPPET)
    output = proc.stdout + proc.stderr
    lines = (tmp / "snippet.py").read_text().splitlines()
    revealed: dict[str, str] = {}
    for match in re.finditer(r"snippet\.py:(\d+): note: Revealed type is \"(.*)\"", output):
        label = re.search(r"# R:(\w+)", lines[int(match.group(1)) - 1])
        if label:
            # older mypy spells builtins out (builtins.bytes), newer does not
            revealed[label.group(1)] = match.group(2).replace("builtins.", "")
    return proc.returncode, output, revealed


def test_snippet_type_checks(mypy_result) -> None:
    code, output, _ = mypy_result
    errors = [line for line in output.splitlines() if ": error:" in line]
    assert errors == [], output
    assert code == 0, output


@pytest.mark.parametrize("label", list(EXPECTED))
def test_revealed_type(mypy_result, label: str) -> None:
    _, output, revealed = mypy_result
    assert label in revealed, output
    assert re.fullmatch(EXPECTED[label], revealed[label]), f"{label}: {revealed[label]}"


def test_misuse_is_reported(tmp_path) -> None:
    proc = _run_mypy(tmp_path, MISUSE)
    output = proc.stdout + proc.stderr
    lines = textwrap.dedent(MISUSE).splitlines()
    expected = {
        (i + 1, m.group(1)) for i, line in enumerate(lines) if (m := re.search(r"# E:(\S+)", line))
    }
    found = {
        (int(m.group(1)), m.group(2))
        for m in re.finditer(r"snippet\.py:(\d+): error: .*\[([\w-]+)\]", output)
    }
    assert found == expected, output


def test_py_typed_ships() -> None:
    marker = importlib.resources.files("zmq").joinpath("py.typed")
    assert marker.is_file()


def test_constants_stub_ships() -> None:
    assert importlib.resources.files("zmq").joinpath("constants.pyi").is_file()
