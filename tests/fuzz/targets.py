"""Fuzz targets: each turns the fuzzer's bytes into calls on the installed ``zmq`` and checks them.

A target returns normally when the library behaved: it either did the thing (and the result is checked
against what the input asked for) or refused with an exception a caller is told to expect (TypeError,
ValueError, ZMQError, ...). Anything else propagates and is a finding: an unexpected exception type, a
broken result (AssertionError), a crash, an abort, or a hang (the engine's per-input timeout).

Targets depend only on ``zmq`` (and numpy when present), not on the fuzzing engine, so the saved inputs
under ``corpus/<target>/`` replay in the ordinary test run (``test_corpus.py``) without atheris.
``fuzz.py`` drives them with atheris for coverage-guided runs.

State that is expensive to build (a context, sockets, an authenticator, a temporary directory) is made
once per process and reused; sockets are replaced every few thousand inputs so that state an input
leaves behind (options, subscriptions) stays bounded.
"""

from __future__ import annotations

import array
import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from typing import Any, Callable, Optional

import zmq

try:
    import numpy as np
except ImportError:  # the targets still run; numpy-shaped inputs become bytes
    np = None  # type: ignore[assignment]

# Checks for bugs of issue 17 that are being fixed on other branches. While a name is listed here the
# check that would trip over it is skipped (so `make fuzz` stays green and keeps finding *other*
# bugs); FUZZ_KNOWN_BUGS=1 runs them anyway. Delete the entry once the fix is merged.
KNOWN_BUGS: dict[str, str] = {}


def check_enabled(name: str) -> bool:
    return name not in KNOWN_BUGS or os.environ.get("FUZZ_KNOWN_BUGS") == "1"


class Draw:
    """Structured values read from the fuzzer's bytes, front to back; past the end reads give 0."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += len(chunk)
        return chunk

    def uint(self, nbytes: int) -> int:
        return int.from_bytes(self.take(nbytes).ljust(nbytes, b"\0"), "little")

    def sint(self, nbytes: int) -> int:
        return int.from_bytes(self.take(nbytes).ljust(nbytes, b"\0"), "little", signed=True)

    def below(self, n: int) -> int:
        return self.uint(1 if n <= 256 else 2) % n

    def flag(self) -> bool:
        return bool(self.uint(1) & 1)

    def pick(self, choices: Any) -> Any:
        return choices[self.below(len(choices))]

    def blob(self, max_len: int = 255) -> bytes:
        """Length-prefixed bytes (one length byte, two when max_len > 255)."""
        return self.take(self.uint(1 if max_len <= 255 else 2) % (max_len + 1))

    def rest(self) -> bytes:
        return self.take(len(self.data))

    def exhausted(self) -> bool:
        return self.pos >= len(self.data)


def blob(data: bytes) -> bytes:
    """The encoding of one ``Draw.blob`` value (for writing seed inputs)."""
    return bytes([len(data)]) + data


# --- shared state --------------------------------------------------------------------------------

_ctx: Optional[zmq.Context[Any]] = None


def context() -> zmq.Context[Any]:
    global _ctx
    if _ctx is None:
        _ctx = zmq.Context()
        atexit.register(_shutdown)
    return _ctx


_tmpdir: Optional[str] = None


def tmpdir() -> str:
    global _tmpdir
    if _tmpdir is None:
        given = os.environ.get("FUZZ_TMPDIR")
        if given:  # fuzz.py's, removed by it: libFuzzer leaves with _exit, skipping atexit
            _tmpdir = given
            return given
        # memory-backed when there is one: rewriting a file per input on a disk is 10x slower
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        _tmpdir = tempfile.mkdtemp(prefix="zmq-fuzz-", dir=shm)
        atexit.register(shutil.rmtree, _tmpdir, True)
    return _tmpdir


_cleanups: list[Callable[[], None]] = []


def _shutdown() -> None:
    for cleanup in reversed(_cleanups):
        cleanup()
    if _ctx is not None:
        _ctx.destroy(linger=0)


# --- buffer-likes --------------------------------------------------------------------------------

NUMPY_DTYPES = ("u1", "i2", "<u4", ">i4", "f8", "c16", "?", "V3")
ARRAY_CODES = "bBhHiIlLqQfd"


class _Opaque:
    """An object with no buffer interface."""

    def __repr__(self) -> str:
        return "<opaque>"


class _Sized:
    """Claims a length but has no buffer: must not be mistaken for data."""

    def __len__(self) -> int:
        return 4


def buffer_like(d: Draw) -> tuple[Any, Optional[bytes]]:
    """An object to hand to Frame/send, and the bytes a message built from it must hold.

    The expected bytes are None for objects that are not contiguous buffers: these must be refused
    with TypeError/ValueError/BufferError (or, if accepted, copied in C order).
    """
    kind = d.below(16)
    raw = d.blob()
    if kind == 0:
        return raw, raw
    if kind == 1:
        return bytearray(raw), raw
    if kind == 2:
        mv = memoryview(raw)
        start, stop, step = d.sint(1), d.sint(1), d.sint(1) or 1
        view = mv[start:stop:step]
        return view, (view.tobytes() if view.contiguous else None)
    if kind == 3:
        fmt = d.pick("BbHIQd")
        size = {"B": 1, "b": 1, "H": 2, "I": 4, "Q": 8, "d": 8}[fmt]
        usable = raw[: len(raw) // size * size]
        view = memoryview(bytearray(usable)).cast(fmt)
        if d.flag() and len(view) % 2 == 0 and len(view):
            view = view.cast("B").cast(fmt, [2, len(view) // 2])
        return view, usable
    if kind == 4:
        code = d.pick(ARRAY_CODES)
        arr = array.array(code)
        arr.frombytes(raw[: len(raw) // arr.itemsize * arr.itemsize])
        return arr, arr.tobytes()
    if kind in (5, 6, 7) and np is not None:
        return _numpy_like(d, raw)
    if kind == 8:
        return raw.decode("latin-1"), None  # str: refused
    if kind == 9:
        junk = d.pick([None, 0, 7, -1, 2**70, 1.5, _Opaque(), _Sized(), [1, 2], (b"a",)])
        return junk, (b"" if junk is None else None)  # Frame(None) is an empty frame
    if kind == 10:
        frame = zmq.Frame(raw, copy=d.flag(), track=d.flag())
        return frame, raw
    if kind == 11:
        return memoryview(raw)[0:0], b""
    if kind == 12:
        readonly = memoryview(bytes(raw)).toreadonly()
        return readonly, raw
    return raw, raw


def _numpy_like(d: Draw, raw: bytes) -> tuple[Any, Optional[bytes]]:
    assert np is not None
    dtype = np.dtype(d.pick(NUMPY_DTYPES))
    count = len(raw) // dtype.itemsize
    arr = np.frombuffer(raw[: count * dtype.itemsize], dtype=dtype).copy()
    shape = d.below(4)
    if shape == 1 and count % 2 == 0 and count:
        arr = arr.reshape(2, count // 2)
        if d.flag():
            arr = arr.T  # Fortran-contiguous
    elif shape == 2 and count:
        arr = arr[:: d.below(4) + 1]  # strided
    elif shape == 3 and count:
        arr = np.asarray(arr[0])  # 0-d
    if d.flag():
        arr.flags.writeable = False
    if arr.flags.c_contiguous:
        return arr, arr.tobytes()
    if arr.flags.f_contiguous:
        return arr, arr.tobytes(order="F")
    return arr, None


BUFFER_ERRORS = (TypeError, ValueError, BufferError)


# --- z85 -----------------------------------------------------------------------------------------


def target_z85(data: bytes) -> None:
    """z85 encode/decode on bytes and str, and libzmq's curve_public on the same text."""
    from zmq.utils import z85

    d = Draw(data)
    mode = d.below(8)
    if mode & 4:  # any object: buffers are read as their bytes, anything else is a TypeError
        obj, expected = buffer_like(d)
        for func in (z85.encode, z85.decode):
            try:
                func(obj)
            except ValueError:
                pass
            except TypeError:
                assert (expected is None or obj is None) and not isinstance(obj, str), obj
        return
    payload = d.rest()
    as_text = mode & 1
    value: Any = payload.decode("latin-1") if as_text else payload
    try:
        encoded = z85.encode(value)
    except ValueError:
        assert (as_text and max(payload, default=0) > 127) or len(payload) % 4, payload
    else:
        assert len(payload) % 4 == 0
        assert len(encoded) == len(payload) // 4 * 5
        assert z85.decode(encoded) == payload
    try:
        decoded = z85.decode(value)
    except ValueError:
        pass
    else:
        assert len(decoded) == len(payload) // 5 * 4
        assert z85.encode(decoded) == payload
    if mode & 2 and zmq.has("curve"):
        try:
            public = zmq.curve_public(value)
        except (ValueError, TypeError, zmq.ZMQError):
            pass
        else:
            assert len(public) == 40 and len(z85.decode(public)) == 32


# --- certificates --------------------------------------------------------------------------------


def target_certs(data: bytes) -> None:
    """load_certificate / load_certificates on a file holding the input."""
    from zmq.auth import load_certificate, load_certificates
    from zmq.utils import z85

    directory = os.path.join(tmpdir(), "certs")
    path = os.path.join(directory, "peer.key")
    if not os.path.isdir(directory):
        os.mkdir(directory)
    with open(path, "wb") as f:
        f.write(data)
    try:
        public, secret = load_certificate(path)
    except ValueError as e:
        if check_enabled("cert-error-echo"):
            assert len(str(e)) < 400 + len(path), f"error message of {len(str(e))} characters"
        return
    for key in (public, secret):
        if key is not None:
            assert isinstance(key, bytes) and len(key) == 40, key
            assert len(z85.decode(key)) == 32
    assert load_certificates(directory) == {public: True}


def seeds_certs() -> Iterator[bytes]:
    from zmq.auth import create_certificates

    directory = tempfile.mkdtemp(prefix="zmq-fuzz-seed-")
    try:
        for name in create_certificates(directory, "seed", {"name": "seed", "email": "a@b"}):
            with open(name, "rb") as f:
                yield f.read()
    finally:
        shutil.rmtree(directory)
    yield b"curve\n    public-key = 'rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7'\n"


# --- ZAP -----------------------------------------------------------------------------------------

ZAP_ENCODINGS = ("utf-8", "ascii", "latin-1")
PLAIN_USERS = {"admin": "secret", "ünï": "pässword"}


class _CurveCallback:
    def __init__(self, verdict: bool) -> None:
        self.verdict = verdict

    def callback(self, domain: str, key: bytes) -> bool:
        return self.verdict


class _ZapEnd:
    """The ZAP REP socket (bound once) and a DEALER connected to it, playing libzmq's side."""

    def __init__(self) -> None:
        from zmq.auth import create_certificates, load_certificates
        from zmq.auth.base import ZAP_ENDPOINT

        self.rep = context().socket(zmq.REP)
        self.rep.linger = 0
        self.rep.bind(ZAP_ENDPOINT)
        self.client = context().socket(zmq.DEALER)
        self.client.linger = 0
        self.client.rcvtimeo = self.client.sndtimeo = 5000  # no reply: a failed check, not a hang
        self.client.connect(ZAP_ENDPOINT)
        self.certs_dir = os.path.join(tmpdir(), "zap-certs")
        os.makedirs(self.certs_dir)
        create_certificates(self.certs_dir, "known")
        self.known_keys = set(load_certificates(self.certs_dir))
        _cleanups.append(self.close)

    def close(self) -> None:
        self.client.close(linger=0)
        self.rep.close(linger=0)


_zap_end: Optional[_ZapEnd] = None


def _authenticator(end: _ZapEnd, encoding: str, policy: int) -> Any:
    """A fresh Authenticator configured through its public API, answering on the shared socket."""
    from zmq.auth import CURVE_ALLOW_ANY, Authenticator

    auth = Authenticator(context(), encoding=encoding)
    auth.log.disabled = True  # it logs every request: keep logging out of the measured path
    auth.zap_socket = end.rep
    if policy & 1:
        auth.allow("127.0.0.1", "::1")
    elif policy & 2:
        auth.deny("10.0.0.1")
    auth.configure_plain("plain", PLAIN_USERS)
    if policy & 4:
        auth.configure_plain("*", {"guest": "guest"})
    if policy & 8:
        auth.configure_curve("curve", end.certs_dir)
    if policy & 16:
        auth.configure_curve_callback("callback", _CurveCallback(bool(policy & 32)))
    if policy & 64:
        auth.configure_curve("*", CURVE_ALLOW_ANY)
    return auth


def _run(coro: Any) -> Any:
    """Run a coroutine that never suspends on a real event (the base Authenticator's) to its end."""
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise AssertionError("the ZAP handler waited on something")


def target_zap(data: bytes) -> None:
    """The authenticator's handler fed a request of fuzzed frames, as libzmq would send it."""
    global _zap_end
    if _zap_end is None:
        _zap_end = _ZapEnd()
    end = _zap_end
    d = Draw(data)
    encodings = ZAP_ENCODINGS if check_enabled("zap-encode-user-id") else ("utf-8",)
    policy = d.uint(1)
    auth = _authenticator(end, d.pick(encodings), policy)
    nframes = 1 + d.below(9)  # libzmq never sends an empty request (REP would not deliver it)
    frames = [d.blob() for _ in range(nframes)]
    end.client.send_multipart([b"", *frames])
    request = end.rep.recv_multipart()
    assert request == frames, (request, frames)
    # the handler must answer every request, whatever it holds: a raise here is a finding
    _run(auth.handle_zap_message(request))
    reply = end.client.recv_multipart()
    assert reply[0] == b"" and len(reply) == 7, reply
    version, request_id, status, _text, user_id, metadata = reply[1:]
    assert version == b"1.0" and metadata == b""
    assert request_id == (frames[1] if nframes > 1 else b"")
    assert status in (b"200", b"300", b"400", b"500"), status
    if status != b"200":
        return
    # accepted: the request must be well-formed and the credentials must be ones the policy knows
    assert nframes >= 6 and frames[0] == b"1.0", frames
    mechanism, credentials = frames[5], frames[6:]
    domain = frames[2].decode(auth.encoding)
    if mechanism == b"PLAIN":
        user, password = (c.decode(auth.encoding) for c in credentials)
        if domain == "plain":  # its own table, never the wildcard's
            assert PLAIN_USERS.get(user) == password, frames
        else:
            assert policy & 4 and user == password == "guest", frames
        assert user_id == credentials[0]
    elif mechanism == b"CURVE":
        from zmq.utils import z85

        (key,) = credentials
        allowed = (
            policy & 64
            or (policy & 16 and policy & 32 and domain == "callback")
            or (policy & 8 and domain == "curve" and z85.encode(key) in end.known_keys)
        )
        assert allowed, frames
    else:
        assert mechanism in (b"NULL", b"GSSAPI"), frames


def seeds_zap() -> Iterator[bytes]:
    def request(policy: int, mechanism: bytes, *credentials: bytes, domain: bytes = b"") -> bytes:
        frames = [b"1.0", b"1", domain, b"127.0.0.1", b"", mechanism, *credentials]
        return bytes([policy, 0, len(frames) - 1]) + b"".join(blob(f) for f in frames)

    yield request(0, b"NULL")
    yield request(1, b"PLAIN", b"admin", b"secret", domain=b"plain")
    yield request(4, b"PLAIN", b"guest", b"guest", domain=b"other")
    yield request(16 | 32, b"CURVE", bytes(range(32)), domain=b"callback")
    yield request(8, b"CURVE", bytes(32), domain=b"curve")
    yield request(64, b"CURVE", bytes(32), domain=b"curve")
    yield request(0, b"GSSAPI", b"principal\xff")


# --- monitor events ------------------------------------------------------------------------------


def target_monitor(data: bytes) -> None:
    """parse_monitor_message on message-shaped input: frames of bytes, Frames, buffers or junk."""
    import struct

    from zmq.utils.monitor import MonitorMessageError, parse_monitor_message

    d = Draw(data)
    nframes = d.below(4)
    msg: list[Any] = []
    for _ in range(nframes):
        part, _expected = buffer_like(d) if d.flag() else (d.blob(), None)
        msg.append(part)
    try:
        event = parse_monitor_message(msg)
    except MonitorMessageError:
        return
    except (TypeError, ValueError, BufferError):
        return
    assert set(event) == {"event", "value", "endpoint"}
    assert isinstance(event["event"], zmq.Event) and isinstance(event["endpoint"], bytes)
    try:
        header = memoryview(msg[0]).tobytes()
    except TypeError:
        raise AssertionError(f"parsed {msg[0]!r}, which is not a buffer, as an event") from None
    assert (int(event["event"]), event["value"]) == struct.unpack("=Hi", header)


def seeds_monitor() -> Iterator[bytes]:
    import struct

    header = struct.pack("=Hi", int(zmq.EVENT_CONNECTED), 12)
    yield bytes([2, 0]) + blob(header) + bytes([0]) + blob(b"tcp://127.0.0.1:5555")


# --- socket options ------------------------------------------------------------------------------

_SOCKET_TYPES = (zmq.PAIR, zmq.PUB, zmq.SUB, zmq.REQ, zmq.REP, zmq.DEALER, zmq.ROUTER, zmq.PULL,
                 zmq.PUSH, zmq.XPUB, zmq.XSUB, zmq.STREAM)  # fmt: skip
_OPTIONS = sorted(int(o) for o in zmq.SocketOption)
_socks: dict[int, zmq.Socket[Any]] = {}
_sock_uses = 0
_SOCKET_REUSE = 2000


def _socket(kind: int) -> zmq.Socket[Any]:
    global _sock_uses
    _sock_uses += 1
    if _sock_uses > _SOCKET_REUSE:
        _close_sockets()
        _sock_uses = 0
    sock = _socks.get(kind)
    if sock is None:
        sock = _socks[kind] = context().socket(kind)
        if _close_sockets not in _cleanups:
            _cleanups.append(_close_sockets)
    return sock


def _close_sockets() -> None:
    for sock in _socks.values():
        sock.close(linger=0)
    _socks.clear()


def _option_value(d: Draw) -> Any:
    kind = d.below(8)
    if kind == 0:
        return d.sint(4)
    if kind == 1:
        return d.sint(8)
    if kind == 2:
        return d.sint(1)
    if kind == 3:
        return d.blob()
    if kind == 4:
        return d.blob().decode("utf-8", "replace")
    if kind == 5:
        return d.pick([2**31, -(2**31) - 1, 2**63, -(2**63) - 1, 2**64, 10**30])
    if kind == 6:
        return d.pick([None, 1.5, True, [1], _Opaque(), bytearray(b"abc"), memoryview(b"xy")])
    return buffer_like(d)[0]


OPTION_ERRORS = (zmq.ZMQError, TypeError, ValueError, OverflowError, BufferError)


def target_sockopt(data: bytes) -> None:
    """setsockopt/getsockopt (and the sugar's attributes and string forms) with any number/value."""
    d = Draw(data)
    sock = _socket(d.pick(_SOCKET_TYPES))
    for _ in range(1 + d.below(4)):
        option = d.pick(_OPTIONS) if d.flag() else d.sint(d.pick((1, 2, 4, 8)))
        if option == zmq.USE_FD:
            continue  # an arbitrary descriptor the socket would adopt on bind: not ours to give
        how = d.below(6)
        try:
            if how == 0:
                sock.setsockopt(option, _option_value(d))
            elif how == 1:
                value = sock.getsockopt(option)
                assert isinstance(value, (int, bytes)), value
            elif how == 2:
                sock.setsockopt_string(option, _option_value(d))
            elif how == 3:
                value = sock.getsockopt_string(option)
                assert isinstance(value, str), value
            elif how == 4:
                sock.set(option, _option_value(d))
            else:
                name = d.pick([o.name.lower() for o in zmq.SocketOption])
                if d.flag():
                    setattr(sock, name, _option_value(d))
                else:
                    getattr(sock, name)
        except OPTION_ERRORS:
            pass
        except UnicodeDecodeError:
            pass  # getsockopt_string of a binary option (e.g. a routing id)
        except AttributeError:
            if how != 5:
                raise  # only the attribute form refuses write-only/read-only options this way


# --- Frame ---------------------------------------------------------------------------------------


def target_frame(data: bytes) -> None:
    """Frame(...) from any buffer-like, with copy/track/copy_threshold, then every accessor."""
    d = Draw(data)
    obj, expected = buffer_like(d)
    kwargs: dict[str, Any] = {}
    if d.flag():
        kwargs["copy"] = d.pick([True, False, None, 0, 1])
    if d.flag():
        kwargs["track"] = d.flag()
    if d.flag():
        kwargs["copy_threshold"] = d.pick([0, 1, 64, 2**31, -1, None, 2**70, "x"])
    try:
        frame = zmq.Frame(obj, **kwargs)
    except (*BUFFER_ERRORS, OverflowError, zmq.ZMQError):
        return
    _check_frame(frame, obj, expected)
    ops = d.below(8)
    if ops & 1:
        try:
            frame.get(d.pick([zmq.MORE, zmq.SHARED, 99, -1, "Socket-Type", "User-Id", b"x", None]))
        except (TypeError, ValueError, zmq.ZMQError):
            pass
    if ops & 2:
        copy = frame.fast_copy()
        assert copy.bytes == frame.bytes
    if ops & 4 and check_enabled("frame-reinit"):
        other, other_expected = buffer_like(d)
        before = frame.bytes
        try:
            frame.__init__(other, copy=d.pick([True, False, None]))  # type: ignore[misc]
        except (*BUFFER_ERRORS, OverflowError, zmq.ZMQError):
            # a refused re-init leaves the frame as it was (asked of the message, not the cache)
            assert len(frame) == len(before) and memoryview(frame).tobytes() == before
        else:
            _check_frame(frame, other, other_expected)
    if isinstance(obj, bytearray) and kwargs.get("copy") is False:
        # the frame shares the bytearray: resizing it under libzmq must be refused
        try:
            obj.append(0)
        except BufferError:
            pass


def _check_frame(frame: zmq.Frame, obj: Any, expected: Optional[bytes]) -> None:
    if expected is None:
        # accepted something that is not a contiguous buffer: then it must hold its C-order bytes
        expected = memoryview(obj).tobytes()
    assert len(frame) == len(expected), (len(frame), len(expected))
    assert frame.bytes == expected
    assert bytes(frame) == expected and frame == expected
    assert memoryview(frame).tobytes() == expected and frame.buffer.nbytes == len(expected)
    repr(frame)
    hash(frame)
    if frame.tracker is not None:
        frame.tracker.done  # noqa: B018


# --- send_multipart ------------------------------------------------------------------------------

_pair: Optional[tuple[zmq.Socket[Any], zmq.Socket[Any]]] = None


def _inproc_pair() -> tuple[zmq.Socket[Any], zmq.Socket[Any]]:
    global _pair
    if _pair is None:
        a, b = context().socket(zmq.PAIR), context().socket(zmq.PAIR)
        a.linger = b.linger = 0
        a.sndtimeo = b.rcvtimeo = 5000  # a lost message is a failed assertion, not a hang
        a.bind("inproc://fuzz-multipart")
        b.connect("inproc://fuzz-multipart")
        _pair = a, b

        def close() -> None:
            a.close(linger=0)
            b.close(linger=0)

        _cleanups.append(close)
    return _pair


_SENTINEL = b"\0fuzz-sentinel"


def target_multipart(data: bytes) -> None:
    """send_multipart of arbitrary parts over inproc PAIR: all parts arrive intact, or nothing does."""
    d = Draw(data)
    sender, receiver = _inproc_pair()
    nparts = d.below(9)
    parts = [buffer_like(d) for _ in range(nparts)]
    copy, track = d.flag(), d.flag()
    container = d.below(3)
    msg: Any = [p for p, _ in parts]
    if container == 1:
        msg = tuple(msg)
    elif container == 2:
        msg = iter(msg)
    try:
        tracker = sender.send_multipart(msg, copy=copy, track=track)
    except (*BUFFER_ERRORS, OverflowError, zmq.ZMQError):
        # whatever a refused send left queued shows up in front of the next message
        sender.send(_SENTINEL)
        received = receiver.recv_multipart()
        if check_enabled("multipart-half-sent"):
            assert received == [_SENTINEL], f"a refused send_multipart queued {received[:-1]!r}"
        else:
            assert received[-1] == _SENTINEL, received
        return
    expected = [e if e is not None else memoryview(p).tobytes() for p, e in parts]
    received = receiver.recv_multipart()
    assert received == expected, (received, expected)
    if tracker is not None:
        tracker.done  # noqa: B018


# Longest input per target (libFuzzer's -max_len), where 4096 would only slow the target down.
MAX_LEN: dict[str, int] = {"certs": 1024}


# --- registry ------------------------------------------------------------------------------------

TARGETS: dict[str, Callable[[bytes], None]] = {
    "z85": target_z85,
    "certs": target_certs,
    "zap": target_zap,
    "monitor": target_monitor,
    "sockopt": target_sockopt,
    "frame": target_frame,
    "multipart": target_multipart,
}


def seeds_z85() -> Iterator[bytes]:
    yield b"\0" + bytes([0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B])
    yield b"\0HelloWorld"
    yield b"\2Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"  # a CURVE key, also to curve_public
    yield b"\4\x09\x00\x00"  # an int where bytes belong


def seeds_sockopt() -> Iterator[bytes]:
    # SUB: set SUBSCRIBE (6) as bytes; ROUTER: get ROUTING_ID (5); DEALER: set LINGER (17)
    yield bytes([2, 0, 0, 6, 0, 3]) + blob(b"topic")
    yield bytes([6, 0, 0, 5, 1])
    yield bytes([5, 0, 0, 17, 0, 0]) + (100).to_bytes(4, "little")


def seeds_frame() -> Iterator[bytes]:
    yield bytes([0]) + blob(b"hello") + bytes([1, 1, 1, 1, 2])  # Frame(b"hello", copy=None, ...)
    yield bytes([5]) + blob(bytes(range(16))) + bytes([0, 2, 1, 0])  # a strided numpy array
    yield bytes([3]) + blob(bytes(16)) + bytes([3, 1])  # a 2-d memoryview of unsigned ints


def seeds_multipart() -> Iterator[bytes]:
    yield bytes([2, 0]) + blob(b"first") + bytes([1]) + blob(b"second") + bytes([1, 0, 0])
    yield bytes([1, 4]) + blob(bytes(range(64))) + bytes([1]) + bytes([0, 1, 0])  # array, track


SEEDS: dict[str, Callable[[], Iterator[bytes]]] = {
    "z85": seeds_z85,
    "sockopt": seeds_sockopt,
    "frame": seeds_frame,
    "multipart": seeds_multipart,
    "certs": seeds_certs,
    "zap": seeds_zap,
    "monitor": seeds_monitor,
}


def main(argv: list[str]) -> int:
    """``targets.py TARGET FILE...``: run each file through the target, naming the file first."""
    target = TARGETS[argv[0]]
    for path in argv[1:]:
        print(f"replaying {path}", file=sys.stderr, flush=True)
        with open(path, "rb") as f:
            target(f.read())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
