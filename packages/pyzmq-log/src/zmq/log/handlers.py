"""Logging handlers that publish records on a ZeroMQ PUB socket.

A :class:`PUBHandler` turns every record into a two-part message ``[topic, text]`` so subscribers
can filter by prefix: the topic is ``<root_topic>.<LEVEL>[.<subtopic>]`` (without the root part and
its dot when the root topic is empty), the text is the record formatted by the formatter for its
level; the default formatters end it with a newline. A message written as ``"sub.topic" + TOPIC_DELIM + "text"`` is published under the subtopic
``sub.topic`` with ``text`` as its message; :class:`TopicLogger` builds such messages for you.

Example
-------
>>> import logging
>>> handler = PUBHandler("tcp://127.0.0.1:12345", root_topic="myapp")
>>> logger = logging.getLogger("myapp")
>>> logger.addHandler(handler)
>>> logger.warning("db::connection lost")  # topic b"myapp.WARNING.db", message b"... connection lost"

Publishing never blocks and never raises into the code that logs: messages are sent with NOBLOCK, a
message the socket will not take now (``zmq.Again``: a full queue on a socket type that would block)
is dropped and counted in ``PUBHandler.dropped``, and every other failure (a closed socket, a
record that cannot be formatted) goes to :meth:`logging.Handler.handleError`, which prints the error
and the record to stderr when ``logging.raiseExceptions`` is true, as for any logging handler. A PUB
socket at its send high-water mark drops messages itself, silently, as PUB always does.
"""

from __future__ import annotations

import copy
import logging
import sys
from typing import Any, Optional, Union

import zmq

__all__ = ["TOPIC_DELIM", "PUBHandler", "TopicLogger"]

#: Separates a subtopic from the message text: ``"sub.topic::text"``.
TOPIC_DELIM = "::"

# Every default format ends the text with a newline: that is the wire format pyzmq's handler has
# always published, so subscribers that write messages straight to a stream (and pyzmq's own log
# watcher) get one record per line. A formatter set with setFormatter() is used exactly as given.

#: Format of records at INFO level: the message alone, as it is the common, expected case.
INFO_FORMAT = "%(message)s\n"
#: Format of the other levels: where the record came from helps when something is wrong.
DETAIL_FORMAT = "%(levelname)s %(filename)s:%(lineno)d - %(message)s\n"

#: How long (ms) closing a socket the handler created waits to deliver queued records.
CLOSE_LINGER_MS = 1000

_STANDARD_LEVELS = (
    logging.DEBUG,
    logging.INFO,
    logging.WARNING,
    logging.ERROR,
    logging.CRITICAL,
)
_FALLBACK_FORMATTER = logging.Formatter(DETAIL_FORMAT)


def _default_formatters() -> dict[int, logging.Formatter]:
    """Return a fresh formatter per standard level, so one handler's changes never leak to another."""
    return {
        level: logging.Formatter(INFO_FORMAT if level == logging.INFO else DETAIL_FORMAT)
        for level in _STANDARD_LEVELS
    }


def _to_level(level: Union[int, str, None]) -> int:
    """Map a level given as int, registered name or None (meaning all levels) to an int."""
    if level is None:
        return logging.NOTSET
    if isinstance(level, str):
        value = logging.getLevelName(level.upper())
        if not isinstance(value, int):
            raise ValueError(f"unknown logging level: {level!r}")
        return value
    if isinstance(level, int):
        return level
    raise TypeError(f"level must be an int or a str, not {type(level).__name__}")


class PUBHandler(logging.Handler):
    """A logging handler that publishes each record as ``[topic, message]`` on a PUB socket.

    Subscribers choose what they receive with ordinary SUB prefix filters, which is why the level
    is part of the topic.

    Parameters
    ----------
    interface_or_socket : str or zmq.Socket
        An endpoint to bind a new PUB socket to (e.g. ``"tcp://127.0.0.1:12345"``), or a socket
        already bound or connected, which the handler uses as is and never closes.
    context : zmq.Context, optional
        Context for the socket created from an endpoint. Without one the handler creates its own
        and terminates it in :meth:`close`.
    root_topic : str, optional
        First component of every topic; empty by default, so topics start with the level name.

    Attributes
    ----------
    socket : zmq.Socket
        The socket records are published on.
    ctx : zmq.Context
        The socket's context.
    formatters : dict[int, logging.Formatter]
        The formatter for each level; a level missing here uses the formatter given to
        :meth:`setFormatter` without a level, else a default one.
    dropped : int
        Records dropped because the socket would have blocked (``zmq.Again``) or the handler was
        closed; the first drop after a successful send is also reported through ``handleError``.
    """

    # A handler whose __init__ failed stays in logging's handler list until collected (late on
    # PyPy), and logging.shutdown() closes it: there is nothing of ours to release then.
    _closed = True

    socket: zmq.Socket
    ctx: zmq.Context

    def __init__(
        self,
        interface_or_socket: Union[str, zmq.Socket],
        context: Optional[zmq.Context] = None,
        root_topic: str = "",
    ) -> None:
        super().__init__()
        self._owns_socket = False
        self._owns_context = False
        if isinstance(interface_or_socket, zmq.Socket):
            self.socket = interface_or_socket
            self.ctx = interface_or_socket.context
        elif isinstance(interface_or_socket, str):
            self._owns_context = context is None
            self.ctx = context if context is not None else zmq.Context()
            self.socket = self.ctx.socket(zmq.PUB)
            self._owns_socket = True
            try:
                self.socket.bind(interface_or_socket)
            except BaseException:
                self._release_owned()
                raise
        else:
            raise TypeError(
                "interface_or_socket must be an endpoint string or a zmq.Socket, not "
                f"{type(interface_or_socket).__name__}"
            )
        self.formatters: dict[int, logging.Formatter] = _default_formatters()
        self.dropped = 0
        self._dropping = False
        self._closed = False
        self._root_topic = ""
        self.setRootTopic(root_topic)

    @property
    def root_topic(self) -> str:
        """First component of every published topic (may be empty)."""
        return self._root_topic

    @root_topic.setter
    def root_topic(self, value: str) -> None:
        self.setRootTopic(value)

    def setRootTopic(self, root_topic: Union[str, bytes]) -> None:
        """Set the topic prefixed to everything this handler publishes.

        With the default empty root topic, topics begin with the level name (``INFO``, ``ERROR``),
        so a subscriber wanting everything subscribes to ``""``, or to the root topic's prefix.
        """
        if isinstance(root_topic, bytes):
            root_topic = root_topic.decode("utf-8")
        if not isinstance(root_topic, str):
            raise TypeError(f"root_topic must be a str, not {type(root_topic).__name__}")
        self._root_topic = root_topic

    def setFormatter(
        self,
        fmt: Optional[logging.Formatter],
        level: Union[int, str, None] = logging.NOTSET,
    ) -> None:
        """Set the formatter for one level, or for every level.

        Parameters
        ----------
        fmt : logging.Formatter
            The formatter to use.
        level : int or str, optional
            The level it applies to. Without one (``NOTSET``, ``0`` or ``None``) it applies to all
            levels and replaces every per-level formatter set before.
        """
        lvl = _to_level(level)
        if lvl == logging.NOTSET:
            self.formatter = fmt
            if fmt is None:
                self.formatters = _default_formatters()
            else:
                self.formatters = dict.fromkeys({*self.formatters, *_STANDARD_LEVELS}, fmt)
        elif fmt is None:
            self.formatters.pop(lvl, None)
        else:
            self.formatters[lvl] = fmt

    def format(self, record: logging.LogRecord) -> str:
        """Format record with the formatter for its level (see ``formatters``)."""
        formatter = self.formatters.get(record.levelno) or self.formatter or _FALLBACK_FORMATTER
        return formatter.format(record)

    def _topic_of(self, record: logging.LogRecord) -> tuple[str, logging.LogRecord]:
        """Split a leading subtopic off a string message; the caller's record is never mutated."""
        msg = record.msg
        if not isinstance(msg, str) or TOPIC_DELIM not in msg:
            return "", record
        subtopic, text = msg.split(TOPIC_DELIM, 1)
        record = copy.copy(record)
        record.msg = text
        return subtopic, record

    def topic_for(self, record: logging.LogRecord, subtopic: str = "") -> bytes:
        """Return the topic a record is published under: ``root.LEVEL[.subtopic]`` as UTF-8."""
        parts = [self._root_topic] if self._root_topic else []
        parts.append(record.levelname)
        if subtopic:
            parts.append(subtopic)
        return ".".join(parts).encode("utf-8", "replace")

    def emit(self, record: logging.LogRecord) -> None:
        """Publish record as ``[topic, message]``; never blocks and never raises.

        Failures are handled as the module docstring describes: ``zmq.Again`` drops the record
        (counted in ``dropped``), anything else goes to :meth:`~logging.Handler.handleError`.
        """
        if self._closed:
            self.dropped += 1
            return
        try:
            subtopic, record = self._topic_of(record)
            parts = [
                self.topic_for(record, subtopic),
                self.format(record).encode("utf-8", "replace"),
            ]
        except Exception:
            self.handleError(record)
            return
        try:
            self.socket.send_multipart(parts, flags=zmq.NOBLOCK)
        except zmq.Again:
            self.dropped += 1
            if not self._dropping:
                self._dropping = True
                self.handleError(record)
            return
        except Exception:
            self.handleError(record)
            return
        self._dropping = False

    def _release_owned(self) -> None:
        """Close the socket and terminate the context, but only those this handler created."""
        if self._owns_socket and not self.socket.closed:
            self.socket.close(linger=CLOSE_LINGER_MS)
        if self._owns_context and not self.ctx.closed:
            self.ctx.term()

    def close(self) -> None:
        """Detach from logging and close the socket (and context) if this handler created them.

        A socket passed in belongs to the caller and stays open. Queued records get up to
        ``CLOSE_LINGER_MS`` to be delivered.
        """
        self.acquire()
        try:
            if not self._closed:
                self._closed = True
                self._release_owned()
        finally:
            self.release()
            super().close()


_OUR_FRAMES = 2 if sys.version_info >= (3, 11) else 1


class TopicLogger(logging.Logger):
    """A logger whose methods take a topic before the message.

    ``logger.debug("topic.sub", "msg")`` logs ``"topic.sub" + TOPIC_DELIM + "msg"``, which a
    :class:`PUBHandler` publishes under the subtopic ``topic.sub``. Use it directly or through
    ``logging.setLoggerClass(TopicLogger)``. An empty topic logs the message unchanged.
    """

    def _topic_log(
        self, level: int, topic: str, msg: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        """Log through Logger._log, attributing the record to the caller of the public method."""
        if not isinstance(level, int):
            if logging.raiseExceptions:
                raise TypeError("level must be an integer")
            return
        if not self.isEnabledFor(level):
            return
        if topic:
            msg = f"{topic}{TOPIC_DELIM}{msg}"
        # Two frames of ours (the public method and this one) sit between the caller and _log.
        # Before 3.11, findCaller started one frame further out (python/cpython#89334).
        kwargs["stacklevel"] = kwargs.get("stacklevel", 1) + _OUR_FRAMES
        self._log(level, msg, args, **kwargs)

    def log(self, level: int, topic: str, msg: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Log ``msg % args`` with level under topic."""
        self._topic_log(level, topic, msg, args, kwargs)

    def debug(self, topic: str, msg: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Log ``msg % args`` at DEBUG under topic."""
        self._topic_log(logging.DEBUG, topic, msg, args, kwargs)

    def info(self, topic: str, msg: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Log ``msg % args`` at INFO under topic."""
        self._topic_log(logging.INFO, topic, msg, args, kwargs)

    def warning(self, topic: str, msg: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Log ``msg % args`` at WARNING under topic."""
        self._topic_log(logging.WARNING, topic, msg, args, kwargs)

    def warn(self, topic: str, msg: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Alias of :meth:`warning`, kept because Logger has it."""
        self._topic_log(logging.WARNING, topic, msg, args, kwargs)

    def error(self, topic: str, msg: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Log ``msg % args`` at ERROR under topic."""
        self._topic_log(logging.ERROR, topic, msg, args, kwargs)

    def exception(  # type: ignore[override]
        self, topic: str, msg: Any, *args: Any, exc_info: Any = True, **kwargs: Any
    ) -> None:
        """Log ``msg % args`` at ERROR under topic with the current exception's traceback."""
        kwargs["exc_info"] = exc_info
        self._topic_log(logging.ERROR, topic, msg, args, kwargs)

    def critical(self, topic: str, msg: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Log ``msg % args`` at CRITICAL under topic."""
        self._topic_log(logging.CRITICAL, topic, msg, args, kwargs)

    def fatal(self, topic: str, msg: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Alias of :meth:`critical`, kept because Logger has it."""
        self._topic_log(logging.CRITICAL, topic, msg, args, kwargs)
