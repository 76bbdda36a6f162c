"""Context: the sugar over the backend context (instance(), destroy(), default socket options)."""

from __future__ import annotations

import atexit
import os
from _thread import allocate_lock
from weakref import WeakSet

from zmq.backend import Context as ContextBase
from zmq.constants import ContextOption, Errno, SocketOption
from zmq.error import ZMQError
from zmq.sugar._generic import Generic, TypeVar, overload
from zmq.sugar.attrsettr import AttributeSetter, _public_name
from zmq.sugar.socket import Socket, SyncSocket

# warnings and typing are imported where used: `import zmq` stays quick.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

    from typing_extensions import Buffer
    from typing_extensions import TypeVar as _TypeVar

    from zmq.constants import _BytesSocketOption, _ContextOptionAttributes, _IntSocketOption

    # The type of the sockets a Context makes. A bare ``zmq.Context`` (as in
    # ``zmq.Context.instance()``) is a ``Context[Socket[Any]]``: never ``Context[Never]``, and, being
    # covariant, it still accepts a zmq.asyncio.Context, as an unparametrized annotation always did.
    _SocketType = _TypeVar("_SocketType", bound=Socket[Any], covariant=True, default=Socket[Any])

    class _AttributeSetter(_ContextOptionAttributes, AttributeSetter):
        """What type checkers see: AttributeSetter, with the options' types as attributes."""

else:
    _AttributeSetter = AttributeSetter
    _SocketType = TypeVar("_SocketType", bound=Socket)

_C = TypeVar("_C", bound="Context[Any]")
_T = TypeVar("_T")

# At interpreter exit, terminating a context from __del__ could wait forever on sockets that other
# (daemon) threads still use; the process is ending anyway, so leave it to the OS.
_exiting = False


@atexit.register
def _mark_exiting() -> None:
    global _exiting
    _exiting = True


class Context(ContextBase, _AttributeSetter, Generic[_SocketType]):
    """A ZeroMQ context: creates sockets, owns the IO threads.

    ``Context(io_threads=1)``, ``Context(other_context)`` or ``Context(shadow=address)``: the last two
    wrap an existing libzmq context (e.g. a sync copy of an asyncio context) without owning it.
    Used as a context manager, it is destroyed on exit (its sockets closed, then terminated).

    Socket options set on the context (``ctx.linger = 0``) become defaults for new sockets.

    Parameters
    ----------
    io_threads : int or Context
        The number of libzmq IO threads (1 suits up to about a gigabyte a second); or a Context
        to wrap, as ``shadow``.
    shadow : Context or int
        A Context, or the address of a libzmq context (``ctx.underlying``), to wrap.

    Raises
    ------
    ZMQError
        If libzmq cannot create the context (``EMFILE``: out of file descriptors) or refuses
        io_threads (``EINVAL``).
    ValueError
        If shadow is not a valid address.
    """

    sockopts: dict[int, Any] = None  # type: ignore[assignment]  # set per instance in __init__
    _sockets: WeakSet[Any] = None  # type: ignore[assignment]
    _socket_class: type[Any] = Socket
    _instance: Any = None
    _instance_pid: int | None = None
    _instance_lock = allocate_lock()  # (threading.Lock, without importing threading)
    _shadow_obj: Any = None
    _warn_unclosed: bool = False  # destroy() warns about open sockets (leaving a with block)
    _creator_pid: int = 0

    @overload
    def __init__(self: SyncContext, io_threads: int = 1) -> None: ...
    @overload
    def __init__(self: SyncContext, io_threads: Context) -> None: ...
    @overload
    def __init__(self: SyncContext, *, shadow: Context | int) -> None: ...
    def __init__(self, io_threads: Any = 1, shadow: Any = 0) -> None:
        if not isinstance(io_threads, int):
            shadow, io_threads = io_threads, 1  # Context(other_context)
        if shadow:
            # what we wrap (a Context object, or an address) stays alive as long as we do
            self._shadow_obj = shadow
            if not isinstance(shadow, int):
                shadow = shadow.underlying
        super().__init__(io_threads=io_threads, shadow=shadow)
        self._creator_pid = os.getpid()
        self.sockopts = {}
        self._sockets = WeakSet()

    def __del__(self) -> None:
        if self._shadow or _exiting or self.closed or getattr(self, "_sockets", None) is None:
            return
        if self._creator_pid == os.getpid():
            import warnings

            warnings.warn(f"unclosed context {self!r}", ResourceWarning, stacklevel=2, source=self)
            # Close what is left; the backend then terminates the context without blocking us.
            self._close_sockets(None, warn=True)

    def __repr__(self) -> str:
        name = _public_name(type(self))
        if self.closed:
            return f"<{name}() at {hex(id(self))} closed>"
        n = len(self._sockets)
        count = "" if n == 0 else f"{n} socket{'s' if n != 1 else ''}"
        return f"<{name}({count}) at {hex(id(self))}>"

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *ContextOption.__members__]

    def __enter__(self: _C) -> _C:
        return self

    def __exit__(self, *exc: Any) -> None:
        # sockets still open when the block ends are closed, with a ResourceWarning each
        self._warn_unclosed = True
        self.destroy()

    def __copy__(self: _C, memo: Any = None) -> _C:
        return type(self)(shadow=self.underlying)

    __deepcopy__ = __copy__

    @classmethod
    def shadow(cls: type[_C], address: int | Context[Any]) -> _C:
        """A new Context object on an existing libzmq context (given as address or Context).

        The new object does not own the libzmq context: closing it, or collecting it, leaves the
        context to its owner.
        """
        return cls(shadow=address)

    @classmethod
    def shadow_pyczmq(cls: type[_C], ctx: Any) -> _C:
        """A new Context object on the libzmq context of a pyczmq ``zctx_t *``.

        Needs the ``pyczmq`` package, which knows where a zctx keeps its libzmq context.

        Raises
        ------
        ImportError
            If pyczmq is not installed.
        """
        from pyczmq import zctx

        from zmq.utils.interop import cast_int_addr

        return cls(shadow=cast_int_addr(zctx.underlying(ctx)))

    @classmethod
    def instance(cls: type[_C], io_threads: int = 1) -> _C:
        """The process-wide shared Context (a new one in a forked child, or once it is closed).

        A subclass shares its base's instance (if that one exists first) unless it declares its own
        ``_instance = None``, as zmq.asyncio.Context does; otherwise the first class to ask creates
        it, as an instance of itself.
        """
        inst = cls._instance
        if inst is None or inst.closed or cls._instance_pid != os.getpid():
            with cls._instance_lock:
                inst = cls._instance
                if inst is None or inst.closed or cls._instance_pid != os.getpid():
                    inst = cls(io_threads=io_threads)
                    cls._instance = inst
                    cls._instance_pid = os.getpid()
        return inst

    # --- sockets

    def _add_socket(self, socket: Any) -> None:
        self._sockets.add(socket)

    def _rm_socket(self, socket: Any) -> None:
        self._sockets.discard(socket)

    @overload
    def socket(self, socket_type: int, socket_class: type[_T], **kwargs: Any) -> _T: ...
    @overload
    def socket(self, socket_type: int, socket_class: Callable[..., _T], **kwargs: Any) -> _T: ...
    @overload
    def socket(self, socket_type: int, socket_class: None = ..., **kwargs: Any) -> _SocketType: ...
    def socket(
        self,
        socket_type: int,
        socket_class: Callable[..., Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Create a socket of socket_type (zmq.REQ, zmq.PUSH, ...) in this context.

        ``socket_class`` picks another Socket class (e.g. an asyncio socket on a sync context);
        kwargs go to its constructor. Default options set on the context are applied.

        Parameters
        ----------
        socket_type : int
            A :class:`zmq.SocketType`.
        socket_class : type, optional
            The class to instantiate (default: this context's socket class, :class:`zmq.Socket`
            for a plain Context).
        **kwargs
            Passed to socket_class, e.g. ``copy_threshold``.

        Raises
        ------
        ZMQError
            ``ENOTSUP`` if the context is terminated, ``EINVAL`` for an unknown socket type,
            ``EMFILE`` when the context's ``MAX_SOCKETS`` is reached.
        """
        if self.closed:
            raise ZMQError(Errno.ENOTSUP, "Context has been terminated")
        cls = socket_class or self._socket_class
        sock = cls(self, socket_type, **kwargs)
        for option, value in self.sockopts.items():
            try:
                sock.setsockopt(option, value)
            except ZMQError:
                pass  # e.g. SUBSCRIBE on a non-SUB socket: defaults apply where they make sense
        return sock

    @overload
    def setsockopt(self, opt: _IntSocketOption, value: int) -> None: ...
    @overload
    def setsockopt(self, opt: _BytesSocketOption, value: Buffer) -> None: ...
    @overload
    def setsockopt(self, opt: int, value: int | Buffer) -> None: ...
    def setsockopt(self, opt: int, value: Any) -> None:
        """Set a default socket option for sockets created from now on.

        Sockets that already exist are not changed. An option a new socket refuses (e.g.
        ``SUBSCRIBE`` on a PUSH socket) is skipped for that socket.
        """
        self.sockopts[opt] = value

    @overload
    def getsockopt(self, opt: _IntSocketOption) -> int: ...
    @overload
    def getsockopt(self, opt: _BytesSocketOption) -> bytes: ...
    @overload
    def getsockopt(self, opt: int) -> int | bytes: ...
    def getsockopt(self, opt: int) -> Any:
        """Get a default socket option set with setsockopt.

        Raises
        ------
        KeyError
            If no default was set for opt.
        """
        return self.sockopts[opt]

    def term(self) -> None:
        """Terminate the context; blocks until every socket is closed (see destroy()).

        Blocking calls in the context's sockets raise :class:`zmq.ContextTerminated`; each socket
        must then be closed (by the thread using it) before ``term()`` returns. Sockets keep
        sending pending messages for up to their ``LINGER`` (default: forever), so set a linger
        when peers may be gone. Safe to call twice; Ctrl-C interrupts the wait.
        """
        super().term()

    def destroy(self, linger: int | None = None) -> None:
        """Close every socket of this context (with LINGER=linger if given), then terminate it.

        Not thread-safe: sockets in use by other threads must not be destroyed this way.

        Parameters
        ----------
        linger : int, optional
            LINGER (ms) to set on each socket before closing it; None keeps their own.
        """
        if self.closed:
            return
        self._close_sockets(linger, warn=self._warn_unclosed)
        self.term()

    def _open_sockets(self) -> list[Any]:
        """This context's sockets, taken in one step.

        Other threads may create or close sockets meanwhile: iterating the WeakSet would then fail
        ("Set changed size during iteration"), copying its set of references (one C call) cannot.
        """
        refs = self._sockets.data.copy()  # type: ignore[attr-defined]
        return [sock for sock in (ref() for ref in refs) if sock is not None]

    def _close_sockets(self, linger: int | None, warn: bool) -> None:
        for sock in self._open_sockets():
            if not sock.closed:
                if warn:
                    import warnings

                    warnings.warn(
                        f"closing socket {sock!r} left open in context {self!r}",
                        ResourceWarning,
                        stacklevel=3,
                        source=sock,
                    )
                sock.close(linger=linger)

    # --- options as attributes

    def __getattr__(self, key: str) -> Any:
        # only reached when normal lookup fails: context options, and the default socket options
        if key.startswith("_"):
            raise AttributeError(key)
        option = self._option_for(key.upper())
        if option is None:
            raise AttributeError(f"{type(self).__name__} has no such option: {key.upper()}")
        return self._read_attr_opt(key.upper(), option)

    def _option_for(self, name: str) -> int | None:
        if name in ContextOption.__members__:
            return ContextOption[name]
        if name in SocketOption.__members__:
            return SocketOption[name]
        return None

    def _set_attr_opt(self, name: str, option: int, value: Any) -> None:
        if name in ContextOption.__members__:
            self.set(option, value)
        else:
            self.setsockopt(option, value)

    def _get_attr_opt(self, name: str, option: int) -> Any:
        if name in ContextOption.__members__:
            return self.get(option)
        if option not in self.sockopts:
            raise AttributeError(name)
        return self.sockopts[option]

    def __delattr__(self, key: str) -> None:
        option = self._option_for(key.upper())
        if option is not None and option in self.sockopts:
            del self.sockopts[option]
            return
        object.__delattr__(self, key)


SyncContext = Context[SyncSocket]
"""Type alias (for type checkers) of the default, synchronous Context."""

__all__ = ["Context", "SyncContext"]
