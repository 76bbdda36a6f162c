"""Write zmq/constants.pyi, the type stub of zmq/constants.py.

constants.py binds its module-level names (``zmq.PUSH``, ``zmq.LINGER``, ...)
in a loop at import time, which type checkers cannot follow.  The stub spells
every one of them out, along with the enums, so mypy and IDEs see them.

The stub is generated from the runtime module itself (loaded straight from
the source tree; nothing needs to be built), so it cannot drift from it.

Usage::

    python tools/gen_constants_stub.py          # (re)write the stub
    python tools/gen_constants_stub.py --check  # exit 1 if the stub is stale
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from enum import Enum, IntEnum, IntFlag
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "packages" / "pyzmq-core" / "src" / "zmq" / "constants.py"
STUB = SOURCE.with_suffix(".pyi")

# Enums whose values depend on the platform (errno numbers differ between
# Linux, macOS and Windows): their members are written without values so the
# stub is the same everywhere.
PLATFORM_DEPENDENT = frozenset({"Errno"})

HEADER = """\
# Generated from constants.py by tools/gen_constants_stub.py. Do not edit:
# change constants.py and rerun the generator.
#
# Besides the enums and the module-level names (each typed as the literal member it is bound to,
# so that ``sock.get(zmq.LINGER)`` can be typed by the option's kind), the stub declares private
# names that exist only for type checkers (import them under ``if TYPE_CHECKING:``): the socket
# options grouped by the type of their value, and the options as attributes of sockets and
# contexts.
"""

# How an option's value reads in Python, by its _OptType: ints (int, int64 and fd options) or bytes.
_PYTHON_TYPE = {"int": "int", "int64": "int", "fd": "int", "bytes": "bytes"}

# Option names that are not attributes of a zmq.Socket because the Socket itself defines the name
# (methods, and properties with a type of their own).
_SOCKET_NAMES = frozenset({"hwm", "subscribe", "type", "unsubscribe"})


def load_constants(path: Path = SOURCE) -> ModuleType:
    """Import constants.py from the source tree under a private module name."""
    name = "_zmq_constants_for_stub"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


def _base_name(cls: type[Enum]) -> str:
    for base in (IntFlag, IntEnum, Enum):
        if issubclass(cls, base):
            return base.__name__
    raise TypeError(cls)  # unreachable: cls is an Enum


def _value_text(value: object) -> str:
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, int):
        return str(int(value))
    raise TypeError(f"no stub spelling for {value!r}")


def _render_enum(cls: type[Enum]) -> list[str]:
    lines = [f"class {cls.__name__}({_base_name(cls)}):"]
    for attr_name, attr in vars(cls).items():
        if isinstance(attr, property) and attr.fget is not None:
            returns = attr.fget.__annotations__.get("return", "object")
            lines.append("    @property")
            lines.append(f"    def {attr_name}(self) -> {returns}: ...")
    hide_values = cls.__name__ in PLATFORM_DEPENDENT
    for member_name, member in cls.__members__.items():
        value = "..." if hide_values else _value_text(member.value)
        lines.append(f"    {member_name} = {value}")
    return lines


def _all_sort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, each alphabetical (the order linters expect)."""
    group = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return (group, name)


def render(module: ModuleType) -> str:
    """The full text of the stub for the loaded constants module."""
    enums = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, Enum) and obj.__module__ == module.__name__
    ]
    exported: list[str] = list(module.__all__)

    out = [
        HEADER,
        "from enum import Enum, IntEnum, IntFlag",
        "from typing import Final, Literal",
        "",
    ]
    out.append("__all__ = [")
    out.extend(f'    "{name}",' for name in sorted(exported, key=_all_sort_key))
    out.append("]")
    out.append("")
    for cls in enums:
        out.extend(_render_enum(cls))
        out.append("")
    for name in exported:
        obj = getattr(module, name)
        if isinstance(obj, type):
            continue  # an enum class, written out above
        if isinstance(obj, Enum):
            # the member it is bound to (an alias such as IDENTITY is bound to ROUTING_ID)
            value = f"{type(obj).__name__}.{obj.name}"
            line = f"{name}: Final = {value}"
            # wrapped as ruff format wraps it (the stub is kept format-clean)
            out.append(line if len(line) <= 100 else f"{name}: Final = (\n    {value}\n)")
        elif isinstance(obj, int):
            out.append(f"{name}: int")
        else:
            raise TypeError(f"constants.{name} is neither an enum member nor an int")
    out.append("")
    out.extend(_render_option_types(module))
    return "\n".join(out) + "\n"


def _option_kinds(module: ModuleType) -> dict[str, str]:
    """Every SocketOption member name (aliases included) -> the Python type of its value."""
    return {
        name: _PYTHON_TYPE[member._opt_type.value]
        for name, member in module.SocketOption.__members__.items()
    }


def _literal(names: list[str]) -> str:
    members = "".join(f"    SocketOption.{name},\n" for name in names)
    return f"Literal[\n{members}]"


def _render_option_types(module: ModuleType) -> list[str]:
    """The typing-only names: option kinds, and options as attributes."""
    kinds = _option_kinds(module)
    out = ["# --- for type checkers only (not defined at run time)", ""]
    for python_type in ("int", "bytes"):
        names = [name for name, kind in kinds.items() if kind == python_type]
        out.append(f"# socket options whose value is {python_type}")
        out.append(f"_{python_type.capitalize()}SocketOption = {_literal(names)}")
        out.append("")
    # a Socket and a Context (whose attributes set its sockets' defaults) share the option attributes
    out.append("class _OptionAttributes:")
    out.append('    """Options as attributes of Socket and Context (but names Socket defines)."""')
    out.append("")
    for name, kind in kinds.items():
        if name.lower() not in _SOCKET_NAMES:
            out.append(f"    {name.lower()}: {kind}")
    out.append("")
    out.append("class _SocketOptionAttributes(_OptionAttributes):")
    out.append('    """Socket options as attributes of a zmq.Socket (``sock.linger``)."""')
    out.append("")
    out.append("    # any other name reaching AttributeSetter.__getattr__ reads as an option")
    out.append("    def __getattr__(self, key: str) -> int | bytes: ...")
    out.append("")
    out.append("class _ContextOptionAttributes(_OptionAttributes):")
    out.append(
        '    """Context options, and default socket options, as attributes of a zmq.Context."""'
    )
    out.append("")
    for name in module.ContextOption.__members__:
        out.append(f"    {name.lower()}: int")
    for name, kind in kinds.items():
        if name.lower() in _SOCKET_NAMES:
            out.append(f"    {name.lower()}: {kind}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the stub differs from what would be written",
    )
    args = parser.parse_args(argv)

    text = render(load_constants())
    current = STUB.read_text(encoding="utf-8") if STUB.exists() else None
    if args.check:
        if current != text:
            print(
                f"{STUB.relative_to(REPO)} is stale; run: python tools/gen_constants_stub.py",
                file=sys.stderr,
            )
            return 1
        return 0
    if current != text:
        with STUB.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        print(f"wrote {STUB.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
