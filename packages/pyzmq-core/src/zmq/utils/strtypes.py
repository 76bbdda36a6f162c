"""Deprecated string helpers, kept so code written for old pyzmq still imports them.

They date from Python 2, when ``bytes`` and ``unicode`` differed per interpreter; on Python 3 they
are plain aliases. New code should use ``str.encode``/``bytes.decode`` directly. Importing this
module emits a :class:`DeprecationWarning`, as pyzmq's did.
"""

from __future__ import annotations

import warnings
from typing import Any

warnings.warn(
    "zmq.utils.strtypes is deprecated: use bytes, str, str.encode and bytes.decode directly",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = ["asbytes", "b", "basestring", "bytes", "cast_bytes", "cast_unicode", "u", "unicode"]

bytes = bytes  # re-exported under the old name
unicode = str
basestring = (str, bytes)


def _str_or_bytes(s: Any) -> Any:
    if not isinstance(s, (str, bytes)):
        raise TypeError(f"Expected unicode or bytes, got {s!r}")
    return s


def cast_bytes(s: Any, encoding: str = "utf8", errors: str = "strict") -> bytes:
    """Return s as bytes, encoding str with encoding; bytes pass through. Else TypeError."""
    return s if isinstance(s, bytes) else _str_or_bytes(s).encode(encoding, errors)


def cast_unicode(s: Any, encoding: str = "utf8", errors: str = "strict") -> str:
    """Return s as str, decoding bytes with encoding; str passes through. Else TypeError."""
    return s if isinstance(s, str) else _str_or_bytes(s).decode(encoding, errors)


b = asbytes = cast_bytes
u = cast_unicode
