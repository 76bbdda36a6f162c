"""Versions, capabilities, CURVE keys and other small libzmq helpers."""

from __future__ import annotations

from errno import EINVAL

from zmq.backend.cffi._base import ZMQError, ffi, lib, raise_zmq


def zmq_version_info() -> tuple[int, int, int]:
    """The linked libzmq's version as a (major, minor, patch) tuple."""
    parts = ffi.new("int[3]")
    lib.zmq_version(parts, parts + 1, parts + 2)
    return (parts[0], parts[1], parts[2])


def zmq_errno() -> int:
    """libzmq's errno for the calling thread."""
    return int(lib.zmq_errno())


def has(capability: str | bytes) -> bool:
    """Whether the linked libzmq supports a capability: 'ipc', 'curve', 'draft', 'gssapi', ..."""
    if isinstance(capability, str):
        capability = capability.encode("utf-8")
    if not isinstance(capability, bytes):
        raise TypeError(f"a capability is a str, not {type(capability).__name__}")
    return bool(lib.zmq_has(capability))


def curve_keypair() -> tuple[bytes, bytes]:
    """A new CURVE key pair, each Z85-encoded (40 bytes): ``(public, secret)``."""
    public_key = ffi.new("char[41]")
    secret_key = ffi.new("char[41]")
    if lib.zmq_curve_keypair(public_key, secret_key) != 0:
        raise_zmq(ffi.errno)
    return ffi.unpack(public_key, 40), ffi.unpack(secret_key, 40)


def curve_public(secret_key: str | bytes) -> bytes:
    """The Z85 CURVE public key belonging to a Z85 secret key."""
    if isinstance(secret_key, str):
        secret_key = secret_key.encode("ascii")
    if not isinstance(secret_key, bytes) or len(secret_key) != 40:
        raise ValueError("a CURVE secret key is 40 bytes of Z85 text")
    public_key = ffi.new("char[41]")
    if lib.zmq_curve_public(public_key, secret_key) != 0:
        raise_zmq(ffi.errno)
    return ffi.unpack(public_key, 40)


class Stopwatch:
    """A microsecond stopwatch from libzmq: start(), then stop() returns the elapsed µs."""

    def __init__(self) -> None:
        self._watch = None

    def __del__(self) -> None:
        if self._watch is not None:
            lib.zmq_stopwatch_stop(self._watch)

    def start(self) -> None:
        if self._watch is not None:
            raise ZMQError(EINVAL, "Stopwatch is already running.")
        self._watch = lib.zmq_stopwatch_start()

    def stop(self) -> int:
        if self._watch is None:
            raise ZMQError(EINVAL, "Must start the Stopwatch before calling stop.")
        elapsed = int(lib.zmq_stopwatch_stop(self._watch))
        self._watch = None
        return elapsed
