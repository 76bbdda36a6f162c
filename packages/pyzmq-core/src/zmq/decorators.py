"""Decorators that hand a function a Context or Socket and clean it up when the function returns.

Like ``with zmq.Context() as ctx:`` / ``with ctx.socket(...) as s:``, in decorator form::

    @context()
    @socket(zmq.PUSH)
    def work(ctx, push):
        ...

Without ``name=`` the object is appended to the positional arguments of the call; with
``name='x'`` it is passed as keyword argument ``x`` (passing ``x`` yourself is then an error). A
leading str positional argument is taken as the name too: ``@socket('push', zmq.PUSH)``.

The socket is made from the context found, in order, in the keyword argument named by
``context_name`` (default ``'context'``), among the positional arguments, or else
``zmq.Context.instance()``. Sockets are closed and contexts destroyed on return or exception.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Protocol, TypeVar

import zmq

__all__ = ["context", "socket"]

_R = TypeVar("_R")


class _Decorator(Protocol):
    """What context()/socket() return: keeps the return type, drops the parameters.

    The injected argument disappears from the call signature, so the wrapper takes ``...``
    (keeping the original signature would make type checkers demand it from callers).
    """

    def __call__(self, func: Callable[..., _R], /) -> Callable[..., _R]: ...


def _split_name(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[str | None, tuple[Any, ...]]:
    name = kwargs.pop("name", None)
    if args and isinstance(args[0], str):
        if name is not None:
            raise TypeError("name given both positionally and as name=")
        name, args = args[0], args[1:]
    return name, args


def _inject(
    func: Callable[..., Any],
    name: str | None,
    obj: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    if name is None:
        return func(*args, obj, **kwargs)
    if name in kwargs:
        raise TypeError(f"{func.__name__}() got multiple values for argument {name!r}")
    return func(*args, **{**kwargs, name: obj})


def context(*args: Any, **kwargs: Any) -> _Decorator:
    """Decorator giving the function a new Context, destroyed when it returns.

    Parameters
    ----------
    name : str, optional
        Pass the Context as this keyword argument instead of appending it to the positional ones.
    *args, **kwargs
        The rest go to ``zmq.Context(...)`` (e.g. ``io_threads``).
    """
    name, ctx_args = _split_name(args, kwargs)
    ctx_kwargs = dict(kwargs)

    def decorate(func: Callable[..., _R]) -> Callable[..., _R]:
        @functools.wraps(func)
        def wrapper(*call_args: Any, **call_kwargs: Any) -> _R:
            with zmq.Context(*ctx_args, **ctx_kwargs) as ctx:
                return _inject(func, name, ctx, call_args, call_kwargs)

        return wrapper

    return decorate


def _find_context(context_name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> zmq.Context:
    ctx = kwargs.get(context_name)
    if isinstance(ctx, zmq.Context):
        return ctx
    for arg in args:
        if isinstance(arg, zmq.Context):
            return arg
    return zmq.Context.instance()


def socket(*args: Any, **kwargs: Any) -> _Decorator:
    """Decorator giving the function a new Socket, closed when it returns.

    Parameters
    ----------
    name : str, optional
        Pass the Socket as this keyword argument instead of appending it to the positional ones.
    context_name : str, optional
        The keyword argument that may hold the Context to create the socket from
        (default ``'context'``); otherwise a Context among the positional arguments, else
        ``zmq.Context.instance()``.
    *args, **kwargs
        The rest go to ``ctx.socket(...)``: the socket type, and e.g. ``socket_class``.
    """
    context_name = kwargs.pop("context_name", "context")
    name, sock_args = _split_name(args, kwargs)
    sock_kwargs = dict(kwargs)

    def decorate(func: Callable[..., _R]) -> Callable[..., _R]:
        @functools.wraps(func)
        def wrapper(*call_args: Any, **call_kwargs: Any) -> _R:
            ctx = _find_context(context_name, call_args, call_kwargs)
            with ctx.socket(*sock_args, **sock_kwargs) as sock:
                return _inject(func, name, sock, call_args, call_kwargs)

        return wrapper

    return decorate
