"""The bytes of a buffer argument, for the utilities that take any buffer."""

from __future__ import annotations

from typing import Any


def buffer_bytes(data: Any, expected: str) -> bytes:
    """data's bytes (bytes as they are, another buffer copied); else TypeError "{expected}, not T".

    Never ``bytes(data)``: that reads an int (or a 0-d integer array) as that many zero bytes.
    """
    if isinstance(data, bytes):
        return data
    try:
        return memoryview(data).tobytes()
    except TypeError:
        raise TypeError(f"{expected}, not {type(data).__name__}") from None
