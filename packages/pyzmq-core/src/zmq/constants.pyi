# Generated from constants.py by tools/gen_constants_stub.py. Do not edit:
# change constants.py and rerun the generator.
#
# Besides the enums and the module-level names (each typed as the literal member it is bound to,
# so that ``sock.get(zmq.LINGER)`` can be typed by the option's kind), the stub declares private
# names that exist only for type checkers (import them under ``if TYPE_CHECKING:``): the socket
# options grouped by the type of their value, and the options as attributes of sockets and
# contexts.

from enum import Enum, IntEnum, IntFlag
from typing import Final, Literal

__all__ = [
    "AFFINITY",
    "BACKLOG",
    "BINDTODEVICE",
    "BLOCKY",
    "BUSY_POLL",
    "CHANNEL",
    "CLIENT",
    "CONFLATE",
    "CONNECT_RID",
    "CONNECT_ROUTING_ID",
    "CONNECT_TIMEOUT",
    "CURVE",
    "CURVE_PUBLICKEY",
    "CURVE_SECRETKEY",
    "CURVE_SERVER",
    "CURVE_SERVERKEY",
    "DEALER",
    "DELAY_ATTACH_ON_CONNECT",
    "DGRAM",
    "DISCONNECT_MSG",
    "DISH",
    "DONTWAIT",
    "DOWNSTREAM",
    "EADDRINUSE",
    "EADDRNOTAVAIL",
    "EAFNOSUPPORT",
    "EAGAIN",
    "ECONNABORTED",
    "ECONNREFUSED",
    "ECONNRESET",
    "EFAULT",
    "EFSM",
    "EHOSTUNREACH",
    "EINPROGRESS",
    "EINTR",
    "EINVAL",
    "EMSGSIZE",
    "EMTHREAD",
    "ENETDOWN",
    "ENETRESET",
    "ENETUNREACH",
    "ENOBUFS",
    "ENOCOMPATPROTO",
    "ENODEV",
    "ENOMEM",
    "ENOTCONN",
    "ENOTSOCK",
    "ENOTSUP",
    "EPROTONOSUPPORT",
    "ETERM",
    "ETIMEDOUT",
    "EVENTS",
    "EVENT_ACCEPTED",
    "EVENT_ACCEPT_FAILED",
    "EVENT_ALL",
    "EVENT_ALL_V1",
    "EVENT_ALL_V2",
    "EVENT_BIND_FAILED",
    "EVENT_CLOSED",
    "EVENT_CLOSE_FAILED",
    "EVENT_CONNECTED",
    "EVENT_CONNECT_DELAYED",
    "EVENT_CONNECT_RETRIED",
    "EVENT_DISCONNECTED",
    "EVENT_HANDSHAKE_FAILED_AUTH",
    "EVENT_HANDSHAKE_FAILED_NO_DETAIL",
    "EVENT_HANDSHAKE_FAILED_PROTOCOL",
    "EVENT_HANDSHAKE_SUCCEEDED",
    "EVENT_LISTENING",
    "EVENT_MONITOR_STOPPED",
    "EVENT_PIPES_STATS",
    "FAIL_UNROUTABLE",
    "FD",
    "FORWARDER",
    "GATHER",
    "GROUP_MAX_LENGTH",
    "GSSAPI",
    "GSSAPI_NT_HOSTBASED",
    "GSSAPI_NT_KRB5_PRINCIPAL",
    "GSSAPI_NT_USER_NAME",
    "GSSAPI_PLAINTEXT",
    "GSSAPI_PRINCIPAL",
    "GSSAPI_PRINCIPAL_NAMETYPE",
    "GSSAPI_SERVER",
    "GSSAPI_SERVICE_PRINCIPAL",
    "GSSAPI_SERVICE_PRINCIPAL_NAMETYPE",
    "HANDSHAKE_IVL",
    "HEARTBEAT_IVL",
    "HEARTBEAT_TIMEOUT",
    "HEARTBEAT_TTL",
    "HELLO_MSG",
    "HICCUP_MSG",
    "HWM",
    "IDENTITY",
    "IMMEDIATE",
    "INVERT_MATCHING",
    "IN_BATCH_SIZE",
    "IO_THREADS",
    "IO_THREADS_DFLT",
    "IPC_FILTER_GID",
    "IPC_FILTER_PID",
    "IPC_FILTER_UID",
    "IPV4ONLY",
    "IPV6",
    "LAST_ENDPOINT",
    "LINGER",
    "LOOPBACK_FASTPATH",
    "MAXMSGSIZE",
    "MAX_MSGSZ",
    "MAX_SOCKETS",
    "MAX_SOCKETS_DFLT",
    "MECHANISM",
    "METADATA",
    "MORE",
    "MSG_T_SIZE",
    "MULTICAST_HOPS",
    "MULTICAST_LOOP",
    "MULTICAST_MAXTPDU",
    "NOBLOCK",
    "NORM_BLOCK_SIZE",
    "NORM_BUFFER_SIZE",
    "NORM_CC",
    "NORM_CCE",
    "NORM_CCE_ECNONLY",
    "NORM_CCL",
    "NORM_FIXED",
    "NORM_MODE",
    "NORM_NUM_AUTOPARITY",
    "NORM_NUM_PARITY",
    "NORM_PUSH",
    "NORM_SEGMENT_SIZE",
    "NORM_UNICAST_NACK",
    "NOTIFY_CONNECT",
    "NOTIFY_DISCONNECT",
    "NULL",
    "ONLY_FIRST_SUBSCRIBE",
    "OUT_BATCH_SIZE",
    "PAIR",
    "PEER",
    "PLAIN",
    "PLAIN_PASSWORD",
    "PLAIN_SERVER",
    "PLAIN_USERNAME",
    "POLLERR",
    "POLLIN",
    "POLLITEMS_DFLT",
    "POLLOUT",
    "POLLPRI",
    "PRIORITY",
    "PROBE_ROUTER",
    "PROTOCOL_ERROR_WS_UNSPECIFIED",
    "PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID",
    "PROTOCOL_ERROR_ZAP_BAD_VERSION",
    "PROTOCOL_ERROR_ZAP_INVALID_METADATA",
    "PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE",
    "PROTOCOL_ERROR_ZAP_MALFORMED_REPLY",
    "PROTOCOL_ERROR_ZAP_UNSPECIFIED",
    "PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC",
    "PROTOCOL_ERROR_ZMTP_INVALID_METADATA",
    "PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE",
    "PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE",
    "PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR",
    "PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO",
    "PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE",
    "PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE",
    "PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY",
    "PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED",
    "PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME",
    "PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH",
    "PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND",
    "PROTOCOL_ERROR_ZMTP_UNSPECIFIED",
    "PUB",
    "PULL",
    "PUSH",
    "QUEUE",
    "RADIO",
    "RATE",
    "RCVBUF",
    "RCVHWM",
    "RCVMORE",
    "RCVTIMEO",
    "RECONNECT_IVL",
    "RECONNECT_IVL_MAX",
    "RECONNECT_STOP",
    "RECONNECT_STOP_AFTER_DISCONNECT",
    "RECONNECT_STOP_CONN_REFUSED",
    "RECONNECT_STOP_HANDSHAKE_FAILED",
    "RECOVERY_IVL",
    "REP",
    "REQ",
    "REQ_CORRELATE",
    "REQ_RELAXED",
    "ROUTER",
    "ROUTER_BEHAVIOR",
    "ROUTER_HANDOVER",
    "ROUTER_MANDATORY",
    "ROUTER_NOTIFY",
    "ROUTER_RAW",
    "ROUTING_ID",
    "SCATTER",
    "SERVER",
    "SHARED",
    "SNDBUF",
    "SNDHWM",
    "SNDMORE",
    "SNDTIMEO",
    "SOCKET_LIMIT",
    "SOCKS_PASSWORD",
    "SOCKS_PROXY",
    "SOCKS_USERNAME",
    "SRCFD",
    "STREAM",
    "STREAMER",
    "STREAM_NOTIFY",
    "SUB",
    "SUBSCRIBE",
    "TCP_ACCEPT_FILTER",
    "TCP_KEEPALIVE",
    "TCP_KEEPALIVE_CNT",
    "TCP_KEEPALIVE_IDLE",
    "TCP_KEEPALIVE_INTVL",
    "TCP_MAXRT",
    "THREAD_AFFINITY_CPU_ADD",
    "THREAD_AFFINITY_CPU_REMOVE",
    "THREAD_NAME_PREFIX",
    "THREAD_PRIORITY",
    "THREAD_PRIORITY_DFLT",
    "THREAD_SAFE",
    "THREAD_SCHED_POLICY",
    "THREAD_SCHED_POLICY_DFLT",
    "TOPICS_COUNT",
    "TOS",
    "TYPE",
    "UNSUBSCRIBE",
    "UPSTREAM",
    "USE_FD",
    "VMCI_BUFFER_MAX_SIZE",
    "VMCI_BUFFER_MIN_SIZE",
    "VMCI_BUFFER_SIZE",
    "VMCI_CONNECT_TIMEOUT",
    "WSS_CERT_PEM",
    "WSS_HOSTNAME",
    "WSS_KEY_PEM",
    "WSS_TRUST_PEM",
    "WSS_TRUST_SYSTEM",
    "XPUB",
    "XPUB_MANUAL",
    "XPUB_MANUAL_LAST_VALUE",
    "XPUB_NODROP",
    "XPUB_VERBOSE",
    "XPUB_VERBOSER",
    "XPUB_WELCOME_MSG",
    "XREP",
    "XREQ",
    "XSUB",
    "XSUB_VERBOSE_UNSUBSCRIBE",
    "ZAP_DOMAIN",
    "ZAP_ENFORCE_DOMAIN",
    "ZERO_COPY_RECV",
    "ContextOption",
    "DeviceType",
    "Errno",
    "Event",
    "Flag",
    "MessageOption",
    "NormMode",
    "PollEvent",
    "ReconnectStop",
    "RouterNotify",
    "SecurityMechanism",
    "SocketOption",
    "SocketType",
]

class Errno(IntEnum):
    EINTR = ...
    EAGAIN = ...
    ENOMEM = ...
    EFAULT = ...
    ENODEV = ...
    EINVAL = ...
    ENOTSUP = ...
    EPROTONOSUPPORT = ...
    ENOBUFS = ...
    ENETDOWN = ...
    EADDRINUSE = ...
    EADDRNOTAVAIL = ...
    ECONNREFUSED = ...
    EINPROGRESS = ...
    ENOTSOCK = ...
    EMSGSIZE = ...
    EAFNOSUPPORT = ...
    ENETUNREACH = ...
    ECONNABORTED = ...
    ECONNRESET = ...
    ENOTCONN = ...
    ETIMEDOUT = ...
    EHOSTUNREACH = ...
    ENETRESET = ...
    EFSM = ...
    ENOCOMPATPROTO = ...
    ETERM = ...
    EMTHREAD = ...

class SocketType(IntEnum):
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
    SERVER = 12
    CLIENT = 13
    RADIO = 14
    DISH = 15
    GATHER = 16
    SCATTER = 17
    DGRAM = 18
    PEER = 19
    CHANNEL = 20
    XREQ = 5
    XREP = 6
    UPSTREAM = 7
    DOWNSTREAM = 8

class _OptType(Enum):
    int = "int"
    int64 = "int64"
    bytes = "bytes"
    fd = "fd"

class SocketOption(IntEnum):
    @property
    def _opt_type(self) -> _OptType: ...
    HWM = 1
    AFFINITY = 4
    ROUTING_ID = 5
    SUBSCRIBE = 6
    UNSUBSCRIBE = 7
    RATE = 8
    RECOVERY_IVL = 9
    SNDBUF = 11
    RCVBUF = 12
    RCVMORE = 13
    FD = 14
    EVENTS = 15
    TYPE = 16
    LINGER = 17
    RECONNECT_IVL = 18
    BACKLOG = 19
    RECONNECT_IVL_MAX = 21
    MAXMSGSIZE = 22
    SNDHWM = 23
    RCVHWM = 24
    MULTICAST_HOPS = 25
    RCVTIMEO = 27
    SNDTIMEO = 28
    IPV4ONLY = 31
    LAST_ENDPOINT = 32
    ROUTER_MANDATORY = 33
    TCP_KEEPALIVE = 34
    TCP_KEEPALIVE_CNT = 35
    TCP_KEEPALIVE_IDLE = 36
    TCP_KEEPALIVE_INTVL = 37
    TCP_ACCEPT_FILTER = 38
    IMMEDIATE = 39
    XPUB_VERBOSE = 40
    ROUTER_RAW = 41
    IPV6 = 42
    MECHANISM = 43
    PLAIN_SERVER = 44
    PLAIN_USERNAME = 45
    PLAIN_PASSWORD = 46
    CURVE_SERVER = 47
    CURVE_PUBLICKEY = 48
    CURVE_SECRETKEY = 49
    CURVE_SERVERKEY = 50
    PROBE_ROUTER = 51
    REQ_CORRELATE = 52
    REQ_RELAXED = 53
    CONFLATE = 54
    ZAP_DOMAIN = 55
    ROUTER_HANDOVER = 56
    TOS = 57
    IPC_FILTER_PID = 58
    IPC_FILTER_UID = 59
    IPC_FILTER_GID = 60
    CONNECT_ROUTING_ID = 61
    GSSAPI_SERVER = 62
    GSSAPI_PRINCIPAL = 63
    GSSAPI_SERVICE_PRINCIPAL = 64
    GSSAPI_PLAINTEXT = 65
    HANDSHAKE_IVL = 66
    SOCKS_PROXY = 68
    XPUB_NODROP = 69
    BLOCKY = 70
    XPUB_MANUAL = 71
    XPUB_WELCOME_MSG = 72
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
    VMCI_BUFFER_SIZE = 85
    VMCI_BUFFER_MIN_SIZE = 86
    VMCI_BUFFER_MAX_SIZE = 87
    VMCI_CONNECT_TIMEOUT = 88
    USE_FD = 89
    GSSAPI_PRINCIPAL_NAMETYPE = 90
    GSSAPI_SERVICE_PRINCIPAL_NAMETYPE = 91
    BINDTODEVICE = 92
    ZAP_ENFORCE_DOMAIN = 93
    LOOPBACK_FASTPATH = 94
    METADATA = 95
    MULTICAST_LOOP = 96
    ROUTER_NOTIFY = 97
    XPUB_MANUAL_LAST_VALUE = 98
    SOCKS_USERNAME = 99
    SOCKS_PASSWORD = 100
    IN_BATCH_SIZE = 101
    OUT_BATCH_SIZE = 102
    WSS_KEY_PEM = 103
    WSS_CERT_PEM = 104
    WSS_TRUST_PEM = 105
    WSS_HOSTNAME = 106
    WSS_TRUST_SYSTEM = 107
    ONLY_FIRST_SUBSCRIBE = 108
    RECONNECT_STOP = 109
    HELLO_MSG = 110
    DISCONNECT_MSG = 111
    PRIORITY = 112
    BUSY_POLL = 113
    HICCUP_MSG = 114
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
    IDENTITY = 5
    CONNECT_RID = 61
    DELAY_ATTACH_ON_CONNECT = 39
    FAIL_UNROUTABLE = 33
    ROUTER_BEHAVIOR = 33

class ContextOption(IntEnum):
    IO_THREADS = 1
    MAX_SOCKETS = 2
    SOCKET_LIMIT = 3
    THREAD_PRIORITY = 3
    THREAD_SCHED_POLICY = 4
    MAX_MSGSZ = 5
    MSG_T_SIZE = 6
    THREAD_AFFINITY_CPU_ADD = 7
    THREAD_AFFINITY_CPU_REMOVE = 8
    THREAD_NAME_PREFIX = 9
    ZERO_COPY_RECV = 10

class MessageOption(IntEnum):
    MORE = 1
    SRCFD = 2
    SHARED = 3

class Flag(IntFlag):
    DONTWAIT = 1
    SNDMORE = 2
    NOBLOCK = 1

class PollEvent(IntFlag):
    POLLIN = 1
    POLLOUT = 2
    POLLERR = 4
    POLLPRI = 8

class Event(IntFlag):
    CONNECTED = 1
    CONNECT_DELAYED = 2
    CONNECT_RETRIED = 4
    LISTENING = 8
    BIND_FAILED = 16
    ACCEPTED = 32
    ACCEPT_FAILED = 64
    CLOSED = 128
    CLOSE_FAILED = 256
    DISCONNECTED = 512
    MONITOR_STOPPED = 1024
    HANDSHAKE_FAILED_NO_DETAIL = 2048
    HANDSHAKE_SUCCEEDED = 4096
    HANDSHAKE_FAILED_PROTOCOL = 8192
    HANDSHAKE_FAILED_AUTH = 16384
    ALL_V1 = 65535
    ALL = 65535
    PIPES_STATS = 65536
    ALL_V2 = 131071
    PROTOCOL_ERROR_ZMTP_UNSPECIFIED = 268435456
    PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND = 268435457
    PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE = 268435458
    PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE = 268435459
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED = 268435473
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE = 268435474
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO = 268435475
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE = 268435476
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR = 268435477
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY = 268435478
    PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME = 268435479
    PROTOCOL_ERROR_ZMTP_INVALID_METADATA = 268435480
    PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC = 285212673
    PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH = 285212674
    PROTOCOL_ERROR_ZAP_UNSPECIFIED = 536870912
    PROTOCOL_ERROR_ZAP_MALFORMED_REPLY = 536870913
    PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID = 536870914
    PROTOCOL_ERROR_ZAP_BAD_VERSION = 536870915
    PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE = 536870916
    PROTOCOL_ERROR_ZAP_INVALID_METADATA = 536870917
    PROTOCOL_ERROR_WS_UNSPECIFIED = 805306368

class SecurityMechanism(IntEnum):
    NULL = 0
    PLAIN = 1
    CURVE = 2
    GSSAPI = 3

class DeviceType(IntEnum):
    STREAMER = 1
    FORWARDER = 2
    QUEUE = 3

class NormMode(IntEnum):
    FIXED = 0
    CC = 1
    CCL = 2
    CCE = 3
    CCE_ECNONLY = 4

class ReconnectStop(IntFlag):
    CONN_REFUSED = 1
    HANDSHAKE_FAILED = 2
    AFTER_DISCONNECT = 4

class RouterNotify(IntFlag):
    CONNECT = 1
    DISCONNECT = 2

PAIR: Final = SocketType.PAIR
PUB: Final = SocketType.PUB
SUB: Final = SocketType.SUB
REQ: Final = SocketType.REQ
REP: Final = SocketType.REP
DEALER: Final = SocketType.DEALER
ROUTER: Final = SocketType.ROUTER
PULL: Final = SocketType.PULL
PUSH: Final = SocketType.PUSH
XPUB: Final = SocketType.XPUB
XSUB: Final = SocketType.XSUB
STREAM: Final = SocketType.STREAM
SERVER: Final = SocketType.SERVER
CLIENT: Final = SocketType.CLIENT
RADIO: Final = SocketType.RADIO
DISH: Final = SocketType.DISH
GATHER: Final = SocketType.GATHER
SCATTER: Final = SocketType.SCATTER
DGRAM: Final = SocketType.DGRAM
PEER: Final = SocketType.PEER
CHANNEL: Final = SocketType.CHANNEL
XREQ: Final = SocketType.DEALER
XREP: Final = SocketType.ROUTER
UPSTREAM: Final = SocketType.PULL
DOWNSTREAM: Final = SocketType.PUSH
HWM: Final = SocketOption.HWM
AFFINITY: Final = SocketOption.AFFINITY
ROUTING_ID: Final = SocketOption.ROUTING_ID
SUBSCRIBE: Final = SocketOption.SUBSCRIBE
UNSUBSCRIBE: Final = SocketOption.UNSUBSCRIBE
RATE: Final = SocketOption.RATE
RECOVERY_IVL: Final = SocketOption.RECOVERY_IVL
SNDBUF: Final = SocketOption.SNDBUF
RCVBUF: Final = SocketOption.RCVBUF
RCVMORE: Final = SocketOption.RCVMORE
FD: Final = SocketOption.FD
EVENTS: Final = SocketOption.EVENTS
TYPE: Final = SocketOption.TYPE
LINGER: Final = SocketOption.LINGER
RECONNECT_IVL: Final = SocketOption.RECONNECT_IVL
BACKLOG: Final = SocketOption.BACKLOG
RECONNECT_IVL_MAX: Final = SocketOption.RECONNECT_IVL_MAX
MAXMSGSIZE: Final = SocketOption.MAXMSGSIZE
SNDHWM: Final = SocketOption.SNDHWM
RCVHWM: Final = SocketOption.RCVHWM
MULTICAST_HOPS: Final = SocketOption.MULTICAST_HOPS
RCVTIMEO: Final = SocketOption.RCVTIMEO
SNDTIMEO: Final = SocketOption.SNDTIMEO
IPV4ONLY: Final = SocketOption.IPV4ONLY
LAST_ENDPOINT: Final = SocketOption.LAST_ENDPOINT
ROUTER_MANDATORY: Final = SocketOption.ROUTER_MANDATORY
TCP_KEEPALIVE: Final = SocketOption.TCP_KEEPALIVE
TCP_KEEPALIVE_CNT: Final = SocketOption.TCP_KEEPALIVE_CNT
TCP_KEEPALIVE_IDLE: Final = SocketOption.TCP_KEEPALIVE_IDLE
TCP_KEEPALIVE_INTVL: Final = SocketOption.TCP_KEEPALIVE_INTVL
TCP_ACCEPT_FILTER: Final = SocketOption.TCP_ACCEPT_FILTER
IMMEDIATE: Final = SocketOption.IMMEDIATE
XPUB_VERBOSE: Final = SocketOption.XPUB_VERBOSE
ROUTER_RAW: Final = SocketOption.ROUTER_RAW
IPV6: Final = SocketOption.IPV6
MECHANISM: Final = SocketOption.MECHANISM
PLAIN_SERVER: Final = SocketOption.PLAIN_SERVER
PLAIN_USERNAME: Final = SocketOption.PLAIN_USERNAME
PLAIN_PASSWORD: Final = SocketOption.PLAIN_PASSWORD
CURVE_SERVER: Final = SocketOption.CURVE_SERVER
CURVE_PUBLICKEY: Final = SocketOption.CURVE_PUBLICKEY
CURVE_SECRETKEY: Final = SocketOption.CURVE_SECRETKEY
CURVE_SERVERKEY: Final = SocketOption.CURVE_SERVERKEY
PROBE_ROUTER: Final = SocketOption.PROBE_ROUTER
REQ_CORRELATE: Final = SocketOption.REQ_CORRELATE
REQ_RELAXED: Final = SocketOption.REQ_RELAXED
CONFLATE: Final = SocketOption.CONFLATE
ZAP_DOMAIN: Final = SocketOption.ZAP_DOMAIN
ROUTER_HANDOVER: Final = SocketOption.ROUTER_HANDOVER
TOS: Final = SocketOption.TOS
IPC_FILTER_PID: Final = SocketOption.IPC_FILTER_PID
IPC_FILTER_UID: Final = SocketOption.IPC_FILTER_UID
IPC_FILTER_GID: Final = SocketOption.IPC_FILTER_GID
CONNECT_ROUTING_ID: Final = SocketOption.CONNECT_ROUTING_ID
GSSAPI_SERVER: Final = SocketOption.GSSAPI_SERVER
GSSAPI_PRINCIPAL: Final = SocketOption.GSSAPI_PRINCIPAL
GSSAPI_SERVICE_PRINCIPAL: Final = SocketOption.GSSAPI_SERVICE_PRINCIPAL
GSSAPI_PLAINTEXT: Final = SocketOption.GSSAPI_PLAINTEXT
HANDSHAKE_IVL: Final = SocketOption.HANDSHAKE_IVL
SOCKS_PROXY: Final = SocketOption.SOCKS_PROXY
XPUB_NODROP: Final = SocketOption.XPUB_NODROP
BLOCKY: Final = SocketOption.BLOCKY
XPUB_MANUAL: Final = SocketOption.XPUB_MANUAL
XPUB_WELCOME_MSG: Final = SocketOption.XPUB_WELCOME_MSG
STREAM_NOTIFY: Final = SocketOption.STREAM_NOTIFY
INVERT_MATCHING: Final = SocketOption.INVERT_MATCHING
HEARTBEAT_IVL: Final = SocketOption.HEARTBEAT_IVL
HEARTBEAT_TTL: Final = SocketOption.HEARTBEAT_TTL
HEARTBEAT_TIMEOUT: Final = SocketOption.HEARTBEAT_TIMEOUT
XPUB_VERBOSER: Final = SocketOption.XPUB_VERBOSER
CONNECT_TIMEOUT: Final = SocketOption.CONNECT_TIMEOUT
TCP_MAXRT: Final = SocketOption.TCP_MAXRT
THREAD_SAFE: Final = SocketOption.THREAD_SAFE
MULTICAST_MAXTPDU: Final = SocketOption.MULTICAST_MAXTPDU
VMCI_BUFFER_SIZE: Final = SocketOption.VMCI_BUFFER_SIZE
VMCI_BUFFER_MIN_SIZE: Final = SocketOption.VMCI_BUFFER_MIN_SIZE
VMCI_BUFFER_MAX_SIZE: Final = SocketOption.VMCI_BUFFER_MAX_SIZE
VMCI_CONNECT_TIMEOUT: Final = SocketOption.VMCI_CONNECT_TIMEOUT
USE_FD: Final = SocketOption.USE_FD
GSSAPI_PRINCIPAL_NAMETYPE: Final = SocketOption.GSSAPI_PRINCIPAL_NAMETYPE
GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: Final = SocketOption.GSSAPI_SERVICE_PRINCIPAL_NAMETYPE
BINDTODEVICE: Final = SocketOption.BINDTODEVICE
ZAP_ENFORCE_DOMAIN: Final = SocketOption.ZAP_ENFORCE_DOMAIN
LOOPBACK_FASTPATH: Final = SocketOption.LOOPBACK_FASTPATH
METADATA: Final = SocketOption.METADATA
MULTICAST_LOOP: Final = SocketOption.MULTICAST_LOOP
ROUTER_NOTIFY: Final = SocketOption.ROUTER_NOTIFY
XPUB_MANUAL_LAST_VALUE: Final = SocketOption.XPUB_MANUAL_LAST_VALUE
SOCKS_USERNAME: Final = SocketOption.SOCKS_USERNAME
SOCKS_PASSWORD: Final = SocketOption.SOCKS_PASSWORD
IN_BATCH_SIZE: Final = SocketOption.IN_BATCH_SIZE
OUT_BATCH_SIZE: Final = SocketOption.OUT_BATCH_SIZE
WSS_KEY_PEM: Final = SocketOption.WSS_KEY_PEM
WSS_CERT_PEM: Final = SocketOption.WSS_CERT_PEM
WSS_TRUST_PEM: Final = SocketOption.WSS_TRUST_PEM
WSS_HOSTNAME: Final = SocketOption.WSS_HOSTNAME
WSS_TRUST_SYSTEM: Final = SocketOption.WSS_TRUST_SYSTEM
ONLY_FIRST_SUBSCRIBE: Final = SocketOption.ONLY_FIRST_SUBSCRIBE
RECONNECT_STOP: Final = SocketOption.RECONNECT_STOP
HELLO_MSG: Final = SocketOption.HELLO_MSG
DISCONNECT_MSG: Final = SocketOption.DISCONNECT_MSG
PRIORITY: Final = SocketOption.PRIORITY
BUSY_POLL: Final = SocketOption.BUSY_POLL
HICCUP_MSG: Final = SocketOption.HICCUP_MSG
XSUB_VERBOSE_UNSUBSCRIBE: Final = SocketOption.XSUB_VERBOSE_UNSUBSCRIBE
TOPICS_COUNT: Final = SocketOption.TOPICS_COUNT
NORM_MODE: Final = SocketOption.NORM_MODE
NORM_UNICAST_NACK: Final = SocketOption.NORM_UNICAST_NACK
NORM_BUFFER_SIZE: Final = SocketOption.NORM_BUFFER_SIZE
NORM_SEGMENT_SIZE: Final = SocketOption.NORM_SEGMENT_SIZE
NORM_BLOCK_SIZE: Final = SocketOption.NORM_BLOCK_SIZE
NORM_NUM_PARITY: Final = SocketOption.NORM_NUM_PARITY
NORM_NUM_AUTOPARITY: Final = SocketOption.NORM_NUM_AUTOPARITY
NORM_PUSH: Final = SocketOption.NORM_PUSH
IDENTITY: Final = SocketOption.ROUTING_ID
CONNECT_RID: Final = SocketOption.CONNECT_ROUTING_ID
DELAY_ATTACH_ON_CONNECT: Final = SocketOption.IMMEDIATE
FAIL_UNROUTABLE: Final = SocketOption.ROUTER_MANDATORY
ROUTER_BEHAVIOR: Final = SocketOption.ROUTER_MANDATORY
IO_THREADS: Final = ContextOption.IO_THREADS
MAX_SOCKETS: Final = ContextOption.MAX_SOCKETS
SOCKET_LIMIT: Final = ContextOption.SOCKET_LIMIT
THREAD_PRIORITY: Final = ContextOption.SOCKET_LIMIT
THREAD_SCHED_POLICY: Final = ContextOption.THREAD_SCHED_POLICY
MAX_MSGSZ: Final = ContextOption.MAX_MSGSZ
MSG_T_SIZE: Final = ContextOption.MSG_T_SIZE
THREAD_AFFINITY_CPU_ADD: Final = ContextOption.THREAD_AFFINITY_CPU_ADD
THREAD_AFFINITY_CPU_REMOVE: Final = ContextOption.THREAD_AFFINITY_CPU_REMOVE
THREAD_NAME_PREFIX: Final = ContextOption.THREAD_NAME_PREFIX
ZERO_COPY_RECV: Final = ContextOption.ZERO_COPY_RECV
MORE: Final = MessageOption.MORE
SRCFD: Final = MessageOption.SRCFD
SHARED: Final = MessageOption.SHARED
DONTWAIT: Final = Flag.DONTWAIT
SNDMORE: Final = Flag.SNDMORE
NOBLOCK: Final = Flag.DONTWAIT
POLLIN: Final = PollEvent.POLLIN
POLLOUT: Final = PollEvent.POLLOUT
POLLERR: Final = PollEvent.POLLERR
POLLPRI: Final = PollEvent.POLLPRI
EVENT_CONNECTED: Final = Event.CONNECTED
EVENT_CONNECT_DELAYED: Final = Event.CONNECT_DELAYED
EVENT_CONNECT_RETRIED: Final = Event.CONNECT_RETRIED
EVENT_LISTENING: Final = Event.LISTENING
EVENT_BIND_FAILED: Final = Event.BIND_FAILED
EVENT_ACCEPTED: Final = Event.ACCEPTED
EVENT_ACCEPT_FAILED: Final = Event.ACCEPT_FAILED
EVENT_CLOSED: Final = Event.CLOSED
EVENT_CLOSE_FAILED: Final = Event.CLOSE_FAILED
EVENT_DISCONNECTED: Final = Event.DISCONNECTED
EVENT_MONITOR_STOPPED: Final = Event.MONITOR_STOPPED
EVENT_HANDSHAKE_FAILED_NO_DETAIL: Final = Event.HANDSHAKE_FAILED_NO_DETAIL
EVENT_HANDSHAKE_SUCCEEDED: Final = Event.HANDSHAKE_SUCCEEDED
EVENT_HANDSHAKE_FAILED_PROTOCOL: Final = Event.HANDSHAKE_FAILED_PROTOCOL
EVENT_HANDSHAKE_FAILED_AUTH: Final = Event.HANDSHAKE_FAILED_AUTH
EVENT_ALL_V1: Final = Event.ALL_V1
EVENT_ALL: Final = Event.ALL_V1
EVENT_PIPES_STATS: Final = Event.PIPES_STATS
EVENT_ALL_V2: Final = Event.ALL_V2
PROTOCOL_ERROR_ZMTP_UNSPECIFIED: Final = Event.PROTOCOL_ERROR_ZMTP_UNSPECIFIED
PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND: Final = Event.PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND
PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE: Final = Event.PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE
PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE: Final = Event.PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE
PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED: Final = (
    Event.PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED
)
PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE: Final = (
    Event.PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE
)
PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO: Final = (
    Event.PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO
)
PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE: Final = (
    Event.PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE
)
PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR: Final = (
    Event.PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR
)
PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY: Final = (
    Event.PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY
)
PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME: Final = (
    Event.PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME
)
PROTOCOL_ERROR_ZMTP_INVALID_METADATA: Final = Event.PROTOCOL_ERROR_ZMTP_INVALID_METADATA
PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC: Final = Event.PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC
PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH: Final = Event.PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH
PROTOCOL_ERROR_ZAP_UNSPECIFIED: Final = Event.PROTOCOL_ERROR_ZAP_UNSPECIFIED
PROTOCOL_ERROR_ZAP_MALFORMED_REPLY: Final = Event.PROTOCOL_ERROR_ZAP_MALFORMED_REPLY
PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID: Final = Event.PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID
PROTOCOL_ERROR_ZAP_BAD_VERSION: Final = Event.PROTOCOL_ERROR_ZAP_BAD_VERSION
PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE: Final = Event.PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE
PROTOCOL_ERROR_ZAP_INVALID_METADATA: Final = Event.PROTOCOL_ERROR_ZAP_INVALID_METADATA
PROTOCOL_ERROR_WS_UNSPECIFIED: Final = Event.PROTOCOL_ERROR_WS_UNSPECIFIED
NULL: Final = SecurityMechanism.NULL
PLAIN: Final = SecurityMechanism.PLAIN
CURVE: Final = SecurityMechanism.CURVE
GSSAPI: Final = SecurityMechanism.GSSAPI
STREAMER: Final = DeviceType.STREAMER
FORWARDER: Final = DeviceType.FORWARDER
QUEUE: Final = DeviceType.QUEUE
NORM_FIXED: Final = NormMode.FIXED
NORM_CC: Final = NormMode.CC
NORM_CCL: Final = NormMode.CCL
NORM_CCE: Final = NormMode.CCE
NORM_CCE_ECNONLY: Final = NormMode.CCE_ECNONLY
RECONNECT_STOP_CONN_REFUSED: Final = ReconnectStop.CONN_REFUSED
RECONNECT_STOP_HANDSHAKE_FAILED: Final = ReconnectStop.HANDSHAKE_FAILED
RECONNECT_STOP_AFTER_DISCONNECT: Final = ReconnectStop.AFTER_DISCONNECT
NOTIFY_CONNECT: Final = RouterNotify.CONNECT
NOTIFY_DISCONNECT: Final = RouterNotify.DISCONNECT
EINTR: Final = Errno.EINTR
EAGAIN: Final = Errno.EAGAIN
ENOMEM: Final = Errno.ENOMEM
EFAULT: Final = Errno.EFAULT
ENODEV: Final = Errno.ENODEV
EINVAL: Final = Errno.EINVAL
ENOTSUP: Final = Errno.ENOTSUP
EPROTONOSUPPORT: Final = Errno.EPROTONOSUPPORT
ENOBUFS: Final = Errno.ENOBUFS
ENETDOWN: Final = Errno.ENETDOWN
EADDRINUSE: Final = Errno.EADDRINUSE
EADDRNOTAVAIL: Final = Errno.EADDRNOTAVAIL
ECONNREFUSED: Final = Errno.ECONNREFUSED
EINPROGRESS: Final = Errno.EINPROGRESS
ENOTSOCK: Final = Errno.ENOTSOCK
EMSGSIZE: Final = Errno.EMSGSIZE
EAFNOSUPPORT: Final = Errno.EAFNOSUPPORT
ENETUNREACH: Final = Errno.ENETUNREACH
ECONNABORTED: Final = Errno.ECONNABORTED
ECONNRESET: Final = Errno.ECONNRESET
ENOTCONN: Final = Errno.ENOTCONN
ETIMEDOUT: Final = Errno.ETIMEDOUT
EHOSTUNREACH: Final = Errno.EHOSTUNREACH
ENETRESET: Final = Errno.ENETRESET
EFSM: Final = Errno.EFSM
ENOCOMPATPROTO: Final = Errno.ENOCOMPATPROTO
ETERM: Final = Errno.ETERM
EMTHREAD: Final = Errno.EMTHREAD
IO_THREADS_DFLT: int
MAX_SOCKETS_DFLT: int
THREAD_PRIORITY_DFLT: int
THREAD_SCHED_POLICY_DFLT: int
POLLITEMS_DFLT: int
GROUP_MAX_LENGTH: int
GSSAPI_NT_HOSTBASED: int
GSSAPI_NT_USER_NAME: int
GSSAPI_NT_KRB5_PRINCIPAL: int

# --- for type checkers only (not defined at run time)

# socket options whose value is int
_IntSocketOption = Literal[
    SocketOption.HWM,
    SocketOption.AFFINITY,
    SocketOption.RATE,
    SocketOption.RECOVERY_IVL,
    SocketOption.SNDBUF,
    SocketOption.RCVBUF,
    SocketOption.RCVMORE,
    SocketOption.FD,
    SocketOption.EVENTS,
    SocketOption.TYPE,
    SocketOption.LINGER,
    SocketOption.RECONNECT_IVL,
    SocketOption.BACKLOG,
    SocketOption.RECONNECT_IVL_MAX,
    SocketOption.MAXMSGSIZE,
    SocketOption.SNDHWM,
    SocketOption.RCVHWM,
    SocketOption.MULTICAST_HOPS,
    SocketOption.RCVTIMEO,
    SocketOption.SNDTIMEO,
    SocketOption.IPV4ONLY,
    SocketOption.ROUTER_MANDATORY,
    SocketOption.TCP_KEEPALIVE,
    SocketOption.TCP_KEEPALIVE_CNT,
    SocketOption.TCP_KEEPALIVE_IDLE,
    SocketOption.TCP_KEEPALIVE_INTVL,
    SocketOption.IMMEDIATE,
    SocketOption.XPUB_VERBOSE,
    SocketOption.ROUTER_RAW,
    SocketOption.IPV6,
    SocketOption.MECHANISM,
    SocketOption.PLAIN_SERVER,
    SocketOption.CURVE_SERVER,
    SocketOption.PROBE_ROUTER,
    SocketOption.REQ_CORRELATE,
    SocketOption.REQ_RELAXED,
    SocketOption.CONFLATE,
    SocketOption.ROUTER_HANDOVER,
    SocketOption.TOS,
    SocketOption.IPC_FILTER_PID,
    SocketOption.IPC_FILTER_UID,
    SocketOption.IPC_FILTER_GID,
    SocketOption.GSSAPI_SERVER,
    SocketOption.GSSAPI_PLAINTEXT,
    SocketOption.HANDSHAKE_IVL,
    SocketOption.XPUB_NODROP,
    SocketOption.BLOCKY,
    SocketOption.XPUB_MANUAL,
    SocketOption.STREAM_NOTIFY,
    SocketOption.INVERT_MATCHING,
    SocketOption.HEARTBEAT_IVL,
    SocketOption.HEARTBEAT_TTL,
    SocketOption.HEARTBEAT_TIMEOUT,
    SocketOption.XPUB_VERBOSER,
    SocketOption.CONNECT_TIMEOUT,
    SocketOption.TCP_MAXRT,
    SocketOption.THREAD_SAFE,
    SocketOption.MULTICAST_MAXTPDU,
    SocketOption.VMCI_BUFFER_SIZE,
    SocketOption.VMCI_BUFFER_MIN_SIZE,
    SocketOption.VMCI_BUFFER_MAX_SIZE,
    SocketOption.VMCI_CONNECT_TIMEOUT,
    SocketOption.USE_FD,
    SocketOption.GSSAPI_PRINCIPAL_NAMETYPE,
    SocketOption.GSSAPI_SERVICE_PRINCIPAL_NAMETYPE,
    SocketOption.ZAP_ENFORCE_DOMAIN,
    SocketOption.LOOPBACK_FASTPATH,
    SocketOption.MULTICAST_LOOP,
    SocketOption.ROUTER_NOTIFY,
    SocketOption.XPUB_MANUAL_LAST_VALUE,
    SocketOption.IN_BATCH_SIZE,
    SocketOption.OUT_BATCH_SIZE,
    SocketOption.WSS_TRUST_SYSTEM,
    SocketOption.ONLY_FIRST_SUBSCRIBE,
    SocketOption.RECONNECT_STOP,
    SocketOption.PRIORITY,
    SocketOption.BUSY_POLL,
    SocketOption.XSUB_VERBOSE_UNSUBSCRIBE,
    SocketOption.TOPICS_COUNT,
    SocketOption.NORM_MODE,
    SocketOption.NORM_UNICAST_NACK,
    SocketOption.NORM_BUFFER_SIZE,
    SocketOption.NORM_SEGMENT_SIZE,
    SocketOption.NORM_BLOCK_SIZE,
    SocketOption.NORM_NUM_PARITY,
    SocketOption.NORM_NUM_AUTOPARITY,
    SocketOption.NORM_PUSH,
    SocketOption.DELAY_ATTACH_ON_CONNECT,
    SocketOption.FAIL_UNROUTABLE,
    SocketOption.ROUTER_BEHAVIOR,
]

# socket options whose value is bytes
_BytesSocketOption = Literal[
    SocketOption.ROUTING_ID,
    SocketOption.SUBSCRIBE,
    SocketOption.UNSUBSCRIBE,
    SocketOption.LAST_ENDPOINT,
    SocketOption.TCP_ACCEPT_FILTER,
    SocketOption.PLAIN_USERNAME,
    SocketOption.PLAIN_PASSWORD,
    SocketOption.CURVE_PUBLICKEY,
    SocketOption.CURVE_SECRETKEY,
    SocketOption.CURVE_SERVERKEY,
    SocketOption.ZAP_DOMAIN,
    SocketOption.CONNECT_ROUTING_ID,
    SocketOption.GSSAPI_PRINCIPAL,
    SocketOption.GSSAPI_SERVICE_PRINCIPAL,
    SocketOption.SOCKS_PROXY,
    SocketOption.XPUB_WELCOME_MSG,
    SocketOption.BINDTODEVICE,
    SocketOption.METADATA,
    SocketOption.SOCKS_USERNAME,
    SocketOption.SOCKS_PASSWORD,
    SocketOption.WSS_KEY_PEM,
    SocketOption.WSS_CERT_PEM,
    SocketOption.WSS_TRUST_PEM,
    SocketOption.WSS_HOSTNAME,
    SocketOption.HELLO_MSG,
    SocketOption.DISCONNECT_MSG,
    SocketOption.HICCUP_MSG,
    SocketOption.IDENTITY,
    SocketOption.CONNECT_RID,
]

class _OptionAttributes:
    """Options as attributes of Socket and Context (but names Socket defines)."""

    affinity: int
    routing_id: bytes
    rate: int
    recovery_ivl: int
    sndbuf: int
    rcvbuf: int
    rcvmore: int
    fd: int
    events: int
    linger: int
    reconnect_ivl: int
    backlog: int
    reconnect_ivl_max: int
    maxmsgsize: int
    sndhwm: int
    rcvhwm: int
    multicast_hops: int
    rcvtimeo: int
    sndtimeo: int
    ipv4only: int
    last_endpoint: bytes
    router_mandatory: int
    tcp_keepalive: int
    tcp_keepalive_cnt: int
    tcp_keepalive_idle: int
    tcp_keepalive_intvl: int
    tcp_accept_filter: bytes
    immediate: int
    xpub_verbose: int
    router_raw: int
    ipv6: int
    mechanism: int
    plain_server: int
    plain_username: bytes
    plain_password: bytes
    curve_server: int
    curve_publickey: bytes
    curve_secretkey: bytes
    curve_serverkey: bytes
    probe_router: int
    req_correlate: int
    req_relaxed: int
    conflate: int
    zap_domain: bytes
    router_handover: int
    tos: int
    ipc_filter_pid: int
    ipc_filter_uid: int
    ipc_filter_gid: int
    connect_routing_id: bytes
    gssapi_server: int
    gssapi_principal: bytes
    gssapi_service_principal: bytes
    gssapi_plaintext: int
    handshake_ivl: int
    socks_proxy: bytes
    xpub_nodrop: int
    blocky: int
    xpub_manual: int
    xpub_welcome_msg: bytes
    stream_notify: int
    invert_matching: int
    heartbeat_ivl: int
    heartbeat_ttl: int
    heartbeat_timeout: int
    xpub_verboser: int
    connect_timeout: int
    tcp_maxrt: int
    thread_safe: int
    multicast_maxtpdu: int
    vmci_buffer_size: int
    vmci_buffer_min_size: int
    vmci_buffer_max_size: int
    vmci_connect_timeout: int
    use_fd: int
    gssapi_principal_nametype: int
    gssapi_service_principal_nametype: int
    bindtodevice: bytes
    zap_enforce_domain: int
    loopback_fastpath: int
    metadata: bytes
    multicast_loop: int
    router_notify: int
    xpub_manual_last_value: int
    socks_username: bytes
    socks_password: bytes
    in_batch_size: int
    out_batch_size: int
    wss_key_pem: bytes
    wss_cert_pem: bytes
    wss_trust_pem: bytes
    wss_hostname: bytes
    wss_trust_system: int
    only_first_subscribe: int
    reconnect_stop: int
    hello_msg: bytes
    disconnect_msg: bytes
    priority: int
    busy_poll: int
    hiccup_msg: bytes
    xsub_verbose_unsubscribe: int
    topics_count: int
    norm_mode: int
    norm_unicast_nack: int
    norm_buffer_size: int
    norm_segment_size: int
    norm_block_size: int
    norm_num_parity: int
    norm_num_autoparity: int
    norm_push: int
    identity: bytes
    connect_rid: bytes
    delay_attach_on_connect: int
    fail_unroutable: int
    router_behavior: int

class _SocketOptionAttributes(_OptionAttributes):
    """Socket options as attributes of a zmq.Socket (``sock.linger``)."""

    # any other name reaching AttributeSetter.__getattr__ reads as an option
    def __getattr__(self, key: str) -> int | bytes: ...

class _ContextOptionAttributes(_OptionAttributes):
    """Context options, and default socket options, as attributes of a zmq.Context."""

    io_threads: int
    max_sockets: int
    socket_limit: int
    thread_priority: int
    thread_sched_policy: int
    max_msgsz: int
    msg_t_size: int
    thread_affinity_cpu_add: int
    thread_affinity_cpu_remove: int
    thread_name_prefix: int
    zero_copy_recv: int
    hwm: int
    subscribe: bytes
    unsubscribe: bytes
    type: int
