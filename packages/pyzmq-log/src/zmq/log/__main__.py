r"""Log watcher: print the records a :class:`zmq.log.handlers.PUBHandler` publishes.

Run ``python -m zmq.log tcp://127.0.0.1:12345``; ``--help`` lists the options. Each record is
printed on one line as::

    [<timestamp> ]<topic><separator><message>

with the separator ``" | "`` by default, e.g. ``myapp.WARNING | disk almost full``. The topic is the
one the record was published under (``root.LEVEL[.subtopic]``). Continuation lines of a message
(tracebacks) are indented to start under the message. Output is flushed after every record so the
watcher can be piped.

Anyone who can publish to the endpoint controls what is printed, so control characters in topics
and messages (escape sequences, carriage returns, backspaces, bidirectional overrides...) are
shown escaped, as ``\x1b``, ``\r``, ``\u202e``, never sent to the terminal; only the line breaks
of a message are kept (``\r\n`` counts as one).
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections.abc import Sequence
from typing import Optional, TextIO

import zmq

#: ANSI colours by level name for ``--color``.
COLORS = {
    "DEBUG": "\033[36m",
    "INFO": "\033[32m",
    "WARNING": "\033[33m",
    "WARN": "\033[33m",
    "ERROR": "\033[31m",
    "CRITICAL": "\033[1;31m",
    "FATAL": "\033[1;31m",
}
RESET = "\033[0m"

#: How often (ms) the receive loop wakes to check its deadline.
POLL_SLICE_MS = 200


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line; kept separate so tests and --help see the same options."""
    parser = argparse.ArgumentParser(
        prog="python -m zmq.log",
        description=(
            "Subscribe to log records published by zmq.log.handlers.PUBHandler and print each as "
            "'[TIMESTAMP ]TOPIC | MESSAGE', where TOPIC is root_topic.LEVEL[.subtopic]."
        ),
        epilog=(
            "Example: python -m zmq.log -t myapp --align tcp://127.0.0.1:12345 "
            "(exits on Ctrl-C, or as --count/--timeout say)."
        ),
    )
    parser.add_argument(
        "zmq_pub_url",
        metavar="ENDPOINT",
        help="endpoint of the publisher, e.g. tcp://127.0.0.1:12345 (connected to unless --bind)",
    )
    parser.add_argument(
        "-t",
        "--topic",
        action="append",
        dest="topics",
        metavar="TOPIC",
        help=(
            "only show records whose topic starts with TOPIC (a SUB prefix filter, e.g. 'myapp' or "
            "'myapp.ERROR'); repeat for several; default: all records"
        ),
    )
    parser.add_argument(
        "--bind",
        action="store_true",
        help="bind ENDPOINT instead of connecting to it (for handlers whose socket connects)",
    )
    parser.add_argument(
        "--separator",
        default=" | ",
        help="text printed between the topic and the message (default: ' | ')",
    )
    parser.add_argument(
        "--align",
        action="store_true",
        help="pad topics to the widest topic seen so far, so messages line up",
    )
    parser.add_argument(
        "--timestamp",
        action="store_true",
        help="prefix each line with the local time the record was received",
    )
    parser.add_argument(
        "--dateformat",
        default="%Y-%m-%d %H:%M:%S",
        help="strftime format for --timestamp (default: %%Y-%%m-%%d %%H:%%M:%%S)",
    )
    parser.add_argument(
        "--color", action="store_true", help="colour each line by the record's level (ANSI)"
    )
    parser.add_argument(
        "-n", "--count", type=int, metavar="N", help="exit after printing N records"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="exit when no record has arrived for SECONDS",
    )
    return parser


# Unicode categories never printed as they are: controls, format characters (bidirectional
# overrides, zero-width characters), line and paragraph separators, surrogates.
_UNPRINTED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_NAMED = {"\t": "\\t", "\r": "\\r", "\n": "\\n"}


def escape(text: str) -> str:
    r"""text with every control or format character replaced by a visible escape like ``\x1b``."""
    if text.isascii() and text.isprintable():
        return text  # the common case, checked in C
    out: list[str] = []
    for c in text:
        if c.isprintable() or unicodedata.category(c) not in _UNPRINTED:
            out.append(c)
        elif c in _NAMED:
            out.append(_NAMED[c])
        else:
            code = ord(c)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
    return "".join(out)


def level_of(topic: str) -> Optional[str]:
    """Return the level name in a topic (its first component that is one), for colouring."""
    for part in topic.split("."):
        if part in COLORS:
            return part
    return None


class Printer:
    """Turn received messages into output lines, remembering the width used by --align."""

    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self.width = 0

    def show(self, frames: Sequence[bytes]) -> None:
        """Print one record; a message with extra parts prints them joined by spaces.

        Control characters of the topic and the message are escaped (see :func:`escape`); the
        message's line breaks become continuation lines.
        """
        topic = escape(frames[0].decode("utf-8", "replace")) if frames else ""
        text = b" ".join(frames[1:]).decode("utf-8", "replace")
        text = text.replace("\r\n", "\n").rstrip("\n")
        if self.args.align:
            self.width = max(self.width, len(topic))
            topic = topic.ljust(self.width)
        prefix = ""
        if self.args.timestamp:
            prefix = time.strftime(self.args.dateformat) + " "
        head = f"{prefix}{topic}{self.args.separator}"
        lines = [escape(line) for line in text.split("\n")]
        body = ("\n" + " " * len(head)).join(lines)
        line = head + body
        level = level_of(topic.strip())
        if self.args.color and level is not None:
            line = f"{COLORS[level]}{line}{RESET}"
        self.out.write(line + "\n")
        self.out.flush()


def watch(args: argparse.Namespace, out: TextIO) -> int:
    """Subscribe and print until Ctrl-C, --count records, or --timeout seconds of silence."""
    ctx = zmq.Context()
    sub = ctx.socket(zmq.SUB)
    try:
        for topic in args.topics or [""]:
            sub.setsockopt(zmq.SUBSCRIBE, topic.encode("utf-8"))
        try:
            if args.bind:
                sub.bind(args.zmq_pub_url)
            else:
                sub.connect(args.zmq_pub_url)
        except zmq.ZMQError as e:
            verb = "bind" if args.bind else "connect"
            print(f"zmq.log: cannot {verb} {args.zmq_pub_url}: {e}", file=sys.stderr)
            return 2
        printer = Printer(args, out)
        shown = 0
        last = time.monotonic()
        while args.count is None or shown < args.count:
            if args.timeout is not None:
                left_ms = (last + args.timeout - time.monotonic()) * 1000
                if left_ms <= 0:
                    break
                wait_ms = int(min(left_ms, POLL_SLICE_MS)) + 1
            else:
                wait_ms = POLL_SLICE_MS
            if not sub.poll(wait_ms, zmq.POLLIN):
                continue
            frames = sub.recv_multipart(zmq.NOBLOCK)
            printer.show(frames)
            shown += 1
            last = time.monotonic()
        return 0
    finally:
        sub.close(linger=0)
        ctx.term()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of ``python -m zmq.log``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return watch(args, sys.stdout)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. piped into head): nothing left to print to.
        return 0


if __name__ == "__main__":
    sys.exit(main())
