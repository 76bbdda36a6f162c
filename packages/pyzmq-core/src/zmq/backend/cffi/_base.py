"""What every part of the CFFI backend shares: the compiled module, errors, fork generations."""

from __future__ import annotations

import itertools
import os
import sys
from errno import ENAMETOOLONG
from typing import Any, Callable, NoReturn

from zmq.backend.cffi._cffi import ffi, lib
from zmq.constants import Flag
from zmq.error import ZMQError, _error_for

DONTWAIT, SNDMORE = int(Flag.DONTWAIT), int(Flag.SNDMORE)

DRAFT_API = bool(lib.PYZMQ_DRAFT_API)
IPC_PATH_MAX_LEN: int = lib.PYZMQ_IPC_PATH_MAX_LEN

#: what the non-blocking entry points of zmq.integration return instead of raising Again
NOT_READY = object()

# Objects remember the fork generation they were made in: one bumped in every forked child, so
# using a socket inherited from the parent is caught with an int compare (getpid() is a syscall).
FORK = [0]


def _forked() -> None:
    FORK[0] += 1


os.register_at_fork(after_in_child=_forked)


# libzmq handles owned by a Python object, by address: address -> token of the owner. A context or
# socket may be terminated or closed through another object (a shadow), and libzmq then reuses the
# address for a new one; the garbage collector (late on PyPy) must never close that new one. So a
# collected owner closes its handle only while the registry still names it.
_owned: dict[int, int] = {}
_tokens = itertools.count(1)


def own(handle: Any) -> int:
    """Record a new handle as owned; returns its token."""
    token = next(_tokens)
    _owned[int(ffi.cast("size_t", handle))] = token
    return token


def disown(handle: Any) -> None:
    """The handle is closed (by whichever object): no collected owner may close it again."""
    _owned.pop(int(ffi.cast("size_t", handle)), None)


def still_owned(handle: Any, token: int) -> bool:
    """Whether a collected owner may release handle: disowns it if so."""
    address = int(ffi.cast("size_t", handle))
    if _owned.get(address) != token:
        return False
    del _owned[address]
    return True


class Handle:
    """A libzmq context or socket behind a cffi pointer: owned (a collector releases it when the
    Python object is dropped unreleased), or a shadow of one that other code owns."""

    _handle: Any = None
    _owner: Any = None  # the handle, with the destructor that releases it when collected
    _shadow = False

    def _set_shadow(self, shadow: Any) -> None:
        self._handle = ffi.cast("void *", address_of(shadow))
        self._shadow = True

    def _adopt(self, handle: Any, collected: Callable[[int, int, Any], None], key: int) -> None:
        """Own handle: when this object is collected unreleased, ``collected(key, token, handle)``."""
        token = own(handle)
        self._owner = ffi.gc(handle, lambda h: collected(key, token, h))
        self._handle = handle

    @property
    def underlying(self) -> int:
        """The address of the libzmq object, as an int (for shadowing from other code)."""
        handle = self._handle
        return 0 if handle is None else int(ffi.cast("size_t", handle))

    def _disown(self) -> None:
        owner = self._owner
        if owner is not None:
            self._owner = None
            ffi.gc(owner, None)


_PYPY = sys.implementation.name == "pypy"
_ffi_from_buffer = ffi.from_buffer


def from_buffer(data: Any, require_writable: bool = False) -> Any:
    """``ffi.from_buffer``, refusing a non-contiguous buffer with BufferError everywhere.

    (PyPy's would silently copy it: a "zero-copy" send would then share nothing.)
    """
    if _PYPY and type(data) is not bytes and type(data) is not bytearray:
        with memoryview(data) as view:
            if not view.c_contiguous:
                raise BufferError("memoryview: underlying buffer is not C-contiguous")
    return _ffi_from_buffer(data, require_writable=require_writable)


def draft_unavailable(feature: str) -> NoReturn:
    """pyzmq's RuntimeError for a DRAFT-only feature used on a build without the DRAFT API."""
    raise RuntimeError(f"libzmq and pyzmq must be built with draft support for {feature}")


def raise_zmq(errnum: int) -> NoReturn:
    raise _error_for(errnum)


def raise_with_endpoint(errnum: int, addr: Any) -> NoReturn:
    """A bind/connect failure, naming the endpoint so the message says which one."""
    msg = f"{strerror(errnum)} (addr={addr!r})"
    if errnum == ENAMETOOLONG and IPC_PATH_MAX_LEN > 0:
        url = addr.decode("utf-8", "replace") if isinstance(addr, bytes) else str(addr)
        if url.startswith("ipc://"):
            msg += (
                f": an ipc path may be at most {IPC_PATH_MAX_LEN} bytes long"
                " (zmq.IPC_PATH_MAX_LEN, the size of sockaddr_un.sun_path)"
            )
    raise _error_for(errnum, msg)


def strerror(errno: int) -> str:
    """libzmq's text for an errno (covers libzmq's own codes like EFSM)."""
    return str(ffi.string(lib.zmq_strerror(errno)).decode("utf-8", "replace"))


def default_copy_threshold() -> int:
    return int(sys.modules["zmq"].COPY_THRESHOLD)


def address_of(obj: Any) -> int:
    """The raw address behind a shadow= argument: an int, or an object with ``.underlying``."""
    if not isinstance(obj, int):
        obj = obj.underlying
    if obj <= 0:
        raise ValueError(f"cannot shadow address {obj!r}")
    return int(obj)


def reject_str(data: Any) -> None:
    if isinstance(data, str):
        raise TypeError(
            "str objects cannot be sent as message data: encode them first "
            "(data.encode('utf-8')) or use send_string()"
        )


__all__ = ["ZMQError", "ffi", "lib"]
