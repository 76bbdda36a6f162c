"""The numeric constants of libzmq, as Python enums.

libzmq's C API is driven by integer codes: socket types, socket and context
option numbers, send/recv flags, poll bits, monitor events and error numbers.
This module is the single Python-side source of those numbers.  Each family is
an ``IntEnum`` (or ``IntFlag``, for families whose values are meant to be OR-ed
together), so values print with their names and can be enumerated, while
still being plain ints wherever libzmq expects one.

Every member is also exported at module level (``zmq.PUSH``, ``zmq.LINGER``,
``zmq.EAGAIN``, ...); those names are generated from the enums at import time
rather than written out, so each constant is spelled exactly once.

The values are fixed here, not read from the linked library: draft and newer
constants are defined whatever libzmq is present, so the presence of a name
says nothing about whether the feature works.  Ask ``zmq.has()`` or
``zmq.zmq_version_info()`` for that.
"""

from __future__ import annotations

import enum as _enum_module
import errno as _errno
import sys as _sys
from enum import Enum, IntEnum, IntFlag

# typing.TYPE_CHECKING without importing typing (see zmq/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, TypeVar

    _E = TypeVar("_E", bound=Enum)
del TYPE_CHECKING


def _enum(etype: type[_E]) -> Callable[[type], type[_E]]:
    """Class decorator: the plain class below, made an enum of ``etype`` (``IntEnum``, ``IntFlag``).

    Written as ``class X(IntEnum)``, an enum is built by ``EnumType``, which checks every name as
    the class body sets it: for the 250 members here that was a third of ``import zmq``. The
    standard library builds its own large enums (``http.HTTPStatus``, ``re.RegexFlag``) with
    ``enum._simple_enum`` instead, which skips those checks: the same enum at half the cost. Where
    that private helper is missing (Python < 3.11, or gone from a later one), the class goes
    through ``EnumType`` as a ``class`` statement would. tests/core/test_constants.py checks that
    both give the same enums (with the standard library's comparison, ``enum._test_simple_enum``).
    """
    simple_enum = getattr(_enum_module, "_simple_enum", None)

    def convert(cls: type) -> type[_E]:
        if simple_enum is None:
            return _ordinary_enum(etype, cls)
        # _simple_enum tells an alias by its value as written, so the alias of a member written
        # as (value, extra) gets the bare value, which EnumType would have compared
        seen: set[object] = set()
        for name, value in list(vars(cls).items()):
            if isinstance(value, tuple):
                if value in seen:
                    setattr(cls, name, value[0])
                seen.add(value)
        enum_cls: type[_E] = simple_enum(etype)(cls)
        return enum_cls

    return convert


def _ordinary_enum(etype: type[_E], cls: type) -> type[_E]:
    """``cls`` made an enum of ``etype`` through ``EnumType``, as a ``class`` statement would."""
    metaclass = type(etype)
    body = metaclass.__prepare__(cls.__name__, (etype,))
    for key, value in vars(cls).items():
        if key not in ("__dict__", "__weakref__"):
            # (in a class body __new__ is a plain function; type() has wrapped this one)
            body[key] = value.__func__ if isinstance(value, staticmethod) else value
    enum_cls: type[_E] = metaclass(cls.__name__, (etype,), body)
    return enum_cls


# libzmq numbers its own error codes, and the POSIX codes a platform lacks,
# from this base (zmq.h: ZMQ_HAUSNUMERO).
_HAUSNUMERO = 156384712

# On Windows, libzmq takes the POSIX-supplement codes from the C runtime's
# errno.h, whereas Python's errno module gives the Winsock (WSAE*) numbers for
# several of the same names.  These are the C runtime's values.
_MSVC_ERRNO = {
    "EADDRINUSE": 100,
    "EADDRNOTAVAIL": 101,
    "EAFNOSUPPORT": 102,
    "ECONNABORTED": 106,
    "ECONNREFUSED": 107,
    "ECONNRESET": 108,
    "EHOSTUNREACH": 110,
    "EINPROGRESS": 112,
    "EMSGSIZE": 115,
    "ENETDOWN": 116,
    "ENETRESET": 117,
    "ENETUNREACH": 118,
    "ENOBUFS": 119,
    "ENOTCONN": 126,
    "ENOTSOCK": 128,
    "ENOTSUP": 129,
    "EPROTONOSUPPORT": 135,
    "ETIMEDOUT": 138,
}


def _posix_errno(name: str, offset: int) -> int:
    """The value libzmq uses for the POSIX error ``name``.

    It is the platform's own code where the platform defines one, and
    ``_HAUSNUMERO + offset`` (as zmq.h computes it) where it does not.
    """
    if _sys.platform == "win32" and name in _MSVC_ERRNO:
        return _MSVC_ERRNO[name]
    value: int = getattr(_errno, name, _HAUSNUMERO + offset)
    return value


@_enum(IntEnum)
class Errno:
    """Error numbers that libzmq reports (see ``ZMQError.errno``)."""

    # C standard / POSIX codes, always supplied by the platform
    EINTR = _errno.EINTR
    EAGAIN = _errno.EAGAIN
    ENOMEM = _errno.ENOMEM
    EFAULT = _errno.EFAULT
    ENODEV = _errno.ENODEV
    EINVAL = _errno.EINVAL
    # POSIX codes that zmq.h supplies itself where the platform has none
    ENOTSUP = _posix_errno("ENOTSUP", 1)
    EPROTONOSUPPORT = _posix_errno("EPROTONOSUPPORT", 2)
    ENOBUFS = _posix_errno("ENOBUFS", 3)
    ENETDOWN = _posix_errno("ENETDOWN", 4)
    EADDRINUSE = _posix_errno("EADDRINUSE", 5)
    EADDRNOTAVAIL = _posix_errno("EADDRNOTAVAIL", 6)
    ECONNREFUSED = _posix_errno("ECONNREFUSED", 7)
    EINPROGRESS = _posix_errno("EINPROGRESS", 8)
    ENOTSOCK = _posix_errno("ENOTSOCK", 9)
    EMSGSIZE = _posix_errno("EMSGSIZE", 10)
    EAFNOSUPPORT = _posix_errno("EAFNOSUPPORT", 11)
    ENETUNREACH = _posix_errno("ENETUNREACH", 12)
    ECONNABORTED = _posix_errno("ECONNABORTED", 13)
    ECONNRESET = _posix_errno("ECONNRESET", 14)
    ENOTCONN = _posix_errno("ENOTCONN", 15)
    ETIMEDOUT = _posix_errno("ETIMEDOUT", 16)
    EHOSTUNREACH = _posix_errno("EHOSTUNREACH", 17)
    ENETRESET = _posix_errno("ENETRESET", 18)
    # codes that only libzmq produces
    EFSM = _HAUSNUMERO + 51
    ENOCOMPATPROTO = _HAUSNUMERO + 52
    ETERM = _HAUSNUMERO + 53
    EMTHREAD = _HAUSNUMERO + 54


@_enum(IntEnum)
class SocketType:
    """Socket types, the argument of ``Context.socket()``."""

    PAIR = 0
    PUB = 1
    SUB = 2
    REQ = 3
    REP = 4
    DEALER = 5
    ROUTER = 6
    PULL = 7
    PUSH = 8
    XPUB = 9
    XSUB = 10
    STREAM = 11
    # draft socket types (usable only with a libzmq built with the draft API)
    SERVER = 12
    CLIENT = 13
    RADIO = 14
    DISH = 15
    GATHER = 16
    SCATTER = 17
    DGRAM = 18
    PEER = 19
    CHANNEL = 20
    # deprecated spellings
    XREQ = DEALER
    XREP = ROUTER
    UPSTREAM = PULL
    DOWNSTREAM = PUSH


class _OptType(Enum):
    """How a socket option's value travels through zmq_setsockopt/getsockopt."""

    int = "int"  # C int
    int64 = "int64"  # 64-bit integer (int64_t / uint64_t)
    bytes = "bytes"  # binary data or a string
    fd = "fd"  # a file descriptor (a SOCKET on Windows)


# Shorthands for the option table below; members without one are C ints.
_I64 = _OptType.int64
_BYTES = _OptType.bytes
_FD = _OptType.fd


@_enum(IntEnum)
class SocketOption:
    """Options for ``Socket.get()`` / ``Socket.set()``.

    ``HWM`` is not a libzmq option: ``Socket`` handles it by setting or reading
    both ``SNDHWM`` and ``RCVHWM``.  Each member's ``_opt_type`` tells a backend how
    to marshal its value.
    """

    _value_type: _OptType

    def __new__(cls, value: int, value_type: _OptType = _OptType.int) -> SocketOption:
        member = int.__new__(cls, value)
        member._value_ = value
        member._value_type = value_type
        return member

    @property
    def _opt_type(self) -> _OptType:
        """The C type of this option's value."""
        return self._value_type

    HWM = 1
    AFFINITY = 4, _I64
    ROUTING_ID = 5, _BYTES
    SUBSCRIBE = 6, _BYTES
    UNSUBSCRIBE = 7, _BYTES
    RATE = 8
    RECOVERY_IVL = 9
    SNDBUF = 11
    RCVBUF = 12
    RCVMORE = 13
    FD = 14, _FD
    EVENTS = 15
    TYPE = 16
    LINGER = 17
    RECONNECT_IVL = 18
    BACKLOG = 19
    RECONNECT_IVL_MAX = 21
    MAXMSGSIZE = 22, _I64
    SNDHWM = 23
    RCVHWM = 24
    MULTICAST_HOPS = 25
    RCVTIMEO = 27
    SNDTIMEO = 28
    IPV4ONLY = 31  # deprecated: use IPV6
    LAST_ENDPOINT = 32, _BYTES
    ROUTER_MANDATORY = 33
    TCP_KEEPALIVE = 34
    TCP_KEEPALIVE_CNT = 35
    TCP_KEEPALIVE_IDLE = 36
    TCP_KEEPALIVE_INTVL = 37
    TCP_ACCEPT_FILTER = 38, _BYTES  # deprecated
    IMMEDIATE = 39
    XPUB_VERBOSE = 40
    ROUTER_RAW = 41
    IPV6 = 42
    MECHANISM = 43
    PLAIN_SERVER = 44
    PLAIN_USERNAME = 45, _BYTES
    PLAIN_PASSWORD = 46, _BYTES
    CURVE_SERVER = 47
    CURVE_PUBLICKEY = 48, _BYTES
    CURVE_SECRETKEY = 49, _BYTES
    CURVE_SERVERKEY = 50, _BYTES
    PROBE_ROUTER = 51
    REQ_CORRELATE = 52
    REQ_RELAXED = 53
    CONFLATE = 54
    ZAP_DOMAIN = 55, _BYTES
    ROUTER_HANDOVER = 56
    TOS = 57
    IPC_FILTER_PID = 58  # deprecated
    IPC_FILTER_UID = 59  # deprecated
    IPC_FILTER_GID = 60  # deprecated
    CONNECT_ROUTING_ID = 61, _BYTES
    GSSAPI_SERVER = 62
    GSSAPI_PRINCIPAL = 63, _BYTES
    GSSAPI_SERVICE_PRINCIPAL = 64, _BYTES
    GSSAPI_PLAINTEXT = 65
    HANDSHAKE_IVL = 66
    SOCKS_PROXY = 68, _BYTES
    XPUB_NODROP = 69
    BLOCKY = 70
    XPUB_MANUAL = 71
    XPUB_WELCOME_MSG = 72, _BYTES
    STREAM_NOTIFY = 73
    INVERT_MATCHING = 74
    HEARTBEAT_IVL = 75
    HEARTBEAT_TTL = 76
    HEARTBEAT_TIMEOUT = 77
    XPUB_VERBOSER = 78
    CONNECT_TIMEOUT = 79
    TCP_MAXRT = 80
    THREAD_SAFE = 81
    MULTICAST_MAXTPDU = 84
    VMCI_BUFFER_SIZE = 85, _I64
    VMCI_BUFFER_MIN_SIZE = 86, _I64
    VMCI_BUFFER_MAX_SIZE = 87, _I64
    VMCI_CONNECT_TIMEOUT = 88
    USE_FD = 89
    GSSAPI_PRINCIPAL_NAMETYPE = 90
    GSSAPI_SERVICE_PRINCIPAL_NAMETYPE = 91
    BINDTODEVICE = 92, _BYTES
    # draft options
    ZAP_ENFORCE_DOMAIN = 93
    LOOPBACK_FASTPATH = 94
    METADATA = 95, _BYTES
    MULTICAST_LOOP = 96
    ROUTER_NOTIFY = 97
    XPUB_MANUAL_LAST_VALUE = 98
    SOCKS_USERNAME = 99, _BYTES
    SOCKS_PASSWORD = 100, _BYTES
    IN_BATCH_SIZE = 101
    OUT_BATCH_SIZE = 102
    WSS_KEY_PEM = 103, _BYTES
    WSS_CERT_PEM = 104, _BYTES
    WSS_TRUST_PEM = 105, _BYTES
    WSS_HOSTNAME = 106, _BYTES
    WSS_TRUST_SYSTEM = 107
    ONLY_FIRST_SUBSCRIBE = 108
    RECONNECT_STOP = 109
    HELLO_MSG = 110, _BYTES
    DISCONNECT_MSG = 111, _BYTES
    PRIORITY = 112
    # draft options added after libzmq 4.3.4
    BUSY_POLL = 113
    HICCUP_MSG = 114, _BYTES
    XSUB_VERBOSE_UNSUBSCRIBE = 115
    TOPICS_COUNT = 116
    NORM_MODE = 117
    NORM_UNICAST_NACK = 118
    NORM_BUFFER_SIZE = 119
    NORM_SEGMENT_SIZE = 120
    NORM_BLOCK_SIZE = 121
    NORM_NUM_PARITY = 122
    NORM_NUM_AUTOPARITY = 123
    NORM_PUSH = 124
    # deprecated spellings of current options
    IDENTITY = ROUTING_ID
    CONNECT_RID = CONNECT_ROUTING_ID
    DELAY_ATTACH_ON_CONNECT = IMMEDIATE
    FAIL_UNROUTABLE = ROUTER_MANDATORY
    ROUTER_BEHAVIOR = ROUTER_MANDATORY


@_enum(IntEnum)
class ContextOption:
    """Options for ``Context.get()`` / ``Context.set()``."""

    IO_THREADS = 1
    MAX_SOCKETS = 2
    SOCKET_LIMIT = 3
    THREAD_PRIORITY = 3  # set-only, shares its number with get-only SOCKET_LIMIT
    THREAD_SCHED_POLICY = 4
    MAX_MSGSZ = 5
    MSG_T_SIZE = 6
    THREAD_AFFINITY_CPU_ADD = 7
    THREAD_AFFINITY_CPU_REMOVE = 8
    THREAD_NAME_PREFIX = 9
    ZERO_COPY_RECV = 10  # draft
    # libzmq also accepts IPV6 and BLOCKY here; as in pyzmq, they are members
    # of SocketOption only (same numbers, so zmq.IPV6 works with ctx.set too).


@_enum(IntEnum)
class MessageOption:
    """Properties of a message, for ``Frame.get()``."""

    MORE = 1
    SRCFD = 2  # deprecated
    SHARED = 3


@_enum(IntFlag)
class Flag:
    """Flags for send and recv calls."""

    DONTWAIT = 1
    SNDMORE = 2
    NOBLOCK = DONTWAIT  # older spelling of DONTWAIT


@_enum(IntFlag)
class PollEvent:
    """Event bits for ``zmq.poll``, ``Poller`` and the ``EVENTS`` option."""

    POLLIN = 1
    POLLOUT = 2
    POLLERR = 4
    POLLPRI = 8


@_enum(IntFlag)
class Event:
    """Socket monitor events, and the protocol error codes they may carry.

    At module level the events take an ``EVENT_`` prefix (``zmq.EVENT_CLOSED``);
    the ``PROTOCOL_ERROR_*`` codes keep their names.
    """

    CONNECTED = 0x0001
    CONNECT_DELAYED = 0x0002
    CONNECT_RETRIED = 0x0004
    LISTENING = 0x0008
    BIND_FAILED = 0x0010
    ACCEPTED = 0x0020
    ACCEPT_FAILED = 0x0040
    CLOSED = 0x0080
    CLOSE_FAILED = 0x0100
    DISCONNECTED = 0x0200
    MONITOR_STOPPED = 0x0400
    HANDSHAKE_FAILED_NO_DETAIL = 0x0800
    HANDSHAKE_SUCCEEDED = 0x1000
    HANDSHAKE_FAILED_PROTOCOL = 0x2000
    HANDSHAKE_FAILED_AUTH = 0x4000
    # ALL_V1 is the canonical name of 0xFFFF (as in pyzmq: Event(0xFFFF).name == "ALL_V1"); ALL is
    # its alias, so the repr of either names ALL_V1, which contains both names.
    ALL_V1 = 0xFFFF
    ALL = ALL_V1
    # draft monitor events (monitor protocol version 2)
    PIPES_STATS = 0x10000
    ALL_V2 = ALL_V1 | PIPES_STATS

    PROTOCOL_ERROR_ZMTP_UNSPECIFIED = 0x10000000
    PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND = 0x10000001
    PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE = 0x10000002
    PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE = 0x10000003
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED = 0x10000011
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE = 0x10000012
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO = 0x10000013
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE = 0x10000014
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR = 0x10000015
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY = 0x10000016
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME = 0x10000017
    PROTOCOL_ERROR_ZMTP_INVALID_METADATA = 0x10000018
    PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC = 0x11000001
    PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH = 0x11000002
    PROTOCOL_ERROR_ZAP_UNSPECIFIED = 0x20000000
    PROTOCOL_ERROR_ZAP_MALFORMED_REPLY = 0x20000001
    PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID = 0x20000002
    PROTOCOL_ERROR_ZAP_BAD_VERSION = 0x20000003
    PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE = 0x20000004
    PROTOCOL_ERROR_ZAP_INVALID_METADATA = 0x20000005
    PROTOCOL_ERROR_WS_UNSPECIFIED = 0x30000000


@_enum(IntEnum)
class SecurityMechanism:
    """Security mechanisms, as reported by ``socket.get(zmq.MECHANISM)``."""

    NULL = 0
    PLAIN = 1
    CURVE = 2
    GSSAPI = 3


@_enum(IntEnum)
class DeviceType:
    """Device kinds for ``zmq.device()`` (all behave as a proxy nowadays)."""

    STREAMER = 1
    FORWARDER = 2
    QUEUE = 3


@_enum(IntEnum)
class NormMode:
    """Values of the draft ``NORM_MODE`` socket option (module level: ``NORM_*``)."""

    FIXED = 0
    CC = 1
    CCL = 2
    CCE = 3
    CCE_ECNONLY = 4


@_enum(IntFlag)
class ReconnectStop:
    """Bits of the draft ``RECONNECT_STOP`` socket option.

    Module level: ``RECONNECT_STOP_*``.  ``AFTER_DISCONNECT`` is 4, its value
    since libzmq 4.3.5; the 4.3.4 draft header had 3.
    """

    CONN_REFUSED = 1
    HANDSHAKE_FAILED = 2
    AFTER_DISCONNECT = 4


@_enum(IntFlag)
class RouterNotify:
    """Bits of the draft ``ROUTER_NOTIFY`` socket option (module level: ``NOTIFY_*``)."""

    CONNECT = 1
    DISCONNECT = 2


# Plain numbers from zmq.h that are not a family of codes: defaults, limits and
# the values of GSSAPI_[SERVICE_]PRINCIPAL_NAMETYPE.  Exported as plain ints.
_PLAIN_CONSTANTS: dict[str, int] = {
    "IO_THREADS_DFLT": 1,
    "MAX_SOCKETS_DFLT": 1023,
    "THREAD_PRIORITY_DFLT": -1,
    "THREAD_SCHED_POLICY_DFLT": -1,
    "POLLITEMS_DFLT": 16,
    "GROUP_MAX_LENGTH": 255,
    "GSSAPI_NT_HOSTBASED": 0,
    "GSSAPI_NT_USER_NAME": 1,
    "GSSAPI_NT_KRB5_PRINCIPAL": 2,
}

# The enums whose members are exported at module level, in export order.  Two
# enums exporting one name with different values is an error at import.
_EXPORTED_ENUMS: tuple[type[IntEnum | IntFlag], ...] = (
    SocketType,
    SocketOption,
    ContextOption,
    MessageOption,
    Flag,
    PollEvent,
    Event,
    SecurityMechanism,
    DeviceType,
    NormMode,
    ReconnectStop,
    RouterNotify,
    Errno,
)

# Module-level prefix for enums whose member names would be ambiguous alone.
_PREFIXES: dict[type[Enum], str] = {
    Event: "EVENT_",
    NormMode: "NORM_",
    ReconnectStop: "RECONNECT_STOP_",
    RouterNotify: "NOTIFY_",
}


def _global_name(enum_cls: type[Enum], member_name: str) -> str:
    """The module-level name of ``enum_cls.<member_name>``."""
    if member_name.startswith("PROTOCOL_ERROR_"):
        return member_name
    return _PREFIXES.get(enum_cls, "") + member_name


__all__: list[str] = []


def _export() -> None:
    """Bind each enum member and plain constant to a module-level name.

    Every name bound here is appended to ``__all__``.
    """
    namespace = globals()
    exported: dict[str, object] = {}
    for enum_cls in _EXPORTED_ENUMS:
        exported[enum_cls.__name__] = enum_cls
        for member_name, member in enum_cls.__members__.items():
            name = _global_name(enum_cls, member_name)
            if name in exported:
                if exported[name] != member:
                    raise RuntimeError(f"zmq.{name} would have two values")
                continue
            namespace[name] = exported[name] = member
    for name, value in _PLAIN_CONSTANTS.items():
        if name in exported:
            raise RuntimeError(f"zmq.{name} is defined twice")
        namespace[name] = exported[name] = value
    __all__.extend(exported)


_export()
