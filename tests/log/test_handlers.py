"""PUBHandler and TopicLogger over real PUB/SUB sockets."""

from __future__ import annotations

import logging
import threading
from logging.config import dictConfig
from typing import Any, Callable

import pytest

import zmq
from zmq.log.handlers import TOPIC_DELIM, PUBHandler, TopicLogger

PubSub = Callable[..., "tuple[PUBHandler, zmq.Socket]"]
MakeLogger = Callable[[logging.Handler], logging.Logger]
TIMEOUT = 10.0


def test_topic_delim_is_documented_value() -> None:
    assert TOPIC_DELIM == "::"


def test_records_arrive_with_level_topics(
    pubsub: PubSub, make_logger: MakeLogger, zlog: Any
) -> None:
    handler, sub = pubsub()
    log = make_logger(handler)
    log.debug("d")
    log.info("hello there")
    log.warning("w")
    log.error("e")
    log.critical("c")
    got = zlog.recv_records(sub, 5)
    assert [t for t, _ in got] == [
        b"root.DEBUG",
        b"root.INFO",
        b"root.WARNING",
        b"root.ERROR",
        b"root.CRITICAL",
    ]
    # INFO: the message alone; every default format ends with a newline, as pyzmq's always did
    assert got[1][1] == b"hello there\n"
    assert all(len(m) == 2 and isinstance(m[1], bytes) for m in got)
    assert got[3][1].endswith(b" - e\n") and b"test_handlers.py" in got[3][1]
    assert all(m.endswith(b"\n") and not m.endswith(b"\n\n") for _, m in got)


def test_subtopic_split_from_message(pubsub: PubSub, make_logger: MakeLogger, zlog: Any) -> None:
    handler, sub = pubsub()
    log = make_logger(handler)
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    log.addHandler(Keep())
    log.info(TOPIC_DELIM.join(["sub.topic", "hello there"]))
    log.info("db::x=%d", 5)
    log.info("only::the::first")
    assert zlog.recv_records(sub, 3) == [
        [b"root.INFO.sub.topic", b"hello there\n"],
        [b"root.INFO.db", b"x=5\n"],
        [b"root.INFO.only", b"the::first\n"],
    ]
    # Other handlers still see the record as logged.
    assert seen[0].getMessage() == "sub.topic::hello there"


def test_empty_root_topic_starts_with_level(
    pubsub: PubSub, make_logger: MakeLogger, zlog: Any
) -> None:
    handler, sub = pubsub(root_topic="")
    log = make_logger(handler)
    log.info("a")
    log.error("sub::b")
    assert [t for t, _ in zlog.recv_records(sub, 2)] == [b"INFO", b"ERROR.sub"]


def test_sub_filter_per_level(pubsub: PubSub, make_logger: MakeLogger, zlog: Any) -> None:
    handler, sub = pubsub(b"root.ERROR")
    log = make_logger(handler)
    for i in range(3):
        log.debug("d%d", i)
        log.info("i%d", i)
        log.warning("w%d", i)
        log.error("e%d", i)
        log.critical("c%d", i)
        log.error("db::sub%d", i)
    got = zlog.recv_records(sub, 6)
    assert [t for t, _ in got] == [b"root.ERROR", b"root.ERROR.db"] * 3
    assert [m.rsplit(b" - ", 1)[1] for _, m in got] == [
        b"e0\n",
        b"sub0\n",
        b"e1\n",
        b"sub1\n",
        b"e2\n",
        b"sub2\n",
    ]
    zlog.assert_quiet(sub)


def test_root_topic_setters(pubsub: PubSub, make_logger: MakeLogger, zlog: Any) -> None:
    handler, sub = pubsub()
    log = make_logger(handler)
    handler.setRootTopic("custom")
    assert handler.root_topic == "custom"
    log.info("a")
    handler.root_topic = "other"
    log.info("b")
    handler.setRootTopic(b"bytes")
    log.info("c")
    assert zlog.recv_records(sub, 3) == [
        [b"custom.INFO", b"a\n"],
        [b"other.INFO", b"b\n"],
        [b"bytes.INFO", b"c\n"],
    ]


def test_per_level_formatters(pubsub: PubSub, make_logger: MakeLogger, zlog: Any) -> None:
    handler, sub = pubsub()
    log = make_logger(handler)
    handler.setFormatter(logging.Formatter("{name} > {message}", style="{"))
    handler.setFormatter(logging.Formatter("dbg:%(message)s"), logging.DEBUG)
    handler.setFormatter(logging.Formatter("warn:%(message)s"), "WARNING")
    handler.formatters[logging.ERROR] = logging.Formatter("err:%(message)s")
    log.debug("x")
    log.info("sub::y")
    log.warning("z")
    log.error("e")
    log.log(25, "custom level")  # no formatter of its own: the all-levels one
    got = [m for _, m in zlog.recv_records(sub, 5)]
    assert got == [
        b"dbg:x",
        f"{log.name} > y".encode(),
        b"warn:z",
        b"err:e",
        f"{log.name} > custom level".encode(),
    ]
    # Without a level, setFormatter replaces every per-level formatter.
    handler.setFormatter(logging.Formatter("all:%(message)s"))
    log.debug("x")
    log.error("e")
    assert [m for _, m in zlog.recv_records(sub, 2)] == [b"all:x", b"all:e"]
    assert set(handler.formatters) >= {logging.DEBUG, logging.INFO, logging.CRITICAL}
    # None/0 also mean all levels.
    handler.setFormatter(logging.Formatter("none:%(message)s"), None)
    log.warning("w")
    assert zlog.recv_records(sub, 1)[0][1] == b"none:w"


def test_non_string_messages_are_formatted(
    pubsub: PubSub, make_logger: MakeLogger, zlog: Any
) -> None:
    handler, sub = pubsub()
    log = make_logger(handler)

    class Odd:
        def __str__(self) -> str:
            return "odd::value"

    log.info(42)
    log.info({"a": 1})
    log.info(Odd())  # not a str: never split into a subtopic
    log.info(None)
    log.info("unicode \u00e9\u2603")
    assert zlog.recv_records(sub, 5) == [
        [b"root.INFO", b"42\n"],
        [b"root.INFO", b"{'a': 1}\n"],
        [b"root.INFO", b"odd::value\n"],
        [b"root.INFO", b"None\n"],
        [b"root.INFO", "unicode \u00e9\u2603\n".encode()],
    ]


def test_exception_traceback_is_published(
    pubsub: PubSub, make_logger: MakeLogger, zlog: Any
) -> None:
    handler, sub = pubsub()
    log = make_logger(handler)
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        log.exception("boom")
        log.info("calc::with info", exc_info=True)
    (topic, msg), (topic2, msg2) = zlog.recv_records(sub, 2)
    assert topic == b"root.ERROR"
    text = msg.decode()
    assert "boom" in text
    assert "Traceback (most recent call last)" in text
    assert "ZeroDivisionError" in text
    assert topic2 == b"root.INFO.calc"
    assert msg2.startswith(b"with info\nTraceback") and b"ZeroDivisionError" in msg2


def test_bad_format_args_go_to_handle_error(
    pubsub: PubSub, make_logger: MakeLogger, capsys: pytest.CaptureFixture[str], zlog: Any
) -> None:
    handler, sub = pubsub()
    log = make_logger(handler)
    log.info("%d items", "not a number")  # must not raise
    log.info("after")
    assert zlog.recv_records(sub, 1) == [[b"root.INFO", b"after\n"]]
    assert "--- Logging error ---" in capsys.readouterr().err


def test_interface_string_binds_own_socket(
    sockets: Callable[..., zmq.Socket], make_logger: MakeLogger, zlog: Any
) -> None:
    handler = PUBHandler("tcp://127.0.0.1:0", root_topic="iface")
    try:
        assert handler.socket.type == zmq.PUB
        assert handler.ctx is handler.socket.context
        sub = sockets(zmq.SUB)
        sub.linger = 0
        sub.subscribe(b"")
        sub.connect(handler.socket.last_endpoint.decode())
        zlog.sync(handler.socket, sub)
        log = make_logger(handler)
        log.info("over tcp")
        assert zlog.recv_records(sub, 1) == [[b"iface.INFO", b"over tcp\n"]]
    finally:
        handler.close()
    # The handler made the socket and the context: close() releases both.
    assert handler.socket.closed
    assert handler.ctx.closed
    log.info("after close")  # dropped quietly: the handler is closed
    assert handler.dropped >= 1


def test_interface_string_with_context(context: zmq.Context, zlog: Any) -> None:
    handler = PUBHandler("inproc://zmq-log-ctx", context=context)
    assert handler.ctx is context
    sub = context.socket(zmq.SUB)
    try:
        sub.linger = 0
        sub.subscribe(b"")
        sub.connect("inproc://zmq-log-ctx")
        zlog.sync(handler.socket, sub)
        logger = logging.getLogger("zmqlogtest.ctx")
        logger.propagate = False
        logger.addHandler(handler)
        logger.warning("inproc")
        ((topic, msg),) = zlog.recv_records(sub, 1)
        assert topic == b"WARNING" and msg.endswith(b" - inproc\n")
        logger.removeHandler(handler)
    finally:
        sub.close()
        handler.close()
    assert handler.socket.closed
    assert not context.closed  # the caller's context stays usable


def test_bad_interface_raises_and_releases(context: zmq.Context) -> None:
    with pytest.raises(zmq.ZMQError):
        PUBHandler("nonsense://x", context=context)
    with pytest.raises(TypeError):
        PUBHandler(42)  # type: ignore[arg-type]


def test_passed_socket_is_not_closed(pubsub: PubSub) -> None:
    handler, _ = pubsub()
    handler.close()
    assert not handler.socket.closed


def test_dictconfig(pubsub: PubSub, zlog: Any) -> None:
    template, sub = pubsub()
    template.close()
    dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {
                "zmq": {
                    "class": "zmq.log.handlers.PUBHandler",
                    "level": logging.DEBUG,
                    "root_topic": "foo",
                    "interface_or_socket": template.socket,
                }
            },
            "loggers": {
                "zmqlogtest.dictconfig": {
                    "level": "DEBUG",
                    "handlers": ["zmq"],
                    "propagate": False,
                }
            },
        }
    )
    logger = logging.getLogger("zmqlogtest.dictconfig")
    try:
        logger.info("configured")
        assert zlog.recv_records(sub, 1) == [[b"foo.INFO", b"configured\n"]]
    finally:
        for h in list(logger.handlers):
            logger.removeHandler(h)
            h.close()


def test_closed_socket_does_not_raise(
    pubsub: PubSub, make_logger: MakeLogger, capsys: pytest.CaptureFixture[str]
) -> None:
    handler, _ = pubsub()
    log = make_logger(handler)
    handler.socket.close(linger=0)
    log.error("into the void")  # must not raise
    log.info("again")
    err = capsys.readouterr().err
    assert err.count("--- Logging error ---") == 2
    assert "ZMQError" in err


def _log_many(log: logging.Logger, n: int) -> threading.Thread:
    """Log n records in a thread: joining it with a deadline proves logging never blocked."""

    def run() -> None:
        for i in range(n):
            log.info("record %d", i)

    t = threading.Thread(target=run)
    t.start()
    t.join(TIMEOUT)
    assert not t.is_alive(), "logging blocked"
    return t


def test_pub_at_hwm_without_subscriber_does_not_block(
    sockets: Callable[..., zmq.Socket], make_logger: MakeLogger
) -> None:
    pub = sockets(zmq.PUB)
    pub.linger = 0
    pub.sndhwm = 1
    pub.bind("tcp://127.0.0.1:0")
    log = make_logger(PUBHandler(pub))
    _log_many(log, 1000)


def test_pub_at_hwm_with_stalled_subscriber_does_not_block(
    sockets: Callable[..., zmq.Socket], make_logger: MakeLogger, zlog: Any
) -> None:
    pub, sub = sockets(zmq.PUB), sockets(zmq.SUB)
    pub.linger = sub.linger = 0
    pub.sndhwm = 1
    sub.rcvhwm = 1
    pub.bind("tcp://127.0.0.1:0")
    sub.subscribe(b"")
    sub.connect(pub.last_endpoint.decode())
    zlog.sync(pub, sub)
    log = make_logger(PUBHandler(pub))
    _log_many(log, 1000)  # the subscriber never reads: PUB drops


def test_would_block_socket_drops_and_reports_once(
    sockets: Callable[..., zmq.Socket],
    make_logger: MakeLogger,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A PUSH socket with no peer would block on send; the handler must drop instead.
    push = sockets(zmq.PUSH)
    push.linger = 0
    push.sndhwm = 1
    push.bind("tcp://127.0.0.1:0")
    handler = PUBHandler(push)
    log = make_logger(handler)
    _log_many(log, 1000)
    assert handler.dropped == 1000
    err = capsys.readouterr().err
    assert err.count("--- Logging error ---") == 1
    assert "Again" in err or "Resource temporarily unavailable" in err


def test_concurrent_threads(pubsub: PubSub, make_logger: MakeLogger, zlog: Any) -> None:
    handler, sub = pubsub()
    log = make_logger(handler)

    def run(k: int) -> None:
        for i in range(100):
            log.info(f"t{k}::%d", i)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    got = zlog.recv_records(sub, 400)
    for k in range(4):
        mine = [int(m) for t, m in got if t == f"root.INFO.t{k}".encode()]
        assert mine == list(range(100))


def test_topic_logger(pubsub: PubSub, zlog: Any) -> None:
    handler, sub = pubsub()
    handler.setFormatter(logging.Formatter("%(filename)s:%(funcName)s %(message)s"))
    logger = TopicLogger("zmqlogtest.topiclogger")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        logger.log(logging.WARNING, "zmq.fun", "We have a %s", "mysterious problem")
        logger.debug("topic.sub", "d")
        logger.info("t", "i %d", 1)
        logger.warning("t", "w")
        logger.error("t", "e")
        logger.critical("t", "c")
        logger.fatal("t", "f")
        logger.info("", "no topic")
        try:
            raise ValueError("bad")
        except ValueError:
            logger.exception("exc", "caught")
        got = zlog.recv_records(sub, 9)
    finally:
        logger.removeHandler(handler)
    where = b"test_handlers.py:test_topic_logger "  # attributed to the caller, not TopicLogger
    assert [t for t, _ in got] == [
        b"root.WARNING.zmq.fun",
        b"root.DEBUG.topic.sub",
        b"root.INFO.t",
        b"root.WARNING.t",
        b"root.ERROR.t",
        b"root.CRITICAL.t",
        b"root.CRITICAL.t",
        b"root.INFO",
        b"root.ERROR.exc",
    ]
    assert [m for _, m in got[:8]] == [
        where + b"We have a mysterious problem",
        where + b"d",
        where + b"i 1",
        where + b"w",
        where + b"e",
        where + b"c",
        where + b"f",
        where + b"no topic",
    ]
    assert got[8][1].startswith(where + b"caught\nTraceback")
    assert b"ValueError: bad" in got[8][1]


def test_topic_logger_respects_level(pubsub: PubSub, zlog: Any) -> None:
    handler, sub = pubsub()
    logger = TopicLogger("zmqlogtest.topiclevel", level=logging.WARNING)
    logger.addHandler(handler)
    try:
        logger.info("t", "hidden")
        logger.warning("t", "shown")
        ((topic, msg),) = zlog.recv_records(sub, 1)
    finally:
        logger.removeHandler(handler)
    assert topic == b"root.WARNING.t" and msg.endswith(b"shown\n")
    zlog.assert_quiet(sub, 0.1)
