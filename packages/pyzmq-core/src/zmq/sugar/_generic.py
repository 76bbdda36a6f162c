"""``Generic``, ``TypeVar`` and ``overload`` without importing :mod:`typing` at run time.

``import zmq`` does not import typing (with what it pulls in, a third of the import time). Type
checkers see typing's own names here; at run time small stand-ins do: a generic class is
subscriptable (``zmq.Socket[bytes]``, and subclassable as ``zmq.Socket[T]``) the way builtin
generics are, through :class:`types.GenericAlias`. (Ruff knows this module: ``typing-modules``.)
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generic, TypeVar, overload
else:
    from types import GenericAlias

    class Generic:
        """Subclasses can be subscripted: ``Cls[X]`` is ``GenericAlias(Cls, X)``."""

        __slots__ = ()

        def __class_getitem__(cls, params):
            if cls is Generic:  # in a class statement's bases, ``Generic[T]`` makes it generic
                return Generic
            return GenericAlias(cls, params)

    def TypeVar(name, *constraints, **options):
        """A placeholder for ``Generic[...]``: no run-time code looks at type variables here."""
        return name

    def overload(func):
        """The overloads are for type checkers; the definition that follows replaces them."""
        return func


__all__ = ["Generic", "TypeVar", "overload"]
