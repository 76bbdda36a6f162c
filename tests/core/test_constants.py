"""zmq's constants: the values libzmq's zmq.h defines, and the names users use."""

from __future__ import annotations

import enum
import errno
import importlib.util
import re
import shutil
import subprocess
import sys
from enum import Enum, IntEnum, IntFlag
from pathlib import Path
from types import ModuleType
from typing import Callable

import pytest

import zmq
from zmq import constants

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "tools" / "gen_constants_stub.py"

# zmq.h names deliberately not in zmq.constants, each with the reason.
ABSENT = {
    "VERSION_MAJOR": "the linked version comes from the backend (zmq_version_info)",
    "VERSION_MINOR": "the linked version comes from the backend (zmq_version_info)",
    "VERSION_PATCH": "the linked version comes from the backend (zmq_version_info)",
    "HAUSNUMERO": "the errno base, kept private as constants._HAUSNUMERO",
    "DEFINED_STDINT": "C header bookkeeping",
    "HAS_CAPABILITIES": "C feature-test macro; zmq.has() answers at run time",
    "CURRENT_EVENT_VERSION": "only for zmq_socket_monitor_versioned, not wrapped",
    "CURRENT_EVENT_VERSION_DRAFT": "only for zmq_socket_monitor_versioned, not wrapped",
}

# name: (value in an older zmq.h, the value zmq uses)
RENUMBERED = {
    # a draft bit flag that libzmq 4.3.4 numbered 3 (= 1|2); 4.3.5 fixed it
    "RECONNECT_STOP_AFTER_DISCONNECT": (3, 4),
}

_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+([^\n]+)$", re.MULTILINE)
_NAME = re.compile(r"\b[A-Za-z_]\w*\b")


def _find_header() -> Path | None:
    candidates = []
    if shutil.which("pkg-config"):
        found = subprocess.run(
            ["pkg-config", "--variable=includedir", "libzmq"],
            capture_output=True,
            text=True,
            check=False,
        )
        if found.returncode == 0 and found.stdout.strip():
            candidates.append(Path(found.stdout.strip()))
    candidates += [Path("/usr/include"), Path("/usr/local/include")]
    for directory in candidates:
        if (directory / "zmq.h").is_file():
            return directory / "zmq.h"
    return None


def _evaluate(expr: str, known: dict[str, int]) -> int | None:
    """The value of a define made of integers, names in ``known``, + and |."""
    try:
        result = 0
        for alternative in expr.replace("(", " ").replace(")", " ").split("|"):
            total = 0
            for term in alternative.split("+"):
                term = term.strip()
                total += known[term] if _NAME.fullmatch(term) else int(term, 0)
            result |= total
    except (KeyError, ValueError):
        return None
    return result


def _parse_header(text: str) -> dict[str, int]:
    """Every ``#define NAME <integer expression>`` in zmq.h, by name.

    Expressions may combine integer literals and names defined earlier in the
    file with ``+`` and ``|``; any other define is skipped.
    """
    values: dict[str, int] = {}
    for name, raw in _DEFINE.findall(text):
        value = _evaluate(re.sub(r"/\*.*?\*/|//.*", "", raw).strip(), values)
        if value is not None:
            values[name] = value
    return values


@pytest.fixture(scope="module")
def header() -> dict[str, int]:
    path = _find_header()
    if path is None:
        pytest.skip("zmq.h not found")
    return _parse_header(path.read_text(encoding="utf-8", errors="replace"))


@pytest.fixture(scope="module")
def zmq_names(header: dict[str, int]) -> dict[str, int]:
    """zmq.h's ZMQ_* integer constants, without the prefix."""
    return {name[4:]: value for name, value in header.items() if name.startswith("ZMQ_")}


def test_values_match_header(zmq_names: dict[str, int]) -> None:
    wrong = {}
    for name, value in zmq_names.items():
        if not hasattr(constants, name):
            continue
        old, new = RENUMBERED.get(name, (None, None))
        expected = new if value == old else value
        if getattr(constants, name) != expected:
            wrong[name] = (getattr(constants, name), expected)
    assert not wrong, f"(ours, zmq.h): {wrong}"


def test_every_header_constant_is_defined(zmq_names: dict[str, int]) -> None:
    missing = sorted(set(zmq_names) - set(ABSENT) - set(constants.__all__))
    assert not missing


def test_errno_values(header: dict[str, int]) -> None:
    if sys.platform == "win32":
        pytest.skip("zmq.h takes these from the C runtime, not from Python's errno")
    base = header["ZMQ_HAUSNUMERO"]
    own_codes = {
        name: value - base
        for name, value in header.items()
        if name.startswith("E") and base < value < base + 100
    }
    assert {"ENOTSUP", "EFSM", "ETERM", "EMTHREAD"} <= set(own_codes)
    for name, offset in own_codes.items():
        assert zmq.Errno[name] == getattr(errno, name, base + offset), name
    for name in ("EAGAIN", "EINVAL", "EFAULT", "ENOMEM", "ENODEV", "EINTR"):
        assert zmq.Errno[name] == getattr(errno, name)


@pytest.mark.parametrize(
    ("alias", "member"),
    [
        ("PUSH", zmq.SocketType.PUSH),
        ("RADIO", zmq.SocketType.RADIO),
        ("LINGER", zmq.SocketOption.LINGER),
        ("HWM", zmq.SocketOption.HWM),
        ("IPV6", zmq.SocketOption.IPV6),
        ("IO_THREADS", zmq.ContextOption.IO_THREADS),
        ("SHARED", zmq.MessageOption.SHARED),
        ("SNDMORE", zmq.Flag.SNDMORE),
        ("POLLIN", zmq.PollEvent.POLLIN),
        ("EVENT_CONNECTED", zmq.Event.CONNECTED),
        ("EVENT_ALL", zmq.Event.ALL),
        ("PROTOCOL_ERROR_ZAP_BAD_VERSION", zmq.Event.PROTOCOL_ERROR_ZAP_BAD_VERSION),
        ("CURVE", zmq.SecurityMechanism.CURVE),
        ("QUEUE", zmq.DeviceType.QUEUE),
        ("NORM_CCL", zmq.NormMode.CCL),
        ("RECONNECT_STOP_CONN_REFUSED", zmq.ReconnectStop.CONN_REFUSED),
        ("NOTIFY_DISCONNECT", zmq.RouterNotify.DISCONNECT),
        ("EAGAIN", zmq.Errno.EAGAIN),
        ("ETERM", zmq.Errno.ETERM),
    ],
)
def test_module_level_alias_is_the_enum_member(alias: str, member: Enum) -> None:
    assert getattr(zmq, alias) is member
    assert getattr(constants, alias) is member


def test_all_exports_enums_and_their_members() -> None:
    assert len(constants.__all__) == len(set(constants.__all__))
    exported = [getattr(zmq, name) for name in constants.__all__]
    enums = [obj for obj in exported if isinstance(obj, type)]
    assert all(issubclass(cls, (IntEnum, IntFlag)) for cls in enums)
    assert all(isinstance(obj, int) for obj in exported if obj not in enums)
    for cls in enums:
        for member in cls.__members__.values():
            assert any(obj is member for obj in exported), member
    defaults = ("IO_THREADS_DFLT", "MAX_SOCKETS_DFLT", "POLLITEMS_DFLT")
    assert [getattr(zmq, name) for name in defaults] == [1, 1023, 16]


@pytest.mark.parametrize(
    ("option", "kind"),
    [
        ("LINGER", "int"),
        ("HWM", "int"),
        ("RCVMORE", "int"),
        ("AFFINITY", "int64"),
        ("MAXMSGSIZE", "int64"),
        ("VMCI_BUFFER_MAX_SIZE", "int64"),
        ("ROUTING_ID", "bytes"),
        ("SUBSCRIBE", "bytes"),
        ("LAST_ENDPOINT", "bytes"),
        ("CURVE_SERVERKEY", "bytes"),
        ("TCP_ACCEPT_FILTER", "bytes"),
        ("SOCKS_PASSWORD", "bytes"),
        ("METADATA", "bytes"),
        ("FD", "fd"),
    ],
)
def test_socket_option_value_type(option: str, kind: str) -> None:
    assert zmq.SocketOption[option]._opt_type.name == kind


def test_deprecated_aliases() -> None:
    assert zmq.XREQ is zmq.DEALER
    assert zmq.XREP is zmq.ROUTER
    assert zmq.UPSTREAM is zmq.PULL
    assert zmq.DOWNSTREAM is zmq.PUSH
    assert zmq.NOBLOCK is zmq.DONTWAIT
    assert zmq.IDENTITY is zmq.ROUTING_ID
    assert zmq.CONNECT_RID is zmq.CONNECT_ROUTING_ID
    assert zmq.DELAY_ATTACH_ON_CONNECT is zmq.IMMEDIATE
    assert zmq.FAIL_UNROUTABLE is zmq.ROUTER_BEHAVIOR is zmq.ROUTER_MANDATORY


@pytest.mark.parametrize("name", list(zmq.Event.__members__))
def test_event_repr_shows_the_name_it_was_looked_up_by(name: str) -> None:
    assert name in repr(zmq.Event[name])


def test_all_v1_is_the_canonical_name_of_all_events() -> None:
    assert zmq.Event.ALL is zmq.Event.ALL_V1 is zmq.EVENT_ALL is zmq.EVENT_ALL_V1
    assert zmq.Event(0xFFFF).name == "ALL_V1"


def test_bit_flags_combine_and_name_themselves() -> None:
    both = zmq.POLLIN | zmq.POLLOUT
    assert both == 3
    assert isinstance(both, zmq.PollEvent)
    assert zmq.Event(zmq.EVENT_CLOSED) is zmq.Event.CLOSED
    assert zmq.Event(0x20000002) is zmq.Event.PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID
    assert zmq.EVENT_ALL_V2 == zmq.EVENT_ALL | zmq.EVENT_PIPES_STATS
    assert zmq.SocketType(1) is zmq.PUB
    assert repr(zmq.SocketOption(17)) == "<SocketOption.LINGER: 17>"


def test_stub_is_fresh() -> None:
    if not GENERATOR.is_file():
        pytest.skip("not running from a source checkout")
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _load_constants_afresh() -> ModuleType:
    """A second copy of zmq/constants.py, executed now (under the enum module as it is now)."""
    spec = importlib.util.spec_from_file_location("_zmq_constants_afresh", constants.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quickly_built_enums_equal_ordinary_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    # constants.py builds its enums with enum._simple_enum where Python has it: each one must be
    # the enum a `class X(IntEnum)` statement gives, by the standard library's own comparison
    simple_enum = getattr(enum, "_simple_enum", None)
    if simple_enum is None:
        pytest.skip("this Python has no enum._simple_enum: every enum is built the ordinary way")
    pairs: list[tuple[type[Enum], type[Enum]]] = []

    def recording(etype: type[Enum]) -> Callable[[type], type[Enum]]:
        def convert(cls: type) -> type[Enum]:
            quick = simple_enum(etype)(cls)
            pairs.append((constants._ordinary_enum(etype, cls), quick))
            return quick

        return convert

    monkeypatch.setattr(enum, "_simple_enum", recording)
    fresh = _load_constants_afresh()
    assert {quick.__name__ for _, quick in pairs} == {c.__name__ for c in constants._EXPORTED_ENUMS}
    for ordinary, quick in pairs:
        enum._test_simple_enum(ordinary, quick)  # raises TypeError, listing any difference
    assert fresh.SocketOption.IDENTITY is fresh.SocketOption.ROUTING_ID


def test_enums_without_simple_enum(monkeypatch: pytest.MonkeyPatch) -> None:
    # Python < 3.11 has no enum._simple_enum: the same module must give the same names and values
    monkeypatch.delattr(enum, "_simple_enum", raising=False)
    fresh = _load_constants_afresh()
    assert fresh.__all__ == constants.__all__
    for name in constants.__all__:
        ours, theirs = getattr(fresh, name), getattr(constants, name)
        if isinstance(ours, type):
            assert type(ours) is type(theirs) and ours.__bases__ == theirs.__bases__
            assert list(ours.__members__) == list(theirs.__members__)
            assert [m.value for m in ours] == [m.value for m in theirs]
        else:
            assert (type(ours).__name__, ours) == (type(theirs).__name__, theirs), name
    assert fresh.SocketOption.IDENTITY is fresh.SocketOption.ROUTING_ID
    assert fresh.SocketOption.CONNECT_RID._opt_type is fresh._OptType.bytes
