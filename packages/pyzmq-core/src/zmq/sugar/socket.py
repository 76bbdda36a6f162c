"""Socket: the sugar over the backend socket.

send/recv and their multipart forms are inherited untouched from the compiled backend (the hot paths);
this layer adds what is convenient rather than fast: options as attributes, string/json/pickle
helpers, endpoint context managers, monitoring.
"""

from __future__ import annotations

import errno as _errno
import sys

from zmq.backend import Socket as SocketBase
from zmq.backend import zmq_poll
from zmq.constants import (
    PAIR,
    POLLIN,
    Errno,
    Event,
    SocketOption,
    SocketType,
)
from zmq.error import ZMQBindError, ZMQError, _check_version
from zmq.sugar._generic import Generic, TypeVar, overload
from zmq.sugar.attrsettr import AttributeSetter, _public_name, add_option_attributes
from zmq.utils.interop import cast_int_addr as cast_int_addr

# pickle, json, random, warnings and typing are imported where used: `import zmq` stays quick.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Callable, Literal

    from typing_extensions import Buffer
    from typing_extensions import TypeVar as _TypeVar

    from zmq.constants import _BytesSocketOption, _IntSocketOption, _SocketOptionAttributes
    from zmq.sugar.context import Context
    from zmq.sugar.tracker import MessageTracker

    class _AttributeSetter(_SocketOptionAttributes, AttributeSetter):
        """What type checkers see: AttributeSetter, with the options' types as attributes."""

    # What recv() returns: bytes, or a Future for zmq.asyncio's sockets. A bare ``zmq.Socket`` is a
    # ``Socket[Any]``, which accepts both, as an unparametrized annotation always did.
    _SocketReturnType = _TypeVar("_SocketReturnType", covariant=True, default=Any)

else:
    _AttributeSetter = AttributeSetter
    _SocketReturnType = TypeVar("_SocketReturnType")

_S = TypeVar("_S", bound="Socket[Any]")
_T = TypeVar("_T")

_HWM = SocketOption.HWM
_SUBSCRIBE_ATTRS = {"subscribe": SocketOption.SUBSCRIBE, "unsubscribe": SocketOption.UNSUBSCRIBE}
# pickle.DEFAULT_PROTOCOL, without importing pickle (5 from Python 3.14 on)
_DEFAULT_PICKLE_PROTOCOL = DEFAULT_PROTOCOL = 5 if sys.version_info >= (3, 14) else 4


class _SocketContext(Generic[_S]):
    """What bind() and connect() return: use it in ``with`` to unbind/disconnect on exit."""

    def __init__(self, socket: _S, kind: str, addr: str | bytes) -> None:
        self.socket = socket
        self.kind = kind
        self.addr = addr

    def __repr__(self) -> str:
        return f"<SocketContext({self.kind}={self.addr!r})>"

    def __enter__(self) -> _S:
        return self.socket

    def __exit__(self, *exc: Any) -> None:
        if self.socket.closed:
            return
        if self.kind == "bind":
            self.socket.unbind(self.addr)
        else:
            self.socket.disconnect(self.addr)


class Socket(SocketBase, _AttributeSetter, Generic[_SocketReturnType]):
    """A ZeroMQ socket.

    ``Socket(context, socket_type)``, usually made by ``context.socket(socket_type)``;
    ``Socket(other_socket)`` or ``Socket(shadow=address)`` wrap an existing libzmq socket without
    owning it (e.g. a sync view of an asyncio socket).

    Options are attributes: ``sock.linger = 0``, ``sock.identity``. Used as a context manager, the
    socket is closed on exit.

    Parameters
    ----------
    ctx_or_socket : Context or Socket
        The context to create the socket in; or a Socket to wrap (as ``shadow``).
    socket_type : int
        A :class:`zmq.SocketType` (``zmq.REQ``, ``zmq.PUB`` ...).
    shadow : Socket or int
        A Socket, or the address of a libzmq socket (``sock.underlying``), to wrap without
        owning it.
    copy_threshold : int, optional
        Initial :attr:`copy_threshold` (default :data:`zmq.COPY_THRESHOLD`).

    Raises
    ------
    TypeError
        If no Context (and no shadow) is given.
    ZMQError
        ``ENOTSUP`` if the context is terminated, ``EINVAL`` for an unknown socket type,
        ``EMFILE`` when the context's ``MAX_SOCKETS`` is reached.
    """

    _monitor_socket: Any = None
    _shadow_obj: Any = None
    _type_name: str = "UNKNOWN"

    @overload
    def __init__(
        self: Socket[bytes],
        ctx_or_socket: Context[Any],
        socket_type: int,
        *,
        copy_threshold: int | None = None,
    ) -> None: ...
    @overload
    def __init__(
        self: Socket[bytes], *, shadow: Socket[Any] | int, copy_threshold: int | None = None
    ) -> None: ...
    @overload
    def __init__(self: Socket[bytes], ctx_or_socket: Socket[Any]) -> None: ...
    def __init__(
        self,
        ctx_or_socket: Any = None,
        socket_type: int = 0,
        *,
        shadow: Any = 0,
        copy_threshold: int | None = None,
    ) -> None:
        if isinstance(ctx_or_socket, SocketBase):
            shadow, ctx_or_socket = ctx_or_socket, ctx_or_socket.context
        if shadow:
            # what we wrap (a Socket object, or an address) stays alive as long as we do
            self._shadow_obj = shadow
            if isinstance(shadow, SocketBase):
                if ctx_or_socket is None:
                    ctx_or_socket = shadow.context
            elif not isinstance(shadow, int):
                shadow = shadow.underlying
        super().__init__(ctx_or_socket, socket_type, shadow=shadow, copy_threshold=copy_threshold)
        try:
            stype = SocketType(self.get(SocketOption.TYPE))
        except (ValueError, ZMQError):
            pass
        else:
            self._type_name = stype.name
            # ``sock.type`` is the SocketType member (as in pyzmq), and stays readable after close
            self.__dict__["type"] = stype
        if not shadow and ctx_or_socket is not None:
            ctx_or_socket._add_socket(self)

    def __del__(self) -> None:
        if self._shadow or sys.is_finalizing():
            return
        if not self.closed:
            import warnings

            warnings.warn(f"unclosed socket {self!r}", ResourceWarning, stacklevel=2, source=self)
            self.close()

    def __repr__(self) -> str:
        closed = " closed" if self.closed else ""
        return f"<{_public_name(type(self))}(zmq.{self._type_name}) at {hex(id(self))}{closed}>"

    def __setattr__(self, key: str, value: Any) -> None:
        # ``sock.subscribe = topic`` sets the option, although subscribe is also a method
        if key[:1] != "_" and key.lower() in _SUBSCRIBE_ATTRS and key not in self.__dict__:
            if isinstance(value, str):
                value = value.encode("utf-8")
            self.set(_SUBSCRIBE_ATTRS[key.lower()], value)
            return
        super().__setattr__(key, value)

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __copy__(self: _S, memo: Any = None) -> _S:
        return type(self)(shadow=self.underlying)

    __deepcopy__ = __copy__

    @classmethod
    def shadow(cls, address: int | Socket[Any]) -> Socket[Any]:
        """A new Socket object on an existing libzmq socket (given as address or Socket)."""
        return cls(shadow=address)

    def close(self, linger: int | None = None) -> None:
        """Close the socket; with linger (ms), set LINGER first.

        Pending outgoing messages are kept for up to LINGER ms (default: forever) by the context.
        May be called while another thread waits in this socket: that call then raises
        ``ZMQError(ENOTSOCK)`` when its wait ends (timeout, message or ``term()``).
        """
        if self.context is not None and not self._shadow:
            self.context._rm_socket(self)
        super().close(linger=linger)

    @property
    def socket_type(self) -> int:
        """The socket's type as a zmq.SocketType."""
        return SocketType(self.get(SocketOption.TYPE))

    # --- options

    def _option_for(self, name: str) -> int | None:
        return SocketOption[name] if name in SocketOption.__members__ else None

    def _set_attr_opt(self, name: str, option: int, value: Any) -> None:
        self.set(option, value)

    def _get_attr_opt(self, name: str, option: int) -> Any:
        return self.get(option)

    @overload
    def set(self, option: _IntSocketOption, optval: int) -> None: ...
    @overload
    def set(self, option: _BytesSocketOption, optval: Buffer) -> None: ...
    @overload
    def set(self, option: int, optval: int | Buffer) -> None: ...
    def set(self, option: int, optval: Any) -> None:
        """Set a socket option; ints for numeric options, bytes for the others.

        See ``man zmq_setsockopt``. ``zmq.HWM`` sets both SNDHWM and RCVHWM. ``sock.linger = 0``
        is the same as ``sock.set(zmq.LINGER, 0)``.

        Parameters
        ----------
        option : int
            A :class:`zmq.SocketOption`.
        optval : int or bytes
            An int for numeric options, bytes for string and binary ones (for str, use
            :meth:`set_string`).

        Raises
        ------
        TypeError
            If optval's type does not match the option.
        ZMQError
            ``EINVAL`` for an unknown option or a refused value; ``ENOTSOCK`` if the socket is
            closed.
        """
        if option == _HWM:
            self.set_hwm(optval)
            return
        super().set(option, optval)

    @overload
    def get(self, option: _IntSocketOption) -> int: ...
    @overload
    def get(self, option: _BytesSocketOption) -> bytes: ...
    @overload
    def get(self, option: int) -> int | bytes: ...
    def get(self, option: int) -> int | bytes:
        """Get a socket option: an int, or bytes for string and binary options.

        Parameters
        ----------
        option : int
            A :class:`zmq.SocketOption`.

        Raises
        ------
        ZMQError
            ``EINVAL`` for an unknown or write-only option; ``ENOTSOCK`` if the socket is closed.
        """
        if option == _HWM:
            return self.get_hwm()
        return super().get(option)

    setsockopt = set
    getsockopt = get

    def set_string(self, option: int, optval: str, encoding: str = "utf-8") -> None:
        """Set a bytes option from a str, encoded with encoding.

        Raises
        ------
        TypeError
            If optval is not a str.
        """
        if not isinstance(optval, str):
            raise TypeError(f"set_string takes a str, not {type(optval).__name__}")
        self.set(option, optval.encode(encoding))

    def get_string(self, option: int, encoding: str = "utf-8") -> str:
        """Get a bytes option decoded to str.

        Raises
        ------
        TypeError
            If option is not a string option.
        """
        value = self.get(option)
        if not isinstance(value, bytes):
            raise TypeError(f"option {option} is not a string option")
        return value.decode(encoding)

    setsockopt_string = set_string
    getsockopt_string = get_string
    setsockopt_unicode = set_string
    getsockopt_unicode = get_string

    def get_hwm(self) -> int:
        """The high water mark: SNDHWM (RCVHWM holds the same value when set through hwm)."""
        return self.get(SocketOption.SNDHWM)

    def set_hwm(self, value: int) -> None:
        """Set both SNDHWM and RCVHWM; takes effect for later binds and connects."""
        self.set(SocketOption.SNDHWM, value)
        self.set(SocketOption.RCVHWM, value)

    if TYPE_CHECKING:

        @property
        def hwm(self) -> int: ...
        @hwm.setter
        def hwm(self, value: int) -> None: ...

    else:
        hwm = property(
            get_hwm, set_hwm, doc="High water mark: sets SNDHWM and RCVHWM, gets SNDHWM."
        )

    def fileno(self) -> int:
        """The socket's edge-triggered file descriptor (ZMQ_FD): readable means check EVENTS.

        libzmq owns it: poll it, never close it (libzmq aborts when its descriptor is closed).
        """
        return self.get(SocketOption.FD)

    def subscribe(self, topic: str | bytes) -> None:
        """Subscribe to a topic prefix (SUB and XSUB sockets); str is encoded as utf-8."""
        if isinstance(topic, str):
            topic = topic.encode("utf-8")
        self.set(SocketOption.SUBSCRIBE, topic)

    def unsubscribe(self, topic: str | bytes) -> None:
        """Undo a subscribe()."""
        if isinstance(topic, str):
            topic = topic.encode("utf-8")
        self.set(SocketOption.UNSUBSCRIBE, topic)

    # --- endpoints

    def bind(self: _S, addr: str | bytes) -> _SocketContext[_S]:
        """Bind to an endpoint; usable as ``with sock.bind(url):`` to unbind on exit.

        Binding ``tcp://127.0.0.1:0`` picks a free port: read it from ``sock.last_endpoint``.

        Parameters
        ----------
        addr : str or bytes
            ``transport://address``: ``tcp://127.0.0.1:5555``, ``ipc:///tmp/name``,
            ``inproc://name``.

        Raises
        ------
        TypeError
            If addr is neither str nor bytes.
        ZMQError
            ``EADDRINUSE``, ``EINVAL`` (malformed endpoint), ``EPROTONOSUPPORT`` (unknown
            transport) ..., with the endpoint in the message.
        """
        super().bind(addr)
        if isinstance(addr, str) and addr.startswith("tcp://") and addr.endswith(":0"):
            addr = self.get(SocketOption.LAST_ENDPOINT).decode("utf-8")
        return _SocketContext(self, "bind", addr)

    def connect(self: _S, addr: str | bytes) -> _SocketContext[_S]:
        """Connect to an endpoint; usable as ``with sock.connect(url):`` to disconnect on exit.

        The connection is made in the background: this succeeds before (and whether or not) a
        peer listens, and libzmq reconnects after failures.

        Parameters
        ----------
        addr : str or bytes
            ``transport://address``, e.g. ``tcp://127.0.0.1:5555``.

        Raises
        ------
        TypeError
            If addr is neither str nor bytes.
        ZMQError
            ``EINVAL`` (malformed endpoint), ``EPROTONOSUPPORT`` (unknown transport) ..., with
            the endpoint in the message.
        """
        super().connect(addr)
        return _SocketContext(self, "connect", addr)

    def bind_to_random_port(
        self,
        addr: str,
        min_port: int = 49152,
        max_port: int = 65536,
        max_tries: int = 100,
    ) -> int:
        """Bind to a random port of addr (e.g. ``'tcp://127.0.0.1'``) and return the port.

        With the default range the OS picks the port; otherwise up to max_tries ports in
        ``[min_port, max_port)`` are tried, then ZMQBindError is raised.

        Parameters
        ----------
        addr : str
            The endpoint without its port, e.g. ``'tcp://127.0.0.1'`` or ``'tcp://*'``.
        min_port, max_port : int
            The range to choose from (max_port excluded).
        max_tries : int
            How many random ports to try in that range.

        Raises
        ------
        ZMQBindError
            If none of max_tries ports could be bound.
        ZMQError
            For failures other than a port in use (a malformed addr ...).
        """
        if min_port == 49152 and max_port == 65536:
            self.bind(f"{addr}:0")
            endpoint = self.get(SocketOption.LAST_ENDPOINT).decode("utf-8")
            return int(endpoint.rsplit(":", 1)[-1])
        import random

        for _ in range(max_tries):
            port = random.randrange(min_port, max_port)
            try:
                self.bind(f"{addr}:{port}")
            except ZMQError as e:
                if e.errno not in (_errno.EADDRINUSE, _errno.EACCES):
                    raise
            else:
                return port
        raise ZMQBindError(f"Could not bind socket to random port after {max_tries} tries.")

    # --- strings, json, pickle, custom serialization

    # The senders' overloads: track=True returns a MessageTracker, otherwise None.
    @overload
    def send_string(
        self,
        u: str,
        flags: int = ...,
        copy: bool = ...,
        encoding: str = ...,
        *,
        track: Literal[True],
        **kwargs: Any,
    ) -> MessageTracker: ...
    @overload
    def send_string(
        self,
        u: str,
        flags: int = ...,
        copy: bool = ...,
        encoding: str = ...,
        *,
        track: Literal[False] = ...,
        **kwargs: Any,
    ) -> None: ...
    @overload
    def send_string(
        self,
        u: str,
        flags: int = ...,
        copy: bool = ...,
        encoding: str = ...,
        *,
        track: bool = ...,
        **kwargs: Any,
    ) -> MessageTracker | None: ...
    def send_string(
        self, u: str, flags: int = 0, copy: bool = True, encoding: str = "utf-8", **kwargs: Any
    ) -> MessageTracker | None:
        """Send a str, encoded with encoding (utf-8).

        flags, copy and the other keyword arguments are those of :meth:`send`.

        Raises
        ------
        TypeError
            If u is not a str.
        """
        if not isinstance(u, str):
            raise TypeError(f"send_string takes a str, not {type(u).__name__}")
        return self.send(u.encode(encoding), flags=flags, copy=copy, **kwargs)

    send_unicode = send_string

    def recv_string(self, flags: int = 0, encoding: str = "utf-8") -> str:
        """Receive a message and decode it (utf-8) to str.

        Raises
        ------
        UnicodeDecodeError
            If the message is not valid in that encoding.
        """
        msg = self.recv(flags=flags)
        return self._deserialize(msg, lambda buf: buf.decode(encoding))

    recv_unicode = recv_string

    @overload
    def send_pyobj(
        self,
        obj: Any,
        flags: int = ...,
        protocol: int = ...,
        *,
        track: Literal[True],
        **kwargs: Any,
    ) -> MessageTracker: ...
    @overload
    def send_pyobj(
        self,
        obj: Any,
        flags: int = ...,
        protocol: int = ...,
        *,
        track: Literal[False] = ...,
        **kwargs: Any,
    ) -> None: ...
    @overload
    def send_pyobj(
        self, obj: Any, flags: int = ..., protocol: int = ..., *, track: bool = ..., **kwargs: Any
    ) -> MessageTracker | None: ...
    def send_pyobj(
        self, obj: Any, flags: int = 0, protocol: int = _DEFAULT_PICKLE_PROTOCOL, **kwargs: Any
    ) -> MessageTracker | None:
        """Send a Python object, pickled. Only unpickle what trusted peers send.

        Parameters
        ----------
        obj : object
            Anything pickle can serialize.
        flags : int
            As for :meth:`send`.
        protocol : int
            The pickle protocol (default: Python's ``pickle.DEFAULT_PROTOCOL``).
        """
        import pickle

        return self.send(pickle.dumps(obj, protocol), flags=flags, **kwargs)

    def recv_pyobj(self, flags: int = 0) -> Any:
        """Receive a pickled Python object. Never use it with untrusted peers.

        Unpickling runs code chosen by the sender.
        """
        import pickle

        msg = self.recv(flags)
        return self._deserialize(msg, pickle.loads)

    def send_json(self, obj: Any, flags: int = 0, **kwargs: Any) -> None:
        """Send obj as JSON; kwargs go to json.dumps.

        Raises
        ------
        TypeError
            If obj is not JSON-serializable.
        """
        from zmq.utils import jsonapi

        send_kwargs = {k: kwargs.pop(k) for k in ("routing_id", "group") if k in kwargs}
        return self.send(jsonapi.dumps(obj, **kwargs), flags=flags, **send_kwargs)

    def recv_json(self, flags: int = 0, **kwargs: Any) -> Any:
        """Receive a JSON message; kwargs go to json.loads.

        Raises
        ------
        ValueError
            If the message is not valid JSON (``json.JSONDecodeError``).
        """
        from zmq.utils import jsonapi

        msg = self.recv(flags)
        return self._deserialize(msg, lambda buf: jsonapi.loads(buf, **kwargs))

    @overload
    def send_serialized(
        self,
        msg: _T,
        serialize: Callable[[_T], Sequence[Any]],
        flags: int = ...,
        copy: bool = ...,
        *,
        track: Literal[True],
        **kwargs: Any,
    ) -> MessageTracker: ...
    @overload
    def send_serialized(
        self,
        msg: _T,
        serialize: Callable[[_T], Sequence[Any]],
        flags: int = ...,
        copy: bool = ...,
        *,
        track: Literal[False] = ...,
        **kwargs: Any,
    ) -> None: ...
    @overload
    def send_serialized(
        self,
        msg: _T,
        serialize: Callable[[_T], Sequence[Any]],
        flags: int = ...,
        copy: bool = ...,
        *,
        track: bool = ...,
        **kwargs: Any,
    ) -> MessageTracker | None: ...
    def send_serialized(
        self,
        msg: Any,
        serialize: Callable[[Any], Sequence[Any]],
        flags: int = 0,
        copy: bool = True,
        **kwargs: Any,
    ) -> MessageTracker | None:
        """Send ``serialize(msg)``, a sequence of frames, as one multipart message."""
        frames = serialize(msg)
        return self.send_multipart(frames, flags=flags, copy=copy, **kwargs)

    def recv_serialized(
        self, deserialize: Callable[[list[Any]], _T], flags: int = 0, copy: bool = True
    ) -> _T:
        """Receive a multipart message and return ``deserialize(frames)``."""
        frames = self.recv_multipart(flags=flags, copy=copy)
        return self._deserialize(frames, deserialize)

    def _deserialize(self, recvd: Any, load: Callable[[Any], Any]) -> Any:
        """Apply load to what recv returned; async sockets override this to chain on a future."""
        return load(recvd)

    # --- polling and monitoring

    def poll(self, timeout: int | None = None, flags: int = POLLIN) -> int:
        """Wait up to timeout ms (None: forever) for flags; return the events that occurred (or 0).

        Parameters
        ----------
        timeout : int, optional
            Milliseconds to wait; None or negative waits forever, 0 returns at once.
        flags : int
            ``zmq.POLLIN`` (a message can be received), ``zmq.POLLOUT`` (one can be sent), or both.

        Raises
        ------
        ZMQError
            ``ENOTSOCK`` if the socket is closed.
        """
        if self.closed:
            raise ZMQError(Errno.ENOTSOCK)
        ms = -1 if timeout is None or timeout < 0 else int(timeout)
        ready = zmq_poll([(self, flags)], ms)
        return ready[0][1] if ready else 0

    def get_monitor_socket(self: _S, events: int | None = None, addr: str | None = None) -> _S:
        """A PAIR socket receiving this socket's events (see zmq.utils.monitor to parse them)."""
        _check_version((4, 0), "get_monitor_socket")
        if self._monitor_socket is not None and not self._monitor_socket.closed:
            return self._monitor_socket
        if addr is None:
            addr = f"inproc://monitor.s-{self.underlying:x}"
        if events is None:
            events = Event.ALL
        self.monitor(addr, events)
        monitor = self.context.socket(PAIR, socket_class=type(self))
        monitor.connect(addr)
        self._monitor_socket = monitor
        return monitor

    def disable_monitor(self) -> None:
        """Stop the monitoring started by get_monitor_socket()."""
        self._monitor_socket = None
        self.monitor(None, 0)


# ``sock.linger``, ``sock.ROUTING_ID`` ...: class attributes, not ``__getattr__`` (see OptionAttribute)
add_option_attributes(Socket, SocketOption.__members__)

SyncSocket = Socket[bytes]
"""Type alias (for type checkers) of the default, synchronous Socket."""

__all__ = ["Socket", "SyncSocket"]
