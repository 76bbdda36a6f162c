"""Options as attributes: ``sock.linger = 0`` sets LINGER, ``ctx.io_threads`` gets IO_THREADS."""

from __future__ import annotations

import errno
import sys

from zmq.error import ZMQError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import time)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


def _declares(klass: type, key: str) -> bool:
    """Whether klass defines or annotates (``custom_attr: int``) the attribute key (an option's
    own class attribute does not count: setting it sets the option)."""
    if key in klass.__dict__:
        return not isinstance(klass.__dict__[key], OptionAttribute)
    # only the class's own annotations (klass.__annotations__ could be a base's on old Pythons)
    annotations = klass.__dict__.get("__annotations__")  # noqa: RUF063  (no typing_extensions dep)
    if annotations is None and "__annotate__" in klass.__dict__:  # Python >= 3.14: made lazily
        try:
            annotations = klass.__annotations__
        except Exception:  # an annotation that cannot be evaluated
            return False
    return isinstance(annotations, dict) and key in annotations


def _public_name(cls: type) -> str:
    """The dotted name a class is best known by: ``zmq.Socket`` for zmq.sugar.socket.Socket.

    Walks up the module path while the parent package exports this very class under its name (so
    ``zmq.green.core.Socket`` is ``zmq.green.Socket``); ``_repr_cls`` on the class itself wins.
    """
    explicit = cls.__dict__.get("_repr_cls")
    if isinstance(explicit, str):
        return explicit
    module = cls.__module__
    while "." in module:
        parent = module.rpartition(".")[0]
        if getattr(sys.modules.get(parent), cls.__name__, None) is not cls:
            break
        module = parent
    return f"{module}.{cls.__name__}"


class OptionAttribute:
    """Reads one option as an attribute (``sock.linger``), set on the class for each option name.

    Class attributes rather than ``__getattr__``: on CPython before 3.12, a class with
    ``__getattr__`` loses the fast path of method calls, and every ``sock.send(...)`` paid for a
    bound-method object (about a third of the cost of sending 64 bytes). A non-data descriptor, so
    that a value in the instance's ``__dict__`` (``sock.type``) still wins; setting goes through
    ``AttributeSetter.__setattr__``.
    """

    __slots__ = ("name", "option")

    def __init__(self, name: str, option: int) -> None:
        self.name = name
        self.option = option

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        if obj is None:
            return self
        return obj._read_attr_opt(self.name, self.option)

    def __repr__(self) -> str:
        return f"<option attribute {self.name}>"


def add_option_attributes(cls: type, options: Mapping[str, int]) -> None:
    """Give cls an :class:`OptionAttribute` for each option, as NAME and as name, but for names
    it (or a base) already has: methods and properties keep their meaning (``subscribe``)."""
    taken = {attr for klass in cls.__mro__ for attr in vars(klass)}
    for name, option in options.items():
        for attr in (name, name.lower()):
            if attr not in taken:
                setattr(cls, attr, OptionAttribute(name, option))


class AttributeSetter:
    """Mixin mapping upper-cased attribute names to options.

    Attributes that exist on the instance or that its class (or a base) defines or annotates are set
    normally; any other name must be an option (``_option_for`` decides which), so a typo raises
    AttributeError instead of silently creating an attribute. Reading is done by the class's
    :class:`OptionAttribute` entries, or by a ``__getattr__`` calling :meth:`_read_attr_opt`.
    """

    def __setattr__(self, key: str, value: Any) -> None:
        # private names are never options: skip the lookup (async sockets set some per message)
        if (
            key[:1] == "_"
            or key in self.__dict__
            or any(_declares(klass, key) for klass in type(self).__mro__)
        ):
            object.__setattr__(self, key, value)
            return
        option = self._option_for(key.upper())
        if option is None:
            raise AttributeError(f"{type(self).__name__} has no such option: {key.upper()}")
        self._set_attr_opt(key.upper(), option, value)

    def _read_attr_opt(self, name: str, option: int) -> Any:
        try:
            return self._get_attr_opt(name, option)
        except ZMQError as e:
            # libzmq refuses to read write-only options (SUBSCRIBE, ...): to Python, such an
            # attribute is not there (so hasattr(), getattr(obj, name, default) and mocks work)
            if e.errno in (errno.EINVAL, errno.EFAULT):
                raise AttributeError(f"{name} is a write-only option") from e
            raise

    def _option_for(self, name: str) -> int | None:
        raise NotImplementedError

    def _set_attr_opt(self, name: str, option: int, value: Any) -> None:
        raise NotImplementedError

    def _get_attr_opt(self, name: str, option: int) -> Any:
        raise NotImplementedError


__all__ = ["AttributeSetter", "OptionAttribute", "add_option_attributes"]
