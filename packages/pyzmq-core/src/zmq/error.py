"""Exceptions raised by zmq, and the helpers backends use to raise them.

Failures reported by libzmq become :class:`ZMQError`, or one of its subclasses
for the errors that callers commonly handle on their own (:class:`Again` for
EAGAIN, :class:`ContextTerminated` for ETERM, :class:`InterruptedSystemCall`
for EINTR).  The message is libzmq's own ``zmq_strerror()`` text.

This module is imported by ``zmq.backend`` while that package loads, so
anything it needs from the backend is imported inside functions, at call time.
"""

from __future__ import annotations

from zmq.constants import Errno

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import time)
if TYPE_CHECKING:
    from typing import ClassVar

__all__ = [
    "Again",
    "ContextTerminated",
    "DraftFDWarning",
    "InterruptedSystemCall",
    "NotDone",
    "ZMQBaseError",
    "ZMQBindError",
    "ZMQError",
    "ZMQVersionError",
]

# libzmq's text for an errno never changes, so each is fetched once.
_messages: dict[int, str] = {}


def _strerror(errno: int) -> str:
    """libzmq's description of ``errno``."""
    try:
        return _messages[errno]
    except KeyError:
        from zmq.backend import strerror

        text: str = strerror(errno)
        _messages[errno] = text
        return text


def _linked_version() -> tuple[int, ...]:
    from zmq.backend import zmq_version_info

    return tuple(zmq_version_info())


class ZMQBaseError(Exception):
    """Base class of every exception that zmq defines."""


class ZMQError(ZMQBaseError):
    """An error reported by libzmq.

    Parameters
    ----------
    errno : int or None
        The error number.  ``None`` (the default) reads libzmq's current
        ``zmq_errno()``, i.e. the error of the last failed call on this thread.
    msg : str or None
        The description.  ``None`` (the default) uses libzmq's text for
        ``errno``.

    Attributes
    ----------
    errno : int
        The error number, comparable with the ``zmq.E*`` constants.
    strerror : str
        The description; it is also what ``str()`` returns.
    """

    # A class attribute too, as in pyzmq: ``ZMQError.errno`` is None, each subclass's its errno.
    errno: int | None = None
    strerror: str

    def __init__(self, errno: int | None = None, msg: str | None = None) -> None:
        if errno is None:
            from zmq.backend import zmq_errno

            errno = zmq_errno()
        if not isinstance(errno, int):
            # Tolerated for old code that passed just a message: ZMQError("...").
            text = str(errno) if msg is None else msg
            number = None
        else:
            text = _strerror(errno) if msg is None else msg
            number = errno
        # args carries exactly what recreates the error, for pickle and copy.
        super().__init__(number, text)
        self.errno = number
        self.strerror = text

    def __str__(self) -> str:
        return self.strerror

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.strerror!r})"


class _FixedErrnoError(ZMQError):
    """A ZMQError subclass that stands for one particular errno.

    The constructor keeps pyzmq's ``(errno="ignored", msg="ignored")``
    signature: the errno argument is ignored, since the class fixes it, and so
    is ``msg`` unless it is a string of one's own.
    """

    _errno: ClassVar[int]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "_errno" in cls.__dict__:
            cls.errno = cls._errno

    def __init__(self, errno: object = "ignored", msg: object = "ignored") -> None:
        own = msg if isinstance(msg, str) and msg != "ignored" else None
        super().__init__(self._errno, own)


class Again(_FixedErrnoError):
    """EAGAIN: the operation would block (nothing to receive, or the send
    queue is full) on a non-blocking call, or its timeout expired."""

    _errno = Errno.EAGAIN


class ContextTerminated(_FixedErrnoError):
    """ETERM: the socket's context was terminated."""

    _errno = Errno.ETERM


# typeshed types OSError.strerror as optional; here it is always a str.
class InterruptedSystemCall(_FixedErrnoError, InterruptedError):  # type: ignore[misc]
    """EINTR: a blocking call was interrupted by a signal.

    It is also a builtin ``InterruptedError``, so code that handles interrupted
    OS calls handles this one too.
    """

    _errno = Errno.EINTR


class DraftFDWarning(RuntimeWarning):
    """Warned when ``Socket.FD`` is read on a thread-safe (DRAFT) socket type.

    libzmq gives those sockets (SERVER, CLIENT, RADIO, DISH, ...) no ``ZMQ_FD``; a binding that
    stands one in from a ``zmq_poller`` warns with this class. This core never does that (reading
    ``FD`` there fails with libzmq's EINVAL), so the class exists for code that filters it.
    """

    def __init__(self, msg: str = "") -> None:
        super().__init__(msg or "Socket.FD on a thread-safe socket is a stand-in, and experimental")


class NotDone(ZMQBaseError):
    """A wait on a ``MessageTracker`` timed out before libzmq released the message."""


class ZMQBindError(ZMQBaseError):
    """``Socket.bind_to_random_port()`` found no free port in its range."""


class ZMQVersionError(ZMQBaseError, NotImplementedError):
    """A feature needs a newer libzmq than the one zmq is linked against.

    Parameters
    ----------
    min_version : str
        The first libzmq version that has the feature, e.g. ``"4.3.0"``.
    msg : str
        What needs it; the message reads "<msg> requires libzmq >= ...".
    """

    min_version: str
    msg: str
    version: str

    def __init__(self, min_version: str, msg: str = "Feature") -> None:
        super().__init__(min_version, msg)
        self.min_version = min_version
        self.msg = msg
        self.version = ".".join(str(part) for part in _linked_version())

    def __str__(self) -> str:
        return f"{self.msg} requires libzmq >= {self.min_version}, have {self.version}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


# errno -> the subclass raised for it; anything else is a plain ZMQError.
_ERRNO_CLASSES: dict[int, type[ZMQError]] = {
    cls._errno: cls for cls in (Again, ContextTerminated, InterruptedSystemCall)
}


def _error_for(errno: int, msg: str | None = None) -> ZMQError:
    """The exception to raise for ``errno``: the matching subclass of
    ZMQError where there is one, else ZMQError itself.

    ``msg`` defaults to libzmq's text for ``errno``.
    """
    cls = _ERRNO_CLASSES.get(errno)
    if cls is None:
        return ZMQError(errno, msg)
    return cls(errno, msg)


def _check_rc(rc: int, errno: int | None = None) -> None:
    """Raise the error for a failed libzmq call (one that returned -1).

    ``errno`` defaults to libzmq's ``zmq_errno()``; return codes other than
    -1 pass silently.
    """
    if rc == -1:
        if errno is None:
            from zmq.backend import zmq_errno

            errno = zmq_errno()
        raise _error_for(errno)


def _check_version(min_version_info: tuple[int, ...], msg: str = "Feature") -> None:
    """Raise ZMQVersionError if the linked libzmq is older than ``min_version_info``.

    ``min_version_info`` is a version tuple such as ``(4, 3, 0)``; ``msg``
    names the feature for the error message.
    """
    if _linked_version() < tuple(min_version_info):
        raise ZMQVersionError(".".join(str(part) for part in min_version_info), msg)
