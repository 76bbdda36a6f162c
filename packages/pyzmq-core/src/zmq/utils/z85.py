"""Z85: the printable encoding ZeroMQ uses for CURVE keys (ZMQ RFC 32).

Each 4 bytes of input, read as a big-endian 32-bit integer, become 5 characters of an 85-symbol
alphabet chosen to be safe in source code, shells and config files. Input to :func:`encode` must
therefore be a multiple of 4 bytes long, input to :func:`decode` a multiple of 5 characters.
"""

from __future__ import annotations

import struct

from zmq.utils._buffer import buffer_bytes

__all__ = ["Z85CHARS", "Z85MAP", "decode", "encode"]

Z85CHARS = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"
"""The 85 symbols, in digit order."""

Z85MAP = {symbol: value for value, symbol in enumerate(Z85CHARS)}
"""Symbol (as an int byte value) -> digit value, for decoding."""

_POWERS = (85**4, 85**3, 85**2, 85, 1)


def _as_bytes(data: bytes | bytearray | memoryview | str, what: str) -> bytes:
    """Accept text too (pyzmq did): keys often arrive as str read from files or the environment."""
    if isinstance(data, str):
        try:
            return data.encode("ascii")
        except UnicodeEncodeError:
            raise ValueError(f"{what} must be ASCII, got {data!r}") from None
    return buffer_bytes(data, f"{what} must be bytes, a buffer or str")


def encode(rawbytes: bytes | bytearray | memoryview | str) -> bytes:
    """Encode raw bytes (length a multiple of 4) as Z85 bytes, 5 characters per 4 bytes.

    Raises
    ------
    ValueError
        If the length is not a multiple of 4.
    TypeError
        If rawbytes is neither a buffer nor str.
    """
    raw = _as_bytes(rawbytes, "Z85 input")
    if len(raw) % 4:
        raise ValueError(f"Z85 input length must be a multiple of 4 bytes, got {len(raw)}")
    out = bytearray()
    for value in struct.unpack(f">{len(raw) // 4}I", raw):
        out.extend(Z85CHARS[(value // power) % 85] for power in _POWERS)
    return bytes(out)


def decode(z85bytes: bytes | bytearray | memoryview | str) -> bytes:
    """Decode Z85 (bytes or ASCII str, length a multiple of 5) back to the raw bytes.

    Raises
    ------
    ValueError
        If the length is not a multiple of 5, a character is not in the Z85 alphabet, or a group of
        5 characters encodes a value that does not fit in 32 bits.
    TypeError
        If z85bytes is neither a buffer nor str.
    """
    text = _as_bytes(z85bytes, "Z85 text")
    if len(text) % 5:
        raise ValueError(f"Z85 text length must be a multiple of 5, got {len(text)}")
    values = []
    for start in range(0, len(text), 5):
        value = 0
        for symbol in text[start : start + 5]:
            digit = Z85MAP.get(symbol)
            if digit is None:
                raise ValueError(f"invalid Z85 character {chr(symbol)!r} at offset {start}")
            value = value * 85 + digit
        if value > 0xFFFFFFFF:
            raise ValueError(f"Z85 group at offset {start} exceeds 32 bits")
        values.append(value)
    return struct.pack(f">{len(values)}I", *values)
