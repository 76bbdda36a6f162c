"""``python -m zmq.log`` against real publishers, in subprocesses, always with deadlines."""

from __future__ import annotations

import argparse
import io
import logging
import re
import socket
import subprocess
import sys
import textwrap
import time
from typing import Any, Callable

import zmq
from zmq.log.__main__ import Printer, build_parser
from zmq.log.handlers import PUBHandler

TIMEOUT = 10.0
WATCH = [sys.executable, "-m", "zmq.log"]

# Publishes an INFO record and an ERROR record with a subtopic every 50 ms for at most 30 s (the
# watcher joins late: repeating handles the slow joiner), after printing its endpoint.
PUBLISHER = textwrap.dedent(
    """
    import logging, sys, time
    from zmq.log.handlers import PUBHandler

    handler = PUBHandler("tcp://127.0.0.1:0", root_topic="pubtest")
    print(handler.socket.last_endpoint.decode(), flush=True)
    log = logging.getLogger("publisher")
    log.setLevel(logging.DEBUG)
    log.addHandler(handler)
    deadline = time.monotonic() + 30
    i = 0
    while time.monotonic() < deadline:
        log.info("hello %d", i)
        log.error("db::failed %d", i)
        i += 1
        time.sleep(0.05)
    handler.close()
    """
)

Spawn = Callable[..., "tuple[subprocess.Popen[str], Any]"]


def start_publisher(spawn: Spawn) -> str:
    """Run PUBLISHER in a subprocess; return the endpoint it bound."""
    _, out = spawn([sys.executable, "-c", PUBLISHER])
    url = out.get(TIMEOUT)
    assert url and url.startswith("tcp://127.0.0.1:"), url
    return url


def test_help_documents_options() -> None:
    res = subprocess.run([*WATCH, "--help"], capture_output=True, text=True, timeout=30)
    assert res.returncode == 0, res.stderr
    for option in (
        "ENDPOINT",
        "--topic",
        "--bind",
        "--separator",
        "--align",
        "--timestamp",
        "--dateformat",
        "--color",
        "--count",
        "--timeout",
        "TOPIC | MESSAGE",
    ):
        assert option in " ".join(res.stdout.split()), option  # independent of line wrapping


def test_bad_endpoint_exits_with_message() -> None:
    res = subprocess.run(
        [*WATCH, "--timeout", "1", "nonsense://x"], capture_output=True, text=True, timeout=30
    )
    assert res.returncode == 2
    assert "cannot connect nonsense://x" in res.stderr


def test_watcher_prints_records_from_publisher_process(spawn: Spawn) -> None:
    url = start_publisher(spawn)
    watcher, out = spawn([*WATCH, url])
    lines = [out.get(TIMEOUT) for _ in range(6)]
    watcher.terminate()
    watcher.wait(TIMEOUT)
    assert all(lines), lines
    infos = [ln for ln in lines if ln and ln.startswith("pubtest.INFO |")]
    errors = [ln for ln in lines if ln and ln.startswith("pubtest.ERROR.db |")]
    assert infos and errors, lines
    assert all(re.fullmatch(r"pubtest\.INFO \| hello \d+", ln) for ln in infos), infos
    assert all(
        re.fullmatch(r"pubtest\.ERROR\.db \| ERROR <string>:\d+ - failed \d+", ln) for ln in errors
    ), errors


def test_watcher_topic_filter_and_count(spawn: Spawn) -> None:
    url = start_publisher(spawn)
    watcher, out = spawn([*WATCH, "-t", "pubtest.ERROR", "--count", "3", "--timeout", "20", url])
    lines = []
    while (line := out.get(30)) is not None:
        lines.append(line)
    assert watcher.wait(TIMEOUT) == 0
    assert len(lines) == 3, lines
    assert all(ln.startswith("pubtest.ERROR.db | ") for ln in lines), lines


def test_watcher_timeout_exits_when_silent() -> None:
    res = subprocess.run(
        [*WATCH, "--timeout", "0.5", "tcp://127.0.0.1:1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert res.returncode == 0 and res.stdout == ""


def test_watcher_bind_with_connecting_handler(
    spawn: Spawn, sockets: Callable[..., zmq.Socket]
) -> None:
    with socket.socket() as probe:  # a free port from the OS for the watcher to bind
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"tcp://127.0.0.1:{port}"
    watcher, out = spawn([*WATCH, "--bind", "--align", "--count", "2", "--timeout", "20", url])
    pub = sockets(zmq.PUB)
    pub.linger = 0
    pub.connect(url)
    handler = PUBHandler(pub, root_topic="conn")
    log = logging.getLogger("zmqlogtest.watcher.bind")
    log.propagate = False
    log.setLevel(logging.DEBUG)
    log.addHandler(handler)
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 20
        # Keep publishing until the watcher has printed twice (the slow joiner loses the first).
        while len(lines) < 2 and time.monotonic() < deadline:
            log.info("ping")
            try:
                line = out.get(0.1)
            except AssertionError:
                continue
            if line is None:
                break
            lines.append(line)
    finally:
        log.removeHandler(handler)
    assert watcher.wait(TIMEOUT) == 0
    assert lines == ["conn.INFO | ping", "conn.INFO | ping"]


def _printer(*argv: str) -> tuple[Printer, io.StringIO]:
    out = io.StringIO()
    args: argparse.Namespace = build_parser().parse_args([*argv, "tcp://127.0.0.1:1"])
    return Printer(args, out), out


def test_format_align_multiline_and_color() -> None:
    printer, out = _printer("--align")
    printer.show([b"app.WARNING", b"first\n"])
    printer.show([b"app.INFO", b"Traceback:\n  line\nError"])
    assert out.getvalue().splitlines() == [
        "app.WARNING | first",
        "app.INFO    | Traceback:",
        "              " + "  line",
        "              Error",
    ]
    printer, out = _printer("--color", "--separator", ": ")
    printer.show([b"ERROR.sub", b"bad"])
    printer.show([b"other", b"plain"])
    assert out.getvalue() == "\033[31mERROR.sub: bad\033[0m\nother: plain\n"
    printer, out = _printer("--timestamp", "--dateformat", "[%Y]")
    printer.show([b"INFO", b"x"])
    assert re.fullmatch(r"\[\d{4}\] INFO \| x\n", out.getvalue())
