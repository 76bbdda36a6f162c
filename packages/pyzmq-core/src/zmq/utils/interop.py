"""Interoperability with other libraries that hold raw libzmq pointers (ctypes, cffi).

``Context.shadow`` and ``Socket.shadow`` take the address of a libzmq object; other bindings hand
those out as pointer objects rather than ints, so :func:`cast_int_addr` normalizes them.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["cast_int_addr"]


def cast_int_addr(n: Any) -> int:
    """Return the integer address held by n: an int, a ctypes pointer, or a cffi pointer.

    Raises
    ------
    ValueError
        If n is none of those.
    """
    if isinstance(n, int):
        return n
    # ctypes and cffi pointers can only come from an already-imported ctypes or cffi (importing
    # ctypes here, or at import, would cost a tenth of `import zmq`).
    ctypes = sys.modules.get("ctypes")
    if ctypes is not None and isinstance(n, (ctypes.c_void_p, ctypes.c_char_p, ctypes._Pointer)):
        return ctypes.cast(n, ctypes.c_void_p).value or 0
    if "cffi" in sys.modules:
        import cffi

        ffi = cffi.FFI()
        if isinstance(n, ffi.CData):
            return int(ffi.cast("size_t", n))
    raise ValueError(f"Cannot cast {n!r} to int")
