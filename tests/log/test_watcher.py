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


# -- what publishers send never reaches the terminal raw (issue 17) --------------------------------

HOSTILE_TOPIC = "app\x1b]0;owned\x07\r\u202e.INFO".encode()
HOSTILE_MESSAGE = "first\x1b[2J\x1b[31m\r\nsecond\rover\x08\x85\u2028\U000e0001\tend\n".encode()


def _unprinted(text: str) -> list[str]:
    """Characters of text that a terminal would act on, rather than show (line breaks aside)."""
    import unicodedata

    return [
        c for c in text if c != "\n" and unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp", "Cs"}
    ]


def test_control_characters_are_escaped() -> None:
    """Was: a publisher's escape sequences, \\r and \\b reached the watcher's terminal as is."""
    printer, out = _printer("--color")
    printer.show([HOSTILE_TOPIC, HOSTILE_MESSAGE])
    text = out.getvalue()
    color, reset = text[:5], text[-5:-1]
    assert (color, reset) == ("\033[32m", "\033[0m")  # our own colour codes, for INFO
    assert _unprinted(text[5:-5]) == []
    lines = text[5:-5].split("\n")
    head = "app\\x1b]0;owned\\x07\\r\\u202e.INFO | "
    assert lines == [
        head + "first\\x1b[2J\\x1b[31m",  # \r\n is one line break
        " " * len(head) + "second\\rover\\x08\\x85\\u2028\\U000e0001\\tend",
    ]


def test_ordinary_text_is_unchanged() -> None:
    printer, out = _printer()
    message = "caf\u00e9 \u4e2d\u6587 C:\\path\\x \u00a0nbsp \U0001f600"
    printer.show(["app.\u00e9t\u00e9.INFO".encode(), message.encode()])
    assert out.getvalue() == f"app.\u00e9t\u00e9.INFO | {message}\n"


def test_watcher_process_escapes_control_characters(sockets: Callable[..., zmq.Socket]) -> None:
    """End to end: the bytes the watcher writes hold no control character but line breaks."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"tcp://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [*WATCH, "--bind", "--count", "1", "--timeout", "20", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        pub = sockets(zmq.PUB)
        pub.linger = 0
        pub.connect(url)
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline:
            pub.send_multipart([HOSTILE_TOPIC, HOSTILE_MESSAGE])  # until the slow joiner has it
            time.sleep(0.05)
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err
    text = out.decode("utf-8")
    assert text.count("\n") == 2 and _unprinted(text) == [], text
    assert text.startswith("app\\x1b]0;owned\\x07\\r\\u202e.INFO | first\\x1b[2J")
