"""JSON as bytes, the way send_json/recv_json put it on the wire (compact, utf-8)."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import time)
if TYPE_CHECKING:
    from typing import Any

jsonmod = json
"""The json implementation in use (the standard library's); pyzmq code checks or swaps it."""


def dumps(o: Any, **kwargs: Any) -> bytes:
    """Serialize o to compact utf-8 JSON bytes; kwargs go to json.dumps."""
    kwargs.setdefault("separators", (",", ":"))
    return jsonmod.dumps(o, **kwargs).encode("utf-8")


def loads(s: bytes | str, **kwargs: Any) -> Any:
    """Parse JSON from bytes (utf-8) or str; kwargs go to json.loads."""
    if isinstance(s, (bytes, bytearray, memoryview)):
        s = bytes(s).decode("utf-8")
    return jsonmod.loads(s, **kwargs)


__all__ = ["dumps", "loads"]
